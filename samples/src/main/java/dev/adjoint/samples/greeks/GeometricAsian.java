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

/**
 * The closed-form price of the discretely monitored geometric-average Asian call ({@link
 * AsianOption#geometricPrice}'s limit as the paths grow): ln G is normal, with mean ln spot + (rate
 * - sigma²/2) dt (n + 1)/2 and variance sigma² dt (n + 1)(2n + 1)/(6n) for n steps of dt = maturity
 * / n, so the price is Black's formula on it.
 */
public final class GeometricAsian {
  private GeometricAsian() {}

  /** The price of the call on G = (S_1 ··· S_n)^(1/n). */
  public static double price(
      double spot, double sigma, double rate, double strike, double maturity, int steps) {
    double n = steps;
    double dt = maturity / n;
    double mean = Math.log(spot) + (rate - 0.5 * sigma * sigma) * dt * (n + 1) / 2;
    double variance = sigma * sigma * dt * (n + 1) * (2 * n + 1) / (6 * n);
    double sd = Math.sqrt(variance);
    double d2 = (mean - Math.log(strike)) / sd;
    double d1 = d2 + sd;
    return Math.exp(-rate * maturity)
        * (Math.exp(mean + variance / 2) * normalCdf(d1) - strike * normalCdf(d2));
  }

  /**
   * Φ(x), to about 1e-15 relative for |x| ≤ 8: erf by its series of positive terms, erf(y) = 2/√π
   * e^(-y²) Σ 2^j y^(2j+1) / (1·3···(2j+1)), which has no cancellation.
   */
  static double normalCdf(double x) {
    if (x < -8) {
      return 0;
    }
    if (x > 8) {
      return 1;
    }
    double y = Math.abs(x) / Math.sqrt(2);
    double term = y, sum = y;
    for (int j = 1; term > 1e-17 * sum; j++) {
      term *= 2 * y * y / (2 * j + 1);
      sum += term;
    }
    double erf = 2 / Math.sqrt(Math.PI) * Math.exp(-y * y) * sum;
    return x >= 0 ? 0.5 + 0.5 * erf : 0.5 - 0.5 * erf;
  }
}
