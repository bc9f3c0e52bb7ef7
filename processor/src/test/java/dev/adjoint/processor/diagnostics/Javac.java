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

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.testing.CompiledClasses;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles Java sources with {@link AdjointProcessor} (through compile-testing) and checks the
 * diagnostics it reports: kind, message, file, line and column, and the shape every diagnostic of a
 * method body must have (the problem, what to do instead, and which method was being
 * differentiated).
 *
 * <p>Positions are given as text of the source ({@code at("x % 2.0", "%")}: the {@code %} inside
 * the first {@code x % 2.0}) rather than as numbers, so that a test shows where the error belongs
 * and stays right when the source is edited.
 */
final class Javac {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Za-z_$][\\w$]*)");

  /** How an exception escaping into a diagnostic looks: its class name, or a stack frame. */
  private static final Pattern CRASH =
      Pattern.compile(
          "internal error|\\b(?:java|javax|com|dev|jdk|sun)\\.[\\w.$]*(?:Exception|Error)\\b"
              + "|\\n\\s*at [\\w.$]+\\(|StackOverflowError|NullPointerException");

  private Javac() {}

  /**
   * A source of class {@code p.Model} (with {@code Adjoint} and {@code Differentiable} imported)
   * whose body is {@code members}.
   */
  static Source model(String members) {
    return source(
        "package p;\n"
            + "\n"
            + "import dev.adjoint.Adjoint;\n"
            + "import dev.adjoint.Differentiable;\n"
            + "\n"
            + "class Model {\n"
            + members.stripTrailing().indent(2)
            + "}\n");
  }

  /** A compilation unit; its name comes from its package and first type declaration. */
  static Source source(String text) {
    Matcher type = TYPE.matcher(text);
    if (!type.find()) {
      throw new IllegalArgumentException("no type declaration in\n" + text);
    }
    Matcher pkg = PACKAGE.matcher(text);
    String name = pkg.find() ? pkg.group(1) + "." + type.group(1) : type.group(1);
    return new Source(JavaFileObjects.forSourceString(name, text), text);
  }

  /** Compiles with the Adjoint processor. */
  static Result compile(Source... sources) {
    return compile(List.of(), sources);
  }

  /** Compiles with the Adjoint processor and {@code extraClasspath} before the runtime. */
  static Result compile(List<File> extraClasspath, Source... sources) {
    List<File> classpath = new ArrayList<>(extraClasspath);
    classpath.add(CompiledClasses.classpathEntryOf(Differentiable.class));
    List<JavaFileObject> files = new ArrayList<>();
    for (Source s : sources) {
      files.add(s.file());
    }
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            // No -Xlint:none: it silences every warning, the processor's too.
            .withClasspath(classpath)
            .compile(files);
    return new Result(compilation, List.of(sources));
  }

  /**
   * Compiles without any annotation processor and writes the class files to a new directory, which
   * it returns (to stand for a library built without Adjoint).
   */
  static File compileWithoutProcessor(Source... sources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Source s : sources) {
      files.add(s.file());
    }
    Compilation compilation =
        Compiler.javac()
            .withOptions("-Xlint:none", "-proc:none")
            .withClasspath(List.of(CompiledClasses.classpathEntryOf(Differentiable.class)))
            .compile(files);
    assertThat(compilation).succeeded();
    return CompiledClasses.writeClasses(compilation, name -> true);
  }

  /** A compilation unit and its text. */
  record Source(JavaFileObject file, String text) {
    /**
     * The 1-based line and column of {@code target} inside the first occurrence of {@code context}.
     */
    Position at(String context, String target) {
      int c = text.indexOf(context);
      if (c < 0) {
        throw new IllegalArgumentException("no '" + context + "' in\n" + text);
      }
      if (text.indexOf(context, c + 1) >= 0) {
        throw new IllegalArgumentException("'" + context + "' occurs twice in\n" + text);
      }
      int t = context.indexOf(target);
      if (t < 0) {
        throw new IllegalArgumentException("no '" + target + "' in '" + context + "'");
      }
      int offset = c + t;
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new Position(this, line, offset - lineStart + 1);
    }

    /** The position of the first character of {@code target}, which occurs once. */
    Position at(String target) {
      return at(target, target);
    }
  }

  record Position(Source source, int line, int column) {}

  /** A finished compilation and the sources it compiled. */
  static final class Result {
    final Compilation compilation;
    final List<Source> sources;

    Result(Compilation compilation, List<Source> sources) {
      this.compilation = compilation;
      this.sources = sources;
      noCrash();
    }

    /** Every diagnostic, for failure messages. */
    String describe() {
      StringBuilder out = new StringBuilder("status " + compilation.status() + "\n");
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        out.append(d.getKind())
            .append(' ')
            .append(d.getSource() == null ? "-" : d.getSource().getName())
            .append(':')
            .append(d.getLineNumber())
            .append(':')
            .append(d.getColumnNumber())
            .append(": ")
            .append(d.getMessage(Locale.ROOT))
            .append('\n');
      }
      return out.toString();
    }

    /** No diagnostic shows an exception or calls itself an internal error. */
    private void noCrash() {
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        String message = d.getMessage(Locale.ROOT);
        if (CRASH.matcher(message).find()) {
          fail("the processor crashed:\n" + describe());
        }
      }
    }

    /** The compilation failed with exactly {@code count} errors. */
    Result failsWith(int count) {
      assertThat(compilation).failed();
      assertEquals(count, compilation.errors().size(), () -> "number of errors\n" + describe());
      return this;
    }

    /** The compilation failed (with at least one error). */
    Result fails() {
      assertThat(compilation).failed();
      return this;
    }

    /** The compilation succeeded without any warning. */
    Result succeedsQuietly() {
      assertThat(compilation).succeededWithoutWarnings();
      return this;
    }

    /** The compilation succeeded with exactly {@code count} warnings. */
    Result succeedsWithWarnings(int count) {
      assertThat(compilation).succeeded();
      assertEquals(count, compilation.warnings().size(), () -> "number of warnings\n" + describe());
      return this;
    }

    /**
     * An error about the declaration (not the body) of a method: its message contains {@code
     * phrase}, and it is reported at {@code where}.
     */
    Result declarationError(String phrase, Position where) {
      assertThat(compilation)
          .hadErrorContaining(phrase)
          .inFile(where.source().file())
          .onLine(where.line())
          .atColumn(where.column());
      return this;
    }

    /**
     * An error in the body of {@code method} ({@code "Model.f(double)"}): its first line contains
     * {@code problem}, its second says what to do instead and contains {@code fix}, its third names
     * the method, and it is reported at {@code where}.
     */
    Result bodyError(String problem, String fix, String method, Position where) {
      Diagnostic<? extends JavaFileObject> d = only(Diagnostic.Kind.ERROR, problem);
      String[] lines = d.getMessage(Locale.ROOT).split("\n", -1);
      assertEquals(3, lines.length, () -> "problem, fix and note expected in\n" + describe());
      assertTrue(lines[0].contains(problem), () -> "problem on the first line\n" + describe());
      assertTrue(lines[0].strip().endsWith("."), () -> "problem as a sentence\n" + describe());
      String instead = lines[1].strip();
      assertTrue(
          !instead.isEmpty() && instead.endsWith(".") && instead.contains(fix),
          () -> "'what to do instead' sentence with '" + fix + "' expected\n" + describe());
      assertEquals(
          "(when differentiating " + method + ")",
          lines[2].strip(),
          () -> "the note naming the method\n" + describe());
      assertThat(compilation)
          .hadErrorContaining(problem)
          .inFile(where.source().file())
          .onLine(where.line())
          .atColumn(where.column());
      return this;
    }

    /**
     * {@link #bodyError}, but only the line of {@code where} is checked, not the column (for errors
     * whose column is wrong, reported by a disabled test of its own).
     */
    Result bodyErrorOnLine(String problem, String fix, String method, Position where) {
      Diagnostic<? extends JavaFileObject> d = only(Diagnostic.Kind.ERROR, problem);
      String[] lines = d.getMessage(Locale.ROOT).split("\n", -1);
      assertEquals(3, lines.length, () -> "problem, fix and note expected in\n" + describe());
      assertTrue(lines[1].contains(fix), () -> "'" + fix + "' expected\n" + describe());
      assertEquals("(when differentiating " + method + ")", lines[2].strip(), this::describe);
      assertThat(compilation)
          .hadErrorContaining(problem)
          .inFile(where.source().file())
          .onLine(where.line());
      return this;
    }

    /** {@link #bodyError} for {@code Model.f(double)}. */
    Result bodyError(String problem, String fix, Position where) {
      return bodyError(problem, fix, "Model.f(double)", where);
    }

    /**
     * The one error whose message is exactly {@code message} (all its lines), reported at {@code
     * where}, line and column.
     */
    Result exactError(String message, Position where) {
      List<Diagnostic<? extends JavaFileObject>> found = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR && d.getMessage(Locale.ROOT).equals(message)) {
          found.add(d);
        }
      }
      assertEquals(
          1, found.size(), () -> "one error reading exactly\n" + message + "\n" + describe());
      Diagnostic<? extends JavaFileObject> d = found.get(0);
      assertEquals(where.source().file().toUri(), d.getSource().toUri(), this::describe);
      assertEquals(
          where.line() + ":" + where.column(),
          d.getLineNumber() + ":" + d.getColumnNumber(),
          () -> "position\n" + describe());
      return this;
    }

    /** A warning containing {@code phrase} reported at {@code where}. */
    Result warning(String phrase, Position where) {
      assertThat(compilation)
          .hadWarningContaining(phrase)
          .inFile(where.source().file())
          .onLine(where.line())
          .atColumn(where.column());
      return this;
    }

    /** No diagnostic of any kind contains {@code phrase}. */
    Result nothingContaining(String phrase) {
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        if (d.getMessage(Locale.ROOT).contains(phrase)) {
          fail("unexpected diagnostic containing '" + phrase + "'\n" + describe());
        }
      }
      return this;
    }

    /** The one diagnostic of {@code kind} whose message contains {@code phrase}. */
    Diagnostic<? extends JavaFileObject> only(Diagnostic.Kind kind, String phrase) {
      List<Diagnostic<? extends JavaFileObject>> found = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        if (d.getKind() == kind && d.getMessage(Locale.ROOT).contains(phrase)) {
          found.add(d);
        }
      }
      if (found.size() != 1) {
        fail("one " + kind + " containing '" + phrase + "' expected\n" + describe());
      }
      return found.get(0);
    }
  }
}
