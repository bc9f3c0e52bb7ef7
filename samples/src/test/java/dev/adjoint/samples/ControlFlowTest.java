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
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.adjoint.Tape;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlFlowTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void gradientOfTwiceDotIsFourX() {
    double[] x = {0, 1, 2, 3};
    ControlFlowAdjoint.TwiceDotGradient g = ControlFlowAdjoint.twiceDotGradient(x);
    assertEquals(28.0, g.value());
    assertArrayEquals(new double[] {0, 4, 8, 12}, g.x(), 0);
    assertArrayEquals(new double[] {0, 1, 2, 3}, x, 0); // the input is left alone
    assertNotSame(x, g.x());
  }

  @Test
  void gradientOfSumIsOnes() {
    ControlFlowAdjoint.SumGradient g = ControlFlowAdjoint.sumGradient(ControlFlow.ARANGE);
    assertEquals(6.0, g.value());
    assertArrayEquals(new double[] {1, 1, 1, 1}, g.x(), 0);
  }

  @Test
  void arrayGradientsHoldForAnyLength() {
    Random random = new Random(3);
    for (int n = 0; n <= 9; n++) {
      double[] x = new double[n];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextGaussian();
        v[i] = random.nextGaussian();
      }
      double[] dot = ControlFlowAdjoint.twiceDotGradient(x).x();
      double[] sum = ControlFlowAdjoint.sumGradient(x).x();
      double[] squares = ControlFlowAdjoint.weightedSquaresGradient(x, v).x();
      assertEquals(n, dot.length);
      for (int i = 0; i < n; i++) {
        assertEquals(4 * x[i], dot[i], 1e-15 * Math.abs(x[i]));
        assertEquals(1.0, sum[i]);
        assertEquals(2 * v[i] * x[i], squares[i], 1e-15 * Math.abs(v[i] * x[i]));
      }
    }
  }

  @Test
  void pullbacksAccumulateIntoOneBufferUntilZeroed() {
    double[] x = ControlFlow.ARANGE;
    double[] xBar = new double[4];
    assertEquals(28.0, ControlFlowAdjoint.twiceDotPullback(x, 1.0, xBar));
    assertArrayEquals(new double[] {0, 4, 8, 12}, xBar, 0);
    assertEquals(6.0, ControlFlowAdjoint.sumPullback(x, 1.0, xBar));
    assertArrayEquals(new double[] {1, 5, 9, 13}, xBar, 0);
    assertEquals(28.0, ControlFlowAdjoint.twiceDotPullback(x, 0.5, xBar)); // adds 0.5 * 4x
    assertArrayEquals(new double[] {1, 7, 13, 19}, xBar, 0);
    Arrays.fill(xBar, 0.0);
    ControlFlowAdjoint.sumPullback(x, 1.0, xBar);
    assertArrayEquals(new double[] {1, 1, 1, 1}, xBar, 0);
  }

  @Test
  void seedOfOnesPullsXTimesXBackToTwoX() {
    double[] x = ControlFlow.ARANGE;
    double[] ones = {1, 1, 1, 1};
    ControlFlowAdjoint.WeightedSquaresGradient g =
        ControlFlowAdjoint.weightedSquaresGradient(x, ones);
    assertEquals(14.0, g.value());
    assertArrayEquals(new double[] {0, 2, 4, 6}, g.x(), 0);
    double[] xBar = new double[4];
    ControlFlowAdjoint.weightedSquaresPullback(x, ones, 1.0, xBar);
    assertArrayEquals(new double[] {0, 2, 4, 6}, xBar, 0);
    String[] names =
        Arrays.stream(ControlFlowAdjoint.WeightedSquaresGradient.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toArray(String[]::new);
    assertArrayEquals(new String[] {"value", "x"}, names); // wrt = "x": no component for v
  }

  @Test
  void vectorOutputPulledBackWithOnesIsTwoX() {
    double[] x = ControlFlow.ARANGE;
    double[] ones = {1, 1, 1, 1};
    double[] xBar = new double[4];
    assertArrayEquals(
        new double[] {0, 1, 4, 9}, ControlFlowAdjoint.squaresPullback(x, ones, xBar), 0);
    assertArrayEquals(new double[] {0, 2, 4, 6}, xBar, 0); // y.backward(torch.ones(4)): x.grad = 2x
    assertArrayEquals(new double[] {0, 1, 2, 3}, x, 0);
    ControlFlowAdjoint.squaresPullback(x, new double[] {1, 0, 0, 0.5}, xBar); // adds, like x.grad
    assertArrayEquals(new double[] {0, 2, 4, 9}, xBar, 0);
    Random random = new Random(9);
    for (int n = 1; n <= 6; n++) {
      double[] z = random.doubles(n, -2, 2).toArray();
      double[] v = random.doubles(n, -2, 2).toArray();
      double[] zBar = new double[n];
      ControlFlowAdjoint.squaresPullback(z, v, zBar);
      assertArrayEquals(ControlFlowAdjoint.weightedSquaresGradient(z, v).x(), zBar, 1e-15);
    }
  }

  @Test
  void detachStopsTheGradient() {
    for (double x : ControlFlow.ARANGE) {
      assertEquals(x * x * x, ControlFlowAdjoint.zGradient(x).value());
      assertEquals(x * x, ControlFlowAdjoint.zGradient(x).x(), 0); // (0, 1, 4, 9)
      assertEquals(2 * x, ControlFlowAdjoint.yGradient(x).x(), 0); // (0, 2, 4, 6)
      assertEquals(3 * x * x, ControlFlowAdjoint.zAttachedGradient(x).x(), 0);
    }
    Random random = new Random(5);
    for (int i = 0; i < 50; i++) {
      double x = 10 * random.nextGaussian();
      assertEquals(x * x, ControlFlowAdjoint.zGradient(x).x(), 1e-12 * x * x);
      assertEquals(2 * x, ControlFlowAdjoint.yGradient(x).x(), 1e-12 * Math.abs(x));
    }
  }

  @Test
  void reproducesTheNotebooksDraw() {
    ControlFlowAdjoint.FGradient g = ControlFlowAdjoint.fGradient(ControlFlow.NOTEBOOK_A);
    assertEquals(-185575.1406, g.value(), 1e-9);
    assertEquals(819200.0, g.a());
  }

  @Test
  void gradientIsValueOverAAtRandomPoints() {
    for (double a : ControlFlow.randomPoints(200)) {
      ControlFlowAdjoint.FGradient g = ControlFlowAdjoint.fGradient(a);
      assertEquals(ControlFlow.f(a), g.value());
      assertEquals(g.value() / a, g.a(), 1e-12 * Math.abs(g.a()), "a = " + a);
      // Exactly a power of two, times 100 on the negative branch.
      double scale = Math.pow(2, ControlFlow.doublings(a) + 1) * (a > 0 ? 1 : 100);
      assertEquals(scale, g.a(), "a = " + a);
    }
  }
}
