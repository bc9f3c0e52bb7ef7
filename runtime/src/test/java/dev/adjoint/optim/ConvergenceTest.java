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

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer minimises f(x) = ½ Σᵢ cᵢ (xᵢ − aᵢ)², with curvatures c = (1, 10, 0.5) and minimum
 * a = (3, −2, 0.5), from x = 0. The gradient is cᵢ (xᵢ − aᵢ).
 */
class ConvergenceTest {
  static final double[] C = {1.0, 10.0, 0.5};
  static final double[] A = {3.0, -2.0, 0.5};

  /** Runs {@code steps} steps and returns the largest distance |xᵢ − aᵢ|. */
  static double minimise(Function<Parameter, Optimizer<?>> make, int steps, LrSchedule schedule) {
    double[] x = new double[3];
    double[] g = new double[3];
    Optimizer<?> opt = make.apply(Parameter.of(x, g));
    if (schedule != null) {
      LrScheduler.perStep(opt, schedule);
    }
    for (int s = 0; s < steps; s++) {
      opt.zeroGrad();
      for (int i = 0; i < 3; i++) {
        g[i] += C[i] * (x[i] - A[i]);
      }
      opt.step();
    }
    double worst = 0.0;
    for (int i = 0; i < 3; i++) {
      worst = Math.max(worst, Math.abs(x[i] - A[i]));
    }
    return worst;
  }

  @Test
  void sgd() {
    assertEquals(0.0, minimise(p -> new Sgd(Sgd.Options.defaults().lr(0.1), p), 500, null), 1e-9);
  }

  @Test
  void sgdMomentum() {
    assertEquals(
        0.0,
        minimise(p -> new Sgd(Sgd.Options.defaults().lr(0.02).momentum(0.9), p), 1000, null),
        1e-9);
  }

  @Test
  void sgdNesterovWithDampeningFreeMomentum() {
    assertEquals(
        0.0,
        minimise(
            p -> new Sgd(Sgd.Options.defaults().lr(0.02).momentum(0.9).nesterov(true), p),
            1000,
            null),
        1e-9);
  }

  @Test
  void adamWithCosineAnnealing() {
    assertEquals(
        0.0,
        minimise(
            p -> new Adam(Adam.Options.defaults().lr(0.1), p),
            2000,
            LrSchedule.cosineAnnealingLr(2000, 0.0)),
        1e-3);
  }

  @Test
  void adamAmsgrad() {
    assertEquals(
        0.0,
        minimise(
            p -> new Adam(Adam.Options.defaults().lr(0.1).amsgrad(true), p),
            2000,
            LrSchedule.cosineAnnealingLr(2000, 0.0)),
        1e-3);
  }

  @Test
  void adamWWithWarmupThenCosine() {
    assertEquals(
        0.0,
        minimise(
            p -> new AdamW(AdamW.Options.defaults().lr(0.1).weightDecay(0.0), p),
            2000,
            LrSchedule.linearWarmup(100, 0.1, LrSchedule.cosineAnnealingLr(1900, 0.0))),
        1e-3);
  }

  @Test
  void rmsProp() {
    assertEquals(
        0.0,
        minimise(
            p -> new RmsProp(RmsProp.Options.defaults().lr(0.01), p),
            2000,
            LrSchedule.cosineAnnealingLr(2000, 0.0)),
        1e-3);
  }

  @Test
  void rmsPropCenteredMomentum() {
    assertEquals(
        0.0,
        minimise(
            p -> new RmsProp(RmsProp.Options.defaults().lr(0.01).momentum(0.5).centered(true), p),
            2000,
            LrSchedule.cosineAnnealingLr(2000, 0.0)),
        1e-3);
  }
}
