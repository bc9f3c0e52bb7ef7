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

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.AdjointCheck;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * An operation whose operands are the same variable ({@code x - x}, {@code x * x}) passes one sum
 * to that variable's adjoint: {@code xBar += g - g} is exactly zero, where {@code xBar += g; xBar
 * -= g} lost what {@code xBar} held when {@code g} was much larger (the refilled-buffer fuzzer's
 * seed 42, program 102: a gradient of 0 for a derivative of -1.02).
 */
class SameOperandTest {
  private static final String SAME =
      """
      package same;

      import dev.adjoint.Differentiable;

      public final class Same {
        private Same() {}

        /** x, plus a term whose derivative is exactly zero but whose cotangent is 1e20 y. */
        @Differentiable
        public static double cancels(double x, double y) {
          double big = 1e20 * y;
          return x + big * (x - x);
        }

        @Differentiable
        public static double square(double x) {
          double s = x * x;
          return s - x / x;
        }
      }
      """;

  @Test
  void sameOperandsPassOneSum() throws Exception {
    CompiledSources unit = CompiledSources.withAdjoint(SAME);
    Class<?> adjoint = unit.load("same.SameAdjoint");
    Method gradient = adjoint.getMethod("cancelsGradient", double.class, double.class);
    for (double[] p : new double[][] {{0.3, 1.0}, {-2.0, 5.0}, {7.5, -3.0}}) {
      Object g = gradient.invoke(null, p[0], p[1]);
      double dx = (double) g.getClass().getMethod("x").invoke(g);
      double dy = (double) g.getClass().getMethod("y").invoke(g);
      // The closed form: d/dx = 1, d/dy = 1e20 (x - x) = 0, exactly.
      assertEquals(1.0, dx, 0.0, "d/dx at " + p[0]);
      assertEquals(0.0, dy, 0.0, "d/dy at " + p[0]);
    }
    AdjointCheck.of(unit.load("same.Same"))
        .points("cancels", rng -> new Object[] {rng.nextGaussian(), 1e-6 * rng.nextGaussian()})
        .points("square", rng -> new Object[] {1 + rng.nextDouble()})
        .verify();
  }
}
