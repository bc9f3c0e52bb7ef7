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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The forward values of {@link Tensor}'s operations, against values worked by hand. */
class TensorTest {
  static final double EPS = 1e-12;

  /**
   * logSoftmax of equal entries is -log n to the last bit, however large they are, and its pullback
   * then sums to 0 along the axis (the function is constant along it). It was computed as x -
   * logSumExp(x), which rounds max + log n to the precision of max: off by 4e-11 for entries near
   * 1e6, so the generated gradient (which reads the result) was 1e-10 where the function's is 0,
   * which a steep chain amplified to 3e-4 (tensor fuzz campaign, seed 42, program T254).
   */
  @Test
  void logSoftmaxOfLargeEqualEntriesIsExact() {
    Tensor x = Tensor.full(1037668.9016408751, 2, 3);
    Tensor y = x.logSoftmax(1);
    for (double v : y.toArray()) {
      assertEquals(-Math.log(3), v, 1e-15);
    }
    Tensor seed = Tensor.of(new double[] {0, 1, 0, 0.5, 0, 0.5}, 2, 3);
    assertEquals(0.0, TensorPullbacks.logSoftmaxThis(x, 1, y, seed).sum(), 1e-15);
    // Lanes with an infinite maximum are as before: -inf for the finite entries, NaN for +inf.
    Tensor z = Tensor.of(new double[] {1, Double.POSITIVE_INFINITY}, 2).logSoftmax(0);
    assertEquals(Double.NEGATIVE_INFINITY, z.get(0));
    assertTrue(Double.isNaN(z.get(1)));
  }

  /**
   * The pullback of logSumExp is seed times a softmax that sums to 1, however large the entries: it
   * took exp(x - result), and result rounds to the precision of max, so for entries near 3.7e7 it
   * summed to 1 ± 4e-9, and the gradient of logSumExp(x) - x (constant along equal entries) was
   * 4e-9, amplified to 0.05 by the chain (tensor fuzz campaign, seed 44, program T1056).
   */
  @Test
  void logSumExpPullbackOfLargeEqualEntriesSumsToTheSeed() {
    Tensor x = Tensor.full(36591389.28577139, 3);
    Tensor result = x.logSumExp(0);
    assertEquals(1.0, TensorPullbacks.logSumExpThis(x, 0, result, Tensor.scalar(1.0)).sum(), 1e-15);
    Tensor m = Tensor.full(36591389.28577139, 2, 3);
    Tensor g = TensorPullbacks.logSumExpThis(m, 1, true, m.logSumExp(1, true), Tensor.ones(2, 1));
    assertEquals(2.0, g.sum(), 1e-15);
  }

  /** A parameter keeps its initial tensor's shape, also the shape [] of a rank-0 tensor. */
  @Test
  void parameterOfARankZeroTensorKeepsItsShape() {
    TensorParameter p = TensorParameter.of(Tensor.scalar(2.5));
    assertArrayEquals(new int[0], p.tensor().shape());
    assertEquals(2.5, p.tensor().item(), EPS);
  }

  static Tensor m(int rows, int cols, double... values) {
    return Tensor.of(values, rows, cols);
  }

  static void assertValues(Tensor t, int[] shape, double... expected) {
    assertArrayEquals(shape, t.shape(), "shape of " + t);
    assertArrayEquals(expected, t.toArray(), EPS, "values of " + t);
  }

  static final Tensor A = m(2, 3, 1, 2, 3, 4, 5, 6);

  // Creation and inspection.

  @Test
  void ofCopiesItsInputAndTheAccessorsCopyTheirOutputs() {
    double[] data = {1, 2, 3, 4, 5, 6};
    int[] shape = {2, 3};
    Tensor t = Tensor.of(data, shape);
    data[0] = 100;
    shape[0] = 100;
    t.toArray()[1] = 100;
    t.shape()[1] = 100;
    assertValues(t, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
    assertValues(Tensor.of(new double[] {1, 2}), new int[] {2}, 1, 2);
  }

  @Test
  void factories() {
    assertValues(Tensor.zeros(2, 2), new int[] {2, 2}, 0, 0, 0, 0);
    assertValues(Tensor.ones(3), new int[] {3}, 1, 1, 1);
    assertValues(Tensor.full(2.5, 1, 2), new int[] {1, 2}, 2.5, 2.5);
    assertValues(Tensor.scalar(4), new int[0], 4);
    assertValues(Tensor.vector(1, 2), new int[] {2}, 1, 2);
    assertEquals(0, Tensor.scalar(4).rank());
    assertEquals(1, Tensor.scalar(4).size());
    assertEquals(4.0, Tensor.scalar(4).item());
    assertEquals(0, Tensor.zeros(0, 3).size());
  }

  @Test
  void inspection() {
    assertEquals(2, A.rank());
    assertEquals(6, A.size());
    assertEquals(6.0, A.get(1, 2));
    assertEquals(2.0, A.get(0, 1));
    assertEquals(7.0, m(1, 1, 7).item());
  }

  @Test
  void randomTensorsAreReproducibleFromTheSeed() {
    assertEquals(
        Tensor.randn(new SplittableRandom(1), 3, 4), Tensor.randn(new SplittableRandom(1), 3, 4));
    assertNotEquals(
        Tensor.randn(new SplittableRandom(1), 3, 4), Tensor.randn(new SplittableRandom(2), 3, 4));
    Tensor n = Tensor.normal(new SplittableRandom(3), 5.0, 2.0, 100, 100);
    assertEquals(5.0, n.mean(), 0.05);
    assertEquals(2.0, std(n), 0.05);
    Tensor u = Tensor.uniform(new SplittableRandom(4), -2, 3, 100, 100);
    assertEquals(0.5, u.mean(), 0.05);
    assertTrue(min(u) >= -2 && max(u) < 3);
    Tensor r = Tensor.rand(new SplittableRandom(5), 1000);
    assertTrue(min(r) >= 0 && max(r) < 1);
  }

  @Test
  void initialisersUsePyTorchsFormulas() {
    SplittableRandom rng = new SplittableRandom(6);
    // [out, in, kernel]: fan in = 10·3 = 30, fan out = 40·3 = 120.
    int[] shape = {40, 10, 3};
    double xavierBound = Math.sqrt(6.0 / (30 + 120));
    Tensor xu = Tensor.xavierUniform(rng, shape);
    assertTrue(max(xu.abs()) <= xavierBound && max(xu.abs()) > 0.95 * xavierBound);
    Tensor xg = Tensor.xavierUniform(rng, 5.0 / 3, shape);
    assertTrue(max(xg.abs()) <= 5.0 / 3 * xavierBound && max(xg.abs()) > 1.5 * xavierBound);
    int[] big = {200, 300};
    assertEquals(
        Math.sqrt(2.0 / 500), std(Tensor.xavierNormal(rng, big)), 0.02 * Math.sqrt(2.0 / 500));
    assertEquals(
        2 * Math.sqrt(2.0 / 500),
        std(Tensor.xavierNormal(rng, 2.0, big)),
        0.04 * Math.sqrt(2.0 / 500));
    double heBound = Math.sqrt(6.0 / 30);
    Tensor hu = Tensor.heUniform(rng, shape);
    assertTrue(max(hu.abs()) <= heBound && max(hu.abs()) > 0.95 * heBound);
    Tensor huOut = Tensor.heUniform(rng, Tensor.Fan.OUT, shape);
    assertTrue(
        max(huOut.abs()) <= Math.sqrt(6.0 / 120) && max(huOut.abs()) > 0.95 * Math.sqrt(6.0 / 120));
    assertEquals(Math.sqrt(2.0 / 300), std(Tensor.heNormal(rng, big)), 0.02 * Math.sqrt(2.0 / 300));
    assertEquals(
        Math.sqrt(2.0 / 200),
        std(Tensor.heNormal(rng, Tensor.Fan.OUT, big)),
        0.02 * Math.sqrt(2.0 / 200));
  }

  static double std(Tensor t) {
    double mean = t.mean();
    return Math.sqrt(t.sub(mean).pow(2).mean());
  }

  static double max(Tensor t) {
    return t.reshape(-1).max(0).item();
  }

  static double min(Tensor t) {
    return -max(t.neg());
  }

  // Element-wise arithmetic.

  @Test
  void arithmeticOfEqualShapes() {
    Tensor b = m(2, 3, 6, 5, 4, 3, 2, 1);
    assertValues(A.add(b), new int[] {2, 3}, 7, 7, 7, 7, 7, 7);
    assertValues(A.sub(b), new int[] {2, 3}, -5, -3, -1, 1, 3, 5);
    assertValues(A.mul(b), new int[] {2, 3}, 6, 10, 12, 12, 10, 6);
    assertValues(A.div(b), new int[] {2, 3}, 1.0 / 6, 2.0 / 5, 3.0 / 4, 4.0 / 3, 5.0 / 2, 6);
    assertValues(A.neg(), new int[] {2, 3}, -1, -2, -3, -4, -5, -6);
  }

  @Test
  void arithmeticBroadcasts() {
    Tensor row = Tensor.vector(10, 20, 30);
    Tensor col = m(2, 1, 100, 200);
    assertValues(A.add(row), new int[] {2, 3}, 11, 22, 33, 14, 25, 36);
    assertValues(row.sub(A), new int[] {2, 3}, 9, 18, 27, 6, 15, 24);
    assertValues(A.mul(col), new int[] {2, 3}, 100, 200, 300, 800, 1000, 1200);
    assertValues(col.div(A), new int[] {2, 3}, 100, 50, 100.0 / 3, 50, 40, 200.0 / 6);
    // [2, 1] with [1, 3]: an outer sum.
    assertValues(col.add(m(1, 3, 1, 2, 3)), new int[] {2, 3}, 101, 102, 103, 201, 202, 203);
    // [2, 1, 3] with [2, 3]: [2, 2, 3].
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 1, 3);
    assertValues(
        t.add(m(2, 3, 0, 0, 0, 10, 10, 10)),
        new int[] {2, 2, 3},
        1,
        2,
        3,
        11,
        12,
        13,
        4,
        5,
        6,
        14,
        15,
        16);
    assertValues(A.mul(Tensor.scalar(2)), new int[] {2, 3}, 2, 4, 6, 8, 10, 12);
    assertValues(Tensor.scalar(2).sub(Tensor.scalar(5)), new int[0], -3);
    assertValues(row.broadcastTo(2, 3), new int[] {2, 3}, 10, 20, 30, 10, 20, 30);
  }

  /** Broadcasting against index arithmetic, where dimensions coalesce in several ways. */
  @Test
  void broadcastingMatchesIndexArithmetic() {
    int[][][] cases = {
      {{2, 1, 3, 1}, {4, 1, 5}},
      {{1, 3, 1}, {2, 1, 4}},
      {{3, 1, 2}, {3, 4, 1}},
      {{2, 3, 4}, {3, 1}},
      {{5, 1}, {1}},
    };
    SplittableRandom rng = new SplittableRandom(9);
    for (int[][] c : cases) {
      Tensor a = Tensor.randn(rng, c[0]);
      Tensor b = Tensor.randn(rng, c[1]);
      Tensor sum = a.sub(b);
      int[] s = sum.shape();
      for (int flat = 0; flat < sum.size(); flat++) {
        int[] idx = new int[s.length];
        for (int d = s.length - 1, rest = flat; d >= 0; d--) {
          idx[d] = rest % s[d];
          rest /= s[d];
        }
        assertEquals(
            a.get(project(idx, c[0])) - b.get(project(idx, c[1])),
            sum.toArray()[flat],
            "at " + java.util.Arrays.toString(idx));
      }
    }
  }

  /** The index into an operand of {@code shape} broadcast to an output index. */
  static int[] project(int[] idx, int[] shape) {
    int[] out = new int[shape.length];
    int shift = idx.length - shape.length;
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i] == 1 ? 0 : idx[i + shift];
    }
    return out;
  }

  @Test
  void scalarOverloads() {
    assertValues(A.add(1), new int[] {2, 3}, 2, 3, 4, 5, 6, 7);
    assertValues(A.sub(1), new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
    assertValues(A.mul(2), new int[] {2, 3}, 2, 4, 6, 8, 10, 12);
    assertValues(A.div(2), new int[] {2, 3}, 0.5, 1, 1.5, 2, 2.5, 3);
  }

  @Test
  void operationsLeaveTheirOperandsUnchanged() {
    Tensor a = A.reshape(3, 2);
    a.add(a).exp().softmax(0).transpose();
    Tensor.concat(0, a, a);
    assertValues(A, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
    assertValues(a, new int[] {3, 2}, 1, 2, 3, 4, 5, 6);
  }

  // Element-wise functions.

  @Test
  void elementWiseFunctions() {
    Tensor x = Tensor.vector(-2, 0, 1);
    assertValues(x.exp(), new int[] {3}, Math.exp(-2), 1, Math.E);
    assertValues(Tensor.vector(1, Math.E, 0).log(), new int[] {3}, 0, 1, Double.NEGATIVE_INFINITY);
    assertValues(x.tanh(), new int[] {3}, Math.tanh(-2), 0, Math.tanh(1));
    assertValues(x.sigmoid(), new int[] {3}, 1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-1)));
    assertValues(Tensor.vector(-1000, 1000).sigmoid(), new int[] {2}, 0, 1);
    assertValues(x.relu(), new int[] {3}, 0, 0, 1);
    assertValues(Tensor.vector(4, 0, 2.25).sqrt(), new int[] {3}, 2, 0, 1.5);
    assertValues(x.pow(2), new int[] {3}, 4, 0, 1);
    assertValues(x.pow(3), new int[] {3}, -8, 0, 1);
    assertValues(Tensor.vector(4, 9).pow(0.5), new int[] {2}, 2, 3);
    assertValues(Tensor.vector(2, 4).pow(-1), new int[] {2}, 0.5, 0.25);
    assertValues(x.abs(), new int[] {3}, 2, 0, 1);
  }

  // Linear algebra and shape.

  @Test
  void matmul() {
    Tensor a = m(2, 2, 1, 2, 3, 4);
    Tensor b = m(2, 2, 5, 6, 7, 8);
    assertValues(a.matmul(b), new int[] {2, 2}, 19, 22, 43, 50);
    assertValues(A.matmul(m(3, 1, 1, 0, -1)), new int[] {2, 1}, -2, -2);
    // Batched: [2, 2, 2] times [2, 2] uses b with both matrices.
    Tensor batch = Tensor.of(new double[] {1, 2, 3, 4, 1, 0, 0, 1}, 2, 2, 2);
    assertValues(batch.matmul(b), new int[] {2, 2, 2}, 19, 22, 43, 50, 5, 6, 7, 8);
    // [2, 2] times [2, 2, 2].
    assertValues(a.matmul(batch), new int[] {2, 2, 2}, 7, 10, 15, 22, 1, 2, 3, 4);
    // Batch times batch.
    Tensor twos = Tensor.full(2, 2, 2, 2);
    assertValues(batch.matmul(twos), new int[] {2, 2, 2}, 6, 6, 14, 14, 2, 2, 2, 2);
  }

  @Test
  void dot() {
    assertEquals(32.0, Tensor.vector(1, 2, 3).dot(Tensor.vector(4, 5, 6)));
  }

  @Test
  void transpose() {
    assertValues(A.transpose(), new int[] {3, 2}, 1, 4, 2, 5, 3, 6);
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
    assertValues(t.transpose(), new int[] {2, 3, 2}, 1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12);
    // Larger than one 32×32 block.
    Tensor big = Tensor.randn(new SplittableRandom(8), 45, 70);
    assertEquals(big.get(44, 3), big.transpose().get(3, 44));
    assertEquals(big, big.transpose().transpose());
  }

  @Test
  void reshape() {
    assertValues(A.reshape(3, 2), new int[] {3, 2}, 1, 2, 3, 4, 5, 6);
    assertValues(A.reshape(-1), new int[] {6}, 1, 2, 3, 4, 5, 6);
    assertValues(A.reshape(1, -1, 2), new int[] {1, 3, 2}, 1, 2, 3, 4, 5, 6);
    assertValues(Tensor.vector(7).reshape(), new int[0], 7);
  }

  @Test
  void rowsAndConcat() {
    Tensor t = m(3, 2, 1, 2, 3, 4, 5, 6);
    assertValues(t.rows(1, 3), new int[] {2, 2}, 3, 4, 5, 6);
    assertValues(t.rows(1, 1), new int[] {0, 2});
    assertValues(
        Tensor.concat(0, A, m(1, 3, 7, 8, 9)), new int[] {3, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertValues(Tensor.concat(1, A, m(2, 1, 7, 8)), new int[] {2, 4}, 1, 2, 3, 7, 4, 5, 6, 8);
    assertValues(Tensor.concat(-1, Tensor.vector(1), Tensor.vector(2, 3)), new int[] {3}, 1, 2, 3);
  }

  // Reductions.

  @Test
  void sumsAndMeans() {
    assertEquals(21.0, A.sum());
    assertEquals(3.5, A.mean());
    assertValues(A.sum(0), new int[] {3}, 5, 7, 9);
    assertValues(A.sum(1), new int[] {2}, 6, 15);
    assertValues(A.sum(-1), new int[] {2}, 6, 15);
    assertValues(A.sum(0, true), new int[] {1, 3}, 5, 7, 9);
    assertValues(A.sum(1, true), new int[] {2, 1}, 6, 15);
    assertValues(A.mean(0), new int[] {3}, 2.5, 3.5, 4.5);
    assertValues(A.mean(1, true), new int[] {2, 1}, 2, 5);
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
    assertValues(t.sum(1), new int[] {2, 2}, 4, 6, 12, 14);
    assertValues(Tensor.vector(1, 2).sum(0), new int[0], 3);
  }

  @Test
  void max() {
    Tensor x = m(2, 3, 1, 5, 2, 7, -1, 7);
    assertValues(x.max(0), new int[] {3}, 7, 5, 7);
    assertValues(x.max(1), new int[] {2}, 5, 7);
    assertValues(x.max(1, true), new int[] {2, 1}, 5, 7);
    assertTrue(Double.isNaN(Tensor.vector(1, Double.NaN, 2).max(0).item()));
  }

  @Test
  void softmaxAndLogSumExp() {
    double e1 = Math.exp(1);
    double e2 = Math.exp(2);
    double e3 = Math.exp(3);
    double z = e1 + e2 + e3;
    Tensor x = Tensor.vector(1, 2, 3);
    assertValues(x.softmax(0), new int[] {3}, e1 / z, e2 / z, e3 / z);
    assertValues(x.logSumExp(0), new int[0], Math.log(z));
    assertValues(x.logSoftmax(0), new int[] {3}, 1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z));
    // Along the first axis of a matrix: columns.
    Tensor c = m(2, 2, 0, 1, 0, 3);
    assertValues(c.softmax(0), new int[] {2, 2}, 0.5, e1 / (e1 + e3), 0.5, e3 / (e1 + e3));
    assertValues(c.logSumExp(0, true), new int[] {1, 2}, Math.log(2), Math.log(e1 + e3));
    // Stable where exp overflows or underflows.
    Tensor big = Tensor.vector(1000, 1000);
    assertValues(big.softmax(0), new int[] {2}, 0.5, 0.5);
    assertValues(big.logSumExp(0), new int[0], 1000 + Math.log(2));
    assertValues(big.neg().logSumExp(0), new int[0], -1000 + Math.log(2));
    assertValues(Tensor.vector(Double.NEGATIVE_INFINITY, 0).logSumExp(0), new int[0], 0);
    assertEquals(
        Double.NEGATIVE_INFINITY,
        Tensor.vector(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).logSumExp(0).item());
  }

  // Object methods.

  @Test
  void equalsAndHashCode() {
    assertEquals(A, m(2, 3, 1, 2, 3, 4, 5, 6));
    assertEquals(A.hashCode(), m(2, 3, 1, 2, 3, 4, 5, 6).hashCode());
    assertNotEquals(A, A.reshape(3, 2));
    assertNotEquals(A, A.add(1e-9));
    assertEquals(Tensor.scalar(Double.NaN), Tensor.scalar(Double.NaN));
    assertTrue(A.allClose(A.add(1e-9), 0, 1e-8));
    assertFalse(A.allClose(A.add(1e-7), 0, 1e-8));
    assertFalse(A.allClose(A.reshape(3, 2), 1, 1));
  }

  @Test
  void toStringIsNumPyLike() {
    assertEquals("tensor(3.5)", Tensor.scalar(3.5).toString());
    assertEquals("tensor([1.0, -2.5, 0.333333])", Tensor.vector(1, -2.5, 1.0 / 3).toString());
    assertEquals("tensor([[1.0, 2.0, 3.0],\n        [4.0, 5.0, 6.0]])", A.toString());
    assertEquals(
        "tensor([[[1.0, 2.0],\n         [3.0, 4.0]],\n\n        [[5.0, 6.0],\n         [7.0, 8.0]]])",
        Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2).toString());
    assertEquals(
        "tensor([1.0e-10, 1.5e+20, NaN, -Infinity])",
        Tensor.vector(1e-10, 1.5e20, Double.NaN, Double.NEGATIVE_INFINITY).toString());
    assertEquals("tensor([])", Tensor.zeros(0).toString());
  }

  @Test
  void largeTensorsAreElided() {
    double[] d = new double[2000];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    assertEquals("tensor([0.0, 1.0, 2.0, ..., 1997.0, 1998.0, 1999.0])", Tensor.of(d).toString());
    String s = Tensor.of(d, 100, 20).toString();
    assertEquals(
        "tensor([[0.0, 1.0, 2.0, ..., 17.0, 18.0, 19.0],\n"
            + "        [20.0, 21.0, 22.0, ..., 37.0, 38.0, 39.0],\n"
            + "        [40.0, 41.0, 42.0, ..., 57.0, 58.0, 59.0],\n"
            + "        ...,\n"
            + "        [1940.0, 1941.0, 1942.0, ..., 1957.0, 1958.0, 1959.0],\n"
            + "        [1960.0, 1961.0, 1962.0, ..., 1977.0, 1978.0, 1979.0],\n"
            + "        [1980.0, 1981.0, 1982.0, ..., 1997.0, 1998.0, 1999.0]])",
        s);
  }
}
