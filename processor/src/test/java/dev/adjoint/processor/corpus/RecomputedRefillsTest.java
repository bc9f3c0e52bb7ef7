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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Refills that the reverse sweep runs again instead of taping what they overwrite ({@code
 * transform/RefillRecompute}): GMM's {@code xc[i] = x[..] - mean[i]} per point. Each model is
 * checked against finite differences and forward mode ({@link AdjointCheck}, default tolerances,
 * several random points); the generated source shows whether the refill's old contents are taped.
 * The traps are the conditions of the proof: a value the refill reads that changes after it in the
 * iteration, an array it reads that later code overwrites, a write into the buffer after the
 * refill, a read of the buffer before it, and a buffer read after the loop.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecomputedRefillsTest {
  /** Per point: the centred point in a refilled buffer, then a nonlinear read of it. */
  private static final String CENTRED =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Centred {
        private Centred() {}

        @Differentiable(wrt = {"mean", "scale"})
        public static double centred(double[] mean, double[] scale, double[] x, int d, int n) {
          double[] xc = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int i = 0; i < d; i++) {
              xc[i] = x[p * d + i] - mean[i];
            }
            for (int i = 0; i < d; i++) {
              total += Math.log(1 + scale[i] * scale[i] * xc[i] * xc[i]) + xc[i] * xc[(i + 1) % d];
            }
          }
          return total;
        }
      }
      """;

  /**
   * The refill reads {@code c}, which changes after it in every iteration, and {@code m}, which is
   * overwritten after the loop.
   */
  private static final String CHANGED_INPUTS =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class ChangedInputs {
        private ChangedInputs() {}

        @Differentiable(wrt = "w")
        public static double changed(double[] w, double[] x, int d, int n) {
          double[] m = new double[d];
          for (int i = 0; i < d; i++) {
            m[i] = w[i] * w[i];
          }
          double[] b = new double[d];
          double c = 1;
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int i = 0; i < d; i++) {
              b[i] = m[i] * x[p * d + i] + c;
            }
            for (int i = 0; i < d; i++) {
              total += Math.sin(b[i]) * b[i];
            }
            c = c * 0.5 + total * 0.01;
          }
          for (int i = 0; i < d; i++) {
            m[i] = m[i] * total;
          }
          double tail = 0;
          for (int i = 0; i < d; i++) {
            tail += m[i] * m[i];
          }
          return total + tail;
        }
      }
      """;

  /**
   * The refill reads {@code m}, which the code after the loop adds into; neither the refill's
   * adjoint nor that of the addition reads {@code m}, so only the recomputation needs it as it was.
   */
  private static final String OVERWRITTEN_AFTER =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class OverwrittenAfter {
        private OverwrittenAfter() {}

        @Differentiable(wrt = "w")
        public static double after(double[] w, double[] x, int d, int n) {
          double[] m = new double[d];
          for (int i = 0; i < d; i++) {
            m[i] = w[i] * 0.5;
          }
          double[] b = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            total *= 0.9; // discounted: a loop whose reverse sweep runs after it (not a reduction)
            for (int i = 0; i < d; i++) {
              b[i] = m[i] + x[p * d + i];
            }
            for (int i = 0; i < d; i++) {
              total += Math.tanh(b[i]) * b[(i + 1) % d];
            }
          }
          for (int i = 0; i < d; i++) {
            m[i] += total;
          }
          double tail = 0;
          for (int i = 0; i < d; i++) {
            tail += m[i] * m[i];
          }
          return total + tail;
        }
      }
      """;

  /** Not recomputed: the buffer is read before its refill (the previous point's values). */
  private static final String READ_BEFORE =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class ReadBefore {
        private ReadBefore() {}

        @Differentiable(wrt = "w")
        public static double before(double[] w, double[] x, int d, int n) {
          double[] b = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            total += Math.cos(b[0]) * w[0];
            for (int i = 0; i < d; i++) {
              b[i] = w[i] * x[p * d + i];
            }
            for (int i = 0; i < d; i++) {
              total += b[i] * b[i] * b[i];
            }
          }
          return total;
        }
      }
      """;

  /** Not recomputed: the refill reads the buffer's old contents (a leaky accumulator). */
  private static final String LEAKY =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Leaky {
        private Leaky() {}

        @Differentiable(wrt = "w")
        public static double leaky(double[] w, double[] x, int d, int n) {
          double[] b = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int i = 0; i < d; i++) {
              b[i] = 0.5 * b[i] + w[i] * x[p * d + i];
            }
            for (int i = 0; i < d; i++) {
              total += Math.sin(b[i]) * b[i];
            }
          }
          return total;
        }
      }
      """;

  /** Not recomputed: the buffer is read after the loop. */
  private static final String READ_AFTER =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class ReadAfter {
        private ReadAfter() {}

        @Differentiable(wrt = "w")
        public static double afterLoop(double[] w, double[] x, int d, int n) {
          double[] b = new double[d];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int i = 0; i < d; i++) {
              b[i] = w[i] * x[p * d + i];
            }
            for (int i = 0; i < d; i++) {
              total += Math.exp(0.3 * b[i] * b[(i + 1) % d]);
            }
          }
          return total * b[0];
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void aPerPointRefillIsRunAgainNotTaped() {
    CompiledSources unit = CompiledSources.withAdjoint(CENTRED);
    AdjointCheck.of(unit.load("scratch.Centred"))
        .points(
            "centred",
            rng ->
                new Object[] {normal(rng, 4, 0.5), normal(rng, 4, 0.5), normal(rng, 12, 1), 4, 3})
        .verify();
    String source = unit.generatedSource("scratch.CentredAdjoint");
    assertFalse(source.contains("tape.push(xc["), source);
    assertFalse(source.contains("xc[i] = tape.popDouble()"), source);
    // The loop over points is preaccumulated (PreaccumulationTest): its iteration's reverse sweep
    // runs the refill, counting up, before the adjoint statements.
    assertTrue(
        source.matches(
            "(?s).*adjoint of total 1\\.\\s+i_?\\d* = 0;\\s+while \\(i_?\\d* < d\\) \\{.*"),
        source);
  }

  @Test
  void inputsThatChangeAfterTheRefillKeepTheTape() {
    CompiledSources unit = CompiledSources.withAdjoint(CHANGED_INPUTS);
    AdjointCheck.of(unit.load("scratch.ChangedInputs"))
        .points("changed", rng -> new Object[] {normal(rng, 4, 0.7), normal(rng, 12, 1), 4, 3})
        .verify();
    String source = unit.generatedSource("scratch.ChangedInputsAdjoint");
    assertTrue(source.contains("tape.push(b[i"), source);
  }

  @Test
  void anArrayTheRefillReadsIsRestoredForIt() {
    CompiledSources unit = CompiledSources.withAdjoint(OVERWRITTEN_AFTER);
    AdjointCheck.of(unit.load("scratch.OverwrittenAfter"))
        .points("after", rng -> new Object[] {normal(rng, 4, 0.7), normal(rng, 12, 1), 4, 3})
        .verify();
    String source = unit.generatedSource("scratch.OverwrittenAfterAdjoint");
    assertFalse(source.contains("tape.push(b[i"), source);
    assertTrue(source.contains("tape.push(m[i"), source); // the store after the loop saves m
  }

  @Test
  void aBufferReadBeforeItsRefillKeepsTheTape() {
    CompiledSources unit = CompiledSources.withAdjoint(READ_BEFORE);
    AdjointCheck.of(unit.load("scratch.ReadBefore"))
        .points("before", rng -> new Object[] {normal(rng, 4, 0.7), normal(rng, 12, 1), 4, 3})
        .verify();
    assertTrue(unit.generatedSource("scratch.ReadBeforeAdjoint").contains("tape.push(b[i"));
  }

  @Test
  void aRefillThatReadsTheOldContentsKeepsTheTape() {
    CompiledSources unit = CompiledSources.withAdjoint(LEAKY);
    AdjointCheck.of(unit.load("scratch.Leaky"))
        .points("leaky", rng -> new Object[] {normal(rng, 4, 0.7), normal(rng, 12, 1), 4, 3})
        .verify();
    assertTrue(unit.generatedSource("scratch.LeakyAdjoint").contains("tape.push(b[i"));
  }

  @Test
  void aBufferReadAfterTheLoopKeepsTheTape() {
    CompiledSources unit = CompiledSources.withAdjoint(READ_AFTER);
    AdjointCheck.of(unit.load("scratch.ReadAfter"))
        .points("afterLoop", rng -> new Object[] {normal(rng, 4, 0.7), normal(rng, 12, 1), 4, 3})
        .verify();
    assertTrue(unit.generatedSource("scratch.ReadAfterAdjoint").contains("tape.push(b[i"));
  }
}
