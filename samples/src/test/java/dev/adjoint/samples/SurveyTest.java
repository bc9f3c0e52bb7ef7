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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SurveyTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void workedExampleMatchesTheSurvey() {
    SurveyAdjoint.FGradient g = Survey.workedExample();
    assertEquals(Math.log(2) + 10 - Math.sin(5), g.value(), 1e-12);
    assertEquals(11.652, g.value(), 5e-4);
    assertEquals(5.5, g.x1(), 1e-12);
    assertEquals(1.716, g.x2(), 5e-4);
    assertEquals(1.7163378, g.x2(), 1e-7); // JAX's float32 value
    assertEquals(2 - Math.cos(5), g.x2(), 1e-12);
  }

  @Test
  void pullbackAddsSeedTimesGradientAndReturnsTheValue() {
    double[] adjoint = {10, 20};
    double value = SurveyAdjoint.fPullback(2, 5, 2.0, adjoint);
    assertEquals(Survey.f(2, 5), value, 1e-12);
    assertArrayEquals(new double[] {10 + 2 * 5.5, 20 + 2 * (2 - Math.cos(5))}, adjoint, 1e-12);
  }

  @Test
  void agreesWithTheHandDerivedGradientElsewhere() {
    Random random = new Random(3);
    for (int i = 0; i < 100; i++) {
      double x1 = 0.1 + 10 * random.nextDouble();
      double x2 = 20 * random.nextDouble() - 10;
      SurveyAdjoint.FGradient g = SurveyAdjoint.fGradient(x1, x2);
      assertEquals(Survey.f(x1, x2), g.value(), 1e-12 * Math.max(1, Math.abs(g.value())));
      assertEquals(Survey.dfdx1ByHand(x1, x2), g.x1(), 1e-12 * Math.max(1, Math.abs(g.x1())));
      assertEquals(Survey.dfdx2ByHand(x1, x2), g.x2(), 1e-12 * Math.max(1, Math.abs(g.x2())));
    }
  }

  @Test
  void tracesMatchTheSurveysTables() {
    List<Survey.Step> primal = Survey.primalTrace(2, 5);
    double[] expected = {2, 5, 0.693, 10, -0.959, 10.693, 11.652, 11.652}; // Table 2, left
    assertEquals(expected.length, primal.size());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], primal.get(i).value(), 5e-4, primal.get(i).variable());
    }
    double[] alongX1 = {1, 0, 0.5, 5, 0, 5.5, 5.5, 5.5}; // Table 2, right
    List<Survey.Step> tangent = Survey.tangentTrace(2, 5, 1, 0);
    for (int i = 0; i < alongX1.length; i++) {
      assertEquals(alongX1[i], tangent.get(i).value(), 5e-4, tangent.get(i).variable());
    }
    assertEquals(1.716, Survey.tangentTrace(2, 5, 0, 1).get(7).value(), 5e-4);

    // Table 3, in the order computed: v5-bar ... x1-bar.
    double[] adjoints = {1, 1, -1, 1, 1, -0.284, 5, 1.716, 5.5, 1.716, 5.5};
    List<Survey.Step> reverse = Survey.adjointTrace(2, 5);
    assertEquals(adjoints.length, reverse.size());
    for (int i = 0; i < adjoints.length; i++) {
      assertEquals(adjoints[i], reverse.get(i).value(), 5e-4, reverse.get(i).variable());
    }
    SurveyAdjoint.FGradient g = Survey.workedExample();
    assertEquals(g.x2(), reverse.get(9).value(), 1e-12);
    assertEquals(g.x1(), reverse.get(10).value(), 1e-12);
  }

  @Test
  void generatedForwardSweepIsTheLastLineOfTheTraces() {
    // (y, y') of Table 2 along (1, 0) and (0, 1), from the generated fJvp.
    SurveyAdjoint.FJvp alongX1 = Survey.forwardSweep(2, 5, 1, 0);
    SurveyAdjoint.FJvp alongX2 = Survey.forwardSweep(2, 5, 0, 1);
    assertEquals(11.652, alongX1.value(), 5e-4);
    assertEquals(5.5, alongX1.tangent(), 1e-12);
    assertEquals(1.716, alongX2.tangent(), 5e-4);
    assertEquals(2 - Math.cos(5), alongX2.tangent(), 1e-12);
    assertEquals(1.7163378, alongX2.tangent(), 1e-7); // JAX
    SurveyAdjoint.FGradient g = Survey.workedExample();
    assertEquals(g.x1(), alongX1.tangent(), 1e-12);
    assertEquals(g.x2(), alongX2.tangent(), 1e-12);
    // The hand-written traces agree with the generated sweep, along these and other directions.
    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      double x1 = i == 0 ? 2 : 0.1 + 10 * random.nextDouble();
      double x2 = i == 0 ? 5 : 20 * random.nextDouble() - 10;
      double dx1 = i == 0 ? 0.3 : random.nextGaussian();
      double dx2 = i == 0 ? -0.7 : random.nextGaussian();
      SurveyAdjoint.FJvp jvp = Survey.forwardSweep(x1, x2, dx1, dx2);
      double scale = Math.max(1, Math.abs(jvp.tangent()));
      assertEquals(
          Survey.primalTrace(x1, x2).get(7).value(),
          jvp.value(),
          1e-12 * Math.max(1, Math.abs(jvp.value())));
      assertEquals(
          Survey.tangentTrace(x1, x2, dx1, dx2).get(7).value(), jvp.tangent(), 1e-12 * scale);
      double byHand = Survey.dfdx1ByHand(x1, x2) * dx1 + Survey.dfdx2ByHand(x1, x2) * dx2;
      assertEquals(byHand, jvp.tangent(), 1e-12 * scale);
    }
  }

  @Test
  void hessianIsJaxsGradOfGrad() {
    double[][] h = Survey.hessian(2, 5);
    assertEquals(2, h.length);
    assertEquals(-0.25, h[0][0], 1e-12); // JAX: grad(grad(f))(2.0, 5.0)
    assertEquals(1.0, h[0][1], 1e-12);
    assertEquals(1.0, h[1][0], 1e-12);
    assertEquals(Math.sin(5), h[1][1], 1e-12);
    assertEquals(-0.958924, h[1][1], 1e-6);
    Random random = new Random(11);
    for (int i = 0; i < 50; i++) {
      double x1 = 0.1 + 10 * random.nextDouble();
      double x2 = 20 * random.nextDouble() - 10;
      double[][] generated = Survey.hessian(x1, x2);
      double[][] byHand = Survey.hessianByHand(x1, x2);
      for (int r = 0; r < 2; r++) {
        assertArrayEquals(
            byHand[r], generated[r], 1e-12 * Math.max(1, Math.abs(byHand[0][0])), "row " + r);
      }
      double[] v = {random.nextGaussian(), random.nextGaussian()};
      double[] hv = SurveyAdjoint.fHvp(x1, x2, v);
      for (int r = 0; r < 2; r++) {
        assertEquals(
            byHand[r][0] * v[0] + byHand[r][1] * v[1],
            hv[r],
            1e-12 * Math.max(1, Math.abs(byHand[0][0] * v[0])));
      }
    }
  }
}
