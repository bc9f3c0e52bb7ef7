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
package dev.adjoint.spark.mllib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.Lbfgs;
import dev.adjoint.spark.Example;
import dev.adjoint.spark.LocalGradient;
import dev.adjoint.spark.SparkGradient;
import dev.adjoint.spark.TestSpark;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Adjoint's L-BFGS over the generated pullbacks, summed by Spark, fits what MLlib fits on the same
 * data: the least-squares solution (known exactly, from the normal equations) and the logistic
 * regression's maximum likelihood, to MLlib's tolerance, with a training loss no higher.
 */
class MllibAgreementTest {
  private static final int N = 4000;
  private static final int FEATURES = 8;

  /**
   * Tighter than the default: the gradient to 1e-8, about as far as doubles resolve the loss, and
   * no stop on a small decrease of the loss.
   */
  private static final Lbfgs.Options OPTIONS =
      Lbfgs.Options.defaults().gradientTolerance(1e-8).valueTolerance(0);

  private final SparkSession session =
      SparkSession.builder().config(TestSpark.context().getConf()).getOrCreate();

  @Test
  void linearRegressionFindsTheLeastSquaresSolution() {
    RegressionData data = new RegressionData(RegressionData.Task.LINEAR, FEATURES, 1);
    List<Example> examples = data.list(N);
    JavaRDD<Example> rdd = TestSpark.context().parallelize(examples, 2).cache();
    double[] exact = leastSquares(examples);

    double[] theta = new double[FEATURES + 1];
    Lbfgs.Result adjoint =
        dev.adjoint.spark.Trainer.lbfgs(
            SparkGradient.labeled(rdd, data.task().loss), theta, OPTIONS, null);
    Mllib.Fit mllib = Mllib.fit(data.task(), RegressionData.frame(session, rdd));

    assertArrayEquals(exact, theta, 1e-6, "Adjoint's L-BFGS (" + adjoint.stop() + ")");
    assertArrayEquals(exact, mllib.theta(), 1e-4, "MLlib's L-BFGS");
    assertNoHigherLoss(data, examples, theta, mllib.theta());
    rdd.unpersist();
  }

  @Test
  void logisticRegressionFindsMllibsMaximumLikelihood() {
    RegressionData data = new RegressionData(RegressionData.Task.LOGISTIC, FEATURES, 2);
    List<Example> examples = data.list(N);
    JavaRDD<Example> rdd = TestSpark.context().parallelize(examples, 2).cache();

    double[] theta = new double[FEATURES + 1];
    Lbfgs.Result adjoint =
        dev.adjoint.spark.Trainer.lbfgs(
            SparkGradient.labeled(rdd, data.task().loss), theta, OPTIONS, null);
    Mllib.Fit mllib = Mllib.fit(data.task(), RegressionData.frame(session, rdd));

    double largest = java.util.Arrays.stream(adjoint.gradient()).map(Math::abs).max().orElseThrow();
    assertTrue(
        largest <= 1e-7, () -> "stopped (" + adjoint.stop() + ") at a gradient of " + largest);
    assertArrayEquals(mllib.theta(), theta, 1e-3, "Adjoint's and MLlib's parameters");
    assertNoHigherLoss(data, examples, theta, mllib.theta());
    // And both recovered the weights the labels were drawn from, to the sampling error.
    double[] truth = java.util.Arrays.copyOf(data.weights(), FEATURES + 1);
    truth[FEATURES] = 0.5;
    assertArrayEquals(truth, theta, 0.25);
    rdd.unpersist();
  }

  /**
   * Adjoint's mean training loss is MLlib's or lower, to rounding (both are at the minimum to about
   * 1e-12 of the loss), computed the same way.
   */
  private static void assertNoHigherLoss(
      RegressionData data, List<Example> examples, double[] adjoint, double[] mllib) {
    LocalGradient<Example> loss = LocalGradient.labeled(examples, data.task().loss);
    double ours = loss.evaluate(adjoint).meanLoss();
    double theirs = loss.evaluate(mllib).meanLoss();
    assertTrue(
        ours <= theirs * (1 + 1e-10), () -> "Adjoint's loss " + ours + ", MLlib's " + theirs);
  }

  /** The exact least-squares θ = (w, b): the normal equations, solved by Gaussian elimination. */
  static double[] leastSquares(List<Example> examples) {
    int n = examples.get(0).x().length + 1;
    double[][] m = new double[n][n + 1];
    for (Example e : examples) {
      double[] row = java.util.Arrays.copyOf(e.x(), n);
      row[n - 1] = 1;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          m[i][j] += row[i] * row[j];
        }
        m[i][n] += row[i] * e.y();
      }
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) {
          m[r][k] -= f * m[c][k];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * x[k];
      }
      x[r] = s / m[r][r];
    }
    return x;
  }
}
