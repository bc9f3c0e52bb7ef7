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

import java.io.Serializable;

/**
 * The running sums of one partition (or of several, merged): the buffer a partition's pullbacks add
 * into, then the value that Spark's tree reduction merges in place.
 */
final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private double loss;
  private final double[] gradient;
  private long count;

  GradientSum(int dimension) {
    this.gradient = new double[dimension];
  }

  /** Adds one example's loss and gradient, through its pullback with seed 1. */
  <E> void add(ExampleLoss<E> lossFunction, double[] theta, E example) {
    loss += lossFunction.pullback(theta, example, 1.0, gradient);
    count++;
  }

  /** Adds {@code other}'s sums into this one and returns this. */
  GradientSum merge(GradientSum other) {
    if (other.gradient.length != gradient.length) {
      throw new IllegalStateException(
          "gradients of different lengths: " + gradient.length + " and " + other.gradient.length);
    }
    loss += other.loss;
    count += other.count;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += other.gradient[i];
    }
    return this;
  }

  LossAndGradient result() {
    return new LossAndGradient(loss, gradient, count);
  }
}
