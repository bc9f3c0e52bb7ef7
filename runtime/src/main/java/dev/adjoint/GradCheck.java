package dev.adjoint;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Checks a gradient against central finite differences, for users' own tests (PyTorch's {@code
 * torch.autograd.gradcheck}). The function and its gradient take the inputs flattened into one
 * array, so any {@code @Differentiable} method can be checked:
 *
 * <pre>{@code
 * GradCheck.assertGradient(
 *     x -> Model.f(x[0], x[1]),
 *     x -> {
 *       var g = ModelAdjoint.fGradient(x[0], x[1]);
 *       return new double[] {g.x1(), g.x2()};
 *     },
 *     new double[] {2, 5});
 * }</pre>
 *
 * <p>An element passes when {@code |analytic - numeric| <= atol + rtol * |numeric|}, with the
 * central difference {@code (f(x + h) - f(x - h)) / 2h} and {@code h = eps * max(1, |x|)}.
 */
public final class GradCheck {
  /** Defaults for double precision: step 1e-6 (relative), tolerances 1e-5. */
  public static final double EPS = 1e-6;

  /** The default absolute tolerance. */
  public static final double ATOL = 1e-5;
  /** The default tolerance relative to the finite difference. */
  public static final double RTOL = 1e-5;

  private GradCheck() {}

  /**
   * The outcome of a check: the worst element, and a readable report.
   *
   * @param passed whether every element passed
   * @param worstIndex the element that failed by the most (or passed by the least); -1 if there is
   *     none, or the gradient's length was wrong
   * @param analytic the gradient's value at {@code worstIndex}
   * @param numeric the central difference at {@code worstIndex}
   * @param report a readable description: the failing elements, or that all matched
   */
  public record Result(boolean passed, int worstIndex, double analytic, double numeric, String report) {}

  /**
   * Checks with the default step and tolerances; throws {@link AssertionError} on a mismatch.
   *
   * @param f the function, of the flattened inputs
   * @param gradient its gradient, of the same inputs, of the same length
   * @param x the point checked; not modified
   * @throws AssertionError with the report, if any element fails
   */
  public static void assertGradient(
      ToDoubleFunction<double[]> f, Function<double[], double[]> gradient, double[] x) {
    Result r = check(f, gradient, x, EPS, ATOL, RTOL);
    if (!r.passed()) {
      throw new AssertionError(r.report());
    }
  }

  /**
   * Compares {@code gradient.apply(x)} with central differences of {@code f} at {@code x}.
   *
   * @param f the function, of the flattened inputs
   * @param gradient its gradient, of the same inputs, of the same length
   * @param x the point checked; not modified
   * @param eps the step, relative to {@code max(1, |x[i]|)}
   * @param atol the absolute tolerance
   * @param rtol the tolerance relative to the central difference
   * @return the outcome
   */
  public static Result check(
      ToDoubleFunction<double[]> f,
      Function<double[], double[]> gradient,
      double[] x,
      double eps,
      double atol,
      double rtol) {
    double[] analytic = gradient.apply(x.clone());
    if (analytic.length != x.length) {
      return new Result(
          false, -1, Double.NaN, Double.NaN,
          "the gradient has " + analytic.length + " elements, the input " + x.length);
    }
    StringBuilder report = new StringBuilder();
    boolean passed = true;
    int worst = -1;
    double worstExcess = Double.NEGATIVE_INFINITY;
    double[] numeric = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double h = eps * Math.max(1, Math.abs(x[i]));
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += h;
      minus[i] -= h;
      numeric[i] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
      double error = Math.abs(analytic[i] - numeric[i]);
      double allowed = atol + rtol * Math.abs(numeric[i]);
      boolean ok = error <= allowed; // false for NaN
      if (!ok) {
        passed = false;
        report.append(String.format(
            "  d/dx[%d]: analytic %.10g, numeric %.10g, error %.3g > %.3g%n",
            i, analytic[i], numeric[i], error, allowed));
      }
      double excess = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error - allowed;
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = i;
      }
    }
    String text = passed
        ? "gradient matches finite differences at " + x.length + " elements"
        : "gradient does not match finite differences:\n" + report;
    return new Result(
        passed, worst, worst < 0 ? Double.NaN : analytic[worst],
        worst < 0 ? Double.NaN : numeric[worst], text);
  }
}
