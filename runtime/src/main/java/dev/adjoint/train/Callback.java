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

import java.util.Map;

/**
 * Told about a {@link Trainer}'s progress (Keras's and Lightning's callbacks). Every method does
 * nothing by default; {@link TrainState#requestStop()} ends the run after the current step. {@link
 * Progress} is a callback.
 */
public interface Callback {

  /**
   * Before the first step of a call to {@link Trainer#fit()}.
   *
   * @param state the trainer's state, read only
   */
  default void onTrainStart(TrainState state) {}

  /**
   * After each optimizer step (or skipped empty batch); {@code state.loss()} is its batch's loss.
   *
   * @param state the trainer's state, read only
   */
  default void onStepEnd(TrainState state) {}

  /**
   * After an evaluation, with its metrics.
   *
   * @param state the trainer's state, read only
   * @param metrics the evaluation's metrics by name, read only
   */
  default void onEvaluation(TrainState state, Map<String, Double> metrics) {}

  /**
   * After the last batch of an epoch (state.epoch() is the epoch just finished).
   *
   * @param state the trainer's state, read only
   */
  default void onEpochEnd(TrainState state) {}

  /**
   * When a call to {@link Trainer#fit()} returns, however it ends.
   *
   * @param state the trainer's state, read only
   */
  default void onTrainEnd(TrainState state) {}
}
