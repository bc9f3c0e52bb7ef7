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
package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradCheck;
import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DenseNetworkTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void lossFallsWithAdam() {
    DenseNetwork.Training training = DenseNetwork.train(DenseNetwork.SEED, null);
    double[] losses = training.losses();
    assertEquals(DenseNetwork.EPOCHS + 1, losses.length);
    // Seeded: 1.8814 before training, 0.6600 after 100 epochs (to 1e-3).
    assertEquals(1.8814, training.first(), 1e-3);
    assertEquals(0.6600, training.last(), 1e-3);
    assertTrue(training.last() < 0.4 * training.first());
    // Falling throughout: every 10 epochs lower than the 10 before.
    for (int e = 10; e <= DenseNetwork.EPOCHS; e += 10) {
      assertTrue(losses[e] < losses[e - 10], "epoch " + e);
    }
    // Other seeds: the loss falls by at least a third.
    for (long seed = 1; seed <= 3; seed++) {
      DenseNetwork.Training other = DenseNetwork.train(seed, null);
      assertTrue(
          other.last() < 0.67 * other.first(),
          "seed " + seed + ": " + other.first() + " -> " + other.last());
    }
  }

  @Test
  void generatedTensorGradientsMatchFiniteDifferences() {
    Random rng = new Random(3);
    Tensor x = Tensor.randn(rng, 8, 5);
    Tensor y = Tensor.randn(rng, 8, 1);
    Tensor w1 = Tensor.randn(rng, 5, 10);
    Tensor b1 = Tensor.randn(rng, 10).mul(0.1);
    Tensor w2 = Tensor.randn(rng, 10, 1);
    Tensor b2 = Tensor.randn(rng, 1);
    DenseMlp model = new DenseMlp(w1, b1, w2, b2);
    // Every element of the four parameters (81 in all), against the generated gradient, a
    // DenseMlp itself; relu's kinks are away from these points.
    GradCheck.assertGradient(
        m -> m.loss(x, y), m -> DenseMlpAdjoint.lossGradient(m, x, y).self(), model);
    // Forward mode along a random DenseMlp, against the central difference along it.
    DenseMlp dir =
        new DenseMlp(
            Tensor.randn(rng, 5, 10),
            Tensor.randn(rng, 10),
            Tensor.randn(rng, 10, 1),
            Tensor.randn(rng, 1));
    double h = 1e-6;
    double numeric =
        (shifted(model, dir, h).loss(x, y) - shifted(model, dir, -h).loss(x, y)) / (2 * h);
    double tangent = DenseMlpAdjoint.lossJvp(model, x, y, dir).tangent();
    org.junit.jupiter.api.Assertions.assertEquals(
        numeric, tangent, 1e-6 + 1e-5 * Math.abs(numeric));
  }

  private static DenseMlp shifted(DenseMlp m, DenseMlp d, double h) {
    return new DenseMlp(
        m.w1().add(d.w1().mul(h)),
        m.b1().add(d.b1().mul(h)),
        m.w2().add(d.w2().mul(h)),
        m.b2().add(d.b2().mul(h)));
  }
}
