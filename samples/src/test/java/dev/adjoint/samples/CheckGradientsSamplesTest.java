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

import dev.adjoint.AdjointCheck;
import dev.adjoint.testing.CheckGradients;

/**
 * The samples checked as a user checks a model with adjoint-testing: one test per
 * {@code @Differentiable} method, at points the extension draws (inside the domain of every
 * function these samples call) or, for a method with an int, at points given here.
 */
class CheckGradientsSamplesTest {
  @CheckGradients(Survey.class)
  void survey() {}

  @CheckGradients(Cubic.class)
  void cubic() {}

  @CheckGradients(FiniteDifferences.class)
  void finiteDifferences() {}

  @CheckGradients(value = ForwardVsReverse.class, length = 5)
  void forwardVsReverse() {}

  @CheckGradients(ExpressionSwell.class)
  void expressionSwell(AdjointCheck check) {
    check.points("layers", rng -> new Object[] {0.1 + 0.8 * rng.nextDouble(), rng.nextInt(6)});
  }
}
