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

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Losses;
import dev.adjoint.tensor.Tensor;

/**
 * Keras's {@code Sequential([Dense(10, activation='relu', input_shape=(5,)), Dense(1)])} as a
 * record of its parameters: the gradient is a {@code DenseMlp} too, and the optimizers step one in
 * a call ({@code model = adam.step(model, grad)}).
 *
 * @param w1 the first layer's kernel, features × hidden
 * @param b1 the first layer's bias
 * @param w2 the second layer's kernel, hidden × 1
 * @param b2 the second layer's bias
 */
public record DenseMlp(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
  /**
   * Dense(10, relu) then Dense(1), and the mean squared error against the labels. (Keras's
   * mean_squared_error gives one loss per sample, and GradientTape differentiates their sum; Adam's
   * step, divided by the root of the squared gradients' average, hardly depends on that scale.)
   *
   * @param x the samples, one per row
   * @param y their labels, one per row
   * @return the mean squared error
   */
  @Differentiable(wrt = "this")
  public double loss(Tensor x, Tensor y) {
    Tensor hidden = DenseNetwork.dense(x, w1, b1).relu();
    Tensor prediction = DenseNetwork.dense(hidden, w2, b2);
    return Losses.mseMean(prediction, y);
  }
}
