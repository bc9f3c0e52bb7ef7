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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact-text comparison with golden files, its diff, and its update switch. */
class GoldenFileTest {
  @TempDir Path dir;

  /** The switch as the build set it (a run that updates the project's golden files sets it). */
  private String update;

  @BeforeEach
  void compareRatherThanUpdate() {
    update = System.getProperty(GoldenFile.UPDATE_PROPERTY);
    System.clearProperty(GoldenFile.UPDATE_PROPERTY);
  }

  @AfterEach
  void restoreTheSwitch() {
    if (update == null) {
      System.clearProperty(GoldenFile.UPDATE_PROPERTY);
    } else {
      System.setProperty(GoldenFile.UPDATE_PROPERTY, update);
    }
  }

  @Test
  void equalTextsPassAndLineEndingsDoNotCount() throws IOException {
    Path golden = dir.resolve("A.java");
    Files.writeString(golden, "class A {\r\n  int x;\r\n}\r\n");
    GoldenFile.assertMatches("A", "class A {\n  int x;\n}\n", golden);
  }

  @Test
  void aChangedCommentFailsWithAUnifiedDiff() throws IOException {
    Path golden = dir.resolve("A.java");
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(golden, text.toString());
    String changed = text.toString().replace("line 10\n", "line ten\n").replace("line 19\n", "");
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> GoldenFile.assertMatches("the generated A", changed, golden));
    String expected =
        "--- "
            + golden
            + "\n"
            + "+++ the generated A\n"
            + "@@ -7,7 +7,7 @@\n"
            + " line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n"
            + "@@ -16,5 +16,4 @@\n"
            + " line 16\n line 17\n line 18\n-line 19\n line 20\n";
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("-Dadjoint.golden.update=true"), e.getMessage());
  }

  /** As {@code diff -u} prints them. */
  @Test
  void linesAddedAtTheStartAndRemovedAtTheEnd() {
    assertEquals(
        "--- a\n+++ b\n@@ -1,3 +1,4 @@\n+new\n a\n b\n c\n",
        GoldenFile.unifiedDiff("a\nb\nc\n", "new\na\nb\nc\n", "a", "b"));
    assertEquals(
        "--- a\n+++ b\n@@ -1,2 +1 @@\n a\n-b\n", GoldenFile.unifiedDiff("a\nb\n", "a\n", "a", "b"));
    assertEquals("", GoldenFile.unifiedDiff("a\n", "a\n", "a", "b"));
  }

  @Test
  void aMissingGoldenFileSaysHowToWriteIt() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> GoldenFile.assertMatches("A", "text\n", dir.resolve("missing/A.java")));
    assertTrue(
        e.getMessage().contains("no golden file")
            && e.getMessage().contains("-Dadjoint.golden.update=true"),
        e.getMessage());
  }

  @Test
  void updatingWritesTheGoldenFile() throws IOException {
    Path golden = dir.resolve("new/A.java");
    System.setProperty(GoldenFile.UPDATE_PROPERTY, "true");
    GoldenFile.assertMatches("A", "class A {}\n", golden);
    System.clearProperty(GoldenFile.UPDATE_PROPERTY);
    assertEquals("class A {}\n", Files.readString(golden));
    GoldenFile.assertMatches("A", "class A {}\n", golden);
  }
}
