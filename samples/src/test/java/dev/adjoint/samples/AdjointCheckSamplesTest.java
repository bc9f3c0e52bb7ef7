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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AdjointCheck} over every {@code @Differentiable} method of every sample: values,
 * gradients, Jacobians and Hessians against finite differences, forward mode against reverse mode,
 * and inputs left unchanged, at seeded random points. (The ADBench models: {@code
 * adbench.AdBenchAdjointCheckTest}.)
 */
class AdjointCheckSamplesTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  static double[] normal(Random rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  static double[][] normal(Random rng, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = normal(rng, cols);
    }
    return m;
  }

  static double uniform(Random rng, double from, double to) {
    return from + (to - from) * rng.nextDouble();
  }

  @Test
  void survey() {
    // The README's example of AdjointCheck.
    AdjointCheck.of(Survey.class)
        .points("f", rng -> new Object[] {0.5 + 3 * rng.nextDouble(), rng.nextGaussian()})
        .verify();
  }

  @Test
  void controlFlow() {
    var summary =
        AdjointCheck.of(ControlFlow.class)
            .points("twiceDot", rng -> new Object[] {normal(rng, 4)})
            .points("sum", rng -> new Object[] {normal(rng, 5)})
            .points("squares", rng -> new Object[] {normal(rng, 4)})
            .points("weightedSquares", rng -> new Object[] {normal(rng, 4), normal(rng, 4)})
            .points("y", rng -> new Object[] {rng.nextGaussian()})
            .points("z", rng -> new Object[] {rng.nextGaussian()})
            .points("zAttached", rng -> new Object[] {rng.nextGaussian()})
            // f loops until |2^k a| >= 1000: keep a away from 0.
            .points("f", rng -> new Object[] {(rng.nextBoolean() ? 1 : -1) * uniform(rng, 0.1, 10)})
            // z detaches x * x: its gradient is by design not the derivative of its value.
            .withoutFiniteDifferences("z")
            .verify();
    assertTrue(summary.methods().get("squares").contains(Check.JACOBIAN), summary.toString());
  }

  @Test
  void cubic() {
    var summary =
        AdjointCheck.of(Cubic.class)
            .points("square", rng -> new Object[] {uniform(rng, -3, 3)})
            .points("cube", rng -> new Object[] {uniform(rng, -3, 3)})
            .points("cubeByPow", rng -> new Object[] {uniform(rng, -3, 3)})
            .verify();
    assertTrue(summary.methods().get("cubeByPow").contains(Check.HESSIAN), summary.toString());
    assertTrue(summary.methods().get("cubeByPow").contains(Check.HVP), summary.toString());
  }

  @Test
  void expressionSwell() {
    AdjointCheck check =
        AdjointCheck.of(ExpressionSwell.class)
            .points("layers", rng -> new Object[] {uniform(rng, 0.05, 0.95), 1 + rng.nextInt(6)});
    for (int n = 1; n <= 10; n++) {
      check.points("layers" + n, rng -> new Object[] {uniform(rng, 0.05, 0.95)});
    }
    // n layers of the logistic map have derivatives up to 4^n and third derivatives up to about
    // 4^3n: a step of 1e-9 keeps the central difference's truncation error small, and a relative
    // tolerance of 1e-4 covers the points near x = 1/2, where 4x(1 - x) is near 1 and 1 - v
    // cancels (1e-5 fails there at about 1 seed in 20; 1e-4 passed 150 seeds of 5 points). The
    // modes are still compared at 1e-9.
    check.finiteDifferences(1e-9, 1e-5, 1e-4).verify();
  }

  @Test
  void finiteDifferences() {
    AdjointCheck.of(FiniteDifferences.class)
        .points("f", rng -> new Object[] {uniform(rng, -2.5, 3)})
        .verify();
  }

  @Test
  void forwardVsReverse() {
    var summary =
        AdjointCheck.of(ForwardVsReverse.class)
            .points("expTanh", rng -> new Object[] {rng.nextGaussian()})
            .points("outputs", rng -> new Object[] {normal(rng, ForwardVsReverse.INPUTS)})
            .verify();
    assertTrue(summary.methods().get("outputs").contains(Check.JACOBIAN), summary.toString());
  }

  @Test
  void linearRegression() {
    AdjointCheck.of(LinearRegression.class)
        .points("parabola", rng -> new Object[] {rng.nextGaussian()})
        .points(
            "loss",
            rng ->
                new Object[] {
                  rng.nextGaussian(),
                  rng.nextGaussian(),
                  rng.nextGaussian(),
                  rng.nextGaussian(),
                  rng.nextGaussian(),
                  rng.nextGaussian()
                })
        .points("forward", rng -> new Object[] {normal(rng, 3), rng.nextGaussian(), normal(rng, 3)})
        .points(
            "batchLoss",
            rng ->
                new Object[] {
                  normal(rng, 3), rng.nextGaussian(), normal(rng, 6, 3), normal(rng, 6)
                })
        .verify();
  }

  @Test
  void classifier() {
    AdjointCheck.of(Classifier.class)
        .points(
            "cost",
            rng -> {
              Classifier.Data data = Classifier.Data.mock(3, 2, 12, rng.nextLong());
              return new Object[] {normal(rng, 2, 3), data.x(), data.y()};
            })
        .verify();
  }

  @Test
  void denseMlpRecord() {
    var summary =
        AdjointCheck.of(DenseMlp.class)
            .points(
                "loss",
                rng ->
                    new Object[] {
                      new DenseMlp(
                          Tensor.randn(rng, 4, 6),
                          Tensor.randn(rng, 6),
                          Tensor.randn(rng, 6, 1),
                          Tensor.randn(rng, 1)),
                      Tensor.randn(rng, 10, 4),
                      Tensor.randn(rng, 10, 1)
                    })
            .verify();
    assertEquals(
        java.util.Set.of(Check.VALUE, Check.GRADIENT, Check.JVP),
        summary.methods().get("loss"),
        summary.toString());
  }

  @Test
  void denseLayer() {
    var summary =
        AdjointCheck.of(DenseNetwork.class)
            .points(
                "dense",
                rng ->
                    new Object[] {
                      Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4, 2), Tensor.randn(rng, 2)
                    })
            .verify();
    assertTrue(
        summary.methods().get("dense").containsAll(java.util.Set.of(Check.PULLBACK, Check.JVP)),
        summary.toString());
  }

  @Test
  void training() {
    var summary =
        AdjointCheck.of(Training.class)
            .points(
                "loss",
                rng -> {
                  Training.Data data = Training.Data.spirals(3, rng.nextLong());
                  return new Object[] {
                    Tensor.randn(rng, 2, Training.HIDDEN),
                    Tensor.randn(rng, Training.HIDDEN),
                    Tensor.randn(rng, Training.HIDDEN, Training.CLASSES),
                    Tensor.randn(rng, Training.CLASSES),
                    data.x(),
                    data.labels()
                  };
                })
            .verify();
    assertTrue(summary.methods().get("loss").contains(Check.JVP), summary.toString());
  }
}
