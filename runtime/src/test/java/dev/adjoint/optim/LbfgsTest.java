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
package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LbfgsTest {

  /** ½ xᵀAx − bᵀx for a random symmetric positive definite A: the minimiser solves Ax = b. */
  @Test
  void aQuadraticsMinimiserSolvesItsLinearSystem() {
    int n = 12;
    Random random = new Random(3);
    double[][] m = new double[n][n];
    for (double[] row : m) {
      for (int j = 0; j < n; j++) {
        row[j] = random.nextGaussian();
      }
    }
    double[][] a = new double[n][n]; // MᵀM + I
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[i][j] += m[k][i] * m[k][j];
        }
      }
      a[i][i] += 1;
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = random.nextGaussian();
    }
    Lbfgs.Result r =
        Lbfgs.minimize(
            (x, g) -> {
              double f = 0;
              for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) {
                  ax += a[i][j] * x[j];
                }
                g[i] = ax - b[i];
                f += 0.5 * x[i] * ax - b[i] * x[i];
              }
              return f;
            },
            new double[n],
            Lbfgs.Options.defaults().gradientTolerance(1e-7).valueTolerance(0),
            null);
    assertEquals(Lbfgs.Stop.GRADIENT, r.stop());
    // A's eigenvalues are at least 1, so x is within |g| ≤ 1e-7 × max(1, |f|) of the solution.
    double[] solution = solve(a, b);
    assertArrayEquals(solution, r.x(), 1e-6);
    assertTrue(r.iterations() < 60, "iterations: " + r.iterations());
  }

  /** The Rosenbrock valley, in 2 and in 10 dimensions, from the textbook start. */
  @Test
  void rosenbrocksMinimumIsFound() {
    for (int n : new int[] {2, 10}) {
      double[] start = new double[n];
      for (int i = 0; i < n; i++) {
        start[i] = i % 2 == 0 ? -1.2 : 1.0;
      }
      Lbfgs.Result r =
          Lbfgs.minimize(
              LbfgsTest::rosenbrock,
              start,
              Lbfgs.Options.defaults().maxIterations(500).gradientTolerance(1e-9).valueTolerance(0),
              null);
      double[] ones = new double[n];
      java.util.Arrays.fill(ones, 1.0);
      assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), "n = " + n);
      assertArrayEquals(ones, r.x(), 1e-6, "n = " + n);
      assertEquals(0.0, r.value(), 1e-12);
      // The gradient reported is the objective's at the point reported.
      double[] g = new double[n];
      assertEquals(rosenbrock(r.x(), g), r.value());
      assertArrayEquals(g, r.gradient());
    }
  }

  /** Least squares by L-BFGS agree with the normal equations. */
  @Test
  void leastSquaresAgreeWithTheNormalEquations() {
    int rows = 200;
    int d = 5;
    Random random = new Random(8);
    double[][] features = new double[rows][d];
    double[] target = new double[rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        features[i][j] = random.nextGaussian() * (j + 1); // Differently scaled columns.
      }
      target[i] = random.nextGaussian();
    }
    Lbfgs.Objective meanSquare =
        (w, g) -> {
          java.util.Arrays.fill(g, 0.0);
          double f = 0;
          for (int i = 0; i < rows; i++) {
            double r = -target[i];
            for (int j = 0; j < d; j++) {
              r += w[j] * features[i][j];
            }
            f += 0.5 * r * r / rows;
            for (int j = 0; j < d; j++) {
              g[j] += r * features[i][j] / rows;
            }
          }
          return f;
        };
    // The gradient can be made about √ε times the value's scale, not less: f is known to ε.
    Lbfgs.Result r =
        Lbfgs.minimize(
            meanSquare,
            new double[d],
            Lbfgs.Options.defaults().gradientTolerance(1e-7).valueTolerance(0),
            null);
    double[][] xtx = new double[d][d];
    double[] xty = new double[d];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        xty[j] += features[i][j] * target[i];
        for (int k = 0; k < d; k++) {
          xtx[j][k] += features[i][j] * features[i][k];
        }
      }
    }
    assertEquals(Lbfgs.Stop.GRADIENT, r.stop());
    assertArrayEquals(solve(xtx, xty), r.x(), 1e-6);
  }

  @Test
  void theSameRunGivesTheSameIteratesBitForBit() {
    List<double[]> first = new ArrayList<>();
    List<double[]> second = new ArrayList<>();
    double[] start = {-1.2, 1.0, -1.2, 1.0};
    Lbfgs.minimize(
        LbfgsTest::rosenbrock,
        start,
        Lbfgs.Options.defaults().maxIterations(40),
        (k, f, x, g) -> first.add(x.clone()));
    Lbfgs.minimize(
        LbfgsTest::rosenbrock,
        start,
        Lbfgs.Options.defaults().maxIterations(40),
        (k, f, x, g) -> second.add(x.clone()));
    assertEquals(first.size(), second.size());
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), second.get(i), 0.0);
    }
    assertArrayEquals(new double[] {-1.2, 1.0, -1.2, 1.0}, start); // Not modified.
  }

  @Test
  void everyIterationDecreasesTheValue() {
    List<Double> values = new ArrayList<>();
    Lbfgs.Result r =
        Lbfgs.minimize(
            LbfgsTest::rosenbrock,
            new double[] {-1.2, 1.0},
            Lbfgs.Options.defaults().maxIterations(200),
            (k, f, x, g) -> values.add(f));
    assertEquals(r.iterations(), values.size());
    for (int i = 1; i < values.size(); i++) {
      assertTrue(values.get(i) < values.get(i - 1), "iteration " + (i + 1));
    }
  }

  @Test
  void theListenerAndTheLimitsStopIt() {
    double[] start = {-1.2, 1.0};
    Lbfgs.Result stopped =
        Lbfgs.minimize(
            LbfgsTest::rosenbrock, start, Lbfgs.Options.defaults(), (k, f, x, g) -> k < 3);
    assertEquals(Lbfgs.Stop.LISTENER, stopped.stop());
    assertEquals(3, stopped.iterations());

    Lbfgs.Result iterations =
        Lbfgs.minimize(
            LbfgsTest::rosenbrock, start, Lbfgs.Options.defaults().maxIterations(5), null);
    assertEquals(Lbfgs.Stop.MAX_ITERATIONS, iterations.stop());
    assertEquals(5, iterations.iterations());

    int[] calls = {0};
    Lbfgs.Result evaluations =
        Lbfgs.minimize(
            (x, g) -> {
              calls[0]++;
              return rosenbrock(x, g);
            },
            start,
            Lbfgs.Options.defaults().maxEvaluations(7),
            null);
    assertEquals(Lbfgs.Stop.MAX_EVALUATIONS, evaluations.stop());
    assertEquals(7, evaluations.evaluations());
    assertEquals(7, calls[0]);

    Lbfgs.Result none =
        Lbfgs.minimize(
            LbfgsTest::rosenbrock, start, Lbfgs.Options.defaults().maxIterations(0), null);
    assertArrayEquals(start, none.x());
    assertEquals(1, none.evaluations());
  }

  @Test
  void aValueThatStopsDecreasingStopsIt() {
    double tolerance = 1e-3;
    List<Double> values = new ArrayList<>();
    values.add(rosenbrock(new double[] {-1.2, 1.0}, new double[2]));
    Lbfgs.Result r =
        Lbfgs.minimize(
            LbfgsTest::rosenbrock,
            new double[] {-1.2, 1.0},
            Lbfgs.Options.defaults().gradientTolerance(0).valueTolerance(tolerance),
            (k, f, x, g) -> values.add(f));
    assertEquals(Lbfgs.Stop.VALUE, r.stop());
    int last = values.size() - 1;
    assertTrue(
        values.get(last - 1) - values.get(last)
            <= tolerance * Math.max(1, Math.abs(values.get(last))));
    for (int i = 1; i < last; i++) {
      assertTrue(
          values.get(i - 1) - values.get(i) > tolerance * Math.max(1, Math.abs(values.get(i))),
          "iteration " + i);
    }
  }

  /** A step into a region where the objective is NaN is shortened, not taken. */
  @Test
  void nonFiniteValuesCountAsTooLongASteps() {
    // -log(x) + x, minimum at 1, NaN for x < 0: the first full step from 0.1 overshoots into x < 0.
    Lbfgs.Result r =
        Lbfgs.minimize(
            (x, g) -> {
              g[0] = -1 / x[0] + 1;
              return -Math.log(x[0]) + x[0];
            },
            new double[] {3.0},
            Lbfgs.Options.defaults().gradientTolerance(1e-10).valueTolerance(0),
            null);
    assertEquals(1.0, r.x()[0], 1e-9);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Lbfgs.minimize(
                (x, g) -> Math.log(x[0]), new double[] {-1.0}, Lbfgs.Options.defaults(), null));
  }

  @Test
  void rejectsInvalidOptions() {
    assertThrows(IllegalArgumentException.class, () -> Lbfgs.Options.defaults().memory(0));
    assertThrows(IllegalArgumentException.class, () -> Lbfgs.Options.defaults().maxIterations(-1));
    assertThrows(IllegalArgumentException.class, () -> Lbfgs.Options.defaults().maxEvaluations(0));
    assertThrows(
        IllegalArgumentException.class, () -> Lbfgs.Options.defaults().gradientTolerance(-1));
    assertThrows(
        IllegalArgumentException.class, () -> Lbfgs.Options.defaults().valueTolerance(Double.NaN));
  }

  /** Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², over consecutive pairs. */
  static double rosenbrock(double[] x, double[] g) {
    java.util.Arrays.fill(g, 0.0);
    double f = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      f += 100 * a * a + b * b;
      g[i] += -400 * a * x[i] - 2 * b;
      g[i + 1] += 200 * a;
    }
    return f;
  }

  /** Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) {
          m[r][k] -= f * m[c][k];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * x[k];
      }
      x[r] = s / m[r][r];
    }
    return x;
  }

  /** Parameters as a record: a vector, a scalar, a tensor, and a size that is data. */
  record Params(double[] w, double b, dev.adjoint.tensor.Tensor t, int n) {}

  /** A Rosenbrock valley over w, plus quadratics in b and t: minimum at w = 1, b = 3, t = -1. */
  static double valley(double[] x, double[] gradient) {
    java.util.Arrays.fill(gradient, 0.0);
    double f = 0;
    for (int i = 0; i + 1 < 3; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double c = 1 - x[i];
      f += 100 * a * a + c * c;
      gradient[i] += -400 * a * x[i] - 2 * c;
      gradient[i + 1] += 200 * a;
    }
    f += (x[3] - 3) * (x[3] - 3);
    gradient[3] = 2 * (x[3] - 3);
    for (int i = 4; i < x.length; i++) {
      f += (x[i] + 1) * (x[i] + 1);
      gradient[i] = 2 * (x[i] + 1);
    }
    return f;
  }

  @Test
  void aRecordIsMinimisedAsItsLeavesConcatenatedBitForBit() {
    Params start =
        new Params(
            new double[] {-1.2, 1, 0.5},
            0.0,
            dev.adjoint.tensor.Tensor.of(new double[] {2, -3, 0.5, 1}, 2, 2),
            7);
    Lbfgs.RecordResult<Params> r =
        Lbfgs.minimize(
            p -> {
              double[] x = new double[8];
              System.arraycopy(p.w(), 0, x, 0, 3);
              x[3] = p.b();
              System.arraycopy(p.t().toArray(), 0, x, 4, 4);
              double[] g = new double[8];
              double f = valley(x, g);
              return new Lbfgs.ValueAndGradient<>(
                  f,
                  new Params(
                      java.util.Arrays.copyOf(g, 3),
                      g[3],
                      dev.adjoint.tensor.Tensor.of(java.util.Arrays.copyOfRange(g, 4, 8), 2, 2),
                      -1));
            },
            start,
            Lbfgs.Options.defaults());
    Lbfgs.Result flat =
        Lbfgs.minimize(
            LbfgsTest::valley,
            new double[] {-1.2, 1, 0.5, 0, 2, -3, 0.5, 1},
            Lbfgs.Options.defaults(),
            null);
    assertEquals(flat.iterations(), r.iterations());
    assertEquals(flat.value(), r.value());
    assertArrayEquals(java.util.Arrays.copyOf(flat.x(), 3), r.x().w());
    assertEquals(flat.x()[3], r.x().b());
    assertArrayEquals(java.util.Arrays.copyOfRange(flat.x(), 4, 8), r.x().t().toArray());
    assertEquals(7, r.x().n(), "data components stay the start's");
    assertArrayEquals(new int[] {2, 2}, r.x().t().shape());
    assertArrayEquals(new double[] {1, 1, 1}, r.x().w(), 1e-4);
    assertEquals(3, r.x().b(), 1e-6);
    assertArrayEquals(new double[] {-1, -1, -1, -1}, r.x().t().toArray(), 1e-6);
    assertEquals(-1.2, start.w()[0], "the start is not modified");
  }
}
