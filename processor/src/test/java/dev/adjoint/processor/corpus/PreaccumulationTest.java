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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Preaccumulated reduction loops ({@code transform/ReductionLoops}, {@code ReverseMode.Iteration}):
 * a top-level loop whose iterations interact only through {@code acc += e} runs each iteration's
 * reverse sweep right after its forward sweep, into sums of adjoints that the reverse sweep scales.
 * Models written the way users write them (a regression through a helper, a softmax regression over
 * rows of a weight matrix) are preaccumulated; the traps are the analysis's conditions (state
 * carried across iterations, the sum read in the loop, a buffer read before the iteration fills it,
 * the sum's earlier value read by the reverse sweep) and are not. Every model is checked against
 * central finite differences and forward mode ({@link AdjointCheck}: default tolerances, several
 * random points); the generated source shows which loops were preaccumulated.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PreaccumulationTest {
  /**
   * Least squares on polynomial features through a scalar helper: two scalar invariants, whose sums
   * share one array, and a features buffer filled per example.
   */
  private static final String REGRESSION =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Regression {
        private Regression() {}

        @Differentiable
        public static double predict(double w, double b, double[] phi) {
          return w * phi[1] + b * phi[0] + 0.1 * w * b * phi[2];
        }

        @Differentiable(wrt = {"w", "b"})
        public static double loss(double w, double b, double[] x, double[] y, int n) {
          double[] phi = new double[3];
          double total = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < phi.length; j++) {
              phi[j] = Math.pow(x[i], j);
            }
            double r = predict(w, b, phi) - y[i];
            total += r * r;
          }
          return total / n;
        }

        /** A loss that creates no array: its pullback still allocates nothing. */
        @Differentiable(wrt = {"w", "b"})
        public static double plain(double w, double b, double[] x, double[] y, int n) {
          double total = 0;
          for (int i = 0; i < n; i++) {
            double r = w * x[i] + b - y[i];
            for (int k = 0; k < 2; k++) {
              r = 0.5 * r + 0.5 * Math.sin(r);
            }
            total += r * r;
          }
          return total / n;
        }
      }
      """;

  /** Softmax regression: rows of a weight matrix, a logits buffer filled per example. */
  private static final String SOFTMAX =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Softmax {
        private Softmax() {}

        @Differentiable
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
          }
          return s;
        }

        @Differentiable(wrt = {"w"})
        public static double nll(double[][] w, double[][] x, int[] label, int k) {
          double[] logits = new double[k];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double[] xi = x[i];
            for (int c = 0; c < k; c++) {
              logits[c] = dot(w[c], xi);
            }
            double mx = logits[0];
            for (int c = 1; c < k; c++) {
              if (logits[c] > mx) {
                mx = logits[c];
              }
            }
            double s = 0;
            for (int c = 0; c < k; c++) {
              s += Math.exp(logits[c] - mx);
            }
            total += Math.log(s) + mx - logits[label[i]];
          }
          return total / x.length;
        }
      }
      """;

  /** The traps: each loop would be wrong to preaccumulate, and is left as it is. */
  private static final String TRAPS =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Traps {
        private Traps() {}

        /** An RNN: h carries from one step to the next. */
        @Differentiable(wrt = {"w", "u"})
        public static double rnn(double w, double u, double[] x, double[] y) {
          double h = 0;
          double loss = 0;
          for (int t = 0; t < x.length; t++) {
            for (int r = 0; r < 2; r++) {
              h = Math.tanh(w * h + u * x[t]);
            }
            double e = h - y[t];
            loss += e * e;
          }
          return loss;
        }

        /** The sum is read in the loop, not only added to. */
        @Differentiable(wrt = {"a"})
        public static double damped(double[] a, double[] x, int n) {
          double total = 0;
          for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < a.length; j++) {
              s += a[j] * x[i * a.length + j];
            }
            total += Math.sin(s) - 0.1 * total;
          }
          return total;
        }

        /** The buffer is read before the iteration fills it: last iteration's values. */
        @Differentiable(wrt = {"a"})
        public static double stale(double[] a, double[] x, int n) {
          double[] buf = new double[a.length];
          double total = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < a.length; j++) {
              total += buf[j] * a[j];
            }
            for (int j = 0; j < a.length; j++) {
              buf[j] = Math.sin(a[j] * x[i]);
            }
          }
          return total;
        }

        /** The sum's value before the loop is read by an adjoint: the loop's additions are taped. */
        @Differentiable(wrt = {"a"})
        public static double early(double[] a, double[] x, int n) {
          double total = a[0];
          double scale = total * total;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < a.length; j++) {
              total += a[j] * x[i + j];
            }
          }
          return total * scale;
        }
      }
      """;

  /**
   * An iteration that only calls a helper (found by the array-shape fuzzer, seed 4747, S37.m1): it
   * pushes nothing, yet the helper's reverse sweep borrows the tape's scratch.
   */
  private static final String CALLS =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Calls {
        private Calls() {}

        @Differentiable
        public static double bump(double[] a, double s) {
          double out = 0;
          for (int j = 0; j < a.length; j++) {
            out += Math.exp(-(a[j] - s) * (a[j] - s));
          }
          return out;
        }

        @Differentiable(wrt = {"a"})
        public static double negated(double[] a, double[] x) {
          double[] first = {a[0]};
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            total -= bump(a, x[i]);
          }
          return total + first[0];
        }
      }
      """;

  /** A sum whose adjoint is 0 while its iterations' partial derivatives are infinite. */
  private static final String MASKED =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      public final class Masked {
        private Masked() {}

        @Differentiable(wrt = {"a"})
        public static double masked(double[] a, double[] x, int n) {
          double[] roots = new double[a.length];
          double total = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < roots.length; j++) {
              roots[j] = Math.sqrt(a[j] * x[i]);
            }
            for (int j = 0; j < roots.length; j++) {
              total += roots[j];
            }
          }
          return 0 * total + a[0];
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void aRegressionThroughAHelperSumsItsScalarAdjoints() {
    CompiledSources unit = CompiledSources.withAdjoint(REGRESSION);
    AdjointCheck.of(unit.load("scratch.Regression"))
        .points(
            "predict",
            rng -> new Object[] {rng.nextGaussian(), rng.nextGaussian(), normal(rng, 3, 1)})
        .points(
            "plain",
            rng ->
                new Object[] {
                  rng.nextGaussian(), rng.nextGaussian(), normal(rng, 8, 1), normal(rng, 8, 1), 8
                })
        .points(
            "loss",
            rng ->
                new Object[] {
                  rng.nextGaussian(), rng.nextGaussian(), normal(rng, 8, 1), normal(rng, 8, 1), 8
                })
        .verify();
    String source = unit.generatedSource("scratch.RegressionAdjoint");
    assertTrue(
        source.contains("private static double lossIteration(Tape tape, double total"), source);
    assertTrue(source.contains("double[] scalarBarSums = new double[2];"), source);
    // A scalar method that creates no array: its scalars' sums are in a buffer the tape lends.
    assertTrue(
        source.contains("private static double plainIteration(Tape tape, double total"), source);
    assertTrue(source.contains("total = RegressionAdjoint.plainIteration(tape, total,"), source);
    assertTrue(source.contains("double[] scalarBarSums = Adjoint.lend(2);"), source);
    assertTrue(source.contains("scalarBarSums = Adjoint.giveBack(scalarBarSums);"), source);
  }

  @Test
  void aSoftmaxRegressionOverRowsSumsItsMatrixAdjoint() {
    CompiledSources unit = CompiledSources.withAdjoint(SOFTMAX);
    AdjointCheck.of(unit.load("scratch.Softmax"))
        .points("dot", rng -> new Object[] {normal(rng, 4, 1), normal(rng, 4, 1)})
        .points(
            "nll",
            rng -> {
              int[] label = new int[6];
              for (int i = 0; i < label.length; i++) {
                label[i] = rng.nextInt(3);
              }
              return new Object[] {normal(rng, 3, 4, 0.5), normal(rng, 6, 4, 1), label, 3};
            })
        .verify();
    String source = unit.generatedSource("scratch.SoftmaxAdjoint");
    assertTrue(source.contains("double[][] wBarSum = Adjoint.zerosLike(w);"), source);
    assertTrue(source.contains("wBar = Adjoint.addScaled(wBar, totalBar, wBarSum);"), source);
    // The helper's own loop is a straight-line reduction: left as it is.
    assertFalse(source.contains("dotIteration"), source);
  }

  @Test
  void loopsThatCarryStateOrReadTheSumAreNotPreaccumulated() {
    CompiledSources unit = CompiledSources.withAdjoint(TRAPS);
    AdjointCheck.of(unit.load("scratch.Traps"))
        .points(
            "rnn",
            rng ->
                new Object[] {
                  0.5 * rng.nextGaussian(),
                  0.5 * rng.nextGaussian(),
                  normal(rng, 5, 1),
                  normal(rng, 5, 1)
                })
        .points("damped", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 12, 1), 4})
        .points("stale", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 4, 1), 4})
        .points("early", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 8, 1), 4})
        .verify();
    String source = unit.generatedSource("scratch.TrapsAdjoint");
    assertFalse(source.contains("Iteration("), source);
  }

  @Test
  void anIterationThatOnlyCallsAHelperTakesItsCallersTapeAndPassesItOn() {
    CompiledSources unit = CompiledSources.withAdjoint(CALLS);
    AdjointCheck.of(unit.load("scratch.Calls"))
        .points("bump", rng -> new Object[] {normal(rng, 3, 1), rng.nextGaussian()})
        .points("negated", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 5, 1)})
        .verify();
    String source = unit.generatedSource("scratch.CallsAdjoint");
    // The pullback's tape, which the iteration passes on to the helper's sweeps in this class.
    assertTrue(source.contains("negatedIteration(Tape tape, double total,"), source);
    assertTrue(source.contains("total = CallsAdjoint.negatedIteration(tape, total,"), source);
    assertTrue(source.contains("CallsAdjoint.bumpForward(tape, a, t3, aBarSum);"), source);
    assertTrue(source.contains("CallsAdjoint.bumpReverse(tape, t4Bar, bumpAdjoint);"), source);
    // The public sweeps look the tape up and run the forms that take it.
    assertTrue(source.contains("return bumpForward(Tape.get(), a, s, aBar);"), source);
    assertTrue(source.contains("static double bumpForward(Tape tape, double[] a,"), source);
    assertFalse(source.contains("Tape tape = Tape.get();\n    double t3"), source);
  }

  @Test
  void aZeroAdjointOfTheSumAddsNoNaNFromInfinitePartials() throws Exception {
    CompiledSources unit = CompiledSources.withAdjoint(MASKED);
    Class<?> adjoint = unit.load("scratch.MaskedAdjoint");
    String source = unit.generatedSource("scratch.MaskedAdjoint");
    assertTrue(source.contains("maskedIteration("), source);
    Method pullback =
        adjoint.getMethod(
            "maskedPullback",
            double[].class,
            double[].class,
            int.class,
            double.class,
            double[].class);
    double[] aBar = new double[2];
    // d sqrt(a x)/da is infinite at a = 0: the iteration's sum holds infinity, times 0.
    pullback.invoke(null, new double[] {0, 1}, new double[] {1, 2}, 2, 1.0, aBar);
    assertArrayEquals(new double[] {1, 0}, aBar);
  }

  @Test
  void theSumsScaleByTheSeed() throws Exception {
    CompiledSources unit = CompiledSources.withAdjoint(REGRESSION);
    Class<?> adjoint = unit.load("scratch.RegressionAdjoint");
    Method pullback =
        adjoint.getMethod(
            "lossPullback",
            double.class,
            double.class,
            double[].class,
            double[].class,
            int.class,
            double.class,
            double[].class);
    Random rng = new Random(7);
    double[] x = normal(rng, 6, 1);
    double[] y = normal(rng, 6, 1);
    double[] one = new double[2];
    double[] three = new double[2];
    pullback.invoke(null, 0.3, -0.2, x, y, 6, 1.0, one);
    pullback.invoke(null, 0.3, -0.2, x, y, 6, 3.0, three);
    // Closed form, with phi = (1, x, x²): d/dw = 2/n Σ r (x + 0.1 b x²), d/db = 2/n Σ r (1 +
    // 0.1 w x²).
    double w = 0.3;
    double b = -0.2;
    double dw = 0;
    double db = 0;
    for (int i = 0; i < 6; i++) {
      double x2 = Math.pow(x[i], 2);
      double r = w * x[i] + b + 0.1 * w * b * x2 - y[i];
      dw += 2 * r * (x[i] + 0.1 * b * x2) / 6;
      db += 2 * r * (1 + 0.1 * w * x2) / 6;
    }
    assertEquals(dw, one[0], 1e-14);
    assertEquals(db, one[1], 1e-14);
    assertEquals(3 * dw, three[0], 1e-13);
    assertEquals(3 * db, three[1], 1e-13);
  }
}
