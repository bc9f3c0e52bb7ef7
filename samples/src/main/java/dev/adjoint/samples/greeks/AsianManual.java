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
 * The hand-written pathwise adjoint of {@link AsianOption#price}: the baseline a quant would write
 * by hand. Per path, a forward pass keeps the prices S_1..S_n in a scratch array; if the option
 * ends in the money, a reverse pass accumulates the suffix sums G_k = S_k + ... + S_n, which are
 * the adjoints of the step factors (∂(S_1 + ... + S_n)/∂drift = Σ_k G_k, ∂/∂vol = Σ_k G_k z_k,
 * ∂/∂spot = G_1 / spot). No tape, one scratch array of n doubles.
 */
public final class AsianManual {
  private AsianManual() {}

  /**
   * Returns the price and writes delta, vega and rho (∂price/∂spot, ∂sigma, ∂rate) into {@code
   * greeks[0..2]} (overwriting them).
   */
  public static double priceAndGreeks(
      double spot,
      double sigma,
      double rate,
      double strike,
      double maturity,
      double[][] normals,
      double[] greeks) {
    int steps = normals[0].length;
    double dt = maturity / steps;
    double drift = (rate - 0.5 * sigma * sigma) * dt;
    double vol = sigma * Math.sqrt(dt);
    double[] s = new double[steps];
    double payoffSum = 0, spotBar = 0, driftBar = 0, volBar = 0;
    for (double[] z : normals) {
      double x = spot, sum = 0;
      for (int k = 0; k < steps; k++) {
        x *= Math.exp(drift + vol * z[k]);
        s[k] = x;
        sum += x;
      }
      double average = sum / steps;
      if (average > strike) {
        payoffSum += average - strike;
        // The payoff's adjoint is 1 (in the money) and A = sum / steps: every S_k gets 1 / steps,
        // applied once per path below instead of per step.
        double g = 0, dDrift = 0, dVol = 0;
        for (int k = steps - 1; k >= 0; k--) {
          g += s[k];
          dDrift += g;
          dVol += g * z[k];
        }
        spotBar += g / spot;
        driftBar += dDrift;
        volBar += dVol;
      }
    }
    int paths = normals.length;
    double discount = Math.exp(-rate * maturity);
    double price = discount * payoffSum / paths;
    double scale = discount / ((double) paths * steps);
    greeks[0] = scale * spotBar;
    // drift = (rate - sigma²/2) dt and vol = sigma √dt; the discount factor depends on the rate.
    greeks[1] = scale * (driftBar * -sigma * dt + volBar * Math.sqrt(dt));
    greeks[2] = scale * driftBar * dt - maturity * price;
    return price;
  }
}
