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
package dev.adjoint.train;

/**
 * The loss of one example as a pullback into the parameters' gradients: adds {@code seed ·
 * ∇loss(example)} into the gradient arrays the optimizer reads and returns the loss, as a generated
 * {@code fPullback} does. For {@code @Differentiable(wrt = "w") static double loss(double[] w,
 * double[] x, double y)} with {@code Parameter.of(w, grad)}:
 *
 * <pre>{@code
 * ExamplePullback<Example> pullback =
 *     (e, seed) -> ModelAdjoint.lossPullback(w, e.x(), e.y(), seed, grad);
 * }</pre>
 *
 * @param <E> the type of one example
 */
@FunctionalInterface
public interface ExamplePullback<E> {

  /**
   * Adds {@code seed} times the gradient of this example's loss and returns the loss.
   *
   * @param example one example of the batch
   * @param seed the factor of its gradient (1 / batch size for a mean)
   * @return the example's loss
   */
  double pullback(E example, double seed);
}
