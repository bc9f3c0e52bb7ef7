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
package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.Gradients.fn;
import static dev.adjoint.processor.corpus.Gradients.g;
import static dev.adjoint.processor.corpus.Gradients.pt;
import static dev.adjoint.processor.corpus.Gradients.xs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every supported {@code Math} function (through the chain rule, at in-domain points away from
 * kinks), every {@code StrictMath} counterpart, and the conventions at non-smooth points.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MathFunctionsTest {
  static final String MATH_FNS =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class MathFns {
        private MathFns() {}

        @Differentiable public static double sin(double x) { return Math.sin(2 * x + 1); }
        @Differentiable public static double cos(double x) { return Math.cos(x * x); }
        @Differentiable public static double tan(double x) { return Math.tan(x / 2); }
        @Differentiable public static double asin(double x) { return Math.asin(x / 2); }
        @Differentiable public static double acos(double x) { return Math.acos(x * 0.5); }
        @Differentiable public static double atan(double x) { return Math.atan(3 * x); }
        @Differentiable public static double atan2(double y, double x) { return Math.atan2(y, x); }
        @Differentiable public static double sinh(double x) { return Math.sinh(x); }
        @Differentiable public static double cosh(double x) { return Math.cosh(x); }
        @Differentiable public static double tanh(double x) { return Math.tanh(x); }
        @Differentiable public static double exp(double x, double y) { return Math.exp(x * y); }
        @Differentiable public static double expm1(double x) { return Math.expm1(x); }
        @Differentiable public static double log(double x) { return Math.log(x * x + 1); }
        @Differentiable public static double log10(double x) { return Math.log10(x); }
        @Differentiable public static double log1p(double x) { return Math.log1p(x); }
        @Differentiable public static double sqrt(double x) { return Math.sqrt(x); }
        @Differentiable public static double cbrt(double x) { return Math.cbrt(x); }
        @Differentiable public static double pow(double x, double y) { return Math.pow(x, y); }
        @Differentiable public static double powConstExponent(double x) { return Math.pow(x, 3); }
        @Differentiable public static double powConstBase(double x) { return Math.pow(2.0, x); }
        @Differentiable public static double hypot(double x, double y) { return Math.hypot(x, y); }
        @Differentiable public static double abs(double x, double y) { return Math.abs(x * y - 1); }
        @Differentiable public static double min(double x, double y) { return Math.min(x, y); }
        @Differentiable public static double max(double x, double y) { return Math.max(x, y); }
        @Differentiable public static double signum(double x) { return Math.signum(x) * x * x; }
        @Differentiable public static double floor(double x) { return Math.floor(x) * x; }
        @Differentiable public static double ceil(double x) { return Math.ceil(x) * x; }
        @Differentiable public static double rint(double x) { return Math.rint(x) * x; }
        @Differentiable public static double fma(double x, double y, double z) { return Math.fma(x, y, z); }

        @Differentiable
        public static double piecewiseConstant(double x) {
          return Math.floor(x) + Math.ceil(x) + Math.rint(x) + Math.signum(x);
        }

        @Differentiable
        public static double maxSelf(double x) {
          return Math.max(x, 2 * x - 1);
        }

        @Differentiable
        public static double minSelf(double x) {
          return Math.min(x * x, x);
        }

        @Differentiable
        public static double absShifted(double x) {
          return Math.abs(x - 1) * 3;
        }

        @Differentiable
        public static double strictTrig(double x) {
          return StrictMath.sin(x) + StrictMath.cos(2 * x) + StrictMath.tan(x / 3)
              + StrictMath.asin(x / 4) + StrictMath.acos(x / 5) + StrictMath.atan(x)
              + StrictMath.atan2(x, 2.0);
        }

        @Differentiable
        public static double strictExpLog(double x) {
          return StrictMath.sinh(x) + StrictMath.cosh(x) + StrictMath.tanh(x) + StrictMath.exp(x)
              + StrictMath.expm1(x) + StrictMath.log(x) + StrictMath.log10(x) + StrictMath.log1p(x);
        }

        @Differentiable
        public static double strictAlgebraic(double x, double y) {
          return StrictMath.sqrt(x) + StrictMath.cbrt(y) + StrictMath.pow(x, y)
              + StrictMath.hypot(x, y) + StrictMath.abs(x - y) + StrictMath.min(x, y)
              + StrictMath.max(x * y, 1) + StrictMath.fma(x, y, 1);
        }

        @Differentiable
        public static double strictPiecewise(double x) {
          return (StrictMath.signum(x) + StrictMath.floor(x) + StrictMath.ceil(x)
              + StrictMath.rint(x)) * x;
        }

        @Differentiable
        public static double composite(double x, double y) {
          return Math.exp(Math.sin(x) * Math.cos(y)) / Math.sqrt(1 + x * x + y * y)
              + Math.pow(Math.hypot(x, y), 1.5) - Math.atan2(x - y, x + y + 3);
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(MATH_FNS);
  }

  private static Gradients.Fn f(String name) {
    return fn(unit, "corpus.MathFns", name);
  }

  private static double sq(double v) {
    return v * v;
  }

  @Test
  void sin() {
    f("sin").check(a -> g(2 * Math.cos(2 * a.d(0) + 1)), xs(-2, 0, 0.3, 1.1, 5));
  }

  @Test
  void cos() {
    f("cos").check(a -> g(-2 * a.d(0) * Math.sin(sq(a.d(0)))), xs(-1.5, 0, 0.7, 2));
  }

  @Test
  void tan() {
    f("tan").check(a -> g(0.5 / sq(Math.cos(a.d(0) / 2))), xs(-2.5, 0, 1, 3));
  }

  @Test
  void asin() {
    f("asin").check(a -> g(0.5 / Math.sqrt(1 - sq(a.d(0)) / 4)), xs(-1.5, 0, 0.8, 1.9));
  }

  @Test
  void acos() {
    f("acos").check(a -> g(-0.5 / Math.sqrt(1 - sq(a.d(0)) / 4)), xs(-1.9, -0.2, 0.6, 1.5));
  }

  @Test
  void atan() {
    f("atan").check(a -> g(3 / (1 + 9 * sq(a.d(0)))), xs(-4, 0, 0.25, 10));
  }

  @Test
  void atan2InEveryQuadrant() {
    f("atan2")
        .check(
            a -> {
              double y = a.d(0), x = a.d(1), r2 = x * x + y * y;
              return g(x / r2, -y / r2);
            },
            pt(1, 2),
            pt(2, -1),
            pt(-0.5, -3),
            pt(-4, 0.5),
            pt(3, 0));
  }

  @Test
  void sinh() {
    f("sinh").check(a -> g(Math.cosh(a.d(0))), xs(-3, 0, 0.5, 4));
  }

  @Test
  void cosh() {
    f("cosh").check(a -> g(Math.sinh(a.d(0))), xs(-3, 0, 0.5, 4));
  }

  @Test
  void tanh() {
    f("tanh").check(a -> g(1 - sq(Math.tanh(a.d(0)))), xs(-2, 0, 0.5, 3));
  }

  @Test
  void exp() {
    f("exp")
        .check(
            a -> {
              double e = Math.exp(a.d(0) * a.d(1));
              return g(a.d(1) * e, a.d(0) * e);
            },
            pt(1, 2),
            pt(-0.5, 3),
            pt(0.0, -1.0),
            pt(2, -1.5));
  }

  @Test
  void expm1() {
    f("expm1").check(a -> g(Math.exp(a.d(0))), xs(-2, 1e-3, 0, 3));
  }

  @Test
  void log() {
    f("log").check(a -> g(2 * a.d(0) / (sq(a.d(0)) + 1)), xs(-3, 0, 0.5, 7));
  }

  @Test
  void log10() {
    f("log10").check(a -> g(1 / (a.d(0) * Math.log(10))), xs(0.01, 0.5, 3, 1000));
  }

  @Test
  void log1p() {
    f("log1p").check(a -> g(1 / (1 + a.d(0))), xs(-0.9, -1e-4, 0, 2, 50));
  }

  @Test
  void sqrt() {
    f("sqrt").check(a -> g(0.5 / Math.sqrt(a.d(0))), xs(0.01, 0.5, 4, 900));
  }

  @Test
  void cbrt() {
    f("cbrt").check(a -> g(1 / (3 * sq(Math.cbrt(a.d(0))))), xs(-8, -0.1, 0.2, 27));
  }

  @Test
  void powWithBothArgumentsActive() {
    f("pow")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              return g(y * Math.pow(x, y - 1), Math.pow(x, y) * Math.log(x));
            },
            pt(2, 3),
            pt(0.5, -1.5),
            pt(3, 0.25),
            pt(1.5, 2.2));
  }

  @Test
  void powWithConstantExponent() {
    f("powConstExponent").check(a -> g(3 * sq(a.d(0))), xs(-2, 0.5, 1, 3));
  }

  @Test
  void powWithConstantBase() {
    f("powConstBase").check(a -> g(Math.pow(2, a.d(0)) * Math.log(2)), xs(-2, 0, 0.5, 3));
  }

  @Test
  void hypot() {
    f("hypot")
        .check(
            a -> {
              double r = Math.hypot(a.d(0), a.d(1));
              return g(a.d(0) / r, a.d(1) / r);
            },
            pt(3, 4),
            pt(-1, 0.5),
            pt(0, -2),
            pt(1e-3, 7));
  }

  @Test
  void absAwayFromZero() {
    f("abs")
        .check(
            a -> {
              double s = Math.signum(a.d(0) * a.d(1) - 1);
              return g(s * a.d(1), s * a.d(0));
            },
            pt(2, 3),
            pt(0.5, 0.5),
            pt(-1, 2),
            pt(-2, -4));
  }

  @Test
  void minAwayFromTies() {
    f("min")
        .check(
            a -> a.d(0) < a.d(1) ? g(1, 0) : g(0, 1),
            pt(1, 2),
            pt(3, -1),
            pt(-2, -1.5),
            pt(0.25, 0.2));
  }

  @Test
  void maxAwayFromTies() {
    f("max")
        .check(
            a -> a.d(0) > a.d(1) ? g(1, 0) : g(0, 1),
            pt(1, 2),
            pt(3, -1),
            pt(-2, -1.5),
            pt(0.25, 0.2));
  }

  @Test
  void signumHasZeroDerivative() {
    f("signum").check(a -> g(2 * Math.signum(a.d(0)) * a.d(0)), xs(-2, -0.3, 0.4, 5));
  }

  @Test
  void floorHasZeroDerivative() {
    f("floor").check(a -> g(Math.floor(a.d(0))), xs(-2.5, -0.3, 0.4, 5.7));
  }

  @Test
  void ceilHasZeroDerivative() {
    f("ceil").check(a -> g(Math.ceil(a.d(0))), xs(-2.5, -0.3, 0.4, 5.7));
  }

  @Test
  void rintHasZeroDerivative() {
    f("rint").check(a -> g(Math.rint(a.d(0))), xs(-2.7, -0.3, 0.4, 5.2));
  }

  @Test
  void fma() {
    f("fma").check(a -> g(a.d(1), a.d(0), 1), pt(1, 2, 3), pt(-0.5, 4, -2), pt(1e8, 1e-8, 0.5));
  }

  @Test
  void piecewiseConstantFunctionsAwayFromJumps() {
    f("piecewiseConstant").check(a -> g(0), xs(-2.3, -0.7, 0.3, 3.6));
  }

  /** At the jumps themselves the convention is still 0 (including signum at 0). */
  @Test
  void piecewiseConstantFunctionsAtJumps() {
    f("piecewiseConstant").checkClosedFormOnly(a -> g(0), xs(0, 1, -2, 2.5));
  }

  /** d|x|/dx = signum(x), which is 0 at 0. */
  @Test
  void absAtZeroHasZeroDerivative() {
    f("abs").checkClosedFormOnly(a -> g(0, 0), pt(1, 1), pt(0.5, 2), pt(-4, -0.25));
    f("absShifted").checkClosedFormOnly(a -> g(0), xs(1));
    f("absShifted").check(a -> g(3 * Math.signum(a.d(0) - 1)), xs(-1, 0.5, 1.5, 4));
  }

  /** min and max split the derivative 1/2 : 1/2 at a tie. */
  @Test
  void minAndMaxSplitTiesInHalf() {
    f("min").checkClosedFormOnly(a -> g(0.5, 0.5), pt(1, 1), pt(-2, -2), pt(0, 0));
    f("max").checkClosedFormOnly(a -> g(0.5, 0.5), pt(1, 1), pt(-2, -2), pt(0, 0));
  }

  /** max(x, 2x - 1) ties at x = 1: 0.5 * 1 + 0.5 * 2; min(x^2, x) ties at 1: 0.5 * 2 + 0.5. */
  @Test
  void tiesBetweenDependentArguments() {
    f("maxSelf").checkClosedFormOnly(a -> g(1.5), xs(1));
    f("maxSelf").check(a -> g(a.d(0) > 1 ? 2 : 1), xs(-1, 0.5, 1.5, 3));
    f("minSelf").checkClosedFormOnly(a -> g(1.5), xs(1));
    f("minSelf").check(a -> g(a.d(0) > 0 && a.d(0) < 1 ? 2 * a.d(0) : 1), xs(0.25, 0.75, 2, 5, -1));
  }

  @Test
  void strictMathTrigonometry() {
    f("strictTrig")
        .check(
            a -> {
              double x = a.d(0);
              return g(
                  Math.cos(x)
                      - 2 * Math.sin(2 * x)
                      + 1 / (3 * sq(Math.cos(x / 3)))
                      + 0.25 / Math.sqrt(1 - x * x / 16)
                      - 0.2 / Math.sqrt(1 - x * x / 25)
                      + 1 / (1 + x * x)
                      + 2 / (4 + x * x));
            },
            xs(-2.5, -0.5, 0, 1, 3));
  }

  @Test
  void strictMathExponentialsAndLogarithms() {
    f("strictExpLog")
        .check(
            a -> {
              double x = a.d(0);
              return g(
                  Math.cosh(x)
                      + Math.sinh(x)
                      + 1
                      - sq(Math.tanh(x))
                      + 2 * Math.exp(x)
                      + 1 / x
                      + 1 / (x * Math.log(10))
                      + 1 / (1 + x));
            },
            xs(0.1, 0.5, 1, 2.5));
  }

  @Test
  void strictMathAlgebraic() {
    f("strictAlgebraic")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1), r = Math.hypot(x, y), p = Math.pow(x, y);
              double s = Math.signum(x - y);
              double minX = x < y ? 1 : 0;
              double maxXy = x * y > 1 ? 1 : 0;
              return g(
                  0.5 / Math.sqrt(x) + y * Math.pow(x, y - 1) + x / r + s + minX + maxXy * y + y,
                  1 / (3 * sq(Math.cbrt(y)))
                      + p * Math.log(x)
                      + y / r
                      - s
                      + (1 - minX)
                      + maxXy * x
                      + x);
            },
            pt(2, 3),
            pt(0.5, -1.5),
            pt(3, 0.25),
            pt(1.5, 2.2));
  }

  @Test
  void strictMathPiecewiseConstant() {
    f("strictPiecewise")
        .check(
            a -> {
              double x = a.d(0);
              return g(Math.signum(x) + Math.floor(x) + Math.ceil(x) + Math.rint(x));
            },
            xs(-2.3, -0.4, 0.3, 4.8));
  }

  @Test
  void compositeOfManyFunctions() {
    f("composite")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              double e = Math.exp(Math.sin(x) * Math.cos(y));
              double q = Math.sqrt(1 + x * x + y * y);
              double r = Math.hypot(x, y);
              double u = x - y, v = x + y + 3, w = u * u + v * v;
              double dx =
                  e * Math.cos(x) * Math.cos(y) / q
                      - e * x / (q * q * q)
                      + 1.5 * Math.sqrt(r) * x / r
                      - (v - u) / w;
              double dy =
                  -e * Math.sin(x) * Math.sin(y) / q
                      - e * y / (q * q * q)
                      + 1.5 * Math.sqrt(r) * y / r
                      - (-v - u) / w;
              return g(dx, dy);
            },
            pt(0.5, 1),
            pt(-1, 2),
            pt(2, -0.5),
            pt(0.1, 0.2));
  }
}
