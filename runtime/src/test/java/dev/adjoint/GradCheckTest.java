package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradCheckTest {
  private static double f(double[] x) {
    return Math.log(x[0]) + x[0] * x[1] - Math.sin(x[1]);
  }

  private static double[] rightGradient(double[] x) {
    return new double[] {1 / x[0] + x[1], x[0] - Math.cos(x[1])};
  }

  @Test
  void acceptsTheRightGradient() {
    GradCheck.assertGradient(GradCheckTest::f, GradCheckTest::rightGradient, new double[] {2, 5});
    assertTrue(
        GradCheck.check(GradCheckTest::f, GradCheckTest::rightGradient, new double[] {0.5, -1},
            GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL).passed());
  }

  @Test
  void rejectsAGradientWrongInOneElementAndNamesIt() {
    var result =
        GradCheck.check(
            GradCheckTest::f,
            x -> new double[] {1 / x[0] + x[1], x[0] + Math.cos(x[1])}, // sign error
            new double[] {2, 5},
            GradCheck.EPS,
            GradCheck.ATOL,
            GradCheck.RTOL);
    assertFalse(result.passed());
    assertEquals(1, result.worstIndex());
    assertTrue(result.report().contains("d/dx[1]"), result.report());
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () ->
                GradCheck.assertGradient(
                    GradCheckTest::f, x -> new double[] {0, 0}, new double[] {2, 5}));
    assertTrue(error.getMessage().contains("d/dx[0]"));
  }

  @Test
  void rejectsNaNAndWrongLengths() {
    assertFalse(
        GradCheck.check(GradCheckTest::f, x -> new double[] {Double.NaN, 0}, new double[] {2, 5},
            GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL).passed());
    assertFalse(
        GradCheck.check(GradCheckTest::f, x -> new double[] {1}, new double[] {2, 5},
            GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL).passed());
  }

  @Test
  void doesNotChangeTheCallersPoint() {
    double[] x = {2, 5};
    GradCheck.assertGradient(GradCheckTest::f, GradCheckTest::rightGradient, x);
    assertEquals(2, x[0]);
    assertEquals(5, x[1]);
  }
}
