package com.example.quickstart;

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Sgd;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.train.Metrics;
import java.io.PrintStream;
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

  /** A trained model, its loss before the first step and after the last, and its accuracy. */
  record Fit<M>(M model, double firstLoss, double lastLoss, double accuracy) {}

  /**
   * Two clouds of 200 points, around (-1, -1) (label 0) and (1, 1) (label 1), fitted by gradient
   * descent; prints the loss to {@code out}.
   */
  static Fit<Logistic> logisticRegression(Random rng, PrintStream out) {
    int n = 200;
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double center = y[i] == 1 ? 1 : -1;
      x[i] = new double[] {center + rng.nextGaussian(), center + rng.nextGaussian()};
    }
    Logistic model = new Logistic(new double[2], 0);
    Sgd sgd = new Sgd(Sgd.Options.defaults().lr(0.5));
    out.println("Logistic regression, 200 points in 2 clouds, gradient descent (lr 0.5)");
    double firstLoss = model.loss(x, y);
    for (int step = 0; step < 100; step++) {
      // The loss and its gradient, a Logistic, from the code Adjoint generated.
      LogisticAdjoint.LossGradient g = LogisticAdjoint.lossGradient(model, x, y);
      if (step % 25 == 0) {
        out.printf(Locale.ROOT, "  step %3d  loss %.4f%n", step, g.value());
      }
      model = sgd.step(model, g.self()); // a new Logistic: w - 0.5 dw, b - 0.5 db
    }
    double lastLoss = model.loss(x, y);
    double accuracy = model.accuracy(x, y);
    out.printf(Locale.ROOT, "  step %3d  loss %.4f%n", 100, lastLoss);
    out.printf(
        Locale.ROOT,
        "  w = (%.3f, %.3f), b = %.3f, accuracy %.1f%%%n",
        model.w()[0],
        model.w()[1],
        model.b(),
        100 * accuracy);
    return new Fit<>(model, firstLoss, lastLoss, accuracy);
  }

  /**
   * 400 points of XOR (label 1 where the coordinates have the same sign), which no line separates;
   * a 2-16-2 network trained with Adam; prints the loss to {@code out}.
   */
  static Fit<Mlp> mlp(Random rng, PrintStream out) {
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
    Mlp model = Mlp.init(rng, 2, 16, 2);
    Adam adam = new Adam(Adam.Options.defaults().lr(0.05));
    out.println("MLP 2-16-2 (tanh) over tensors, 400 points of XOR, Adam (lr 0.05)");
    double firstLoss = model.loss(x, labels);
    for (int step = 0; step < 300; step++) {
      MlpAdjoint.LossGradient g = MlpAdjoint.lossGradient(model, x, labels);
      if (step % 50 == 0) {
        out.printf(Locale.ROOT, "  step %3d  loss %.4f%n", step, g.value());
      }
      model = adam.step(model, g.self()); // a new Mlp: one Adam step on all four tensors
    }
    double lastLoss = model.loss(x, labels);
    double accuracy = Metrics.accuracy(model.scores(x), labels);
    out.printf(Locale.ROOT, "  step %3d  loss %.4f%n", 300, lastLoss);
    out.printf(Locale.ROOT, "  accuracy %.1f%%%n", 100 * accuracy);
    return new Fit<>(model, firstLoss, lastLoss, accuracy);
  }
}
