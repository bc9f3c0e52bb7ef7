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
package dev.adjoint.testing;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.golden.GoldenFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;

/**
 * Compiles models with Adjoint's annotation processor inside a test, as javac compiles them in the
 * build, and checks the outcome: that a model compiles without a warning, that a model outside the
 * supported subset fails with a given message at a given line, and that a generated companion is
 * exactly a reviewed golden file. The compiler sees the test's class path, so a model may use the
 * rest of your code.
 *
 * <pre>{@code
 * Compilation compilation = ModelCompiler.assertCompiles(ModelCompiler.sourceOf(Survey.class));
 * ModelCompiler.assertCompanion(compilation, "demo.SurveyAdjoint",
 *     Path.of("src/test/resources/golden/SurveyAdjoint.java"));
 * }</pre>
 *
 * <p>Failures are {@link AssertionError}s (from compile-testing and Truth), so they work with any
 * test framework.
 */
public final class ModelCompiler {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Za-z_$][\\w$]*)");

  /** Where {@link #sourceOf} looks, relative to the working directory (the module's in a build). */
  private static final List<String> SOURCE_ROOTS = List.of("src/main/java", "src/test/java");

  private ModelCompiler() {}

  /**
   * The source file of a top-level class, found under {@code src/main/java} or {@code
   * src/test/java} of the working directory (where Maven and Gradle run a module's tests).
   *
   * @param type the class, or a class nested in it
   * @return the source file, to pass to {@link #compile}
   * @throws IllegalArgumentException if neither has it
   */
  public static JavaFileObject sourceOf(Class<?> type) {
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    String relative = top.getName().replace('.', '/') + ".java";
    for (String root : SOURCE_ROOTS) {
      Path file = Path.of(root, relative);
      if (Files.isRegularFile(file)) {
        return source(file);
      }
    }
    throw new IllegalArgumentException(
        "no source file "
            + relative
            + " under "
            + SOURCE_ROOTS
            + " of "
            + Path.of("").toAbsolutePath()
            + ": pass it with source(Path) instead");
  }

  /**
   * A source file; its class name comes from its package declaration and its file name.
   *
   * @param file the {@code .java} file
   * @return the source, to pass to {@link #compile}
   */
  public static JavaFileObject source(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String simple = file.getFileName().toString().replaceFirst("\\.java$", "");
    Matcher pkg = PACKAGE.matcher(text);
    return JavaFileObjects.forSourceString(pkg.find() ? pkg.group(1) + "." + simple : simple, text);
  }

  /**
   * A compilation unit given as text, such as a text block.
   *
   * @param className the qualified name of its top-level class
   * @param text the compilation unit
   * @return the source, to pass to {@link #compile}
   */
  public static JavaFileObject source(String className, String text) {
    return JavaFileObjects.forSourceString(className, text);
  }

  /**
   * A compilation unit given as text, named after its package declaration and its first class (or
   * interface, record, enum).
   *
   * @param text the compilation unit
   * @return the source, to pass to {@link #compile}
   * @throws IllegalArgumentException if the text declares no type
   */
  public static JavaFileObject source(String text) {
    Matcher type = TYPE.matcher(text);
    if (!type.find()) {
      throw new IllegalArgumentException("no class declaration in\n" + text);
    }
    Matcher pkg = PACKAGE.matcher(text);
    return source(pkg.find() ? pkg.group(1) + "." + type.group(1) : type.group(1), text);
  }

  /**
   * Compiles {@code sources} with Adjoint's processor and {@code options} (javac's).
   *
   * @param options javac's options, such as {@code -Xlint:all}
   * @param sources the compilation units
   * @return the compilation, for compile-testing's assertions
   */
  public static Compilation compile(List<String> options, JavaFileObject... sources) {
    return Compiler.javac()
        .withProcessors(new AdjointProcessor())
        .withOptions(options)
        .compile(sources);
  }

  /**
   * Compiles {@code sources} with Adjoint's processor.
   *
   * @param sources the compilation units
   * @return the compilation, for compile-testing's assertions
   */
  public static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  /**
   * Compiles {@code sources} with Adjoint's processor and checks that javac reported neither an
   * error nor a warning (Adjoint's own included, such as a result that does not depend on what is
   * differentiated).
   *
   * @param sources the compilation units
   * @return the compilation, for {@link #assertCompanion}
   */
  public static Compilation assertCompiles(JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  /**
   * Compiles {@code source} with Adjoint's processor and checks that it fails with an error whose
   * message contains {@code message}, reported at line {@code line} of {@code source}.
   *
   * @param source the compilation unit
   * @param line the line of {@code source} the error must be reported at, from 1
   * @param message a part of the error's message
   * @return the compilation, for more checks
   */
  public static Compilation assertFails(JavaFileObject source, int line, String message) {
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLine(line);
    return compilation;
  }

  /**
   * The text of a companion {@code compilation} generated.
   *
   * @param compilation a compilation that succeeded
   * @param className the companion's qualified name, such as {@code demo.SurveyAdjoint}
   * @return the companion's source text
   * @throws AssertionError if the compilation generated no such companion
   */
  public static String companion(Compilation compilation, String className) {
    JavaFileObject file =
        compilation
            .generatedSourceFile(className)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no companion "
                            + className
                            + " was generated; "
                            + "generated: "
                            + compilation.generatedSourceFiles().stream()
                                .map(JavaFileObject::getName)
                                .toList()));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks that the companion {@code className} is exactly the golden file {@code golden},
   * character for character, javadoc included; a failure shows a unified diff. Run with {@code
   * -Dadjoint.golden.update=true} to write the companion into the golden file instead (then review
   * its diff), which also creates a missing one.
   *
   * @param compilation a compilation that succeeded
   * @param className the companion's qualified name, such as {@code demo.SurveyAdjoint}
   * @param golden the golden file
   */
  public static void assertCompanion(Compilation compilation, String className, Path golden) {
    GoldenFile.assertMatches(
        "the generated " + className, companion(compilation, className), golden);
  }
}
