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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The companions generated for the samples (the ADBench GMM and BA models among them) as a user
 * reads them in target/generated-sources: within 100 columns, and annotated as generated.
 */
class GeneratedSourcesTest {
  @Test
  void companionsKeepTo100ColumnsAndSayTheyAreGenerated() throws IOException {
    Path root =
        Path.of(
            System.getProperty("adjoint.generatedSources", "target/generated-sources/annotations"));
    List<Path> companions;
    try (Stream<Path> files = Files.walk(root)) {
      companions = files.filter(p -> p.toString().endsWith("Adjoint.java")).sorted().toList();
    }
    assertTrue(companions.size() >= 13, "companions in " + root + ": " + companions);
    StringBuilder tooLong = new StringBuilder();
    for (Path p : companions) {
      String text = Files.readString(p);
      assertTrue(
          text.contains("\n@Generated(\"dev.adjoint.processor.AdjointProcessor\")\n"),
          p + " is not annotated @Generated");
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].length() > 100) {
          tooLong
              .append(p.getFileName())
              .append(':')
              .append(i + 1)
              .append(": ")
              .append(lines[i])
              .append('\n');
        }
      }
    }
    assertEquals("", tooLong.toString(), "lines over 100 columns");
  }
}
