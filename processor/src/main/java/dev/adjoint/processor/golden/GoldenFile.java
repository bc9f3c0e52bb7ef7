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
package dev.adjoint.processor.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares generated text with a reviewed golden file, exactly, and shows a unified diff when they
 * differ. With the system property {@code adjoint.golden.update=true} it writes the text into the
 * golden file instead, so that a deliberate change is one run and a review of the diff away:
 *
 * <pre>
 * mvn -B -q -pl processor -am verify -Dtest=GoldenSourceTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dadjoint.golden.update=true
 * git diff processor/src/test/resources/golden
 * </pre>
 *
 * <p>Exact means character for character, comments and javadoc included (compile-testing's {@code
 * hasSourceEquivalentTo} compares syntax trees, which lets a wrong comment pass), except that
 * {@code \r\n} counts as {@code \n}, so a checkout with Windows line endings still matches.
 *
 * <p>It lives in the processor, not in a test source set, because two test suites share it: the
 * processor's own golden tests, and users' through {@code adjoint-testing}, which depends on the
 * processor (the processor's tests cannot depend on that module without a cycle). It is never
 * loaded while the processor runs in javac.
 */
public final class GoldenFile {
  /** The system property that rewrites golden files instead of comparing with them. */
  public static final String UPDATE_PROPERTY = "adjoint.golden.update";

  /** Lines of context around each change in a diff. */
  private static final int CONTEXT = 3;

  /** Above this many cells, the middle of two texts is shown as replaced rather than diffed. */
  private static final long MAX_CELLS = 16_000_000L;

  /** Changed lines shown in a failure message; the rest are counted. */
  private static final int MAX_DIFF_LINES = 400;

  private GoldenFile() {}

  /**
   * Whether golden files are being rewritten ({@code -Dadjoint.golden.update=true}).
   *
   * @return whether the property is set
   */
  public static boolean updating() {
    return Boolean.getBoolean(UPDATE_PROPERTY);
  }

  /**
   * Checks that {@code actual} is exactly the content of {@code golden}, or, while {@link
   * #updating()}, writes it there (creating the directories).
   *
   * @param what names the text in the failure message, say {@code "generated golden.SurveyAdjoint"}
   * @param actual the text produced
   * @param golden the golden file
   * @throws AssertionError with a unified diff (golden file as {@code ---}, {@code actual} as
   *     {@code +++}) and the command that updates the file, when they differ or the file is missing
   */
  public static void assertMatches(String what, String actual, Path golden) {
    if (updating()) {
      try {
        if (golden.getParent() != null) {
          Files.createDirectories(golden.getParent());
        }
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the golden file " + golden, e);
      }
      return;
    }
    if (!Files.isRegularFile(golden)) {
      throw new AssertionError(
          "no golden file "
              + golden.toAbsolutePath()
              + " for "
              + what
              + ": run the test with -D"
              + UPDATE_PROPERTY
              + "=true to write it, then review it");
    }
    String expected;
    try {
      expected = Files.readString(golden, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the golden file " + golden, e);
    }
    String a = normalize(actual);
    String e = normalize(expected);
    if (a.equals(e)) {
      return;
    }
    throw new AssertionError(
        what
            + " differs from the golden file "
            + golden
            + ":\n"
            + unifiedDiff(e, a, golden.toString(), what)
            + "If the change is intended, run the test with -D"
            + UPDATE_PROPERTY
            + "=true to"
            + " rewrite the golden file, and review its diff.");
  }

  private static String normalize(String text) {
    return text.replace("\r\n", "\n");
  }

  /**
   * The unified diff ({@code diff -u}, three lines of context) that turns {@code expected} into
   * {@code actual}; empty when they are equal.
   *
   * @param expected the text expected
   * @param actual the text produced
   * @param expectedName the name of the expected text in the {@code ---} line
   * @param actualName the name of the produced text in the {@code +++} line
   * @return the diff
   */
  public static String unifiedDiff(
      String expected, String actual, String expectedName, String actualName) {
    List<String> a = lines(expected);
    List<String> b = lines(actual);
    List<Edit> edits = diff(a, b);
    if (edits.stream().allMatch(x -> x.op == ' ')) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(expectedName).append('\n');
    out.append("+++ ").append(actualName).append('\n');
    int shown = 0;
    int omitted = 0;
    int i = 0;
    while (i < edits.size()) {
      // The next change, and the hunk around it: changes closer than 2 * CONTEXT lines merge.
      while (i < edits.size() && edits.get(i).op == ' ') {
        i++;
      }
      if (i == edits.size()) {
        break;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      int lastChange = i;
      while (end < edits.size()) {
        if (edits.get(end).op != ' ') {
          lastChange = end;
        } else if (end - lastChange > 2 * CONTEXT) {
          break;
        }
        end++;
      }
      end = Math.min(edits.size(), lastChange + CONTEXT + 1);
      Edit first = edits.get(start);
      int oldCount = 0;
      int newCount = 0;
      for (int k = start; k < end; k++) {
        oldCount += edits.get(k).op != '+' ? 1 : 0;
        newCount += edits.get(k).op != '-' ? 1 : 0;
      }
      out.append("@@ -")
          .append(range(first.oldLine, oldCount))
          .append(" +")
          .append(range(first.newLine, newCount))
          .append(" @@\n");
      for (int k = start; k < end; k++) {
        Edit x = edits.get(k);
        if (x.op != ' ' && shown >= MAX_DIFF_LINES) {
          omitted++;
          continue;
        }
        shown += x.op != ' ' ? 1 : 0;
        out.append(x.op).append(x.text).append('\n');
      }
      i = end;
    }
    if (omitted > 0) {
      out.append("(").append(omitted).append(" more changed lines not shown)\n");
    }
    return out.toString();
  }

  private static String range(int line, int count) {
    // diff -u numbers an empty range by the line before it.
    return count == 0
        ? (line - 1) + ",0"
        : count == 1 ? Integer.toString(line) : line + "," + count;
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1); // the newline that ends the last line
    }
    return out;
  }

  /** One line of a diff: kept (' '), removed ('-') or added ('+'), with its 1-based positions. */
  private record Edit(char op, String text, int oldLine, int newLine) {}

  /**
   * A shortest edit script, by the longest common subsequence of the lines between the common
   * prefix and suffix (which is where golden files differ: in a few places).
   */
  private static List<Edit> diff(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix
        && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<Edit> edits = new ArrayList<>();
    for (int k = 0; k < prefix; k++) {
      edits.add(new Edit(' ', a.get(k), k + 1, k + 1));
    }
    int n = a.size() - prefix - suffix;
    int m = b.size() - prefix - suffix;
    if ((long) n * m > MAX_CELLS) {
      for (int k = 0; k < n; k++) {
        edits.add(new Edit('-', a.get(prefix + k), prefix + k + 1, prefix + 1));
      }
      for (int k = 0; k < m; k++) {
        edits.add(new Edit('+', b.get(prefix + k), prefix + n + 1, prefix + k + 1));
      }
    } else {
      // lcs[i][j]: the longest common subsequence of a's middle from i and b's middle from j.
      int[][] lcs = new int[n + 1][m + 1];
      for (int i = n - 1; i >= 0; i--) {
        for (int j = m - 1; j >= 0; j--) {
          lcs[i][j] =
              a.get(prefix + i).equals(b.get(prefix + j))
                  ? lcs[i + 1][j + 1] + 1
                  : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
      }
      int i = 0;
      int j = 0;
      while (i < n || j < m) {
        if (i < n && j < m && a.get(prefix + i).equals(b.get(prefix + j))) {
          edits.add(new Edit(' ', a.get(prefix + i), prefix + i + 1, prefix + j + 1));
          i++;
          j++;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
          // Removals first, as diff -u shows a changed line.
          edits.add(new Edit('-', a.get(prefix + i), prefix + i + 1, prefix + j + 1));
          i++;
        } else {
          edits.add(new Edit('+', b.get(prefix + j), prefix + i + 1, prefix + j + 1));
          j++;
        }
      }
    }
    for (int k = suffix; k > 0; k--) {
      edits.add(new Edit(' ', a.get(a.size() - k), a.size() - k + 1, b.size() - k + 1));
    }
    return edits;
  }
}
