package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.jdk.JdkPullbacks;
import java.io.PrintStream;
import java.util.List;

/**
 * The running example of Baydin, Pearlmutter, Radul and Siskind, "Automatic Differentiation in
 * Machine Learning: a Survey": f(x1, x2) = ln(x1) + x1 x2 - sin(x2) at (2, 5), where reverse mode
 * gives df/dx1 = 5.5 and df/dx2 = 1.716 in one backward sweep (JAX: 5.5 and 1.7163378).
 */
public final class Survey {
  private Survey() {}

  /** The point of the survey's worked example. */
  public static final double X1 = 2.0;

  public static final double X2 = 5.0;

  @Differentiable
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
   * each v' by the chain rule, alongside the primal values. One sweep gives the derivative along one
   * direction: (1, 0) gives df/dx1, (0, 1) another sweep df/dx2.
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

  // TODO(second order, for the lead): the survey's last example is JAX's grad(grad(f))(2.0, 5.0):
  // d2f/dx1^2 = -1/x1^2 = -0.25. It needs the derivative of generated code; add it here (and a
  // line to run() and SurveyTest) once Adjoint generates second derivatives.

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Survey: f(x1, x2) = ln(x1) + x1*x2 - sin(x2) at (x1, x2) = (2, 5)",
        "\"Introduction to Autodifferentiation in Machine Learning\" (Baydin et al.'s survey)");

    r.section("Forward mode: primal trace and tangent traces (the survey's Table 2)");
    List<Step> primal = primalTrace(X1, X2);
    List<Step> alongX1 = tangentTrace(X1, X2, 1, 0);
    List<Step> alongX2 = tangentTrace(X1, X2, 0, 1);
    r.printf("  %-4s %-12s %8s | %-5s %-24s %8s %8s%n", "", "primal", "", "", "tangent", "x'=(1,0)", "x'=(0,1)");
    for (int i = 0; i < primal.size(); i++) {
      Step p = primal.get(i);
      Step t = alongX1.get(i);
      r.printf("  %-4s %-12s %8s | %-5s %-24s %8s %8s%n", p.variable(), "= " + p.rule(), trim(p.value()),
          t.variable(), "= " + t.rule(), trim(t.value()), trim(alongX2.get(i).value()));
    }
    r.text("Two forward sweeps, one per input: y' along (1, 0) is df/dx1 = 5.5, along (0, 1)");
    r.text("it is df/dx2 = 1.716. The final tangents from ForwardMode.surveyTangent, that is");
    r.text(Report.fmt("from %s: %s and %s", ForwardMode.source(),
        Report.num(ForwardMode.surveyTangent(X1, X2, 1, 0)), Report.num(ForwardMode.surveyTangent(X1, X2, 0, 1))));

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
    r.text("JAX's grad(grad(f)) = d2f/dx1^2 = -0.25 needs second derivatives (not yet).");
  }

  /** A trace value with 3 decimals, as the survey's tables print them. */
  private static String trim(double v) {
    return Report.fmt("%.3f", v);
  }
}
