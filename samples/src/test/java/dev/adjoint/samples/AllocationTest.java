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
package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.Tape;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The pullback form is for hot loops: once the per-thread tape has grown to its working size, a
 * call allocates nothing, loops and taped values included.
 */
class AllocationTest {
  private static final int CALLS = 20_000;

  /**
   * The measurement's own noise (the JIT compiling the loop, the management bean) is a few hundred
   * bytes in all; one object per call would be at least 16 bytes times CALLS.
   */
  private static final long NOISE = 2_048;

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static void assumeMeasurable() {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
            && bean.isThreadAllocatedMemorySupported()
            && bean.isThreadAllocatedMemoryEnabled());
  }

  /** Keeps the JIT from dropping the measured calls. */
  private static double sink;

  /**
   * The fewest bytes {@code window} allocates in 3 measured runs after one run to warm up (class
   * loading, the tape's first growth, the JIT). A call that allocates shows in every run, at least
   * 16 bytes times the calls; the least of three leaves out a one-off, such as an allocation on the
   * JIT's way from one compiled form to the next, which JDK 25 showed once in a CI run (2,080
   * bytes).
   */
  private static long fewestBytes(Runnable window) {
    window.run();
    long fewest = Long.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      long before = allocatedBytes();
      window.run();
      fewest = Math.min(fewest, allocatedBytes() - before);
    }
    return fewest;
  }

  @Test
  void straightLinePullbackAllocatesNothing() {
    assumeMeasurable();
    double[] adjoint = new double[2];
    long bytes =
        fewestBytes(
            () -> {
              for (int i = 0; i < CALLS; i++) {
                sink += SurveyAdjoint.fPullback(2.0 + i * 1e-6, 5.0, 1.0, adjoint);
              }
            });
    assertTrue(
        bytes < NOISE, bytes + " bytes allocated by " + CALLS + " pullbacks (sink " + sink + ")");
  }

  @Test
  void aPreaccumulatedLoopOverPathsAllocatesNothing() {
    assumeMeasurable();
    // Its sums of scalar adjoints live in a buffer the tape lends (ReverseMode: lent sums).
    double[][] normals = dev.adjoint.samples.greeks.AsianMarket.normals(64, 8, 3);
    double[] adjoint = new double[3];
    long bytes =
        fewestBytes(
            () -> {
              for (int i = 0; i < CALLS / 100; i++) {
                sink +=
                    dev.adjoint.samples.greeks.AsianOptionAdjoint.pricePullback(
                        100, 0.2, 0.03, 100 + i * 1e-6, 1, normals, 1.0, adjoint);
              }
            });
    assertTrue(
        bytes < NOISE,
        bytes + " bytes allocated by " + CALLS / 100 + " pullbacks (sink " + sink + ")");
    assertEquals(0, Tape.get().size(), "values left on the tape");
  }

  @Test
  void pullbackWithLoopsAndTapeAllocatesNothing() {
    assumeMeasurable();
    double[] adjoint = new double[1];
    long bytes =
        fewestBytes(
            () -> {
              for (int i = 0; i < CALLS; i++) {
                sink += ExpressionSwellAdjoint.layersPullback(0.3 + i * 1e-7, 10, 1.0, adjoint);
                sink += ControlFlowAdjoint.fPullback(0.7 + i * 1e-7, 1.0, adjoint);
              }
            });
    assertTrue(
        bytes < NOISE, bytes + " bytes allocated by " + CALLS + " pullbacks (sink " + sink + ")");
    assertEquals(0, Tape.get().size(), "values left on the tape");
  }

  @Test
  void arrayPullbackAndSgdStepAllocateNothing() {
    assumeMeasurable();
    LinearRegression.Data data = LinearRegression.Data.generate(30, 42);
    double[][] xs = data.rows();
    double[] ys = data.y();
    double[] w = {0.5, 0.5};
    double[] bias = {0.5};
    double[] wGrad = new double[2];
    double[] bGrad = new double[1];
    dev.adjoint.optim.Sgd sgd =
        new dev.adjoint.optim.Sgd(
            java.util.List.of(
                dev.adjoint.optim.Parameter.of(w, wGrad),
                dev.adjoint.optim.Parameter.of(bias, bGrad)),
            dev.adjoint.optim.Sgd.Options.defaults().lr(1e-3));
    long bytes =
        fewestBytes(
            () -> {
              for (int i = 0; i < CALLS / 10; i++) {
                sgd.zeroGrad();
                sink +=
                    LinearRegressionAdjoint.batchLossPullback(
                        w, bias[0], xs, ys, 1.0 / 30, bGrad, wGrad);
                sgd.step();
              }
            });
    assertTrue(
        bytes < NOISE, bytes + " bytes allocated by " + CALLS / 10 + " epochs (sink " + sink + ")");
    assertEquals(0, Tape.get().size(), "values left on the tape");
  }
}
