package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import dev.adjoint.samples.LinearRegression.Data;
import dev.adjoint.samples.LinearRegression.Fit;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LinearRegressionTest {
  private static final Data DATA = Data.generate(LinearRegression.OBSERVATIONS, LinearRegression.DATA_SEED);
  private static final double[] INIT = LinearRegression.initialParameters(LinearRegression.DATA_SEED);

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

  private static Fit train(LinearRegression.MeanSquaredError mse) {
    return LinearRegression.train(
        DATA, INIT, LinearRegression.LEARNING_RATE, LinearRegression.EPOCHS, mse, null, 1);
  }
}
