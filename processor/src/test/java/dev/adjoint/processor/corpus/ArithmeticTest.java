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
 * Straight-line code: arithmetic, locals and {@code var}, blocks, compound assignments, ++/--,
 * reassigned parameters, literals and constants, int/long arithmetic, casts, comparisons, boolean
 * logic and the conditional operator.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ArithmeticTest {
  static final String ARITH =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class Arith {
        static final double K = 1.75;
        static final int N = 3;
        static final long BIG = 4L;

        private Arith() {}

        @Differentiable
        public static double poly(double x) {
          return 3 * x * x - 2 * x + 7;
        }

        @Differentiable
        public static double quotient(double x, double y) {
          return x / y;
        }

        @Differentiable
        public static double unary(double x, double y) {
          return -x + (+y) - (-(x * y));
        }

        @Differentiable
        public static double locals(double x, double y) {
          double a = x * y;
          var b = a + x;
          double c = b * b;
          {
            double d = c - a;
            c = d;
          }
          return c;
        }

        @Differentiable
        public static double compound(double x, double y) {
          double s = x;
          s += y;
          s *= x;
          s -= y / 2;
          s /= y;
          return s;
        }

        @Differentiable
        public static double reassignParams(double x, double y) {
          x = x * x;
          y = y + x;
          x = x + 1;
          x *= 3;
          return x + y * y;
        }

        @Differentiable
        public static double literals(double x) {
          return 2.5 * x + 1e-3 * x * x + 3 * x + 0x10 + 2L * x + .5 - 1.0e0;
        }

        @Differentiable
        public static double constants(double x) {
          return K * x * x + N * x + BIG + Math.PI * x + Math.E;
        }

        @Differentiable
        public static double intOps(double x, int n) {
          int r = n % 3;
          int q = n / 2;
          int m = r * q - 1 + (-n) + (+n);
          return x * r + (n % 2) * x * x + m * x;
        }

        @Differentiable
        public static double incDec(double x, int n) {
          int i = n;
          i++;
          ++i;
          i--;
          --i;
          return x * i + i;
        }

        @Differentiable
        public static double intCompound(double x, int n) {
          int i = n;
          i += 2;
          i -= 1;
          i *= 3;
          i /= 2;
          long k = n;
          k *= 5L;
          k -= 1;
          return x * i + x * x * k;
        }

        @Differentiable
        public static double incDecInExpressions(double x, int n) {
          int i = n;
          int j = i++;
          int k = ++i;
          int m = i-- + --i;
          return x * j + x * x * k + m * x * x * x + i;
        }

        @Differentiable
        public static double longOps(double x, long m) {
          long k = m * 2L + 1;
          long j = k % 5L;
          return x * k + (double) j * x * x + k;
        }

        @Differentiable
        public static double castsToIntegers(double x) {
          int i = (int) x;
          long l = (long) (x * 3);
          double d = (double) i;
          double e = (double) (int) (x * x);
          return x * d + l + e * x + (double) (long) (x + 0.5);
        }

        @Differentiable
        public static double integersToDouble(double x, int n, long m) {
          double a = n;
          double b = (double) m;
          double c = (double) (n + 1) / 2;
          return x * (double) n + a / x + b * x * x + c * x;
        }

        @Differentiable
        public static double conditional(double x, double y) {
          double t = x > y ? x * y : x - y;
          return t + (x < 0 ? -x : (y > 1 ? y * y : x * 2));
        }

        @Differentiable
        public static double logic(double x, double y, boolean flag) {
          boolean big = x > 1 && y < 3 || !flag;
          if (big) {
            return x * x * y;
          }
          return y * y - x;
        }

        @Differentiable
        public static double comparisons(double x, double y) {
          double r = 0;
          if (x < y) r += x;
          if (x <= y) r += y;
          if (x > y) r += 2 * x;
          if (x >= y) r += 3 * y;
          if (x == y) r += 100;
          if (x != y) r += x * y;
          return r;
        }

        @Differentiable
        public static double intComparisons(double x, int n, long m) {
          double r = x;
          if (n < 3 && m >= 2L) r *= x;
          if (n == 4 || m != 7L) r += 2 * x;
          if (!(n > 5) && n <= m) r = r * x;
          return r;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(ARITH);
  }

  private static Gradients.Fn f(String name, String... wrt) {
    return fn(unit, "corpus.Arith", name, wrt);
  }

  @Test
  void polynomial() {
    f("poly").check(a -> g(6 * a.d(0) - 2), xs(-3, 0, 0.5, 4));
  }

  @Test
  void quotient() {
    f("quotient")
        .check(
            a -> g(1 / a.d(1), -a.d(0) / (a.d(1) * a.d(1))),
            pt(1.0, 2.0),
            pt(-3.0, 0.25),
            pt(10.0, -7.0));
  }

  @Test
  void unaryOperators() {
    f("unary").check(a -> g(-1 + a.d(1), 1 + a.d(0)), pt(1, 2), pt(-0.5, 3), pt(4, -4));
  }

  @Test
  void localsVarAndBlocks() {
    // f = (xy + x)^2 - xy
    f("locals")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1), b = x * y + x;
              return g(2 * b * (y + 1) - y, 2 * b * x - x);
            },
            pt(1, 2),
            pt(-0.5, 0.3),
            pt(2.5, -1.5));
  }

  @Test
  void compoundAssignments() {
    // ((x + y) x - y/2) / y = x^2/y + x - 1/2
    f("compound")
        .check(
            a -> g(2 * a.d(0) / a.d(1) + 1, -a.d(0) * a.d(0) / (a.d(1) * a.d(1))),
            pt(1, 2),
            pt(-3, 0.5),
            pt(0.7, -4));
  }

  @Test
  void reassignedParameters() {
    // x <- 3(x^2 + 1), y <- y + x^2: f = 3x^2 + 3 + (y + x^2)^2
    f("reassignParams")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1), s = y + x * x;
              return g(6 * x + 4 * x * s, 2 * s);
            },
            pt(1, 2),
            pt(-0.5, -3),
            pt(2, 0.1));
  }

  @Test
  void literalsOfEveryKind() {
    f("literals").check(a -> g(7.5 + 2e-3 * a.d(0)), xs(-2, 0, 3.5));
  }

  @Test
  void staticFinalFieldsAndMathConstants() {
    f("constants").check(a -> g(2 * 1.75 * a.d(0) + 3 + Math.PI), xs(-1, 0.25, 8));
  }

  @Test
  void intArithmeticAndModulo() {
    f("intOps")
        .check(
            a -> {
              int n = a.i(1);
              int r = n % 3, q = n / 2, m = r * q - 1;
              return g(r + 2 * a.d(0) * (n % 2) + m);
            },
            pt(1.5, 7),
            pt(-2.0, 4),
            pt(0.3, -5),
            pt(3.0, 0));
  }

  @Test
  void incrementAndDecrementStatements() {
    f("incDec").check(a -> g(a.i(1)), pt(1.5, 7), pt(-2.0, 0), pt(0.3, -5));
  }

  @Test
  void compoundAssignmentsOnIntegers() {
    f("intCompound")
        .check(
            a -> {
              int n = a.i(1);
              int i = (n + 1) * 3 / 2;
              long k = n * 5L - 1;
              return g(i + 2 * a.d(0) * k);
            },
            pt(1.5, 7),
            pt(-2.0, 2),
            pt(0.3, -5));
  }

  @Test
  void incrementAndDecrementInsideExpressions() {
    // j = n, k = n + 2, m = (n + 2) + n, i = n
    f("incDecInExpressions")
        .check(
            a -> {
              double x = a.d(0);
              int n = a.i(1);
              return g(n + 2 * x * (n + 2) + 3 * (2 * n + 2) * x * x);
            },
            pt(1.5, 7),
            pt(-2.0, 0),
            pt(0.3, -4));
  }

  @Test
  void longArithmetic() {
    f("longOps")
        .check(
            a -> {
              long k = a.l(1) * 2 + 1;
              return g(k + 2 * (k % 5) * a.d(0));
            },
            pt(1.5, 7L),
            pt(-2.0, 123456789012L),
            pt(0.3, -3L));
  }

  /** Casts to int/long are piecewise constant: they pass no derivative. */
  @Test
  void castsToIntegersHaveZeroDerivative() {
    f("castsToIntegers")
        .check(a -> g((int) a.d(0) + (int) (a.d(0) * a.d(0))), xs(2.3, 3.7, 5.2, -1.3, 0.4));
  }

  @Test
  void integersWidenedToDouble() {
    f("integersToDouble")
        .check(
            a -> {
              double x = a.d(0);
              int n = a.i(1);
              double m = a.l(2);
              return g(n - n / (x * x) + 2 * m * x + (n + 1) / 2.0);
            },
            pt(1.5, 3, 2L),
            pt(-0.7, -4, 9L),
            pt(4.0, 0, -1L));
  }

  @Test
  void conditionalOperator() {
    f("conditional")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              double dx = x > y ? y : 1, dy = x > y ? x : -1;
              if (x < 0) {
                dx -= 1;
              } else if (y > 1) {
                dy += 2 * y;
              } else {
                dx += 2;
              }
              return g(dx, dy);
            },
            pt(3, 2),
            pt(1, 2),
            pt(-1, -3),
            pt(-2, 0.5),
            pt(0.5, 0.25));
  }

  @Test
  void booleanLogic() {
    f("logic")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              boolean big = x > 1 && y < 3 || !a.b(2);
              return big ? g(2 * x * y, x * x) : g(-1, 2 * y);
            },
            pt(2, 1, true),
            pt(2, 4, true),
            pt(0.5, 1, true),
            pt(0.5, 4, false));
  }

  @Test
  void everyComparison() {
    f("comparisons")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              return x < y ? g(1 + y, 1 + x) : g(2 + y, 3 + x);
            },
            pt(1, 2),
            pt(3, -1),
            pt(-2, -1.5),
            pt(0.5, 0.25));
  }

  @Test
  void comparisonsOnIntegers() {
    f("intComparisons")
        .check(
            a -> {
              double x = a.d(0);
              int n = a.i(1);
              long m = a.l(2);
              double r = x, dr = 1;
              if (n < 3 && m >= 2L) {
                dr = 2 * x;
                r = x * x;
              }
              if (n == 4 || m != 7L) {
                dr += 2;
                r += 2 * x;
              }
              if (!(n > 5) && n <= m) {
                dr = dr * x + r;
              }
              return g(dr);
            },
            pt(1.5, 2, 3L),
            pt(-0.5, 4, 7L),
            pt(2.0, 6, 1L),
            pt(0.7, 1, 7L));
  }
}
