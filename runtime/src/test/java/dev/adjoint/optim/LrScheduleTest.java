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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Learning-rate schedules, by hand from PyTorch's formulas, and how optimizers read them. */
class LrScheduleTest {
  static final double TOL = 1e-15;

  @Test
  void constant() {
    assertEquals(0.3, LrSchedule.constant().lr(0.3, 1000), 0.0);
  }

  @Test
  void stepLr() {
    // StepLR(step_size=3, gamma=0.1), base 0.5.
    LrSchedule s = LrSchedule.stepLr(3, 0.1);
    double[] expected = {0.5, 0.5, 0.5, 0.5 * 0.1, 0.5 * 0.1, 0.5 * 0.1, 0.5 * 0.1 * 0.1};
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], s.lr(0.5, t), TOL, "t=" + t);
    }
    assertEquals(0.5 * Math.pow(0.1, 33), s.lr(0.5, 100), 1e-40);
  }

  @Test
  void multiStepAndExponential() {
    LrSchedule m = LrSchedule.multiStepLr(0.5, 2, 5);
    double[] expected = {1, 1, 0.5, 0.5, 0.5, 0.25, 0.25};
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], m.lr(1.0, t), TOL, "t=" + t);
    }
    LrSchedule e = LrSchedule.exponentialLr(0.9);
    assertEquals(2.0 * 0.9 * 0.9 * 0.9, e.lr(2.0, 3), TOL);
  }

  @Test
  void cosineAnnealingByHand() {
    // CosineAnnealingLR(T_max=4, eta_min=0.01), base 0.1.
    LrSchedule s = LrSchedule.cosineAnnealingLr(4, 0.01);
    assertEquals(0.1, s.lr(0.1, 0), TOL);
    assertEquals(0.01 + 0.09 * (1 + Math.sqrt(0.5)) / 2, s.lr(0.1, 1), TOL); // cos(π/4) = √½
    assertEquals(0.01 + 0.09 * 0.5, s.lr(0.1, 2), TOL); // 0.055
    assertEquals(0.01 + 0.09 * (1 - Math.sqrt(0.5)) / 2, s.lr(0.1, 3), TOL);
    assertEquals(0.01, s.lr(0.1, 4), TOL);
    // PyTorch's formula continues past T_max: back up, period 2·T_max.
    assertEquals(0.055, s.lr(0.1, 6), 1e-15);
    assertEquals(0.1, s.lr(0.1, 8), TOL);
  }

  /**
   * PyTorch's recursive CosineAnnealingLR.get_lr (as in torch/optim/lr_scheduler.py), applied step
   * by step; the closed form must agree with it for all t, also past T_max.
   */
  @Test
  void cosineClosedFormMatchesPyTorchsRecursion() {
    double base = 0.1;
    double etaMin = 0.001;
    long tMax = 5;
    LrSchedule s = LrSchedule.cosineAnnealingLr(tMax, etaMin);
    double lr = base;
    for (long t = 1; t <= 4 * tMax + 3; t++) {
      if ((t - 1 - tMax) % (2 * tMax) == 0) {
        lr = lr + (base - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
      } else {
        lr =
            (1 + Math.cos(Math.PI * t / tMax))
                    / (1 + Math.cos(Math.PI * (t - 1) / tMax))
                    * (lr - etaMin)
                + etaMin;
      }
      assertEquals(lr, s.lr(base, t), 1e-12, "t=" + t);
    }
  }

  @Test
  void linearLr() {
    // LinearLR(start_factor=0.25, end_factor=1, total_iters=4), base 0.2.
    LrSchedule s = LrSchedule.linearLr(0.25, 1.0, 4);
    assertEquals(0.2 * 0.25, s.lr(0.2, 0), TOL);
    assertEquals(0.2 * (0.25 + 0.75 * 1 / 4), s.lr(0.2, 1), TOL); // 0.0875
    assertEquals(0.0875, s.lr(0.2, 1), TOL);
    assertEquals(0.2 * (0.25 + 0.75 * 3 / 4), s.lr(0.2, 3), TOL);
    assertEquals(0.2, s.lr(0.2, 4), TOL);
    assertEquals(0.2, s.lr(0.2, 40), TOL);
    // Decay too: from 1 to 0.5 over 2 steps.
    assertEquals(0.75, LrSchedule.linearLr(1.0, 0.5, 2).lr(1.0, 1), TOL);
  }

  @Test
  void warmupThenCosine() {
    // Warm up over 3 steps from 0.25·γ₀, then CosineAnnealingLR(T_max=4, eta_min=0); γ₀ = 0.1.
    LrSchedule s = LrSchedule.linearWarmup(3, 0.25, LrSchedule.cosineAnnealingLr(4, 0.0));
    assertEquals(0.1 * 0.25, s.lr(0.1, 0), TOL);
    assertEquals(0.1 * (0.25 + 0.75 / 3), s.lr(0.1, 1), TOL); // 0.05
    assertEquals(0.1 * (0.25 + 0.75 * 2 / 3), s.lr(0.1, 2), TOL); // 0.075
    assertEquals(0.1, s.lr(0.1, 3), TOL); // cosine at its t = 0
    assertEquals(0.1 * (1 + Math.sqrt(0.5)) / 2, s.lr(0.1, 4), TOL);
    assertEquals(0.05, s.lr(0.1, 5), 1e-16);
    assertEquals(0.0, s.lr(0.1, 7), 1e-17);
    // From zero (PyTorch's LinearLR would refuse start_factor 0; the closed form allows it).
    LrSchedule z = LrSchedule.linearWarmup(4, 0.0, LrSchedule.constant());
    assertEquals(0.0, z.lr(1.0, 0), 0.0);
    assertEquals(0.5, z.lr(1.0, 2), TOL);
    assertEquals(1.0, z.lr(1.0, 9), TOL);
  }

  @Test
  void sequentialAndThen() {
    LrSchedule a = LrSchedule.constant();
    LrSchedule b = LrSchedule.exponentialLr(0.5);
    LrSchedule c = (base, t) -> base * 100 + t;
    LrSchedule s = LrSchedule.sequential(List.of(a, b, c), 2, 5);
    double[] expected = {1, 1, 1, 0.5, 0.25, 100, 101, 102};
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], s.lr(1.0, t), TOL, "t=" + t);
    }
    LrSchedule chained = a.then(2, b).then(5, c);
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], chained.lr(1.0, t), TOL, "t=" + t);
    }
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.sequential(List.of(a, b), 1, 2));
    assertThrows(
        IllegalArgumentException.class, () -> LrSchedule.sequential(List.of(a, b, c), 3, 2));
  }

  @Test
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepLr(0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosineAnnealingLr(0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.linearLr(1.5, 1.0, 5));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.linearLr(0.5, 1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.multiStepLr(0.1, 5, 5));
  }

  @Test
  void perStepSchedulerAdvancesWithEachOptimizerStep() {
    // Gradient 1 every step, base lr 1, StepLR(1, 0.5): steps use 1, 0.5, 0.25.
    double[] w = {0.0};
    double[] gw = {1.0};
    Sgd opt = new Sgd(Sgd.Options.defaults().lr(1.0), Parameter.of(w, gw));
    LrScheduler sched = LrScheduler.perStep(opt, LrSchedule.stepLr(1, 0.5));
    assertSame(sched, opt.scheduler());
    assertEquals(1.0, opt.lr(), 0.0);
    opt.step();
    assertEquals(-1.0, w[0], 0.0);
    assertEquals(1, sched.count());
    assertEquals(0.5, opt.lr(), 0.0);
    opt.step();
    opt.step();
    assertEquals(-1.0 - 0.5 - 0.25, w[0], 0.0);
    assertEquals(3, sched.count());
    assertThrows(IllegalStateException.class, sched::step);
  }

  @Test
  void perEpochSchedulerAdvancesOnlyWhenTold() {
    double[] w = {0.0};
    double[] gw = {1.0};
    Sgd opt = new Sgd(Sgd.Options.defaults().lr(1.0), Parameter.of(w, gw));
    LrScheduler sched = LrScheduler.perEpoch(opt, LrSchedule.stepLr(1, 0.5));
    double expected = 0.0;
    double[] epochLr = {1.0, 0.5, 0.25};
    for (int epoch = 0; epoch < 3; epoch++) {
      for (int batch = 0; batch < 2; batch++) {
        assertEquals(epochLr[epoch], opt.lr(), 0.0);
        opt.step();
        expected -= epochLr[epoch];
      }
      sched.step();
    }
    assertEquals(expected, w[0], 0.0);
    assertEquals(-3.5, w[0], 0.0);
    assertEquals(3, sched.count());
    sched.setCount(0);
    assertEquals(1.0, sched.lastLr(0), 0.0);
  }

  @Test
  void eachGroupScalesItsOwnBaseRate() {
    // Two groups with base rates 0.1 and 0.01, CosineAnnealingLR(T_max=2, eta_min=0.001): at t = 1
    // each is eta_min + (base − eta_min)/2, as PyTorch applies a scheduler to every group.
    Parameter a = Parameter.of(new double[1]);
    Parameter b = Parameter.of(new double[1]);
    Sgd opt = new Sgd(Sgd.Options.defaults().lr(0.1), a);
    opt.addParamGroup(List.of(b), Sgd.Options.defaults().lr(0.01));
    LrScheduler sched = LrScheduler.perEpoch(opt, LrSchedule.cosineAnnealingLr(2, 0.001));
    sched.step();
    assertEquals(0.001 + (0.1 - 0.001) / 2, opt.lr(0), TOL);
    assertEquals(0.001 + (0.01 - 0.001) / 2, opt.lr(1), TOL);
    assertEquals(opt.lr(1), sched.lastLr(1), 0.0);
  }

  @Test
  void adamWDecayUsesTheScheduledRate() {
    double[] w = {1.0};
    double[] gw = {0.0};
    AdamW opt = new AdamW(AdamW.Options.defaults().lr(1.0).weightDecay(0.5), Parameter.of(w, gw));
    LrScheduler.perStep(opt, LrSchedule.constant().then(1, (base, t) -> base * 0.1));
    opt.step(); // γ = 1: θ ← θ·(1 − 0.5); zero gradient, so m = 0 and the Adam term is 0.
    assertEquals(0.5, w[0], 0.0);
    opt.step(); // γ = 0.1: θ ← θ·(1 − 0.05).
    assertEquals(0.5 * 0.95, w[0], TOL);
  }

  @Test
  void replacingAndDetaching() {
    Sgd opt = new Sgd(Sgd.Options.defaults().lr(1.0), Parameter.of(new double[1]));
    LrScheduler first = LrScheduler.perEpoch(opt, LrSchedule.linearLr(0.5, 1.0, 2));
    assertEquals(0.5, opt.lr(), 0.0);
    LrScheduler second = LrScheduler.perEpoch(opt, LrSchedule.linearLr(0.25, 1.0, 2));
    assertFalse(first.isAttached());
    assertTrue(second.isAttached());
    assertEquals(0.25, opt.lr(), 0.0);
    opt.detachScheduler();
    assertFalse(second.isAttached());
    assertEquals(1.0, opt.lr(), 0.0);
  }
}
