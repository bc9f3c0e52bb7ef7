package dev.adjoint.samples.adbench;

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Losses;
import dev.adjoint.tensor.Tensor;

/** A 784-128-10 perceptron with a ReLU hidden layer and softmax cross-entropy, on tensors. */
public final class Mlp {
  private Mlp() {}

  /** The mean softmax cross-entropy of the batch {@code x} (batch × 784) against its labels. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int[] labels) {
    Tensor hidden = x.matmul(w1).add(b1).relu();
    return Losses.softmaxCrossEntropy(hidden.matmul(w2).add(b2), labels);
  }
}
