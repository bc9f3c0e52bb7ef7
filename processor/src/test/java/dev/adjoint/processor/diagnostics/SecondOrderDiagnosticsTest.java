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
package dev.adjoint.processor.diagnostics;

import static dev.adjoint.processor.diagnostics.Javac.compile;
import static dev.adjoint.processor.diagnostics.Javac.model;

import dev.adjoint.processor.diagnostics.Javac.Source;
import org.junit.jupiter.api.Test;

/**
 * Errors about {@code @Differentiable(order = n)}: what second derivatives need that a method
 * lacks. Reported on the method when they concern what is generated for it as a whole (code the
 * pullback added has no source position), at the statement when one of the user's is to blame.
 */
class SecondOrderDiagnosticsTest {

  @Test
  void orderThreeIsNotSupported() {
    Source s =
        model(
            """
        @Differentiable(order = 3)
        static double f(double x) {
          return x * x * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable(order = 3) is not supported: use order = 1", s.at("double f(", "f("));
  }

  @Test
  void orderZeroIsNotSupported() {
    Source s =
        model(
            """
        @Differentiable(order = 0)
        static double f(double x) {
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("@Differentiable(order = 0) is not supported", s.at("double f(", "f("));
  }

  @Test
  void hessianOfAVectorIsAnError() {
    Source s =
        model(
            """
        @Differentiable(order = 2)
        static double[] f(double x) {
          double[] y = new double[1];
          y[0] = x * x;
          return y;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable(order = 2) needs a double result", s.at("double[] f(", "f("));
  }

  @Test
  void aLayerOfOrderTwoIsAnErrorAtTheAnnotation() {
    Source s =
        model(
            """
        @Differentiable(order = 2)
        static dev.adjoint.tensor.Tensor layer(dev.adjoint.tensor.Tensor x) {
          return x.tanh();
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            "@Differentiable(order = 2) needs a double result: layer returns a Tensor, and second"
                + " derivatives of Tensor values are not supported. Use order = 1 (its pullback and"
                + " forward mode); a scalar loss that calls layer has its gradient.",
            s.at("@Differentiable(order = 2)", "@"));
  }

  @Test
  void secondOrderCallsNeedSecondOrderCallees() {
    Source s =
        model(
            """
        @Differentiable
        static double g(double x) {
          return x * x;
        }

        @Differentiable(order = 2)
        static double f(double x) {
          return g(x) * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "This calls Model.g(double), which is not @Differentiable(order = 2): Model.f(double)"
                + " is, so its second derivatives go through Model.g(double), which must be"
                + " @Differentiable(order = 2) too",
            "Add order = 2 to the @Differentiable annotation of Model.g(double)",
            s.at("g(x) * x", "("));
  }

  @Test
  void tensorsHaveNoSecondOrderYet() {
    Source s =
        model(
            """
        @Differentiable(order = 2)
        static double f(dev.adjoint.tensor.Tensor t) {
          return t.mul(t).sum();
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "second derivatives of Tensor values are not supported yet", s.at("double f(", "f("));
  }

  @Test
  void customPullbackWithoutItsOwnPullbackIsNamed() {
    Source s =
        model(
            """
        static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }

        @dev.adjoint.PullbackOf(type = Model.class, method = "softplus", wrt = "x")
        static double softplusPullback(double x, double seed) {
          return seed / (1 + Math.exp(-x));
        }

        @Differentiable(order = 2)
        static double f(double x) {
          return softplus(x) * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "no derivative of Model.softplusPullback(double, double) with respect to its 1st"
                + " argument is declared (it has no @PullbackOf)",
            "@PullbackOf(type = Model.class, method = \"softplusPullback\", wrt = \"x\")",
            s.at("softplus(x) * x", "("));
  }

  @Test
  void firstOrderOfTheSameCodeCompiles() {
    Source s =
        model(
            """
        static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }

        @dev.adjoint.PullbackOf(type = Model.class, method = "softplus", wrt = "x")
        static double softplusPullback(double x, double seed) {
          return seed / (1 + Math.exp(-x));
        }

        @Differentiable
        static double f(double x) {
          return softplus(x) * x;
        }
        """);
    compile(s).succeedsQuietly();
  }
}
