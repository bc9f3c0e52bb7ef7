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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code wrt} subsets (the record has exactly the named components, in declaration order),
 * parameters that are never differentiated (int, long, boolean), a method with no differentiated
 * parameter, and {@code Adjoint.detach}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WrtAndDetachTest {
  static final String WRT =
      """
      package corpus;

      import dev.adjoint.Adjoint;
      import dev.adjoint.Differentiable;

      public final class Wrt {
        private Wrt() {}

        @Differentiable(wrt = {"a", "c"})
        public static double subset(double a, double b, double c) {
          return a * b * c + Math.sin(b) + c * c;
        }

        @Differentiable(wrt = {"c", "a"})
        public static double reordered(double a, double b, double c) {
          return a * b * c + Math.sin(b) + c * c;
        }

        @Differentiable(wrt = "b")
        public static double single(double a, double b) {
          return a * a * b;
        }

        @dev.adjoint.Differentiable
        public static double mixed(int n, double x, long m, boolean flag, double y) {
          return flag ? n * x * y + m : x - y * m;
        }

        @Differentiable(wrt = {"b"})
        public static double wrtBetweenInts(int n, double a, double b, int k) {
          return n * a * b + k * b * b;
        }

        @Differentiable(wrt = "a")
        public static double inactiveParameterDependsOnActive(double a, double b) {
          b = b * a;
          return b * b;
        }

        @Differentiable
        public static double noDifferentiatedParameter(int n, long m) {
          return n * 0.5 + m;
        }

        @Differentiable
        public static double detachCube(double x) {
          return x * Adjoint.detach(x * x);
        }

        @Differentiable
        public static double detachMixed(double x, double y) {
          return Adjoint.detach(x * y) + x * y * Adjoint.detach(y);
        }

        @Differentiable
        public static double detachInLoop(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = x * 0.5 + Adjoint.detach(x * x) * 0.1;
          }
          return x;
        }

        @Differentiable
        public static double detachWholeResult(double x) {
          double y = Math.exp(x);
          return Adjoint.detach(y * x);
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(WRT);
  }

  private static String[] components(Gradients.Fn f) {
    return Arrays.stream(f.recordClass.getRecordComponents())
        .map(RecordComponent::getName)
        .toArray(String[]::new);
  }

  @Test
  void wrtSubsetHasExactlyTheNamedComponents() {
    Gradients.Fn f = fn(unit, "corpus.Wrt", "subset", "a", "c");
    assertArrayEquals(new String[] {"value", "a", "c"}, components(f));
    f.check(
        a -> g(a.d(1) * a.d(2), a.d(0) * a.d(1) + 2 * a.d(2)),
        pt(1, 2, 3),
        pt(-0.5, 0.7, 4),
        pt(2, -1, -1.5));
  }

  @Test
  void wrtNamesInAnyOrderGiveDeclarationOrder() {
    Gradients.Fn f = fn(unit, "corpus.Wrt", "reordered", "a", "c");
    assertArrayEquals(new String[] {"value", "a", "c"}, components(f));
    f.check(
        a -> g(a.d(1) * a.d(2), a.d(0) * a.d(1) + 2 * a.d(2)),
        pt(1, 2, 3),
        pt(-0.5, 0.7, 4),
        pt(2, -1, -1.5));
  }

  @Test
  void wrtSingleParameter() {
    Gradients.Fn f = fn(unit, "corpus.Wrt", "single", "b");
    assertArrayEquals(new String[] {"value", "b"}, components(f));
    f.check(a -> g(a.d(0) * a.d(0)), pt(1, 2), pt(-3, 0.5), pt(0.25, -4));
  }

  @Test
  void defaultDifferentiatesEveryDoubleAndNoOtherParameter() {
    Gradients.Fn f = fn(unit, "corpus.Wrt", "mixed");
    assertArrayEquals(new String[] {"value", "x", "y"}, components(f));
    f.check(
        a -> a.b(3) ? g(a.i(0) * a.d(4), a.i(0) * a.d(1)) : g(1, -a.l(2)),
        pt(3, 1.5, 7L, true, -2.0),
        pt(-2, 0.5, 4L, false, 3.0),
        pt(0, -1.0, -9L, true, 0.25),
        pt(5, 2.0, 0L, false, 1.0));
  }

  @Test
  void wrtAmongIntParameters() {
    Gradients.Fn f = fn(unit, "corpus.Wrt", "wrtBetweenInts", "b");
    assertArrayEquals(new String[] {"value", "b"}, components(f));
    f.check(
        a -> g(a.i(0) * a.d(1) + 2 * a.i(3) * a.d(2)),
        pt(3, 1.5, 2.0, 4),
        pt(-1, 0.5, -3.0, 0),
        pt(0, 2.0, 0.5, -2));
  }

  /** b is not differentiated, but after b = b * a it depends on a: f = a^2 b^2. */
  @Test
  void nonWrtParameterThatBecomesActive() {
    fn(unit, "corpus.Wrt", "inactiveParameterDependsOnActive", "a")
        .check(a -> g(2 * a.d(0) * a.d(1) * a.d(1)), pt(1, 2), pt(-0.5, 3), pt(2, -0.25));
  }

  /** No differentiated parameter: the record has only value, the pullback has no adjoint. */
  @Test
  void noDifferentiatedParameter() {
    Gradients.Fn f = fn(unit, "corpus.Wrt", "noDifferentiatedParameter");
    assertArrayEquals(new String[] {"value"}, components(f));
    assertEquals(
        3, f.pullback.getParameterCount(), "pullback(int n, long m, double seed): " + f.pullback);
    f.check(a -> g(), pt(3, 4L), pt(-1, 0L), pt(0, -7L));
    assertEquals(3 * 0.5 + 4, f.pullback(pt(3, 4L), 2.5, null), 0.0);
  }

  /** z = x * detach(x^2): dz/dx = x^2, not 3x^2. */
  @Test
  void detachStopsTheDerivative() {
    Gradients.Fn f = fn(unit, "corpus.Wrt", "detachCube");
    f.checkClosedFormOnly(a -> g(a.d(0) * a.d(0)), xs(2, -1.5, 0.3, 0));
    assertEquals(4.0, f.gradient(2.0).components()[0], 1e-12);
  }

  @Test
  void detachInSumsAndProducts() {
    fn(unit, "corpus.Wrt", "detachMixed")
        .checkClosedFormOnly(
            a -> g(a.d(1) * a.d(1), a.d(0) * a.d(1)), pt(1, 2), pt(-3, 0.5), pt(0.25, -4));
  }

  /** x <- 0.5 x + 0.1 detach(x^2) n times: derivative 0.5^n. */
  @Test
  void detachInsideLoop() {
    fn(unit, "corpus.Wrt", "detachInLoop")
        .checkClosedFormOnly(
            a -> g(Math.pow(0.5, a.i(1))), pt(0.5, 3), pt(-1.0, 10), pt(2.0, 0), pt(0.1, 1));
  }

  @Test
  void detachedResultHasZeroGradient() {
    fn(unit, "corpus.Wrt", "detachWholeResult").checkClosedFormOnly(a -> g(0), xs(-1, 0, 2));
  }
}
