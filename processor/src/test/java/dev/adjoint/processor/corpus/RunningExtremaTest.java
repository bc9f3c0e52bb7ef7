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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Running extrema ({@code transform/RunningExtrema}): loops that keep the largest or smallest
 * element keep its index, so the reverse sweep adds the extremum's adjoint into one element instead
 * of replaying the loop on taped branch decisions. Written as users write them (log-sum-exp,
 * softmax regression with the max shift, max pooling, a nearest centre, a floor, an argmax), with
 * traps where the rewrite must not happen: an element read from the previous iteration, a start
 * that may be negative.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunningExtremaTest {
  static final String SOURCE =
      """
      package extrema;

      import dev.adjoint.Differentiable;

      public final class Extrema {
        private Extrema() {}

        /** log Σ exp(v_i), shifted by the largest element. */
        @Differentiable
        public static double logsumexp(double[] v) {
          double mx = v[0];
          for (int i = 1; i < v.length; i++) {
            if (v[i] > mx) {
              mx = v[i];
            }
          }
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += Math.exp(v[i] - mx);
          }
          return Math.log(s) + mx;
        }

        /** The same, twice differentiable: its Hessian is checked too. */
        @Differentiable(order = 2)
        public static double smoothMax(double[] v, double temperature) {
          double mx = v[0] / temperature;
          for (int i = 1; i < v.length; i++) {
            if (v[i] / temperature > mx) {
              mx = v[i] / temperature;
            }
          }
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += Math.exp(v[i] / temperature - mx);
          }
          return temperature * (Math.log(s) + mx);
        }

        /** Softmax regression's loss, each example's logits shifted by their maximum. */
        @Differentiable(wrt = "w")
        public static double softmaxLoss(
            double[] w, double[] x, int[] labels, int n, int features, int classes) {
          double[] logits = new double[classes];
          double loss = 0;
          for (int e = 0; e < n; e++) {
            for (int c = 0; c < classes; c++) {
              double z = 0;
              for (int f = 0; f < features; f++) {
                z += w[c * features + f] * x[e * features + f];
              }
              logits[c] = z;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
              if (logits[c] > max) {
                max = logits[c];
              }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
              sum += Math.exp(logits[c] - max);
            }
            loss += Math.log(sum) + max - logits[labels[e]];
          }
          return loss / n;
        }

        /** Σ over rows of the row's largest entry (max pooling), read through a strided index. */
        @Differentiable
        public static double rowMaxPool(double[] x, int rows, int cols) {
          double total = 0;
          for (int r = 0; r < rows; r++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
              if (x[r * cols + c] > best) {
                best = x[r * cols + c];
              }
            }
            total += best * best;
          }
          return total;
        }

        /** The nearest of k centres (squared distances first), ties going to the last one. */
        @Differentiable(wrt = {"p", "centres"})
        public static double nearest(double[] p, double[] centres, int k) {
          int d = p.length;
          double[] dist = new double[k];
          for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
              double t = p[j] - centres[c * d + j];
              s += t * t;
            }
            dist[c] = s;
          }
          double closest = dist[0];
          for (int c = 1; c < k; c++) {
            if (dist[c] <= closest) {
              closest = dist[c];
            }
          }
          return Math.sqrt(closest + 1e-3);
        }

        /** The largest of a scaled vector and a floor, both differentiated. */
        @Differentiable
        public static double floored(double[] v, double scale, double floor) {
          double m = floor;
          for (int i = 0; i < v.length; i++) {
            if (scale * v[i] > m) {
              m = scale * v[i];
            }
          }
          return m * m + floor;
        }

        /** Trap: the element kept is the previous iteration's (a reads b before b is set). */
        @Differentiable
        public static double previousElement(double[] v) {
          double mx = 0;
          double a = 0;
          double b = v[0];
          for (int i = 0; i < v.length; i++) {
            a = b + 1;
            b = v[i] * v[i];
            if (a > mx) {
              mx = a;
            }
          }
          return mx * b;
        }

        /** Trap: the loop may start below zero, where -1 could not mean "never kept". */
        @Differentiable(wrt = "v")
        public static double fromOffset(double[] v, int from) {
          double mx = -1e9;
          for (int i = from; i < 3; i++) {
            if (v[i + 2] > mx) {
              mx = v[i + 2];
            }
          }
          return mx * v[0];
        }

        /** The user's own argmax, recorded in the branch too. */
        @Differentiable(wrt = "v")
        public static double argmaxWeighted(double[] v, double[] weights) {
          double mx = v[0];
          int at = 0;
          for (int i = 1; i < v.length; i++) {
            if (v[i] > mx) {
              mx = v[i];
              at = i;
            }
          }
          return mx * weights[at];
        }
      }
      """;

  static CompiledSources unit;
  static String generated;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
    generated = unit.generatedSource("extrema.ExtremaAdjoint");
  }

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void gradientsAgreeWithFiniteDifferencesForwardModeAndHessians() {
    AdjointCheck.of(unit.load("extrema.Extrema"))
        .points("logsumexp", rng -> new Object[] {normal(rng, 1 + rng.nextInt(6), 2)})
        .points(
            "smoothMax",
            rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 2), 0.5 + rng.nextDouble()})
        .points(
            "softmaxLoss",
            rng -> {
              int n = 1 + rng.nextInt(4);
              int features = 1 + rng.nextInt(3);
              int classes = 1 + rng.nextInt(4);
              int[] labels = new int[n];
              for (int e = 0; e < n; e++) {
                labels[e] = rng.nextInt(classes);
              }
              return new Object[] {
                normal(rng, classes * features, 1),
                normal(rng, n * features, 1),
                labels,
                n,
                features,
                classes
              };
            })
        .points(
            "rowMaxPool",
            rng -> {
              int rows = 1 + rng.nextInt(3);
              int cols = 1 + rng.nextInt(4);
              return new Object[] {normal(rng, rows * cols, 1), rows, cols};
            })
        .points(
            "nearest",
            rng -> {
              int d = 1 + rng.nextInt(3);
              int k = 1 + rng.nextInt(4);
              return new Object[] {normal(rng, d, 1), normal(rng, k * d, 1), k};
            })
        .points(
            "floored",
            rng ->
                new Object[] {
                  normal(rng, rng.nextInt(4), 1), rng.nextGaussian(), 2 * rng.nextGaussian()
                })
        .points("previousElement", rng -> new Object[] {normal(rng, 1 + rng.nextInt(4), 1)})
        .points(
            "fromOffset",
            rng -> new Object[] {normal(rng, 5, 1), rng.nextInt(3) - 2 + rng.nextInt(2)})
        .points(
            "argmaxWeighted",
            rng -> {
              int n = 1 + rng.nextInt(5);
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1)};
            })
        .verify();
  }

  @Test
  void logsumexpsGradientIsTheSoftmax() throws Exception {
    Method gradient =
        unit.load("extrema.ExtremaAdjoint").getMethod("logsumexpGradient", double[].class);
    Random rng = new Random(11);
    for (int trial = 0; trial < 5; trial++) {
      double[] v = normal(rng, 2 + trial, 3);
      Object g = gradient.invoke(null, (Object) v);
      double[] dv = (double[]) g.getClass().getMethod("v").invoke(g);
      double sum = 0;
      for (double x : v) {
        sum += Math.exp(x);
      }
      for (int i = 0; i < v.length; i++) {
        assertEquals(Math.exp(v[i]) / sum, dv[i], 1e-14, "element " + i);
      }
    }
  }

  @Test
  void tiesGoWhereTheOriginalLoopLeavesTheExtremum() throws Exception {
    Class<?> adjoint = unit.load("extrema.ExtremaAdjoint");
    // Strict >: the first of equal maxima stays; d(best²)/dx = 2 best there, 0 elsewhere.
    Method pool = adjoint.getMethod("rowMaxPoolGradient", double[].class, int.class, int.class);
    Object g = pool.invoke(null, new double[] {1, 3, 3, -1, -1, -1}, 2, 3);
    assertArrayEquals(
        new double[] {0, 6, 0, -2, 0, 0}, (double[]) g.getClass().getMethod("x").invoke(g));
    // <=: the last of equally near centres wins.
    Method nearest =
        adjoint.getMethod("nearestGradient", double[].class, double[].class, int.class);
    Object h = nearest.invoke(null, new double[] {0}, new double[] {1, -1, 2}, 3);
    double[] dc = (double[]) h.getClass().getMethod("centres").invoke(h);
    assertEquals(0, dc[0]);
    assertTrue(dc[1] != 0, "the last of the two nearest centres gets the derivative");
    assertEquals(0, dc[2]);
    // Nothing above the floor: the derivative goes to the floor alone.
    Method floored =
        adjoint.getMethod("flooredGradient", double[].class, double.class, double.class);
    Object f = floored.invoke(null, new double[] {-1, -2}, 1.0, 0.5);
    assertEquals(2, (double) f.getClass().getMethod("floor").invoke(f), 0);
    assertArrayEquals(new double[] {0, 0}, (double[]) f.getClass().getMethod("v").invoke(f));
  }

  @Test
  void extremumLoopsTapeNoBranchDecisions() {
    for (String method :
        new String[] {
          "logsumexp", "smoothMax", "rowMaxPool", "nearest", "floored", "argmaxWeighted"
        }) {
      String body = CompiledSources.sweeps(generated, method);
      assertTrue(body.contains("SoFar"), method + ":\n" + body);
      assertFalse(body.contains("popBoolean"), method + ":\n" + body);
    }
    // Softmax regression's loop sits in the preaccumulated iteration over examples.
    assertTrue(generated.contains("maxSoFar"), generated);
  }

  @Test
  void loopsOutsideThePatternKeepTheirBranches() {
    for (String method : new String[] {"previousElement", "fromOffset"}) {
      String body = CompiledSources.sweeps(generated, method);
      assertFalse(body.contains("SoFar"), method + ":\n" + body);
      assertTrue(body.contains("popBoolean"), method + ":\n" + body);
    }
  }
}
