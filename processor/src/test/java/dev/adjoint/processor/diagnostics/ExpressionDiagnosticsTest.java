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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expressions, variables and fields outside the supported subset (Checker): each reported once, at
 * the expression (javac's preferred position for it, as javac's own errors use: the operator of a
 * binary expression, the {@code [} of an array access or array type, the {@code .} of a field
 * access, the {@code (} of a call, the start of anything else), with what to write instead and the
 * method being differentiated.
 *
 * <p>Constructs that need a target type (lambdas, method references) or produce an object are
 * passed to non-differentiated helpers such as {@code use(Object, double)}, so that nothing but the
 * construct under test is outside the subset.
 */
class ExpressionDiagnosticsTest {
  private static final String HELPERS =
      """
      static double use(Object o, double v) {
        return v;
      }

      static double apply(java.util.function.DoubleUnaryOperator g, double v) {
        return g.applyAsDouble(v);
      }

      """;

  @Test
  void lambda() {
    Source s =
        model(
            HELPERS
                + """
        @Differentiable
        static double f(double x) {
          return apply(v -> v * v, x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Lambdas are not supported in differentiated code",
            "Write the function as a static @Differentiable method and call it",
            s.at("v -> v * v"));
  }

  @Test
  void methodReference() {
    Source s =
        model(
            HELPERS
                + """
        @Differentiable
        static double f(double x) {
          return apply(Math::sin, x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Method references are not supported in differentiated code",
            "Call the static method directly",
            s.at("Math::sin"));
  }

  @Test
  void newObject() {
    Source s =
        model(
            HELPERS
                + """
        @Differentiable
        static double f(double x) {
          return use(new StringBuilder(), x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Creating objects is not supported in differentiated code",
            "Compute with double, double[], double[][], Tensor, int, int[], long and boolean"
                + " values only",
            s.at("new StringBuilder()"));
  }

  @Test
  void arrayCreation() {
    Source s =
        model(
            HELPERS
                + """
        @Differentiable
        static double f(double x) {
          double[][] m = new double[][] {{x, x}};
          return m[0][1];
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Only double[] array initializers ({...}) are supported",
            "Create the array with new double[n] (or new double[n][m]) and assign its elements",
            s.at("new double[][]"));
  }

  @Test
  void anInitializerOfAnUnsupportedArrayIsReportedOnceAtItsType() {
    Source s =
        model(
            HELPERS
                + """
        @Differentiable
        static double f(double x) {
          double[] v = {x, 2.0};
          boolean[] flags = {true};
          return v[0] * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError("Local variables of type boolean[] are not supported", "Use", s.at("[] flags"));
  }

  @Test
  void readingAStaticArrayIsFine() {
    Source s =
        model(
            """
        static final double[] W = {1, 2};

        @Differentiable
        static double f(double x) {
          return W[1] * x;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void arrayElementWrite() {
    Source s =
        model(
            """
        static final double[] W = {1, 2};

        @Differentiable
        static double f(double x) {
          W[0] = x;
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "This writes into the static field array W",
            "Copy W into a new local array",
            s.at("W[0] = x", "="));
  }

  @Test
  void unusedLocalArrayIsFine() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double[] w;
          return x;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void localShortVariable() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          short scale = 2;
          return x * n;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Local variables of type short are not supported",
            "Use double, double[], double[][], Tensor, int, int[], long or boolean",
            "Model.f(double, int)",
            s.at("short scale"));
  }

  @Test
  void instanceOf() {
    Source s =
        model(
            """
        static Object shape = "circle";

        @Differentiable
        static double f(double x) {
          if (shape instanceof String) {
            return x;
          }
          return 2 * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "instanceof is not supported",
            "Compute with double, double[], double[][], Tensor, int, int[], long and boolean"
                + " values only",
            s.at("shape instanceof", "instanceof"));
  }

  @Test
  void stringLiteral() {
    Source s =
        model(
            HELPERS
                + """
        @Differentiable
        static double f(double x) {
          return use("label", x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "String, char and null values are not supported in differentiated code",
            "Compute with double, double[], double[][], Tensor, int, int[], long and boolean"
                + " values only",
            s.at("\"label\""));
  }

  @Test
  void stringConcatenation() {
    Source s =
        model(
            HELPERS
                + """
        @Differentiable
        static double f(double x) {
          return use("x = " + x, x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "String, char and null values are not supported in differentiated code",
            "Compute with double, double[], double[][], Tensor, int, int[], long and boolean"
                + " values only",
            s.at("\"x = \""));
  }

  /** float values are data, computed as Java computes them (see corpus/FloatDataTest). */
  @Test
  void floatLiteralAndLocalAreData() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          float scale = n * 1.5f;
          return x * scale;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void charLiteral() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          int c = 'a';
          return x * c;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "String, char and null values are not supported in differentiated code",
            "Compute with double, double[], double[][], Tensor, int, int[], long and boolean"
                + " values only",
            s.at("'a'"));
  }

  @Test
  void nullLiteral() {
    Source s =
        model(
            HELPERS
                + """
        @Differentiable
        static double f(double x) {
          return use(null, x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "String, char and null values are not supported in differentiated code",
            "Compute with double, double[], double[][], Tensor, int, int[], long and boolean"
                + " values only",
            s.at("null"));
  }

  @Test
  void staticFieldWrite() {
    Source s =
        model(
            """
        static double last;

        @Differentiable
        static double f(double x) {
          last = x;
          return x * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Writing the field last is not supported",
            "assign to a local variable and return the result",
            s.at("last = x"));
  }

  @Test
  void staticFieldIncrement() {
    Source s =
        model(
            """
        static int calls;

        @Differentiable
        static double f(double x) {
          calls++;
          return x * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Writing the field calls is not supported",
            "assign to a local variable and return the result",
            s.at("calls++"));
  }

  @Test
  void instanceFieldRead() {
    Source s =
        model(
            """
        static final Model DEFAULT = new Model();
        double weight = 2;

        @Differentiable
        static double f(double x) {
          return DEFAULT.weight * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Reading DEFAULT.weight is not supported",
            "Differentiated code reads its parameters, locals and static fields only",
            s.at("DEFAULT.weight *", "."));
  }

  @Test
  void staticFieldOfUnsupportedType() {
    Source s =
        model(
            """
        static short scale = 2;

        @Differentiable
        static double f(double x) {
          return scale * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "The field scale has type short, which differentiated code cannot use",
            "Read fields of type double, double[], double[][], Tensor, int, int[], long or boolean",
            s.at("scale * x"));
  }

  @Test
  void privateStaticField() {
    Source s =
        model(
            """
        private static double scale = 2;

        @Differentiable
        static double f(double x) {
          return scale * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "The private field scale cannot be read from the generated companion class",
            "Remove private from the field",
            s.at("scale * x"));
  }

  @Test
  void privateConstantIsFine() {
    Source s =
        model(
            """
        private static final double SCALE = 2;

        @Differentiable
        static double f(double x) {
          return SCALE * x;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void remainderOfDoubles() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return x % 2.0;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "% is supported on int and long values only",
            "For doubles, write x - y * (long) (x / y)", s.at("x % 2.0", "%"));
  }

  @Test
  void remainderOfIntsIsFine() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          return x * (n % 3);
        }
        """);
    compile(s).succeedsQuietly();
  }

  @ParameterizedTest
  @ValueSource(strings = {"float", "short", "byte", "char"})
  void castToUnsupportedType(String type) {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          return x * (%s) n;
        }
        """
                .formatted(type));
    compile(s)
        .failsWith(1)
        .bodyError(
            "Casts to " + type + " are not supported",
            "Cast to double, int or long",
            "Model.f(double, int)",
            s.at("(" + type + ") n", type));
  }

  @Test
  void writeIntoParameterArray() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double[] x) {
          double[] alias = x;
          alias[0] = 2 * x[1];
          return x[0];
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "This writes into the parameter array x",
            "Copy x into a new local array",
            "Model.f(double[])",
            s.at("alias[0] = 2", "="));
  }

  @Test
  void assignRowOfMatrix() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double[][] m = new double[2][2];
          m[0] = new double[2];
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Assigning a whole row of a double[][] is not supported",
            "Assign the row's elements one by one",
            s.at("m[0] =", "["));
  }

  @Test
  void jaggedArrayCreation() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double[][] m = new double[2][];
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "A double[][] must be created with both its sizes",
            "Give the length of the rows too (new double[n][m])",
            s.at("new double[2][]"));
  }

  @Test
  void arrayClone() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double[] w) {
          double[] copy = w.clone();
          return copy[0];
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Copying an array with clone() is not supported",
            "double[] copy = new double[w.length], then copy[i] = w[i] for each i",
            "Model.f(double[])",
            s.at("w.clone()", "("));
  }

  @Test
  void matrixClone() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double[][] m) {
          double[][] copy = m.clone();
          return copy[0][0];
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Copying an array with clone() is not supported",
            "double[][] copy = new double[m.length][m[0].length], then copy[i][j] = m[i][j]",
            "Model.f(double[][])",
            s.at("m.clone()", "("));
  }

  @Test
  void longArrayIndex() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double[] x, long i) {
          return x[i];
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "An array index must be an int",
            "Cast it with (int)",
            "Model.f(double[], long)",
            s.at("x[i]", "i]"));
  }
}
