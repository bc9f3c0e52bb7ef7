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
package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.RealisticModelsTest.normal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adjoint initialisation ({@code transform/ZeroAdjoints}): where an adjoint is known to be zero,
 * its first contribution is an assignment, and a reset nothing reads goes. The models are the
 * analysis's hard cases, written as users write them: adjoints carried from one reverse iteration
 * to the next (an RNN's state and weights, a running sum), set on one side of a branch, read by two
 * loops in turn, a do-while body (reversed twice), a Jacobian whose rows share a forward sweep, a
 * Hessian (forward mode over the rewritten sweep), and a preaccumulated regression with a scalar
 * parameter. Every model is checked against central finite differences and forward mode ({@link
 * AdjointCheck}: default tolerances, several random points); the generated source shows the rewrite
 * where it applies and its absence where a contribution must add.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ZeroAdjointsTest {
  private static final String MODELS =
      """
      package zeros;

      import dev.adjoint.Differentiable;

      public final class Models {
        private Models() {}

        /** A scalar RNN: the state's and the weights' adjoints carry across reverse iterations. */
        @Differentiable(wrt = {"w", "u"})
        public static double rnn(double w, double u, double[] x, int n) {
          double h = 0;
          for (int t = 0; t < n; t++) {
            h = Math.tanh(w * h + u * x[t]);
          }
          return h * h;
        }

        /** An adjoint set on one side of a branch, then added to after it. */
        @Differentiable
        public static double piecewise(double[] x, int n) {
          double s = 0;
          double m = 0;
          for (int i = 0; i < n; i++) {
            double v = x[i];
            if (v > 0) {
              s = s + v * v;
            } else {
              m = m - v;
            }
            s = s + m * v;
          }
          return s + m;
        }

        /** The mean is read by both passes: its adjoint sums over the second before the first. */
        @Differentiable
        public static double variance(double[] x, int n) {
          double mean = 0;
          for (int i = 0; i < n; i++) {
            mean += x[i];
          }
          mean = mean / n;
          double var = 0;
          for (int i = 0; i < n; i++) {
            double c = x[i] - mean;
            var += c * c;
          }
          return var / n + mean * mean;
        }

        /** A do-while body, which the reverse sweep writes twice. */
        @Differentiable
        public static double iterate(double x, double[] w) {
          double y = x;
          int k = 0;
          do {
            y = y * w[k] + Math.sin(y);
            k++;
          } while (k < w.length);
          return y * x;
        }

        /** Two outputs: a Jacobian whose rows share one forward sweep. */
        @Differentiable
        public static double[] moments(double[] x, int n) {
          double s = 0;
          double q = 0;
          for (int i = 0; i < n; i++) {
            double v = x[i];
            s += v;
            q += v * v;
          }
          double mean = s / n;
          return new double[] {mean, q / n - mean * mean};
        }

        /** A chain's energy, to second order. */
        @Differentiable(order = 2)
        public static double energy(double[] x, int n) {
          double e = 0;
          for (int i = 1; i < n; i++) {
            double d = x[i] - x[i - 1];
            e += d * d + Math.sin(x[i]) * x[i - 1];
          }
          return e;
        }

        /** A logistic regression over examples, preaccumulated, with a scalar bias. */
        @Differentiable(wrt = {"w", "b"})
        public static double logistic(double[] w, double b, double[][] xs, double[] ys) {
          double loss = 0;
          for (int p = 0; p < xs.length; p++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * xs[p][j];
            }
            double pr = 1 / (1 + Math.exp(-z));
            loss += -(ys[p] * Math.log(pr) + (1 - ys[p]) * Math.log(1 - pr));
          }
          return loss / xs.length + 0.5 * b * b;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void gradientsStayExactWhereAdjointsCarryBranchOrAreReadTwice() {
    CompiledSources unit = CompiledSources.withAdjoint(MODELS);
    AdjointCheck.of(unit.load("zeros.Models"))
        .points(
            "rnn",
            rng ->
                new Object[] {
                  0.3 + 0.2 * rng.nextDouble(), 0.5 * rng.nextGaussian(), normal(rng, 6, 1), 6
                })
        .points("piecewise", rng -> new Object[] {normal(rng, 7, 1), 7})
        .points("variance", rng -> new Object[] {normal(rng, 6, 1), 6})
        .points("iterate", rng -> new Object[] {0.5 + 0.3 * rng.nextDouble(), normal(rng, 4, 0.5)})
        .points("moments", rng -> new Object[] {normal(rng, 5, 1), 5})
        .points("energy", rng -> new Object[] {normal(rng, 5, 1), 5})
        .points(
            "logistic",
            rng -> {
              double[] ys = new double[6];
              for (int i = 0; i < ys.length; i++) {
                ys[i] = rng.nextInt(2);
              }
              return new Object[] {
                normal(rng, 3, 0.5), 0.2 * rng.nextGaussian(), normal(rng, 6, 3, 1), ys
              };
            })
        .verify();
    String source = unit.generatedSource("zeros.ModelsAdjoint");
    // The RNN's weights gather a contribution per step: those add, in the reverse loop.
    assertTrue(source.matches("(?s).*\\bwBar \\+= .*"), source);
    assertTrue(source.matches("(?s).*\\buBar \\+= .*"), source);
    // A temporary's adjoint, zero where its one contribution comes, is set, and not reset after.
    assertFalse(source.matches("(?s).*\\bt\\d+Bar \\+= [^;]*;\\s+t\\d+Bar = 0\\.0;.*"), source);
  }

  @Test
  void aLoopsTemporariesAreSetOnceAndNeverReset() {
    CompiledSources unit =
        CompiledSources.withAdjoint(
            """
            package zeros;

            import dev.adjoint.Differentiable;

            public final class Dot {
              private Dot() {}

              @Differentiable
              public static double weighted(double[] a, double[] b, int n) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                  s += a[i] * b[i];
                }
                return s;
              }
            }
            """);
    AdjointCheck.of(unit.load("zeros.Dot"))
        .points("weighted", rng -> new Object[] {normal(rng, 4, 1), normal(rng, 4, 1), 4})
        .verify();
    String source = unit.generatedSource("zeros.DotAdjoint");
    // The product's adjoint is the sum's, set in each reverse iteration: as a person writes it.
    assertTrue(source.matches("(?s).*\\bt\\d+Bar = sBar;.*"), source);
    // (Declared with zero at the top, as every adjoint is; never reset after that.)
    assertFalse(source.matches("(?s).*(?<!double )\\bt\\d+Bar = 0\\.0;.*"), source);
  }

  @Test
  void aZeroGradientIsPositiveZeroThoughAnAdjointInsideIsNegativeZero() throws Exception {
    CompiledSources unit =
        CompiledSources.withAdjoint(
            """
            package zeros;

            import dev.adjoint.Differentiable;

            public final class Signs {
              private Signs() {}

              /** At z = 0, xBar is set to -2 * z = -0.0 inside the sweep. */
              @Differentiable
              public static double scaled(double x, double z) {
                double y = -2 * x;
                return y * z;
              }
            }
            """);
    Class<?> adjoint = unit.load("zeros.SignsAdjoint");
    Object g =
        adjoint.getMethod("scaledGradient", double.class, double.class).invoke(null, 3.0, 0.0);
    double dx = (double) g.getClass().getMethod("x").invoke(g);
    double dz = (double) g.getClass().getMethod("z").invoke(g);
    // Bit for bit (assertEquals on doubles compares their bits): +0.0, not -0.0.
    assertEquals(0.0, dx);
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(dx));
    assertEquals(-6.0, dz);
  }
}
