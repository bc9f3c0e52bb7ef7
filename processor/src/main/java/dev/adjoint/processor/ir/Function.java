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
package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A lowered {@code @Differentiable} method: its parameters, its body, and the variable that holds
 * its result when the body completes.
 *
 * @param name the method's name
 * @param params its parameters, in declaration order
 * @param independents the parameters differentiated with respect to, in declaration order
 * @param body the lowered body
 * @param result the variable that holds the result when the body completes
 */
public record Function(
    String name, List<Var> params, List<Var> independents, Block body, Var result) {
  /**
   * Copies the lists, so that the record is immutable.
   *
   * @param name the method's name
   * @param params its parameters, in declaration order
   * @param independents the parameters differentiated with respect to, in declaration order
   * @param body the lowered body
   * @param result the variable that holds the result when the body completes
   */
  public Function {
    params = List.copyOf(params);
    independents = List.copyOf(independents);
  }
}
