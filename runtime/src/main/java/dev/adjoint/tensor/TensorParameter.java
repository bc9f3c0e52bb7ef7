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
package dev.adjoint.tensor;

import dev.adjoint.optim.Parameter;

/**
 * A tensor that an optimizer trains: {@code step()} updates its values in place, between gradient
 * computations (as PyTorch's optimizers update a parameter under {@code no_grad}). Inside
 * {@code @Differentiable} code the tensor is an ordinary, immutable value.
 *
 * <pre>{@code
 * TensorParameter w = TensorParameter.of(Tensor.heNormal(rng, 784, 128));
 * Adam adam = new Adam(List.of(w));
 * var g = ModelAdjoint.lossGradient(w.tensor(), x, labels);
 * adam.zeroGrad();
 * w.addGrad(g.w());
 * adam.step();
 * }</pre>
 */
public final class TensorParameter implements Parameter {
  private final Tensor tensor;
  private final double[] grad;

  private TensorParameter(Tensor tensor) {
    this.tensor = tensor;
    this.grad = new double[tensor.data.length];
  }

  /**
   * A parameter initialised with a copy of {@code initial}'s values.
   *
   * @param initial the initial values, of the parameter's shape
   * @return a parameter with a zero gradient
   */
  public static TensorParameter of(Tensor initial) {
    // Not Tensor.of, which reads the shape [] of a rank-0 tensor as "a vector".
    return new TensorParameter(Tensor.wrap(initial.toArray(), initial.shape()));
  }

  /**
   * The current values, to pass to generated gradients.
   *
   * @return the values as a tensor of the parameter's shape
   */
  public Tensor tensor() {
    return tensor;
  }

  /**
   * Adds a gradient (of the parameter's shape) into the one the optimizer reads.
   *
   * @param gradient the gradient's contribution, of the parameter's shape
   * @throws IllegalArgumentException if the shapes differ
   */
  public void addGrad(Tensor gradient) {
    if (!java.util.Arrays.equals(gradient.shape, tensor.shape)) {
      throw new IllegalArgumentException(
          "gradient of shape "
              + Shapes.str(gradient.shape)
              + " for a parameter of shape "
              + Shapes.str(tensor.shape));
    }
    for (int i = 0; i < grad.length; i++) {
      grad[i] += gradient.data[i];
    }
  }

  @Override
  public double[] value() {
    return tensor.data;
  }

  @Override
  public double[] grad() {
    return grad;
  }
}
