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

/**
 * What generated code needs for tensor adjoints: a tensor adjoint that is still {@code null} is
 * zero, so nothing is allocated for a tensor that receives no cotangent.
 */
public final class TensorAdjoints {
  private TensorAdjoints() {}

  /**
   * {@code sum + term}, where a null operand counts as zero.
   *
   * @param sum the adjoint so far, or null for zero
   * @param term the contribution added, or null for zero
   * @return the sum, or null if both are null
   */
  public static Tensor accumulate(Tensor sum, Tensor term) {
    if (sum == null) {
      return term;
    }
    return term == null ? sum : sum.add(term);
  }

  /**
   * {@code adjoint}, or zeros of {@code like}'s shape when it is null.
   *
   * @param adjoint an adjoint, or null for zero
   * @param like the tensor whose adjoint it is
   * @return {@code adjoint}, or a new tensor of zeros
   */
  public static Tensor orZeros(Tensor adjoint, Tensor like) {
    return adjoint != null ? adjoint : Tensor.zeros(like.shape());
  }
}
