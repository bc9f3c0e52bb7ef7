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

import dev.adjoint.processor.diagnostics.Javac.Source;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calls (Checker's resolution, Activity's derivative checks, AdjointProcessor's propagation of a
 * callee's failure) and the warning for a result that does not depend on what is differentiated.
 */
class CallDiagnosticsTest {
  /** A static helper without a known derivative. */
  private static final String HELPER =
      """
      static double h(double v) {
        return v < 0 ? 0 : v;
      }

      static int bucket(double v) {
        return (int) Math.floor(v);
      }

      """;

  @Test
  void instanceMethodOfString() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return x * "abc".length();
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Calling length on an object is not supported",
            "Differentiated code calls static methods",
            s.at("\"abc\".length()", "("));
  }

  @Test
  void instanceMethodOfObject() {
    Source s =
        model(
            """
        static final Model DEFAULT = new Model();

        double scale() {
          return 2;
        }

        @Differentiable
        static double f(double x) {
          return DEFAULT.scale() * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Calling scale on an object is not supported",
            "Differentiated code calls static methods",
            s.at("DEFAULT.scale()", "("));
  }

  @Test
  void methodOfADouble() {
    Source s =
        model(
            """
        @Differentiable
        static double f(dev.adjoint.tensor.Tensor w) {
          return w.mul(w).sum().item();
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "The receiver of item is a double, which has no methods",
            "Use the value itself (a Tensor's sum(), mean(), dot(u) and item() return a double)",
            "Model.f(dev.adjoint.tensor.Tensor)",
            s.at(".item()", "("));
  }

  @Test
  void classNotImported() {
    // Not valid Java: javac stops after the processor's error, which must say what javac would.
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return x * Helpers.scale(x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Cannot resolve Helpers",
            "Check the spelling, or import the class Helpers",
            s.at("Helpers.scale"));
  }

  @Test
  void systemArraycopy() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double[] a = {x, 2 * x};
          double[] b = new double[2];
          System.arraycopy(a, 0, b, 0, 2);
          return b[1];
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "System.arraycopy is not supported in differentiated code",
            "Copy the elements in a loop: for (int i = 0; i < length; i++) { dest[destPos + i] ="
                + " src[srcPos + i]; }",
            s.at("System.arraycopy(", "("));
  }

  @Test
  void callOfAVoidDifferentiableMethod() {
    Source s =
        model(
            """
        @Differentiable
        static void g(double x) {}

        @Differentiable
        static double f(double x) {
          g(x);
          return x * x;
        }
        """);
    compile(s)
        .failsWith(2)
        .bodyError(
            "This calls Model.g(double), which could not be differentiated (see the error reported"
                + " there)",
            "Fix that error first",
            s.at("g(x);", "("));
  }

  @Test
  void unknownMethod() {
    // Not valid Java: javac stops after the processor's error, which must say what javac would.
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return sinh2(x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Cannot resolve the method sinh2",
            "Differentiated code calls static methods whose parameters and result are double",
            s.at("sinh2(x)", "("));
  }

  @Test
  void unknownVariable() {
    // Not valid Java either.
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return x * scale;
        }
        """);
    compile(s).failsWith(1).bodyError("Cannot resolve scale", "Check the spelling", s.at("scale;"));
  }

  @Test
  void noOverloadAcceptsTheArguments() {
    Source s =
        model(
            """
        static double g(short v) {
          return v;
        }

        @Differentiable
        static double f(double x, int n) {
          return x * g(n);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "No method g accepts (int)",
            "Differentiated code calls static methods whose parameters and result are double",
            "Model.f(double, int)",
            s.at("g(n)", "("));
  }

  @Test
  void methodReturningUnsupportedType() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          String.valueOf(x);
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "valueOf returns java.lang.String, which differentiated code cannot use",
            "Call methods that return double, double[], double[][], Tensor, int, int[], long or"
                + " boolean",
            s.at("String.valueOf(x)", "("));
  }

  @Test
  void privateMethod() {
    Source s =
        model(
            """
        private static double sq(double v) {
          return v * v;
        }

        @Differentiable
        static double f(double x) {
          return Adjoint.detach(sq(x)) * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "The private method sq cannot be called from the generated companion class",
            "Remove private from sq",
            s.at("sq(x)", "("));
  }

  @Test
  void explicitTypeArguments() {
    Source s =
        model(
            """
        static <T> double id(double v) {
          return v;
        }

        @Differentiable
        static double f(double x) {
          return Model.<String>id(Adjoint.detach(x)) * x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Explicit type arguments are not supported",
            "Call a non-generic method",
            s.at("Model.<String>id(", "("));
  }

  @Test
  void staticMethodWithoutDerivative() {
    Source s =
        model(
            HELPER
                + """
        @Differentiable
        static double f(double x) {
          double y = h(x);
          return y * x;
        }
        """);
    // Only the line: the column is the variable's (see activityErrorIsAtTheCall).
    compile(s)
        .failsWith(1)
        .bodyErrorOnLine(
            "Cannot differentiate through Model.h(double): it has no known derivative, and its"
                + " argument 1 carries one",
            "Annotate Model.h with @Differentiable, or declare its derivative with a static method"
                + " annotated @PullbackOf(type = Model.class, method = \"h\", wrt = \"v\"); or wrap"
                + " the argument in Adjoint.detach(...)",
            "Model.f(double)",
            s.at("h(x)", "("));
  }

  @Test
  void activityErrorIsAtTheCall() {
    Source s =
        model(
            HELPER
                + """
        @Differentiable
        static double f(double x) {
          double y = h(x);
          return y * x;
        }

        @Differentiable(wrt = "a")
        static double g(double a, double b) {
          return h(Adjoint.detach(a)) * a * b;
        }

        @Differentiable
        static double k(double x) {
          return g(x, x * x);
        }
        """);
    compile(s)
        .failsWith(2)
        .bodyError(
            "Cannot differentiate through Model.h(double)",
            "Annotate Model.h",
            s.at("double y = h(x)", "("))
        .bodyError(
            "Argument 2 of Model.g(double, double) carries a derivative",
            "Add the parameter",
            "Model.k(double)",
            s.at("g(x, x * x)", "("));
  }

  @Test
  void staticMethodWithoutDerivativeInReturn() {
    Source s =
        model(
            HELPER
                + """
        @Differentiable
        static double f(double x) {
          return 2 * h(x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Cannot differentiate through Model.h(double)",
            "Annotate Model.h with @Differentiable",
            s.at("h(x)", "("));
  }

  @Test
  void staticMethodWithoutDerivativeIsFineOnADetachedArgument() {
    Source s =
        model(
            HELPER
                + """
        @Differentiable
        static double f(double x) {
          double y = h(Adjoint.detach(x));
          return y * x;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void staticMethodWithoutDerivativeIsFineWhenItsResultIsUnused() {
    Source s =
        model(
            HELPER
                + """
        @Differentiable
        static double f(double x) {
          h(x);
          double unused = h(x);
          return x * x;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void staticMethodWithoutDerivativeIsFineWhenOnlyAnIntIsUsed() {
    Source s =
        model(
            HELPER
                + """
        @Differentiable
        static double f(double x) {
          int k = bucket(x);
          int j = (int) h(x);
          if (h(x) > 1) {
            k++;
          }
          return (k + j) * x;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void argumentForAParameterExcludedByWrt() {
    Source s =
        model(
            """
        @Differentiable(wrt = "a")
        static double g(double a, double b) {
          return a * b;
        }

        @Differentiable
        static double f(double x) {
          return g(x, x * x);
        }
        """);
    // Only the line: the column is the return statement's (see activityErrorIsAtTheCall).
    compile(s)
        .failsWith(1)
        .bodyErrorOnLine(
            "Argument 2 of Model.g(double, double) carries a derivative, but that method does not"
                + " differentiate with respect to this parameter (see its wrt)",
            "Add the parameter to the wrt of g, or wrap the argument in Adjoint.detach(...)",
            "Model.f(double)",
            s.at("g(x, x * x)", "("));
  }

  @Test
  void parameterExcludedByWrtIsFineForAConstantOrDetachedArgument() {
    Source s =
        model(
            """
        @Differentiable(wrt = "a")
        static double g(double a, double b) {
          return a * b;
        }

        @Differentiable
        static double f(double x) {
          return g(x, 3.0) + g(x, Adjoint.detach(x));
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void calleeThatCouldNotBeDifferentiated() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double y = g(x);
          return y * y;
        }

        @Differentiable
        static double g(double x) {
          assert x > 0;
          return Math.log(x);
        }
        """);
    // Only the line for the call: the column is the variable's (see activityErrorIsAtTheCall).
    compile(s)
        .failsWith(2)
        .bodyError(
            "assert is not supported",
            "Check the condition in the caller",
            "Model.g(double)",
            s.at("assert x"))
        .bodyErrorOnLine(
            "This calls Model.g(double), which could not be differentiated (see the error reported"
                + " there)",
            "Fix that error first",
            "Model.f(double)",
            s.at("double y = g(x)", "("));
  }

  @Test
  void calleeWithAnInvalidSignature() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return g(x) * x;
        }

        @Differentiable(wrt = "y")
        static double g(double x) {
          return x * x;
        }
        """);
    compile(s)
        .failsWith(2)
        .declarationError("wrt names y, which is not a parameter of g", s.at("double g(", "g("))
        .bodyError(
            "This calls Model.g(double), which could not be differentiated",
            "Fix that error first",
            s.at("g(x) * x", "("));
  }

  @Test
  void failureOfACalleePropagatesAlongTheCallChain() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return 2 * g(x);
        }

        @Differentiable
        static double g(double x) {
          return 3 * h(x);
        }

        @Differentiable
        static double h(double x) {
          return x % 1.0;
        }
        """);
    compile(s)
        .failsWith(3)
        .bodyError(
            "% is supported on int and long values only",
            "For doubles", "Model.h(double)", s.at("x % 1.0", "%"))
        .bodyError(
            "This calls Model.h(double), which could not be differentiated",
            "Fix that error first",
            "Model.g(double)",
            s.at("h(x)", "("))
        .bodyError(
            "This calls Model.g(double), which could not be differentiated",
            "Fix that error first",
            "Model.f(double)",
            s.at("g(x)", "("));
  }

  @Test
  void calleeCompiledWithoutTheProcessor() {
    Source lib =
        source(
            """
        package q;

        import dev.adjoint.Differentiable;

        public final class Lib {
          private Lib() {}

          @Differentiable
          public static double sq(double x) {
            return x * x;
          }
        }
        """);
    File classes = compileWithoutProcessor(lib);
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return q.Lib.sq(x) + x;
        }
        """);
    compile(List.of(classes), s)
        .failsWith(1)
        .bodyError(
            "Lib.sq(double) is @Differentiable, but its generated companion q.LibAdjoint is"
                + " missing: its class was compiled without the Adjoint processor",
            "Add dev.adjoint:adjoint-processor to the annotationProcessorPaths of the build that"
                + " compiles q.Lib",
            s.at("q.Lib.sq(x)", "("));
  }

  @Test
  void resultThatDoesNotDependOnTheParameterIsWarnedAbout() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          return Adjoint.detach(x) * 2;
        }
        """);
    compile(s)
        .succeedsWithWarnings(1)
        .warning(
            "The result of Model.f(double) does not depend on x: its gradient is always zero."
                + " Check wrt, or whether Adjoint.detach(...) cuts the dependence.",
            s.at("double f(", "f("));
  }

  @Test
  void constantResultIsWarnedAbout() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, double y) {
          return 3.0;
        }
        """);
    compile(s)
        .succeedsWithWarnings(1)
        .warning(
            "The result of Model.f(double, double) does not depend on x, y: its gradient is always"
                + " zero",
            s.at("double f(", "f("));
  }

  @Test
  void resultThatDependsOnlyOnAnExcludedParameterIsWarnedAbout() {
    Source s =
        model(
            """
        @Differentiable(wrt = "x")
        static double f(double x, double y) {
          return y * y;
        }
        """);
    compile(s)
        .succeedsWithWarnings(1)
        .warning(
            "The result of Model.f(double, double) does not depend on x:", s.at("double f(", "f("));
  }

  @Test
  void ordinaryMethodCompilesWithoutDiagnostics() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          double y = 0;
          for (int i = 0; i < n; i++) {
            y += Math.sin(x) * i;
          }
          return y;
        }
        """);
    compile(s).succeedsQuietly();
  }
}
