package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import java.io.PrintStream;

/**
 * The first derivatives of the small polynomial examples in the PyTorch and TensorFlow notebooks:
 * d(x^2)/dx = 4 and d(x^3)/dx = 12 at x = 2.
 */
public final class Cubic {
  private Cubic() {}

  @Differentiable
  public static double square(double x) {
    return x * x;
  }

  @Differentiable
  public static double cube(double x) {
    return x * x * x;
  }

  /** The same cube through {@link Math#pow}, as {@code x**3} is written in the notebooks. */
  @Differentiable
  public static double cubeByPow(double x) {
    return Math.pow(x, 3);
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Cubic: d(x^2)/dx and d(x^3)/dx",
        "the x**2 and x**3 examples of the TensorFlow and PyTorch notebooks");

    r.section("At x = 2");
    r.compareHeader("notebook");
    r.compare("d(x^2)/dx            square", CubicAdjoint.squareGradient(2).x(), "4.0");
    r.compare("d(x^3)/dx            cube (x*x*x)", CubicAdjoint.cubeGradient(2).x(), "12.0");
    r.compare("d(x^3)/dx            cubeByPow", CubicAdjoint.cubeByPowGradient(2).x(), "12.0");

    r.section("Along a few points, against 2x and 3x^2");
    r.printf(
        "  %6s %12s %12s %12s %12s %12s%n", "x", "d(x^2)/dx", "2x", "d(x*x*x)/dx", "d(pow)/dx",
        "3x^2");
    for (double x = -2; x <= 3; x += 1) {
      r.printf(
          "  %6s %12s %12s %12s %12s %12s%n",
          Report.num(x),
          Report.num(CubicAdjoint.squareGradient(x).x()),
          Report.num(2 * x),
          Report.num(CubicAdjoint.cubeGradient(x).x()),
          Report.num(CubicAdjoint.cubeByPowGradient(x).x()),
          Report.num(3 * x * x));
    }
  }
}
