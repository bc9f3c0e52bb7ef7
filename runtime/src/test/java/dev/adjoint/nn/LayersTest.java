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
package dev.adjoint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.PullbackDeclarations;
import dev.adjoint.tensor.Tensor;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layers' values against hand computation and PyTorch's definitions; their tangent rules and
 * pullbacks are checked against finite differences and each other in {@code TangentRulesTest}.
 */
class LayersTest {

  @Test
  void everyLayerHasPullbacksForItsDifferentiableInputs() {
    PullbackDeclarations d =
        new PullbackDeclarations(Layers.class, Layers.class, LayersPullbacks.class);
    assertEquals(Set.of(), d.missing(Set.of(), Set.of()));
    assertEquals(Set.of(), d.unknown(Set.of()));
    // dense 3, embedding 1, layerNorm 4, dropout 2, conv1d 3.
    assertEquals(13, d.count());
  }

  @Test
  void denseIsXTimesWPlusB() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor w = Tensor.of(new double[] {1, 0, -1, 2, 1, 0}, 2, 3);
    Tensor b = Tensor.vector(0.5, 0, -0.5);
    // [1 2] w = [1+4, 0+2, -1+0] = [5, 2, -1]; [3 4] w = [3+8, 4, -3] = [11, 4, -3].
    assertEquals(
        Tensor.of(new double[] {5.5, 2, -1.5, 11.5, 4, -3.5}, 2, 3), Layers.dense(x, w, b));
    assertArrayEquals(new int[] {2, 2, 3}, Layers.dense(Tensor.zeros(2, 2, 2), w, b).shape());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Layers.dense(x, Tensor.zeros(3, 3), b));
    assertTrue(e.getMessage().contains("dense needs x [..., in], w [in, out]"), e.getMessage());
  }

  @Test
  void embeddingGathersRowsAndItsPullbackAddsRepeatedIds() {
    Tensor table = Tensor.of(new double[] {0, 1, 10, 11, 20, 21}, 3, 2);
    assertEquals(
        Tensor.of(new double[] {20, 21, 0, 1, 20, 21}, 3, 2),
        Layers.embedding(table, new int[] {2, 0, 2}));
    Tensor seed = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    assertEquals(
        Tensor.of(new double[] {3, 4, 0, 0, 6, 8}, 3, 2),
        LayersPullbacks.embeddingTable(table, new int[] {2, 0, 2}, seed));
    assertThrows(IndexOutOfBoundsException.class, () -> Layers.embedding(table, new int[] {3}));
  }

  @Test
  void layerNormNormalisesEachRow() {
    // Row [1, 2, 3]: mean 2, biased variance 2/3; eps 0.
    Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0, 4}, 2, 3);
    Tensor y = Layers.layerNorm(x, Tensor.ones(3), Tensor.zeros(3), 0);
    double s = Math.sqrt(2.0 / 3);
    assertArrayEquals(
        new double[] {-1 / s, 0, 1 / s}, java.util.Arrays.copyOf(y.toArray(), 3), 1e-15);
    double[] v = y.toArray();
    for (int r = 0; r < 2; r++) {
      double mean = (v[3 * r] + v[3 * r + 1] + v[3 * r + 2]) / 3;
      double var =
          (v[3 * r] * v[3 * r] + v[3 * r + 1] * v[3 * r + 1] + v[3 * r + 2] * v[3 * r + 2]) / 3
              - mean * mean;
      assertEquals(0, mean, 1e-15);
      assertEquals(1, var, 1e-14);
    }
    // gamma and beta scale and shift per column; eps enters under the root.
    Tensor z = Layers.layerNorm(x, Tensor.vector(2, 2, 2), Tensor.vector(1, 1, 1), 1.0);
    assertEquals(1 + 2 / Math.sqrt(2.0 / 3 + 1), z.toArray()[2], 1e-15);
  }

  @Test
  void dropoutKeepsAboutOneMinusPAndScales() {
    Tensor x = Tensor.ones(100, 100);
    double[] y = Layers.dropout(x, 0.3, 42, true).toArray();
    int kept = 0;
    for (double v : y) {
      if (v != 0) {
        assertEquals(1 / 0.7, v, 1e-15);
        kept++;
      }
    }
    assertEquals(7000, kept, 200); // 4.5 standard deviations
    assertEquals(Layers.dropout(x, 0.3, 42, true), Layers.dropout(x, 0.3, 42, true));
    assertTrue(!Layers.dropout(x, 0.3, 42, true).equals(Layers.dropout(x, 0.3, 43, true)));
    assertSame(x, Layers.dropout(x, 0.3, 42, false));
    assertSame(x, Layers.dropout(x, 0.0, 42, true));
    assertEquals(Tensor.zeros(100, 100), Layers.dropout(x, 1.0, 42, true));
    assertEquals(
        Tensor.scalar(0.0).shape().length,
        Layers.dropout(Tensor.scalar(2.0), 0.5, 1, true).shape().length);
    // The pullback applies the same mask; at p = 0 the derivative in p is Σ seed·x.
    Tensor seed = Tensor.randn(new java.util.Random(1), 100, 100);
    Tensor mask = Layers.dropout(Tensor.ones(100, 100), 0.3, 42, true);
    assertArrayEquals(
        seed.mul(mask).toArray(), LayersPullbacks.dropoutX(x, 0.3, 42, true, seed).toArray(), 0.0);
    Tensor small = Tensor.vector(1, -2, 3);
    assertEquals(
        1 - 4 + 9, LayersPullbacks.dropoutP(small, 0, 7, true, Tensor.vector(1, 2, 3)), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> Layers.dropout(x, 1.5, 1, true));
  }

  @Test
  void conv1dIsPyTorchsCrossCorrelation() {
    // One channel [1, 2, 3, 4] with kernel [1, 0, -1]: x[t] - x[t + 2] = [-2, -2], bias 0.5.
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 4);
    Tensor w = Tensor.of(new double[] {1, 0, -1}, 1, 1, 3);
    Tensor b = Tensor.vector(0.5);
    assertEquals(Tensor.of(new double[] {-1.5, -1.5}, 1, 1, 2), Layers.conv1d(x, w, b, 1, 0));
    // Padding 1 and stride 2: padded [0, 1, 2, 3, 4, 0], windows at 0 and 2: 0 - 2, 2 - 4.
    assertEquals(Tensor.of(new double[] {-1.5, -1.5}, 1, 1, 2), Layers.conv1d(x, w, b, 2, 1));
    // Padding 1, stride 1: [0-2, 1-3, 2-4, 3-0] + 0.5.
    assertEquals(
        Tensor.of(new double[] {-1.5, -1.5, -1.5, 3.5}, 1, 1, 4), Layers.conv1d(x, w, b, 1, 1));
    // Two input channels, two output channels.
    Tensor x2 = Tensor.of(new double[] {1, 2, 3, 10, 20, 30}, 1, 2, 3);
    Tensor w2 = Tensor.of(new double[] {1, 1, 0, 0, 1, 0, 0, 1}, 2, 2, 2);
    // w[0] = [[1, 1], [0, 0]]: x0[t] + x0[t + 1]; w[1] = [[1, 0], [0, 1]]: x0[t] + x1[t + 1].
    assertEquals(
        Tensor.of(new double[] {3, 5, 1 + 20, 2 + 30}, 1, 2, 2),
        Layers.conv1d(x2, w2, Tensor.zeros(2), 1, 0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Layers.conv1d(x, Tensor.zeros(1, 1, 5), b, 1, 0));
    assertTrue(e.getMessage().contains("kernel of 5 does not fit"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Layers.conv1d(x, w, b, 0, 0));
  }
}
