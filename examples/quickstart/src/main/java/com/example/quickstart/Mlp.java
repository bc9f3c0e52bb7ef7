package com.example.quickstart;

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Losses;
import dev.adjoint.tensor.Tensor;
import java.util.Random;

/**
 * A multi-layer perceptron as a record of its four tensors: x (n × 2) → tanh(dense) (n × hidden) →
 * dense → scores for 2 classes, trained on softmax cross-entropy. Adjoint generates {@code
 * MlpAdjoint.lossGradient}, whose {@code .self()} is an {@code Mlp} of the gradients, each of its
 * tensor's shape; an optimizer steps the whole record in one call.
 *
 * @param w1 the first layer's weights, inputs × hidden
 * @param b1 the first layer's bias
 * @param w2 the second layer's weights, hidden × classes
 * @param b2 the second layer's bias
 */
public record Mlp(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
  /** Random weights (Xavier uniform) and zero biases. */
  public static Mlp init(Random rng, int inputs, int hidden, int classes) {
    return new Mlp(
        Tensor.xavierUniform(rng, inputs, hidden),
        Tensor.zeros(hidden),
        Tensor.xavierUniform(rng, hidden, classes),
        Tensor.zeros(classes));
  }

  /** The mean softmax cross-entropy of the labels (0 or 1) under the network's scores. */
  @Differentiable(wrt = "this") // differentiate the model, not the data
  public double loss(Tensor x, int[] labels) {
    Tensor hidden = Layers.dense(x, w1, b1).tanh();
    return Losses.softmaxCrossEntropy(Layers.dense(hidden, w2, b2), labels);
  }

  /** The network's scores (one row per point, one column per class). */
  public Tensor scores(Tensor x) {
    return Layers.dense(Layers.dense(x, w1, b1).tanh(), w2, b2);
  }
}
