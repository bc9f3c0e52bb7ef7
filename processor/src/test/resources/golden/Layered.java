package golden;

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Losses;
import dev.adjoint.tensor.Tensor;

class Layered {
  @Differentiable
  static Tensor dense(Tensor x, Tensor w, Tensor b) {
    return x.matmul(w).add(b).tanh();
  }

  @Differentiable(wrt = {"w", "b"})
  static double loss(Tensor w, Tensor b, Tensor x, int[] labels, int layers) {
    Tensor h = x;
    for (int i = 0; i < layers; i++) {
      h = dense(h, w, b);
    }
    return Losses.softmaxCrossEntropy(h, labels);
  }
}
