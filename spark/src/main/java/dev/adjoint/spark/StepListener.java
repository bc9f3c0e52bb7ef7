package dev.adjoint.spark;

/** Told about each step of {@link Trainer#train}, for progress reports. */
@FunctionalInterface
public interface StepListener {

  /**
   * Called after step {@code step} (counting from 0) with the mean loss of its batch at the
   * parameters before the step, and the batch's size.
   *
   * @param step the step just taken, counting from 0
   * @param meanLoss the mean loss of the step's batch, NaN if the batch was empty
   * @param batchSize the number of examples in the step's batch
   */
  void afterStep(int step, double meanLoss, long batchSize);
}
