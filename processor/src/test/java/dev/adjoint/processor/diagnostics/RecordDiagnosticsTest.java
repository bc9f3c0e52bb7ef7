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

/** Every way to get records as parameters wrong: the message, and where it points. */
class RecordDiagnosticsTest {

  @Test
  void stringComponent() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            record Model(double[] w, String name) {
              @Differentiable
              static double f(Model m) {
                return m.w()[0];
              }
            }
            """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Component name of the record Model has type String, which a record of parameters"
                + " cannot hold: Adjoint differentiates the double, double[], double[][] and"
                + " Tensor components of a record (and of records nested in it), and passes int,"
                + " int[], long, boolean, float and float[] components as data. Pass the String as"
                + " a separate parameter instead. (a parameter of the @Differentiable method f)",
            s.at("String name", "name"));
  }

  @Test
  void listComponentOfANestedRecord() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;
            import java.util.List;

            class Model {
              record Layer(List<double[]> rows) {}

              record Net(Layer layer, double b) {}

              @Differentiable
              static double f(Net net) {
                return net.b();
              }
            }
            """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Component rows of the record Layer has type List<double[]>, which a record of"
                + " parameters cannot hold",
            s.at("List<double[]> rows", "rows"))
        .declarationError(
            "Use a double[][] (or a Tensor) instead of a collection of arrays.",
            s.at("List<double[]> rows", "rows"));
  }

  @Test
  void classParameterThatIsNoRecord() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            class Model {
              static final class Weights {
                double[] w;
              }

              @Differentiable
              static double f(Weights weights) {
                return 0;
              }
            }
            """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "Parameter weights of f has type p.Model.Weights, which @Differentiable methods do not"
                + " support. Use double, double[], double[][], Tensor, int, int[], long, boolean,"
                + " float or float[], or a record whose components are such values (or records of"
                + " them).",
            s.at("Weights weights", "weights"));
  }

  @Test
  void assigningARecordComponent() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            record Model(double[] w, double b) {
              @Differentiable
              double f(double x) {
                double[] v = w;
                w = v;
                return b * x;
              }
            }
            """);
    compile(s)
        .fails()
        .bodyError(
            "Assigning the record component w is not supported",
            "A record's components are final",
            "Model.f(double)",
            s.at("w = v;", "w"));
  }

  @Test
  void reassigningARecordVariable() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            record Model(double[] w, double b) {
              @Differentiable
              static double f(Model a, Model b) {
                Model m = a;
                m = b;
                return m.b();
              }
            }
            """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Assigning the record variable m is not supported",
            "Declare another local for the other record",
            "Model.f(p.Model, p.Model)",
            s.at("m = b;", "m"));
  }

  @Test
  void newRecordInDifferentiatedCode() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            record Model(double[] w, double b) {
              @Differentiable
              static double f(Model a) {
                Model m = new Model(a.w(), 2 * a.b());
                return m.b();
              }
            }
            """);
    compile(s)
        .fails()
        .bodyError(
            "A local record variable must be initialised with a record the method receives",
            "build new records outside the @Differentiable method",
            "Model.f(p.Model)",
            s.at("new Model(a.w(), 2 * a.b())", "new"));
  }

  @Test
  void recordPassedToAMethodThatIsNotDifferentiable() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            record Model(double[] w, double b) {
              static double norm(Model m) {
                return m.b();
              }

              @Differentiable
              static double f(Model a) {
                return norm(a) * a.b();
              }
            }
            """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Passing a record to norm is not supported: only @Differentiable methods take records",
            "Annotate norm with @Differentiable",
            "Model.f(p.Model)",
            s.at("norm(a) *", "(a)"));
  }

  @Test
  void aRecordUsedAsAValue() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            record Model(double[] w, double b) {
              @Differentiable
              static double f(Model a) {
                double x = a.b();
                return x * (a == null ? 1 : 2);
              }
            }
            """);
    compile(s)
        .fails()
        .bodyError(
            "a is a record (Model), which differentiated code can only read components of",
            "Read its components with their accessors, as in a.w().",
            "Model.f(p.Model)",
            s.at("a == null", "a"));
  }

  /** Typed buffers cannot be swapped: another method's buffers, or arrays, do not compile. */
  @Test
  void buffersOfAnotherMethodDoNotCompile() {
    Source model =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            class Model {
              @Differentiable
              static double f(double[] w, double b, double[] x, double y) {
                return w[0] * x[0] + b - y;
              }

              @Differentiable
              static double g(double[] x, double b, double[] w, double y) {
                return w[0] * x[0] + b - y;
              }
            }
            """);
    Source use =
        source(
            """
            package p;

            class Use {
              static double wrong(double[] w, double[] x) {
                var buffers = ModelAdjoint.GBuffers.zerosLike(x, 0, w, 0);
                return ModelAdjoint.fPullback(w, 0, x, 0, 1.0, buffers);
              }
            }
            """);
    compile(model, use)
        .fails()
        .declarationError("incompatible types", use.at("buffers);", "buffers"));
  }

  @Test
  void privateRecord() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            class Model {
              private record Weights(double[] w) {}

              @Differentiable
              static double f(Weights weights) {
                return weights.w()[0];
              }
            }
            """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "The record Weights cannot be a parameter of a @Differentiable method while Weights is"
                + " private",
            s.at("Weights weights", "weights"));
  }

  @Test
  void parameterNamedLikeALeaf() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            class Model {
              record Weights(double[] w) {}

              @Differentiable
              static double f(Weights m, double m_w) {
                return m.w()[0] * m_w;
              }
            }
            """);
    compile(s)
        .failsWith(1)
        .declarationError(
            "The parameter name m_w of f is also the name Adjoint gives a record component",
            s.at("static double f(", "f("));
  }

  /** The message speaks of the call as the user wrote it, not of the record's leaves. */
  @Test
  void argumentOfARecordMethodOutsideItsWrt() {
    Source s =
        source(
            """
            package p;

            import dev.adjoint.Differentiable;

            record Dense(double[] w, double b) {
              @Differentiable(wrt = "this")
              double apply(double x) {
                return w[0] * x + b;
              }

              @Differentiable
              static double twice(Dense d, double x) {
                return 2 * d.apply(x);
              }
            }
            """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Argument 1 of Dense.apply(double) carries a derivative, but that method does not"
                + " differentiate with respect to this parameter (see its wrt).",
            "Add the parameter to the wrt of apply, or wrap the argument in Adjoint.detach(...).",
            "Dense.twice(p.Dense, double)",
            s.at("d.apply(x)", "("));
  }
}
