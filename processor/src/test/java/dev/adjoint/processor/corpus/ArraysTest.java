package dev.adjoint.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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

  private static CompiledSources unit;
  private static Class<?> arrays;
  private static Class<?> adjoint;

  @BeforeAll
  static void compile() throws Exception {
    unit = CompiledSources.withAdjoint(ARRAYS);
    arrays = unit.load("corpus.Arrays");
    adjoint = unit.load("corpus.ArraysAdjoint");
  }

  private static Method method(Class<?> owner, String name) {
    return List.of(owner.getMethods()).stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no method " + name + " in " + owner));
  }

  private static double primal(String name, Object... args) throws Exception {
    return (double) method(arrays, name).invoke(null, args);
  }

  /** The gradient record's components, in order. */
  private static List<Object> gradient(String name, Object... args) throws Exception {
    Object record = method(adjoint, name + "Gradient").invoke(null, args);
    List<Object> values = new ArrayList<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      values.add(c.getAccessor().invoke(record));
    }
    assertEquals(0, Tape.get().size(), "values left on the tape");
    return values;
  }

  private static Object[] deepCopy(Object[] args) {
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

  /**
   * Checks every element of the gradient with respect to argument {@code arg} against central
   * differences: |g - fd| <= 1e-6 * max(1, |g|), with h = 1e-6 * max(1, |x|).
   */
  private static void checkArgument(String name, Object[] args, int arg, Object gradient)
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

  private static double fd(String name, Object[] args, int arg, int[] at)
      throws Exception {
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
  private static void check(String name, Object[] args, int... differentiated) throws Exception {
    Object[] before = deepCopy(args);
    List<Object> g = gradient(name, args);
    assertEquals(primal(name, deepCopy(args)), (double) g.get(0), 0.0, name + " value");
    assertEquals(differentiated.length + 1, g.size(), name + " record components");
    for (int k = 0; k < differentiated.length; k++) {
      checkArgument(name, args, differentiated[k], g.get(k + 1));
    }
    assertTrue(Arrays.deepEquals(before, args), name + " changed its arguments");
  }

  private static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian() * 0.7;
    }
    return v;
  }

  private static double[][] matrix(Random random, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(random, cols);
    }
    return m;
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
    Method pullback = method(adjoint, "dotPullback");
    assertEquals(
        List.of(double[].class, double[].class, double.class, double[].class, double[].class),
        List.of(pullback.getParameterTypes()));
    double value = (double) pullback.invoke(null, x, y, 2.0, xBar, yBar);
    assertEquals(primal("dot", x, y), value, 0.0);
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
