package golden;

import dev.adjoint.Differentiable;

/** A model as a record: its loss an instance method, a helper taking the record, an int size. */
record LogisticModel(double[] w, double b, int features) {
  @Differentiable(wrt = "this")
  double loss(double[] x, double y) {
    double z = b;
    for (int j = 0; j < features; j++) {
      z += w[j] * x[j];
    }
    double p = 1 / (1 + Math.exp(-z));
    return -(y * Math.log(p) + (1 - y) * Math.log(1 - p)) + 0.01 * penalty(this);
  }

  @Differentiable
  static double penalty(LogisticModel m) {
    double s = m.b() * m.b();
    for (double v : m.w()) {
      s += v * v;
    }
    return s;
  }
}
