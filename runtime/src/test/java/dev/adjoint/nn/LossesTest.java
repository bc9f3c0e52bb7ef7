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
package dev.adjoint.nn;

import static dev.adjoint.tensor.FiniteDifferences.check;
import static dev.adjoint.tensor.FiniteDifferences.rng;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.tensor.PullbackDeclarations;
import dev.adjoint.tensor.Tensor;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Losses} against values worked by hand, and {@link LossesPullbacks} against central finite
 * differences (step and tolerance of {@link dev.adjoint.tensor.FiniteDifferences}).
 */
class LossesTest {
  static final double EPS = 1e-12;

  @Test
  void meanSquaredError() {
    double[] p = {1, 2, 3};
    double[] t = {1, 0, 5};
    assertEquals(8.0, Losses.mseSum(p, t), EPS);
    assertEquals(8.0 / 3, Losses.mseMean(p, t), EPS);
    assertEquals(8.0, Losses.mseSum(Tensor.vector(p), Tensor.vector(t)), EPS);
    assertEquals(8.0 / 3, Losses.mseMean(Tensor.of(p, 3, 1), Tensor.of(t, 3, 1)), EPS);
    assertArrayEquals(new double[] {0, 4, -4}, LossesPullbacks.mseSumPrediction(p, t, 1.0), EPS);
    assertArrayEquals(new double[] {0, 2, -2}, LossesPullbacks.mseMeanPrediction(p, t, 1.5), EPS);
  }

  /**
   * The tensor losses' pullbacks return the prediction's shape also for a rank-0 prediction: they
   * built it with {@code Tensor.of(data, shape)}, which reads the shape {@code []} as "a vector",
   * so the gradient had shape [1], and the generated reverse sweep then failed on the next
   * pullback's seed-shape check (found by the tensor fuzz campaign, seed 20240611, program T20).
   */
  @Test
  void pullbacksOfRankZeroPredictionsHaveRankZero() {
    Tensor p = Tensor.scalar(1.5);
    Tensor t = Tensor.scalar(-0.5);
    Tensor mseSum = LossesPullbacks.mseSumPrediction(p, t, 1.0);
    assertArrayEquals(new int[0], mseSum.shape());
    assertEquals(4.0, mseSum.item(), EPS);
    Tensor mseMean = LossesPullbacks.mseMeanPrediction(p, t, 1.0);
    assertArrayEquals(new int[0], mseMean.shape());
    assertEquals(4.0, mseMean.item(), EPS);
    Tensor bce = LossesPullbacks.bceWithLogitsLogits(Tensor.scalar(0.0), Tensor.scalar(1.0), 1.0);
    assertArrayEquals(new int[0], bce.shape());
    assertEquals(-0.5, bce.item(), EPS);
    assertArrayEquals(new int[0], LossesPullbacks.l2Weights(p, 0.5, 1.0).shape());
  }

  /**
   * Along equal logits the softmax cross-entropy is constant, so its gradient sums to 0 over each
   * row, however large the logits. The softmax was computed as exp(x - logSumExp(x)), whose max +
   * log n rounds to the precision of max: for logits near 6.5e6 the gradient summed to 3e-10, which
   * a steep chain amplified to 1e-3 (tensor fuzz campaign, seed 42, program T4597).
   */
  @Test
  void softmaxCrossEntropyGradientOfLargeEqualLogitsSumsToZero() {
    int[] labels = {1, 2};
    Tensor logits = Tensor.full(6459001.637292577, 2, 3);
    assertEquals(0.0, LossesPullbacks.softmaxCrossEntropyLogits(logits, labels, 1.0).sum(), 1e-15);
    double[] row = {6459001.637292577, 6459001.637292577, 6459001.637292577};
    double sum = 0;
    for (double g : LossesPullbacks.softmaxCrossEntropyLogits(row, 0, 1.0)) {
      sum += g;
    }
    assertEquals(0.0, sum, 1e-15);
  }

  @Test
  void binaryCrossEntropyWithLogits() {
    double expected = (Math.log(2) + Math.log(1 + Math.exp(2))) / 2;
    assertEquals(expected, Losses.bceWithLogits(new double[] {0, 2}, new double[] {1, 0}), EPS);
    assertEquals(expected, Losses.bceWithLogits(Tensor.vector(0, 2), Tensor.vector(1, 0)), EPS);
    // Stable for large logits, where log(sigmoid(x)) would be log(0).
    assertEquals(0.0, Losses.bceWithLogits(new double[] {1000}, new double[] {1}), EPS);
    assertEquals(1000.0, Losses.bceWithLogits(new double[] {-1000}, new double[] {1}), EPS);
    assertEquals(1000.0, Losses.bceWithLogits(new double[] {1000}, new double[] {0}), EPS);
    // Soft targets: at logit 0 the loss is ln 2 whatever the target.
    assertEquals(Math.log(2), Losses.bceWithLogits(new double[] {0}, new double[] {0.3}), EPS);
    // Gradient (sigmoid(x) - t)/n.
    assertArrayEquals(
        new double[] {-0.25, 1 / (1 + Math.exp(-2)) / 2},
        LossesPullbacks.bceWithLogitsLogits(new double[] {0, 2}, new double[] {1, 0}, 1.0),
        EPS);
    assertArrayEquals(
        new double[] {-0.5, 0},
        LossesPullbacks.bceWithLogitsLogits(new double[] {-1000, 1000}, new double[] {1, 1}, 1.0),
        EPS);
  }

  @Test
  void softmaxCrossEntropy() {
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    double[] logits = {1, 2, 3};
    assertEquals(Math.log(z) - 3, Losses.softmaxCrossEntropy(logits, 2), EPS);
    assertEquals(Math.log(z) - 1, Losses.softmaxCrossEntropy(logits, 0), EPS);
    // Stable: exp(1000) overflows.
    assertEquals(1000.0, Losses.softmaxCrossEntropy(new double[] {1000, 0}, 1), EPS);
    assertEquals(0.0, Losses.softmaxCrossEntropy(new double[] {1000, 0}, 0), EPS);
    double[][] batch = {{1, 2, 3}, {0, 0, 0}};
    int[] labels = {2, 1};
    double expected = (Math.log(z) - 3 + Math.log(3)) / 2;
    assertEquals(expected, Losses.softmaxCrossEntropy(batch, labels), EPS);
    assertEquals(
        expected,
        Losses.softmaxCrossEntropy(Tensor.of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3), labels),
        EPS);
    // Gradient softmax - onehot.
    assertArrayEquals(
        new double[] {1.0 / 3, -2.0 / 3, 1.0 / 3},
        LossesPullbacks.softmaxCrossEntropyLogits(new double[] {0, 0, 0}, 1, 1.0),
        EPS);
  }

  @Test
  void l2Penalty() {
    assertEquals(1.25, Losses.l2(new double[] {3, 4}, 0.1), EPS);
    assertEquals(1.25, Losses.l2(Tensor.of(new double[] {3, 4}, 2, 1), 0.1), EPS);
    assertArrayEquals(
        new double[] {0.3, 0.4}, LossesPullbacks.l2Weights(new double[] {3, 4}, 0.1, 1.0), EPS);
    assertEquals(12.5, LossesPullbacks.l2Lambda(new double[] {3, 4}, 0.1, 1.0), EPS);
  }

  // Finite differences.

  static double[] randn(SplittableRandom rng, int n) {
    return Tensor.randn(rng, n).toArray();
  }

  @Test
  void arrayPullbacksMatchFiniteDifferences() {
    SplittableRandom rng = rng(101);
    double[] p = randn(rng, 5);
    double[] t = randn(rng, 5);
    double[] soft = Tensor.rand(rng, 5).toArray();
    check(
        "mseSum",
        p,
        x -> new double[] {Losses.mseSum(x, t)},
        s -> LossesPullbacks.mseSumPrediction(p, t, s[0]),
        rng);
    check(
        "mseMean",
        p,
        x -> new double[] {Losses.mseMean(x, t)},
        s -> LossesPullbacks.mseMeanPrediction(p, t, s[0]),
        rng);
    check(
        "bceWithLogits",
        p,
        x -> new double[] {Losses.bceWithLogits(x, soft)},
        s -> LossesPullbacks.bceWithLogitsLogits(p, soft, s[0]),
        rng);
    for (int label = 0; label < 5; label++) {
      int l = label;
      check(
          "softmaxCrossEntropy",
          p,
          x -> new double[] {Losses.softmaxCrossEntropy(x, l)},
          s -> LossesPullbacks.softmaxCrossEntropyLogits(p, l, s[0]),
          rng);
    }
    double lambda = 0.3;
    check(
        "l2 wrt weights",
        p,
        x -> new double[] {Losses.l2(x, lambda)},
        s -> LossesPullbacks.l2Weights(p, lambda, s[0]),
        rng);
    check(
        "l2 wrt lambda",
        new double[] {lambda},
        x -> new double[] {Losses.l2(p, x[0])},
        s -> new double[] {LossesPullbacks.l2Lambda(p, lambda, s[0])},
        rng);
  }

  @Test
  void batchedCrossEntropyMatchesFiniteDifferences() {
    SplittableRandom rng = rng(103);
    int[] labels = {2, 0, 3};
    double[] flat = randn(rng, 12);
    check(
        "softmaxCrossEntropy(double[][])",
        flat,
        x -> new double[] {Losses.softmaxCrossEntropy(rows(x), labels)},
        s -> flatten(LossesPullbacks.softmaxCrossEntropyLogits(rows(flat), labels, s[0])),
        rng);
    check(
        "softmaxCrossEntropy(Tensor)",
        flat,
        x -> new double[] {Losses.softmaxCrossEntropy(Tensor.of(x, 3, 4), labels)},
        s ->
            LossesPullbacks.softmaxCrossEntropyLogits(Tensor.of(flat, 3, 4), labels, s[0])
                .toArray(),
        rng);
  }

  static double[][] rows(double[] flat) {
    double[][] r = new double[3][4];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(flat, 4 * i, r[i], 0, 4);
    }
    return r;
  }

  static double[] flatten(double[][] rows) {
    double[] f = new double[12];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(rows[i], 0, f, 4 * i, 4);
    }
    return f;
  }

  @Test
  void tensorPullbacksMatchFiniteDifferences() {
    SplittableRandom rng = rng(107);
    int[] shape = {2, 3};
    double[] p = randn(rng, 6);
    Tensor t = Tensor.randn(rng, shape);
    Tensor soft = Tensor.rand(rng, shape);
    check(
        "mseSum(Tensor)",
        p,
        x -> new double[] {Losses.mseSum(Tensor.of(x, shape), t)},
        s -> LossesPullbacks.mseSumPrediction(Tensor.of(p, shape), t, s[0]).toArray(),
        rng);
    check(
        "mseMean(Tensor)",
        p,
        x -> new double[] {Losses.mseMean(Tensor.of(x, shape), t)},
        s -> LossesPullbacks.mseMeanPrediction(Tensor.of(p, shape), t, s[0]).toArray(),
        rng);
    check(
        "bceWithLogits(Tensor)",
        p,
        x -> new double[] {Losses.bceWithLogits(Tensor.of(x, shape), soft)},
        s -> LossesPullbacks.bceWithLogitsLogits(Tensor.of(p, shape), soft, s[0]).toArray(),
        rng);
    check(
        "l2(Tensor) wrt weights",
        p,
        x -> new double[] {Losses.l2(Tensor.of(x, shape), 0.7)},
        s -> LossesPullbacks.l2Weights(Tensor.of(p, shape), 0.7, s[0]).toArray(),
        rng);
    check(
        "l2(Tensor) wrt lambda",
        new double[] {0.7},
        x -> new double[] {Losses.l2(Tensor.of(p, shape), x[0])},
        s -> new double[] {LossesPullbacks.l2Lambda(Tensor.of(p, shape), 0.7, s[0])},
        rng);
    // The gradient has the prediction's shape.
    assertArrayEquals(
        shape, LossesPullbacks.mseMeanPrediction(Tensor.of(p, shape), t, 1.0).shape());
  }

  @Test
  void mismatchesAreRejected() {
    assertEquals(
        "mseMean: arrays of lengths 2 and 3 differ",
        assertThrows(
                IllegalArgumentException.class, () -> Losses.mseMean(new double[2], new double[3]))
            .getMessage());
    assertEquals(
        "mseSum: shapes [2, 3] and [3, 2] differ",
        assertThrows(
                IllegalArgumentException.class,
                () -> Losses.mseSum(Tensor.zeros(2, 3), Tensor.zeros(3, 2)))
            .getMessage());
    assertEquals(
        "label 3 is out of range for 3 classes",
        assertThrows(
                IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(new double[3], 3))
            .getMessage());
    assertEquals(
        "softmaxCrossEntropy needs logits of shape [batch, classes] with batch = 3"
            + " (the number of labels), got shape [2, 3]",
        assertThrows(
                IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(Tensor.zeros(2, 3), new int[3]))
            .getMessage());
  }

  @Test
  void everyLossHasPullbacksForItsDifferentiableInputs() {
    PullbackDeclarations d =
        new PullbackDeclarations(Losses.class, Losses.class, LossesPullbacks.class);
    // Targets and labels are data, not differentiated.
    assertEquals(Set.of(), d.missing(Set.of(), Set.of("target", "targets", "label", "labels")));
    assertEquals(13, d.count());
  }
}
