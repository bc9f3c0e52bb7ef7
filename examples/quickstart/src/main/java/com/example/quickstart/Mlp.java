package com.example.quickstart;

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Losses;
import dev.adjoint.tensor.Tensor;

/**
 * A multi-layer perceptron over tensors: x (n × 2) → tanh(x w1 + b1) (n × hidden) → scores for 2
 * classes, trained on softmax cross-entropy. Adjoint generates {@code MlpAdjoint.lossGradient},
 * whose record holds one {@code Tensor} gradient per weight, each of its weight's shape.
 */
public final class Mlp {
  private Mlp() {}

  /** The mean softmax cross-entropy of the labels (0 or 1) under the network's scores. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int[] labels) {
    Tensor hidden = x.matmul(w1).add(b1).tanh();
    return Losses.softmaxCrossEntropy(hidden.matmul(w2).add(b2), labels);
  }

  /** The network's scores (one row per point, one column per class). */
  public static Tensor scores(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x) {
    return x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
  }
}
