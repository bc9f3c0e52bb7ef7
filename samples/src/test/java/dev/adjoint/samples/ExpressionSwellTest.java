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
package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExpressionSwellTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void loopAgreesWithForwardMode() {
    for (double x : new double[] {0.05, 0.3, 0.5, 0.71, 0.9}) {
      for (int n = 0; n <= 12; n++) {
        ExpressionSwellAdjoint.LayersGradient g = ExpressionSwellAdjoint.layersGradient(x, n);
        assertEquals(ExpressionSwell.layers(x, n), g.value(), 0, "x = " + x + ", n = " + n);
        double tangent = ExpressionSwell.layersForwardTangent(x, n);
        assertEquals(
            tangent, g.x(), 1e-12 * Math.max(1, Math.abs(tangent)), "x = " + x + ", n = " + n);
        ExpressionSwellAdjoint.LayersJvp jvp =
            ExpressionSwellAdjoint.layersJvp(x, n, 1); // generated
        assertEquals(g.value(), jvp.value(), 0, "x = " + x + ", n = " + n);
        assertEquals(
            tangent,
            jvp.tangent(),
            1e-12 * Math.max(1, Math.abs(tangent)),
            "x = " + x + ", n = " + n);
      }
    }
    assertEquals(1.0, ExpressionSwellAdjoint.layersGradient(0.3, 0).x());
    assertEquals(-4.352, ExpressionSwellAdjoint.layersGradient(0.3, 2).x(), 1e-12);
  }

  @Test
  void unrolledMethodsAgreeWithTheLoopAndTheSymbolicDerivative() {
    for (double x : new double[] {0.1, 0.3, 0.8}) {
      for (int n = 1; n <= ExpressionSwell.MAX_LAYERS; n++) {
        double loop = ExpressionSwellAdjoint.layersGradient(x, n).x();
        double scale = Math.max(1, Math.abs(loop));
        assertEquals(ExpressionSwell.layers(x, n), ExpressionSwell.unrolled(n, x), 0);
        assertEquals(loop, ExpressionSwell.unrolledDerivative(n, x), 1e-12 * scale, "n = " + n);
        ExpressionSwell.Expr layers = ExpressionSwell.repeatedLayers(n);
        assertEquals(ExpressionSwell.layers(x, n), ExpressionSwell.evaluate(layers, x), 1e-12);
        assertEquals(
            loop,
            ExpressionSwell.evaluate(ExpressionSwell.derivative(layers), x),
            1e-10 * scale,
            "n = " + n);
      }
    }
    assertEquals(-455.412257322, ExpressionSwell.unrolledDerivative(10, 0.3), 1e-8);
  }

  @Test
  void symbolicDerivativeSwellsExponentially() {
    ExpressionSwell.Growth growth = ExpressionSwell.growth();
    // The derivative, in this sample's tree (its own numbers; sympy's differ but swell alike):
    assertArrayEquals(
        new long[] {5, 23, 71, 191, 479, 1151, 2687, 6143, 13823, 30719}, growth.symbolicOps());
    assertEquals(3, ExpressionSwell.countOps(ExpressionSwell.repeatedLayers(1)));
    // 4x(1 - x) has 3 operations; each layer doubles them and adds 3: 3 (2^n - 1).
    assertEquals(3 * 1023, ExpressionSwell.countOps(ExpressionSwell.repeatedLayers(10)));
    for (int n = 3; n <= ExpressionSwell.MAX_LAYERS; n++) {
      long[] ops = growth.symbolicOps();
      assertTrue(ops[n - 1] > 2 * ops[n - 2], "n = " + n);
      assertTrue(
          ExpressionSwell.SYMPY_COUNT_OPS[n - 1] > 2 * ExpressionSwell.SYMPY_COUNT_OPS[n - 2]);
    }
  }

  @Test
  void generatedPullbackGrowsLinearly() {
    assertNotNull(
        ExpressionSwell.generatedFile(),
        "generated source not found under " + ExpressionSwell.generatedSources());
    List<ExpressionSwell.CodeSize> sizes = ExpressionSwell.growth().generated();
    assertEquals(ExpressionSwell.MAX_LAYERS, sizes.size());
    int step = sizes.get(1).lines() - sizes.get(0).lines();
    assertTrue(step > 0 && step < 30, "lines per layer: " + step);
    for (int n = 2; n <= ExpressionSwell.MAX_LAYERS; n++) {
      // Every layer adds the same number of lines (to within 2), and about the same characters.
      int lines = sizes.get(n - 1).lines() - sizes.get(n - 2).lines();
      assertEquals(step, lines, 2, "lines added by layer " + n);
      int chars = sizes.get(n - 1).characters() - sizes.get(n - 2).characters();
      int firstChars = sizes.get(1).characters() - sizes.get(0).characters();
      assertEquals(firstChars, chars, firstChars / 5.0, "characters added by layer " + n);
    }
    // At n = 10 the symbolic derivative has 100 times more operations than the pullback's two
    // sweeps have lines (each value the reverse sweep reads is pushed by one and popped by the
    // other, since callers run them apart).
    assertTrue(ExpressionSwell.growth().symbolicOps()[9] > 100 * sizes.get(9).lines());
  }

  @Test
  void methodSizeCountsCodeLinesToTheClosingBrace() {
    List<String> source =
        List.of(
            "class A {",
            "  public static double fPullback(double x) {",
            "    // Forward sweep.",
            "    double t = x;",
            "",
            "    if (t > 0) {",
            "      t = 1;",
            "    }",
            "    return t;",
            "  }",
            "  void other() {}",
            "}");
    ExpressionSwell.CodeSize size =
        ExpressionSwell.methodSize(source, "public static double fPullback(");
    assertEquals(7, size.lines());
  }
}
