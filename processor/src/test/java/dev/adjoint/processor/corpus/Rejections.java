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
package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.testing.CompiledClasses.classpathEntryOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Programs outside the subset, as the user-model tests write them: compiled with the processor, and
 * their errors checked for their line and their words (what is wrong, what to write instead), and
 * for never being a crash.
 */
final class Rejections {
  private Rejections() {}

  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

  /** The first top-level type: declared at the start of a line, unlike the word in a comment. */
  private static final Pattern TYPE =
      Pattern.compile(
          "(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface)\\s+(\\w+)");

  /** What an error that is a crash (of the processor or of javac) looks like. */
  static final String CRASH =
      "(?s).*(internal error|Exception|StackOverflowError|\\n\\s*at [\\w.$]+\\().*";

  /** Compiles {@code sources} (each a whole file with a public top-level type) with Adjoint. */
  static Compilation compile(String... sources) {
    JavaFileObject[] files = new JavaFileObject[sources.length];
    for (int i = 0; i < sources.length; i++) {
      Matcher pkg = PACKAGE.matcher(sources[i]);
      Matcher type = TYPE.matcher(sources[i]);
      assertTrue(pkg.find() && type.find(), "no package or public type in\n" + sources[i]);
      files[i] = JavaFileObjects.forSourceString(pkg.group(1) + "." + type.group(1), sources[i]);
    }
    return Compiler.javac()
        .withProcessors(new dev.adjoint.processor.AdjointProcessor())
        .withOptions("-parameters", "-Xlint:none")
        .withClasspath(List.of(classpathEntryOf(Differentiable.class)))
        .compile(files);
  }

  /** The errors of {@code c}, one per line: "line L col C: message". */
  static String errors(Compilation c) {
    StringBuilder sb = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : errorList(c)) {
      sb.append("line ")
          .append(d.getLineNumber())
          .append(" col ")
          .append(d.getColumnNumber())
          .append(": ")
          .append(d.getMessage(Locale.ROOT))
          .append("\n");
    }
    return sb.toString();
  }

  static List<Diagnostic<? extends JavaFileObject>> errorList(Compilation c) {
    return c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
  }

  /** The 1-based line of the first line of {@code source} that contains {@code marker}. */
  static long lineOf(String source, String marker) {
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(marker)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("no " + marker);
  }

  /**
   * Compiles {@code source} and expects errors only on the line of {@code marker}, none a crash,
   * the first of which contains every string of {@code mentions}.
   */
  static Compilation rejectedAt(String source, String marker, String... mentions) {
    Compilation c = compile(source);
    String errs = errors(c);
    assertEquals(Compilation.Status.FAILURE, c.status(), "expected a compile error");
    assertTrue(!errs.matches(CRASH), "crash in diagnostic:\n" + errs);
    long line = lineOf(source, marker);
    List<Diagnostic<? extends JavaFileObject>> es = errorList(c);
    for (Diagnostic<? extends JavaFileObject> e : es) {
      assertEquals(line, e.getLineNumber(), "errors on the line of " + marker + ":\n" + errs);
    }
    String first = es.get(0).getMessage(Locale.ROOT);
    for (String m : mentions) {
      assertTrue(first.contains(m), "'" + m + "' expected in\n" + errs);
    }
    return c;
  }

  /** As {@link #rejectedAt}, and with exactly one error. */
  static void singleErrorAt(String source, String marker, String... mentions) {
    Compilation c = rejectedAt(source, marker, mentions);
    assertEquals(1, errorList(c).size(), errors(c));
  }

  /**
   * Compiles {@code source} and expects, among its errors, one on the line of {@code marker} that
   * contains every string of {@code fragments} (other lines may have errors of their own).
   */
  static void errorAt(String source, String marker, String... fragments) {
    Compilation c = compile(source);
    String errs = errors(c);
    assertEquals(Compilation.Status.FAILURE, c.status(), "compiled, but should not have");
    assertTrue(!errs.matches(CRASH), "crash in diagnostic:\n" + errs);
    long line = lineOf(source, marker);
    for (Diagnostic<? extends JavaFileObject> d : errorList(c)) {
      if (d.getLineNumber() == line) {
        String msg = d.getMessage(Locale.ROOT);
        for (String f : fragments) {
          assertTrue(msg.contains(f), "message lacks \"" + f + "\":\n" + msg + "\nall:\n" + errs);
        }
        return;
      }
    }
    throw new AssertionError("no error on line " + line + " (" + marker + "); errors:\n" + errs);
  }
}
