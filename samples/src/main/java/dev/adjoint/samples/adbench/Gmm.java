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

import dev.adjoint.Differentiable;

/**
 * ADBench's Gaussian mixture model objective (the negative log-likelihood of n points under K
 * Gaussians in d dimensions, plus a Wishart prior), written as ADBench defines it, in plain Java
 * for the processor to differentiate.
 *
 * <p>Parameters, in ADBench's layout: {@code alphas} (K mixture logits), {@code means} (K·d, the
 * mean of component k in {@code means[k*d .. k*d+d)}), {@code icf} (K·d(d+1)/2: for component k,
 * first the d values q whose exponentials are the diagonal of the inverse Cholesky factor Q_k, then
 * the strictly lower triangle of Q_k column by column). Data: {@code x} (n·d), the Wishart prior's
 * γ and m.
 *
 * <pre>
 * f = -n d/2 log 2π + Σ_i logsumexp_k(α_k + Σ_j q_kj - ½‖Q_k (x_i - μ_k)‖²) - n logsumexp(α)
 *     + Σ_k (½ γ² (‖diag Q_k‖² + ‖L_k‖²) - m Σ_j q_kj) - K C(d, γ, m)
 * </pre>
 */
public final class Gmm {
  private Gmm() {}

  /** The ADBench objective; {@link GmmAdjoint} holds its generated gradient. */
  @Differentiable(wrt = {"alphas", "means", "icf"})
  public static double objective(
      double[] alphas,
      double[] means,
      double[] icf,
      double[] x,
      int d,
      int k,
      int n,
      double gamma,
      int m) {
    int icfSize = d * (d + 1) / 2;
    // Q_k's diagonal (exp of the first d entries of its icf) and Σ_j q_kj.
    double[] qdiags = new double[d * k];
    double[] sumQs = new double[k];
    for (int ik = 0; ik < k; ik++) {
      double s = 0;
      for (int id = 0; id < d; id++) {
        double q = icf[ik * icfSize + id];
        s += q;
        qdiags[ik * d + id] = Math.exp(q);
      }
      sumQs[ik] = s;
    }

    double[] xcentered = new double[d];
    double[] qxcentered = new double[d];
    double[] mainTerm = new double[k];
    double slse = 0;
    for (int ix = 0; ix < n; ix++) {
      for (int ik = 0; ik < k; ik++) {
        for (int id = 0; id < d; id++) {
          xcentered[id] = x[ix * d + id] - means[ik * d + id];
        }
        // Q_k (x_i - μ_k): the diagonal, then the strict lower triangle column by column.
        for (int id = 0; id < d; id++) {
          qxcentered[id] = qdiags[ik * d + id] * xcentered[id];
        }
        int lparams = ik * icfSize + d;
        for (int i = 0; i < d; i++) {
          for (int j = i + 1; j < d; j++) {
            qxcentered[j] += icf[lparams] * xcentered[i];
            lparams++;
          }
        }
        double sqnorm = 0;
        for (int id = 0; id < d; id++) {
          sqnorm += qxcentered[id] * qxcentered[id];
        }
        mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * sqnorm;
      }
      slse += logsumexp(mainTerm, k);
    }
    double lseAlphas = logsumexp(alphas, k);
    double err = constant(d, n) + slse - n * lseAlphas;

    // The Wishart prior.
    double prior = 0;
    for (int ik = 0; ik < k; ik++) {
      double frobenius = 0;
      for (int id = 0; id < d; id++) {
        frobenius += qdiags[ik * d + id] * qdiags[ik * d + id];
      }
      for (int l = ik * icfSize + d; l < (ik + 1) * icfSize; l++) {
        frobenius += icf[l] * icf[l];
      }
      prior += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
    }
    return err + prior - k * wishartConstant(d, gamma, m);
  }

  /** log Σ_i exp(v_i) over the first {@code count} entries, shifted by their maximum. */
  @Differentiable
  public static double logsumexp(double[] v, int count) {
    double mx = v[0];
    for (int i = 1; i < count; i++) {
      if (v[i] > mx) {
        mx = v[i];
      }
    }
    double semx = 0;
    for (int i = 0; i < count; i++) {
      semx += Math.exp(v[i] - mx);
    }
    return Math.log(semx) + mx;
  }

  /** -n d/2 log 2π. */
  public static double constant(int d, int n) {
    return -n * d * 0.5 * Math.log(2 * Math.PI);
  }

  /** ADBench's C = n' p (log γ - ½ log 2) - log Γ_p(n'/2), with n' = p + m + 1. */
  public static double wishartConstant(int p, double gamma, int m) {
    int n = p + m + 1;
    return n * p * (Math.log(gamma) - 0.5 * Math.log(2)) - logMultiGamma(0.5 * n, p);
  }

  /** The log of the multivariate gamma function Γ_p(a) = π^(p(p-1)/4) Π_j Γ(a + (1 - j)/2). */
  static double logMultiGamma(double a, int p) {
    double out = 0.25 * p * (p - 1) * Math.log(Math.PI);
    for (int j = 1; j <= p; j++) {
      out += logGammaHalfInteger(a + 0.5 * (1 - j));
    }
    return out;
  }

  /**
   * log Γ(x) for x a positive multiple of ½ (all the Wishart constant needs): from Γ(1) = 1 and
   * Γ(½) = √π by Γ(x + 1) = x Γ(x), exact to rounding.
   */
  static double logGammaHalfInteger(double x) {
    double twice = 2 * x;
    if (x <= 0 || twice != Math.rint(twice)) {
      throw new IllegalArgumentException("not a positive multiple of 1/2: " + x);
    }
    double out = ((long) twice) % 2 == 0 ? 0 : 0.5 * Math.log(Math.PI);
    for (double y = ((long) twice) % 2 == 0 ? 1 : 0.5; y < x; y += 1) {
      out += Math.log(y);
    }
    return out;
  }
}
