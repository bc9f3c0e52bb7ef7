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
package dev.adjoint.benchmarks;

import dev.adjoint.samples.adbench.Ba;
import dev.adjoint.samples.adbench.BaInstance;
import dev.adjoint.samples.adbench.BaManual;
import dev.adjoint.samples.adbench.Gmm;
import dev.adjoint.samples.adbench.GmmInstance;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The forward-mode baseline: ADBench's GMM and BA objectives over Hipparchus's {@link Gradient} (a
 * value and its first partial derivatives with respect to every free parameter, propagated
 * operation by operation). GMM has one free parameter per entry of α, μ and icf, so every operation
 * costs O(parameters); BA's blocks have 15.
 */
final class HipparchusAd {
  private HipparchusAd() {}

  /** The GMM gradient in α, μ, icf order, from one forward pass over all parameters. */
  static double[] gmmGradient(GmmInstance g) {
    int d = g.d(), k = g.k(), n = g.n(), icfSize = g.icfSize();
    int free = g.parameterCount();
    double[] x = g.x();
    Gradient[] alphas = new Gradient[k];
    Gradient[] means = new Gradient[k * d];
    Gradient[] icf = new Gradient[k * icfSize];
    int index = 0;
    for (int i = 0; i < k; i++) {
      alphas[i] = Gradient.variable(free, index++, g.alphas()[i]);
    }
    for (int i = 0; i < means.length; i++) {
      means[i] = Gradient.variable(free, index++, g.means()[i]);
    }
    for (int i = 0; i < icf.length; i++) {
      icf[i] = Gradient.variable(free, index++, g.icf()[i]);
    }
    Gradient[] qdiags = new Gradient[d * k];
    Gradient[] sumQs = new Gradient[k];
    for (int ik = 0; ik < k; ik++) {
      Gradient s = Gradient.constant(free, 0);
      for (int id = 0; id < d; id++) {
        Gradient q = icf[ik * icfSize + id];
        s = s.add(q);
        qdiags[ik * d + id] = q.exp();
      }
      sumQs[ik] = s;
    }
    Gradient[] xc = new Gradient[d];
    Gradient[] qxc = new Gradient[d];
    Gradient[] mainTerm = new Gradient[k];
    Gradient slse = Gradient.constant(free, 0);
    for (int ix = 0; ix < n; ix++) {
      for (int ik = 0; ik < k; ik++) {
        for (int id = 0; id < d; id++) {
          xc[id] = means[ik * d + id].negate().add(x[ix * d + id]);
          qxc[id] = qdiags[ik * d + id].multiply(xc[id]);
        }
        int l = ik * icfSize + d;
        for (int i = 0; i < d; i++) {
          for (int j = i + 1; j < d; j++) {
            qxc[j] = qxc[j].add(icf[l++].multiply(xc[i]));
          }
        }
        Gradient sq = Gradient.constant(free, 0);
        for (int id = 0; id < d; id++) {
          sq = sq.add(qxc[id].multiply(qxc[id]));
        }
        mainTerm[ik] = alphas[ik].add(sumQs[ik]).subtract(sq.multiply(0.5));
      }
      slse = slse.add(logsumexp(mainTerm, free));
    }
    Gradient err = slse.add(Gmm.constant(d, n)).subtract(logsumexp(alphas, free).multiply(n));
    Gradient prior = Gradient.constant(free, 0);
    for (int ik = 0; ik < k; ik++) {
      Gradient frob = Gradient.constant(free, 0);
      for (int id = 0; id < d; id++) {
        frob = frob.add(qdiags[ik * d + id].multiply(qdiags[ik * d + id]));
      }
      for (int l = ik * icfSize + d; l < (ik + 1) * icfSize; l++) {
        frob = frob.add(icf[l].multiply(icf[l]));
      }
      prior =
          prior.add(frob.multiply(0.5 * g.gamma() * g.gamma())).subtract(sumQs[ik].multiply(g.m()));
    }
    return err.add(prior).subtract(k * Gmm.wishartConstant(d, g.gamma(), g.m())).getGradient();
  }

  private static Gradient logsumexp(Gradient[] v, int free) {
    Gradient mx = v[0];
    for (int i = 1; i < v.length; i++) {
      if (v[i].getValue() > mx.getValue()) {
        mx = v[i];
      }
    }
    Gradient semx = Gradient.constant(free, 0);
    for (Gradient vi : v) {
      semx = semx.add(vi.subtract(mx).exp());
    }
    return semx.log().add(mx);
  }

  /** The BA Jacobian, one forward pass with 15 free parameters per observation. */
  static void baJacobian(BaInstance b, double[] jac, double[] wJac) {
    double[] cams = b.cams(), xs = b.xs(), ws = b.ws(), feats = b.feats();
    int[] obs = b.obs();
    Gradient[] cam = new Gradient[Ba.CAMERA];
    Gradient[] pt = new Gradient[3];
    for (int i = 0; i < b.p(); i++) {
      int co = obs[2 * i] * Ba.CAMERA, po = obs[2 * i + 1] * 3;
      for (int c = 0; c < Ba.CAMERA; c++) {
        cam[c] = Gradient.variable(15, c, cams[co + c]);
      }
      for (int c = 0; c < 3; c++) {
        pt[c] = Gradient.variable(15, Ba.CAMERA + c, xs[po + c]);
      }
      Gradient w = Gradient.variable(15, 14, ws[i]);
      Gradient[] e = reprojection(cam, pt, w, feats[2 * i], feats[2 * i + 1]);
      System.arraycopy(e[0].getGradient(), 0, jac, 30 * i, BaManual.COLUMNS);
      System.arraycopy(e[1].getGradient(), 0, jac, 30 * i + 15, BaManual.COLUMNS);
      wJac[i] = -2 * ws[i];
    }
  }

  private static Gradient[] reprojection(
      Gradient[] cam, Gradient[] pt, Gradient w, double feat0, double feat1) {
    Gradient r0 = cam[0], r1 = cam[1], r2 = cam[2];
    Gradient p0 = pt[0].subtract(cam[3]), p1 = pt[1].subtract(cam[4]), p2 = pt[2].subtract(cam[5]);
    Gradient sqtheta = r0.multiply(r0).add(r1.multiply(r1)).add(r2.multiply(r2));
    Gradient c0, c1, c2;
    if (sqtheta.getValue() != 0) {
      Gradient theta = sqtheta.sqrt();
      Gradient cost = theta.cos(), sint = theta.sin(), inv = theta.reciprocal();
      Gradient w0 = r0.multiply(inv), w1 = r1.multiply(inv), w2 = r2.multiply(inv);
      Gradient tmp =
          w0.multiply(p0)
              .add(w1.multiply(p1))
              .add(w2.multiply(p2))
              .multiply(cost.negate().add(1.0));
      c0 =
          p0.multiply(cost)
              .add(w1.multiply(p2).subtract(w2.multiply(p1)).multiply(sint))
              .add(w0.multiply(tmp));
      c1 =
          p1.multiply(cost)
              .add(w2.multiply(p0).subtract(w0.multiply(p2)).multiply(sint))
              .add(w1.multiply(tmp));
      c2 =
          p2.multiply(cost)
              .add(w0.multiply(p1).subtract(w1.multiply(p0)).multiply(sint))
              .add(w2.multiply(tmp));
    } else {
      c0 = p0.add(r1.multiply(p2).subtract(r2.multiply(p1)));
      c1 = p1.add(r2.multiply(p0).subtract(r0.multiply(p2)));
      c2 = p2.add(r0.multiply(p1).subtract(r1.multiply(p0)));
    }
    Gradient u = c0.divide(c2), v = c1.divide(c2);
    Gradient rsq = u.multiply(u).add(v.multiply(v));
    Gradient l = cam[9].multiply(rsq).add(cam[10].multiply(rsq).multiply(rsq)).add(1.0);
    Gradient e0 = u.multiply(l).multiply(cam[6]).add(cam[7]).subtract(feat0).multiply(w);
    Gradient e1 = v.multiply(l).multiply(cam[6]).add(cam[8]).subtract(feat1).multiply(w);
    return new Gradient[] {e0, e1};
  }
}
