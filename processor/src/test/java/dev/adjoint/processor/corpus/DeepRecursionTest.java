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

import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recursion in split mode (docs/recursion.md): the gradient of a recursion of depth n does the work
 * of the original once (linear time, where joint mode re-ran the callee's primal at every level:
 * quadratic), and completes every recursion the original completes on the same stack.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeepRecursionTest {
  static final String DEEP =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class Deep {
        private Deep() {}

        /** Counts the calls of the recursion's body, original or differentiated. */
        public static final class Calls {
          public static int count;

          public static int tick(int n) {
            count++;
            return n;
          }
        }

        @Differentiable
        public static double power(double x, int n) {
          int m = Calls.tick(n);
          return m == 0 ? 1 : x * power(x, m - 1);
        }

        /** sum_{i >= k} w[i] * x^(i - k), Horner's rule from the end, by recursion on k. */
        @Differentiable
        public static double horner(double[] w, double x, int k) {
          if (k == w.length) {
            return 0;
          }
          return w[k] + x * horner(w, x, k + 1);
        }

        /** A caller that loops over calls of a recursion, keeping a running product. */
        @Differentiable
        public static double series(double[] w, double x, int terms) {
          double s = 0;
          double scale = 1;
          for (int t = 0; t < terms; t++) {
            scale = scale * 0.5 + x * 0.1;
            s += scale * horner(w, x, t);
          }
          return s;
        }
      }
      """;

  static CompiledSources unit;
  static Class<?> model;
  static Class<?> companion;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(DEEP);
    model = unit.load("corpus.Deep");
    companion = unit.load("corpus.DeepAdjoint");
  }

  private static int calls() throws ReflectiveOperationException {
    return unit.load("corpus.Deep$Calls").getField("count").getInt(null);
  }

  private static void resetCalls() throws ReflectiveOperationException {
    unit.load("corpus.Deep$Calls").getField("count").setInt(null, 0);
  }

  private static double[] powerGradient(double x, int n) throws ReflectiveOperationException {
    Object g = companion.getMethod("powerGradient", double.class, int.class).invoke(null, x, n);
    return new double[] {
      (double) g.getClass().getMethod("value").invoke(g),
      (double) g.getClass().getMethod("x").invoke(g)
    };
  }

  /**
   * The recursion's body runs as often in the gradient as in the original: n + 1 times. Joint mode
   * ran it (n + 1)(n + 2) / 2 times, the callee's primal again at every level.
   */
  @Test
  void gradientRunsEachLevelOnce() throws ReflectiveOperationException {
    for (int n : new int[] {0, 1, 10, 300, 2000}) {
      resetCalls();
      model.getMethod("power", double.class, int.class).invoke(null, 1.001, n);
      int original = calls();
      resetCalls();
      double[] g = powerGradient(1.001, n);
      assertEquals(n + 1, original);
      assertEquals(original, calls(), "calls of the body in the gradient at depth " + n);
      assertEquals(Math.pow(1.001, n), g[0], 1e-12 * Math.pow(1.001, n));
      assertEquals(n * Math.pow(1.001, n - 1), g[1], 1e-10 * n * Math.pow(1.001, n) + 1e-15);
    }
  }

  /**
   * On a thread with a small stack, the deepest of 2^k levels that the original completes, and the
   * gradient at that depth on another such thread, where it moves the recursion onto deeper stacks
   * as it goes.
   */
  @Test
  void gradientCompletesEveryRecursionTheOriginalCompletes() throws Exception {
    long stack = 256 * 1024;
    Method power = model.getMethod("power", double.class, int.class);
    int depth = 0;
    for (int n = 1024; n <= (1 << 22); n *= 2) {
      int level = n;
      boolean[] done = {false};
      onThread(
          stack,
          () -> {
            try {
              power.invoke(null, 1.0, level);
              done[0] = true;
            } catch (java.lang.reflect.InvocationTargetException e) {
              if (!(e.getCause() instanceof StackOverflowError)) {
                throw new AssertionError(e);
              }
            } catch (ReflectiveOperationException e) {
              throw new AssertionError(e);
            }
          });
      if (!done[0]) {
        break;
      }
      depth = n;
    }
    assertTrue(depth >= 1024, "the original completes 1024 levels on " + stack + " bytes");
    // And a recursion far deeper than the original's, which needs several deeper stacks' worth
    // of frames on the default one.
    for (int n : new int[] {depth, 300_000}) {
      double x = 1 + 1.0 / n;
      double[][] g = new double[1][];
      onThread(
          stack,
          () -> {
            try {
              g[0] = powerGradient(x, n);
            } catch (ReflectiveOperationException e) {
              throw new AssertionError(e);
            }
          });
      assertEquals(Math.pow(x, n), g[0][0], 1e-9 * Math.pow(x, n), "value at depth " + n);
      assertEquals(
          n * Math.pow(x, n - 1), g[0][1], 1e-8 * n * Math.pow(x, n), "derivative at depth " + n);
    }
  }

  private static void onThread(long stack, Runnable r) throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                r.run();
              } catch (Throwable e) {
                failure[0] = e;
              }
            },
            "small-stack",
            stack);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  /**
   * Horner's rule by recursion over an array: against central differences (ArrayGradients) and its
   * closed form, d/dw[i] = x^(i-k) and d/dx = sum (i-k) w[i] x^(i-k-1), to 1e-12 relative.
   */
  @Test
  void recursionOverAnArray() throws Exception {
    ArrayGradients deep = new ArrayGradients(unit, "corpus.Deep");
    java.util.Random random = new java.util.Random(14);
    for (int n : new int[] {1, 4, 9}) {
      for (int k : new int[] {0, n / 2, n}) {
        double[] w = ArrayGradients.vector(random, n);
        double x = 2 * random.nextDouble() - 1;
        deep.check("horner", new Object[] {w, x, k}, 0, 1);
        java.util.List<Object> g = deep.gradient("horner", w, x, k);
        double[] dw = (double[]) g.get(1);
        double dx = 0;
        for (int i = 0; i < n; i++) {
          double expected = i < k ? 0 : Math.pow(x, i - k);
          assertEquals(expected, dw[i], 1e-12 * Math.max(1, Math.abs(expected)), "dw[" + i + "]");
          dx += i > k ? (i - k) * w[i] * Math.pow(x, i - k - 1) : 0;
        }
        assertEquals(dx, (double) g.get(2), 1e-12 * Math.max(1, Math.abs(dx)), "dx");
      }
    }
  }

  /** Split calls inside a taped loop of the caller, with the caller's own values interleaved. */
  @Test
  void recursionCalledInALoop() throws Exception {
    ArrayGradients deep = new ArrayGradients(unit, "corpus.Deep");
    java.util.Random random = new java.util.Random(15);
    for (int terms : new int[] {0, 1, 4, 7}) {
      double[] w = ArrayGradients.vector(random, 7);
      deep.check("series", new Object[] {w, 2 * random.nextDouble() - 1, terms}, 0, 1);
      deep.checkJvp("series", new Object[] {w, 0.3, terms}, random, 0, 1);
    }
  }
}
