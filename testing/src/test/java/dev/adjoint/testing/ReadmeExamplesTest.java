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
package dev.adjoint.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing your models" section shows code that runs: each of its Java blocks is
 * found, line for line, in this module's test sources (demo.SurveyModelTest and
 * demo.SurveyGradientsTest run it), so an example that stops compiling or passing fails CI.
 */
class ReadmeExamplesTest {
  private static final Path README = Path.of("../README.md");
  private static final Path TESTS = Path.of("src/test/java");

  @Test
  void everyExampleOfTheSectionRunsAsATest() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n## Testing your models\n");
    assertTrue(start >= 0, "no section \"Testing your models\" in " + README);
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    assertFalse(blocks.isEmpty(), "no Java example in the section");
    String tests;
    try (Stream<Path> files = Files.walk(TESTS)) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        all.append(normalize(Files.readString(f))).append('\n');
      }
      tests = all.toString();
    }
    for (String b : blocks) {
      assertTrue(
          tests.contains(normalize(b)),
          "this README example is in no test of " + TESTS + ":\n" + b);
    }
  }

  /** The lines stripped of their indentation, blank lines dropped. */
  private static String normalize(String code) {
    StringBuilder out = new StringBuilder();
    for (String line : code.split("\n")) {
      if (!line.isBlank()) {
        out.append(line.strip()).append('\n');
      }
    }
    return out.toString();
  }
}
