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

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the diagnostics: one construct outside the supported subset (or a plain Java error) is put
 * into a random method of a random valid program (scalar, array, tensor or array-shape; see {@link
 * ProgramGenerator}), at the top of its body or before one of its statements, and the compilation
 * must fail without a crash or an internal error, with every error at a source position, and one of
 * them on the line of the construct.
 *
 * <p>{@value #DEFAULT_COUNT} programs run with the normal build, from the seed of {@link
 * GradientFuzzTest}; {@code -Dadjoint.fuzz.diagnostics.count=2000} runs a longer campaign.
 */
class DiagnosticsFuzzTest {
  static final int DEFAULT_COUNT = 60;

  /** Statements outside the subset; {@code P} is a double parameter, {@code C} the class. */
  private static final List<String> CONSTRUCTS =
      List.of(
          "String s__ = \"v\" + P;",
          "Runnable r__ = () -> { };",
          "try { P = P + 1; } catch (RuntimeException e__) { }",
          "synchronized (C.class) { P = P * 2; }",
          "Object o__ = new Object();",
          "switch (\"k\" + P) { default: P = P + 1; }",
          "java.util.function.DoubleUnaryOperator f__ = Math::sin;",
          "assert P > 0;",
          "if (P > 1e300) { throw new IllegalStateException(); }",
          "P = P + Double.valueOf(P).doubleValue();",
          "P = P + unknownHelper__(P);",
          "class Local__ { }",
          "float f__ = (float) P;",
          "for (double[] r__ : new double[][] {{P}}) { P = r__[0]; }",
          "for (double d__ : java.util.List.of(P)) { P = d__; }",
          "switch ((int) P) { case 0 -> throw new IllegalStateException(); default -> P++; }",
          "P = P * \"abc\".length();",
          "P = P % 2.0;",
          "P = P + C.missingField__;",
          "P = P + new double[] {P}.clone()[0];",
          "P = P + java.util.List.of(P).get(0);",
          "P = P + Math.random() + this.hashCode();");

  private static final Pattern HEADER =
      Pattern.compile("(?m)^  public static double ([\\w$]+)\\(([^)]*)\\) \\{$");

  @Test
  void everyConstructOutsideTheSubsetGetsAPositionedError() {
    int count = Integer.getInteger("adjoint.fuzz.diagnostics.count", DEFAULT_COUNT);
    long seed = Long.getLong("adjoint.fuzz.seed", GradientFuzzTest.DEFAULT_SEED);
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ProgramGenerator.Program program =
          switch (i % 4) {
            case 0 -> ProgramGenerator.program(seed, i);
            case 1 -> ProgramGenerator.arrayProgram(seed, i);
            case 2 -> ProgramGenerator.tensorProgram(seed, i);
            default -> ProgramGenerator.shapeProgram(seed, i);
          };
      Random r = new Random(seed * 31 + i);
      String construct = CONSTRUCTS.get(i < CONSTRUCTS.size() ? i : r.nextInt(CONSTRUCTS.size()));
      String finding = check(program, construct, r);
      if (finding != null) {
        findings.add("P" + i + " with `" + construct + "`: " + finding);
      }
    }
    System.out.printf("%d mutated programs, %d findings%n", count, findings.size());
    if (!findings.isEmpty()) {
      fail(findings.size() + " of " + count + " mutated programs:\n" + String.join("\n", findings));
    }
  }

  /** Null when the compilation fails as it should; else what went wrong. */
  private static String check(ProgramGenerator.Program program, String construct, Random r) {
    List<Header> headers = new ArrayList<>();
    Matcher m = HEADER.matcher(program.source());
    while (m.find()) {
      if (m.group(2).contains("double ")) {
        headers.add(new Header(m.end(), firstDoubleParameter(m.group(2))));
      }
    }
    if (headers.isEmpty()) {
      return null; // no method with a double parameter to put the construct into
    }
    Header header = headers.get(r.nextInt(headers.size()));
    String statement =
        construct.replace("P", header.parameter()).replace("C.", program.simpleName() + ".");
    // At the top of the body, or before a statement inside it (possibly in a loop or a branch).
    String text = program.source();
    int end = text.indexOf("\n  }\n", header.bodyStart());
    List<Integer> statements = new ArrayList<>();
    for (int at = text.indexOf('\n', header.bodyStart()) + 1; at > 0 && at < end; ) {
      int next = text.indexOf('\n', at);
      if (text.substring(at, next).trim().endsWith(";")) {
        statements.add(at);
      }
      at = next + 1;
    }
    int at =
        statements.isEmpty() || r.nextBoolean()
            ? text.indexOf('\n', header.bodyStart()) + 1
            : statements.get(r.nextInt(statements.size()));
    String indent = text.substring(at).replaceFirst("(?s)^( *).*", "$1");
    String source = text.substring(0, at) + indent + statement + "\n" + text.substring(at);
    long line = text.substring(0, at).lines().count() + 1;

    Compilation compilation;
    try {
      compilation =
          FuzzCompiler.javac(true)
              .compile(JavaFileObjects.forSourceString(program.qualifiedName(), source));
    } catch (RuntimeException | Error crash) {
      return "javac or the processor crashed: " + crash;
    }
    if (compilation.status() == Compilation.Status.SUCCESS) {
      return "compiled without an error";
    }
    boolean onTheLine = false;
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      String message = d.getMessage(Locale.ROOT);
      if (message.contains("internal error") || message.contains("bug in Adjoint")) {
        return "internal error: " + message;
      }
      if (d.getSource() == null || d.getLineNumber() < 1) {
        return "error without a position: " + message;
      }
      if (!d.getSource().getName().endsWith(program.simpleName() + ".java")) {
        return "error in " + d.getSource().getName() + " (generated code?): " + message;
      }
      onTheLine |= d.getLineNumber() == line;
    }
    return onTheLine ? null : "no error on line " + line + ": " + compilation.errors();
  }

  /** Where a method's body starts, and its first double parameter. */
  private record Header(int bodyStart, String parameter) {}

  private static String firstDoubleParameter(String parameters) {
    for (String p : parameters.split(",")) {
      String[] words = p.trim().split("\\s+");
      if (words.length == 2 && words[0].equals("double")) {
        return words[1];
      }
    }
    throw new IllegalStateException("no double parameter in " + parameters);
  }
}
