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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.AdamW;
import dev.adjoint.optim.LrSchedule;
import dev.adjoint.optim.LrScheduler;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.RmsProp;
import dev.adjoint.optim.Sgd;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorParameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  /**
   * A model whose parameters are a TensorParameter w (shape [2, 1]: the slope... and a spare row)
   * and a bias b in a plain array: prediction w[0] x + b, loss 0.5 (prediction - y)² + 0.01 w[1]².
   */
  static final class Run {
    final TensorParameter w = TensorParameter.of(Tensor.of(new double[] {0.5, -0.3}, 2, 1));
    final double[] b = {0.1};
    final double[] bGrad = new double[1];
    final Parameter bias = Parameter.of(b, bGrad);
    final Optimizer<?> optimizer;
    final Trainer<Batch<TrainerTest.Point>> trainer;

    Run(
        Function<List<Parameter>, Optimizer<?>> make,
        List<TrainerTest.Point> train,
        List<TrainerTest.Point> test) {
      optimizer = make.apply(List.of(w, bias));
      trainer =
          Trainer.builder(
                  optimizer,
                  DataLoader.of(train).batchSize(7).shuffle(true),
                  BatchLoss.perExample((TrainerTest.Point p, double seed) -> pullback(p, seed)))
              .epochs(4)
              .seed(99)
              .clipGradNorm(5.0)
              .evaluate(3, () -> Map.of("val_loss", meanLoss(test)))
              .earlyStopping(EarlyStopping.minimize("val_loss", 100))
              .build();
    }

    double pullback(TrainerTest.Point p, double seed) {
      double[] wv = w.value();
      double r = wv[0] * p.x() + b[0] - p.y();
      double[] g = w.grad();
      g[0] += seed * r * p.x();
      g[1] += seed * 0.02 * wv[1];
      bGrad[0] += seed * r;
      return 0.5 * r * r + 0.01 * wv[1] * wv[1];
    }

    double meanLoss(List<TrainerTest.Point> points) {
      double sum = 0;
      for (TrainerTest.Point p : points) {
        double r = w.value()[0] * p.x() + b[0] - p.y();
        sum += 0.5 * r * r;
      }
      return sum / points.size();
    }

    Map<String, Parameter> model() {
      Map<String, Parameter> m = new LinkedHashMap<>();
      m.put("w", w);
      m.put("b", bias);
      return m;
    }

    double[] values() {
      return new double[] {w.value()[0], w.value()[1], b[0]};
    }
  }

  static final List<Function<List<Parameter>, Optimizer<?>>> OPTIMIZERS =
      List.of(
          ps -> {
            Adam a = new Adam(ps, Adam.Options.defaults().lr(0.05).amsgrad(true));
            LrScheduler.perStep(a, LrSchedule.cosineAnnealingLr(40, 0.001));
            return a;
          },
          ps -> new AdamW(ps, AdamW.Options.defaults().lr(0.05)),
          ps -> {
            Sgd s = new Sgd(ps, Sgd.Options.defaults().lr(0.05).momentum(0.9).nesterov(true));
            LrScheduler.perEpoch(s, LrSchedule.stepLr(1, 0.7));
            return s;
          },
          ps -> new RmsProp(ps, RmsProp.Options.defaults().lr(0.01).momentum(0.5).centered(true)));

  @Test
  void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws IOException {
    List<TrainerTest.Point> train = TrainerTest.data(60, 1); // 9 batches an epoch, 36 steps
    List<TrainerTest.Point> test = TrainerTest.data(20, 2);
    int n = 17; // mid-epoch, between evaluations
    for (int k = 0; k < OPTIMIZERS.size(); k++) {
      Run whole = new Run(OPTIMIZERS.get(k), train, test);
      History all = whole.trainer.fit();
      assertEquals(36, all.steps());

      Run first = new Run(OPTIMIZERS.get(k), train, test);
      first.trainer.fit(n);
      Path file = dir.resolve("run" + k + ".safetensors");
      Checkpoint.save(file, first.model(), first.optimizer, first.trainer);

      Run resumed = new Run(OPTIMIZERS.get(k), train, test);
      Checkpoint.load(file, resumed.model(), resumed.optimizer, resumed.trainer);
      assertEquals(n, resumed.trainer.step());
      History rest = resumed.trainer.fit();

      String name = whole.optimizer.getClass().getSimpleName();
      assertArrayEquals(whole.values(), resumed.values(), 0.0, name);
      assertArrayEquals(
          java.util.Arrays.copyOfRange(all.losses(), n, 36), rest.losses(), 0.0, name);
      assertEquals(whole.optimizer.stepCount(), resumed.optimizer.stepCount(), name);
      assertEquals(whole.trainer.position(), resumed.trainer.position(), name);
      if (whole.optimizer.scheduler() != null) {
        assertEquals(whole.optimizer.scheduler().count(), resumed.optimizer.scheduler().count());
      }
    }
  }

  @Test
  void theFileIsPlainSafetensorsWithTheParametersShapes() throws IOException {
    Run run = new Run(OPTIMIZERS.get(0), TrainerTest.data(20, 3), TrainerTest.data(5, 4));
    run.trainer.fit(4);
    Path file = dir.resolve("model.safetensors");
    Checkpoint.save(file, run.model(), run.optimizer, run.trainer);
    Safetensors.Contents c = Safetensors.read(file);
    assertArrayEquals(new int[] {2, 1}, c.tensors().get("w").shape());
    assertArrayEquals(new int[] {1}, c.tensors().get("b").shape());
    assertEquals("I64", c.tensors().get("__optimizer__.param.0.step").dtype());
    assertArrayEquals(new long[] {4}, c.tensors().get("__optimizer__.param.0.step").longs());
    assertEquals(2, c.tensors().get("__optimizer__.param.0.max_exp_avg_sq").size());
    assertEquals("dev.adjoint.optim.Adam", c.metadata().get("optimizer.type"));
    assertEquals("4", c.metadata().get("trainer.step"));
    assertEquals("1", c.metadata().get("trainer.epoch")); // 20 points in batches of 7: 3 an epoch
    assertEquals("99", c.metadata().get("trainer.seed"));
    assertEquals(run.w.tensor(), c.tensors().get("w").toTensor());

    // The parameters alone load into a fresh model, whatever else the file holds.
    Run fresh = new Run(OPTIMIZERS.get(0), TrainerTest.data(20, 3), TrainerTest.data(5, 4));
    Checkpoint.load(file, fresh.model());
    assertArrayEquals(run.values(), fresh.values(), 0.0);
  }

  @Test
  void aFileThatDoesNotFitIsRefusedAndNothingChanges() throws IOException {
    List<TrainerTest.Point> train = TrainerTest.data(20, 5);
    Run run = new Run(OPTIMIZERS.get(0), train, train);
    run.trainer.fit(3);
    Path file = dir.resolve("c.safetensors");
    Checkpoint.save(file, run.model(), run.optimizer, run.trainer);

    Run other = new Run(OPTIMIZERS.get(2), train, train); // Sgd
    double[] before = other.values();
    String m =
        assertThrows(
                CheckpointException.class,
                () -> Checkpoint.load(file, other.model(), other.optimizer, other.trainer))
            .getMessage();
    assertTrue(m.contains("is of optimizer dev.adjoint.optim.Adam, not dev.adjoint.optim.Sgd"), m);
    assertArrayEquals(before, other.values(), 0.0);
    assertEquals(0, other.trainer.step());

    Map<String, Parameter> missing = Map.of("w", other.w, "bias", other.bias);
    m = assertThrows(CheckpointException.class, () -> Checkpoint.load(file, missing)).getMessage();
    assertTrue(m.contains("holds parameters that were not asked for: [b]"), m);
    Map<String, Parameter> extra = new LinkedHashMap<>(other.model());
    extra.put("c", Parameter.of(new double[1]));
    m = assertThrows(CheckpointException.class, () -> Checkpoint.load(file, extra)).getMessage();
    assertTrue(m.contains("has no tensor 'c' (it has [w, b])"), m);
    Map<String, Parameter> reshaped =
        Map.of("w", TensorParameter.of(Tensor.zeros(1, 2)), "b", other.bias);
    m = assertThrows(CheckpointException.class, () -> Checkpoint.load(file, reshaped)).getMessage();
    assertTrue(m.contains("tensor 'w' has shape [2, 1] but the parameter has shape [1, 2]"), m);

    Path ints = dir.resolve("ints.safetensors");
    Safetensors.write(ints, Map.of("b", Safetensors.Entry.i64(new long[] {1}, 1)), Map.of());
    m =
        assertThrows(
                CheckpointException.class, () -> Checkpoint.load(ints, Map.of("b", other.bias)))
            .getMessage();
    assertTrue(m.contains("tensor 'b' has dtype I64, expected F64"), m);

    Path model = dir.resolve("model-only.safetensors");
    Checkpoint.save(model, run.model());
    m =
        assertThrows(
                CheckpointException.class,
                () -> Checkpoint.load(model, run.model(), run.optimizer, null))
            .getMessage();
    assertTrue(m.contains("holds no optimizer state"), m);
    m =
        assertThrows(
                CheckpointException.class,
                () -> Checkpoint.load(model, run.model(), null, run.trainer))
            .getMessage();
    assertTrue(m.contains("holds no trainer position"), m);

    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
    m =
        assertThrows(CheckpointException.class, () -> Checkpoint.load(file, run.model()))
            .getMessage();
    assertTrue(m.contains("truncated"), m);
    assertThrows(
        IllegalArgumentException.class,
        () -> Checkpoint.save(file, Map.of("__optimizer__.x", run.bias)));
  }
}
