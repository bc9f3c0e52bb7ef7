package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tape;
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
    ControlFlowAdjoint.TwiceDotGradient g = ControlFlowAdjoint.twiceDotGradient(0, 1, 2, 3);
    assertEquals(28.0, g.value());
    assertArrayEquals(new double[] {0, 4, 8, 12}, new double[] {g.x0(), g.x1(), g.x2(), g.x3()}, 0);
  }

  @Test
  void gradientOfSumIsOnes() {
    ControlFlowAdjoint.SumGradient g = ControlFlowAdjoint.sumGradient(0, 1, 2, 3);
    assertEquals(6.0, g.value());
    assertArrayEquals(new double[] {1, 1, 1, 1}, new double[] {g.x0(), g.x1(), g.x2(), g.x3()}, 0);
  }

  @Test
  void pullbacksAccumulateUntilZeroed() {
    double[] grad = new double[4];
    assertEquals(28.0, ControlFlowAdjoint.twiceDotPullback(0, 1, 2, 3, 1.0, grad));
    assertEquals(6.0, ControlFlowAdjoint.sumPullback(0, 1, 2, 3, 1.0, grad));
    assertArrayEquals(new double[] {1, 5, 9, 13}, grad, 0);
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
