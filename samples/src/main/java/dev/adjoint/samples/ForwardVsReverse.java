package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import java.io.PrintStream;

/**
 * Krastanov's third and fourth methods: forward-mode automatic differentiation (the chain rule
 * carried forward with the values) and reverse mode (values first, then the adjoints backwards), on
 * the notebook's exp(tanh(x)) at 0.5; then what each costs for the full Jacobian of a function of 5
 * inputs and 3 outputs: forward mode needs one sweep per input (a column each), reverse mode one
 * per output (a row each), finite differences one evaluation per input plus one.
 *
 * <p>The forward-mode numbers come from {@link ForwardMode}, whose hand-written tangents stand in
 * for generated forward mode until the processor has it.
 */
public final class ForwardVsReverse {
  private ForwardVsReverse() {}

  /** The notebook's input value. */
  public static final double X = 0.5;

  public static final int INPUTS = 5;
  public static final int OUTPUTS = 3;

  /** The point at which the Jacobian is taken. */
  public static final double[] P = {0.5, -1.0, 2.0, 0.3, 1.5};

  /** The step of the finite-difference Jacobian. */
  public static final double H = 1e-6;

  // ---- exp(tanh(x)) ----

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

  // ---- a function of 5 inputs and 3 outputs ----

  @Differentiable
  public static double f1(double[] p) {
    return p[0] * p[1] + Math.sin(p[2]);
  }

  @Differentiable
  public static double f2(double[] p) {
    return Math.exp(p[3]) * p[4] - p[0];
  }

  @Differentiable
  public static double f3(double[] p) {
    return Math.tanh(p[1] * p[2] * p[3]) + p[4] * p[4];
  }

  /** The 3 outputs (f1, f2, f3) of p. */
  public static double[] outputs(double[] p) {
    return new double[] {f1(p), f2(p), f3(p)};
  }

  /**
   * v . f(p), differentiated in p only: its pullback is the vector-Jacobian product v^T J, so one
   * reverse sweep seeded with v = e_k gives row k of the Jacobian.
   */
  @Differentiable(wrt = "p")
  public static double project(double[] p, double[] v) {
    return v[0] * f1(p) + v[1] * f2(p) + v[2] * f3(p);
  }

  /** The Jacobian and how many sweeps (or evaluations of f) it took. */
  public record Jacobian(double[][] entries, int sweeps) {}

  /** Reverse mode: one generated pullback per output, seeded with e_k; each gives a row. */
  public static Jacobian reverseJacobian(double[] p) {
    double[][] j = new double[OUTPUTS][INPUTS];
    int sweeps = 0;
    for (int k = 0; k < OUTPUTS; k++) {
      double[] seed = new double[OUTPUTS];
      seed[k] = 1;
      ForwardVsReverseAdjoint.projectPullback(p, seed, 1.0, j[k]);
      sweeps++;
    }
    return new Jacobian(j, sweeps);
  }

  /** Forward mode: one tangent sweep per input, seeded with e_i; each gives a column. */
  public static Jacobian forwardJacobian(double[] p) {
    double[][] j = new double[OUTPUTS][INPUTS];
    int sweeps = 0;
    for (int i = 0; i < INPUTS; i++) {
      double[] column = ForwardMode.jacobianColumn(p, i);
      sweeps++;
      for (int k = 0; k < OUTPUTS; k++) {
        j[k][i] = column[k];
      }
    }
    return new Jacobian(j, sweeps);
  }

  /** Forward differences: f(p) once, then f(p + h e_i) for each input. */
  public static Jacobian numericalJacobian(double[] p, double h) {
    double[][] j = new double[OUTPUTS][INPUTS];
    double[] f0 = outputs(p);
    int evaluations = 1;
    for (int i = 0; i < INPUTS; i++) {
      double[] q = p.clone();
      q[i] += h;
      double[] fi = outputs(q);
      evaluations++;
      for (int k = 0; k < OUTPUTS; k++) {
        j[k][i] = (fi[k] - f0[k]) / h;
      }
    }
    return new Jacobian(j, evaluations);
  }

  /** The largest absolute difference between two matrices of the same shape. */
  public static double maxDifference(double[][] a, double[][] b) {
    double max = 0;
    for (int k = 0; k < a.length; k++) {
      for (int i = 0; i < a[k].length; i++) {
        max = Math.max(max, Math.abs(a[k][i] - b[k][i]));
      }
    }
    return max;
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Forward vs. reverse mode: exp(tanh x), and a Jacobian of 5 inputs and 3 outputs",
        "Stefan Krastanov, \"Intro to Automatic Differentiation\" (forward, reverse)");

    r.section("Forward mode on [exp, tanh] at x = 0.5: value and derivative carried together");
    double value = X;
    double derivative = 1;
    r.printf("  %-22s %14s %14s%n", "step", "value", "derivative");
    r.printf("  %-22s %14s %14s%n", "x", Report.num(value), Report.num(derivative));
    double t = Math.tanh(value);
    derivative = (1 - t * t) * derivative;
    value = t;
    r.printf("  %-22s %14s %14s%n", "tanh: d *= 1 - tanh^2", Report.num(value), Report.num(derivative));
    double e = Math.exp(value);
    derivative = e * derivative;
    value = e;
    r.printf("  %-22s %14s %14s%n", "exp:  d *= exp", Report.num(value), Report.num(derivative));

    r.section("Reverse mode: the values forward, then the adjoints backwards");
    double v0 = X;
    double v1 = Math.tanh(v0);
    double v2 = Math.exp(v1);
    double v2Bar = 1;
    double v1Bar = v2Bar * Math.exp(v1);
    double v0Bar = v1Bar * (1 - v1 * v1);
    r.printf("  %-34s %14s%n", "v0 = x", Report.num(v0));
    r.printf("  %-34s %14s%n", "v1 = tanh v0", Report.num(v1));
    r.printf("  %-34s %14s%n", "v2 = exp v1 = y", Report.num(v2));
    r.printf("  %-34s %14s%n", "v2-bar = 1", Report.num(v2Bar));
    r.printf("  %-34s %14s%n", "v1-bar = v2-bar * exp v1", Report.num(v1Bar));
    r.printf("  %-34s %14s%n", "v0-bar = v1-bar * (1 - tanh^2 v0)", Report.num(v0Bar));

    r.section("d exp(tanh x)/dx at x = 0.5, four ways");
    r.compareHeader("");
    r.compare("reverse: ForwardVsReverseAdjoint", ForwardVsReverseAdjoint.expTanhGradient(X).x(), "generated");
    r.compare("forward: one tangent sweep", ForwardMode.expTanhTangent(X, 1), ForwardMode.GENERATED ? "generated" : "hand-written");
    r.compare("exp(tanh x) (1 - tanh^2 x)", expTanhByChainRule(X), "chain rule by hand");
    double h = 1e-4;
    r.compare("(f(x+h) - f(x)) / h, h = 1e-4", (expTanh(X + h) - expTanh(X)) / h, "the notebook's check");

    r.section("The Jacobian of f: R^5 -> R^3 at p = (0.5, -1, 2, 0.3, 1.5)");
    r.text("f1 = p1 p2 + sin p3,  f2 = exp(p4) p5 - p1,  f3 = tanh(p2 p3 p4) + p5^2");
    Jacobian reverse = reverseJacobian(P);
    Jacobian forward = forwardJacobian(P);
    Jacobian numerical = numericalJacobian(P, H);
    r.printf("  %-6s%s%n", "", columns("d/dp1", "d/dp2", "d/dp3", "d/dp4", "d/dp5"));
    for (int k = 0; k < OUTPUTS; k++) {
      String[] row = new String[INPUTS];
      for (int i = 0; i < INPUTS; i++) {
        row[i] = Report.fmt("%.6f", reverse.entries()[k][i]);
      }
      r.printf("  %-6s%s%n", "f" + (k + 1), columns(row));
    }
    r.blank();
    r.printf("  %-44s %8s %14s%n", "", "sweeps", "max |diff|");
    r.printf("  %-44s %8d %14s%n", "reverse mode (generated pullback, seed e_k)", reverse.sweeps(), "(the table)");
    r.printf("  %-44s %8d %14s%n", "forward mode (tangent seeded with e_i)", forward.sweeps(),
        Report.fmt("%.1e", maxDifference(forward.entries(), reverse.entries())));
    r.printf("  %-44s %8d %14s%n", "forward differences (h = 1e-6), evaluations", numerical.sweeps(),
        Report.fmt("%.1e", maxDifference(numerical.entries(), reverse.entries())));
    r.text("Reverse mode takes one sweep per output (a row each), forward mode one per input");
    r.text("(a column each). A cost function has one output: one reverse sweep gives all of");
    r.text("its gradient.");
    r.text("Forward mode here: " + ForwardMode.source() + ".");
  }

  private static String columns(String... cells) {
    StringBuilder s = new StringBuilder();
    for (String c : cells) {
      s.append(Report.fmt("%12s", c));
    }
    return s.toString();
  }
}
