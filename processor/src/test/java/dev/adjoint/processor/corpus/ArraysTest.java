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
package dev.adjoint.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gradients of code over {@code double[]} and {@code double[][]}: element reads and writes, local
 * arrays (fresh and reused in place across iterations), aliases of rows, {@code .length}, arrays
 * passed between {@code @Differentiable} methods, and the gradient record's and pullback's array
 * forms. Each gradient is compared with central differences taken element by element.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ArraysTest {
  static final String ARRAYS =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class Arrays {
        private Arrays() {}

        @Differentiable
        public static double dot(double[] x, double[] y) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
          }
          return s;
        }

        /** The notebook's y = 2 x.x, through a call that passes the same array twice. */
        @Differentiable
        public static double twiceDot(double[] x) {
          return 2 * dot(x, x);
        }

        @Differentiable
        public static double layer(double[][] w, double[] x, double b) {
          double[] h = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            double acc = b;
            for (int j = 0; j < x.length; j++) {
              acc += w[i][j] * x[j];
            }
            h[i] = Math.tanh(acc);
          }
          double out = 0;
          for (int i = 0; i < h.length; i++) {
            out += h[i] * h[i];
          }
          return out;
        }

        /** An RNN: the state array is overwritten in place at every step. */
        @Differentiable
        public static double rnn(double[][] w, double[] xs, int steps) {
          double[] h = new double[w.length];
          double[] next = new double[w.length];
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < h.length; i++) {
              double a = xs[t];
              for (int j = 0; j < h.length; j++) {
                a += w[i][j] * h[j];
              }
              next[i] = Math.tanh(a);
            }
            for (int i = 0; i < h.length; i++) {
              h[i] = next[i];
            }
          }
          double s = 0;
          for (int i = 0; i < h.length; i++) {
            s += h[i];
          }
          return s;
        }

        /** Elements updated in place, compound assignments on elements, and a row alias. */
        @Differentiable
        public static double inPlace(double[] x) {
          double[][] m = new double[2][2];
          m[0][0] = x[0];
          m[1][1] = x[1];
          for (int k = 0; k < 3; k++) {
            m[0][0] = m[0][0] * m[1][1];
            m[1][1] += Math.sin(m[0][0]);
          }
          double[] row = m[0];
          row[0] *= 2;
          row[1] = row[0] / (1 + x[0] * x[0]);
          return m[0][0] + m[0][1] + m[1][1];
        }

        /** A fresh array per iteration, some of which the reverse sweep must find again. */
        @Differentiable
        public static double freshPerIteration(double[] x, int n) {
          double total = 0;
          double[] last = new double[x.length];
          for (int k = 0; k < n; k++) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              y[i] = Math.exp(-x[i] * (k + 1)) + last[i] * 0.5;
            }
            last = y;
            total += y[k % x.length];
          }
          return total;
        }

        /** A mean squared error over data that is not differentiated, with a scalar weight. */
        @Differentiable(wrt = {"w", "b"})
        public static double mse(double[] w, double b, double[][] xs, double[] ys) {
          double loss = 0;
          for (int n = 0; n < ys.length; n++) {
            double prediction = b;
            for (int j = 0; j < w.length; j++) {
              prediction += w[j] * xs[n][j];
            }
            double error = prediction - ys[n];
            loss += error * error;
          }
          return loss / ys.length;
        }
      }
      """;

  private static ArrayGradients arrays;

  @BeforeAll
  static void compile() throws Exception {
    arrays = new ArrayGradients(CompiledSources.withAdjoint(ARRAYS), "corpus.Arrays");
  }

  private static void check(String name, Object[] args, int... differentiated) throws Exception {
    arrays.check(name, args, differentiated);
  }

  private static List<Object> gradient(String name, Object... args) throws Exception {
    return arrays.gradient(name, args);
  }

  private static double[] vector(Random random, int n) {
    return ArrayGradients.vector(random, n);
  }

  private static double[][] matrix(Random random, int rows, int cols) {
    return ArrayGradients.matrix(random, rows, cols);
  }

  @Test
  void dotProductHasTheOtherVectorAsGradient() throws Exception {
    Random random = new Random(1);
    for (int trial = 0; trial < 3; trial++) {
      double[] x = vector(random, 4);
      double[] y = vector(random, 4);
      check("dot", new Object[] {x, y}, 0, 1);
      List<Object> g = gradient("dot", x, y);
      assertArrayEquals(y, (double[]) g.get(1), 1e-15);
      assertArrayEquals(x, (double[]) g.get(2), 1e-15);
    }
  }

  /** The notebook: y = 2 x.x at x = (0, 1, 2, 3) has gradient 4x. */
  @Test
  void twiceDotHasGradientFourX() throws Exception {
    double[] x = {0, 1, 2, 3};
    List<Object> g = gradient("twiceDot", (Object) x);
    assertEquals(28.0, (double) g.get(0), 0.0);
    assertArrayEquals(new double[] {0, 4, 8, 12}, (double[]) g.get(1), 1e-15);
    check("twiceDot", new Object[] {vector(new Random(2), 5)}, 0);
  }

  @Test
  void denseLayer() throws Exception {
    Random random = new Random(3);
    for (int trial = 0; trial < 3; trial++) {
      check("layer", new Object[] {matrix(random, 3, 4), vector(random, 4), 0.3 * trial}, 0, 1, 2);
    }
  }

  @Test
  void recurrentStateUpdatedInPlace() throws Exception {
    Random random = new Random(4);
    for (int steps = 1; steps <= 4; steps++) {
      check("rnn", new Object[] {matrix(random, 3, 3), vector(random, 4), steps}, 0, 1);
    }
  }

  @Test
  void elementsRowsAndCompoundAssignments() throws Exception {
    check("inPlace", new Object[] {new double[] {0.4, 0.9}}, 0);
    check("inPlace", new Object[] {new double[] {-0.3, 1.7}}, 0);
    check("inPlace", new Object[] {new double[] {1.2, -0.5}}, 0);
  }

  @Test
  void freshArraysPerIteration() throws Exception {
    Random random = new Random(5);
    for (int n = 0; n <= 5; n += 1) {
      check("freshPerIteration", new Object[] {vector(random, 3), n}, 0);
    }
  }

  @Test
  void meanSquaredErrorWithRespectToWeightsOnly() throws Exception {
    Random random = new Random(6);
    double[][] xs = matrix(random, 5, 3);
    double[] ys = vector(random, 5);
    check("mse", new Object[] {vector(random, 3), 0.1, xs, ys}, 0, 1);
  }

  @Test
  void pullbackAddsIntoCallerBuffers() throws Exception {
    double[] x = {0.5, -1.0, 2.0};
    double[] y = {1.5, 0.25, -0.5};
    double[] xBar = {1, 1, 1};
    double[] yBar = {10, 10, 10};
    Method pullback = arrays.adjointMethod("dotPullback");
    assertEquals(
        List.of(double[].class, double[].class, double.class, double[].class, double[].class),
        List.of(pullback.getParameterTypes()));
    double value = (double) pullback.invoke(null, x, y, 2.0, xBar, yBar);
    assertEquals(arrays.primal("dot", x, y), value, 0.0);
    for (int i = 0; i < 3; i++) {
      assertEquals(1 + 2 * y[i], xBar[i], 1e-15);
      assertEquals(10 + 2 * x[i], yBar[i], 1e-15);
    }
  }

  @Test
  void gradientArraysAreFreshAndShapedLikeTheirParameters() throws Exception {
    double[][] w = {{0.1, 0.2}, {0.3, -0.4}, {0.5, 0.6}};
    List<Object> g = gradient("layer", w, new double[] {1, 2}, 0.5);
    double[][] wGradient = (double[][]) g.get(1);
    assertNotSame(w, wGradient);
    assertEquals(3, wGradient.length);
    assertEquals(2, wGradient[2].length);
  }
}
