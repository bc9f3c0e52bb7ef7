package demo;

import dev.adjoint.Differentiable;

/** A model with a parameter that is not drawn by default: a trip count. */
public class Powers {
  @Differentiable
  static double power(double x, int n) {
    double p = 1;
    for (int i = 0; i < n; i++) {
      p *= x;
    }
    return p;
  }

  @Differentiable
  static double norm(double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * v[i];
    }
    return Math.sqrt(s);
  }
}
