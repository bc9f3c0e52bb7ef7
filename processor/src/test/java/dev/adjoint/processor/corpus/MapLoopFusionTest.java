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
import java.lang.reflect.Method;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fusion of adjacent element-wise loops ({@code transform/MapLoopFusion}), on models written as
 * users write them: GMM's centring and scaling, a chain of three maps, a recurrent cell whose
 * scratch arrays are read again by the next step's reverse sweep; and traps where fusing would
 * change values: a neighbour's element, a sum the next loop reads, an alias, swapped buffers,
 * different ranges. Each is checked against finite differences and forward mode; the generated text
 * shows which loops became one.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MapLoopFusionTest {
  static final String SOURCE =
      """
      package fusion;

      import dev.adjoint.Differentiable;

      public final class Fusion {
        private Fusion() {}

        /** GMM's inner term: centre, scale, then the squared norm. */
        @Differentiable
        public static double mahalanobis(double[] x, double[] mu, double[] q) {
          int d = x.length;
          double[] c = new double[d];
          double[] z = new double[d];
          for (int j = 0; j < d; j++) {
            c[j] = x[j] - mu[j];
          }
          for (int j = 0; j < d; j++) {
            z[j] = q[j] * c[j];
          }
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += z[j] * z[j];
          }
          return 0.5 * s;
        }

        /** A dense layer's activations, then a squashing function (Math's calls fuse too). */
        @Differentiable
        public static double layer(double[] w, double[] b, double[] x) {
          int n = w.length;
          double[] z = new double[n];
          double[] h = new double[n];
          for (int i = 0; i < n; i++) {
            z[i] = w[i] * x[i] + b[i];
          }
          for (int i = 0; i < n; i++) {
            h[i] = Math.tanh(z[i]) + 0.1 * Math.exp(-z[i] * z[i]);
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += h[i] * x[i];
          }
          return s;
        }

        /** Three maps over one range, then a reduction: one loop for the three. */
        @Differentiable
        public static double chain(double[] x, double w) {
          int n = x.length;
          double[] a = new double[n];
          double[] b = new double[n];
          double[] c = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x[i] * w;
          }
          for (int i = 0; i < n; i++) {
            double t = a[i] + 1;
            b[i] = t * t;
          }
          for (int i = 0; i < n; i++) {
            c[i] = b[i] * a[i] - x[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += c[i];
          }
          return s;
        }

        /**
         * A recurrent cell: each step's maps fuse, and the next step overwrites the scratch arrays
         * that this step's reverse sweep reads, so those stores are saved.
         */
        @Differentiable
        public static double recurrent(double[] h0, double[] w, double[] x) {
          int n = h0.length;
          double[] h = new double[n];
          for (int i = 0; i < n; i++) {
            h[i] = h0[i];
          }
          double[] c = new double[n];
          double[] z = new double[n];
          for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < n; i++) {
              c[i] = h[i] * w[i] + x[t];
            }
            for (int i = 0; i < n; i++) {
              z[i] = c[i] * c[i];
            }
            for (int i = 0; i < n; i++) {
              h[i] = z[i] / (1 + z[i]) + 0.5 * c[i];
            }
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += h[i] * h[i];
          }
          return s;
        }

        /** Fresh scratch arrays per step: their stores overwrite nothing the reverse sweep reads. */
        @Differentiable
        public static double freshScratch(double[] x, double[] w, int steps) {
          int n = x.length;
          double total = 0;
          double scale = 1;
          for (int t = 0; t < steps; t++) {
            double[] c = new double[n];
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
              c[i] = x[i] * scale - w[i];
            }
            for (int i = 0; i < n; i++) {
              z[i] = c[i] * w[i];
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += z[i] * c[i];
            }
            total += s;
            scale = 0.5 * scale + 0.1 * s;
          }
          return total;
        }

        /**
         * Each step reads the scratch array's last element before refilling it: the fused loop's
         * stores overwrite what that read's adjoint needs, so they are saved.
         */
        @Differentiable
        public static double readBefore(double[] x, double w) {
          int n = x.length;
          double[] c = new double[n];
          double[] z = new double[n];
          double total = 0;
          for (int t = 0; t < 3; t++) {
            double s = c[n - 1] * w + 1;
            for (int i = 0; i < n; i++) {
              c[i] = x[i] * s;
            }
            for (int i = 0; i < n; i++) {
              z[i] = c[i] * c[i];
            }
            for (int i = 0; i < n; i++) {
              total += z[i];
            }
          }
          return total;
        }

        /** Trap: the second loop reads the element the first writes one iteration later. */
        @Differentiable
        public static double neighbour(double[] x) {
          int n = x.length;
          double[] a = new double[n + 1];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x[i] * x[i];
          }
          for (int i = 0; i < n; i++) {
            b[i] = a[i + 1] * x[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += b[i];
          }
          return s;
        }

        /** Trap: the first loop sums what the second divides by. */
        @Differentiable
        public static double centred(double[] x) {
          int n = x.length;
          double[] t = new double[n];
          double m = 0;
          for (int i = 0; i < n; i++) {
            t[i] = x[i];
            m += x[i];
          }
          double[] y = new double[n];
          for (int i = 0; i < n; i++) {
            y[i] = t[i] - m / n;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += y[i] * y[i] * x[i];
          }
          return s;
        }

        /** Trap: the second loop reads the first's array through another name, reversed. */
        @Differentiable
        public static double aliased(double[] x) {
          int n = x.length;
          double[] a = new double[n];
          double[] b = a;
          double[] c = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x[i] * 3;
          }
          for (int i = 0; i < n; i++) {
            c[i] = b[n - 1 - i] * x[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += c[i];
          }
          return s;
        }

        /** Swapped buffers (a heat stencil): the copies and the steps keep their loops. */
        @Differentiable
        public static double heat(double[] u0, double k, int steps) {
          int n = u0.length;
          double[] cur = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            cur[i] = u0[i];
          }
          for (int i = 0; i < n; i++) {
            next[i] = cur[i];
          }
          for (int t = 0; t < steps; t++) {
            for (int i = 1; i < n - 1; i++) {
              next[i] = cur[i] + k * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
            }
            double[] tmp = cur;
            cur = next;
            next = tmp;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += cur[i] * cur[i] * (i + 1);
          }
          return s;
        }

        /** Trap: different ranges. */
        @Differentiable
        public static double ranges(double[] x) {
          int n = x.length;
          double[] a = new double[n];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x[i] * x[i];
          }
          for (int i = 1; i < n; i++) {
            b[i] = a[i] - a[i - 1];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += b[i] * x[i];
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
    generated = unit.generatedSource("fusion.FusionAdjoint");
  }

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void gradientsAgreeWithFiniteDifferencesAndForwardMode() {
    AdjointCheck.of(unit.load("fusion.Fusion"))
        .points(
            "mahalanobis",
            rng -> {
              int d = 1 + rng.nextInt(5);
              return new Object[] {normal(rng, d, 1), normal(rng, d, 1), normal(rng, d, 1)};
            })
        .points(
            "layer",
            rng -> {
              int n = 1 + rng.nextInt(5);
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1), normal(rng, n, 1)};
            })
        .points("chain", rng -> new Object[] {normal(rng, rng.nextInt(6), 1), rng.nextGaussian()})
        .points(
            "recurrent",
            rng -> {
              int n = 1 + rng.nextInt(4);
              return new Object[] {
                normal(rng, n, 1), normal(rng, n, 1), normal(rng, rng.nextInt(4), 1)
              };
            })
        .points(
            "freshScratch",
            rng -> {
              int n = 1 + rng.nextInt(4);
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1), rng.nextInt(4)};
            })
        .points(
            "readBefore",
            rng -> new Object[] {normal(rng, 1 + rng.nextInt(4), 0.5), 0.5 * rng.nextGaussian()})
        .points("neighbour", rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 1)})
        .points("centred", rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 1)})
        .points("aliased", rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 1)})
        .points(
            "heat", rng -> new Object[] {normal(rng, 2 + rng.nextInt(5), 1), 0.2, rng.nextInt(4)})
        .points("ranges", rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 1)})
        .verify();
  }

  /** The recurrent cell's gradient in closed form of its last step, at one step. */
  @Test
  void oneRecurrentStepMatchesItsClosedForm() throws Exception {
    Method gradient =
        unit.load("fusion.FusionAdjoint")
            .getMethod("recurrentGradient", double[].class, double[].class, double[].class);
    Random rng = new Random(5);
    for (int trial = 0; trial < 4; trial++) {
      double[] h0 = normal(rng, 3, 1);
      double[] w = normal(rng, 3, 1);
      double[] x = {rng.nextGaussian()};
      Object g = gradient.invoke(null, h0, w, x);
      double[] dh0 = (double[]) g.getClass().getMethod("h0").invoke(g);
      for (int i = 0; i < 3; i++) {
        double c = h0[i] * w[i] + x[0];
        double z = c * c;
        double h = z / (1 + z) + 0.5 * c;
        double dhdc = 2 * c / ((1 + z) * (1 + z)) + 0.5;
        assertEquals(2 * h * dhdc * w[i], dh0[i], 1e-12 * (1 + Math.abs(dh0[i])));
      }
    }
  }

  @Test
  void adjacentMapsRunAsOneLoopInBothSweeps() {
    String mahalanobis = CompiledSources.sweeps(generated, "mahalanobis");
    assertTrue(oneLoop(mahalanobis, "c", "z"), mahalanobis);
    String layer = CompiledSources.sweeps(generated, "layer");
    assertTrue(oneLoop(layer, "z", "h"), layer);
    String chain = CompiledSources.sweeps(generated, "chain");
    assertTrue(oneLoop(chain, "a", "b"), chain);
    assertTrue(oneLoop(chain, "b", "c"), chain);
    String recurrent = CompiledSources.sweeps(generated, "recurrent");
    assertTrue(oneLoop(recurrent, "c", "z"), recurrent);
    assertTrue(oneLoop(recurrent, "z", "h"), recurrent);
    // The next step overwrites what this step's reverse sweep reads: saved.
    assertTrue(
        Pattern.compile("tape\\.push\\(c\\[\\w+\\]\\);").matcher(recurrent).find(), recurrent);
    String readBefore = CompiledSources.sweeps(generated, "readBefore");
    assertTrue(oneLoop(readBefore, "c", "z"), readBefore);
    assertTrue(
        Pattern.compile("tape\\.push\\(c\\[\\w+\\]\\);").matcher(readBefore).find(), readBefore);
    // A fresh array per step: nothing to save.
    String fresh = CompiledSources.sweeps(generated, "freshScratch");
    assertTrue(oneLoop(fresh, "c", "z"), fresh);
    assertFalse(Pattern.compile("tape\\.push\\([cz]\\[").matcher(fresh).find(), fresh);
  }

  @Test
  void loopsThatMustNotFuseKeepTheirOwn() {
    assertFalse(oneLoop(CompiledSources.sweeps(generated, "neighbour"), "a", "b"));
    assertFalse(oneLoop(CompiledSources.sweeps(generated, "centred"), "t", "y"));
    assertFalse(oneLoop(CompiledSources.sweeps(generated, "aliased"), "a", "c"));
    assertFalse(oneLoop(CompiledSources.sweeps(generated, "heat"), "cur", "next"));
    assertFalse(oneLoop(CompiledSources.sweeps(generated, "ranges"), "a", "b"));
  }

  /**
   * Whether the first store into array {@code first} is followed by a store into {@code second} in
   * the same loop (no loop header between them), whatever the loop's index is named.
   */
  private static boolean oneLoop(String sweeps, String first, String second) {
    Matcher a = Pattern.compile("\\b" + first + "\\[\\w+\\] = ").matcher(sweeps);
    if (!a.find()) {
      return false;
    }
    Matcher b = Pattern.compile("\\b" + second + "\\[\\w+\\] = ").matcher(sweeps);
    return b.find(a.end()) && !sweeps.substring(a.start(), b.start()).contains("while");
  }
}
