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

/**
 * Krastanov's third and fourth methods: forward-mode automatic differentiation (the chain rule
 * carried forward with the values) and reverse mode (values first, then the adjoints backwards), on
 * the notebook's exp(tanh(x)) at 0.5; then what each costs for the full Jacobian of a function of 5
 * inputs and 3 outputs: forward mode needs one sweep per input (a column each), reverse mode one
 * per output (a row each), finite differences one evaluation per input plus one.
 *
 * <p>Both modes are generated: {@code expTanhJvp} and {@code outputsJvp} are forward mode, {@code
 * expTanhGradient} and {@code outputsPullback} reverse mode, and {@code outputsJacobian} picks the
 * cheaper of the two for the whole matrix.
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

  /**
   * The 3 outputs (f1, f2, f3) of p as one method returning {@code double[]}: Adjoint generates its
   * Jacobian-vector product ({@code outputsJvp}, one forward sweep gives a column), its
   * vector-Jacobian product ({@code outputsPullback}, one reverse sweep gives a row) and the whole
   * matrix ({@code outputsJacobian}).
   */
  @Differentiable
  public static double[] outputs(double[] p) {
    double[] f = new double[OUTPUTS];
    f[0] = p[0] * p[1] + Math.sin(p[2]); // f1 = p1 p2 + sin p3
    f[1] = Math.exp(p[3]) * p[4] - p[0]; // f2 = exp(p4) p5 - p1
    f[2] = Math.tanh(p[1] * p[2] * p[3]) + p[4] * p[4]; // f3 = tanh(p2 p3 p4) + p5^2
    return f;
  }

  /** The Jacobian of {@link #outputs} derived by hand. */
  public static double[][] jacobianByHand(double[] p) {
    double u = p[1] * p[2] * p[3];
    double s = 1 - Math.tanh(u) * Math.tanh(u); // d tanh(u)/du
    return new double[][] {
      {p[1], p[0], Math.cos(p[2]), 0, 0},
      {-1, 0, 0, Math.exp(p[3]) * p[4], Math.exp(p[3])},
      {0, s * p[2] * p[3], s * p[1] * p[3], s * p[1] * p[2], 2 * p[4]},
    };
  }

  /** The Jacobian and how many sweeps (or evaluations of f) it took. */
  public record Jacobian(double[][] entries, int sweeps) {}

  /** The generated {@code outputsJacobian}: it picks forward or reverse sweeps itself. */
  public static double[][] generatedJacobian(double[] p) {
    return ForwardVsReverseAdjoint.outputsJacobian(p);
  }

  /**
   * Which mode {@code outputsJacobian} uses, by its documented rule: one forward sweep per input
   * when there are no more inputs than outputs, else one reverse sweep per output.
   */
  public static String generatedJacobianChoice(int inputs, int outputs) {
    return inputs <= outputs
        ? Report.fmt("forward mode, %d sweeps (%d inputs <= %d outputs)", inputs, inputs, outputs)
        : Report.fmt("reverse mode, %d sweeps (%d inputs > %d outputs)", outputs, inputs, outputs);
  }

  /**
   * Reverse mode: one generated pullback (vector-Jacobian product) per output, seeded with the unit
   * vector e_k; each adds row k of the Jacobian into its buffer.
   */
  public static Jacobian reverseJacobian(double[] p) {
    double[][] j = new double[OUTPUTS][INPUTS];
    int sweeps = 0;
    for (int k = 0; k < OUTPUTS; k++) {
      ForwardVsReverseAdjoint.outputsPullback(p, unit(OUTPUTS, k), j[k]);
      sweeps++;
    }
    return new Jacobian(j, sweeps);
  }

  /**
   * Forward mode: one generated tangent sweep (Jacobian-vector product) per input, seeded with the
   * unit vector e_i; each gives column i of the Jacobian.
   */
  public static Jacobian forwardJacobian(double[] p) {
    double[][] j = new double[OUTPUTS][INPUTS];
    int sweeps = 0;
    for (int i = 0; i < INPUTS; i++) {
      double[] column = ForwardVsReverseAdjoint.outputsJvp(p, unit(INPUTS, i)).tangent();
      sweeps++;
      for (int k = 0; k < OUTPUTS; k++) {
        j[k][i] = column[k];
      }
    }
    return new Jacobian(j, sweeps);
  }

  /** The unit vector e_i of length n. */
  static double[] unit(int n, int i) {
    double[] e = new double[n];
    e[i] = 1;
    return e;
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
    r.code(ForwardVsReverse.class, "expTanh", "outputs");

    r.section("Forward mode on [exp, tanh] at x = 0.5: value and derivative carried together");
    double value = X;
    double derivative = 1;
    r.printf("  %-34s %14s %14s%n", "step", "value", "derivative");
    r.printf("  %-34s %14s %14s%n", "x", Report.num(value), Report.num(derivative));
    double t = Math.tanh(value);
    derivative = (1 - t * t) * derivative;
    value = t;
    r.printf(
        "  %-34s %14s %14s%n", "tanh: d *= 1 - tanh^2", Report.num(value), Report.num(derivative));
    double e = Math.exp(value);
    derivative = e * derivative;
    value = e;
    r.printf("  %-34s %14s %14s%n", "exp:  d *= exp", Report.num(value), Report.num(derivative));
    ForwardVsReverseAdjoint.ExpTanhJvp jvp = ForwardVsReverseAdjoint.expTanhJvp(X, 1);
    r.printf(
        "  %-34s %14s %14s%n",
        "generated: expTanhJvp(0.5, 1)", Report.num(jvp.value()), Report.num(jvp.tangent()));

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
    ForwardVsReverseAdjoint.ExpTanhGradient gradient = ForwardVsReverseAdjoint.expTanhGradient(X);
    r.printf("  %-34s %14s%n", "generated: expTanhGradient(0.5)", Report.num(gradient.x()));

    r.section("d exp(tanh x)/dx at x = 0.5, four ways");
    r.compareHeader("");
    r.compare("forward: expTanhJvp(0.5, 1)", jvp.tangent(), "generated, one forward sweep");
    r.compare("reverse: expTanhGradient(0.5)", gradient.x(), "generated, one reverse sweep");
    r.compare("exp(tanh x) (1 - tanh^2 x)", expTanhByChainRule(X), "chain rule by hand");
    double h = 1e-4;
    r.compare(
        "(f(x+h) - f(x)) / h, h = 1e-4", (expTanh(X + h) - expTanh(X)) / h, "the notebook's check");

    r.section("The Jacobian of f: R^5 -> R^3 at p = (0.5, -1, 2, 0.3, 1.5)");
    r.text("f1 = p1 p2 + sin p3,  f2 = exp(p4) p5 - p1,  f3 = tanh(p2 p3 p4) + p5^2,");
    r.text("one @Differentiable method double[] outputs(double[] p); outputsJacobian(p):");
    double[][] generated = generatedJacobian(P);
    double[][] byHand = jacobianByHand(P);
    Jacobian forward = forwardJacobian(P);
    Jacobian reverse = reverseJacobian(P);
    Jacobian numerical = numericalJacobian(P, H);
    r.blank();
    r.printf("  %-6s%s%n", "", columns("d/dp1", "d/dp2", "d/dp3", "d/dp4", "d/dp5"));
    for (int k = 0; k < OUTPUTS; k++) {
      String[] row = new String[INPUTS];
      for (int i = 0; i < INPUTS; i++) {
        row[i] = Report.fmt("%.6f", generated[k][i]);
      }
      r.printf("  %-6s%s%n", "f" + (k + 1), columns(row));
    }
    r.blank();
    r.printf("  %-44s %7s %19s%n", "", "sweeps", "max |J - by hand|");
    r.printf(
        "  %-44s %7d %19s%n",
        "forward: outputsJvp(p, e_i), a column each",
        forward.sweeps(),
        diff(forward.entries(), byHand));
    r.printf(
        "  %-44s %7d %19s%n",
        "reverse: outputsPullback(p, e_k, ...), a row",
        reverse.sweeps(),
        diff(reverse.entries(), byHand));
    r.printf(
        "  %-44s %7d %19s%n",
        "outputsJacobian(p), picks the fewer sweeps",
        Math.min(INPUTS, OUTPUTS),
        diff(generated, byHand));
    r.printf(
        "  %-44s %7d %19s%n",
        "forward differences (h = 1e-6), evaluations",
        numerical.sweeps(),
        diff(numerical.entries(), byHand));
    r.text("What outputsJacobian chose: " + generatedJacobianChoice(INPUTS, OUTPUTS) + ".");
    r.text("Reverse mode takes one sweep per output (a row each), forward mode one per input");
    r.text("(a column each). A cost function has one output: one reverse sweep gives all of");
    r.text("its gradient.");
  }

  private static String diff(double[][] a, double[][] b) {
    return Report.fmt("%.1e", maxDifference(a, b));
  }

  private static String columns(String... cells) {
    StringBuilder s = new StringBuilder();
    for (String c : cells) {
      s.append(Report.fmt("%12s", c));
    }
    return s.toString();
  }
}
