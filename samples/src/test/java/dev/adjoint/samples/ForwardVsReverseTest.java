package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForwardVsReverseTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void expTanhFollowsTheChainRule() {
    ForwardVsReverseAdjoint.ExpTanhGradient at = ForwardVsReverseAdjoint.expTanhGradient(0.5);
    assertEquals(1.5874313, at.value(), 1e-7);
    assertEquals(1.2484317, at.x(), 1e-7);
    assertEquals(at.x(), ForwardMode.expTanhTangent(0.5, 1), 1e-15);
    for (double x = -3; x <= 3; x += 0.5) {
      ForwardVsReverseAdjoint.ExpTanhGradient g = ForwardVsReverseAdjoint.expTanhGradient(x);
      assertEquals(Math.exp(Math.tanh(x)), g.value(), 1e-15);
      assertEquals(ForwardVsReverse.expTanhByChainRule(x), g.x(), 1e-14);
      assertEquals(g.x(), ForwardMode.expTanhTangent(x, 1), 1e-14);
    }
    // The notebook's check, (f(x + h) - f(x)) / h with h = 1e-4, is off in the fifth digit.
    double h = 1e-4;
    assertEquals(1.2484317, (ForwardVsReverse.expTanh(0.5 + h) - ForwardVsReverse.expTanh(0.5)) / h, 1e-5);
  }

  @Test
  void jacobianTakesThreeReverseSweepsOrFiveForwardSweeps() {
    double[] p = ForwardVsReverse.P;
    ForwardVsReverse.Jacobian reverse = ForwardVsReverse.reverseJacobian(p);
    ForwardVsReverse.Jacobian forward = ForwardVsReverse.forwardJacobian(p);
    ForwardVsReverse.Jacobian numerical = ForwardVsReverse.numericalJacobian(p, ForwardVsReverse.H);
    assertEquals(3, reverse.sweeps());
    assertEquals(5, forward.sweeps());
    assertEquals(6, numerical.sweeps());

    // By hand at p = (0.5, -1, 2, 0.3, 1.5).
    double u = p[1] * p[2] * p[3];
    double s = 1 - Math.tanh(u) * Math.tanh(u);
    double[][] expected = {
      {p[1], p[0], Math.cos(p[2]), 0, 0},
      {-1, 0, 0, Math.exp(p[3]) * p[4], Math.exp(p[3])},
      {0, s * p[2] * p[3], s * p[1] * p[3], s * p[1] * p[2], 2 * p[4]},
    };
    assertEquals(0, ForwardVsReverse.maxDifference(expected, reverse.entries()), 1e-14);
    assertEquals(0, ForwardVsReverse.maxDifference(expected, forward.entries()), 1e-14);
    assertEquals(0, ForwardVsReverse.maxDifference(expected, numerical.entries()), 1e-5);
    assertEquals(-0.416147, reverse.entries()[0][2], 1e-6);
    assertEquals(2.024788, reverse.entries()[1][3], 1e-6);
  }
}
