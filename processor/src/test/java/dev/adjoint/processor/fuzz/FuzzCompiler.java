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
package dev.adjoint.processor.fuzz;

import static dev.adjoint.processor.testing.CompiledClasses.classpathEntryOf;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.testing.CompiledClasses;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles generated programs in memory with javac (through compile-testing), with or without the
 * Adjoint processor, and loads the classes. Unlike the corpus harness it does not fail the test on
 * a compile error: the fuzzer classifies the failure (generator bug or processor bug) itself.
 */
final class FuzzCompiler {
  private FuzzCompiler() {}

  private static final String DETACH_STUB =
      "package dev.adjoint.processor.fuzz;\n"
          + "public final class FuzzDetach {\n"
          + "  public static double detach(double x) { return x; }\n"
          + "  public static double[] detach(double[] x) { return x; }\n"
          + "  public static dev.adjoint.tensor.Tensor detach(dev.adjoint.tensor.Tensor x) {"
          + " return x; }\n"
          + "  public static double floor(double x) { return x; }\n"
          + "  public static double ceil(double x) { return x; }\n"
          + "  public static double rint(double x) { return x; }\n"
          + "  public static double signum(double x) { return x; }\n"
          + "  public static double max(double a, double b) { return a; }\n"
          + "  public static double min(double a, double b) { return a; }\n"
          + "  public static int max(int a, int b) { return a; }\n"
          + "  public static int min(int a, int b) { return a; }\n"
          + "  public static long max(long a, long b) { return a; }\n"
          + "  public static long min(long a, long b) { return a; }\n"
          + "  public static int toInt(double x) { return 0; }\n"
          + "  public static long toLong(double x) { return 0; }\n"
          + "  public static void observe(double x) {}\n"
          + "  public static void observe(double[] x) {}\n"
          + "  public static void observe(double[][] x) {}\n"
          + "  public static void observe(dev.adjoint.tensor.Tensor x) {}\n"
          + "  public static double seen(double x) { return x; }\n"
          + "  public static dev.adjoint.tensor.Tensor seen(dev.adjoint.tensor.Tensor x) {"
          + " return x; }\n"
          + "}\n";

  /** The outcome of one javac run: a class loader on success, else the diagnostics or crash. */
  record Outcome(
      boolean success,
      ClassLoader loader,
      String diagnostics,
      java.util.Set<String> failing,
      long expandedArrays,
      long runningExtrema) {
    Outcome(
        boolean success, ClassLoader loader, String diagnostics, java.util.Set<String> failing) {
      this(success, loader, diagnostics, failing, 0, 0);
    }
  }

  /** The scratch arrays the generated sources expanded ({@code ArrayExpansion}). */
  private static final java.util.regex.Pattern EXPANDED =
      java.util.regex.Pattern.compile(" = new double\\[Adjoint\\.slices\\(");

  /**
   * The loops that keep an extremum by its index ({@code RunningExtrema}), once per generated method
   * that runs one: the test after the loop, {@code if (mxAt >= 0) {}.
   */
  private static final java.util.regex.Pattern EXTREMA =
      java.util.regex.Pattern.compile("if \\([\\w$]+At(_\\d+)? >= 0\\) \\{");

  /** How often {@code pattern} occurs in the generated sources. */
  private static long count(Compilation compilation, java.util.regex.Pattern pattern) {
    long n = 0;
    for (JavaFileObject f : compilation.generatedSourceFiles()) {
      try {
        String text = f.getCharContent(true).toString();
        n += pattern.matcher(text).results().count();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return n;
  }

  /** Simple names of the programs that error diagnostics point into (P3.java, P3Adjoint.java). */
  private static java.util.Set<String> failingPrograms(Compilation compilation) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR || d.getSource() == null) {
        continue;
      }
      String name = d.getSource().getName();
      name = name.substring(name.lastIndexOf('/') + 1).replace(".java", "");
      if (name.endsWith("Adjoint")) {
        name = name.substring(0, name.length() - "Adjoint".length());
      }
      if (name.endsWith("Ref")) {
        name = name.substring(0, name.length() - "Ref".length());
      }
      names.add(name);
    }
    return names;
  }

  /** The compile-time stand-in for {@link FuzzDetach} (see {@link #compile}). */
  static String detachStub() {
    return DETACH_STUB;
  }

  /** Compiles one hand-written compilation unit with the processor. */
  static Outcome compileSource(String qualifiedName, String source) {
    return compileFiles(List.of(JavaFileObjects.forSourceString(qualifiedName, source)), true);
  }

  static Outcome compile(List<ProgramGenerator.Program> programs, boolean withProcessor) {
    List<JavaFileObject> files = new ArrayList<>();
    // Compile-time stand-in for FuzzDetach: the class loader delegates to its parent first, so at
    // run time the test's own FuzzDetach is used. (Compiling against target/test-classes instead
    // breaks whenever a concurrent build rewrites that directory.)
    files.add(
        JavaFileObjects.forSourceString("dev.adjoint.processor.fuzz.FuzzDetach", DETACH_STUB));
    for (ProgramGenerator.Program p : programs) {
      files.add(JavaFileObjects.forSourceString(p.qualifiedName(), p.source()));
      files.add(JavaFileObjects.forSourceString(p.refQualifiedName(), p.refSource()));
    }
    return compileFiles(files, withProcessor);
  }

  /** javac against the runtime, with the Adjoint processor or with none. */
  /** {@link #compile(List, boolean)} with the processor, and more sources beside the programs. */
  static Outcome compileWith(
      List<ProgramGenerator.Program> programs, java.util.Map<String, String> more) {
    List<JavaFileObject> files = new ArrayList<>();
    files.add(
        JavaFileObjects.forSourceString("dev.adjoint.processor.fuzz.FuzzDetach", DETACH_STUB));
    for (ProgramGenerator.Program p : programs) {
      files.add(JavaFileObjects.forSourceString(p.qualifiedName(), p.source()));
    }
    more.forEach((name, text) -> files.add(JavaFileObjects.forSourceString(name, text)));
    return compileFiles(files, true);
  }

  static Compiler javac(boolean withProcessor) {
    Compiler javac =
        Compiler.javac().withClasspath(List.of(classpathEntryOf(Differentiable.class)));
    return withProcessor
        ? javac.withProcessors(new AdjointProcessor()).withOptions("-parameters", "-Xlint:none")
        : javac.withOptions("-parameters", "-Xlint:none", "-proc:none");
  }

  private static Outcome compileFiles(List<JavaFileObject> files, boolean withProcessor) {
    Compilation compilation;
    try {
      compilation = javac(withProcessor).compile(files);
    } catch (Throwable t) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      return new Outcome(
          false, null, "javac or the processor crashed:\n" + trace, java.util.Set.of());
    }
    if (compilation.status() != Compilation.Status.SUCCESS) {
      return new Outcome(false, null, describe(compilation), failingPrograms(compilation));
    }
    return new Outcome(
        true,
        CompiledClasses.loader(compilation),
        "",
        java.util.Set.of(),
        count(compilation, EXPANDED),
        count(compilation, EXTREMA));
  }

  static String describe(Compilation compilation) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      out.append(d.getKind()).append(": ");
      if (d.getSource() != null) {
        out.append(d.getSource().getName()).append(':').append(d.getLineNumber()).append(": ");
      }
      out.append(d.getMessage(null)).append('\n');
    }
    // On failure compile-testing withholds the generated files; the diagnostics still point at
    // the generated sources they are about.
    java.util.Set<JavaFileObject> generated = new java.util.LinkedHashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getSource() != null && d.getSource().toUri().toString().contains("SOURCE_OUTPUT")) {
        generated.add(d.getSource());
      }
    }
    for (JavaFileObject file : generated) {
      out.append("---- generated ").append(file.getName()).append(" ----\n");
      try {
        String[] lines = file.getCharContent(true).toString().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          out.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
      } catch (IOException | RuntimeException e) {
        out.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return out.toString();
  }
}
