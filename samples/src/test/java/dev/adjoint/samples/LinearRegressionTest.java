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
import dev.adjoint.samples.LinearRegression.Data;
import dev.adjoint.samples.LinearRegression.Fit;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LinearRegressionTest {
  private static final Data DATA =
      Data.generate(LinearRegression.OBSERVATIONS, LinearRegression.DATA_SEED);
  private static final double[] INIT =
      LinearRegression.initialParameters(LinearRegression.DATA_SEED);

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void gradientDescentOnXSquaredEndsNearZero() {
    double x = LinearRegression.descendParabola(3, 0.1, 100);
    assertEquals(3 * Math.pow(0.8, 100), x, 1e-20);
    assertTrue(Math.abs(x) < 1e-8);
  }

  @Test
  void gradientRecordHasOnlyTheWrtComponents() {
    String[] names =
        Arrays.stream(LinearRegressionAdjoint.LossGradient.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toArray(String[]::new);
    assertArrayEquals(new String[] {"value", "w1", "w2", "b"}, names);
  }

  @Test
  void generatedGradientEqualsTheHandDerivedOne() {
    Random random = new Random(11);
    for (int i = 0; i < 50; i++) {
      double w1 = 4 * random.nextGaussian();
      double w2 = 4 * random.nextGaussian();
      double b = 4 * random.nextGaussian();
      double[] hand = new double[3];
      double[] generated = new double[3];
      double handLoss = LinearRegression.handGradient(DATA, w1, w2, b, hand);
      double generatedLoss = LinearRegression.generatedGradient(DATA, w1, w2, b, generated);
      assertEquals(handLoss, generatedLoss, 1e-12 * handLoss);
      for (int k = 0; k < 3; k++) {
        assertEquals(hand[k], generated[k], 1e-12 * (1 + Math.abs(hand[k])), "component " + k);
      }
      LinearRegressionAdjoint.LossGradient one =
          LinearRegressionAdjoint.lossGradient(w1, w2, b, DATA.x1()[0], DATA.x2()[0], DATA.y()[0]);
      double r = w1 * DATA.x1()[0] + w2 * DATA.x2()[0] + b - DATA.y()[0];
      assertEquals(r * r, one.value(), 1e-12 * (1 + r * r));
      assertEquals(2 * r * DATA.x1()[0], one.w1(), 1e-12 * (1 + Math.abs(r)));
      assertEquals(2 * r * DATA.x2()[0], one.w2(), 1e-12 * (1 + Math.abs(r)));
      assertEquals(2 * r, one.b(), 1e-12 * (1 + Math.abs(r)));
    }
  }

  @Test
  void handAndGeneratedGradientsGiveTheSameLossTraceAndRecoverTheModel() {
    Fit hand = train(LinearRegression::handGradient);
    Fit generated = train(LinearRegression::generatedGradient);
    double[] a = hand.lossTrace();
    double[] b = generated.lossTrace();
    assertEquals(LinearRegression.EPOCHS, a.length);
    for (int e = 0; e < a.length; e++) {
      assertEquals(a[e], b[e], 1e-10 * a[e], "epoch " + e);
    }
    for (Fit fit : new Fit[] {hand, generated}) {
      assertEquals(2.0, fit.w1(), 1e-3);
      assertEquals(-3.0, fit.w2(), 1e-3);
      assertEquals(1.0, fit.b(), 1e-3);
    }
    assertTrue(a[a.length - 1] < 1e-6 * a[0], "loss fell from " + a[0] + " to " + a[a.length - 1]);
    for (int e = 1; e < a.length; e++) {
      assertTrue(b[e] < b[e - 1], "the loss rose at epoch " + e);
    }
  }

  @Test
  void batchLossGradientRecordHasWAndB() {
    String[] names =
        Arrays.stream(LinearRegressionAdjoint.BatchLossGradient.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toArray(String[]::new);
    assertArrayEquals(new String[] {"value", "w", "b"}, names);
  }

  @Test
  void batchLossGradientIsTheHandDerivedSumAndPassesGradCheck() {
    double[][] xs = DATA.rows();
    double[] ys = DATA.y();
    int n = DATA.size();
    Random random = new Random(13);
    for (int i = 0; i < 50; i++) {
      double[] w = {4 * random.nextGaussian(), 4 * random.nextGaussian()};
      double b = 4 * random.nextGaussian();
      double[] hand = new double[3];
      double mean = LinearRegression.handGradient(DATA, w[0], w[1], b, hand); // of the mean
      LinearRegressionAdjoint.BatchLossGradient g =
          LinearRegressionAdjoint.batchLossGradient(w, b, xs, ys);
      assertEquals(n * mean, g.value(), 1e-12 * n * mean);
      assertEquals(n * hand[0], g.w()[0], 1e-12 * n * (1 + Math.abs(hand[0])));
      assertEquals(n * hand[1], g.w()[1], 1e-12 * n * (1 + Math.abs(hand[1])));
      assertEquals(n * hand[2], g.b(), 1e-12 * n * (1 + Math.abs(hand[2])));

      // The pullback with seed 1/n adds the mean's gradient into the caller's buffers.
      double[] adjoint = {1.0};
      double[] wBar = {-1.0, 2.0};
      double sum = LinearRegressionAdjoint.batchLossPullback(w, b, xs, ys, 1.0 / n, adjoint, wBar);
      assertEquals(g.value(), sum, 0);
      assertEquals(1.0 + hand[2], adjoint[0], 1e-12 * (1 + Math.abs(hand[2])));
      assertEquals(-1.0 + hand[0], wBar[0], 1e-12 * (1 + Math.abs(hand[0])));
      assertEquals(2.0 + hand[1], wBar[1], 1e-12 * (1 + Math.abs(hand[1])));
    }
    GradCheck.assertGradient(
        p -> LinearRegression.batchLoss(new double[] {p[0], p[1]}, p[2], xs, ys),
        p -> {
          var g =
              LinearRegressionAdjoint.batchLossGradient(new double[] {p[0], p[1]}, p[2], xs, ys);
          return new double[] {g.w()[0], g.w()[1], g.b()};
        },
        new double[] {0.3, -0.7, 1.9});
  }

  @Test
  void handGeneratedAndSgdRunsGiveTheSameLossTraceAndRecoverTheModel() {
    Fit hand = train(LinearRegression::handGradient);
    Fit generated = train(LinearRegression::generatedGradient);
    Fit sgd =
        LinearRegression.trainWithSgd(
            DATA, INIT, LinearRegression.LEARNING_RATE, LinearRegression.EPOCHS, true, null, 1);
    assertEquals(LinearRegression.EPOCHS, sgd.lossTrace().length);
    for (Fit other : new Fit[] {generated, sgd}) {
      for (int e = 0; e < LinearRegression.EPOCHS; e++) {
        assertEquals(
            hand.lossTrace()[e], other.lossTrace()[e], 1e-9 * hand.lossTrace()[e], "epoch " + e);
      }
      assertTrue(
          LinearRegression.maxRelativeDifference(hand.lossTrace(), other.lossTrace()) < 1e-9);
    }
    for (Fit fit : new Fit[] {hand, generated, sgd}) {
      assertEquals(2.0, fit.w1(), 1e-3);
      assertEquals(-3.0, fit.w2(), 1e-3);
      assertEquals(1.0, fit.b(), 1e-3);
    }
    assertEquals(hand.w1(), sgd.w1(), 1e-9);
    assertEquals(hand.w2(), sgd.w2(), 1e-9);
    assertEquals(hand.b(), sgd.b(), 1e-9);
  }

  @Test
  void threeHundredObservationsTrainedWithSgdRecoverTheModel() {
    Data more = Data.generate(LinearRegression.MORE_OBSERVATIONS, LinearRegression.DATA_SEED);
    assertEquals(300, more.size());
    Fit fit =
        LinearRegression.trainWithSgd(
            more, INIT, LinearRegression.LEARNING_RATE, LinearRegression.EPOCHS, true, null, 1);
    double[] trace = fit.lossTrace();
    assertTrue(
        trace[trace.length - 1] < 1e-9 * trace[0],
        "loss fell from " + trace[0] + " to " + trace[trace.length - 1]);
    assertEquals(2.0, fit.w1(), 1e-4);
    assertEquals(-3.0, fit.w2(), 1e-4);
    assertEquals(1.0, fit.b(), 1e-4);
  }

  @Test
  void theTutorialsSumLossAtLrOneHundredthConvergesForThirtyAndDivergesForThreeHundred() {
    Data more = Data.generate(LinearRegression.MORE_OBSERVATIONS, LinearRegression.DATA_SEED);
    double lr = LinearRegression.TUTORIAL_LEARNING_RATE;
    int epochs = LinearRegression.TUTORIAL_EPOCHS;
    double[] thirty =
        LinearRegression.trainWithSgd(DATA, INIT, lr, epochs, false, null, 1).lossTrace();
    double[] threeHundred =
        LinearRegression.trainWithSgd(more, INIT, lr, epochs, false, null, 1).lossTrace();
    for (int e = 1; e < epochs; e++) {
      assertTrue(thirty[e] < thirty[e - 1], "n = 30: the loss rose at epoch " + e);
      assertTrue(threeHundred[e] > 10 * threeHundred[e - 1], "n = 300: no blow-up at epoch " + e);
    }
    // The unscaled sum: the trace is the sum, n times the mean of (c) at epoch 0.
    double[] mean = LinearRegression.trainWithSgd(DATA, INIT, lr, 1, true, null, 1).lossTrace();
    assertEquals(DATA.size() * mean[0], thirty[0], 1e-12 * thirty[0]);
  }

  private static Fit train(LinearRegression.MeanSquaredError mse) {
    return LinearRegression.train(
        DATA, INIT, LinearRegression.LEARNING_RATE, LinearRegression.EPOCHS, mse, null, 1);
  }
}
