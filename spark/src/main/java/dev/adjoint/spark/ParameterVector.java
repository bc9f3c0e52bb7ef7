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

import dev.adjoint.optim.Parameter;
import java.util.List;

/**
 * An optimizer's parameters seen as one vector θ: the values of the first parameter, then of the
 * second, and so on, in the order of {@code Optimizer.parameters()}. This is the layout the
 * per-example loss sees, and the layout of the gradient it produces.
 */
final class ParameterVector {
  private final Parameter[] parameters;
  private final int size;

  ParameterVector(List<Parameter> parameters) {
    this.parameters = parameters.toArray(new Parameter[0]);
    long total = 0;
    for (Parameter p : this.parameters) {
      total += p.size();
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many parameters for one vector: " + total);
    }
    this.size = (int) total;
  }

  /** The number of scalars in θ. */
  int size() {
    return size;
  }

  /** Copies the parameters' current values into {@code theta}. */
  void read(double[] theta) {
    int k = 0;
    for (Parameter p : parameters) {
      System.arraycopy(p.value(), p.valueOffset(), theta, k, p.size());
      k += p.size();
    }
  }

  /**
   * Sets each parameter's gradient to {@code scale} times its part of {@code gradient}; parameters
   * without a gradient array are left alone.
   */
  void writeGradient(double[] gradient, double scale) {
    int k = 0;
    for (Parameter p : parameters) {
      double[] grad = p.grad();
      if (grad != null) {
        int offset = p.gradOffset();
        for (int i = 0; i < p.size(); i++) {
          grad[offset + i] = scale * gradient[k + i];
        }
      }
      k += p.size();
    }
  }
}
