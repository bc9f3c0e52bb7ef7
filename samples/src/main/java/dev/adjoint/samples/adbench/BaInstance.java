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
 * One bundle adjustment problem in ADBench's layout: n cameras of 11 parameters, m points of 3, p
 * observations, each with a camera index and a point index ({@code obs[2i], obs[2i+1]}), a weight
 * and a 2-D feature.
 */
public record BaInstance(
    int n, int m, int p, double[] cams, double[] xs, double[] ws, int[] obs, double[] feats) {

  /** ADBench's data/ba files hold one camera, point, weight and feature, replicated: these. */
  public static final double[] ADBENCH_CAMERA = {
    -0.758453,
    -1.109613,
    -0.845551,
    34.556073,
    39.676747,
    53.881673,
    419.194514,
    5.864426,
    -8.518870,
    0.087812,
    0.002739
  };

  public static final double[] ADBENCH_POINT = {7.203245, 0.001144, 3.023326};
  public static final double ADBENCH_WEIGHT = 0.417022;
  public static final double[] ADBENCH_FEATURE = {271.760969, 834.209256};

  /**
   * An ADBench instance of n cameras, m points and p observations, built as ADBench's readers build
   * one from its file: the file's one camera, point, weight and feature replicated, and observation
   * i seeing point i mod m from camera i mod n. ba1 is (49, 7776, 31843).
   */
  public static BaInstance adbench(int n, int m, int p) {
    double[] cams = new double[n * Ba.CAMERA];
    for (int i = 0; i < n; i++) {
      System.arraycopy(ADBENCH_CAMERA, 0, cams, i * Ba.CAMERA, Ba.CAMERA);
    }
    double[] xs = new double[m * 3];
    for (int i = 0; i < m; i++) {
      System.arraycopy(ADBENCH_POINT, 0, xs, i * 3, 3);
    }
    double[] ws = new double[p];
    int[] obs = new int[2 * p];
    double[] feats = new double[2 * p];
    for (int i = 0; i < p; i++) {
      ws[i] = ADBENCH_WEIGHT;
      obs[2 * i] = i % n;
      obs[2 * i + 1] = i % m;
      feats[2 * i] = ADBENCH_FEATURE[0];
      feats[2 * i + 1] = ADBENCH_FEATURE[1];
    }
    return new BaInstance(n, m, p, cams, xs, ws, obs, feats);
  }
}
