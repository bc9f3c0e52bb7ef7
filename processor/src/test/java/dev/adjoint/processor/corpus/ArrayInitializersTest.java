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
import dev.adjoint.Tape;
import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Array initializers ({@code double[] w = {1, a}}, {@code new double[] {a, b}} as an argument or a
 * result): lowered to a new array and one store per element, in Java's order. Checked against
 * finite differences and forward mode ({@link AdjointCheck}, default tolerances, several points),
 * and the generated value against Java's, bit for bit.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ArrayInitializersTest {
  static final String SOURCE =
      """
      package literals;

      import dev.adjoint.Differentiable;

      public final class Literals {
        private Literals() {}

        /** Polynomial weights from a declaration, and a literal argument. */
        @Differentiable
        public static double weighted(double[] x, double a) {
          double[] w = {1, a, a * a};
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += w[i % 3] * x[i];
          }
          return s + squares(new double[] {a, 2 * a, 3});
        }

        @Differentiable
        public static double squares(double[] v) {
          double s = 0;
          for (double e : v) {
            s += e * e;
          }
          return s;
        }

        /** Elements evaluated left to right: the second one changes y, the third reads it. */
        @Differentiable
        public static double ordered(double x, int n) {
          double y = x;
          double[] v = {y, y = y * Math.sin(x), y, n};
          return v[0] * v[1] + v[2] * x + v[3] * y;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void gradientsAgreeWithFiniteDifferencesAndForwardMode() {
    CompiledSources unit = CompiledSources.withAdjoint(SOURCE);
    AdjointCheck.of(unit.load("literals.Literals"))
        .points(
            "weighted",
            rng -> new Object[] {RealisticModelsTest.normal(rng, 5, 1), rng.nextGaussian()})
        .points("squares", rng -> new Object[] {RealisticModelsTest.normal(rng, 3, 1)})
        .points("ordered", rng -> new Object[] {rng.nextGaussian(), 3})
        .verify();
  }

  @Test
  void theGeneratedValueIsJavas() throws Exception {
    CompiledSources unit = CompiledSources.withAdjoint(SOURCE);
    Method ordered = unit.load("literals.Literals").getMethod("ordered", double.class, int.class);
    Method gradient =
        unit.load("literals.LiteralsAdjoint").getMethod("orderedGradient", double.class, int.class);
    for (double x : new double[] {-1.3, 0.2, 0.7, 2.5}) {
      Object record = gradient.invoke(null, x, 3);
      double value = (double) record.getClass().getMethod("value").invoke(record);
      assertEquals((double) ordered.invoke(null, x, 3), value, 0.0, "at x = " + x);
    }
  }
}
