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
package dev.adjoint.spark.cluster;

import dev.adjoint.Differentiable;
import dev.adjoint.spark.ExampleLoss;
import dev.adjoint.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A model written over tensors, trained on Spark: one hidden tanh layer (w of shape [d, h], b of
 * [h]) summed into a prediction, half the squared error. Its examples hold their features as a [1,
 * d] tensor, so tensors travel to the executors inside the data set.
 */
public final class TensorModel {
  private TensorModel() {}

  @Differentiable(wrt = {"w", "b"})
  public static double loss(Tensor w, Tensor b, Tensor x, double y) {
    Tensor hidden = x.matmul(w).add(b).tanh();
    double residual = hidden.sum() - y;
    return 0.5 * residual * residual;
  }

  /** One example: a [1, d] row of features and its target. */
  public record Row(Tensor x, double y) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The loss over θ = (w row-major, b), as the Spark trainer lays out the parameters {@code
   * TensorParameter}s w then b: θ's slices become tensors, and the pullback's tensor adjoints are
   * added back into θ's gradient.
   */
  public static ExampleLoss<Row> exampleLoss(int features, int hidden) {
    return (theta, row, seed, thetaBar) -> {
      int weights = features * hidden;
      Tensor w = Tensor.of(Arrays.copyOfRange(theta, 0, weights), features, hidden);
      Tensor b = Tensor.of(Arrays.copyOfRange(theta, weights, weights + hidden), hidden);
      Tensor[] wBar = new Tensor[1];
      Tensor[] bBar = new Tensor[1];
      double loss = TensorModelAdjoint.lossPullback(w, b, row.x(), row.y(), seed, wBar, bBar);
      add(wBar[0], thetaBar, 0);
      add(bBar[0], thetaBar, weights);
      return loss;
    };
  }

  private static void add(Tensor adjoint, double[] into, int offset) {
    if (adjoint != null) { // null: a zero adjoint.
      double[] values = adjoint.toArray();
      for (int i = 0; i < values.length; i++) {
        into[offset + i] += values[i];
      }
    }
  }

  /** n rows of d features uniform in [-1, 1), y = sin(x_1) + x_2 x_3 (d ≥ 3), from the seed. */
  public static List<Row> rows(int n, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Row[] rows = new Row[n];
    for (int i = 0; i < n; i++) {
      double[] x = new double[features];
      for (int j = 0; j < features; j++) {
        x[j] = 2 * random.nextDouble() - 1;
      }
      rows[i] = new Row(Tensor.of(x, 1, features), Math.sin(x[0]) + x[1] * x[2]);
    }
    return List.of(rows);
  }
}
