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
package dev.adjoint.spark.samples;

import dev.adjoint.Differentiable;
import java.util.SplittableRandom;

/**
 * The sample's models, as per-example losses that Adjoint differentiates at compile time (see the
 * generated {@code ModelsAdjoint}). All take their parameters in one vector θ, the layout that
 * {@code dev.adjoint.spark.Trainer} hands them, and a feature vector x with its target y, so that
 * their generated pullbacks are {@code dev.adjoint.spark.LabeledLoss}es by method reference.
 */
public final class Models {
  private Models() {}

  /**
   * Linear regression, half the squared error of ŷ = w·x + b, with θ = (w_1, ..., w_d, b) for d
   * features.
   *
   * @param theta the weights w, then the bias b: {@code x.length + 1} values
   * @param x the features
   * @param y the target
   * @return half the squared error, (ŷ − y)² / 2
   */
  @Differentiable(wrt = "theta")
  public static double linearLoss(double[] theta, double[] x, double y) {
    int d = x.length;
    double prediction = theta[d];
    for (int j = 0; j < d; j++) {
      prediction += theta[j] * x[j];
    }
    double residual = prediction - y;
    return 0.5 * residual * residual;
  }

  /**
   * Binary logistic regression, the log-loss of a label y in {0, 1} with probability σ(w·x + b) of
   * y = 1, with θ = (w_1, ..., w_d, b): log(1 + e^z) − y z for z = w·x + b, computed as max(z, 0) −
   * y z + log(1 + e^−|z|), which neither overflows nor loses the small terms for large |z|.
   *
   * @param theta the weights, then the bias
   * @param x the features
   * @param y the label, 0 or 1
   * @return the log-loss
   */
  @Differentiable(wrt = "theta")
  public static double logisticLoss(double[] theta, double[] x, double y) {
    int d = x.length;
    double z = theta[d];
    for (int j = 0; j < d; j++) {
      z += theta[j] * x[j];
    }
    return Math.max(z, 0.0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /**
   * A multi-layer perceptron with one hidden layer of h tanh units, half the squared error of ŷ =
   * w2·tanh(W1 x + b1) + b2. θ holds W1 (h rows of d, row-major), then b1 (h), w2 (h) and b2: h (d
   * + 2) + 1 values, from which h is recovered.
   *
   * @param theta W1, b1, w2 and b2 end to end: {@link #mlpSize mlpSize(x.length, h)} values
   * @param x the features
   * @param y the target
   * @return half the squared error, (ŷ − y)² / 2
   */
  @Differentiable(wrt = "theta")
  public static double mlpLoss(double[] theta, double[] x, double y) {
    int d = x.length;
    int hidden = (theta.length - 1) / (d + 2);
    int b1 = hidden * d;
    int w2 = b1 + hidden;
    double prediction = theta[w2 + hidden];
    for (int k = 0; k < hidden; k++) {
      double activation = theta[b1 + k];
      int row = k * d;
      for (int j = 0; j < d; j++) {
        activation += theta[row + j] * x[j];
      }
      prediction += theta[w2 + k] * Math.tanh(activation);
    }
    double residual = prediction - y;
    return 0.5 * residual * residual;
  }

  /**
   * The number of values in θ of {@link #mlpLoss} for {@code features} inputs and {@code hidden}
   * units.
   *
   * @param features the number of inputs d
   * @param hidden the number of hidden units h
   * @return h (d + 2) + 1
   */
  public static int mlpSize(int features, int hidden) {
    return hidden * (features + 2) + 1;
  }

  /**
   * Initial θ for {@link #mlpLoss}: weights normal with Xavier's variance (1 / fan-in), biases
   * zero, drawn from {@code seed}.
   *
   * @param features the number of inputs d
   * @param hidden the number of hidden units h
   * @param seed the seed of the random weights
   * @return a new θ of {@link #mlpSize mlpSize(features, hidden)} values
   */
  public static double[] mlpInitial(int features, int hidden, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] theta = new double[mlpSize(features, hidden)];
    double inputScale = Math.sqrt(1.0 / features);
    for (int i = 0; i < hidden * features; i++) {
      theta[i] = inputScale * gaussian(random);
    }
    double outputScale = Math.sqrt(1.0 / hidden);
    int w2 = hidden * features + hidden;
    for (int k = 0; k < hidden; k++) {
      theta[w2 + k] = outputScale * gaussian(random);
    }
    return theta;
  }

  /** A standard normal draw (Box-Muller), the same on every JDK for the same generator state. */
  static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble(); // in (0, 1]
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
