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
import static dev.adjoint.processor.diagnostics.Javac.compileWithoutProcessor;
import static dev.adjoint.processor.diagnostics.Javac.model;
import static dev.adjoint.processor.diagnostics.Javac.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.check.SupportedTypes;
import dev.adjoint.processor.diagnostics.Javac.Source;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact text and position of the messages that say what to write instead where the first advice
 * was impossible or the messages disagreed: a method of the JDK (which no one can annotate), of a
 * library, or of the user's sources without a derivative; varargs; and every message that lists the
 * supported types, which all list the same ones ({@link SupportedTypes}).
 */
class MessagesTest {
  private static final String TYPES = "double, double[], double[][], Tensor, int, int[], long";
  private static final String DETACH =
      "wrap the argument in Adjoint.detach(...) if no derivative should flow through it.";

  /**
   * A body error as javac shows it: the problem, what to do instead, and the method being
   * differentiated (javac indents the lines after the first by two more spaces).
   */
  private static String error(String problem, String fix, String method) {
    return problem + "\n    " + fix + "\n    (when differentiating " + method + ")";
  }

  @Test
  void oneListOfTypes() {
    assertEquals(TYPES + " or boolean", SupportedTypes.values("or"));
    assertEquals(TYPES + " and boolean", SupportedTypes.values("and"));
    assertEquals("double, double[], double[][] or Tensor", SupportedTypes.differentiable("or"));
    assertEquals("double, int or long", SupportedTypes.numbers("or"));
    assertEquals("double, double[] or Tensor", SupportedTypes.results("or"));
  }

  @Test
  void aJdkMethodWithoutDerivativeNeedsRulesOfYourOwn() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return Math.toRadians(x) * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            error(
                "Cannot differentiate through Math.toRadians(double): it has no known derivative, and"
                    + " its argument 1 carries one.",
                "Math.toRadians is the JDK's, so it cannot be annotated: declare its derivative in a"
                    + " class of yours, say MathRules, as a static method annotated @PullbackOf(type ="
                    + " Math.class, method = \"toRadians\", wrt = \"0\"), and add"
                    + " @UseDerivatives(MathRules.class) to class Model; or "
                    + DETACH,
                "Model.f(double)"),
            s.at("Math.toRadians(x)", "("));
  }

  @Test
  void aMethodOfTheSourcesWithoutDerivativeCanBeAnnotated() {
    Source s =
        model(
            """
        static double clip(double v, double limit) {
          return v < limit ? v : limit;
        }

        @Differentiable
        static double f(double x) {
          return 2 * clip(1.0, x);
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            error(
                "Cannot differentiate through Model.clip(double, double): it has no known derivative,"
                    + " and its argument 2 carries one.",
                "Annotate Model.clip with @Differentiable, or declare its derivative with a static"
                    + " method annotated @PullbackOf(type = Model.class, method = \"clip\", wrt ="
                    + " \"limit\"); or "
                    + DETACH,
                "Model.f(double)"),
            s.at("clip(1.0, x)", "("));
  }

  @Test
  void aLibraryMethodWithoutDerivative() {
    File lib =
        compileWithoutProcessor(
            source(
                """
        package lib;

        public final class Special {
          private Special() {}

          public static double softsign(double x) {
            return x / (1 + Math.abs(x));
          }
        }
        """));
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return lib.Special.softsign(x) + x;
        }
        """);
    compile(List.of(lib), s)
        .failsWith(1)
        .exactError(
            error(
                "Cannot differentiate through Special.softsign(double): it has no known derivative,"
                    + " and its argument 1 carries one.",
                "Special.softsign is compiled already: if it is yours, annotate it with"
                    + " @Differentiable and compile its class with Adjoint; otherwise declare its"
                    + " derivative in a class of yours, say SpecialRules, as a static method annotated"
                    + " @PullbackOf(type = Special.class, method = \"softsign\", wrt = \"0\"), and add"
                    + " @UseDerivatives(SpecialRules.class) to class Model; or "
                    + DETACH,
                "Model.f(double)"),
            s.at("softsign(x)", "("));
  }

  @Test
  void anArgumentThatTheDeclaredPullbacksLeaveOut() {
    Source s =
        source(
            """
        package p;

        import dev.adjoint.Differentiable;
        import dev.adjoint.PullbackOf;

        class Lib {
          static double clip(double x, double limit) {
            return x < limit ? x : limit;
          }

          @PullbackOf(method = "clip", wrt = "x")
          static double clipX(double x, double limit, double seed) {
            return x < limit ? seed : 0;
          }

          @Differentiable
          static double f(double x) {
            return clip(x, x * 0.5);
          }
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            error(
                "Cannot differentiate Lib.clip(double, double) with respect to its argument 2:"
                    + " pullbacks are declared for its other arguments only.",
                "Declare one for it too, @PullbackOf(type = Lib.class, method = \"clip\", wrt = \"1\"),"
                    + " or "
                    + DETACH,
                "Lib.f(double)"),
            s.at("clip(x, x * 0.5)", "("));
  }

  @Test
  void varargsOfASupportedTypeBecomeAnArray() {
    Source s =
        model(
            """
        @Differentiable
        static double sum(double... xs) {
          return xs[0];
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            "@Differentiable methods cannot take varargs: declare xs as double[] xs instead of"
                + " double... xs (callers then pass an array).",
            s.at("double... xs", "xs"));
  }

  @Test
  void varargsOfTensorsBecomeParameters() {
    Source s =
        source(
            """
        package p;

        import dev.adjoint.Differentiable;
        import dev.adjoint.tensor.Tensor;

        class Model {
          @Differentiable
          static double sum(Tensor... ts) {
            return 0;
          }
        }
        """);
    compile(s)
        .fails()
        .exactError(
            "@Differentiable methods cannot take varargs: declare ts as separate parameters: Tensor[]"
                + " is not a supported type.",
            s.at("Tensor... ts", "ts"));
  }

  @Test
  void theTypesOfLocals() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          short y = 2;
          return x * y;
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            error(
                "Local variables of type short are not supported.",
                "Use " + TYPES + " or boolean.",
                "Model.f(double)"),
            s.at("short y"));
  }

  @Test
  void theTypesOfValues() {
    Source s =
        model(
            """
        static double twice(Object o) {
          return 2;
        }

        @Differentiable
        static double f(double x) {
          return x + 'a' * twice(new Object());
        }
        """);
    Javac.Result r = compile(s).failsWith(2);
    r.exactError(
        error(
            "String, char and null values are not supported in differentiated code.",
            "Compute with " + TYPES + " and boolean values only.",
            "Model.f(double)"),
        s.at("'a'"));
    r.exactError(
        error(
            "Creating objects is not supported in differentiated code.",
            "Compute with " + TYPES + " and boolean values only.",
            "Model.f(double)"),
        s.at("new Object()"));
  }

  @Test
  void instanceOf() {
    Source s =
        model(
            """
        static final Object THING = 1;

        @Differentiable
        static double f(double x) {
          return THING instanceof Integer ? x : 0;
        }
        """);
    compile(s)
        .fails()
        .exactError(
            error(
                "instanceof is not supported.",
                "Compute with " + TYPES + " and boolean values only.",
                "Model.f(double)"),
            s.at("THING instanceof", "instanceof"));
  }

  @Test
  void theTypesOfFields() {
    Source s =
        model(
            """
        static final short SCALE = 2;

        @Differentiable
        static double f(double x) {
          return SCALE * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            error(
                "The field SCALE has type short, which differentiated code cannot use.",
                "Read fields of type " + TYPES + " or boolean.",
                "Model.f(double)"),
            s.at("SCALE * x"));
  }

  @Test
  void theTypesOfCalls() {
    Source s =
        model(
            """
        static short half(double v) {
          return (short) (v / 2);
        }

        static double twice(Object o) {
          return 2;
        }

        @Differentiable
        static double f(double x) {
          return half(x) * twice(x);
        }
        """);
    Javac.Result r = compile(s).fails();
    r.exactError(
        error(
            "half returns short, which differentiated code cannot use.",
            "Call methods that return " + TYPES + " or boolean.",
            "Model.f(double)"),
        s.at("half(x)", "("));
    r.exactError(
        error(
            "No method twice accepts (double).",
            "Differentiated code calls static methods whose parameters and result are "
                + TYPES
                + " or boolean.",
            "Model.f(double)"),
        s.at("twice(x)", "("));
  }

  @Test
  void theTypesOfTensorMethods() {
    Source s =
        source(
            """
        package p;

        import dev.adjoint.Differentiable;
        import dev.adjoint.tensor.Tensor;

        class Model {
          @Differentiable
          static double f(Tensor t) {
            return t.reshape("2").sum();
          }
        }
        """);
    compile(s)
        .fails()
        .exactError(
            error(
                "String, char and null values are not supported in differentiated code.",
                "Compute with " + TYPES + " and boolean values only.",
                "Model.f(dev.adjoint.tensor.Tensor)"),
            s.at("\"2\""));
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
        .exactError(
            error(
                "% is supported on int and long values only.",
                "For doubles, write x - y * (long) (x / y), which is what % computes, with its"
                    + " derivative defined.",
                "Model.f(double)"),
            s.at("x % 2.0", "%"));
  }

  @Test
  void pullbacksOverUnsupportedTypes() {
    Source s =
        source(
            """
        package p;

        import dev.adjoint.PullbackOf;

        class Lib {
          static double scale(double x, short s) {
            return x * s;
          }

          @PullbackOf(method = "scale", wrt = "x")
          static double scaleX(double x, short s, double seed) {
            return seed * s;
          }
        }
        """);
    compile(s)
        .failsWith(1)
        .exactError(
            "Adjoint can call pullbacks over " + TYPES + " and boolean only.", s.at("@PullbackOf"));
  }
}
