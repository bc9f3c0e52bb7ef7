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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CubicTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void derivativeOfSquareAtTwoIsFour() {
    CubicAdjoint.SquareGradient g = CubicAdjoint.squareGradient(2);
    assertEquals(4.0, g.value());
    assertEquals(4.0, g.x(), 1e-15);
  }

  @Test
  void derivativeOfCubeAtTwoIsTwelve() {
    assertEquals(8.0, CubicAdjoint.cubeGradient(2).value());
    assertEquals(12.0, CubicAdjoint.cubeGradient(2).x(), 1e-15);
    assertEquals(8.0, CubicAdjoint.cubeByPowGradient(2).value(), 1e-15);
    assertEquals(12.0, CubicAdjoint.cubeByPowGradient(2).x(), 1e-12);
  }

  @Test
  void matchesTwoXAndThreeXSquaredAlongTheLine() {
    for (double x = -3; x <= 3; x += 0.25) {
      assertEquals(2 * x, CubicAdjoint.squareGradient(x).x(), 1e-12);
      assertEquals(3 * x * x, CubicAdjoint.cubeGradient(x).x(), 1e-12);
      assertEquals(3 * x * x, CubicAdjoint.cubeByPowGradient(x).x(), 1e-12, "pow at x = " + x);
    }
  }

  @Test
  void secondDerivativeOfCubeAtTwoIsTwelve() {
    // PyTorch's create_graph=True and TensorFlow's nested GradientTape: d2(x^3)/dx2 = 6x = 12.
    assertEquals(12.0, CubicAdjoint.cubeHessian(2)[0][0], 1e-12);
    assertEquals(12.0, CubicAdjoint.cubeByPowHessian(2)[0][0], 1e-12);
    assertEquals(2.0, CubicAdjoint.squareHessian(2)[0][0], 1e-12);
    assertEquals(12.0, CubicAdjoint.cubeGradient(2).x(), 1e-12);
    assertArrayEquals(
        new double[] {12.0 * 0.5}, CubicAdjoint.cubeHvp(2, new double[] {0.5}), 1e-12);
  }

  @Test
  void secondDerivativesAreSixXAndTwoAlongTheLine() {
    for (double x = -3; x <= 3; x += 0.25) {
      assertEquals(1, CubicAdjoint.cubeHessian(x).length);
      assertEquals(6 * x, CubicAdjoint.cubeHessian(x)[0][0], 1e-12);
      assertEquals(
          6 * x,
          CubicAdjoint.cubeByPowHessian(x)[0][0],
          1e-12 * Math.max(1, Math.abs(6 * x)),
          "pow at x = " + x);
      assertEquals(2.0, CubicAdjoint.squareHessian(x)[0][0], 1e-12);
      assertEquals(3 * x * x, CubicAdjoint.cubeJvp(x, 1).tangent(), 1e-12);
    }
  }

  @Test
  void pullbackAccumulates() {
    double[] adjoint = {1.0};
    assertEquals(8.0, CubicAdjoint.cubePullback(2, 0.5, adjoint));
    assertArrayEquals(new double[] {1.0 + 0.5 * 12}, adjoint, 1e-12);
  }
}
