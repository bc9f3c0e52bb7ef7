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
