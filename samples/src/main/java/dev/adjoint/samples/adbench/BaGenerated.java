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
 * The BA Jacobian from generated code: per observation, the generated {@code fJacobian} of {@link
 * Ba#reprojectionError} (one forward sweep, then one reverse sweep carrying both rows), into one
 * reused 2 × 15 block, as a user would write it; and, for comparison, two calls of the generated
 * pullback of the scalar {@link Ba#reprojection}, seeded (1, 0) and (0, 1).
 */
public final class BaGenerated {
  private BaGenerated() {}

  /**
   * Same layout as {@link BaManual#jacobian}: each observation's camera and point are copied into
   * small arrays, {@code BaAdjoint.reprojectionErrorJacobian} fills one 2×15 block, reused for
   * every observation, and the block is copied into {@code jac}.
   */
  public static void jacobian(BaInstance b, double[] jac, double[] wJac) {
    double[] cams = b.cams(), xs = b.xs(), ws = b.ws(), feats = b.feats();
    int[] obs = b.obs();
    double[] cam = new double[Ba.CAMERA];
    double[] x = new double[3];
    double[][] block = new double[2][BaManual.COLUMNS];
    for (int i = 0; i < b.p(); i++) {
      System.arraycopy(cams, obs[2 * i] * Ba.CAMERA, cam, 0, Ba.CAMERA);
      System.arraycopy(xs, obs[2 * i + 1] * 3, x, 0, 3);
      BaAdjoint.reprojectionErrorJacobian(cam, x, ws[i], feats[2 * i], feats[2 * i + 1], block);
      int o = 2 * BaManual.COLUMNS * i;
      System.arraycopy(block[0], 0, jac, o, BaManual.COLUMNS);
      System.arraycopy(block[1], 0, jac, o + BaManual.COLUMNS, BaManual.COLUMNS);
      wJac[i] = -2 * ws[i];
    }
  }

  /**
   * Same layout as {@link BaManual#jacobian}, from two pullbacks per observation. The pullback adds
   * into shadows of the whole cams and xs arrays ({@code camsBar}, {@code xsBar}, zero, of their
   * lengths; {@code wBar} of length 1): only the observation's 11 + 3 entries are touched, and they
   * are read and cleared after each sweep, so the buffers are zero again on return.
   */
  public static void jacobianByPullbacks(
      BaInstance b, double[] jac, double[] wJac, double[] camsBar, double[] xsBar, double[] wBar) {
    double[] cams = b.cams(), xs = b.xs(), ws = b.ws(), feats = b.feats();
    int[] obs = b.obs();
    for (int i = 0; i < b.p(); i++) {
      int co = obs[2 * i] * Ba.CAMERA, po = obs[2 * i + 1] * 3;
      for (int row = 0; row < 2; row++) {
        BaAdjoint.reprojectionPullback(
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
