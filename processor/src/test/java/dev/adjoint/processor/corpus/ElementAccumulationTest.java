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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code a[i] += e} has one adjoint statement, {@code eBar += aBar[i]}, which leaves {@code
 * aBar[i]} in place. Checked against finite differences ({@link AdjointCheck}, several random
 * points) on the shapes where leaving it in place could matter: the update also reads the element
 * it updates ({@code a[j] += a[j] * x}) or a neighbour, updates through rows of a matrix, {@code
 * -=}, and updates whose right side does not vary.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ElementAccumulationTest {
  private static final String UPDATES =
      """
      package accumulate;

      import dev.adjoint.Differentiable;

      public final class Updates {
        private Updates() {}

        /** y = A x by rows, accumulated in place, then Σ y_i². */
        @Differentiable(wrt = {"a", "x"})
        public static double matVec(double[][] a, double[] x) {
          double[] y = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
              y[i] += a[i][j] * x[j];
            }
          }
          double s = 0;
          for (int i = 0; i < y.length; i++) {
            s += y[i] * y[i];
          }
          return s;
        }

        /** The update reads the element it updates, and its neighbour. */
        @Differentiable(wrt = "w")
        public static double selfRead(double[] w, int steps) {
          double[] b = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            b[i] = w[i];
          }
          for (int s = 0; s < steps; s++) {
            for (int j = 1; j < b.length; j++) {
              b[j] += b[j] * w[j - 1];
              b[j] -= 0.25 * Math.sin(b[j - 1]);
            }
          }
          double total = 0;
          for (int i = 0; i < b.length; i++) {
            total += b[i] * b[i];
          }
          return total;
        }

        /** Updates through a row alias of a matrix, and a constant increment. */
        @Differentiable(wrt = "w")
        public static double rows(double[] w, int n) {
          double[][] m = new double[n][w.length];
          for (int r = 0; r < n; r++) {
            double[] row = m[r];
            for (int j = 0; j < w.length; j++) {
              row[j] += w[j] * (r + 1);
              m[r][j] += 1.5;
              row[j] -= Math.exp(0.1 * row[j]);
            }
          }
          double total = 0;
          for (int r = 0; r < n; r++) {
            for (int j = 0; j < w.length; j++) {
              total += m[r][j] * m[(r + 1) % n][j];
            }
          }
          return total;
        }
      }
      """;

  /**
   * Element loads that an inner loop does not move: their adjoints are summed over the inner loop
   * and added once after it. The traps: an inner loop that runs no iteration for an index outside
   * the array (the addition after it must not run), a loaded value also used after the loop, and a
   * buffer passed to a helper (another name may reach its shadow).
   */
  private static final String INVARIANT =
      """
      package accumulate;

      import dev.adjoint.Differentiable;

      public final class Invariant {
        private Invariant() {}

        @Differentiable
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        /** Σ_{i<=j} c_i e_j w_j; for i = n the inner loop runs no iteration. */
        @Differentiable
        public static double pairs(double[] w) {
          int n = w.length;
          double[] c = new double[n];
          double[] e = new double[n];
          for (int i = 0; i < n; i++) {
            c[i] = Math.tanh(w[i]);
            e[i] = Math.cos(w[i]);
          }
          double s = 0;
          for (int i = 0; i <= n; i++) {
            for (int j = i; j < n; j++) {
              s += c[i] * e[j] * w[j];
            }
          }
          return s;
        }

        /** The loaded value is also used after the inner loop. */
        @Differentiable
        public static double usedAfter(double[] w) {
          int n = w.length;
          double[] c = new double[n];
          for (int i = 0; i < n; i++) {
            c[i] = Math.sin(w[i]);
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            double ci = c[i];
            for (int j = 0; j < i; j++) {
              s += ci * w[j];
            }
            s += ci * ci;
          }
          return s;
        }

        /** The buffer escapes into a helper call between its uses. */
        @Differentiable
        public static double escapes(double[] w) {
          int n = w.length;
          double[] c = new double[n];
          for (int i = 0; i < n; i++) {
            c[i] = Math.exp(0.3 * w[i]);
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              s += c[i] * w[j];
            }
            s += dot(c, w) * w[i];
          }
          return s;
        }
      }
      """;

  @Test
  void invariantElementAdjointsAreSummedOutsideTheLoop() {
    CompiledSources unit = CompiledSources.withAdjoint(INVARIANT);
    AdjointCheck.of(unit.load("accumulate.Invariant"))
        .points("dot", rng -> new Object[] {normal(rng, 4, 1), normal(rng, 4, 1)})
        .points("pairs", rng -> new Object[] {normal(rng, 5, 0.8)})
        .points("usedAfter", rng -> new Object[] {normal(rng, 5, 0.8)})
        .points("escapes", rng -> new Object[] {normal(rng, 4, 0.8)})
        .verify();
    String source = unit.generatedSource("accumulate.InvariantAdjoint");
    // pairs: cBar[i] receives the sum of its inner loop's contributions once, if the loop ran (its
    // first test, taken before it).
    assertTrue(
        source.matches(
            // (Between the flag and the loop: the loop's invariant loads, InvariantLoads.)
            "(?s).*(ran(_\\d+)?) = j > i_?\\d*;(\\s+if \\([^)]*\\) \\{[^}]*\\})?\\s+while"
                + " \\(j > i_?\\d*\\).*\\}\\s+if \\(\\1\\)"
                + " \\{\\s+cBar\\[i_?\\d*\\] \\+= t\\d+Bar;.*"),
        source);
  }

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void updatesHaveOneAdjointStatementAndTheRightGradient() {
    CompiledSources unit = CompiledSources.withAdjoint(UPDATES);
    AdjointCheck.of(unit.load("accumulate.Updates"))
        .points("matVec", rng -> new Object[] {normal(rng, 3, 4, 0.7), normal(rng, 4, 1)})
        .points("selfRead", rng -> new Object[] {normal(rng, 5, 0.4), 3})
        .points("rows", rng -> new Object[] {normal(rng, 4, 0.5), 3})
        .verify();
    String source = unit.generatedSource("accumulate.UpdatesAdjoint");
    // The fused adjoint of y[i] += ...: the product's adjoint takes yBar[i], which stays (set,
    // where the adjoint is still zero: ZeroAdjoints).
    assertTrue(source.matches("(?s).*Bar \\+?= yBar\\[i\\];.*"), source);
    assertFalse(source.contains("yBar[i] = 0.0;"), source);
  }
}
