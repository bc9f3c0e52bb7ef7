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
      " Survey:", " Finite differences:", " Expression swell:", " Forward vs. reverse mode:", " Classifier:",
      " Cubic:", " Control flow:", " Linear regression", " Dense network:",
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
        assertTrue(epochLines >= 5 && epochLines <= 12, epochLines + " progress lines in: " + section);
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
  void everySampleRunsAloneByName() {
    for (Tour.Sample sample : Tour.SAMPLES) {
      outBytes.reset();
      assertEquals(0, run(sample.name()), sample.name());
      assertEquals(2, out().lines().filter(l -> l.startsWith("=====")).count(), sample.name() + ": one banner");
    }
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
    for (String line : out().split("\n")) {
      assertTrue(line.length() <= Report.WIDTH + 8, "line too long: " + line);
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
