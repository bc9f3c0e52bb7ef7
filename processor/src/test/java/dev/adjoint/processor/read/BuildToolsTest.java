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
import static com.google.testing.compile.Compiler.javac;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the processor behaves inside build tools: behind a wrapped processing environment (as
 * Gradle's incremental compilation and IntelliJ give it), under Eclipse's compiler, which has no
 * Tree API, and when it has a bug of its own.
 */
class BuildToolsTest {
  private static final JavaFileObject MODEL =
      JavaFileObjects.forSourceString(
          "p.Model",
          """
          package p;

          import dev.adjoint.Differentiable;

          class Model {
            @Differentiable
            static double f(double x) {
              return x * x;
            }
          }
          """);

  /** A processing environment that forwards to another, as build tools wrap javac's. */
  private static class Wrapper implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;

    Wrapper(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override
    public Map<String, String> getOptions() {
      return delegate.getOptions();
    }

    @Override
    public Messager getMessager() {
      return delegate.getMessager();
    }

    @Override
    public Filer getFiler() {
      return delegate.getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return delegate.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return delegate.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return delegate.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return delegate.getLocale();
    }
  }

  /** Runs Adjoint's processor with the environment {@code wrap} makes of javac's. */
  private static final class Wrapping extends AbstractProcessor {
    private final AdjointProcessor adjoint = new AdjointProcessor();
    private final java.util.function.Function<ProcessingEnvironment, ProcessingEnvironment> wrap;

    Wrapping(java.util.function.Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      adjoint.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return adjoint.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return adjoint.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return adjoint.process(annotations, round);
    }
  }

  @Test
  void worksBehindAWrappedEnvironment() {
    Compilation compilation = javac().withProcessors(new Wrapping(Wrapper::new)).compile(MODEL);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.ModelAdjoint");
  }

  /** IntelliJ's wrapper: a proxy whose handler keeps javac's environment in a captured local. */
  private static ProcessingEnvironment intellijProxy(ProcessingEnvironment delegateTo) {
    return (ProcessingEnvironment)
        Proxy.newProxyInstance(
            BuildToolsTest.class.getClassLoader(),
            new Class<?>[] {ProcessingEnvironment.class},
            new InvocationHandler() {
              @Override
              public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                try {
                  return method.invoke(delegateTo, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              }
            });
  }

  @Test
  void worksBehindAProxyAsIntellijWrapsTheEnvironment() {
    Compilation compilation =
        javac().withProcessors(new Wrapping(BuildToolsTest::intellijProxy)).compile(MODEL);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.ModelAdjoint");
  }

  @Test
  void worksBehindAProxyOfAWrapper() {
    Compilation compilation =
        javac().withProcessors(new Wrapping(env -> intellijProxy(new Wrapper(env)))).compile(MODEL);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.ModelAdjoint");
  }

  /**
   * The real Eclipse compiler (ECJ, which Eclipse's IDE and its batch compiler use to run
   * processors): no Tree API, so the user gets our error on the method, not wrong or missing code.
   * ECJ reads sources from files only, hence the temporary directory.
   */
  @Test
  void underEclipsesCompilerSaysItNeedsJavacOnTheMethod(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("p/Model.java");
    Files.createDirectories(source.getParent());
    try (var in = MODEL.openInputStream()) {
      Files.copy(in, source);
    }
    JavaCompiler ecj = new EclipseCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean compiled;
    try (StandardJavaFileManager files = ecj.getStandardFileManager(null, Locale.ROOT, UTF_8)) {
      JavaCompiler.CompilationTask task =
          ecj.getTask(
              new StringWriter(), // ECJ prints its report there as well as to the listener
              files,
              diagnostics,
              List.of(
                  "--release", "17",
                  "-classpath", System.getProperty("java.class.path"),
                  "-d", dir.resolve("out").toString()),
              null,
              files.getJavaFileObjects(source));
      task.setProcessors(List.of(new AdjointProcessor()));
      compiled = task.call();
    }

    assertThat(compiled).isFalse();
    List<Diagnostic<? extends JavaFileObject>> errors =
        diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .toList();
    assertThat(errors).hasSize(1);
    Diagnostic<? extends JavaFileObject> error = errors.get(0);
    assertThat(error.getMessage(Locale.ROOT))
        .contains("Adjoint reads method bodies through javac's Compiler Tree API");
    assertThat(error.getMessage(Locale.ROOT)).contains("Compile with javac");
    assertThat(error.getSource().getName()).endsWith("Model.java");
    List<String> lines = Files.readAllLines(source);
    assertThat(lines.get((int) error.getLineNumber() - 1)).contains("static double f(double x)");
  }

  @Test
  void aBugInTheProcessorIsAnErrorOnTheMethodNotACrash() {
    Compilation compilation =
        javac()
            .withProcessors(new AdjointProcessor())
            .withOptions("-Aadjoint.simulateBugIn=f")
            .compile(MODEL);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("Adjoint failed with an internal error while differentiating f")
        .inFile(MODEL)
        .onLineContaining("static double f(double x)");
    assertThat(compilation).hadErrorContaining("This is a bug in Adjoint, not in your code");
    assertThat(compilation.errors()).hasSize(1);
  }
}
