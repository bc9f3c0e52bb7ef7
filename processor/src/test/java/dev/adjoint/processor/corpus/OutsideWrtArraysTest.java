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

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Array variables that may name a differentiated array and an array outside {@code wrt}: a buffer
 * that starts as the data (a parameter outside wrt) and is then replaced by computed arrays, a
 * choice between the weights and fixed defaults, a row of a data matrix then a differentiated
 * array. The generated code once read the missing adjoint of the array outside wrt (a
 * NullPointerException); that array now gets an adjoint of zeros that nothing reads. Each method is
 * checked with {@link AdjointCheck} (gradient, pullback and forward mode against central
 * differences) at several points.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OutsideWrtArraysTest {
  static final String SOURCE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class OutsideWrt {
        private OutsideWrt() {}

        /** Explicit heat steps from the initial temperatures u0 (data), diffusivity kappa. */
        @Differentiable(wrt = "kappa")
        public static double heat(double kappa, double[] u0, int steps) {
          double[] u = u0;
          for (int s = 0; s < steps; s++) {
            double[] next = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              double left = i > 0 ? u[i - 1] : 0;
              double right = i < u.length - 1 ? u[i + 1] : 0;
              next[i] = u[i] + kappa * (left - 2 * u[i] + right);
            }
            u = next;
          }
          double e = 0;
          for (int i = 0; i < u.length; i++) {
            e += u[i] * u[i];
          }
          return e;
        }

        /** The weights, or fixed defaults where the first weight is not positive. */
        @Differentiable(wrt = "weights")
        public static double score(double[] weights, double[] defaults, double[] x) {
          double[] w = weights[0] > 0 ? weights : defaults;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.tanh(w[i] * x[i]);
          }
          return s * weights[1];
        }

        /** The same, with its Hessian (forward over reverse). */
        @Differentiable(wrt = "weights", order = 2)
        public static double score2(double[] weights, double[] defaults, double[] x) {
          double[] w = weights[0] > 0 ? weights : defaults;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.tanh(w[i] * x[i]);
          }
          return s * weights[1];
        }

        /** A row of the data, read, then the differentiated array in the same variable. */
        @Differentiable(wrt = "a")
        public static double rowThenWeights(double[] a, double[][] x) {
          double[] y = x[0];
          double s = y[0] + y[1];
          y = a;
          return s * y[0] + y[1] * y[1];
        }

        /** Ping-pong buffers a and b; the first step reads the data. */
        @Differentiable(wrt = "rate")
        public static double decay(double rate, double[] start, int steps) {
          double[] cur = start;
          double[] a = new double[start.length];
          double[] b = new double[start.length];
          for (int s = 0; s < steps; s++) {
            double[] out = s % 2 == 0 ? a : b;
            for (int i = 0; i < cur.length; i++) {
              out[i] = cur[i] * Math.exp(-rate * (i + 1));
            }
            cur = out;
          }
          return cur[cur.length - 1];
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  @Test
  void arraysThatMayNameDataOutsideWrt() {
    AdjointCheck.of(CompiledSources.withAdjoint(SOURCE).load("realistic.OutsideWrt"))
        .points(
            "heat",
            rng ->
                new Object[] {
                  0.1 + 0.2 * rng.nextDouble(), normal(rng, 1 + rng.nextInt(5), 1), rng.nextInt(4)
                })
        .points(
            "score",
            rng -> {
              int n = 2 + rng.nextInt(3);
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1), normal(rng, n, 1)};
            })
        .points(
            "score2",
            rng -> {
              int n = 2 + rng.nextInt(3);
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1), normal(rng, n, 1)};
            })
        .points(
            "rowThenWeights",
            rng ->
                new Object[] {
                  normal(rng, 2, 1), new double[][] {normal(rng, 3, 1), normal(rng, 2, 1)}
                })
        .points(
            "decay",
            rng ->
                new Object[] {
                  0.3 * rng.nextDouble(), normal(rng, 1 + rng.nextInt(4), 1), rng.nextInt(4)
                })
        .verify();
  }
}
