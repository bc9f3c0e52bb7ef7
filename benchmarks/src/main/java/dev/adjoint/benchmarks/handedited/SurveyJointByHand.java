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
package dev.adjoint.benchmarks.handedited;

import dev.adjoint.jdk.JdkPullbacks;

/**
 * HAND-EDITED EVIDENCE, not generated code: the pullback of the tour's {@code Survey.f(x1, x2) =
 * ln(x1) + x1·x2 − sin(x2)} in joint form, to measure what split mode's snapshot costs on the
 * smallest straight-line pullbacks (docs/benchmarks.md).
 *
 * <p>Made from {@code SurveyAdjoint.fForward} and {@code fReverse} as generated on 2026-12-03: both
 * bodies in one method, without the two {@code tape.push} calls of the snapshot, the two matching
 * pops and the two {@code Tape.get()} calls. The same arithmetic in the same order, so its results
 * equal the generated {@code fPullback}'s bit for bit (checked before timing).
 */
public final class SurveyJointByHand {
  private SurveyJointByHand() {}

  /** As {@code SurveyAdjoint.fPullback}, with no tape. */
  public static double fPullback(double x1, double x2, double seed, double[] adjoint) {
    double t1 = Math.log(x1);
    double t2 = x1 * x2;
    double t3 = t1 + t2;
    double t4 = Math.sin(x2);
    double result = t3 - t4;
    // Reverse sweep: the forward sweep's locals are still in scope; nothing is taped.
    double x2Bar = 0.0;
    double x1Bar = 0.0;
    double resultBar = seed;
    double t3Bar = resultBar;
    double t4Bar = -resultBar;
    if (t4Bar != 0.0) {
      x2Bar += JdkPullbacks.sin(x2, t4Bar);
    }
    double t1Bar = t3Bar;
    double t2Bar = t3Bar;
    if (t2Bar != 0.0) {
      x1Bar += t2Bar * x2;
      x2Bar += t2Bar * x1;
    }
    if (t1Bar != 0.0) {
      x1Bar += JdkPullbacks.log(x1, t1Bar);
    }
    adjoint[0] += x1Bar;
    adjoint[1] += x2Bar;
    return result;
  }
}
