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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it in your build" and {@code examples/quickstart}, which CI builds exactly as
 * the README says (.ci/run): the README's snippet is the quickstart's {@code pom.xml} with parts
 * left out, its versions are this build's, and the quickstart pins the plugin and JUnit versions
 * this build pins (the parent POM stays the one place where versions are chosen).
 */
class QuickstartTest {
  /** The repository's root: the tests run in the samples module's folder. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path));
  }

  /** The README's XML block under "## Use it in your build". */
  static String readmeSnippet(String readme) {
    int section = readme.indexOf("\n## Use it in your build\n");
    assertTrue(section >= 0, "README.md has no section 'Use it in your build'");
    int start = readme.indexOf("```xml\n", section);
    int next = readme.indexOf("\n## ", section + 1);
    assertTrue(start >= 0 && (next < 0 || start < next), "'Use it in your build' has no xml block");
    int end = readme.indexOf("```", start + 7);
    return readme.substring(start + 7, end);
  }

  /**
   * Where the snippet's lines stand in the pom, as a message, or null when they all do: the
   * snippet's lines between two {@code ...} lines must be consecutive lines of the pom, and these
   * runs must come in the snippet's order. Indentation and blank lines do not count.
   */
  static String mismatch(String snippet, String pom) {
    List<String> pomLines = significant(pom);
    List<List<String>> runs = new ArrayList<>();
    runs.add(new ArrayList<>());
    for (String line : significant(snippet)) {
      if (line.equals("...")) {
        runs.add(new ArrayList<>());
      } else {
        runs.get(runs.size() - 1).add(line);
      }
    }
    int from = 0;
    for (List<String> run : runs) {
      if (run.isEmpty()) {
        continue;
      }
      int at = indexOf(pomLines, run, from);
      if (at < 0) {
        return "these lines of the README's snippet are not in the quickstart's pom.xml, one after the"
            + " other, after the snippet's earlier lines:\n  "
            + String.join("\n  ", run);
      }
      from = at + run.size();
    }
    return null;
  }

  private static List<String> significant(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static int indexOf(List<String> lines, List<String> run, int from) {
    for (int i = from; i + run.size() <= lines.size(); i++) {
      if (lines.subList(i, i + run.size()).equals(run)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void theReadmeSnippetIsThePomOfTheQuickstart() throws IOException {
    String snippet = readmeSnippet(read("README.md"));
    String problem = mismatch(snippet, read("examples/quickstart/pom.xml"));
    if (problem != null) {
      fail(problem);
    }
    // Everything a user needs is in the snippet, not only in the quickstart.
    for (String needed :
        List.of(
            "<maven.compiler.release>17</maven.compiler.release>",
            "<artifactId>adjoint-runtime</artifactId>",
            "<artifactId>maven-compiler-plugin</artifactId>",
            "<annotationProcessorPaths>",
            "<artifactId>adjoint-processor</artifactId>")) {
      assertTrue(snippet.contains(needed), "the README's snippet lacks " + needed);
    }
  }

  @Test
  void theComparisonNoticesAChangedOrMisplacedLine() {
    String pom = "<a>\n  <b>1</b>\n  <c>2</c>\n  <d>3</d>\n</a>\n";
    assertEquals(null, mismatch("<a>\n<b>1</b>\n...\n<d>3</d>\n</a>\n", pom));
    assertFalse(mismatch("<a>\n<b>1</b>\n<d>3</d>\n", pom) == null); // <c> left out without "..."
    assertFalse(mismatch("<d>3</d>\n...\n<b>1</b>\n", pom) == null); // out of order
    assertFalse(mismatch("<b>2</b>\n", pom) == null); // another value
  }

  @Test
  void theSnippetAndTheQuickstartUseThisBuildsVersions() throws IOException {
    String parent = read("pom.xml");
    String version =
        match(parent, "<artifactId>adjoint-parent</artifactId>\\s*<version>([^<]+)</version>");
    String snippet = readmeSnippet(read("README.md"));
    String quickstart = read("examples/quickstart/pom.xml");
    for (String artifact : List.of("adjoint-runtime", "adjoint-processor")) {
      String pattern = "<artifactId>" + artifact + "</artifactId>\\s*<version>([^<]+)</version>";
      assertEquals(version, match(snippet, pattern), "README: " + artifact);
      assertEquals(version, match(quickstart, pattern), "quickstart: " + artifact);
    }
    for (String plugin :
        List.of(
            "maven-compiler-plugin",
            "maven-surefire-plugin",
            "maven-resources-plugin",
            "maven-jar-plugin",
            "exec-maven-plugin")) {
      String pattern = "<artifactId>" + plugin + "</artifactId>\\s*<version>([^<]+)</version>";
      assertEquals(match(parent, pattern), match(quickstart, pattern), plugin);
    }
    assertEquals(
        match(parent, "<junit.version>([^<]+)</junit.version>"),
        match(quickstart, "<artifactId>junit-jupiter</artifactId>\\s*<version>([^<]+)</version>"));
  }

  @Test
  void theQuickstartIsNotAModuleOfThisBuild() throws IOException {
    assertFalse(read("pom.xml").contains("examples"), "examples/quickstart must build on its own");
    assertFalse(read("examples/quickstart/pom.xml").contains("<parent>"));
  }

  private static String match(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex);
    return m.group(1);
  }
}
