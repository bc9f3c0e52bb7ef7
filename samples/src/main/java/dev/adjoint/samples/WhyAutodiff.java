package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import java.io.PrintStream;

/**
 * Stefan Krastanov's "Intro to Automatic Differentiation": finite differences are noisy, symbolic
 * derivatives swell, and automatic differentiation applies the chain rule step by step while
 * computing values.
 */
public final class WhyAutodiff {
  private WhyAutodiff() {}

  /** The notebook's point for the finite-difference error study. */
  public static final double P0 = 3.5;

  /** The notebook's f(p) = p^2 + sqrt(p + 3). */
  @Differentiable
  public static double g(double p) {
    return p * p + Math.sqrt(p + 3);
  }

  /** The notebook's exact_grad_f: 2p + 0.5 / sqrt(p + 3). */
  public static double gExactGradient(double p) {
    return 2 * p + 0.5 / Math.sqrt(p + 3);
  }

  /** The forward difference (g(p + h) - g(p)) / h. */
  public static double gForwardDifference(double p, double h) {
    return (g(p + h) - g(p)) / h;
  }

  /** The notebook's expression [exp, tanh]: exp(tanh(x)). */
  @Differentiable
  public static double expTanh(double x) {
    return Math.exp(Math.tanh(x));
  }

  /** d exp(tanh x)/dx by the chain rule: exp(tanh x) (1 - tanh^2 x). */
  public static double expTanhByChainRule(double x) {
    double t = Math.tanh(x);
    return Math.exp(t) * (1 - t * t);
  }

  /**
   * The notebook's repeated_layers(n): n layers of the logistic map x -> 4x(1 - x). Its symbolic
   * derivative grows exponentially with n; its reverse sweep is the loop run backwards.
   */
  @Differentiable
  public static double layers(double x, int n) {
    double v = x;
    for (int i = 0; i < n; i++) {
      v = 4 * v * (1 - v);
    }
    return v;
  }

  /** d layers(x, n)/dx in forward mode: the tangent t -> 4 (1 - 2v) t carried along the loop. */
  public static double layersForwardTangent(double x, int n) {
    double v = x;
    double t = 1;
    for (int i = 0; i < n; i++) {
      t = 4 * (1 - 2 * v) * t;
      v = 4 * v * (1 - v);
    }
    return t;
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Why autodiff: finite differences, symbolic swell, the chain rule step by step",
        "Stefan Krastanov, \"Intro to Automatic Differentiation\"");

    r.section("Finite differences: (f(p+h) - f(p)) / h for f = p^2 + sqrt(p+3) at 3.5");
    double exact = gExactGradient(P0);
    double generated = WhyAutodiffAdjoint.gGradient(P0).p();
    r.printf("  %-8s %22s %14s%n", "h", "forward difference", "|error|");
    for (int k = 1; k <= 15; k += 2) {
      double h = Math.pow(10, -k);
      double fd = gForwardDifference(P0, h);
      r.printf("  %-8s %22s %14s%n", Report.fmt("1e-%d", k), Report.num(fd), Report.fmt("%.2e", Math.abs(fd - exact)));
    }
    r.printf("  %-8s %22s %14s%n", "Adjoint", Report.num(generated), Report.fmt("%.2e", Math.abs(generated - exact)));
    r.text("exact: 2p + 0.5/sqrt(p+3) = " + Report.num(exact) + ". Large h: truncation error;");
    r.text("small h: rounding error. Adjoint's derivative has neither.");

    r.section("The chain rule step by step: d exp(tanh x)/dx at x = 0.5");
    double x = 0.5;
    r.compareHeader("check");
    WhyAutodiffAdjoint.ExpTanhGradient et = WhyAutodiffAdjoint.expTanhGradient(x);
    r.compare("exp(tanh 0.5)", et.value(), "");
    r.compare("d/dx, generated", et.x(), "");
    r.compare("exp(tanh x) (1 - tanh^2 x)", expTanhByChainRule(x), "chain rule by hand");
    double h = 1e-4;
    r.compare("(f(x+h) - f(x)) / h, h = 1e-4", (expTanh(x + h) - expTanh(x)) / h, "the notebook's check");

    r.section("Expression swell: n layers of x -> 4x(1 - x) at x = 0.3 (a loop over int n)");
    r.printf("  %3s %14s %20s %20s%n", "n", "layers(x, n)", "d/dx (Adjoint)", "forward tangent");
    for (int n = 0; n <= 9; n++) {
      WhyAutodiffAdjoint.LayersGradient lg = WhyAutodiffAdjoint.layersGradient(0.3, n);
      r.printf("  %3d %14s %20s %20s%n", n, Report.num(lg.value()), Report.num(lg.x()), Report.num(layersForwardTangent(0.3, n)));
    }
    r.text("Symbolically, the derivative is a polynomial of degree 2^n - 1 (sympy's expressions");
    r.text("swell); the generated reverse sweep is the loop run backwards, n steps.");
  }
}
