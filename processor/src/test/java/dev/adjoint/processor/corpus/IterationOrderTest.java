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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reverse loops whose iterations are independent run them in forward order ({@code
 * transform/IterationOrder}): packed triangles with a position that steps through them, with its
 * start computed from a component's index (and then not saved on the tape), element-wise loops and
 * dot products; and the loops whose iterations depend on each other (prefix sums, Horner's rule, a
 * moving average, an element revisited, a position read after the loop), which must keep the
 * reverse order. Every gradient is checked against finite differences and forward mode.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IterationOrderTest {
  static final String SOURCE =
      """
      package order;

      import dev.adjoint.Differentiable;

      public final class Order {
        private Order() {}

        /** GMM's term for one component: Q (x - mu), Q's strict lower triangle packed in l. */
        @Differentiable(wrt = {"l", "x", "mu"})
        public static double triangle(double[] l, double[] x, double[] mu, int d) {
          double[] c = new double[d];
          double[] q = new double[d];
          for (int i = 0; i < d; i++) {
            c[i] = x[i] - mu[i];
            q[i] = c[i];
          }
          int at = 0;
          for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
              q[j] += l[at] * c[i];
              at++;
            }
          }
          double s = 0;
          for (int i = 0; i < d; i++) {
            s += q[i] * q[i];
          }
          return s;
        }

        /** k components, each with its own triangle in l, from k * tri on. */
        @Differentiable(wrt = {"l", "x"})
        public static double components(double[] l, double[] x, int k) {
          int d = x.length;
          int tri = d * (d - 1) / 2;
          double s = 0;
          for (int m = 0; m < k; m++) {
            double[] q = new double[d];
            for (int i = 0; i < d; i++) {
              q[i] = x[i] * (m + 1);
            }
            int at = m * tri;
            for (int i = 0; i < d; i++) {
              for (int j = i + 1; j < d; j++) {
                q[j] += l[at] * x[i];
                at++;
              }
            }
            for (int i = 0; i < d; i++) {
              s += Math.sin(q[i]) * q[i];
            }
          }
          return s;
        }

        /** GMM's shape: for each point, k components, each with its triangle packed in l. */
        @Differentiable(wrt = {"l", "x"})
        public static double mixture(double[] l, double[] x, int k, int n) {
          int d = x.length / n;
          int tri = d * (d - 1) / 2;
          double s = 0;
          for (int p = 0; p < n; p++) {
            double[] q = new double[d];
            for (int m = 0; m < k; m++) {
              for (int i = 0; i < d; i++) {
                q[i] = x[p * d + i];
              }
              int at = m * tri;
              for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                  q[j] += l[at] * x[p * d + i];
                  at++;
                }
              }
              double sq = 0;
              for (int i = 0; i < d; i++) {
                sq += q[i] * q[i];
              }
              s += Math.exp(-0.5 * sq);
            }
          }
          return s;
        }

        /** Logistic regression: a dot product per example, its weights' adjoint a sum. */
        @Differentiable(wrt = {"w", "b"})
        public static double logistic(double[] w, double b, double[] x, double[] y) {
          int p = w.length;
          double loss = 0;
          for (int n = 0; n < y.length; n++) {
            double z = b;
            for (int j = 0; j < p; j++) {
              z += w[j] * x[n * p + j];
            }
            loss += Math.log1p(Math.exp(-y[n] * z));
          }
          return loss / y.length;
        }

        /** GMM's centring and diagonal, then the squares: three loops over one index. */
        @Differentiable(wrt = {"x", "mu", "diag"})
        public static double centred(double[] x, double[] mu, double[] diag) {
          int n = x.length;
          double[] c = new double[n];
          double[] q = new double[n];
          for (int i = 0; i < n; i++) {
            c[i] = x[i] - mu[i];
          }
          for (int i = 0; i < n; i++) {
            q[i] = diag[i] * c[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += q[i] * q[i];
          }
          return s;
        }

        /** The second loop reads the first's neighbour: their reverse loops must not merge. */
        @Differentiable(wrt = {"x", "w"})
        public static double neighbours(double[] x, double[] w) {
          int n = x.length;
          double[] c = new double[n];
          double[] q = new double[n];
          for (int i = 0; i < n; i++) {
            c[i] = x[i] * x[i];
          }
          for (int i = 0; i < n; i++) {
            q[i] = c[(i + 1) % n] * w[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.sin(q[i]) + q[i] * c[i];
          }
          return s;
        }

        /** Running sums: c[i] reads c[i - 1], so each reverse iteration feeds the one before. */
        @Differentiable(wrt = "x")
        public static double prefix(double[] x) {
          int n = x.length;
          double[] c = new double[n];
          c[0] = x[0];
          for (int i = 1; i < n; i++) {
            c[i] = c[i - 1] + 0.5 * x[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.sin(c[i]);
          }
          return s;
        }

        /** Horner's rule: the adjoint of p is scaled by a in every reverse iteration. */
        @Differentiable(wrt = {"coef", "a"})
        public static double horner(double[] coef, double a) {
          double p = 0;
          for (int i = 0; i < coef.length; i++) {
            p = p * a + coef[i];
          }
          return p;
        }

        /** An exponential moving average: its adjoint halves from one reverse iteration to the next. */
        @Differentiable(wrt = "x")
        public static double ema(double[] x) {
          double m = 0;
          for (int i = 0; i < x.length; i++) {
            m = 0.5 * m + x[i];
          }
          return m * m;
        }

        /** Two elements revisited in turn: y[i % 2]'s adjoint passes between iterations. */
        @Differentiable(wrt = "x")
        public static double alternating(double[] x) {
          double[] y = new double[2];
          for (int i = 0; i < x.length; i++) {
            y[i % 2] = 0.5 * y[i % 2] + x[i];
          }
          return y[0] * y[0] + 3 * y[1];
        }

        /** The position goes on after the triangle, into a diagonal: both loops step it. */
        @Differentiable(wrt = {"l", "x"})
        public static double packedWithDiagonal(double[] l, double[] x) {
          int d = x.length;
          double[] q = new double[d];
          int at = 0;
          for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
              q[i] += l[at] * x[j];
              at++;
            }
          }
          double s = 0;
          for (int i = 0; i < d; i++) {
            s += Math.exp(l[at]) * x[i] * x[i] + q[i] * q[i];
            at++;
          }
          return s;
        }
      }
      """;

  static CompiledSources unit;
  static String generated;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
    generated = unit.generatedSource("order.OrderAdjoint");
  }

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void gradientsAgreeWithFiniteDifferencesAndForwardMode() {
    AdjointCheck.of(unit.load("order.Order"))
        .points(
            "triangle",
            rng -> {
              int d = 1 + rng.nextInt(6);
              return new Object[] {
                normal(rng, d * (d - 1) / 2, 1), normal(rng, d, 1), normal(rng, d, 1), d
              };
            })
        .points(
            "components",
            rng -> {
              int d = 1 + rng.nextInt(5);
              int k = 1 + rng.nextInt(3);
              return new Object[] {normal(rng, k * d * (d - 1) / 2, 1), normal(rng, d, 1), k};
            })
        .points(
            "mixture",
            rng -> {
              int d = 1 + rng.nextInt(4);
              int k = 1 + rng.nextInt(3);
              int n = 1 + rng.nextInt(3);
              return new Object[] {
                normal(rng, k * d * (d - 1) / 2, 1), normal(rng, n * d, 1), k, n
              };
            })
        .points(
            "logistic",
            rng -> {
              int p = 1 + rng.nextInt(4);
              int n = 1 + rng.nextInt(5);
              double[] y = new double[n];
              for (int i = 0; i < n; i++) {
                y[i] = rng.nextBoolean() ? 1 : -1;
              }
              return new Object[] {normal(rng, p, 1), rng.nextGaussian(), normal(rng, n * p, 1), y};
            })
        .points(
            "centred",
            rng -> {
              int n = 1 + rng.nextInt(5);
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1), normal(rng, n, 1)};
            })
        .points(
            "neighbours",
            rng -> {
              int n = 1 + rng.nextInt(5);
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1)};
            })
        .points("prefix", rng -> new Object[] {normal(rng, 1 + rng.nextInt(6), 1)})
        .points(
            "horner", rng -> new Object[] {normal(rng, 1 + rng.nextInt(6), 1), rng.nextGaussian()})
        .points("ema", rng -> new Object[] {normal(rng, 1 + rng.nextInt(6), 1)})
        .points("alternating", rng -> new Object[] {normal(rng, 1 + rng.nextInt(7), 1)})
        .points(
            "packedWithDiagonal",
            rng -> {
              int d = 1 + rng.nextInt(5);
              return new Object[] {normal(rng, d * (d - 1) / 2 + d, 1), normal(rng, d, 1)};
            })
        .verify();
  }

  @Test
  void independentIterationsRunForwardInTheReverseSweep() {
    // No loop counts down: the triangle's position steps up again from its start, 0.
    assertFalse(countsDown(sweeps("triangle")), sweeps("triangle"));
    // Each component's iteration (preaccumulated) computes the start, m * tri, again from the
    // component's index in its reverse sweep.
    String components = iteration("components");
    // (The loop over sin(q[i]) keeps the reverse order: it takes back values from the tape.)
    assertFalse(components.contains("at--") || components.contains("j--"), components);
    // In a point's iteration over components, the position the last component left is not
    // saved on the tape either: nothing reads it.
    String mixture = iteration("mixture");
    assertEquals(2, mixture.split("at = m \\* tri;", -1).length - 1, mixture);
    assertFalse(mixture.contains("popInt"), mixture);
    assertEquals(2, components.split("at = m \\* tri;", -1).length - 1, components);
    // The weights' adjoint is a sum over the features.
    assertTrue(reverse("logistic").contains("j < p"), reverse("logistic"));
  }

  @Test
  void adjacentReverseLoopsOverOneIndexMerge() {
    // The reverse of the three loops: one loop, each iteration the three reverse bodies.
    assertEquals(1, reverse("centred").split("while \\(", -1).length - 1, reverse("centred"));
    // The reverse of the second loop adds into c's adjoint at (i + 1) % n, which the first's
    // reads at i: they stay two loops.
    assertTrue(reverse("neighbours").split("while \\(", -1).length - 1 >= 2, reverse("neighbours"));
  }

  @Test
  void dependentIterationsKeepTheReverseOrder() {
    assertTrue(reverse("prefix").contains("i--"), reverse("prefix"));
    assertTrue(reverse("horner").contains("i--"), reverse("horner"));
    assertTrue(reverse("ema").contains("i--"), reverse("ema"));
    assertTrue(reverse("alternating").contains("i--"), reverse("alternating"));
    // The diagonal's loop reads the position the triangle left: it is not computed again.
    assertTrue(reverse("packedWithDiagonal").contains("at--"), reverse("packedWithDiagonal"));
  }

  private static boolean countsDown(String code) {
    return Pattern.compile("\\b\\w+--;").matcher(code).find();
  }

  /** The generated {@code fForward}, {@code fReverse} and {@code fPullback} of a method. */
  private static String sweeps(String method) {
    return CompiledSources.sweeps(generated, method);
  }

  /** The generated {@code fIteration}: a preaccumulated loop's iteration, both sweeps. */
  private static String iteration(String method) {
    int at = generated.indexOf(method + "Iteration(Tape");
    return generated.substring(at, generated.indexOf("\n  }\n", at));
  }

  /** The generated {@code fReverse} of a method. */
  private static String reverse(String method) {
    String all = sweeps(method);
    int at = all.indexOf(method + "Reverse(");
    return at < 0 ? all : all.substring(at);
  }
}
