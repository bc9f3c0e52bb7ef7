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

import java.util.Collections;
import java.util.Map;

/**
 * Where a {@link Trainer} is, as its {@link Callback}s see it. Steps count batches: step s (from 0)
 * is batch {@code s % stepsPerEpoch()} of epoch {@code s / stepsPerEpoch()}, and {@link #step()} is
 * the number of steps taken so far, including those before a resume. Read-only except for {@link
 * #requestStop()}; valid only during the callback.
 */
public final class TrainState {
  final Trainer<?> trainer;
  long step;
  double loss = Double.NaN;
  long batchSize;
  long stepsThisRun;
  long examplesThisRun;
  long startNanos;
  long nowNanos;
  Map<String, Double> metrics = Map.of();
  boolean stopRequested;

  TrainState(Trainer<?> trainer) {
    this.trainer = trainer;
  }

  /**
   * Steps taken so far (batches processed), over all runs.
   *
   * @return the step count
   */
  public long step() {
    return step;
  }

  /**
   * The epoch of the last step (from 0); the epoch just finished in {@code onEpochEnd}.
   *
   * @return the epoch, from 0
   */
  public int epoch() {
    return step == 0 ? 0 : (int) ((step - 1) / stepsPerEpoch());
  }

  /**
   * The number of epochs the trainer runs.
   *
   * @return the number of epochs
   */
  public int epochs() {
    return trainer.epochs();
  }

  /**
   * Batches per epoch.
   *
   * @return the number of batches per epoch
   */
  public int stepsPerEpoch() {
    return trainer.stepsPerEpoch();
  }

  /**
   * Steps in the whole training: epochs × batches per epoch.
   *
   * @return the number of steps of a run that is not stopped early
   */
  public long totalSteps() {
    return (long) epochs() * stepsPerEpoch();
  }

  /**
   * The index within its epoch of the last step's batch, from 0.
   *
   * @return the batch's index, from 0
   */
  public int batchInEpoch() {
    return step == 0 ? 0 : (int) ((step - 1) % stepsPerEpoch());
  }

  /**
   * The mean loss of the last step's batch (before its update); NaN for an empty batch.
   *
   * @return the batch's mean loss
   */
  public double loss() {
    return loss;
  }

  /**
   * The number of examples in the last step's batch.
   *
   * @return the batch's size
   */
  public long batchSize() {
    return batchSize;
  }

  /**
   * The learning rate of the optimizer's first group for its next step.
   *
   * @return the learning rate
   */
  public double learningRate() {
    return trainer.optimizer().lr();
  }

  /**
   * Steps taken in this call to {@code fit}.
   *
   * @return the number of steps
   */
  public long stepsThisRun() {
    return stepsThisRun;
  }

  /**
   * Examples processed in this call to {@code fit}.
   *
   * @return the number of examples
   */
  public long examplesThisRun() {
    return examplesThisRun;
  }

  /**
   * Nanoseconds since this call to {@code fit} began, by the trainer's clock.
   *
   * @return the elapsed time in nanoseconds
   */
  public long elapsedNanos() {
    return nowNanos - startNanos;
  }

  /**
   * The metrics of the latest evaluation (empty before the first), unmodifiable.
   *
   * @return a read-only view of the metrics by name
   */
  public Map<String, Double> metrics() {
    return Collections.unmodifiableMap(metrics);
  }

  /**
   * The best value so far of the early-stopping metric, or NaN.
   *
   * @return the best value of the watched metric, or NaN without early stopping or before an
   *     evaluation
   */
  public double bestMetric() {
    return trainer.best;
  }

  /** Ends the run after the current step (the trainer's {@code fit} then returns). */
  public void requestStop() {
    stopRequested = true;
  }

  @Override
  public String toString() {
    return "TrainState[step "
        + step
        + "/"
        + totalSteps()
        + ", epoch "
        + epoch()
        + ", loss "
        + loss
        + "]";
  }
}
