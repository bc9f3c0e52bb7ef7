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
package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient clipping as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. */
class GradClipTest {

  @Test
  void clipsByGlobalNormAcrossParameters() {
    // Gradients (3, 4) and (12): global norm √(9 + 16 + 144) = 13.
    double[] g1 = {3.0, 4.0};
    double[] g2 = {12.0};
    List<Parameter> ps = List.of(Parameter.of(new double[2], g1), Parameter.of(new double[1], g2));
    double total = GradClip.clipGradNorm(ps, 1.0);
    assertEquals(13.0, total, 0.0);
    double c = 1.0 / (13.0 + 1e-6);
    assertEquals(3.0 * c, g1[0], 1e-16);
    assertEquals(4.0 * c, g1[1], 1e-16);
    assertEquals(12.0 * c, g2[0], 1e-16);
    // The new norm is max_norm, a hair under because of ε.
    double after = GradClip.totalNorm(ps, 2.0);
    assertEquals(13.0 / (13.0 + 1e-6), after, 1e-15);
    assertTrue(after < 1.0);
  }

  @Test
  void leavesSmallGradientsUntouched() {
    double[] g = {0.3, -0.4, 1e-300, -0.0};
    double[] copy = g.clone();
    double total = GradClip.clipGradNorm(List.of(Parameter.of(new double[4], g)), 1.0);
    assertEquals(0.5, total, 1e-16);
    assertArrayEquals(copy, g, 0.0);
    for (int i = 0; i < g.length; i++) {
      assertEquals(Double.doubleToRawLongBits(copy[i]), Double.doubleToRawLongBits(g[i]));
    }
  }

  @Test
  void scalesAtExactlyMaxNormBecauseOfEps() {
    // As in PyTorch: max_norm / (norm + 1e-6) < 1 when norm == max_norm.
    double[] g = {3.0, 4.0};
    double total = GradClip.clipGradNorm(List.of(Parameter.of(new double[2], g)), 5.0);
    assertEquals(5.0, total, 0.0);
    assertEquals(3.0 * 5.0 / (5.0 + 1e-6), g[0], 1e-16);
  }

  @Test
  void infinityAndOneNorms() {
    double[] g = {3.0, -7.0};
    double[] h = {5.0};
    List<Parameter> ps = List.of(Parameter.of(new double[2], g), Parameter.of(new double[1], h));
    assertEquals(15.0, GradClip.totalNorm(ps, 1.0), 0.0);
    double total = GradClip.clipGradNorm(ps, 3.5, Double.POSITIVE_INFINITY, false);
    assertEquals(7.0, total, 0.0);
    assertEquals(-7.0 * 3.5 / (7.0 + 1e-6), g[1], 1e-15);
    assertEquals(5.0 * 3.5 / (7.0 + 1e-6), h[0], 1e-15);
    assertEquals(
        Math.cbrt(27.0 + 343.0 + 125.0),
        GradClip.totalNorm(
            List.of(
                Parameter.of(new double[2], new double[] {3.0, -7.0}),
                Parameter.of(new double[1], new double[] {5.0})),
            3.0),
        1e-13);
  }

  @Test
  void noGradientsMeansNormZero() {
    assertEquals(0.0, GradClip.clipGradNorm(new ArrayList<Parameter>(), 1.0), 0.0);
    double[] w = {1.0};
    Parameter none =
        new Parameter() {
          @Override
          public double[] value() {
            return w;
          }

          @Override
          public double[] grad() {
            return null;
          }
        };
    double[] g = {6.0, 8.0};
    assertEquals(10.0, GradClip.clipGradNorm(List.of(none, Parameter.of(new double[2], g)), 100.0));
  }

  @Test
  void nonFiniteNorms() {
    double[] g = {1.0, Double.NaN};
    assertThrows(
        ArithmeticException.class,
        () -> GradClip.clipGradNorm(List.of(Parameter.of(new double[2], g)), 1.0, 2.0, true));
    assertEquals(1.0, g[0], 0.0);
    // Without the check PyTorch multiplies by the NaN coefficient.
    assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(Parameter.of(new double[2], g)), 1.0)));
    assertTrue(Double.isNaN(g[0]));
  }

  @Test
  void onlyTheSliceIsScaled() {
    double[] grads = {100.0, 3.0, 4.0, 100.0};
    Parameter p = Parameter.slice(new double[2], 0, grads, 1, 2);
    assertEquals(5.0, GradClip.clipGradNorm(List.of(p), 1.0), 0.0);
    assertEquals(100.0, grads[0], 0.0);
    assertEquals(100.0, grads[3], 0.0);
    assertEquals(3.0 / (5.0 + 1e-6), grads[1], 1e-16);
  }

  @Test
  void optimizerClipsAllGroups() {
    double[] g1 = {3.0};
    double[] g2 = {4.0};
    Sgd opt = new Sgd(Sgd.Options.defaults(), Parameter.of(new double[1], g1));
    opt.addParamGroup(List.of(Parameter.of(new double[1], g2)));
    assertEquals(5.0, opt.clipGradNorm(2.5), 0.0);
    assertEquals(3.0 * 2.5 / (5.0 + 1e-6), g1[0], 1e-16);
    assertEquals(4.0 * 2.5 / (5.0 + 1e-6), g2[0], 1e-16);
  }

  @Test
  void clipValue() {
    double[] g = {-3.0, 0.5, 2.0, Double.NaN};
    GradClip.clipGradValue(List.of(Parameter.of(new double[4], g)), 1.0);
    assertEquals(-1.0, g[0], 0.0);
    assertEquals(0.5, g[1], 0.0);
    assertEquals(1.0, g[2], 0.0);
    assertTrue(Double.isNaN(g[3]));
  }

  @Test
  void validation() {
    List<Parameter> ps = List.of(Parameter.of(new double[1]));
    assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(ps, -1.0));
    assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(ps, 1.0, 0.0, false));
    assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(ps, -1.0));
  }
}
