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
package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated code is read in target/generated-sources, so it keeps to 100 columns as the project's
 * own code does: the companions of the fuzzer's programs (every kind: scalars, arrays, tensors,
 * array shapes, with long expressions and long argument lists), code and javadoc alike. {@code
 * -Dadjoint.lines.count=N} compiles N programs of each kind (4 unless set).
 */
class GeneratedLineLengthTest {
  private static final int WIDTH = 100;

  @Test
  void companionsOfTheFuzzersProgramsKeepTo100Columns() throws IOException {
    int count = Integer.getInteger("adjoint.lines.count", 4);
    long seed = GradientFuzzTest.DEFAULT_SEED;
    List<ProgramGenerator.Program> programs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      programs.add(ProgramGenerator.program(seed, i));
      programs.add(ProgramGenerator.arrayProgram(seed, i));
      programs.add(ProgramGenerator.tensorProgram(seed, i));
      programs.add(ProgramGenerator.shapeProgram(seed, i));
    }
    List<JavaFileObject> files = new ArrayList<>();
    files.add(
        JavaFileObjects.forSourceString(
            "dev.adjoint.processor.fuzz.FuzzDetach", FuzzCompiler.detachStub()));
    for (ProgramGenerator.Program p : programs) {
      files.add(JavaFileObjects.forSourceString(p.qualifiedName(), p.source()));
    }
    Compilation compilation = FuzzCompiler.javac(true).compile(files);
    assertEquals(
        Compilation.Status.SUCCESS, compilation.status(), () -> FuzzCompiler.describe(compilation));
    int lines = 0;
    int companions = 0;
    StringBuilder tooLong = new StringBuilder();
    int over = 0;
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      companions++;
      String[] text = file.getCharContent(true).toString().split("\n", -1);
      lines += text.length;
      for (int i = 0; i < text.length; i++) {
        if (text[i].length() > WIDTH) {
          over++;
          if (over <= 20) {
            tooLong
                .append(file.getName())
                .append(':')
                .append(i + 1)
                .append(" (")
                .append(text[i].length())
                .append(")\n")
                .append(text[i])
                .append('\n');
          }
        }
      }
    }
    System.out.println(
        "generated line length: "
            + companions
            + " companions, "
            + lines
            + " lines, "
            + over
            + " over "
            + WIDTH
            + " columns");
    int total = over;
    assertTrue(companions >= programs.size(), "one companion per program");
    assertEquals(0, total, () -> total + " lines over " + WIDTH + " columns, such as\n" + tooLong);
  }
}
