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

import dev.adjoint.PullbackOf;
import dev.adjoint.tensor.Tensor;

/**
 * The pullbacks of {@link Losses}, declared with {@link PullbackOf}: each takes the loss's
 * parameters and the seed (a {@code double}, the losses being scalars) and returns the seed pulled
 * back to the prediction, logits or weights (and to λ for the L2 penalty). Targets and labels are
 * not differentiated.
 */
public final class LossesPullbacks {
  private LossesPullbacks() {}

  /**
   * The pullback of {@link Losses#mseSum} with respect to {@code prediction}.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same length
   * @param seed the seed: the cotangent of {@code mseSum}'s result
   * @return the seed pulled back to {@code prediction}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂prediction, of {@code prediction}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "mseSum", wrt = "prediction")
  public static double[] mseSumPrediction(double[] prediction, double[] target, double seed) {
    return scaledDifference(prediction, target, 2.0 * seed, "mseSum");
  }

  /**
   * The pullback of {@link Losses#mseMean} with respect to {@code prediction}.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same length
   * @param seed the seed: the cotangent of {@code mseMean}'s result
   * @return the seed pulled back to {@code prediction}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂prediction, of {@code prediction}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "mseMean", wrt = "prediction")
  public static double[] mseMeanPrediction(double[] prediction, double[] target, double seed) {
    return scaledDifference(prediction, target, 2.0 * seed / prediction.length, "mseMean");
  }

  /**
   * The pullback of {@link Losses#mseSum} with respect to {@code prediction}.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same shape
   * @param seed the seed: the cotangent of {@code mseSum}'s result
   * @return the seed pulled back to {@code prediction}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂prediction, of {@code prediction}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "mseSum", wrt = "prediction")
  public static Tensor mseSumPrediction(Tensor prediction, Tensor target, double seed) {
    Losses.checkShapes(prediction, target, "mseSum");
    return shaped(
        mseSumPrediction(prediction.toArray(), target.toArray(), seed), prediction.shape());
  }

  /**
   * The pullback of {@link Losses#mseMean} with respect to {@code prediction}.
   *
   * @param prediction the model's outputs
   * @param target the values they should have, of the same shape
   * @param seed the seed: the cotangent of {@code mseMean}'s result
   * @return the seed pulled back to {@code prediction}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂prediction, of {@code prediction}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "mseMean", wrt = "prediction")
  public static Tensor mseMeanPrediction(Tensor prediction, Tensor target, double seed) {
    Losses.checkShapes(prediction, target, "mseMean");
    return shaped(
        mseMeanPrediction(prediction.toArray(), target.toArray(), seed), prediction.shape());
  }

  /**
   * {@code data} in {@code shape}, also when the shape is {@code []} (a rank-0 prediction), which
   * {@link Tensor#of} would read as "no shape: a vector".
   */
  private static Tensor shaped(double[] data, int[] shape) {
    return Tensor.of(data, shape).reshape(shape);
  }

  private static double[] scaledDifference(double[] p, double[] t, double scale, String loss) {
    Losses.checkLengths(p, t, loss);
    double[] g = new double[p.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = scale * (p[i] - t[i]);
    }
    return g;
  }

  /**
   * seed·(sigmoid(x) - t)/n.
   *
   * @param logits the model's outputs before the sigmoid, any real numbers
   * @param targets the probabilities of the positive class, in [0, 1], of the same length
   * @param seed the seed: the cotangent of {@code bceWithLogits}'s result
   * @return the seed pulled back to {@code logits}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂logits, of {@code logits}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "bceWithLogits", wrt = "logits")
  public static double[] bceWithLogitsLogits(double[] logits, double[] targets, double seed) {
    Losses.checkLengths(logits, targets, "bceWithLogits");
    double scale = seed / logits.length;
    double[] g = new double[logits.length];
    for (int i = 0; i < g.length; i++) {
      double x = logits[i];
      double s;
      if (x >= 0) {
        s = 1.0 / (1.0 + Math.exp(-x));
      } else {
        double e = Math.exp(x);
        s = e / (1.0 + e);
      }
      g[i] = scale * (s - targets[i]);
    }
    return g;
  }

  /**
   * The pullback of {@link Losses#bceWithLogits} with respect to {@code logits}.
   *
   * @param logits the model's outputs before the sigmoid
   * @param targets the probabilities of the positive class, in [0, 1], of the same shape
   * @param seed the seed: the cotangent of {@code bceWithLogits}'s result
   * @return the seed pulled back to {@code logits}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂logits, of {@code logits}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "bceWithLogits", wrt = "logits")
  public static Tensor bceWithLogitsLogits(Tensor logits, Tensor targets, double seed) {
    Losses.checkShapes(logits, targets, "bceWithLogits");
    return shaped(bceWithLogitsLogits(logits.toArray(), targets.toArray(), seed), logits.shape());
  }

  /**
   * seed·(softmax(logits) - onehot(label)).
   *
   * @param logits one score per class, before the softmax
   * @param label the index of the true class, in [0, logits.length)
   * @param seed the seed: the cotangent of {@code softmaxCrossEntropy}'s result
   * @return the seed pulled back to {@code logits}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂logits, of {@code logits}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "softmaxCrossEntropy", wrt = "logits")
  public static double[] softmaxCrossEntropyLogits(double[] logits, int label, double seed) {
    Losses.checkLabel(label, logits.length);
    double[] g = new double[logits.length];
    Losses.softmax(logits, 0, logits.length, g);
    g[label] -= 1.0;
    for (int i = 0; i < g.length; i++) {
      g[i] *= seed;
    }
    return g;
  }

  /**
   * Row i: seed·(softmax(logits[i]) - onehot(labels[i]))/batch.
   *
   * @param logits one row of class scores per example, before the softmax
   * @param labels the index of each example's true class
   * @param seed the seed: the cotangent of {@code softmaxCrossEntropy}'s result
   * @return the seed pulled back to {@code logits}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂logits, of {@code logits}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "softmaxCrossEntropy", wrt = "logits")
  public static double[][] softmaxCrossEntropyLogits(double[][] logits, int[] labels, double seed) {
    if (logits.length != labels.length) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy: "
              + logits.length
              + " rows of logits but "
              + labels.length
              + " labels");
    }
    double[][] g = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      g[i] = softmaxCrossEntropyLogits(logits[i], labels[i], seed / logits.length);
    }
    return g;
  }

  /**
   * The pullback of {@link Losses#softmaxCrossEntropy} with respect to {@code logits}.
   *
   * @param logits the class scores before the softmax, of shape {@code [batch, classes]}
   * @param labels the index of each example's true class
   * @param seed the seed: the cotangent of {@code softmaxCrossEntropy}'s result
   * @return the seed pulled back to {@code logits}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂logits, of {@code logits}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "softmaxCrossEntropy", wrt = "logits")
  public static Tensor softmaxCrossEntropyLogits(Tensor logits, int[] labels, double seed) {
    int[] s = Losses.checkLogits(logits, labels);
    int c = s[1];
    double[] x = logits.toArray();
    double[] g = new double[x.length];
    double scale = seed / labels.length;
    for (int i = 0; i < labels.length; i++) {
      Losses.checkLabel(labels[i], c);
      Losses.softmax(x, i * c, c, g);
      g[i * c + labels[i]] -= 1.0;
      for (int j = i * c; j < (i + 1) * c; j++) {
        g[j] *= scale;
      }
    }
    return Tensor.of(g, s);
  }

  /**
   * seed·λ·w.
   *
   * @param weights the weights penalised
   * @param lambda the strength λ of the penalty
   * @param seed the seed: the cotangent of {@code l2}'s result
   * @return the seed pulled back to {@code weights}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂weights, of {@code weights}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "l2", wrt = "weights")
  public static double[] l2Weights(double[] weights, double lambda, double seed) {
    double[] g = new double[weights.length];
    double scale = seed * lambda;
    for (int i = 0; i < g.length; i++) {
      g[i] = scale * weights[i];
    }
    return g;
  }

  /**
   * seed·Σw²/2.
   *
   * @param weights the weights penalised
   * @param lambda the strength λ of the penalty
   * @param seed the seed: the cotangent of {@code l2}'s result
   * @return {@code seed} times the derivative of {@code l2}'s result with respect to {@code lambda}
   */
  @PullbackOf(type = Losses.class, method = "l2", wrt = "lambda")
  public static double l2Lambda(double[] weights, double lambda, double seed) {
    return seed * Losses.l2(weights, 1.0);
  }

  /**
   * The pullback of {@link Losses#l2} with respect to {@code weights}.
   *
   * @param weights the weights penalised
   * @param lambda the strength λ of the penalty
   * @param seed the seed: the cotangent of {@code l2}'s result
   * @return the seed pulled back to {@code weights}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂weights, of {@code weights}'s type and shape
   */
  @PullbackOf(type = Losses.class, method = "l2", wrt = "weights")
  public static Tensor l2Weights(Tensor weights, double lambda, double seed) {
    return weights.mul(seed * lambda);
  }

  /**
   * The pullback of {@link Losses#l2} with respect to {@code lambda}.
   *
   * @param weights the weights penalised
   * @param lambda the strength λ of the penalty
   * @param seed the seed: the cotangent of {@code l2}'s result
   * @return {@code seed} times the derivative of {@code l2}'s result with respect to {@code lambda}
   */
  @PullbackOf(type = Losses.class, method = "l2", wrt = "lambda")
  public static double l2Lambda(Tensor weights, double lambda, double seed) {
    return seed * Losses.l2(weights, 1.0);
  }
}
