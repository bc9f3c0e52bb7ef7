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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tensor gradients at singular and non-finite points, as {@link NonFiniteTest} does for doubles:
 * IEEE 754 results where a partial derivative is infinite, the README's conventions at kinks and
 * ties, numerically stable softmax and log-sum-exp, and no exception from the runtime.
 */
class TensorNonFiniteTest {
  static final String EDGE =
      """
      package corpus;

      import dev.adjoint.Differentiable;
      import dev.adjoint.tensor.Tensor;

      public final class TensorEdge {
        private TensorEdge() {}

        @Differentiable public static double log(Tensor t) { return t.log().sum(); }
        @Differentiable public static double sqrt(Tensor t) { return t.sqrt().sum(); }
        @Differentiable public static double relu(Tensor t) { return t.relu().sum(); }
        @Differentiable public static double abs(Tensor t) { return t.abs().sum(); }
        @Differentiable public static double square(Tensor t) { return t.mul(t).sum(); }
        @Differentiable public static double max(Tensor t) { return t.max(1).sum(); }
        @Differentiable public static double quotient(Tensor a, Tensor b) { return a.div(b).sum(); }

        /** Weighted softmax: finite for logits far beyond exp's range. */
        @Differentiable
        public static double softmax(Tensor t, Tensor w) {
          return t.softmax(1).mul(w).sum();
        }

        @Differentiable public static double logSumExp(Tensor t) { return t.logSumExp(1).sum(); }

        /** log(t) is computed for every element but used only where a branch takes it. */
        @Differentiable
        public static double unusedLog(Tensor t, double gate) {
          Tensor l = t.log();
          double r = gate > 0 ? l.sum() : t.sum();
          return r;
        }
      }
      """;

  private static Class<?> adjoint;

  @BeforeAll
  static void compile() {
    adjoint = CompiledSources.withAdjoint(EDGE).load("corpus.TensorEdgeAdjoint");
  }

  /** The gradient's component {@code index} (0 is the value) as a flat array. */
  private static double[] gradient(String name, int index, Object... args) throws Exception {
    for (Method m : adjoint.getMethods()) {
      if (m.getName().equals(name + "Gradient")) {
        Object record = m.invoke(null, args);
        RecordComponent c = record.getClass().getRecordComponents()[index];
        Object value = c.getAccessor().invoke(record);
        return value instanceof Tensor t ? t.toArray() : new double[] {(double) value};
      }
    }
    throw new AssertionError("no " + name + "Gradient");
  }

  private static Tensor row(double... values) {
    return Tensor.of(values, 1, values.length);
  }

  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void singularitiesGiveIeeeResults() throws Exception {
    assertArrayEquals(new double[] {INF, 0.5}, gradient("log", 1, row(0, 2)));
    assertArrayEquals(new double[] {INF, 0.25}, gradient("sqrt", 1, row(0, 4)));
    assertArrayEquals(new double[] {INF, -INF}, gradient("quotient", 1, row(1, 1), row(0, -0.0)));
    // d/db = -a/b², -inf on both sides of 0
    assertArrayEquals(new double[] {-INF, -INF}, gradient("quotient", 2, row(1, 1), row(0, -0.0)));
  }

  @Test
  void nanAndInfinityPropagate() throws Exception {
    double[] nan = gradient("square", 1, row(Double.NaN, 3));
    assertTrue(Double.isNaN(nan[0]), Arrays.toString(nan));
    assertEquals(6.0, nan[1]);
    assertArrayEquals(new double[] {INF, -INF}, gradient("square", 1, row(INF, -INF)));
    assertTrue(Double.isNaN(gradient("abs", 1, row(Double.NaN))[0]));
  }

  @Test
  void documentedConventionsAtKinksAndTies() throws Exception {
    assertArrayEquals(new double[] {0, 1, 0}, gradient("relu", 1, row(0, 2, -1)));
    assertArrayEquals(new double[] {0, 1, -1}, gradient("abs", 1, row(0, 2, -1)));
    // a tie splits the cotangent evenly between the maxima (PyTorch's amax)
    assertArrayEquals(new double[] {0.5, 0, 0.5}, gradient("max", 1, row(3, 1, 3)));
  }

  @Test
  void softmaxAndLogSumExpStayFiniteFarOutside() throws Exception {
    Tensor logits = row(1000, 999, -1000);
    double[] g = gradient("softmax", 1, logits, row(1, 2, 3));
    double p0 = 1 / (1 + Math.exp(-1)); // softmax of (1000, 999): p0 = sigmoid(1), p1 = 1 - p0
    double p1 = 1 - p0;
    double mean = p0 * 1 + p1 * 2; // d/dt_i sum(p w) = p_i (w_i - p·w)
    assertArrayEquals(new double[] {p0 * (1 - mean), p1 * (2 - mean), 0}, g, 1e-12);
    // a -inf logit gets no weight and a zero derivative, not NaN
    assertArrayEquals(
        new double[] {p0, p1, 0}, gradient("logSumExp", 1, row(1000, 999, -INF)), 1e-12);
  }

  @Test
  void aZeroCotangentNeverMakesNaN() throws Exception {
    // log(0) = -inf, with slope +inf, is computed but not used: the gradient is that of sum(t)
    assertArrayEquals(new double[] {1, 1}, gradient("unusedLog", 1, row(0, 2), -1.0));
    assertEquals(0.0, gradient("unusedLog", 2, row(0, 2), -1.0)[0]);
  }
}
