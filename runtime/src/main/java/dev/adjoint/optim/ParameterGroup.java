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

import java.util.List;

/**
 * Parameters that share hyper-parameters within an {@link Optimizer} (PyTorch's {@code
 * param_groups} entries), for example weights with weight decay and biases without. Obtained from
 * {@link Optimizer#paramGroups()}; change a group's options with {@link Optimizer#setOptions(int,
 * Hyperparameters)}.
 *
 * @param <O> the optimizer's options type
 */
public final class ParameterGroup<O extends Hyperparameters> {
  final Parameter[] params;
  final Object[] states;
  private final List<Parameter> view;
  O options;

  ParameterGroup(Parameter[] params, O options) {
    this.params = params;
    this.states = new Object[params.length];
    this.view = List.of(params);
    this.options = options;
  }

  /**
   * The group's parameters, in the order given (unmodifiable).
   *
   * @return a view of the group's parameters
   */
  public List<Parameter> parameters() {
    return view;
  }

  /**
   * The group's hyper-parameters.
   *
   * @return the options, as given to the optimizer
   */
  public O options() {
    return options;
  }

  @Override
  public String toString() {
    return "ParameterGroup[" + params.length + " parameters, " + options + "]";
  }
}
