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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source text of the samples' {@code @Differentiable} methods, which the tour prints above each
 * sample's results. It is read from the samples' own {@code .java} files, which the build copies
 * onto the class path under {@value #RESOURCE_ROOT} (see {@code samples/pom.xml}), so what the tour
 * shows is always the code that was compiled: there is no copy to go stale.
 */
public final class SourceCode {
  private SourceCode() {}

  /** Where the build puts the samples' sources on the class path. */
  public static final String RESOURCE_ROOT = "sources/";

  /** The source file of a top-level class, as it stands on the class path. */
  public static String file(Class<?> type) {
    String resource = RESOURCE_ROOT + type.getName().replace('.', '/') + ".java";
    ClassLoader loader = SourceCode.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "The source of "
                + type.getName()
                + " is not on the class path ("
                + resource
                + "): build the samples with Maven, whose resources step copies src/main/java there.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }

  /**
   * The method {@code name} of {@code type}, from its first annotation to its closing brace, with
   * the indentation of the class body removed. The method must be declared once (no overloads)
   * directly in the class and be annotated {@code @Differentiable}.
   *
   * @throws IllegalArgumentException if there is no such method, or more than one, or it is not
   *     annotated {@code @Differentiable}
   */
  public static String differentiableMethod(Class<?> type, String name) {
    return differentiableMethod(file(type), type.getSimpleName(), name);
  }

  /** {@link #differentiableMethod(Class, String)} over the text of a source file. */
  static String differentiableMethod(String source, String className, String name) {
    String code = blankCommentsAndLiterals(source);
    List<String> lines = source.lines().toList();
    List<String> codeLines = code.lines().toList();
    // A declaration starts a line: modifiers, a type, the name and "(", at the class body's depth.
    Pattern declaration =
        Pattern.compile(
            "^\\s*(?:(?:public|protected|private|static|final|strictfp|synchronized)\\s+)*"
                + "[\\w.<>\\[\\], ?]+\\s+"
                + Pattern.quote(name)
                + "\\s*\\(");
    List<Integer> found = new ArrayList<>();
    int depth = 0;
    for (int i = 0; i < codeLines.size(); i++) {
      String line = codeLines.get(i);
      Matcher m = declaration.matcher(line);
      if (depth == 1
          && m.find()
          && !line.trim().startsWith("return ")
          && !line.trim().startsWith("new ")) {
        found.add(i);
      }
      depth += depthChange(line);
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(className + " declares no method " + name + "(...)");
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          className
              + " declares "
              + found.size()
              + " methods "
              + name
              + "(...): name one that is not overloaded");
    }
    int signature = found.get(0);
    int first = signature;
    while (first > 0 && codeLines.get(first - 1).trim().startsWith("@")) {
      first--;
    }
    boolean annotated = false;
    for (int i = first; i < signature; i++) {
      annotated |= codeLines.get(i).trim().matches("@(dev\\.adjoint\\.)?Differentiable\\b.*");
    }
    if (!annotated) {
      throw new IllegalArgumentException(
          className + "." + name + " is not annotated @Differentiable");
    }
    // The body ends where the braces opened on or after the signature close again.
    int last = signature;
    int open = 0;
    boolean opened = false;
    for (int i = signature; i < codeLines.size(); i++) {
      for (char c : codeLines.get(i).toCharArray()) {
        if (c == '{') {
          open++;
          opened = true;
        } else if (c == '}') {
          open--;
        }
      }
      if (opened && open == 0) {
        last = i;
        break;
      }
      if (i == codeLines.size() - 1) {
        throw new IllegalArgumentException(className + "." + name + " has no closing brace");
      }
    }
    return dedent(lines.subList(first, last + 1));
  }

  private static int depthChange(String codeLine) {
    int change = 0;
    for (char c : codeLine.toCharArray()) {
      if (c == '{') {
        change++;
      } else if (c == '}') {
        change--;
      }
    }
    return change;
  }

  /** The lines joined, without the indentation they all share. */
  private static String dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
    }
    return text.toString();
  }

  /**
   * The source with every comment, string, text block and character literal replaced by spaces
   * (line breaks kept), so that braces and names inside them are not taken for code.
   */
  static String blankCommentsAndLiterals(String source) {
    char[] out = source.toCharArray();
    int n = out.length;
    int i = 0;
    while (i < n) {
      char c = out[i];
      char next = i + 1 < n ? out[i + 1] : '\0';
      int end;
      if (c == '/' && next == '/') {
        end = source.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (c == '/' && next == '*') {
        end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = closing(source, i + 3, "\"\"\"");
      } else if (c == '"') {
        end = closing(source, i + 1, "\"");
      } else if (c == '\'') {
        end = closing(source, i + 1, "'");
      } else {
        i++;
        continue;
      }
      for (int k = i; k < end; k++) {
        if (out[k] != '\n') {
          out[k] = ' ';
        }
      }
      i = end;
    }
    return new String(out);
  }

  /** The index just after the delimiter that closes a literal opened before {@code from}. */
  private static int closing(String source, int from, String delimiter) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(delimiter, i)) {
        return i + delimiter.length();
      } else {
        i++;
      }
    }
    return source.length();
  }
}
