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
package dev.adjoint.processor.read;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.testing.CompiledClasses;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor declares itself isolating to Gradle: an incremental build recompiles a changed
 * class alone, with the rest of the project as class files on the class path, and must generate
 * exactly what a full build generates. Each test compiles a project in full, then the model alone
 * against the full build's other classes (with {@code -g}, as Gradle and Maven compile), and
 * compares the generated companions.
 */
class IncrementalBuildTest {
  private static final JavaFileObject LIBRARY =
      JavaFileObjects.forSourceString(
          "p.Library",
          """
          package p;

          public final class Library {
            private Library() {}

            public static double softplus(double x) {
              return Math.log1p(Math.exp(x));
            }
          }
          """);

  private static final JavaFileObject LIBRARY_PULLBACKS =
      JavaFileObjects.forSourceString(
          "p.LibraryPullbacks",
          """
          package p;

          import dev.adjoint.PullbackOf;

          public final class LibraryPullbacks {
            private LibraryPullbacks() {}

            @PullbackOf(type = Library.class, method = "softplus", wrt = "x")
            public static double softplus(double x, double seed) {
              return seed / (1 + Math.exp(-x));
            }
          }
          """);

  /** Rules kept in a class of their own name, as for a third-party library. */
  private static final JavaFileObject RULES =
      JavaFileObjects.forSourceString(
          "q.Rules",
          """
          package q;

          import dev.adjoint.PullbackOf;
          import dev.adjoint.TangentOf;
          import p.Library;

          public final class Rules {
            private Rules() {}

            public static final class Activations {
              private Activations() {}

              @PullbackOf(type = Library.class, method = "softplus", wrt = "x")
              public static double softplus(double x, double seed) {
                return seed / (1 + Math.exp(-x));
              }

              @TangentOf(type = Library.class, method = "softplus")
              public static double softplusTangent(double x, double xDot) {
                return xDot / (1 + Math.exp(-x));
              }
            }
          }
          """);

  private static final JavaFileObject LAYER =
      JavaFileObjects.forSourceString(
          "p.Layer",
          """
          package p;

          import dev.adjoint.Differentiable;

          public final class Layer {
            private Layer() {}

            @Differentiable
            public static double cube(double x) {
              return x * x * x;
            }
          }
          """);

  /** Callees whose companions have fewer or more members than the default: the caller adapts. */
  private static final JavaFileObject LAYERS =
      JavaFileObjects.forSourceString(
          "p.Layers",
          """
          package p;

          import dev.adjoint.Differentiable;
          import dev.adjoint.tensor.Tensor;

          public final class Layers {
            private Layers() {}

            @Differentiable(order = 2)
            public static double smooth(double x) {
              return Math.sin(x) * x;
            }

            @Differentiable
            public static double scaled(double x, Tensor w) {
              Tensor t = w.mul(x);
              return t.mul(t).sum();
            }

            @Differentiable
            public static Tensor layer(Tensor h, double x) {
              return h.mul(x).tanh();
            }
          }
          """);

  private static JavaFileObject model(String annotation, String body) {
    return JavaFileObjects.forSourceString(
        "p.Model",
        """
        package p;

        import dev.adjoint.Differentiable;

        %s
        final class Model {
          private Model() {}

          @Differentiable
          static double f(double x) {
            return %s;
          }
        }
        """
            .formatted(annotation, body));
  }

  @Test
  void derivativeBesideTheLibrary() throws IOException {
    assertIncrementalBuildMatchesFullBuild(
        model("", "Library.softplus(x) * x"), LIBRARY, LIBRARY_PULLBACKS);
  }

  @Test
  void derivativeInAClassNamedByUseDerivatives() throws IOException {
    assertIncrementalBuildMatchesFullBuild(
        model("@dev.adjoint.UseDerivatives(q.Rules.class)", "Library.softplus(x) * x"),
        LIBRARY,
        RULES);
  }

  @Test
  void tangentRuleInAClassNamedByUseDerivativesIsUsedByBothBuilds() throws IOException {
    JavaFileObject model =
        model("@dev.adjoint.UseDerivatives(q.Rules.class)", "Library.softplus(x) * x");
    Compilation full = compile(List.of(), LIBRARY, RULES, model);
    assertThat(companion(full)).contains("Rules.Activations.softplusTangent(");
    assertIncrementalBuildMatchesFullBuild(model, LIBRARY, RULES);
  }

  @Test
  void differentiableMethodOfAnotherClass() throws IOException {
    assertIncrementalBuildMatchesFullBuild(model("", "Layer.cube(x) + x"), LAYER);
  }

  @Test
  void calleesWithSecondOrderOrWithTensors() throws IOException {
    assertIncrementalBuildMatchesFullBuild(
        model("", "Layers.smooth(x) + Layers.scaled(x, dev.adjoint.tensor.Tensor.ones(2))"),
        LAYERS);
  }

  /**
   * A declaration the model does not name is not used even where a full build sees it, so that both
   * builds agree; the error says how to name it.
   */
  /** A layer (a method returning a Tensor) read from a class file: its split sweeps. */
  @Test
  void aLayerOfAnotherClass() throws IOException {
    JavaFileObject model =
        model(
            "",
            "Layers.layer(Layers.layer(dev.adjoint.tensor.Tensor.ones(2).mul(x), x), 2.0).sum()");
    assertThat(companion(compile(List.of(), LAYERS, model)))
        .contains("LayersAdjoint.layerReverse(");
    assertIncrementalBuildMatchesFullBuild(model, LAYERS);
  }

  @Test
  void derivativeTheModelDoesNotNameIsAnErrorInAFullBuildToo() {
    Compilation full = compile(List.of(), model("", "Library.softplus(x) * x"), LIBRARY, RULES);
    assertThat(full).failed();
    assertThat(full)
        .hadErrorContaining("Cannot differentiate through Library.softplus(double)")
        .inFile(full.sourceFiles().get(0))
        .onLineContaining("return Library.softplus(x)");
    assertThat(full)
        .hadErrorContaining(
            "q.Rules.Activations declares @PullbackOf for it, but Model does not name that class:"
                + " add @UseDerivatives(Activations.class) to class Model.");
    assertThat(full.errors()).hasSize(1);
  }

  private static void assertIncrementalBuildMatchesFullBuild(
      JavaFileObject model, JavaFileObject... others) throws IOException {
    List<JavaFileObject> all = new ArrayList<>(List.of(others));
    all.add(model);
    Compilation full = compile(List.of(), all.toArray(JavaFileObject[]::new));
    assertThat(full).succeededWithoutWarnings();
    File output = CompiledClasses.writeClasses(full, name -> !name.startsWith("p.Model"));

    Compilation incremental = compile(List.of(output), model);
    assertThat(incremental).succeededWithoutWarnings();
    assertThat(companion(incremental)).isEqualTo(companion(full));
  }

  private static String companion(Compilation compilation) throws IOException {
    return compilation
        .generatedSourceFile("p.ModelAdjoint")
        .orElseThrow(() -> new AssertionError("no p.ModelAdjoint generated"))
        .getCharContent(false)
        .toString();
  }

  private static Compilation compile(List<File> classpath, JavaFileObject... sources) {
    List<File> path = new ArrayList<>(classpath);
    path.add(CompiledClasses.classpathEntryOf(Differentiable.class));
    return Compiler.javac()
        .withProcessors(new AdjointProcessor())
        .withOptions("-g")
        .withClasspath(path)
        .compile(sources);
  }
}
