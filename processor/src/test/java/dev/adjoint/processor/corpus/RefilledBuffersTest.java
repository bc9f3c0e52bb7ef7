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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A scratch buffer refilled in every iteration (GMM's {@code Q (x - μ)}): a loop that writes every
 * element saves the buffer's old contents, so the {@code +=} updates after it, before anything the
 * reverse sweep reads, are not taped. Each model's gradient is checked against finite differences
 * ({@link AdjointCheck}, at several random points); the generated forward sweep shows which stores
 * are taped. The traps (a refill that misses an element, a read between the refill and the updates)
 * must keep their tape.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RefilledBuffersTest {
  private static final String COVERED =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Covered {
        private Covered() {}

        /**
         * Σ_i 0.9^(n-1-i) |L (x_i - μ)|², L lower triangular with diagonal exp(l[0..d)): discounted,
         * so that the loop over points is no reduction and its reverse sweep runs after it.
         */
        @Differentiable(wrt = {"mean", "l"})
        public static double mahalanobis(double[] mean, double[] l, double[] x, int d, int n) {
          double[] xc = new double[d];
          double[] qx = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            total *= 0.9;
            for (int i = 0; i < d; i++) {
              xc[i] = x[p * d + i] - mean[i];
            }
            for (int i = 0; i < d; i++) {
              qx[i] = Math.exp(l[i]) * xc[i];
            }
            int k = d;
            for (int i = 0; i < d; i++) {
              for (int j = i + 1; j < d; j++) {
                qx[j] += l[k] * xc[i];
                k++;
              }
            }
            for (int i = 0; i < qx.length; i++) {
              total += qx[i] * qx[i];
            }
          }
          return total;
        }
      }
      """;

  /** The refill misses element 0, whose old value the reverse sweep reads. */
  private static final String PARTIAL =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Partial {
        private Partial() {}

        @Differentiable(wrt = "w")
        public static double partialRefill(double[] w, int d, int steps) {
          double[] b = new double[d];
          b[0] = w[0];
          double total = 0;
          for (int s = 0; s < steps; s++) {
            for (int i = 1; i < d; i++) {
              b[i] = w[i] * s;
            }
            for (int i = 0; i < d; i++) {
              b[i] += Math.sin(w[i] + b[(i + 1) % d]);
            }
            for (int i = 0; i < d; i++) {
              total += b[i] * b[i];
            }
          }
          return total;
        }
      }
      """;

  /** The reverse sweep reads the buffer between the refill and the updates. */
  private static final String READ_BETWEEN =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class ReadBetween {
        private ReadBetween() {}

        @Differentiable(wrt = "w")
        public static double readBetween(double[] w, int d, int steps) {
          double[] b = new double[d];
          double total = 0;
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < d; i++) {
              b[i] = w[i] + s;
            }
            for (int i = 0; i < d; i++) {
              total += b[i] * b[(i + 1) % d];
            }
            for (int i = 0; i < d; i++) {
              b[i] *= w[(i + s) % d];
            }
            for (int i = 0; i < d; i++) {
              total += Math.cos(b[i]);
            }
          }
          return total;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    org.junit.jupiter.api.Assertions.assertEquals(0, Tape.get().size());
  }

  @Test
  void updatesAfterAFullRefillAreNotTaped() {
    CompiledSources unit = CompiledSources.withAdjoint(COVERED);
    AdjointCheck.of(unit.load("scratch.Covered"))
        .points(
            "mahalanobis",
            rng ->
                new Object[] {normal(rng, 4, 0.5), normal(rng, 10, 0.3), normal(rng, 12, 1), 4, 3})
        .verify();
    String source = unit.generatedSource("scratch.CoveredAdjoint");
    // The refill is one loop with the centring before it (MapLoopFusion), on the index i.
    assertTrue(
        source.contains("tape.push(qx[i]);"), "the refill saves the old contents\n" + source);
    assertFalse(source.contains("tape.push(qx[j]);"), "the update after the refill\n" + source);
  }

  @Test
  void aRefillThatMissesAnElementKeepsTheTape() {
    CompiledSources unit = CompiledSources.withAdjoint(PARTIAL);
    AdjointCheck.of(unit.load("scratch.Partial"))
        .points("partialRefill", rng -> new Object[] {normal(rng, 5, 0.7), 5, 4})
        .verify();
    String source = unit.generatedSource("scratch.PartialAdjoint");
    assertTrue(source.contains("tape.push(b[i_2]);"), "the update of b[0]\n" + source);
  }

  @Test
  void aReadBetweenRefillAndUpdateKeepsTheTape() {
    CompiledSources unit = CompiledSources.withAdjoint(READ_BETWEEN);
    AdjointCheck.of(unit.load("scratch.ReadBetween"))
        .points("readBetween", rng -> new Object[] {normal(rng, 4, 0.7), 4, 3})
        .verify();
    String source = unit.generatedSource("scratch.ReadBetweenAdjoint");
    assertTrue(source.contains("tape.push(b[i_3]);"), "the update after a read\n" + source);
  }
}
