package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import java.io.PrintStream;

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

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Survey: f(x1, x2) = ln(x1) + x1*x2 - sin(x2) at (x1, x2) = (2, 5)",
        "\"Introduction to Autodifferentiation in Machine Learning\" (Baydin et al.'s survey)");

    r.section("Forward primal trace, as in the survey's evaluation table");
    double vm1 = X1;
    double v0 = X2;
    double v1 = Math.log(vm1);
    double v2 = vm1 * v0;
    double v3 = Math.sin(v0);
    double v4 = v1 + v2;
    double v5 = v4 - v3;
    r.printf("  %-6s = %-12s = %14s%n", "v-1", "x1", Report.num(vm1));
    r.printf("  %-6s = %-12s = %14s%n", "v0", "x2", Report.num(v0));
    r.printf("  %-6s = %-12s = %14s%n", "v1", "ln v-1", Report.num(v1));
    r.printf("  %-6s = %-12s = %14s%n", "v2", "v-1 * v0", Report.num(v2));
    r.printf("  %-6s = %-12s = %14s%n", "v3", "sin v0", Report.num(v3));
    r.printf("  %-6s = %-12s = %14s%n", "v4", "v1 + v2", Report.num(v4));
    r.printf("  %-6s = %-12s = %14s%n", "y = v5", "v4 - v3", Report.num(v5));

    r.section("One reverse sweep gives both partials: SurveyAdjoint.fGradient(2, 5)");
    SurveyAdjoint.FGradient g = workedExample();
    r.compareHeader("survey / by hand");
    r.compare("f(2, 5)", g.value(), "11.652");
    r.compare("df/dx1", g.x1(), "5.5       (1/x1 + x2)");
    r.compare("df/dx2", g.x2(), "1.716     (x1 - cos x2; JAX: 1.7163378)");
  }
}
