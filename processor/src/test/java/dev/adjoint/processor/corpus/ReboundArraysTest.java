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

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Array variables that name different arrays over time, each a shape that once got a wrong gradient
 * with no error: rows passed to another {@code @Differentiable} method in a loop, buffers swapped
 * each step, {@code y = f(y)}, a callee that returns its own argument with a write through the
 * result, and the value of an element assignment used in an expression. Each gradient is compared
 * with central differences ({@link ArrayGradients}), and with the closed form the issue gave where
 * there is one.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReboundArraysTest {
  static final String SOURCE =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class Rebound {
        private Rebound() {}

        @Differentiable
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        @Differentiable
        public static double sum(double[] a) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i];
          }
          return s;
        }

        @Differentiable
        public static double[] scale(double[] a, double c) {
          double[] out = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * c;
          }
          return out;
        }

        @Differentiable
        public static double[] normalize(double[] v) {
          double n = Math.sqrt(dot(v, v));
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / n;
          }
          return out;
        }

        @Differentiable
        public static double[] step(double[] h, double[] w) {
          double[] next = new double[h.length];
          for (int i = 0; i < h.length; i++) {
            next[i] = Math.tanh(w[i] * h[i] + 0.5 * h[(i + 1) % h.length] + 0.1);
          }
          return next;
        }

        @Differentiable
        public static double[] poly(double[] y, double c) {
          double[] out = new double[y.length];
          for (int i = 0; i < y.length; i++) {
            out[i] = y[i] * y[i] * c + y[i];
          }
          return out;
        }

        /** Returns its argument itself when s <= 1, else a scaled copy. */
        @Differentiable
        public static double[] maybeId(double[] a, double s) {
          if (s <= 1) {
            return a;
          }
          double[] out = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * s;
          }
          return out;
        }

        // ---------------------------------------------------------- rows passed to callees

        @Differentiable
        public static double rows(double[][] m, double[] v) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            s += dot(m[i], v);
          }
          return s;
        }

        @Differentiable
        public static double namedRows(double[][] m, double[] v) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            s += dot(row, v) * (i + 1);
          }
          return s;
        }

        @Differentiable
        public static double localRows(double[] x) {
          double[][] m = new double[3][x.length];
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < x.length; j++) {
              m[i][j] = Math.sin(x[j] * (i + 1));
            }
          }
          double s = 0;
          for (int i = 0; i < 3; i++) {
            s += dot(m[i], x) * (i + 2);
          }
          return s;
        }

        @Differentiable
        public static double vectorCalleeRows(double[][] m, double[] v, double c) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            double[] r = scale(m[i], c);
            s += dot(r, v) * (i + 1);
          }
          return s;
        }

        @Differentiable
        public static double conditionalRebind(double[] a, double[] b, double[] v) {
          double s = 0;
          for (int k = 0; k < 4; k++) {
            double[] r;
            if (k % 2 == 0) {
              r = a;
            } else {
              r = b;
            }
            s += dot(r, v) * (k + 1);
          }
          return s;
        }

        @Differentiable
        public static double ternaryRebind(double[] a, double[] b, double[] v) {
          double s = 0;
          for (int k = 0; k < 5; k++) {
            double[] r = k % 3 == 0 ? a : b;
            s += dot(r, v) * (k + 1);
          }
          return s;
        }

        @Differentiable
        public static double throughLevels(double[][] m, double[] v) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            s += rows(m, m[i]) * v[i % v.length];
          }
          return s;
        }

        /** One weight row per class, a dot helper: a textbook softmax regression's loss. */
        @Differentiable(wrt = "w")
        public static double softmaxLoss(double[][] w, double[][] x, int[] y) {
          double loss = 0;
          for (int i = 0; i < x.length; i++) {
            double max = -1e300;
            double[] z = new double[w.length];
            for (int k = 0; k < w.length; k++) {
              z[k] = dot(w[k], x[i]);
              if (z[k] > max) {
                max = z[k];
              }
            }
            double total = 0;
            for (int k = 0; k < w.length; k++) {
              total += Math.exp(z[k] - max);
            }
            loss += Math.log(total) + max - z[y[i]];
          }
          return loss / x.length;
        }

        // ---------------------------------------------------------- straight-line re-binding

        @Differentiable
        public static double straightRebind(double[] a, double[] b) {
          double[] y = a;
          double s = sum(y);
          y = b;
          s += 2 * sum(y);
          y = a;
          return s * dot(y, b);
        }

        @Differentiable
        public static double writeThroughAlias(double[] x) {
          double[] a = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i] * x[i];
          }
          double[] b = a;
          double s = dot(a, x);
          b[0] = 5 * x[1];
          return s + dot(a, x);
        }

        // ---------------------------------------------------------- swapped buffers

        @Differentiable
        public static double pingPong(double[] x0, double[] w, int steps) {
          int n = x0.length;
          double[] prev = new double[n];
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            prev[i] = x0[i];
          }
          double s = 0;
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              next[i] = Math.sin(prev[i]) + prev[(i + 1) % n] * 0.5;
            }
            s += dot(next, w) * (t + 1);
            double[] tmp = prev;
            prev = next;
            next = tmp;
          }
          return s + sum(prev);
        }

        /** A heat stencil on swapped buffers with a callee reading the state each step. */
        @Differentiable
        public static double heat(double[] u0, double k, int steps) {
          int n = u0.length;
          double[] u = new double[n];
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            u[i] = u0[i];
          }
          double energy = 0;
          for (int t = 0; t < steps; t++) {
            for (int i = 1; i < n - 1; i++) {
              v[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]);
            }
            v[0] = u[0];
            v[n - 1] = u[n - 1];
            double[] tmp = u;
            u = v;
            v = tmp;
            energy += dot(u, u);
          }
          return energy;
        }

        // ---------------------------------------------------------- y = f(y)

        @Differentiable
        public static double score(double[] v, double[] w) {
          v = normalize(v);
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * w[i];
          }
          return s;
        }

        @Differentiable
        public static double twoScales(double[] x) {
          double[] y = scale(x, 2);
          y = scale(y, 3);
          return sum(y);
        }

        @Differentiable
        public static double rnn(double[] h0, double[] w, int steps) {
          double[] h = h0;
          for (int t = 0; t < steps; t++) {
            h = step(h, w);
          }
          return sum(h);
        }

        /** The state is a local array, which the step may return (sharing its adjoint). */
        @Differentiable
        public static double rnnLocal(double[] h0, double[] w, int steps) {
          double[] h = new double[h0.length];
          for (int i = 0; i < h.length; i++) {
            h[i] = h0[i];
          }
          for (int t = 0; t < steps; t++) {
            h = maybeId(h, w[t % w.length]);
            h = step(h, w);
            h[0] = h[0] * 0.5 + w[1];
          }
          return sum(h) + dot(h, h0);
        }

        @Differentiable
        public static double[] polyTwice(double[] y) {
          y = poly(y, 0.5);
          y = poly(y, 0.25);
          return y;
        }

        @Differentiable
        public static double polyTwiceDotted(double[] y, double[] u) {
          return dot(polyTwice(y), u);
        }

        // ---------------------------------------------------------- a callee returning its argument

        @Differentiable
        public static double writeThroughResult(double[] x, double s) {
          double[] a = new double[2];
          a[0] = x[0] * x[2];
          a[1] = x[1] * x[3];
          double[] b = maybeId(a, s);
          b[0] = 3 * x[1];
          return a[0] + b[1];
        }

        @Differentiable
        public static double readThroughResult(double[] x, double s) {
          double[] a = new double[2];
          a[0] = x[0] * x[2];
          a[1] = x[1] * x[3];
          double[] b = maybeId(a, s);
          return a[0] * b[1] + b[0];
        }

        /** Writes into the caller's array when maybeId returns it: refused at run time. */
        @Differentiable
        public static double writeIntoParameterThroughResult(double[] x, double s) {
          double[] b = maybeId(x, s);
          b[0] = 3 * s;
          return b[0] * b[1];
        }

        /** Writes into an array without derivatives when maybeId returns it: refused too. */
        @Differentiable
        public static double writeIntoConstantThroughResult(double[] x, double s) {
          double[] c = new double[2];
          c[1] = 2;
          double[] b = maybeId(c, s);
          b[0] = x[0] * s;
          return b[0] * x[1] + c[0];
        }

        // ---------------------------------------------------------- a library method with pullbacks

        /** As maybeId, but not @Differentiable: its derivatives are declared below. */
        public static double[] libMaybeId(double[] a, double s) {
          if (s <= 1) {
            return a;
          }
          double[] out = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * s;
          }
          return out;
        }

        @dev.adjoint.PullbackOf(type = Rebound.class, method = "libMaybeId", wrt = "a")
        public static double[] libMaybeIdA(double[] a, double s, double[] seed) {
          double[] g = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            g[i] = s <= 1 ? seed[i] : seed[i] * s;
          }
          return g;
        }

        @dev.adjoint.PullbackOf(type = Rebound.class, method = "libMaybeId", wrt = "s")
        public static double libMaybeIdS(double[] a, double s, double[] seed) {
          double g = 0;
          for (int i = 0; s > 1 && i < a.length; i++) {
            g += seed[i] * a[i];
          }
          return g;
        }

        @Differentiable
        public static double libraryWriteThroughResult(double[] x, double s) {
          double[] a = new double[2];
          a[0] = x[0] * x[2];
          a[1] = x[1] * x[3];
          double[] b = libMaybeId(a, s);
          b[0] = 3 * x[1];
          return a[0] + b[1] * s;
        }

        @Differentiable
        public static double libraryStateLoop(double[] x, double s) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
          }
          for (int t = 0; t < 3; t++) {
            y = libMaybeId(y, s);
            y[0] = y[0] * y[1];
          }
          return y[0] + y[1];
        }

        // ---------------------------------------------------------- combinations

        /** Rows written through an alias between two calls that read them. */
        @Differentiable
        public static double rowsWrittenBetweenCalls(double[] x) {
          double[][] m = new double[3][x.length];
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < x.length; j++) {
              m[i][j] = x[j] * (i + 1);
            }
          }
          double s = 0;
          for (int i = 0; i < 3; i++) {
            double[] r = m[i];
            s += dot(r, x);
            r[0] = Math.sin(s);
            s += dot(m[i], x) * 0.5;
          }
          return s + m[0][0] * m[2][0];
        }

        /** A buffer updated in place and passed to a callee every iteration, with a break. */
        @Differentiable(wrt = "x")
        public static double bufferWithBreak(double[] x, double limit) {
          double[] a = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
          }
          double s = 0;
          for (int t = 0; t < 6; t++) {
            for (int i = 0; i < a.length; i++) {
              a[i] = a[i] * 0.9 + Math.cos(a[(i + 1) % a.length]);
            }
            s += dot(a, a);
            if (s > limit) {
              break;
            }
            double[] swapped = t % 2 == 0 ? a : x;
            s += sum(swapped) * 0.1;
          }
          return s;
        }

        /** Recursion through an array returned by a callee. */
        @Differentiable
        public static double halving(double[] a, int n) {
          if (n == 0) {
            return sum(a);
          }
          double[] b = scale(a, 0.5);
          b[0] = b[0] + a[1];
          return halving(b, n - 1) + dot(a, b);
        }

        /** Two levels: the inner callee returns its argument, the outer writes through it. */
        @Differentiable
        public static double[] passThrough(double[] a, double s) {
          return maybeId(a, s);
        }

        @Differentiable
        public static double twoLevels(double[] x, double s) {
          double[] a = new double[3];
          for (int i = 0; i < 3; i++) {
            a[i] = x[i] * x[i];
          }
          double[] b = passThrough(a, s);
          b[1] = b[1] * x[0];
          return dot(a, x) + b[2];
        }

        @Differentiable
        public static double[] same(double[] h) {
          if (h[0] > 0) {
            return h;
          }
          double[] out = new double[h.length];
          for (int i = 0; i < h.length; i++) {
            out[i] = 2 * h[i];
          }
          return out;
        }

        @Differentiable
        public static double rebindOnly(double[] x) {
          double[] y = same(x);
          y = new double[2];
          y[0] = x[0] * same(x)[1];
          return y[0];
        }

        /** A projection onto the unit ball (its argument itself when inside), then a relaxation. */
        @Differentiable
        public static double[] project(double[] v) {
          double n = dot(v, v);
          if (n <= 1) {
            return v;
          }
          return scale(v, 1 / Math.sqrt(n));
        }

        @Differentiable(wrt = {"start", "rate"})
        public static double relaxation(double[] start, double rate, double[] target, int steps) {
          double[] v = project(start);
          for (int t = 0; t < steps; t++) {
            double[] next = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              next[i] = v[i] + rate * (target[i] - v[i] * v[i] * v[i]);
            }
            v = next;
          }
          return dot(v, v);
        }

        /** Only scale's result is written; maybeId may return the parameter (fuzzer: S83). */
        @Differentiable
        public static double chainWrittenAtTheEnd(double[] w, double s) {
          double[] h = scale(maybeId(w, s), 1.5);
          h[0] = h[0] * s;
          return sum(h) + dot(h, w);
        }

        /** Writes into the caller's w through maybeId's result after w is re-bound. */
        @Differentiable
        public static double reboundParameterWritten(double[] w, double[] v, double s) {
          double[] t = w;
          w = v;
          double[] b = maybeId(t, s);
          b[0] = 2 * s;
          return b[0] * b[1] + w[0];
        }

        /** A row chosen by an index that reads the variable re-bound (fuzzer: S2602, S7139). */
        @Differentiable
        public static double rowByOwnLength(double[][] m, double[] w, double c) {
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            if (t == 0 || w[0] * c < acc) {
              w = m[(w.length % m.length + m.length) % m.length];
            }
            double[] y = scale(w, c);
            acc -= y[1] * w[2];
          }
          return acc;
        }

        // ---------------------------------------------------------- element assignments as values

        @Differentiable
        public static double assignmentValue(double x) {
          double[] a = new double[1];
          double res = (a[0] = 5 * x);
          return res;
        }

        @Differentiable
        public static double compoundValue(double[] x) {
          double[] a = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
          }
          double res = 0;
          for (int i = 0; i < x.length; i++) {
            res += (a[i] *= 5) * x[i];
          }
          return res + a[0];
        }

        @Differentiable
        public static double chain(double[] x) {
          double[] t = new double[3];
          t[2] = x[0] * x[1];
          t[0] = t[1] = t[2];
          return t[0] + 2 * t[1] + 3 * t[2];
        }
      }
      """;

  private static ArrayGradients rebound;

  @BeforeAll
  static void compile() throws Exception {
    rebound = new ArrayGradients(CompiledSources.withAdjoint(SOURCE), "corpus.Rebound");
  }

  private static double[] vector(Random random, int n) {
    return ArrayGradients.vector(random, n);
  }

  private static double[][] matrix(Random random, int rows, int cols) {
    return ArrayGradients.matrix(random, rows, cols);
  }

  private static double[] grad(String name, Object... args) throws Exception {
    return (double[]) rebound.gradient(name, args).get(1);
  }

  @Test
  void rowsPassedToACalleeInALoop() throws Exception {
    double[][] m = {{1, 2, 3}, {-0.5, 0.7, 1.5}};
    double[] v = {0.5, -1, 2};
    List<Object> g = rebound.gradient("rows", m, v);
    assertArrayEquals(new double[][] {v, v}, (double[][]) g.get(1));
    assertArrayEquals(new double[] {0.5, 2.7, 4.5}, (double[]) g.get(2), 1e-15);
    Random random = new Random(11);
    for (int trial = 0; trial < 3; trial++) {
      rebound.check("rows", new Object[] {matrix(random, 3, 4), vector(random, 4)}, 0, 1);
      rebound.check("namedRows", new Object[] {matrix(random, 3, 4), vector(random, 4)}, 0, 1);
      rebound.check("localRows", new Object[] {vector(random, 4)}, 0);
      rebound.check(
          "vectorCalleeRows",
          new Object[] {matrix(random, 3, 2), vector(random, 2), 0.5 + trial},
          0,
          1,
          2);
      rebound.check("throughLevels", new Object[] {matrix(random, 3, 3), vector(random, 2)}, 0, 1);
    }
  }

  @Test
  void arraysReboundByBranches() throws Exception {
    Random random = new Random(12);
    for (int trial = 0; trial < 3; trial++) {
      Object[] args = {vector(random, 3), vector(random, 3), vector(random, 3)};
      rebound.check("conditionalRebind", args, 0, 1, 2);
      rebound.check("ternaryRebind", args, 0, 1, 2);
    }
  }

  @Test
  void softmaxRegressionWithARowHelper() throws Exception {
    Random random = new Random(13);
    double[][] x = matrix(random, 6, 4);
    int[] y = {0, 1, 2, 1, 0, 2};
    for (int trial = 0; trial < 3; trial++) {
      rebound.check("softmaxLoss", new Object[] {matrix(random, 3, 4), x, y}, 0);
    }
    // It trains: twenty steps of gradient descent from zero weights lower the loss below ln 3.
    double[][] w = new double[3][4];
    double start = rebound.primal("softmaxLoss", w, x, y);
    assertEquals(Math.log(3), start, 1e-12);
    for (int step = 0; step < 20; step++) {
      double[][] g = (double[][]) rebound.gradient("softmaxLoss", w, x, y).get(1);
      for (int k = 0; k < 3; k++) {
        for (int j = 0; j < 4; j++) {
          w[k][j] -= 0.5 * g[k][j];
        }
      }
    }
    double end = rebound.primal("softmaxLoss", w, x, y);
    org.junit.jupiter.api.Assertions.assertTrue(end < 0.8 * start, "loss " + start + " -> " + end);
  }

  @Test
  void straightLineRebindingAndWritesThroughAnAlias() throws Exception {
    Random random = new Random(14);
    for (int trial = 0; trial < 3; trial++) {
      rebound.check("straightRebind", new Object[] {vector(random, 3), vector(random, 3)}, 0, 1);
      rebound.check("writeThroughAlias", new Object[] {vector(random, 3)}, 0);
    }
  }

  @Test
  void swappedBuffers() throws Exception {
    Random random = new Random(15);
    for (int steps = 0; steps <= 4; steps++) {
      rebound.check("pingPong", new Object[] {vector(random, 4), vector(random, 4), steps}, 0, 1);
      rebound.check("heat", new Object[] {vector(random, 5), 0.2, steps}, 0, 1);
    }
  }

  @Test
  void arrayReassignedFromACallThatReadsIt() throws Exception {
    double[] g = grad("score", new double[] {0.7, 0.4, 1.1}, new double[] {0.3, -0.5, 0.9});
    assertArrayEquals(new double[] {-0.0560, -0.5243, 0.2263}, g, 5e-5);
    assertArrayEquals(new double[] {6, 6, 6}, grad("twoScales", new double[] {1, -2, 0.5}), 0);
    Random random = new Random(16);
    for (int trial = 0; trial < 3; trial++) {
      rebound.check("score", new Object[] {vector(random, 3), vector(random, 3)}, 0, 1);
      rebound.check("twoScales", new Object[] {vector(random, 3)}, 0);
      rebound.check("rnn", new Object[] {vector(random, 3), vector(random, 3), trial + 2}, 0, 1);
      double[] w = {0.5 + trial, 1.5, 0.8};
      rebound.check("rnnLocal", new Object[] {vector(random, 3), w, trial + 3}, 0, 1);
      rebound.check("polyTwiceDotted", new Object[] {vector(random, 3), vector(random, 3)}, 0, 1);
    }
  }

  @Test
  void calleeReturningItsArgument() throws Exception {
    double[] x = {0.3, -0.7, 1.1, 0.4};
    // s <= 1: b is a, so b[0] = 3 x1 overwrites a[0] and the result is 3 x1 + x1 x3.
    assertArrayEquals(
        new double[] {0, 3 + x[3], 0, x[1]}, grad("writeThroughResult", x, 0.5), 1e-15);
    Random random = new Random(17);
    for (double s : new double[] {0.5, 0.9, 1.5, 2.5}) {
      for (int trial = 0; trial < 2; trial++) {
        rebound.check("writeThroughResult", new Object[] {vector(random, 4), s}, 0, 1);
        rebound.check("readThroughResult", new Object[] {vector(random, 4), s}, 0, 1);
      }
    }
  }

  /** Forward mode, an independent transform, agrees with every gradient above. */
  @Test
  void forwardModeAgreesWithTheGradients() throws Exception {
    Random random = new Random(19);
    for (int trial = 0; trial < 2; trial++) {
      rebound.checkJvp(
          "rows", new Object[] {matrix(random, 3, 4), vector(random, 4)}, random, 0, 1);
      rebound.checkJvp(
          "namedRows", new Object[] {matrix(random, 2, 3), vector(random, 3)}, random, 0, 1);
      rebound.checkJvp("localRows", new Object[] {vector(random, 4)}, random, 0);
      rebound.checkJvp(
          "vectorCalleeRows",
          new Object[] {matrix(random, 3, 2), vector(random, 2), 0.7},
          random,
          0,
          1,
          2);
      Object[] three = {vector(random, 3), vector(random, 3), vector(random, 3)};
      rebound.checkJvp("conditionalRebind", three, random, 0, 1, 2);
      rebound.checkJvp("ternaryRebind", three, random, 0, 1, 2);
      rebound.checkJvp(
          "straightRebind", new Object[] {vector(random, 3), vector(random, 3)}, random, 0, 1);
      rebound.checkJvp("writeThroughAlias", new Object[] {vector(random, 3)}, random, 0);
      rebound.checkJvp(
          "pingPong", new Object[] {vector(random, 4), vector(random, 4), 3}, random, 0, 1);
      rebound.checkJvp("heat", new Object[] {vector(random, 5), 0.2, 3}, random, 0, 1);
      rebound.checkJvp("score", new Object[] {vector(random, 3), vector(random, 3)}, random, 0, 1);
      rebound.checkJvp("rnn", new Object[] {vector(random, 3), vector(random, 3), 3}, random, 0, 1);
      rebound.checkJvp(
          "rnnLocal",
          new Object[] {vector(random, 3), new double[] {0.5, 1.5, 0.8}, 4},
          random,
          0,
          1);
      rebound.checkJvp(
          "polyTwiceDotted", new Object[] {vector(random, 3), vector(random, 3)}, random, 0, 1);
      for (double s : new double[] {0.5, 2.5}) {
        rebound.checkJvp("writeThroughResult", new Object[] {vector(random, 4), s}, random, 0, 1);
        rebound.checkJvp("readThroughResult", new Object[] {vector(random, 4), s}, random, 0, 1);
      }
      rebound.checkJvp("compoundValue", new Object[] {vector(random, 3)}, random, 0);
      rebound.checkJvp("chain", new Object[] {vector(random, 2)}, random, 0);
    }
  }

  /**
   * Where a callee returned a parameter's array and the method writes through the result, the
   * gradient refuses at run time instead of being wrong (differentiated code must not change its
   * caller's arrays); where the callee returned a fresh array, it is right. A local array without
   * derivatives of its own that the method writes into through the result gets them: right too.
   */
  @Test
  void writesThroughAResultThatIsAParameterAreRefused() throws Exception {
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                rebound.gradient("writeIntoParameterThroughResult", new double[] {0.3, 0.6}, 0.5));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("returned its array argument itself"), e.getMessage());
    Random random = new Random(22);
    rebound.check("writeIntoParameterThroughResult", new Object[] {vector(random, 2), 1.5}, 0, 1);
    for (double s : new double[] {0.5, 1.5}) {
      rebound.check("writeIntoConstantThroughResult", new Object[] {vector(random, 2), s}, 0, 1);
      rebound.checkJvp(
          "writeIntoConstantThroughResult", new Object[] {vector(random, 2), s}, random, 0, 1);
    }
  }

  /** A result replaced by a fresh array before anything is written: nothing to refuse. */
  @Test
  void aResultReboundBeforeAnyWrite() throws Exception {
    Random random = new Random(23);
    for (double first : new double[] {0.7, -0.7}) {
      double[] x = {first, 0.4};
      rebound.check("rebindOnly", new Object[] {x}, 0);
      rebound.check(
          "relaxation", new Object[] {vector(random, 3), 0.1, vector(random, 3), 4}, 0, 1);
      rebound.check(
          "relaxation",
          new Object[] {new double[] {0.2, 0.1, -0.3}, 0.1, vector(random, 3), 4},
          0,
          1);
    }
  }

  /** The same through a library method whose derivatives are @PullbackOf declarations. */
  @Test
  void libraryCalleeReturningItsArgument() throws Exception {
    Random random = new Random(21);
    for (double s : new double[] {0.5, 0.9, 1.5, 2.5}) {
      for (int trial = 0; trial < 2; trial++) {
        rebound.check("libraryWriteThroughResult", new Object[] {vector(random, 4), s}, 0, 1);
        rebound.check("libraryStateLoop", new Object[] {vector(random, 4), s}, 0, 1);
      }
    }
  }

  @Test
  void combinations() throws Exception {
    Random random = new Random(20);
    for (int trial = 0; trial < 3; trial++) {
      rebound.check("rowsWrittenBetweenCalls", new Object[] {vector(random, 3)}, 0);
      rebound.checkJvp("rowsWrittenBetweenCalls", new Object[] {vector(random, 3)}, random, 0);
      for (double limit : new double[] {0.5, 3, 100}) {
        rebound.check("bufferWithBreak", new Object[] {vector(random, 3), limit}, 0);
        rebound.checkJvp("bufferWithBreak", new Object[] {vector(random, 3), limit}, random, 0);
      }
      rebound.check("halving", new Object[] {vector(random, 3), trial + 1}, 0);
      rebound.checkJvp("halving", new Object[] {vector(random, 3), trial + 1}, random, 0);
      for (double s : new double[] {0.5, 2}) {
        rebound.check("twoLevels", new Object[] {vector(random, 3), s}, 0, 1);
        rebound.checkJvp("twoLevels", new Object[] {vector(random, 3), s}, random, 0, 1);
      }
    }
  }

  /**
   * The run-time check stands after the call whose result is written through, and compares it with
   * the parameter's array as the caller passed it, even where the parameter was re-bound.
   */
  @Test
  void checksStandWhereTheResultIsWrittenThrough() throws Exception {
    Random random = new Random(25);
    for (double s : new double[] {0.5, 1.5}) {
      Object[] args = {vector(random, 3), s};
      rebound.check("chainWrittenAtTheEnd", args, 0, 1);
      rebound.checkJvp("chainWrittenAtTheEnd", args, random, 0, 1);
    }
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () ->
            rebound.gradient("reboundParameterWritten", vector(random, 3), vector(random, 3), 0.5));
    rebound.check(
        "reboundParameterWritten",
        new Object[] {vector(random, 3), vector(random, 3), 1.5},
        0,
        1,
        2);
  }

  /** The shadow of w = m[f(w)] is the shadow of the row chosen before w changes. */
  @Test
  void rowChosenByAnIndexReadingTheVariable() throws Exception {
    double[][] m = {{0.1, 0.2, 0.3}, {0.4, -0.5, 0.6}, {0.7, 0.8, -0.9}};
    // w has 4 elements, a row 3: w = m[1] at t = 0 (the shadow once went to mBar[0]).
    List<Object> g = rebound.gradient("rowByOwnLength", m, new double[] {0.3, -0.2, 0.5, 0.9}, 0.7);
    double[][] mBar = (double[][]) g.get(1);
    org.junit.jupiter.api.Assertions.assertNotEquals(0.0, mBar[1][1]);
    Random random = new Random(24);
    for (int trial = 0; trial < 4; trial++) {
      Object[] args = {matrix(random, 3, 3), vector(random, 4), 0.5 + trial * 0.4};
      rebound.check("rowByOwnLength", args, 0, 1, 2);
      rebound.checkJvp("rowByOwnLength", args, random, 0, 1, 2);
    }
  }

  @Test
  void elementAssignmentsUsedAsValues() throws Exception {
    assertEquals(5.0, (double) rebound.gradient("assignmentValue", 0.7).get(1), 0.0);
    Random random = new Random(18);
    for (int trial = 0; trial < 3; trial++) {
      rebound.check("assignmentValue", new Object[] {random.nextGaussian()}, 0);
      rebound.check("compoundValue", new Object[] {vector(random, 3)}, 0);
      rebound.check("chain", new Object[] {vector(random, 2)}, 0);
    }
  }
}
