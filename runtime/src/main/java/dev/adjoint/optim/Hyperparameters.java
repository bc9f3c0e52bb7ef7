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
package dev.adjoint.optim;

/**
 * The hyper-parameters of one {@link ParameterGroup} of an {@link Optimizer} (PyTorch's per-group
 * option dictionary). Every optimizer's options have a base learning rate; an attached {@link
 * LrScheduler} turns it into the learning rate of each step, {@code schedule.lr(lr(), t)}.
 */
public interface Hyperparameters {

  /**
   * The base learning rate γ (the rate used at every step when no scheduler is attached).
   *
   * @return the base learning rate, 0 or more
   */
  double lr();
}
