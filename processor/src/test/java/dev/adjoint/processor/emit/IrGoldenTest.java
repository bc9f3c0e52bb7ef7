/*
 * Copyright 2026 The Adjoint Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file
 * except in compliance with the License. You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the
 * License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
 * either express or implied. See the License for the specific language governing permissions
 * and limitations under the License.
 */
package dev.adjoint.processor.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.golden.GoldenFile;
import java.io.IOException;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The IR of a few small methods (golden/Lowering.java), as {@link
 * dev.adjoint.processor.ir.IrPrinter} prints it, compared exactly with reviewed goldens in
 * golden/expected/ir: the lowered function, the pullback's forward and reverse sweeps, the forward
 * mode, and for order 2 the forward mode of the pullback (the processor writes them when given
 * {@code -Aadjoint.printIr}).
 *
 * <p>A change to the lowering or a transform that alters them must update the goldens on purpose.
 * To regenerate them all, then review the diff:
 *
 * <pre>
 * mvn -B -q -pl processor -am verify -Dtest=IrGoldenTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dadjoint.golden.update=true
 * </pre>
 *
 * <p>(see {@link GoldenFile}; a failure shows a unified diff against the golden file).
 */
class IrGoldenTest {
  private static final Path SOURCES = Path.of("src/test/resources/golden/expected/ir");

  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation =
        javac()
            .withProcessors(new AdjointProcessor())
            .withOptions("-Aadjoint.printIr")
            .compile(JavaFileObjects.forResource("golden/Lowering.java"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "scalar",
        "loopWithBreak",
        "rows",
        "caller",
        "conditional",
        "secondOrder",
        "forEachRows",
        "switchCases"
      })
  void irMatchesItsGolden(String method) throws IOException {
    String name = "Lowering." + method + ".ir";
    JavaFileObject file =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, "golden", name)
            .orElseThrow(() -> new AssertionError("no " + name + " was written"));
    String actual = file.getCharContent(true).toString();
    GoldenFile.assertMatches("the IR " + name, actual, SOURCES.resolve(name));
  }
}
