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
package dev.adjoint.samples.adbench;

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Losses;
import dev.adjoint.tensor.Tensor;

/** A 784-128-10 perceptron with a ReLU hidden layer and softmax cross-entropy, on tensors. */
public final class Mlp {
  private Mlp() {}

  /** The mean softmax cross-entropy of the batch {@code x} (batch × 784) against its labels. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int[] labels) {
    Tensor hidden = x.matmul(w1).add(b1).relu();
    return Losses.softmaxCrossEntropy(hidden.matmul(w2).add(b2), labels);
  }
}
