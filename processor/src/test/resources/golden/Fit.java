package golden;

import dev.adjoint.Differentiable;

/** A loss over rows: its loop over examples runs in chunks, on several threads when asked. */
public class Fit {
  @Differentiable
  static double dot(double[] w, double[] h) {
    double s = 0;
    for (int j = 0; j < w.length; j++) {
      s += w[j] * h[j];
    }
    return s;
  }

  @Differentiable(wrt = {"w"})
  static double loss(double[] w, double[][] x, double[] y) {
    double[] h = new double[w.length];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < h.length; j++) {
        h[j] = Math.tanh(x[i][j]);
      }
      double r = dot(w, h) - y[i];
      total += r * r;
    }
    return total / x.length;
  }
}
