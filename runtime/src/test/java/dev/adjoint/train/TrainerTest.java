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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.LrSchedule;
import dev.adjoint.optim.LrScheduler;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainerTest {

  /** y = 2 - 3x + noise. */
  record Point(double x, double y) {}

  static List<Point> data(int n, long seed) {
    Random rng = new Random(seed);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = rng.nextGaussian();
      points.add(new Point(x, 2 - 3 * x + 0.1 * rng.nextGaussian()));
    }
    return points;
  }

  /** The pullback of 0.5 (w0 + w1 x - y)², as Adjoint would generate it. */
  static double pullback(double[] w, Point p, double seed, double[] grad) {
    double r = w[0] + w[1] * p.x() - p.y();
    grad[0] += seed * r;
    grad[1] += seed * r * p.x();
    return 0.5 * r * r;
  }

  static double meanLoss(double[] w, List<Point> points) {
    double sum = 0;
    for (Point p : points) {
      sum += pullback(w, p, 0, new double[2]);
    }
    return sum / points.size();
  }

  static Trainer.Builder<Batch<Point>> builder(
      Optimizer<?> optimizer, double[] w, double[] grad, DataLoader<Point> loader) {
    return Trainer.builder(
        optimizer,
        loader,
        BatchLoss.perExample((Point p, double seed) -> pullback(w, p, seed, grad)));
  }

  @Test
  void followsTheHandWrittenLoopExactly() {
    List<Point> points = data(103, 1);
    DataLoader<Point> loader = DataLoader.of(points).batchSize(10).shuffle(true);

    double[] w = new double[2];
    double[] grad = new double[2];
    Adam adam = new Adam(List.of(Parameter.of(w, grad)), Adam.Options.defaults().lr(0.2));
    History history = builder(adam, w, grad, loader).epochs(3).seed(7).build().fit();

    double[] v = new double[2];
    double[] g = new double[2];
    Adam reference = new Adam(List.of(Parameter.of(v, g)), Adam.Options.defaults().lr(0.2));
    List<Double> losses = new ArrayList<>();
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] order = loader.order(7, epoch);
      for (int from = 0; from < order.length; from += 10) {
        int to = Math.min(from + 10, order.length);
        reference.zeroGrad();
        double sum = 0;
        for (int i = from; i < to; i++) {
          sum += pullback(v, points.get(order[i]), 1.0 / (to - from), g);
        }
        losses.add(sum / (to - from));
        reference.step();
      }
    }
    assertArrayEquals(v, w, 0.0);
    assertEquals(33, history.steps());
    assertArrayEquals(
        losses.stream().mapToDouble(Double::doubleValue).toArray(), history.losses(), 0.0);
    assertEquals(33, adam.stepCount());
    assertTrue(history.lastLoss() < history.losses()[0] / 10);
    assertFalse(history.stoppedEarly());
  }

  @Test
  void theSeedDecidesTheRun() {
    List<Point> points = data(50, 2);
    DataLoader<Point> loader = DataLoader.of(points).batchSize(8).shuffle(true);
    double[][] results = new double[3][];
    long[] seeds = {5, 5, 6};
    for (int k = 0; k < 3; k++) {
      double[] w = new double[2];
      double[] grad = new double[2];
      Sgd sgd = new Sgd(List.of(Parameter.of(w, grad)), Sgd.Options.defaults().lr(0.1));
      builder(sgd, w, grad, loader).epochs(2).seed(seeds[k]).build().fit();
      results[k] = w;
    }
    assertArrayEquals(results[0], results[1], 0.0);
    assertNotEquals(results[0][0], results[2][0]);
  }

  @Test
  void dataLoaderVisitsEveryExampleOncePerEpoch() {
    DataLoader<Integer> loader = DataLoader.range(23).batchSize(5).shuffle(true);
    assertEquals(5, loader.count());
    int[] first = null;
    for (int epoch = 0; epoch < 2; epoch++) {
      Set<Integer> seen = new HashSet<>();
      List<Integer> order = new ArrayList<>();
      for (int b = 0; b < loader.count(); b++) {
        Batch<Integer> batch = loader.batch(3, epoch, b);
        assertEquals(b < 4 ? 5 : 3, batch.size());
        for (int i : batch.indices()) {
          assertTrue(seen.add(i));
          order.add(i);
        }
        assertEquals(Arrays.stream(batch.indices()).boxed().toList(), batch.examples());
      }
      assertEquals(23, seen.size());
      int[] o = order.stream().mapToInt(Integer::intValue).toArray();
      if (first == null) {
        first = o;
      } else {
        assertFalse(Arrays.equals(first, o), "each epoch has its own order");
      }
    }
    assertEquals(4, loader.dropLast(true).count());
    Batch<Integer> ordered = DataLoader.range(7).batchSize(3).batch(99, 0, 2);
    assertArrayEquals(new int[] {6}, ordered.indices());
  }

  @Test
  void batchesGatherTensorRowsAndArrays() {
    dev.adjoint.tensor.Tensor x =
        dev.adjoint.tensor.Tensor.of(new double[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2);
    Batch<Integer> batch = new Batch<>(List.of(0, 1, 2, 3), new int[] {3, 1}, 0, 0);
    assertEquals(dev.adjoint.tensor.Tensor.of(new double[] {30, 31, 10, 11}, 2, 2), batch.rows(x));
    assertArrayEquals(new int[] {7, 5}, batch.select(new int[] {4, 5, 6, 7}));
    assertArrayEquals(new double[] {.3, .1}, batch.select(new double[] {0, .1, .2, .3}));
  }

  @Test
  void clipsTheGradientBeforeEachStep() {
    List<Point> points = data(40, 3);
    DataLoader<Point> loader = DataLoader.of(points).batchSize(40);
    double[] w = {10, 10};
    double[] grad = new double[2];
    Sgd sgd = new Sgd(List.of(Parameter.of(w, grad)), Sgd.Options.defaults().lr(0.1));
    builder(sgd, w, grad, loader).epochs(5).clipGradNorm(0.5).build().fit();

    double[] v = {10, 10};
    double[] g = new double[2];
    Sgd reference = new Sgd(List.of(Parameter.of(v, g)), Sgd.Options.defaults().lr(0.1));
    for (int step = 0; step < 5; step++) {
      reference.zeroGrad();
      for (Point p : points) {
        pullback(v, p, 1.0 / 40, g);
      }
      assertTrue(reference.clipGradNorm(0.5) > 0.5);
      reference.step();
    }
    assertArrayEquals(v, w, 0.0);
  }

  @Test
  void evaluatesEveryNStepsOrEachEpoch() {
    List<Point> points = data(30, 4);
    List<Point> test = data(10, 5);
    DataLoader<Point> loader = DataLoader.of(points).batchSize(4); // 8 batches an epoch
    double[] w = new double[2];
    double[] grad = new double[2];
    Sgd sgd = new Sgd(List.of(Parameter.of(w, grad)), Sgd.Options.defaults().lr(0.1));
    History h =
        builder(sgd, w, grad, loader)
            .epochs(2)
            .evaluate(5, () -> Map.of("val_loss", meanLoss(w, test)))
            .build()
            .fit();
    assertEquals(
        List.of(5L, 10L, 15L), h.evaluations().stream().map(History.Evaluation::step).toList());
    assertEquals(
        List.of(0, 1, 1), h.evaluations().stream().map(History.Evaluation::epoch).toList());
    assertEquals(3, h.metric("val_loss").length);

    double[] w2 = new double[2];
    double[] grad2 = new double[2];
    Sgd sgd2 = new Sgd(List.of(Parameter.of(w2, grad2)), Sgd.Options.defaults().lr(0.1));
    History perEpoch =
        builder(sgd2, w2, grad2, loader)
            .epochs(3)
            .evaluate(0, () -> Map.of("val_loss", meanLoss(w2, test)))
            .build()
            .fit();
    assertEquals(
        List.of(8L, 16L, 24L),
        perEpoch.evaluations().stream().map(History.Evaluation::step).toList());
  }

  @Test
  void earlyStoppingEndsTheRunAfterThePatienceRunsOut() {
    DataLoader<Point> loader = DataLoader.of(data(10, 6)).batchSize(1);
    double[] w = new double[2];
    double[] grad = new double[2];
    Sgd sgd = new Sgd(List.of(Parameter.of(w, grad)), Sgd.Options.defaults().lr(0.01));
    // The metric improves at evaluations 1, 2 and 4 (by more than 0.05), then never.
    double[] script = {5, 4, 4.01, 3, 3.5, 2.99, 3.2, 1, 1};
    int[] calls = {0};
    Trainer<Batch<Point>> trainer =
        builder(sgd, w, grad, loader)
            .epochs(10)
            .evaluate(2, () -> Map.of("val", script[calls[0]++]))
            .earlyStopping(EarlyStopping.minimize("val", 3).minDelta(0.05))
            .build();
    History h = trainer.fit();
    // Evaluations 5, 6, 7 do not improve on 3 by 0.05: stop after the 7th, at step 14.
    assertTrue(h.stoppedEarly());
    assertEquals(7, calls[0]);
    assertEquals(14, h.steps());
    assertEquals(3.0, trainer.position().bestMetric());
    assertTrue(trainer.isFinished());
    assertEquals(0, trainer.fit().steps(), "a stopped trainer takes no more steps");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                builder(sgd, w, grad, loader)
                    .evaluate(1, () -> Map.of("loss", 1.0))
                    .earlyStopping(EarlyStopping.maximize("accuracy", 2))
                    .build()
                    .fit());
    assertTrue(e.getMessage().contains("no metric 'accuracy'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> builder(sgd, w, grad, loader).earlyStopping(EarlyStopping.minimize("v", 1)).build());
  }

  @Test
  void advancesAPerEpochSchedulerAtTheEndOfEachEpoch() {
    DataLoader<Point> loader = DataLoader.of(data(12, 7)).batchSize(4);
    double[] w = new double[2];
    double[] grad = new double[2];
    Sgd sgd = new Sgd(List.of(Parameter.of(w, grad)), Sgd.Options.defaults().lr(1.0));
    LrScheduler scheduler = LrScheduler.perEpoch(sgd, LrSchedule.exponentialLr(0.5));
    List<Double> rates = new ArrayList<>();
    builder(sgd, w, grad, loader)
        .epochs(3)
        .callback(
            new Callback() {
              @Override
              public void onEpochEnd(TrainState state) {
                rates.add(state.learningRate());
              }
            })
        .build()
        .fit();
    assertEquals(3, scheduler.count());
    assertEquals(List.of(0.5, 0.25, 0.125), rates);
  }

  @Test
  void fitInPiecesEqualsOneFitAndCallbacksCanStop() {
    List<Point> points = data(25, 8);
    DataLoader<Point> loader = DataLoader.of(points).batchSize(4).shuffle(true);
    double[] whole = new double[2];
    double[] g1 = new double[2];
    Adam a1 = new Adam(List.of(Parameter.of(whole, g1)), Adam.Options.defaults().lr(0.1));
    History all = builder(a1, whole, g1, loader).epochs(4).seed(1).build().fit();

    double[] pieces = new double[2];
    double[] g2 = new double[2];
    Adam a2 = new Adam(List.of(Parameter.of(pieces, g2)), Adam.Options.defaults().lr(0.1));
    Trainer<Batch<Point>> t = builder(a2, pieces, g2, loader).epochs(4).seed(1).build();
    History first = t.fit(5);
    History second = t.fit(11);
    History rest = t.fit();
    assertEquals(5, first.steps());
    assertEquals(5, second.firstStep());
    assertEquals(28 - 16, rest.steps());
    assertArrayEquals(whole, pieces, 0.0);
    assertTrue(t.isFinished());

    double[] w = new double[2];
    double[] g = new double[2];
    Sgd sgd = new Sgd(List.of(Parameter.of(w, g)), Sgd.Options.defaults().lr(0.1));
    List<String> events = new ArrayList<>();
    History stopped =
        builder(sgd, w, g, loader)
            .epochs(4)
            .callback(
                new Callback() {
                  @Override
                  public void onTrainStart(TrainState s) {
                    events.add("start");
                  }

                  @Override
                  public void onStepEnd(TrainState s) {
                    events.add("step " + s.step());
                    if (s.step() == 3) {
                      s.requestStop();
                    }
                  }

                  @Override
                  public void onTrainEnd(TrainState s) {
                    events.add("end");
                  }
                })
            .build()
            .fit();
    assertEquals(List.of("start", "step 1", "step 2", "step 3", "end"), events);
    assertTrue(stopped.stoppedEarly());
  }

  @Test
  void anEmptyBatchTakesNoOptimizerStep() {
    Batches<Integer> batches =
        new Batches<>() {
          @Override
          public int count() {
            return 4;
          }

          @Override
          public Integer batch(long seed, int epoch, int index) {
            return index;
          }

          @Override
          public long size(Integer batch) {
            return batch == 2 ? 0 : 1;
          }
        };
    double[] w = {1.0};
    double[] g = new double[1];
    Adam adam = new Adam(List.of(Parameter.of(w, g)));
    History h =
        Trainer.builder(
                adam,
                batches,
                (Integer b) -> {
                  if (b == 2) {
                    return Double.NaN;
                  }
                  g[0] += 1;
                  return 1;
                })
            .build()
            .fit();
    assertEquals(4, h.steps());
    assertEquals(3, adam.stepCount());
    assertTrue(Double.isNaN(h.losses()[2]));
  }
}
