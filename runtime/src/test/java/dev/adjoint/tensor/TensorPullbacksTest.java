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
package dev.adjoint.tensor;

import static dev.adjoint.tensor.FiniteDifferences.awayFromZero;
import static dev.adjoint.tensor.FiniteDifferences.doubleToTensor;
import static dev.adjoint.tensor.FiniteDifferences.positive;
import static dev.adjoint.tensor.FiniteDifferences.randn;
import static dev.adjoint.tensor.FiniteDifferences.rng;
import static dev.adjoint.tensor.FiniteDifferences.tensorToDouble;
import static dev.adjoint.tensor.FiniteDifferences.tensorToTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every pullback of {@link TensorPullbacks} against central finite differences of Σ seed·op(x) (see
 * {@link FiniteDifferences} for the step and tolerance), at random seeded points and several
 * shapes, including broadcasting and batched matrix products.
 */
class TensorPullbacksTest {
  /** Pairs of shapes for binary element-wise operations, most of them broadcasting. */
  static final int[][][] BINARY_SHAPES = {
    {{2, 3}, {2, 3}},
    {{2, 3}, {3}},
    {{3}, {2, 3}},
    {{2, 3}, {2, 1}},
    {{2, 1}, {1, 3}},
    {{4, 1, 3}, {2, 3}},
    {{2, 3}, {}},
    {{}, {2, 2}},
    {{1}, {3, 2}},
    {{5}, {5}},
  };

  static final int[][] UNARY_SHAPES = {{}, {5}, {2, 3}, {2, 3, 2}};

  /** wrt this and wrt other of one binary operation, at every pair of shapes. */
  private static void checkBinary(
      String name,
      BinaryOperator<Tensor> op,
      Pullback2 wrtThis,
      Pullback2 wrtOther,
      boolean otherAwayFromZero) {
    SplittableRandom rng = rng(name.hashCode());
    for (int[][] shapes : BINARY_SHAPES) {
      Tensor a = randn(rng, shapes[0]);
      Tensor b = otherAwayFromZero ? awayFromZero(rng, shapes[1]) : randn(rng, shapes[1]);
      tensorToTensor(name + " wrt this", a, x -> op.apply(x, b), s -> wrtThis.apply(a, b, s), rng);
      tensorToTensor(
          name + " wrt other", b, y -> op.apply(a, y), s -> wrtOther.apply(a, b, s), rng);
    }
  }

  interface Pullback2 {
    Tensor apply(Tensor a, Tensor b, Tensor seed);
  }

  @Test
  void add() {
    checkBinary("add", Tensor::add, TensorPullbacks::addThis, TensorPullbacks::addOther, false);
  }

  @Test
  void sub() {
    checkBinary("sub", Tensor::sub, TensorPullbacks::subThis, TensorPullbacks::subOther, false);
  }

  @Test
  void mul() {
    checkBinary("mul", Tensor::mul, TensorPullbacks::mulThis, TensorPullbacks::mulOther, false);
  }

  @Test
  void div() {
    checkBinary("div", Tensor::div, TensorPullbacks::divThis, TensorPullbacks::divOther, true);
  }

  @Test
  void scalarOverloads() {
    SplittableRandom rng = rng(7);
    for (int[] shape : UNARY_SHAPES) {
      Tensor x = randn(rng, shape);
      double c = 0.5 + rng.nextDouble();
      tensorToTensor(
          "add(double) wrt this",
          x,
          t -> t.add(c),
          s -> TensorPullbacks.addScalarThis(x, c, s),
          rng);
      doubleToTensor(
          "add(double) wrt scalar", c, x::add, s -> TensorPullbacks.addScalar(x, c, s), rng);
      tensorToTensor(
          "sub(double) wrt this",
          x,
          t -> t.sub(c),
          s -> TensorPullbacks.subScalarThis(x, c, s),
          rng);
      doubleToTensor(
          "sub(double) wrt scalar", c, x::sub, s -> TensorPullbacks.subScalar(x, c, s), rng);
      tensorToTensor(
          "mul(double) wrt this",
          x,
          t -> t.mul(c),
          s -> TensorPullbacks.mulScalarThis(x, c, s),
          rng);
      doubleToTensor(
          "mul(double) wrt scalar", c, x::mul, s -> TensorPullbacks.mulScalar(x, c, s), rng);
      tensorToTensor(
          "div(double) wrt this",
          x,
          t -> t.div(c),
          s -> TensorPullbacks.divScalarThis(x, c, s),
          rng);
      doubleToTensor(
          "div(double) wrt scalar", c, x::div, s -> TensorPullbacks.divScalar(x, c, s), rng);
    }
  }

  @Test
  void elementWiseFunctions() {
    SplittableRandom rng = rng(11);
    for (int[] shape : UNARY_SHAPES) {
      Tensor x = randn(rng, shape);
      Tensor p = positive(rng, shape);
      Tensor z = awayFromZero(rng, shape);
      tensorToTensor("neg", x, Tensor::neg, s -> TensorPullbacks.negThis(x, s), rng);
      tensorToTensor("exp", x, Tensor::exp, s -> TensorPullbacks.expThis(x, x.exp(), s), rng);
      tensorToTensor("log", p, Tensor::log, s -> TensorPullbacks.logThis(p, s), rng);
      tensorToTensor("tanh", x, Tensor::tanh, s -> TensorPullbacks.tanhThis(x, x.tanh(), s), rng);
      tensorToTensor(
          "sigmoid", x, Tensor::sigmoid, s -> TensorPullbacks.sigmoidThis(x, x.sigmoid(), s), rng);
      tensorToTensor("relu", z, Tensor::relu, s -> TensorPullbacks.reluThis(z, s), rng);
      tensorToTensor("sqrt", p, Tensor::sqrt, s -> TensorPullbacks.sqrtThis(p, p.sqrt(), s), rng);
      tensorToTensor("abs", z, Tensor::abs, s -> TensorPullbacks.absThis(z, s), rng);
      for (double e : new double[] {2.0, 3.0, 0.5, -1.5, 1.0}) {
        tensorToTensor(
            "pow(" + e + ") wrt this",
            p,
            t -> t.pow(e),
            s -> TensorPullbacks.powThis(p, e, s),
            rng);
        doubleToTensor(
            "pow wrt exponent " + e,
            e,
            p::pow,
            s -> TensorPullbacks.powExponent(p, e, p.pow(e), s),
            rng);
      }
      // Integer powers of negative bases are smooth in the base.
      tensorToTensor(
          "pow(3) of negatives", z, t -> t.pow(3.0), s -> TensorPullbacks.powThis(z, 3.0, s), rng);
    }
  }

  @Test
  void matmul() {
    SplittableRandom rng = rng(13);
    int[][][] cases = {
      {{2, 3}, {3, 4}},
      {{1, 3}, {3, 1}},
      {{3, 1}, {1, 2}},
      {{2, 2, 3}, {3, 4}}, // batch times matrix
      {{2, 3}, {3, 3, 4}}, // matrix times batch
      {{3, 2, 3}, {3, 3, 2}}, // batch times batch
    };
    for (int[][] c : cases) {
      Tensor a = randn(rng, c[0]);
      Tensor b = randn(rng, c[1]);
      tensorToTensor(
          "matmul wrt this",
          a,
          x -> x.matmul(b),
          s -> TensorPullbacks.matmulThis(a, b, a.matmul(b), s),
          rng);
      tensorToTensor(
          "matmul wrt other",
          b,
          y -> a.matmul(y),
          s -> TensorPullbacks.matmulOther(a, b, a.matmul(b), s),
          rng);
    }
  }

  @Test
  void dot() {
    SplittableRandom rng = rng(17);
    Tensor a = randn(rng, 4);
    Tensor b = randn(rng, 4);
    tensorToDouble("dot wrt this", a, x -> x.dot(b), s -> TensorPullbacks.dotThis(a, b, s), rng);
    tensorToDouble("dot wrt other", b, y -> a.dot(y), s -> TensorPullbacks.dotOther(a, b, s), rng);
  }

  @Test
  void shapeOperations() {
    SplittableRandom rng = rng(19);
    for (int[] shape : new int[][] {{2, 3}, {2, 3, 4}, {1, 5}}) {
      Tensor x = randn(rng, shape);
      tensorToTensor(
          "transpose", x, Tensor::transpose, s -> TensorPullbacks.transposeThis(x, s), rng);
      tensorToTensor(
          "reshape",
          x,
          t -> t.reshape(-1),
          s -> TensorPullbacks.reshapeThis(x, new int[] {-1}, s),
          rng);
      tensorToTensor(
          "reshape",
          x,
          t -> t.reshape(shape[shape.length - 1], -1),
          s -> TensorPullbacks.reshapeThis(x, new int[] {shape[shape.length - 1], -1}, s),
          rng);
    }
    Tensor m = randn(rng, 5, 2);
    tensorToTensor("rows", m, t -> t.rows(1, 4), s -> TensorPullbacks.rowsThis(m, 1, 4, s), rng);
    Tensor v = randn(rng, 4);
    tensorToTensor("rows", v, t -> t.rows(0, 2), s -> TensorPullbacks.rowsThis(v, 0, 2, s), rng);
    Tensor small = randn(rng, 3, 1);
    tensorToTensor(
        "broadcastTo",
        small,
        t -> t.broadcastTo(2, 3, 4),
        s -> TensorPullbacks.broadcastToThis(small, new int[] {2, 3, 4}, s),
        rng);
  }

  @Test
  void concat() {
    SplittableRandom rng = rng(23);
    int[][][] cases = {
      {{2, 3}, {1, 3}, {4, 3}}, // axis 0
      {{2, 1}, {2, 3}, {2, 2}}, // axis 1
      {{2, 2, 1}, {2, 2, 2}, {2, 2, 3}}, // axis -1
    };
    int[] axes = {0, 1, -1};
    for (int c = 0; c < cases.length; c++) {
      int axis = axes[c];
      Tensor[] ts = new Tensor[3];
      for (int i = 0; i < 3; i++) {
        ts[i] = randn(rng, cases[c][i]);
      }
      Tensor result = Tensor.concat(axis, ts);
      for (int i = 0; i < 3; i++) {
        int k = i;
        tensorToTensor(
            "concat wrt tensors[" + i + "] along " + axis,
            ts[i],
            t -> {
              Tensor[] copy = ts.clone();
              copy[k] = t;
              return Tensor.concat(axis, copy);
            },
            s -> TensorPullbacks.concatTensors(axis, ts, result, s)[k],
            rng);
      }
    }
  }

  @Test
  void reductions() {
    SplittableRandom rng = rng(29);
    for (int[] shape : new int[][] {{5}, {3, 4}, {3, 4, 2}}) {
      Tensor x = randn(rng, shape);
      tensorToDouble("sum()", x, Tensor::sum, s -> TensorPullbacks.sumThis(x, s), rng);
      tensorToDouble("mean()", x, Tensor::mean, s -> TensorPullbacks.meanThis(x, s), rng);
      for (int axis = -1; axis < shape.length; axis++) {
        int ax = axis;
        tensorToTensor(
            "sum(" + ax + ")", x, t -> t.sum(ax), s -> TensorPullbacks.sumThis(x, ax, s), rng);
        tensorToTensor(
            "mean(" + ax + ")", x, t -> t.mean(ax), s -> TensorPullbacks.meanThis(x, ax, s), rng);
        tensorToTensor(
            "max(" + ax + ")",
            x,
            t -> t.max(ax),
            s -> TensorPullbacks.maxThis(x, ax, x.max(ax), s),
            rng);
        tensorToTensor(
            "logSumExp(" + ax + ")",
            x,
            t -> t.logSumExp(ax),
            s -> TensorPullbacks.logSumExpThis(x, ax, x.logSumExp(ax), s),
            rng);
        tensorToTensor(
            "softmax(" + ax + ")",
            x,
            t -> t.softmax(ax),
            s -> TensorPullbacks.softmaxThis(x, ax, x.softmax(ax), s),
            rng);
        tensorToTensor(
            "logSoftmax(" + ax + ")",
            x,
            t -> t.logSoftmax(ax),
            s -> TensorPullbacks.logSoftmaxThis(x, ax, x.logSoftmax(ax), s),
            rng);
        for (boolean keep : new boolean[] {true, false}) {
          tensorToTensor(
              "sum(" + ax + ", " + keep + ")",
              x,
              t -> t.sum(ax, keep),
              s -> TensorPullbacks.sumThis(x, ax, keep, s),
              rng);
          tensorToTensor(
              "mean(" + ax + ", " + keep + ")",
              x,
              t -> t.mean(ax, keep),
              s -> TensorPullbacks.meanThis(x, ax, keep, s),
              rng);
          tensorToTensor(
              "max(" + ax + ", " + keep + ")",
              x,
              t -> t.max(ax, keep),
              s -> TensorPullbacks.maxThis(x, ax, keep, x.max(ax, keep), s),
              rng);
          tensorToTensor(
              "logSumExp(" + ax + ", " + keep + ")",
              x,
              t -> t.logSumExp(ax, keep),
              s -> TensorPullbacks.logSumExpThis(x, ax, keep, x.logSumExp(ax, keep), s),
              rng);
        }
      }
    }
  }

  @Test
  void elementAccessAndCreation() {
    SplittableRandom rng = rng(31);
    Tensor x = randn(rng, 2, 3);
    tensorToDouble(
        "get", x, t -> t.get(1, 2), s -> TensorPullbacks.getThis(x, new int[] {1, 2}, s), rng);
    Tensor one = randn(rng, 1, 1);
    tensorToDouble("item", one, Tensor::item, s -> TensorPullbacks.itemThis(one, s), rng);
    FiniteDifferences.check(
        "toArray",
        x.toArray(),
        d -> Tensor.of(d, 2, 3).toArray(),
        s -> TensorPullbacks.toArrayThis(x, s).toArray(),
        rng);
    double[] data = x.toArray();
    FiniteDifferences.check(
        "of",
        data,
        d -> Tensor.of(d, 3, 2).toArray(),
        s -> TensorPullbacks.ofData(data, new int[] {3, 2}, Tensor.of(s, 3, 2)),
        rng);
    FiniteDifferences.check(
        "vector",
        data,
        d -> Tensor.vector(d).toArray(),
        s -> TensorPullbacks.vectorValues(data, Tensor.of(s)),
        rng);
    doubleToTensor("scalar", 0.7, Tensor::scalar, s -> TensorPullbacks.scalarValue(0.7, s), rng);
    doubleToTensor(
        "full",
        0.7,
        v -> Tensor.full(v, 2, 2),
        s -> TensorPullbacks.fullValue(0.7, new int[] {2, 2}, s),
        rng);
  }

  // Exact values at the conventions' points.

  @Test
  void maxSplitsTiesEvenly() {
    Tensor x = Tensor.of(new double[] {1, 3, 3, 2, 2, 2}, 2, 3);
    Tensor g = TensorPullbacks.maxThis(x, 1, x.max(1), Tensor.vector(1.0, 6.0));
    assertArrayEquals(new double[] {0, 0.5, 0.5, 2, 2, 2}, g.toArray());
  }

  @Test
  void reluAndAbsHaveZeroDerivativeAtZero() {
    Tensor x = Tensor.vector(-1, 0, 2);
    Tensor seed = Tensor.vector(5, 5, 5);
    assertArrayEquals(new double[] {0, 0, 5}, TensorPullbacks.reluThis(x, seed).toArray());
    assertArrayEquals(new double[] {-5, 0, 5}, TensorPullbacks.absThis(x, seed).toArray());
  }

  @Test
  void powConventions() {
    Tensor x = Tensor.vector(0, 2);
    Tensor seed = Tensor.vector(1, 1);
    // d/dx x^0 = 0 everywhere, also at 0 (where 0·0^-1 would be NaN).
    assertArrayEquals(new double[] {0, 0}, TensorPullbacks.powThis(x, 0.0, seed).toArray());
    // d/dp x^p = x^p ln x, and 0 where x = 0.
    assertEquals(4 * Math.log(2), TensorPullbacks.powExponent(x, 2.0, x.pow(2.0), seed), 1e-15);
  }

  @Test
  void broadcastGradientsSumOverBroadcastDimensions() {
    Tensor a = Tensor.ones(2, 3);
    Tensor b = Tensor.vector(1, 2, 3);
    Tensor seed = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(Tensor.vector(5, 7, 9), TensorPullbacks.addOther(a, b, seed));
    Tensor col = Tensor.of(new double[] {10, 20}, 2, 1);
    assertEquals(Tensor.of(new double[] {6, 15}, 2, 1), TensorPullbacks.addOther(a, col, seed));
    assertEquals(21.0, TensorPullbacks.addOther(a, Tensor.scalar(1), seed).item());
  }

  @Test
  void seedOfTheWrongShapeIsRejected() {
    Tensor a = Tensor.ones(2, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorPullbacks.expThis(a, a.exp(), Tensor.ones(3, 2)));
    assertEquals(
        "the seed of exp has shape [3, 2], but its result has shape [2, 3]", e.getMessage());
  }
}
