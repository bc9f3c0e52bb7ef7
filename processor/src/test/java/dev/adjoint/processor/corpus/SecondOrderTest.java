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

import dev.adjoint.Tape;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hessians and Hessian-vector products of {@code @Differentiable(order = 2)} methods (forward over
 * reverse mode), checked against central finite differences of the generated gradient, against
 * closed forms, for symmetry, and {@code fHvp} against the Hessian times a vector.
 *
 * <p>Tolerances: finite differences of the gradient with h = 1e-5·max(1, |x|) agree to 1e-5·max(1,
 * |H|); closed forms to 1e-10 relative; symmetry to 1e-10 relative.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecondOrderTest {
  static final String SOURCE =
      """
      package second;

      import dev.adjoint.Differentiable;

      public final class Hessians {
        private Hessians() {}

        @Differentiable(order = 2)
        public static double survey(double x1, double x2) {
          return Math.log(x1) + x1 * x2 - Math.sin(x2);
        }

        @Differentiable(order = 2)
        public static double cube(double x) {
          return x * x * x;
        }

        /** sin(x) z at z = 0: the adjoint of sin(x) is zero, its tangent is not. */
        @Differentiable(order = 2)
        public static double zeroCotangent(double x, double z) {
          double s = Math.sin(x);
          return s * z;
        }

        @Differentiable(order = 2)
        public static double rosenbrock(double x, double y) {
          double a = 1 - x;
          double b = y - x * x;
          return a * a + 100 * b * b;
        }

        @Differentiable(order = 2)
        public static double library(double x, double y) {
          return Math.exp(x * y) / Math.sqrt(1 + x * x) + Math.pow(x, 3) * Math.tanh(y)
              + Math.atan2(y, x) + Math.hypot(x, y) + Math.log1p(y * y) * Math.cos(x);
        }

        @Differentiable(order = 2)
        public static double loop(double x, double y, int n) {
          double s = 0;
          double p = x;
          for (int i = 0; i < n; i++) {
            if (p > y) {
              s += p * Math.sin(y);
            } else {
              s -= p / (1 + y * y);
            }
            p = p * x;
          }
          return s;
        }

        @Differentiable(order = 2)
        public static double power(double x, int n) {
          return n == 0 ? 1 : x * power(x, n - 1);
        }

        @Differentiable(order = 2)
        public static double square(double u) {
          return u * u;
        }

        @Differentiable(order = 2)
        public static double calls(double x, double y) {
          double q = square(x * y) + Math.sin(square(x));
          return q * y;
        }

        @Differentiable(order = 2)
        public static double quadratic(double[] x, double[][] a) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
              s += 0.5 * x[i] * a[i][j] * x[j];
            }
          }
          return s;
        }

        @Differentiable(order = 2)
        public static double softmaxLoss(double[] w, double scale) {
          double[] e = new double[w.length];
          double total = 0;
          for (int i = 0; i < w.length; i++) {
            e[i] = Math.exp(scale * w[i]);
            total += e[i];
          }
          double loss = 0;
          for (int i = 0; i < w.length; i++) {
            double p = e[i] / total;
            loss -= (i + 1) * Math.log(p);
          }
          return loss;
        }

        static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }

        /** The user's derivative of softplus: the logistic function. */
        @dev.adjoint.PullbackOf(type = Hessians.class, method = "softplus", wrt = "x")
        public static double softplusPullback(double x, double seed) {
          return seed / (1 + Math.exp(-x));
        }

        /** Its derivatives, for second order: d/dx and d/dseed of softplusPullback. */
        @dev.adjoint.PullbackOf(type = Hessians.class, method = "softplusPullback", wrt = "x")
        public static double softplusPullbackX(double x, double seed, double seed2) {
          double s = 1 / (1 + Math.exp(-x));
          return seed2 * seed * s * (1 - s);
        }

        @dev.adjoint.PullbackOf(type = Hessians.class, method = "softplusPullback", wrt = "seed")
        public static double softplusPullbackSeed(double x, double seed, double seed2) {
          return softplusPullback(x, seed2);
        }

        @Differentiable(order = 2)
        public static double customDerivative(double x, double y) {
          return softplus(x * y) * y;
        }

        /** A double before and after an array: fHvp must read v in declaration order. */
        @Differentiable(order = 2)
        public static double mixed(double s, double[] x, double t) {
          return s * s * x[0] + Math.sin(x[1] * t) + s * t * x[1];
        }

        @Differentiable(order = 2)
        public static double whileLoop(double x) {
          double b = x;
          while (Math.abs(b) < 100) {
            b = b * b + 1;
          }
          return b;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
  }

  /** The Hessian, the gradient and the HVP of one method, by reflection. */
  private static final class Second {
    final Method hessian;
    final Method hvp;
    final Method gradient;
    final FlatInputs inputs;

    Second(String name) {
      Class<?> adjoint = unit.load("second.HessiansAdjoint");
      Method h = null;
      Method v = null;
      Method g = null;
      for (Method m : adjoint.getDeclaredMethods()) {
        if (m.getName().equals(name + "Hessian")) {
          h = m;
        } else if (m.getName().equals(name + "Hvp")) {
          v = m;
        } else if (m.getName().equals(name + "Gradient")) {
          g = m;
        }
      }
      assertTrue(h != null && v != null && g != null, "missing second-order methods of " + name);
      hessian = h;
      hvp = v;
      gradient = g;
      inputs = new FlatInputs(g.getParameterTypes());
    }

    double[][] hessian(Object... args) {
      double[][] result = (double[][]) Gradients.invoke(hessian, args);
      assertEquals(0, Tape.get().size(), "tape left non-empty");
      return result;
    }

    double[] hvp(Object[] args, double[] v) {
      Object[] all = Arrays.copyOf(args, args.length + 1);
      all[args.length] = v;
      return (double[]) Gradients.invoke(hvp, all);
    }

    /** The gradient flattened over the differentiated inputs, in declaration order. */
    double[] gradient(Object... args) {
      Object record = Gradients.invoke(gradient, args);
      List<Object> components = new ArrayList<>();
      RecordComponent[] all = record.getClass().getRecordComponents();
      for (int k = 1; k < all.length; k++) {
        all[k].getAccessor().setAccessible(true);
        components.add(Gradients.read(all[k].getAccessor(), record));
      }
      return FlatInputs.flatten(components);
    }

    /** Central differences of the gradient along input k (flattened). */
    double[] gradientDifference(Object[] args, int k) {
      double h = 1e-5 * Math.max(1, Math.abs(inputs.get(args, k)));
      double[] gp = gradient(inputs.moved(args, k, h));
      double[] gm = gradient(inputs.moved(args, k, -h));
      double[] out = new double[gp.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (gp[i] - gm[i]) / (2 * h);
      }
      return out;
    }

    /** Hessian against differences of the gradient, symmetry, and HVP against H v. */
    double[][] check(Object... args) {
      double[][] h = hessian(args);
      int n = h.length;
      for (int j = 0; j < n; j++) {
        double[] fd = gradientDifference(args, j);
        for (int i = 0; i < n; i++) {
          double tolerance = 1e-5 * Math.max(1, Math.abs(h[i][j]));
          assertEquals(
              fd[i], h[i][j], tolerance, "H[" + i + "][" + j + "] at " + Arrays.deepToString(args));
          assertEquals(
              h[j][i],
              h[i][j],
              1e-10 * Math.max(1, Math.abs(h[i][j])),
              "symmetry of H[" + i + "][" + j + "]");
        }
      }
      Random random = new Random(n);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextGaussian();
      }
      double[] hv = hvp(args, v);
      for (int i = 0; i < n; i++) {
        double expected = 0;
        for (int j = 0; j < n; j++) {
          expected += h[i][j] * v[j];
        }
        assertEquals(expected, hv[i], 1e-10 * Math.max(1, Math.abs(expected)), "Hv[" + i + "]");
      }
      return h;
    }
  }

  @Test
  void surveyFunctionAtTwoFive() {
    double[][] h = new Second("survey").check(2.0, 5.0);
    assertEquals(-0.25, h[0][0], 1e-15);
    assertEquals(1.0, h[0][1], 1e-15);
    assertEquals(Math.sin(5.0), h[1][1], 1e-15);
    new Second("survey").check(0.5, -1.0);
    new Second("survey").check(7.0, 0.3);
  }

  @Test
  void cubeHasSecondDerivativeTwelveAtTwo() {
    Second cube = new Second("cube");
    assertEquals(12.0, cube.check(2.0)[0][0], 1e-12);
    for (double x : new double[] {-1.5, 0.1, 10}) {
      assertEquals(6 * x, cube.check(x)[0][0], 1e-12 * Math.max(1, Math.abs(6 * x)));
    }
  }

  @Test
  void tangentPassesAZeroCotangentGuard() {
    Second f = new Second("zeroCotangent");
    double[][] h = f.check(0.7, 0.0);
    assertEquals(Math.cos(0.7), h[0][1], 1e-15);
    assertEquals(-Math.sin(0.7) * 0.0, h[0][0], 1e-15);
    f.check(0.7, 2.0);
    f.check(-3.0, -0.5);
  }

  @Test
  void rosenbrockClosedForm() {
    Second f = new Second("rosenbrock");
    for (double[] p : new double[][] {{1, 1}, {-1.2, 1}, {0.3, -2}}) {
      double[][] h = f.check(p[0], p[1]);
      double x = p[0];
      double y = p[1];
      assertEquals(2 - 400 * (y - 3 * x * x), h[0][0], 1e-10 * Math.max(1, Math.abs(h[0][0])));
      assertEquals(-400 * x, h[0][1], 1e-10 * Math.max(1, Math.abs(h[0][1])));
      assertEquals(200, h[1][1], 1e-10 * 200);
    }
  }

  @Test
  void libraryFunctions() {
    Second f = new Second("library");
    f.check(0.8, 0.3);
    f.check(-1.3, 0.9);
    f.check(2.0, -0.4);
  }

  @Test
  void loopsAndBranches() {
    Second f = new Second("loop");
    f.check(0.9, 0.5, 6);
    f.check(1.3, 2.0, 5);
    f.check(-0.7, 0.1, 7);
  }

  @Test
  void recursion() {
    Second f = new Second("power");
    for (double x : new double[] {0.5, 1.7, -2.0}) {
      double[][] h = f.check(x, 5);
      assertEquals(20 * Math.pow(x, 3), h[0][0], 1e-10 * Math.max(1, Math.abs(h[0][0])));
    }
  }

  @Test
  void callsToSecondOrderMethods() {
    Second f = new Second("calls");
    f.check(0.6, 1.1);
    f.check(-1.4, 0.3);
    f.check(2.0, -0.8);
  }

  @Test
  void arraysQuadraticFormHasSymmetrisedMatrix() {
    Second f = new Second("quadratic");
    double[][] a = {{2, 1, 0}, {3, 4, -1}, {0.5, 0, 1}};
    double[][] h = f.check(new double[] {0.3, -1, 2}, a);
    int n = 3;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        // d²/dx_i dx_j of x^T A x / 2 is (A + A^T)/2; the entries of A come after x.
        assertEquals((a[i][j] + a[j][i]) / 2, h[i][j], 1e-12);
      }
    }
    assertEquals(3 + 9, h.length);
  }

  @Test
  void arraysWithLocalBuffers() {
    Second f = new Second("softmaxLoss");
    f.check(new double[] {0.1, -0.5, 0.3, 1.2}, 0.8);
    f.check(new double[] {1, 2, 3}, -0.4);
    f.check(new double[] {0.0, 0.0}, 1.5);
  }

  @Test
  void customDerivativesWithTheirOwnDerivatives() {
    Second f = new Second("customDerivative");
    for (double[] p : new double[][] {{0.5, 1.2}, {-1.0, 0.3}, {2.0, -0.7}}) {
      double[][] h = f.check(p[0], p[1]);
      double x = p[0];
      double y = p[1];
      double s = 1 / (1 + Math.exp(-x * y));
      // f = softplus(xy) y: f_xx = s(1-s) y^3.
      assertEquals(s * (1 - s) * y * y * y, h[0][0], 1e-12);
    }
  }

  /** Found by the second-order fuzzer: doubles before an array were read from v out of order. */
  @Test
  void doublesAndArraysInterleaved() {
    Second f = new Second("mixed");
    for (double[] p :
        new double[][] {{0.5, 1.5, -0.3, 0.7}, {-1.0, 0.2, 2.0, -0.4}, {2, 1, 1, 1}}) {
      double s = p[0];
      double x0 = p[1];
      double x1 = p[2];
      double t = p[3];
      double[][] h = f.check(s, new double[] {x0, x1}, t);
      // Inputs in order: s, x[0], x[1], t.
      assertEquals(2 * x0, h[0][0], 1e-12);
      assertEquals(2 * s, h[0][1], 1e-12);
      assertEquals(t, h[0][2], 1e-12);
      assertEquals(-Math.sin(x1 * t) * t * t, h[2][2], 1e-12);
      assertEquals(-Math.sin(x1 * t) * x1 * t + Math.cos(x1 * t) + s, h[2][3], 1e-12);
      assertEquals(-Math.sin(x1 * t) * x1 * x1, h[3][3], 1e-12);
    }
  }

  @Test
  void whileLoopWithDataDependentTripCount() {
    Second f = new Second("whileLoop");
    f.check(1.1);
    f.check(2.5);
    f.check(-0.3);
  }
}
