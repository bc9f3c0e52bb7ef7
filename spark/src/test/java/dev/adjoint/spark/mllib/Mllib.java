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

import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * MLlib's own solvers on the comparison's tasks, unregularised, with their default tolerances (tol
 * 1e-6, at most 100 iterations): {@code LinearRegression} with the L-BFGS solver (not the normal
 * equations, which it would pick for so few features) and binomial {@code LogisticRegression}
 * (always L-BFGS without regularisation).
 */
final class Mllib {
  private Mllib() {}

  /** A fitted model's parameters in Adjoint's layout, θ = (w, b), and its iteration count. */
  record Fit(double[] theta, int iterations) {}

  static Fit fit(RegressionData.Task task, Dataset<Row> frame) {
    if (task == RegressionData.Task.LINEAR) {
      LinearRegressionModel model =
          new LinearRegression()
              .setSolver("l-bfgs")
              .setRegParam(0.0)
              .setElasticNetParam(0.0)
              .setFitIntercept(true)
              .fit(frame);
      return new Fit(
          theta(model.coefficients(), model.intercept()), model.summary().totalIterations());
    }
    LogisticRegressionModel model =
        new LogisticRegression()
            .setFamily("binomial")
            .setRegParam(0.0)
            .setElasticNetParam(0.0)
            .setFitIntercept(true)
            .fit(frame);
    return new Fit(
        theta(model.coefficients(), model.intercept()), model.summary().totalIterations());
  }

  private static double[] theta(Vector coefficients, double intercept) {
    double[] w = coefficients.toArray();
    double[] theta = java.util.Arrays.copyOf(w, w.length + 1);
    theta[w.length] = intercept;
    return theta;
  }
}
