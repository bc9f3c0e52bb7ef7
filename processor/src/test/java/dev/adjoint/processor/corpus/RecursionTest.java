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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Recursion (linear, divide-and-conquer, tree, with an accumulator) and mutual recursion. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecursionTest {
  static final String REC =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class Rec {
        private Rec() {}

        @Differentiable
        public static double powRec(double x, int n) {
          return n == 0 ? 1 : x * powRec(x, n - 1);
        }

        @Differentiable
        public static double fastPow(double x, int n) {
          if (n == 0) {
            return 1.0;
          }
          double h = fastPow(x, n / 2);
          if (n % 2 == 0) {
            return h * h;
          }
          return h * h * x;
        }

        /** sum_{k=i..n} term_k with term_{k+1} = term_k * x / (k + 1). */
        @Differentiable
        public static double expSeries(double x, int i, int n, double term) {
          if (i > n) {
            return 0;
          }
          return term + expSeries(x, i + 1, n, term * x / (i + 1));
        }

        @Differentiable
        public static double expTaylor(double x, int n) {
          return expSeries(x, 0, n, 1.0);
        }

        @Differentiable
        public static double even(double x, int n) {
          return n == 0 ? x : odd(x * 1.1, n - 1) + x;
        }

        @Differentiable
        public static double odd(double x, int n) {
          if (n == 0) {
            return x * x;
          }
          return even(Math.sin(x), n - 1) * 0.5;
        }

        @Differentiable
        public static double tree(double x, int n) {
          if (n < 2) {
            return x;
          }
          return tree(x, n - 1) + tree(x * 0.5, n - 2) * x;
        }

        @Differentiable
        public static double continuedFraction(double x, int n) {
          if (n == 0) {
            return x;
          }
          return x + 1 / continuedFraction(x, n - 1);
        }

        @Differentiable
        public static double recursionInLoop(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += powRec(x, i) / (i + 1);
            if (s > 1e6) {
              return s;
            }
          }
          return s;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(REC);
  }

  private static Gradients.Fn f(String name) {
    return fn(unit, "corpus.Rec", name);
  }

  private static final Gradients.ClosedForm POWER =
      a -> g(a.i(1) == 0 ? 0 : a.i(1) * Math.pow(a.d(0), a.i(1) - 1));

  @Test
  void powerByLinearRecursion() {
    f("powRec").check(POWER, pt(1.5, 3), pt(-0.7, 6), pt(2.0, 0), pt(1.1, 40));
  }

  @Test
  void powerBySquaring() {
    f("fastPow").check(POWER, pt(1.5, 3), pt(-0.7, 6), pt(2.0, 0), pt(1.01, 1000), pt(0.9, 13));
  }

  /** The Taylor polynomial of exp of degree n has the one of degree n - 1 as derivative. */
  @Test
  void recursiveSeries() {
    f("expTaylor")
        .check(
            a -> {
              double d = 0, term = 1;
              for (int k = 0; k < a.i(1); k++) {
                d += term;
                term *= a.d(0) / (k + 1);
              }
              return g(d);
            },
            pt(0.5, 10),
            pt(-2.0, 15),
            pt(3.0, 1),
            pt(1.0, 0));
  }

  /** The helper itself, differentiated with respect to x and the accumulator term. */
  @Test
  void recursiveSeriesWithActiveAccumulator() {
    f("expSeries")
        .check(
            a -> {
              double x = a.d(0), t = a.d(3), dx = 0, dt = 0, term = t;
              for (int k = a.i(1); k <= a.i(2); k++) {
                // term_k = t * x^(k-i) * i!/k!, so d/dt = term_k / t, d/dx = (k - i) term_k / x
                dt += term / t;
                dx += (k - a.i(1)) * term / x;
                term *= x / (k + 1);
              }
              return g(dx, dt);
            },
            pt(0.5, 0, 8, 1.0),
            pt(-1.5, 2, 9, 0.3),
            pt(2.0, 3, 3, -2.0));
  }

  @Test
  void mutualRecursion() {
    Gradients.ClosedForm even =
        a -> {
          double[] d = evenD(a.d(0), a.i(1));
          return g(d[1]);
        };
    f("even").check(even, pt(0.5, 0), pt(0.5, 1), pt(-1.2, 4), pt(0.9, 7), pt(2.0, 10));
    f("odd")
        .check(a -> g(oddD(a.d(0), a.i(1))[1]), pt(0.5, 0), pt(-1.2, 3), pt(0.9, 6), pt(2.0, 9));
  }

  /** {value, derivative} of Rec.even by hand-written forward mode. */
  private static double[] evenD(double x, int n) {
    if (n == 0) {
      return new double[] {x, 1};
    }
    double[] o = oddD(x * 1.1, n - 1);
    return new double[] {o[0] + x, o[1] * 1.1 + 1};
  }

  private static double[] oddD(double x, int n) {
    if (n == 0) {
      return new double[] {x * x, 2 * x};
    }
    double[] e = evenD(Math.sin(x), n - 1);
    return new double[] {e[0] * 0.5, e[1] * Math.cos(x) * 0.5};
  }

  @Test
  void treeRecursion() {
    f("tree")
        .check(a -> g(treeD(a.d(0), a.i(1))[1]), pt(0.5, 1), pt(0.8, 5), pt(-1.3, 8), pt(1.1, 12));
  }

  private static double[] treeD(double x, int n) {
    if (n < 2) {
      return new double[] {x, 1};
    }
    double[] a = treeD(x, n - 1);
    double[] b = treeD(x * 0.5, n - 2);
    return new double[] {a[0] + b[0] * x, a[1] + b[1] * 0.5 * x + b[0]};
  }

  @Test
  void continuedFraction() {
    f("continuedFraction")
        .check(
            a -> {
              double v = a.d(0), d = 1;
              for (int k = 0; k < a.i(1); k++) {
                d = 1 - d / (v * v);
                v = a.d(0) + 1 / v;
              }
              return g(d);
            },
            pt(1.0, 0),
            pt(1.0, 20),
            pt(2.5, 7),
            pt(-3.0, 5));
  }

  @Test
  void recursiveCallInsideLoopWithEarlyReturn() {
    f("recursionInLoop")
        .check(
            a -> {
              double x = a.d(0), s = 0, d = 0;
              for (int i = 0; i < a.i(1); i++) {
                s += Math.pow(x, i) / (i + 1);
                d += (i == 0 ? 0 : i * Math.pow(x, i - 1)) / (i + 1);
                if (s > 1e6) return g(d);
              }
              return g(d);
            },
            pt(0.5, 8),
            pt(-1.5, 6),
            pt(30.0, 10),
            pt(2.0, 1));
  }
}
