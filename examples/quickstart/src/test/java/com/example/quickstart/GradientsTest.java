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
 * The generated gradients against central finite differences (GradCheck: |analytic - numeric| <=
 * 1e-5 + 1e-5 |numeric| per element), at several random points; then AdjointCheck over each class
 * (gradient, pullback and forward mode, each against the others and finite differences).
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
      // The inputs of GradCheck are one flat array: w (3 elements), then b.
      double[] wb = {2 * rng.nextGaussian(), 2 * rng.nextGaussian(), 2 * rng.nextGaussian(), rng.nextGaussian()};
      GradCheck.assertGradient(
          v -> Logistic.loss(new double[] {v[0], v[1], v[2]}, v[3], x, y),
          v -> {
            var g = LogisticAdjoint.lossGradient(new double[] {v[0], v[1], v[2]}, v[3], x, y);
            return new double[] {g.w()[0], g.w()[1], g.w()[2], g.b()};
          },
          wb);
    }
  }

  @Test
  void mlpLossGradientMatchesFiniteDifferences() {
    Random rng = new Random(2);
    int in = 2;
    int hidden = 4;
    int classes = 2;
    int[] sizes = {in * hidden, hidden, hidden * classes, classes};
    for (int p = 0; p < POINTS; p++) {
      Tensor x = Tensor.randn(rng, 6, in);
      int[] labels = new int[6];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = rng.nextInt(classes);
      }
      double[] flat = new double[sizes[0] + sizes[1] + sizes[2] + sizes[3]];
      for (int i = 0; i < flat.length; i++) {
        flat[i] = rng.nextGaussian();
      }
      GradCheck.assertGradient(
          v -> {
            Tensor[] t = unflatten(v, sizes, in, hidden, classes);
            return Mlp.loss(t[0], t[1], t[2], t[3], x, labels);
          },
          v -> {
            Tensor[] t = unflatten(v, sizes, in, hidden, classes);
            var g = MlpAdjoint.lossGradient(t[0], t[1], t[2], t[3], x, labels);
            double[] grad = new double[v.length];
            int offset = 0;
            for (Tensor component : new Tensor[] {g.w1(), g.b1(), g.w2(), g.b2()}) {
              double[] values = component.toArray();
              System.arraycopy(values, 0, grad, offset, values.length);
              offset += values.length;
            }
            return grad;
          },
          flat);
    }
  }

  @Test
  void adjointCheckPassesForBothModels() {
    AdjointCheck.of(Logistic.class)
        .points("loss", rng -> new Object[] {
            new double[] {rng.nextGaussian(), rng.nextGaussian()}, rng.nextGaussian(), matrix(rng, 8, 2),
            new double[] {0, 1, 1, 0, 1, 0, 0, 1}})
        .verify();
    AdjointCheck.of(Mlp.class)
        .points("loss", rng -> new Object[] {
            Tensor.randn(rng, 2, 3), Tensor.randn(rng, 3), Tensor.randn(rng, 3, 2), Tensor.randn(rng, 2),
            Tensor.randn(rng, 5, 2), new int[] {0, 1, 1, 0, 1}})
        .verify();
  }

  @Test
  void trainingFitsBothModels() {
    double[] wb = Main.logisticRegression(new Random(42), SILENT);
    assertTrue(wb[0] > 0 && wb[1] > 0, "the weights point from cloud 0 to cloud 1");
    assertTrue(Main.mlp(new Random(42), SILENT) > 0.9, "the network separates XOR");
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

  private static Tensor[] unflatten(double[] v, int[] sizes, int in, int hidden, int classes) {
    int[][] shapes = {{in, hidden}, {hidden}, {hidden, classes}, {classes}};
    Tensor[] t = new Tensor[4];
    int offset = 0;
    for (int k = 0; k < 4; k++) {
      double[] part = new double[sizes[k]];
      System.arraycopy(v, offset, part, 0, sizes[k]);
      t[k] = Tensor.of(part, shapes[k]);
      offset += sizes[k];
    }
    return t;
  }
}
