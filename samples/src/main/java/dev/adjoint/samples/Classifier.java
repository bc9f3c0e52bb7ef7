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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The opening example of Krastanov's notebook: a two-label classifier labels = sigmoid(W .
 * features) on 1000 mock points of 2 features, with cost = sum((model - labels)^2), trained by
 * gradient descent (step 0.0001, 100 steps) twice: with the notebook's numerical gradient (forward
 * differences, one extra evaluation of the cost per parameter) and with the gradient Adjoint
 * generated (one forward and one reverse sweep, whatever the number of parameters).
 */
public final class Classifier {
  private Classifier() {}

  public static final int INPUTS = 2;
  public static final int LABELS = 2;
  public static final int SAMPLES = 1000;
  public static final long SEED = 7;
  public static final double STEP = 1e-4;
  public static final int STEPS = 100;
  public static final int PRINT_EVERY = 10;

  /** The step of the numerical gradient. */
  public static final double H = 1e-6;

  public static final String CHART = "classifier-cost.png";

  /** The notebook's mock training set: x is (inputs x samples), y is (labels x samples), +-1. */
  public record Data(double[][] x, double[][] y) {
    /**
     * The notebook's get_mock_training_set: x uniform in [-1, 1), label i is +1 where feature i is
     * positive and -1 elsewhere, then noise N(0, 0.05^2) is added to x.
     */
    public static Data mock(int inputs, int labels, int samples, long seed) {
      Random random = new Random(seed);
      double[][] x = new double[inputs][samples];
      double[][] y = new double[labels][samples];
      for (int j = 0; j < inputs; j++) {
        for (int s = 0; s < samples; s++) {
          x[j][s] = random.nextDouble() * 2 - 1;
        }
      }
      for (int i = 0; i < labels; i++) {
        for (int s = 0; s < samples; s++) {
          y[i][s] = x[i][s] > 0.0 ? 1 : -1;
        }
      }
      for (int j = 0; j < inputs; j++) {
        for (int s = 0; s < samples; s++) {
          x[j][s] += random.nextGaussian() * 0.05;
        }
      }
      return new Data(x, y);
    }
  }

  /** The notebook's random_parameters: W (labels x inputs) drawn from N(0, 0.1^2). */
  public static double[][] randomParameters(int inputs, int labels, long seed) {
    Random random = new Random(seed + 1);
    double[][] w = new double[labels][inputs];
    for (double[] row : w) {
      for (int j = 0; j < inputs; j++) {
        row[j] = random.nextGaussian() * 0.1;
      }
    }
    return w;
  }

  /**
   * The notebook's cost(parameters, x, y) = sum((sigmoid(W . x) - y)^2), over every label of every
   * sample, differentiated in W only.
   */
  @Differentiable(wrt = "w")
  public static double cost(double[][] w, double[][] x, double[][] y) {
    int samples = x[0].length;
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      for (int s = 0; s < samples; s++) {
        double z = 0;
        for (int j = 0; j < x.length; j++) {
          z += w[i][j] * x[j][s];
        }
        double activation = 1 / (1 + Math.exp(-z));
        double error = activation - y[i][s];
        total += error * error;
      }
    }
    return total;
  }

  /** A way to compute the gradient of the cost, counting the evaluations of the cost it takes. */
  public interface GradientMethod {
    double[][] gradient(double[][] w, Data data, int[] evaluations);
  }

  /**
   * The notebook's numerical_gradient: for each element of W, (f(p + h) - f(p)) / h. It evaluates
   * the cost 1 + (number of parameters) times.
   */
  public static double[][] numericalGradient(double[][] w, Data data, int[] evaluations) {
    double f0 = cost(w, data.x(), data.y());
    evaluations[0]++;
    double[][] grad = new double[w.length][w[0].length];
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < w[i].length; j++) {
        double[][] p = copy(w);
        p[i][j] += H;
        grad[i][j] = (cost(p, data.x(), data.y()) - f0) / H;
        evaluations[0]++;
      }
    }
    return grad;
  }

  /** The generated gradient: one call of the generated code (a forward and a reverse sweep). */
  public static double[][] generatedGradient(double[][] w, Data data, int[] evaluations) {
    evaluations[0]++;
    return ClassifierAdjoint.costGradient(w, data.x(), data.y()).w();
  }

  /** The trained parameters, the cost before each step and after the last, and the evaluations. */
  public record Run(double[][] w, double[] costs, int gradientEvaluations) {}

  /** The notebook's gradient_descent: p -= 0.0001 * gradient, {@code steps} times. */
  public static Run gradientDescent(double[][] w0, Data data, GradientMethod method, int steps) {
    double[][] w = copy(w0);
    double[] costs = new double[steps + 1];
    int[] evaluations = {0};
    costs[0] = cost(w, data.x(), data.y());
    for (int step = 0; step < steps; step++) {
      double[][] g = method.gradient(w, data, evaluations);
      for (int i = 0; i < w.length; i++) {
        for (int j = 0; j < w[i].length; j++) {
          w[i][j] -= STEP * g[i][j];
        }
      }
      costs[step + 1] = cost(w, data.x(), data.y());
    }
    return new Run(w, costs, evaluations[0]);
  }

  /**
   * The share of (label, sample) pairs classified right: label +1 where sigmoid(W . x) > 0.5, that
   * is where W . x > 0. (The notebook thresholds the sigmoid at 0, which labels every point +1.)
   */
  public static double accuracy(double[][] w, Data data) {
    int right = 0;
    int samples = data.x()[0].length;
    for (int i = 0; i < w.length; i++) {
      for (int s = 0; s < samples; s++) {
        double z = 0;
        for (int j = 0; j < w[i].length; j++) {
          z += w[i][j] * data.x()[j][s];
        }
        if ((z > 0 ? 1 : -1) == data.y()[i][s]) {
          right++;
        }
      }
    }
    return (double) right / (w.length * samples);
  }

  /** The largest difference between the parameters the two gradients trained. */
  public static double maxDifference(double[][] a, double[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }

  static double[][] copy(double[][] w) {
    double[][] c = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      c[i] = w[i].clone();
    }
    return c;
  }

  /** The chart's titles and axes. */
  public static final Charts.Spec CHART_SPEC =
      new Charts.Spec(
          CHART,
          "sigmoid(W.x) classifier, 1000 points: cost during gradient descent",
          "step",
          "cost = sum of squared errors",
          false,
          false);

  public static Path chart(Run numerical, Run generated) {
    return Charts.write(CHART_SPEC, chartLines(numerical, generated));
  }

  /**
   * The cost at each step of both runs. They are the same descent, so the generated one is markers
   * on the numerical one's line, every 4th step, which leaves the line visible between them.
   */
  public static List<Charts.Line> chartLines(Run numerical, Run generated) {
    double[] steps = Charts.indices(numerical.costs().length);
    return List.of(
        Charts.Line.of("numerical gradient (5 cost evaluations a step)", steps, numerical.costs()),
        Charts.Line.sampledMarkers(
            "generated gradient (2 sweeps a step): the same descent",
            steps,
            generated.costs(),
            4,
            0));
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Classifier: sigmoid(W . x) on 1000 points, numerical against generated gradients",
        "Stefan Krastanov, \"Intro to Automatic Differentiation\" (a simple classifier)");
    r.code(Classifier.class, "cost");

    Data data = Data.mock(INPUTS, LABELS, SAMPLES, SEED);
    double[][] w0 = randomParameters(INPUTS, LABELS, SEED);
    r.section("2 features, 2 labels (label i = sign of feature i), 1000 points, W is 2 x 2");
    r.text(Report.fmt("gradient descent: W -= %s * gradient, %d steps", Report.num(STEP), STEPS));
    r.text(
        Report.fmt(
            "initial W: cost %s, accuracy %.1f%%",
            Report.num(cost(w0, data.x(), data.y())), 100 * accuracy(w0, data)));

    Run numerical = gradientDescent(w0, data, Classifier::numericalGradient, STEPS);
    Run generated = gradientDescent(w0, data, Classifier::generatedGradient, STEPS);

    r.blank();
    r.printf("  %-10s %22s %22s%n", "cost", "numerical gradient", "generated gradient");
    for (int s = 0; s <= STEPS; s += PRINT_EVERY) {
      r.printf(
          "  step %4d %22s %22s%n",
          s, Report.fmt("%.9f", numerical.costs()[s]), Report.fmt("%.9f", generated.costs()[s]));
    }

    r.section("Result");
    r.printf("  %-22s %10s %10s %10s %10s %9s%n", "", "W11", "W12", "W21", "W22", "accuracy");
    for (Object[] row :
        new Object[][] {
          {"initial", w0},
          {"numerical gradient", numerical.w()},
          {"generated gradient", generated.w()}
        }) {
      double[][] w = (double[][]) row[1];
      r.printf(
          "  %-22s %10.5f %10.5f %10.5f %10.5f %8.1f%%%n",
          row[0], w[0][0], w[0][1], w[1][0], w[1][1], 100 * accuracy(w, data));
    }
    r.text(
        Report.fmt(
            "The two runs end within %.1e of each other (the numerical gradient's error).",
            maxDifference(numerical.w(), generated.w())));

    r.blank();
    r.printf("  %-44s %10s %10s%n", "to compute the gradient, 100 steps", "numerical", "generated");
    r.printf(
        "  %-44s %10d %10d%n",
        "calls (cost evaluations / generated calls)",
        numerical.gradientEvaluations(),
        generated.gradientEvaluations());
    r.printf(
        "  %-44s %10d %10d%n",
        "per step",
        numerical.gradientEvaluations() / STEPS,
        generated.gradientEvaluations() / STEPS);
    r.text("Forward differences evaluate the cost once more for each of the 4 parameters: a");
    r.text("model with a million parameters needs a million and one. The generated gradient");
    r.text("is one forward and one reverse sweep, however many parameters there are.");
    r.chart(chart(numerical, generated));
  }
}
