package demo;

import dev.adjoint.Differentiable;

public class Survey {
  @Differentiable
  static double f(double x1, double x2) {
    return Math.log(x1) + x1 * x2 - Math.sin(x2);
  }
}
