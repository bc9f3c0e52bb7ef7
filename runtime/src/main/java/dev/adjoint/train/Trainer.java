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
package dev.adjoint.train;

import dev.adjoint.optim.LrScheduler;
import dev.adjoint.optim.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A training loop: epochs of mini-batches, any optimizer of {@code dev.adjoint.optim} with its
 * learning-rate scheduler, gradient clipping, evaluation on held-out data every N steps, early
 * stopping on an evaluated metric, callbacks and progress output.
 *
 * <pre>{@code
 * double[] w = new double[3], grad = new double[3];
 * Adam adam = new Adam(List.of(Parameter.of(w, grad)), Adam.Options.defaults().lr(1e-2));
 * Trainer<Batch<Example>> trainer = Trainer.builder(
 *         adam,
 *         DataLoader.of(train).batchSize(32).shuffle(true),
 *         BatchLoss.perExample((Example e, double seed) ->
 *             ModelAdjoint.lossPullback(w, e.x(), e.y(), seed, grad)))
 *     .epochs(20).seed(42)
 *     .clipGradNorm(1.0)
 *     .evaluate(100, () -> Map.of("val_loss", meanLoss(w, test)))
 *     .earlyStopping(EarlyStopping.minimize("val_loss", 3))
 *     .progress(Progress.auto())
 *     .build();
 * History history = trainer.fit();
 * }</pre>
 *
 * <p>Each step: set the parameters' gradients to zero; {@link BatchLoss#lossAndGradient} on the
 * next batch (which adds the gradient of its mean loss); clip by global norm if asked; {@code
 * optimizer.step()} (a per-step {@link LrScheduler} advances with it); then the callbacks. A batch
 * of zero examples takes no optimizer step. At the end of each epoch a per-epoch scheduler
 * advances.
 *
 * <p>Determinism: the batches depend only on the seed, the epoch and the batch's index ({@link
 * Batches}), so a run is a function of the seed, the initial parameters and the optimizer; the
 * trainer's whole position is {@link #position()} (the number of steps taken, the seed and the
 * early-stopping state), which {@link Checkpoint} saves with the parameters and the optimizer's
 * state, so a resumed run continues exactly as an uninterrupted one. Not thread-safe.
 *
 * @param <B> the type of a batch
 */
public final class Trainer<B> {
  private final Optimizer<?> optimizer;
  private final Batches<B> batches;
  private final BatchLoss<? super B> loss;
  private final int epochs;
  private final double clipNorm;
  private final Evaluator evaluator;
  private final int evaluateEvery;
  private final EarlyStopping earlyStopping;
  private final List<Callback> callbacks;
  private final LongSupplier clock;
  private final boolean stepEpochScheduler;
  private final int stepsPerEpoch;

  private long seed;
  private long step;
  double best = Double.NaN;
  private int sinceImprovement;
  private boolean stopped;

  private Trainer(Builder<B> b) {
    this.optimizer = b.optimizer;
    this.batches = b.batches;
    this.loss = b.loss;
    this.epochs = b.epochs;
    this.clipNorm = b.clipNorm;
    this.evaluator = b.evaluator;
    this.evaluateEvery = b.evaluateEvery;
    this.earlyStopping = b.earlyStopping;
    this.callbacks = List.copyOf(b.callbacks);
    this.clock = b.clock;
    this.stepEpochScheduler = b.stepEpochScheduler;
    this.seed = b.seed;
    this.stepsPerEpoch = batches.count();
    if (stepsPerEpoch < 1) {
      throw new IllegalArgumentException("an epoch has no batches");
    }
    if (earlyStopping != null && evaluator == null) {
      throw new IllegalArgumentException("early stopping needs an evaluator: call evaluate(...)");
    }
  }

  /**
   * A builder for a trainer that runs {@code optimizer} on the mean loss of {@code batches}, as
   * {@code loss} computes it. Defaults: 1 epoch, seed 0, no clipping, no evaluation, no callbacks,
   * no progress output.
   *
   * @param <B> the type of a batch
   * @param optimizer the optimizer whose parameters are trained
   * @param batches the batches of each epoch, in a seeded order
   * @param loss the mean loss of a batch, which adds its gradient into the parameters' gradients
   * @return a builder with the defaults
   */
  public static <B> Builder<B> builder(
      Optimizer<?> optimizer, Batches<B> batches, BatchLoss<? super B> loss) {
    return new Builder<>(optimizer, batches, loss);
  }

  /**
   * Configures a {@link Trainer}.
   *
   * @param <B> the type of a batch
   */
  public static final class Builder<B> {
    private final Optimizer<?> optimizer;
    private final Batches<B> batches;
    private final BatchLoss<? super B> loss;
    private int epochs = 1;
    private long seed;
    private double clipNorm = Double.NaN;
    private Evaluator evaluator;
    private int evaluateEvery;
    private EarlyStopping earlyStopping;
    private final List<Callback> callbacks = new ArrayList<>();
    private LongSupplier clock = System::nanoTime;
    private boolean stepEpochScheduler = true;

    private Builder(Optimizer<?> optimizer, Batches<B> batches, BatchLoss<? super B> loss) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      this.batches = Objects.requireNonNull(batches, "batches");
      this.loss = Objects.requireNonNull(loss, "loss");
    }

    /**
     * The number of epochs (passes over the batches), at least 1.
     *
     * @param epochs the number of passes over the batches, 1 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code epochs < 1}
     */
    public Builder<B> epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /**
     * The seed of the batches' shuffling (and of anything else random the trainer drives).
     *
     * @param seed any long; the same seed gives the same run
     * @return this builder
     */
    public Builder<B> seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Clips the gradients of all parameters by their global 2-norm before each step ({@code
     * Optimizer.clipGradNorm}, PyTorch's {@code clip_grad_norm_}).
     *
     * @param maxNorm the largest total norm left after clipping, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
     */
    public Builder<B> clipGradNorm(double maxNorm) {
      if (!(maxNorm >= 0)) {
        throw new IllegalArgumentException("maxNorm must be non-negative, got " + maxNorm);
      }
      this.clipNorm = maxNorm;
      return this;
    }

    /**
     * Evaluates every {@code everySteps} steps (after steps everySteps, 2·everySteps, … counted
     * from the start of training), or at the end of every epoch when {@code everySteps} is 0.
     *
     * @param everySteps the number of steps between evaluations, or 0 for once per epoch
     * @param evaluator computes the metrics (on held-out data, at the current parameters)
     * @return this builder
     * @throws IllegalArgumentException if {@code everySteps} is negative
     */
    public Builder<B> evaluate(int everySteps, Evaluator evaluator) {
      if (everySteps < 0) {
        throw new IllegalArgumentException("everySteps must be non-negative, got " + everySteps);
      }
      this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
      this.evaluateEvery = everySteps;
      return this;
    }

    /**
     * Stops when an evaluated metric stops improving (needs {@link #evaluate}).
     *
     * @param earlyStopping which metric to watch, in which direction, and for how long
     * @return this builder
     */
    public Builder<B> earlyStopping(EarlyStopping earlyStopping) {
      this.earlyStopping = Objects.requireNonNull(earlyStopping, "earlyStopping");
      return this;
    }

    /**
     * Adds a callback, called after those added before.
     *
     * @param callback told about the run's start, steps, evaluations, epochs and end
     * @return this builder
     */
    public Builder<B> callback(Callback callback) {
      callbacks.add(Objects.requireNonNull(callback, "callback"));
      return this;
    }

    /**
     * Reports progress with {@code progress} (a callback; {@link Progress#auto()} picks the form).
     *
     * @param progress where and how progress is shown
     * @return this builder
     */
    public Builder<B> progress(Progress progress) {
      return callback(progress);
    }

    /**
     * The clock of elapsed times and throughput, in nanoseconds ({@code System::nanoTime}).
     *
     * @param nanoTime a source of nanoseconds (a fake one makes progress output reproducible in
     *     tests)
     * @return this builder
     */
    public Builder<B> clock(LongSupplier nanoTime) {
      this.clock = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * Whether the trainer advances a per-epoch {@link LrScheduler} attached to the optimizer at the
     * end of each epoch (true, the default), or leaves that to the caller (false).
     *
     * @param step whether the trainer steps a per-epoch scheduler
     * @return this builder
     */
    public Builder<B> stepEpochScheduler(boolean step) {
      this.stepEpochScheduler = step;
      return this;
    }

    /**
     * The trainer.
     *
     * @return a new trainer at step 0
     * @throws IllegalArgumentException if an epoch has no batches, or early stopping has no
     *     evaluator
     */
    public Trainer<B> build() {
      return new Trainer<>(this);
    }
  }

  /**
   * Where a trainer is: everything besides the parameters and the optimizer that decides how a run
   * continues.
   *
   * @param step the number of steps taken (batches processed)
   * @param seed the shuffling seed
   * @param bestMetric the best value of the early-stopping metric so far, or NaN
   * @param evaluationsWithoutImprovement evaluations since it last improved
   * @param stopped whether early stopping has ended training
   */
  public record Position(
      long step,
      long seed,
      double bestMetric,
      int evaluationsWithoutImprovement,
      boolean stopped) {}

  /**
   * The current position (to save; {@link Checkpoint} does).
   *
   * @return the step, seed and early-stopping state
   */
  public Position position() {
    return new Position(step, seed, best, sinceImprovement, stopped);
  }

  /**
   * Continues from {@code position} (one this trainer, or one built alike, returned): the next
   * {@link #fit()} takes step {@code position.step()} next.
   *
   * @param position a position {@link #position()} returned
   * @throws IllegalArgumentException if the step is negative or beyond the last
   */
  public void restore(Position position) {
    if (position.step() < 0 || position.step() > totalSteps()) {
      throw new IllegalArgumentException(
          "step " + position.step() + " is outside this trainer's 0.." + totalSteps());
    }
    if (position.evaluationsWithoutImprovement() < 0) {
      throw new IllegalArgumentException(
          "negative evaluations without improvement: " + position.evaluationsWithoutImprovement());
    }
    this.step = position.step();
    this.seed = position.seed();
    this.best = position.bestMetric();
    this.sinceImprovement = position.evaluationsWithoutImprovement();
    this.stopped = position.stopped();
  }

  /**
   * The optimizer.
   *
   * @return the optimizer the trainer steps
   */
  public Optimizer<?> optimizer() {
    return optimizer;
  }

  /**
   * The number of epochs.
   *
   * @return the number of epochs
   */
  public int epochs() {
    return epochs;
  }

  /**
   * Batches per epoch.
   *
   * @return the number of batches per epoch
   */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /**
   * Epochs × batches per epoch.
   *
   * @return the number of steps of a run that is not stopped early
   */
  public long totalSteps() {
    return (long) epochs * stepsPerEpoch;
  }

  /**
   * Steps taken so far.
   *
   * @return the number of steps taken, over every call to {@link #fit()}
   */
  public long step() {
    return step;
  }

  /**
   * The shuffling seed.
   *
   * @return the seed of the batches' order
   */
  public long seed() {
    return seed;
  }

  /**
   * Whether every step has been taken or early stopping has ended training.
   *
   * @return whether another {@link #fit()} would take no step
   */
  public boolean isFinished() {
    return stopped || step >= totalSteps();
  }

  /**
   * Trains to the end (the last epoch, or early stopping, or a callback's stop request).
   *
   * @return the losses and evaluations of the steps this call took
   */
  public History fit() {
    return fit(Long.MAX_VALUE);
  }

  /**
   * Takes at most {@code maxSteps} more steps (fewer at the end of training or on a stop), then
   * returns; the next call continues where this one stopped.
   *
   * @param maxSteps the most steps to take, 0 or more
   * @return the losses and evaluations of the steps this call took
   * @throws IllegalArgumentException if {@code maxSteps} is negative
   */
  public History fit(long maxSteps) {
    if (maxSteps < 0) {
      throw new IllegalArgumentException("negative number of steps: " + maxSteps);
    }
    TrainState state = new TrainState(this);
    state.step = step;
    state.startNanos = clock.getAsLong();
    state.nowNanos = state.startNanos;
    long firstStep = step;
    double[] losses = new double[(int) Math.min(Math.min(maxSteps, totalSteps() - step), 1 << 16)];
    int taken = 0;
    List<History.Evaluation> evaluations = new ArrayList<>();
    boolean stoppedEarly = false;
    for (Callback c : callbacks) {
      c.onTrainStart(state);
    }
    try {
      while (!stopped && step < totalSteps() && taken < maxSteps) {
        int epoch = (int) (step / stepsPerEpoch);
        int index = (int) (step % stepsPerEpoch);
        B batch = batches.batch(seed, epoch, index);
        optimizer.zeroGrad();
        double batchLoss = loss.lossAndGradient(batch);
        long size = batches.size(batch);
        if (size > 0) {
          if (!Double.isNaN(clipNorm)) {
            optimizer.clipGradNorm(clipNorm);
          }
          optimizer.step();
        }
        step++;
        if (taken == losses.length) {
          losses = Arrays.copyOf(losses, Math.max(16, 2 * losses.length));
        }
        losses[taken++] = batchLoss;
        state.step = step;
        state.loss = batchLoss;
        state.batchSize = size;
        state.stepsThisRun = taken;
        state.examplesThisRun += size;
        state.nowNanos = clock.getAsLong();
        for (Callback c : callbacks) {
          c.onStepEnd(state);
        }
        boolean epochEnd = step % stepsPerEpoch == 0;
        LrScheduler scheduler = optimizer.scheduler();
        if (epochEnd
            && stepEpochScheduler
            && scheduler != null
            && scheduler.isAttached()
            && scheduler.interval() == LrScheduler.Interval.EPOCH) {
          scheduler.step();
        }
        if (evaluator != null && (evaluateEvery > 0 ? step % evaluateEvery == 0 : epochEnd)) {
          Map<String, Double> metrics = new LinkedHashMap<>(evaluator.evaluate());
          state.metrics = metrics;
          evaluations.add(new History.Evaluation(step, state.epoch(), Map.copyOf(metrics)));
          if (earlyStopping != null) {
            Double value = metrics.get(earlyStopping.metric());
            if (value == null) {
              throw new IllegalStateException(
                  "the evaluator returned no metric '"
                      + earlyStopping.metric()
                      + "' for early stopping; it returned "
                      + metrics.keySet());
            }
            if (earlyStopping.improves(value, best)) {
              best = value;
              sinceImprovement = 0;
            } else if (++sinceImprovement >= earlyStopping.patience()) {
              stopped = true;
              stoppedEarly = true;
            }
          }
          state.nowNanos = clock.getAsLong();
          for (Callback c : callbacks) {
            c.onEvaluation(state, state.metrics());
          }
        }
        if (epochEnd) {
          for (Callback c : callbacks) {
            c.onEpochEnd(state);
          }
        }
        if (state.stopRequested) {
          stoppedEarly = step < totalSteps();
          break;
        }
      }
    } finally {
      state.nowNanos = clock.getAsLong();
      for (Callback c : callbacks) {
        c.onTrainEnd(state);
      }
    }
    return new History(
        firstStep,
        Arrays.copyOf(losses, taken),
        List.copyOf(evaluations),
        stoppedEarly,
        state.nowNanos - state.startNanos);
  }

  @Override
  public String toString() {
    return "Trainer[step "
        + step
        + " of "
        + totalSteps()
        + " ("
        + epochs
        + " epochs of "
        + stepsPerEpoch
        + "), "
        + optimizer.getClass().getSimpleName()
        + "]";
  }
}
