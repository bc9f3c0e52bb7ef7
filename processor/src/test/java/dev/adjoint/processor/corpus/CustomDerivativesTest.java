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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Derivatives declared with {@code @PullbackOf}: for a compiled library method (found beside it, in
 * a class on the class path), for a method of the sources being compiled, used through chains of
 * {@code @Differentiable} calls; and a declared derivative that is not the function's own (a
 * straight-through estimator), which the generated gradient must follow.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CustomDerivativesTest {
  static final String CUSTOM =
      """
      package corpus;

      import dev.adjoint.Differentiable;
      import dev.adjoint.PullbackOf;
      import dev.adjoint.processor.corpus.fixture.Softplus;

      public final class Custom {
        private Custom() {}

        /** Rounds; its declared derivative passes the cotangent straight through. */
        public static double roundStraightThrough(double x) {
          return Math.rint(x);
        }

        @PullbackOf(method = "roundStraightThrough", wrt = "x")
        static double roundStraightThroughPullback(double x, double seed) {
          return seed;
        }

        @Differentiable
        public static double inner(double x) {
          return Softplus.softplus(x) + x;
        }

        /** softplus through a chain of two @Differentiable methods. */
        @Differentiable
        public static double outer(double x, double w) {
          return inner(w * x) * 2;
        }

        @Differentiable
        public static double quantized(double w, double x) {
          return roundStraightThrough(w * x) * w;
        }

        @Differentiable(wrt = "x")
        public static double scaledOnly(double x, double scale) {
          return Softplus.scaled(x, scale);
        }

        /** A loop overwriting softplus's argument, which its pullback does not read. */
        @Differentiable
        public static double stacked(double x, int layers) {
          double h = x;
          double z = 0;
          for (int i = 0; i < layers; i++) {
            z = 0.5 * h - 0.25;
            h = Softplus.softplus(z);
          }
          return h;
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(CUSTOM);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void libraryPullbackFromTheClassPathThroughACallChain() {
    fn(unit, "corpus.Custom", "outer")
        .check(
            a -> {
              double x = a.d(0), w = a.d(1);
              double d = 2 * (sigmoid(w * x) + 1);
              return g(d * w, d * x);
            },
            pt(0.5, 1.5),
            pt(-2.0, 0.3),
            pt(3.0, -1.0));
  }

  /**
   * Not the derivative of rint (zero almost everywhere) but the declared one: the generated
   * gradient follows the declaration. Finite differences would disagree, so only the closed form is
   * checked.
   */
  @Test
  void declaredDerivativeWinsOverTheFunctionsOwn() {
    fn(unit, "corpus.Custom", "quantized")
        .checkClosedFormOnly(
            a -> {
              double w = a.d(0), x = a.d(1);
              return g(x * w + Math.rint(w * x), w * w);
            },
            pt(0.7, 2.2),
            pt(-1.3, 0.4),
            pt(2.0, 1.75));
  }

  @Test
  void pullbackForOneParameterOfSeveral() {
    fn(unit, "corpus.Custom", "scaledOnly", "x")
        .check(a -> g(a.d(1) * sigmoid(a.d(0))), pt(0.3, 2.0), pt(-1.5, 0.5), pt(2.5, -3.0));
  }

  /**
   * softplus's pullback is declared {@code readsArguments = false}: it gets 0.0 for x, so the
   * argument overwritten in each iteration is not taped; the derivative is the chain of
   * 0.5·sigmoid(z_i).
   */
  @Test
  void aPullbackThatReadsNoArgumentGetsZeroAndItsArgumentIsNotTaped() {
    fn(unit, "corpus.Custom", "stacked")
        .check(
            a -> {
              double h = a.d(0);
              double d = 1;
              for (int i = 0; i < 3; i++) {
                double z = 0.5 * h - 0.25;
                d *= 0.5 * sigmoid(z);
                h = Math.log1p(Math.exp(z));
              }
              return g(d);
            },
            pt(-1.0, 3),
            pt(0.4, 3),
            pt(2.0, 3));
    String source = unit.generatedSource("corpus.CustomAdjoint");
    assertTrue(source.contains("SoftplusPullbacks.softplus(0.0, "), source);
    assertFalse(source.contains("tape.push(z)"), source);
  }

  @Test
  void jdkFunctionsComeFromTheRuntimesDeclarations() {
    fn(unit, "corpus.Custom", "inner").check(a -> g(sigmoid(a.d(0)) + 1), xs(-3, -0.5, 0, 1.5));
  }
}
