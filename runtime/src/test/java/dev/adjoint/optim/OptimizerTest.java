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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameters, groups, zeroGrad and the allocation-free hot path. */
class OptimizerTest {

  @Test
  void parameterFactories() {
    double[] v = {1, 2, 3};
    Parameter p = Parameter.of(v);
    assertSame(v, p.value());
    assertEquals(3, p.grad().length);
    assertEquals(3, p.size());
    assertThrows(IllegalArgumentException.class, () -> Parameter.of(new double[2], new double[3]));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> Parameter.slice(new double[4], 2, new double[4], 0, 3));
  }

  @Test
  void slicesOfOneFlatBuffer() {
    // One flat buffer holds two parameters; each group updates only its slice.
    double[] values = {1, 1, 1, 1};
    double[] grads = {1, 1, 1, 1};
    Parameter w = Parameter.slice(values, 0, grads, 0, 3);
    Parameter b = Parameter.slice(values, 3, grads, 3, 1);
    Sgd opt = new Sgd(Sgd.Options.defaults().lr(0.5), w);
    opt.addParamGroup(List.of(b), Sgd.Options.defaults().lr(0.25));
    opt.step();
    assertEquals(0.5, values[0], 0.0);
    assertEquals(0.5, values[2], 0.0);
    assertEquals(0.75, values[3], 0.0);
    b.zeroGrad();
    assertEquals(1.0, grads[2], 0.0);
    assertEquals(0.0, grads[3], 0.0);
  }

  @Test
  void zeroGradZeroesEveryGroup() {
    double[] g1 = {1, 2};
    double[] g2 = {3};
    Adam opt = new Adam(List.of(Parameter.of(new double[2], g1)));
    opt.addParamGroup(List.of(Parameter.of(new double[1], g2)));
    opt.zeroGrad();
    assertEquals(0.0, g1[0] + g1[1] + g2[0], 0.0);
    assertEquals(2, opt.paramGroups().size());
    assertEquals(2, opt.parameters().size());
  }

  @Test
  void aParameterMayBelongToOneGroupOnly() {
    Parameter p = Parameter.of(new double[1]);
    assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p, p)));
    Sgd opt = new Sgd(List.of(p));
    assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(p)));
    assertEquals(1, opt.parameters().size());
  }

  @Test
  void setOptionsKeepsState() {
    double[] w = {0.0};
    double[] g = {1.0};
    Sgd opt = new Sgd(Sgd.Options.defaults().lr(1.0).momentum(0.5), Parameter.of(w, g));
    opt.step(); // b = 1, θ = −1
    opt.setOptions(0, opt.paramGroups().get(0).options().lr(0.1));
    opt.step(); // b = 0.5 + 1 = 1.5, θ = −1 − 0.15
    assertEquals(-1.15, w[0], 1e-15);
    assertEquals(2, opt.stepCount());
  }

  @Test
  void sizeChangesAreRejected() {
    double[][] value = {new double[2]};
    Parameter p =
        new Parameter() {
          @Override
          public double[] value() {
            return value[0];
          }

          @Override
          public double[] grad() {
            return new double[value[0].length];
          }
        };
    RmsProp opt = new RmsProp(List.of(p));
    opt.step();
    value[0] = new double[3];
    assertThrows(IllegalStateException.class, opt::step);
  }

  @Test
  void stepsAllocateNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean)) {
      return;
    }
    com.sun.management.ThreadMXBean hot = (com.sun.management.ThreadMXBean) bean;
    if (!hot.isThreadAllocatedMemorySupported() || !hot.isThreadAllocatedMemoryEnabled()) {
      return;
    }
    double[] w = new double[64];
    double[] g = new double[64];
    double[] b = new double[8];
    double[] gb = new double[8];
    List<Optimizer<?>> opts =
        List.of(
            new Sgd(
                Sgd.Options.defaults().momentum(0.9).nesterov(true).weightDecay(1e-4),
                Parameter.of(w, g),
                Parameter.of(b, gb)),
            new Adam(
                Adam.Options.defaults().amsgrad(true).weightDecay(1e-4),
                Parameter.of(w.clone(), g),
                Parameter.of(b.clone(), gb)),
            new AdamW(AdamW.Options.defaults(), Parameter.of(w.clone(), g)),
            new RmsProp(
                RmsProp.Options.defaults().momentum(0.9).centered(true),
                Parameter.of(w.clone(), g)));
    for (Optimizer<?> opt : opts) {
      LrScheduler.perStep(
          opt, LrSchedule.linearWarmup(10, 0.1, LrSchedule.cosineAnnealingLr(100, 0)));
    }
    Runnable loop =
        () -> {
          for (int k = 0; k < 2000; k++) {
            for (int j = 0; j < opts.size(); j++) {
              Optimizer<?> opt = opts.get(j);
              opt.zeroGrad();
              for (int i = 0; i < g.length; i++) {
                g[i] = Math.sin(k + i);
              }
              gb[0] = 1.0;
              opt.clipGradNorm(1.0);
              opt.step();
            }
          }
        };
    loop.run(); // warm up (class loading, JIT)
    long before = hot.getCurrentThreadAllocatedBytes();
    loop.run();
    long allocated = hot.getCurrentThreadAllocatedBytes() - before;
    // 16,000 steps; a single allocation per step would be well over 100 kB.
    assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
  }
}
