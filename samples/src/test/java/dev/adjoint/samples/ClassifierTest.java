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

import dev.adjoint.Tape;
import dev.adjoint.samples.Classifier.Data;
import dev.adjoint.samples.Classifier.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClassifierTest {
  private static final Data DATA = Data.mock(2, 2, 1000, Classifier.SEED);
  private static final double[][] W0 = Classifier.randomParameters(2, 2, Classifier.SEED);

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  /** dC/dW_ij = sum_s 2 (a - y) a (1 - a) x_js, with a = sigmoid(W_i . x_s), derived by hand. */
  private static double[][] handGradient(double[][] w) {
    double[][] g = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int s = 0; s < 1000; s++) {
        double z = w[i][0] * DATA.x()[0][s] + w[i][1] * DATA.x()[1][s];
        double a = 1 / (1 + Math.exp(-z));
        double common = 2 * (a - DATA.y()[i][s]) * a * (1 - a);
        g[i][0] += common * DATA.x()[0][s];
        g[i][1] += common * DATA.x()[1][s];
      }
    }
    return g;
  }

  @Test
  void mockDataFollowsTheNotebook() {
    assertEquals(2, DATA.x().length);
    assertEquals(1000, DATA.x()[0].length);
    int agree = 0;
    for (int s = 0; s < 1000; s++) {
      for (int i = 0; i < 2; i++) {
        assertEquals(1.0, Math.abs(DATA.y()[i][s]));
        agree += (DATA.x()[i][s] > 0) == (DATA.y()[i][s] > 0) ? 1 : 0;
      }
      assertTrue(Math.abs(DATA.x()[0][s]) < 1.3);
    }
    assertTrue(agree > 1900, "the noise flips only points near 0: " + agree);
  }

  @Test
  void generatedGradientMatchesTheHandDerivedOne() {
    double[][] generated = ClassifierAdjoint.costGradient(W0, DATA.x(), DATA.y()).w();
    double[][] hand = handGradient(W0);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(hand[i][j], generated[i][j], 1e-10 * Math.abs(hand[i][j]));
      }
    }
    double[][] numerical = Classifier.numericalGradient(W0, DATA, new int[1]);
    assertEquals(
        0, Classifier.maxDifference(numerical, generated), 1e-2); // forward differences, h = 1e-6
  }

  @Test
  void numericalAndGeneratedGradientsTrainTheSameClassifier() {
    Run numerical =
        Classifier.gradientDescent(W0, DATA, Classifier::numericalGradient, Classifier.STEPS);
    Run generated =
        Classifier.gradientDescent(W0, DATA, Classifier::generatedGradient, Classifier.STEPS);
    // The same descent: parameters within 1e-5, costs within 1e-6 relative, at every step.
    assertEquals(0, Classifier.maxDifference(numerical.w(), generated.w()), 1e-5);
    for (int s = 0; s <= Classifier.STEPS; s++) {
      assertEquals(
          numerical.costs()[s], generated.costs()[s], 1e-6 * generated.costs()[s], "step " + s);
    }
    // The cost falls at every step, from 2407.05 to 1747.81 (seeded data: to 0.01).
    assertEquals(2407.052922, generated.costs()[0], 1e-2);
    assertEquals(1747.812961, generated.costs()[Classifier.STEPS], 1e-2);
    for (int s = 0; s < Classifier.STEPS; s++) {
      assertTrue(generated.costs()[s + 1] < generated.costs()[s], "step " + s);
    }
    // The classifier learns: 82.6% -> 98.0% of the (label, point) pairs right.
    assertEquals(0.826, Classifier.accuracy(W0, DATA), 1e-3);
    assertEquals(0.980, Classifier.accuracy(generated.w(), DATA), 1e-3);
    // 1 + 4 cost evaluations per numerical gradient, one generated call per generated gradient.
    assertEquals(500, numerical.gradientEvaluations());
    assertEquals(100, generated.gradientEvaluations());
  }
}
