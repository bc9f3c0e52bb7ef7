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
package dev.adjoint.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.golden.GoldenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each helper of {@link ModelCompiler} passes where it should and fails where it should. */
class ModelCompilerTest {
  private static final JavaFileObject CONSTANT =
      ModelCompiler.source(
          """
      package p;

      import dev.adjoint.Differentiable;

      class Constant {
        @Differentiable
        static double f(double x) {
          return 2.0;
        }
      }
      """);

  private static final JavaFileObject SQUARE =
      ModelCompiler.source(
          """
      package p;

      import dev.adjoint.Differentiable;

      class Square {
        @Differentiable
        static double f(double x) {
          return x * x;
        }
      }
      """);

  @Test
  void aWarningFailsAssertCompiles() {
    AssertionError e =
        assertThrows(AssertionError.class, () -> ModelCompiler.assertCompiles(CONSTANT));
    assertTrue(e.getMessage().contains("does not depend on x"), e.getMessage());
  }

  @Test
  void assertFailsChecksTheLineAndTheMessage() {
    JavaFileObject bad =
        ModelCompiler.source(
            """
        package p;

        import dev.adjoint.Differentiable;

        class Bad {
          @Differentiable
          static double f(double x) {
            return x % 2.0;
          }
        }
        """);
    ModelCompiler.assertFails(bad, 8, "% is supported on int and long values only");
    assertThrows(AssertionError.class, () -> ModelCompiler.assertFails(bad, 7, "%"));
    assertThrows(AssertionError.class, () -> ModelCompiler.assertFails(bad, 8, "no such words"));
    assertThrows(AssertionError.class, () -> ModelCompiler.assertFails(SQUARE, 8, "x"));
  }

  @Test
  void aCompanionThatDiffersFromItsGoldenFileFailsWithADiff(@TempDir Path dir) throws IOException {
    // Compared, even in a run that updates the module's golden files.
    String update = System.clearProperty(GoldenFile.UPDATE_PROPERTY);
    try {
      companionAgainstGoldenFiles(dir);
    } finally {
      if (update != null) {
        System.setProperty(GoldenFile.UPDATE_PROPERTY, update);
      }
    }
  }

  private static void companionAgainstGoldenFiles(Path dir) throws IOException {
    Compilation compilation = ModelCompiler.assertCompiles(SQUARE);
    String companion = ModelCompiler.companion(compilation, "p.SquareAdjoint");
    Path golden = dir.resolve("SquareAdjoint.java");
    Files.writeString(golden, companion);
    ModelCompiler.assertCompanion(compilation, "p.SquareAdjoint", golden);

    Files.writeString(golden, companion.replace("Allocates nothing", "Allocates a lot"));
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> ModelCompiler.assertCompanion(compilation, "p.SquareAdjoint", golden));
    assertTrue(
        e.getMessage().contains("\n-   * <p>Allocates a lot")
            && e.getMessage().contains("\n+   * <p>Allocates nothing"),
        e.getMessage());
  }

  @Test
  void sourceOfFindsTheFileOfAClass() {
    JavaFileObject survey = ModelCompiler.sourceOf(demo.Survey.class);
    assertTrue(survey.getName().endsWith("demo/Survey.java"), survey.getName());
    assertThrows(IllegalArgumentException.class, () -> ModelCompiler.sourceOf(String.class));
  }
}
