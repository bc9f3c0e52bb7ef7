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

import dev.adjoint.tensor.Tensor;
import java.util.Objects;

/**
 * Evaluation metrics over predictions and targets held in arrays or tensors: accuracy, mean squared
 * and mean absolute error, log loss (binary and multi-class) and the index of the largest score of
 * each row ({@link #argmax}). {@link ConfusionMatrix} counts predictions by class. These are for
 * reporting, not for differentiating: the differentiable losses are in {@code
 * dev.adjoint.nn.Losses}.
 *
 * <p>Every method checks that its arguments have matching lengths and are not empty, and throws
 * {@link IllegalArgumentException} otherwise; class labels must lie in {@code [0, classes)}.
 */
public final class Metrics {
  /**
   * The clipping of probabilities in {@link #logLoss}: p is taken as {@code min(max(p, EPS), 1 -
   * EPS)}, so a confident wrong prediction costs {@code -ln(1e-15) ≈ 34.5} instead of infinity.
   */
  public static final double EPS = 1e-15;

  private Metrics() {}

  /**
   * The fraction of positions where {@code predicted[i] == labels[i]}.
   *
   * @param predicted the predicted class of each example
   * @param labels the true class of each example
   * @return the accuracy, in [0, 1]
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double accuracy(int[] predicted, int[] labels) {
    checkLengths(predicted.length, labels.length, "predictions", "labels");
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        right++;
      }
    }
    return (double) right / labels.length;
  }

  /**
   * The accuracy of the class with the largest score in each row of {@code scores} (n × classes
   * logits or probabilities, either works: the largest is the same), against {@code labels}.
   *
   * @param scores one row of class scores per example, of shape [n, classes]
   * @param labels the true class of each example
   * @return the accuracy, in [0, 1]
   * @throws IllegalArgumentException if scores is not a matrix, or the numbers of examples differ
   */
  public static double accuracy(Tensor scores, int[] labels) {
    return accuracy(argmax(scores), labels);
  }

  /**
   * The accuracy of binary predictions: example i is predicted positive when {@code scores[i] >
   * threshold} (0.5 for probabilities, 0 for logits); {@code labels} are 0 or 1.
   *
   * @param scores each example's score: a probability or a logit
   * @param labels each example's class, 0 or 1
   * @param threshold the score above which an example is predicted positive
   * @return the accuracy, in [0, 1]
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double binaryAccuracy(double[] scores, int[] labels, double threshold) {
    checkLengths(scores.length, labels.length, "scores", "labels");
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      checkBinary(labels[i], i);
      int p = scores[i] > threshold ? 1 : 0;
      if (p == labels[i]) {
        right++;
      }
    }
    return (double) right / labels.length;
  }

  /**
   * The index of the largest element of each row of a rank-2 tensor (the first one on ties).
   *
   * @param scores a matrix of scores, one row per example
   * @return the predicted class of each row
   * @throws IllegalArgumentException if scores is not a matrix
   */
  public static int[] argmax(Tensor scores) {
    Objects.requireNonNull(scores, "scores");
    int[] shape = scores.shape();
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          "argmax needs scores of shape [n, classes], got rank " + shape.length);
    }
    return argmaxRows(scores.toArray(), shape[0], shape[1]);
  }

  /**
   * The index of the largest element of each row (the first one on ties).
   *
   * @param scores the scores, one row per example
   * @return the predicted class of each row
   */
  public static int[] argmax(double[][] scores) {
    int[] out = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      if (scores[i].length == 0) {
        throw new IllegalArgumentException("row " + i + " is empty");
      }
      out[i] = argmax(scores[i], 0, scores[i].length);
    }
    return out;
  }

  private static int[] argmaxRows(double[] flat, int rows, int columns) {
    if (columns == 0) {
      throw new IllegalArgumentException("scores have no columns");
    }
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = argmax(flat, i * columns, columns);
    }
    return out;
  }

  private static int argmax(double[] a, int from, int length) {
    int best = 0;
    double max = a[from];
    for (int j = 1; j < length; j++) {
      if (a[from + j] > max) {
        max = a[from + j];
        best = j;
      }
    }
    return best;
  }

  /**
   * Σ (predicted_i − target_i)² / n.
   *
   * @param predicted the predictions
   * @param target the true values, of the same length
   * @return the mean squared error
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double meanSquaredError(double[] predicted, double[] target) {
    checkLengths(predicted.length, target.length, "predictions", "targets");
    double sum = 0;
    for (int i = 0; i < target.length; i++) {
      double d = predicted[i] - target[i];
      sum += d * d;
    }
    return sum / target.length;
  }

  /**
   * {@link #meanSquaredError(double[], double[])} over all elements of two tensors of one shape.
   *
   * @param predicted the predictions
   * @param target the true values, of the same shape
   * @return the mean squared error
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double meanSquaredError(Tensor predicted, Tensor target) {
    checkShapes(predicted, target);
    return meanSquaredError(predicted.toArray(), target.toArray());
  }

  /**
   * Σ |predicted_i − target_i| / n.
   *
   * @param predicted the predictions
   * @param target the true values, of the same length
   * @return the mean absolute error
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double meanAbsoluteError(double[] predicted, double[] target) {
    checkLengths(predicted.length, target.length, "predictions", "targets");
    double sum = 0;
    for (int i = 0; i < target.length; i++) {
      sum += Math.abs(predicted[i] - target[i]);
    }
    return sum / target.length;
  }

  /**
   * Binary log loss (cross-entropy) of probabilities {@code p[i]} that example i is positive,
   * against labels 0 or 1: −Σ (y ln p + (1 − y) ln(1 − p)) / n, with p clipped to [{@link #EPS}, 1
   * − EPS] (scikit-learn's {@code log_loss}).
   *
   * @param probabilities each example's predicted probability of the positive class
   * @param labels each example's class, 0 or 1
   * @return the mean log loss, in nats
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double logLoss(double[] probabilities, int[] labels) {
    checkLengths(probabilities.length, labels.length, "probabilities", "labels");
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      checkBinary(labels[i], i);
      double p = clip(probabilities[i]);
      sum -= labels[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / labels.length;
  }

  /**
   * Multi-class log loss of the rows of {@code probabilities} (n × classes, each row a
   * distribution): −Σ ln p[i][labels[i]] / n, with p clipped to [{@link #EPS}, 1 − EPS]. For
   * logits, pass {@code logits.softmax(1)}.
   *
   * @param probabilities one distribution over the classes per row, of shape [n, classes]
   * @param labels the true class of each example
   * @return the mean log loss, in nats
   * @throws IllegalArgumentException if probabilities is not a matrix, the numbers of examples
   *     differ, or a label is not a class
   */
  public static double logLoss(Tensor probabilities, int[] labels) {
    int[] shape = probabilities.shape();
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          "logLoss needs probabilities of shape [n, classes], got rank " + shape.length);
    }
    checkLengths(shape[0], labels.length, "rows of probabilities", "labels");
    double[] p = probabilities.toArray();
    int classes = shape[1];
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      checkLabel(labels[i], classes, i);
      sum -= Math.log(clip(p[i * classes + labels[i]]));
    }
    return sum / labels.length;
  }

  /**
   * {@link #logLoss(Tensor, int[])} over rows given as arrays.
   *
   * @param probabilities one distribution over the classes per row
   * @param labels the true class of each example
   * @return the mean log loss, in nats
   * @throws IllegalArgumentException if the numbers of examples differ, or a label is not a class
   */
  public static double logLoss(double[][] probabilities, int[] labels) {
    checkLengths(probabilities.length, labels.length, "rows of probabilities", "labels");
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      checkLabel(labels[i], probabilities[i].length, i);
      sum -= Math.log(clip(probabilities[i][labels[i]]));
    }
    return sum / labels.length;
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, EPS), 1 - EPS);
  }

  static void checkLengths(int a, int b, String what, String against) {
    if (a != b) {
      throw new IllegalArgumentException(
          a + " " + what + " for " + b + " " + against + ": the lengths must be equal");
    }
    if (a == 0) {
      throw new IllegalArgumentException("no " + what + ": a metric needs at least one example");
    }
  }

  private static void checkShapes(Tensor a, Tensor b) {
    if (!java.util.Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(
          "shapes "
              + java.util.Arrays.toString(a.shape())
              + " and "
              + java.util.Arrays.toString(b.shape())
              + " differ");
    }
  }

  private static void checkBinary(int label, int i) {
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("label " + label + " at " + i + " is not 0 or 1");
    }
  }

  static void checkLabel(int label, int classes, int i) {
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException(
          "label " + label + " at " + i + " is not a class in [0, " + classes + ")");
    }
  }
}
