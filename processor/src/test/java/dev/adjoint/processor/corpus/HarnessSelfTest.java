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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks the harness itself, without the processor: hand-written "generated" classes, correct and
 * deliberately wrong, show that the corpus checks pass on a right gradient and fail on a wrong one.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HarnessSelfTest {
  private static final String MODEL =
      """
      package selftest;

      public final class Model {
        public static double f(double x1, double x2) {
          return Math.log(x1) + x1 * x2 - Math.sin(x2);
        }

        public static double slightlyWrong(double x) {
          return x * x;
        }

        public static double leaky(double x) {
          return x;
        }

        public static double wrongForward(double x) {
          return x * x;
        }

        public static double badNames(double a, double b) {
          return a * b;
        }

        public static final class Inner {
          public static double h(double x) {
            return x;
          }
        }
      }
      """;

  private static final String ADJOINT =
      """
      package selftest;

      public final class ModelAdjoint {
        public record FGradient(double value, double x1, double x2) {}

        public static FGradient fGradient(double x1, double x2) {
          double[] a = new double[2];
          double v = fPullback(x1, x2, 1.0, a);
          return new FGradient(v, a[0], a[1]);
        }

        public static double fPullback(double x1, double x2, double seed, double[] adjoint) {
          adjoint[0] += seed * (1 / x1 + x2);
          adjoint[1] += seed * (x1 - Math.cos(x2));
          return Model.f(x1, x2);
        }

        public record FJvp(double value, double tangent) {}

        public static FJvp fJvp(double x1, double x2, double x1Dot, double x2Dot) {
          return new FJvp(Model.f(x1, x2), (1 / x1 + x2) * x1Dot + (x1 - Math.cos(x2)) * x2Dot);
        }

        public record SlightlyWrongJvp(double value, double tangent) {}

        public static SlightlyWrongJvp slightlyWrongJvp(double x, double xDot) {
          return new SlightlyWrongJvp(x * x, 2.0001 * x * xDot);
        }

        public record WrongForwardGradient(double value, double x) {}

        public static WrongForwardGradient wrongForwardGradient(double x) {
          return new WrongForwardGradient(x * x, 2 * x);
        }

        public static double wrongForwardPullback(double x, double seed, double[] adjoint) {
          adjoint[0] += seed * 2 * x;
          return x * x;
        }

        public record WrongForwardJvp(double value, double tangent) {}

        public static WrongForwardJvp wrongForwardJvp(double x, double xDot) {
          return new WrongForwardJvp(x * x, 3 * x * xDot);
        }

        public record LeakyJvp(double value, double tangent) {}

        public static LeakyJvp leakyJvp(double x, double xDot) {
          return new LeakyJvp(x, xDot);
        }

        public record SlightlyWrongGradient(double value, double x) {}

        public static SlightlyWrongGradient slightlyWrongGradient(double x) {
          return new SlightlyWrongGradient(x * x, 2.0001 * x);
        }

        public static double slightlyWrongPullback(double x, double seed, double[] adjoint) {
          adjoint[0] += seed * 2.0001 * x;
          return x * x;
        }

        public record LeakyGradient(double value, double x) {}

        public static LeakyGradient leakyGradient(double x) {
          dev.adjoint.Tape.get().push(x);
          return new LeakyGradient(x, 1.0);
        }

        public static double leakyPullback(double x, double seed, double[] adjoint) {
          adjoint[0] += seed;
          return x;
        }

        public record BadNamesGradient(double value, double b, double a) {}

        public static BadNamesGradient badNamesGradient(double a, double b) {
          return new BadNamesGradient(a * b, a, b);
        }

        public static double badNamesPullback(double a, double b, double seed, double[] adjoint) {
          return a * b;
        }
      }
      """;

  private static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.compile(List.of(), MODEL, ADJOINT);
  }

  @Test
  void correctGradientPassesFiniteDifferencesAndClosedForm() {
    fn(unit, "selftest.Model", "f")
        .check(
            a -> g(1 / a.d(0) + a.d(1), a.d(0) - Math.cos(a.d(1))),
            pt(2.0, 5.0),
            pt(0.5, -1.0),
            pt(3, 0.25));
  }

  @Test
  void wrongGradientFailsFiniteDifferences() {
    Gradients.Fn f = fn(unit, "selftest.Model", "slightlyWrong");
    AssertionError e = assertThrows(AssertionError.class, () -> f.checkFd(xs(1, 2, 3)));
    assertTrue(e.getMessage().contains("finite difference"), e.getMessage());
  }

  @Test
  void wrongGradientFailsClosedForm() {
    Gradients.Fn f = fn(unit, "selftest.Model", "slightlyWrong");
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> f.checkClosedFormOnly(a -> g(2 * a.d(0)), xs(0.5)));
    assertTrue(e.getMessage().contains("closed form"), e.getMessage());
  }

  @Test
  void forwardModeDisagreeingWithReverseFails() {
    Gradients.Fn f = fn(unit, "selftest.Model", "wrongForward");
    AssertionError e =
        assertThrows(AssertionError.class, () -> f.check(a -> g(2 * a.d(0)), xs(1, 2, 3)));
    assertTrue(e.getMessage().contains("forward mode"), e.getMessage());
  }

  @Test
  void leftoverTapeFails() {
    Gradients.Fn f = fn(unit, "selftest.Model", "leaky");
    AssertionError e = assertThrows(AssertionError.class, () -> f.gradient(1.0));
    assertTrue(e.getMessage().contains("tape"), e.getMessage());
    dev.adjoint.Tape.get().popDouble();
    assertEquals(0, dev.adjoint.Tape.get().size());
  }

  @Test
  void wrongComponentOrderFails() {
    AssertionError e =
        assertThrows(AssertionError.class, () -> fn(unit, "selftest.Model", "badNames"));
    assertTrue(e.getMessage().contains("record components"), e.getMessage());
  }

  @Test
  void nestedClassNaming() {
    assertEquals(
        "selftest.Model_InnerAdjoint",
        Gradients.adjointClassName(unit.load("selftest.Model$Inner")));
    assertEquals("selftest.ModelAdjoint", Gradients.adjointClassName(unit.load("selftest.Model")));
  }

  @Test
  void finiteDifferencesOfKnownFunction() {
    double[][] fd = fn(unit, "selftest.Model", "f").finiteDifferences(pt(2.0, 5.0));
    assertEquals(5.5, fd[0][0], 1e-8);
    assertEquals(2 - Math.cos(5.0), fd[1][0], 1e-8);
  }
}
