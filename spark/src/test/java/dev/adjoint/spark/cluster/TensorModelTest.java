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

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.spark.ExampleLoss;
import dev.adjoint.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tensor model's loss over θ, checked against central differences (no Spark needed). */
class TensorModelTest {

  /** Initial θ: w and b uniform in [-1/2, 1/2), from the seed. */
  static double[] theta(int features, int hidden, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] theta = new double[features * hidden + hidden];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = random.nextDouble() - 0.5;
    }
    return theta;
  }

  @Test
  void theGradientOverThetaIsCentralDifferences() {
    int features = 3;
    int hidden = 4;
    ExampleLoss<TensorModel.Row> loss = TensorModel.exampleLoss(features, hidden);
    List<TensorModel.Row> rows = TensorModel.rows(5, features, 1);
    double h = 1e-6;
    for (long seed = 1; seed <= 3; seed++) {
      double[] theta = theta(features, hidden, seed);
      for (TensorModel.Row row : rows) {
        double[] gradient = new double[theta.length];
        double value = loss.pullback(theta, row, 2.0, gradient); // Seed 2: twice the gradient.
        assertEquals(expected(row, theta, features, hidden), value, 1e-12);
        for (int i = 0; i < theta.length; i++) {
          double[] plus = theta.clone();
          double[] minus = theta.clone();
          plus[i] += h;
          minus[i] -= h;
          double difference =
              (expected(row, plus, features, hidden) - expected(row, minus, features, hidden))
                  / (2 * h);
          // Central differences are accurate to O(h²) plus rounding of about 1e-16 / h.
          assertEquals(2 * difference, gradient[i], 1e-8, "θ[" + i + "] at seed " + seed);
        }
      }
    }
  }

  /** The loss written out with loops, from θ's layout. */
  private static double expected(TensorModel.Row row, double[] theta, int features, int hidden) {
    double[] x = row.x().toArray();
    double prediction = 0;
    for (int k = 0; k < hidden; k++) {
      double a = theta[features * hidden + k];
      for (int j = 0; j < features; j++) {
        a += x[j] * theta[j * hidden + k];
      }
      prediction += Math.tanh(a);
    }
    double r = prediction - row.y();
    return 0.5 * r * r;
  }

  @Test
  void rowsHoldTensorsOfOneRow() {
    Tensor x = TensorModel.rows(1, 3, 2).get(0).x();
    assertEquals(List.of(1, 3), List.of(x.shape()[0], x.shape()[1]));
  }
}
