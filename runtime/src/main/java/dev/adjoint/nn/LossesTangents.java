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

import dev.adjoint.TangentOf;
import dev.adjoint.tensor.Tensor;

/**
 * The tangent rules of {@link Losses}, declared with {@link TangentOf}: each takes the loss's
 * parameters, then one tangent per differentiable parameter (predictions or logits, targets,
 * weights, λ; labels get none), and returns the directional derivative of the loss, a {@code
 * double}. A {@code null} array or tensor tangent is zero.
 *
 * <p>Unlike the pullbacks, which treat targets as data, the rules also differentiate the targets
 * exactly (reverse mode refuses a target that carries a derivative, so generated code never passes
 * one).
 */
public final class LossesTangents {
  private LossesTangents() {}

  private static double[] orNull(Tensor t) {
    return t == null ? null : t.toArray();
  }

  /**
   * Σ 2(p - t)(pDot - tDot), the null tangents left out.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same length
   * @param predictionDot the tangent of {@code prediction}, of its shape ({@code null} for zero)
   * @param targetDot the tangent of {@code target}, of its shape ({@code null} for zero)
   * @return the tangent of {@code mseSum}'s result
   */
  @TangentOf(type = Losses.class, method = "mseSum")
  public static double mseSum(
      double[] prediction, double[] target, double[] predictionDot, double[] targetDot) {
    Losses.checkLengths(prediction, target, "mseSum");
    double s = 0.0;
    for (int i = 0; i < prediction.length; i++) {
      double d =
          (predictionDot == null ? 0.0 : predictionDot[i])
              - (targetDot == null ? 0.0 : targetDot[i]);
      s += 2.0 * (prediction[i] - target[i]) * d;
    }
    return s;
  }

  /**
   * The tangent rule of {@link Losses#mseMean}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same length
   * @param predictionDot the tangent of {@code prediction}, of its shape ({@code null} for zero)
   * @param targetDot the tangent of {@code target}, of its shape ({@code null} for zero)
   * @return the tangent of {@code mseMean}'s result
   */
  @TangentOf(type = Losses.class, method = "mseMean")
  public static double mseMean(
      double[] prediction, double[] target, double[] predictionDot, double[] targetDot) {
    return mseSum(prediction, target, predictionDot, targetDot) / prediction.length;
  }

  /**
   * The tangent rule of {@link Losses#mseSum}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same shape
   * @param predictionDot the tangent of {@code prediction}, of its shape ({@code null} for zero)
   * @param targetDot the tangent of {@code target}, of its shape ({@code null} for zero)
   * @return the tangent of {@code mseSum}'s result
   */
  @TangentOf(type = Losses.class, method = "mseSum")
  public static double mseSum(
      Tensor prediction, Tensor target, Tensor predictionDot, Tensor targetDot) {
    Losses.checkShapes(prediction, target, "mseSum");
    return mseSum(prediction.toArray(), target.toArray(), orNull(predictionDot), orNull(targetDot));
  }

  /**
   * The tangent rule of {@link Losses#mseMean}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same shape
   * @param predictionDot the tangent of {@code prediction}, of its shape ({@code null} for zero)
   * @param targetDot the tangent of {@code target}, of its shape ({@code null} for zero)
   * @return the tangent of {@code mseMean}'s result
   */
  @TangentOf(type = Losses.class, method = "mseMean")
  public static double mseMean(
      Tensor prediction, Tensor target, Tensor predictionDot, Tensor targetDot) {
    Losses.checkShapes(prediction, target, "mseMean");
    return mseMean(
        prediction.toArray(), target.toArray(), orNull(predictionDot), orNull(targetDot));
  }

  /**
   * Σ ((sigmoid(x) - t)·xDot - x·tDot) / n.
   *
   * @param logits the model's outputs before the sigmoid, any real numbers
   * @param targets the probabilities of the positive class, in [0, 1], of the same length
   * @param logitsDot the tangent of {@code logits}, of its shape ({@code null} for zero)
   * @param targetsDot the tangent of {@code targets}, of its shape ({@code null} for zero)
   * @return the tangent of {@code bceWithLogits}'s result
   */
  @TangentOf(type = Losses.class, method = "bceWithLogits")
  public static double bceWithLogits(
      double[] logits, double[] targets, double[] logitsDot, double[] targetsDot) {
    Losses.checkLengths(logits, targets, "bceWithLogits");
    double s = 0.0;
    for (int i = 0; i < logits.length; i++) {
      double x = logits[i];
      if (logitsDot != null) {
        double sigmoid;
        if (x >= 0) {
          sigmoid = 1.0 / (1.0 + Math.exp(-x));
        } else {
          double e = Math.exp(x);
          sigmoid = e / (1.0 + e);
        }
        s += (sigmoid - targets[i]) * logitsDot[i];
      }
      if (targetsDot != null) {
        s -= x * targetsDot[i];
      }
    }
    return s / logits.length;
  }

  /**
   * The tangent rule of {@link Losses#bceWithLogits}: the directional derivative of its result
   * along the tangents of its inputs.
   *
   * @param logits the model's outputs before the sigmoid
   * @param targets the probabilities of the positive class, in [0, 1], of the same shape
   * @param logitsDot the tangent of {@code logits}, of its shape ({@code null} for zero)
   * @param targetsDot the tangent of {@code targets}, of its shape ({@code null} for zero)
   * @return the tangent of {@code bceWithLogits}'s result
   */
  @TangentOf(type = Losses.class, method = "bceWithLogits")
  public static double bceWithLogits(
      Tensor logits, Tensor targets, Tensor logitsDot, Tensor targetsDot) {
    Losses.checkShapes(logits, targets, "bceWithLogits");
    return bceWithLogits(
        logits.toArray(), targets.toArray(), orNull(logitsDot), orNull(targetsDot));
  }

  /** Σ (softmax(x) - onehot(label))·xDot over x[from, from + n). */
  private static double crossEntropyTangent(
      double[] x, int from, int n, int label, double[] xDot, double[] softmax) {
    Losses.softmax(x, from, n, softmax);
    double s = -xDot[from + label];
    for (int i = from; i < from + n; i++) {
      s += softmax[i] * xDot[i];
    }
    return s;
  }

  /**
   * The tangent rule of {@link Losses#softmaxCrossEntropy}: the directional derivative of its
   * result along the tangents of its inputs.
   *
   * @param logits one score per class, before the softmax
   * @param label the index of the true class, in [0, logits.length)
   * @param logitsDot the tangent of {@code logits}, of its shape ({@code null} for zero)
   * @return the tangent of {@code softmaxCrossEntropy}'s result
   */
  @TangentOf(type = Losses.class, method = "softmaxCrossEntropy")
  public static double softmaxCrossEntropy(double[] logits, int label, double[] logitsDot) {
    Losses.checkLabel(label, logits.length);
    return logitsDot == null
        ? 0.0
        : crossEntropyTangent(
            logits, 0, logits.length, label, logitsDot, new double[logits.length]);
  }

  /**
   * The mean over the rows of {@link #softmaxCrossEntropy(double[], int, double[])}.
   *
   * @param logits one row of class scores per example, before the softmax
   * @param labels the index of each example's true class
   * @param logitsDot the tangent of {@code logits}, of its shape ({@code null} for zero)
   * @return the tangent of {@code softmaxCrossEntropy}'s result
   */
  @TangentOf(type = Losses.class, method = "softmaxCrossEntropy")
  public static double softmaxCrossEntropy(double[][] logits, int[] labels, double[][] logitsDot) {
    if (logits.length != labels.length) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy: "
              + logits.length
              + " rows of logits but "
              + labels.length
              + " labels");
    }
    if (logitsDot == null) {
      return 0.0;
    }
    double s = 0.0;
    for (int i = 0; i < logits.length; i++) {
      s += softmaxCrossEntropy(logits[i], labels[i], logitsDot[i]);
    }
    return s / logits.length;
  }

  /**
   * The tangent rule of {@link Losses#softmaxCrossEntropy}: the directional derivative of its
   * result along the tangents of its inputs.
   *
   * @param logits the class scores before the softmax, of shape {@code [batch, classes]}
   * @param labels the index of each example's true class
   * @param logitsDot the tangent of {@code logits}, of its shape ({@code null} for zero)
   * @return the tangent of {@code softmaxCrossEntropy}'s result
   */
  @TangentOf(type = Losses.class, method = "softmaxCrossEntropy")
  public static double softmaxCrossEntropy(Tensor logits, int[] labels, Tensor logitsDot) {
    int[] shape = Losses.checkLogits(logits, labels);
    int c = shape[1];
    if (logitsDot == null) {
      return 0.0;
    }
    double[] x = logits.toArray();
    double[] v = logitsDot.toArray();
    double[] softmax = new double[x.length];
    double s = 0.0;
    for (int i = 0; i < labels.length; i++) {
      Losses.checkLabel(labels[i], c);
      s += crossEntropyTangent(x, i * c, c, labels[i], v, softmax);
    }
    return s / labels.length;
  }

  /**
   * λ·Σ w·wDot + λDot·Σ w²/2.
   *
   * @param weights the weights penalised
   * @param lambda the strength λ of the penalty
   * @param weightsDot the tangent of {@code weights}, of its shape ({@code null} for zero)
   * @param lambdaDot the tangent of {@code lambda} (0 for zero)
   * @return the tangent of {@code l2}'s result
   */
  @TangentOf(type = Losses.class, method = "l2")
  public static double l2(double[] weights, double lambda, double[] weightsDot, double lambdaDot) {
    double s = 0.0;
    if (weightsDot != null) {
      for (int i = 0; i < weights.length; i++) {
        s += weights[i] * weightsDot[i];
      }
      s *= lambda;
    }
    return lambdaDot == 0.0 ? s : s + lambdaDot * Losses.l2(weights, 1.0);
  }

  /**
   * The tangent rule of {@link Losses#l2}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param weights the weights penalised
   * @param lambda the strength λ of the penalty
   * @param weightsDot the tangent of {@code weights}, of its shape ({@code null} for zero)
   * @param lambdaDot the tangent of {@code lambda} (0 for zero)
   * @return the tangent of {@code l2}'s result
   */
  @TangentOf(type = Losses.class, method = "l2")
  public static double l2(Tensor weights, double lambda, Tensor weightsDot, double lambdaDot) {
    return l2(weights.toArray(), lambda, orNull(weightsDot), lambdaDot);
  }
}
