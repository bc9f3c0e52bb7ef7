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

import static dev.adjoint.processor.corpus.RealisticModelsTest.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jacobians of vector-valued models whose reverse sweep runs once per row after one shared forward
 * sweep ({@code ReverseReplay}), and of models that keep one pullback call per row (they use the
 * tape). Each Jacobian is checked at several points against central finite differences of the
 * method (h = 1e-6·max(1, |x|), tolerance 1e-6·max(1, |J|)) and row by row against the pullback
 * seeded with that row's unit vector (1e-13 relative).
 */
class SharedJacobianTest {
  static final String SOURCE =
      withLargeModel(
          """
      package models;

      import dev.adjoint.Differentiable;

      public final class Models {
        private Models() {}

        /** Bundle adjustment: a camera (11) projects a point (3), weighted. */
        @Differentiable(wrt = {"cam", "x", "w"})
        public static double[] project(
            double[] cam, double[] x, double w, double feat0, double feat1) {
          double r0 = cam[0];
          double r1 = cam[1];
          double r2 = cam[2];
          double p0 = x[0] - cam[3];
          double p1 = x[1] - cam[4];
          double p2 = x[2] - cam[5];
          double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
          double c0;
          double c1;
          double c2;
          if (sqtheta != 0) {
            double theta = Math.sqrt(sqtheta);
            double costheta = Math.cos(theta);
            double sintheta = Math.sin(theta);
            double w0 = r0 / theta;
            double w1 = r1 / theta;
            double w2 = r2 / theta;
            double tmp = (w0 * p0 + w1 * p1 + w2 * p2) * (1.0 - costheta);
            c0 = p0 * costheta + (w1 * p2 - w2 * p1) * sintheta + w0 * tmp;
            c1 = p1 * costheta + (w2 * p0 - w0 * p2) * sintheta + w1 * tmp;
            c2 = p2 * costheta + (w0 * p1 - w1 * p0) * sintheta + w2 * tmp;
          } else {
            c0 = p0 + (r1 * p2 - r2 * p1);
            c1 = p1 + (r2 * p0 - r0 * p2);
            c2 = p2 + (r0 * p1 - r1 * p0);
          }
          double u = c0 / c2;
          double v = c1 / c2;
          double rsq = u * u + v * v;
          double l = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq;
          double[] e = new double[2];
          e[0] = w * (u * l * cam[6] + cam[7] - feat0);
          e[1] = w * (v * l * cam[6] + cam[8] - feat1);
          return e;
        }

        /** A unit quaternion q rotates v: three outputs, seven inputs. */
        @Differentiable
        public static double[] rotate(double[] q, double[] v) {
          double norm = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
          double a = q[0] / norm;
          double b = q[1] / norm;
          double c = q[2] / norm;
          double d = q[3] / norm;
          double[] out = new double[3];
          out[0] = (a * a + b * b - c * c - d * d) * v[0]
              + 2 * (b * c - a * d) * v[1] + 2 * (b * d + a * c) * v[2];
          out[1] = 2 * (b * c + a * d) * v[0]
              + (a * a - b * b + c * c - d * d) * v[1] + 2 * (c * d - a * b) * v[2];
          out[2] = 2 * (b * d - a * c) * v[0] + 2 * (c * d + a * b) * v[1]
              + (a * a - b * b - c * c + d * d) * v[2];
          return out;
        }

        /**
         * A sample's mean and its second moment about the mean, from the power sums: loops whose
         * reverse sweep reads only the inputs, so nothing is taped.
         */
        @Differentiable
        public static double[] moments(double[] x) {
          double s1 = 0;
          double s2 = 0;
          for (int i = 0; i < x.length; i++) {
            s1 += x[i];
            s2 += x[i] * x[i];
          }
          double mean = s1 / x.length;
          double[] out = new double[2];
          out[0] = mean;
          out[1] = s2 / x.length - mean * mean;
          return out;
        }

        /** Spherical to Cartesian coordinates, returned as an array initializer. */
        @Differentiable
        public static double[] cartesian(double[] angles, double r) {
          double polar = angles[0];
          double azimuth = angles[1];
          return new double[] {
            r * Math.sin(polar) * Math.cos(azimuth),
            r * Math.sin(polar) * Math.sin(azimuth),
            r * Math.cos(polar)
          };
        }

        /** A ramp whose slope reassigns a parameter: more outputs than inputs. */
        @Differentiable(wrt = {"r", "t"})
        public static double[] ramp(double r, double t, int n) {
          t += 0.5 * r;
          double rt = r * t;
          double[] out = new double[n];
          for (int i = 0; i < n; i++) {
            out[i] = rt * i + t;
          }
          return out;
        }

        /** A sample scaled element by element: as many outputs as inputs. */
        @Differentiable
        public static double[] scale(double[] x, double gain) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = gain * x[i];
          }
          return y;
        }

        /** Circular autocorrelation at lags 0 to 4: more outputs than a reverse sweep carries. */
        @Differentiable
        public static double[] autocorrelation(double[] x) {
          int n = x.length;
          double[] r = new double[5];
          for (int lag = 0; lag < 5; lag++) {
            for (int i = 0; i < n; i++) {
              r[lag] += x[i] * x[(i + lag) % n];
            }
          }
          return r;
        }

        /** A unit vector along v, normalized in place: the overwritten elements are taped. */
        @Differentiable
        public static double[] direction(double[] v) {
          double[] u = new double[3];
          double sq = 0;
          for (int i = 0; i < 3; i++) {
            u[i] = v[i];
            sq += v[i] * v[i];
          }
          double norm = Math.sqrt(sq);
          for (int i = 0; i < 3; i++) {
            u[i] = u[i] / norm;
          }
          return u;
        }

        /** Every joint's position of a planar arm: as many rows as the arm has links, and taped. */
        @Differentiable
        public static double[] joints(double[] angles, double[] lengths) {
          double[] out = new double[2 * angles.length];
          double heading = 0;
          double px = 0;
          double py = 0;
          for (int i = 0; i < angles.length; i++) {
            heading += angles[i];
            px += lengths[i] * Math.cos(heading);
            py += lengths[i] * Math.sin(heading);
            out[2 * i] = px;
            out[2 * i + 1] = py;
          }
          return out;
        }

        /** A planar arm's end point, link by link: the angle is overwritten, so it is taped. */
        @Differentiable
        public static double[] arm(double[] angles, double[] lengths) {
          double heading = 0;
          double px = 0;
          double py = 0;
          for (int i = 0; i < angles.length; i++) {
            heading += angles[i];
            px += lengths[i] * Math.cos(heading);
            py += lengths[i] * Math.sin(heading);
          }
          double[] end = new double[2];
          end[0] = px;
          end[1] = py;
          return end;
        }
      }
      """);

  /**
   * Adds {@code chain}: four outputs of a long straight-line computation, so long that four lanes
   * of its reverse sweep would make a method HotSpot does not compile.
   */
  private static String withLargeModel(String source) {
    StringBuilder m = new StringBuilder();
    m.append("  @Differentiable\n  public static double[] chain(double[] x) {\n");
    m.append("    double a0 = x[0] + x[2] + x[4];\n    double b0 = x[1] + x[3] + x[5];\n");
    int links = 60;
    for (int k = 1; k <= links; k++) {
      m.append(
          String.format(
              "    double a%d = Math.sin(a%d) * b%d + 0.1 * a%d;%n"
                  + "    double b%d = Math.cos(b%d) * a%d - 0.2 * b%d;%n",
              k, k - 1, k - 1, k - 1, k, k - 1, k, k - 1));
    }
    m.append(
        String.format(
            "    return new double[] {a%d, b%d, a%d * b%d, a%d - b%d};%n  }%n",
            links, links, links, links, links, links));
    int end = source.lastIndexOf('}');
    return source.substring(0, end) + m + source.substring(end);
  }

  static CompiledSources unit;
  static Class<?> models;
  static Class<?> adjoint;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
    models = unit.load("models.Models");
    adjoint = unit.load("models.ModelsAdjoint");
  }

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void bundleAdjustmentRowsShareOneForwardSweep() throws Exception {
    Random rng = new Random(15);
    List<Object[]> points = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      double[] cam = normal(rng, 11, 0.3);
      cam[6] += 2;
      if (k == 3) {
        cam[0] = cam[1] = cam[2] = 0; // the other branch of the rotation
      }
      double[] x = normal(rng, 3, 1);
      x[2] += 5;
      points.add(new Object[] {cam, x, 0.5 + rng.nextDouble(), rng.nextGaussian(), 0.3});
    }
    verify("project", 2, points);
    assertLanes("project");
  }

  @Test
  void aRotationsJacobianHasMoreColumnsThanRows() throws Exception {
    Random rng = new Random(16);
    List<Object[]> points = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      points.add(new Object[] {normal(rng, 4, 1), normal(rng, 3, 1)});
    }
    verify("rotate", 2, points);
    assertLanes("rotate");
  }

  @Test
  void loopsThatTapeNothingShareTheForwardSweepToo() throws Exception {
    Random rng = new Random(17);
    List<Object[]> points = new ArrayList<>();
    for (int n : new int[] {3, 5, 8}) {
      points.add(new Object[] {normal(rng, n, 2)});
    }
    verify("moments", 1, points);
    assertLanes("moments");
  }

  @Test
  void anArrayInitializerIsAVectorResultLikeAnyOther() throws Exception {
    Random rng = new Random(20);
    List<Object[]> points = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      points.add(new Object[] {normal(rng, 2, 1), 0.5 + rng.nextDouble()});
    }
    verify("cartesian", 1, points);
    assertLanes("cartesian");
  }

  @Test
  void aModelThatTapesRunsItsLanesOverOneTape() throws Exception {
    Random rng = new Random(18);
    List<Object[]> points = new ArrayList<>();
    for (int n : new int[] {2, 4}) {
      points.add(new Object[] {normal(rng, n, 1), normal(rng, n, 1)});
    }
    verify("arm", 2, points);
    assertLanes("arm");
    assertTrue(jacobianSource("arm").contains("tape.pop"), jacobianSource("arm"));
  }

  @Test
  void elementsOverwrittenInPlaceAreRestoredOnceForEveryLane() throws Exception {
    Random rng = new Random(21);
    List<Object[]> points = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      points.add(new Object[] {normal(rng, 3, 1)});
    }
    verify("direction", 1, points);
    assertLanes("direction");
  }

  @Test
  void rowsCountedAtRunTimeReplayTheReverseSweepPerRow() throws Exception {
    Random rng = new Random(22);
    List<Object[]> points = new ArrayList<>();
    for (int n : new int[] {3, 6}) {
      points.add(new Object[] {normal(rng, n, 1), 0.5 + rng.nextDouble()});
    }
    verify("scale", 1, points);
    assertShared("scale");
  }

  @Test
  void forwardModeColumnsTakeTheArgumentsTheMethodWasGiven() throws Exception {
    // Two inputs, three or more outputs: the columns come from the JVP, after the shared forward
    // sweep has reassigned t.
    Random rng = new Random(26);
    List<Object[]> points = new ArrayList<>();
    for (int n : new int[] {3, 6}) {
      points.add(new Object[] {rng.nextGaussian(), rng.nextGaussian(), n});
    }
    verify("ramp", 0, points);
    assertShared("ramp");
    assertTrue(jacobianSource("ramp").contains("double tGiven = t;"), jacobianSource("ramp"));
  }

  @Test
  void moreRowsThanLanesReplayTheReverseSweepPerRow() throws Exception {
    Random rng = new Random(23);
    List<Object[]> points = new ArrayList<>();
    for (int n : new int[] {6, 9}) {
      points.add(new Object[] {normal(rng, n, 0.7)});
    }
    verify("autocorrelation", 1, points);
    assertShared("autocorrelation");
  }

  @Test
  void lanesTooLargeForTheJitReplayTheReverseSweepPerRow() throws Exception {
    Random rng = new Random(25);
    List<Object[]> points = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      points.add(new Object[] {normal(rng, 6, 0.3)});
    }
    verify("chain", 1, points);
    assertShared("chain");
  }

  @Test
  void aModelThatTapesWithRowsCountedAtRunTimeCallsItsPullbackPerRow() throws Exception {
    Random rng = new Random(24);
    List<Object[]> points = new ArrayList<>();
    for (int n : new int[] {2, 4}) {
      points.add(new Object[] {normal(rng, n, 1), normal(rng, n, 1)});
    }
    verify("joints", 2, points);
    String body = jacobianSource("joints");
    assertTrue(body.contains("jointsPullback("), body);
  }

  /**
   * At each point: the Jacobian against central differences, and each row against the pullback with
   * that row's unit seed; {@code arrays} is how many leading parameters are arrays.
   */
  private static void verify(String name, int arrays, List<Object[]> points) throws Exception {
    Method primal = find(models, name);
    Method jacobian = find(adjoint, name + "Jacobian", primal.getParameterCount());
    Method jacobianInto = find(adjoint, name + "Jacobian", primal.getParameterCount() + 1);
    Method pullback = find(adjoint, name + "Pullback");
    for (Object[] args : points) {
      double[][] j = (double[][]) invoke(jacobian, copy(args));
      // The form that fills the caller's matrix, given one of garbage, gives the same, bit for bit.
      double[][] into = new double[j.length][j[0].length];
      for (double[] row : into) {
        Arrays.fill(row, Double.NaN);
      }
      Object[] withInto = Arrays.copyOf(copy(args), args.length + 1);
      withInto[args.length] = into;
      assertSame(into, invoke(jacobianInto, withInto), name + ": returns the matrix it fills");
      assertArrayEquals(j, into, name + ": into the caller's matrix");
      double[] value = (double[]) invoke(primal, copy(args));
      assertEquals(value.length, j.length, name + ": rows");
      List<double[]> columns = columns(primal, args, arrays, j[0].length);
      assertEquals(columns.size(), j[0].length, name + ": columns");
      for (int c = 0; c < columns.size(); c++) {
        for (int i = 0; i < value.length; i++) {
          double fd = columns.get(c)[i];
          assertEquals(
              fd,
              j[i][c],
              1e-6 * Math.max(1, Math.abs(fd)),
              name + ": J[" + i + "][" + c + "] against central differences");
        }
      }
      for (int i = 0; i < value.length; i++) {
        double[] seed = new double[value.length];
        seed[i] = 1;
        double[] row = pullbackRow(pullback, args, seed, arrays, j[0].length);
        for (int c = 0; c < row.length; c++) {
          assertEquals(
              row[c],
              j[i][c],
              1e-13 * Math.max(1, Math.abs(row[c])),
              name + ": row " + i + " against the pullback, column " + c);
        }
      }
    }
  }

  /**
   * The pullback with {@code seed}, flattened like a Jacobian row of {@code width} columns: the
   * arrays' elements, then the doubles (which follow the arrays in these models).
   */
  private static double[] pullbackRow(
      Method pullback, Object[] args, double[] seed, int arrays, int width) throws Exception {
    List<Object> call = new ArrayList<>(List.of(copy(args)));
    call.add(seed);
    int scalars = width;
    for (int k = 0; k < arrays; k++) {
      scalars -= ((double[]) args[k]).length;
    }
    // After the seed: a double[] for the scalar inputs if there are any, then the arrays' buffers.
    double[] scalarBar = null;
    if (scalars > 0) {
      scalarBar = new double[scalars];
      call.add(scalarBar);
    }
    List<double[]> bars = new ArrayList<>();
    for (int k = 0; k < arrays; k++) {
      bars.add(new double[((double[]) args[k]).length]);
      call.add(bars.get(k));
    }
    invoke(pullback, call.toArray());
    List<Double> flat = new ArrayList<>();
    for (double[] bar : bars) {
      for (double v : bar) {
        flat.add(v);
      }
    }
    if (scalarBar != null) {
      for (double v : scalarBar) {
        flat.add(v);
      }
    }
    return flat.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Central differences along each differentiated input, in the Jacobian's column order. */
  private static List<double[]> columns(Method primal, Object[] args, int arrays, int width)
      throws Exception {
    List<double[]> columns = new ArrayList<>();
    for (int k = 0; k < arrays; k++) {
      for (int e = 0; e < ((double[]) args[k]).length; e++) {
        columns.add(difference(primal, args, k, e));
      }
    }
    // Then the differentiated doubles, which follow the arrays in these models.
    for (int k = arrays; columns.size() < width; k++) {
      columns.add(difference(primal, args, k, -1));
    }
    return columns;
  }

  /** The central difference along element {@code element} of input {@code input} (-1: a double). */
  private static double[] difference(Method primal, Object[] args, int input, int element)
      throws Exception {
    double at = element < 0 ? (double) args[input] : ((double[]) args[input])[element];
    double h = 1e-6 * Math.max(1, Math.abs(at));
    double[] plus = (double[]) invoke(primal, shifted(args, input, element, h));
    double[] minus = (double[]) invoke(primal, shifted(args, input, element, -h));
    double[] d = new double[plus.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (plus[i] - minus[i]) / (2 * h);
    }
    return d;
  }

  private static Object[] shifted(Object[] args, int input, int element, double h) {
    Object[] moved = copy(args);
    if (element < 0) {
      moved[input] = (double) moved[input] + h;
    } else {
      ((double[]) moved[input])[element] += h;
    }
    return moved;
  }

  /** One forward sweep, then one reverse sweep per row. */
  private static void assertShared(String name) {
    String body = jacobianSource(name);
    assertFalse(body.contains(name + "Pullback("), body);
    assertTrue(body.contains("// Reverse sweep, once per output"), body);
  }

  /** One forward sweep, then one reverse sweep for all rows, in lanes. */
  private static void assertLanes(String name) {
    String body = jacobianSource(name);
    assertFalse(body.contains(name + "Pullback("), body);
    assertFalse(body.contains("// Reverse sweep, once per output"), body);
    assertTrue(body.contains("// Reverse sweep, once for all"), body);
  }

  /**
   * The source of the generated {@code fJacobian} that fills the caller's matrix (the other form
   * calls it), from its declaration to the next method's.
   */
  private static String jacobianSource(String name) {
    String source = unit.generatedSource("models.ModelsAdjoint");
    Matcher m =
        Pattern.compile(
                "(?s)public static double\\[\\]\\[\\] "
                    + name
                    + "Jacobian\\([^)]*double\\[\\]\\[\\] into\\) \\{.*?\\n  }\\n")
            .matcher(source);
    assertTrue(m.find(), source);
    return m.group();
  }

  /** The method of that name and number of parameters. */
  private static Method find(Class<?> type, String name, int parameters) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + parameters + " parameters in " + type);
  }

  private static Method find(Class<?> type, String name) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no " + name + " in " + type);
  }

  private static Object invoke(Method m, Object[] args) throws Exception {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  private static Object[] copy(Object[] args) {
    Object[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof double[] a) {
        copy[i] = a.clone();
      }
    }
    return copy;
  }
}
