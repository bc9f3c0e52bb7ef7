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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The positional {@code fPullback} (the form with untyped buffers, scalars first) checks its
 * buffers at entry, as the typed form does: a buffer of the wrong length fails naming the parameter
 * and both shapes, before the sweeps run, instead of an index out of bounds inside them.
 */
class PositionalBuffersTest {
  static final String MODEL =
      """
      package buffers;

      import dev.adjoint.Differentiable;
      import dev.adjoint.tensor.Tensor;

      public final class Model {
        private Model() {}

        /** The issue's example: a scalar between two arrays. */
        @Differentiable(wrt = {"w", "b"})
        public static double loss(double[] w, double b, double[] x, double y) {
          double z = b;
          for (int j = 0; j < w.length; j++) {
            z += w[j] * x[j];
          }
          return (z - y) * (z - y);
        }

        @Differentiable
        public static double norm(Tensor t, double[][] m) {
          return t.mul(t).sum() + m[0][0] * m[1][1];
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a check left values on the tape");
  }

  private static Method method(String name) {
    for (Method m : CompiledSources.withAdjoint(MODEL).load("buffers.ModelAdjoint").getMethods()) {
      if (m.getName().equals(name)
          && m.getParameterTypes()[m.getParameterCount() - 1] != Object.class
          && !m.getParameterTypes()[m.getParameterCount() - 1]
              .getSimpleName()
              .endsWith("Buffers")) {
        return m;
      }
    }
    throw new AssertionError("no " + name);
  }

  private static String failure(Method m, Object... args) {
    InvocationTargetException e =
        assertThrows(InvocationTargetException.class, () -> m.invoke(null, args));
    assertEquals(IllegalArgumentException.class, e.getCause().getClass(), e.getCause().toString());
    return e.getCause().getMessage();
  }

  @Test
  void aBufferOfTheWrongLengthNamesItsParameter() {
    Method pullback = method("lossPullback");
    double[] w = {1, 2, 3, 4};
    double[] x = {1, 1, 1, 1};
    assertEquals(
        "lossPullback: the buffer for parameter w has length 3, but w has length 4",
        failure(pullback, w, 0.5, x, 1.0, 1.0, new double[1], new double[3]));
    assertEquals(
        "lossPullback: the buffer adjoint has length 0, but there are 1 differentiated double"
            + " parameters, b (in that order)",
        failure(pullback, w, 0.5, x, 1.0, 1.0, new double[0], new double[4]));
  }

  @Test
  void rightBuffersStillGetTheGradient() throws Exception {
    Method pullback = method("lossPullback");
    double[] w = {1, 2, 3, 4};
    double[] x = {1, -1, 2, 0.5};
    double[] adjoint = new double[3]; // longer than needed is allowed, as before
    double[] wBar = new double[4];
    double value = (double) pullback.invoke(null, w, 0.5, x, 1.0, 1.0, adjoint, wBar);
    double z = 0.5 + 1 - 2 + 6 + 2;
    assertEquals((z - 1) * (z - 1), value);
    assertEquals(2 * (z - 1), adjoint[0], 1e-12);
    assertEquals(2 * (z - 1) * x[2], wBar[2], 1e-12);
  }

  @Test
  void tensorHoldersAndMatricesAreChecked() {
    Method pullback = method("normPullback");
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    double[][] m = {{1, 2}, {3, 4}};
    assertEquals(
        "normPullback: the holder for the gradient of parameter t is empty; pass new Tensor[1]",
        failure(pullback, t, m, 1.0, new Tensor[0], new double[2][2]));
    assertEquals(
        "normPullback: the buffer for parameter t has shape [3, 2], but t has shape [2, 3]",
        failure(pullback, t, m, 1.0, new Tensor[] {Tensor.zeros(3, 2)}, new double[2][2]));
    assertEquals(
        "normPullback: the buffer for parameter m has shape 2 rows of lengths [2, 3], but m has"
            + " shape 2 rows of lengths [2, 2]",
        failure(pullback, t, m, 1.0, new Tensor[1], new double[][] {{0, 0}, {0, 0, 0}}));
  }
}
