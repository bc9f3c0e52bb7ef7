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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every public differentiable method of {@link Tensor} has a {@code @PullbackOf} for its receiver
 * and for each of its Tensor, double, double[] and Tensor[] parameters, and every declaration
 * follows the convention (see {@link PullbackDeclarations}).
 */
class TensorPullbackDeclarationsTest {
  /** Random initialisers: their parameters are hyperparameters, their results constants. */
  static final Set<String> NOT_DIFFERENTIABLE =
      Set.of(
          "randn",
          "normal",
          "rand",
          "uniform",
          "xavierUniform",
          "xavierNormal",
          "heUniform",
          "heNormal");

  @Test
  void everyDifferentiableInputHasAPullbackThatFollowsTheConvention() {
    PullbackDeclarations d =
        new PullbackDeclarations(Tensor.class, Tensor.class, TensorPullbacks.class);
    assertEquals(Set.of(), d.missing(NOT_DIFFERENTIABLE, Set.of()));
    assertEquals(Set.of(), d.unknown(NOT_DIFFERENTIABLE));
    assertTrue(d.count() >= 50, "declarations: " + d.count());
  }

  @Test
  void parameterNamesAreReadFromTheSource() {
    var names = PullbackDeclarations.parameterNames(Tensor.class);
    assertEquals(java.util.List.of("axis", "tensors"), names.get("concat(int,Tensor[])"));
    assertEquals(java.util.List.of("data", "shape"), names.get("of(double[],int[])"));
    assertEquals(java.util.List.of("scalar"), names.get("add(double)"));
    assertEquals(java.util.List.of("other"), names.get("add(Tensor)"));
  }
}
