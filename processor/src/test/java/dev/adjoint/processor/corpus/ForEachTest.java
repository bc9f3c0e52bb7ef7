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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import dev.adjoint.Tape;
import java.lang.reflect.Method;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Enhanced {@code for} loops over double[], int[], float[] and the rows of double[][]: lowered to
 * indexed loops whose element variable is assigned first in each iteration ({@code row = m[i]} for
 * rows, the alias the array model shares adjoints through, so writes through {@code row} reach
 * {@code m}'s gradient). Every method is checked by {@link AdjointCheck}: gradient, pullback and
 * Jacobian against central differences, forward mode against reverse mode, Hessians where the
 * method is of order 2, at several random points.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForEachTest {
  static final String LOOPS =
      """
      package foreach;

      import dev.adjoint.Differentiable;

      public final class Loops {
        private Loops() {}

        @Differentiable(order = 2)
        public static double sumOfSquares(double[] x) {
          double s = 0;
          for (double v : x) {
            s += v * v;
          }
          return s;
        }

        /** The element variable is an ordinary local: assigning it changes only it. */
        @Differentiable(order = 2)
        public static double assignedElement(double[] x, double c) {
          double s = 0;
          for (double v : x) {
            v = Math.sin(v) * c;
            s += v * v;
          }
          return s;
        }

        /** Over int[] data: the elements index another array, widened to double in a product. */
        @Differentiable
        public static double gather(double[] w, int[] ids) {
          double s = 0;
          for (int id : ids) {
            s += w[id] * w[id] + id * w[0];
          }
          return s;
        }

        /** int elements into a double loop variable (widened, as Java does). */
        @Differentiable
        public static double widened(double x, int[] counts) {
          double s = 0;
          for (double c : counts) {
            s += Math.pow(x, c);
          }
          return s;
        }

        /** break, continue and a label, over rows and their elements. */
        @Differentiable(order = 2)
        public static double jumps(double[][] m, double limit) {
          double s = 0;
          outer:
          for (double[] row : m) {
            for (double v : row) {
              if (v < -1.5) {
                continue outer;
              }
              if (s > limit) {
                break outer;
              }
              if (v > 1.5) {
                continue;
              }
              s += v * v * limit;
            }
          }
          return s;
        }

        /** The loop re-binds the array it iterates over: Java iterates over the first one. */
        @Differentiable
        public static double rebound(double[] x, double[] y) {
          double[] a = x;
          double s = 0;
          for (double v : a) {
            s += v * a[0];
            a = y;
          }
          return s;
        }

        /** Over an array-valued expression, evaluated once. */
        @Differentiable
        public static double overCall(double[] x, double c) {
          double s = 0;
          for (double v : scaled(x, c)) {
            s += Math.exp(v);
          }
          return s;
        }

        @Differentiable
        public static double[] scaled(double[] x, double c) {
          double[] out = new double[x.length];
          int i = 0;
          for (double v : x) {
            out[i++] = v * c;
          }
          return out;
        }

        /** A return from inside the loop. */
        @Differentiable
        public static double firstLarge(double[] x, double threshold) {
          for (double v : x) {
            if (v * threshold > 1) {
              return v * v * threshold;
            }
          }
          return threshold;
        }

        /** A row of a matrix: the loop over one row, elements as values. */
        @Differentiable
        public static double rowOfMatrix(double[][] m, int k) {
          double s = 0;
          for (double v : m[k % m.length]) {
            s += Math.tanh(v);
          }
          return s;
        }
      }
      """;

  /** Writes through the rows an enhanced for gives: they must reach the matrix's adjoints. */
  static final String ROWS =
      """
      package foreach;

      import dev.adjoint.Differentiable;

      public final class Rows {
        private Rows() {}

        /** Fills a local matrix through its rows, then reads it back through other names. */
        @Differentiable(order = 2)
        public static double fillThroughRows(double[] x, double c) {
          double[][] m = new double[3][x.length];
          int k = 0;
          for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
              row[j] = x[j] * (k + c);
              row[j] += row[j] * x[j];
            }
            k++;
          }
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < x.length; j++) {
              s += m[i][j] * m[(i + 1) % m.length][j];
            }
          }
          return s;
        }

        /** Updates in place, row by row, over several sweeps: old elements are read again. */
        @Differentiable
        public static double sweeps(double[] x, int steps) {
          double[][] m = new double[2][x.length];
          for (int i = 0; i < x.length; i++) {
            m[0][i] = x[i];
            m[1][i] = 1 - x[i];
          }
          for (int t = 0; t < steps; t++) {
            for (double[] row : m) {
              for (int j = 0; j < row.length; j++) {
                row[j] = Math.sin(row[j]) * row[(j + 1) % row.length];
              }
            }
          }
          double s = 0;
          for (double[] row : m) {
            for (double v : row) {
              s += v;
            }
          }
          return s;
        }

        /** A row passed to a callee inside the loop, and a row re-bound by the loop variable. */
        @Differentiable
        public static double rowsToCallee(double[][] w, double[] x) {
          double s = 0;
          for (double[] row : w) {
            s += Math.tanh(dot(row, x));
          }
          return s;
        }

        @Differentiable
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
          }
          return s;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> load(String source, String name) {
    return CompiledSources.withAdjoint(source).load("foreach." + name);
  }

  @Test
  void loopsOverElements() {
    var summary =
        AdjointCheck.of(load(LOOPS, "Loops"))
            .points("sumOfSquares", rng -> new Object[] {normal(rng, 4, 1)})
            .points("assignedElement", rng -> new Object[] {normal(rng, 4, 1), rng.nextGaussian()})
            .points(
                "gather",
                rng ->
                    new Object[] {
                      normal(rng, 4, 1),
                      new int[] {rng.nextInt(4), rng.nextInt(4), 3, 0, rng.nextInt(4)}
                    })
            .points("widened", rng -> new Object[] {0.5 + rng.nextDouble(), new int[] {0, 1, 2, 3}})
            // Away from the thresholds, so that differences do not cross them.
            .points(
                "jumps",
                rng ->
                    new Object[] {
                      new double[][] {
                        {0.3, -0.7, 1.9},
                        {0.5 * rng.nextGaussian(), -2.0, 0.4},
                        {1.0, 0.2 * rng.nextGaussian(), -0.1}
                      },
                      1.3 + rng.nextDouble()
                    })
            .points("rebound", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 5, 1)})
            .points("overCall", rng -> new Object[] {normal(rng, 4, 1), rng.nextGaussian()})
            .points("scaled", rng -> new Object[] {normal(rng, 4, 1), rng.nextGaussian()})
            .points(
                "firstLarge",
                rng ->
                    new Object[] {
                      new double[] {0.1, 0.2, 2 + rng.nextDouble(), 5.0},
                      0.7 + 0.2 * rng.nextDouble()
                    })
            .points("rowOfMatrix", rng -> new Object[] {normal(rng, 3, 4, 1), rng.nextInt(7)})
            .verify();
    assertTrue(
        summary.methods().get("jumps").containsAll(Set.of(Check.HESSIAN, Check.HVP)),
        summary.toString());
  }

  @Test
  void writesThroughRows() {
    var summary =
        AdjointCheck.of(load(ROWS, "Rows"))
            .points("fillThroughRows", rng -> new Object[] {normal(rng, 3, 1), rng.nextGaussian()})
            .points("sweeps", rng -> new Object[] {normal(rng, 3, 1), 1 + rng.nextInt(3)})
            .points("rowsToCallee", rng -> new Object[] {normal(rng, 3, 4, 1), normal(rng, 4, 1)})
            .points("dot", rng -> new Object[] {normal(rng, 4, 1), normal(rng, 4, 1)})
            .verify();
    assertTrue(
        summary.methods().get("fillThroughRows").containsAll(Set.of(Check.HESSIAN, Check.HVP)),
        summary.toString());
  }

  /**
   * An element variable that the body does not assign is read again from the array by the reverse
   * sweep ({@code x[vIndex]}), as an indexed read would be, instead of being taped: that made
   * {@code for (double v : w) s += v * v} 2.5 times slower than the indexed loop. One that the body
   * assigns is taped (checked against finite differences above).
   */
  @Test
  void anUnassignedElementIsReadAgainNotTaped() {
    String generated = CompiledSources.withAdjoint(LOOPS).generatedSource("foreach.LoopsAdjoint");
    String squares = sweeps(generated, "sumOfSquares");
    assertTrue(!squares.contains("tape.push(v)") && squares.contains("x[vIndex]"), squares);
    String assigned = sweeps(generated, "assignedElement");
    assertTrue(assigned.contains("tape.push(v)"), assigned);
  }

  /** The generated methods that hold a method's sweeps: fPullback, fForward and fReverse. */
  private static String sweeps(String source, String name) {
    StringBuilder out = new StringBuilder();
    for (String suffix : new String[] {"Pullback", "Forward", "Reverse"}) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("public static [\\w\\[\\]]+ " + name + suffix + "\\(")
              .matcher(source);
      if (m.find()) {
        int end = source.indexOf("\n  public static", m.end());
        out.append(source, m.start(), end < 0 ? source.length() : end);
      }
    }
    return out.toString();
  }

  /** The gradient through rows against the closed form: d/dx_j of Σ_k Σ_j (x_j (k + c))². */
  @Test
  void rowGradientMatchesTheClosedForm() throws Exception {
    String source =
        """
        package foreach;

        import dev.adjoint.Differentiable;

        public final class Closed {
          private Closed() {}

          @Differentiable
          public static double f(double[] x, double c) {
            double[][] m = new double[3][x.length];
            int k = 0;
            for (double[] row : m) {
              for (int j = 0; j < row.length; j++) {
                row[j] = x[j] * (k + c);
              }
              k++;
            }
            double s = 0;
            for (double[] row : m) {
              for (double v : row) {
                s += v * v;
              }
            }
            return s;
          }
        }
        """;
    CompiledSources unit = CompiledSources.withAdjoint(source);
    Class<?> companion = unit.load("foreach.ClosedAdjoint");
    Method gradient = companion.getMethod("fGradient", double[].class, double.class);
    double[] x = {0.5, -1.25, 2.0};
    double c = 0.75;
    Object g = gradient.invoke(null, x, c);
    double[] gx = (double[]) g.getClass().getMethod("x").invoke(g);
    double gc = (double) g.getClass().getMethod("c").invoke(g);
    double sumSq = 0;
    double sumK = 0;
    for (int k = 0; k < 3; k++) {
      sumSq += (k + c) * (k + c);
      sumK += k + c;
    }
    double xx = 0;
    for (int j = 0; j < x.length; j++) {
      assertEquals(2 * x[j] * sumSq, gx[j], 1e-12 * Math.abs(2 * x[j] * sumSq));
      xx += x[j] * x[j];
    }
    assertEquals(2 * xx * sumK, gc, 1e-12 * Math.abs(2 * xx * sumK));
    // The loop over rows is the row alias of the array model (docs/array-model.md).
    String generated = unit.generatedSource("foreach.ClosedAdjoint");
    assertTrue(generated.contains("rowBar = mBar[rowIndex]"), generated);
  }
}
