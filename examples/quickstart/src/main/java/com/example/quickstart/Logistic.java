package com.example.quickstart;

import dev.adjoint.Differentiable;

/**
 * Logistic regression as a record of its parameters: the probability that a point x has label 1 is
 * sigmoid(w·x + b). While javac compiles this record, Adjoint generates {@code
 * LogisticAdjoint.lossGradient}, which returns the loss and its gradient, {@code .self()}: a {@code
 * Logistic} too, whose w and b are the loss's derivatives in w and b.
 *
 * @param w the weights, one per coordinate
 * @param b the bias
 */
public record Logistic(double[] w, double b) {
  /**
   * The mean log loss of labels y (0 or 1): the mean of log(1 + e^z) - y z with z = w·x + b,
   * written as max(z, 0) + log(1 + e^-|z|) - y z so that it stays finite for any z.
   */
  @Differentiable(wrt = "this") // differentiate the model, not the data
  public double loss(double[][] x, double[] y) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
    }
    return total / x.length;
  }

  /** The probability that x has label 1. */
  public double probability(double[] x) {
    double z = b;
    for (int j = 0; j < w.length; j++) {
      z += w[j] * x[j];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** The fraction of the points whose label the model gets right (probability above 1/2 for 1). */
  public double accuracy(double[][] x, double[] y) {
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      right += (probability(x[i]) > 0.5 ? 1 : 0) == y[i] ? 1 : 0;
    }
    return (double) right / x.length;
  }
}
