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
package dev.adjoint.samples.adbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AdjointCheck} over the benchmark models (ADBench's GMM and BA, the MLP step), which
 * benchmarks/ times: every generated method against finite differences and forward against reverse
 * mode, at small random instances.
 */
class AdBenchAdjointCheckTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  @Test
  void gmm() {
    AdjointCheck.of(Gmm.class)
        .points(
            "objective",
            rng -> {
              GmmInstance g =
                  GmmInstance.random(2 + rng.nextInt(2), 2 + rng.nextInt(3), 8, rng.nextLong());
              return new Object[] {
                g.alphas(), g.means(), g.icf(), g.x(), g.d(), g.k(), g.n(), g.gamma(), g.m()
              };
            })
        .points(
            "logsumexp",
            rng -> {
              double[] v = new double[6];
              for (int i = 0; i < v.length; i++) {
                v[i] = 3 * rng.nextGaussian();
              }
              return new Object[] {v, 1 + rng.nextInt(6)};
            })
        .verify();
  }

  @Test
  void ba() {
    AdjointCheck.of(Ba.class)
        .points(
            "reprojection",
            rng -> {
              BaInstance b = BaInstance.adbench(2, 2, 2);
              double[] cams = b.cams().clone();
              for (int i = 0; i < cams.length; i++) {
                cams[i] *= 1 + 0.05 * rng.nextGaussian();
              }
              double[] xs = b.xs().clone();
              for (int i = 0; i < xs.length; i++) {
                xs[i] += 0.1 * rng.nextGaussian();
              }
              return new Object[] {
                cams,
                Ba.CAMERA * rng.nextInt(2),
                xs,
                3 * rng.nextInt(2),
                0.2 + rng.nextDouble(),
                BaInstance.ADBENCH_FEATURE[0],
                BaInstance.ADBENCH_FEATURE[1],
                rng.nextGaussian(),
                rng.nextGaussian()
              };
            })
        // Its wrt cannot be told from its types without -parameters (three doubles);
        // AdBenchTest checks its Jacobian against BaManual and central differences instead.
        .skip("reprojectionError")
        .verify();
  }

  @Test
  void mlp() {
    AdjointCheck.of(Mlp.class)
        .points(
            "loss",
            rng -> {
              int[] labels = new int[10];
              for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(3);
              }
              return new Object[] {
                Tensor.randn(rng, 4, 6),
                Tensor.randn(rng, 6),
                Tensor.randn(rng, 6, 3),
                Tensor.randn(rng, 3),
                Tensor.randn(rng, 10, 4),
                labels
              };
            })
        .verify();
  }
}
