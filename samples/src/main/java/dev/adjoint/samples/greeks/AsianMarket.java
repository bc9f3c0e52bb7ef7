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

import java.util.SplittableRandom;

/**
 * The market and contract the Greeks are computed at, and the pre-drawn standard normals ({@code
 * normals[path][step]}, from a seeded {@link SplittableRandom}).
 */
public record AsianMarket(
    double spot, double sigma, double rate, double strike, double maturity, double[][] normals) {

  /** At the money: spot = strike = 100, sigma = 0.2, rate = 0.05, one year. */
  public static AsianMarket atTheMoney(int paths, int steps, long seed) {
    return new AsianMarket(100, 0.2, 0.05, 100, 1, normals(paths, steps, seed));
  }

  /** {@code paths} rows of {@code steps} standard normals. */
  public static double[][] normals(int paths, int steps, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] z = new double[paths][steps];
    for (double[] row : z) {
      for (int k = 0; k < steps; k++) {
        row[k] = rng.nextGaussian();
      }
    }
    return z;
  }

  public int paths() {
    return normals.length;
  }

  public int steps() {
    return normals[0].length;
  }

  /** The plain pricer, {@link AsianOption#price}, here. */
  public double price() {
    return AsianOption.price(spot, sigma, rate, strike, maturity, normals);
  }

  /** The generated gradient: {price, delta, vega, rho}. */
  public double[] generated() {
    var g = AsianOptionAdjoint.priceGradient(spot, sigma, rate, strike, maturity, normals);
    return new double[] {g.value(), g.spot(), g.sigma(), g.rate()};
  }

  /** The hand-written adjoint: {price, delta, vega, rho}. */
  public double[] manual() {
    double[] greeks = new double[3];
    double price = AsianManual.priceAndGreeks(spot, sigma, rate, strike, maturity, normals, greeks);
    return new double[] {price, greeks[0], greeks[1], greeks[2]};
  }

  /**
   * Central differences on the same paths (common random numbers): {price, delta, vega, rho}, steps
   * h = {@code relativeStep} × (spot, sigma, rate), 7 pricings.
   */
  public double[] finiteDifferences(double relativeStep) {
    double hs = relativeStep * spot, hv = relativeStep * sigma, hr = relativeStep * rate;
    double delta =
        (AsianOption.price(spot + hs, sigma, rate, strike, maturity, normals)
                - AsianOption.price(spot - hs, sigma, rate, strike, maturity, normals))
            / (2 * hs);
    double vega =
        (AsianOption.price(spot, sigma + hv, rate, strike, maturity, normals)
                - AsianOption.price(spot, sigma - hv, rate, strike, maturity, normals))
            / (2 * hv);
    double rho =
        (AsianOption.price(spot, sigma, rate + hr, strike, maturity, normals)
                - AsianOption.price(spot, sigma, rate - hr, strike, maturity, normals))
            / (2 * hr);
    return new double[] {price(), delta, vega, rho};
  }
}
