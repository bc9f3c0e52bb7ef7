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
package dev.adjoint.samples.adbench;

import java.util.function.ToDoubleFunction;

/** What the ADBench benchmarks and tests share: gradients in one array, ρ, finite differences. */
public final class AdBench {
  private AdBench() {}

  /**
   * ADBench's agreement measure, the largest ρ = |x - y| / max(1, |x| + |y|) over the entries; the
   * arrays must have one length.
   */
  public static double maxRho(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("lengths " + x.length + " and " + y.length);
    }
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double rho = Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(x[i]) + Math.abs(y[i]));
      if (!(rho <= worst)) {
        worst = rho; // NaN wins
      }
    }
    return worst;
  }

  /** The generated GMM gradient, in α, μ, icf order. */
  public static double[] gmmGenerated(GmmInstance g) {
    var r =
        GmmAdjoint.objectiveGradient(
            g.alphas(), g.means(), g.icf(), g.x(), g.d(), g.k(), g.n(), g.gamma(), g.m());
    return concat(r.alphas(), r.means(), r.icf());
  }

  /** The hand-written GMM gradient, in α, μ, icf order. */
  public static double[] gmmManual(GmmInstance g) {
    double[] a = new double[g.alphas().length], mu = new double[g.means().length];
    double[] q = new double[g.icf().length];
    GmmManual.gradient(
        g.alphas(),
        g.means(),
        g.icf(),
        g.x(),
        g.d(),
        g.k(),
        g.n(),
        g.gamma(),
        g.m(),
        a,
        mu,
        q,
        new double[GmmManual.workSize(g.d(), g.k())]);
    return concat(a, mu, q);
  }

  /**
   * Central finite differences of the GMM objective, (f(p + h e_i) - f(p - h e_i)) / 2h with h =
   * step · max(1, |p_i|): 2 objective evaluations per parameter.
   */
  public static double[] gmmFiniteDifferences(GmmInstance g, double step) {
    return centralDifferences(
        p ->
            Gmm.objective(
                sliceAlphas(g, p),
                sliceMeans(g, p),
                sliceIcf(g, p),
                g.x(),
                g.d(),
                g.k(),
                g.n(),
                g.gamma(),
                g.m()),
        g.packParameters(),
        step);
  }

  /** Central differences of any function of a vector (perturbing a copy in place). */
  public static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] x, double step) {
    double[] p = x.clone();
    double[] grad = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double h = step * Math.max(1, Math.abs(x[i]));
      p[i] = x[i] + h;
      double plus = f.applyAsDouble(p);
      p[i] = x[i] - h;
      double minus = f.applyAsDouble(p);
      p[i] = x[i];
      grad[i] = (plus - minus) / (2 * h);
    }
    return grad;
  }

  /**
   * The BA Jacobian blocks by central finite differences: per observation 15 columns, 2 evaluations
   * of its reprojection error each, into {@code jac} (as {@link BaManual#jacobian}).
   */
  public static void baFiniteDifferences(BaInstance b, double step, double[] jac, double[] wJac) {
    double[] cam = new double[Ba.CAMERA + 3 + 1];
    double[] plus = new double[2], minus = new double[2];
    int[] obs = b.obs();
    for (int i = 0; i < b.p(); i++) {
      int co = obs[2 * i] * Ba.CAMERA, po = obs[2 * i + 1] * 3;
      System.arraycopy(b.cams(), co, cam, 0, Ba.CAMERA);
      System.arraycopy(b.xs(), po, cam, Ba.CAMERA, 3);
      cam[14] = b.ws()[i];
      double f0 = b.feats()[2 * i], f1 = b.feats()[2 * i + 1];
      for (int c = 0; c < BaManual.COLUMNS; c++) {
        double x = cam[c];
        double h = step * Math.max(1, Math.abs(x));
        cam[c] = x + h;
        Ba.project(cam, 0, cam, Ba.CAMERA, cam[14], f0, f1, plus, 0);
        cam[c] = x - h;
        Ba.project(cam, 0, cam, Ba.CAMERA, cam[14], f0, f1, minus, 0);
        cam[c] = x;
        jac[30 * i + c] = (plus[0] - minus[0]) / (2 * h);
        jac[30 * i + 15 + c] = (plus[1] - minus[1]) / (2 * h);
      }
      double w = b.ws()[i], h = step * Math.max(1, Math.abs(w));
      wJac[i] = ((1 - (w + h) * (w + h)) - (1 - (w - h) * (w - h))) / (2 * h);
    }
  }

  static double[] sliceAlphas(GmmInstance g, double[] p) {
    double[] a = new double[g.k()];
    System.arraycopy(p, 0, a, 0, a.length);
    return a;
  }

  static double[] sliceMeans(GmmInstance g, double[] p) {
    double[] a = new double[g.k() * g.d()];
    System.arraycopy(p, g.k(), a, 0, a.length);
    return a;
  }

  static double[] sliceIcf(GmmInstance g, double[] p) {
    double[] a = new double[g.k() * g.icfSize()];
    System.arraycopy(p, g.k() + g.k() * g.d(), a, 0, a.length);
    return a;
  }

  /** The arrays one after the other. */
  public static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] out = new double[n];
    int o = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
