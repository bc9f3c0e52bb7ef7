package golden;

import dev.adjoint.Differentiable;

/** The control-flow example of the PyTorch notebook: a loop whose trip count depends on a. */
public class Doubling {
  @Differentiable
  static double f(double a) {
    double b = a * 2;
    while (Math.abs(b) < 1000) {
      b = b * 2;
    }
    double c;
    if (b > 0) {
      c = b;
    } else {
      c = 100 * b;
    }
    return c;
  }

  @Differentiable
  static double power(double x, int n) {
    double p = 1;
    for (int i = 0; i < n; i++) {
      p *= x;
    }
    return p;
  }
}
