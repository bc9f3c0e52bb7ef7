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
package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorPullbacks;
import java.util.List;
import java.util.Random;
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
        GradCheck.check(
                GradCheckTest::f,
                GradCheckTest::rightGradient,
                new double[] {0.5, -1},
                GradCheck.EPS,
                GradCheck.ATOL,
                GradCheck.RTOL)
            .passed());
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
        GradCheck.check(
                GradCheckTest::f,
                x -> new double[] {Double.NaN, 0},
                new double[] {2, 5},
                GradCheck.EPS,
                GradCheck.ATOL,
                GradCheck.RTOL)
            .passed());
    assertFalse(
        GradCheck.check(
                GradCheckTest::f,
                x -> new double[] {1},
                new double[] {2, 5},
                GradCheck.EPS,
                GradCheck.ATOL,
                GradCheck.RTOL)
            .passed());
  }

  @Test
  void doesNotChangeTheCallersPoint() {
    double[] x = {2, 5};
    GradCheck.assertGradient(GradCheckTest::f, GradCheckTest::rightGradient, x);
    assertEquals(2, x[0]);
    assertEquals(5, x[1]);
  }

  // ---------------------------------------------------------------------------------- tensors

  /** sum(tanh(w · v)) over a [2, 3] w and a [3, 2] v. */
  private static double loss(Tensor w, Tensor v) {
    return w.matmul(v).tanh().sum();
  }

  /** Its gradient with respect to w and v, from the runtime's declared pullbacks. */
  private static List<Tensor> lossGradient(Tensor w, Tensor v) {
    Tensor z = w.matmul(v);
    Tensor t = z.tanh();
    Tensor seed = TensorPullbacks.tanhThis(z, t, Tensor.ones(t.shape()));
    return List.of(
        TensorPullbacks.matmulThis(w, v, z, seed), TensorPullbacks.matmulOther(w, v, z, seed));
  }

  private static Tensor random(Random rng, int... shape) {
    return Tensor.randn(rng, shape).mul(0.7);
  }

  @Test
  void acceptsTheRightTensorGradient() {
    Random rng = new Random(1);
    Tensor w = random(rng, 2, 3);
    Tensor v = random(rng, 3, 2);
    GradCheck.assertGradient(x -> loss(x, v), x -> lossGradient(x, v).get(0), w);
    GradCheck.assertGradients(
        in -> loss(in.tensor(0), in.tensor(1)),
        in -> lossGradient(in.tensor(0), in.tensor(1)),
        w,
        v);
  }

  @Test
  void rejectsATensorGradientWrongInOneElementAndNamesItsIndex() {
    Random rng = new Random(2);
    Tensor w = random(rng, 2, 3);
    Tensor v = random(rng, 3, 2);
    var result =
        GradCheck.checkGradients(
            in -> loss(in.tensor(0), in.tensor(1)),
            in -> {
              List<Tensor> g = lossGradient(in.tensor(0), in.tensor(1));
              double[] wrong = g.get(1).toArray();
              wrong[3] += 0.01; // element [1, 1] of v's gradient
              return List.of(g.get(0), Tensor.of(wrong, 3, 2));
            },
            GradCheck.EPS,
            GradCheck.ATOL,
            GradCheck.RTOL,
            w,
            v);
    assertFalse(result.passed());
    assertEquals(6 + 3, result.worstIndex()); // after w's 6 elements
    assertTrue(result.report().contains("d/d(input 1)[1, 1]"), result.report());
    assertFalse(result.report().contains("d/d(input 0)"), result.report());
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () ->
                GradCheck.assertGradient(
                    x -> loss(x, v), x -> lossGradient(x, v).get(0).mul(1.001), w));
    assertTrue(error.getMessage().contains("d/dx[0, 0]"), error.getMessage());
  }

  /** Inputs of every kind at once, each perturbed element by element. */
  @Test
  void mixesScalarsArraysMatricesAndTensors() {
    Random rng = new Random(3);
    double c = 0.4;
    double[] a = {0.3, -1.1};
    double[][] m = {{0.5, 0.2}, {-0.7, 1.3}};
    Tensor t = random(rng, 2, 2);
    // f = c * sum(a) + sum(m²) * sum(t)
    ToDoubleFunctionOfInputs f =
        in -> {
          double s = 0;
          for (double[] row : in.matrix(2)) {
            for (double e : row) {
              s += e * e;
            }
          }
          return in.scalar(0) * (in.array(1)[0] + in.array(1)[1]) + s * in.tensor(3).sum();
        };
    java.util.function.Function<GradCheck.Inputs, List<Object>> right =
        in -> {
          double s = 0;
          double[][] gm = new double[2][2];
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
              s += in.matrix(2)[i][j] * in.matrix(2)[i][j];
              gm[i][j] = 2 * in.matrix(2)[i][j] * in.tensor(3).sum();
            }
          }
          double c0 = in.scalar(0);
          return List.of(
              in.array(1)[0] + in.array(1)[1], new double[] {c0, c0}, gm, Tensor.full(s, 2, 2));
        };
    GradCheck.assertGradients(f::apply, right, c, a, m, t);
    // One wrong element of the matrix: named by its row and column.
    var result =
        GradCheck.checkGradients(
            f::apply,
            in -> {
              List<Object> g = new java.util.ArrayList<>(right.apply(in));
              double[][] gm = (double[][]) g.get(2);
              gm[1][0] = 0;
              return g;
            },
            GradCheck.EPS,
            GradCheck.ATOL,
            GradCheck.RTOL,
            c,
            a,
            m,
            t);
    assertFalse(result.passed());
    assertEquals(1 + 2 + 2, result.worstIndex());
    assertTrue(result.report().contains("d/d(input 2)[1][0]"), result.report());
    assertEquals(0.4, c);
    assertEquals(0.5, m[0][0]); // the caller's arrays are left alone
  }

  interface ToDoubleFunctionOfInputs {
    double apply(GradCheck.Inputs in);
  }

  /** The generated gradient record stands for the list of its components after value. */
  @Test
  void readsAGradientRecordAfterItsValue() {
    record LossGradient(double value, Tensor w, double b) {}
    Random rng = new Random(4);
    Tensor w = random(rng, 3);
    double b = 0.25;
    GradCheck.assertGradients(
        in -> in.tensor(0).mul(in.tensor(0)).sum() * in.scalar(1),
        in ->
            new LossGradient(
                0, in.tensor(0).mul(2 * in.scalar(1)), in.tensor(0).mul(in.tensor(0)).sum()),
        w,
        b);
    var wrong =
        GradCheck.checkGradients(
            in -> in.tensor(0).mul(in.tensor(0)).sum() * in.scalar(1),
            in -> new LossGradient(0, in.tensor(0).mul(2 * in.scalar(1)), 0.0),
            GradCheck.EPS,
            GradCheck.ATOL,
            GradCheck.RTOL,
            w,
            b);
    assertFalse(wrong.passed());
    assertTrue(wrong.report().contains("d/d(input 1):"), wrong.report());
  }

  @Test
  void rejectsComponentsOfTheWrongShapeOrNumber() {
    Tensor w = Tensor.ones(2, 3);
    var shape =
        GradCheck.check(
            x -> x.sum(), x -> Tensor.ones(3, 2), w, GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL);
    assertFalse(shape.passed());
    assertTrue(
        shape.report().contains("a Tensor of shape [3, 2], but x is a Tensor of shape" + " [2, 3]"),
        shape.report());
    var count =
        GradCheck.checkGradients(
            in -> in.tensor(0).sum(),
            in -> List.of(),
            GradCheck.EPS,
            GradCheck.ATOL,
            GradCheck.RTOL,
            w,
            1.0);
    assertFalse(count.passed());
    assertTrue(count.report().contains("0 components, for 2 inputs"), count.report());
    IllegalArgumentException notAnInput =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCheck.assertGradients(in -> 0, in -> List.of(0.0), new float[] {1}));
    assertTrue(notAnInput.getMessage().contains("input 0 is a float[]"), notAnInput.getMessage());
  }

  /** A null Tensor component is a zero gradient, as in generated pullbacks. */
  @Test
  void aNullTensorGradientIsZero() {
    Tensor w = Tensor.ones(2);
    GradCheck.assertGradient(x -> 3.0, x -> null, w);
    assertFalse(
        GradCheck.check(x -> x.sum(), x -> null, w, GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL)
            .passed());
  }
}
