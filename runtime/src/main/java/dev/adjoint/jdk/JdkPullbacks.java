package dev.adjoint.jdk;

import dev.adjoint.Derivatives;
import dev.adjoint.PullbackOf;

/**
 * The derivatives of {@link Math}'s and {@link StrictMath}'s functions, declared as pullbacks: each
 * returns {@code seed} times the partial derivative with respect to one argument. The processor
 * has no derivative table of its own for library functions; it reads these declarations. The
 * conventions at non-smooth points are {@link Derivatives}'s.
 */
public final class JdkPullbacks {
  private static final double LN_10 = Math.log(10.0);

  private JdkPullbacks() {}

  @PullbackOf(type = Math.class, method = "sin", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "sin", wrt = "0")
  public static double sin(double a, double seed) {
    return seed * Math.cos(a);
  }

  @PullbackOf(type = Math.class, method = "cos", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "cos", wrt = "0")
  public static double cos(double a, double seed) {
    return -seed * Math.sin(a);
  }

  @PullbackOf(type = Math.class, method = "tan", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "tan", wrt = "0")
  public static double tan(double a, double result, double seed) {
    return seed * (1.0 + result * result);
  }

  @PullbackOf(type = Math.class, method = "asin", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "asin", wrt = "0")
  public static double asin(double a, double seed) {
    return seed / Math.sqrt(1.0 - a * a);
  }

  @PullbackOf(type = Math.class, method = "acos", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "acos", wrt = "0")
  public static double acos(double a, double seed) {
    return -seed / Math.sqrt(1.0 - a * a);
  }

  @PullbackOf(type = Math.class, method = "atan", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "atan", wrt = "0")
  public static double atan(double a, double seed) {
    return seed / (1.0 + a * a);
  }

  @PullbackOf(type = Math.class, method = "sinh", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "sinh", wrt = "0")
  public static double sinh(double a, double seed) {
    return seed * Math.cosh(a);
  }

  @PullbackOf(type = Math.class, method = "cosh", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "cosh", wrt = "0")
  public static double cosh(double a, double seed) {
    return seed * Math.sinh(a);
  }

  @PullbackOf(type = Math.class, method = "tanh", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "tanh", wrt = "0")
  public static double tanh(double a, double result, double seed) {
    return seed * (1.0 - result * result);
  }

  @PullbackOf(type = Math.class, method = "exp", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "exp", wrt = "0")
  public static double exp(double a, double result, double seed) {
    return seed * result;
  }

  @PullbackOf(type = Math.class, method = "expm1", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "expm1", wrt = "0")
  public static double expm1(double a, double result, double seed) {
    return seed * (result + 1.0);
  }

  @PullbackOf(type = Math.class, method = "log", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "log", wrt = "0")
  public static double log(double a, double seed) {
    return seed / a;
  }

  @PullbackOf(type = Math.class, method = "log10", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "log10", wrt = "0")
  public static double log10(double a, double seed) {
    return seed / (a * LN_10);
  }

  @PullbackOf(type = Math.class, method = "log1p", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "log1p", wrt = "0")
  public static double log1p(double a, double seed) {
    return seed / (1.0 + a);
  }

  @PullbackOf(type = Math.class, method = "sqrt", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "sqrt", wrt = "0")
  public static double sqrt(double a, double result, double seed) {
    return seed / (2.0 * result);
  }

  @PullbackOf(type = Math.class, method = "cbrt", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "cbrt", wrt = "0")
  public static double cbrt(double a, double result, double seed) {
    return seed / (3.0 * result * result);
  }

  @PullbackOf(type = Math.class, method = "abs", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "abs", wrt = "0")
  public static double abs(double a, double seed) {
    return seed * Derivatives.abs(a);
  }

  @PullbackOf(type = Math.class, method = "signum", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "signum", wrt = "0")
  public static double signum(double a, double seed) {
    return 0.0;
  }

  @PullbackOf(type = Math.class, method = "floor", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "floor", wrt = "0")
  public static double floor(double a, double seed) {
    return 0.0;
  }

  @PullbackOf(type = Math.class, method = "ceil", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "ceil", wrt = "0")
  public static double ceil(double a, double seed) {
    return 0.0;
  }

  @PullbackOf(type = Math.class, method = "rint", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "rint", wrt = "0")
  public static double rint(double a, double seed) {
    return 0.0;
  }

  @PullbackOf(type = Math.class, method = "pow", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "pow", wrt = "0")
  public static double powA(double a, double b, double result, double seed) {
    return seed * Derivatives.powBase(a, b);
  }

  @PullbackOf(type = Math.class, method = "pow", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "pow", wrt = "1")
  public static double powB(double a, double b, double result, double seed) {
    return seed * Derivatives.powExponent(a, result);
  }

  @PullbackOf(type = Math.class, method = "hypot", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "hypot", wrt = "0")
  public static double hypotX(double x, double y, double result, double seed) {
    return seed * Derivatives.hypot(x, result);
  }

  @PullbackOf(type = Math.class, method = "hypot", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "hypot", wrt = "1")
  public static double hypotY(double x, double y, double result, double seed) {
    return seed * Derivatives.hypot(y, result);
  }

  @PullbackOf(type = Math.class, method = "atan2", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "atan2", wrt = "0")
  public static double atan2Y(double y, double x, double seed) {
    return seed * Derivatives.atan2Y(y, x);
  }

  @PullbackOf(type = Math.class, method = "atan2", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "atan2", wrt = "1")
  public static double atan2X(double y, double x, double seed) {
    return seed * Derivatives.atan2X(y, x);
  }

  @PullbackOf(type = Math.class, method = "max", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "max", wrt = "0")
  public static double maxA(double a, double b, double seed) {
    return seed * Derivatives.maxFirst(a, b);
  }

  @PullbackOf(type = Math.class, method = "max", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "max", wrt = "1")
  public static double maxB(double a, double b, double seed) {
    return seed * Derivatives.maxFirst(b, a);
  }

  @PullbackOf(type = Math.class, method = "min", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "min", wrt = "0")
  public static double minA(double a, double b, double seed) {
    return seed * Derivatives.minFirst(a, b);
  }

  @PullbackOf(type = Math.class, method = "min", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "min", wrt = "1")
  public static double minB(double a, double b, double seed) {
    return seed * Derivatives.minFirst(b, a);
  }

  @PullbackOf(type = Math.class, method = "fma", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "fma", wrt = "0")
  public static double fmaA(double a, double b, double c, double seed) {
    return seed * b;
  }

  @PullbackOf(type = Math.class, method = "fma", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "fma", wrt = "1")
  public static double fmaB(double a, double b, double c, double seed) {
    return seed * a;
  }

  @PullbackOf(type = Math.class, method = "fma", wrt = "2")
  @PullbackOf(type = StrictMath.class, method = "fma", wrt = "2")
  public static double fmaC(double a, double b, double c, double seed) {
    return seed;
  }
}
