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
 * Less common shapes of supported constructs: self-referential updates, several loop variables,
 * for(;;), returns from inside do-while and while(true), loop-carried locals declared in the body,
 * branch choices that the reverse sweep must replay, widening of int literals in Math calls, fields
 * with non-constant initializers and fields of another class, deep recursion, and recursion that
 * reassigns its parameters.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EdgeCasesTest {
  static final String EDGE =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class Edge {
        static final double ROOT_TWO = Math.sqrt(2);
        static final int STEPS = 4;

        private Edge() {}

        /** The result's own derivative reads it, so the tape saves it: the value must survive. */
        @Differentiable
        public static double resultOnTheTape(double x, int n) {
          for (int i = 0; i < n; i++) {
            if (i == 1) {
              return Math.exp(x) / (1 + x * x);
            }
          }
          return x;
        }

        @Differentiable
        public static double selfUpdates(double x, double y) {
          double s = x;
          s *= s;
          s += s;
          s -= s * 0.25;
          s /= y;
          y = y * y;
          x = x * y + x;
          return s + x;
        }

        @Differentiable
        public static double twoLoopVariables(double x, int n) {
          double s = 0;
          for (int i = 0, j = n; i < j; i++, j--) {
            s += x * i - x * x * j;
          }
          return s;
        }

        @Differentiable
        public static double forEver(double x) {
          double y = x;
          for (;;) {
            y = y * y + 0.25;
            if (y > 3) {
              break;
            }
          }
          return y;
        }

        @Differentiable
        public static double returnFromDoWhile(double x, int n) {
          double y = x;
          int i = 0;
          do {
            y = Math.sin(y) * 2 + x;
            if (i == n) {
              return y * x;
            }
            i++;
          } while (true);
        }

        @Differentiable
        public static double bodyLocals(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double t = s * x;
            double u;
            if (i % 2 == 0) {
              u = t + x;
            } else {
              u = Math.cos(t);
            }
            s = u;
          }
          return s;
        }

        @Differentiable
        public static double branchReplay(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = x > 1 ? x / 2 : x * 3 - Math.sin(x);
          }
          return x;
        }

        @Differentiable
        public static double intLiteralsInMath(double x) {
          return Math.max(x, 0) + Math.min(x, 1) * 2 + Math.pow(x, 2) + Math.hypot(x, 1)
              + Math.atan2(1, x);
        }

        @Differentiable
        public static double fieldsWithComputedInitializers(double x) {
          double s = x;
          for (int i = 0; i < STEPS; i++) {
            s = s * ROOT_TWO + Arith.K;
          }
          return s;
        }

        @Differentiable
        public static double deepRecursion(double x, int n) {
          return n == 0 ? x : Math.sin(deepRecursion(x, n - 1)) * 0.5 + x * 0.5;
        }

        @Differentiable
        public static double recursionReassigningParameters(double x, int n) {
          x = x * x * 0.5;
          if (n == 0) {
            return x;
          }
          double r = recursionReassigningParameters(x * 0.9, n - 1);
          x = x + r;
          n = n - 1;
          return x * r + n;
        }

        @Differentiable
        public static double sameCalleeTwice(double x, double y) {
          return Arith.poly(x) * Arith.poly(y) + Arith.quotient(x, y) * Arith.quotient(y, x);
        }

        @Differentiable
        public static double intResult(double x, int n) {
          if (x > 0) {
            return n * 2;
          }
          return x * n;
        }

        @Differentiable
        public static double constantResult(double x) {
          double unused = x * x;
          return 3.0;
        }

        @Differentiable
        public static double activeLoopStep(double x) {
          double s = 0;
          for (double t = x; t < 10; t += x) {
            s += t * t;
          }
          return s;
        }

        @Differentiable
        public static double conditionOnCallResult(double x) {
          int k = 0;
          while (Arith.poly(x + k) < 100) {
            k++;
          }
          return Arith.poly(x + k) * k;
        }

        @Differentiable
        public static double whilePostIncrementCondition(double x, int n) {
          int i = 0;
          double s = 1;
          while (i++ < n) {
            s = s * x + i;
          }
          return s;
        }

        @Differentiable
        public static double negateInLoop(double x, int n) {
          double y = x;
          for (int i = 0; i < n; i++) {
            y = -y * 1.5 + x;
          }
          return y;
        }

        @Differentiable
        public static double booleanLocals(double x, double y) {
          boolean a = x > y;
          boolean b = x * y > 1;
          boolean c = a && !b || b && !a;
          return c ? x * y : a ? x : y;
        }

        @Differentiable
        public static double longCasts(double x, long m) {
          long k = (long) (x * 1000);
          double back = (double) k / 1000;
          return back * x + (double) m * x + (long) m * x * x;
        }

        @Differentiable
        public static double namesOfGeneratedCode(double seed, double adjoint, int n) {
          double tape = seed * adjoint;
          double t1 = tape + 1;
          double xBar = t1 * seed;
          double seedBar = xBar;
          double result = seedBar;
          int trips = 0;
          int k = 0;
          boolean go = true;
          for (int i = 0; i < n; i++) {
            result = result * 0.5 + Math.sin(seed) * adjoint;
            trips++;
            k += 2;
          }
          double value = result + trips + k + (go ? 1 : 0);
          return value;
        }

        @Differentiable
        public static double chainedAssignment(double x) {
          double a, b;
          a = b = x * 2;
          return a * b;
        }

        /** A class that a local's name obscures (JLS 6.4.2): the method reads the local. */
        static final class Scale {
          static final int length = 5;

          private Scale() {}
        }

        @Differentiable
        public static double variableObscuresClass(double x) {
          double[] Scale = {x, 2 * x, 3};
          return Scale.length * Scale[0] * x;
        }

        @Differentiable
        public static double dollars$InNames(double x$) {
          double a$b = x$ * x$;
          double $c = a$b + x$;
          return $c * a$b;
        }

        @Differentiable(order = 2)
        public static double secondOrder$(double a$, double b$) {
          double[] w$ = {a$, b$};
          return Math.sin(w$[0]) * w$[1] + a$ * a$ * b$;
        }

        @Differentiable
        public static double intValuedConditional(double x, int n) {
          return (x > 0 ? 1 : 2) * x + (n > 2 ? n : -n) * x * x;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(ArithmeticTest.ARITH, EDGE);
  }

  private static Gradients.Fn f(String name) {
    return fn(unit, "corpus.Edge", name);
  }

  /**
   * Found by the fuzzer: the reverse sweep restored the result from the tape before returning it.
   */
  @Test
  void resultSavedOnTheTapeIsStillReturned() {
    f("resultOnTheTape")
        .check(
            a -> {
              double x = a.d(0);
              if (a.i(1) <= 1) {
                return g(1);
              }
              double q = 1 + x * x;
              return g(Math.exp(x) * (q - 2 * x) / (q * q));
            },
            pt(0.5, 3),
            pt(-1.2, 2),
            pt(0.7, 1),
            pt(2.0, 0));
  }

  /** s = (2 x^2 * 3/4) / y = 1.5 x^2 / y; x <- x y^2 + x. */
  @Test
  void selfReferentialUpdates() {
    f("selfUpdates")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              return g(3 * x / y + y * y + 1, -1.5 * x * x / (y * y) + 2 * x * y);
            },
            pt(1, 2),
            pt(-0.5, 3),
            pt(2, -1.5));
  }

  /**
   * {@code Scale.length} is the local array's length (3), not the field of the class {@code Scale}
   * (5): a variable obscures a class of its name. The value check fails on 5 x^2.
   */
  @Test
  void variableObscuresAClassOfItsName() {
    f("variableObscuresClass").check(a -> g(6 * a.d(0)), xs(0.5, -1.5, 2.0));
  }

  /**
   * Names with {@code $} (the method, a parameter, locals), which go into JavaPoet's format strings
   * in the generated code and javadoc, where a {@code $} must be doubled. f = x^4 + x^3.
   */
  @Test
  void dollarsInNames() {
    f("dollars$InNames")
        .check(a -> g(4 * Math.pow(a.d(0), 3) + 3 * a.d(0) * a.d(0)), xs(0.5, -1.5, 2.0));
  }

  /** The same in a second-order method (its Hessian's javadoc names the inputs). */
  @Test
  void dollarsInSecondOrderNames() {
    f("secondOrder$")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              return g(Math.cos(x) * y + 2 * x * y, Math.sin(x) + x * x);
            },
            pt(0.5, 1.5),
            pt(-1.2, 0.3),
            pt(2.0, -0.7));
  }

  @Test
  void forWithTwoVariables() {
    f("twoLoopVariables")
        .check(
            a -> {
              double x = a.d(0), d = 0;
              for (int i = 0, j = a.i(1); i < j; i++, j--) {
                d += i - 2 * x * j;
              }
              return g(d);
            },
            pt(0.5, 7),
            pt(-1.5, 10),
            pt(2.0, 1));
  }

  @Test
  void forWithoutCondition() {
    f("forEver")
        .check(
            a -> {
              double y = a.d(0), d = 1;
              while (true) {
                d = 2 * y * d;
                y = y * y + 0.25;
                if (y > 3) return g(d);
              }
            },
            xs(0.8, 1.2, -1.5, 4));
  }

  @Test
  void returnFromInsideDoWhileTrue() {
    f("returnFromDoWhile")
        .check(
            a -> {
              double x = a.d(0), y = x, d = 1;
              for (int i = 0; ; i++) {
                d = Math.cos(y) * 2 * d + 1;
                y = Math.sin(y) * 2 + x;
                if (i == a.i(1)) return g(d * x + y);
              }
            },
            pt(0.5, 0),
            pt(-1.2, 5),
            pt(2.0, 9));
  }

  @Test
  void localsDeclaredInLoopBody() {
    f("bodyLocals")
        .check(
            a -> {
              double x = a.d(0), s = 0, d = 0;
              for (int i = 0; i < a.i(1); i++) {
                double t = s * x, dt = d * x + s;
                if (i % 2 == 0) {
                  s = t + x;
                  d = dt + 1;
                } else {
                  s = Math.cos(t);
                  d = -Math.sin(t) * dt;
                }
              }
              return g(d);
            },
            pt(0.5, 6),
            pt(-1.1, 9),
            pt(2.0, 1));
  }

  @Test
  void branchChoicesReplayedInReverse() {
    f("branchReplay")
        .check(
            a -> {
              double x = a.d(0), d = 1;
              for (int i = 0; i < a.i(1); i++) {
                if (x > 1) {
                  d /= 2;
                  x = x / 2;
                } else {
                  d *= 3 - Math.cos(x);
                  x = x * 3 - Math.sin(x);
                }
              }
              return g(d);
            },
            pt(0.7, 10),
            pt(5.0, 7),
            pt(-0.4, 6));
  }

  @Test
  void intLiteralArgumentsWidenToDouble() {
    f("intLiteralsInMath")
        .check(
            a -> {
              double x = a.d(0);
              return g(
                  (x > 0 ? 1 : 0)
                      + (x < 1 ? 2 : 0)
                      + 2 * x
                      + x / Math.hypot(x, 1)
                      - 1 / (1 + x * x));
            },
            xs(-2, 0.5, 3));
  }

  @Test
  void staticFieldsWithComputedInitializersAndFromAnotherClass() {
    f("fieldsWithComputedInitializers").check(a -> g(4), xs(-1, 0.5, 3));
  }

  @Test
  void deepRecursion() {
    f("deepRecursion")
        .check(
            a -> {
              double x = a.d(0), v = x, d = 1;
              for (int k = 0; k < a.i(1); k++) {
                d = Math.cos(v) * 0.5 * d + 0.5;
                v = Math.sin(v) * 0.5 + x * 0.5;
              }
              return g(d);
            },
            pt(0.5, 2000),
            pt(-1.5, 500),
            pt(3.0, 1));
  }

  @Test
  void recursionThatReassignsItsParameters() {
    f("recursionReassigningParameters").checkFd(pt(0.9, 0), pt(1.1, 3), pt(-0.8, 5), pt(1.5, 2));
  }

  @Test
  void sameCalleeCalledTwice() {
    f("sameCalleeTwice")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              double px = 3 * x * x - 2 * x + 7, py = 3 * y * y - 2 * y + 7;
              // (x/y)(y/x) = 1: no contribution
              return g((6 * x - 2) * py, px * (6 * y - 2));
            },
            pt(1, 2),
            pt(-0.5, 3),
            pt(2, -1.5));
  }

  @Test
  void integerAndConstantResults() {
    f("intResult").check(a -> a.d(0) > 0 ? g(0) : g(a.i(1)), pt(1.5, 3), pt(-0.5, 4), pt(-2.0, -7));
    f("constantResult").check(a -> g(0), xs(-1, 0, 2));
  }

  @Test
  void activeLoopStep() {
    // t_k = (k + 1) x while t_k < 10: s = x^2 sum (k+1)^2
    f("activeLoopStep")
        .check(
            a -> {
              double x = a.d(0), d = 0;
              int k = 1;
              for (double t = x; t < 10; t += x, k++) {
                d += 2 * x * k * k;
              }
              return g(d);
            },
            xs(0.3, 1.7, 4.1, 12));
  }

  @Test
  void loopConditionOnCallResult() {
    f("conditionOnCallResult")
        .check(
            a -> {
              int k = 0;
              double x = a.d(0);
              while (3 * (x + k) * (x + k) - 2 * (x + k) + 7 < 100) k++;
              return g((6 * (x + k) - 2) * k);
            },
            xs(0.5, 2.2, 7.3));
  }

  @Test
  void postIncrementInLoopCondition() {
    f("whilePostIncrementCondition")
        .check(
            a -> {
              double x = a.d(0), s = 1, d = 0;
              for (int i = 1; i <= a.i(1); i++) {
                d = d * x + s;
                s = s * x + i;
              }
              return g(d);
            },
            pt(0.5, 5),
            pt(-1.3, 8),
            pt(2.0, 0));
  }

  @Test
  void negationInLoop() {
    f("negateInLoop")
        .check(
            a -> {
              double d = 1;
              for (int i = 0; i < a.i(1); i++) {
                d = -1.5 * d + 1;
              }
              return g(d);
            },
            pt(0.5, 5),
            pt(-1.3, 8),
            pt(2.0, 0));
  }

  @Test
  void booleanLocalsFromActiveComparisons() {
    f("booleanLocals")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1);
              boolean p = x > y, q = x * y > 1;
              if (p && !q || q && !p) return g(y, x);
              return p ? g(1, 0) : g(0, 1);
            },
            pt(2, 1),
            pt(0.2, 3),
            pt(3, 0.1),
            pt(-1, -0.5));
  }

  /** (long) (x * 1000) / 1000 is piecewise constant. */
  @Test
  void longCasts() {
    f("longCasts")
        .check(
            a -> {
              double x = a.d(0), m = a.l(1);
              double back = (double) (long) (x * 1000) / 1000;
              return g(back + m + 2 * m * x);
            },
            pt(0.5004, 3L),
            pt(-1.2306, -2L),
            pt(2.0007, 0L));
  }

  /** Parameters and locals named like the generated code's own variables. */
  @Test
  void userNamesThatGeneratedCodeMightUse() {
    fn(unit, "corpus.Edge", "namesOfGeneratedCode")
        .check(
            a -> {
              double s = a.d(0), adj = a.d(1);
              // result_0 = (s * adj + 1) * s; result <- 0.5 result + sin(s) * adj, n times
              double r = (s * adj + 1) * s, ds = 2 * s * adj + 1, dadj = s * s;
              for (int i = 0; i < a.i(2); i++) {
                ds = 0.5 * ds + Math.cos(s) * adj;
                dadj = 0.5 * dadj + Math.sin(s);
              }
              return g(ds, dadj);
            },
            pt(0.7, 1.3, 3),
            pt(-1.1, 0.4, 0),
            pt(2.0, -0.6, 7));
  }

  @Test
  void chainedAssignment() {
    f("chainedAssignment").check(a -> g(8 * a.d(0)), xs(-1, 0.5, 1.5));
  }

  @Test
  void conditionalWithIntBranches() {
    f("intValuedConditional")
        .check(
            a -> {
              int n = a.i(1);
              return g((a.d(0) > 0 ? 1 : 2) + 2 * (n > 2 ? n : -n) * a.d(0));
            },
            pt(1.5, 3),
            pt(-1.5, 1),
            pt(0.3, -4));
  }
}
