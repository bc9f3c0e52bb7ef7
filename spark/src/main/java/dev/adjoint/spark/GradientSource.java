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

/**
 * Something that evaluates the summed loss and gradient of a data set's examples at given
 * parameters: {@link SparkGradient} across a Spark cluster, {@link LocalGradient} in this thread.
 * The {@link Trainer} runs an optimizer on either.
 */
public interface GradientSource {

  /**
   * The sums of the losses and gradients, at {@code theta}, of the examples in the batch that
   * {@code sampling} draws for step {@code step}. Does not modify {@code theta}; the returned
   * gradient is a new array.
   *
   * @param theta the parameters θ at which to evaluate; not modified
   * @param sampling which examples make up a step's batch
   * @param step the step whose batch {@code sampling} draws (any value for a full batch)
   * @return the summed loss and gradient of the batch, and its size
   */
  LossAndGradient evaluate(double[] theta, Sampling sampling, long step);

  /**
   * The sums over every example: {@code evaluate(theta, Sampling.fullBatch(), 0)}.
   *
   * @param theta the parameters θ at which to evaluate; not modified
   * @return the summed loss and gradient of every example, and their number
   */
  default LossAndGradient evaluate(double[] theta) {
    return evaluate(theta, Sampling.fullBatch(), 0);
  }
}
