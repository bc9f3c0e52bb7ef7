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

import java.util.Random;

/**
 * One GMM problem: the parameters (α, μ, icf), the data x and the Wishart prior's γ and m, in
 * ADBench's layout (see {@link Gmm}).
 */
public record GmmInstance(
    int d,
    int k,
    int n,
    double[] alphas,
    double[] means,
    double[] icf,
    double[] x,
    double gamma,
    int m) {

  /** The number of icf entries per component: d(d+1)/2. */
  public int icfSize() {
    return d * (d + 1) / 2;
  }

  /** The number of parameters: K + K·d + K·d(d+1)/2. */
  public int parameterCount() {
    return alphas.length + means.length + icf.length;
  }

  /** The objective at these parameters. */
  public double objective() {
    return Gmm.objective(alphas, means, icf, x, d, k, n, gamma, m);
  }

  /** The parameters α, μ, icf concatenated (ADBench's order of the gradient). */
  public double[] packParameters() {
    double[] p = new double[parameterCount()];
    System.arraycopy(alphas, 0, p, 0, alphas.length);
    System.arraycopy(means, 0, p, alphas.length, means.length);
    System.arraycopy(icf, 0, p, alphas.length + means.length, icf.length);
    return p;
  }

  /** The same problem at parameters {@code p} (in {@link #packParameters()}'s order). */
  public GmmInstance withParameters(double[] p) {
    double[] a = new double[k], mu = new double[k * d], q = new double[k * icfSize()];
    System.arraycopy(p, 0, a, 0, a.length);
    System.arraycopy(p, a.length, mu, 0, mu.length);
    System.arraycopy(p, a.length + mu.length, q, 0, q.length);
    return new GmmInstance(d, k, n, a, mu, q, x, gamma, m);
  }

  /**
   * A problem drawn from ADBench's distributions (its data/gmm/gmm-data-gen.py): α ~ N(0, 1), μ ~
   * U(0, 1), icf ~ N(0, 1), x ~ N(0, 1), γ = 1, m = 0, from {@code java.util.Random(seed)}.
   * ADBench's own files come from NumPy's generator, so the numbers differ; the distributions and
   * shapes are the same.
   */
  public static GmmInstance random(int d, int k, int n, long seed) {
    Random normal = new Random(seed);
    Random uniform = new Random(seed ^ 0x5DEECE66DL);
    int icfSize = d * (d + 1) / 2;
    double[] alphas = new double[k];
    for (int i = 0; i < k; i++) {
      alphas[i] = normal.nextGaussian();
    }
    double[] means = new double[k * d];
    for (int i = 0; i < means.length; i++) {
      means[i] = uniform.nextDouble();
    }
    double[] icf = new double[k * icfSize];
    for (int i = 0; i < icf.length; i++) {
      icf[i] = normal.nextGaussian();
    }
    double[] x = new double[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = normal.nextGaussian();
    }
    return new GmmInstance(d, k, n, alphas, means, icf, x, 1.0, 0);
  }

  /** ADBench's test instance, data/gmm/test.txt: d = 2, K = 3, n = 1, γ = 1, m = 0. */
  public static GmmInstance adbenchTest() {
    return new GmmInstance(
        2,
        3,
        1,
        new double[] {-0.649014, 1.181166, -0.758453},
        new double[] {0.092339, 0.186260, 0.345561, 0.396767, 0.538817, 0.419195},
        new double[] {
          0.586443, -0.851887, 0.800321, -1.509405, 0.875874, -0.242790, 0.166813, -1.965419,
          -1.270071
        },
        new double[] {1.175171, 2.029160},
        1.0,
        0);
  }

  /** ADBench's published objective at {@link #adbenchTest()} (its module tests' expected value). */
  public static final double ADBENCH_TEST_OBJECTIVE = 8.07380408004975791;

  /** ADBench's published gradient at {@link #adbenchTest()}, in α, μ, icf order. */
  public static final double[] ADBENCH_TEST_GRADIENT = {
    1.08662855508652456e-01, -7.41270039523898472e-01, 6.32607184015246071e-01,
    1.11692576532787013e+00, 1.63333013551455269e-01, -2.19989824071193142e-02,
    2.27778292254236098e-01, 1.20963025612832187e+00, -6.06375920733956339e-02,
    2.58529994051162237e+00, 1.12632694524213789e-01, 3.85744309849611777e-01,
    7.35180573182305508e-02, 5.41836362715595232e+00, -3.21494409677446469e-01,
    1.71892309775004937e+00, 8.60091090790866875e-01, -9.94640930466322848e-01
  };
}
