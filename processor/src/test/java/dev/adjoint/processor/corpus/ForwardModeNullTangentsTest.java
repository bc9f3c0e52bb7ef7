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

import dev.adjoint.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README: {@code fJvp} takes a tangent per differentiated parameter, "where {@code null} counts
 * as zero" for arrays and tensors. A {@code null} tangent for a {@code double[]} or {@code
 * double[][]} parameter, alone or beside tensors, gives what zeros of its shape give; the Jacobian
 * and Hessian, which call the forward modes with full tangents, are unchanged.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForwardModeNullTangentsTest {
  static final String SOURCE =
      """
      package nulltangent;

      import dev.adjoint.Differentiable;
      import dev.adjoint.tensor.Tensor;

      public final class Models {
        private Models() {}

        @Differentiable(order = 2)
        public static double f(double[] w, double b, double[][] m) {
          double s = b * b;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < w.length; j++) {
              s += Math.sin(m[i][j] * w[j]) + w[j] * b;
            }
          }
          return s;
        }

        @Differentiable
        public static double[] v(double[] x, double[][] m) {
          double[] out = new double[m.length];
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < x.length; j++) {
              out[i] += m[i][j] * Math.exp(x[j]);
            }
          }
          return out;
        }

        @Differentiable
        public static double mixed(Tensor t, double[] w, double[][] m) {
          double s = t.mul(t).sum();
          for (int j = 0; j < w.length; j++) {
            s += w[j] * m[0][j] * t.get(0, j);
          }
          return s;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
  }

  /** The method named {@code name}; of fJacobian's two forms, the one that returns a new matrix. */
  private static Method method(String name) {
    Method found = null;
    for (Method m : unit.load("nulltangent.ModelsAdjoint").getDeclaredMethods()) {
      if (m.getName().equals(name)
          && (found == null || m.getParameterCount() < found.getParameterCount())) {
        found = m;
      }
    }
    if (found == null) {
      throw new AssertionError("no " + name);
    }
    return found;
  }

  private static Object tangent(Object record) {
    RecordComponent[] parts = record.getClass().getRecordComponents();
    parts[1].getAccessor().setAccessible(true);
    return Gradients.read(parts[1].getAccessor(), record);
  }

  private static final double[] W = {0.3, -0.7, 1.1};
  private static final double[][] M = {{0.5, 1.0, -0.2}, {-0.3, 0.8, 0.4}};
  private static final double[] W_DOT = {0.2, 0.4, -0.9};
  private static final double[][] M_DOT = {{1.0, -0.5, 0.3}, {0.1, 0.2, -0.6}};
  private static final double[] ZEROS = new double[3];
  private static final double[][] ZEROS2 = new double[2][3];

  private static double jvp(String name, Object... args) {
    return (Double) tangent(Gradients.invoke(method(name), args));
  }

  @Test
  void nullArrayTangentsCountAsZero() {
    double b = 0.6;
    assertEquals(jvp("fJvp", W, b, M, ZEROS, 0.5, M_DOT), jvp("fJvp", W, b, M, null, 0.5, M_DOT));
    assertEquals(jvp("fJvp", W, b, M, W_DOT, 0.5, ZEROS2), jvp("fJvp", W, b, M, W_DOT, 0.5, null));
    assertEquals(jvp("fJvp", W, b, M, ZEROS, 1.0, ZEROS2), jvp("fJvp", W, b, M, null, 1.0, null));
    // The whole tangent with nothing but b's direction is ∂f/∂b.
    double db = 2 * b;
    for (double wj : W) {
      db += wj * M.length;
    }
    assertEquals(db, jvp("fJvp", W, b, M, null, 1.0, null), 1e-12);
  }

  @Test
  void nullTangentsOfVectorOutputs() {
    double[] x = {0.1, -0.4, 0.9};
    double[] withZeros = (double[]) tangent(Gradients.invoke(method("vJvp"), x, M, ZEROS, M_DOT));
    double[] withNull = (double[]) tangent(Gradients.invoke(method("vJvp"), x, M, null, M_DOT));
    assertArrayEquals(withZeros, withNull);
    assertArrayEquals(
        new double[2], (double[]) tangent(Gradients.invoke(method("vJvp"), x, M, null, null)));
    // The Jacobian, which runs fJvp with unit directions, is the pullbacks' too.
    double[][] jacobian = (double[][]) Gradients.invoke(method("vJacobian"), x, M);
    assertEquals(2, jacobian.length);
    assertEquals(M[0][1] * Math.exp(x[1]), jacobian[0][1], 1e-15);
    assertEquals(Math.exp(x[2]), jacobian[1][3 + 3 + 2], 1e-15);
  }

  @Test
  void nullArrayTangentsBesideTensors() {
    Tensor t = Tensor.of(new double[] {0.2, -0.1, 0.7, 0.3, 0.5, -0.8}, 2, 3);
    Tensor tDot = Tensor.of(new double[] {1, 0, 0, 0, 1, 0}, 2, 3);
    assertEquals(
        jvp("mixedJvp", t, W, M, tDot, ZEROS, M_DOT), jvp("mixedJvp", t, W, M, tDot, null, M_DOT));
    assertEquals(
        jvp("mixedJvp", t, W, M, null, W_DOT, ZEROS2), jvp("mixedJvp", t, W, M, null, W_DOT, null));
    assertEquals(0.0, jvp("mixedJvp", t, W, M, null, null, null), 0.0);
  }

  /** The Hessian goes through the pullback's forward mode, which never sees a null tangent. */
  @Test
  void hessianIsUnchanged() {
    double b = 0.6;
    double[][] h = (double[][]) Gradients.invoke(method("fHessian"), W, b, M);
    // Inputs: w (3), b, m (6). ∂²f/∂b² = 2; ∂²f/∂w_j∂b = m.length.
    assertEquals(2.0, h[3][3], 1e-12);
    assertEquals(M.length, h[0][3], 1e-12);
    // ∂²f/∂w_0² = -Σ_i m_i0² sin(m_i0 w_0).
    double expected = 0;
    for (double[] row : M) {
      expected -= row[0] * row[0] * Math.sin(row[0] * W[0]);
    }
    assertEquals(expected, h[0][0], 1e-12);
  }
}
