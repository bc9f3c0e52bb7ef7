package com.example.quickstart;

import dev.adjoint.optim.Adam;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorParameter;
import dev.adjoint.train.Metrics;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Trains both models on synthetic data with their generated gradients, and prints how it goes. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    logisticRegression(new Random(42), System.out);
    System.out.println();
    mlp(new Random(42), System.out);
  }

  /**
   * Two clouds of 200 points, around (-1, -1) (label 0) and (1, 1) (label 1), fitted by gradient
   * descent; prints the loss to {@code out}. Returns w1, w2 and b.
   */
  static double[] logisticRegression(Random rng, PrintStream out) {
    int n = 200;
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double center = y[i] == 1 ? 1 : -1;
      x[i] = new double[] {center + rng.nextGaussian(), center + rng.nextGaussian()};
    }
    double[] w = new double[2];
    double b = 0;
    double lr = 0.5;
    out.println("Logistic regression, 200 points in 2 clouds, gradient descent (lr 0.5)");
    for (int step = 0; step <= 100; step++) {
      // The loss and its gradient in w and b, from the code Adjoint generated.
      LogisticAdjoint.LossGradient g = LogisticAdjoint.lossGradient(w, b, x, y);
      if (step % 25 == 0) {
        out.printf(Locale.ROOT, "  step %3d  loss %.4f%n", step, g.value());
      }
      for (int j = 0; j < w.length; j++) {
        w[j] -= lr * g.w()[j];
      }
      b -= lr * g.b();
    }
    out.printf(Locale.ROOT, "  w = (%.3f, %.3f), b = %.3f, accuracy %.1f%%%n",
        w[0], w[1], b, 100 * Logistic.accuracy(w, b, x, y));
    return new double[] {w[0], w[1], b};
  }

  /**
   * 400 points of XOR (label 1 where the coordinates have the same sign), which no line separates;
   * a 2-16-2 network trained with Adam; prints the loss to {@code out}. Returns its accuracy.
   */
  static double mlp(Random rng, PrintStream out) {
    int n = 400;
    double[] points = new double[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      double a = 2 * rng.nextDouble() - 1;
      double c = 2 * rng.nextDouble() - 1;
      points[2 * i] = a;
      points[2 * i + 1] = c;
      labels[i] = a * c > 0 ? 1 : 0;
    }
    Tensor x = Tensor.of(points, n, 2);
    TensorParameter w1 = TensorParameter.of(Tensor.xavierUniform(rng, 2, 16));
    TensorParameter b1 = TensorParameter.of(Tensor.zeros(16));
    TensorParameter w2 = TensorParameter.of(Tensor.xavierUniform(rng, 16, 2));
    TensorParameter b2 = TensorParameter.of(Tensor.zeros(2));
    Adam adam = new Adam(List.of(w1, b1, w2, b2), Adam.Options.defaults().lr(0.05));
    out.println("MLP 2-16-2 (tanh) over tensors, 400 points of XOR, Adam (lr 0.05)");
    for (int step = 0; step <= 300; step++) {
      MlpAdjoint.LossGradient g =
          MlpAdjoint.lossGradient(w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), x, labels);
      if (step % 50 == 0) {
        out.printf(Locale.ROOT, "  step %3d  loss %.4f%n", step, g.value());
      }
      adam.zeroGrad();
      w1.addGrad(g.w1());
      b1.addGrad(g.b1());
      w2.addGrad(g.w2());
      b2.addGrad(g.b2());
      adam.step();
    }
    double accuracy =
        Metrics.accuracy(Mlp.scores(w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), x), labels);
    out.printf(Locale.ROOT, "  accuracy %.1f%%%n", 100 * accuracy);
    return accuracy;
  }
}
