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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * Methods returning {@code double[]}: the pullback (vector-Jacobian product), forward mode
 * (Jacobian-vector product) and {@code fJacobian}, against central finite differences of the method
 * (h = 1e-6·max(1, |x|), tolerance 1e-6·max(1, |J|)), against each other (forward and reverse
 * Jacobians agree to 1e-12 relative), and against closed forms.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VectorOutputsTest {
  static final String SOURCE =
      """
      package vectors;

      import dev.adjoint.Differentiable;

      public final class Vectors {
        private Vectors() {}

        @Differentiable
        public static double[] polar(double r, double theta) {
          double[] p = new double[2];
          p[0] = r * Math.cos(theta);
          p[1] = r * Math.sin(theta);
          return p;
        }

        /** Five inputs, three outputs. */
        @Differentiable
        public static double[] fiveToThree(double a, double[] v, double b) {
          double[] out = new double[3];
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
          }
          out[0] = a * s;
          out[1] = Math.exp(b * v[0]) - v[1] * v[2];
          out[2] = s > 1 ? Math.log(s) * a : s * b;
          return out;
        }

        @Differentiable
        public static double[] softmax(double[] x) {
          double[] e = new double[x.length];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp(x[i]);
            total += e[i];
          }
          for (int i = 0; i < x.length; i++) {
            e[i] = e[i] / total; // overwrites: the pullback must still return the final values
          }
          return e;
        }

        /** Calls a vector-valued method. */
        @Differentiable
        public static double[] scaledSoftmax(double[] x, double scale) {
          double[] z = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            z[i] = scale * x[i];
          }
          double[] p = softmax(z);
          double[] out = new double[2];
          out[0] = p[0] * scale;
          out[1] = p[p.length - 1];
          return out;
        }

        /** A scalar method through a vector-valued one. */
        @Differentiable
        public static double entropy(double[] x) {
          double[] p = softmax(x);
          double h = 0;
          for (int i = 0; i < p.length; i++) {
            h -= p[i] * Math.log(p[i]);
          }
          return h;
        }

        /** Three inputs (a double first), four outputs: fJacobian takes forward sweeps. */
        @Differentiable
        public static double[] spread(double a, double[] v) {
          double[] out = new double[4];
          out[0] = a * v[0];
          out[1] = a * a + v[1];
          out[2] = Math.sin(v[0] * v[1]);
          out[3] = a / (1 + v[1] * v[1]);
          return out;
        }

        @Differentiable
        public static double[] identity(double[] x) {
          return x;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
  }

  private static final class Vec {
    final Method primal;
    final Method pullback;
    final Method jvp;
    final Method jacobian;
    final Method jacobianInto;
    final FlatInputs inputs;
    final Class<?>[] types;

    Vec(String name) {
      Class<?> source = unit.load("vectors.Vectors");
      Class<?> adjoint = unit.load("vectors.VectorsAdjoint");
      Method p = null;
      Method pb = null;
      Method j = null;
      Method jac = null;
      Method jacInto = null;
      for (Method m : source.getDeclaredMethods()) {
        if (m.getName().equals(name)) {
          p = m;
        }
      }
      for (Method m : adjoint.getDeclaredMethods()) {
        if (m.getName().equals(name + "Pullback")) {
          pb = m;
        } else if (m.getName().equals(name + "Jvp")) {
          j = m;
        } else if (m.getName().equals(name + "Jacobian")
            && m.getParameterCount() == p.getParameterCount()) {
          jac = m;
        } else if (m.getName().equals(name + "Jacobian")) {
          jacInto = m;
        }
      }
      assertTrue(
          p != null && pb != null && j != null && jac != null && jacInto != null, "API of " + name);
      primal = p;
      pullback = pb;
      jvp = j;
      jacobian = jac;
      jacobianInto = jacInto;
      types = p.getParameterTypes();
      inputs = new FlatInputs(types);
    }

    double[] primal(Object[] args) {
      return (double[]) Gradients.invoke(primal, FlatInputs.deepCopy(args));
    }

    /** Pullback with seed u: the value and uᵀJ flattened. */
    double[] vjp(Object[] args, double[] u, double[] valueOut) {
      List<Object> all = new ArrayList<>(Arrays.asList(args));
      all.add(u);
      int scalars = 0;
      for (Class<?> t : types) {
        scalars += t == double.class ? 1 : 0;
      }
      double[] adjoint = new double[scalars];
      if (scalars > 0) {
        all.add(adjoint);
      }
      List<Object> buffers = new ArrayList<>();
      for (Object a : args) {
        if (a instanceof double[] x) {
          buffers.add(new double[x.length]);
        }
      }
      all.addAll(buffers);
      double[] value = (double[]) Gradients.invoke(pullback, all.toArray());
      assertEquals(0, Tape.get().size(), "tape left non-empty");
      System.arraycopy(value, 0, valueOut, 0, value.length);
      // Declaration order: scalars from adjoint[], arrays from their buffers.
      List<Object> flat = new ArrayList<>();
      int slot = 0;
      int buffer = 0;
      for (int i = 0; i < args.length; i++) {
        if (types[i] == double.class) {
          flat.add(adjoint[slot++]);
        } else if (args[i] instanceof double[]) {
          flat.add(buffers.get(buffer++));
        }
      }
      return FlatInputs.flatten(flat);
    }

    /** Forward mode along the flattened direction v: {value, tangent}. */
    double[][] jvp(Object[] args, double[] v) {
      List<Object> all = new ArrayList<>(Arrays.asList(args));
      int offset = 0;
      for (int i = 0; i < args.length; i++) {
        if (types[i] == double.class) {
          all.add(v[offset++]);
        } else if (args[i] instanceof double[] x) {
          all.add(Arrays.copyOfRange(v, offset, offset + x.length));
          offset += x.length;
        }
      }
      Object record = Gradients.invoke(jvp, all.toArray());
      RecordComponent[] c = record.getClass().getRecordComponents();
      c[0].getAccessor().setAccessible(true);
      c[1].getAccessor().setAccessible(true);
      return new double[][] {
        (double[]) Gradients.read(c[0].getAccessor(), record),
        (double[]) Gradients.read(c[1].getAccessor(), record)
      };
    }

    double[][] jacobian(Object[] args) {
      double[][] j = (double[][]) Gradients.invoke(jacobian, args);
      assertEquals(0, Tape.get().size(), "tape left non-empty");
      return j;
    }

    /** The form that fills {@code into}: returns what it returned. */
    Object jacobianInto(Object[] args, double[][] into) {
      Object[] all = Arrays.copyOf(args, args.length + 1);
      all[args.length] = into;
      Object j = Gradients.invoke(jacobianInto, all);
      assertEquals(0, Tape.get().size(), "tape left non-empty");
      return j;
    }

    /** Every check; returns the Jacobian. */
    double[][] check(Object... args) {
      double[] value = primal(args);
      int m = value.length;
      int n = inputs.size(args);
      double[][] j = jacobian(args);
      assertEquals(m, j.length);
      // Into a matrix of garbage, twice (the second time over the first's entries): the same.
      double[][] into = new double[m][n];
      for (double[] row : into) {
        Arrays.fill(row, Double.NaN);
      }
      for (int twice = 0; twice < 2; twice++) {
        assertSame(into, jacobianInto(FlatInputs.deepCopy(args), into), "returns its matrix");
        assertArrayEquals(j, into, "into the caller's matrix");
      }
      assertArrayEquals(j, (double[][]) jacobianInto(FlatInputs.deepCopy(args), null), "null");
      // Columns by finite differences of the method.
      for (int k = 0; k < n; k++) {
        double h = 1e-6 * Math.max(1, Math.abs(inputs.get(args, k)));
        double[] plus = primal(inputs.moved(args, k, h));
        double[] minus = primal(inputs.moved(args, k, -h));
        for (int i = 0; i < m; i++) {
          double fd = (plus[i] - minus[i]) / (2 * h);
          assertEquals(
              fd,
              j[i][k],
              1e-6 * Math.max(1, Math.abs(j[i][k])),
              "J[" + i + "][" + k + "] at " + Arrays.deepToString(args));
        }
      }
      // Forward (one sweep per input) and reverse (one per output) give the same matrix.
      for (int k = 0; k < n; k++) {
        double[] e = new double[n];
        e[k] = 1;
        double[][] vt = jvp(args, e);
        assertArrayEquals(value, vt[0], 0.0, "jvp value");
        for (int i = 0; i < m; i++) {
          assertEquals(j[i][k], vt[1][i], 1e-12 * Math.max(1, Math.abs(j[i][k])), "forward column");
        }
      }
      for (int i = 0; i < m; i++) {
        double[] u = new double[m];
        u[i] = 1;
        double[] returned = new double[m];
        double[] row = vjp(args, u, returned);
        assertArrayEquals(value, returned, 0.0, "pullback value");
        for (int k = 0; k < n; k++) {
          assertEquals(j[i][k], row[k], 1e-12 * Math.max(1, Math.abs(j[i][k])), "reverse row");
        }
      }
      // Random products: uᵀJ and J v.
      Random random = new Random(m * 31 + n);
      double[] u = random.doubles(m).toArray();
      double[] v = random.doubles(n).toArray();
      double[] uJ = vjp(args, u, new double[m]);
      double[] jv = jvp(args, v)[1];
      for (int k = 0; k < n; k++) {
        double expected = 0;
        for (int i = 0; i < m; i++) {
          expected += u[i] * j[i][k];
        }
        assertEquals(expected, uJ[k], 1e-12 * Math.max(1, Math.abs(expected)), "u^T J");
      }
      for (int i = 0; i < m; i++) {
        double expected = 0;
        for (int k = 0; k < n; k++) {
          expected += j[i][k] * v[k];
        }
        assertEquals(expected, jv[i], 1e-12 * Math.max(1, Math.abs(expected)), "J v");
      }
      return j;
    }
  }

  @Test
  void polarCoordinatesClosedForm() {
    Vec f = new Vec("polar");
    for (double[] p : new double[][] {{2, 0.3}, {0.5, -1.2}, {3, 2.5}}) {
      double r = p[0];
      double t = p[1];
      double[][] j = f.check(r, t);
      assertArrayEquals(new double[] {Math.cos(t), -r * Math.sin(t)}, j[0], 1e-15);
      assertArrayEquals(new double[] {Math.sin(t), r * Math.cos(t)}, j[1], 1e-15);
    }
  }

  @Test
  void fiveInputsThreeOutputs() {
    Vec f = new Vec("fiveToThree");
    assertEquals(5, f.check(0.7, new double[] {0.2, -0.4, 0.1}, 1.3)[0].length);
    f.check(-1.1, new double[] {1.2, 0.4, -0.8}, 0.5);
    f.check(2.0, new double[] {0.3, 0.3, 0.3}, -0.2);
  }

  @Test
  void softmaxOverwritesItsOutputInPlace() {
    Vec f = new Vec("softmax");
    double[] x = {0.1, 1.5, -0.3, 0.8};
    double[][] j = f.check((Object) x);
    double[] p = f.primal(new Object[] {x});
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < x.length; k++) {
        assertEquals(p[i] * ((i == k ? 1 : 0) - p[k]), j[i][k], 1e-15);
      }
    }
    f.check((Object) new double[] {-2, 0, 2});
    f.check((Object) new double[] {5, 5});
  }

  @Test
  void vectorMethodCallingAVectorMethod() {
    Vec f = new Vec("scaledSoftmax");
    f.check(new double[] {0.3, -0.2, 0.9}, 1.5);
    f.check(new double[] {1, 2}, -0.7);
    f.check(new double[] {0.0, 0.5, 1.0, 1.5}, 0.2);
  }

  /** Forward sweeps must read the direction in declaration order (a double before an array). */
  @Test
  void forwardSweepsWithADoubleBeforeAnArray() {
    Vec f = new Vec("spread");
    for (double[] p : new double[][] {{0.5, 1.5, -0.3}, {-1.0, 0.2, 2.0}, {2, 1, 1}}) {
      double a = p[0];
      double v0 = p[1];
      double v1 = p[2];
      double[][] j = f.check(a, new double[] {v0, v1});
      assertArrayEquals(new double[] {v0, a, 0}, j[0], 1e-15);
      assertArrayEquals(new double[] {2 * a, 0, 1}, j[1], 1e-15);
      double d = 1 + v1 * v1;
      assertArrayEquals(new double[] {1 / d, 0, -a * 2 * v1 / (d * d)}, j[3], 1e-15);
    }
  }

  /**
   * A matrix of the wrong shape: an IllegalArgumentException that names the method and both shapes,
   * with the matrix untouched; then one of the right shape gives the Jacobian.
   */
  @Test
  void jacobianIntoAMatrixOfAnotherShape() {
    Vec f = new Vec("spread");
    Object[] args = {0.7, new double[] {0.3, -1.1}};
    for (double[][] wrong :
        new double[][][] {new double[3][3], new double[4][2], {new double[3], null, null, null}}) {
      double[][] before =
          Arrays.stream(wrong).map(r -> r == null ? null : r.clone()).toArray(double[][]::new);
      Throwable e =
          assertThrows(AssertionError.class, () -> f.jacobianInto(args, wrong)).getCause();
      assertTrue(e instanceof IllegalArgumentException, String.valueOf(e));
      assertTrue(
          e.getMessage()
                  .startsWith(
                      "spreadJacobian: the matrix into has shape "
                          + wrong.length
                          + " rows of lengths [")
              && e.getMessage()
                  .endsWith("but the Jacobian is 4 × 3 (4 outputs, 3 inputs flattened)"),
          e.getMessage());
      assertArrayEquals(before, wrong, "untouched");
    }
    double[][] into = new double[4][3];
    assertArrayEquals(f.jacobian(args), (double[][]) f.jacobianInto(args, into));
    Vec g = new Vec("identity");
    Throwable e =
        assertThrows(
                AssertionError.class,
                () -> g.jacobianInto(new Object[] {new double[] {1, 2}}, new double[2][3]))
            .getCause();
    assertTrue(e instanceof IllegalArgumentException, String.valueOf(e));
    assertEquals(
        "identityJacobian: the matrix into has shape 2 rows of lengths [3, 3], but the Jacobian is"
            + " 2 × 2 (2 outputs, 2 inputs flattened)",
        e.getMessage());
  }

  @Test
  void identityJacobian() {
    Vec f = new Vec("identity");
    double[][] j = f.check((Object) new double[] {1, 2, 3});
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        assertEquals(i == k ? 1.0 : 0.0, j[i][k], 0.0);
      }
    }
    f.check((Object) new double[] {-1});
    f.check((Object) new double[] {0.5, 0.25});
  }

  @Test
  void scalarMethodThroughAVectorMethod() {
    Class<?> adjoint = unit.load("vectors.VectorsAdjoint");
    Method gradient = null;
    Method primal = null;
    for (Method m : adjoint.getDeclaredMethods()) {
      if (m.getName().equals("entropyGradient")) {
        gradient = m;
      }
    }
    for (Method m : unit.load("vectors.Vectors").getDeclaredMethods()) {
      if (m.getName().equals("entropy")) {
        primal = m;
      }
    }
    for (double[] x : new double[][] {{0.1, 0.7, -0.4}, {2, 2, 2, 1}, {-1, 3}}) {
      Object record = Gradients.invoke(gradient, (Object) x.clone());
      RecordComponent c = record.getClass().getRecordComponents()[1];
      c.getAccessor().setAccessible(true);
      double[] g = (double[]) Gradients.read(c.getAccessor(), record);
      for (int k = 0; k < x.length; k++) {
        double h = 1e-6;
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[k] += h;
        minus[k] -= h;
        double fd =
            ((Double) Gradients.invoke(primal, (Object) plus)
                    - (Double) Gradients.invoke(primal, (Object) minus))
                / (2 * h);
        assertEquals(fd, g[k], 1e-6, "d entropy / dx" + k);
      }
    }
  }
}
