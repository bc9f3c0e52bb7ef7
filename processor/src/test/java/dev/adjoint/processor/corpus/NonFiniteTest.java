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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gradients at non-finite and singular points: IEEE 754 results where the derivative is infinite or
 * undefined, the README's conventions at non-smooth points, a zero cotangent that never multiplies
 * a function's or a division's infinite partial derivative into NaN, and a product's factors, which
 * are not guarded.
 */
class NonFiniteTest {
  static final String EDGE =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class NonFinite {
        private NonFinite() {}

        @Differentiable public static double log(double x) { return Math.log(x); }
        @Differentiable public static double sqrt(double x) { return Math.sqrt(x); }
        @Differentiable public static double quotient(double x, double y) { return x / y; }
        @Differentiable public static double square(double x) { return x * x; }
        @Differentiable public static double abs(double x) { return Math.abs(x); }
        @Differentiable public static double max(double x, double y) { return Math.max(x, y); }
        @Differentiable public static double pow(double x, double y) { return Math.pow(x, y); }
        @Differentiable public static double hypot(double x, double y) { return Math.hypot(x, y); }

        /** sqrt(x) is computed but not used when x <= 1: its infinite slope at 0 must not leak. */
        @Differentiable
        public static double unusedBranch(double x) {
          double t = Math.sqrt(x);
          double r = x > 1 ? t : 2.0 * x;
          return r;
        }

        /** w * log(0) = -inf, cut off by max: the product's cotangent is zero. */
        @Differentiable
        public static double clipped(double x, double w) {
          return Math.max(w * Math.log(x), -5.0);
        }

        /** log(0) = -inf multiplied by a detached zero: the cotangent of the log is zero. */
        @Differentiable
        public static double detachedZero(double x, double w) {
          double y = Math.log(x);
          return x * w + y * dev.adjoint.Adjoint.detach(0.0 * w);
        }
      }
      """;

  private static Class<?> adjoint;

  @BeforeAll
  static void compile() {
    adjoint = CompiledSources.withAdjoint(EDGE).load("corpus.NonFiniteAdjoint");
  }

  private static List<Double> gradient(String name, double... args) throws Exception {
    Method m = null;
    for (Method candidate : adjoint.getMethods()) {
      if (candidate.getName().equals(name + "Gradient")) {
        m = candidate;
      }
    }
    Object[] boxed = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      boxed[i] = args[i];
    }
    Object record = m.invoke(null, boxed);
    List<Double> values = new ArrayList<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      values.add((Double) c.getAccessor().invoke(record));
    }
    return values;
  }

  @Test
  void singularitiesGiveIeeeResults() throws Exception {
    assertEquals(List.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), gradient("log", 0));
    assertEquals(List.of(0.0, Double.POSITIVE_INFINITY), gradient("sqrt", 0));
    List<Double> q = gradient("quotient", 1, 0);
    assertEquals(Double.POSITIVE_INFINITY, q.get(0));
    assertEquals(Double.POSITIVE_INFINITY, q.get(1)); // d/dx = 1/y
    assertEquals(Double.NEGATIVE_INFINITY, q.get(2)); // d/dy = -x/y^2
  }

  @Test
  void nanAndInfinityPropagate() throws Exception {
    List<Double> nan = gradient("square", Double.NaN);
    assertTrue(nan.get(0).isNaN() && nan.get(1).isNaN(), nan.toString());
    List<Double> inf = gradient("square", Double.POSITIVE_INFINITY);
    assertEquals(List.of(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY), inf);
    assertTrue(gradient("abs", Double.NaN).get(1).isNaN());
    assertTrue(gradient("max", Double.NaN, 1).get(1).isNaN());
  }

  @Test
  void documentedConventionsAtNonSmoothPoints() throws Exception {
    assertEquals(0.0, gradient("abs", 0).get(1));
    assertEquals(List.of(2.0, 0.5, 0.5), gradient("max", 2, 2));
    assertEquals(List.of(1.0, 0.0, 0.0), gradient("pow", 0, 0)); // 0^0 = 1, constant in x and y
    assertEquals(List.of(0.0, 0.0, 0.0), gradient("hypot", 0, 0));
  }

  @Test
  void zeroCotangentNeverMakesNaN() throws Exception {
    assertEquals(List.of(0.0, 2.0), gradient("unusedBranch", 0));
    List<Double> g = gradient("detachedZero", 0, 3);
    assertTrue(g.get(0).isNaN(), "the value is -inf * 0 = NaN, as IEEE 754 says");
    assertEquals(3.0, g.get(1)); // d/dx = w: the log's cotangent is zero, and skips 1/x = inf
    assertEquals(0.0, g.get(2));
  }

  @Test
  void aProductsFactorsAreNotGuarded() throws Exception {
    List<Double> g = gradient("clipped", 0, 2);
    assertEquals(-5.0, g.get(0));
    assertEquals(0.0, g.get(1)); // the log's cotangent is zero and skips 1/x = inf
    // The product's cotangent is zero, times its factor log(0) = -inf: NaN, as in JAX and PyTorch.
    assertTrue(g.get(2).isNaN(), g.toString());
  }
}
