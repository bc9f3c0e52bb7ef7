package com.example.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.GradCheck;
import dev.adjoint.tensor.Tensor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated gradients against central finite differences (GradCheck perturbs every element of
 * every component of the record in turn; |analytic - numeric| <= 1e-5 + 1e-5 |numeric| per
 * element), at several random points; AdjointCheck over the layer (its pullback and forward mode,
 * against each other and finite differences); and the training of both models.
 */
class GradientsTest {
  private static final int POINTS = 5;
  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void logisticLossGradientMatchesFiniteDifferences() {
    Random rng = new Random(1);
    for (int p = 0; p < POINTS; p++) {
      double[][] x = matrix(rng, 12, 3);
      double[] y = new double[12];
      for (int i = 0; i < y.length; i++) {
        y[i] = rng.nextBoolean() ? 1 : 0;
      }
      Logistic model =
          new Logistic(
              new double[] {2 * rng.nextGaussian(), 2 * rng.nextGaussian(), 2 * rng.nextGaussian()},
              rng.nextGaussian());
      GradCheck.assertGradient(
          m -> m.loss(x, y), m -> LogisticAdjoint.lossGradient(m, x, y).self(), model);
    }
  }

  @Test
  void mlpLossGradientMatchesFiniteDifferences() {
    Random rng = new Random(2);
    for (int p = 0; p < POINTS; p++) {
      Tensor x = Tensor.randn(rng, 6, 2);
      int[] labels = new int[6];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = rng.nextInt(2);
      }
      // Normal weights and biases, not init's zero biases: every element of the gradient matters.
      Mlp model =
          new Mlp(
              Tensor.randn(rng, 2, 4),
              Tensor.randn(rng, 4),
              Tensor.randn(rng, 4, 2),
              Tensor.randn(rng, 2));
      GradCheck.assertGradient(
          m -> m.loss(x, labels), m -> MlpAdjoint.lossGradient(m, x, labels).self(), model);
    }
  }

  @Test
  void adjointCheckPassesForTheLayer() {
    AdjointCheck.of(Layers.class)
        .points(
            "dense",
            rng ->
                new Object[] {
                  Tensor.randn(rng, 5, 3), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4)
                })
        .verify();
  }

  @Test
  void trainingFitsBothModels() {
    Main.Fit<Logistic> logistic = Main.logisticRegression(new Random(42), SILENT);
    assertTrue(logistic.lastLoss() < logistic.firstLoss() / 2, "the log loss falls");
    assertTrue(
        logistic.model().w()[0] > 0 && logistic.model().w()[1] > 0,
        "the weights point from cloud 0 to cloud 1");
    assertTrue(
        logistic.accuracy() > 0.85, "the clouds, one standard deviation wide, are separated");
    Main.Fit<Mlp> mlp = Main.mlp(new Random(42), SILENT);
    assertTrue(mlp.lastLoss() < mlp.firstLoss() / 2, "the cross-entropy falls");
    assertTrue(mlp.accuracy() > 0.9, "the network separates XOR");
  }

  private static double[][] matrix(Random rng, int rows, int columns) {
    double[][] m = new double[rows][columns];
    for (double[] row : m) {
      for (int j = 0; j < columns; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    return m;
  }
}
