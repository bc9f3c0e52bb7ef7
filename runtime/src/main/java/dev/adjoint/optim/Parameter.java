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
package dev.adjoint.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable parameter as the optimizers see it: {@link #size()} values, stored contiguously in
 * {@link #value()} from {@link #valueOffset()}, and as many gradient components in {@link #grad()}
 * from {@link #gradOffset()}. This is the counterpart of a PyTorch {@code nn.Parameter} with its
 * {@code .grad}: an optimizer step reads {@code grad[gradOffset + i]} and updates {@code
 * value[valueOffset + i]} in place, for {@code 0 <= i < size()}.
 *
 * <p>The common case is a whole array and its gradient, {@link #of(double[], double[])}. Slices of
 * larger arrays ({@link #slice}) let one flat buffer hold many parameters. Other containers (a
 * tensor, say) implement this interface directly: optimizers call {@link #value()} and {@link
 * #grad()} afresh at every step, so an implementation may replace its arrays between steps, but
 * {@link #size()} must not change once the parameter is given to an optimizer (its state buffers
 * have that size).
 *
 * <p>{@link #grad()} may return {@code null}, meaning "no gradient" (PyTorch's {@code grad is
 * None}): optimizers then skip the parameter entirely, as PyTorch does, and its per-parameter step
 * count does not advance. A zero gradient is not the same: weight decay and momentum still move the
 * parameter.
 */
public interface Parameter {

  /**
   * The array holding the values; entries {@code [valueOffset(), valueOffset() + size())}.
   *
   * @return the values' array, modified in place by optimizer steps
   */
  double[] value();

  /**
   * The array holding the gradient; entries {@code [gradOffset(), gradOffset() + size())}, or
   * {@code null} when the parameter has no gradient (it is then skipped by optimizers).
   *
   * @return the gradient's array, or {@code null}
   */
  double[] grad();

  /**
   * The index in {@link #value()} of the first value; 0 by default.
   *
   * @return the offset of the values in {@link #value()}
   */
  default int valueOffset() {
    return 0;
  }

  /**
   * The index in {@link #grad()} of the first gradient component; 0 by default.
   *
   * @return the offset of the gradient in {@link #grad()}
   */
  default int gradOffset() {
    return 0;
  }

  /**
   * The number of scalar values; {@code value().length} by default.
   *
   * @return the number of values, which is also the number of gradient components
   */
  default int size() {
    return value().length;
  }

  /**
   * Sets the gradient to zero in place: {@code grad[gradOffset + i] = 0} (PyTorch's {@code
   * zero_grad(set_to_none=False)}; an array cannot be "set to none"). Does nothing when there is no
   * gradient.
   */
  default void zeroGrad() {
    double[] g = grad();
    if (g != null) {
      int from = gradOffset();
      Arrays.fill(g, from, from + size(), 0.0);
    }
  }

  /**
   * A parameter over the whole of {@code value} with gradient {@code grad}, which must have the
   * same length. Both arrays are used directly (not copied).
   *
   * @param value the values, updated in place
   * @param grad the gradient, which a generated pullback adds into
   * @return the parameter
   * @throws IllegalArgumentException if the lengths differ
   */
  static Parameter of(double[] value, double[] grad) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(grad, "grad");
    if (value.length != grad.length) {
      throw new IllegalArgumentException(
          "value and grad must have the same length, got " + value.length + " and " + grad.length);
    }
    return new ArraySlice(value, 0, grad, 0, value.length);
  }

  /**
   * A parameter over the whole of {@code value}, with a new zero gradient array of its length.
   *
   * @param value the values, updated in place
   * @return the parameter; its {@link #grad()} is the array to pass to a generated pullback
   */
  static Parameter of(double[] value) {
    return of(value, new double[value.length]);
  }

  /**
   * A parameter over {@code value[valueOffset, valueOffset + size)} with gradient {@code
   * grad[gradOffset, gradOffset + size)}. The arrays are used directly (not copied).
   *
   * @param value the array holding the values
   * @param valueOffset the index of the first value
   * @param grad the array holding the gradient
   * @param gradOffset the index of the first gradient component
   * @param size the number of values
   * @return the parameter
   * @throws IndexOutOfBoundsException if a range does not fit in its array
   */
  static Parameter slice(double[] value, int valueOffset, double[] grad, int gradOffset, int size) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(grad, "grad");
    Objects.checkFromIndexSize(valueOffset, size, value.length);
    Objects.checkFromIndexSize(gradOffset, size, grad.length);
    return new ArraySlice(value, valueOffset, grad, gradOffset, size);
  }
}
