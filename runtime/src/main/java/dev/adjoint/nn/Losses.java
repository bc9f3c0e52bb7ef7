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

import dev.adjoint.tensor.Tensor;
import java.util.Arrays;

/**
 * Loss functions and penalties, for {@code double[]} arrays and for {@link Tensor}s, with their
 * pullbacks declared in {@link LossesPullbacks}. Targets and labels are data: they are not
 * differentiated. Predictions and targets must have the same length (the same shape for tensors); a
 * mismatch is an {@link IllegalArgumentException} naming both.
 *
 * <p>Reductions follow PyTorch's defaults: {@code mean} over all elements for mean squared error
 * and binary cross-entropy, {@code mean} over the examples of a batch for cross-entropy.
 */
public final class Losses {
  private Losses() {}

  // ---------------------------------------------------------------------------------------------
  // Mean squared error.

  /**
   * Σ (prediction - target)².
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same length
   * @return the sum of squared errors
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double mseSum(double[] prediction, double[] target) {
    checkLengths(prediction, target, "mseSum");
    double s = 0.0;
    for (int i = 0; i < prediction.length; i++) {
      double d = prediction[i] - target[i];
      s += d * d;
    }
    return s;
  }

  /**
   * Σ (prediction - target)² / n (PyTorch's {@code MSELoss()}); NaN for empty arrays.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same length
   * @return the mean squared error
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double mseMean(double[] prediction, double[] target) {
    checkLengths(prediction, target, "mseMean");
    return mseSum(prediction, target) / prediction.length;
  }

  /**
   * Σ (prediction - target)² over all elements; the shapes must be equal.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same shape
   * @return the sum of squared errors
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double mseSum(Tensor prediction, Tensor target) {
    checkShapes(prediction, target, "mseSum");
    return mseSum(prediction.toArray(), target.toArray());
  }

  /**
   * The mean of (prediction - target)² over all elements; the shapes must be equal.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same shape
   * @return the mean squared error
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double mseMean(Tensor prediction, Tensor target) {
    checkShapes(prediction, target, "mseMean");
    return mseMean(prediction.toArray(), target.toArray());
  }

  // ---------------------------------------------------------------------------------------------
  // Binary cross-entropy.

  /**
   * Binary cross-entropy of sigmoid(logits) against targets in [0, 1], averaged over the elements
   * (PyTorch's {@code BCEWithLogitsLoss()}), computed stably as max(x, 0) - x·t + log(1 + e^-|x|).
   *
   * @param logits the model's outputs before the sigmoid, any real numbers
   * @param targets the probabilities of the positive class, in [0, 1], of the same length
   * @return the mean binary cross-entropy, in nats
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double bceWithLogits(double[] logits, double[] targets) {
    checkLengths(logits, targets, "bceWithLogits");
    double s = 0.0;
    for (int i = 0; i < logits.length; i++) {
      double x = logits[i];
      s += Math.max(x, 0.0) - x * targets[i] + Math.log1p(Math.exp(-Math.abs(x)));
    }
    return s / logits.length;
  }

  /**
   * As {@link #bceWithLogits(double[], double[])}, over tensors of equal shapes.
   *
   * @param logits the model's outputs before the sigmoid
   * @param targets the probabilities of the positive class, in [0, 1], of the same shape
   * @return the mean binary cross-entropy over all elements, in nats
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double bceWithLogits(Tensor logits, Tensor targets) {
    checkShapes(logits, targets, "bceWithLogits");
    return bceWithLogits(logits.toArray(), targets.toArray());
  }

  // ---------------------------------------------------------------------------------------------
  // Softmax cross-entropy.

  /**
   * The cross-entropy of softmax(logits) for the class {@code label} of one example:
   * logSumExp(logits) - logits[label], computed stably.
   *
   * @param logits one score per class, before the softmax
   * @param label the index of the true class, in [0, logits.length)
   * @return −log softmax(logits)[label], in nats
   * @throws IllegalArgumentException if the label is not a class
   */
  public static double softmaxCrossEntropy(double[] logits, int label) {
    checkLabel(label, logits.length);
    return logSumExp(logits, 0, logits.length) - logits[label];
  }

  /**
   * The mean over a batch of {@link #softmaxCrossEntropy(double[], int)}: row i of {@code logits}
   * holds example i's logits, {@code labels[i]} its class (PyTorch's {@code CrossEntropyLoss()}).
   *
   * @param logits one row of class scores per example, before the softmax
   * @param labels the index of each example's true class
   * @return the mean cross-entropy over the batch, in nats
   * @throws IllegalArgumentException if the batch sizes differ or a label is not a class
   */
  public static double softmaxCrossEntropy(double[][] logits, int[] labels) {
    if (logits.length != labels.length) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy: "
              + logits.length
              + " rows of logits but "
              + labels.length
              + " labels");
    }
    double s = 0.0;
    for (int i = 0; i < logits.length; i++) {
      s += softmaxCrossEntropy(logits[i], labels[i]);
    }
    return s / logits.length;
  }

  /**
   * The mean over a batch of the cross-entropy of softmax(logits): {@code logits} of shape {@code
   * [batch, classes]}, {@code labels} of length {@code batch}.
   *
   * @param logits the class scores before the softmax, of shape {@code [batch, classes]}
   * @param labels the index of each example's true class
   * @return the mean cross-entropy over the batch, in nats
   * @throws IllegalArgumentException if logits is not a matrix, the batch sizes differ, or a label
   *     is not a class
   */
  public static double softmaxCrossEntropy(Tensor logits, int[] labels) {
    int[] s = checkLogits(logits, labels);
    double[] x = logits.toArray();
    int c = s[1];
    double total = 0.0;
    for (int i = 0; i < labels.length; i++) {
      checkLabel(labels[i], c);
      total += logSumExp(x, i * c, c) - x[i * c + labels[i]];
    }
    return total / labels.length;
  }

  // ---------------------------------------------------------------------------------------------
  // L2 penalty.

  /**
   * The L2 penalty (λ/2)·Σ w², whose gradient in w is λ·w (weight decay λ).
   *
   * @param weights the weights penalised
   * @param lambda the strength λ of the penalty
   * @return (λ/2)·Σ w²
   */
  public static double l2(double[] weights, double lambda) {
    double s = 0.0;
    for (double w : weights) {
      s += w * w;
    }
    return 0.5 * lambda * s;
  }

  /**
   * The L2 penalty (λ/2)·Σ w² over all elements.
   *
   * @param weights the weights penalised
   * @param lambda the strength λ of the penalty
   * @return (λ/2)·Σ w²
   */
  public static double l2(Tensor weights, double lambda) {
    return l2(weights.toArray(), lambda);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers, shared with the pullbacks.

  static double logSumExp(double[] x, int from, int n) {
    double m = max(x, from, n);
    if (Double.isInfinite(m)) {
      return m;
    }
    double s = 0.0;
    for (int i = from; i < from + n; i++) {
      s += Math.exp(x[i] - m);
    }
    return m + Math.log(s);
  }

  /** The maximum of {@code x[from, from + n)}, NaN if any is NaN, -inf if there are none. */
  private static double max(double[] x, int from, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = from; i < from + n; i++) {
      if (x[i] > m || x[i] != x[i]) {
        m = x[i];
      }
    }
    return m;
  }

  /**
   * The softmax of {@code x[from, from + n)} into {@code out}: exp(x - max) / Σ exp(x - max), which
   * sums to 1 up to rounding. (Not exp(x - logSumExp(x)): max + log Σ rounds to the precision of
   * max, so for logits near 1e6 the probabilities summed to 1 ± 1e-10, and the cross-entropy's
   * gradient, which is 0 along equal logits, was not.)
   */
  static void softmax(double[] x, int from, int n, double[] out) {
    double m = max(x, from, n);
    if (Double.isInfinite(m)) {
      // All -inf, or some +inf: exp(x - logSumExp(x)) as before (NaN, or 0 and NaN).
      for (int i = from; i < from + n; i++) {
        out[i] = Math.exp(x[i] - m);
      }
      return;
    }
    double s = 0.0;
    for (int i = from; i < from + n; i++) {
      out[i] = Math.exp(x[i] - m);
      s += out[i];
    }
    for (int i = from; i < from + n; i++) {
      out[i] /= s;
    }
  }

  static void checkLengths(double[] a, double[] b, String loss) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          loss + ": arrays of lengths " + a.length + " and " + b.length + " differ");
    }
  }

  static void checkShapes(Tensor a, Tensor b, String loss) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(
          loss
              + ": shapes "
              + Arrays.toString(a.shape())
              + " and "
              + Arrays.toString(b.shape())
              + " differ");
    }
  }

  static void checkLabel(int label, int classes) {
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException(
          "label " + label + " is out of range for " + classes + " classes");
    }
  }

  static int[] checkLogits(Tensor logits, int[] labels) {
    int[] s = logits.shape();
    if (s.length != 2 || s[0] != labels.length) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy needs logits of shape [batch, classes] with batch = "
              + labels.length
              + " (the number of labels), got shape "
              + Arrays.toString(s));
    }
    return s;
  }
}
