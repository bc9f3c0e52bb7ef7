package dev.adjoint.spark;

/**
 * The loss and gradient of a batch of examples, as sums over the batch: {@code loss} is Σ loss_i,
 * {@code gradient} is Σ ∇loss_i, and {@code count} the number of examples summed. Divide by the
 * count for the mean ({@link #meanLoss()}); the {@link Trainer} minimises the mean.
 *
 * @param loss the sum of the examples' losses
 * @param gradient the sum of their gradients, one component per parameter
 * @param count how many examples the sums are over
 */
public record LossAndGradient(double loss, double[] gradient, long count) {

  /**
   * The mean loss over the batch, or NaN when the batch is empty.
   *
   * @return {@code loss / count}, or NaN for an empty batch
   */
  public double meanLoss() {
    return count == 0 ? Double.NaN : loss / count;
  }
}
