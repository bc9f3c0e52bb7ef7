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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import dev.adjoint.Tape;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Models written as users write them (helpers called in loops on rows of weight matrices, layers
 * applied row by row, a recurrent state reassigned from a vector-valued call, a stencil over two
 * swapped buffers), compiled with the processor and checked with {@link AdjointCheck}: every
 * generated method against finite differences, and forward mode against reverse mode, at several
 * random points.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealisticModelsTest {
  static final String SOFTMAX_REGRESSION =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Softmax regression: one weight row per class, mean cross-entropy plus an L2 penalty. */
      public final class SoftmaxRegression {
        private SoftmaxRegression() {}

        @Differentiable
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
          }
          return s;
        }

        @Differentiable(wrt = "w")
        public static double loss(double[][] w, double[][] x, int[] labels, double lambda) {
          int classes = w.length;
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double[] logits = new double[classes];
            double max = 0;
            for (int k = 0; k < classes; k++) {
              logits[k] = dot(w[k], x[i]);
              if (k == 0 || logits[k] > max) {
                max = logits[k];
              }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
              sum += Math.exp(logits[k] - max);
            }
            total += Math.log(sum) + max - logits[labels[i]];
          }
          double penalty = 0;
          for (int k = 0; k < classes; k++) {
            penalty += dot(w[k], w[k]);
          }
          return total / x.length + lambda * penalty;
        }

        @Differentiable
        public static double[] softmax(double[] z) {
          double m = z[0];
          for (int k = 1; k < z.length; k++) {
            if (z[k] > m) {
              m = z[k];
            }
          }
          double[] p = new double[z.length];
          double s = 0;
          for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - m);
            s += p[k];
          }
          for (int k = 0; k < z.length; k++) {
            p[k] /= s;
          }
          return p;
        }

        /** The same loss through the probabilities, without the penalty. */
        @Differentiable(wrt = "w")
        public static double lossViaSoftmax(double[][] w, double[][] x, int[] labels) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double[] logits = new double[w.length];
            for (int k = 0; k < w.length; k++) {
              logits[k] = dot(w[k], x[i]);
            }
            double[] p = softmax(logits);
            total -= Math.log(p[labels[i]]);
          }
          return total / x.length;
        }
      }
      """;

  static final String MLP =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** A 3-layer perceptron over double[][], one input row at a time through a layer helper. */
      public final class Mlp {
        private Mlp() {}

        /** tanh(w x + b) for one input row. */
        @Differentiable
        public static double[] layer(double[][] w, double[] b, double[] x) {
          double[] out = new double[b.length];
          for (int i = 0; i < b.length; i++) {
            double a = b[i];
            for (int j = 0; j < x.length; j++) {
              a += w[i][j] * x[j];
            }
            out[i] = Math.tanh(a);
          }
          return out;
        }

        @Differentiable(wrt = {"w1", "b1", "w2", "b2", "w3"})
        public static double loss(
            double[][] w1, double[] b1, double[][] w2, double[] b2, double[] w3,
            double[][] xs, double[] ys) {
          double total = 0;
          for (int n = 0; n < xs.length; n++) {
            double[] h1 = layer(w1, b1, xs[n]);
            double[] h2 = layer(w2, b2, h1);
            double out = 0;
            for (int j = 0; j < h2.length; j++) {
              out += w3[j] * h2[j];
            }
            double r = out - ys[n];
            total += r * r;
          }
          return total / xs.length;
        }
      }
      """;

  static final String RNN =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** An Elman RNN: the state is reassigned from a vector-valued step at every time step. */
      public final class Rnn {
        private Rnn() {}

        @Differentiable
        public static double[] step(double[] h, double[][] w, double[] u, double x) {
          double[] next = new double[h.length];
          for (int i = 0; i < h.length; i++) {
            double a = u[i] * x;
            for (int j = 0; j < h.length; j++) {
              a += w[i][j] * h[j];
            }
            next[i] = Math.tanh(a);
          }
          return next;
        }

        /** Squared error of a linear read-out of the last state, from a zero state. */
        @Differentiable(wrt = {"w", "u", "v"})
        public static double loss(
            double[][] w, double[] u, double[] v, double[] xs, double target) {
          double[] h = new double[v.length];
          for (int t = 0; t < xs.length; t++) {
            h = step(h, w, u, xs[t]);
          }
          double out = 0;
          for (int i = 0; i < h.length; i++) {
            out += v[i] * h[i];
          }
          double r = out - target;
          return r * r;
        }

        /** The same from a given initial state, also differentiated. */
        @Differentiable(wrt = {"h0", "w", "u", "v"})
        public static double lossFrom(
            double[] h0, double[][] w, double[] u, double[] v, double[] xs, double target) {
          double[] h = h0;
          for (int t = 0; t < xs.length; t++) {
            h = step(h, w, u, xs[t]);
          }
          double out = 0;
          for (int i = 0; i < h.length; i++) {
            out += v[i] * h[i];
          }
          double r = out - target;
          return r * r;
        }
      }
      """;

  static final String HEAT =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /**
       * A 1-D reaction-diffusion equation u_t = kappa u_xx - r u^3 with fixed ends, explicit Euler
       * over two buffers swapped every step; each new state is passed to an energy term.
       */
      public final class Heat {
        private Heat() {}

        @Differentiable
        public static double energy(double[] u) {
          double e = 0;
          for (int i = 0; i < u.length; i++) {
            e += 0.5 * u[i] * u[i];
          }
          return e;
        }

        @Differentiable(wrt = {"u0", "kappa", "r"})
        public static double loss(double[] u0, double kappa, double r, double[] target, int steps) {
          int n = u0.length;
          double[] prev = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            prev[i] = u0[i];
          }
          double cost = 0;
          for (int t = 0; t < steps; t++) {
            next[0] = prev[0];
            next[n - 1] = prev[n - 1];
            for (int i = 1; i < n - 1; i++) {
              next[i] = prev[i] + kappa * (prev[i - 1] - 2 * prev[i] + prev[i + 1])
                  - r * prev[i] * prev[i] * prev[i];
            }
            cost += 0.01 * energy(next);
            double[] tmp = prev;
            prev = next;
            next = tmp;
          }
          for (int i = 0; i < n; i++) {
            double d = prev[i] - target[i];
            cost += d * d;
          }
          return cost;
        }
      }
      """;

  static final String HEAT_NEWTON =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** The reaction-diffusion loss of order 2 (Newton steps): its Hessian through the swaps. */
      public final class HeatNewton {
        private HeatNewton() {}

        @Differentiable(order = 2)
        public static double energy(double[] u) {
          double e = 0;
          for (int i = 0; i < u.length; i++) {
            e += 0.25 * u[i] * u[i] * u[i] * u[i];
          }
          return e;
        }

        @Differentiable(order = 2, wrt = {"u0", "kappa"})
        public static double loss(double[] u0, double kappa, int steps) {
          int n = u0.length;
          double[] prev = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            prev[i] = u0[i];
          }
          double cost = 0;
          for (int t = 0; t < steps; t++) {
            next[0] = prev[0];
            next[n - 1] = prev[n - 1];
            for (int i = 1; i < n - 1; i++) {
              next[i] = prev[i] + kappa * (prev[i - 1] - 2 * prev[i] + prev[i + 1])
                  - 0.1 * prev[i] * prev[i] * prev[i];
            }
            cost += energy(next);
            double[] tmp = prev;
            prev = next;
            next = tmp;
          }
          return cost;
        }
      }
      """;

  static final String LOGISTIC =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** L2-regularised logistic regression with its Hessian (for Newton), via a row helper. */
      public final class Logistic {
        private Logistic() {}

        @Differentiable(order = 2)
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
          }
          return s;
        }

        @Differentiable(order = 2, wrt = {"w", "b"})
        public static double loss(double[] w, double b, double[][] x, double[] y) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double z = dot(w, x[i]) + b;
            // log(1 + exp(-y z)), stably
            double m = -y[i] * z;
            total += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
          }
          return total / x.length + 0.05 * dot(w, w);
        }
      }
      """;

  static final String PROJECTED =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /**
       * A relaxation started from a point projected onto the unit ball; the projection returns its
       * argument itself when the point is inside.
       */
      public final class Projected {
        private Projected() {}

        @Differentiable
        public static double[] project(double[] v) {
          double n = 0;
          for (int i = 0; i < v.length; i++) {
            n += v[i] * v[i];
          }
          if (n <= 1) {
            return v;
          }
          double[] out = new double[v.length];
          double s = 1 / Math.sqrt(n);
          for (int i = 0; i < v.length; i++) {
            out[i] = s * v[i];
          }
          return out;
        }

        @Differentiable(wrt = {"start", "rate"})
        public static double loss(double[] start, double rate, double[] target, int steps) {
          double[] v = project(start);
          for (int t = 0; t < steps; t++) {
            double[] next = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              next[i] = v[i] + rate * (target[i] - v[i] * v[i] * v[i]);
            }
            v = next;
          }
          double cost = 0;
          for (int i = 0; i < v.length; i++) {
            cost += v[i] * v[i];
          }
          return cost;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> model(String source, String name) {
    return CompiledSources.withAdjoint(source).load("realistic." + name);
  }

  static double[] normal(Random rng, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * rng.nextGaussian();
    }
    return v;
  }

  static double[][] normal(Random rng, int rows, int cols, double scale) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = normal(rng, cols, scale);
    }
    return m;
  }

  @Test
  void softmaxRegression() {
    int classes = 3;
    int features = 4;
    AdjointCheck.of(model(SOFTMAX_REGRESSION, "SoftmaxRegression"))
        .points("dot", rng -> new Object[] {normal(rng, 5, 1), normal(rng, 5, 1)})
        .points(
            "loss",
            rng -> {
              int[] labels = new int[6];
              for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(classes);
              }
              return new Object[] {
                normal(rng, classes, features, 1), normal(rng, 6, features, 1), labels, 0.01
              };
            })
        .points("softmax", rng -> new Object[] {normal(rng, classes, 1)})
        .points(
            "lossViaSoftmax",
            rng -> {
              int[] labels = new int[6];
              for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(classes);
              }
              return new Object[] {
                normal(rng, classes, features, 1), normal(rng, 6, features, 1), labels
              };
            })
        .verify();
  }

  @Test
  void multiLayerPerceptron() {
    var summary =
        AdjointCheck.of(model(MLP, "Mlp"))
            .points(
                "layer",
                rng ->
                    new Object[] {normal(rng, 3, 4, 0.7), normal(rng, 3, 0.5), normal(rng, 4, 1)})
            .points(
                "loss",
                rng ->
                    new Object[] {
                      normal(rng, 5, 3, 0.7),
                      normal(rng, 5, 0.3),
                      normal(rng, 4, 5, 0.7),
                      normal(rng, 4, 0.3),
                      normal(rng, 4, 0.7),
                      normal(rng, 6, 3, 1),
                      normal(rng, 6, 1)
                    })
            .verify();
    assertTrue(summary.methods().get("layer").contains(Check.JACOBIAN), summary.toString());
  }

  @Test
  void recurrentNetwork() {
    AdjointCheck.of(model(RNN, "Rnn"))
        .points(
            "step",
            rng ->
                new Object[] {
                  normal(rng, 4, 0.5), normal(rng, 4, 4, 0.5), normal(rng, 4, 1), rng.nextGaussian()
                })
        .points(
            "loss",
            rng ->
                new Object[] {
                  normal(rng, 4, 4, 0.5),
                  normal(rng, 4, 1),
                  normal(rng, 4, 1),
                  normal(rng, 5, 1),
                  rng.nextGaussian()
                })
        .points(
            "lossFrom",
            rng ->
                new Object[] {
                  normal(rng, 4, 0.5),
                  normal(rng, 4, 4, 0.5),
                  normal(rng, 4, 1),
                  normal(rng, 4, 1),
                  normal(rng, 5, 1),
                  rng.nextGaussian()
                })
        .verify();
  }

  @Test
  void heatEquationWithSwappedBuffers() {
    AdjointCheck.of(model(HEAT, "Heat"))
        .points("energy", rng -> new Object[] {normal(rng, 6, 1)})
        .points(
            "loss",
            rng ->
                new Object[] {
                  normal(rng, 8, 0.5),
                  0.1 + 0.2 * rng.nextDouble(),
                  0.05 + 0.1 * rng.nextDouble(),
                  normal(rng, 8, 0.5),
                  1 + rng.nextInt(7)
                })
        .verify();
  }

  @Test
  void heatEquationHessian() {
    var summary =
        AdjointCheck.of(model(HEAT_NEWTON, "HeatNewton"))
            .points("energy", rng -> new Object[] {normal(rng, 5, 1)})
            .points(
                "loss",
                rng ->
                    new Object[] {
                      normal(rng, 6, 0.5), 0.1 + 0.2 * rng.nextDouble(), 1 + rng.nextInt(4)
                    })
            .verify();
    assertTrue(
        summary.methods().get("loss").containsAll(Set.of(Check.HESSIAN, Check.HVP)),
        summary.toString());
  }

  @Test
  void logisticRegressionWithHessian() {
    var summary =
        AdjointCheck.of(model(LOGISTIC, "Logistic"))
            .points("dot", rng -> new Object[] {normal(rng, 4, 1), normal(rng, 4, 1)})
            .points(
                "loss",
                rng -> {
                  double[] y = new double[8];
                  for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextBoolean() ? 1 : -1;
                  }
                  return new Object[] {
                    normal(rng, 3, 1), rng.nextGaussian(), normal(rng, 8, 3, 1.5), y
                  };
                })
            .verify();
    assertTrue(
        summary.methods().get("loss").containsAll(Set.of(Check.HESSIAN, Check.HVP)),
        summary.toString());
  }

  @Test
  void relaxationFromAProjectionThatMayReturnItsArgument() {
    AdjointCheck.of(model(PROJECTED, "Projected"))
        .pointsPerMethod(6)
        .points("project", rng -> new Object[] {normal(rng, 3, rng.nextBoolean() ? 0.3 : 1.5)})
        .points(
            "loss",
            rng ->
                new Object[] {
                  normal(rng, 3, rng.nextBoolean() ? 0.3 : 1.5),
                  0.1 + 0.2 * rng.nextDouble(),
                  normal(rng, 3, 0.5),
                  1 + rng.nextInt(4)
                })
        .verify();
  }
}
