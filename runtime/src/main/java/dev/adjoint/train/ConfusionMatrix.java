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

/**
 * Counts of predictions by actual and predicted class: {@code count(actual, predicted)} is the
 * number of examples of class {@code actual} predicted as {@code predicted} (rows are actual
 * classes, columns predicted ones, as in scikit-learn's {@code confusion_matrix}). With it, the
 * per-class precision, recall and F1 score, and their macro averages.
 */
public final class ConfusionMatrix {
  private final long[][] counts;
  private final long total;

  private ConfusionMatrix(long[][] counts, long total) {
    this.counts = counts;
    this.total = total;
  }

  /**
   * The matrix of {@code predicted} against {@code labels}, both classes in {@code [0, classes)}.
   *
   * @param classes the number of classes, 1 or more
   * @param predicted the predicted class of each example
   * @param labels the true class of each example
   * @return the matrix
   * @throws IllegalArgumentException if the lengths differ or are 0, or a class is out of range
   */
  public static ConfusionMatrix of(int classes, int[] predicted, int[] labels) {
    if (classes < 1) {
      throw new IllegalArgumentException("need at least one class, got " + classes);
    }
    Metrics.checkLengths(predicted.length, labels.length, "predictions", "labels");
    long[][] counts = new long[classes][classes];
    for (int i = 0; i < labels.length; i++) {
      Metrics.checkLabel(labels[i], classes, i);
      Metrics.checkLabel(predicted[i], classes, i);
      counts[labels[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(counts, labels.length);
  }

  /**
   * The matrix of the largest score of each row of {@code scores} (n × classes) against labels.
   *
   * @param scores one row of class scores per example, of shape [n, classes]
   * @param labels the true class of each example
   * @return the matrix
   * @throws IllegalArgumentException if scores is not a matrix, the numbers of examples differ, or
   *     a label is out of range
   */
  public static ConfusionMatrix of(Tensor scores, int[] labels) {
    return of(scores.shape()[1], Metrics.argmax(scores), labels);
  }

  /**
   * The number of classes.
   *
   * @return the number of classes
   */
  public int classes() {
    return counts.length;
  }

  /**
   * The number of examples of class {@code actual} predicted as {@code predicted}.
   *
   * @param actual the true class
   * @param predicted the predicted class
   * @return the number of such examples
   */
  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /**
   * The number of examples counted.
   *
   * @return the number of examples
   */
  public long total() {
    return total;
  }

  /**
   * The counts, rows actual classes and columns predicted ones (a copy).
   *
   * @return a new matrix of counts
   */
  public long[][] toArray() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /**
   * The fraction of examples on the diagonal.
   *
   * @return the accuracy, in [0, 1]
   */
  public double accuracy() {
    long right = 0;
    for (int c = 0; c < counts.length; c++) {
      right += counts[c][c];
    }
    return (double) right / total;
  }

  /**
   * Of the examples predicted as {@code c}, the fraction that are {@code c}; NaN if none are.
   *
   * @param c a class
   * @return the precision of {@code c}, in [0, 1], or NaN
   */
  public double precision(int c) {
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[c];
    }
    return predicted == 0 ? Double.NaN : (double) counts[c][c] / predicted;
  }

  /**
   * Of the examples of class {@code c}, the fraction predicted as {@code c}; NaN if there are none.
   *
   * @param c a class
   * @return the recall of {@code c}, in [0, 1], or NaN
   */
  public double recall(int c) {
    long actual = 0;
    for (long n : counts[c]) {
      actual += n;
    }
    return actual == 0 ? Double.NaN : (double) counts[c][c] / actual;
  }

  /**
   * The harmonic mean of precision and recall of class {@code c}, 2TP / (2TP + FP + FN); NaN when
   * the class is neither present nor predicted.
   *
   * @param c a class
   * @return the F1 score of {@code c}, in [0, 1], or NaN
   */
  public double f1(int c) {
    long tp = counts[c][c];
    long fp = 0;
    long fn = 0;
    for (int k = 0; k < counts.length; k++) {
      if (k != c) {
        fp += counts[k][c];
        fn += counts[c][k];
      }
    }
    long denominator = 2 * tp + fp + fn;
    return denominator == 0 ? Double.NaN : 2.0 * tp / denominator;
  }

  /**
   * The mean of {@link #f1(int)} over the classes that are present or predicted.
   *
   * @return the macro-averaged F1 score, in [0, 1]
   */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < counts.length; c++) {
      double f = f1(c);
      if (!Double.isNaN(f)) {
        sum += f;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The matrix as a table, actual classes down and predicted ones across. */
  @Override
  public String toString() {
    int width =
        Math.max(String.valueOf(total).length(), String.valueOf(counts.length - 1).length());
    String cell = "%" + (width + 1) + "s";
    StringBuilder sb = new StringBuilder("actual\\predicted");
    sb.append(System.lineSeparator());
    sb.append(String.format(cell, ""));
    for (int c = 0; c < counts.length; c++) {
      sb.append(String.format(cell, c));
    }
    for (int a = 0; a < counts.length; a++) {
      sb.append(System.lineSeparator()).append(String.format(cell, a));
      for (int p = 0; p < counts.length; p++) {
        sb.append(String.format(cell, counts[a][p]));
      }
    }
    return sb.toString();
  }
}
