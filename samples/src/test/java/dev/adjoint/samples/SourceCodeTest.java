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
package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Differentiable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceCodeTest {
  /** Every class of the tour with @Differentiable methods. */
  private static final List<Class<?>> SAMPLES =
      List.of(
          Survey.class,
          FiniteDifferences.class,
          ExpressionSwell.class,
          ForwardVsReverse.class,
          Classifier.class,
          Cubic.class,
          ControlFlow.class,
          LinearRegression.class,
          DenseMlp.class,
          Training.class);

  /** The file as it stands in src/main/java (the tests run in the module's folder). */
  static String sourceFile(Class<?> type) throws IOException {
    return Files.readString(Path.of("src/main/java", type.getName().replace('.', '/') + ".java"));
  }

  /**
   * Whether the lines of {@code listing} occur one after the other in {@code file}, indented alike.
   */
  static boolean occursIn(String listing, String file) {
    List<String> wanted = listing.lines().toList();
    List<String> lines = file.lines().toList();
    for (int start = 0; start + wanted.size() <= lines.size(); start++) {
      String first = lines.get(start);
      int indent = first.length() - first.stripLeading().length();
      boolean all = true;
      for (int k = 0; k < wanted.size() && all; k++) {
        String line = lines.get(start + k);
        String expected = wanted.get(k).isEmpty() ? "" : " ".repeat(indent) + wanted.get(k);
        all = line.stripTrailing().equals(expected);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theClassPathHoldsTheSourcesAsCompiled() throws IOException {
    for (Class<?> type : SAMPLES) {
      assertEquals(sourceFile(type), SourceCode.file(type), type.getSimpleName());
    }
  }

  @Test
  void everyDifferentiableMethodOfTheSamplesIsFoundWhole() throws IOException {
    int methods = 0;
    for (Class<?> type : SAMPLES) {
      for (Method m : type.getDeclaredMethods()) {
        if (!m.isAnnotationPresent(Differentiable.class)) {
          continue;
        }
        methods++;
        String listing = SourceCode.differentiableMethod(type, m.getName());
        String where = type.getSimpleName() + "." + m.getName();
        assertTrue(listing.startsWith("@Differentiable"), where + ":\n" + listing);
        assertTrue(listing.contains(" " + m.getName() + "("), where + ":\n" + listing);
        assertTrue(listing.endsWith("}\n"), where + ":\n" + listing);
        assertEquals(count(listing, '{'), count(listing, '}'), where + ":\n" + listing);
        assertTrue(
            occursIn(listing, sourceFile(type)), where + " is not a part of the file:\n" + listing);
      }
    }
    assertTrue(methods >= 30, methods + " methods");
  }

  @Test
  void aMethodWithoutTheAnnotationIsRefused() {
    for (Class<?> type : SAMPLES) {
      for (Method m : type.getDeclaredMethods()) {
        boolean plain =
            Modifier.isStatic(m.getModifiers())
                && !m.isSynthetic()
                && !m.isAnnotationPresent(Differentiable.class)
                && !m.getName().startsWith("lambda$");
        if (plain && countNamed(type, m.getName()) == 1) {
          IllegalArgumentException e =
              assertThrows(
                  IllegalArgumentException.class,
                  () -> SourceCode.differentiableMethod(type, m.getName()),
                  m.toString());
          assertTrue(e.getMessage().contains("not annotated @Differentiable"), e.getMessage());
        }
      }
    }
  }

  @Test
  void anUnknownMethodIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SourceCode.differentiableMethod(Survey.class, "g"));
    assertEquals("Survey declares no method g(...)", e.getMessage());
  }

  @Test
  void bracesAndNamesInCommentsAndLiteralsAreNotCode() {
    String source =
        String.join(
            "\n",
            "package p;",
            "",
            "/** f(double x) { in a comment */",
            "class A {",
            "  static final String S = \"static double f(double x) {\";",
            "  static final char C = '{';",
            "  // static double f(double y) {",
            "  /** The function. */",
            "  @Differentiable(wrt = {\"x\"})",
            "  static double f(double x) {",
            "    String s = \"}\"; // }",
            "    /* { */",
            "    if (x > 0) {",
            "      return x;",
            "    }",
            "    return -x;",
            "  }",
            "",
            "  static double g(double x) {",
            "    return f(x);",
            "  }",
            "}",
            "");
    assertEquals(
        String.join(
            "\n",
            "@Differentiable(wrt = {\"x\"})",
            "static double f(double x) {",
            "  String s = \"}\"; // }",
            "  /* { */",
            "  if (x > 0) {",
            "    return x;",
            "  }",
            "  return -x;",
            "}",
            ""),
        SourceCode.differentiableMethod(source, "A", "f"));
  }

  @Test
  void overloadsAreRefused() {
    String source =
        String.join(
            "\n",
            "class A {",
            "  @Differentiable",
            "  static double f(double x) {",
            "    return x;",
            "  }",
            "",
            "  @Differentiable",
            "  static double f(double x, double y) {",
            "    return x * y;",
            "  }",
            "}",
            "");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SourceCode.differentiableMethod(source, "A", "f"));
    assertTrue(e.getMessage().contains("2 methods f(...)"), e.getMessage());
  }

  private static int countNamed(Class<?> type, String name) {
    int n = 0;
    for (Method m : type.getDeclaredMethods()) {
      n += m.getName().equals(name) ? 1 : 0;
    }
    return n;
  }

  private static long count(String text, char c) {
    return text.chars().filter(ch -> ch == c).count();
  }
}
