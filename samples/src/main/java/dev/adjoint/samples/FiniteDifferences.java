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

/**
 * Krastanov's "Numerical Problem 1: Numerical errors": the forward difference (f(p+h) - f(p)) / h
 * of f(p) = p^2 + sqrt(p + 3) at p = 3.5, against the exact derivative, for h = logspace(-15, 0,
 * 100). Large h: truncation error; small h: rounding error; the generated derivative has neither.
 */
public final class FiniteDifferences {
  private FiniteDifferences() {}

  /** The notebook's point. */
  public static final double P0 = 3.5;

  /** The notebook's {@code np.logspace(-15, 0, num=100)}. */
  public static final int POINTS = 100;

  public static final String CHART = "finite-difference-error.png";

  /** The notebook's f(p) = p^2 + sqrt(p + 3). */
  @Differentiable
  public static double f(double p) {
    return p * p + Math.sqrt(p + 3);
  }

  /** The notebook's exact_grad_f: 2p + 0.5 / sqrt(p + 3). */
  public static double exactGradient(double p) {
    return 2 * p + 0.5 / Math.sqrt(p + 3);
  }

  /** The notebook's numeric derivative: (f(p + h) - f(p)) / h. */
  public static double forwardDifference(double p, double h) {
    return (f(p + h) - f(p)) / h;
  }

  /**
   * The survey's centered difference (f(p + h) - f(p - h)) / 2h, whose truncation error is O(h^2).
   */
  public static double centralDifference(double p, double h) {
    return (f(p + h) - f(p - h)) / (2 * h);
  }

  /** 10^-15 ... 10^0 in {@code POINTS} steps, evenly spaced in the exponent (numpy's logspace). */
  public static double[] logspace(double fromExponent, double toExponent, int num) {
    double[] h = new double[num];
    for (int i = 0; i < num; i++) {
      h[i] = Math.pow(10, fromExponent + (toExponent - fromExponent) * i / (num - 1));
    }
    return h;
  }

  /** The errors |exact - numeric| of the forward differences at these step sizes. */
  public static double[] forwardErrors(double[] hs) {
    double exact = exactGradient(P0);
    double[] errors = new double[hs.length];
    for (int i = 0; i < hs.length; i++) {
      errors[i] = Math.abs(exact - forwardDifference(P0, hs[i]));
    }
    return errors;
  }

  /** The errors of the centered differences at these step sizes. */
  public static double[] centralErrors(double[] hs) {
    double exact = exactGradient(P0);
    double[] errors = new double[hs.length];
    for (int i = 0; i < hs.length; i++) {
      errors[i] = Math.abs(exact - centralDifference(P0, hs[i]));
    }
    return errors;
  }

  /** The chart of the error against h (log-log), as the notebook plots it. */
  public static Path chart() {
    double[] hs = logspace(-15, 0, POINTS);
    return Charts.write(
        new Charts.Spec(
            CHART,
            "Forward difference of p^2 + sqrt(p+3) at 3.5: error against h",
            "h",
            "|exact - numeric|",
            true,
            true),
        List.of(
            Charts.Line.of("forward difference (f(p+h) - f(p)) / h", hs, forwardErrors(hs)),
            Charts.Line.of("centered difference (f(p+h) - f(p-h)) / 2h", hs, centralErrors(hs))));
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Finite differences: the error of (f(p+h) - f(p)) / h against h",
        "Stefan Krastanov, \"Intro to Automatic Differentiation\" (numerical problem 1)");
    r.code(FiniteDifferences.class, "f");

    double exact = exactGradient(P0);
    double generated = FiniteDifferencesAdjoint.fGradient(P0).p();
    r.section("f(p) = p^2 + sqrt(p+3) at p = 3.5; exact f'(p) = 2p + 0.5/sqrt(p+3)");
    r.printf(
        "  %-8s %20s %11s %20s %11s%n",
        "h", "forward difference", "|error|", "centered", "|error|");
    for (int k = 0; k <= 15; k++) {
      double h = Math.pow(10, -k);
      double fd = forwardDifference(P0, h);
      double cd = centralDifference(P0, h);
      r.printf(
          "  %-8s %20s %11s %20s %11s%n",
          Report.fmt("1e-%d", k),
          Report.fmt("%.12f", fd),
          Report.fmt("%.2e", Math.abs(fd - exact)),
          Report.fmt("%.12f", cd),
          Report.fmt("%.2e", Math.abs(cd - exact)));
    }

    double[] hs = logspace(-15, 0, POINTS);
    double[] errors = forwardErrors(hs);
    int best = 0;
    for (int i = 1; i < errors.length; i++) {
      if (errors[i] < errors[best]) {
        best = i;
      }
    }
    r.blank();
    r.compareHeader("");
    r.compare("exact: 2p + 0.5/sqrt(p+3)", exact, "");
    r.compare(
        "Adjoint: FiniteDifferencesAdjoint",
        generated,
        Report.fmt("|error| = %.1e", Math.abs(generated - exact)));
    r.compare(
        "best of 100 forward differences",
        forwardDifference(P0, hs[best]),
        Report.fmt("|error| %.1e (h %.1e)", errors[best], hs[best]));
    r.text("Large h: truncation error (~ h f''/2); small h: rounding error (~ eps f/h).");
    r.text("No h gets the forward difference within 1e-9; Adjoint's derivative is exact to");
    r.text("rounding.");
    r.chart(chart());
  }
}
