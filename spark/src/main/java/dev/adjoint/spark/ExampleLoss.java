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
 * The loss of one example as a pullback: the form of the {@code fPullback} method Adjoint generates
 * for a {@code @Differentiable} loss, with the parameters in one {@code double[]}.
 *
 * <p>An implementation adds {@code seed · ∂loss(θ; example)/∂θ} into {@code thetaBar} (it must add,
 * not assign: the buffer accumulates the whole partition's gradient) and returns the loss. It must
 * not modify {@code theta}. It is serializable because Spark ships it to the executors; a lambda or
 * method reference whose target type is this interface is serializable as long as what it captures
 * is. For a loss {@code @Differentiable(wrt = "theta") static double loss(double[] theta, Point p,
 * ...)} the pullback fits after a lambda unpacks the example:
 *
 * <pre>{@code
 * ExampleLoss<Point> loss = (theta, p, seed, thetaBar) ->
 *     ModelAdjoint.lossPullback(theta, p.x(), p.weight(), seed, thetaBar);
 * }</pre>
 *
 * <p>For examples that are a feature vector and a label, {@link LabeledLoss} takes the generated
 * method by reference.
 *
 * @param <E> the type of one example
 */
@FunctionalInterface
public interface ExampleLoss<E> extends Serializable {

  /**
   * Adds {@code seed} times the gradient of this example's loss at {@code theta} into {@code
   * thetaBar}, of the same length as {@code theta}, and returns the loss.
   *
   * @param theta the parameters θ, all in one vector; read only
   * @param example the example whose loss is differentiated
   * @param seed the factor of the gradient added (for a mean over a batch of n, {@code 1.0 / n};
   *     the sources here pass 1 and divide later)
   * @param thetaBar the buffer, of {@code theta}'s length, into which {@code seed} times the
   *     gradient is added
   * @return the example's loss at {@code theta}
   */
  double pullback(double[] theta, E example, double seed, double[] thetaBar);
}
