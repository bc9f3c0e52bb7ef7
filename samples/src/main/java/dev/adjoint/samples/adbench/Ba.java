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
 * ADBench's bundle adjustment objective. A camera is 11 numbers: a Rodrigues rotation (3), the
 * centre C (3), the focal length f, the principal point x0 (2) and two radial distortion
 * coefficients; a point is 3 numbers. Observation i of point X by camera c with weight w and
 * feature (u, v) has the reprojection error w (proj(c, X) - (u, v)) and the weight error 1 - w².
 */
public final class Ba {
  private Ba() {}

  /** Parameters per camera. */
  public static final int CAMERA = 11;

  /**
   * The reprojection error of one observation contracted with (s0, s1): s0 e0 + s1 e1, where e is w
   * (proj(cams[camOff ..], xs[ptOff ..]) - (feat0, feat1)). Its pullback with s = (1, 0) and then
   * (0, 1) gives the two rows of the observation's 2×15 Jacobian block (two reverse sweeps).
   */
  @Differentiable(wrt = {"cams", "xs", "w"})
  public static double reprojection(
      double[] cams,
      int camOff,
      double[] xs,
      int ptOff,
      double w,
      double feat0,
      double feat1,
      double s0,
      double s1) {
    double r0 = cams[camOff];
    double r1 = cams[camOff + 1];
    double r2 = cams[camOff + 2];
    // X - C
    double p0 = xs[ptOff] - cams[camOff + 3];
    double p1 = xs[ptOff + 1] - cams[camOff + 4];
    double p2 = xs[ptOff + 2] - cams[camOff + 5];
    // Rodrigues' rotation.
    double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
    double c0;
    double c1;
    double c2;
    if (sqtheta != 0) {
      double theta = Math.sqrt(sqtheta);
      double costheta = Math.cos(theta);
      double sintheta = Math.sin(theta);
      double thetaInverse = 1.0 / theta;
      double w0 = r0 * thetaInverse;
      double w1 = r1 * thetaInverse;
      double w2 = r2 * thetaInverse;
      double tmp = (w0 * p0 + w1 * p1 + w2 * p2) * (1.0 - costheta);
      c0 = p0 * costheta + (w1 * p2 - w2 * p1) * sintheta + w0 * tmp;
      c1 = p1 * costheta + (w2 * p0 - w0 * p2) * sintheta + w1 * tmp;
      c2 = p2 * costheta + (w0 * p1 - w1 * p0) * sintheta + w2 * tmp;
    } else {
      c0 = p0 + (r1 * p2 - r2 * p1);
      c1 = p1 + (r2 * p0 - r0 * p2);
      c2 = p2 + (r0 * p1 - r1 * p0);
    }
    // Perspective division, radial distortion, focal length and principal point.
    double u = c0 / c2;
    double v = c1 / c2;
    double rsq = u * u + v * v;
    double l = 1.0 + cams[camOff + 9] * rsq + cams[camOff + 10] * rsq * rsq;
    double proj0 = u * l * cams[camOff + 6] + cams[camOff + 7];
    double proj1 = v * l * cams[camOff + 6] + cams[camOff + 8];
    return s0 * (w * (proj0 - feat0)) + s1 * (w * (proj1 - feat1));
  }

  /**
   * One observation's reprojection error, as a JAX user would write it for {@code jacrev}: the
   * camera's 11 numbers and the point's 3, gathered from the problem, give e = w (proj(cam, x) -
   * (feat0, feat1)). Its {@code fJacobian} is the observation's 2×15 block, columns in {@link
   * BaManual}'s order (camera, point, weight): one forward sweep and two reverse sweeps from it.
   */
  @Differentiable(wrt = {"cam", "x", "w"})
  public static double[] reprojectionError(
      double[] cam, double[] x, double w, double feat0, double feat1) {
    double r0 = cam[0];
    double r1 = cam[1];
    double r2 = cam[2];
    double p0 = x[0] - cam[3];
    double p1 = x[1] - cam[4];
    double p2 = x[2] - cam[5];
    double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
    double c0;
    double c1;
    double c2;
    if (sqtheta != 0) {
      double theta = Math.sqrt(sqtheta);
      double costheta = Math.cos(theta);
      double sintheta = Math.sin(theta);
      double thetaInverse = 1.0 / theta;
      double w0 = r0 * thetaInverse;
      double w1 = r1 * thetaInverse;
      double w2 = r2 * thetaInverse;
      double tmp = (w0 * p0 + w1 * p1 + w2 * p2) * (1.0 - costheta);
      c0 = p0 * costheta + (w1 * p2 - w2 * p1) * sintheta + w0 * tmp;
      c1 = p1 * costheta + (w2 * p0 - w0 * p2) * sintheta + w1 * tmp;
      c2 = p2 * costheta + (w0 * p1 - w1 * p0) * sintheta + w2 * tmp;
    } else {
      c0 = p0 + (r1 * p2 - r2 * p1);
      c1 = p1 + (r2 * p0 - r0 * p2);
      c2 = p2 + (r0 * p1 - r1 * p0);
    }
    double u = c0 / c2;
    double v = c1 / c2;
    double rsq = u * u + v * v;
    double l = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq;
    return new double[] {
      w * (u * l * cam[6] + cam[7] - feat0), w * (v * l * cam[6] + cam[8] - feat1)
    };
  }

  /**
   * The objective, as ADBench computes it: {@code reprojErr[2i], reprojErr[2i+1]} for each of the p
   * observations, and {@code wErr[i] = 1 - w_i²}.
   */
  public static void objective(BaInstance b, double[] reprojErr, double[] wErr) {
    double[] cams = b.cams(), xs = b.xs(), ws = b.ws(), feats = b.feats();
    int[] obs = b.obs();
    for (int i = 0; i < b.p(); i++) {
      int camOff = obs[2 * i] * CAMERA, ptOff = obs[2 * i + 1] * 3;
      project(cams, camOff, xs, ptOff, ws[i], feats[2 * i], feats[2 * i + 1], reprojErr, 2 * i);
    }
    for (int i = 0; i < b.p(); i++) {
      wErr[i] = 1 - ws[i] * ws[i];
    }
  }

  /** Both components of one observation's reprojection error into {@code err[off], err[off+1]}. */
  public static void project(
      double[] cams,
      int camOff,
      double[] xs,
      int ptOff,
      double w,
      double feat0,
      double feat1,
      double[] err,
      int off) {
    double r0 = cams[camOff], r1 = cams[camOff + 1], r2 = cams[camOff + 2];
    double p0 = xs[ptOff] - cams[camOff + 3];
    double p1 = xs[ptOff + 1] - cams[camOff + 4];
    double p2 = xs[ptOff + 2] - cams[camOff + 5];
    double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
    double c0, c1, c2;
    if (sqtheta != 0) {
      double theta = Math.sqrt(sqtheta);
      double costheta = Math.cos(theta);
      double sintheta = Math.sin(theta);
      double thetaInverse = 1.0 / theta;
      double w0 = r0 * thetaInverse, w1 = r1 * thetaInverse, w2 = r2 * thetaInverse;
      double tmp = (w0 * p0 + w1 * p1 + w2 * p2) * (1.0 - costheta);
      c0 = p0 * costheta + (w1 * p2 - w2 * p1) * sintheta + w0 * tmp;
      c1 = p1 * costheta + (w2 * p0 - w0 * p2) * sintheta + w1 * tmp;
      c2 = p2 * costheta + (w0 * p1 - w1 * p0) * sintheta + w2 * tmp;
    } else {
      c0 = p0 + (r1 * p2 - r2 * p1);
      c1 = p1 + (r2 * p0 - r0 * p2);
      c2 = p2 + (r0 * p1 - r1 * p0);
    }
    double u = c0 / c2, v = c1 / c2;
    double rsq = u * u + v * v;
    double l = 1.0 + cams[camOff + 9] * rsq + cams[camOff + 10] * rsq * rsq;
    err[off] = w * (u * l * cams[camOff + 6] + cams[camOff + 7] - feat0);
    err[off + 1] = w * (v * l * cams[camOff + 6] + cams[camOff + 8] - feat1);
  }
}
