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

/**
 * A hand-written adjoint of {@link Gmm#objective} (ADBench's "manual" module, re-derived): one pass
 * over the data that computes each point's main terms, their softmax weights, and adds the weighted
 * derivatives in place, with no tape. For a point x_i and component k, with z = Q_k (x_i - μ_k) and
 * w_ik = softmax_k(main terms), the main term's derivative is -w_ik z; it reaches diag Q_k and L_k
 * through z = Q_k (x_i - μ_k), μ_k through -Q_kᵀ, and q_kj through Σ_j q_kj and exp.
 */
public final class GmmManual {
  private GmmManual() {}

  /**
   * Adds ∂f/∂α, ∂f/∂μ and ∂f/∂icf into the three buffers (zeroed by the caller) and returns f.
   * {@code work} is scratch of at least {@link #workSize(int, int)} doubles.
   */
  public static double gradient(
      double[] alphas,
      double[] means,
      double[] icf,
      double[] x,
      int d,
      int k,
      int n,
      double gamma,
      int m,
      double[] alphasBar,
      double[] meansBar,
      double[] icfBar,
      double[] work) {
    int icfSize = d * (d + 1) / 2;
    // work: qdiags (d k) | sumQs (k) | qdiagsBar (d k) | xc (d k) | z (d k) | mainTerm (k) | g (d)
    int qdOff = 0, sqOff = d * k, qdbOff = sqOff + k, xcOff = qdbOff + d * k, zOff = xcOff + d * k;
    int mtOff = zOff + d * k, gOff = mtOff + k;
    for (int ik = 0; ik < k; ik++) {
      double s = 0;
      for (int id = 0; id < d; id++) {
        double q = icf[ik * icfSize + id];
        s += q;
        work[qdOff + ik * d + id] = Math.exp(q);
        work[qdbOff + ik * d + id] = 0;
      }
      work[sqOff + ik] = s;
    }
    double slse = 0;
    for (int ix = 0; ix < n; ix++) {
      int xo = ix * d;
      double mx = Double.NEGATIVE_INFINITY;
      for (int ik = 0; ik < k; ik++) {
        int xc = xcOff + ik * d, z = zOff + ik * d, qd = qdOff + ik * d;
        for (int id = 0; id < d; id++) {
          double c = x[xo + id] - means[ik * d + id];
          work[xc + id] = c;
          work[z + id] = work[qd + id] * c;
        }
        int l = ik * icfSize + d;
        for (int i = 0; i < d; i++) {
          double ci = work[xc + i];
          for (int j = i + 1; j < d; j++) {
            work[z + j] += icf[l++] * ci;
          }
        }
        double sq = 0;
        for (int id = 0; id < d; id++) {
          sq += work[z + id] * work[z + id];
        }
        double t = alphas[ik] + work[sqOff + ik] - 0.5 * sq;
        work[mtOff + ik] = t;
        mx = Math.max(mx, t);
      }
      double sum = 0;
      for (int ik = 0; ik < k; ik++) {
        double e = Math.exp(work[mtOff + ik] - mx);
        work[mtOff + ik] = e;
        sum += e;
      }
      slse += Math.log(sum) + mx;
      double inv = 1 / sum;
      for (int ik = 0; ik < k; ik++) {
        double w = work[mtOff + ik] * inv; // ∂ lse / ∂ main term k
        alphasBar[ik] += w;
        int xc = xcOff + ik * d, z = zOff + ik * d, qd = qdOff + ik * d, qdb = qdbOff + ik * d;
        int icfOff = ik * icfSize;
        // g = ∂/∂z of -w ½‖z‖² = -w z.
        for (int id = 0; id < d; id++) {
          double g = -w * work[z + id];
          work[gOff + id] = g;
          icfBar[icfOff + id] += w; // through Σ_j q_kj
          work[qdb + id] += g * work[xc + id];
          work[gOff + id] = g;
        }
        // μ: -Q_kᵀ g; L: g_j xc_i.
        int l = icfOff + d;
        for (int i = 0; i < d; i++) {
          double ci = work[xc + i];
          double acc = work[qd + i] * work[gOff + i];
          for (int j = i + 1; j < d; j++) {
            double gj = work[gOff + j];
            icfBar[l] += gj * ci;
            acc += icf[l] * gj;
            l++;
          }
          meansBar[ik * d + i] -= acc;
        }
      }
    }
    // -n logsumexp(α)
    double amx = Double.NEGATIVE_INFINITY;
    for (int ik = 0; ik < k; ik++) {
      amx = Math.max(amx, alphas[ik]);
    }
    double asum = 0;
    for (int ik = 0; ik < k; ik++) {
      asum += Math.exp(alphas[ik] - amx);
    }
    for (int ik = 0; ik < k; ik++) {
      alphasBar[ik] -= n * Math.exp(alphas[ik] - amx) / asum;
    }
    double f = Gmm.constant(d, n) + slse - n * (Math.log(asum) + amx);
    // The Wishart prior.
    double g2 = gamma * gamma;
    double prior = 0;
    for (int ik = 0; ik < k; ik++) {
      int icfOff = ik * icfSize;
      double frob = 0;
      for (int id = 0; id < d; id++) {
        double qd = work[qdOff + ik * d + id];
        frob += qd * qd;
        // Q's diagonal is exp(q): chain the accumulated ∂/∂Qdiag and the prior's γ² Qdiag.
        icfBar[icfOff + id] += (work[qdbOff + ik * d + id] + g2 * qd) * qd - m;
      }
      for (int l = icfOff + d; l < icfOff + icfSize; l++) {
        frob += icf[l] * icf[l];
        icfBar[l] += g2 * icf[l];
      }
      prior += 0.5 * g2 * frob - m * work[sqOff + ik];
    }
    return f + prior - k * Gmm.wishartConstant(d, gamma, m);
  }

  /** The scratch {@link #gradient} needs. */
  public static int workSize(int d, int k) {
    return 4 * d * k + 2 * k + d;
  }
}
