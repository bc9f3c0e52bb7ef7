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
package dev.adjoint.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

  /** 2 epochs of 5 batches of 4 examples; the clock advances 0.25 s at every reading. */
  private static String run(
      java.util.function.Function<PrintStream, Progress> progress, boolean evaluate) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<TrainerTest.Point> points = TrainerTest.data(20, 1);
    double[] w = new double[2];
    double[] g = new double[2];
    Sgd sgd = new Sgd(List.of(Parameter.of(w, g)), Sgd.Options.defaults().lr(0.1));
    long[] now = {0};
    Trainer.Builder<Batch<TrainerTest.Point>> b =
        TrainerTest.builder(sgd, w, g, DataLoader.of(points).batchSize(4))
            .epochs(2)
            .clock(() -> now[0] += 250_000_000L)
            .progress(progress.apply(out));
    if (evaluate) {
      b.evaluate(5, () -> Map.of("val_loss", 0.5));
    }
    b.build().fit();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainLinesAtTheChosenStepInterval() {
    String text = run(out -> Progress.linesEverySteps(out, 4), true);
    String[] lines = text.split("\n");
    // Steps 4 and 8, evaluations after steps 5 and 10, and the summary.
    assertEquals(5, lines.length, text);
    assertTrue(lines[0].startsWith("epoch 1/2 step 4/10 40% loss "), lines[0]);
    // 4 steps, each reading the clock once (the start read once too): 1 s for 4 steps, 16 examples.
    assertTrue(lines[0].endsWith("lr 0.1 4.00 it/s 16.00 ex/s 00:01<00:02"), lines[0]);
    assertEquals("step 5 (epoch 1): val_loss 0.5000", lines[1]);
    assertTrue(lines[2].startsWith("epoch 2/2 step 8/10 80%"), lines[2]);
    assertTrue(lines[4].startsWith("done: step 10/10, 10 steps in "), lines[4]);
    assertFalse(text.contains("\r"));
  }

  @Test
  void plainLinesAtATimeInterval() {
    // A line once at least 1 s has passed since the last: the clock moves 0.25 s a step.
    String text = run(out -> Progress.lines(out, Duration.ofSeconds(1)), false);
    long progressLines = text.lines().filter(l -> l.startsWith("epoch")).count();
    assertEquals(2, progressLines, text);
  }

  @Test
  void aBarRedrawsOneLineInPlace() {
    String text = run(Progress::bar, true);
    assertTrue(text.startsWith("\repoch 1/2 [===>"), text);
    assertTrue(text.endsWith("\n"));
    String last = text.substring(text.lastIndexOf('\r') + 1).strip();
    assertTrue(
        last.startsWith("epoch 2/2 [==============================] 100% 10/10 loss "), last);
    // Evaluations get a line of their own, the bar cleared before.
    assertTrue(text.contains("\rstep 5 (epoch 1): val_loss 0.5000\n"), text);
    assertEquals(3, text.split("\n", -1).length - 1, "two evaluations and the final newline");
  }

  @Test
  void noneIsSilentAndThePropertyForcesAForm() {
    assertEquals("", run(out -> Progress.none(), true));
    String old = System.getProperty(Progress.PROPERTY);
    try {
      System.setProperty(Progress.PROPERTY, "plain");
      assertFalse(run(Progress::auto, false).contains("\r"));
      System.setProperty(Progress.PROPERTY, "bar");
      assertTrue(run(Progress::auto, false).contains("\r"));
      System.setProperty(Progress.PROPERTY, "none");
      assertEquals("", run(Progress::auto, false));
      System.setProperty(Progress.PROPERTY, "fancy");
      assertThrows(IllegalArgumentException.class, () -> Progress.auto(System.out));
    } finally {
      if (old == null) {
        System.clearProperty(Progress.PROPERTY);
      } else {
        System.setProperty(Progress.PROPERTY, old);
      }
    }
  }

  @Test
  void formatsTimesAndNumbers() {
    assertEquals("00:05", Progress.time(4.6));
    assertEquals("02:03", Progress.time(123));
    assertEquals("1:01:01", Progress.time(3661));
    assertEquals("0.1235", Progress.number(0.123456));
    assertEquals("1.23e-05", Progress.number(1.2345e-5));
    assertEquals("nan", Progress.number(Double.NaN));
    assertEquals("2.50", Progress.rate(5, 2));
    assertEquals("1234", Progress.rate(1234, 1));
    assertEquals("12.3k", Progress.rate(12_345, 1));
    assertEquals("123k", Progress.rate(123_456, 1));
    assertEquals("1.23M", Progress.rate(1_234_567, 1));
    assertEquals("1.00M", Progress.rate(999_999, 1));
    assertEquals("12.3M", Progress.rate(12_345_678, 1));
    assertEquals("123M", Progress.rate(123_456_789, 1));
    assertEquals("1.23G", Progress.rate(1_234_567_890, 1));
    assertEquals("1e-04", Progress.learningRate(1e-4));
    assertEquals("2.5e-04", Progress.learningRate(2.5e-4));
    assertEquals("0.0025", Progress.learningRate(2.5e-3));
    assertEquals("0.1", Progress.learningRate(0.1));
    assertEquals("1", Progress.learningRate(1.0));
    assertEquals("0.0125", Progress.learningRate(0.0125));
  }
}
