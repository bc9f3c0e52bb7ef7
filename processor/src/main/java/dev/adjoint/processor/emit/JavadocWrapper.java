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
package dev.adjoint.processor.emit;

/**
 * Wraps the javadoc of a generated source file at {@value #WIDTH} columns. JavaPoet wraps code at
 * its wrapping points ({@code $W}) but writes each line of javadoc as it is given, and only the
 * final text knows how long a line is (the indentation, and each {@code $T} printed as a simple or
 * a qualified name). So the writers give each paragraph of javadoc as one line, and this breaks the
 * lines that are too long between words, outside inline tags ({@code {@link ...}}, {@code {@code
 * ...}}) where it can, continuing with the same {@code " * "} prefix.
 */
final class JavadocWrapper {
  /** The longest line, as google-java-format keeps it. */
  static final int WIDTH = 100;

  private JavadocWrapper() {}

  static String wrap(String source) {
    StringBuilder out = new StringBuilder(source.length() + source.length() / 16);
    boolean javadoc = false;
    for (String line : source.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("/**")) {
        javadoc = !trimmed.endsWith("*/");
        out.append(line).append('\n');
        continue;
      }
      if (javadoc && trimmed.startsWith("*/")) {
        javadoc = false;
      } else if (javadoc && line.length() > WIDTH && trimmed.startsWith("* ")) {
        String prefix = line.substring(0, line.indexOf('*') + 2);
        wrapLine(prefix, line.substring(prefix.length()), out);
        continue;
      }
      out.append(line).append('\n');
    }
    out.setLength(out.length() - 1); // the split's last piece had no newline after it
    return out.toString();
  }

  private static void wrapLine(String prefix, String text, StringBuilder out) {
    int room = WIDTH - prefix.length();
    String rest = text;
    while (rest.length() > room) {
      int at = breakAt(rest, room);
      if (at < 0) {
        break;
      }
      out.append(prefix).append(rest, 0, at).append('\n');
      rest = rest.substring(at + 1).stripLeading();
    }
    out.append(prefix).append(rest).append('\n');
  }

  /**
   * Where to break {@code text} so that its first line fits in {@code room}: the last space that
   * does, outside inline tags if one does; else the first space after it (a word too long for the
   * line stays whole); -1 where there is no space.
   */
  private static int breakAt(String text, int room) {
    int lastOutside = -1;
    int lastInside = -1;
    int firstAfter = -1;
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{' && (depth > 0 || i + 1 < text.length() && text.charAt(i + 1) == '@')) {
        depth++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (c == ' ' && i > 0 && (i + 1 == text.length() || text.charAt(i + 1) != '@')) {
        // (A line of javadoc that starts with @ would start a block tag.)
        if (i <= room) {
          if (depth == 0) {
            lastOutside = i;
          } else {
            lastInside = i;
          }
        } else if (depth == 0) {
          firstAfter = i;
          break;
        }
      }
    }
    if (lastOutside > 0) {
      return lastOutside;
    }
    if (lastInside > 0) {
      return lastInside; // javadoc reads an inline tag across lines
    }
    return firstAfter;
  }
}
