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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TourTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String... args) {
    return Tour.run(
        args,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runsEverySampleInOrder() {
    assertEquals(0, run());
    String out = out();
    int previous = -1;
    String[] titles = {
      " Survey:",
      " Finite differences:",
      " Expression swell:",
      " Forward vs. reverse mode:",
      " Classifier:",
      " Cubic:",
      " Control flow:",
      " Linear regression",
      " Dense network:",
      " Training:"
    };
    assertEquals(titles.length, Tour.SAMPLES.size());
    for (String title : titles) {
      int at = out.indexOf(title);
      assertTrue(at > previous, title + " missing or out of order");
      previous = at;
    }
    assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
    for (String line : out.split("\n")) {
      assertTrue(line.length() <= 100, "line too long: " + line);
    }
    // Forward mode and second derivatives are generated now: no stand-ins or "not yet" left.
    assertFalse(out.toLowerCase(java.util.Locale.ROOT).contains("not yet"));
    assertFalse(out.contains("hand-written tangents"));
    assertTrue(out.contains("fJvp(2, 5, 1, 0)"));
    assertTrue(out.contains("cubeHessian"));
  }

  @Test
  void runsOneSampleByName() {
    assertEquals(0, run("survey"));
    assertTrue(out().contains(" Survey:"));
    assertTrue(out().contains("5.5"));
    assertFalse(out().contains(" Linear regression"));
  }

  @Test
  void namesIgnoreCaseAndHyphens() {
    assertEquals(0, run("ControlFlow", "LINEAR_REGRESSION"));
    assertTrue(out().contains(" Control flow:"));
    assertTrue(out().contains(" Linear regression"));
    assertFalse(out().contains(" Survey:"));
  }

  @Test
  void trainingPrintsProgressSparingly() {
    assertEquals(0, run("linear-regression"));
    // Each section ("-- ...") that prints training progress prints 5 to 12 epoch rows.
    int tables = 0;
    for (String section : out().split("\n-- ")) {
      long epochLines = section.lines().filter(l -> l.trim().startsWith("epoch")).count();
      if (epochLines > 0) {
        tables++;
        assertTrue(
            epochLines >= 5 && epochLines <= 12, epochLines + " progress lines in: " + section);
      }
    }
    assertEquals(3, tables);
  }

  @Test
  void everyTrainingLoopPrintsProgressSparingly() {
    assertEquals(0, run("classifier", "dense-network"));
    long steps = out().lines().filter(l -> l.trim().startsWith("step ")).count();
    long epochs = out().lines().filter(l -> l.trim().startsWith("epoch ")).count();
    assertEquals(11, steps); // every 10 of 100 steps, and the last
    assertEquals(11, epochs); // every 10 of 100 epochs, and after the last
  }

  @Test
  void everySampleRunsAloneByName() throws Exception {
    for (Tour.Sample sample : Tour.SAMPLES) {
      outBytes.reset();
      assertEquals(0, run(sample.name()), sample.name());
      assertEquals(
          2,
          out().lines().filter(l -> l.startsWith("=====")).count(),
          sample.name() + ": one banner");
      assertShowsItsDifferentiableCode(sample.name(), out());
    }
  }

  /**
   * The first section after the banner lists the sample's @Differentiable methods: each is a method
   * of the named class that carries the annotation, and is printed as it stands in the source file.
   */
  private static void assertShowsItsDifferentiableCode(String sample, String out) throws Exception {
    List<String> lines = out.lines().toList();
    int banner = lines.lastIndexOf("=".repeat(Report.WIDTH));
    assertEquals("", lines.get(banner + 1), sample);
    java.util.regex.Matcher heading =
        java.util.regex.Pattern.compile(
                "-- "
                    + java.util.regex.Pattern.quote(Report.CODE_HEADING)
                    + " \\((\\w+)\\.java\\) -+")
            .matcher(lines.get(banner + 2));
    assertTrue(
        heading.matches(), sample + ": the code does not come first: " + lines.get(banner + 2));
    Class<?> type = Class.forName("dev.adjoint.samples." + heading.group(1));
    String file = SourceCodeTest.sourceFile(type);
    List<String> block = new java.util.ArrayList<>();
    int methods = 0;
    for (int i = banner + 3; i <= lines.size(); i++) {
      String line = i < lines.size() ? lines.get(i) : "";
      if (!line.isEmpty() && !line.startsWith("-- ")) {
        assertTrue(line.startsWith("  "), sample + ": not indented: " + line);
        block.add(line.substring(2));
        continue;
      }
      if (!block.isEmpty() && block.get(0).startsWith("@Differentiable")) {
        String listing = String.join("\n", block) + "\n";
        java.util.regex.Matcher name =
            java.util.regex.Pattern.compile("(\\w+)\\s*\\(").matcher(block.get(1));
        assertTrue(name.find(), sample + ": no method name in " + block.get(1));
        java.lang.reflect.Method method =
            java.util.Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name.group(1)))
                .findFirst()
                .orElseThrow(
                    () ->
                        new AssertionError(
                            sample
                                + ": "
                                + type.getSimpleName()
                                + " has no method "
                                + name.group(1)));
        assertTrue(method.isAnnotationPresent(dev.adjoint.Differentiable.class), method.toString());
        assertTrue(
            SourceCodeTest.occursIn(listing, file),
            sample + ": not as in the source file:\n" + listing);
        methods++;
      }
      block.clear();
      if (line.startsWith("-- ")) {
        break;
      }
    }
    assertTrue(methods > 0, sample + " shows no @Differentiable method");
  }

  @Test
  void tablesAreAligned() {
    assertEquals(0, run("control-flow", "linear-regression"));
    for (String section : out().split("\n-- ")) {
      // Consecutive epoch rows of one table have the same length: their columns line up.
      List<String> rows = section.lines().filter(l -> l.trim().startsWith("epoch")).toList();
      for (String row : rows) {
        assertEquals(rows.get(0).length(), row.length(), "misaligned: " + row);
      }
    }
    for (String section : out().split("\n-- ")) {
      if (section.startsWith(Report.CODE_HEADING)) {
        continue; // source code, as wide as the source file (at most 100 columns)
      }
      for (String line : section.split("\n")) {
        assertTrue(line.length() <= Report.WIDTH + 8, "line too long: " + line);
      }
    }
  }

  @Test
  void unknownNameIsAnErrorWithUsage() {
    assertEquals(2, run("nope"));
    String err = errBytes.toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("Unknown sample 'nope'"));
    assertTrue(err.contains("linear-regression"));
    assertEquals("", out());
  }
}
