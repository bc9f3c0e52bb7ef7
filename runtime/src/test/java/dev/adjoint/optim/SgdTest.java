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

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SGD against PyTorch's documented update, worked by hand for a scalar θ₀ = 1 with the gradients
 * 0.5, −0.2, 0.3 fed in at steps 1, 2, 3.
 */
class SgdTest {
  static final double TOL = 1e-14;
  static final double[] GRADS = {0.5, -0.2, 0.3};

  /** Runs three steps and returns θ after each. */
  static double[] run(Sgd.Options options) {
    double[] w = {1.0};
    double[] gw = new double[1];
    Sgd opt = new Sgd(options, Parameter.of(w, gw));
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
    Sgd.Options d = Sgd.Options.defaults();
    assertEquals(new Sgd.Options(1e-3, 0.0, 0.0, 0.0, false, false), d);
    Sgd opt = new Sgd(List.of(Parameter.of(new double[1])));
    assertEquals(1e-3, opt.lr());
  }

  @Test
  void plainSgd() {
    double[] th = run(Sgd.Options.defaults().lr(0.1));
    assertEquals(1.0 - 0.1 * 0.5, th[0], TOL); // 0.95
    assertEquals(0.95 - 0.1 * -0.2, th[1], TOL); // 0.97
    assertEquals(0.97 - 0.1 * 0.3, th[2], TOL); // 0.94
    assertEquals(0.94, th[2], TOL);
  }

  @Test
  void momentumDampeningWeightDecay() {
    // lr γ = 0.1, μ = 0.9, τ = 0.1, λ = 0.01.
    double[] th =
        run(Sgd.Options.defaults().lr(0.1).momentum(0.9).dampening(0.1).weightDecay(0.01));
    // Step 1: g = 0.5 + 0.01·1 = 0.51; b₁ = g (undampened); θ₁ = 1 − 0.1·0.51 = 0.949.
    double g1 = 0.5 + 0.01 * 1.0;
    double b1 = g1;
    double th1 = 1.0 - 0.1 * b1;
    assertEquals(0.949, th1, 1e-15);
    assertEquals(th1, th[0], TOL);
    // Step 2: g = −0.2 + 0.01·0.949 = −0.19051; b₂ = 0.9·0.51 + 0.9·g = 0.287541.
    double g2 = -0.2 + 0.01 * th1;
    double b2 = 0.9 * b1 + (1 - 0.1) * g2;
    assertEquals(0.287541, b2, 1e-15);
    double th2 = th1 - 0.1 * b2;
    assertEquals(0.9202459, th2, 1e-15);
    assertEquals(th2, th[1], TOL);
    // Step 3.
    double g3 = 0.3 + 0.01 * th2;
    double b3 = 0.9 * b2 + (1 - 0.1) * g3;
    double th3 = th2 - 0.1 * b3;
    assertEquals(0.86653898869, th3, 1e-14);
    assertEquals(th3, th[2], TOL);
  }

  @Test
  void nesterov() {
    double[] th = run(Sgd.Options.defaults().lr(0.1).momentum(0.9).nesterov(true));
    // b₁ = 0.5; g = 0.5 + 0.9·0.5 = 0.95; θ₁ = 1 − 0.095 = 0.905.
    double b1 = 0.5;
    double th1 = 1.0 - 0.1 * (0.5 + 0.9 * b1);
    assertEquals(0.905, th[0], TOL);
    assertEquals(th1, th[0], TOL);
    // b₂ = 0.9·0.5 − 0.2 = 0.25; g = −0.2 + 0.9·0.25 = 0.025; θ₂ = 0.9025.
    double b2 = 0.9 * b1 + -0.2;
    double th2 = th1 - 0.1 * (-0.2 + 0.9 * b2);
    assertEquals(0.9025, th[1], TOL);
    assertEquals(th2, th[1], TOL);
    // b₃ = 0.9·0.25 + 0.3 = 0.525; g = 0.3 + 0.9·0.525 = 0.7725; θ₃ = 0.82525.
    double b3 = 0.9 * b2 + 0.3;
    double th3 = th2 - 0.1 * (0.3 + 0.9 * b3);
    assertEquals(0.82525, th[2], TOL);
    assertEquals(th3, th[2], TOL);
  }

  @Test
  void firstMomentumBufferIsTheGradient() {
    // With dampening 0.5 a zero-initialised buffer would give b₁ = 0.5·g; PyTorch's is b₁ = g.
    double[] w = {0.0, 0.0};
    double[] gw = {2.0, -4.0};
    Sgd opt =
        new Sgd(Sgd.Options.defaults().lr(1.0).momentum(0.9).dampening(0.5), Parameter.of(w, gw));
    opt.step();
    assertEquals(-2.0, w[0], 0.0);
    assertEquals(4.0, w[1], 0.0);
    Sgd.State s = (Sgd.State) opt.paramGroups().get(0).states[0];
    assertEquals(2.0, s.momentumBuffer[0], 0.0);
    assertEquals(-4.0, s.momentumBuffer[1], 0.0);
    // Second step: b₂ = 0.9·2 + 0.5·2 = 2.8.
    opt.step();
    assertEquals(0.9 * 2.0 + 0.5 * 2.0, s.momentumBuffer[0], 1e-15);
    assertEquals(-2.0 - 2.8, w[0], 1e-15);
  }

  @Test
  void maximizeAscends() {
    double[] th = run(Sgd.Options.defaults().lr(0.1).maximize(true));
    assertEquals(1.0 + 0.1 * 0.5, th[0], TOL);
    assertEquals(1.05 + 0.1 * -0.2, th[1], TOL);
  }

  @Test
  void nullGradientIsSkipped() {
    double[] w = {1.0};
    Parameter p =
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
    Sgd opt = new Sgd(Sgd.Options.defaults().lr(0.1).weightDecay(1.0).momentum(0.9), p);
    opt.step();
    opt.zeroGrad();
    assertEquals(1.0, w[0], 0.0);
  }

  @Test
  void zeroGradientStillDecays() {
    double[] w = {1.0};
    Sgd opt = new Sgd(Sgd.Options.defaults().lr(0.1).weightDecay(0.5), Parameter.of(w));
    opt.step();
    assertEquals(1.0 - 0.1 * 0.5, w[0], 1e-16);
  }

  @Test
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> Sgd.Options.defaults().lr(-1));
    assertThrows(IllegalArgumentException.class, () -> Sgd.Options.defaults().momentum(-0.1));
    assertThrows(IllegalArgumentException.class, () -> Sgd.Options.defaults().weightDecay(-0.1));
    Parameter p = Parameter.of(new double[1]);
    assertThrows(
        IllegalArgumentException.class, () -> new Sgd(Sgd.Options.defaults().nesterov(true), p));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Sgd(Sgd.Options.defaults().momentum(0.9).dampening(0.1).nesterov(true), p));
    Sgd ok = new Sgd(Sgd.Options.defaults().momentum(0.9).nesterov(true), p);
    assertThrows(
        IllegalArgumentException.class,
        () -> ok.setOptions(0, Sgd.Options.defaults().nesterov(true)));
  }
}
