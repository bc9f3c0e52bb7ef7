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
package dev.adjoint.samples.greeks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import dev.adjoint.samples.adbench.AdBench;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Asian option's Greeks by the generated gradient against the hand-written adjoint, central
 * differences on the same paths, and (for the geometric average) the closed form: the agreement the
 * benchmarks module checks again at 10⁵ paths before timing, here at 2·10⁴ paths × 64 steps so that
 * it runs in every build.
 */
class AsianOptionTest {
  static final int PATHS = 20_000, STEPS = 64;
  static final AsianMarket MARKET = AsianMarket.atTheMoney(PATHS, STEPS, 2026);

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  @Test
  void generatedGreeksAreTheHandWrittenAdjointsToRounding() {
    double[] generated = MARKET.generated(), manual = MARKET.manual();
    // The same operations summed in another order: rounding only.
    double rho = AdBench.maxRho(manual, generated);
    assertTrue(
        rho < 1e-12,
        () ->
            "max rho "
                + rho
                + ": generated "
                + Arrays.toString(generated)
                + ", manual "
                + Arrays.toString(manual));
    assertEquals(MARKET.price(), generated[0], 0.0, "the gradient's value is the price");
    // At the money, one year: a delta a little over 1/2, positive vega and rho.
    assertTrue(generated[1] > 0.5 && generated[1] < 0.7, "delta " + generated[1]);
    assertTrue(
        generated[2] > 0 && generated[3] > 0, "vega, rho " + generated[2] + ", " + generated[3]);
  }

  @Test
  void generatedGreeksAgreeWithCentralDifferencesOnTheSamePaths() {
    double[] generated = MARKET.generated();
    // Bumps of 1e-6 relative. The difference quotient of a sum of payoffs is smooth except where a
    // bump moves a path's average across the strike, an error of O(h) that the pathwise Greek does
    // not make; rounding is about ε · price / h ≈ 1e-9 relative. Measured: under 1e-8 at 5,000,
    // 20,000 and 100,000 paths (at 1e-4 relative, up to 2.6e-4 from a crossing at 5,000 paths).
    double[] differences = MARKET.finiteDifferences(1e-6);
    for (int i = 1; i < 4; i++) {
      double relative = Math.abs(generated[i] - differences[i]) / Math.abs(differences[i]);
      assertTrue(
          relative < 1e-6,
          "Greek "
              + i
              + ": generated "
              + generated[i]
              + ", central differences "
              + differences[i]
              + " (relative "
              + relative
              + ")");
    }
  }

  @Test
  void geometricGreeksAgreeWithTheClosedFormWithinTheMonteCarloError() {
    AsianMarket m = MARKET;
    int batches = 20, perBatch = PATHS / batches;
    double[][] estimates = new double[batches][];
    for (int b = 0; b < batches; b++) {
      double[][] rows = Arrays.copyOfRange(m.normals(), b * perBatch, (b + 1) * perBatch);
      var g =
          AsianOptionAdjoint.geometricPriceGradient(
              m.spot(), m.sigma(), m.rate(), m.strike(), m.maturity(), rows);
      estimates[b] = new double[] {g.value(), g.spot(), g.sigma(), g.rate()};
    }
    double[] exact = closedFormGreeks(m);
    for (int i = 0; i < 4; i++) {
      double mean = 0, squares = 0;
      for (double[] e : estimates) {
        mean += e[i] / batches;
      }
      for (double[] e : estimates) {
        squares += (e[i] - mean) * (e[i] - mean);
      }
      double standardError = Math.sqrt(squares / (batches - 1) / batches);
      // 4 standard errors: a seeded test, but one that a biased estimator (a wrong Greek) fails.
      assertTrue(
          Math.abs(mean - exact[i]) < 4 * standardError,
          "component "
              + i
              + ": Monte Carlo "
              + mean
              + " ± "
              + standardError
              + ", closed form "
              + exact[i]);
      // The error bar is tight enough to mean something: under 2% of the value (vega's is 1.1%).
      assertTrue(standardError < 0.02 * Math.abs(exact[i]), "standard error " + standardError);
    }
  }

  @Test
  void theArithmeticAverageIsWorthMoreThanTheGeometricOnEveryPath() {
    // AM ≥ GM path by path, so on the same paths the arithmetic Asian can never be cheaper.
    double geometric =
        AsianOption.geometricPrice(
            MARKET.spot(),
            MARKET.sigma(),
            MARKET.rate(),
            MARKET.strike(),
            MARKET.maturity(),
            MARKET.normals());
    assertTrue(MARKET.price() > geometric, MARKET.price() + " <= " + geometric);
  }

  @Test
  void closedFormMatchesAKnownValue() {
    // n = 1 is Black–Scholes on S_T: spot = strike = 100, sigma = 0.2, rate = 0.05, T = 1 gives
    // 10.450583572185565 (the textbook value, 10.4506).
    assertEquals(10.450583572185565, GeometricAsian.price(100, 0.2, 0.05, 100, 1, 1), 1e-12);
    assertEquals(0.5, GeometricAsian.normalCdf(0), 0);
    assertEquals(0.9750021048517795, GeometricAsian.normalCdf(1.96), 1e-15);
  }

  @Test
  void adjointCheckOnSmallInstances() {
    Random shape = new Random(1);
    AdjointCheck.of(AsianOption.class)
        .points(
            "price",
            rng ->
                new Object[] {
                  80 + 40 * rng.nextDouble(),
                  0.1 + 0.3 * rng.nextDouble(),
                  0.1 * rng.nextDouble(),
                  60.0,
                  0.5 + rng.nextDouble(),
                  normals(rng, 6, 8)
                })
        .points(
            "geometricPrice",
            rng ->
                new Object[] {
                  80 + 40 * rng.nextDouble(),
                  0.1 + 0.3 * rng.nextDouble(),
                  0.1 * rng.nextDouble(),
                  60.0,
                  0.5 + rng.nextDouble(),
                  normals(rng, 6, 8)
                })
        .points(
            "payoff",
            rng ->
                new Object[] {
                  80 + 40 * rng.nextDouble(),
                  0.01 * rng.nextGaussian(),
                  0.05 + 0.05 * rng.nextDouble(),
                  60.0,
                  normals(rng, 1, 8)[0]
                })
        .points(
            "geometricPayoff",
            rng ->
                new Object[] {
                  80 + 40 * rng.nextDouble(),
                  0.01 * rng.nextGaussian(),
                  0.05 + 0.05 * rng.nextDouble(),
                  60.0,
                  normals(rng, 1, 8)[0]
                })
        .verify();
  }

  static double[][] normals(Random rng, int paths, int steps) {
    double[][] z = new double[paths][steps];
    for (double[] row : z) {
      for (int k = 0; k < steps; k++) {
        row[k] = rng.nextGaussian();
      }
    }
    return z;
  }

  /**
   * {price, delta, vega, rho} of the geometric Asian: the closed form and its central differences.
   */
  static double[] closedFormGreeks(AsianMarket m) {
    double s = m.spot(), v = m.sigma(), r = m.rate(), k = m.strike(), t = m.maturity();
    int n = m.steps();
    double hs = 1e-5 * s, hv = 1e-5 * v, hr = 1e-5 * r;
    return new double[] {
      GeometricAsian.price(s, v, r, k, t, n),
      (GeometricAsian.price(s + hs, v, r, k, t, n) - GeometricAsian.price(s - hs, v, r, k, t, n))
          / (2 * hs),
      (GeometricAsian.price(s, v + hv, r, k, t, n) - GeometricAsian.price(s, v - hv, r, k, t, n))
          / (2 * hv),
      (GeometricAsian.price(s, v, r + hr, k, t, n) - GeometricAsian.price(s, v, r - hr, k, t, n))
          / (2 * hr),
    };
  }
}
