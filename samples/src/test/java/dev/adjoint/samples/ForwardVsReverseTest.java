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

import dev.adjoint.Tape;
import java.util.Random;
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
    ForwardVsReverseAdjoint.ExpTanhJvp forward = ForwardVsReverseAdjoint.expTanhJvp(0.5, 1);
    assertEquals(1.5874313, forward.value(), 1e-7);
    assertEquals(1.2484317, forward.tangent(), 1e-7);
    assertEquals(at.x(), forward.tangent(), 1e-15);
    assertEquals(2 * at.x(), ForwardVsReverseAdjoint.expTanhJvp(0.5, 2).tangent(), 1e-15);
    for (double x = -3; x <= 3; x += 0.5) {
      ForwardVsReverseAdjoint.ExpTanhGradient g = ForwardVsReverseAdjoint.expTanhGradient(x);
      assertEquals(Math.exp(Math.tanh(x)), g.value(), 1e-15);
      assertEquals(ForwardVsReverse.expTanhByChainRule(x), g.x(), 1e-14);
      ForwardVsReverseAdjoint.ExpTanhJvp jvp = ForwardVsReverseAdjoint.expTanhJvp(x, 1);
      assertEquals(g.value(), jvp.value(), 1e-15);
      assertEquals(ForwardVsReverse.expTanhByChainRule(x), jvp.tangent(), 1e-14);
    }
    // The notebook's check, (f(x + h) - f(x)) / h with h = 1e-4, is off in the fifth digit.
    double h = 1e-4;
    assertEquals(
        1.2484317, (ForwardVsReverse.expTanh(0.5 + h) - ForwardVsReverse.expTanh(0.5)) / h, 1e-5);
  }

  @Test
  void jacobianTakesThreeReverseSweepsOrFiveForwardSweeps() {
    double[] p = ForwardVsReverse.P;
    double[] before = p.clone();
    double[][] generated = ForwardVsReverse.generatedJacobian(p);
    ForwardVsReverse.Jacobian reverse = ForwardVsReverse.reverseJacobian(p);
    ForwardVsReverse.Jacobian forward = ForwardVsReverse.forwardJacobian(p);
    ForwardVsReverse.Jacobian numerical = ForwardVsReverse.numericalJacobian(p, ForwardVsReverse.H);
    assertArrayEquals(before, p, 0); // the point is left alone
    assertEquals(3, reverse.sweeps());
    assertEquals(5, forward.sweeps());
    assertEquals(6, numerical.sweeps());
    assertEquals(
        "reverse mode, 3 sweeps (5 inputs > 3 outputs)",
        ForwardVsReverse.generatedJacobianChoice(5, 3));
    assertEquals(
        "forward mode, 2 sweeps (2 inputs <= 3 outputs)",
        ForwardVsReverse.generatedJacobianChoice(2, 3));

    // By hand at p = (0.5, -1, 2, 0.3, 1.5), written out here independently of jacobianByHand.
    double u = p[1] * p[2] * p[3];
    double s = 1 - Math.tanh(u) * Math.tanh(u);
    double[][] expected = {
      {p[1], p[0], Math.cos(p[2]), 0, 0},
      {-1, 0, 0, Math.exp(p[3]) * p[4], Math.exp(p[3])},
      {0, s * p[2] * p[3], s * p[1] * p[3], s * p[1] * p[2], 2 * p[4]},
    };
    assertEquals(3, generated.length);
    for (double[] row : generated) {
      assertEquals(5, row.length);
    }
    assertEquals(
        0, ForwardVsReverse.maxDifference(expected, ForwardVsReverse.jacobianByHand(p)), 0);
    assertEquals(0, ForwardVsReverse.maxDifference(expected, generated), 1e-12);
    assertEquals(0, ForwardVsReverse.maxDifference(expected, reverse.entries()), 1e-12);
    assertEquals(0, ForwardVsReverse.maxDifference(expected, forward.entries()), 1e-12);
    assertEquals(0, ForwardVsReverse.maxDifference(generated, reverse.entries()), 1e-12);
    assertEquals(0, ForwardVsReverse.maxDifference(generated, forward.entries()), 1e-12);
    assertEquals(0, ForwardVsReverse.maxDifference(expected, numerical.entries()), 1e-5);
    assertEquals(-0.416147, generated[0][2], 1e-6);
    assertEquals(2.024788, generated[1][3], 1e-6);
  }

  @Test
  void sweepsReturnTheValueAndAgreeAtOtherPoints() {
    Random random = new Random(13);
    for (int trial = 0; trial < 20; trial++) {
      double[] p = random.doubles(5, -2, 2).toArray();
      double[] value = ForwardVsReverse.outputs(p);
      double[] pBar = new double[5];
      double[] seed = random.doubles(3).toArray();
      assertArrayEquals(value, ForwardVsReverseAdjoint.outputsPullback(p, seed, pBar), 0);
      double[] direction = random.doubles(5).toArray();
      ForwardVsReverseAdjoint.OutputsJvp jvp = ForwardVsReverseAdjoint.outputsJvp(p, direction);
      assertArrayEquals(value, jvp.value(), 0);
      double[][] j = ForwardVsReverse.jacobianByHand(p);
      assertEquals(
          0, ForwardVsReverse.maxDifference(j, ForwardVsReverse.generatedJacobian(p)), 1e-12);
      for (int i = 0; i < 5; i++) { // pBar = seed^T J
        double expected = 0;
        for (int k = 0; k < 3; k++) {
          expected += seed[k] * j[k][i];
        }
        assertEquals(expected, pBar[i], 1e-12);
      }
      for (int k = 0; k < 3; k++) { // tangent = J direction
        double expected = 0;
        for (int i = 0; i < 5; i++) {
          expected += j[k][i] * direction[i];
        }
        assertEquals(expected, jvp.tangent()[k], 1e-12);
      }
    }
  }
}
