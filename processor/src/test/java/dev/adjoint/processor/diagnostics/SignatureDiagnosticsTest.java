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
import static dev.adjoint.processor.diagnostics.Javac.source;

import dev.adjoint.processor.diagnostics.Javac.Source;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Errors about what a {@code @Differentiable} method declares (SignatureValidator, and the clash of
 * generated names in AdjointProcessor). They are reported on the method, or on the parameter at
 * fault, before the body is read.
 */
class SignatureDiagnosticsTest {

  @Test
  void instanceMethod() {
    Source s =
        model(
            """
        @Differentiable
        double f(double x) {
          return x * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable methods must be static or belong to a record: f is an instance method of the class Model",
            s.at("double f(", "f("));
  }

  /**
   * Names with '$' go into the javadoc of generated methods, which JavaPoet reads as formats: a
   * record type and components, a method with array buffers (its split sweeps' note), a vector
   * method (its Jacobian's) and a second-order one (its Hessian's) compile. Each of these failed
   * with "Adjoint could not write ... invalid format string" before the names were escaped.
   */
  @Test
  void dollarsInNamesCompile() {
    Source s =
        model(
            """
        record Weights$(double[] w$, double b$) {}

        @Differentiable
        static double loss$(Weights$ m$, double[] x$) {
          double s = m$.b$();
          for (int i = 0; i < x$.length; i++) {
            s += m$.w$()[i] * x$[i];
          }
          return s * s;
        }

        @Differentiable
        static double sum$(double[] v$, int n$) {
          double s = 0;
          for (int i = 0; i < n$; i++) {
            s += Math.exp(v$[i]);
          }
          return Math.log(s);
        }

        @Differentiable
        static double[] pair$(double[] w$, double c$) {
          double[] out = new double[2];
          out[0] = w$[0] * c$;
          out[1] = w$[1] + c$;
          return out;
        }

        @Differentiable(order = 2)
        static double cubes$(double[] v$, int n$) {
          double s = 0;
          for (int i = 0; i < n$; i++) {
            s += v$[i] * v$[i] * v$[i];
          }
          return s;
        }
        """);
    compile(s).succeedsQuietly();
  }

  /**
   * The companion is a top-level class beside the outermost class, so it cannot see a private
   * nested class (its parameter types and records would not compile).
   */
  @Test
  void methodInAPrivateNestedClass() {
    Source s =
        model(
            """
        private static final class Inner {
          @Differentiable
          static double f(double x) {
            return x * scale();
          }

          static double scale() {
            return 2;
          }
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable methods cannot belong to a private class: Inner is private, and the"
                + " generated Model_InnerAdjoint, a class of its own beside Model, cannot see it."
                + " Remove private from Inner (package-private is enough)",
            s.at("double f(", "f("));
  }

  /** A class nested in a private one is as hidden as the private one. */
  @Test
  void methodInAClassNestedInAPrivateOne() {
    Source s =
        model(
            """
        private static final class Outer {
          static final class Inner {
            @Differentiable
            static double f(double x) {
              return x * x;
            }
          }
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable methods cannot belong to a private class: Outer is private, and the"
                + " generated Model_Outer_InnerAdjoint",
            s.at("double f(", "f("));
  }

  @Test
  void returnTypeNotDouble() {
    Source s =
        model(
            """
        @Differentiable
        static float f(double x) {
          return (float) x;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable methods must return double, double[] or Tensor: f returns float",
            s.at("float f(", "f("));
  }

  @Test
  void genericMethod() {
    Source s =
        model(
            """
        @Differentiable
        static <T> double f(double x) {
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable methods cannot be generic: f declares type parameters",
            s.at("double f(", "f("));
  }

  @Test
  void varargs() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double... xs) {
          return 0;
        }
        """);
    compile(s)
        .fails()
        .declarationError(
            "@Differentiable methods cannot take varargs: declare xs as double[] xs instead of"
                + " double... xs (callers then pass an array).",
            s.at("double... xs", "xs"));
  }

  @Test
  void abstractMethodInAbstractClass() {
    Source s =
        source(
            """
        package p;

        import dev.adjoint.Differentiable;

        abstract class Model {
          @Differentiable
          abstract double f(double x);
        }
        """);
    // Java forbids abstract static, so the method is also an instance method: both are said.
    compile(s)
        .failsWith(2)
        .declarationError(
            "@Differentiable methods need a body that Adjoint can read: f is abstract or native",
            s.at("double f(", "f("))
        .declarationError("f is an instance method", s.at("double f(", "f("));
  }

  @Test
  void interfaceMethod() {
    Source s =
        source(
            """
        package p;

        import dev.adjoint.Differentiable;

        interface Model {
          @Differentiable
          double f(double x);
        }
        """);
    compile(s)
        .failsWith(2)
        .declarationError("f is abstract or native", s.at("double f(", "f("))
        .declarationError("f is an instance method", s.at("double f(", "f("));
  }

  @Test
  void nativeMethod() {
    Source s =
        model(
            """
        @Differentiable
        static native double f(double x);
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable methods need a body that Adjoint can read: f is abstract or native",
            s.at("double f(", "f("));
  }

  @Test
  void stringParameter() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, String label) {
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Parameter label of f has type java.lang.String, which @Differentiable methods do not"
                + " support. Use double, double[], double[][], Tensor, int, int[], long, boolean,"
                + " float or float[], or a record whose components are such values (or records of"
                + " them).",
            s.at("String label", "label"));
  }

  @Test
  void arrayParameter() {
    Source s =
        model(
            """
        @Differentiable
        static double f(long[] xs) {
          return 0;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Parameter xs of f has type long[], which @Differentiable methods do not support."
                + " Use double, double[], double[][], Tensor, int, int[], long, boolean, float or"
                + " float[], or a record whose components are such values (or records of them).",
            s.at("long[] xs", "xs"));
  }

  /** A float is data: a method with nothing else has nothing to differentiate. */
  @Test
  void onlyAFloatParameter() {
    Source s =
        model(
            """
        @Differentiable
        static double f(float x) {
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "f has no parameter to differentiate: its float parameter x is data to Adjoint, which"
                + " generates derivatives in double precision only and never differentiates float"
                + " values. Declare x as double to differentiate with respect to it, or remove"
                + " @Differentiable if f needs no derivative",
            s.at("float x", "x"));
  }

  @Test
  void onlyAFloatArrayParameter() {
    Source s =
        model(
            """
        @Differentiable
        static double f(int n, float[] xs) {
          return xs[n];
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "f has no parameter to differentiate: its float[] parameter xs is data to Adjoint",
            s.at("float[] xs", "xs"))
        .declarationError("Declare xs as double[] to differentiate", s.at("float[] xs", "xs"));
  }

  @Test
  void wrtNamesAFloat() {
    Source s =
        model(
            """
        @Differentiable(wrt = {"x", "scale"})
        static double f(double x, float scale) {
          return x * scale;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "wrt names scale, which is a float: Adjoint generates derivatives in double precision"
                + " only, so float and float[] parameters are data to it, read as Java reads them"
                + " and never differentiated (as int parameters are). Declare scale as double to"
                + " differentiate with respect to it, or remove it from wrt.",
            s.at("float scale", "scale"));
  }

  @Test
  void wrtNamesAFloatArray() {
    Source s =
        model(
            """
        @Differentiable(wrt = "data")
        static double f(double x, float[] data) {
          return x * data[0];
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "wrt names data, which is a float[]: Adjoint generates derivatives in double"
                + " precision only",
            s.at("float[] data", "data"))
        .declarationError(
            "Declare data as double[] to differentiate", s.at("float[] data", "data"));
  }

  /** Without wrt, float parameters beside a double are data, and need no mention. */
  @Test
  void floatParametersBesideADoubleAreData() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, float scale, float[] data) {
          return x * scale * data[0];
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void wrtNamesNoParameter() {
    Source s =
        model(
            """
        @Differentiable(wrt = "y")
        static double f(double x, int n) {
          return x * n;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "wrt names y, which is not a parameter of f. Its parameters are x, n.",
            s.at("double f(", "f("));
  }

  @Test
  void wrtNamesParameterOfMethodWithoutParameters() {
    Source s =
        model(
            """
        @Differentiable(wrt = "x")
        static double f() {
          return 1;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("wrt names x, which is not a parameter of f", s.at("double f(", "f("))
        .nothingContaining("Its parameters are .");
  }

  @Test
  void wrtNamesIntParameter() {
    Source s =
        model(
            """
        @Differentiable(wrt = {"x", "n"})
        static double f(double x, int n) {
          return x * n;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "wrt names n, which has type int: only double, double[], double[][] and Tensor"
                + " parameters can be differentiated. Remove it from wrt.",
            s.at("double f(", "f("));
  }

  @Test
  void wrtNamesParameterTwice() {
    Source s =
        model(
            """
        @Differentiable(wrt = {"x", "x"})
        static double f(double x, double y) {
          return x * y;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError("wrt names x twice. Name each parameter once.", s.at("double f(", "f("));
  }

  @Test
  void differentiatedParameterNamedValue() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, double value) {
          return x * value;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "A differentiated parameter cannot be named value: the gradient record FGradient"
                + " already has a component value",
            s.at("double value", "value"));
  }

  @Test
  void parameterNamedValueIsFineWhenNotDifferentiated() {
    Source s =
        model(
            """
        @Differentiable(wrt = "x")
        static double f(double x, double value) {
          return x * value;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void overloadsClash() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return x * x;
        }

        @Differentiable
        static double f(double x, double y) {
          return x * y;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Both Model.f(double) and Model.f(double, double) would generate FGradient in"
                + " ModelAdjoint",
            s.at("double f(double x, double y)", "f("))
        .declarationError("Rename one of them.", s.at("double f(double x, double y)", "f("));
  }

  @Test
  void namesThatDifferInTheCaseOfTheirFirstLetterClash() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return x * x;
        }

        @Differentiable
        static double F(double x) {
          return 2 * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Both Model.f(double) and Model.F(double) would generate FGradient in ModelAdjoint",
            s.at("double F(", "F("));
  }

  @Test
  @Disabled(
      "known limitation: javac never shows annotation processors the members of local classes,"
          + " so a @Differentiable method there is neither processed nor reported (documented in"
          + " the README)")
  void methodOfLocalClass() {
    Source s =
        model(
            """
        static double outer(double y) {
          class Local {
            @Differentiable
            static double f(double x) {
              return x * x;
            }
          }
          return Local.f(y);
        }
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "@Differentiable methods must belong to a top-level or member class, not a local or"
                + " anonymous one. Move f to a named class.",
            s.at("double f(", "f("));
  }

  @Test
  @Disabled(
      "known limitation: javac never shows annotation processors the members of anonymous"
          + " classes (documented in the README)")
  void methodOfAnonymousClass() {
    Source s =
        model(
            """
        static Object o = new Object() {
          @Differentiable
          static double f(double x) {
            return x * x;
          }
        };
        """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "must belong to a top-level or member class, not a local or anonymous one",
            s.at("double f(", "f("));
  }

  @Test
  void methodOfMemberClassIsFine() {
    Source s =
        model(
            """
        static final class Inner {
          @Differentiable
          static double f(double x) {
            return x * x;
          }
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void everyProblemOfOneDeclarationIsReported() {
    Source s =
        model(
            """
        @Differentiable(wrt = "z")
        <T> int f(double x, String s) {
          return 0;
        }
        """);
    compile(s)
        .failsWith(5)
        .declarationError("f is an instance method", s.at("int f(", "f("))
        .declarationError("f returns int", s.at("int f(", "f("))
        .declarationError("cannot be generic", s.at("int f(", "f("))
        .declarationError("Parameter s of f has type java.lang.String", s.at("String s", "s"))
        .declarationError("wrt names z, which is not a parameter of f", s.at("int f(", "f("));
  }

  @Test
  void companionNameAlreadyTaken() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return x * x;
        }
        """);
    Source taken =
        source(
            """
        package p;

        final class ModelAdjoint {}
        """);
    // The message names the class in the way and contains no exception (checked by compile).
    compile(s, taken)
        .failsWith(1)
        .declarationError("p.ModelAdjoint", s.at("class Model"))
        .nothingContaining("Exception");
  }
}
