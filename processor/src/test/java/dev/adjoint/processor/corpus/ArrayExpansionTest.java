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
 * Array expansion ({@code transform/ArrayExpansion}): in a preaccumulated loop over points, the
 * scratch arrays that each component of an inner loop fills and reads get a slice per component, so
 * the iteration's reverse sweep reads each component's values instead of taping them or computing
 * them again. A mixture model written the way users write it is expanded; the traps are the
 * expansion's conditions (a scratch array read after the components, indexed where its range is not
 * known, passed to a helper, a component count that changes) and are not. Every model is checked
 * against central finite differences and forward mode ({@link AdjointCheck}: default tolerances,
 * several random points); the generated source shows what was expanded.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ArrayExpansionTest {
  /**
   * A Gaussian mixture's negative log-likelihood with a triangular coupling, as GMM writes it: per
   * point and component, the centred point, its scaling, and log-sum-exp over components.
   */
  private static final String MIXTURE =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Mixture {
        private Mixture() {}

        @Differentiable
        public static double logSumExp(double[] v, int count) {
          double mx = v[0];
          for (int i = 1; i < count; i++) {
            mx = Math.max(mx, v[i]);
          }
          double s = 0;
          for (int i = 0; i < count; i++) {
            s += Math.exp(v[i] - mx);
          }
          return Math.log(s) + mx;
        }

        @Differentiable(wrt = {"alphas", "means", "scales", "coupling"})
        public static double nll(
            double[] alphas,
            double[] means,
            double[] scales,
            double[] coupling,
            double[] x,
            int d,
            int k,
            int n) {
          double[] centred = new double[d];
          double[] scaled = new double[d];
          double[] logits = new double[k];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                centred[j] = x[p * d + j] - means[c * d + j];
              }
              for (int j = 0; j < centred.length; j++) {
                scaled[j] = Math.exp(scales[c * d + j]) * centred[j];
              }
              for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                  scaled[j] += coupling[c] * centred[i];
                }
              }
              double sq = 0;
              for (int j = 0; j < d; j++) {
                sq += scaled[j] * scaled[j];
              }
              logits[c] = alphas[c] - 0.5 * sq;
            }
            total -= logSumExp(logits, k);
          }
          return total;
        }
      }
      """;

  /**
   * Per-class scores of a classifier over examples, written with an enhanced {@code for} and a
   * feature buffer per class; an RNN over sequences whose hidden state is carried from step to step
   * (its state is not expanded, each step reading the previous step's, but the new state each step
   * computes is); a smoothing stencil whose two buffers are swapped (not expanded: the buffers are
   * re-bound).
   */
  private static final String SEQUENCES =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Sequences {
        private Sequences() {}

        @Differentiable(wrt = "w")
        public static double classes(double[] w, double[] x, int[] label, int d, int k) {
          double[] feature = new double[d];
          double total = 0;
          for (int e = 0; e < label.length; e++) {
            double own = 0;
            double others = 0;
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                feature[j] = Math.tanh(w[c * d + j] * x[e * d + j]);
              }
              double score = 0;
              for (double f : feature) {
                score += f;
              }
              if (c == label[e]) {
                own = score;
              } else {
                others += Math.exp(score);
              }
            }
            total += Math.log(1 + others) - own;
          }
          return total;
        }

        @Differentiable(wrt = {"wh", "wx"})
        public static double rnn(double[] wh, double[] wx, double[] xs, int d, int steps) {
          double[] h = new double[d];
          double[] next = new double[d];
          double total = 0;
          int n = xs.length / steps;
          for (int s = 0; s < n; s++) {
            for (int j = 0; j < d; j++) {
              h[j] = 0;
            }
            for (int t = 0; t < steps; t++) {
              for (int j = 0; j < d; j++) {
                next[j] = Math.tanh(wh[j] * h[j] + wx[j] * xs[s * steps + t]);
              }
              for (int j = 0; j < d; j++) {
                h[j] = next[j];
              }
            }
            for (int j = 0; j < d; j++) {
              total += h[j] * h[j];
            }
          }
          return total;
        }

        @Differentiable(wrt = "u")
        public static double smoothed(double[] u, double[] x, int n, int sweeps) {
          double total = 0;
          for (int e = 0; e < x.length; e++) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
              a[i] = u[i] * x[e];
            }
            for (int s = 0; s < sweeps; s++) {
              for (int i = 1; i < n - 1; i++) {
                b[i] = 0.25 * a[i - 1] + 0.5 * a[i] + 0.25 * a[i + 1];
              }
              b[0] = a[0];
              b[n - 1] = a[n - 1];
              double[] swap = a;
              a = b;
              b = swap;
            }
            for (int i = 0; i < n; i++) {
              total += Math.sin(a[i]);
            }
          }
          return total;
        }
      }
      """;

  /** Scratch arrays the expansion must leave alone, each for one of its conditions. */
  private static final String TRAPS =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Traps {
        private Traps() {}

        @Differentiable
        public static double dot(double[] a, double[] b, int d) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += a[j] * b[j];
          }
          return s;
        }

        /** The last component's buffer is read after the components. */
        @Differentiable(wrt = "w")
        public static double readAfter(double[] w, double[] x, int d, int k, int n) {
          double[] buf = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                buf[j] = Math.tanh(w[c * d + j] * x[p * d + j]);
              }
              for (int j = 0; j < d; j++) {
                total += buf[j] * buf[j];
              }
            }
            total += buf[0];
          }
          return total;
        }

        /** A neighbour's element: its index is not known to stay in the array. */
        @Differentiable(wrt = "w")
        public static double neighbour(double[] w, double[] x, int d, int k, int n) {
          double[] buf = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                buf[j] = Math.sin(w[c * d + j] + x[p * d + j]);
              }
              for (int j = 0; j < d; j++) {
                total += buf[j] * buf[(j + 1) % d];
              }
            }
          }
          return total;
        }

        /** The buffer goes to a helper, which reads it whole. */
        @Differentiable(wrt = "w")
        public static double helper(double[] w, double[] x, int d, int k, int n) {
          double[] buf = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                buf[j] = Math.exp(-w[c * d + j] * x[p * d + j]);
              }
              total += dot(buf, buf, d);
            }
          }
          return total;
        }

        /**
         * The sum's value before the loop is read by an adjoint (of {@code total * total}), so its
         * additions are taped and the loop is not preaccumulated: the expansion is not kept.
         */
        @Differentiable(wrt = "w")
        public static double seeded(double[] w, double[] x, int d, int k, int n) {
          double[] buf = new double[d];
          double total = w[0];
          double square = total * total;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                buf[j] = Math.sin(w[c * d + j] * x[p * d + j]);
              }
              for (int j = 0; j < d; j++) {
                total += buf[j] * buf[j];
              }
            }
          }
          return total + square;
        }

        /** The component count is a variable the method changes. */
        @Differentiable(wrt = "w")
        public static double capped(double[] w, double[] x, int d, int k, int n) {
          int m = k;
          if (m > 2) {
            m = 2;
          }
          double[] buf = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < m; c++) {
              for (int j = 0; j < d; j++) {
                buf[j] = w[c * d + j] * x[p * d + j];
              }
              for (int j = 0; j < d; j++) {
                total += Math.cos(buf[j]) * w[j];
              }
            }
          }
          return total;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void aMixturesComponentBuffersGetASliceEach() {
    CompiledSources unit = CompiledSources.withAdjoint(MIXTURE);
    AdjointCheck.of(unit.load("scratch.Mixture"))
        .points("logSumExp", rng -> new Object[] {normal(rng, 4, 1), 4})
        .points(
            "nll",
            rng ->
                new Object[] {
                  normal(rng, 3, 0.5),
                  normal(rng, 12, 0.5),
                  normal(rng, 12, 0.2),
                  normal(rng, 3, 0.3),
                  normal(rng, 20, 1),
                  4,
                  3,
                  5
                })
        .verify();
    String source = unit.generatedSource("scratch.MixtureAdjoint");
    assertTrue(source.contains("double[] centred = new double[Adjoint.slices(k, d)];"), source);
    assertTrue(source.contains("double[] scaled = new double[Adjoint.slices(k, d)];"), source);
    assertTrue(source.matches("(?s).*\\bscaled\\[c \\* d \\+ j(_\\d+)?\\] = .*"), source);
    // Read after the components (by logSumExp): one array, as written.
    assertTrue(source.contains("double[] logits = new double[k];"), source);
    // Nothing of the slices is taped or computed again in the reverse sweep.
    assertFalse(source.contains("tape.push(centred["), source);
    assertFalse(source.contains("tape.push(scaled["), source);
    assertEquals(1, count(source, "\\bcentred\\[c \\* d \\+ j(_\\d+)?\\] = "), source);
  }

  @Test
  void buffersOutsideTheConditionsAreNotExpanded() {
    CompiledSources unit = CompiledSources.withAdjoint(TRAPS);
    AdjointCheck.of(unit.load("scratch.Traps"))
        .points("dot", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 3, 1), 3})
        .points("readAfter", rng -> new Object[] {normal(rng, 9, 0.5), normal(rng, 12, 1), 3, 3, 4})
        .points("neighbour", rng -> new Object[] {normal(rng, 9, 0.5), normal(rng, 12, 1), 3, 3, 4})
        .points("helper", rng -> new Object[] {normal(rng, 9, 0.5), normal(rng, 12, 1), 3, 3, 4})
        .points("capped", rng -> new Object[] {normal(rng, 9, 0.5), normal(rng, 12, 1), 3, 3, 4})
        .points("seeded", rng -> new Object[] {normal(rng, 9, 0.5), normal(rng, 12, 1), 3, 3, 4})
        .verify();
    String source = unit.generatedSource("scratch.TrapsAdjoint");
    assertFalse(source.contains("slices("), source);
  }

  @Test
  void classifiersRnnsAndStencilsAsUsersWriteThem() {
    CompiledSources unit = CompiledSources.withAdjoint(SEQUENCES);
    AdjointCheck.of(unit.load("scratch.Sequences"))
        .points(
            "classes",
            rng -> {
              int[] label = new int[5];
              for (int i = 0; i < label.length; i++) {
                label[i] = rng.nextInt(3);
              }
              return new Object[] {normal(rng, 12, 0.5), normal(rng, 20, 1), label, 4, 3};
            })
        .points(
            "rnn",
            rng -> new Object[] {normal(rng, 3, 0.5), normal(rng, 3, 0.5), normal(rng, 8, 1), 3, 4})
        .points("smoothed", rng -> new Object[] {normal(rng, 5, 1), normal(rng, 3, 1), 5, 3})
        .verify();
    String source = unit.generatedSource("scratch.SequencesAdjoint");
    // Expanded over the classes: the enhanced for reads the feature buffer's slice.
    assertTrue(source.contains("double[] feature = new double[Adjoint.slices(k, d)];"), source);
    // The RNN's new state is scratch of each step (filled, then copied into h): a slice per step.
    // Its state h, read by the next step and after the steps, stays as written.
    assertTrue(source.contains("double[] next = new double[Adjoint.slices(steps, d)];"), source);
    assertTrue(source.contains("double[] h = new double[d];"), source);
    // The stencil's buffers are re-bound (swapped): not expanded.
    assertFalse(source.contains("new double[Adjoint.slices(sweeps"), source);
  }

  private static long count(String source, String regex) {
    return java.util.regex.Pattern.compile(regex).matcher(source).results().count();
  }
}
