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
import org.junit.jupiter.api.Test;

/**
 * The generated companions of a few methods, compared character for character with reviewed golden
 * sources: what a user reads in target/generated-sources, javadoc and comments included. A change
 * to the emitter that alters them must update the goldens on purpose (their gradients are checked
 * numerically in the corpus tests). To regenerate them, then review the diff:
 *
 * <pre>
 * mvn -B -q -pl processor -am verify -Dtest=GoldenSourceTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dadjoint.golden.update=true
 * git diff processor/src/test/resources/golden
 * </pre>
 *
 * <p>(see {@link GoldenFile}; a failure shows a unified diff against the golden file).
 */
class GoldenSourceTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/expected");

  private static void assertGenerates(String input, String companion) throws IOException {
    Compilation compilation =
        javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forResource("golden/" + input + ".java"));
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        compilation
            .generatedSourceFile("golden." + companion)
            .orElseThrow()
            .getCharContent(true)
            .toString();
    GoldenFile.assertMatches(
        "the generated golden." + companion, generated, GOLDEN.resolve(companion + ".java"));
  }

  @Test
  void straightLineCodeBecomesAWengertListAndItsAdjoint() throws IOException {
    assertGenerates("Survey", "SurveyAdjoint");
  }

  /** Order 2: the forward mode of the pullback, with a Hessian-vector product and a Hessian. */
  @Test
  void secondOrderAddsForwardOverReverse() throws IOException {
    assertGenerates("SurveyHessian", "SurveyHessianAdjoint");
  }

  @Test
  void loopsRecordTripCountsAndTapeOverwrittenValues() throws IOException {
    assertGenerates("Doubling", "DoublingAdjoint");
  }

  /**
   * A vector-valued method whose reverse sweep reads no tape: its Jacobian runs the forward sweep
   * once and the reverse sweep once per output, seeded with that row's unit vector.
   */
  @Test
  void aJacobiansRowsShareOneForwardSweep() throws IOException {
    assertGenerates("Pinhole", "PinholeAdjoint");
  }

  /** Tensors: pullbacks with tensor adjoints, and forward mode through the tangent rules. */
  @Test
  void tensorsGoThroughTheirPullbacksAndTangentRules() throws IOException {
    assertGenerates("Perceptron", "PerceptronAdjoint");
  }

  /**
   * A layer (a method returning a Tensor): its pullback with a Tensor seed and its split sweeps,
   * which the loss runs apart in a loop.
   */
  @Test
  void layersHaveATensorSeedAndSplitSweeps() throws IOException {
    assertGenerates("Layered", "LayeredAdjoint");
  }

  /**
   * Records: the user-facing forms take and return the record, the others its leaves; a call passes
   * the record leaf by leaf and rebuilds it only where it runs the method itself.
   */
  @Test
  void recordsAreTheirLeavesInsideAndRecordsOutside() throws IOException {
    assertGenerates("LogisticModel", "LogisticModelAdjoint");
  }

  /**
   * A sum over examples through a helper: each iteration preaccumulated ({@code lossIteration}),
   * and the loop run in chunks ({@code lossLoop}, {@code lossChunk}), on several threads when
   * asked.
   */
  @Test
  void aSumOverExamplesRunsInChunks() throws IOException {
    assertGenerates("Fit", "FitAdjoint");
  }

  /** Users who compile with every lint as an error must not be stopped by generated code. */
  @Test
  void generatedCodeCompilesWithEveryLintAsAnError() {
    Compilation compilation =
        javac()
            .withProcessors(new AdjointProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(
                JavaFileObjects.forResource("golden/Survey.java"),
                JavaFileObjects.forResource("golden/Doubling.java"),
                JavaFileObjects.forResource("golden/SurveyHessian.java"),
                JavaFileObjects.forResource("golden/Perceptron.java"),
                JavaFileObjects.forResource("golden/Layered.java"),
                JavaFileObjects.forResource("golden/LogisticModel.java"),
                JavaFileObjects.forResource("golden/Pinhole.java"),
                JavaFileObjects.forResource("golden/Fit.java"),
                JavaFileObjects.forSourceString(
                    "golden.Arrays",
                    """
                    package golden;

                    import dev.adjoint.Adjoint;
                    import dev.adjoint.Differentiable;

                    class Arrays {
                      @Differentiable
                      static double rnn(double[][] w, double[] xs, int steps) {
                        double[] h = new double[w.length];
                        for (int t = 0; t < steps; t++) {
                          double[] next = new double[h.length];
                          for (int i = 0; i < h.length; i++) {
                            double a = xs[t];
                            for (int j = 0; j < h.length; j++) {
                              a += w[i][j] * h[j];
                            }
                            next[i] = Math.tanh(a);
                          }
                          h = next;
                        }
                        double s = h.length;
                        return s + Adjoint.detach(h[0]) * h[0] + Survey.f(h[0] + 2, 1);
                      }

                      @Differentiable
                      static double[] softmax(double[] x) {
                        double[] e = new double[x.length];
                        double total = 0;
                        for (int i = 0; i < x.length; i++) {
                          e[i] = Math.exp(x[i]);
                          total += e[i];
                        }
                        for (int i = 0; i < x.length; i++) {
                          e[i] = e[i] / total;
                        }
                        return e;
                      }

                      @Differentiable(order = 2)
                      static double energy(double[] x, double k) {
                        double s = 0;
                        for (int i = 0; i + 1 < x.length; i++) {
                          double d = x[i + 1] - x[i];
                          s += k * d * d + Math.cos(x[i]);
                        }
                        return s + SurveyHessian.f(x[0] * x[0] + 1, k);
                      }
                    }
                    """));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
