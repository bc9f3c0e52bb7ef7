package dev.adjoint.samples;

import dev.adjoint.Adjoint;
import dev.adjoint.Differentiable;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;

/**
 * The PyTorch autograd notebook's examples, written over scalars: the gradient of 2 x.x and of a
 * sum, gradients adding up in a buffer, {@code detach}, and a function whose control flow depends
 * on its input.
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

  // ---- y = 2 x.x and y = sum(x), over the four components of x ----

  @Differentiable
  public static double twiceDot(double x0, double x1, double x2, double x3) {
    return 2 * (x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3);
  }

  @Differentiable
  public static double sum(double x0, double x1, double x2, double x3) {
    return x0 + x1 + x2 + x3;
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
   * sign. The number of loop iterations depends on a, yet f is linear in a on each piece, so
   * df/da = f(a) / a. (f does not terminate at a = 0.)
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

    double[] x = ARANGE;
    r.section("y = 2 x.x at x = (0, 1, 2, 3): the gradient is 4x");
    ControlFlowAdjoint.TwiceDotGradient dot = ControlFlowAdjoint.twiceDotGradient(x[0], x[1], x[2], x[3]);
    r.printf("  %-22s %s%n", "y", Report.num(dot.value()));
    r.printf("  %-22s %s%n", "dy/dx (Adjoint)", vector(dot.x0(), dot.x1(), dot.x2(), dot.x3()));
    r.printf("  %-22s %s%n", "4x (notebook)", vector(4 * x[0], 4 * x[1], 4 * x[2], 4 * x[3]));

    r.section("Pullbacks add into the adjoint buffer, as x.grad accumulates in PyTorch");
    double[] grad = new double[4];
    ControlFlowAdjoint.twiceDotPullback(x[0], x[1], x[2], x[3], 1.0, grad);
    r.printf("  %-34s %s%n", "after twiceDotPullback", vector(grad));
    ControlFlowAdjoint.sumPullback(x[0], x[1], x[2], x[3], 1.0, grad);
    r.printf("  %-34s %s%n", "after sumPullback, not zeroed", vector(grad));
    Arrays.fill(grad, 0.0);
    ControlFlowAdjoint.sumPullback(x[0], x[1], x[2], x[3], 1.0, grad);
    r.printf("  %-34s %s%n", "zeroed, then sumPullback", vector(grad));

    r.section("detach: z = x * detach(x * x) against y = x * x, at x = 0, 1, 2, 3");
    r.printf("  %6s %10s %12s %10s %12s %16s%n", "x", "z", "dz/dx", "y", "dy/dx", "dz/dx, no detach");
    for (double xi : x) {
      ControlFlowAdjoint.ZGradient z = ControlFlowAdjoint.zGradient(xi);
      ControlFlowAdjoint.YGradient y = ControlFlowAdjoint.yGradient(xi);
      ControlFlowAdjoint.ZAttachedGradient za = ControlFlowAdjoint.zAttachedGradient(xi);
      r.printf(
          "  %6s %10s %12s %10s %12s %16s%n",
          Report.num(xi), Report.num(z.value()), Report.num(z.x()), Report.num(y.value()),
          Report.num(y.x()), Report.num(za.x()));
    }
    r.text("dz/dx = x^2 = (0, 1, 4, 9) with detach; dy/dx = 2x = (0, 2, 4, 6); without detach 3x^2.");

    r.section("f(a): while (|b| < 1000) b *= 2; then a branch on the sign of b");
    r.printf("  %12s %18s %14s %14s %9s %7s%n", "a", "f(a)", "df/da", "f(a)/a", "doublings", "branch");
    for (double a : randomPoints(6)) {
      ControlFlowAdjoint.FGradient g = ControlFlowAdjoint.fGradient(a);
      r.printf(
          "  %12s %18s %14s %14s %9d %7s%n",
          Report.fmt("%.6f", a), Report.num(g.value()), Report.num(g.a()), Report.num(g.value() / a),
          doublings(a), a > 0 ? "c = b" : "100 b");
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
