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
import static dev.adjoint.processor.diagnostics.Javac.source;

import dev.adjoint.processor.diagnostics.Javac.Source;
import org.junit.jupiter.api.Test;

/**
 * Misuses of {@code @PullbackOf}: each is an error at the declaration's annotation that says what
 * is expected, and none crashes the processor.
 */
class PullbackDiagnosticsTest {

  /** A class with a library function {@code clip} and the given declarations. */
  private static Source lib(String members) {
    return source(
        "package p;\n"
            + "\n"
            + "import dev.adjoint.Differentiable;\n"
            + "import dev.adjoint.PullbackOf;\n"
            + "\n"
            + "class Lib {\n"
            + "  static double clip(double x, double limit) {\n"
            + "    return Math.min(x, limit);\n"
            + "  }\n"
            + "\n"
            + members.stripTrailing().indent(2)
            + "}\n");
  }

  @Test
  void missingOriginal() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clamp", wrt = "x")
        static double clampPullback(double x, double limit, double seed) {
          return seed;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("@PullbackOf names Lib.clamp, which does not exist", s.at("@PullbackOf"));
  }

  @Test
  void aDifferentiableLayerGetsNoDeclaredPullback() {
    Source s =
        lib(
            """
        @Differentiable
        static dev.adjoint.tensor.Tensor layer(dev.adjoint.tensor.Tensor x) {
          return x.tanh();
        }

        @PullbackOf(method = "layer", wrt = "x")
        static dev.adjoint.tensor.Tensor layerPullback(
            dev.adjoint.tensor.Tensor x, dev.adjoint.tensor.Tensor seed) {
          return seed;
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            "@PullbackOf names Lib.layer, which is @Differentiable: Adjoint generates its"
                + " derivatives and would not use this declaration. Remove @Differentiable from"
                + " layer to use this declaration instead, or remove the declaration.",
            s.at("@PullbackOf"));
  }

  @Test
  void wrongArity() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "x")
        static double clipPullback(double x, double seed) {
          return seed;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "The parameters of clipPullback do not match any Lib.clip", s.at("@PullbackOf"));
  }

  @Test
  void wrongParameterType() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "x")
        static double clipPullback(double x, int limit, double seed) {
          return seed;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "The parameters of clipPullback do not match any Lib.clip", s.at("@PullbackOf"));
  }

  @Test
  void wrtNamesNoParameter() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "y")
        static double clipPullback(double x, double limit, double seed) {
          return seed;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("wrt = \"y\" names no parameter of Lib.clip", s.at("@PullbackOf"));
  }

  @Test
  void wrongReturnType() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "x")
        static double[] clipPullback(double x, double limit, double seed) {
          return null;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "clipPullback returns double[], but the parameter it differentiates has type double",
            s.at("@PullbackOf"));
  }

  @Test
  void instanceDeclaration() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "x")
        double clipPullback(double x, double limit, double seed) {
          return seed;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("A @PullbackOf method must be static", s.at("@PullbackOf"));
  }

  @Test
  void privateDeclaration() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "x")
        private static double clipPullback(double x, double limit, double seed) {
          return seed;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("A @PullbackOf method must not be private", s.at("@PullbackOf"));
  }

  @Test
  void twoDeclarationsForOneParameter() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "x")
        static double one(double x, double limit, double seed) {
          return seed;
        }

        @PullbackOf(method = "clip", wrt = "0")
        static double two(double x, double limit, double seed) {
          return seed;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Two pullbacks are declared for Lib.clip with respect to 0: one and two",
            s.at("@PullbackOf(method = \"clip\", wrt = \"0\")", "@PullbackOf"));
  }

  @Test
  void argumentWithoutADeclaredPullback() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "x")
        static double clipX(double x, double limit, double seed) {
          return x < limit ? seed : 0;
        }

        @Differentiable
        static double f(double x) {
          return clip(x, x * 0.5);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Cannot differentiate Lib.clip(double, double) with respect to its argument 2",
            "Declare one for it too, @PullbackOf(type = Lib.class, method = \"clip\", wrt = \"1\")",
            "Lib.f(double)",
            s.at("clip(x, x * 0.5)", "("));
  }

  @Test
  void wellFormedDeclarationsCompileQuietly() {
    Source s =
        lib(
            """
        @PullbackOf(method = "clip", wrt = "x")
        static double clipX(double x, double limit, double seed) {
          return x < limit ? seed : 0;
        }

        @PullbackOf(method = "clip", wrt = "limit")
        static double clipLimit(double x, double limit, double result, double seed) {
          return x < limit ? 0 : seed;
        }

        @Differentiable
        static double f(double x) {
          return clip(x, x * 0.5);
        }
        """);
    compile(s).succeedsQuietly();
  }
}
