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

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seed functions of the project, with their published values. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SeedFunctionsTest {
  static final String SEEDS =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class Seeds {
        private Seeds() {}

        @Differentiable
        public static double f(double x1, double x2) {
          return Math.log(x1) + x1 * x2 - Math.sin(x2);
        }

        @Differentiable
        public static double cube(double x) {
          return x * x * x;
        }

        @Differentiable
        public static double control(double a) {
          double b = a * 2;
          while (Math.abs(b) < 1000)
            b = b * 2;
          double c = b > 0 ? b : 100 * b;
          return c;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SEEDS);
  }

  @Test
  void logProductSineAtTwoFive() {
    Gradients.Fn f = fn(unit, "corpus.Seeds", "f");
    Gradients.Grad grad = f.gradient(2.0, 5.0);
    assertEquals(11.652071, grad.value(), 5e-7);
    assertEquals(Math.log(2) + 10 - Math.sin(5), grad.value(), 1e-12);
    assertEquals(5.5, grad.components()[0], 1e-12);
    assertEquals(1.7163378145367738, grad.components()[1], 1e-12);
    f.check(
        a -> g(1 / a.d(0) + a.d(1), a.d(0) - Math.cos(a.d(1))),
        pt(2.0, 5.0),
        pt(0.3, -1.2),
        pt(7.5, 0.0),
        pt(1.0, 3.0));
  }

  @Test
  void cubeHasDerivativeTwelveAtTwo() {
    Gradients.Fn f = fn(unit, "corpus.Seeds", "cube");
    assertEquals(12.0, f.gradient(2.0).components()[0], 1e-12);
    assertEquals(8.0, f.gradient(2.0).value(), 0.0);
    f.check(a -> g(3 * a.d(0) * a.d(0)), xs(2, -1.5, 0.1, 10));
  }

  /** b doubles until |b| >= 1000, so f(a) = a * 2^k (times 100 if negative): f'(a) = f(a)/a. */
  @Test
  void controlFlowDerivativeIsValueOverInput() {
    Gradients.Fn f = fn(unit, "corpus.Seeds", "control");
    Random random = new Random(20240611L);
    Object[][] points = new Object[12][];
    for (int i = 0; i < points.length; i++) {
      double a;
      do {
        a = (random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(5) - 2);
      } while (a == 0 || nearDoublingThreshold(a));
      points[i] = new Object[] {a};
    }
    f.check(arg -> g(f.primal(arg.d(0)) / arg.d(0)), points);
    f.check(arg -> g(f.primal(arg.d(0)) / arg.d(0)), xs(1.0, -1.0, 0.37, -0.0123, 260.0, 1999.0));
  }

  /**
   * True when a * 2^k is within 1e-5 relative of 1000 for the k where the loop stops: there the
   * trip count changes and finite differences would straddle the jump.
   */
  private static boolean nearDoublingThreshold(double a) {
    double b = Math.abs(a) * 2;
    while (b < 1000) {
      b *= 2;
    }
    return Math.abs(b - 1000) < 1e-5 * 1000 || Math.abs(b / 2 - 1000) < 1e-5 * 1000;
  }
}
