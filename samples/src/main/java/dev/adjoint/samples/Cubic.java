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

import dev.adjoint.Differentiable;
import java.io.PrintStream;

/**
 * The derivatives of the small polynomial examples in the PyTorch and TensorFlow notebooks:
 * d(x^2)/dx = 4 and d(x^3)/dx = 12 at x = 2, and the second derivative d2(x^3)/dx2 = 6x = 12 that
 * PyTorch gets with {@code create_graph=True} and TensorFlow with nested {@code GradientTape}s;
 * here the methods are {@code @Differentiable(order = 2)} and the generated {@code cubeHessian}
 * gives it.
 */
public final class Cubic {
  private Cubic() {}

  @Differentiable(order = 2)
  public static double square(double x) {
    return x * x;
  }

  @Differentiable(order = 2)
  public static double cube(double x) {
    return x * x * x;
  }

  /** The same cube through {@link Math#pow}, as {@code x**3} is written in the notebooks. */
  @Differentiable(order = 2)
  public static double cubeByPow(double x) {
    return Math.pow(x, 3);
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Cubic: d(x^2)/dx, d(x^3)/dx and d2(x^3)/dx2",
        "the x**2 and x**3 examples of the TensorFlow and PyTorch notebooks");
    r.code(Cubic.class, "square", "cube", "cubeByPow");

    r.section("At x = 2");
    r.compareHeader("notebook");
    r.compare("d(x^2)/dx            square", CubicAdjoint.squareGradient(2).x(), "4.0");
    r.compare("d(x^3)/dx            cube (x*x*x)", CubicAdjoint.cubeGradient(2).x(), "12.0");
    r.compare("d(x^3)/dx            cubeByPow", CubicAdjoint.cubeByPowGradient(2).x(), "12.0");

    r.section("Second derivatives at x = 2: @Differentiable(order = 2), fHessian");
    r.compareHeader("notebook");
    r.compare("d2(x^2)/dx2          squareHessian", CubicAdjoint.squareHessian(2)[0][0], "2.0");
    r.compare(
        "d2(x^3)/dx2          cubeHessian",
        CubicAdjoint.cubeHessian(2)[0][0],
        "12.0  (PyTorch: create_graph=True)");
    r.compare(
        "d2(x^3)/dx2          cubeByPowHessian",
        CubicAdjoint.cubeByPowHessian(2)[0][0],
        "12.0  (TensorFlow: nested tapes)");

    r.section("Along a few points, against 2x and 3x^2");
    r.printf(
        "  %6s %12s %12s %12s %12s %12s%n",
        "x", "d(x^2)/dx", "2x", "d(x*x*x)/dx", "d(pow)/dx", "3x^2");
    for (double x = -2; x <= 3; x += 1) {
      r.printf(
          "  %6s %12s %12s %12s %12s %12s%n",
          Report.num(x),
          Report.num(CubicAdjoint.squareGradient(x).x()),
          Report.num(2 * x),
          Report.num(CubicAdjoint.cubeGradient(x).x()),
          Report.num(CubicAdjoint.cubeByPowGradient(x).x()),
          Report.num(3 * x * x));
    }

    r.section("Second derivatives along the same points, against 6x");
    r.printf("  %6s %12s %12s %12s %12s%n", "x", "d2(x^2)/dx2", "d2(x*x*x)", "d2(pow)", "6x");
    for (double x = -2; x <= 3; x += 1) {
      r.printf(
          "  %6s %12s %12s %12s %12s%n",
          Report.num(x),
          Report.num(CubicAdjoint.squareHessian(x)[0][0]),
          Report.num(CubicAdjoint.cubeHessian(x)[0][0]),
          Report.num(CubicAdjoint.cubeByPowHessian(x)[0][0]),
          Report.num(6 * x));
    }
  }
}
