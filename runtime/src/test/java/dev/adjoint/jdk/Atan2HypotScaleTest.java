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
package dev.adjoint.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * atan2's and hypot's derivatives at every scale: x² + y² underflows below about 1e-154 and
 * overflows above about 1e154, where the partials themselves are ordinary numbers (or, for second
 * order, overflow to ∞ because the true value does). Checked against the closed form, scaled by
 * hand, and against central differences of {@link Math#atan2} and {@link Math#hypot} (which are
 * computed without squares) where those are meaningful.
 */
class Atan2HypotScaleTest {
  /** Directions (y, x) on the circle, in several quadrants and on the axes. */
  private static final double[][] DIRECTIONS = {
    {0.6, 0.8}, {-0.6, 0.8}, {0.28, -0.96}, {-1.0, 0.0}, {0.0, 1.0}, {0.5, 0.3}
  };

  private static final double[] SCALES = {1e-170, 1e-300, 1e-310, 1.0, 1e150, 1e200};

  private static final double SEED = 1.3;
  private static final double SEED2 = -0.7;

  /** The closed form at (a·s, b·s), with r² = a² + b² of order 1: x/r² / s and so on. */
  @Test
  void atan2FirstOrderMatchesTheClosedFormAtEveryScale() {
    for (double s : SCALES) {
      for (double[] d : DIRECTIONS) {
        double y = d[0] * s;
        double x = d[1] * s;
        double a = y / s;
        double b = x / s;
        double r2 = a * a + b * b;
        String at = " at y = " + y + ", x = " + x;
        close(SEED * (b / r2) / s, JdkPullbacks.atan2Y(y, x, SEED), "d/dy" + at);
        close(SEED * (-a / r2) / s, JdkPullbacks.atan2X(y, x, SEED), "d/dx" + at);
      }
    }
  }

  @Test
  void atan2SecondOrderMatchesTheClosedFormAtEveryScale() {
    for (double s : SCALES) {
      for (double[] d : DIRECTIONS) {
        double y = d[0] * s;
        double x = d[1] * s;
        double a = y / s;
        double b = x / s;
        double r2 = a * a + b * b;
        String at = " at y = " + y + ", x = " + x;
        double yy = -2 * (a / r2) * (b / r2) / s / s;
        double xy = ((a - b) / r2) * ((a + b) / r2) / s / s;
        close(SEED2 * SEED * yy, JdkSecondOrder.atan2YY(y, x, SEED, SEED2), "d²/dy²" + at);
        close(SEED2 * SEED * xy, JdkSecondOrder.atan2YX(y, x, SEED, SEED2), "d²/dydx" + at);
        close(SEED2 * SEED * xy, JdkSecondOrder.atan2XY(y, x, SEED, SEED2), "d²/dxdy" + at);
        close(SEED2 * SEED * -yy, JdkSecondOrder.atan2XX(y, x, SEED, SEED2), "d²/dx²" + at);
      }
    }
  }

  /** Where the step h = 1e-6·s is a normal number, differences of Math.atan2 agree. */
  @Test
  void atan2AgreesWithFiniteDifferencesAtEveryScale() {
    for (double s : new double[] {1e-170, 1e-300, 1.0, 1e150, 1e200}) {
      for (double[] d : DIRECTIONS) {
        double y = d[0] * s;
        double x = d[1] * s;
        double h = 1e-6 * s;
        String at = " at y = " + y + ", x = " + x;
        double dy = (Math.atan2(y + h, x) - Math.atan2(y - h, x)) / (2 * h);
        double dx = (Math.atan2(y, x + h) - Math.atan2(y, x - h)) / (2 * h);
        approx(dy, JdkPullbacks.atan2Y(y, x, 1.0), 1e-6, "d/dy" + at);
        approx(dx, JdkPullbacks.atan2X(y, x, 1.0), 1e-6, "d/dx" + at);
        if (s <= 1e-170) {
          continue; // the second derivative, ~1/s², overflows
        }
        // Second order: differences of the (exact) first-order partials.
        double dyy =
            (JdkPullbacks.atan2Y(y + h, x, 1.0) - JdkPullbacks.atan2Y(y - h, x, 1.0)) / (2 * h);
        double dyx =
            (JdkPullbacks.atan2Y(y, x + h, 1.0) - JdkPullbacks.atan2Y(y, x - h, 1.0)) / (2 * h);
        approx(dyy, JdkSecondOrder.atan2YY(y, x, 1.0, 1.0), 1e-6, "d²/dy²" + at);
        approx(dyx, JdkSecondOrder.atan2YX(y, x, 1.0, 1.0), 1e-6, "d²/dydx" + at);
      }
    }
  }

  /** The conventions stay: 0 at the origin, the formula's IEEE 754 result at infinity and NaN. */
  @Test
  void atan2ConventionsAreKept() {
    assertEquals(0.0, JdkPullbacks.atan2Y(0.0, 0.0, 1.0));
    assertEquals(0.0, JdkPullbacks.atan2X(0.0, -0.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.atan2YY(0.0, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.atan2XY(0.0, 0.0, 1.0, 1.0));
    double inf = Double.POSITIVE_INFINITY;
    assertEquals(0.0, JdkPullbacks.atan2X(1.0, inf, 1.0), 0.0);
    assertTrue(Double.isNaN(JdkPullbacks.atan2Y(1.0, inf, 1.0)));
    assertTrue(Double.isNaN(JdkPullbacks.atan2Y(Double.NaN, 1.0, 1.0)));
    // The smallest subnormal arguments: the derivative is 1/|x|, beyond the largest double.
    assertEquals(inf, JdkPullbacks.atan2Y(0.0, Double.MIN_VALUE, 1.0));
    assertEquals(-inf, JdkPullbacks.atan2X(Double.MIN_VALUE, 0.0, 1.0));
  }

  /** hypot's partials use hypot(x, y), computed without squares, so they hold at every scale. */
  @Test
  void hypotMatchesTheClosedFormAtEveryScale() {
    for (double s : SCALES) {
      for (double[] d : DIRECTIONS) {
        double x = d[0] * s;
        double y = d[1] * s;
        double r = Math.hypot(x, y);
        double a = x / s;
        double b = y / s;
        double rs = Math.hypot(a, b);
        String at = " at x = " + x + ", y = " + y;
        if (s < Double.MIN_NORMAL) {
          // Subnormal x, y and hypot(x, y) carry fewer bits: x / hypot(x, y) is as good as they.
          approx(SEED * a / rs, JdkPullbacks.hypotX(x, y, r, SEED), 1e-12, "d/dx" + at);
          approx(SEED * b / rs, JdkPullbacks.hypotY(x, y, r, SEED), 1e-12, "d/dy" + at);
        } else {
          close(SEED * a / rs, JdkPullbacks.hypotX(x, y, r, SEED), "d/dx" + at);
          close(SEED * b / rs, JdkPullbacks.hypotY(x, y, r, SEED), "d/dy" + at);
        }
        // Second order, holding the result fixed as the generated code does: 1/r and -x/r².
        close(SEED2 * SEED / rs / s, JdkSecondOrder.hypotXX(x, y, r, SEED, SEED2), "1/r" + at);
        close(
            SEED2 * SEED * -(a / rs) / rs / s,
            JdkSecondOrder.hypotXResult(x, y, r, SEED, SEED2),
            "-x/r²" + at);
        if (s >= 1e-300) {
          double h = 1e-6 * s;
          double dx = (Math.hypot(x + h, y) - Math.hypot(x - h, y)) / (2 * h);
          approx(dx, JdkPullbacks.hypotX(x, y, r, 1.0), 1e-6, "FD d/dx" + at);
        }
      }
    }
  }

  /** Within 4 ulps of the closed form (which rounds a few times itself), or both infinite. */
  private static void close(double expected, double actual, String what) {
    if (Double.isInfinite(expected)) {
      assertEquals(expected, actual, what);
      return;
    }
    if (expected == 0.0) {
      assertEquals(0.0, actual, 0.0, what);
      return;
    }
    assertEquals(expected, actual, 4 * Math.ulp(expected), what);
  }

  private static void approx(double expected, double actual, double relative, String what) {
    assertEquals(
        expected,
        actual,
        relative * Math.max(Math.abs(expected), Math.abs(actual))
            + 1e-12 * Math.abs(expected)
            + Double.MIN_NORMAL,
        what);
  }
}
