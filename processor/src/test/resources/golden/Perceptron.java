package golden;

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Losses;
import dev.adjoint.tensor.Tensor;

class Perceptron {
  @Differentiable(wrt = {"w1", "b1", "w2", "lambda"})
  static double loss(Tensor w1, Tensor b1, Tensor w2, double lambda, Tensor x, int[] labels) {
    Tensor hidden = x.matmul(w1).add(b1).tanh();
    Tensor logits = hidden.matmul(w2);
    return Losses.softmaxCrossEntropy(logits, labels) + Losses.l2(w2, lambda);
  }
}
