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
 * {@code switch} on an int: statements with colon cases (with {@code break}, and falling through)
 * and arrow cases, switch expressions with arrow values, blocks that {@code yield} (also from
 * inside a loop) and colon cases that {@code yield}, {@code default} anywhere, a switch in a loop
 * with {@code continue} and {@code return} inside. Each method's value is compared with the method
 * itself for every selector, and its derivatives are checked by {@link AdjointCheck} (gradient,
 * pullback, forward mode and, for order 2, Hessians) at points where every selector value occurs.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SwitchTest {
  static final String SWITCHES =
      """
      package switches;

      import dev.adjoint.Differentiable;

      public final class Switches {
        private Switches() {}

        /** Colon cases, each ending in break; two labels on one case; default in the middle. */
        @Differentiable(order = 2)
        public static double colon(double x, int n) {
          double y;
          switch (n) {
            case 0:
            case 1:
              y = x * x;
              break;
            default:
              y = Math.exp(x);
              break;
            case 2:
              y = Math.sin(x);
              if (y > 0) {
                break; // a break before the end of its case
              }
              y = -y * x;
              break;
            case 3, 4:
              y = 1 / (1 + x * x);
          }
          return y;
        }

        /** Fall-through: each case runs from the one that matches until a break. */
        @Differentiable(order = 2)
        public static double fallThrough(double x, int n) {
          double y = x;
          switch (n) {
            case 0:
              y *= x;
            case 1:
              y += Math.sin(y);
            case 2:
              y *= 2;
              break;
            case 3:
              y = Math.cbrt(y + 5);
            default:
              y += x * x * x;
            case 5:
              y -= x;
          }
          return y;
        }

        /** Arrow cases as statements, a block with a break, no default. */
        @Differentiable
        public static double arrows(double x, int n) {
          double y = x;
          switch (n) {
            case 0 -> y = x * x;
            case 1, 2 -> {
              y = Math.tanh(x);
              if (n == 2) {
                break;
              }
              y *= 3;
            }
            case 3 -> y += Math.exp(-x * x);
          }
          return y;
        }

        /** Switch expressions: arrow values, a block that yields, yield from a loop. */
        @Differentiable(order = 2)
        public static double expression(double x, int n) {
          double scale = switch (n % 3) {
            case 0 -> 1;
            case 1 -> x;
            default -> {
              double t = x * x;
              yield t + 0.5;
            }
          };
          double power = switch (n) {
            case 0, 1 -> {
              double p = 1;
              for (int i = 0; i < 10; i++) {
                p *= x;
                if (i >= n + 1) {
                  yield p;
                }
              }
              yield p;
            }
            default -> Math.sin(x) * n;
          };
          return scale * power;
        }

        /** A switch expression with colon cases that yield, falling through. */
        @Differentiable
        public static double colonExpression(double x, int n) {
          return 2 * switch (n) {
            case 0:
              x = x * 3;
            case 1:
              yield x * x;
            default:
              double u = Math.sin(x);
              yield u * x;
          };
        }

        /** In a loop: continue and return inside cases, the selector from the counter. */
        @Differentiable(order = 2)
        public static double inLoop(double[] w, double x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            switch (i % 4) {
              case 0:
                s += w[i] * x;
                break;
              case 1:
                if (s > 100) {
                  return s;
                }
                s += w[i] * w[i];
                continue;
              case 2:
                s -= Math.sin(w[i] * x);
                // falls through
              default:
                s += 0.5 * w[i];
            }
            s *= 0.9;
          }
          return s;
        }

        /** A switch whose cases all return, ending the method. */
        @Differentiable
        public static double returns(double x, int n) {
          switch (n) {
            case 0:
              return x;
            case 1:
              return x * x;
            default:
              return Math.log(1 + x * x);
          }
        }

        /** A labeled switch left from a loop inside a case; a switch nested in a case. */
        @Differentiable
        public static double labeled(double x, int n) {
          double y = x;
          cases:
          switch (n % 3) {
            case 0:
              for (int i = 0; i < 5; i++) {
                y = y * 0.5 + Math.sin(y);
                if (i == n) {
                  break cases;
                }
              }
              y += 1;
              break;
            case 1:
              switch (n) {
                case 1 -> y = y * y;
                default -> {
                  y = -y;
                  if (n > 3) {
                    break; // leaves the inner switch only
                  }
                  y *= 2;
                }
              }
              y *= x;
              break;
            default:
              y = Math.exp(-y * y);
          }
          return y;
        }

        /** The selector is an expression with a side effect, evaluated once. */
        @Differentiable
        public static double selectorOnce(double x, int n) {
          int k = n;
          double y = switch (k++) {
            case 0 -> x * k;
            case 1 -> x * x * k;
            default -> x;
          };
          return y + k * x;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> load() {
    return CompiledSources.withAdjoint(SWITCHES).load("switches.Switches");
  }

  @Test
  void derivativesMatchFiniteDifferencesForEverySelector() {
    // Each method is checked at 3 points for every selector in [0, 6).
    var check = AdjointCheck.of(load()).pointsPerMethod(18);
    for (String method :
        new String[] {
          "colon",
          "fallThrough",
          "arrows",
          "expression",
          "colonExpression",
          "returns",
          "selectorOnce",
          "labeled"
        }) {
      int[] next = {0};
      check.points(method, rng -> new Object[] {0.3 + rng.nextDouble(), next[0]++ % 6});
    }
    var summary =
        check
            .points(
                "inLoop",
                rng -> new Object[] {normal(rng, 2 + rng.nextInt(8), 1), rng.nextGaussian()})
            .verify();
    for (String method : new String[] {"colon", "fallThrough", "expression", "inLoop"}) {
      assertTrue(
          summary.methods().get(method).containsAll(Set.of(Check.HESSIAN, Check.HVP)),
          summary.toString());
    }
  }

  /**
   * The generated gradient's value is the method's own for every selector (AdjointCheck compares
   * them too; this names the case), and its derivative the closed form of the case taken.
   */
  @Test
  void fallThroughTakesEveryCaseFromTheMatchingOne() throws Exception {
    Class<?> model = load();
    CompiledSources unit = CompiledSources.withAdjoint(SWITCHES);
    Class<?> companion = unit.load("switches.SwitchesAdjoint");
    Method f = model.getMethod("fallThrough", double.class, int.class);
    Method g = companion.getMethod("fallThroughGradient", double.class, int.class);
    double x = 0.7;
    for (int n = -1; n < 7; n++) {
      Object r = g.invoke(null, x, n);
      double value = (double) r.getClass().getMethod("value").invoke(r);
      double dx = (double) r.getClass().getMethod("x").invoke(r);
      assertEquals((double) f.invoke(null, x, n), value, 0.0, "value for n = " + n);
      double expected =
          switch (n) {
            case 0 -> 2 * (2 * x + Math.cos(x * x) * 2 * x); // y = 2 (x² + sin x²)
            case 1 -> 2 * (1 + Math.cos(x)); // y = 2 (x + sin x)
            case 2 -> 2;
            case 3 -> Math.pow(x + 5, -2.0 / 3) / 3 + 3 * x * x - 1;
            case 5 -> 0; // y = x - x
            default -> 1 + 3 * x * x - 1; // y = x + x³ - x
          };
      assertEquals(expected, dx, 1e-12, "d/dx for n = " + n);
    }
  }
}
