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
import static dev.adjoint.processor.corpus.Rejections.errorAt;
import static dev.adjoint.processor.corpus.Rejections.singleErrorAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scientific and financial programs written as users write them (PDE stencils over swapped and
 * rotated buffers, ODE integrators, iterative solvers with data-dependent trip counts, option
 * pricers, interpolation with binary search), checked with {@link AdjointCheck} against central
 * finite differences at several random points, plus probes of constructs at the edge of the
 * supported subset.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UserModelsSciTest {

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> model(String source, String name) {
    return CompiledSources.withAdjoint(source).load("realistic." + name);
  }

  static double[] uniform(Random rng, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // 1. Explicit heat equation, two buffers swapped with `double[] t = u; u = next; next = t;`.

  static final String HEAT =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** u_t = alpha u_xx, explicit Euler, Dirichlet (given end values) or periodic boundaries. */
      public final class Heat1D {
        private Heat1D() {}

        @Differentiable
        public static double laplacian(double[] u, int i, boolean periodic, double bcL, double bcR) {
          int n = u.length;
          double left;
          double right;
          if (periodic) {
            left = u[(i - 1 + n) % n];
            right = u[(i + 1) % n];
          } else {
            left = i == 0 ? bcL : u[i - 1];
            right = i == n - 1 ? bcR : u[i + 1];
          }
          return left - 2 * u[i] + right;
        }

        @Differentiable(wrt = {"u0", "alpha", "bcL", "bcR"})
        public static double misfit(double[] u0, double alpha, double bcL, double bcR,
            double[] obs, int steps, boolean periodic) {
          int n = u0.length;
          double[] u = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            u[i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
              next[i] = u[i] + alpha * laplacian(u, i, periodic, bcL, bcR);
            }
            double[] t = u;
            u = next;
            next = t;
          }
          double j = 0;
          for (int i = 0; i < n; i++) {
            double d = u[i] - obs[i];
            j += d * d;
          }
          return 0.5 * j;
        }
      }
      """;

  @Test
  void heatEquationDirichletAndPeriodic() {
    int[] sizes = {1, 2, 3, 7};
    AdjointCheck.of(model(HEAT, "Heat1D"))
        .pointsPerMethod(8)
        .points(
            "laplacian",
            rng -> {
              int n = sizes[rng.nextInt(sizes.length)];
              return new Object[] {
                normal(rng, n, 1),
                rng.nextInt(n),
                rng.nextBoolean(),
                rng.nextGaussian(),
                rng.nextGaussian()
              };
            })
        .points(
            "misfit",
            rng -> {
              int n = sizes[rng.nextInt(sizes.length)];
              return new Object[] {
                normal(rng, n, 1),
                0.05 + 0.3 * rng.nextDouble(),
                rng.nextGaussian(),
                rng.nextGaussian(),
                normal(rng, n, 1),
                rng.nextInt(6),
                rng.nextBoolean()
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Leapfrog wave equation rotating three buffers.

  static final String WAVE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** u_tt = c^2 u_xx with fixed (zero) ends, leapfrog over three rotated buffers. */
      public final class Wave {
        private Wave() {}

        @Differentiable
        public static double lap(double[] u, int i) {
          double l = i > 0 ? u[i - 1] : 0.0;
          double r = i < u.length - 1 ? u[i + 1] : 0.0;
          return l - 2 * u[i] + r;
        }

        @Differentiable(wrt = {"u0", "v0", "c"})
        public static double energy(double[] u0, double[] v0, double c, double dt, int steps) {
          int n = u0.length;
          double[] prev = new double[n], cur = new double[n], next = new double[n];
          double r2 = c * c * dt * dt;
          for (int i = 0; i < n; i++) {
            prev[i] = u0[i];
          }
          for (int i = 0; i < n; i++) {
            cur[i] = prev[i] + dt * v0[i] + 0.5 * r2 * lap(prev, i);
          }
          for (int s = 1; s < steps; s++) {
            for (int i = 0; i < n; i++) {
              next[i] = 2 * cur[i] - prev[i] + r2 * lap(cur, i);
            }
            double[] t = prev;
            prev = cur;
            cur = next;
            next = t;
          }
          double e = 0;
          for (int i = 0; i < n; i++) {
            double v = (cur[i] - prev[i]) / dt;
            e += 0.5 * v * v + 0.5 * c * c * cur[i] * cur[i] * cur[i] * cur[i];
          }
          return e;
        }
      }
      """;

  @Test
  void leapfrogWaveOverThreeRotatedBuffers() {
    int[] sizes = {1, 2, 5, 8};
    AdjointCheck.of(model(WAVE, "Wave"))
        .pointsPerMethod(8)
        .points(
            "lap",
            rng -> {
              int n = sizes[rng.nextInt(sizes.length)];
              return new Object[] {normal(rng, n, 1), rng.nextInt(n)};
            })
        .points(
            "energy",
            rng -> {
              int n = sizes[rng.nextInt(sizes.length)];
              return new Object[] {
                normal(rng, n, 1),
                normal(rng, n, 1),
                0.5 + rng.nextDouble(),
                0.1,
                1 + rng.nextInt(7)
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 3. RK4 Lotka-Volterra with a least-squares fit loss.

  static final String LOTKA =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Predator-prey, RK4, fitted in log space to observations at regular times. */
      public final class LotkaVolterra {
        private LotkaVolterra() {}

        @Differentiable
        public static double[] deriv(double[] y, double[] p) {
          double[] out = new double[2];
          out[0] = p[0] * y[0] - p[1] * y[0] * y[1];
          out[1] = p[2] * y[0] * y[1] - p[3] * y[1];
          return out;
        }

        @Differentiable
        public static double[] rk4Step(double[] y, double[] p, double h) {
          double[] k1 = deriv(y, p);
          double[] tmp = new double[2];
          for (int i = 0; i < 2; i++) {
            tmp[i] = y[i] + 0.5 * h * k1[i];
          }
          double[] k2 = deriv(tmp, p);
          for (int i = 0; i < 2; i++) {
            tmp[i] = y[i] + 0.5 * h * k2[i];
          }
          double[] k3 = deriv(tmp, p);
          for (int i = 0; i < 2; i++) {
            tmp[i] = y[i] + h * k3[i];
          }
          double[] k4 = deriv(tmp, p);
          double[] out = new double[2];
          for (int i = 0; i < 2; i++) {
            out[i] = y[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
          }
          return out;
        }

        @Differentiable(wrt = {"p", "y0"})
        public static double fitLoss(double[] p, double[] y0, double[][] obs, double dt,
            int substeps) {
          double[] y = new double[] {y0[0], y0[1]};
          double loss = 0;
          for (int k = 0; k < obs.length; k++) {
            for (int s = 0; s < substeps; s++) {
              y = rk4Step(y, p, dt / substeps);
            }
            double e0 = Math.log(y[0]) - Math.log(obs[k][0]);
            double e1 = Math.log(y[1]) - Math.log(obs[k][1]);
            loss += e0 * e0 + e1 * e1;
          }
          return loss / obs.length;
        }
      }
      """;

  static double[] lvParams(Random rng) {
    return new double[] {
      1.0 + 0.2 * rng.nextDouble(),
      0.4 + 0.1 * rng.nextDouble(),
      0.3 + 0.1 * rng.nextDouble(),
      0.8 + 0.2 * rng.nextDouble()
    };
  }

  @Test
  void rungeKuttaLotkaVolterraFit() {
    AdjointCheck.of(model(LOTKA, "LotkaVolterra"))
        .points("deriv", rng -> new Object[] {uniform(rng, 2, 0.5, 2), lvParams(rng)})
        .points(
            "rk4Step",
            rng ->
                new Object[] {
                  uniform(rng, 2, 0.5, 2), lvParams(rng), 0.05 + 0.1 * rng.nextDouble()
                })
        .points(
            "fitLoss",
            rng -> {
              int m = 1 + rng.nextInt(5);
              double[][] obs = new double[m][];
              for (int k = 0; k < m; k++) {
                obs[k] = uniform(rng, 2, 0.5, 2);
              }
              return new Object[] {
                lvParams(rng), uniform(rng, 2, 0.8, 1.5), obs, 0.2, 1 + rng.nextInt(3)
              };
            })
        .verify();
  }

  static final String LOTKA_VOID =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class LotkaVoid {
        private LotkaVoid() {}

        @Differentiable
        public static void deriv(double[] y, double[] p, double[] out) {
          out[0] = p[0] * y[0] - p[1] * y[0] * y[1];
          out[1] = p[2] * y[0] * y[1] - p[3] * y[1];
        }

        @Differentiable(wrt = "p")
        public static double endPrey(double[] p, double[] y0, double h, int steps) {
          double[] y = new double[] {y0[0], y0[1]};
          double[] k = new double[2];
          for (int s = 0; s < steps; s++) {
            deriv(y, p, k);
            y[0] += h * k[0];
            y[1] += h * k[1];
          }
          return y[0];
        }
      }
      """;

  @Test
  void voidDerivHelperIsRejectedAtItsDeclaration() {
    errorAt(
        LOTKA_VOID,
        "public static void deriv",
        "@Differentiable methods must return double, double[] or Tensor: deriv returns void");
  }

  /**
   * Besides the error at the void helper, each call of it points there ("which could not be
   * differentiated (see the error reported there)"), as calls of helpers rejected later do.
   */
  @Test
  void voidDerivHelperCallPointsAtTheHelpersError() {
    errorAt(
        LOTKA_VOID,
        "deriv(y, p, k);",
        "could not be differentiated",
        "see the error reported there");
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Newton (while + tolerance + break), do/while Newton, bisection + Newton polish.

  static final String ROOTS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Derivatives through iterative solvers whose trip counts depend on the inputs. */
      public final class Roots {
        private Roots() {}

        /** The real root of x^3 + a x - b (a > 0), by Newton from x = 1. */
        @Differentiable
        public static double cubicRoot(double a, double b) {
          double x = 1.0;
          int it = 0;
          while (it < 100) {
            double g = x * x * x + a * x - b;
            double dg = 3 * x * x + a;
            double step = g / dg;
            x -= step;
            if (Math.abs(step) < 1e-14 * (1 + Math.abs(x))) {
              break;
            }
            it++;
          }
          return x;
        }

        /** Kepler's equation E - e sin E = M by Newton in a do/while loop. */
        @Differentiable
        public static double eccentricAnomaly(double m, double e) {
          double ecc = m;
          double delta;
          int it = 0;
          do {
            delta = (ecc - e * Math.sin(ecc) - m) / (1 - e * Math.cos(ecc));
            ecc -= delta;
            it++;
          } while (Math.abs(delta) > 1e-13 && it < 50);
          return ecc;
        }

        @Differentiable
        public static double bondPrice(double y, double coupon, int n) {
          double price = 0;
          double df = 1;
          for (int k = 1; k <= n; k++) {
            df /= 1 + y;
            price += coupon * df;
          }
          return price + 100 * df;
        }

        @Differentiable
        public static double bondPriceSlope(double y, double coupon, int n) {
          double slope = 0;
          for (int k = 1; k <= n; k++) {
            slope -= k * coupon * Math.pow(1 + y, -k - 1);
          }
          return slope - n * 100 * Math.pow(1 + y, -n - 1);
        }

        /** Yield to maturity: bisection on [0, 1], then two Newton steps to polish. */
        @Differentiable(wrt = {"price", "coupon"})
        public static double yieldToMaturity(double price, double coupon, int n) {
          double lo = 0;
          double hi = 1;
          for (int it = 0; it < 60; it++) {
            double mid = 0.5 * (lo + hi);
            if (bondPrice(mid, coupon, n) > price) {
              lo = mid;
            } else {
              hi = mid;
            }
          }
          double y = 0.5 * (lo + hi);
          for (int it = 0; it < 2; it++) {
            y -= (bondPrice(y, coupon, n) - price) / bondPriceSlope(y, coupon, n);
          }
          return y;
        }

        /** A calibration loss through both solvers. */
        @Differentiable
        public static double loss(double a, double b, double m, double e) {
          double x = cubicRoot(a, b);
          double ea = eccentricAnomaly(m, e);
          return x * x + Math.sin(ea) * x;
        }
      }
      """;

  @Test
  void iterativeSolvers() {
    AdjointCheck.of(model(ROOTS, "Roots"))
        .pointsPerMethod(6)
        .points(
            "cubicRoot", rng -> new Object[] {0.5 + 2 * rng.nextDouble(), 4 * rng.nextGaussian()})
        .points(
            "eccentricAnomaly",
            rng -> new Object[] {0.2 + 2.5 * rng.nextDouble(), 0.05 + 0.6 * rng.nextDouble()})
        .points(
            "bondPrice",
            rng ->
                new Object[] {
                  0.01 + 0.1 * rng.nextDouble(), 2 + 6 * rng.nextDouble(), 1 + rng.nextInt(10)
                })
        .points(
            "bondPriceSlope",
            rng ->
                new Object[] {
                  0.01 + 0.1 * rng.nextDouble(), 2 + 6 * rng.nextDouble(), 1 + rng.nextInt(10)
                })
        .points(
            "yieldToMaturity",
            rng ->
                new Object[] {
                  80 + 30 * rng.nextDouble(), 2 + 6 * rng.nextDouble(), 1 + rng.nextInt(10)
                })
        .points(
            "loss",
            rng ->
                new Object[] {
                  0.5 + 2 * rng.nextDouble(),
                  4 * rng.nextGaussian(),
                  0.2 + 2.5 * rng.nextDouble(),
                  0.05 + 0.6 * rng.nextDouble()
                })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Black-Scholes with a hand-written normal CDF.

  static final String BLACK_SCHOLES =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Black-Scholes with the Abramowitz-Stegun 7.1.26 erf, and a volatility calibration. */
      public final class BlackScholes {
        private BlackScholes() {}

        static final double P = 0.3275911;
        static final double[] A = {0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429};

        @Differentiable
        public static double erf(double x) {
          double sign = 1;
          if (x < 0) {
            sign = -1;
            x = -x;
          }
          double t = 1.0 / (1.0 + P * x);
          double poly = 0;
          for (int i = A.length - 1; i >= 0; i--) {
            poly = poly * t + A[i];
          }
          double y = 1.0 - poly * t * Math.exp(-x * x);
          return sign * y;
        }

        @Differentiable
        public static double normCdf(double x) {
          return 0.5 * (1.0 + erf(x / Math.sqrt(2.0)));
        }

        @Differentiable
        public static double call(double s, double k, double r, double sigma, double t) {
          double sqrtT = Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
          double d2 = d1 - sigma * sqrtT;
          return s * normCdf(d1) - k * Math.exp(-r * t) * normCdf(d2);
        }

        @Differentiable
        public static double put(double s, double k, double r, double sigma, double t) {
          return call(s, k, r, sigma, t) - s + k * Math.exp(-r * t);
        }

        @Differentiable(wrt = {"sigma", "r"})
        public static double calibration(double sigma, double r, double s, double[] strikes,
            double[] quotes, double t) {
          double sse = 0;
          for (int i = 0; i < strikes.length; i++) {
            double model = strikes[i] > s ? call(s, strikes[i], r, sigma, t)
                : put(s, strikes[i], r, sigma, t);
            double d = model - quotes[i];
            sse += d * d;
          }
          return sse;
        }
      }
      """;

  @Test
  void blackScholesWithHandWrittenCdf() {
    AdjointCheck.of(model(BLACK_SCHOLES, "BlackScholes"))
        .pointsPerMethod(8)
        .points(
            "erf",
            rng -> new Object[] {(rng.nextBoolean() ? 1 : -1) * (0.01 + 3 * rng.nextDouble())})
        .points(
            "normCdf",
            rng -> new Object[] {(rng.nextBoolean() ? 1 : -1) * (0.01 + 3 * rng.nextDouble())})
        .points("call", BlackScholesPoints::point)
        .points("put", BlackScholesPoints::point)
        .points(
            "calibration",
            rng -> {
              int m = 1 + rng.nextInt(5);
              double[] strikes = uniform(rng, m, 70, 130);
              double[] quotes = uniform(rng, m, 1, 20);
              return new Object[] {
                0.1 + 0.4 * rng.nextDouble(),
                0.05 * rng.nextDouble(),
                100.0,
                strikes,
                quotes,
                0.25 + rng.nextDouble()
              };
            })
        .verify();
  }

  static final class BlackScholesPoints {
    static Object[] point(Random rng) {
      return new Object[] {
        80 + 40 * rng.nextDouble(),
        80 + 40 * rng.nextDouble(),
        0.05 * rng.nextDouble(),
        0.1 + 0.4 * rng.nextDouble(),
        0.1 + 2 * rng.nextDouble()
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Binomial tree, American put, backward induction in place.

  static final String BINOMIAL =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Cox-Ross-Rubinstein tree for an American put, values rolled back in one array. */
      public final class Binomial {
        private Binomial() {}

        @Differentiable(wrt = {"s", "k", "r", "sigma", "t"})
        public static double americanPut(double s, double k, double r, double sigma, double t,
            int n) {
          double dt = t / n;
          double u = Math.exp(sigma * Math.sqrt(dt));
          double d = 1 / u;
          double disc = Math.exp(-r * dt);
          double p = (Math.exp(r * dt) - d) / (u - d);
          double[] v = new double[n + 1];
          for (int j = 0; j <= n; j++) {
            v[j] = Math.max(k - s * Math.pow(u, j) * Math.pow(d, n - j), 0.0);
          }
          for (int i = n - 1; i >= 0; i--) {
            for (int j = 0; j <= i; j++) {
              double payoff = k - s * Math.pow(u, j) * Math.pow(d, i - j);
              v[j] = Math.max(payoff, disc * (p * v[j + 1] + (1 - p) * v[j]));
            }
          }
          return v[0];
        }
      }
      """;

  @Test
  void binomialAmericanPut() {
    AdjointCheck.of(model(BINOMIAL, "Binomial"))
        .pointsPerMethod(10)
        .points(
            "americanPut",
            rng ->
                new Object[] {
                  85 + 30 * rng.nextDouble(), 90 + 20 * rng.nextDouble(),
                      0.01 + 0.05 * rng.nextDouble(),
                  0.15 + 0.3 * rng.nextDouble(), 0.25 + rng.nextDouble(), 1 + rng.nextInt(12)
                })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 7. Monte Carlo Asian option with the normal draws passed in (paths x steps).

  static final String MONTE_CARLO =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Arithmetic-average Asian call under GBM, antithetic paths, pathwise greeks. */
      public final class MonteCarlo {
        private MonteCarlo() {}

        @Differentiable
        public static double pathPayoff(double s0, double drift, double vol, double k, double[] z,
            double sign) {
          double s = s0;
          double avg = 0;
          for (int j = 0; j < z.length; j++) {
            s *= Math.exp(drift + vol * sign * z[j]);
            avg += s;
          }
          avg /= z.length;
          return Math.max(avg - k, 0.0);
        }

        @Differentiable(wrt = {"s0", "r", "sigma", "k"})
        public static double asianCall(double s0, double k, double r, double sigma, double t,
            double[][] z) {
          int paths = z.length;
          int steps = z[0].length;
          double dt = t / steps;
          double drift = (r - 0.5 * sigma * sigma) * dt;
          double vol = sigma * Math.sqrt(dt);
          double sum = 0;
          for (double[] zp : z) {
            sum += 0.5 * (pathPayoff(s0, drift, vol, k, zp, 1.0)
                + pathPayoff(s0, drift, vol, k, zp, -1.0));
          }
          return Math.exp(-r * t) * sum / paths;
        }
      }
      """;

  @Test
  void monteCarloAsianWithPassedDraws() {
    AdjointCheck.of(model(MONTE_CARLO, "MonteCarlo"))
        .pointsPerMethod(6)
        .points(
            "pathPayoff",
            rng ->
                new Object[] {
                  100.0,
                  0.001 * rng.nextGaussian(),
                  0.05 + 0.05 * rng.nextDouble(),
                  80.0,
                  normal(rng, 1 + rng.nextInt(5), 1),
                  rng.nextBoolean() ? 1.0 : -1.0
                })
        .points(
            "asianCall",
            rng -> {
              int paths = 1 + rng.nextInt(9);
              int steps = 1 + rng.nextInt(6);
              return new Object[] {
                90 + 20 * rng.nextDouble(),
                95 + 10 * rng.nextDouble(),
                0.05 * rng.nextDouble(),
                0.1 + 0.3 * rng.nextDouble(),
                0.5 + rng.nextDouble(),
                normal(rng, paths, steps, 1)
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 8. Natural cubic spline and piecewise-linear interpolation with a binary search.

  static final String SPLINE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Interp {
        private Interp() {}

        static int locate(double[] xs, double x) {
          int lo = 0;
          int hi = xs.length - 1;
          while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] > x) {
              hi = mid;
            } else {
              lo = mid;
            }
          }
          return lo;
        }

        @Differentiable
        public static double linear(double[] xs, double[] ys, double x) {
          int lo = 0;
          int hi = xs.length - 1;
          while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            if (xs[mid] > x) {
              hi = mid;
            } else {
              lo = mid;
            }
          }
          double w = (x - xs[lo]) / (xs[hi] - xs[lo]);
          return (1 - w) * ys[lo] + w * ys[hi];
        }

        /** Second derivatives of the natural cubic spline through (xs, ys), Thomas algorithm. */
        @Differentiable
        public static double[] moments(double[] xs, double[] ys) {
          int n = xs.length;
          double[] m = new double[n];
          double[] cp = new double[n];
          double[] dp = new double[n];
          for (int i = 1; i < n - 1; i++) {
            double h0 = xs[i] - xs[i - 1];
            double h1 = xs[i + 1] - xs[i];
            double rhs = 6 * ((ys[i + 1] - ys[i]) / h1 - (ys[i] - ys[i - 1]) / h0);
            double denom = 2 * (h0 + h1) - h0 * cp[i - 1];
            cp[i] = h1 / denom;
            dp[i] = (rhs - h0 * dp[i - 1]) / denom;
          }
          for (int i = n - 2; i >= 1; i--) {
            m[i] = dp[i] - cp[i] * m[i + 1];
          }
          return m;
        }

        @Differentiable
        public static double spline(double[] xs, double[] ys, double x) {
          double[] m = moments(xs, ys);
          int lo = locate(xs, x);
          double h = xs[lo + 1] - xs[lo];
          double a = (xs[lo + 1] - x) / h;
          double b = (x - xs[lo]) / h;
          return a * ys[lo] + b * ys[lo + 1]
              + ((a * a * a - a) * m[lo] + (b * b * b - b) * m[lo + 1]) * h * h / 6;
        }

        @Differentiable(wrt = "ys")
        public static double fit(double[] xs, double[] ys, double[] qx, double[] qy) {
          double sse = 0;
          for (int i = 0; i < qx.length; i++) {
            double d = spline(xs, ys, qx[i]) - qy[i];
            sse += d * d;
          }
          return sse;
        }
      }
      """;

  static double[] knots(Random rng, int n) {
    double[] xs = new double[n];
    double x = 0;
    for (int i = 0; i < n; i++) {
      xs[i] = x;
      x += 0.5 + rng.nextDouble();
    }
    return xs;
  }

  static double inside(Random rng, double[] xs) {
    // away from the knots
    int seg = rng.nextInt(xs.length - 1);
    double w = 0.1 + 0.8 * rng.nextDouble();
    return xs[seg] + w * (xs[seg + 1] - xs[seg]);
  }

  @Test
  void splineAndLinearInterpolation() {
    int[] sizes = {2, 3, 4, 7};
    AdjointCheck.of(model(SPLINE, "Interp"))
        .pointsPerMethod(8)
        .points(
            "linear",
            rng -> {
              double[] xs = knots(rng, sizes[rng.nextInt(sizes.length)]);
              return new Object[] {xs, normal(rng, xs.length, 1), inside(rng, xs)};
            })
        .points(
            "moments",
            rng -> {
              double[] xs = knots(rng, sizes[rng.nextInt(sizes.length)]);
              return new Object[] {xs, normal(rng, xs.length, 1)};
            })
        .points(
            "spline",
            rng -> {
              double[] xs = knots(rng, sizes[rng.nextInt(sizes.length)]);
              return new Object[] {xs, normal(rng, xs.length, 1), inside(rng, xs)};
            })
        .points(
            "fit",
            rng -> {
              double[] xs = knots(rng, sizes[rng.nextInt(sizes.length)]);
              int q = 1 + rng.nextInt(6);
              double[] qx = new double[q];
              for (int i = 0; i < q; i++) {
                qx[i] = inside(rng, xs);
              }
              return new Object[] {xs, normal(rng, xs.length, 1), qx, normal(rng, q, 1)};
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 9. Gauss-Seidel / SOR in place.

  static final String GAUSS_SEIDEL =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class GaussSeidel {
        private GaussSeidel() {}

        @Differentiable(wrt = {"a", "b", "omega"})
        public static double solveAndMeasure(double[][] a, double[] b, double omega, int sweeps) {
          int n = b.length;
          double[] x = new double[n];
          for (int s = 0; s < sweeps; s++) {
            for (int i = 0; i < n; i++) {
              double sigma = 0;
              for (int j = 0; j < n; j++) {
                if (j != i) {
                  sigma += a[i][j] * x[j];
                }
              }
              x[i] = (1 - omega) * x[i] + omega * (b[i] - sigma) / a[i][i];
            }
          }
          double q = 0;
          for (int i = 0; i < n; i++) {
            q += (i + 1) * x[i] * x[i] + x[i];
          }
          return q;
        }
      }
      """;

  @Test
  void gaussSeidelInPlace() {
    int[] sizes = {1, 2, 3, 5};
    AdjointCheck.of(model(GAUSS_SEIDEL, "GaussSeidel"))
        .pointsPerMethod(8)
        .points(
            "solveAndMeasure",
            rng -> {
              int n = sizes[rng.nextInt(sizes.length)];
              double[][] a = normal(rng, n, n, 0.3);
              for (int i = 0; i < n; i++) {
                a[i][i] = 3 + rng.nextDouble();
              }
              return new Object[] {
                a, normal(rng, n, 1), 0.8 + 0.4 * rng.nextDouble(), rng.nextInt(6)
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 10. Prefix sums and cumulative products in place.

  static final String CUMULATIVE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Cumulative {
        private Cumulative() {}

        /** Soft maximum drawdown of a cumulative log-return path. */
        @Differentiable
        public static double drawdown(double[] r) {
          double[] a = new double[r.length];
          for (int i = 0; i < r.length; i++) {
            a[i] = r[i];
          }
          for (int i = 1; i < a.length; i++) {
            a[i] += a[i - 1];
          }
          double peak = a[0];
          double dd = 0;
          for (int i = 1; i < a.length; i++) {
            peak = Math.max(peak, a[i]);
            dd += Math.exp(a[i] - peak);
          }
          return dd + a[a.length - 1];
        }

        /** Wealth from simple returns, compounded in place. */
        @Differentiable
        public static double terminalUtility(double[] r, double gamma) {
          double[] g = new double[r.length];
          for (int i = 0; i < r.length; i++) {
            g[i] = 1 + r[i];
          }
          for (int i = 1; i < g.length; i++) {
            g[i] *= g[i - 1];
          }
          double u = 0;
          for (int i = 0; i < g.length; i++) {
            u += Math.pow(g[i], 1 - gamma) / (1 - gamma);
          }
          return u;
        }
      }
      """;

  @Test
  void prefixSumsAndProductsInPlace() {
    int[] sizes = {1, 2, 3, 6};
    AdjointCheck.of(model(CUMULATIVE, "Cumulative"))
        .pointsPerMethod(8)
        .points("drawdown", rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 0.1)})
        .points(
            "terminalUtility",
            rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 0.05), 2 + rng.nextDouble()})
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 11. 2-D diffusion: a helper that returns a new grid (double[] rows, flattened) .

  static final String DIFFUSION_FLAT =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** 2-D diffusion on an n x m grid stored row-major in a double[], Neumann boundaries. */
      public final class Diffusion2D {
        private Diffusion2D() {}

        @Differentiable
        public static double[] step(double[] u, double k, int n, int m) {
          double[] out = new double[n * m];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              double c = u[i * m + j];
              double up = i > 0 ? u[(i - 1) * m + j] : c;
              double down = i < n - 1 ? u[(i + 1) * m + j] : c;
              double left = j > 0 ? u[i * m + j - 1] : c;
              double right = j < m - 1 ? u[i * m + j + 1] : c;
              out[i * m + j] = c + k * (up + down + left + right - 4 * c);
            }
          }
          return out;
        }

        @Differentiable(wrt = {"u0", "k"})
        public static double run(double[] u0, double k, int n, int m, int steps, double[] obs) {
          double[] u = u0;
          for (int s = 0; s < steps; s++) {
            u = step(u, k, n, m);
          }
          double e = 0;
          for (int i = 0; i < u.length; i++) {
            e += Math.pow(u[i] - obs[i], 2);
          }
          return e;
        }

        /** The same over a double[][] grid, each step writing rows of a fresh grid. */
        @Differentiable(wrt = {"u0", "k"})
        public static double runGrid(double[][] u0, double k, int steps) {
          int n = u0.length;
          int m = u0[0].length;
          double[][] u = new double[n][m];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              u[i][j] = u0[i][j];
            }
          }
          for (int s = 0; s < steps; s++) {
            double[][] next = new double[n][m];
            for (int i = 0; i < n; i++) {
              double[] row = next[i];
              for (int j = 0; j < m; j++) {
                double c = u[i][j];
                double up = i > 0 ? u[i - 1][j] : c;
                double down = i < n - 1 ? u[i + 1][j] : c;
                double left = j > 0 ? u[i][j - 1] : c;
                double right = j < m - 1 ? u[i][j + 1] : c;
                row[j] = c + k * (up + down + left + right - 4 * c);
              }
            }
            u = next;
          }
          double e = 0;
          for (double[] row : u) {
            for (double v : row) {
              e += v * v * v * v;
            }
          }
          return e;
        }
      }
      """;

  @Test
  void diffusion2D() {
    int[][] shapes = {{1, 1}, {1, 3}, {2, 2}, {3, 5}};
    AdjointCheck.of(model(DIFFUSION_FLAT, "Diffusion2D"))
        .pointsPerMethod(8)
        .points(
            "step",
            rng -> {
              int[] sh = shapes[rng.nextInt(shapes.length)];
              return new Object[] {
                normal(rng, sh[0] * sh[1], 1), 0.1 + 0.1 * rng.nextDouble(), sh[0], sh[1]
              };
            })
        .points(
            "run",
            rng -> {
              int[] sh = shapes[rng.nextInt(shapes.length)];
              return new Object[] {
                normal(rng, sh[0] * sh[1], 1),
                0.1 + 0.1 * rng.nextDouble(),
                sh[0],
                sh[1],
                rng.nextInt(5),
                normal(rng, sh[0] * sh[1], 1)
              };
            })
        .points(
            "runGrid",
            rng -> {
              int[] sh = shapes[rng.nextInt(shapes.length)];
              return new Object[] {
                normal(rng, sh[0], sh[1], 1), 0.1 + 0.1 * rng.nextDouble(), rng.nextInt(5)
              };
            })
        .verify();
  }

  static final String DIFFUSION_GRID_RETURN =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class GridStep {
        private GridStep() {}

        @Differentiable
        public static double[][] step(double[][] u, double k) {
          int n = u.length;
          int m = u[0].length;
          double[][] out = new double[n][m];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              double c = u[i][j];
              double up = i > 0 ? u[i - 1][j] : c;
              double down = i < n - 1 ? u[i + 1][j] : c;
              out[i][j] = c + k * (up + down - 2 * c);
            }
          }
          return out;
        }

        @Differentiable(wrt = {"u0", "k"})
        public static double run(double[][] u0, double k, int steps) {
          double[][] u = u0;
          for (int s = 0; s < steps; s++) {
            u = step(u, k);
          }
          return u[0][0];
        }
      }
      """;

  @Test
  void gridReturningHelperIsRejectedAtItsDeclaration() {
    errorAt(
        DIFFUSION_GRID_RETURN,
        "public static double[][] step",
        "@Differentiable methods must return double, double[] or Tensor: step returns double[][]");
    errorAt(DIFFUSION_GRID_RETURN, "u = step(u, k);", "could not be differentiated");
  }

  // ---------------------------------------------------------------------------------------------
  // 12. Projectile with quadratic drag integrated until the height becomes negative.

  static final String PROJECTILE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Projectile {
        private Projectile() {}

        static final double G = 9.81;

        @Differentiable(wrt = {"v0", "angle", "drag"})
        public static double range(double v0, double angle, double drag, double dt) {
          double x = 0, y = 0;
          double vx = v0 * Math.cos(angle), vy = v0 * Math.sin(angle);
          double px = 0;
          double py = 0;
          while (y >= 0) {
            px = x;
            py = y;
            double speed = Math.hypot(vx, vy);
            vx += -drag * speed * vx * dt;
            vy += (-G - drag * speed * vy) * dt;
            x += vx * dt;
            y += vy * dt;
          }
          double frac = py / (py - y);
          return px + frac * (x - px);
        }

        @Differentiable(wrt = {"v0", "angle", "drag"})
        public static double missDistance(double v0, double angle, double drag, double target) {
          double d = range(v0, angle, drag, 0.01) - target;
          return d * d;
        }
      }
      """;

  @Test
  void projectileWithDrag() {
    AdjointCheck.of(model(PROJECTILE, "Projectile"))
        .pointsPerMethod(8)
        .points(
            "range",
            rng ->
                new Object[] {
                  10 + 20 * rng.nextDouble(),
                  0.3 + 0.9 * rng.nextDouble(),
                  0.001 + 0.02 * rng.nextDouble(),
                  0.01
                })
        .points(
            "missDistance",
            rng ->
                new Object[] {
                  10 + 20 * rng.nextDouble(),
                  0.3 + 0.9 * rng.nextDouble(),
                  0.001 + 0.02 * rng.nextDouble(),
                  30.0
                })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 13. Damped pendulum with sin/cos/atan2/hypot/pow.

  static final String PENDULUM =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Pendulum {
        private Pendulum() {}

        @Differentiable
        public static double[] bob(double length, double theta) {
          return new double[] {length * Math.sin(theta), -length * Math.cos(theta)};
        }

        @Differentiable(wrt = {"length", "theta0", "omega0", "damping"})
        public static double observe(double length, double theta0, double omega0, double damping,
            int steps, double dt) {
          double theta = theta0;
          double omega = omega0;
          for (int s = 0; s < steps; s++) {
            omega += dt * (-9.81 / length * Math.sin(theta) - damping * omega);
            theta += dt * omega;
          }
          double[] p = bob(length, theta);
          double angle = Math.atan2(p[0], -p[1]);
          double r = Math.hypot(p[0], p[1]);
          double kinetic = 0.5 * Math.pow(length * omega, 2);
          return Math.pow(r, 1.5) * Math.cos(angle) + kinetic + Math.pow(Math.abs(angle) + 1, 0.5);
        }
      }
      """;

  @Test
  void dampedPendulum() {
    AdjointCheck.of(model(PENDULUM, "Pendulum"))
        .pointsPerMethod(8)
        .points("bob", rng -> new Object[] {0.5 + rng.nextDouble(), 2 * rng.nextGaussian()})
        .points(
            "observe",
            rng ->
                new Object[] {
                  0.5 + rng.nextDouble(),
                  1.2 * rng.nextGaussian(),
                  rng.nextGaussian(),
                  0.2 * rng.nextDouble(),
                  rng.nextInt(30),
                  0.02
                })
        .verify();
  }

  // =============================================================================================
  // Batch 2.

  static final String RISK =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Historical expected shortfall of a portfolio: insertion sort of scenario losses. */
      public final class Risk {
        private Risk() {}

        @Differentiable(wrt = "w")
        public static double expectedShortfall(double[] w, double[][] scen, int k, double lambda) {
          int m = scen.length;
          double[] loss = new double[m];
          for (int s = 0; s < m; s++) {
            double pnl = 0;
            for (int j = 0; j < w.length; j++) {
              pnl += w[j] * scen[s][j];
            }
            loss[s] = -pnl;
          }
          for (int i = 1; i < m; i++) {
            double key = loss[i];
            int j = i - 1;
            while (j >= 0 && loss[j] < key) {
              loss[j + 1] = loss[j];
              j--;
            }
            loss[j + 1] = key;
          }
          double es = 0;
          for (int i = 0; i < k; i++) {
            es += loss[i];
          }
          double pen = 0;
          for (double wi : w) {
            pen += wi * wi;
          }
          return es / k + 0.5 * lambda * pen;
        }
      }
      """;

  @Test
  void expectedShortfallByInsertionSort() {
    AdjointCheck.of(model(RISK, "Risk"))
        .pointsPerMethod(10)
        .points(
            "expectedShortfall",
            rng -> {
              int m = 1 + rng.nextInt(9);
              int d = 1 + rng.nextInt(3);
              return new Object[] {
                normal(rng, d, 1), normal(rng, m, d, 0.05), 1 + rng.nextInt(m), 0.1
              };
            })
        .verify();
  }

  static final String LINALG =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class LinAlg {
        private LinAlg() {}

        /** LU with partial pivoting (row swaps of a double[][]), then log|det| + |x|^2. */
        @Differentiable(wrt = {"a", "b"})
        public static double luSolve(double[][] a, double[] b) {
          int n = b.length;
          double[][] lu = new double[n][n];
          double[] x = new double[n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              lu[i][j] = a[i][j];
            }
            x[i] = b[i];
          }
          double logDet = 0;
          for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
              if (Math.abs(lu[i][k]) > Math.abs(lu[p][k])) {
                p = i;
              }
            }
            if (p != k) {
              for (int j = 0; j < n; j++) {
                double tr = lu[k][j];
                lu[k][j] = lu[p][j];
                lu[p][j] = tr;
              }
              double tb = x[k];
              x[k] = x[p];
              x[p] = tb;
            }
            for (int i = k + 1; i < n; i++) {
              double f = lu[i][k] / lu[k][k];
              lu[i][k] = f;
              for (int j = k + 1; j < n; j++) {
                lu[i][j] -= f * lu[k][j];
              }
              x[i] -= f * x[k];
            }
            logDet += Math.log(Math.abs(lu[k][k]));
          }
          for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int j = i + 1; j < n; j++) {
              s -= lu[i][j] * x[j];
            }
            x[i] = s / lu[i][i];
          }
          double q = 0;
          for (int i = 0; i < n; i++) {
            q += x[i] * x[i];
          }
          return logDet + q;
        }

        @Differentiable
        public static double kernel(double xa, double xb, double ell, double sf2) {
          double d = (xa - xb) / ell;
          return sf2 * Math.exp(-0.5 * d * d);
        }

        /** Gaussian-process negative log marginal likelihood, in-place Cholesky. */
        @Differentiable(wrt = {"ell", "sf2", "noise"})
        public static double gpNll(double ell, double sf2, double noise, double[] x, double[] y) {
          int n = x.length;
          double[][] l = new double[n][n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
              l[i][j] = kernel(x[i], x[j], ell, sf2) + (i == j ? noise : 0.0);
            }
          }
          for (int j = 0; j < n; j++) {
            double s = l[j][j];
            for (int k = 0; k < j; k++) {
              s -= l[j][k] * l[j][k];
            }
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < n; i++) {
              double t = l[i][j];
              for (int k = 0; k < j; k++) {
                t -= l[i][k] * l[j][k];
              }
              l[i][j] = t / l[j][j];
            }
          }
          double[] z = new double[n];
          double nll = 0;
          for (int i = 0; i < n; i++) {
            double t = y[i];
            for (int k = 0; k < i; k++) {
              t -= l[i][k] * z[k];
            }
            z[i] = t / l[i][i];
            nll += 0.5 * z[i] * z[i] + Math.log(l[i][i]);
          }
          return nll + 0.5 * n * Math.log(2 * Math.PI);
        }
      }
      """;

  @Test
  void luWithRowSwapsAndGaussianProcessCholesky() {
    int[] sizes = {1, 2, 3, 5};
    AdjointCheck.of(model(LINALG, "LinAlg"))
        .pointsPerMethod(8)
        .points(
            "luSolve",
            rng -> {
              int n = sizes[rng.nextInt(4)];
              double[][] a = normal(rng, n, n, 1);
              for (int i = 0; i < n; i++) {
                a[i][(i + 1) % n] += 2;
              }
              return new Object[] {a, normal(rng, n, 1)};
            })
        .points(
            "kernel",
            rng ->
                new Object[] {
                  rng.nextGaussian(),
                  rng.nextGaussian(),
                  0.5 + rng.nextDouble(),
                  0.5 + rng.nextDouble()
                })
        .points(
            "gpNll",
            rng -> {
              int n = sizes[rng.nextInt(4)];
              return new Object[] {
                0.5 + rng.nextDouble(),
                0.5 + rng.nextDouble(),
                0.1 + 0.2 * rng.nextDouble(),
                knots(rng, n),
                normal(rng, n, 1)
              };
            })
        .verify();
  }

  static final String SCHEMES =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Schemes {
        private Schemes() {}

        /** Crank-Nicolson, Thomas in place, CFL-sized steps: the trip count depends on kappa. */
        @Differentiable(wrt = {"u0", "kappa"})
        public static double crankNicolson(double[] u0, double kappa, double tEnd, double dx) {
          int n = u0.length;
          double dtMax = 2.0 * dx * dx / kappa;
          double[] u = new double[n];
          double[] next = new double[n];
          double[] c = new double[n];
          double[] d = new double[n];
          for (int i = 0; i < n; i++) {
            u[i] = u0[i];
          }
          double t = 0;
          while (t < tEnd) {
            double h = Math.min(dtMax, tEnd - t);
            double r = kappa * h / (2 * dx * dx);
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? u[i - 1] : 0.0;
              double rr = i < n - 1 ? u[i + 1] : 0.0;
              d[i] = r * l + (1 - 2 * r) * u[i] + r * rr;
            }
            c[0] = -r / (1 + 2 * r);
            d[0] = d[0] / (1 + 2 * r);
            for (int i = 1; i < n; i++) {
              double m = 1 + 2 * r + r * c[i - 1];
              c[i] = -r / m;
              d[i] = (d[i] + r * d[i - 1]) / m;
            }
            next[n - 1] = d[n - 1];
            for (int i = n - 2; i >= 0; i--) {
              next[i] = d[i] - c[i] * next[i + 1];
            }
            double[] tmp = u;
            u = next;
            next = tmp;
            t += h;
          }
          double e = 0;
          for (int i = 0; i < n; i++) {
            e += (i + 1) * u[i] + u[i] * u[i];
          }
          return e;
        }

        /** Ping-pong buffers selected by the parity of the step: buf[s % 2], buf[(s + 1) % 2]. */
        @Differentiable(wrt = {"u0", "alpha"})
        public static double pingPong(double[] u0, double alpha, int steps) {
          int n = u0.length;
          double[][] buf = new double[2][n];
          for (int i = 0; i < n; i++) {
            buf[0][i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            double[] src = buf[s % 2];
            double[] dst = buf[(s + 1) % 2];
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? src[i - 1] : src[i];
              double r = i < n - 1 ? src[i + 1] : src[i];
              dst[i] = src[i] + alpha * (l - 2 * src[i] + r) - 0.1 * src[i] * src[i] * src[i];
            }
          }
          double[] fin = buf[steps % 2];
          double e = 0;
          for (int i = 0; i < n; i++) {
            e += (i + 1) * fin[i] * fin[i];
          }
          return e;
        }

        @Differentiable
        public static double[] euler(double[] y, double k, double h) {
          return new double[] {y[0] + h * y[1], y[1] - h * (k * y[0] + 0.3 * y[1] * y[1] * y[1])};
        }

        /** A trajectory kept as the rows of a double[][]: traj[s + 1] = euler(traj[s], ...). */
        @Differentiable(wrt = {"y0", "k"})
        public static double trajectory(double[] y0, double k, double h, int steps, double[] obs) {
          double[][] traj = new double[steps + 1][2];
          traj[0][0] = y0[0];
          traj[0][1] = y0[1];
          for (int s = 0; s < steps; s++) {
            double[] y = euler(traj[s], k, h);
            traj[s + 1][0] = y[0];
            traj[s + 1][1] = y[1];
          }
          double loss = 0;
          for (int s = 0; s <= steps; s++) {
            double d = traj[s][0] - obs[s];
            loss += d * d;
          }
          return loss;
        }

        /** Reverse in place with two indices, then a labelled break out of a double loop. */
        @Differentiable
        public static double reversedScore(double[] v, double thresh) {
          double[] a = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            a[i] = v[i];
          }
          for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
          }
          double s = 0;
          outer:
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
              if (a[i] * a[j] > thresh) {
                break outer;
              }
              if (j > i) {
                continue outer;
              }
              s += a[i] * a[j] * (i + 2 * j + 1);
            }
          }
          return s + a[0];
        }
      }
      """;

  @Test
  void crankNicolsonPingPongTrajectoryAndReversal() {
    int[] sizes = {1, 2, 3, 6};
    AdjointCheck.of(model(SCHEMES, "Schemes"))
        .pointsPerMethod(8)
        .points(
            "crankNicolson",
            rng -> {
              int n = sizes[rng.nextInt(4)];
              return new Object[] {
                normal(rng, n, 1), 0.5 + rng.nextDouble(), 0.3 + 0.2 * rng.nextDouble(), 0.2
              };
            })
        .points(
            "pingPong",
            rng -> {
              int n = sizes[rng.nextInt(4)];
              return new Object[] {normal(rng, n, 1), 0.1 + 0.2 * rng.nextDouble(), rng.nextInt(6)};
            })
        .points("euler", rng -> new Object[] {normal(rng, 2, 1), 1 + rng.nextDouble(), 0.1})
        .points(
            "trajectory",
            rng -> {
              int steps = rng.nextInt(6);
              return new Object[] {
                normal(rng, 2, 1), 1 + rng.nextDouble(), 0.1, steps, normal(rng, steps + 1, 1)
              };
            })
        .points(
            "reversedScore",
            rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 1), 0.8 + rng.nextDouble()})
        .verify();
  }

  static final String BARRIER =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Up-and-out call by Monte Carlo: break when the barrier is hit, continue to the next path. */
      public final class Barrier {
        private Barrier() {}

        @Differentiable(wrt = {"s0", "sigma", "r"})
        public static double upAndOut(double s0, double k, double barrier, double r, double sigma,
            double t, double[][] z) {
          int steps = z[0].length;
          double dt = t / steps;
          double sum = 0;
          for (int p = 0; p < z.length; p++) {
            double s = s0;
            boolean alive = true;
            for (int j = 0; j < steps; j++) {
              s *= Math.exp((r - 0.5 * sigma * sigma) * dt + sigma * Math.sqrt(dt) * z[p][j]);
              if (s >= barrier) {
                alive = false;
                break;
              }
            }
            if (!alive) {
              continue;
            }
            sum += Math.max(s - k, 0);
          }
          return Math.exp(-r * t) * sum / z.length;
        }
      }
      """;

  @Test
  void barrierMonteCarloWithBreakAndContinue() {
    AdjointCheck.of(model(BARRIER, "Barrier"))
        .pointsPerMethod(8)
        .points(
            "upAndOut",
            rng ->
                new Object[] {
                  95 + 10 * rng.nextDouble(),
                  90.0,
                  125.0,
                  0.03,
                  0.2 + 0.2 * rng.nextDouble(),
                  1.0,
                  normal(rng, 1 + rng.nextInt(10), 1 + rng.nextInt(5), 1)
                })
        .verify();
  }

  static final String GREEKS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Black-Scholes of order 2: gamma, vanna, volga from the Hessian. */
      public final class Greeks {
        private Greeks() {}

        @Differentiable(order = 2)
        public static double erf(double x) {
          double sign = 1;
          if (x < 0) {
            sign = -1;
            x = -x;
          }
          double t = 1.0 / (1.0 + 0.3275911 * x);
          double y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t
              - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
          return sign * y;
        }

        @Differentiable(order = 2)
        public static double normCdf(double x) {
          return 0.5 * (1.0 + erf(x / Math.sqrt(2.0)));
        }

        @Differentiable(order = 2)
        public static double call(double s, double k, double r, double sigma, double t) {
          double sqrtT = Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
          double d2 = d1 - sigma * sqrtT;
          return s * normCdf(d1) - k * Math.exp(-r * t) * normCdf(d2);
        }

        @Differentiable(order = 2, wrt = {"s", "sigma"})
        public static double americanPutTree(double s, double k, double r, double sigma, double t,
            int n) {
          double dt = t / n;
          double u = Math.exp(sigma * Math.sqrt(dt));
          double d = 1 / u;
          double disc = Math.exp(-r * dt);
          double p = (Math.exp(r * dt) - d) / (u - d);
          double[] v = new double[n + 1];
          for (int j = 0; j <= n; j++) {
            v[j] = Math.max(k - s * Math.pow(u, j) * Math.pow(d, n - j), 0.0);
          }
          for (int i = n - 1; i >= 0; i--) {
            for (int j = 0; j <= i; j++) {
              double payoff = k - s * Math.pow(u, j) * Math.pow(d, i - j);
              v[j] = Math.max(payoff, disc * (p * v[j + 1] + (1 - p) * v[j]));
            }
          }
          return v[0];
        }
      }
      """;

  @Test
  void blackScholesGreeksFromHessian() {
    var summary =
        AdjointCheck.of(model(GREEKS, "Greeks"))
            .pointsPerMethod(6)
            .points(
                "erf",
                rng -> new Object[] {(rng.nextBoolean() ? 1 : -1) * (0.01 + 3 * rng.nextDouble())})
            .points(
                "normCdf",
                rng -> new Object[] {(rng.nextBoolean() ? 1 : -1) * (0.01 + 3 * rng.nextDouble())})
            .points("call", BlackScholesPoints::point)
            .points(
                "americanPutTree",
                rng ->
                    new Object[] {
                      85 + 30 * rng.nextDouble(),
                      100.0,
                      0.03,
                      0.15 + 0.3 * rng.nextDouble(),
                      1.0,
                      1 + rng.nextInt(8)
                    })
            .verify();
    assertTrue(
        summary.methods().get("americanPutTree").contains(AdjointCheck.Check.HESSIAN),
        summary.toString());
  }

  // ---------------------------------------------------------------------------------------------
  // Probes at the edge of the subset.

  static String probe(String cls, String members) {
    return "package realistic;\n\nimport dev.adjoint.Differentiable;\n\npublic final class "
        + cls
        + " {\n"
        + members
        + "}\n";
  }

  static final String P_STATIC_WRITE =
      probe(
          "StaticWrite",
          """
            static int evaluations;

            @Differentiable
            public static double f(double x) {
              evaluations++;
              return x * x;
            }
          """);

  static final String P_FILL =
      probe(
          "Fill",
          """
            @Differentiable(wrt = {"u0", "a"})
            public static double f(double[] u0, double a, int steps) {
              int n = u0.length;
              double[] u = new double[n];
              double[] next = new double[n];
              for (int i = 0; i < n; i++) {
                u[i] = u0[i];
              }
              for (int s = 0; s < steps; s++) {
                java.util.Arrays.fill(next, 0.0);
                for (int i = 1; i < n; i++) {
                  next[i] = u[i] + a * u[i - 1];
                }
                double[] t = u;
                u = next;
                next = t;
              }
              return u[n - 1];
            }
          """);

  static final String P_ARRAYCOPY =
      probe(
          "ArrayCopy",
          """
            @Differentiable
            public static double f(double[] u0, double a) {
              int n = u0.length;
              double[] u = new double[n];
              System.arraycopy(u0, 0, u, 0, n);
              for (int i = 1; i < n; i++) {
                u[i] += a * u[i - 1];
              }
              return u[n - 1];
            }
          """);

  static final String P_CLONE =
      probe(
          "Clone",
          """
            @Differentiable
            public static double f(double[] u0, double a) {
              double[] u = u0.clone();
              for (int i = 1; i < u.length; i++) {
                u[i] += a * u[i - 1];
              }
              return u[u.length - 1];
            }
          """);

  static final String P_ALIASED_ROWS =
      probe(
          "AliasedRows",
          """
            @Differentiable
            public static double f(double[] x) {
              int n = x.length;
              double[][] m = new double[2][];
              m[0] = new double[n];
              m[1] = m[0];
              for (int i = 0; i < n; i++) {
                m[0][i] = x[i] * x[i];
              }
              for (int i = 0; i < n; i++) {
                m[1][i] += x[i];
              }
              double s = 0;
              for (int i = 0; i < n; i++) {
                s += m[0][i] * m[1][i];
              }
              return s;
            }
          """);

  static final String P_CHAIN_ASSIGN =
      probe(
          "ChainAssign",
          """
            @Differentiable
            public static double f(double[] x) {
              double lo, hi;
              lo = hi = x[0];
              double[] y = new double[x.length];
              int k = 0;
              for (double v : x) {
                y[k++] = v * v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
              }
              return (hi - lo) * y[k - 1];
            }
          """);

  @Test
  void staticFieldWriteIsRejectedClearly() {
    singleErrorAt(
        P_STATIC_WRITE, "evaluations++;", "Writing the field evaluations is not supported");
  }

  @Test
  void arraysFillIsRejected() {
    singleErrorAt(P_FILL, "java.util.Arrays.fill(next, 0.0);", "fill");
  }

  /** Arrays.fill: the error gives the loop to write instead. */
  @Test
  void arraysFillErrorSaysWhatToWriteInstead() {
    singleErrorAt(
        P_FILL,
        "java.util.Arrays.fill(next, 0.0);",
        "Arrays.fill is not supported",
        "for (int i = 0; i < a.length; i++) { a[i] = value; }");
  }

  @Test
  void systemArraycopyIsRejected() {
    singleErrorAt(P_ARRAYCOPY, "System.arraycopy(u0, 0, u, 0, n);", "arraycopy");
  }

  /** System.arraycopy: the error says it is not supported and gives the loop to write. */
  @Test
  void systemArraycopyErrorSaysWhatToWriteInstead() {
    singleErrorAt(
        P_ARRAYCOPY,
        "System.arraycopy(u0, 0, u, 0, n);",
        "System.arraycopy is not supported",
        "dest[destPos + i] = src[srcPos + i]");
  }

  @Test
  void cloneIsRejected() {
    singleErrorAt(P_CLONE, "double[] u = u0.clone();", "clone() is not supported");
  }

  /** clone(): the error says how to copy the array. */
  @Test
  void cloneErrorSaysHowToCopy() {
    singleErrorAt(P_CLONE, "double[] u = u0.clone();", "double[] copy = new double[u0.length]");
  }

  @Test
  void wholeRowAssignmentIsRejectedClearly() {
    errorAt(
        P_ALIASED_ROWS, "m[1] = m[0];", "Assigning a whole row of a double[][] is not supported");
  }

  /** {@code new double[2][]}: the error names the missing row length. */
  @Test
  void jaggedAllocationErrorNamesTheMissingDimension() {
    errorAt(P_ALIASED_ROWS, "new double[2][]", "both its sizes", "new double[n][m]");
  }

  @Test
  void chainedAssignmentsAndPostIncrementIndices() {
    AdjointCheck.of(model(P_CHAIN_ASSIGN, "ChainAssign"))
        .pointsPerMethod(6)
        .points("f", rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 1)})
        .verify();
  }

  // =============================================================================================
  // Batch 3: loop shapes the reverse sweep may misclassify, long loops (over 64 iterations), and
  // vector outputs.

  static final String LOOPS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Loops {
        private Loops() {}

        /** Self-normalising weights: each term reads the running total. */
        @Differentiable(wrt = "a")
        public static double adaptiveTotal(double a, double[] x) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double wt = 1.0 / (1.0 + total);
            double r = a * x[i] - 1;
            total += wt * r * r;
          }
          return total;
        }

        /** Present value with a discount factor carried between iterations. */
        @Differentiable
        public static double presentValue(double[] rates, double[] cf) {
          double pv = 0;
          double df = 1;
          for (int i = 0; i < cf.length; i++) {
            df /= 1 + rates[i];
            pv += cf[i] * df;
          }
          return pv;
        }

        /** Exponential moving average written back in place. */
        @Differentiable(wrt = {"x", "alpha"})
        public static double emaInPlace(double[] x, double alpha) {
          double[] a = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
          }
          double acc = a[0];
          for (int i = 0; i < a.length; i++) {
            acc = alpha * a[i] + (1 - alpha) * acc;
            a[i] = acc;
          }
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += Math.sin(a[i]) * (i + 1);
          }
          return s;
        }

        /** Mirror in place with one index: the second half reads elements already overwritten. */
        @Differentiable
        public static double mirror(double[] x) {
          int n = x.length;
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x[i] * x[i];
          }
          for (int i = 0; i < n; i++) {
            a[i] = a[n - 1 - i] + 0.5 * a[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += a[i] * (i + 1);
          }
          return s;
        }

        /** Largest and second largest (a top-2 that keeps two extrema). */
        @Differentiable
        public static double topTwo(double[] v) {
          double m1 = -1e300;
          double m2 = -1e300;
          for (int i = 0; i < v.length; i++) {
            if (v[i] > m1) {
              m2 = m1;
              m1 = v[i];
            } else if (v[i] > m2) {
              m2 = v[i];
            }
          }
          return m1 + 2 * m2;
        }

        /** The argmax's neighbour: keeps an index and reads another element with it. */
        @Differentiable
        public static double peakShoulder(double[] v) {
          double best = v[0];
          int at = 0;
          for (int i = 1; i < v.length; i++) {
            if (v[i] * v[i] > best * best) {
              best = v[i];
              at = i;
            }
          }
          double right = at + 1 < v.length ? v[at + 1] : 0.0;
          return best * best + 3 * right;
        }

        /** Partially refilled scratch: entries past m keep their values from earlier examples. */
        @Differentiable(wrt = "w")
        public static double staleScratch(double[] w, double[][] x) {
          int d = w.length;
          double[] h = new double[d];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            int m = 1 + i % d;
            for (int j = 0; j < m; j++) {
              h[j] = w[j] * x[i][j];
            }
            double s = 0;
            for (int j = 0; j < d; j++) {
              s += h[j] * h[j] * w[j];
            }
            total += s;
          }
          return total;
        }

        /** A loss over examples that counts the examples it uses (a continue) and averages. */
        @Differentiable(wrt = {"w", "b"})
        public static double trimmedMean(double[] w, double b, double[][] x, double[] y) {
          double total = 0;
          int used = 0;
          for (int i = 0; i < x.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * x[i][j];
            }
            double r = z - y[i];
            if (Math.abs(r) > 3) {
              continue;
            }
            total = total + r * r;
            used++;
          }
          return used == 0 ? 0 : total / used;
        }

        /** A loss over examples where each example also scales a shared, carried scalar. */
        @Differentiable(wrt = {"w", "decay"})
        public static double decayedLoss(double[] w, double decay, double[][] x, double[] y) {
          double total = 0;
          double scale = 1;
          for (int i = 0; i < x.length; i++) {
            double z = 0;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * x[i][j];
            }
            double r = z - y[i];
            total += scale * r * r;
            scale *= decay;
          }
          return total;
        }
      }
      """;

  @Test
  void loopShapesOverShortAndLongLoops() {
    int[] sizes = {1, 2, 3, 63, 64, 65, 130};
    AdjointCheck.of(model(LOOPS, "Loops"))
        .pointsPerMethod(10)
        .points(
            "adaptiveTotal",
            rng -> new Object[] {0.5 + rng.nextDouble(), normal(rng, sizes[rng.nextInt(7)], 1)})
        .points(
            "presentValue",
            rng -> {
              int n = sizes[rng.nextInt(7)];
              return new Object[] {uniform(rng, n, 0.0, 0.05), uniform(rng, n, 1, 10)};
            })
        .points(
            "emaInPlace",
            rng ->
                new Object[] {normal(rng, sizes[rng.nextInt(7)], 1), 0.1 + 0.8 * rng.nextDouble()})
        .points("mirror", rng -> new Object[] {normal(rng, sizes[rng.nextInt(7)], 1)})
        .points("topTwo", rng -> new Object[] {normal(rng, sizes[rng.nextInt(7)], 1)})
        .points("peakShoulder", rng -> new Object[] {normal(rng, sizes[rng.nextInt(7)], 1)})
        .points(
            "staleScratch",
            rng -> {
              int d = 1 + rng.nextInt(4);
              return new Object[] {normal(rng, d, 1), normal(rng, sizes[rng.nextInt(7)], d, 1)};
            })
        .points(
            "trimmedMean",
            rng -> {
              int d = 1 + rng.nextInt(3);
              int n = sizes[rng.nextInt(7)];
              return new Object[] {
                normal(rng, d, 1), rng.nextGaussian(), normal(rng, n, d, 1), normal(rng, n, 2)
              };
            })
        .points(
            "decayedLoss",
            rng -> {
              int d = 1 + rng.nextInt(3);
              int n = sizes[rng.nextInt(7)];
              return new Object[] {
                normal(rng, d, 1),
                0.9 + 0.09 * rng.nextDouble(),
                normal(rng, n, d, 1),
                normal(rng, n, 1)
              };
            })
        .verify();
  }

  static final String VECTOR_OUTPUTS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class VectorOutputs {
        private VectorOutputs() {}

        /** {range, apex height, flight time} of a dragged projectile: a while loop, 3 outputs. */
        @Differentiable(wrt = {"v0", "angle", "drag"})
        public static double[] flight(double v0, double angle, double drag, double dt) {
          double x = 0;
          double y = 0;
          double vx = v0 * Math.cos(angle);
          double vy = v0 * Math.sin(angle);
          double apex = 0;
          double px = 0;
          double py = 0;
          int steps = 0;
          while (y >= 0) {
            px = x;
            py = y;
            double speed = Math.hypot(vx, vy);
            vx -= drag * speed * vx * dt;
            vy -= (9.81 + drag * speed * vy) * dt;
            x += vx * dt;
            y += vy * dt;
            if (y > apex) {
              apex = y;
            }
            steps++;
          }
          double frac = py / (py - y);
          return new double[] {px + frac * (x - px), apex, (steps - 1 + frac) * dt};
        }

        /** One explicit heat step with swaps inside, n outputs from n + 1 inputs. */
        @Differentiable(wrt = {"u0", "alpha"})
        public static double[] heat(double[] u0, double alpha, int steps) {
          int n = u0.length;
          double[] u = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            u[i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? u[i - 1] : 0.0;
              double r = i < n - 1 ? u[i + 1] : 0.0;
              next[i] = u[i] + alpha * (l - 2 * u[i] + r) - 0.2 * u[i] * u[i] * u[i];
            }
            double[] t = u;
            u = next;
            next = t;
          }
          return u;
        }

        /** Four outputs: pendulum state after a symplectic Euler run. */
        @Differentiable(wrt = {"theta0", "omega0", "length"})
        public static double[] pendulum(double theta0, double omega0, double length, int steps) {
          double theta = theta0;
          double omega = omega0;
          double maxOmega = Math.abs(omega0);
          for (int s = 0; s < steps; s++) {
            omega -= 0.05 * 9.81 / length * Math.sin(theta);
            theta += 0.05 * omega;
            maxOmega = Math.max(maxOmega, Math.abs(omega));
          }
          double[] out = new double[4];
          out[0] = length * Math.sin(theta);
          out[1] = -length * Math.cos(theta);
          out[2] = omega;
          out[3] = maxOmega;
          return out;
        }

        /** Call prices on a strike grid by a binomial tree (in place), one output per strike. */
        @Differentiable(wrt = {"s", "sigma"})
        public static double[] smile(double s, double sigma, double[] strikes, int n) {
          double dt = 1.0 / n;
          double u = Math.exp(sigma * Math.sqrt(dt));
          double d = 1 / u;
          double p = (1 - d) / (u - d);
          double[] prices = new double[strikes.length];
          double[] v = new double[n + 1];
          for (int q = 0; q < strikes.length; q++) {
            for (int j = 0; j <= n; j++) {
              v[j] = Math.max(s * Math.pow(u, 2 * j - n) - strikes[q], 0.0);
            }
            for (int i = n - 1; i >= 0; i--) {
              for (int j = 0; j <= i; j++) {
                v[j] = p * v[j + 1] + (1 - p) * v[j];
              }
            }
            prices[q] = v[0];
          }
          return prices;
        }
      }
      """;

  @Test
  void vectorOutputs() {
    int[] sizes = {1, 2, 3, 6};
    var summary =
        AdjointCheck.of(model(VECTOR_OUTPUTS, "VectorOutputs"))
            .pointsPerMethod(8)
            .points(
                "flight",
                rng ->
                    new Object[] {
                      10 + 20 * rng.nextDouble(),
                      0.3 + 0.9 * rng.nextDouble(),
                      0.001 + 0.02 * rng.nextDouble(),
                      0.01
                    })
            .points(
                "heat",
                rng ->
                    new Object[] {
                      normal(rng, sizes[rng.nextInt(4)], 1),
                      0.1 + 0.2 * rng.nextDouble(),
                      rng.nextInt(5)
                    })
            .points(
                "pendulum",
                rng ->
                    new Object[] {
                      rng.nextGaussian(),
                      rng.nextGaussian(),
                      0.5 + rng.nextDouble(),
                      rng.nextInt(40)
                    })
            .points(
                "smile",
                rng ->
                    new Object[] {
                      90 + 20 * rng.nextDouble(),
                      0.15 + 0.3 * rng.nextDouble(),
                      uniform(rng, 1 + rng.nextInt(6), 80, 120),
                      1 + rng.nextInt(9)
                    })
            .verify();
    assertTrue(
        summary.methods().get("flight").contains(AdjointCheck.Check.JACOBIAN), summary.toString());
  }

  // =============================================================================================
  // Batch 4: recursion, order 2 through solvers, arrays chosen by branches, early returns.

  static final String QUADRATURE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Adaptive Simpson quadrature, recursive with a tolerance test. */
      public final class Quadrature {
        private Quadrature() {}

        @Differentiable
        public static double f(double x, double a, double b) {
          return Math.exp(-a * x * x) * Math.cos(b * x);
        }

        @Differentiable
        public static double simpson(double lo, double hi, double a, double b) {
          double m = 0.5 * (lo + hi);
          return (hi - lo) / 6 * (f(lo, a, b) + 4 * f(m, a, b) + f(hi, a, b));
        }

        @Differentiable
        public static double adaptive(double lo, double hi, double a, double b, double eps,
            double whole, int depth) {
          double m = 0.5 * (lo + hi);
          double left = simpson(lo, m, a, b);
          double right = simpson(m, hi, a, b);
          double delta = left + right - whole;
          if (depth <= 0 || Math.abs(delta) <= 15 * eps) {
            return left + right + delta / 15;
          }
          return adaptive(lo, m, a, b, eps / 2, left, depth - 1)
              + adaptive(m, hi, a, b, eps / 2, right, depth - 1);
        }

        @Differentiable
        public static double integral(double a, double b, double hi) {
          return adaptive(0, hi, a, b, 1e-7, simpson(0, hi, a, b), 30);
        }
      }
      """;

  @Test
  void adaptiveSimpsonRecursion() {
    AdjointCheck.of(model(QUADRATURE, "Quadrature"))
        .pointsPerMethod(6)
        .points(
            "f",
            rng -> new Object[] {rng.nextGaussian(), 0.5 + rng.nextDouble(), 2 * rng.nextDouble()})
        .points(
            "simpson",
            rng ->
                new Object[] {
                  rng.nextDouble(),
                  1 + rng.nextDouble(),
                  0.5 + rng.nextDouble(),
                  2 * rng.nextDouble()
                })
        .points(
            "adaptive",
            rng ->
                new Object[] {
                  0.0,
                  1 + rng.nextDouble(),
                  0.5 + rng.nextDouble(),
                  2 * rng.nextDouble(),
                  1e-3,
                  0.5 + rng.nextDouble(),
                  rng.nextInt(4)
                })
        .points(
            "integral",
            rng ->
                new Object[] {
                  0.5 + rng.nextDouble(), 2 * rng.nextDouble(), 1 + 2 * rng.nextDouble()
                })
        .verify();
  }

  static final String WRT_CALLEE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** A helper differentiated only in x, called with a differentiated value for k. */
      public final class WrtCallee {
        private WrtCallee() {}

        @Differentiable(wrt = "x")
        public static double scaled(double x, double k) {
          return k * x;
        }

        @Differentiable
        public static double f(double a) {
          return scaled(a, a);
        }
      }
      """;

  @Test
  void activeArgumentForAParameterOutsideTheCalleesWrt() {
    singleErrorAt(
        WRT_CALLEE,
        "return scaled(a, a);",
        "Argument 2 of WrtCallee.scaled(double, double) carries a derivative",
        "Add the parameter to the wrt of scaled");
  }

  static final String SECOND_ORDER =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Hessians through Newton iterations (while/break and do/while) and a Cholesky. */
      public final class SecondOrder {
        private SecondOrder() {}

        @Differentiable(order = 2)
        public static double cubicRoot(double a, double b) {
          double x = 1.0;
          int it = 0;
          while (it < 100) {
            double g = x * x * x + a * x - b;
            double step = g / (3 * x * x + a);
            x -= step;
            if (Math.abs(step) < 1e-14 * (1 + Math.abs(x))) {
              break;
            }
            it++;
          }
          return x;
        }

        @Differentiable(order = 2)
        public static double kepler(double m, double e) {
          double ecc = m;
          double delta;
          int it = 0;
          do {
            delta = (ecc - e * Math.sin(ecc) - m) / (1 - e * Math.cos(ecc));
            ecc -= delta;
            it++;
          } while (Math.abs(delta) > 1e-13 && it < 50);
          return Math.atan2(Math.sin(ecc), Math.cos(ecc) + e) + Math.hypot(m, e);
        }

        @Differentiable(order = 2, wrt = {"ell", "noise"})
        public static double gpNll(double ell, double noise, double[] x, double[] y) {
          int n = x.length;
          double[][] l = new double[n][n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
              double d = (x[i] - x[j]) / ell;
              l[i][j] = Math.exp(-0.5 * d * d) + (i == j ? noise : 0.0);
            }
          }
          for (int j = 0; j < n; j++) {
            double s = l[j][j];
            for (int k = 0; k < j; k++) {
              s -= l[j][k] * l[j][k];
            }
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < n; i++) {
              double t = l[i][j];
              for (int k = 0; k < j; k++) {
                t -= l[i][k] * l[j][k];
              }
              l[i][j] = t / l[j][j];
            }
          }
          double[] z = new double[n];
          double nll = 0;
          for (int i = 0; i < n; i++) {
            double t = y[i];
            for (int k = 0; k < i; k++) {
              t -= l[i][k] * z[k];
            }
            z[i] = t / l[i][i];
            nll += 0.5 * z[i] * z[i] + Math.log(l[i][i]);
          }
          return nll;
        }

        @Differentiable(order = 2, wrt = {"ys", "x"})
        public static double linear(double[] xs, double[] ys, double x) {
          int lo = 0;
          int hi = xs.length - 1;
          while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            if (xs[mid] > x) {
              hi = mid;
            } else {
              lo = mid;
            }
          }
          double w = (x - xs[lo]) / (xs[hi] - xs[lo]);
          double v = (1 - w) * ys[lo] + w * ys[hi];
          return v * v * x;
        }

        @Differentiable(order = 2, wrt = {"u0", "alpha"})
        public static double rotated(double[] u0, double alpha, int steps) {
          int n = u0.length;
          double[] prev = new double[n];
          double[] cur = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            prev[i] = u0[i];
            cur[i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? cur[i - 1] : 0.0;
              double r = i < n - 1 ? cur[i + 1] : 0.0;
              next[i] = 2 * cur[i] - prev[i] + alpha * (l - 2 * cur[i] + r) - 0.1 * cur[i] * cur[i] * cur[i];
            }
            double[] t = prev;
            prev = cur;
            cur = next;
            next = t;
          }
          double e = 0;
          for (int i = 0; i < n; i++) {
            e += cur[i] * cur[i] * (i + 1) + prev[i];
          }
          return e;
        }
      }
      """;

  @Test
  void hessiansThroughSolvers() {
    int[] sizes = {1, 2, 3, 5};
    var summary =
        AdjointCheck.of(model(SECOND_ORDER, "SecondOrder"))
            .pointsPerMethod(6)
            .points(
                "cubicRoot",
                rng -> new Object[] {0.5 + 2 * rng.nextDouble(), 4 * rng.nextGaussian()})
            .points(
                "kepler",
                rng -> new Object[] {0.2 + 2.5 * rng.nextDouble(), 0.05 + 0.6 * rng.nextDouble()})
            .points(
                "gpNll",
                rng -> {
                  int n = sizes[rng.nextInt(4)];
                  return new Object[] {
                    0.5 + rng.nextDouble(),
                    0.1 + 0.2 * rng.nextDouble(),
                    knots(rng, n),
                    normal(rng, n, 1)
                  };
                })
            .points(
                "linear",
                rng -> {
                  double[] xs = knots(rng, 2 + rng.nextInt(5));
                  return new Object[] {xs, normal(rng, xs.length, 1), inside(rng, xs)};
                })
            .points(
                "rotated",
                rng ->
                    new Object[] {
                      normal(rng, sizes[rng.nextInt(4)], 1),
                      0.1 + 0.2 * rng.nextDouble(),
                      rng.nextInt(5)
                    })
            .verify();
    assertTrue(
        summary.methods().get("rotated").contains(AdjointCheck.Check.HVP), summary.toString());
  }

  static final String BRANCHY_ARRAYS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class BranchyArrays {
        private BranchyArrays() {}

        @Differentiable
        public static double energy(double[] u) {
          double e = 0;
          for (int i = 0; i < u.length; i++) {
            e += u[i] * u[i];
          }
          return e;
        }

        /** Gains and losses split into two buffers chosen per element by a ternary. */
        @Differentiable
        public static double gainLoss(double[] x, double c) {
          int n = x.length;
          double[] gains = new double[n];
          double[] losses = new double[n];
          for (int i = 0; i < n; i++) {
            double[] target = x[i] > 0 ? gains : losses;
            target[i] = x[i] * c;
          }
          double g = 0;
          for (int i = 0; i < n; i++) {
            g += Math.exp(gains[i]) - 2 * losses[i] * losses[i];
          }
          return g;
        }

        /** Explicit stepping that returns early from inside the inner loop when a cap is hit. */
        @Differentiable(wrt = {"u0", "alpha"})
        public static double capped(double[] u0, double alpha, double cap, int steps) {
          int n = u0.length;
          double[] u = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            u[i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? u[i - 1] : u[i];
              double r = i < n - 1 ? u[i + 1] : u[i];
              next[i] = u[i] + alpha * (l - 2 * u[i] + r) + 0.3 * u[i] * u[i];
              if (next[i] > cap) {
                return energy(next) + s + energy(u);
              }
            }
            double[] t = u;
            u = next;
            next = t;
          }
          return energy(u);
        }

        /** The buffer to write is chosen by the step's parity: a conditional swap. */
        @Differentiable(wrt = {"u0", "alpha"})
        public static double conditionalSwap(double[] u0, double alpha, int steps) {
          int n = u0.length;
          double[] a = new double[n];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            double[] src = a;
            double[] dst = b;
            if (s % 2 == 1) {
              src = b;
              dst = a;
            }
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? src[i - 1] : 0.0;
              dst[i] = src[i] + alpha * (l - src[i]) * src[i];
            }
          }
          double[] fin = steps % 2 == 0 ? a : b;
          return energy(fin) + fin[n - 1];
        }
      }
      """;

  @Test
  void arraysChosenByBranchesAndEarlyReturns() {
    int[] sizes = {1, 2, 3, 6};
    AdjointCheck.of(model(BRANCHY_ARRAYS, "BranchyArrays"))
        .pointsPerMethod(10)
        .points("energy", rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 1)})
        .points(
            "gainLoss",
            rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 1), 0.5 + rng.nextDouble()})
        .points(
            "capped",
            rng ->
                new Object[] {
                  normal(rng, sizes[rng.nextInt(4)], 0.5),
                  0.1 + 0.2 * rng.nextDouble(),
                  1.5,
                  rng.nextInt(8)
                })
        .points(
            "conditionalSwap",
            rng ->
                new Object[] {
                  normal(rng, sizes[rng.nextInt(4)], 0.5),
                  0.1 + 0.2 * rng.nextDouble(),
                  rng.nextInt(6)
                })
        .verify();
  }

  // =============================================================================================
  // Batch 5: time-series likelihoods, filters, adaptive step sizes, bootstrapping, long MC.

  static final String TIME_SERIES =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class TimeSeries {
        private TimeSeries() {}

        /** GARCH(1,1) negative log-likelihood with the variance carried across time. */
        @Differentiable(wrt = {"omega", "alpha", "beta"})
        public static double garchNll(double omega, double alpha, double beta, double[] r) {
          double var = omega / (1 - alpha - beta);
          double nll = 0;
          for (int t = 0; t < r.length; t++) {
            nll += 0.5 * (Math.log(2 * Math.PI * var) + r[t] * r[t] / var);
            var = omega + alpha * r[t] * r[t] + beta * var;
          }
          return nll;
        }

        /** Local-level-plus-trend Kalman filter: 2-state mean, 2x2 covariance updated in place. */
        @Differentiable(wrt = {"q", "rNoise", "m0"})
        public static double kalmanNll(double q, double rNoise, double[] m0, double[] y) {
          double[] m = new double[] {m0[0], m0[1]};
          double[][] p = new double[2][2];
          p[0][0] = 1;
          p[1][1] = 1;
          double nll = 0;
          for (int t = 0; t < y.length; t++) {
            // predict: F = [[1, 1], [0, 1]]
            m[0] = m[0] + m[1];
            double p00 = p[0][0] + p[0][1] + p[1][0] + p[1][1] + q;
            double p01 = p[0][1] + p[1][1];
            double p10 = p[1][0] + p[1][1];
            double p11 = p[1][1] + q;
            p[0][0] = p00;
            p[0][1] = p01;
            p[1][0] = p10;
            p[1][1] = p11;
            // update with H = [1, 0]
            double s = p[0][0] + rNoise;
            double v = y[t] - m[0];
            double k0 = p[0][0] / s;
            double k1 = p[1][0] / s;
            m[0] += k0 * v;
            m[1] += k1 * v;
            double a00 = p[0][0];
            double a01 = p[0][1];
            for (int j = 0; j < 2; j++) {
              p[0][j] -= k0 * (j == 0 ? a00 : a01);
              p[1][j] -= k1 * (j == 0 ? a00 : a01);
            }
            nll += 0.5 * (Math.log(s) + v * v / s);
          }
          return nll;
        }

        /** Euler for Heston variance with full truncation (max(v, 0)), long Monte Carlo. */
        @Differentiable(wrt = {"s0", "v0", "kappa", "theta", "xi"})
        public static double hestonCall(double s0, double v0, double kappa, double theta, double xi,
            double k, double[][] z1, double[][] z2) {
          int paths = z1.length;
          int steps = z1[0].length;
          double dt = 1.0 / steps;
          double[] logS = new double[steps + 1];
          double sum = 0;
          for (int p = 0; p < paths; p++) {
            double v = v0;
            logS[0] = Math.log(s0);
            for (int j = 0; j < steps; j++) {
              // Full truncation. (Math.sqrt(Math.max(v, 0) * dt) would give a NaN gradient
              // wherever v < 0: sqrt's infinite slope at 0 times max's zero slope, as in JAX.)
              double vp = Math.max(v, 0.0);
              double sd = vp > 0 ? Math.sqrt(vp * dt) : 0.0;
              logS[j + 1] = logS[j] - 0.5 * vp * dt + sd * z1[p][j];
              v = v + kappa * (theta - vp) * dt + xi * sd * z2[p][j];
            }
            double avg = 0;
            for (int j = 1; j <= steps; j++) {
              avg += Math.exp(logS[j]);
            }
            sum += Math.max(avg / steps - k, 0.0);
          }
          return sum / paths;
        }
      }
      """;

  @Test
  void garchKalmanHeston() {
    int[] lengths = {1, 2, 5, 70, 129};
    AdjointCheck.of(model(TIME_SERIES, "TimeSeries"))
        .pointsPerMethod(6)
        .points(
            "garchNll",
            rng ->
                new Object[] {
                  0.01 + 0.02 * rng.nextDouble(),
                  0.05 + 0.1 * rng.nextDouble(),
                  0.7 + 0.1 * rng.nextDouble(),
                  normal(rng, lengths[rng.nextInt(5)], 0.2)
                })
        .points(
            "kalmanNll",
            rng ->
                new Object[] {
                  0.1 + rng.nextDouble(),
                  0.2 + rng.nextDouble(),
                  normal(rng, 2, 1),
                  normal(rng, lengths[rng.nextInt(5)], 2)
                })
        .points(
            "hestonCall",
            rng -> {
              int paths = lengths[rng.nextInt(5)];
              int steps = 1 + rng.nextInt(4);
              return new Object[] {
                100.0,
                0.04 + 0.02 * rng.nextDouble(),
                1 + rng.nextDouble(),
                0.04 + 0.02 * rng.nextDouble(),
                0.3 + 0.2 * rng.nextDouble(),
                95 + 10 * rng.nextDouble(),
                normal(rng, paths, steps, 1),
                normal(rng, paths, steps, 1)
              };
            })
        .verify();
  }

  static final String ADAPTIVE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Van der Pol by adaptive Heun-Euler: rejected steps (continue), step size from the error. */
      public final class Adaptive {
        private Adaptive() {}

        @Differentiable
        public static double[] rhs(double[] y, double mu) {
          return new double[] {y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]};
        }

        @Differentiable(wrt = {"y0", "mu"})
        public static double endState(double[] y0, double mu, double tEnd, double tol) {
          double[] y = new double[] {y0[0], y0[1]};
          double[] trial = new double[2];
          double t = 0;
          double h = 0.1;
          int guard = 0;
          while (t < tEnd && guard < 10000) {
            guard++;
            if (t + h > tEnd) {
              h = tEnd - t;
            }
            double[] k1 = rhs(y, mu);
            for (int i = 0; i < 2; i++) {
              trial[i] = y[i] + h * k1[i];
            }
            double[] k2 = rhs(trial, mu);
            double err = 0;
            for (int i = 0; i < 2; i++) {
              err = Math.max(err, Math.abs(0.5 * h * (k2[i] - k1[i])));
            }
            if (err > tol) {
              h *= Math.max(0.2, 0.9 * Math.sqrt(tol / err));
              continue;
            }
            for (int i = 0; i < 2; i++) {
              y[i] += 0.5 * h * (k1[i] + k2[i]);
            }
            t += h;
            h *= Math.min(5.0, 0.9 * Math.sqrt(tol / Math.max(err, 1e-12)));
          }
          return y[0] * y[0] + y[1];
        }
      }
      """;

  @Test
  void adaptiveStepIntegrator() {
    AdjointCheck.of(model(ADAPTIVE, "Adaptive"))
        .pointsPerMethod(8)
        .points("rhs", rng -> new Object[] {normal(rng, 2, 1), 0.5 + rng.nextDouble()})
        .points(
            "endState",
            rng ->
                new Object[] {
                  normal(rng, 2, 1), 0.5 + rng.nextDouble(), 0.5 + rng.nextDouble(), 1e-3
                })
        .verify();
  }

  static final String CURVE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Bootstraps zero rates from par swap rates, pillar by pillar, Newton for each. */
      public final class Curve {
        private Curve() {}

        @Differentiable
        public static double[] bootstrap(double[] parRates) {
          int n = parRates.length;
          double[] zero = new double[n];
          double[] df = new double[n];
          for (int i = 0; i < n; i++) {
            double annuity = 0;
            for (int j = 0; j < i; j++) {
              annuity += df[j];
            }
            double z = i == 0 ? parRates[0] : zero[i - 1];
            for (int it = 0; it < 30; it++) {
              double d = Math.exp(-z * (i + 1));
              double g = parRates[i] * (annuity + d) + d - 1;
              double dg = -(i + 1) * d * (parRates[i] + 1);
              double step = g / dg;
              z -= step;
              if (Math.abs(step) < 1e-15) {
                break;
              }
            }
            zero[i] = z;
            df[i] = Math.exp(-z * (i + 1));
          }
          return zero;
        }

        @Differentiable
        public static double forwardSmoothness(double[] parRates) {
          double[] z = bootstrap(parRates);
          double s = 0;
          for (int i = 1; i < z.length; i++) {
            double fwd = z[i] * (i + 1) - z[i - 1] * i;
            s += fwd * fwd;
          }
          return s + z[0];
        }
      }
      """;

  @Test
  void curveBootstrapping() {
    int[] sizes = {1, 2, 3, 10};
    AdjointCheck.of(model(CURVE, "Curve"))
        .pointsPerMethod(8)
        .points("bootstrap", rng -> new Object[] {uniform(rng, sizes[rng.nextInt(4)], 0.01, 0.05)})
        .points(
            "forwardSmoothness",
            rng -> new Object[] {uniform(rng, sizes[rng.nextInt(4)], 0.01, 0.05)})
        .verify();
  }

  static final String SABR =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Hagan's SABR implied volatility, with the at-the-money branch. */
      public final class Sabr {
        private Sabr() {}

        @Differentiable(wrt = {"alpha", "beta", "rho", "nu"})
        public static double vol(double f, double k, double t, double alpha, double beta, double rho,
            double nu) {
          double omb = 1 - beta;
          double fk = Math.pow(f * k, 0.5 * omb);
          double logFk = Math.log(f / k);
          double corr = 1 + (omb * omb / 24 * alpha * alpha / (fk * fk)
              + 0.25 * rho * beta * nu * alpha / fk + (2 - 3 * rho * rho) / 24 * nu * nu) * t;
          if (Math.abs(logFk) < 1e-7) {
            return alpha / Math.pow(f, omb) * corr;
          }
          double z = nu / alpha * fk * logFk;
          double x = Math.log((Math.sqrt(1 - 2 * rho * z + z * z) + z - rho) / (1 - rho));
          double denom = fk * (1 + omb * omb / 24 * logFk * logFk
              + Math.pow(omb, 4) / 1920 * Math.pow(logFk, 4));
          return alpha / denom * z / x * corr;
        }

        @Differentiable(wrt = {"alpha", "rho", "nu"})
        public static double calibrate(double alpha, double rho, double nu, double f, double t,
            double beta, double[] strikes, double[] vols) {
          double sse = 0;
          for (int i = 0; i < strikes.length; i++) {
            double d = vol(f, strikes[i], t, alpha, beta, rho, nu) - vols[i];
            sse += d * d;
          }
          return sse;
        }
      }
      """;

  @Test
  void sabrSmile() {
    AdjointCheck.of(model(SABR, "Sabr"))
        .pointsPerMethod(8)
        .points(
            "vol",
            rng ->
                new Object[] {
                  0.03,
                  rng.nextBoolean() ? 0.03 : 0.02 + 0.02 * rng.nextDouble(),
                  1 + rng.nextDouble(),
                  0.02 + 0.02 * rng.nextDouble(),
                  0.3 + 0.5 * rng.nextDouble(),
                  -0.5 + rng.nextDouble(),
                  0.2 + 0.5 * rng.nextDouble()
                })
        .points(
            "calibrate",
            rng ->
                new Object[] {
                  0.02 + 0.02 * rng.nextDouble(),
                  -0.5 + rng.nextDouble(),
                  0.2 + 0.5 * rng.nextDouble(),
                  0.03,
                  1.0,
                  0.5,
                  uniform(rng, 1 + rng.nextInt(6), 0.02, 0.04),
                  uniform(rng, 6, 0.1, 0.3)
                })
        .verify();
  }

  // =============================================================================================
  // Batch 6: loop conditions that call, double loop counters, cell indices from casts, arrays
  // from undifferentiated helpers, parameters re-bound, vector methods returning their argument.

  static final String MISC =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Misc {
        private Misc() {}

        static double[] linspace(double lo, double hi, int n) {
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            v[i] = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
          }
          return v;
        }

        @Differentiable
        public static double residual(double x, double a) {
          return x * x * x + a * x - 2;
        }

        /** Newton whose loop condition calls a differentiated method. */
        @Differentiable
        public static double newtonCond(double a) {
          double x = 1;
          int it = 0;
          while (Math.abs(residual(x, a)) > 1e-13 && it < 60) {
            x -= residual(x, a) / (3 * x * x + a);
            it++;
          }
          return x;
        }

        /** Explicit time stepping with a double loop counter: the trip count depends on tEnd. */
        @Differentiable
        public static double decay(double y0, double k, double tEnd) {
          double y = y0;
          double dt = 0.01;
          double t;
          for (t = 0; t + dt <= tEnd; t += dt) {
            y -= dt * k * y * y;
          }
          double rest = tEnd - t;
          return y - rest * k * y * y;
        }

        /** Uniform-grid lookup: the cell from a cast, the weight from the remainder. */
        @Differentiable(wrt = {"table", "x"})
        public static double lookup(double[] table, double x0, double dx, double x) {
          double pos = (x - x0) / dx;
          int i = (int) Math.floor(pos);
          if (i < 0) {
            i = 0;
          }
          if (i > table.length - 2) {
            i = table.length - 2;
          }
          double w = pos - i;
          return (1 - w) * table[i] + w * table[i + 1];
        }

        /** Writes into an array returned by an undifferentiated helper. */
        @Differentiable
        public static double gridWithParameter(double a, double b, int n) {
          double[] xs = linspace(0, 1, n);
          xs[0] = a;
          xs[n - 1] = b * xs[n - 1];
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += xs[i] * xs[i] * (i + 1);
          }
          return s;
        }

        @Differentiable
        public static double[] relax(double[] u, double k) {
          double[] out = new double[u.length];
          for (int i = 0; i < u.length; i++) {
            double l = i > 0 ? u[i - 1] : 0.0;
            out[i] = u[i] + k * (l - u[i]) - 0.1 * u[i] * u[i];
          }
          return out;
        }

        /** The parameter array itself re-bound from a call. */
        @Differentiable
        public static double reboundParameter(double[] u0, double k, int steps) {
          for (int s = 0; s < steps; s++) {
            u0 = relax(u0, k);
          }
          double e = 0;
          for (double v : u0) {
            e += v * v;
          }
          return e;
        }

        /** A vector method that returns its argument when there is nothing to do. */
        @Differentiable
        public static double[] relaxSteps(double[] u0, double k, int steps) {
          if (steps == 0) {
            return u0;
          }
          double[] u = u0;
          for (int s = 0; s < steps; s++) {
            u = relax(u, k);
          }
          return u;
        }

        /** A for-update clause that calls a differentiated method. */
        @Differentiable
        public static double forUpdateCall(double[] u0, double k, int steps) {
          double[] u = u0;
          for (int s = 0; s < steps; s++, u = relax(u, k)) {
            k = k * 0.9;
          }
          return u[u.length - 1] + k;
        }
      }
      """;

  @Test
  void loopConditionsCastsAndReboundArrays() {
    int[] sizes = {1, 2, 3, 6};
    AdjointCheck.of(model(MISC, "Misc"))
        .pointsPerMethod(8)
        .points("residual", rng -> new Object[] {rng.nextGaussian(), rng.nextGaussian()})
        .points("newtonCond", rng -> new Object[] {0.5 + 2 * rng.nextDouble()})
        .points(
            "decay",
            rng ->
                new Object[] {
                  1 + rng.nextDouble(), 0.5 + rng.nextDouble(), 0.1 + rng.nextDouble() + 0.003
                })
        .points(
            "lookup",
            rng -> {
              int n = 2 + rng.nextInt(5);
              double x =
                  0.5
                      + (n - 1)
                          * 0.5
                          * (rng.nextInt(2 * n - 2) + 0.1 + 0.8 * rng.nextDouble())
                          / 1.0;
              return new Object[] {
                normal(rng, n, 1),
                0.5,
                0.5,
                0.5 + 0.5 * (rng.nextInt(n - 1) + 0.1 + 0.8 * rng.nextDouble())
              };
            })
        .points(
            "gridWithParameter",
            rng -> new Object[] {rng.nextGaussian(), rng.nextGaussian(), 2 + rng.nextInt(4)})
        .points(
            "relax",
            rng ->
                new Object[] {normal(rng, sizes[rng.nextInt(4)], 1), 0.1 + 0.3 * rng.nextDouble()})
        .points(
            "reboundParameter",
            rng ->
                new Object[] {
                  normal(rng, sizes[rng.nextInt(4)], 1),
                  0.1 + 0.3 * rng.nextDouble(),
                  rng.nextInt(4)
                })
        .points(
            "relaxSteps",
            rng ->
                new Object[] {
                  normal(rng, sizes[rng.nextInt(4)], 1),
                  0.1 + 0.3 * rng.nextDouble(),
                  rng.nextInt(3)
                })
        .points(
            "forUpdateCall",
            rng ->
                new Object[] {
                  normal(rng, sizes[rng.nextInt(4)], 1),
                  0.1 + 0.3 * rng.nextDouble(),
                  rng.nextInt(4)
                })
        .verify();
  }

  /** A swap whose first buffer is the caller's array: after one swap the method writes into it. */
  static final String SWAP_WITH_PARAMETER =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class SwapWithParameter {
        private SwapWithParameter() {}

        @Differentiable
        public static double run(double[] u0, double k, int steps) {
          int n = u0.length;
          double[] cur = u0;
          double[] nxt = new double[n];
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? cur[i - 1] : 0.0;
              nxt[i] = cur[i] + k * (l - cur[i]);
            }
            double[] t = cur;
            cur = nxt;
            nxt = t;
          }
          return cur[n - 1];
        }
      }
      """;

  @Test
  void swapThatWritesIntoTheParameterIsRejected() {
    singleErrorAt(
        SWAP_WITH_PARAMETER,
        "nxt[i] = cur[i] + k * (l - cur[i]);",
        "This writes into the parameter array u0");
  }

  // =============================================================================================
  // Batch 7: names users pick that the generated code also uses.

  static final String NAMES =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Names {
        private Names() {}

        /** Sample variance: xBar is the statistician's mean, seed an RNG seed. */
        @Differentiable
        public static double variance(double[] x, int seed) {
          double xBar = 0;
          for (double v : x) {
            xBar += v;
          }
          xBar /= x.length;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double xBarBar = x[i] - xBar;
            s += xBarBar * xBarBar;
          }
          return s / Math.max(1, x.length - 1) + 0 * seed;
        }

        /** Parameters named seed, adjoint, tape, into, value2. */
        @Differentiable
        public static double shift(double seed, double[] adjoint, double tape, double into) {
          double s = seed * tape;
          for (int i = 0; i < adjoint.length; i++) {
            s += adjoint[i] * adjoint[i] * into;
          }
          return s;
        }

        /** Locals named like generated adjoints and tape handles. */
        @Differentiable
        public static double shadows(double u, double[] w) {
          double uBar = u * 2;
          double wBar = 0;
          double tape = 1;
          double seedBar = 0.5;
          for (int i = 0; i < w.length; i++) {
            double wiBar = w[i] * uBar;
            wBar += wiBar * wiBar;
            tape *= 1 + 0.1 * w[i];
          }
          return wBar + tape * seedBar + uBar * uBar;
        }

        /** A method calling the others with arguments of the same names. */
        @Differentiable
        public static double caller(double seed, double[] adjoint, double u) {
          double uBar = shadows(u, adjoint);
          return shift(seed, adjoint, uBar, u) + variance(adjoint, 7);
        }
      }
      """;

  @Test
  void namesThatTheGeneratedCodeAlsoUses() {
    AdjointCheck.of(model(NAMES, "Names"))
        .points("variance", rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 1), 3})
        .points(
            "shift",
            rng ->
                new Object[] {
                  rng.nextGaussian(),
                  normal(rng, 1 + rng.nextInt(4), 1),
                  rng.nextGaussian(),
                  rng.nextGaussian()
                })
        .points(
            "shadows", rng -> new Object[] {rng.nextGaussian(), normal(rng, 1 + rng.nextInt(4), 1)})
        .points(
            "caller",
            rng ->
                new Object[] {
                  rng.nextGaussian(), normal(rng, 1 + rng.nextInt(4), 1), rng.nextGaussian()
                })
        .verify();
  }

  // =============================================================================================
  // Batch 8: the same gradients on several threads (chunks of 64 forced onto the pool).

  static final String PARALLEL =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class ParallelModels {
        private ParallelModels() {}

        @Differentiable
        public static double payoff(double s0, double drift, double vol, double k, double[] z) {
          double s = s0;
          double avg = 0;
          for (int j = 0; j < z.length; j++) {
            s *= Math.exp(drift + vol * z[j]);
            avg += s;
          }
          return Math.max(avg / z.length - k, 0.0);
        }

        /** Asian call: per-path helper, one sum. */
        @Differentiable(wrt = {"s0", "r", "sigma"})
        public static double asian(double s0, double k, double r, double sigma, double[][] z) {
          int steps = z[0].length;
          double dt = 1.0 / steps;
          double drift = (r - 0.5 * sigma * sigma) * dt;
          double vol = sigma * Math.sqrt(dt);
          double sum = 0;
          for (int p = 0; p < z.length; p++) {
            sum += payoff(s0, drift, vol, k, z[p]);
          }
          return Math.exp(-r) * sum / z.length;
        }

        /** Lookback put with a path buffer allocated once and refilled per path. */
        @Differentiable(wrt = {"s0", "sigma"})
        public static double lookback(double s0, double sigma, double[][] z) {
          int steps = z[0].length;
          double dt = 1.0 / steps;
          double[] path = new double[steps + 1];
          double sum = 0;
          for (int p = 0; p < z.length; p++) {
            path[0] = s0;
            for (int j = 0; j < steps; j++) {
              path[j + 1] = path[j] * Math.exp(-0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * z[p][j]);
            }
            double mx = path[0];
            for (int j = 1; j <= steps; j++) {
              if (path[j] > mx) {
                mx = path[j];
              }
            }
            sum += mx - path[steps];
          }
          return sum / z.length;
        }

        /** Poisson regression log-likelihood with a feature buffer: tanh features, then a dot. */
        @Differentiable(wrt = {"w", "b"})
        public static double poisson(double[] w, double b, double[][] x, double[] y) {
          double[] h = new double[w.length];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < h.length; j++) {
              h[j] = Math.tanh(x[i][j]);
            }
            double eta = b;
            for (int j = 0; j < h.length; j++) {
              eta += w[j] * h[j];
            }
            total += Math.exp(eta) - y[i] * eta;
          }
          return total / x.length;
        }
      }
      """;

  private static Object[] asianPoint(Random rng, int paths) {
    return new Object[] {
      90 + 20 * rng.nextDouble(),
      95 + 10 * rng.nextDouble(),
      0.05 * rng.nextDouble(),
      0.1 + 0.3 * rng.nextDouble(),
      normal(rng, paths, 1 + rng.nextInt(5), 1)
    };
  }

  @Test
  void chunkedLoopsOnSeveralThreads() throws Exception {
    Class<?> cls = model(PARALLEL, "ParallelModels");
    int[] paths = {1, 63, 64, 65, 200, 333};
    java.util.function.Function<Random, Object[]> asian =
        rng -> asianPoint(rng, paths[rng.nextInt(6)]);
    java.util.function.Function<Random, Object[]> lookback =
        rng ->
            new Object[] {
              90 + 20 * rng.nextDouble(),
              0.1 + 0.3 * rng.nextDouble(),
              normal(rng, paths[rng.nextInt(6)], 1 + rng.nextInt(5), 1)
            };
    java.util.function.Function<Random, Object[]> poisson =
        rng -> {
          int n = paths[rng.nextInt(6)];
          double[] y = new double[n];
          for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(4);
          }
          return new Object[] {
            normal(rng, 3, 0.5), 0.1 * rng.nextGaussian(), normal(rng, n, 3, 1), y
          };
        };
    java.util.function.Function<Random, Object[]> payoff =
        rng ->
            new Object[] {
              100.0,
              0.001 * rng.nextGaussian(),
              0.05 + 0.05 * rng.nextDouble(),
              80.0,
              normal(rng, 1 + rng.nextInt(5), 1)
            };
    // Gradients on one thread, then on two with every chunk sent to the pool.
    Class<?> companion = cls.getClassLoader().loadClass("realistic.ParallelModelsAdjoint");
    java.lang.reflect.Method[] ms = companion.getMethods();
    List<String> single = new ArrayList<>();
    List<String> multi = new ArrayList<>();
    for (int threads : new int[] {1, 2}) {
      dev.adjoint.Parallel.setThreads(threads);
      dev.adjoint.Parallel.setWorthNanos(threads == 1 ? dev.adjoint.Parallel.WORTH_NANOS : 0);
      try {
        AdjointCheck.of(cls)
            .pointsPerMethod(6)
            .points("payoff", payoff)
            .points("asian", asian)
            .points("lookback", lookback)
            .points("poisson", poisson)
            .verify();
        for (String name : new String[] {"asian", "lookback", "poisson"}) {
          Random rng = new Random(7);
          Object[] args =
              name.equals("asian")
                  ? asianPoint(rng, 333)
                  : name.equals("lookback") ? lookback.apply(rng) : poisson.apply(rng);
          for (java.lang.reflect.Method m : ms) {
            if (m.getName().equals(name + "Gradient") && m.getParameterCount() == args.length) {
              Object rec = m.invoke(null, args);
              (threads == 1 ? single : multi).add(deepToString(rec));
            }
          }
        }
      } finally {
        dev.adjoint.Parallel.setThreads(1);
        dev.adjoint.Parallel.setWorthNanos(dev.adjoint.Parallel.WORTH_NANOS);
      }
    }
    assertEquals(3, single.size());
    assertEquals(single, multi, "gradients differ between one thread and two");
  }

  static String deepToString(Object rec) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (var c : rec.getClass().getRecordComponents()) {
      Object v = c.getAccessor().invoke(rec);
      sb.append(c.getName()).append('=');
      if (v instanceof double[] a) {
        sb.append(java.util.Arrays.toString(a));
      } else {
        sb.append(v);
      }
      sb.append(' ');
    }
    return sb.toString();
  }

  // =============================================================================================
  // Batch 9: expression forms (assignments in conditions, chains), varargs, switch over buffers,
  // two classes, nested classes.

  static final String EXPRESSIONS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Expressions {
        private Expressions() {}

        /** Fixed-point iteration x = cos(a x) with the error assigned inside the loop test. */
        @Differentiable
        public static double fixedPoint(double a) {
          double x = 0.5;
          double err;
          int it = 0;
          while ((err = Math.abs(Math.cos(a * x) - x)) > 1e-14 && it++ < 200) {
            x = Math.cos(a * x);
          }
          return x + err;
        }

        /** Chained assignments into arrays and compound assignments on the same operand. */
        @Differentiable
        public static double chains(double[] v, double c) {
          int n = v.length;
          double[] a = new double[n];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = b[i] = v[i] * c;
            a[i] *= a[i];
            b[i] += b[i];
          }
          double s = 0;
          double t;
          for (int i = 0; i < n; i++) {
            s += t = a[i] - b[i];
            s -= t * t * 0.1;
          }
          double x = c;
          x *= x;
          x /= x + 1;
          x -= x * x;
          return s + x + Math.hypot(c, c) + Math.atan2(c, c) + Math.pow(c * c + 1, c) + Math.min(c, c);
        }

        @Differentiable
        public static double polyval(double x, double[] coeffs) {
          double p = 0;
          for (int i = coeffs.length - 1; i >= 0; i--) {
            p = p * x + coeffs[i];
          }
          return p;
        }

        /** A Taylor model with its coefficients passed as varargs. */
        @Differentiable
        public static double taylor(double x, double a, double b) {
          return polyval(x, new double[] {a, b, a * b, 1.0}) + polyval(x, new double[0])
              + polyval(a, new double[] {b, x});
        }

        /** Three rotating buffers picked by a switch expression on the step. */
        @Differentiable(wrt = {"u0", "k"})
        public static double switched(double[] u0, double k, int steps) {
          int n = u0.length;
          var a = new double[n];
          var b = new double[n];
          var c = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = u0[i];
            b[i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            double[] older = switch (s % 3) { case 0 -> a; case 1 -> b; default -> c; };
            double[] old = switch (s % 3) { case 0 -> b; case 1 -> c; default -> a; };
            double[] out = switch (s % 3) { case 0 -> c; case 1 -> a; default -> b; };
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? old[i - 1] : 0.0;
              out[i] = 2 * old[i] - older[i] + k * (l - old[i]) - 0.05 * old[i] * old[i];
            }
          }
          double[] fin = switch (steps % 3) { case 0 -> b; case 1 -> c; default -> a; };
          double e = 0;
          for (double v : fin) {
            e += v * v;
          }
          return e;
        }
      }
      """;

  @Test
  void expressionFormsVarargsAndSwitchedBuffers() {
    AdjointCheck.of(model(EXPRESSIONS, "Expressions"))
        .pointsPerMethod(8)
        .points("fixedPoint", rng -> new Object[] {0.3 + 0.6 * rng.nextDouble()})
        .points(
            "chains",
            rng -> new Object[] {normal(rng, 1 + rng.nextInt(4), 1), 0.5 + rng.nextDouble()})
        .points("polyval", rng -> new Object[] {rng.nextGaussian(), normal(rng, rng.nextInt(5), 1)})
        .points(
            "taylor",
            rng -> new Object[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()})
        .points(
            "switched",
            rng ->
                new Object[] {
                  normal(rng, 1 + rng.nextInt(5), 0.5), 0.1 + 0.2 * rng.nextDouble(), rng.nextInt(7)
                })
        .verify();
  }

  static final String NUMERICS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Numerical helpers, used by the pricer in another file. */
      public final class Numerics {
        private Numerics() {}

        @Differentiable
        public static double normCdf(double x) {
          double z = Math.abs(x) / Math.sqrt(2);
          double t = 1 / (1 + 0.3275911 * z);
          double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
              + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
          return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
        }

        @Differentiable
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        public static final class Grids {
          private Grids() {}

          @Differentiable
          public static double[] smooth(double[] u, double k) {
            double[] out = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              double l = i > 0 ? u[i - 1] : u[i];
              double r = i < u.length - 1 ? u[i + 1] : u[i];
              out[i] = u[i] + k * (l - 2 * u[i] + r);
            }
            return out;
          }
        }
      }
      """;

  static final String BASKET =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** A basket priced by moment matching to a lognormal, with helpers from Numerics. */
      public final class Basket {
        private Basket() {}

        @Differentiable(wrt = {"w", "s", "vol"})
        public static double price(double[] w, double[] s, double[] vol, double[][] corr, double k,
            double t) {
          int n = w.length;
          double[] ws = new double[n];
          for (int i = 0; i < n; i++) {
            ws[i] = w[i] * s[i];
          }
          double m1 = Numerics.dot(ws, Numerics.Grids.smooth(ws, 0.0));
          m1 = 0;
          for (double x : ws) {
            m1 += x;
          }
          double m2 = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              m2 += ws[i] * ws[j] * Math.exp(corr[i][j] * vol[i] * vol[j] * t);
            }
          }
          double sig = Math.sqrt(Math.log(m2 / (m1 * m1)) / t);
          double d1 = (Math.log(m1 / k) + 0.5 * sig * sig * t) / (sig * Math.sqrt(t));
          return m1 * Numerics.normCdf(d1) - k * Numerics.normCdf(d1 - sig * Math.sqrt(t));
        }

        @Differentiable
        public static double smoothed(double[] u, double k) {
          double[] v = Numerics.Grids.smooth(Numerics.Grids.smooth(u, k), k);
          return Numerics.dot(v, v) + Numerics.dot(u, v);
        }
      }
      """;

  @Test
  void helpersInAnotherClassAndANestedClass() {
    CompiledSources unit = CompiledSources.withAdjoint(NUMERICS, BASKET);
    AdjointCheck.of(unit.load("realistic.Basket"))
        .pointsPerMethod(8)
        .points(
            "price",
            rng -> {
              int n = 1 + rng.nextInt(4);
              double[][] corr = new double[n][n];
              for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                  corr[i][j] = i == j ? 1 : 0.3;
                }
              }
              return new Object[] {
                uniform(rng, n, 0.2, 1),
                uniform(rng, n, 80, 120),
                uniform(rng, n, 0.1, 0.4),
                corr,
                60 + 20 * rng.nextDouble(),
                0.5 + rng.nextDouble()
              };
            })
        .points(
            "smoothed",
            rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 1), 0.1 + 0.2 * rng.nextDouble()})
        .verify();
    AdjointCheck.of(unit.load("realistic.Numerics$Grids"))
        .points(
            "smooth",
            rng -> new Object[] {normal(rng, 1 + rng.nextInt(5), 1), 0.1 + 0.2 * rng.nextDouble()})
        .verify();
  }

  static final String P_IS_NAN =
      probe(
          "IsNaN",
          """
            @Differentiable
            public static double f(double x) {
              double y = Math.log(Math.abs(x) - 0.5);
              if (Double.isNaN(y) || !Double.isFinite(y)) {
                return 0;
              }
              return y * y;
            }
          """);

  static final String P_COPY_SIGN =
      probe(
          "CopySign",
          """
            @Differentiable
            public static double f(double x, double y) {
              return Math.copySign(x * x, y) + Math.toRadians(x);
            }
          """);

  static final String P_INTERFACE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public interface Payoffs {
        @Differentiable
        static double softCall(double s, double k) {
          return Math.log1p(Math.exp(s - k));
        }
      }
      """;

  @Test
  void isNaNGuardOnADifferentiatedValue() {
    AdjointCheck.of(model(P_IS_NAN, "IsNaN"))
        .pointsPerMethod(6)
        .points("f", rng -> new Object[] {(rng.nextBoolean() ? 1 : -1) * (1 + rng.nextDouble())})
        .verify();
  }

  @Test
  void copySignAndToRadiansAskForDeclaredDerivatives() {
    errorAt(
        P_COPY_SIGN,
        "Math.copySign",
        "Math.copySign",
        "@PullbackOf(type = Math.class, method = \"copySign\"");
  }

  @Test
  void staticMethodOfAnInterface() {
    AdjointCheck.of(model(P_INTERFACE, "Payoffs"))
        .points("softCall", rng -> new Object[] {90 + 20 * rng.nextDouble(), 100.0})
        .verify();
  }

  static final String P_VARARGS =
      probe(
          "Varargs",
          """
            @Differentiable
            public static double polyval(double x, double... coeffs) {
              double p = 0;
              for (int i = coeffs.length - 1; i >= 0; i--) {
                p = p * x + coeffs[i];
              }
              return p;
            }

            @Differentiable
            public static double taylor(double x, double a, double b) {
              return polyval(x, a, b, a * b, 1.0);
            }
          """);

  @Test
  void varargsAreRejectedAtTheParameter() {
    errorAt(P_VARARGS, "double... coeffs", "cannot take varargs", "double[] coeffs");
  }

  /** The call of a varargs helper points at the error at its parameter. */
  @Test
  void varargsCallPointsAtTheHelpersError() {
    errorAt(
        P_VARARGS,
        "return polyval(x, a, b, a * b, 1.0);",
        "Varargs.polyval(double, double[]), which could not be differentiated");
  }

  static final String P_ORDER2_VECTOR =
      probe(
          "Order2Vector",
          """
            @Differentiable(order = %s)
            public static double[] twice(double x) {
              return new double[] {x, 2 * x};
            }

            @Differentiable(order = 2)
            public static double f(double x) {
              double[] v = twice(x);
              return v[0] * v[1];
            }
          """);

  /**
   * An order-2 method cannot call a vector-valued helper: with {@code order = 2} on the helper the
   * error at the helper says to use order 1; with {@code order = 1} the error at the call says that
   * second derivatives exist only for methods returning double, and to compute the outputs in the
   * caller or write scalar methods, not to add order = 2 (which sent users in a circle).
   */
  @Test
  void order2CallingAVectorValuedHelper() {
    errorAt(P_ORDER2_VECTOR.formatted("2"), "public static double[] twice", "Use order = 1");
    errorAt(
        P_ORDER2_VECTOR.formatted("1"),
        "double[] v = twice(x);",
        "which returns double[]",
        "methods that return double only",
        "Compute what Order2Vector.twice(double) returns in Order2Vector.f(double) itself");
  }

  // =============================================================================================
  // Batch 10: Hessians of losses over many examples (preaccumulated loops), running maxima,
  // vector-valued helpers of order 2.

  static final String NEWTON_FIT =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Multinomial logit fitted by Newton's method: Hessians of a loss over examples. */
      public final class NewtonFit {
        private NewtonFit() {}

        @Differentiable(order = 2)
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
          }
          return s;
        }

        /** log-sum-exp with the maximum kept by a loop. */
        @Differentiable(order = 2)
        public static double logSumExp(double[] z) {
          double mx = z[0];
          for (int k = 1; k < z.length; k++) {
            if (z[k] > mx) {
              mx = z[k];
            }
          }
          double s = 0;
          for (int k = 0; k < z.length; k++) {
            s += Math.exp(z[k] - mx);
          }
          return mx + Math.log(s);
        }

        @Differentiable(order = 2, wrt = "w")
        public static double nll(double[][] w, double[][] x, int[] labels, double lambda) {
          double total = 0;
          double[] z = new double[w.length];
          for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < w.length; k++) {
              z[k] = dot(w[k], x[i]);
            }
            total += logSumExp(z) - z[labels[i]];
          }
          double pen = 0;
          for (double[] row : w) {
            for (double v : row) {
              pen += v * v;
            }
          }
          return total / x.length + 0.5 * lambda * pen;
        }

        /** The same with the logits computed inline into a scratch buffer. */
        @Differentiable(order = 2, wrt = "w")
        public static double nllInline(double[][] w, double[][] x, int[] labels) {
          int classes = w.length;
          double[] z = new double[classes];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < classes; k++) {
              double s = 0;
              for (int j = 0; j < x[i].length; j++) {
                s += w[k][j] * x[i][j];
              }
              z[k] = s;
            }
            double mx = z[0];
            for (int k = 1; k < classes; k++) {
              if (z[k] > mx) {
                mx = z[k];
              }
            }
            double se = 0;
            for (int k = 0; k < classes; k++) {
              se += Math.exp(z[k] - mx);
            }
            total += mx + Math.log(se) - z[labels[i]];
          }
          return total / x.length;
        }
      }
      """;

  @Test
  void newtonFitHessians() {
    int[] sizes = {1, 2, 7, 65, 130};
    java.util.function.Function<Random, Object[]> data =
        rng -> {
          int classes = 1 + rng.nextInt(3);
          int n = sizes[rng.nextInt(sizes.length)];
          int[] labels = new int[n];
          for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
          }
          return new Object[] {normal(rng, classes, 2, 0.7), normal(rng, n, 2, 1), labels};
        };
    var summary =
        AdjointCheck.of(model(NEWTON_FIT, "NewtonFit"))
            .pointsPerMethod(6)
            .points("dot", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 3, 1)})
            .points("logSumExp", rng -> new Object[] {normal(rng, 1 + rng.nextInt(4), 1)})
            .points(
                "nll",
                rng -> {
                  Object[] d = data.apply(rng);
                  return new Object[] {d[0], d[1], d[2], 0.1};
                })
            .points("nllInline", data)
            .verify();
    assertTrue(
        summary.methods().get("nllInline").contains(AdjointCheck.Check.HESSIAN),
        summary.toString());
  }

  // =============================================================================================
  // Batch 11: sums over examples or paths of other shapes than for (i = 0; i < n; i++): strides,
  // a remainder after a paired loop, counting down, a break at a sentinel.

  static final String SUM_SHAPES =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class SumShapes {
        private SumShapes() {}

        @Differentiable
        public static double payoff(double s0, double vol, double z) {
          // Smooth (softplus) call payoff: with ~1000 kinked payoffs a finite difference along a
          // random direction straddles a kink too often.
          double x = s0 * Math.exp(vol * z - 0.5 * vol * vol) - 100;
          return x > 30 ? x : Math.log1p(Math.exp(x));
        }

        /** Antithetic pairs (z[p], -z[p]) over a stride of 2, with the odd path left over. */
        @Differentiable(wrt = {"s0", "vol"})
        public static double antithetic(double s0, double vol, double[] z) {
          double sum = 0;
          int p;
          for (p = 0; p + 1 < z.length; p += 2) {
            sum += 0.5 * (payoff(s0, vol, z[p]) + payoff(s0, vol, -z[p]))
                + 0.5 * (payoff(s0, vol, z[p + 1]) + payoff(s0, vol, -z[p + 1]));
          }
          if (p < z.length) {
            sum += 0.5 * (payoff(s0, vol, z[p]) + payoff(s0, vol, -z[p]));
          }
          return sum / z.length;
        }

        /** A likelihood over every other observation, starting at 1. */
        @Differentiable(wrt = {"mu", "sigma"})
        public static double oddObservations(double mu, double sigma, double[] y) {
          double nll = 0;
          for (int i = 1; i < y.length; i += 2) {
            double r = (y[i] - mu) / sigma;
            nll += 0.5 * r * r + Math.log(sigma);
          }
          return nll;
        }

        /** A loss summed from the last example down. */
        @Differentiable(wrt = {"w"})
        public static double countingDown(double[] w, double[][] x, double[] y) {
          double total = 0;
          for (int i = x.length - 1; i >= 0; i--) {
            double z = 0;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * x[i][j];
            }
            double r = Math.tanh(z) - y[i];
            total += r * r;
          }
          return total;
        }

        /** Observations end at the first negative value (a missing-data sentinel). */
        @Differentiable(wrt = {"mu", "sigma"})
        public static double untilSentinel(double mu, double sigma, double[] y) {
          double nll = 0;
          int i;
          for (i = 0; i < y.length; i++) {
            if (y[i] < 0) {
              break;
            }
            double r = (y[i] - mu) / sigma;
            nll += 0.5 * r * r;
          }
          return nll + i * Math.log(sigma);
        }

        /** Examples processed in blocks of 4 with an inner loop over the block. */
        @Differentiable(wrt = {"w"})
        public static double blocks(double[] w, double[][] x, double[] y) {
          double total = 0;
          for (int b = 0; b < x.length; b += 4) {
            int end = Math.min(b + 4, x.length);
            for (int i = b; i < end; i++) {
              double z = 0;
              for (int j = 0; j < w.length; j++) {
                z += w[j] * x[i][j];
              }
              total += Math.log1p(Math.exp(-y[i] * z));
            }
          }
          return total / x.length;
        }
      }
      """;

  @Test
  void sumsOfOtherShapesOnOneAndSeveralThreads() {
    int[] sizes = {1, 2, 3, 64, 65, 129, 130, 131, 200, 261};
    Class<?> cls = model(SUM_SHAPES, "SumShapes");
    for (int threads : new int[] {1, 2}) {
      dev.adjoint.Parallel.setThreads(threads);
      dev.adjoint.Parallel.setWorthNanos(threads == 1 ? dev.adjoint.Parallel.WORTH_NANOS : 0);
      try {
        AdjointCheck.of(cls)
            .pointsPerMethod(12)
            .points(
                "payoff",
                rng ->
                    new Object[] {
                      90 + 20 * rng.nextDouble(), 0.1 + 0.3 * rng.nextDouble(), rng.nextGaussian()
                    })
            .points(
                "antithetic",
                rng ->
                    new Object[] {
                      90 + 20 * rng.nextDouble(),
                      0.1 + 0.3 * rng.nextDouble(),
                      normal(rng, sizes[rng.nextInt(sizes.length)], 1)
                    })
            .points(
                "oddObservations",
                rng ->
                    new Object[] {
                      rng.nextGaussian(),
                      0.5 + rng.nextDouble(),
                      normal(rng, sizes[rng.nextInt(sizes.length)], 1)
                    })
            .points(
                "countingDown",
                rng -> {
                  int n = sizes[rng.nextInt(sizes.length)];
                  return new Object[] {
                    normal(rng, 3, 0.5), normal(rng, n, 3, 1), normal(rng, n, 0.5)
                  };
                })
            .points(
                "untilSentinel",
                rng -> {
                  int n = sizes[rng.nextInt(sizes.length)];
                  double[] y = uniform(rng, n, 0.1, 3);
                  if (rng.nextBoolean()) {
                    y[rng.nextInt(n)] = -1;
                  }
                  return new Object[] {rng.nextGaussian(), 0.5 + rng.nextDouble(), y};
                })
            .points(
                "blocks",
                rng -> {
                  int n = sizes[rng.nextInt(sizes.length)];
                  double[] y = new double[n];
                  for (int i = 0; i < n; i++) {
                    y[i] = rng.nextBoolean() ? 1 : -1;
                  }
                  return new Object[] {normal(rng, 3, 0.5), normal(rng, n, 3, 1), y};
                })
            .verify();
      } finally {
        dev.adjoint.Parallel.setThreads(1);
        dev.adjoint.Parallel.setWorthNanos(dev.adjoint.Parallel.WORTH_NANOS);
      }
    }
  }

  // =============================================================================================
  // Batch 12: a model as a record (Heston-like parameters with a curve array) and a library
  // function with user-declared derivatives taking arrays.

  static final String RECORD_MODEL =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** A short-rate model's parameters as a record: mean reversion, vol, a piecewise theta. */
      public record HullWhite(double a, double sigma, double[] theta) {

        /** Zero-coupon bond price by an Euler Monte Carlo of the short rate, draws passed in. */
        @Differentiable(wrt = "this")
        public double bond(double r0, double[][] z, double dt) {
          double sum = 0;
          for (int p = 0; p < z.length; p++) {
            double r = r0;
            double integral = 0;
            for (int j = 0; j < z[p].length; j++) {
              int seg = Math.min(j * theta.length / z[p].length, theta.length - 1);
              integral += r * dt;
              r += (theta[seg] - a * r) * dt + sigma * Math.sqrt(dt) * z[p][j];
            }
            sum += Math.exp(-integral);
          }
          return sum / z.length;
        }

        /** Calibration loss against market bond prices; calls the instance method. */
        @Differentiable(wrt = "this")
        public double calibration(double r0, double[][] z, double dt, double target) {
          double d = bond(r0, z, dt) - target;
          double smooth = 0;
          for (int k = 1; k < theta.length; k++) {
            double g = theta[k] - theta[k - 1];
            smooth += g * g;
          }
          return d * d + 0.01 * smooth + penalty(this);
        }

        @Differentiable
        public static double penalty(HullWhite m) {
          return 0.001 * (m.a() * m.a() + m.sigma() * m.sigma());
        }
      }
      """;

  @Test
  void recordModel() {
    Class<?> cls = model(RECORD_MODEL, "HullWhite");
    java.lang.reflect.Constructor<?> ctor = cls.getDeclaredConstructors()[0];
    java.util.function.Function<Random, Object> rec =
        rng -> {
          try {
            return ctor.newInstance(
                0.1 + 0.2 * rng.nextDouble(),
                0.005 + 0.01 * rng.nextDouble(),
                uniform(rng, 1 + rng.nextInt(4), 0.001, 0.01));
          } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
          }
        };
    AdjointCheck.of(cls)
        .pointsPerMethod(6)
        .points(
            "bond",
            rng ->
                new Object[] {
                  rec.apply(rng), 0.02, normal(rng, 1 + rng.nextInt(70), 1 + rng.nextInt(8), 1), 0.1
                })
        .points(
            "calibration",
            rng ->
                new Object[] {
                  rec.apply(rng),
                  0.02,
                  normal(rng, 1 + rng.nextInt(70), 1 + rng.nextInt(8), 1),
                  0.1,
                  0.97
                })
        .points("penalty", rng -> new Object[] {rec.apply(rng)})
        .verify();
  }

  static final String BLAS =
      """
      package realistic;

      /** A "library" of array kernels that Adjoint cannot read (pretend it is native). */
      public final class Blas {
        private Blas() {}

        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        public static double nrm2(double[] a) {
          double s = 0;
          for (double v : a) {
            s += v * v;
          }
          return Math.sqrt(s);
        }
      }
      """;

  static final String BLAS_PULLBACKS =
      """
      package realistic;

      import dev.adjoint.PullbackOf;

      public final class BlasPullbacks {
        private BlasPullbacks() {}

        @PullbackOf(type = Blas.class, method = "dot", wrt = "a")
        public static double[] dotA(double[] a, double[] b, double seed) {
          double[] g = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            g[i] = seed * b[i];
          }
          return g;
        }

        @PullbackOf(type = Blas.class, method = "dot", wrt = "b")
        public static double[] dotB(double[] a, double[] b, double seed) {
          double[] g = new double[b.length];
          for (int i = 0; i < b.length; i++) {
            g[i] = seed * a[i];
          }
          return g;
        }

        @PullbackOf(type = Blas.class, method = "nrm2", wrt = "a")
        public static double[] nrm2A(double[] a, double result, double seed) {
          double[] g = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            g[i] = seed * a[i] / result;
          }
          return g;
        }
      }
      """;

  static final String BLAS_USER =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      /** Factor model: exposures as rows, the library's kernels on rows and on local buffers. */
      public final class FactorRisk {
        private FactorRisk() {}

        @Differentiable(wrt = {"b", "f"})
        public static double risk(double[][] b, double[] f, double[] w) {
          int n = b.length;
          double[] exposure = new double[n];
          double total = 0;
          for (int i = 0; i < n; i++) {
            exposure[i] = Blas.dot(b[i], f) * w[i];
            total += Blas.dot(b[i], b[i]) * 0.01;
          }
          double[] scaled = new double[f.length];
          for (int k = 0; k < f.length; k++) {
            scaled[k] = f[k] * (k + 1);
          }
          for (int i = 0; i < n; i++) {
            scaled[i % f.length] += exposure[i];
          }
          return Blas.nrm2(exposure) + Blas.nrm2(scaled) + total + Blas.dot(scaled, scaled);
        }
      }
      """;

  @Test
  void libraryKernelsWithDeclaredArrayPullbacks() {
    CompiledSources unit = CompiledSources.withAdjoint(BLAS, BLAS_PULLBACKS, BLAS_USER);
    AdjointCheck.of(unit.load("realistic.FactorRisk"))
        .pointsPerMethod(8)
        .points(
            "risk",
            rng -> {
              int n = 1 + rng.nextInt(5);
              int k = 1 + rng.nextInt(3);
              return new Object[] {normal(rng, n, k, 1), normal(rng, k, 1), normal(rng, n, 1)};
            })
        .verify();
  }

  // =============================================================================================
  // Batch 13: a kinetics model as a mechanism compiler writes it: hundreds of statements in the
  // body of a time loop, over swapped buffers.

  static String kinetics(int species, int reactions, long seed) {
    Random rng = new Random(seed);
    StringBuilder body = new StringBuilder();
    for (int r = 0; r < reactions; r++) {
      int a = rng.nextInt(species);
      int b = rng.nextInt(species);
      int c = rng.nextInt(species);
      body.append("      double rate")
          .append(r)
          .append(" = k[")
          .append(r % 8)
          .append("] * y[")
          .append(a)
          .append("] * y[")
          .append(b)
          .append("];\n");
      body.append("      dy[").append(a).append("] -= rate").append(r).append(";\n");
      body.append("      dy[").append(b).append("] -= 0.5 * rate").append(r).append(";\n");
      body.append("      dy[").append(c).append("] += 1.5 * rate").append(r).append(";\n");
    }
    return """
        package realistic;

        import dev.adjoint.Differentiable;

        /** Generated by a mechanism compiler. */
        public final class Kinetics {
          private Kinetics() {}

          @Differentiable(wrt = {"y0", "k"})
          public static double run(double[] y0, double[] k, double dt, int steps) {
            int n = y0.length;
            double[] y = new double[n];
            double[] next = new double[n];
            double[] dy = new double[n];
            for (int i = 0; i < n; i++) {
              y[i] = y0[i];
            }
            for (int s = 0; s < steps; s++) {
              for (int i = 0; i < n; i++) {
                dy[i] = -0.01 * y[i];
              }
        """
        + body.toString().indent(4)
        + """
              for (int i = 0; i < n; i++) {
                next[i] = y[i] + dt * dy[i];
              }
              double[] t = y;
              y = next;
              next = t;
            }
            double obj = 0;
            for (int i = 0; i < n; i++) {
              obj += (i + 1) * y[i] * y[i];
            }
            return obj;
          }
        }
        """;
  }

  static final String KINETICS = kinetics(12, 150, 5);

  @Test
  void generatedKineticsMechanism() {
    AdjointCheck.of(model(KINETICS, "Kinetics"))
        .pointsPerMethod(4)
        .points(
            "run",
            rng ->
                new Object[] {
                  uniform(rng, 12, 0.5, 1.5), uniform(rng, 8, 0.1, 0.5), 0.01, rng.nextInt(5)
                })
        .verify();
  }

  // =============================================================================================
  // Batch 14: C-style loops (while (steps-- > 0), for (;;), long counters) and float price data.

  static final String C_STYLE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class CStyle {
        private CStyle() {}

        @Differentiable(wrt = {"u0", "k"})
        public static double countdown(double[] u0, double k, int steps) {
          int n = u0.length;
          double[] u = new double[n];
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            u[i] = u0[i];
          }
          while (steps-- > 0) {
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? u[i - 1] : u[n - 1];
              v[i] = u[i] + k * (l - u[i]) * (1 + 0.1 * u[i]);
            }
            double[] t = u;
            u = v;
            v = t;
          }
          double e = 0;
          int i = n;
          do {
            --i;
            e += u[i] * u[i] * (i + 1);
          } while (i > 0);
          return e;
        }

        @Differentiable
        public static double forever(double x0, double a) {
          double x = x0;
          long it = 0;
          for (;;) {
            double nx = 0.5 * (x + a / x);
            if (Math.abs(nx - x) < 1e-15 * nx || ++it > 100L) {
              x = nx;
              break;
            }
            x = nx;
          }
          return x;
        }

        /** GARCH-like variance filter over float price data (log returns computed in float). */
        @Differentiable(wrt = {"omega", "alpha", "beta"})
        public static double floatPrices(double omega, double alpha, double beta, float[] prices) {
          double var = omega / (1 - alpha - beta);
          double nll = 0;
          for (long t = 1; t < prices.length; t++) {
            float ratio = prices[(int) t] / prices[(int) t - 1];
            double r = Math.log(ratio);
            nll += 0.5 * (Math.log(var) + r * r / var);
            var = omega + alpha * r * r + beta * var;
          }
          return nll;
        }
      }
      """;

  @Test
  void cStyleLoopsAndFloatData() {
    AdjointCheck.of(model(C_STYLE, "CStyle"))
        .pointsPerMethod(8)
        .points(
            "countdown",
            rng ->
                new Object[] {
                  normal(rng, 1 + rng.nextInt(5), 0.5), 0.1 + 0.2 * rng.nextDouble(), rng.nextInt(6)
                })
        .points("forever", rng -> new Object[] {0.5 + rng.nextDouble(), 0.5 + 3 * rng.nextDouble()})
        .points(
            "floatPrices",
            rng -> {
              int n = 1 + rng.nextInt(80);
              float[] p = new float[n];
              float s = 100;
              for (int i = 0; i < n; i++) {
                s *= (float) Math.exp(0.02 * rng.nextGaussian());
                p[i] = s;
              }
              return new Object[] {
                0.01 + 0.02 * rng.nextDouble(),
                0.05 + 0.1 * rng.nextDouble(),
                0.7 + 0.1 * rng.nextDouble(),
                p
              };
            })
        .verify();
  }

  // =============================================================================================
  // Batch 15: FFTs, recursive (arrays returned from each level) and in place (bit reversal and
  // butterflies over two arrays).

  static final String FFT =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Fft {
        private Fft() {}

        /** Recursive radix-2 FFT of a power-of-two length; returns re and im interleaved. */
        @Differentiable
        public static double[] fft(double[] re, double[] im) {
          int n = re.length;
          double[] out = new double[2 * n];
          if (n == 1) {
            out[0] = re[0];
            out[1] = im[0];
            return out;
          }
          double[] er = new double[n / 2];
          double[] ei = new double[n / 2];
          double[] or = new double[n / 2];
          double[] oi = new double[n / 2];
          for (int k = 0; k < n / 2; k++) {
            er[k] = re[2 * k];
            ei[k] = im[2 * k];
            or[k] = re[2 * k + 1];
            oi[k] = im[2 * k + 1];
          }
          double[] e = fft(er, ei);
          double[] o = fft(or, oi);
          for (int k = 0; k < n / 2; k++) {
            double ang = -2 * Math.PI * k / n;
            double c = Math.cos(ang);
            double s = Math.sin(ang);
            double tr = c * o[2 * k] - s * o[2 * k + 1];
            double ti = s * o[2 * k] + c * o[2 * k + 1];
            out[2 * k] = e[2 * k] + tr;
            out[2 * k + 1] = e[2 * k + 1] + ti;
            out[2 * (k + n / 2)] = e[2 * k] - tr;
            out[2 * (k + n / 2) + 1] = e[2 * k + 1] - ti;
          }
          return out;
        }

        /** Weighted power spectrum of a windowed signal, through the recursive FFT. */
        @Differentiable(wrt = {"x", "a"})
        public static double spectrum(double[] x, double a, double[] weights) {
          int n = x.length;
          double[] re = new double[n];
          double[] im = new double[n];
          for (int i = 0; i < n; i++) {
            re[i] = x[i] * (1 - a * Math.cos(2 * Math.PI * i / n));
          }
          double[] f = fft(re, im);
          double p = 0;
          for (int k = 0; k < n; k++) {
            p += weights[k] * Math.log(1e-3 + f[2 * k] * f[2 * k] + f[2 * k + 1] * f[2 * k + 1]);
          }
          return p;
        }

        /** Iterative in-place FFT: bit reversal by element swaps, then butterflies. */
        @Differentiable(wrt = {"x", "a"})
        public static double spectrumInPlace(double[] x, double a, double[] weights) {
          int n = x.length;
          double[] re = new double[n];
          double[] im = new double[n];
          for (int i = 0; i < n; i++) {
            re[i] = x[i] * (1 - a * Math.cos(2 * Math.PI * i / n));
          }
          for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
              j ^= bit;
            }
            j ^= bit;
            if (i < j) {
              double t = re[i];
              re[i] = re[j];
              re[j] = t;
              t = im[i];
              im[i] = im[j];
              im[j] = t;
            }
          }
          for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
              for (int k = 0; k < len / 2; k++) {
                double c = Math.cos(ang * k);
                double s = Math.sin(ang * k);
                int u = i + k;
                int v = i + k + len / 2;
                double tr = c * re[v] - s * im[v];
                double ti = s * re[v] + c * im[v];
                re[v] = re[u] - tr;
                im[v] = im[u] - ti;
                re[u] += tr;
                im[u] += ti;
              }
            }
          }
          double p = 0;
          for (int k = 0; k < n; k++) {
            p += weights[k] * Math.log(1e-3 + re[k] * re[k] + im[k] * im[k]);
          }
          return p;
        }
      }
      """;

  @Test
  void recursiveAndInPlaceFft() {
    int[] sizes = {1, 2, 4, 8, 16};
    AdjointCheck.of(model(FFT, "Fft"))
        .pointsPerMethod(8)
        .points(
            "fft",
            rng -> {
              int n = sizes[rng.nextInt(4)];
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1)};
            })
        .points(
            "spectrum",
            rng -> {
              int n = sizes[rng.nextInt(5)];
              return new Object[] {
                normal(rng, n, 1), 0.5 * rng.nextDouble(), uniform(rng, n, 0, 1)
              };
            })
        .points(
            "spectrumInPlace",
            rng -> {
              int n = sizes[rng.nextInt(5)];
              return new Object[] {
                normal(rng, n, 1), 0.5 * rng.nextDouble(), uniform(rng, n, 0, 1)
              };
            })
        .verify();
    // The two FFTs agree.
    Class<?> cls = model(FFT, "Fft");
    Random rng = new Random(3);
    double[] x = normal(rng, 16, 1);
    double[] w = uniform(rng, 16, 0, 1);
    try {
      double a =
          (double)
              cls.getMethod("spectrum", double[].class, double.class, double[].class)
                  .invoke(null, x, 0.3, w);
      double b =
          (double)
              cls.getMethod("spectrumInPlace", double[].class, double.class, double[].class)
                  .invoke(null, x, 0.3, w);
      assertEquals(a, b, 1e-9);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  // =============================================================================================
  // Batch 16: a helper that returns one of its two array arguments, chosen at run time.

  static final String CHOOSE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Choose {
        private Choose() {}

        /** Returns the source buffer of a ping-pong step: one of its arguments, by parity. */
        @Differentiable
        public static double[] source(double[] a, double[] b, int step) {
          return step % 2 == 0 ? a : b;
        }

        @Differentiable
        public static double[] larger(double[] a, double[] b) {
          double sa = 0;
          double sb = 0;
          for (int i = 0; i < a.length; i++) {
            sa += a[i] * a[i];
            sb += b[i] * b[i];
          }
          if (sa >= sb) {
            return a;
          }
          return b;
        }

        /** Ping-pong through a helper that picks the source and the target. */
        @Differentiable(wrt = {"u0", "k"})
        public static double pingPong(double[] u0, double k, int steps) {
          int n = u0.length;
          double[] a = new double[n];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = u0[i];
          }
          for (int s = 0; s < steps; s++) {
            double[] src = source(a, b, s);
            double[] dst = source(b, a, s);
            for (int i = 0; i < n; i++) {
              double l = i > 0 ? src[i - 1] : 0.0;
              dst[i] = src[i] + k * (l - src[i]) - 0.1 * src[i] * src[i];
            }
          }
          double[] fin = source(a, b, steps);
          double e = 0;
          for (int i = 0; i < n; i++) {
            e += (i + 1) * fin[i] * fin[i];
          }
          return e;
        }

        /** Reads through the larger of two parameter-derived arrays, then scales the other. */
        @Differentiable
        public static double pickLarger(double[] x, double[] y, double c) {
          int n = x.length;
          double[] p = new double[n];
          double[] q = new double[n];
          for (int i = 0; i < n; i++) {
            p[i] = c * x[i];
            q[i] = y[i] * y[i];
          }
          double[] big = larger(p, q);
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.sin(big[i]) + p[i] * q[i];
          }
          big[0] = big[0] * c;
          return s + p[0] + q[0] + big[0];
        }

        /** Reads from both arguments passed as the same array. */
        @Differentiable
        public static double sameTwice(double[] x) {
          double[] l = larger(x, x);
          double[] m = source(x, x, 1);
          return l[0] * m[m.length - 1];
        }
      }
      """;

  @Test
  void helperReturningOneOfItsArguments() {
    int[] sizes = {1, 2, 3, 6};
    AdjointCheck.of(model(CHOOSE, "Choose"))
        .pointsPerMethod(10)
        .points(
            "source",
            rng -> {
              int n = sizes[rng.nextInt(4)];
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1), rng.nextInt(4)};
            })
        .points(
            "larger",
            rng -> {
              int n = sizes[rng.nextInt(4)];
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1)};
            })
        .points(
            "pingPong",
            rng ->
                new Object[] {
                  normal(rng, sizes[rng.nextInt(4)], 1),
                  0.1 + 0.2 * rng.nextDouble(),
                  rng.nextInt(6)
                })
        .points(
            "pickLarger",
            rng -> {
              int n = sizes[rng.nextInt(4)];
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1), 0.5 + rng.nextDouble()};
            })
        .points("sameTwice", rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 1)})
        .verify();
  }

  // =============================================================================================
  // Batch 17: Greek identifiers, and parameter names the generated Jacobian and forward mode use.

  static final String GREEK =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Greek {
        private Greek() {}

        @Differentiable
        public static double logNormalPdf(double x, double μ, double σ) {
          double z = (Math.log(x) - μ) / σ;
          return Math.exp(-0.5 * z * z) / (x * σ * Math.sqrt(2 * Math.PI));
        }

        /** Ornstein-Uhlenbeck path mean; parameters named like the generated code's locals. */
        @Differentiable(wrt = {"x0", "θ", "σ"})
        public static double[] path(double x0, double θ, double σ, double[] direction, int offset,
            int m, int n, double[] value, double[] seed, double[] tangent) {
          double[] out = new double[m];
          double x = x0;
          for (int i = 0; i < m; i++) {
            x += -θ * x * 0.1 + σ * 0.3 * direction[(i + offset) % direction.length]
                + value[i % value.length] * seed[0] + tangent[0] * n;
            out[i] = x * x;
          }
          return out;
        }

        @Differentiable(wrt = {"x0", "θ"})
        public static double endpoint(double x0, double θ, double[] direction, int offset, int jacobian,
            double[] adjoint, double[] gradient, double[] i_2) {
          double[] p = path(x0, θ, 0.2, direction, offset, 3, jacobian, gradient, adjoint, i_2);
          return p[p.length - 1] + p[0];
        }
      }
      """;

  @Test
  void greekIdentifiersAndParameterNamesOfTheGeneratedCode() {
    AdjointCheck.of(model(GREEK, "Greek"))
        .pointsPerMethod(6)
        .points(
            "logNormalPdf",
            rng ->
                new Object[] {
                  0.5 + rng.nextDouble(), 0.1 * rng.nextGaussian(), 0.5 + rng.nextDouble()
                })
        .points(
            "path",
            rng ->
                new Object[] {
                  rng.nextGaussian(),
                  0.5 + rng.nextDouble(),
                  0.2 + rng.nextDouble(),
                  normal(rng, 5, 1),
                  rng.nextInt(3),
                  1 + rng.nextInt(6),
                  2,
                  normal(rng, 2, 0.1),
                  normal(rng, 1, 0.1),
                  normal(rng, 1, 0.1)
                })
        .points(
            "endpoint",
            rng ->
                new Object[] {
                  rng.nextGaussian(),
                  0.5 + rng.nextDouble(),
                  normal(rng, 5, 1),
                  rng.nextInt(3),
                  2,
                  normal(rng, 1, 0.1),
                  normal(rng, 2, 0.1),
                  normal(rng, 1, 0.1)
                })
        .verify();
  }

  // =============================================================================================
  // Batch 18: a solver per example inside a sum over examples (implied volatilities), on one and
  // several threads.

  static final String IMPLIED =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Implied {
        private Implied() {}

        @Differentiable
        public static double ncdf(double x) {
          double z = Math.abs(x) / Math.sqrt(2);
          double t = 1 / (1 + 0.3275911 * z);
          double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
              + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
          return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
        }

        @Differentiable
        public static double call(double s, double k, double sigma, double t) {
          double d1 = (Math.log(s / k) + 0.5 * sigma * sigma * t) / (sigma * Math.sqrt(t));
          return s * ncdf(d1) - k * ncdf(d1 - sigma * Math.sqrt(t));
        }

        /** Implied volatility by Newton with the analytic vega, from 0.3, in a while loop. */
        @Differentiable
        public static double impliedVol(double price, double s, double k, double t) {
          double sigma = 0.3;
          int it = 0;
          while (it < 50) {
            double d1 = (Math.log(s / k) + 0.5 * sigma * sigma * t) / (sigma * Math.sqrt(t));
            double vega = s * Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI) * Math.sqrt(t);
            double step = (call(s, k, sigma, t) - price) / vega;
            sigma -= step;
            if (Math.abs(step) < 1e-13) {
              break;
            }
            it++;
          }
          return sigma;
        }

        /** Model prices from a smile (a + b m^2), inverted to vols, compared with market vols. */
        @Differentiable(wrt = {"a", "b"})
        public static double smileFit(double a, double b, double s, double[] strikes, double[] vols,
            double t) {
          double total = 0;
          for (int i = 0; i < strikes.length; i++) {
            double m = Math.log(strikes[i] / s);
            double modelVol = a + b * m * m;
            double price = call(s, strikes[i], modelVol, t);
            double iv = impliedVol(price, s, strikes[i], t);
            double d = iv - vols[i];
            total += d * d;
          }
          return total;
        }
      }
      """;

  @Test
  void impliedVolatilitySolvesInsideASum() {
    int[] sizes = {1, 3, 64, 65, 130};
    Class<?> cls = model(IMPLIED, "Implied");
    for (int threads : new int[] {1, 2}) {
      dev.adjoint.Parallel.setThreads(threads);
      dev.adjoint.Parallel.setWorthNanos(threads == 1 ? dev.adjoint.Parallel.WORTH_NANOS : 0);
      try {
        AdjointCheck.of(cls)
            .pointsPerMethod(5)
            .points(
                "ncdf",
                rng -> new Object[] {(rng.nextBoolean() ? 1 : -1) * (0.01 + 2 * rng.nextDouble())})
            .points(
                "call",
                rng ->
                    new Object[] {
                      100.0,
                      85 + 30 * rng.nextDouble(),
                      0.15 + 0.2 * rng.nextDouble(),
                      0.5 + rng.nextDouble()
                    })
            .points(
                "impliedVol",
                rng -> {
                  double k = 85 + 30 * rng.nextDouble();
                  double sig = 0.15 + 0.2 * rng.nextDouble();
                  double t = 0.5 + rng.nextDouble();
                  double price = 100 * 0.5 * sig * Math.sqrt(t) * 0.8 + Math.max(100 - k, 0);
                  return new Object[] {price, 100.0, k, t};
                })
            .points(
                "smileFit",
                rng -> {
                  int n = sizes[rng.nextInt(sizes.length)];
                  return new Object[] {
                    0.2 + 0.05 * rng.nextDouble(),
                    0.3 * rng.nextDouble(),
                    100.0,
                    uniform(rng, n, 85, 115),
                    uniform(rng, n, 0.15, 0.3),
                    0.5 + rng.nextDouble()
                  };
                })
            .verify();
      } finally {
        dev.adjoint.Parallel.setThreads(1);
        dev.adjoint.Parallel.setWorthNanos(dev.adjoint.Parallel.WORTH_NANOS);
      }
    }
  }

  static final String WRONG =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.PullbackOf;

      public final class Wrong {
        private Wrong() {}

        public static double cube(double x) {
          return x * x * x;
        }

        @PullbackOf(type = Wrong.class, method = "cube", wrt = "x")
        public static double cubeX(double x, double seed) {
          return seed * 3 * x * x * 1.001;
        }

        @Differentiable
        public static double f(double[] u, double k) {
          double s = 0;
          for (int i = 0; i < u.length; i++) {
            s += cube(u[i] * k);
          }
          return s;
        }
      }
      """;

  @Test
  void harnessCatchesAWrongDerivative() {
    AssertionError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class,
            () ->
                AdjointCheck.of(model(WRONG, "Wrong"))
                    .points("f", rng -> new Object[] {normal(rng, 3, 1), 1 + rng.nextDouble()})
                    .verify());
    assertTrue(e.getMessage().contains("gradient against finite differences"), e.getMessage());
  }

  // =============================================================================================
  // Batch 19: statement forms: empty loop bodies, unbraced bodies, labelled blocks, Double's
  // constants as starting extrema, an int compound-assigned from a double.

  static final String FORMS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Forms {
        private Forms() {}

        /** Linear search with an empty loop body, then linear interpolation. */
        @Differentiable(wrt = {"ys", "x"})
        public static double interp(double[] xs, double[] ys, double x) {
          int i;
          for (i = 0; i < xs.length - 2 && xs[i + 1] < x; i++);
          double w = (x - xs[i]) / (xs[i + 1] - xs[i]);
          return ys[i] + w * (ys[i + 1] - ys[i]);
        }

        /** Unbraced bodies. */
        @Differentiable
        public static double clipped(double[] v, double cap) {
          double s = 0;
          for (int i = 0; i < v.length; i++)
            if (v[i] > cap) s += cap * v[i];
            else s += v[i] * v[i];
          if (s <= 10 * cap)
            s = s * 1.5 + cap;
          return s;
        }

        /** Best score from NEGATIVE_INFINITY, worst from POSITIVE_INFINITY, over a loop. */
        @Differentiable
        public static double spread(double[] v, double k) {
          double best = Double.NEGATIVE_INFINITY;
          double worst = Double.POSITIVE_INFINITY;
          for (int i = 0; i < v.length; i++) {
            double score = k * v[i] + Math.sin(v[i]);
            if (score > best) {
              best = score;
            }
            if (score < worst) {
              worst = score;
            }
          }
          return best - worst + best * worst;
        }

        /** The running best starts at a differentiated threshold. */
        @Differentiable
        public static double aboveThreshold(double[] v, double thr) {
          double best = thr * thr;
          for (int i = 0; i < v.length; i++) {
            if (v[i] * thr > best) {
              best = v[i] * thr;
            }
          }
          return best;
        }

        /** An int counter compound-assigned from a double (Java narrows it). */
        @Differentiable
        public static double bins(double[] v, double width) {
          int bucket = 0;
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            bucket += v[i] / width;
            s += v[i] * (bucket % 3);
          }
          return s + bucket;
        }
      }
      """;

  static final String P_LABELLED_BLOCK =
      probe(
          "LabelledBlock",
          """
            @Differentiable
            public static double f(double x) {
              double s = x * x;
              done:
              {
                if (s > 10) break done;
                s = s * 1.5 + x;
              }
              return s;
            }
          """);

  @Test
  void labelledBlockIsRejectedClearly() {
    singleErrorAt(
        P_LABELLED_BLOCK, "done:", "Labels are supported on loops and switch statements only");
  }

  @Test
  void statementForms() {
    int[] sizes = {1, 2, 3, 7};
    AdjointCheck.of(model(FORMS, "Forms"))
        .pointsPerMethod(10)
        .points(
            "interp",
            rng -> {
              double[] xs = knots(rng, 2 + rng.nextInt(5));
              return new Object[] {xs, normal(rng, xs.length, 1), inside(rng, xs)};
            })
        .points(
            "clipped",
            rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 1), 0.5 + rng.nextDouble()})
        .points(
            "spread",
            rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 1), 0.5 + rng.nextDouble()})
        .points(
            "aboveThreshold",
            rng -> new Object[] {normal(rng, sizes[rng.nextInt(4)], 1), 0.5 + rng.nextDouble()})
        .points(
            "bins",
            rng ->
                new Object[] {
                  uniform(rng, sizes[rng.nextInt(4)], 0.1, 3), 0.7 + 0.1 * rng.nextDouble()
                })
        .verify();
  }

  // =============================================================================================
  // Batch 20: vector outputs over long loops: a Monte Carlo estimate and its standard error.

  static final String MC_VECTOR =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class McVector {
        private McVector() {}

        @Differentiable
        public static double payoff(double s0, double vol, double z) {
          double x = s0 * Math.exp(vol * z - 0.5 * vol * vol) - 100;
          return x > 30 ? x : Math.log1p(Math.exp(x));
        }

        /** {price, standard error} of a European call. */
        @Differentiable(wrt = {"s0", "vol"})
        public static double[] estimate(double s0, double vol, double[] z) {
          double sum = 0;
          double sumSq = 0;
          for (int p = 0; p < z.length; p++) {
            double v = payoff(s0, vol, z[p]);
            sum += v;
            sumSq += v * v;
          }
          double mean = sum / z.length;
          double var = Math.max(sumSq / z.length - mean * mean, 1e-12);
          return new double[] {mean, Math.sqrt(var / z.length)};
        }

        /** {price, price of the same paths at 1.01 s0}: one sum per output in one loop each. */
        @Differentiable(wrt = {"s0", "vol"})
        public static double[] bumped(double s0, double vol, double[] z) {
          double base = 0;
          for (int p = 0; p < z.length; p++) {
            base += payoff(s0, vol, z[p]);
          }
          double up = 0;
          for (int p = 0; p < z.length; p++) {
            up += payoff(1.01 * s0, vol, z[p]);
          }
          double[] out = new double[3];
          out[0] = base / z.length;
          out[1] = up / z.length;
          out[2] = (up - base) / (0.01 * s0 * z.length);
          return out;
        }
      }
      """;

  @Test
  void vectorOutputsOverLongLoops() {
    int[] sizes = {1, 2, 64, 65, 200};
    for (int threads : new int[] {1, 2}) {
      dev.adjoint.Parallel.setThreads(threads);
      dev.adjoint.Parallel.setWorthNanos(threads == 1 ? dev.adjoint.Parallel.WORTH_NANOS : 0);
      try {
        AdjointCheck.of(model(MC_VECTOR, "McVector"))
            .pointsPerMethod(6)
            .points(
                "payoff",
                rng ->
                    new Object[] {
                      90 + 20 * rng.nextDouble(), 0.1 + 0.3 * rng.nextDouble(), rng.nextGaussian()
                    })
            .points(
                "estimate",
                rng ->
                    new Object[] {
                      90 + 20 * rng.nextDouble(),
                      0.1 + 0.3 * rng.nextDouble(),
                      normal(rng, sizes[rng.nextInt(5)], 1)
                    })
            .points(
                "bumped",
                rng ->
                    new Object[] {
                      90 + 20 * rng.nextDouble(),
                      0.1 + 0.3 * rng.nextDouble(),
                      normal(rng, sizes[rng.nextInt(5)], 1)
                    })
            .verify();
      } finally {
        dev.adjoint.Parallel.setThreads(1);
        dev.adjoint.Parallel.setWorthNanos(dev.adjoint.Parallel.WORTH_NANOS);
      }
    }
  }
}
