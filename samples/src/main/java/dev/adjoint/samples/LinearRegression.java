package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Batch gradient descent, first on x^2, then to recover w = (2, -3) and b = 1 from 30 observations
 * of y = 2 x1 - 3 x2 + 1, with the gradient derived by hand and with the one Adjoint generated.
 */
public final class LinearRegression {
  private LinearRegression() {}

  public static final int OBSERVATIONS = 30;
  public static final long DATA_SEED = 42;
  public static final double LEARNING_RATE = 0.5;
  public static final int EPOCHS = 300;
  public static final int PRINT_EVERY = 30;

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
   * The gradient Adjoint generated: each observation's pullback, seeded with 1/n, adds its share
   * of the mean's gradient into the same buffer. Nothing is allocated per observation.
   */
  public static double generatedGradient(Data d, double w1, double w2, double b, double[] gradient) {
    int n = d.size();
    double seed = 1.0 / n;
    double loss = 0;
    for (int t = 0; t < n; t++) {
      loss += LinearRegressionAdjoint.lossPullback(w1, w2, b, d.x1[t], d.x2[t], d.y[t], seed, gradient);
    }
    return loss / n;
  }

  /**
   * Batch gradient descent, printing the loss every {@code printEvery} epochs ({@code out} may be
   * null).
   */
  public static Fit train(
      Data data, double[] init, double learningRate, int epochs, MeanSquaredError mse,
      PrintStream out, int printEvery) {
    double w1 = init[0];
    double w2 = init[1];
    double b = init[2];
    double[] trace = new double[epochs];
    double[] gradient = new double[3]; // reused by every epoch
    for (int epoch = 0; epoch < epochs; epoch++) {
      Arrays.fill(gradient, 0.0);
      trace[epoch] = mse.valueAndGradient(data, w1, w2, b, gradient);
      if (out != null && (epoch % printEvery == 0 || epoch == epochs - 1)) {
        out.print(Report.fmt("  epoch %4d   loss %14s   w = (%9.5f, %9.5f)   b = %8.5f%n",
            epoch, Report.fmt("%.6e", trace[epoch]), w1, w2, b));
      }
      w1 -= learningRate * gradient[0];
      w2 -= learningRate * gradient[1];
      b -= learningRate * gradient[2];
    }
    return new Fit(w1, w2, b, trace);
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Linear regression by batch gradient descent, hand-derived vs generated gradient",
        "\"Automatic Differentiation: What Is It and Why Do We Need It?\"");

    r.section("Warm-up: minimise x^2 from x = 3, learning rate 0.1, 100 steps");
    r.compare("x after 100 steps", descendParabola(3, 0.1, 100), "close to 0 (the minimum)");

    Data data = Data.generate(OBSERVATIONS, DATA_SEED);
    double[] init = initialParameters(DATA_SEED);
    r.section(Report.fmt("%d observations of y = 2 x1 - 3 x2 + 1; loss = mean squared error", data.size()));
    r.text(Report.fmt("learning rate %s, %d epochs; initial w = (%.5f, %.5f), b = %.5f",
        Report.num(LEARNING_RATE), EPOCHS, init[0], init[1], init[2]));

    r.section("(a) the gradient derived by hand, as in the tutorial");
    Fit hand = train(data, init, LEARNING_RATE, EPOCHS, LinearRegression::handGradient, out, PRINT_EVERY);

    r.section("(b) the gradient Adjoint generated: lossPullback summed over the observations");
    Fit generated = train(data, init, LEARNING_RATE, EPOCHS, LinearRegression::generatedGradient, out, PRINT_EVERY);

    r.section("Result");
    double maxRelative = 0;
    for (int e = 0; e < EPOCHS; e++) {
      double scale = Math.max(Math.abs(hand.lossTrace()[e]), Double.MIN_NORMAL);
      maxRelative = Math.max(maxRelative, Math.abs(hand.lossTrace()[e] - generated.lossTrace()[e]) / scale);
    }
    r.printf("  %-14s %12s %12s %12s%n", "", "w1", "w2", "b");
    r.printf("  %-14s %12.6f %12.6f %12.6f%n", "true", 2.0, -3.0, 1.0);
    r.printf("  %-14s %12.6f %12.6f %12.6f%n", "(a) by hand", hand.w1(), hand.w2(), hand.b());
    r.printf("  %-14s %12.6f %12.6f %12.6f%n", "(b) Adjoint", generated.w1(), generated.w2(), generated.b());
    r.text(Report.fmt("the two loss traces differ by at most %.1e (relative) over %d epochs",
        maxRelative, EPOCHS));
  }
}
