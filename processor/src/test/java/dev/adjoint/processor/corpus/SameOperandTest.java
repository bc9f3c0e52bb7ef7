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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * An operation whose operands are the same variable ({@code x - x}, {@code x * x}) passes one sum
 * to that variable's adjoint: {@code xBar += g - g} is exactly zero, where {@code xBar += g; xBar
 * -= g} lost what {@code xBar} held when {@code g} was much larger (the refilled-buffer fuzzer's
 * seed 42, program 102: a gradient of 0 for a derivative of -1.02). Two operands that are the same
 * element or the same arithmetic of variables and elements ({@code a[i] * a[i]}, {@code (x[i] - m)
 * * (x[i] - m)}) are lowered once, so that they are one variable too.
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

  private static final String ELEMENTS =
      """
      package same;

      import dev.adjoint.Differentiable;

      public final class Squares {
        private Squares() {}

        /** A sum of squares of elements, and of centred elements, as users write a variance. */
        @Differentiable
        public static double spread(double[] x, double[][] rows, double m) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i] + (x[i] - m) * (x[i] - m);
          }
          for (int r = 0; r < rows.length; r++) {
            s += rows[r][r + 1] * rows[r][r + 1] - rows[r][r] * rows[r][r + 1];
          }
          return s;
        }

        /** An element read, written, then read again as both operands: the new value, twice. */
        @Differentiable
        public static double overwritten(double[] x) {
          double[] y = new double[x.length];
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            y[i] = Math.sin(x[i]);
            s += y[i] * y[i];
            y[i] = y[i] * 2 + x[i];
            s += y[i] * y[i];
          }
          return s;
        }
      }
      """;

  @Test
  void sameElementsAreOneOperand() throws Exception {
    CompiledSources unit = CompiledSources.withAdjoint(ELEMENTS);
    Class<?> adjoint = unit.load("same.SquaresAdjoint");
    java.lang.reflect.Method gradient =
        adjoint.getMethod("spreadGradient", double[].class, double[][].class, double.class);
    double[] x = {0.5, -1.5, 2.0};
    double[][] rows = {{1, 2, 3}, {4, 5, 6}};
    double m = 0.25;
    Object g = gradient.invoke(null, x, rows, m);
    double[] dx = (double[]) g.getClass().getMethod("x").invoke(g);
    double[][] drows = (double[][]) g.getClass().getMethod("rows").invoke(g);
    double dm = (double) g.getClass().getMethod("m").invoke(g);
    // The closed form: d/dx_i = 2 x_i + 2 (x_i - m), d/dm = -2 Σ (x_i - m).
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      assertEquals(2 * x[i] + 2 * (x[i] - m), dx[i], 1e-15, "d/dx" + i);
      sum += x[i] - m;
    }
    assertEquals(-2 * sum, dm, 1e-15);
    // Row r: d/d rows[r][r+1] = 2 rows[r][r+1] - rows[r][r]; d/d rows[r][r] = -rows[r][r+1].
    assertEquals(2 * 2 - 1, drows[0][1], 0.0);
    assertEquals(-2, drows[0][0], 0.0);
    assertEquals(2 * 6 - 5, drows[1][2], 0.0);
    assertEquals(-6, drows[1][1], 0.0);
    AdjointCheck.of(unit.load("same.Squares"))
        .points(
            "spread",
            rng ->
                new Object[] {
                  RealisticModelsTest.normal(rng, 4, 1),
                  RealisticModelsTest.normal(rng, 3, 4, 1),
                  rng.nextGaussian()
                })
        .points("overwritten", rng -> new Object[] {RealisticModelsTest.normal(rng, 4, 1)})
        .verify();
    String source = unit.generatedSource("same.SquaresAdjoint");
    // One load per square, squared: one addition into the element's adjoint per square.
    assertTrue(source.matches("(?s).*(t\\d+) = x\\[i\\];\\s+t\\d+ = \\1 \\* \\1;.*"), source);
    assertTrue(
        source.matches("(?s).*(t\\d+) = rows\\[r\\]\\[r \\+ 1\\];\\s+t\\d+ = \\1 \\* \\1;.*"),
        source);
    // Different elements stay apart.
    assertTrue(source.matches("(?s).*(t\\d+) = rows\\[r\\]\\[r\\];.*"), source);
  }
}
