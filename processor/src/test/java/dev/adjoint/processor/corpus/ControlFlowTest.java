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

import static dev.adjoint.processor.corpus.Gradients.fn;
import static dev.adjoint.processor.corpus.Gradients.g;
import static dev.adjoint.processor.corpus.Gradients.pt;
import static dev.adjoint.processor.corpus.Gradients.xs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Branches and loops: if/else chains, for, while, do-while, while(true), nested loops, break,
 * continue, labels, early returns, trip counts that depend on a differentiated input and parameters
 * reassigned in loops (which need the tape).
 *
 * <p>Where a closed form is given for a loop it is the hand-written forward-mode recurrence of the
 * loop (d_{k+1} = dΦ/dy(y_k) d_k + dΦ/dx), independent of the generated reverse sweep. Finite
 * difference points keep every data-dependent trip count constant within ±h.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ControlFlowTest {
  static final String FLOW =
      """
      package corpus;

      import dev.adjoint.Differentiable;

      public final class Flow {
        private Flow() {}

        @Differentiable
        public static double piecewise(double x) {
          double r;
          if (x < -1) r = x * x;
          else if (x < 0) r = 3 * x;
          else if (x < 2) {
            r = Math.sin(x);
            r *= x;
          } else {
            r = Math.exp(-x);
          }
          return r;
        }

        @Differentiable
        public static double powerSeries(double x, int n) {
          double s = 0;
          double term = 1;
          for (int i = 0; i < n; i++) {
            s += term / (i + 1);
            term *= x;
          }
          return s;
        }

        @Differentiable
        public static double growUntil(double x) {
          double y = x;
          while (y < 100) {
            y = y * 1.5 + x;
          }
          return y;
        }

        @Differentiable
        public static double doWhile(double x) {
          double y = x;
          int k = 0;
          do {
            y = y * y * 0.5;
            k++;
          } while (y < 50 && k < 10);
          return y + k;
        }

        @Differentiable
        public static double parameterInLoop(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = Math.sin(x) + 0.5 * x;
          }
          return x;
        }

        @Differentiable
        public static double nestedBreakContinue(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (i % 3 == 0) continue;
            for (int j = 0; j < n; j++) {
              if (j > i) break;
              if ((i + j) % 2 == 1) continue;
              s += Math.pow(x, j) * i;
              s = s * 0.9 + x;
            }
          }
          return s;
        }

        @Differentiable
        public static double labeledFor(double x, int n) {
          double s = 0;
          outer:
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              if (j == 3) continue outer;
              if (i == 4) break outer;
              s += x * i + j * x * x;
            }
          }
          return s;
        }

        @Differentiable
        public static double labeledWhileDoWhileTrue(double x, int n) {
          double s = 0;
          int i = 0;
          rows:
          while (i < n) {
            i++;
            int j = 0;
            do {
              j++;
              if (j > i) continue rows;
              s += x / j;
            } while (true);
          }
          return s;
        }

        @Differentiable
        public static double whileTrue(double x) {
          double y = x;
          int k = 0;
          while (true) {
            y = y * 1.1 + 0.1 * x;
            k++;
            if (y > 10) break;
          }
          return y * k;
        }

        @Differentiable
        public static double earlyReturnNested(double x, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              s = s * 1.01 + x * j;
              if (s > 50) {
                return s * x;
              }
            }
          }
          return -s;
        }

        @Differentiable
        public static double earlyReturnBranches(double x) {
          if (x > 0) {
            if (x > 2) return x * x;
            return 3 * x;
          }
          return -x * x * x;
        }

        @Differentiable
        public static double newtonSqrt(double a) {
          double y = a > 1 ? a : 1;
          for (int i = 0; i < 100; i++) {
            double next = 0.5 * (y + a / y);
            if (Math.abs(next - y) <= 1e-15 * next) {
              y = next;
              break;
            }
            y = next;
          }
          return y;
        }

        @Differentiable
        public static double harmonic(double x, int n) {
          double s = 0;
          for (int i = 1; i <= n; i++) {
            s += x / i;
          }
          return s;
        }

        @Differentiable
        public static double doubleLoopVariable(double x) {
          double s = 0;
          for (double t = 0; t < x; t += 0.5) {
            s += t * x;
          }
          return s;
        }

        @Differentiable
        public static double countdown(double x, int n) {
          while (n > 0) {
            x = x * x * 0.25 + 1;
            n--;
          }
          return x;
        }

        @Differentiable
        public static double continueInDoWhile(double x, int n) {
          double s = 0;
          int i = 0;
          while (i < n) {
            int j = 0;
            do {
              j++;
              if (j % 2 == 0) continue;
              s += Math.cos(x * j) / j;
            } while (j < i + 2);
            i++;
          }
          return s;
        }

        @Differentiable
        public static double longCounter(double x, long m) {
          for (long k = 0; k < m; k++) {
            x = x * 0.99 + 0.01 * k;
          }
          return x;
        }

        @Differentiable
        public static double booleanFlagLoop(double x) {
          boolean done = false;
          int steps = 0;
          while (!done) {
            x = x / 2 + 1;
            steps++;
            done = x < 2.5;
          }
          return x * steps;
        }

        @Differentiable
        public static double nestedLoopsWithTape(double x, double y, int n) {
          for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
              double t = x;
              x = x * Math.cos(y) + 0.1 * j;
              y = y + 0.05 * t * t;
            }
          }
          return x + y;
        }

        @Differentiable
        public static double ifElseInLoop(double x, int n) {
          double s = 1;
          for (int i = 0; i < n; i++) {
            if (s > 3) {
              s = Math.sqrt(s) * x;
            } else if (s < -3) {
              s = -s / 2;
            } else {
              s = s * x + 1;
            }
          }
          return s;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(FLOW);
  }

  private static Gradients.Fn f(String name) {
    return fn(unit, "corpus.Flow", name);
  }

  @Test
  void ifElseChain() {
    f("piecewise")
        .check(
            a -> {
              double x = a.d(0);
              if (x < -1) return g(2 * x);
              if (x < 0) return g(3);
              if (x < 2) return g(Math.sin(x) + x * Math.cos(x));
              return g(-Math.exp(-x));
            },
            xs(-2, -0.5, 0.3, 1, 3));
  }

  @Test
  void forLoopWithIntTripCount() {
    f("powerSeries")
        .check(
            a -> {
              double x = a.d(0), d = 0;
              for (int i = 1; i < a.i(1); i++) {
                d += i * Math.pow(x, i - 1) / (i + 1);
              }
              return g(d);
            },
            pt(0.5, 6),
            pt(-1.2, 4),
            pt(2.0, 10),
            pt(0.7, 0),
            pt(3.0, 1));
  }

  /** y <- 1.5 y + x while y < 100: the trip count depends on x. */
  @Test
  void whileLoopWithInputDependentTripCount() {
    f("growUntil")
        .check(
            a -> {
              double x = a.d(0), y = x, d = 1;
              while (y < 100) {
                y = y * 1.5 + x;
                d = d * 1.5 + 1;
              }
              return g(d);
            },
            xs(0.3, 1.7, 5, 42, 150));
  }

  @Test
  void doWhileLoop() {
    f("doWhile")
        .check(
            a -> {
              double y = a.d(0), d = 1;
              int k = 0;
              do {
                d = d * y;
                y = y * y * 0.5;
                k++;
              } while (y < 50 && k < 10);
              return g(d);
            },
            xs(0.5, 2.3, 3.1, 11, 20));
  }

  @Test
  void parameterReassignedInLoop() {
    f("parameterInLoop")
        .check(
            a -> {
              double x = a.d(0), d = 1;
              for (int i = 0; i < a.i(1); i++) {
                d *= Math.cos(x) + 0.5;
                x = Math.sin(x) + 0.5 * x;
              }
              return g(d);
            },
            pt(0.3, 5),
            pt(-2.0, 20),
            pt(1.0, 0),
            pt(4.0, 50));
  }

  @Test
  void nestedLoopsWithBreakAndContinue() {
    f("nestedBreakContinue")
        .check(
            a -> {
              double x = a.d(0), d = 0;
              int n = a.i(1);
              for (int i = 0; i < n; i++) {
                if (i % 3 == 0) continue;
                for (int j = 0; j <= i && j < n; j++) {
                  if ((i + j) % 2 == 1) continue;
                  d = (d + (j == 0 ? 0 : j * Math.pow(x, j - 1) * i)) * 0.9 + 1;
                }
              }
              return g(d);
            },
            pt(0.8, 7),
            pt(-1.1, 5),
            pt(1.3, 9),
            pt(2.0, 1));
  }

  @Test
  void labeledBreakAndContinueInFor() {
    f("labeledFor")
        .check(
            a -> {
              int n = a.i(1), imax = Math.min(n, 4), jmax = Math.min(n, 3);
              return g(
                  jmax * imax * (imax - 1) / 2.0 + 2 * a.d(0) * imax * jmax * (jmax - 1) / 2.0);
            },
            pt(0.5, 7),
            pt(-2.0, 3),
            pt(1.5, 2),
            pt(3.0, 4));
  }

  /** s = sum_{i=1..n} sum_{j=1..i} x/j: ds/dx = sum_i H_i. */
  @Test
  void labeledContinueFromDoWhileTrueInsideWhile() {
    f("labeledWhileDoWhileTrue")
        .check(
            a -> {
              double d = 0;
              for (int i = 1; i <= a.i(1); i++) {
                for (int j = 1; j <= i; j++) {
                  d += 1.0 / j;
                }
              }
              return g(d);
            },
            pt(0.5, 6),
            pt(-3.0, 1),
            pt(2.0, 0),
            pt(7.0, 12));
  }

  @Test
  void whileTrueWithBreak() {
    f("whileTrue")
        .check(
            a -> {
              double x = a.d(0), y = x, d = 1;
              int k = 0;
              while (true) {
                y = y * 1.1 + 0.1 * x;
                d = d * 1.1 + 0.1;
                k++;
                if (y > 10) break;
              }
              return g(d * k);
            },
            xs(0.3, 2.2, 9.5, 20));
  }

  @Test
  void earlyReturnFromNestedLoops() {
    f("earlyReturnNested")
        .check(
            a -> {
              double x = a.d(0), s = x, d = 1;
              int n = a.i(1);
              for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                  s = s * 1.01 + x * j;
                  d = d * 1.01 + j;
                  if (s > 50) return g(d * x + s);
                }
              }
              return g(-d);
            },
            pt(2.1, 6),
            pt(0.7, 10),
            pt(60.0, 3),
            pt(0.3, 3));
  }

  @Test
  void earlyReturnFromBranches() {
    f("earlyReturnBranches")
        .check(
            a -> {
              double x = a.d(0);
              return x > 2 ? g(2 * x) : x > 0 ? g(3) : g(-3 * x * x);
            },
            xs(-1.5, 0.5, 1.9, 3));
  }

  /** Differentiating Newton's iteration for sqrt(a) converges to d sqrt(a)/da. */
  @Test
  void newtonIterationConvergesToDerivativeOfSqrt() {
    f("newtonSqrt").check(a -> g(0.5 / Math.sqrt(a.d(0))), 1e-9, xs(0.25, 2, 9, 1234.5));
  }

  @Test
  void intLoopCounterUsedAsDouble() {
    f("harmonic")
        .check(
            a -> {
              double h = 0;
              for (int i = 1; i <= a.i(1); i++) {
                h += 1.0 / i;
              }
              return g(h);
            },
            pt(0.5, 10),
            pt(-3.0, 1),
            pt(2.0, 0));
  }

  /** t = 0, 0.5, 1, ... < x; s = x * sum t. */
  @Test
  void doubleLoopVariableWithInputDependentTripCount() {
    f("doubleLoopVariable")
        .check(
            a -> {
              double sum = 0;
              for (double t = 0; t < a.d(0); t += 0.5) {
                sum += t;
              }
              return g(sum);
            },
            xs(0.2, 1.7, 3.3, 6.1));
  }

  @Test
  void intParameterReassignedAsCountdown() {
    f("countdown")
        .check(
            a -> {
              double x = a.d(0), d = 1;
              for (int n = a.i(1); n > 0; n--) {
                d *= 0.5 * x;
                x = x * x * 0.25 + 1;
              }
              return g(d);
            },
            pt(0.5, 3),
            pt(-1.5, 5),
            pt(1.9, 8),
            pt(3.0, 0));
  }

  @Test
  void continueInsideDoWhile() {
    f("continueInDoWhile")
        .check(
            a -> {
              double x = a.d(0), d = 0;
              for (int i = 0; i < a.i(1); i++) {
                for (int j = 1; j <= i + 2; j += 2) {
                  d -= Math.sin(x * j);
                }
              }
              return g(d);
            },
            pt(0.5, 4),
            pt(-1.3, 7),
            pt(2.0, 1),
            pt(0.1, 0));
  }

  @Test
  void longLoopCounter() {
    f("longCounter")
        .check(a -> g(Math.pow(0.99, a.l(1))), pt(0.5, 3L), pt(-2.0, 100L), pt(7.0, 0L));
  }

  @Test
  void booleanLocalAsLoopCondition() {
    f("booleanFlagLoop")
        .check(
            a -> {
              double x = a.d(0), d = 1;
              int steps = 0;
              boolean done = false;
              while (!done) {
                x = x / 2 + 1;
                d /= 2;
                steps++;
                done = x < 2.5;
              }
              return g(d * steps);
            },
            xs(1.0, 4.5, 10.3, 100));
  }

  @Test
  void nestedLoopsCouplingTwoReassignedParameters() {
    f("nestedLoopsWithTape")
        .checkFd(pt(0.5, 0.3, 4), pt(-1.0, 2.0, 6), pt(1.5, -0.7, 1), pt(0.2, 0.1, 0));
  }

  @Test
  void branchesInsideLoops() {
    f("ifElseInLoop").checkFd(pt(1.5, 8), pt(2.5, 5), pt(-1.7, 9), pt(0.5, 4));
  }
}
