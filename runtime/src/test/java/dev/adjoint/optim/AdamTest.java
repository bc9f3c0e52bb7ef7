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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adam and AdamW against PyTorch's documented updates, worked by hand for a scalar θ₀ = 1 with the
 * gradients 0.5, −0.2, 0.3 fed in at steps 1, 2, 3. The expected values use the documentation's
 * form m̂/(√v̂ + ε); the implementation groups the arithmetic as PyTorch's code does.
 */
class AdamTest {
  static final double TOL = 1e-13;
  static final double[] GRADS = {0.5, -0.2, 0.3};

  static double[] runAdam(Adam.Options options, double[] grads) {
    double[] w = {1.0};
    double[] gw = new double[1];
    Adam opt = new Adam(options, Parameter.of(w, gw));
    double[] out = new double[grads.length];
    for (int t = 0; t < grads.length; t++) {
      gw[0] = grads[t];
      opt.step();
      out[t] = w[0];
    }
    return out;
  }

  static double[] runAdamW(AdamW.Options options, double[] grads) {
    double[] w = {1.0};
    double[] gw = new double[1];
    AdamW opt = new AdamW(options, Parameter.of(w, gw));
    double[] out = new double[grads.length];
    for (int t = 0; t < grads.length; t++) {
      gw[0] = grads[t];
      opt.step();
      out[t] = w[0];
    }
    return out;
  }

  @Test
  void defaultsArePyTorchs() {
    assertEquals(
        new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0.0, false, false), Adam.Options.defaults());
    assertEquals(
        new AdamW.Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false), AdamW.Options.defaults());
  }

  @Test
  void adamThreeSteps() {
    double lr = 0.1;
    double[] th = runAdam(Adam.Options.defaults().lr(lr), GRADS);
    // Step 1: m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025, m̂ = 0.5, v̂ = 0.25: θ₁ = 1 −
    // 0.1·0.5/(0.5 + 1e-8).
    double m1 = 0.1 * 0.5;
    double v1 = 0.001 * 0.25;
    double th1 = 1.0 - lr * (m1 / (1 - 0.9)) / (Math.sqrt(v1 / (1 - 0.999)) + 1e-8);
    assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), th1, 1e-15);
    assertEquals(th1, th[0], TOL);
    // Step 2.
    double m2 = 0.9 * m1 + 0.1 * -0.2; // 0.025
    double v2 = 0.999 * v1 + 0.001 * 0.04; // 0.00028975
    assertEquals(0.025, m2, 1e-16);
    assertEquals(0.00028975, v2, 1e-17);
    double mHat2 = m2 / (1 - 0.9 * 0.9);
    double vHat2 = v2 / (1 - 0.999 * 0.999);
    double th2 = th1 - lr * mHat2 / (Math.sqrt(vHat2) + 1e-8);
    assertEquals(th2, th[1], TOL);
    // Step 3.
    double m3 = 0.9 * m2 + 0.1 * 0.3;
    double v3 = 0.999 * v2 + 0.001 * 0.09;
    double mHat3 = m3 / (1 - 0.9 * 0.9 * 0.9);
    double vHat3 = v3 / (1 - 0.999 * 0.999 * 0.999);
    double th3 = th2 - lr * mHat3 / (Math.sqrt(vHat3) + 1e-8);
    assertEquals(th3, th[2], TOL);
  }

  @Test
  void adamWeightDecayIsAddedToTheGradient() {
    double lr = 0.1;
    double wd = 0.1;
    double[] th = runAdam(Adam.Options.defaults().lr(lr).weightDecay(wd).betas(0.8, 0.99), GRADS);
    double g1 = 0.5 + wd * 1.0;
    double m1 = 0.2 * g1;
    double v1 = 0.01 * g1 * g1;
    double th1 = 1.0 - lr * (m1 / 0.2) / (Math.sqrt(v1 / 0.01) + 1e-8);
    assertEquals(th1, th[0], TOL);
    double g2 = -0.2 + wd * th1;
    double m2 = 0.8 * m1 + 0.2 * g2;
    double v2 = 0.99 * v1 + 0.01 * g2 * g2;
    double th2 = th1 - lr * (m2 / (1 - 0.8 * 0.8)) / (Math.sqrt(v2 / (1 - 0.99 * 0.99)) + 1e-8);
    assertEquals(th2, th[1], TOL);
    double g3 = 0.3 + wd * th2;
    double m3 = 0.8 * m2 + 0.2 * g3;
    double v3 = 0.99 * v2 + 0.01 * g3 * g3;
    double th3 =
        th2 - lr * (m3 / (1 - 0.8 * 0.8 * 0.8)) / (Math.sqrt(v3 / (1 - 0.99 * 0.99 * 0.99)) + 1e-8);
    assertEquals(th3, th[2], TOL);
  }

  @Test
  void amsgradKeepsTheLargestUncorrectedSecondMoment() {
    // β₂ = 0.99, gradients 1, 0.01, 0.01: v₁ = 0.01, v₂ = 0.0099 + 1e-6 = 0.009901 < v₁, so
    // v₂^max = v₁ = 0.01, and v₃ = 0.99·0.009901 + 1e-6 < 0.01 again.
    double lr = 0.01;
    double[] grads = {1.0, 0.01, 0.01};
    Adam.Options o = Adam.Options.defaults().lr(lr).betas(0.9, 0.99);
    double[] ams = runAdam(o.amsgrad(true), grads);
    double[] plain = runAdam(o, grads);
    double m1 = 0.1;
    double v1 = 0.01;
    double th1 = 1.0 - lr * (m1 / 0.1) / (Math.sqrt(v1 / 0.01) + 1e-8);
    assertEquals(th1, ams[0], TOL);
    assertEquals(th1, plain[0], TOL);
    double m2 = 0.9 * m1 + 0.1 * 0.01;
    double v2 = 0.99 * v1 + 0.01 * 0.0001;
    assertEquals(0.009901, v2, 1e-17);
    double vMax2 = Math.max(v1, v2); // = v1
    double bc2 = 1 - 0.99 * 0.99;
    double th2 = th1 - lr * (m2 / (1 - 0.81)) / (Math.sqrt(vMax2 / bc2) + 1e-8);
    assertEquals(th2, ams[1], TOL);
    double th2Plain = th1 - lr * (m2 / (1 - 0.81)) / (Math.sqrt(v2 / bc2) + 1e-8);
    assertEquals(th2Plain, plain[1], TOL);
    assertNotEquals(ams[1], plain[1]);
    double m3 = 0.9 * m2 + 0.1 * 0.01;
    double v3 = 0.99 * v2 + 0.01 * 0.0001;
    double vMax3 = Math.max(vMax2, v3); // still v1
    assertEquals(v1, vMax3, 0.0);
    double bc3 = 1 - 0.99 * 0.99 * 0.99;
    double th3 = th2 - lr * (m3 / (1 - 0.729)) / (Math.sqrt(vMax3 / bc3) + 1e-8);
    assertEquals(th3, ams[2], TOL);
  }

  @Test
  void adamWThreeSteps() {
    double lr = 0.1;
    double wd = 0.1;
    double[] th = runAdamW(AdamW.Options.defaults().lr(lr).weightDecay(wd), GRADS);
    // Step 1: decay θ to 1·(1 − 0.1·0.1) = 0.99, then the Adam update (gradient not decayed).
    double m1 = 0.1 * 0.5;
    double v1 = 0.001 * 0.25;
    double th1 = 1.0 - lr * wd * 1.0;
    assertEquals(0.99, th1, 1e-16);
    th1 = th1 - lr * (m1 / (1 - 0.9)) / (Math.sqrt(v1 / (1 - 0.999)) + 1e-8);
    assertEquals(th1, th[0], TOL);
    double m2 = 0.9 * m1 + 0.1 * -0.2;
    double v2 = 0.999 * v1 + 0.001 * 0.04;
    double th2 = th1 - lr * wd * th1;
    th2 = th2 - lr * (m2 / (1 - 0.81)) / (Math.sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
    assertEquals(th2, th[1], TOL);
    double m3 = 0.9 * m2 + 0.1 * 0.3;
    double v3 = 0.999 * v2 + 0.001 * 0.09;
    double th3 = th2 - lr * wd * th2;
    th3 = th3 - lr * (m3 / (1 - 0.729)) / (Math.sqrt(v3 / (1 - 0.999 * 0.999 * 0.999)) + 1e-8);
    assertEquals(th3, th[2], TOL);
    // The moments are exactly those of Adam without weight decay: only θ differs.
    double[] adam = runAdam(Adam.Options.defaults().lr(lr), GRADS);
    assertNotEquals(adam[0], th[0]);
  }

  @Test
  void adamWAmsgrad() {
    double lr = 0.01;
    double[] grads = {1.0, 0.01};
    double[] th = runAdamW(AdamW.Options.defaults().lr(lr).betas(0.9, 0.99).amsgrad(true), grads);
    double th1 = 1.0 * (1 - lr * 0.01);
    th1 = th1 - lr * (0.1 / 0.1) / (Math.sqrt(0.01 / 0.01) + 1e-8);
    assertEquals(th1, th[0], TOL);
    double m2 = 0.9 * 0.1 + 0.1 * 0.01;
    double th2 = th1 * (1 - lr * 0.01);
    th2 = th2 - lr * (m2 / 0.19) / (Math.sqrt(0.01 / (1 - 0.9801)) + 1e-8);
    assertEquals(th2, th[1], TOL);
  }

  @Test
  void stepIsCountedPerParameter() {
    // A parameter without a gradient is skipped and its bias correction starts later (PyTorch's
    // per-parameter state['step']).
    double[] a = {1.0};
    double[] ga = {0.5};
    double[] b = {1.0};
    double[][] gb = {null};
    Parameter pb =
        new Parameter() {
          @Override
          public double[] value() {
            return b;
          }

          @Override
          public double[] grad() {
            return gb[0];
          }
        };
    Adam opt = new Adam(List.of(Parameter.of(a, ga), pb), Adam.Options.defaults().lr(0.1));
    opt.step();
    assertEquals(1, opt.stepOf(0, 0));
    assertEquals(0, opt.stepOf(0, 1));
    assertEquals(1.0, b[0], 0.0);
    gb[0] = new double[] {0.5};
    opt.step();
    assertEquals(2, opt.stepOf(0, 0));
    assertEquals(1, opt.stepOf(0, 1));
    // b's first step: a bias-corrected Adam step of size lr·sign(g).
    assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), b[0], TOL);
  }

  @Test
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> Adam.Options.defaults().betas(1.0, 0.999));
    assertThrows(IllegalArgumentException.class, () -> Adam.Options.defaults().betas(0.9, -0.1));
    assertThrows(IllegalArgumentException.class, () -> Adam.Options.defaults().eps(-1e-8));
    assertThrows(IllegalArgumentException.class, () -> AdamW.Options.defaults().lr(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> AdamW.Options.defaults().weightDecay(-1));
  }
}
