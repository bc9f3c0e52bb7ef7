package golden;

import dev.adjoint.Differentiable;

/** The survey's example function (Baydin et al., table 2). */
public class SurveyHessian {
  @Differentiable(order = 2)
  static double f(double x1, double x2) {
    return Math.log(x1) + x1 * x2 - Math.sin(x2);
  }
}
