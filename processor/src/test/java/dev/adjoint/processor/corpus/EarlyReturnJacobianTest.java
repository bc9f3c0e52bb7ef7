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
package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.RealisticModelsTest.normal;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import org.junit.jupiter.api.Test;

/**
 * A vector-valued method whose local arrays are allocated on one side of an early return: its
 * Jacobian's rows share one forward sweep and clear the shadows of those arrays before each row,
 * and a run that returned early never allocated them (found by the fuzzer, seed 20261204).
 */
class EarlyReturnJacobianTest {
  static final String SOURCE =
      """
      package early;

      import dev.adjoint.Differentiable;

      public final class Models {
        private Models() {}

        /** The fuzzer's program (seed 20261204), without its two {@code Adjoint.detach} calls. */
        @Differentiable
        public static double[] piecewise(double x0, int n1, double[] a1, int[] idx, int n0, double[] a0) {
          for (int i0 = 0; i0 < a0.length; i0++) {
            double v1 = (3.0 - a0[i0]);
            for (int i2 = 0; i2 < a0.length; i2++) {
              v1 += (a0[i2] - x0) * (a0[i2] - x0);
            }
            v1 -= v1;
          }
          if ((x0 > 1.0)) {
            return new double[] {((-0.75) + x0), (-a1[1]), (switch (0) { case 1: case 2: yield 1.0 * a0[1]; default: yield 1.0 * a0[1]; }), (x0 * x0), (Math.tan(0.5 * Math.tanh(x0)))};
          }
          double[] a13 = new double[a1.length];
          for (int i4 = 0; i4 < a13.length; i4++) {
            a13[i4] = a1[i4];
          }
          double v5 = (n1 + a13[((a0.length) % a13.length + a13.length) % a13.length]);
          for (int i6 = 0; i6 < a1.length; i6++) {
            v5 -= a1[i6] * a1[i6];
          }
          return new double[] {a1[0], (Math.cos(Math.hypot(((double) idx.length), v5))), x0, (x0 / (1.5 + ((-a13[1]) * (-a13[1])))), (Math.log10(1.0 + ((Math.asin(0.5 * Math.tanh(a1[1]))) * (Math.asin(0.5 * Math.tanh(a1[1]))))))};
        }
      }
      """;

  @Test
  void theJacobianOfEitherBranchMatchesDifferences() {
    CompiledSources unit = CompiledSources.withAdjoint(SOURCE);
    int[] point = {0};
    AdjointCheck.of(unit.load("early.Models"))
        .points(
            "piecewise",
            rng -> {
              // Every other point returns early.
              double x = point[0]++ % 2 == 0 ? 1.5 + rng.nextDouble() : 0.5 * rng.nextGaussian();
              return new Object[] {
                x, 2, normal(rng, 2, 1), new int[] {2, 4, 1}, 4, normal(rng, 4, 1)
              };
            })
        .verify();
    assertTrue(point[0] >= 2, "both branches checked");
    String source = unit.generatedSource("early.ModelsAdjoint");
    // The rows share the forward sweep, clearing shadows that one branch never allocates.
    assertTrue(source.contains("Adjoint.clear("), source);
  }
}
