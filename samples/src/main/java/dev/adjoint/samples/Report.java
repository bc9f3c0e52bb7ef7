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

import java.io.PrintStream;
import java.util.Locale;

/** Aligned, locale-independent console output shared by the samples. */
final class Report {
  static final int WIDTH = 78;

  /** The heading of {@link #code}. */
  static final String CODE_HEADING = "The @Differentiable code";

  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  /** The banner that opens a sample. */
  void title(String title, String source) {
    out.println("=".repeat(WIDTH));
    out.println(" " + title);
    out.println(" after: " + source);
    out.println("=".repeat(WIDTH));
  }

  /**
   * The sample's {@code @Differentiable} methods, as they stand in its source file (read by {@link
   * SourceCode}), under a heading that names the file. The tour shows them above the results.
   */
  void code(Class<?> type, String... methods) {
    section(CODE_HEADING + " (" + type.getSimpleName() + ".java)");
    try {
      SourceCode.file(type);
    } catch (IllegalStateException e) {
      text("(" + e.getMessage() + ")"); // run from a build that left the sources out: say so, go on
      return;
    }
    for (int i = 0; i < methods.length; i++) {
      if (i > 0) {
        out.println();
      }
      for (String line : SourceCode.differentiableMethod(type, methods[i]).split("\n")) {
        out.println(line.isEmpty() ? "" : "  " + line);
      }
    }
  }

  /** A sub-heading within a sample. */
  void section(String heading) {
    out.println();
    out.println("-- " + heading + " " + "-".repeat(Math.max(3, WIDTH - heading.length() - 4)));
  }

  /** A line of prose, indented like the tables. */
  void text(String line) {
    out.println("  " + line);
  }

  /** A line built with {@link String#format} in the root locale. */
  void printf(String format, Object... args) {
    out.print(String.format(Locale.ROOT, format, args));
  }

  /** A three-column row: what, the value Adjoint computed, and the value to compare with. */
  void compare(String label, double computed, String expected) {
    out.println(fmt("  %-36s %18s   %s", label, num(computed), expected).stripTrailing());
  }

  /** The header of a {@link #compare} table. */
  void compareHeader(String expectedHeading) {
    printf("  %-36s %18s   %s%n", "", "Adjoint", expectedHeading);
  }

  /** Where a chart was written. */
  void chart(java.nio.file.Path file) {
    out.println("  chart: " + file);
  }

  void blank() {
    out.println();
  }

  /** A number as a person reads it: fixed-point in the usual range, scientific outside it. */
  static String num(double v) {
    if (v == 0.0) {
      return "0.0";
    }
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e7) {
      String s = String.format(Locale.ROOT, "%.9f", v);
      // Trim trailing zeros but keep at least one decimal: 4.000000000 -> 4.0.
      s = s.replaceAll("0+$", "");
      return s.endsWith(".") ? s + "0" : s;
    }
    return String.format(Locale.ROOT, "%.6e", v);
  }

  /** {@link #num} padded to {@code width}, right-aligned. */
  static String num(double v, int width) {
    return String.format(Locale.ROOT, "%" + width + "s", num(v));
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
