package dev.adjoint;

/**
 * Partial derivatives of {@link Math} functions at their non-smooth or singular points, called by
 * generated code. Each method documents its convention; they follow PyTorch's where it has one.
 */
public final class Derivatives {
  private Derivatives() {}

  /** d|x|/dx: the sign of x, and 0 at x = 0 (PyTorch's convention). NaN stays NaN. */
  public static double abs(double x) {
    return Math.signum(x);
  }

  /**
   * d max(a, b)/da: 1 where a is larger, 0 where b is, and 1/2 at a tie, so that the two partials
   * always sum to 1 (as PyTorch and JAX split ties). NaN if either argument is NaN.
   */
  public static double maxFirst(double a, double b) {
    if (a > b) {
      return 1.0;
    }
    if (a < b) {
      return 0.0;
    }
    return a == b ? 0.5 : Double.NaN;
  }

  /** d min(a, b)/da: 1 where a is smaller, 0 where b is, 1/2 at a tie; NaN if either is NaN. */
  public static double minFirst(double a, double b) {
    return maxFirst(b, a);
  }

  /** d(x^y)/dx = y x^(y-1), and 0 where y = 0 (so that x^0 = 1 is constant even at x = 0). */
  public static double powBase(double x, double y) {
    return y == 0.0 ? 0.0 : y * Math.pow(x, y - 1.0);
  }

  /**
   * d(x^y)/dy = x^y ln x, given {@code value} = x^y, and 0 where x = 0 (the limit from above for y
   * &gt; 0; PyTorch's convention). NaN for x &lt; 0, where x^y is not differentiable in y.
   */
  public static double powExponent(double x, double value) {
    return x == 0.0 ? 0.0 : value * Math.log(x);
  }

  /** d hypot(x, y)/dx = x / hypot(x, y), given {@code value} = hypot(x, y); 0 at the origin. */
  public static double hypot(double x, double value) {
    return value == 0.0 ? 0.0 : x / value;
  }

  /** d atan2(y, x)/dy = x / (x² + y²); 0 at the origin. */
  public static double atan2Y(double y, double x) {
    double r2 = x * x + y * y;
    return r2 == 0.0 ? 0.0 : x / r2;
  }

  /** d atan2(y, x)/dx = -y / (x² + y²); 0 at the origin. */
  public static double atan2X(double y, double x) {
    double r2 = x * x + y * y;
    return r2 == 0.0 ? 0.0 : -y / r2;
  }
}
