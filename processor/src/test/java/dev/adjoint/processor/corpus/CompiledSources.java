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
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import dev.adjoint.processor.testing.CompiledClasses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Java source strings compiled in-process by javac (through compile-testing), with the compiled
 * classes (the sources' own and the ones generated from them) loaded by a class loader of their
 * own. The parent of that loader is the test class loader, so {@code dev.adjoint} runtime classes
 * such as {@code Tape} are shared between the test and the compiled code.
 */
final class CompiledSources {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Za-z_$][\\w$]*)");

  private final Compilation compilation;
  private final ClassLoader loader;

  private CompiledSources(Compilation compilation, ClassLoader loader) {
    this.compilation = compilation;
    this.loader = loader;
  }

  private static final Map<List<String>, CompiledSources> CACHE = new HashMap<>();

  /**
   * Compiles {@code sources} with {@code dev.adjoint.processor.AdjointProcessor}, once per JVM:
   * test classes that exercise the same corpus unit share one javac run.
   */
  static synchronized CompiledSources withAdjoint(String... sources) {
    List<String> key = List.of(sources);
    CompiledSources unit = CACHE.get(key);
    if (unit == null) {
      unit = compile(List.of(new dev.adjoint.processor.AdjointProcessor()), sources);
      CACHE.put(key, unit);
    }
    return unit;
  }

  /**
   * Compiles each string of {@code sources} as one compilation unit (its name is read from its
   * package declaration and first type declaration), with the given annotation processors, and
   * fails the calling test with every diagnostic and every generated source when javac reports an
   * error.
   */
  static CompiledSources compile(List<? extends Processor> processors, String... sources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (String source : sources) {
      files.add(JavaFileObjects.forSourceString(qualifiedName(source), source));
    }
    Compilation compilation =
        Compiler.javac()
            .withProcessors(processors)
            // -parameters: the harness reads the primal's parameter names by reflection.
            .withOptions("-parameters", "-Xlint:none")
            // The runtime, and the test classes: a stand-in for a library jar (see fixture/).
            .withClasspath(
                List.of(
                    classpathEntryOf(Differentiable.class),
                    classpathEntryOf(dev.adjoint.processor.corpus.fixture.Softplus.class)))
            .compile(files);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      fail("compilation failed\n" + describe(compilation));
    }
    return new CompiledSources(compilation, CompiledClasses.loader(compilation));
  }

  /** Loads a compiled class by its binary name ({@code p.Outer$Inner}). */
  Class<?> load(String binaryName) {
    try {
      return Class.forName(binaryName, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          "class " + binaryName + " was not produced by the compilation\n" + describe(compilation),
          e);
    }
  }

  /** The class file of a compiled class, by its binary name. */
  byte[] classFile(String binaryName) {
    byte[] bytes = CompiledClasses.classBytes(compilation).get(binaryName);
    if (bytes == null) {
      throw new AssertionError("no class file for " + binaryName);
    }
    return bytes;
  }

  /** The text of a generated source file, by the qualified name of its class. */
  String generatedSource(String qualifiedName) {
    try {
      return compilation
          .generatedSourceFile(qualifiedName)
          .orElseThrow(() -> new AssertionError("no generated " + qualifiedName))
          .getCharContent(false)
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A method's generated {@code fForward}, {@code fReverse} and {@code fPullback} (each form), one
   * after the other, from the source of a companion.
   *
   * @param generated a generated companion's source
   * @param method the name of the {@code @Differentiable} method
   * @return their text, from each declaration to its closing brace
   */
  static String sweeps(String generated, String method) {
    StringBuilder all = new StringBuilder();
    java.util.regex.Matcher m =
        Pattern.compile(
                "(?s)public static \\S+ " + method + "(Forward|Reverse|Pullback)\\(.*?\\n  }\\n")
            .matcher(generated);
    while (m.find()) {
      all.append(m.group());
    }
    if (all.length() == 0) {
      fail("no sweeps of " + method + " in\n" + generated);
    }
    return all.toString();
  }

  /** Diagnostics and generated sources, for failure messages. */
  String describe() {
    return describe(compilation);
  }

  static String describe(Compilation compilation) {
    StringBuilder out = new StringBuilder();
    out.append("status: ").append(compilation.status()).append('\n');
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      out.append(d.getKind()).append(": ");
      if (d.getSource() != null) {
        out.append(d.getSource().getName()).append(':').append(d.getLineNumber()).append(": ");
      }
      out.append(d.getMessage(null)).append('\n');
    }
    for (JavaFileObject generated : compilation.generatedSourceFiles()) {
      out.append("---- generated ").append(generated.getName()).append(" ----\n");
      try {
        String text = generated.getCharContent(true).toString();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          out.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
      } catch (IOException e) {
        out.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return out.toString();
  }

  private static String qualifiedName(String source) {
    Matcher type = TYPE.matcher(source);
    if (!type.find()) {
      throw new IllegalArgumentException("no type declaration in source:\n" + source);
    }
    Matcher pkg = PACKAGE.matcher(source);
    return pkg.find() ? pkg.group(1) + "." + type.group(1) : type.group(1);
  }
}
