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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loop-invariant loads ({@code transform/InvariantLoads}): an element of a local array that an
 * inner loop reads on every iteration is loaded once before it, in both sweeps; with traps where
 * the element may change in the loop, another name may reach the array, or the loop may not run.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InvariantLoadsTest {
  static final String SOURCE =
      """
      package loads;

      import dev.adjoint.Differentiable;

      public final class Loads {
        private Loads() {}

        /** GMM's Mahalanobis term: Q (x - mu) with Q's strict lower triangle column by column. */
        @Differentiable(wrt = {"l", "x", "mu"})
        public static double triangle(double[] l, double[] x, double[] mu, int d) {
          double[] c = new double[d];
          double[] q = new double[d];
          for (int i = 0; i < d; i++) {
            c[i] = x[i] - mu[i];
            q[i] = c[i];
          }
          int at = 0;
          for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
              q[j] += l[at] * c[i];
              at++;
            }
          }
          double s = 0;
          for (int i = 0; i < d; i++) {
            s += q[i] * q[i];
          }
          return s;
        }

        /** The element read is written in the same loop (at j = i): it must be read each time. */
        @Differentiable(wrt = "x")
        public static double smear(double[] x, int n) {
          double[] c = new double[n];
          for (int i = 0; i < n; i++) {
            c[i] = x[i];
          }
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              c[j] = 0.5 * c[j] + Math.sin(c[i]);
            }
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += c[i] * c[i];
          }
          return s;
        }

        /** A heat stencil whose buffers swap: another name reaches each, so nothing is hoisted. */
        @Differentiable(wrt = "u0")
        public static double stencil(double[] u0, double k, int steps) {
          int n = u0.length;
          double[] cur = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            cur[i] = u0[i];
          }
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              next[i] = cur[i] + k * (cur[(i + 1) % n] - cur[i]) * cur[0];
            }
            double[] swap = cur;
            cur = next;
            next = swap;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += cur[i] * cur[i];
          }
          return s;
        }

        /** With m = 0 the loop runs no iteration and c[m - 1] is no element: it must not be read. */
        @Differentiable(wrt = "x")
        public static double lastWeighted(double[] x, int m) {
          double[] c = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            c[i] = x[i] * x[i];
          }
          double s = c[0];
          for (int j = 0; j < m; j++) {
            s += c[m - 1] * x[j];
          }
          return s;
        }
      }
      """;

  static CompiledSources unit;
  static String generated;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
    generated = unit.generatedSource("loads.LoadsAdjoint");
  }

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void gradientsAgreeWithFiniteDifferencesAndForwardMode() {
    AdjointCheck.of(unit.load("loads.Loads"))
        .points(
            "triangle",
            rng -> {
              int d = 2 + rng.nextInt(5);
              return new Object[] {
                normal(rng, d * (d - 1) / 2, 1), normal(rng, d, 1), normal(rng, d, 1), d
              };
            })
        .points(
            "smear",
            rng -> {
              int n = 1 + rng.nextInt(4);
              return new Object[] {normal(rng, n, 1), n};
            })
        .points("stencil", rng -> new Object[] {normal(rng, 5, 1), 0.1, 1 + rng.nextInt(3)})
        .points("lastWeighted", rng -> new Object[] {normal(rng, 3, 1), rng.nextInt(3)})
        .verify();
  }

  @Test
  void theTrianglesElementIsLoadedOnceInBothSweeps() {
    String body = pullback("triangle");
    // The triangle's i is the method's second: i_2 in the generated code.
    Matcher loads = Pattern.compile("cI(_\\d+)? = c\\[i(_\\d+)?\\];").matcher(body);
    int count = 0;
    while (loads.find()) {
      count++;
    }
    // The forward sweep and the reverse sweep, in the joint pullback and in the split sweeps.
    assertTrue(count >= 2, body);
    assertFalse(Pattern.compile("\\* c\\[i(_\\d+)?\\]").matcher(body).find(), body);
  }

  @Test
  void elementsThatMayChangeOrBeReachedOtherwiseAreReadEachTime() {
    assertFalse(pullback("smear").contains("cI"), pullback("smear"));
    assertFalse(pullback("stencil").contains("curAt"), pullback("stencil"));
  }

  @Test
  void aLoopThatMayNotRunLoadsNothing() {
    String body = pullback("lastWeighted");
    assertTrue(body.contains("cAt = c[m - 1]"), body);
    assertTrue(body.matches("(?s).*if \\([^)]*\\) \\{\\s*cAt = c\\[m - 1\\];.*"), body);
  }

  /** The generated {@code fForward}, {@code fReverse} and {@code fPullback} of a method. */
  private static String pullback(String method) {
    return CompiledSources.sweeps(generated, method);
  }
}
