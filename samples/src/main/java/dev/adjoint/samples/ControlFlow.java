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

import dev.adjoint.Adjoint;
import dev.adjoint.Differentiable;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;

/**
 * The PyTorch autograd notebook's examples: the gradient of 2 x.x and of a sum over a {@code
 * double[] x}, gradients adding up in one {@code double[] xBar} like {@code x.grad}, a pullback
 * seeded with a vector, {@code detach}, and a function whose control flow depends on its input.
 */
public final class ControlFlow {
  private ControlFlow() {}

  /** The notebook's x = torch.arange(4.0). */
  public static final double[] ARANGE = {0, 1, 2, 3};

  /** The seed of the random points at which {@link #f} is differentiated. */
  public static final long SEED = 2024;

  /**
   * The notebook's a: d = f(a) printed -185575.1406 and a.grad 819200, so a = d / 819200. f is
   * linear on that branch, so this a reproduces both numbers.
   */
  public static final double NOTEBOOK_A = -185575.1406 / 819200.0;

  // ---- y = 2 x.x, y = sum(x) and x * x pulled back with a seed, over double[] x ----

  /** y = 2 x.x (the notebook's {@code 2 * torch.dot(x, x)}): dy/dx = 4x. */
  @Differentiable
  public static double twiceDot(double[] x) {
    double dot = 0;
    for (int i = 0; i < x.length; i++) {
      dot += x[i] * x[i];
    }
    return 2 * dot;
  }

  /** y = sum(x) (the notebook's {@code x.sum()}): dy/dx = (1, ..., 1). */
  @Differentiable
  public static double sum(double[] x) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      total += x[i];
    }
    return total;
  }

  /**
   * y = x * x elementwise, a vector: the notebook's {@code y = x * x;
   * y.backward(gradient=torch.ones(len(x)))} is the generated {@code squaresPullback(x, ones,
   * xBar)}, which adds the vector-Jacobian product ones^T dy/dx = 2x into xBar.
   */
  @Differentiable
  public static double[] squares(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * x[i];
    }
    return y;
  }

  /**
   * v.(x * x) = sum_i v_i x_i^2, differentiated in x only: the same vector-Jacobian product v^T d(x
   * * x)/dx as {@link #squares}'s pullback seeded with v, as the gradient of a scalar.
   */
  @Differentiable(wrt = "x")
  public static double weightedSquares(double[] x, double[] v) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      total += v[i] * x[i] * x[i];
    }
    return total;
  }

  // ---- detach ----

  /** y = x * x: dy/dx = 2x. */
  @Differentiable
  public static double y(double x) {
    return x * x;
  }

  /** z = x * u with u = detach(x * x): u is a constant to the gradient, so dz/dx = u = x^2. */
  @Differentiable
  public static double z(double x) {
    double u = Adjoint.detach(x * x);
    return x * u;
  }

  /** The same z without detach: dz/dx = 3x^2. */
  @Differentiable
  public static double zAttached(double x) {
    double u = x * x;
    return x * u;
  }

  // ---- Python control flow ----

  /**
   * The notebook's f: doubles b until |b| reaches 1000, then keeps it or scales it by 100 by its
   * sign. The number of loop iterations depends on a, yet f is linear in a on each piece, so df/da
   * = f(a) / a. (f does not terminate at a = 0.)
   */
  @Differentiable
  public static double f(double a) {
    double b = a * 2;
    while (Math.abs(b) < 1000) {
      b *= 2;
    }
    double c;
    if (b > 0) {
      c = b;
    } else {
      c = 100 * b;
    }
    return c;
  }

  /** The points at which the tour differentiates {@link #f}: the notebook's, then seeded draws. */
  public static double[] randomPoints(int count) {
    Random random = new Random(SEED);
    double[] points = new double[count];
    points[0] = NOTEBOOK_A;
    for (int i = 1; i < count; i++) {
      points[i] = random.nextGaussian();
    }
    return points;
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Control flow: autograd basics, detach, and gradients through loops and branches",
        "the PyTorch notebook \"Automatic Differentiation\" (torch.autograd)");
    r.code(ControlFlow.class, "twiceDot", "squares", "z", "f");

    double[] x = ARANGE;
    r.section("y = 2 x.x at x = (0, 1, 2, 3), over a double[]: the gradient is 4x");
    ControlFlowAdjoint.TwiceDotGradient dot = ControlFlowAdjoint.twiceDotGradient(x);
    r.printf("  %-34s %s%n", "y", Report.num(dot.value()));
    r.printf("  %-34s %s%n", "dy/dx (Adjoint)", vector(dot.x()));
    r.printf("  %-34s %s%n", "4x (notebook)", vector(4 * x[0], 4 * x[1], 4 * x[2], 4 * x[3]));

    r.section("Pullbacks add into one double[] xBar, as x.grad accumulates in PyTorch");
    double[] xBar = new double[x.length];
    ControlFlowAdjoint.twiceDotPullback(x, 1.0, xBar);
    r.printf("  %-34s %s%n", "twiceDotPullback(x, 1, xBar)", vector(xBar));
    ControlFlowAdjoint.sumPullback(x, 1.0, xBar);
    r.printf("  %-34s %s%n", "then sumPullback, not zeroed", vector(xBar));
    Arrays.fill(xBar, 0.0); // x.grad.zero_()
    r.printf("  %-34s %s%n", "zeroed (x.grad.zero_())", vector(xBar));
    ControlFlowAdjoint.sumPullback(x, 1.0, xBar);
    r.printf("  %-34s %s%n", "then sumPullback: ones", vector(xBar));

    r.section("y = x * x, a vector, pulled back with the seed v = ones: y.backward(v)");
    double[] ones = new double[x.length];
    Arrays.fill(ones, 1.0);
    double[] squaresBar = new double[x.length];
    double[] squared = ControlFlowAdjoint.squaresPullback(x, ones, squaresBar);
    ControlFlowAdjoint.WeightedSquaresGradient weighted =
        ControlFlowAdjoint.weightedSquaresGradient(x, ones);
    r.printf("  %-34s %s%n", "y = squares(x)", vector(squared));
    r.printf("  %-34s %s%n", "squaresPullback(x, v, xBar): xBar", vector(squaresBar));
    r.printf("  %-34s %s%n", "d(v.(x * x))/dx, weightedSquares", vector(weighted.x()));
    r.printf("  %-34s %s%n", "2x (notebook)", vector(2 * x[0], 2 * x[1], 2 * x[2], 2 * x[3]));

    r.section("detach: z = x * detach(x * x) against y = x * x, at x = 0, 1, 2, 3");
    r.printf(
        "  %6s %10s %12s %10s %12s %16s%n", "x", "z", "dz/dx", "y", "dy/dx", "dz/dx, no detach");
    for (double xi : x) {
      ControlFlowAdjoint.ZGradient z = ControlFlowAdjoint.zGradient(xi);
      ControlFlowAdjoint.YGradient y = ControlFlowAdjoint.yGradient(xi);
      ControlFlowAdjoint.ZAttachedGradient za = ControlFlowAdjoint.zAttachedGradient(xi);
      r.printf(
          "  %6s %10s %12s %10s %12s %16s%n",
          Report.num(xi),
          Report.num(z.value()),
          Report.num(z.x()),
          Report.num(y.value()),
          Report.num(y.x()),
          Report.num(za.x()));
    }
    r.text("dz/dx = x^2 = (0, 1, 4, 9) with detach; dy/dx = 2x = (0, 2, 4, 6);");
    r.text("without detach, dz/dx = 3x^2.");

    r.section("f(a): while (|b| < 1000) b *= 2; then a branch on the sign of b");
    r.printf(
        "  %12s %18s %14s %14s %9s %7s%n", "a", "f(a)", "df/da", "f(a)/a", "doublings", "branch");
    for (double a : randomPoints(6)) {
      ControlFlowAdjoint.FGradient g = ControlFlowAdjoint.fGradient(a);
      r.printf(
          "  %12s %18s %14s %14s %9d %7s%n",
          Report.fmt("%.6f", a),
          Report.num(g.value()),
          Report.num(g.a()),
          Report.num(g.value() / a),
          doublings(a),
          a > 0 ? "c = b" : "100 b");
    }
    r.text("The first a is the notebook's draw: f(a) = -185575.1406 and a.grad = 819200.");
    r.text("The loop runs a different number of times for each a; df/da = f(a)/a every time.");
  }

  /** How many times the loop of {@link #f} doubles b. */
  static int doublings(double a) {
    double b = a * 2;
    int n = 0;
    while (Math.abs(b) < 1000) {
      b *= 2;
      n++;
    }
    return n;
  }

  private static String vector(double... v) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      s.append(i == 0 ? "" : ", ").append(Report.num(v[i]));
    }
    return s.append(')').toString();
  }
}
