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

import static dev.adjoint.processor.corpus.FloatDataTest.floats;
import static dev.adjoint.processor.corpus.RealisticModelsTest.normal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import dev.adjoint.Tape;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Models written with the constructs users reach for first: a regression that loops {@code for
 * (double[] row : x)} and writes through the rows of a local matrix, piecewise functions chosen
 * with {@code switch}, and a model over {@code float[]} data. Each is checked by {@link
 * AdjointCheck} at several random points: gradient and pullback against central differences,
 * forward mode against reverse mode, and Hessians against differences of the gradient.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubsetModelsTest {
  static final String ROW_REGRESSION =
      """
      package subset;

      import dev.adjoint.Differentiable;

      /**
       * Ridge regression behind a learned per-feature affine normalisation, written over rows: the
       * features are copied into a local matrix, scaled and shifted in place through its rows, then
       * fitted.
       */
      public final class RowRegression {
        private RowRegression() {}

        @Differentiable(order = 2, wrt = {"w", "b", "scale", "shift"})
        public static double loss(
            double[] w, double b, double[] scale, double[] shift, double[][] x, double[] y) {
          double[][] z = new double[x.length][w.length];
          int i = 0;
          for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
              z[i][j] = row[j];
            }
            i++;
          }
          for (double[] row : z) {
            for (int j = 0; j < row.length; j++) {
              row[j] *= scale[j];
              row[j] += shift[j];
            }
          }
          double total = 0;
          i = 0;
          for (double[] row : z) {
            double prediction = b;
            int j = 0;
            for (double v : row) {
              prediction += w[j++] * v;
            }
            double r = prediction - y[i++];
            total += r * r;
          }
          double penalty = 0;
          for (double v : w) {
            penalty += v * v;
          }
          return total / x.length + 0.1 * penalty;
        }
      }
      """;

  static final String PIECEWISE =
      """
      package subset;

      import dev.adjoint.Differentiable;

      /**
       * A uniform cubic B-spline fitted to samples (the basis chosen per segment with a switch
       * expression), under a Huber loss (the region chosen with a switch statement).
       */
      public final class Spline {
        private Spline() {}

        @Differentiable(order = 2)
        public static double basis(int j, double u) {
          return switch (j) {
            case 0 -> (1 - u) * (1 - u) * (1 - u) / 6;
            case 1 -> (3 * u * u * u - 6 * u * u + 4) / 6;
            case 2 -> (-3 * u * u * u + 3 * u * u + 3 * u + 1) / 6;
            default -> u * u * u / 6;
          };
        }

        /** The spline at t in [0, c.length - 3): segment k uses c[k] .. c[k + 3]. */
        @Differentiable(order = 2)
        public static double at(double[] c, double t) {
          int k = (int) Math.floor(t);
          double u = t - k;
          double s = 0;
          for (int j = 0; j < 4; j++) {
            s += c[k + j] * basis(j, u);
          }
          return s;
        }

        @Differentiable(order = 2)
        public static double huber(double r, double delta) {
          int region = r < -delta ? 0 : r > delta ? 2 : 1;
          double loss;
          switch (region) {
            case 0:
              loss = -delta * (r + 0.5 * delta);
              break;
            case 2:
              loss = delta * (r - 0.5 * delta);
              break;
            default:
              loss = 0.5 * r * r;
          }
          return loss;
        }

        @Differentiable(order = 2, wrt = "c")
        public static double loss(double[] c, double[] t, double[] y, double delta) {
          double total = 0;
          for (int i = 0; i < t.length; i++) {
            total += huber(at(c, t[i]) - y[i], delta);
          }
          return total / t.length;
        }
      }
      """;

  static final String FLOAT_DATA =
      """
      package subset;

      import dev.adjoint.Differentiable;

      /**
       * Logistic regression over float32 data as it comes from a file: n rows of d features in one
       * float[] (row-major) and float labels in {0, 1}, with its Hessian for Newton's method.
       */
      public final class FloatLogistic {
        private FloatLogistic() {}

        @Differentiable(order = 2, wrt = {"w", "b"})
        public static double loss(double[] w, double b, float[] x, float[] labels) {
          int d = w.length;
          double total = 0;
          int i = 0;
          for (float label : labels) {
            double z = b;
            for (int j = 0; j < d; j++) {
              z += w[j] * x[i * d + j];
            }
            // log(1 + exp(z)) - label z, stably
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            total += softplus - label * z;
            i++;
          }
          double penalty = 0;
          for (double v : w) {
            penalty += v * v;
          }
          return total / labels.length + 0.01 * penalty;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> model(String source, String name) {
    return CompiledSources.withAdjoint(source).load("subset." + name);
  }

  @Test
  void regressionOverRowsWithWritesThroughThem() {
    var summary =
        AdjointCheck.of(model(ROW_REGRESSION, "RowRegression"))
            .points(
                "loss",
                rng ->
                    new Object[] {
                      normal(rng, 3, 1),
                      rng.nextGaussian(),
                      normal(rng, 3, 1),
                      normal(rng, 3, 1),
                      normal(rng, 6, 3, 1),
                      normal(rng, 6, 1)
                    })
            .verify();
    assertTrue(
        summary.methods().get("loss").containsAll(Set.of(Check.HESSIAN, Check.HVP)),
        summary.toString());
  }

  @Test
  void piecewiseSplineUnderHuberLoss() {
    var summary =
        AdjointCheck.of(model(PIECEWISE, "Spline"))
            .pointsPerMethod(8)
            .points("basis", rng -> new Object[] {rng.nextInt(4), 0.05 + 0.9 * rng.nextDouble()})
            // Away from the knots (integers), where the spline's segment changes.
            .points(
                "at",
                rng ->
                    new Object[] {
                      normal(rng, 7, 1), rng.nextInt(4) + 0.05 + 0.9 * rng.nextDouble()
                    })
            // Residuals in each region, away from its ends.
            .points(
                "huber",
                rng -> new Object[] {(rng.nextInt(3) - 1) * 2 + 0.2 * rng.nextGaussian(), 1.0})
            .points(
                "loss",
                rng -> {
                  double[] t = new double[8];
                  for (int i = 0; i < t.length; i++) {
                    t[i] = rng.nextInt(4) + 0.05 + 0.9 * rng.nextDouble();
                  }
                  return new Object[] {normal(rng, 7, 1), t, normal(rng, 8, 1.5), 0.5};
                })
            .verify();
    for (String m : new String[] {"basis", "at", "huber", "loss"}) {
      assertTrue(
          summary.methods().get(m).containsAll(Set.of(Check.HESSIAN, Check.HVP)),
          summary.toString());
    }
  }

  @Test
  void logisticRegressionOverFloatData() {
    var summary =
        AdjointCheck.of(model(FLOAT_DATA, "FloatLogistic"))
            .points(
                "loss",
                rng -> {
                  float[] labels = new float[7];
                  for (int i = 0; i < labels.length; i++) {
                    labels[i] = rng.nextBoolean() ? 1 : 0;
                  }
                  return new Object[] {
                    normal(rng, 3, 1), rng.nextGaussian(), floats(rng, 21), labels
                  };
                })
            .verify();
    assertTrue(
        summary.methods().get("loss").containsAll(Set.of(Check.HESSIAN, Check.HVP)),
        summary.toString());
  }
}
