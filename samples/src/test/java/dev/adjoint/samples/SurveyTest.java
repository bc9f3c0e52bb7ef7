package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tape;
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
}
