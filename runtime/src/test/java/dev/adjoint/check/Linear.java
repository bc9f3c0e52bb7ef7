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
package dev.adjoint.check;

import dev.adjoint.Differentiable;

/**
 * A model as a record (weights, a bias, a size as data), whose companion {@link LinearAdjoint} is
 * written by hand for the tests: correctly for {@link #loss}, with the bias's partial derivative
 * off by 1 % for {@link #wrongBias}.
 *
 * @param w the weights
 * @param b the bias
 * @param n the number of weights used
 */
public record Linear(double[] w, double b, int n) {
  /** (w·x + b − y)², differentiated with respect to the record only. */
  @Differentiable(wrt = "this")
  public double loss(double[] x, double y) {
    double r = b - y;
    for (int i = 0; i < n; i++) {
      r += w[i] * x[i];
    }
    return r * r;
  }

  /** The same loss, as a static method taking the record. */
  @Differentiable
  public static double wrongBias(Linear m, double[] x, double y) {
    return m.loss(x, y);
  }
}
