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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Gradient checks for methods over {@code double[]} and {@code double[][]} of one compiled class
 * and its companion: the {@code fGradient} record's components against central differences taken
 * element by element, {@code |g - fd| <= 1e-6 * max(1, |g|)} with {@code h = 1e-6 * max(1, |x|)},
 * the value against the method's own, and the arguments left as they were.
 */
final class ArrayGradients {
  private final Class<?> source;
  private final Class<?> adjoint;

  /** The class {@code binaryName} of {@code unit} and its companion. */
  ArrayGradients(CompiledSources unit, String binaryName) throws Exception {
    this.source = unit.load(binaryName);
    this.adjoint = unit.load(binaryName + "Adjoint");
  }

  Method adjointMethod(String name) {
    return method(adjoint, name);
  }

  private static Method method(Class<?> owner, String name) {
    return List.of(owner.getMethods()).stream()
        .filter(m -> m.getName().equals(name))
        // the positional pullback, not the one into typed buffers (a class of the companion)
        .filter(
            m ->
                m.getParameterCount() == 0
                    || m.getParameterTypes()[m.getParameterCount() - 1].getEnclosingClass()
                        != owner)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no method " + name + " in " + owner));
  }

  private static Object call(Method m, Object... args) throws Exception {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    }
  }

  double primal(String name, Object... args) throws Exception {
    return (double) call(method(source, name), args);
  }

  /** The gradient record's components, in order. */
  List<Object> gradient(String name, Object... args) throws Exception {
    Object record = call(method(adjoint, name + "Gradient"), args);
    List<Object> values = new ArrayList<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      values.add(c.getAccessor().invoke(record));
    }
    assertEquals(0, Tape.get().size(), "values left on the tape");
    return values;
  }

  static Object[] deepCopy(Object[] args) {
    Object[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof double[] a) {
        copy[i] = a.clone();
      } else if (copy[i] instanceof double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
          c[r] = m[r].clone();
        }
        copy[i] = c;
      }
    }
    return copy;
  }

  /** Checks every element of the gradient with respect to argument {@code arg}. */
  private void checkArgument(String name, Object[] args, int arg, Object gradient)
      throws Exception {
    if (args[arg] instanceof double[] x) {
      double[] g = (double[]) gradient;
      assertEquals(x.length, g.length, "gradient length of argument " + arg);
      for (int i = 0; i < x.length; i++) {
        assertClose(name, arg + "[" + i + "]", g[i], fd(name, args, arg, new int[] {i}));
      }
    } else if (args[arg] instanceof double[][] m) {
      double[][] g = (double[][]) gradient;
      for (int r = 0; r < m.length; r++) {
        for (int c = 0; c < m[r].length; c++) {
          assertClose(
              name, arg + "[" + r + "][" + c + "]", g[r][c], fd(name, args, arg, new int[] {r, c}));
        }
      }
    } else {
      assertClose(name, "arg " + arg, (double) gradient, fd(name, args, arg, new int[0]));
    }
  }

  private double fd(String name, Object[] args, int arg, int[] at) throws Exception {
    double x = read(args[arg], at);
    double h = 1e-6 * Math.max(1, Math.abs(x));
    Object[] plus = deepCopy(args);
    Object[] minus = deepCopy(args);
    plus[arg] = write(plus[arg], at, x + h);
    minus[arg] = write(minus[arg], at, x - h);
    return (primal(name, plus) - primal(name, minus)) / (2 * h);
  }

  private static double read(Object value, int[] at) {
    if (value instanceof double[] a) {
      return a[at[0]];
    }
    if (value instanceof double[][] m) {
      return m[at[0]][at[1]];
    }
    return (double) value;
  }

  private static Object write(Object value, int[] at, double x) {
    if (value instanceof double[] a) {
      a[at[0]] = x;
      return a;
    }
    if (value instanceof double[][] m) {
      m[at[0]][at[1]] = x;
      return m;
    }
    return x;
  }

  private static void assertClose(String name, String what, double g, double fd) {
    assertTrue(
        Math.abs(g - fd) <= 1e-6 * Math.max(1, Math.abs(g)),
        name + " d/d" + what + ": generated " + g + ", finite differences " + fd);
  }

  /** Checks the value and the gradient with respect to the given argument positions. */
  void check(String name, Object[] args, int... differentiated) throws Exception {
    Object[] before = deepCopy(args);
    List<Object> g = gradient(name, args);
    assertEquals(primal(name, deepCopy(args)), (double) g.get(0), 0.0, name + " value");
    assertEquals(differentiated.length + 1, g.size(), name + " record components");
    for (int k = 0; k < differentiated.length; k++) {
      checkArgument(name, args, differentiated[k], g.get(k + 1));
    }
    assertTrue(Arrays.deepEquals(before, args), name + " changed its arguments");
  }

  /**
   * Checks {@code fJvp} against the gradient, which come from two independent transforms: along a
   * random direction for each differentiated argument, the tangent must equal the sum of the
   * gradient components dotted with the directions, to {@code 1e-9 * max(1, Σ|g_i d_i|)}.
   */
  void checkJvp(String name, Object[] args, Random random, int... differentiated) throws Exception {
    List<Object> g = gradient(name, deepCopy(args));
    Object[] jvpArgs = new Object[args.length + differentiated.length];
    System.arraycopy(deepCopy(args), 0, jvpArgs, 0, args.length);
    double expected = 0;
    double scale = 0;
    for (int k = 0; k < differentiated.length; k++) {
      Object arg = args[differentiated[k]];
      Object direction;
      if (arg instanceof double[] x) {
        double[] d = vector(random, x.length);
        double[] gk = (double[]) g.get(k + 1);
        for (int i = 0; i < d.length; i++) {
          expected += gk[i] * d[i];
          scale += Math.abs(gk[i] * d[i]);
        }
        direction = d;
      } else if (arg instanceof double[][] m) {
        double[][] d = new double[m.length][];
        double[][] gk = (double[][]) g.get(k + 1);
        for (int r = 0; r < m.length; r++) {
          d[r] = vector(random, m[r].length);
          for (int c = 0; c < d[r].length; c++) {
            expected += gk[r][c] * d[r][c];
            scale += Math.abs(gk[r][c] * d[r][c]);
          }
        }
        direction = d;
      } else {
        double d = random.nextGaussian();
        expected += (double) g.get(k + 1) * d;
        scale += Math.abs((double) g.get(k + 1) * d);
        direction = d;
      }
      jvpArgs[args.length + k] = direction;
    }
    Object record = call(method(adjoint, name + "Jvp"), jvpArgs);
    double tangent = (double) record.getClass().getMethod("tangent").invoke(record);
    assertTrue(
        Math.abs(tangent - expected) <= 1e-9 * Math.max(1, scale),
        name + ": fJvp gives " + tangent + ", the gradient along the same direction " + expected);
  }

  static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian() * 0.7;
    }
    return v;
  }

  static double[][] matrix(Random random, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(random, cols);
    }
    return m;
  }
}
