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
package dev.adjoint.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class SamplingTest {
  private static final int N = 100_000;

  @Test
  void theFullBatchHoldsEveryExample() {
    Sampling full = Sampling.fullBatch();
    assertTrue(full.isFullBatch());
    for (long i = 0; i < 1000; i++) {
      assertTrue(full.includes(i % 7, i));
    }
  }

  @Test
  void aMiniBatchHoldsAboutTheFractionOfTheExamples() {
    for (double fraction : new double[] {0.01, 0.1, 0.5}) {
      int size = batch(Sampling.miniBatch(fraction, 1), 0).cardinality();
      double sigma = Math.sqrt(N * fraction * (1 - fraction));
      assertEquals(N * fraction, size, 5 * sigma, "fraction " + fraction);
    }
  }

  @Test
  void batchesDependOnTheSeedAndTheStepOnly() {
    Sampling sampling = Sampling.miniBatch(0.1, 42);
    assertEquals(batch(sampling, 3), batch(Sampling.miniBatch(0.1, 42), 3));
    assertNotEquals(batch(sampling, 3), batch(sampling, 4));
    assertNotEquals(batch(sampling, 3), batch(Sampling.miniBatch(0.1, 43), 3));
    // Consecutive steps overlap as independent draws do: in about fraction^2 of the examples.
    BitSet overlap = batch(sampling, 3);
    overlap.and(batch(sampling, 4));
    assertEquals(N * 0.01, overlap.cardinality(), 5 * Math.sqrt(N * 0.01));
  }

  @Test
  void rejectsFractionsOutsideZeroToOne() {
    for (double fraction : new double[] {0, -0.1, 1.5, Double.NaN}) {
      assertThrows(IllegalArgumentException.class, () -> Sampling.miniBatch(fraction, 0));
    }
  }

  private static BitSet batch(Sampling sampling, long step) {
    BitSet members = new BitSet(N);
    for (int i = 0; i < N; i++) {
      if (sampling.includes(step, i)) {
        members.set(i);
      }
    }
    return members;
  }
}
