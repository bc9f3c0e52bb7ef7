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

import java.util.List;
import java.util.Objects;

/**
 * The single-machine {@link GradientSource}: a loop over an in-memory list of examples in this
 * thread, calling the pullback of each one into a single buffer. It sums in the same way as one
 * Spark partition does, so it is the reference that {@link SparkGradient} is checked against, and
 * the way to run the same training on data small enough for one machine.
 *
 * @param <E> the type of one example
 */
public final class LocalGradient<E> implements GradientSource {
  private final List<E> examples;
  private final ExampleLoss<E> loss;

  /**
   * A source over {@code examples} (used directly, not copied; position i is example i).
   *
   * @param examples the data set, in order
   * @param loss the per-example loss and its gradient
   * @throws NullPointerException if either is null
   */
  public LocalGradient(List<E> examples, ExampleLoss<E> loss) {
    this.examples = Objects.requireNonNull(examples, "examples");
    this.loss = Objects.requireNonNull(loss, "loss");
  }

  /**
   * A source over examples with features and a target, whose loss is a generated pullback taken by
   * reference: {@code LocalGradient.labeled(examples, ModelAdjoint::lossPullback)}.
   *
   * @param examples the data set, in order
   * @param loss the generated pullback of a loss of (θ, x, y)
   * @return a source over {@code examples}
   */
  public static LocalGradient<Example> labeled(List<Example> examples, LabeledLoss loss) {
    return new LocalGradient<>(examples, loss);
  }

  @Override
  public LossAndGradient evaluate(double[] theta, Sampling sampling, long step) {
    GradientSum sum = new GradientSum(theta.length);
    int n = examples.size();
    for (int i = 0; i < n; i++) {
      if (sampling.includes(step, i)) {
        sum.add(loss, theta, examples.get(i));
      }
    }
    return sum.result();
  }
}
