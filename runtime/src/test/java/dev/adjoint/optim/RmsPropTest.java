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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * RMSProp against PyTorch's documented update, worked by hand for a scalar θ₀ = 1 with the
 * gradients 0.5, −0.2, 0.3 fed in at steps 1, 2, 3.
 */
class RmsPropTest {
  static final double TOL = 1e-13;
  static final double[] GRADS = {0.5, -0.2, 0.3};

  static double[] run(RmsProp.Options options) {
    double[] w = {1.0};
    double[] gw = new double[1];
    RmsProp opt = new RmsProp(options, Parameter.of(w, gw));
    double[] out = new double[3];
    for (int t = 0; t < 3; t++) {
      gw[0] = GRADS[t];
      opt.step();
      out[t] = w[0];
    }
    return out;
  }

  @Test
  void defaultsArePyTorchs() {
    assertEquals(
        new RmsProp.Options(1e-2, 0.99, 1e-8, 0.0, 0.0, false, false), RmsProp.Options.defaults());
  }

  @Test
  void plainThreeSteps() {
    double[] th = run(RmsProp.Options.defaults());
    double lr = 0.01;
    // v₁ = 0.01·0.25 = 0.0025; θ₁ = 1 − 0.01·0.5/(0.05 + 1e-8) ≈ 0.9.
    double v1 = 0.01 * 0.25;
    double th1 = 1.0 - lr * 0.5 / (Math.sqrt(v1) + 1e-8);
    assertEquals(0.9, th1, 1e-7); // 0.1·(1 − 2e-7): ε shows
    assertEquals(th1, th[0], TOL);
    double v2 = 0.99 * v1 + 0.01 * 0.04; // 0.002875
    assertEquals(0.002875, v2, 1e-17);
    double th2 = th1 - lr * -0.2 / (Math.sqrt(v2) + 1e-8);
    assertEquals(th2, th[1], TOL);
    double v3 = 0.99 * v2 + 0.01 * 0.09;
    double th3 = th2 - lr * 0.3 / (Math.sqrt(v3) + 1e-8);
    assertEquals(th3, th[2], TOL);
  }

  @Test
  void centeredMomentumWeightDecay() {
    double lr = 0.01;
    double a = 0.9;
    double mu = 0.5;
    double wd = 0.1;
    double eps = 1e-8;
    double[] th =
        run(RmsProp.Options.defaults().alpha(a).momentum(mu).weightDecay(wd).centered(true));
    double g1 = 0.5 + wd * 1.0; // 0.6
    double v1 = (1 - a) * g1 * g1; // 0.036
    double gAve1 = (1 - a) * g1; // 0.06
    double b1 = mu * 0.0 + g1 / (Math.sqrt(v1 - gAve1 * gAve1) + eps);
    double th1 = 1.0 - lr * b1;
    // √(0.036 − 0.0036) = √0.0324 = 0.18; b₁ = 0.6/0.18 = 10/3.
    assertEquals(10.0 / 3.0, b1, 1e-6);
    assertEquals(th1, th[0], TOL);
    double g2 = -0.2 + wd * th1;
    double v2 = a * v1 + (1 - a) * g2 * g2;
    double gAve2 = a * gAve1 + (1 - a) * g2;
    double b2 = mu * b1 + g2 / (Math.sqrt(v2 - gAve2 * gAve2) + eps);
    double th2 = th1 - lr * b2;
    assertEquals(th2, th[1], TOL);
    double g3 = 0.3 + wd * th2;
    double v3 = a * v2 + (1 - a) * g3 * g3;
    double gAve3 = a * gAve2 + (1 - a) * g3;
    double b3 = mu * b2 + g3 / (Math.sqrt(v3 - gAve3 * gAve3) + eps);
    double th3 = th2 - lr * b3;
    assertEquals(th3, th[2], TOL);
  }

  @Test
  void momentumBufferStartsAtZero() {
    // PyTorch's RMSprop buffer starts at 0, so b₁ = g/(√v + ε) and the first step equals the
    // momentum-free one; from the second step on they differ by γ μ b₁.
    double[] with = run(RmsProp.Options.defaults().momentum(0.9));
    double[] without = run(RmsProp.Options.defaults());
    assertEquals(without[0], with[0], 0.0);
    double b1 = 0.5 / (Math.sqrt(0.0025) + 1e-8);
    double v2 = 0.99 * 0.0025 + 0.01 * 0.04;
    double b2 = 0.9 * b1 + -0.2 / (Math.sqrt(v2) + 1e-8);
    assertEquals(with[0] - 0.01 * b2, with[1], TOL);
  }

  @Test
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> RmsProp.Options.defaults().alpha(-0.1));
    assertThrows(IllegalArgumentException.class, () -> RmsProp.Options.defaults().momentum(-1));
    assertThrows(IllegalArgumentException.class, () -> RmsProp.Options.defaults().eps(-1));
  }
}
