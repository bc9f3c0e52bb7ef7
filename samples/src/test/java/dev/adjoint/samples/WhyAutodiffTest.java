package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WhyAutodiffTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void generatedGradientIsExactWhereFiniteDifferencesAreNot() {
    double exact = WhyAutodiff.gExactGradient(WhyAutodiff.P0);
    double generated = WhyAutodiffAdjoint.gGradient(WhyAutodiff.P0).p();
    assertEquals(exact, generated, 1e-14 * exact);
    double best = Double.MAX_VALUE;
    for (int k = 1; k <= 15; k++) {
      best = Math.min(best, Math.abs(WhyAutodiff.gForwardDifference(WhyAutodiff.P0, Math.pow(10, -k)) - exact));
    }
    assertTrue(best > 1e-9, "no step size gets the forward difference close: " + best);
    for (double p = -2.5; p < 10; p += 0.5) {
      assertEquals(WhyAutodiff.gExactGradient(p), WhyAutodiffAdjoint.gGradient(p).p(), 1e-12);
    }
  }

  @Test
  void expTanhFollowsTheChainRule() {
    for (double x = -3; x <= 3; x += 0.5) {
      WhyAutodiffAdjoint.ExpTanhGradient g = WhyAutodiffAdjoint.expTanhGradient(x);
      assertEquals(Math.exp(Math.tanh(x)), g.value(), 1e-15);
      assertEquals(WhyAutodiff.expTanhByChainRule(x), g.x(), 1e-14);
    }
    assertEquals(1.2484317, WhyAutodiffAdjoint.expTanhGradient(0.5).x(), 1e-7);
  }

  @Test
  void layersAgreeWithForwardMode() {
    for (double x : new double[] {0.05, 0.3, 0.5, 0.71, 0.9}) {
      for (int n = 0; n <= 12; n++) {
        WhyAutodiffAdjoint.LayersGradient g = WhyAutodiffAdjoint.layersGradient(x, n);
        assertEquals(WhyAutodiff.layers(x, n), g.value(), 0, "x = " + x + ", n = " + n);
        double tangent = WhyAutodiff.layersForwardTangent(x, n);
        assertEquals(tangent, g.x(), 1e-12 * Math.max(1, Math.abs(tangent)), "x = " + x + ", n = " + n);
      }
    }
    assertEquals(1.0, WhyAutodiffAdjoint.layersGradient(0.3, 0).x());
    assertEquals(-4.352, WhyAutodiffAdjoint.layersGradient(0.3, 2).x(), 1e-12);
  }
}
