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
package dev.adjoint.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every metric against a computation done by hand (the arithmetic is in the comments). */
class MetricsTest {

  @Test
  void accuracyCountsMatches() {
    // 3 of 5 right.
    assertEquals(0.6, Metrics.accuracy(new int[] {0, 1, 2, 1, 0}, new int[] {0, 1, 1, 1, 2}));
  }

  @Test
  void accuracyOfScoresTakesTheLargestOfEachRow() {
    Tensor scores =
        Tensor.of(
            new double[] {
              0.1, 0.7, 0.2, // 1
              2.0, -1., 0.0, // 0
              0.3, 0.3, 0.4, // 2
              5.0, 5.0, 1.0
            }, // 0 (first on ties)
            4,
            3);
    assertArrayEquals(new int[] {1, 0, 2, 0}, Metrics.argmax(scores));
    // labels 1, 2, 2, 0: rows 0, 2 and 3 are right.
    assertEquals(0.75, Metrics.accuracy(scores, new int[] {1, 2, 2, 0}));
  }

  @Test
  void binaryAccuracyThresholds() {
    // > 0.5 → 1: predictions 1, 0, 0, 1 against 1, 1, 0, 0: two right. 0.5 itself is negative.
    assertEquals(
        0.5,
        Metrics.binaryAccuracy(new double[] {0.9, 0.2, 0.5, 0.7}, new int[] {1, 1, 0, 0}, 0.5));
    // Logits with threshold 0: predictions 1, 0, 0 against 1, 0, 1.
    assertEquals(
        2.0 / 3, Metrics.binaryAccuracy(new double[] {3, -1, -0.5}, new int[] {1, 0, 1}, 0));
  }

  @Test
  void meanSquaredAndAbsoluteError() {
    // Differences 1, -2, 0.5: squares 1 + 4 + 0.25 = 5.25, / 3 = 1.75; absolute 3.5 / 3.
    double[] p = {2, 1, 3.5};
    double[] y = {1, 3, 3};
    assertEquals(1.75, Metrics.meanSquaredError(p, y), 1e-15);
    assertEquals(3.5 / 3, Metrics.meanAbsoluteError(p, y), 1e-15);
    assertEquals(1.75, Metrics.meanSquaredError(Tensor.vector(p), Tensor.vector(y)), 1e-15);
  }

  @Test
  void binaryLogLoss() {
    // -(ln 0.8 + ln(1 - 0.3) + ln 0.6) / 3
    double expected = -(Math.log(0.8) + Math.log(0.7) + Math.log(0.6)) / 3;
    assertEquals(
        expected, Metrics.logLoss(new double[] {0.8, 0.3, 0.6}, new int[] {1, 0, 1}), 1e-15);
    // A certain wrong prediction is clipped: -ln(1e-15) = 34.538776394910684.
    assertEquals(-Math.log(1e-15), Metrics.logLoss(new double[] {0.0}, new int[] {1}), 1e-9);
  }

  @Test
  void multiClassLogLoss() {
    double[][] p = {{0.2, 0.7, 0.1}, {0.5, 0.25, 0.25}};
    // labels 1 and 2: -(ln 0.7 + ln 0.25) / 2
    double expected = -(Math.log(0.7) + Math.log(0.25)) / 2;
    assertEquals(expected, Metrics.logLoss(p, new int[] {1, 2}), 1e-15);
    Tensor t = Tensor.of(new double[] {0.2, 0.7, 0.1, 0.5, 0.25, 0.25}, 2, 3);
    assertEquals(expected, Metrics.logLoss(t, new int[] {1, 2}), 1e-15);
  }

  @Test
  void confusionMatrixCountsAndDerivedScores() {
    int[] labels = {0, 0, 0, 1, 1, 2, 2, 2, 2};
    int[] predicted = {0, 0, 1, 1, 2, 2, 2, 0, 2};
    ConfusionMatrix m = ConfusionMatrix.of(3, predicted, labels);
    long[][] expected = {
      {2, 1, 0},
      {0, 1, 1},
      {1, 0, 3}
    };
    for (int a = 0; a < 3; a++) {
      assertArrayEquals(expected[a], m.toArray()[a]);
    }
    assertEquals(9, m.total());
    assertEquals(6.0 / 9, m.accuracy(), 1e-15);
    assertEquals(Metrics.accuracy(predicted, labels), m.accuracy(), 1e-15);
    // Class 0: TP 2, FP 1 (a 2 predicted as 0), FN 1: precision 2/3, recall 2/3, F1 4/6.
    assertEquals(2.0 / 3, m.precision(0), 1e-15);
    assertEquals(2.0 / 3, m.recall(0), 1e-15);
    assertEquals(4.0 / 6, m.f1(0), 1e-15);
    // Class 1: TP 1, FP 1, FN 1 → 0.5, 0.5, 2/4. Class 2: TP 3, FP 1, FN 1 → 3/4, 3/4, 6/8.
    assertEquals(0.5, m.precision(1), 1e-15);
    assertEquals(0.75, m.recall(2), 1e-15);
    assertEquals(0.75, m.f1(2), 1e-15);
    assertEquals((4.0 / 6 + 0.5 + 0.75) / 3, m.macroF1(), 1e-15);
    assertTrue(m.toString().contains("actual"));
  }

  @Test
  void aClassNeverPredictedHasNoPrecision() {
    ConfusionMatrix m = ConfusionMatrix.of(3, new int[] {0, 0}, new int[] {0, 1});
    assertTrue(Double.isNaN(m.precision(1)));
    assertEquals(0.0, m.recall(1));
    assertTrue(Double.isNaN(m.f1(2)));
  }

  @Test
  void badArgumentsAreRefusedWithTheirReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Metrics.accuracy(new int[] {1, 2}, new int[] {1}));
    assertTrue(e.getMessage().contains("lengths must be equal"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Metrics.meanSquaredError(new double[0], new double[0]));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfusionMatrix.of(2, new int[] {0}, new int[] {2}));
    assertTrue(e.getMessage().contains("not a class in [0, 2)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Metrics.logLoss(new double[] {0.5}, new int[] {2}));
  }
}
