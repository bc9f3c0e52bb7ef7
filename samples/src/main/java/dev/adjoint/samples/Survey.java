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
import dev.adjoint.jdk.JdkPullbacks;
import java.io.PrintStream;
import java.util.List;

/**
 * The running example of Baydin, Pearlmutter, Radul and Siskind, "Automatic Differentiation in
 * Machine Learning: a Survey": f(x1, x2) = ln(x1) + x1 x2 - sin(x2) at (2, 5), where reverse mode
 * gives df/dx1 = 5.5 and df/dx2 = 1.716 in one backward sweep (JAX: 5.5 and 1.7163378), forward
 * mode one of them per sweep, and the Hessian (f is {@code @Differentiable(order = 2)}) JAX's
 * grad(grad(f)) = d2f/dx1^2 = -0.25.
 */
public final class Survey {
  private Survey() {}

  /** The point of the survey's worked example. */
  public static final double X1 = 2.0;

  public static final double X2 = 5.0;

  @Differentiable(order = 2)
  public static double f(double x1, double x2) {
    return Math.log(x1) + x1 * x2 - Math.sin(x2);
  }

  /** df/dx1 = 1/x1 + x2, derived by hand. */
  public static double dfdx1ByHand(double x1, double x2) {
    return 1.0 / x1 + x2;
  }

  /** df/dx2 = x1 - cos(x2), derived by hand. */
  public static double dfdx2ByHand(double x1, double x2) {
    return x1 - Math.cos(x2);
  }

  /** d2f/dx1^2 = -1/x1^2, d2f/dx1dx2 = 1, d2f/dx2^2 = sin(x2), derived by hand. */
  public static double[][] hessianByHand(double x1, double x2) {
    return new double[][] {{-1 / (x1 * x1), 1}, {1, Math.sin(x2)}};
  }

  /**
   * One generated forward sweep ({@code SurveyAdjoint.fJvp}): the value of f and its derivative
   * along (dx1, dx2), the last line (y, y') of the survey's Table 2.
   */
  public static SurveyAdjoint.FJvp forwardSweep(double x1, double x2, double dx1, double dx2) {
    return SurveyAdjoint.fJvp(x1, x2, dx1, dx2);
  }

  /** The generated Hessian ({@code SurveyAdjoint.fHessian}): forward mode over reverse mode. */
  public static double[][] hessian(double x1, double x2) {
    return SurveyAdjoint.fHessian(x1, x2);
  }

  /** The value and gradient at the survey's point, as Adjoint generated them. */
  public static SurveyAdjoint.FGradient workedExample() {
    return SurveyAdjoint.fGradient(X1, X2);
  }

  /** One line of a trace: the variable, how it is computed, and its value. */
  public record Step(String variable, String rule, double value) {}

  /** The survey's forward primal trace (its Table 2, left): v-1 = x1, ..., y = v5. */
  public static List<Step> primalTrace(double x1, double x2) {
    double vm1 = x1;
    double v0 = x2;
    double v1 = Math.log(vm1);
    double v2 = vm1 * v0;
    double v3 = Math.sin(v0);
    double v4 = v1 + v2;
    double v5 = v4 - v3;
    return List.of(
        new Step("v-1", "x1", vm1),
        new Step("v0", "x2", v0),
        new Step("v1", "ln v-1", v1),
        new Step("v2", "v-1 * v0", v2),
        new Step("v3", "sin v0", v3),
        new Step("v4", "v1 + v2", v4),
        new Step("v5", "v4 - v3", v5),
        new Step("y", "v5", v5));
  }

  /**
   * The survey's forward tangent (derivative) trace (its Table 2, right), seeded with (x1', x2'):
   * each v' by the chain rule, alongside the primal values. One sweep gives the derivative along
   * one direction: (1, 0) gives df/dx1, (0, 1) another sweep df/dx2. The generated {@link
   * #forwardSweep} computes the same steps (its t1, t1Dot, ... are v1, v1', ...) and returns the
   * last line; the tests check the two agree.
   */
  public static List<Step> tangentTrace(double x1, double x2, double dx1, double dx2) {
    double vm1 = x1;
    double v0 = x2;
    double dvm1 = dx1;
    double dv0 = dx2;
    double dv1 = dvm1 / vm1;
    double dv2 = dvm1 * v0 + dv0 * vm1;
    double dv3 = dv0 * Math.cos(v0);
    double dv4 = dv1 + dv2;
    double dv5 = dv4 - dv3;
    return List.of(
        new Step("v-1'", "x1'", dvm1),
        new Step("v0'", "x2'", dv0),
        new Step("v1'", "v-1' / v-1", dv1),
        new Step("v2'", "v-1' * v0 + v0' * v-1", dv2),
        new Step("v3'", "v0' * cos v0", dv3),
        new Step("v4'", "v1' + v2'", dv4),
        new Step("v5'", "v4' - v3'", dv5),
        new Step("y'", "v5'", dv5));
  }

  /**
   * The survey's reverse adjoint trace (its Table 3, right), in the order it is computed: from
   * y-bar = 1 back to x1-bar and x2-bar (the survey's table lists it bottom to top). Each step uses
   * the runtime's pullbacks of {@code Math.sin} and {@code Math.log} ({@code JdkPullbacks}), the
   * ones the generated {@code SurveyAdjoint.fPullback} calls.
   */
  public static List<Step> adjointTrace(double x1, double x2) {
    double vm1 = x1;
    double v0 = x2;
    double v5Bar = 1.0; // y-bar
    double v4Bar = v5Bar * 1;
    double v3Bar = v5Bar * -1;
    double v1Bar = v4Bar * 1;
    double v2Bar = v4Bar * 1;
    double v0Bar = JdkPullbacks.sin(v0, v3Bar); // v3-bar * cos v0
    double vm1Bar = v2Bar * v0;
    double v0BarTotal = v0Bar + v2Bar * vm1;
    double vm1BarTotal = vm1Bar + JdkPullbacks.log(vm1, v1Bar); // + v1-bar / v-1
    return List.of(
        new Step("v5-bar", "y-bar = 1", v5Bar),
        new Step("v4-bar", "v5-bar * dv5/dv4 = v5-bar * 1", v4Bar),
        new Step("v3-bar", "v5-bar * dv5/dv3 = v5-bar * (-1)", v3Bar),
        new Step("v1-bar", "v4-bar * dv4/dv1 = v4-bar * 1", v1Bar),
        new Step("v2-bar", "v4-bar * dv4/dv2 = v4-bar * 1", v2Bar),
        new Step("v0-bar", "v3-bar * dv3/dv0 = v3-bar * cos v0", v0Bar),
        new Step("v-1-bar", "v2-bar * dv2/dv-1 = v2-bar * v0", vm1Bar),
        new Step("v0-bar", "v0-bar + v2-bar * dv2/dv0 = v0-bar + v2-bar * v-1", v0BarTotal),
        new Step("v-1-bar", "v-1-bar + v1-bar * dv1/dv-1 = v-1-bar + v1-bar / v-1", vm1BarTotal),
        new Step("x2-bar", "v0-bar", v0BarTotal),
        new Step("x1-bar", "v-1-bar", vm1BarTotal));
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Survey: f(x1, x2) = ln(x1) + x1*x2 - sin(x2) at (x1, x2) = (2, 5)",
        "\"Introduction to Autodifferentiation in Machine Learning\" (Baydin et al.'s survey)");
    r.code(Survey.class, "f");

    r.section("Forward mode: primal trace and tangent traces (the survey's Table 2)");
    List<Step> primal = primalTrace(X1, X2);
    List<Step> alongX1 = tangentTrace(X1, X2, 1, 0);
    List<Step> alongX2 = tangentTrace(X1, X2, 0, 1);
    r.printf(
        "  %-4s %-12s %8s | %-5s %-24s %8s %8s%n",
        "", "primal", "", "", "tangent", "x'=(1,0)", "x'=(0,1)");
    for (int i = 0; i < primal.size(); i++) {
      Step p = primal.get(i);
      Step t = alongX1.get(i);
      r.printf(
          "  %-4s %-12s %8s | %-5s %-24s %8s %8s%n",
          p.variable(),
          "= " + p.rule(),
          trim(p.value()),
          t.variable(),
          "= " + t.rule(),
          trim(t.value()),
          trim(alongX2.get(i).value()));
    }
    r.text("Two forward sweeps, one per input: y' along (1, 0) is df/dx1 = 5.5, along (0, 1)");
    r.text("it is df/dx2 = 1.716. Adjoint generates this sweep as SurveyAdjoint.fJvp (the");
    r.text("same steps: t1 = log x1, t1Dot = x1Dot / x1, ...); it returns (y, y'):");
    r.blank();
    r.compareHeader("the table");
    SurveyAdjoint.FJvp jvpX1 = forwardSweep(X1, X2, 1, 0);
    SurveyAdjoint.FJvp jvpX2 = forwardSweep(X1, X2, 0, 1);
    r.compare("fJvp(2, 5, 1, 0).value()", jvpX1.value(), trim(primal.get(7).value()) + "    (y)");
    r.compare(
        "fJvp(2, 5, 1, 0).tangent()",
        jvpX1.tangent(),
        trim(alongX1.get(7).value()) + "     (y', along (1, 0))");
    r.compare(
        "fJvp(2, 5, 0, 1).tangent()",
        jvpX2.tangent(),
        trim(alongX2.get(7).value()) + "     (y', along (0, 1))");

    r.section("Reverse mode: the adjoint trace (the survey's Table 3), from y-bar = 1 back");
    for (Step s : adjointTrace(X1, X2)) {
      r.printf("  %-8s = %-52s = %7s%n", s.variable(), s.rule(), trim(s.value()));
    }

    r.section("One reverse sweep gives both partials: SurveyAdjoint.fGradient(2, 5)");
    SurveyAdjoint.FGradient g = workedExample();
    r.compareHeader("survey / by hand");
    r.compare("f(2, 5)", g.value(), "11.652");
    r.compare("df/dx1", g.x1(), "5.5       (1/x1 + x2)");
    r.compare("df/dx2", g.x2(), "1.716     (x1 - cos x2; JAX: 1.7163378)");

    r.section("Second derivatives: SurveyAdjoint.fHessian(2, 5)");
    double[][] hessian = hessian(X1, X2);
    r.text("f is @Differentiable(order = 2). Row i is the gradient of df/dxi:");
    r.printf("  %-10s %14s %14s%n", "", "d/dx1", "d/dx2");
    r.printf("  %-10s %14s %14s%n", "df/dx1", Report.num(hessian[0][0]), Report.num(hessian[0][1]));
    r.printf("  %-10s %14s %14s%n", "df/dx2", Report.num(hessian[1][0]), Report.num(hessian[1][1]));
    r.blank();
    r.compareHeader("by hand");
    r.compare("d2f/dx1^2", hessian[0][0], "-0.25     (-1/x1^2; JAX: grad(grad(f)))");
    r.compare("d2f/dx1dx2 = d2f/dx2dx1", hessian[0][1], "1.0       (from x1 x2)");
    r.compare("d2f/dx2^2", hessian[1][1], "-0.959    (sin x2)");
    r.text("Each row is one Hessian-vector product (fHvp): forward over reverse mode.");
  }

  /** A trace value with 3 decimals, as the survey's tables print them. */
  private static String trim(double v) {
    return Report.fmt("%.3f", v);
  }
}
