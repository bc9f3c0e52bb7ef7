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
 * A hand-written Jacobian of {@link Ba}'s reprojection error (ADBench's "manual" module, re-derived
 * as an adjoint): per observation one forward pass that keeps its intermediates in locals, then two
 * reverse passes (one per row of the 2×15 block) over them.
 */
public final class BaManual {
  private BaManual() {}

  /** Columns of a block: 11 camera parameters, 3 point coordinates, the weight. */
  public static final int COLUMNS = 15;

  /**
   * Writes observation i's 2×15 block, row-major, into {@code jac[30i ..]}, and ∂(1 - w²)/∂w into
   * {@code wJac[i]}, for every observation.
   */
  public static void jacobian(BaInstance b, double[] jac, double[] wJac) {
    double[] cams = b.cams(), xs = b.xs(), ws = b.ws(), feats = b.feats();
    int[] obs = b.obs();
    for (int i = 0; i < b.p(); i++) {
      block(
          cams,
          obs[2 * i] * Ba.CAMERA,
          xs,
          obs[2 * i + 1] * 3,
          ws[i],
          feats[2 * i],
          feats[2 * i + 1],
          jac,
          2 * COLUMNS * i);
      wJac[i] = -2 * ws[i];
    }
  }

  /** One observation's block into {@code jac[off .. off + 30)}. */
  public static void block(
      double[] cams,
      int co,
      double[] xs,
      int po,
      double w,
      double feat0,
      double feat1,
      double[] jac,
      int off) {
    // Forward.
    double r0 = cams[co], r1 = cams[co + 1], r2 = cams[co + 2];
    double p0 = xs[po] - cams[co + 3],
        p1 = xs[po + 1] - cams[co + 4],
        p2 = xs[po + 2] - cams[co + 5];
    double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
    boolean rotates = sqtheta != 0;
    double theta = 0, cost = 0, sint = 0, inv = 0, w0 = 0, w1 = 0, w2 = 0, dot = 0, tmp = 0;
    double x0, x1, x2; // w × p (or r × p)
    double c0, c1, c2;
    if (rotates) {
      theta = Math.sqrt(sqtheta);
      cost = Math.cos(theta);
      sint = Math.sin(theta);
      inv = 1.0 / theta;
      w0 = r0 * inv;
      w1 = r1 * inv;
      w2 = r2 * inv;
      x0 = w1 * p2 - w2 * p1;
      x1 = w2 * p0 - w0 * p2;
      x2 = w0 * p1 - w1 * p0;
      dot = w0 * p0 + w1 * p1 + w2 * p2;
      tmp = dot * (1.0 - cost);
      c0 = p0 * cost + x0 * sint + w0 * tmp;
      c1 = p1 * cost + x1 * sint + w1 * tmp;
      c2 = p2 * cost + x2 * sint + w2 * tmp;
    } else {
      x0 = r1 * p2 - r2 * p1;
      x1 = r2 * p0 - r0 * p2;
      x2 = r0 * p1 - r1 * p0;
      c0 = p0 + x0;
      c1 = p1 + x1;
      c2 = p2 + x2;
    }
    double u = c0 / c2, v = c1 / c2;
    double rsq = u * u + v * v;
    double k1 = cams[co + 9], k2 = cams[co + 10], f = cams[co + 6];
    double l = 1.0 + k1 * rsq + k2 * rsq * rsq;
    double d0 = u * l, d1 = v * l;
    double e0 = d0 * f + cams[co + 7] - feat0, e1 = d1 * f + cams[co + 8] - feat1;

    for (int row = 0; row < 2; row++) {
      // Reverse, seeded with the row's unit vector.
      double pr0 = row == 0 ? w : 0, pr1 = row == 0 ? 0 : w; // ∂/∂proj
      int o = off + row * COLUMNS;
      jac[o + 14] = row == 0 ? e0 : e1; // ∂/∂w
      jac[o + 7] = pr0;
      jac[o + 8] = pr1;
      jac[o + 6] = pr0 * d0 + pr1 * d1;
      double d0b = pr0 * f, d1b = pr1 * f;
      double lb = d0b * u + d1b * v;
      jac[o + 9] = lb * rsq;
      jac[o + 10] = lb * rsq * rsq;
      double rsqb = lb * (k1 + 2 * k2 * rsq);
      double ub = d0b * l + 2 * u * rsqb, vb = d1b * l + 2 * v * rsqb;
      double c0b = ub / c2, c1b = vb / c2, c2b = -(ub * u + vb * v) / c2;
      double p0b, p1b, p2b, r0b, r1b, r2b;
      if (rotates) {
        p0b = c0b * cost;
        p1b = c1b * cost;
        p2b = c2b * cost;
        double costb = c0b * p0 + c1b * p1 + c2b * p2;
        double x0b = c0b * sint, x1b = c1b * sint, x2b = c2b * sint;
        double sintb = c0b * x0 + c1b * x1 + c2b * x2;
        double w0b = c0b * tmp, w1b = c1b * tmp, w2b = c2b * tmp;
        double tmpb = c0b * w0 + c1b * w1 + c2b * w2;
        double dotb = tmpb * (1.0 - cost);
        costb -= tmpb * dot;
        w0b += dotb * p0;
        w1b += dotb * p1;
        w2b += dotb * p2;
        p0b += dotb * w0;
        p1b += dotb * w1;
        p2b += dotb * w2;
        // x = w × p: w̄ += p × x̄, p̄ += x̄ × w.
        w0b += p1 * x2b - p2 * x1b;
        w1b += p2 * x0b - p0 * x2b;
        w2b += p0 * x1b - p1 * x0b;
        p0b += x1b * w2 - x2b * w1;
        p1b += x2b * w0 - x0b * w2;
        p2b += x0b * w1 - x1b * w0;
        double invb = w0b * r0 + w1b * r1 + w2b * r2;
        double thetab = -invb * inv * inv - costb * sint + sintb * cost;
        double sqb = thetab / (2 * theta);
        r0b = w0b * inv + 2 * r0 * sqb;
        r1b = w1b * inv + 2 * r1 * sqb;
        r2b = w2b * inv + 2 * r2 * sqb;
      } else {
        p0b = c0b + (c1b * r2 - c2b * r1);
        p1b = c1b + (c2b * r0 - c0b * r2);
        p2b = c2b + (c0b * r1 - c1b * r0);
        r0b = p1 * c2b - p2 * c1b;
        r1b = p2 * c0b - p0 * c2b;
        r2b = p0 * c1b - p1 * c0b;
      }
      jac[o] = r0b;
      jac[o + 1] = r1b;
      jac[o + 2] = r2b;
      jac[o + 3] = -p0b;
      jac[o + 4] = -p1b;
      jac[o + 5] = -p2b;
      jac[o + 11] = p0b;
      jac[o + 12] = p1b;
      jac[o + 13] = p2b;
    }
  }
}
