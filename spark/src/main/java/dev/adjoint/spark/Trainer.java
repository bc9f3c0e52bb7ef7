package dev.adjoint.spark;

import dev.adjoint.optim.Optimizer;
import java.util.Objects;

/**
 * Runs any optimizer of {@code dev.adjoint.optim} ({@code Sgd}, {@code Adam}, {@code AdamW},
 * {@code RmsProp}, with or without a learning-rate scheduler) on the mean loss of a {@link
 * GradientSource}: on a Spark cluster with {@link SparkGradient}, on one machine with {@link
 * LocalGradient}.
 *
 * <p>The parameters are the optimizer's, in the order of {@code optimizer.parameters()}, laid end
 * to end as the vector θ that the per-example loss receives. Each step reads θ from them, evaluates
 * the batch's summed loss and gradient at θ, sets every parameter's gradient to its part of the
 * mean gradient (sum / batch size), and calls {@code optimizer.step()}. A step whose mini-batch
 * happens to be empty changes nothing and reports a NaN loss.
 *
 * <pre>{@code
 * double[] theta = new double[dimension];
 * Adam adam = new Adam(List.of(Parameter.of(theta)), Adam.Options.defaults().lr(1e-2));
 * GradientSource source = SparkGradient.labeled(examples.cache(), ModelAdjoint::lossPullback);
 * double[] losses = Trainer.train(source, adam, Sampling.miniBatch(0.01, 42), 500, null);
 * }</pre>
 */
public final class Trainer {
  private Trainer() {}

  /**
   * Takes {@code steps} optimizer steps on the mean loss of the batches {@code sampling} draws, and
   * returns the mean batch loss of each step (before the step). The parameters are updated in
   * place.
   *
   * @param listener told after each step, or {@code null}
   * @throws IllegalArgumentException if {@code steps < 0}
   */
  public static double[] train(
      GradientSource source, Optimizer<?> optimizer, Sampling sampling, int steps,
      StepListener listener) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sampling, "sampling");
    if (steps < 0) {
      throw new IllegalArgumentException("negative number of steps: " + steps);
    }
    ParameterVector parameters = new ParameterVector(optimizer.parameters());
    double[] theta = new double[parameters.size()];
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      parameters.read(theta);
      LossAndGradient batch = source.evaluate(theta, sampling, step);
      losses[step] = batch.meanLoss();
      if (batch.count() > 0) {
        parameters.writeGradient(batch.gradient(), 1.0 / batch.count());
        optimizer.step();
      }
      if (listener != null) {
        listener.afterStep(step, losses[step], batch.count());
      }
    }
    return losses;
  }
}
