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
