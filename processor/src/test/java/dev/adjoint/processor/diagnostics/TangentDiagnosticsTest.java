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
 * Misuses of {@code @TangentOf}: each is an error at the declaration's annotation that says what is
 * expected, and none crashes the processor.
 */
class TangentDiagnosticsTest {

  /** A class with a library function {@code scale} over tensors and the given declarations. */
  private static Source lib(String members) {
    return source(
        "package p;\n"
            + "\n"
            + "import dev.adjoint.TangentOf;\n"
            + "import dev.adjoint.tensor.Tensor;\n"
            + "\n"
            + "class Lib {\n"
            + "  static Tensor scale(Tensor x, double s, int times) {\n"
            + "    return x.mul(s * times);\n"
            + "  }\n"
            + "\n"
            + members.stripTrailing().indent(2)
            + "}\n");
  }

  @Test
  void wellFormedDeclarationsCompile() {
    Source s =
        lib(
            """
        @TangentOf(method = "scale")
        static Tensor scaleTangent(Tensor x, double s, int times, Tensor xDot, double sDot) {
          return x.mul(sDot * times);
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void missingOriginal() {
    Source s =
        lib(
            """
        @TangentOf(method = "shift")
        static Tensor shiftTangent(Tensor x, Tensor xDot) {
          return xDot;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("@TangentOf names Lib.shift, which does not exist", s.at("@TangentOf"));
  }

  @Test
  void missingTangentParameter() {
    Source s =
        lib(
            """
        @TangentOf(method = "scale")
        static Tensor scaleTangent(Tensor x, double s, int times, Tensor xDot) {
          return xDot;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "The parameters of scaleTangent do not match any Lib.scale: a tangent rule takes",
            s.at("@TangentOf"));
  }

  @Test
  void tangentForAnIntegerParameter() {
    Source s =
        lib(
            """
        @TangentOf(method = "scale")
        static Tensor scaleTangent(
            Tensor x, double s, int times, Tensor xDot, double sDot, int timesDot) {
          return xDot;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "The parameters of scaleTangent do not match any Lib.scale", s.at("@TangentOf"));
  }

  @Test
  void wrongReturnType() {
    Source s =
        lib(
            """
        @TangentOf(method = "scale")
        static double scaleTangent(Tensor x, double s, int times, Tensor xDot, double sDot) {
          return sDot;
        }
        """);
    compile(s).failsWith(1).declarationError("and returns the result's type", s.at("@TangentOf"));
  }

  @Test
  void notStatic() {
    Source s =
        lib(
            """
        @TangentOf(method = "scale")
        Tensor scaleTangent(Tensor x, double s, int times, Tensor xDot, double sDot) {
          return xDot;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("A @TangentOf method must be static", s.at("@TangentOf"));
  }

  @Test
  void privateRule() {
    Source s =
        lib(
            """
        @TangentOf(method = "scale")
        private static Tensor scaleTangent(
            Tensor x, double s, int times, Tensor xDot, double sDot) {
          return xDot;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("A @TangentOf method must not be private", s.at("@TangentOf"));
  }

  @Test
  void twoRulesForOneMethod() {
    Source s =
        lib(
            """
        @TangentOf(method = "scale")
        static Tensor scaleTangent(Tensor x, double s, int times, Tensor xDot, double sDot) {
          return xDot;
        }

        @TangentOf(method = "scale")
        static Tensor scaleTangent2(
            Tensor x, double s, int times, Tensor result, Tensor xDot, double sDot) {
          return xDot;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Two tangent rules are declared for Lib.scale: scaleTangent and"
                + " scaleTangent2. Keep one.",
            s.at("@TangentOf(method = \"scale\")\n  static Tensor scaleTangent2", "@TangentOf"));
  }

  @Test
  void unsupportedTypes() {
    Source s =
        source(
            "package p;\n"
                + "\n"
                + "import dev.adjoint.TangentOf;\n"
                + "import dev.adjoint.tensor.Tensor;\n"
                + "\n"
                + "class Lib {\n"
                + "  static Tensor join(Tensor[] parts) {\n"
                + "    return Tensor.concat(0, parts);\n"
                + "  }\n"
                + "\n"
                + "  @TangentOf(method = \"join\")\n"
                + "  static Tensor joinTangent(Tensor[] parts, Tensor[] partsDot) {\n"
                + "    return Tensor.concat(0, partsDot);\n"
                + "  }\n"
                + "}\n");
    compile(s)
        .failsWith(1)
        .declarationError(
            "Adjoint can call tangent rules over double, double[], double[][],"
                + " Tensor, int, int[], long and boolean only",
            s.at("@TangentOf"));
  }
}
