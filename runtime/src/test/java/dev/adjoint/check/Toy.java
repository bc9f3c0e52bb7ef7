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
import dev.adjoint.tensor.Tensor;

/** Methods whose companion, {@link ToyAdjoint}, is written by hand (correctly) for the tests. */
public final class Toy {
  private Toy() {}

  @Differentiable(order = 2)
  public static double f(double x1, double x2) {
    return Math.log(x1) + x1 * x2 - Math.sin(x2);
  }

  /** Σ_i (Σ_j w[i][j] x[j])², differentiated with respect to w only. */
  @Differentiable(wrt = "w")
  public static double sumSquares(double[][] w, double[] x) {
    double total = 0;
    for (double[] row : w) {
      double y = 0;
      for (int j = 0; j < x.length; j++) {
        y += row[j] * x[j];
      }
      total += y * y;
    }
    return total;
  }

  @Differentiable
  public static double[] polar(double r, double theta) {
    return new double[] {r * Math.cos(theta), r * Math.sin(theta)};
  }

  @Differentiable
  public static double norm(Tensor t, int power) {
    double total = 0;
    for (double v : t.toArray()) {
      total += Math.pow(v, power);
    }
    return total;
  }

  /** A large value with a small slope: finite differences see mostly rounding noise. */
  @Differentiable
  public static double offset(double x) {
    return 1e9 + 1e-3 * x;
  }
}
