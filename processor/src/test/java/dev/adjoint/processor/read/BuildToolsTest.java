package dev.adjoint.processor.read;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
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
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * How the processor behaves inside build tools: behind a wrapped processing environment (as
 * Gradle's incremental compilation and IntelliJ give it), under a compiler without javac's Tree
 * API, and when it has a bug of its own.
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

  /**
   * Forwards like {@link Wrapper}, but keeps javac's environment where no unwrapping can find it:
   * to Adjoint, a compiler without the Tree API.
   */
  private static final class Opaque implements ProcessingEnvironment {
    private final Object delegate;

    Opaque(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    private ProcessingEnvironment env() {
      return (ProcessingEnvironment) delegate;
    }

    @Override
    public Map<String, String> getOptions() {
      return env().getOptions();
    }

    @Override
    public Messager getMessager() {
      return env().getMessager();
    }

    @Override
    public Filer getFiler() {
      return env().getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return env().getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return env().getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return env().getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return env().getLocale();
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

  @Test
  void saysItNeedsJavacWhereThereIsNoTreeApi() {
    Compilation compilation =
        javac().withProcessors(new Wrapping(Opaque::new)).compile(MODEL);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("Adjoint reads method bodies through javac's Compiler Tree API");
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
