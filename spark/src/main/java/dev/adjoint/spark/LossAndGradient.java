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
package dev.adjoint.spark;

/**
 * The loss and gradient of a batch of examples, as sums over the batch: {@code loss} is Σ loss_i,
 * {@code gradient} is Σ ∇loss_i, and {@code count} the number of examples summed. Divide by the
 * count for the mean ({@link #meanLoss()}); the {@link Trainer} minimises the mean.
 *
 * @param loss the sum of the examples' losses
 * @param gradient the sum of their gradients, one component per parameter
 * @param count how many examples the sums are over
 */
public record LossAndGradient(double loss, double[] gradient, long count) {

  /**
   * The mean loss over the batch, or NaN when the batch is empty.
   *
   * @return {@code loss / count}, or NaN for an empty batch
   */
  public double meanLoss() {
    return count == 0 ? Double.NaN : loss / count;
  }
}
