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
package dev.adjoint.spark;

import dev.adjoint.optim.Lbfgs;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.train.BatchLoss;
import dev.adjoint.train.Batches;
import dev.adjoint.train.Callback;
import dev.adjoint.train.Progress;
import dev.adjoint.train.TrainState;
import java.util.Objects;

/**
 * Runs any optimizer of {@code dev.adjoint.optim} ({@code Sgd}, {@code Adam}, {@code AdamW}, {@code
 * RmsProp}, with or without a learning-rate scheduler) on the mean loss of a {@link
 * GradientSource}: on a Spark cluster with {@link SparkGradient}, on one machine with {@link
 * LocalGradient}.
 *
 * <p>The loop is the runtime's {@link dev.adjoint.train.Trainer}, over one epoch of {@code steps}
 * batches, the batch of step t being the examples {@code sampling} draws for t; so local and Spark
 * training share its code, its callbacks and its {@link Progress} output. The parameters are the
 * optimizer's, in the order of {@code optimizer.parameters()}, laid end to end as the vector θ that
 * the per-example loss receives. Each step reads θ from them, evaluates the batch's summed loss and
 * gradient at θ, sets every parameter's gradient to its part of the mean gradient (sum / batch
 * size), and calls {@code optimizer.step()}. A step whose mini-batch happens to be empty changes
 * nothing and reports a NaN loss. A per-epoch learning-rate scheduler is left to the caller.
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
   * @param source the loss and gradient of the data set's batches
   * @param optimizer the optimizer whose parameters, end to end, are θ
   * @param sampling which examples make up each step's batch
   * @param steps the number of optimizer steps to take
   * @param listener told after each step, or {@code null}
   * @return the mean batch loss of each step, before the step; {@code steps} values
   * @throws IllegalArgumentException if {@code steps < 0}
   */
  public static double[] train(
      GradientSource source,
      Optimizer<?> optimizer,
      Sampling sampling,
      int steps,
      StepListener listener) {
    return train(source, optimizer, sampling, steps, listener, Progress.none());
  }

  /**
   * {@link #train(GradientSource, Optimizer, Sampling, int, StepListener)} with progress output
   * ({@link Progress#auto()}: a bar on a terminal, plain lines otherwise).
   *
   * @param source the loss and gradient of the data set's batches
   * @param optimizer the optimizer whose parameters, end to end, are θ
   * @param sampling which examples make up each step's batch
   * @param steps the number of optimizer steps to take
   * @param listener told after each step, or {@code null}
   * @param progress where progress is shown ({@link Progress#none()} for nowhere)
   * @return the mean batch loss of each step, before the step; {@code steps} values
   * @throws IllegalArgumentException if {@code steps < 0}
   */
  public static double[] train(
      GradientSource source,
      Optimizer<?> optimizer,
      Sampling sampling,
      int steps,
      StepListener listener,
      Progress progress) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(sampling, "sampling");
    Objects.requireNonNull(progress, "progress");
    if (steps < 0) {
      throw new IllegalArgumentException("negative number of steps: " + steps);
    }
    if (steps == 0) {
      return new double[0];
    }
    ParameterVector parameters = new ParameterVector(optimizer.parameters());
    double[] theta = new double[parameters.size()];
    BatchLoss<StepBatch> loss =
        batch -> {
          parameters.read(theta);
          LossAndGradient sums = source.evaluate(theta, sampling, batch.step);
          batch.count = sums.count();
          if (sums.count() > 0) {
            parameters.writeGradient(sums.gradient(), 1.0 / sums.count());
          }
          return sums.meanLoss();
        };
    dev.adjoint.train.Trainer.Builder<StepBatch> builder =
        dev.adjoint.train.Trainer.builder(optimizer, new Steps(steps), loss)
            .stepEpochScheduler(false)
            .progress(progress);
    if (listener != null) {
      builder.callback(
          new Callback() {
            @Override
            public void onStepEnd(TrainState state) {
              listener.afterStep((int) (state.step() - 1), state.loss(), state.batchSize());
            }
          });
    }
    return builder.build().fit().losses();
  }

  /**
   * Minimises the mean loss over every example with L-BFGS ({@link Lbfgs}, full batch): each
   * evaluation of the objective is one {@code source.evaluate(θ)}, so one Spark job for a {@link
   * SparkGradient}, and an iteration usually takes one or two. Sets {@code theta} to the point
   * where it stopped and returns how it got there. The sums of a Spark reduction vary in their last
   * bits with the order in which tasks finish, so the iterates may too; they agree with a {@link
   * LocalGradient} run to rounding.
   *
   * <pre>{@code
   * double[] theta = new double[features + 1];
   * Lbfgs.Result r = Trainer.lbfgs(SparkGradient.labeled(examples.cache(),
   *     ModelAdjoint::lossPullback), theta, Lbfgs.Options.defaults(), null);
   * }</pre>
   *
   * @param source the mean loss and its gradient over the examples
   * @param theta the starting parameters; not modified
   * @param options L-BFGS's settings
   * @param listener told after each iteration (its value is the mean loss), or {@code null}
   * @return where L-BFGS stopped, and why
   * @throws IllegalArgumentException if the source has no examples, or the loss or gradient at
   *     {@code theta} is not finite
   */
  public static Lbfgs.Result lbfgs(
      GradientSource source, double[] theta, Lbfgs.Options options, Lbfgs.Listener listener) {
    Objects.requireNonNull(source, "source");
    Lbfgs.Result result =
        Lbfgs.minimize(
            (x, gradient) -> {
              LossAndGradient sums = source.evaluate(x);
              if (sums.count() == 0) {
                throw new IllegalArgumentException("no examples to minimise the mean loss of");
              }
              double scale = 1.0 / sums.count();
              double[] sum = sums.gradient();
              for (int i = 0; i < gradient.length; i++) {
                gradient[i] = scale * sum[i];
              }
              return sums.meanLoss();
            },
            theta,
            options,
            listener);
    System.arraycopy(result.x(), 0, theta, 0, theta.length);
    return result;
  }

  /** The batch of one step: its number, and the number of examples once evaluated. */
  private static final class StepBatch {
    final long step;
    long count;

    StepBatch(long step) {
      this.step = step;
    }
  }

  /** One epoch of {@code steps} batches, batch t being step t's. */
  private record Steps(int steps) implements Batches<StepBatch> {
    @Override
    public int count() {
      return steps;
    }

    @Override
    public StepBatch batch(long seed, int epoch, int index) {
      return new StepBatch(index);
    }

    @Override
    public long size(StepBatch batch) {
      return batch.count;
    }
  }
}
