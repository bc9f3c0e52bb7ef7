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
 * An {@link ExampleLoss} over {@link Example}s, with the signature Adjoint generates for a loss
 * {@code @Differentiable(wrt = "theta") static double loss(double[] theta, double[] x, double y)}:
 * {@code lossPullback(double[] theta, double[] x, double y, double seed, double[] thetaBar)}. So
 * the generated method is one by reference:
 *
 * <pre>{@code
 * LabeledLoss loss = ModelAdjoint::lossPullback;
 * }</pre>
 */
@FunctionalInterface
public interface LabeledLoss extends ExampleLoss<Example> {

  /**
   * Adds {@code seed · ∂loss(θ; x, y)/∂θ} into {@code thetaBar} and returns the loss, as a
   * generated pullback does.
   *
   * @param theta the parameters θ, all in one vector; read only
   * @param x the example's features
   * @param y the example's target
   * @param seed the factor of the gradient added
   * @param thetaBar the buffer, of {@code theta}'s length, into which {@code seed} times the
   *     gradient is added
   * @return the example's loss at {@code theta}
   */
  double pullback(double[] theta, double[] x, double y, double seed, double[] thetaBar);

  /**
   * Calls {@link #pullback(double[], double[], double, double, double[])} with the example's x and
   * y.
   */
  @Override
  default double pullback(double[] theta, Example example, double seed, double[] thetaBar) {
    return pullback(theta, example.x(), example.y(), seed, thetaBar);
  }
}
