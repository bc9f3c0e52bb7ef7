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
package dev.adjoint;

/**
 * Partial derivatives of {@link Math} functions at their non-smooth or singular points, called by
 * generated code. Each method documents its convention; they follow PyTorch's where it has one. The
 * second-order helpers (such as {@link #powBaseBase}, {@link #hypotX(double)}, {@link #atan2XY})
 * are the partials of the first-order ones, for {@link dev.adjoint.jdk.JdkSecondOrder}; where a
 * first-order helper takes a constant by convention, its partials are 0 there.
 */
public final class Derivatives {
  private Derivatives() {}

  /**
   * d|x|/dx: the sign of x, and 0 at x = 0 (PyTorch's convention). NaN stays NaN.
   *
   * @param x the argument of {@code abs}
   * @return −1, 0 or 1 (or NaN)
   */
  public static double abs(double x) {
    return Math.signum(x);
  }

  /**
   * d max(a, b)/da: 1 where a is larger, 0 where b is, and 1/2 at a tie, so that the two partials
   * always sum to 1 (as PyTorch and JAX split ties). NaN if either argument is NaN.
   *
   * @param a the first argument of {@code max}
   * @param b the second argument
   * @return 1, 0, 1/2 or NaN
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

  /**
   * d min(a, b)/da: 1 where a is smaller, 0 where b is, 1/2 at a tie; NaN if either is NaN.
   *
   * @param a the first argument of {@code min}
   * @param b the second argument
   * @return 1, 0, 1/2 or NaN
   */
  public static double minFirst(double a, double b) {
    return maxFirst(b, a);
  }

  /**
   * d(x^y)/dx = y x^(y-1), and 0 where y = 0 (so that x^0 = 1 is constant even at x = 0).
   *
   * @param x the base
   * @param y the exponent
   * @return the partial derivative of x^y with respect to x
   */
  public static double powBase(double x, double y) {
    return y == 0.0 ? 0.0 : y * Math.pow(x, y - 1.0);
  }

  /**
   * d(x^y)/dy = x^y ln x, given {@code value} = x^y, and 0 where x = 0 (the limit from above for y
   * &gt; 0; PyTorch's convention). NaN for x &lt; 0, where x^y is not differentiable in y.
   *
   * @param x the base
   * @param value x^y, already computed
   * @return the partial derivative of x^y with respect to y
   */
  public static double powExponent(double x, double value) {
    return x == 0.0 ? 0.0 : value * Math.log(x);
  }

  /**
   * The partial of {@link #powBase} with respect to x: d²(x^y)/dx² = y (y-1) x^(y-2). Exactly 0
   * where y = 0 or y = 1, where {@link #powBase} is constant in x (0 and 1), so that 0^(y-2) never
   * meets a zero factor.
   *
   * @param x the base
   * @param y the exponent
   * @return the second partial derivative of x^y with respect to x
   */
  public static double powBaseBase(double x, double y) {
    return y == 0.0 || y == 1.0 ? 0.0 : y * (y - 1.0) * Math.pow(x, y - 2.0);
  }

  /**
   * The partial of {@link #powBase} with respect to y: d/dy (y x^(y-1)) = x^(y-1) (1 + y ln x). At
   * y = 0 with x &ne; 0 this is 1/x ({@link #powBase}'s y = 0 branch agrees with the formula there,
   * so it is smooth in y). 0 where x = 0, as in {@link #powExponent}; NaN for x &lt; 0.
   *
   * @param x the base
   * @param y the exponent
   * @return the mixed second partial derivative of x^y
   */
  public static double powBaseExponent(double x, double y) {
    return x == 0.0 ? 0.0 : Math.pow(x, y - 1.0) * (1.0 + y * Math.log(x));
  }

  /**
   * The partial of {@link #powExponent} with respect to x, holding {@code value} fixed: value / x;
   * 0 where x = 0, as in {@link #powExponent}.
   *
   * @param x the base
   * @param value x^y, as {@link #powExponent} received it
   * @return the partial derivative of {@link #powExponent} with respect to x
   */
  public static double powExponentBase(double x, double value) {
    return x == 0.0 ? 0.0 : value / x;
  }

  /**
   * The partial of {@link #powExponent} with respect to {@code value}: ln x; 0 where x = 0, as in
   * {@link #powExponent}. NaN for x &lt; 0.
   *
   * @param x the base
   * @return the partial derivative of {@link #powExponent} with respect to its {@code value}
   */
  public static double powExponentValue(double x) {
    return x == 0.0 ? 0.0 : Math.log(x);
  }

  /**
   * d hypot(x, y)/dx = x / hypot(x, y), given {@code value} = hypot(x, y); 0 at the origin.
   *
   * @param x the argument differentiated with respect to (either of hypot's, by symmetry)
   * @param value hypot(x, y), already computed
   * @return the partial derivative of hypot with respect to x
   */
  public static double hypot(double x, double value) {
    return value == 0.0 ? 0.0 : x / value;
  }

  /**
   * The partial of {@link #hypot(double, double)} with respect to x, holding {@code value} fixed: 1
   * / value; 0 where value = 0 (the origin), as in {@link #hypot(double, double)}.
   *
   * @param value hypot(x, y), as {@link #hypot(double, double)} received it
   * @return the partial derivative of {@link #hypot(double, double)} with respect to x
   */
  public static double hypotX(double value) {
    return value == 0.0 ? 0.0 : 1.0 / value;
  }

  /**
   * The partial of {@link #hypot(double, double)} with respect to {@code value}: -x / value²; 0
   * where value = 0 (the origin), as in {@link #hypot(double, double)}.
   *
   * @param x the argument {@link #hypot(double, double)} received
   * @param value hypot(x, y), as {@link #hypot(double, double)} received it
   * @return the partial derivative of {@link #hypot(double, double)} with respect to {@code value}
   */
  public static double hypotValue(double x, double value) {
    return value == 0.0 ? 0.0 : -(x / value) / value;
  }

  /*
   * atan2's partials divide by x² + y², which underflows to 0 for |x|, |y| below about 1e-154 (and
   * overflows above about 1e154) although the partials themselves are representable. So they are
   * computed on x and y scaled by a power of two 2^-e near max(|x|, |y|) (exactly, so the scaled
   * x² + y² lies in [1, 4)), and the result scaled back by 2^-e (2^-2e for second order), which
   * rounds once. Only the origin gets the convention 0; where x or y is infinite or NaN the formula
   * is evaluated as it stands (∞/∞ = NaN), as for every derivative at an overflowed argument.
   */

  private static final int ORIGIN = Integer.MIN_VALUE;

  /**
   * d atan2(y, x)/dy = x / (x² + y²); 0 at the origin.
   *
   * @param y the first argument of {@code atan2}
   * @param x the second argument of {@code atan2}
   * @return the partial derivative of atan2(y, x) with respect to y
   */
  public static double atan2Y(double y, double x) {
    int e = atan2Exponent(y, x);
    if (e > Double.MAX_EXPONENT) {
      return x / (x * x + y * y);
    }
    if (e == ORIGIN) {
      return 0.0;
    }
    double xs = Math.scalb(x, -e);
    double ys = Math.scalb(y, -e);
    return Math.scalb(xs / (xs * xs + ys * ys), -e);
  }

  /**
   * d atan2(y, x)/dx = -y / (x² + y²); 0 at the origin.
   *
   * @param y the first argument of {@code atan2}
   * @param x the second argument of {@code atan2}
   * @return the partial derivative of atan2(y, x) with respect to x
   */
  public static double atan2X(double y, double x) {
    int e = atan2Exponent(y, x);
    if (e > Double.MAX_EXPONENT) {
      return -y / (x * x + y * y);
    }
    if (e == ORIGIN) {
      return 0.0;
    }
    double xs = Math.scalb(x, -e);
    double ys = Math.scalb(y, -e);
    return Math.scalb(-ys / (xs * xs + ys * ys), -e);
  }

  /**
   * d² atan2(y, x)/dy² = -2xy / (x² + y²)², the partial of {@link #atan2Y} with respect to y; 0 at
   * the origin, as in {@link #atan2Y}.
   *
   * @param y the first argument of {@code atan2}
   * @param x the second argument of {@code atan2}
   * @return the second partial derivative of atan2(y, x) with respect to y
   */
  public static double atan2YY(double y, double x) {
    int e = atan2Exponent(y, x);
    if (e > Double.MAX_EXPONENT) {
      double r2 = x * x + y * y;
      return -2.0 * (x / r2) * (y / r2);
    }
    if (e == ORIGIN) {
      return 0.0;
    }
    double xs = Math.scalb(x, -e);
    double ys = Math.scalb(y, -e);
    double r2 = xs * xs + ys * ys;
    return Math.scalb(-2.0 * (xs / r2) * (ys / r2), -2 * e);
  }

  /**
   * d² atan2(y, x)/dx dy = (y² - x²) / (x² + y²)², the partial of {@link #atan2Y} with respect to x
   * and of {@link #atan2X} with respect to y; 0 at the origin, as in both.
   *
   * @param y the first argument of {@code atan2}
   * @param x the second argument of {@code atan2}
   * @return the mixed second partial derivative of atan2(y, x)
   */
  public static double atan2XY(double y, double x) {
    int e = atan2Exponent(y, x);
    if (e > Double.MAX_EXPONENT) {
      double r2 = x * x + y * y;
      return ((y - x) / r2) * ((y + x) / r2);
    }
    if (e == ORIGIN) {
      return 0.0;
    }
    double xs = Math.scalb(x, -e);
    double ys = Math.scalb(y, -e);
    double r2 = xs * xs + ys * ys;
    return Math.scalb(((ys - xs) / r2) * ((ys + xs) / r2), -2 * e);
  }

  /**
   * d² atan2(y, x)/dx² = 2xy / (x² + y²)², the partial of {@link #atan2X} with respect to x; 0 at
   * the origin, as in {@link #atan2X}.
   *
   * @param y the first argument of {@code atan2}
   * @param x the second argument of {@code atan2}
   * @return the second partial derivative of atan2(y, x) with respect to x
   */
  public static double atan2XX(double y, double x) {
    int e = atan2Exponent(y, x);
    if (e > Double.MAX_EXPONENT) {
      double r2 = x * x + y * y;
      return 2.0 * (x / r2) * (y / r2);
    }
    if (e == ORIGIN) {
      return 0.0;
    }
    double xs = Math.scalb(x, -e);
    double ys = Math.scalb(y, -e);
    double r2 = xs * xs + ys * ys;
    return Math.scalb(2.0 * (xs / r2) * (ys / r2), -2 * e);
  }

  /**
   * The binary exponent of max(|x|, |y|), {@link #ORIGIN} at the origin, above {@link
   * Double#MAX_EXPONENT} where either is infinite or NaN. For a subnormal maximum it is that of its
   * leading bit, so that the scaled maximum lies in [1, 2) there too.
   */
  private static int atan2Exponent(double y, double x) {
    double m = Math.max(Math.abs(x), Math.abs(y));
    if (m == 0.0) {
      return ORIGIN;
    }
    int e = Math.getExponent(m);
    if (e < Double.MIN_EXPONENT) {
      // Subnormal: the exponent of its leading bit.
      e = Math.getExponent(m * 0x1p52) - 52;
    }
    return e;
  }
}
