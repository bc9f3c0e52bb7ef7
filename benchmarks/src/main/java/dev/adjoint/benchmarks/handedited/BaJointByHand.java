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
package dev.adjoint.benchmarks.handedited;

import dev.adjoint.jdk.JdkPullbacks;
import dev.adjoint.samples.adbench.Ba;
import dev.adjoint.samples.adbench.BaInstance;
import dev.adjoint.samples.adbench.BaManual;

/**
 * HAND-EDITED EVIDENCE, not generated code: BA's reprojection pullback in joint form, to measure
 * what split mode's snapshot costs on a small straight-line pullback (docs/benchmarks.md).
 *
 * <p>Made mechanically from {@code BaAdjoint.reprojectionForward} and {@code reprojectionReverse}
 * as the processor generated them on 2026-12-03: the forward sweep's body, then the reverse
 * sweep's, in one method, with the snapshot's 39 {@code tape.push} calls and the matching {@code
 * tape.pop*} declarations deleted (the reverse sweep reads the forward sweep's locals instead) and
 * nothing else changed. So it does the same arithmetic in the same order: {@code
 * AlternatingBenchmarks} checks its Jacobian against {@code BaManual}'s and the generated one's
 * before timing.
 */
public final class BaJointByHand {
  private BaJointByHand() {}

  /** As {@code BaAdjoint.reprojectionPullback}, with no tape. */
  public static double reprojectionPullback(
      double[] cams,
      int camOff,
      double[] xs,
      int ptOff,
      double w,
      double feat0,
      double feat1,
      double s0,
      double s1,
      double seed,
      double[] adjoint,
      double[] camsBar,
      double[] xsBar) {
    double theta = 0.0;
    double costheta = 0.0;
    double sintheta = 0.0;
    double thetaInverse = 0.0;
    double w0 = 0.0;
    double w1 = 0.0;
    double w2 = 0.0;
    double t12 = 0.0;
    double t13 = 0.0;
    double t14 = 0.0;
    double t15 = 0.0;
    double t16 = 0.0;
    double t17 = 0.0;
    double tmp = 0.0;
    double t18 = 0.0;
    double t19 = 0.0;
    double t20 = 0.0;
    double t21 = 0.0;
    double t22 = 0.0;
    double t23 = 0.0;
    double t24 = 0.0;
    double c0 = 0.0;
    double t25 = 0.0;
    double t26 = 0.0;
    double t27 = 0.0;
    double t28 = 0.0;
    double t29 = 0.0;
    double t30 = 0.0;
    double t31 = 0.0;
    double c1 = 0.0;
    double t32 = 0.0;
    double t33 = 0.0;
    double t34 = 0.0;
    double t35 = 0.0;
    double t36 = 0.0;
    double t37 = 0.0;
    double t38 = 0.0;
    double c2 = 0.0;
    double t39 = 0.0;
    double t40 = 0.0;
    double t41 = 0.0;
    double t42 = 0.0;
    double t43 = 0.0;
    double t44 = 0.0;
    double t45 = 0.0;
    double t46 = 0.0;
    double t47 = 0.0;
    double r0 = cams[camOff];
    double r1 = cams[camOff + 1];
    double r2 = cams[camOff + 2];
    double t1 = xs[ptOff];
    double t2 = cams[camOff + 3];
    double p0 = t1 - t2;
    double t3 = xs[ptOff + 1];
    double t4 = cams[camOff + 4];
    double p1 = t3 - t4;
    double t5 = xs[ptOff + 2];
    double t6 = cams[camOff + 5];
    double p2 = t5 - t6;
    double t7 = r0 * r0;
    double t8 = r1 * r1;
    double t9 = t7 + t8;
    double t10 = r2 * r2;
    double sqtheta = t9 + t10;
    boolean t11 = sqtheta != 0;
    if (t11) {
      theta = Math.sqrt(sqtheta);
      costheta = Math.cos(theta);
      sintheta = Math.sin(theta);
      thetaInverse = 1.0 / theta;
      w0 = r0 * thetaInverse;
      w1 = r1 * thetaInverse;
      w2 = r2 * thetaInverse;
      t12 = w0 * p0;
      t13 = w1 * p1;
      t14 = t12 + t13;
      t15 = w2 * p2;
      t16 = t14 + t15;
      t17 = 1.0 - costheta;
      tmp = t16 * t17;
      t18 = p0 * costheta;
      t19 = w1 * p2;
      t20 = w2 * p1;
      t21 = t19 - t20;
      t22 = t21 * sintheta;
      t23 = t18 + t22;
      t24 = w0 * tmp;
      c0 = t23 + t24;
      t25 = p1 * costheta;
      t26 = w2 * p0;
      t27 = w0 * p2;
      t28 = t26 - t27;
      t29 = t28 * sintheta;
      t30 = t25 + t29;
      t31 = w1 * tmp;
      c1 = t30 + t31;
      t32 = p2 * costheta;
      t33 = w0 * p1;
      t34 = w1 * p0;
      t35 = t33 - t34;
      t36 = t35 * sintheta;
      t37 = t32 + t36;
      t38 = w2 * tmp;
      c2 = t37 + t38;
    } else {
      t39 = r1 * p2;
      t40 = r2 * p1;
      t41 = t39 - t40;
      c0 = p0 + t41;
      t42 = r2 * p0;
      t43 = r0 * p2;
      t44 = t42 - t43;
      c1 = p1 + t44;
      t45 = r0 * p1;
      t46 = r1 * p0;
      t47 = t45 - t46;
      c2 = p2 + t47;
    }
    double u = c0 / c2;
    double v = c1 / c2;
    double t48 = u * u;
    double t49 = v * v;
    double rsq = t48 + t49;
    double t50 = cams[camOff + 9];
    double t51 = t50 * rsq;
    double t52 = 1.0 + t51;
    double t53 = cams[camOff + 10];
    double t54 = t53 * rsq;
    double t55 = t54 * rsq;
    double l = t52 + t55;
    double t56 = u * l;
    double t57 = cams[camOff + 6];
    double t58 = t56 * t57;
    double t59 = cams[camOff + 7];
    double proj0 = t58 + t59;
    double t60 = v * l;
    double t61 = cams[camOff + 6];
    double t62 = t60 * t61;
    double t63 = cams[camOff + 8];
    double proj1 = t62 + t63;
    double t64 = proj0 - feat0;
    double t65 = w * t64;
    double t66 = s0 * t65;
    double t67 = proj1 - feat1;
    double t68 = w * t67;
    double t69 = s1 * t68;
    double result = t66 + t69;
    // Reverse sweep: the forward sweep's locals are still in scope; nothing is taped.
    double t68Bar = 0.0;
    double wBar = 0.0;
    double t67Bar = 0.0;
    double t65Bar = 0.0;
    double t64Bar = 0.0;
    double t60Bar = 0.0;
    double t61Bar = 0.0;
    double vBar = 0.0;
    double lBar = 0.0;
    double t56Bar = 0.0;
    double t57Bar = 0.0;
    double uBar = 0.0;
    double t54Bar = 0.0;
    double rsqBar = 0.0;
    double t53Bar = 0.0;
    double t50Bar = 0.0;
    double c1Bar = 0.0;
    double c2Bar = 0.0;
    double c0Bar = 0.0;
    double t37Bar = 0.0;
    double t38Bar = 0.0;
    double w2Bar = 0.0;
    double tmpBar = 0.0;
    double t32Bar = 0.0;
    double t36Bar = 0.0;
    double t35Bar = 0.0;
    double sinthetaBar = 0.0;
    double t33Bar = 0.0;
    double t34Bar = 0.0;
    double w1Bar = 0.0;
    double p0Bar = 0.0;
    double w0Bar = 0.0;
    double p1Bar = 0.0;
    double p2Bar = 0.0;
    double costhetaBar = 0.0;
    double t30Bar = 0.0;
    double t31Bar = 0.0;
    double t25Bar = 0.0;
    double t29Bar = 0.0;
    double t28Bar = 0.0;
    double t26Bar = 0.0;
    double t27Bar = 0.0;
    double t23Bar = 0.0;
    double t24Bar = 0.0;
    double t18Bar = 0.0;
    double t22Bar = 0.0;
    double t21Bar = 0.0;
    double t19Bar = 0.0;
    double t20Bar = 0.0;
    double t16Bar = 0.0;
    double t17Bar = 0.0;
    double t14Bar = 0.0;
    double t15Bar = 0.0;
    double t12Bar = 0.0;
    double t13Bar = 0.0;
    double r2Bar = 0.0;
    double thetaInverseBar = 0.0;
    double r1Bar = 0.0;
    double r0Bar = 0.0;
    double thetaBar = 0.0;
    double sqthetaBar = 0.0;
    double t47Bar = 0.0;
    double t45Bar = 0.0;
    double t46Bar = 0.0;
    double t44Bar = 0.0;
    double t42Bar = 0.0;
    double t43Bar = 0.0;
    double t41Bar = 0.0;
    double t39Bar = 0.0;
    double t40Bar = 0.0;
    double resultBar = seed;
    double t66Bar = resultBar;
    double t69Bar = resultBar;
    if (t69Bar != 0.0) {
      t68Bar += t69Bar * s1;
    }
    if (t68Bar != 0.0) {
      wBar += t68Bar * t67;
      t67Bar += t68Bar * w;
    }
    double proj1Bar = t67Bar;
    if (t66Bar != 0.0) {
      t65Bar += t66Bar * s0;
    }
    if (t65Bar != 0.0) {
      wBar += t65Bar * t64;
      t64Bar += t65Bar * w;
    }
    double proj0Bar = t64Bar;
    double t62Bar = proj1Bar;
    double t63Bar = proj1Bar;
    camsBar[camOff + 8] += t63Bar;
    if (t62Bar != 0.0) {
      t60Bar += t62Bar * cams[camOff + 6];
      t61Bar += t62Bar * t60;
    }
    camsBar[camOff + 6] += t61Bar;
    if (t60Bar != 0.0) {
      vBar += t60Bar * l;
      lBar += t60Bar * v;
    }
    double t58Bar = proj0Bar;
    double t59Bar = proj0Bar;
    camsBar[camOff + 7] += t59Bar;
    if (t58Bar != 0.0) {
      t56Bar += t58Bar * cams[camOff + 6];
      t57Bar += t58Bar * t56;
    }
    camsBar[camOff + 6] += t57Bar;
    if (t56Bar != 0.0) {
      uBar += t56Bar * l;
      lBar += t56Bar * u;
    }
    double t52Bar = lBar;
    double t55Bar = lBar;
    if (t55Bar != 0.0) {
      t54Bar += t55Bar * rsq;
      rsqBar += t55Bar * t54;
    }
    if (t54Bar != 0.0) {
      t53Bar += t54Bar * rsq;
      rsqBar += t54Bar * cams[camOff + 10];
    }
    camsBar[camOff + 10] += t53Bar;
    double t51Bar = t52Bar;
    if (t51Bar != 0.0) {
      t50Bar += t51Bar * rsq;
      rsqBar += t51Bar * cams[camOff + 9];
    }
    camsBar[camOff + 9] += t50Bar;
    double t48Bar = rsqBar;
    double t49Bar = rsqBar;
    if (t49Bar != 0.0) {
      vBar += t49Bar * v;
      vBar += t49Bar * v;
    }
    if (t48Bar != 0.0) {
      uBar += t48Bar * u;
      uBar += t48Bar * u;
    }
    if (vBar != 0.0) {
      c1Bar += vBar / c2;
      c2Bar -= vBar * v / c2;
    }
    if (uBar != 0.0) {
      c0Bar += uBar / c2;
      c2Bar -= uBar * u / c2;
    }
    if (t11) {
      t37Bar += c2Bar;
      t38Bar += c2Bar;
      c2Bar = 0.0;
      if (t38Bar != 0.0) {
        w2Bar += t38Bar * tmp;
        tmpBar += t38Bar * w2;
      }
      t32Bar += t37Bar;
      t36Bar += t37Bar;
      if (t36Bar != 0.0) {
        t35Bar += t36Bar * sintheta;
        sinthetaBar += t36Bar * t35;
      }
      t33Bar += t35Bar;
      t34Bar -= t35Bar;
      if (t34Bar != 0.0) {
        w1Bar += t34Bar * p0;
        p0Bar += t34Bar * w1;
      }
      if (t33Bar != 0.0) {
        w0Bar += t33Bar * p1;
        p1Bar += t33Bar * w0;
      }
      if (t32Bar != 0.0) {
        p2Bar += t32Bar * costheta;
        costhetaBar += t32Bar * p2;
      }
      t30Bar += c1Bar;
      t31Bar += c1Bar;
      c1Bar = 0.0;
      if (t31Bar != 0.0) {
        w1Bar += t31Bar * tmp;
        tmpBar += t31Bar * w1;
      }
      t25Bar += t30Bar;
      t29Bar += t30Bar;
      if (t29Bar != 0.0) {
        t28Bar += t29Bar * sintheta;
        sinthetaBar += t29Bar * t28;
      }
      t26Bar += t28Bar;
      t27Bar -= t28Bar;
      if (t27Bar != 0.0) {
        w0Bar += t27Bar * p2;
        p2Bar += t27Bar * w0;
      }
      if (t26Bar != 0.0) {
        w2Bar += t26Bar * p0;
        p0Bar += t26Bar * w2;
      }
      if (t25Bar != 0.0) {
        p1Bar += t25Bar * costheta;
        costhetaBar += t25Bar * p1;
      }
      t23Bar += c0Bar;
      t24Bar += c0Bar;
      c0Bar = 0.0;
      if (t24Bar != 0.0) {
        w0Bar += t24Bar * tmp;
        tmpBar += t24Bar * w0;
      }
      t18Bar += t23Bar;
      t22Bar += t23Bar;
      if (t22Bar != 0.0) {
        t21Bar += t22Bar * sintheta;
        sinthetaBar += t22Bar * t21;
      }
      t19Bar += t21Bar;
      t20Bar -= t21Bar;
      if (t20Bar != 0.0) {
        w2Bar += t20Bar * p1;
        p1Bar += t20Bar * w2;
      }
      if (t19Bar != 0.0) {
        w1Bar += t19Bar * p2;
        p2Bar += t19Bar * w1;
      }
      if (t18Bar != 0.0) {
        p0Bar += t18Bar * costheta;
        costhetaBar += t18Bar * p0;
      }
      if (tmpBar != 0.0) {
        t16Bar += tmpBar * t17;
        t17Bar += tmpBar * t16;
      }
      costhetaBar -= t17Bar;
      t14Bar += t16Bar;
      t15Bar += t16Bar;
      if (t15Bar != 0.0) {
        w2Bar += t15Bar * p2;
        p2Bar += t15Bar * w2;
      }
      t12Bar += t14Bar;
      t13Bar += t14Bar;
      if (t13Bar != 0.0) {
        w1Bar += t13Bar * p1;
        p1Bar += t13Bar * w1;
      }
      if (t12Bar != 0.0) {
        w0Bar += t12Bar * p0;
        p0Bar += t12Bar * w0;
      }
      if (w2Bar != 0.0) {
        r2Bar += w2Bar * thetaInverse;
        thetaInverseBar += w2Bar * r2;
      }
      if (w1Bar != 0.0) {
        r1Bar += w1Bar * thetaInverse;
        thetaInverseBar += w1Bar * r1;
      }
      if (w0Bar != 0.0) {
        r0Bar += w0Bar * thetaInverse;
        thetaInverseBar += w0Bar * r0;
      }
      if (thetaInverseBar != 0.0) {
        thetaBar -= thetaInverseBar * thetaInverse / theta;
      }
      if (sinthetaBar != 0.0) {
        thetaBar += JdkPullbacks.sin(theta, sinthetaBar);
      }
      if (costhetaBar != 0.0) {
        thetaBar += JdkPullbacks.cos(theta, costhetaBar);
      }
      if (thetaBar != 0.0) {
        sqthetaBar += JdkPullbacks.sqrt(sqtheta, theta, thetaBar);
      }
    } else {
      p2Bar += c2Bar;
      t47Bar += c2Bar;
      c2Bar = 0.0;
      t45Bar += t47Bar;
      t46Bar -= t47Bar;
      if (t46Bar != 0.0) {
        r1Bar += t46Bar * p0;
        p0Bar += t46Bar * r1;
      }
      if (t45Bar != 0.0) {
        r0Bar += t45Bar * p1;
        p1Bar += t45Bar * r0;
      }
      p1Bar += c1Bar;
      t44Bar += c1Bar;
      c1Bar = 0.0;
      t42Bar += t44Bar;
      t43Bar -= t44Bar;
      if (t43Bar != 0.0) {
        r0Bar += t43Bar * p2;
        p2Bar += t43Bar * r0;
      }
      if (t42Bar != 0.0) {
        r2Bar += t42Bar * p0;
        p0Bar += t42Bar * r2;
      }
      p0Bar += c0Bar;
      t41Bar += c0Bar;
      c0Bar = 0.0;
      t39Bar += t41Bar;
      t40Bar -= t41Bar;
      if (t40Bar != 0.0) {
        r2Bar += t40Bar * p1;
        p1Bar += t40Bar * r2;
      }
      if (t39Bar != 0.0) {
        r1Bar += t39Bar * p2;
        p2Bar += t39Bar * r1;
      }
    }
    double t9Bar = sqthetaBar;
    double t10Bar = sqthetaBar;
    if (t10Bar != 0.0) {
      r2Bar += t10Bar * r2;
      r2Bar += t10Bar * r2;
    }
    double t7Bar = t9Bar;
    double t8Bar = t9Bar;
    if (t8Bar != 0.0) {
      r1Bar += t8Bar * r1;
      r1Bar += t8Bar * r1;
    }
    if (t7Bar != 0.0) {
      r0Bar += t7Bar * r0;
      r0Bar += t7Bar * r0;
    }
    double t5Bar = p2Bar;
    double t6Bar = -p2Bar;
    camsBar[camOff + 5] += t6Bar;
    xsBar[ptOff + 2] += t5Bar;
    double t3Bar = p1Bar;
    double t4Bar = -p1Bar;
    camsBar[camOff + 4] += t4Bar;
    xsBar[ptOff + 1] += t3Bar;
    double t1Bar = p0Bar;
    double t2Bar = -p0Bar;
    camsBar[camOff + 3] += t2Bar;
    xsBar[ptOff] += t1Bar;
    camsBar[camOff + 2] += r2Bar;
    camsBar[camOff + 1] += r1Bar;
    camsBar[camOff] += r0Bar;
    adjoint[0] += wBar;
    return result;
  }

  /** As {@code BaGenerated.jacobianByPullbacks}, calling {@link #reprojectionPullback}. */
  public static void jacobian(
      BaInstance b, double[] jac, double[] wJac, double[] camsBar, double[] xsBar, double[] wBar) {
    double[] cams = b.cams(), xs = b.xs(), ws = b.ws(), feats = b.feats();
    int[] obs = b.obs();
    for (int i = 0; i < b.p(); i++) {
      int co = obs[2 * i] * Ba.CAMERA, po = obs[2 * i + 1] * 3;
      for (int row = 0; row < 2; row++) {
        reprojectionPullback(
            cams,
            co,
            xs,
            po,
            ws[i],
            feats[2 * i],
            feats[2 * i + 1],
            row == 0 ? 1 : 0,
            row == 0 ? 0 : 1,
            1.0,
            wBar,
            camsBar,
            xsBar);
        int o = 2 * BaManual.COLUMNS * i + row * BaManual.COLUMNS;
        for (int c = 0; c < Ba.CAMERA; c++) {
          jac[o + c] = camsBar[co + c];
          camsBar[co + c] = 0;
        }
        for (int c = 0; c < 3; c++) {
          jac[o + Ba.CAMERA + c] = xsBar[po + c];
          xsBar[po + c] = 0;
        }
        jac[o + 14] = wBar[0];
        wBar[0] = 0;
      }
      wJac[i] = -2 * ws[i];
    }
  }
}
