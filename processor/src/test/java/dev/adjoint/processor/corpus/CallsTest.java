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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls between {@code @Differentiable} methods: in the same class, into another class of the same
 * compilation, into a nested class (whose adjoint is {@code Outer_InnerAdjoint}), nested calls,
 * calls in loops and calls with a detached argument.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallsTest {
  static final String LIB =
      """
      package corpus.calls;

      import dev.adjoint.Differentiable;

      public final class Lib {
        private Lib() {}

        @Differentiable
        public static double sq(double x) {
          return x * x;
        }

        @Differentiable
        public static double scaled(double x, int k) {
          return k * Math.sin(x);
        }

        @Differentiable
        public static double norm2(double x, double y) {
          return Math.sqrt(x * x + y * y);
        }
      }
      """;

  static final String APP =
      """
      package corpus.calls;

      import dev.adjoint.Adjoint;
      import dev.adjoint.Differentiable;

      public final class App {
        private App() {}

        @Differentiable
        static double local(double x) {
          return Math.exp(x) / 2;
        }

        @Differentiable
        public static double combo(double x, double y) {
          return Lib.sq(x + y) + Lib.scaled(x * y, 3) + local(x) + App.local(y);
        }

        @Differentiable
        public static double nestedCalls(double x) {
          return Lib.sq(Lib.sq(x)) + Lib.norm2(x, Lib.sq(x));
        }

        @Differentiable
        public static double callInLoop(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = Lib.scaled(x, 1) + Lib.sq(x) * 0.1;
          }
          return x;
        }

        @Differentiable
        public static double loopIndexAsArgument(double x, int n) {
          double s = 0;
          for (int i = 1; i <= n; i++) {
            s += Lib.scaled(x / i, i);
          }
          return s;
        }

        @Differentiable
        public static double callsNested(double x) {
          return Outer.Inner.g(x) * 2 + Outer.Inner.g(Outer.Inner.g(x));
        }

        @Differentiable
        public static double detachedArgument(double x, double y) {
          return Lib.norm2(Adjoint.detach(x), y) * x;
        }

        @Differentiable
        public static double resultInBranch(double x) {
          double r = Lib.sq(x);
          if (r > 4) {
            return Lib.norm2(r, x);
          }
          return local(r) - Lib.scaled(r, 2);
        }
      }
      """;

  static final String OUTER =
      """
      package corpus.calls;

      import dev.adjoint.Differentiable;

      public final class Outer {
        private Outer() {}

        public static final class Inner {
          private Inner() {}

          @Differentiable
          public static double g(double x) {
            return x * Math.cos(x) + Lib.sq(x);
          }
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(LIB, APP, OUTER);
  }

  private static Gradients.Fn f(String name) {
    return fn(unit, "corpus.calls.App", name);
  }

  private static double dInner(double x) {
    return Math.cos(x) - x * Math.sin(x) + 2 * x;
  }

  private static double inner(double x) {
    return x * Math.cos(x) + x * x;
  }

  @Test
  void calleesInOtherClassAndSameClass() {
    f("combo")
        .check(
            a -> {
              double x = a.d(0), y = a.d(1), c = 3 * Math.cos(x * y);
              return g(
                  2 * (x + y) + c * y + Math.exp(x) / 2, 2 * (x + y) + c * x + Math.exp(y) / 2);
            },
            pt(0.5, 1),
            pt(-1, 2),
            pt(2, -0.3));
    // A callee in this class gets the caller's tape; one in another class looks it up itself.
    String source = unit.generatedSource("corpus.calls.AppAdjoint");
    assertTrue(source.contains("AppAdjoint.localForward(tape, x)"), source);
    assertTrue(source.contains("AppAdjoint.localReverse(tape, "), source);
    assertTrue(source.contains("LibAdjoint.sqForward(t"), source);
    assertFalse(source.contains("LibAdjoint.sqForward(tape"), source);
    assertFalse(source.contains("LibAdjoint.sqReverse(tape"), source);
  }

  @Test
  void calleesThemselvesHaveGradients() {
    fn(unit, "corpus.calls.Lib", "sq").check(a -> g(2 * a.d(0)), xs(-1, 0.5, 3));
    fn(unit, "corpus.calls.Lib", "scaled")
        .check(a -> g(a.i(1) * Math.cos(a.d(0))), pt(0.5, 3), pt(-1.0, -2), pt(2.0, 0));
    fn(unit, "corpus.calls.App", "local").check(a -> g(Math.exp(a.d(0)) / 2), xs(-1, 0, 2));
  }

  @Test
  void nestedCalls() {
    f("nestedCalls")
        .check(
            a -> {
              double x = a.d(0), x2 = x * x;
              return g(4 * x * x2 + (x + 2 * x * x2) / Math.sqrt(x2 + x2 * x2));
            },
            xs(-1.5, 0.5, 2));
  }

  @Test
  void callsInsideLoopOnReassignedParameter() {
    f("callInLoop")
        .check(
            a -> {
              double x = a.d(0), d = 1;
              for (int i = 0; i < a.i(1); i++) {
                d *= Math.cos(x) + 0.2 * x;
                x = Math.sin(x) + x * x * 0.1;
              }
              return g(d);
            },
            pt(0.5, 5),
            pt(-1.2, 12),
            pt(2.0, 0));
  }

  @Test
  void loopIndexPassedAsIntArgument() {
    f("loopIndexAsArgument")
        .check(
            a -> {
              double d = 0;
              for (int i = 1; i <= a.i(1); i++) {
                d += Math.cos(a.d(0) / i);
              }
              return g(d);
            },
            pt(0.5, 5),
            pt(-3.0, 9),
            pt(2.0, 1));
  }

  @Test
  void nestedClassAdjointIsOuterUnderscoreInner() {
    assertEquals(
        "corpus.calls.Outer_InnerAdjoint",
        Gradients.adjointClassName(unit.load("corpus.calls.Outer$Inner")));
    fn(unit, "corpus.calls.Outer$Inner", "g").check(a -> g(dInner(a.d(0))), xs(-2, 0.3, 1.7));
    f("callsNested")
        .check(
            a -> {
              double x = a.d(0);
              return g(2 * dInner(x) + dInner(inner(x)) * dInner(x));
            },
            xs(-0.8, 0.3, 1.1));
  }

  @Test
  void detachedArgumentOfCall() {
    // norm2(detach(x), y) * x: d/dx = norm2(x, y), d/dy = x * y / norm2(x, y)
    f("detachedArgument")
        .checkClosedFormOnly(
            a -> {
              double r = Math.hypot(a.d(0), a.d(1));
              return g(r, a.d(0) * a.d(1) / r);
            },
            pt(3, 4),
            pt(-1, 0.5),
            pt(2, -2));
  }

  @Test
  void callResultsUsedInBranches() {
    f("resultInBranch")
        .check(
            a -> {
              double x = a.d(0), r = x * x;
              if (r > 4) {
                double n = Math.hypot(r, x);
                return g((r * 2 * x + x) / n);
              }
              return g((Math.exp(r) / 2 - 2 * Math.cos(r)) * 2 * x);
            },
            xs(-3, -0.5, 1.2, 2.5));
  }
}
