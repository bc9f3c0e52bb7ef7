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

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A user build with {@code -Xlint:all -Werror} must not fail because of Adjoint: neither through
 * its annotations (each one the processor reads must be claimed, or javac's {@code processing} lint
 * warns) nor through generated code that refers to the places the README documents for custom
 * derivatives.
 */
class LintTest {
  private static final JavaFileObject LIBRARY =
      JavaFileObjects.forSourceString(
          "p.Library",
          """
          package p;

          public final class Library {
            private Library() {}

            public static double softplus(double x) {
              return Math.log1p(Math.exp(x));
            }
          }
          """);

  private static final JavaFileObject RULES =
      JavaFileObjects.forSourceString(
          "q.Rules",
          """
          package q;

          import dev.adjoint.PullbackOf;
          import dev.adjoint.TangentOf;
          import p.Library;

          public final class Rules {
            private Rules() {}

            @PullbackOf(type = Library.class, method = "softplus", wrt = "x")
            public static double softplus(double x, double seed) {
              return seed / (1 + Math.exp(-x));
            }

            @TangentOf(type = Library.class, method = "softplus")
            public static double softplus(double x, double result, double xDot) {
              return xDot / (1 + Math.exp(-x));
            }
          }
          """);

  private static Compilation compileWithEveryLintAsAnError(JavaFileObject... sources) {
    return javac()
        .withProcessors(new AdjointProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(sources);
  }

  @Test
  void useDerivativesIsClaimed() {
    Compilation compilation =
        compileWithEveryLintAsAnError(
            LIBRARY,
            RULES,
            JavaFileObjects.forSourceString(
                "p.Model",
                """
                package p;

                import dev.adjoint.Differentiable;
                import dev.adjoint.UseDerivatives;

                @UseDerivatives(q.Rules.class)
                class Model {
                  @Differentiable
                  static double f(double x) {
                    return Library.softplus(x) * x;
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.ModelAdjoint");
  }

  /** A model whose derivatives live in a class with no file of its own. */
  private static final JavaFileObject MODEL_WITH_AUXILIARY_RULES =
      JavaFileObjects.forSourceString(
          "p.Model",
          """
          package p;

          import dev.adjoint.Differentiable;
          import dev.adjoint.PullbackOf;
          import dev.adjoint.TangentOf;

          class Model {
            @Differentiable
            static double f(double x) {
              return Library.softplus(x) * x + ModelHelpers.SCALE * x;
            }
          }

          final class ModelHelpers {
            static final double SCALE = 2;

            private ModelHelpers() {}

            @PullbackOf(type = Library.class, method = "softplus", wrt = "x")
            static double softplus(double x, double seed) {
              return seed * sigmoid(x);
            }

            @TangentOf(type = Library.class, method = "softplus")
            static double softplus(double x, double result, double xDot) {
              return xDot * sigmoid(x);
            }

            static double sigmoid(double x) {
              return 1 / (1 + Math.exp(-x));
            }
          }
          """);

  /**
   * The README's "Custom derivatives" lets declarations sit in the source file of the
   * {@code @Differentiable} method, so in a second top-level class of it; generated code that calls
   * them from another file would trip {@code -Xlint:auxiliaryclass}.
   */
  @Test
  void derivativesInASecondTopLevelClassOfTheModelsFile() throws IOException {
    Compilation compilation = compileWithEveryLintAsAnError(LIBRARY, MODEL_WITH_AUXILIARY_RULES);
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        compilation
            .generatedSourceFile("p.ModelAdjoint")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertThat(generated).contains("ModelHelpers.softplus(");
    assertThat(generated).contains("@SuppressWarnings(\"auxiliaryclass\")");
  }

  /**
   * A library function and its derivatives in a second top-level class of the model's file (the
   * original's class is a place for them): the companion calls both the function, in its forward
   * sweep, and its pullback and tangent rule.
   */
  @Test
  void aFunctionAndItsDerivativesInASecondTopLevelClass() throws IOException {
    Compilation compilation =
        compileWithEveryLintAsAnError(
            JavaFileObjects.forSourceString(
                "p.Model",
                """
                package p;

                import dev.adjoint.Differentiable;
                import dev.adjoint.PullbackOf;
                import dev.adjoint.TangentOf;

                class Model {
                  @Differentiable
                  static double f(double x) {
                    return Helpers.cube(x) + x;
                  }
                }

                final class Helpers {
                  private Helpers() {}

                  static double cube(double x) {
                    return x * x * x;
                  }

                  @PullbackOf(type = Helpers.class, method = "cube", wrt = "x")
                  static double cube(double x, double seed) {
                    return seed * 3 * x * x;
                  }

                  @TangentOf(type = Helpers.class, method = "cube")
                  static double cube(double x, double result, double xDot) {
                    return xDot * 3 * x * x;
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        compilation
            .generatedSourceFile("p.ModelAdjoint")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertThat(generated).contains("Helpers.cube(x)");
    assertThat(generated).contains("@SuppressWarnings(\"auxiliaryclass\")");
  }

  /**
   * Companions that call only the JDK and the runtime say nothing about auxiliary classes (one that
   * calls a user class carries the suppression whether that class is auxiliary or not, so that an
   * incremental build, which reads it from a class file, generates the same).
   */
  @Test
  void noSuppressionWithoutAuxiliaryClasses() throws IOException {
    Compilation compilation =
        compileWithEveryLintAsAnError(
            JavaFileObjects.forSourceString(
                "p.Model",
                """
                package p;

                import dev.adjoint.Differentiable;

                class Model {
                  @Differentiable
                  static double f(double x) {
                    return Math.sin(x) * x;
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(
            compilation
                .generatedSourceFile("p.ModelAdjoint")
                .orElseThrow()
                .getCharContent(true)
                .toString())
        .doesNotContain("SuppressWarnings");
  }
}
