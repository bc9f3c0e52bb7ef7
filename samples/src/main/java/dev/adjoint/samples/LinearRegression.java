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
package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.Sgd;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Batch gradient descent, first on x^2, then to recover w = (2, -3) and b = 1 from 30 observations
 * of y = 2 x1 - 3 x2 + 1: (a) with the gradient derived by hand, (b) with the generated pullback of
 * one observation's squared error, and (c) as the tutorial's one-layer model, {@code nn.Linear(2,
 * 1)} with {@code MSELoss(reduction='sum')} over the whole batch, trained by {@link Sgd}. Then the
 * tutorial's 300 observations, trained as (c).
 */
public final class LinearRegression {
  private LinearRegression() {}

  public static final int OBSERVATIONS = 30;

  /** The tutorial's "change the number of samples": x = random((300, 2)). */
  public static final int MORE_OBSERVATIONS = 300;

  public static final long DATA_SEED = 42;
  public static final double LEARNING_RATE = 0.5;
  public static final int EPOCHS = 300;
  public static final int PRINT_EVERY = 30;

  /** The tutorial's own learning rate and epoch count, for the sum of squares without 1/n. */
  public static final double TUTORIAL_LEARNING_RATE = 1e-2;

  public static final int TUTORIAL_EPOCHS = 10;

  // ---- warm-up: gradient descent on x^2 ----

  @Differentiable
  public static double parabola(double x) {
    return x * x;
  }

  /** The TensorFlow example: minimise x^2 from x = 3 with learning rate 0.1 for 100 steps. */
  public static double descendParabola(double x, double learningRate, int steps) {
    for (int i = 0; i < steps; i++) {
      x -= learningRate * LinearRegressionAdjoint.parabolaGradient(x).x();
    }
    return x;
  }

  // ---- linear regression ----

  /** The squared error of one observation, differentiated in the model's parameters only. */
  @Differentiable(wrt = {"w1", "w2", "b"})
  public static double loss(double w1, double w2, double b, double x1, double x2, double y) {
    double residual = w1 * x1 + w2 * x2 + b - y;
    return residual * residual;
  }

  /** Observations (x1, x2, y) with x uniform in [0, 1) and y = 2 x1 - 3 x2 + 1, no noise. */
  public record Data(double[] x1, double[] x2, double[] y) {
    public static Data generate(int n, long seed) {
      Random random = new Random(seed);
      double[] x1 = new double[n];
      double[] x2 = new double[n];
      double[] y = new double[n];
      for (int t = 0; t < n; t++) {
        x1[t] = random.nextDouble();
        x2[t] = random.nextDouble();
        y[t] = 2 * x1[t] - 3 * x2[t] + 1;
      }
      return new Data(x1, x2, y);
    }

    public int size() {
      return y.length;
    }

    /** The inputs as a batch, one row (x1, x2) per observation: the tutorial's x. */
    public double[][] rows() {
      double[][] xs = new double[size()][];
      for (int t = 0; t < xs.length; t++) {
        xs[t] = new double[] {x1[t], x2[t]};
      }
      return xs;
    }
  }

  // ---- (c) the tutorial's nn.Linear(2, 1) and MSELoss(reduction='sum'), over arrays ----

  /** The tutorial's forward pass, x.dot(w) + b: one linear layer without activation. */
  @Differentiable(wrt = {"w", "b"})
  public static double forward(double[] w, double b, double[] x) {
    double prediction = 0;
    for (int j = 0; j < w.length; j++) {
      prediction += w[j] * x[j];
    }
    return prediction + b;
  }

  /**
   * The sum of squared errors over the whole batch, {@code MSELoss(reduction='sum')}: one call
   * differentiates the whole loss, and its pullback adds into {@code adjoint[0]} (for b) and into
   * {@code wBar}.
   */
  @Differentiable(wrt = {"w", "b"})
  public static double batchLoss(double[] w, double b, double[][] xs, double[] ys) {
    double total = 0;
    for (int t = 0; t < xs.length; t++) {
      double residual = forward(w, b, xs[t]) - ys[t];
      total += residual * residual;
    }
    return total;
  }

  /** Initial parameters, drawn like the tutorial's random(2) and random(1). */
  public static double[] initialParameters(long seed) {
    Random random = new Random(seed + 1);
    return new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble()};
  }

  /** The parameters after training and the mean squared error at the start of each epoch. */
  public record Fit(double w1, double w2, double b, double[] lossTrace) {}

  /** Computes the value of the mean squared error and adds its gradient into {@code gradient}. */
  @FunctionalInterface
  public interface MeanSquaredError {
    double valueAndGradient(Data data, double w1, double w2, double b, double[] gradient);
  }

  /** The tutorial's gradient, derived by hand: d loss_t / dw1 = 2 x1 (w.x + b - y), and so on. */
  public static double handGradient(Data d, double w1, double w2, double b, double[] gradient) {
    int n = d.size();
    double loss = 0;
    double g1 = 0;
    double g2 = 0;
    double gb = 0;
    for (int t = 0; t < n; t++) {
      double residual = w1 * d.x1[t] + w2 * d.x2[t] + b - d.y[t];
      loss += residual * residual;
      g1 += 2 * d.x1[t] * residual;
      g2 += 2 * d.x2[t] * residual;
      gb += 2 * residual;
    }
    gradient[0] += g1 / n;
    gradient[1] += g2 / n;
    gradient[2] += gb / n;
    return loss / n;
  }

  /**
   * The gradient Adjoint generated: each observation's pullback, seeded with 1/n, adds its share of
   * the mean's gradient into the same buffer. Nothing is allocated per observation.
   */
  public static double generatedGradient(
      Data d, double w1, double w2, double b, double[] gradient) {
    int n = d.size();
    double seed = 1.0 / n;
    double loss = 0;
    for (int t = 0; t < n; t++) {
      loss +=
          LinearRegressionAdjoint.lossPullback(w1, w2, b, d.x1[t], d.x2[t], d.y[t], seed, gradient);
    }
    return loss / n;
  }

  /**
   * Batch gradient descent, printing the loss every {@code printEvery} epochs ({@code out} may be
   * null).
   */
  public static Fit train(
      Data data,
      double[] init,
      double learningRate,
      int epochs,
      MeanSquaredError mse,
      PrintStream out,
      int printEvery) {
    double w1 = init[0];
    double w2 = init[1];
    double b = init[2];
    double[] trace = new double[epochs];
    double[] gradient = new double[3]; // reused by every epoch
    for (int epoch = 0; epoch < epochs; epoch++) {
      Arrays.fill(gradient, 0.0);
      trace[epoch] = mse.valueAndGradient(data, w1, w2, b, gradient);
      if (out != null && (epoch % printEvery == 0 || epoch == epochs - 1)) {
        out.print(
            Report.fmt(
                "  epoch %4d   loss %14s   w = (%9.5f, %9.5f)   b = %8.5f%n",
                epoch, Report.fmt("%.6e", trace[epoch]), w1, w2, b));
      }
      w1 -= learningRate * gradient[0];
      w2 -= learningRate * gradient[1];
      b -= learningRate * gradient[2];
    }
    return new Fit(w1, w2, b, trace);
  }

  /**
   * Variant (c): {@link Sgd} over w and b, with the gradient of {@link #batchLoss} from one
   * pullback per epoch. With {@code mean}, the pullback is seeded with 1/n, so that the optimizer
   * sees the gradient of the mean squared error (as (a) and (b) do) and the trace holds the mean;
   * without, it sees the gradient of the sum and the trace holds the sum, as in the tutorial.
   */
  public static Fit trainWithSgd(
      Data data,
      double[] init,
      double learningRate,
      int epochs,
      boolean mean,
      PrintStream out,
      int printEvery) {
    double[][] xs = data.rows();
    double[] ys = data.y();
    double[] w = {init[0], init[1]};
    double[] bias = {init[2]};
    double[] wGrad = new double[w.length]; // wBar of the pullback, w.grad
    double[] bGrad = new double[1]; // the pullback's adjoint buffer: adjoint[0] is dloss/db
    Sgd sgd =
        new Sgd(
            List.of(Parameter.of(w, wGrad), Parameter.of(bias, bGrad)),
            Sgd.Options.defaults().lr(learningRate));
    double n = data.size();
    double seed = mean ? 1.0 / n : 1.0;
    double[] trace = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      sgd.zeroGrad();
      double sumOfSquares =
          LinearRegressionAdjoint.batchLossPullback(w, bias[0], xs, ys, seed, bGrad, wGrad);
      trace[epoch] = mean ? sumOfSquares / n : sumOfSquares;
      if (out != null && (epoch % printEvery == 0 || epoch == epochs - 1)) {
        printProgress(out, epoch, trace[epoch], w[0], w[1], bias[0]);
      }
      sgd.step();
    }
    return new Fit(w[0], w[1], bias[0], trace);
  }

  private static void printProgress(
      PrintStream out, int epoch, double loss, double w1, double w2, double b) {
    out.print(
        Report.fmt(
            "  epoch %4d   loss %14s   w = (%9.5f, %9.5f)   b = %8.5f%n",
            epoch, Report.fmt("%.6e", loss), w1, w2, b));
  }

  /** The largest relative difference between two loss traces. */
  public static double maxRelativeDifference(double[] a, double[] b) {
    double max = 0;
    for (int e = 0; e < a.length; e++) {
      double scale = Math.max(Math.abs(a[e]), Double.MIN_NORMAL);
      max = Math.max(max, Math.abs(a[e] - b[e]) / scale);
    }
    return max;
  }

  public static final String CHART = "linear-regression-loss.png";

  /** The chart's titles and axes. */
  public static final Charts.Spec CHART_SPEC =
      new Charts.Spec(
          CHART,
          "Linear regression, lr 0.5: (a), (b) and (c) give the same loss curve",
          "epoch",
          "mean squared error (log scale)",
          false,
          true);

  /** The loss traces of (a), (b) and (c) over 30 observations, and of (c) over 300 (log scale). */
  public static Path chart(Fit hand, Fit generated, Fit sgd, Fit large) {
    return Charts.write(CHART_SPEC, chartLines(hand, generated, sgd, large));
  }

  /**
   * The chart's curves. (b) and (c) coincide with (a), so they are markers on (a)'s line, at
   * alternate epochs: drawn as lines, they would hide each other.
   */
  public static List<Charts.Line> chartLines(Fit hand, Fit generated, Fit sgd, Fit large) {
    double[] epochs = Charts.indices(hand.lossTrace().length);
    return List.of(
        Charts.Line.of("(a) hand-derived gradient, n = 30", epochs, hand.lossTrace()),
        Charts.Line.sampledMarkers(
            "(b) generated lossPullback, n = 30: on (a)", epochs, generated.lossTrace(), 20, 0),
        Charts.Line.sampledMarkers(
            "(c) generated batchLossPullback + Sgd, n = 30: on (a)",
            epochs,
            sgd.lossTrace(),
            20,
            10),
        Charts.Line.of(
            "(c) generated batchLossPullback + Sgd, n = 300", epochs, large.lossTrace()));
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Linear regression by gradient descent: by hand, generated, and with Sgd",
        "\"Automatic Differentiation: What Is It and Why Do We Need It?\"");
    r.code(LinearRegression.class, "loss", "forward", "batchLoss");

    r.section("Warm-up: minimise x^2 from x = 3, learning rate 0.1, 100 steps");
    r.compare("x after 100 steps", descendParabola(3, 0.1, 100), "close to 0 (the minimum)");

    Data data = Data.generate(OBSERVATIONS, DATA_SEED);
    double[] init = initialParameters(DATA_SEED);
    r.section(
        Report.fmt(
            "%d observations of y = 2 x1 - 3 x2 + 1; loss = mean squared error", data.size()));
    r.text(
        Report.fmt(
            "learning rate %s, %d epochs; initial w = (%.5f, %.5f), b = %.5f",
            Report.num(LEARNING_RATE), EPOCHS, init[0], init[1], init[2]));

    r.text("(a) the gradient derived by hand, as in the tutorial");
    r.text("(b) the generated lossPullback, one call per observation, into one double[3]");
    r.text("(c) nn.Linear(2, 1): batchLossPullback of the sum of squares over the batch,");
    r.text("    seeded with 1/n (so, the mean's gradient) into w.grad and b.grad; Sgd steps");
    Fit hand = train(data, init, LEARNING_RATE, EPOCHS, LinearRegression::handGradient, null, 1);
    Fit generated =
        train(data, init, LEARNING_RATE, EPOCHS, LinearRegression::generatedGradient, null, 1);
    Fit sgd = trainWithSgd(data, init, LEARNING_RATE, EPOCHS, true, null, 1);
    r.blank();
    r.printf("  %-10s %16s %16s %16s%n", "", "(a) by hand", "(b) generated", "(c) Sgd");
    for (int e = 0; e < EPOCHS; e++) {
      if (e % PRINT_EVERY == 0 || e == EPOCHS - 1) {
        r.printf(
            "  epoch %4d %16s %16s %16s%n",
            e,
            Report.fmt("%.9e", hand.lossTrace()[e]),
            Report.fmt("%.9e", generated.lossTrace()[e]),
            Report.fmt("%.9e", sgd.lossTrace()[e]));
      }
    }

    r.section("Result");
    r.printf("  %-16s %12s %12s %12s%n", "", "w1", "w2", "b");
    r.printf("  %-16s %12.6f %12.6f %12.6f%n", "true", 2.0, -3.0, 1.0);
    for (Object[] row :
        new Object[][] {{"(a) by hand", hand}, {"(b) generated", generated}, {"(c) Sgd", sgd}}) {
      Fit fit = (Fit) row[1];
      r.printf("  %-16s %12.6f %12.6f %12.6f%n", row[0], fit.w1(), fit.w2(), fit.b());
    }
    r.text(
        Report.fmt(
            "the loss traces differ by at most %.1e ((b) vs (a)) and %.1e ((c) vs (a)),",
            maxRelativeDifference(hand.lossTrace(), generated.lossTrace()),
            maxRelativeDifference(hand.lossTrace(), sgd.lossTrace())));
    r.text(Report.fmt("relative, over %d epochs", EPOCHS));

    Data more = Data.generate(MORE_OBSERVATIONS, DATA_SEED);
    r.section(
        Report.fmt(
            "%d observations (the tutorial's random((300, 2))), trained as (c)", more.size()));
    r.text(
        Report.fmt(
            "Sgd, learning rate %s, the same initial w and b; loss = mean squared error",
            Report.num(LEARNING_RATE)));
    Fit large = trainWithSgd(more, init, LEARNING_RATE, EPOCHS, true, out, PRINT_EVERY);
    r.printf(
        "  %-16s %12.6f %12.6f %12.6f%n", "(c) Sgd, n = 300", large.w1(), large.w2(), large.b());

    r.section("Why the 1/n: the tutorial's own settings, sum of squares and lr 0.01");
    Fit tutorial30 =
        trainWithSgd(data, init, TUTORIAL_LEARNING_RATE, TUTORIAL_EPOCHS, false, null, 1);
    Fit tutorial300 =
        trainWithSgd(more, init, TUTORIAL_LEARNING_RATE, TUTORIAL_EPOCHS, false, null, 1);
    r.printf("  %-10s %16s %16s%n", "sum loss", "n = 30", "n = 300");
    for (int e = 0; e < TUTORIAL_EPOCHS; e++) {
      r.printf(
          "  epoch %4d %16s %16s%n",
          e,
          Report.fmt("%.6e", tutorial30.lossTrace()[e]),
          Report.fmt("%.6e", tutorial300.lossTrace()[e]));
    }
    r.text("The gradient of a sum grows with n: a step size that works for 30 observations");
    r.text("overshoots for 300, and the loss explodes. Seeding the pullback with 1/n (the");
    r.text("mean) keeps one learning rate right for any n, as above.");
    r.chart(chart(hand, generated, sgd, large));
  }
}
