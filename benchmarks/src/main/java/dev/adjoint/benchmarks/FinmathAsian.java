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
package dev.adjoint.benchmarks;

import dev.adjoint.samples.greeks.AsianMarket;
import java.util.Map;
import net.finmath.montecarlo.RandomVariableFromDoubleArray;
import net.finmath.montecarlo.automaticdifferentiation.RandomVariableDifferentiable;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAAD;
import net.finmath.stochastic.RandomVariable;

/**
 * The Asian option's price and Greeks with finmath-lib's AAD ({@link
 * RandomVariableDifferentiableAAD}), the way finmath's own Monte Carlo code uses it: a random
 * variable holds one value per path, so the pricer is a loop over the 64 time steps of whole-vector
 * operations, each recorded in finmath's operator tree, and {@code getGradient()} sweeps that tree
 * back once. Same paths as the other methods: the normals of step k for every path, {@link
 * #stepNormals}, are a transposed copy of the market's, made once.
 */
final class FinmathAsian {
  private final AsianMarket market;
  private final RandomVariable[] stepNormals;

  FinmathAsian(AsianMarket market) {
    this.market = market;
    int paths = market.paths(), steps = market.steps();
    stepNormals = new RandomVariable[steps];
    for (int k = 0; k < steps; k++) {
      double[] column = new double[paths];
      for (int p = 0; p < paths; p++) {
        column[p] = market.normals()[p][k];
      }
      stepNormals[k] = new RandomVariableFromDoubleArray(0.0, column);
    }
  }

  /** {price, delta, vega, rho}. */
  double[] priceAndGreeks() {
    RandomVariableDifferentiable spot = new RandomVariableDifferentiableAAD(market.spot());
    RandomVariableDifferentiable sigma = new RandomVariableDifferentiableAAD(market.sigma());
    RandomVariableDifferentiable rate = new RandomVariableDifferentiableAAD(market.rate());
    int steps = market.steps();
    double dt = market.maturity() / steps;
    RandomVariable drift = rate.sub(sigma.squared().mult(0.5)).mult(dt);
    RandomVariable vol = sigma.mult(Math.sqrt(dt));
    RandomVariable s = spot;
    RandomVariable sum = new RandomVariableFromDoubleArray(0.0);
    for (int k = 0; k < steps; k++) {
      s = s.mult(stepNormals[k].mult(vol).add(drift).exp());
      sum = sum.add(s);
    }
    RandomVariable payoff = sum.div(steps).sub(market.strike()).floor(0.0);
    RandomVariable price = payoff.mult(rate.mult(-market.maturity()).exp()).average();
    Map<Long, RandomVariable> gradient = ((RandomVariableDifferentiable) price).getGradient();
    return new double[] {
      price.getAverage(),
      gradient.get(spot.getID()).getAverage(),
      gradient.get(sigma.getID()).getAverage(),
      gradient.get(rate.getID()).getAverage()
    };
  }

  /** The price alone, through finmath's plain (non-differentiable) random variables. */
  double price() {
    int steps = market.steps();
    double dt = market.maturity() / steps;
    double drift = (market.rate() - 0.5 * market.sigma() * market.sigma()) * dt;
    double vol = market.sigma() * Math.sqrt(dt);
    RandomVariable s = new RandomVariableFromDoubleArray(market.spot());
    RandomVariable sum = new RandomVariableFromDoubleArray(0.0);
    for (int k = 0; k < steps; k++) {
      s = s.mult(stepNormals[k].mult(vol).add(drift).exp());
      sum = sum.add(s);
    }
    return sum.div(steps).sub(market.strike()).floor(0.0).getAverage()
        * Math.exp(-market.rate() * market.maturity());
  }
}
