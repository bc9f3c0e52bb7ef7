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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the javadoc of a generated pullback says it allocates ({@code emit.Allocation}), for each
 * kind of method, and whether that holds: a pullback said to allocate nothing is called in a loop
 * and measured to allocate nothing (once the tape has grown), and one said to allocate is measured
 * to allocate on every call.
 */
class AllocationClaimsTest {
  private static final String MODEL =
      """
      package alloc;

      import dev.adjoint.Differentiable;
      import dev.adjoint.PullbackOf;
      import dev.adjoint.tensor.Tensor;

      public class Model {
        @Differentiable
        public static double scalar(double x, double y) {
          return Math.log(x) + x * y - Math.sin(y);
        }

        /**
         * A sum over examples in a method that creates no array: a chunked loop whose sums the
         * tape lends (dev.adjoint.Parallel), 150 examples in three chunks.
         */
        @Differentiable(wrt = {"a", "b"})
        public static double chunked(double a, double b, double[] x) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int k = 1; k <= 3; k++) {
              double r = Math.sin(a * k * x[i] + b);
              s += r * r;
            }
            total += s;
          }
          return total;
        }

        /** Overwrites s in a loop: the tape keeps its values. */
        @Differentiable
        public static double loop(double x, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            s = Math.sin(s) * x;
          }
          return s;
        }

        @Differentiable
        public static double recursive(double x, int n) {
          if (n == 0) {
            return x;
          }
          return Math.sin(recursive(x, n - 1)) * x;
        }

        @Differentiable
        public static double callsScalar(double x) {
          return scalar(x, 2.0) * x;
        }

        @Differentiable
        public static double createsArray(double[] w, int n) {
          double[] h = new double[n];
          for (int i = 0; i < n; i++) {
            h[i] = w[i % w.length] * i;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += h[i] * h[i];
          }
          return s;
        }

        @Differentiable
        public static double callsCreatesArray(double[] w, int n) {
          return createsArray(w, n) * 2;
        }

        @Differentiable
        public static double tensors(Tensor w, Tensor x) {
          return x.matmul(w).tanh().sum();
        }

        @Differentiable
        public static double callsHelper(double x) {
          return Helpers.cube(x) + x;
        }
      }

      final class Helpers {
        private Helpers() {}

        static double cube(double x) {
          return x * x * x;
        }

        @PullbackOf(type = Helpers.class, method = "cube", wrt = "x")
        static double cube(double x, double seed) {
          return seed * 3 * x * x;
        }
      }
      """;

  /** Calls each pullback {@code calls} times, with the buffers allocated once per run. */
  private static final String DRIVER =
      """
      package alloc;

      import dev.adjoint.tensor.Tensor;

      public final class Driver {
        private Driver() {}

        public static double scalar(int calls) {
          double[] adjoint = new double[2];
          double sum = 0;
          for (int i = 0; i < calls; i++) {
            sum += ModelAdjoint.scalarPullback(2.0 + i * 1e-9, 5.0, 1.0, adjoint);
          }
          return sum + adjoint[0];
        }

        public static double chunked(int calls) {
          double[] x = new double[150];
          for (int i = 0; i < x.length; i++) {
            x[i] = 0.01 * i;
          }
          double[] adjoint = new double[2];
          double sum = 0;
          for (int i = 0; i < calls / 50; i++) {
            sum += ModelAdjoint.chunkedPullback(0.7 + i * 1e-9, 0.2, x, 1.0, adjoint);
          }
          return sum + adjoint[0];
        }

        public static double loop(int calls) {
          double[] adjoint = new double[1];
          double sum = 0;
          for (int i = 0; i < calls; i++) {
            sum += ModelAdjoint.loopPullback(0.7 + i * 1e-9, 20, 1.0, adjoint);
          }
          return sum + adjoint[0];
        }

        public static double recursive(int calls) {
          double[] adjoint = new double[1];
          double sum = 0;
          for (int i = 0; i < calls; i++) {
            sum += ModelAdjoint.recursivePullback(0.7 + i * 1e-9, 10, 1.0, adjoint);
          }
          return sum + adjoint[0];
        }

        public static double callsScalar(int calls) {
          double[] adjoint = new double[1];
          double sum = 0;
          for (int i = 0; i < calls; i++) {
            sum += ModelAdjoint.callsScalarPullback(2.0 + i * 1e-9, 1.0, adjoint);
          }
          return sum + adjoint[0];
        }

        public static double callsHelper(int calls) {
          double[] adjoint = new double[1];
          double sum = 0;
          for (int i = 0; i < calls; i++) {
            sum += ModelAdjoint.callsHelperPullback(2.0 + i * 1e-9, 1.0, adjoint);
          }
          return sum + adjoint[0];
        }

        public static double createsArray(int calls) {
          double[] w = {0.5, 1.5, -0.25};
          double[] wBar = new double[3];
          double sum = 0;
          for (int i = 0; i < calls; i++) {
            sum += ModelAdjoint.createsArrayPullback(w, 200, 1.0, wBar);
          }
          return sum + wBar[0];
        }

        public static double callsCreatesArray(int calls) {
          double[] w = {0.5, 1.5, -0.25};
          double[] wBar = new double[3];
          double sum = 0;
          for (int i = 0; i < calls; i++) {
            sum += ModelAdjoint.callsCreatesArrayPullback(w, 200, 1.0, wBar);
          }
          return sum + wBar[0];
        }

        public static double tensors(int calls) {
          Tensor w = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 3, 2);
          Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
          Tensor[] wBar = new Tensor[1];
          Tensor[] xBar = new Tensor[1];
          double sum = 0;
          for (int i = 0; i < calls; i++) {
            sum += ModelAdjoint.tensorsPullback(w, x, 1.0, wBar, xBar);
          }
          return sum;
        }
      }
      """;

  private static final int CALLS = 20_000;

  /**
   * The measurement's own noise (the reflective call, the JIT, the management bean) is a few
   * hundred bytes in all; one object per call would be at least 16 bytes times CALLS.
   */
  private static final long NOISE = 4_096;

  /** Each method, the sentence of its pullback's javadoc, and whether it allocates. */
  static Stream<Arguments> methods() {
    String once =
        " once the calling thread's {@link Tape} has grown to what the call needs (the"
            + " first calls on a thread grow it).";
    String createsArray = "{@code Model.createsArray(double[], int)}";
    return Stream.of(
        // Every scalar pullback saves what its reverse sweep reads on the tape (split sweeps).
        Arguments.of("scalar", "Allocates nothing" + once, false),
        Arguments.of("loop", "Allocates nothing" + once, false),
        // On one thread, the chunks' sums are lent too (the measurement runs on one).
        Arguments.of(
            "chunked",
            "Allocates nothing"
                + once
                + " On more than one thread ({@code Parallel.setThreads}), the chunks of its"
                + " loops over independent iterations allocate their sums.",
            false),
        Arguments.of("recursive", "Allocates nothing" + once, false),
        Arguments.of("callsScalar", "Allocates nothing" + once, false),
        Arguments.of(
            "callsHelper",
            "Allocates nothing of its own"
                + once.replace(").", "),")
                + " but it calls {@code Helpers.cube(double)} and {@code Helpers.cube(double, double)},"
                + " whose allocations are not counted here.",
            false),
        Arguments.of("createsArray", "Allocates memory: it creates arrays.", true),
        // Split mode: the forward sweep runs the callee's fForward, not the method itself.
        Arguments.of(
            "callsCreatesArray",
            "Allocates memory: it calls the pullback of " + createsArray + ", which allocates.",
            true),
        Arguments.of(
            "tensors",
            "Allocates memory: it computes tensors, and every operation on a"
                + " tensor creates one.",
            true));
  }

  @ParameterizedTest
  @MethodSource("methods")
  void pullbacksSayWhatTheyAllocate(String method, String sentence, boolean allocates)
      throws Exception {
    CompiledSources unit = CompiledSources.withAdjoint(MODEL, DRIVER);
    String javadoc = pullbackJavadoc(unit.generatedSource("alloc.ModelAdjoint"), method);
    assertEquals(sentence, javadoc);

    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
            && bean.isThreadAllocatedMemorySupported()
            && bean.isThreadAllocatedMemoryEnabled());
    Method driver = unit.load("alloc.Driver").getMethod(method, int.class);
    driver.invoke(null, CALLS); // warm up: class loading, the JIT, the tape's first growth
    driver.invoke(null, CALLS);
    long before = allocatedBytes();
    Object sink = driver.invoke(null, CALLS);
    long bytes = allocatedBytes() - before;
    if (!allocates) {
      assertTrue(bytes < NOISE, method + ": " + bytes + " bytes in " + CALLS + " calls " + sink);
    } else {
      assertTrue(bytes > 16L * CALLS, method + ": only " + bytes + " bytes in " + CALLS + " calls");
    }
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** The paragraph of a pullback's javadoc that says what it allocates, its lines joined. */
  private static String pullbackJavadoc(String source, String method) {
    Matcher m =
        Pattern.compile(
                "/\\*\\*\\n((?:   \\*.*\\n)+)   \\*/\\n  public static double "
                    + method
                    + "Pullback\\(")
            .matcher(source);
    assertTrue(m.find(), "no javadoc on " + method + "Pullback in\n" + source);
    String text = m.group(1).replaceAll("(?m)^   \\* ?", "").replace("\n", " ").strip();
    int at = text.indexOf("<p>Allocates");
    assertTrue(at >= 0, "no allocation paragraph in " + text);
    String rest = text.substring(at + 3);
    int end = rest.indexOf(" <p>");
    return (end < 0 ? rest : rest.substring(0, end)).strip();
  }
}
