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

import java.util.List;
import java.util.Map;

/**
 * What one call to {@link Trainer#fit()} did: the mean loss of each step's batch (before its
 * update), every evaluation, and how the run ended.
 *
 * @param firstStep the trainer's step count when the call began (0 unless resumed)
 * @param losses the batch loss of each step of the call, in order
 * @param evaluations the evaluations made during the call
 * @param stoppedEarly whether early stopping or a callback ended the run before its last epoch
 * @param nanos the wall time of the call
 */
public record History(
    long firstStep,
    double[] losses,
    List<Evaluation> evaluations,
    boolean stoppedEarly,
    long nanos) {

  /**
   * One evaluation.
   *
   * @param step the trainer's step count when it was made
   * @param epoch the epoch of that step
   * @param metrics the evaluator's metrics
   */
  public record Evaluation(long step, int epoch, Map<String, Double> metrics) {}

  /**
   * The number of steps taken.
   *
   * @return the number of steps this call took
   */
  public int steps() {
    return losses.length;
  }

  /**
   * The loss of the last step, or NaN if there was none.
   *
   * @return the last step's batch loss
   */
  public double lastLoss() {
    return losses.length == 0 ? Double.NaN : losses[losses.length - 1];
  }

  /**
   * The values of metric {@code name} at each evaluation that reported it, in order.
   *
   * @param name the metric's name
   * @return a new array of its values
   */
  public double[] metric(String name) {
    return evaluations.stream()
        .filter(e -> e.metrics().containsKey(name))
        .mapToDouble(e -> e.metrics().get(name))
        .toArray();
  }
}
