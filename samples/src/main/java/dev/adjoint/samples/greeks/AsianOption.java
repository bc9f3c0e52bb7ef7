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

import dev.adjoint.Differentiable;

/**
 * An arithmetic-average Asian call under geometric Brownian motion, priced by Monte Carlo over
 * normals drawn beforehand, written as a user would write it for Adjoint: its gradient in (spot,
 * sigma, rate) is the pathwise delta, vega and rho, the adjoint ("AAD") Greeks that banks compute
 * this way.
 *
 * <p>Path p has {@code normals[p].length} steps of dt = maturity / steps; step k moves the price by
 * exp((rate - sigma²/2) dt + sigma √dt · normals[p][k]) and the payoff is max(A - strike, 0), with
 * A the average of the prices after each step (the spot itself is not in it). The price is
 * exp(-rate · maturity) times the payoff's mean over the paths. Strike, maturity and the normals
 * are data.
 */
public final class AsianOption {
  private AsianOption() {}

  /** The Monte Carlo price of the arithmetic-average Asian call. */
  @Differentiable(wrt = {"spot", "sigma", "rate"})
  public static double price(
      double spot, double sigma, double rate, double strike, double maturity, double[][] normals) {
    int steps = normals[0].length;
    double dt = maturity / steps;
    double drift = (rate - 0.5 * sigma * sigma) * dt;
    double vol = sigma * Math.sqrt(dt);
    double sum = 0;
    for (int p = 0; p < normals.length; p++) {
      sum += payoff(spot, drift, vol, strike, normals[p]);
    }
    return Math.exp(-rate * maturity) * sum / normals.length;
  }

  /** One path's undiscounted payoff, max(A - strike, 0), from its normals {@code z}. */
  @Differentiable(wrt = {"spot", "drift", "vol"})
  public static double payoff(double spot, double drift, double vol, double strike, double[] z) {
    double s = spot;
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      s *= Math.exp(drift + vol * z[k]);
      sum += s;
    }
    return Math.max(sum / z.length - strike, 0.0);
  }

  /**
   * The same option on the geometric average G = (S_1 ··· S_n)^(1/n) of the same prices, which has
   * a closed form ({@link GeometricAsian}): the check on the pricer and its Greeks.
   */
  @Differentiable(wrt = {"spot", "sigma", "rate"})
  public static double geometricPrice(
      double spot, double sigma, double rate, double strike, double maturity, double[][] normals) {
    int steps = normals[0].length;
    double dt = maturity / steps;
    double drift = (rate - 0.5 * sigma * sigma) * dt;
    double vol = sigma * Math.sqrt(dt);
    double sum = 0;
    for (int p = 0; p < normals.length; p++) {
      sum += geometricPayoff(spot, drift, vol, strike, normals[p]);
    }
    return Math.exp(-rate * maturity) * sum / normals.length;
  }

  /** One path's undiscounted payoff on the geometric average, max(G - strike, 0). */
  @Differentiable(wrt = {"spot", "drift", "vol"})
  public static double geometricPayoff(
      double spot, double drift, double vol, double strike, double[] z) {
    double logS = Math.log(spot);
    double sumLog = 0;
    for (int k = 0; k < z.length; k++) {
      logS += drift + vol * z[k];
      sumLog += logS;
    }
    return Math.max(Math.exp(sumLog / z.length) - strike, 0.0);
  }
}
