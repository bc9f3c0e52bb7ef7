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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradCheck;
import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
  @TempDir Path dir;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void learnsTheSpiralsAndTheCheckpointReloads() throws Exception {
    Path file = dir.resolve("model.safetensors");
    Training.Result r = Training.train(Training.SEED, null, file);
    assertTrue(r.testAccuracy() > 0.9, "held-out accuracy " + r.testAccuracy());
    assertTrue(r.trainAccuracy() > 0.9, "training accuracy " + r.trainAccuracy());
    assertTrue(r.testLogLoss() < 0.35, "held-out log loss " + r.testLogLoss());
    assertEquals(150, r.confusion().total());
    assertEquals(r.testAccuracy(), r.confusion().accuracy(), 1e-15);
    assertEquals(r.testAccuracy(), r.reloadedTestAccuracy(), 0.0);
    double[] losses = r.history().losses();
    assertTrue(losses.length > 0 && losses.length % 19 == 0, losses.length + " steps");
    double firstEpoch = 0;
    double lastEpoch = 0;
    for (int i = 0; i < 19; i++) {
      firstEpoch += losses[i];
      lastEpoch += losses[losses.length - 19 + i];
    }
    assertTrue(lastEpoch < firstEpoch / 3, firstEpoch / 19 + " -> " + lastEpoch / 19);
    // 195 parameters and Adam's 2 x 195 moments in F64 (4680 bytes), 9 I64 counts, the header.
    assertEquals(Files.size(file), r.checkpointBytes());
    assertTrue(r.checkpointBytes() > 4000 && r.checkpointBytes() < 8000, r.checkpointBytes() + "");
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    Training.Result a = Training.train(5, null, dir.resolve("a.safetensors"));
    Training.Result b = Training.train(5, null, dir.resolve("b.safetensors"));
    assertArrayEquals(a.history().losses(), b.history().losses(), 0.0);
    assertEquals(a.model().w1.tensor(), b.model().w1.tensor());
  }

  @Test
  void printsProgressLinesAndDrawsTheLossCurve() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Training.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("epoch 10/60 step 190/1140 16% loss "), out);
    assertTrue(out.contains("step 95 (epoch 5): val_loss "), out);
    assertTrue(out.contains("done: step "), out);
    assertTrue(Files.isRegularFile(Charts.directory().resolve(Training.CHART)));
    for (String line : out.split("\n")) {
      assertTrue(line.length() <= 100, "line too long: " + line);
    }
  }

  @Test
  void generatedGradientMatchesFiniteDifferences() {
    Random rng = new Random(4);
    Training.Data data = Training.Data.spirals(4, 9);
    Tensor w1 = Tensor.randn(rng, 2, Training.HIDDEN);
    Tensor b1 = Tensor.randn(rng, Training.HIDDEN).mul(0.1);
    Tensor w2 = Tensor.randn(rng, Training.HIDDEN, Training.CLASSES);
    Tensor b2 = Tensor.randn(rng, Training.CLASSES);
    GradCheck.assertGradient(
        v ->
            Training.loss(
                w1,
                b1,
                Tensor.of(v, Training.HIDDEN, Training.CLASSES),
                b2,
                data.x(),
                data.labels()),
        v ->
            TrainingAdjoint.lossGradient(
                    w1,
                    b1,
                    Tensor.of(v, Training.HIDDEN, Training.CLASSES),
                    b2,
                    data.x(),
                    data.labels())
                .w2()
                .toArray(),
        w2.toArray());
    GradCheck.assertGradient(
        v -> Training.loss(Tensor.of(v, 2, Training.HIDDEN), b1, w2, b2, data.x(), data.labels()),
        v ->
            TrainingAdjoint.lossGradient(
                    Tensor.of(v, 2, Training.HIDDEN), b1, w2, b2, data.x(), data.labels())
                .w1()
                .toArray(),
        w1.toArray());
  }
}
