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
package dev.adjoint.samples.adbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ADBench GMM and BA objectives and their generated gradients, on small problems, against
 * ADBench's published values, the hand-written adjoints and central finite differences. (The
 * benchmarks, in benchmarks/, repeat the generated-against-manual check at every size they time.)
 */
class AdBenchTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void gmmObjectiveMatchesAdbenchTestInstance() {
    assertEquals(GmmInstance.ADBENCH_TEST_OBJECTIVE, GmmInstance.adbenchTest().objective(), 1e-12);
  }

  @Test
  void gmmGradientsMatchAdbenchPublishedGradient() {
    GmmInstance g = GmmInstance.adbenchTest();
    double[] expected = GmmInstance.ADBENCH_TEST_GRADIENT;
    assertTrue(AdBench.maxRho(expected, AdBench.gmmGenerated(g)) < 1e-12);
    assertTrue(AdBench.maxRho(expected, AdBench.gmmManual(g)) < 1e-12);
    var r =
        GmmAdjoint.objectiveGradient(
            g.alphas(), g.means(), g.icf(), g.x(), g.d(), g.k(), g.n(), g.gamma(), g.m());
    assertEquals(GmmInstance.ADBENCH_TEST_OBJECTIVE, r.value(), 1e-12);
  }

  @Test
  void gmmGeneratedAgreesWithManualAndFiniteDifferences() {
    int[][] shapes = {{2, 5, 30}, {10, 5, 20}, {5, 8, 15}, {1, 3, 10}, {4, 1, 7}};
    for (int[] s : shapes) {
      GmmInstance g = GmmInstance.random(s[0], s[1], s[2], 17 + s[0] * 31 + s[1]);
      double[] generated = AdBench.gmmGenerated(g);
      double[] manual = AdBench.gmmManual(g);
      double[] fd = AdBench.gmmFiniteDifferences(g, 1e-6);
      String shape = "d=" + s[0] + " K=" + s[1] + " n=" + s[2];
      assertTrue(AdBench.maxRho(generated, manual) < 1e-12, shape + " generated vs manual");
      assertTrue(AdBench.maxRho(generated, fd) < 1e-6, shape + " generated vs FD");
    }
  }

  @Test
  void gmmManualReturnsTheObjective() {
    GmmInstance g = GmmInstance.random(6, 4, 25, 3);
    double value =
        GmmManual.gradient(
            g.alphas(),
            g.means(),
            g.icf(),
            g.x(),
            g.d(),
            g.k(),
            g.n(),
            g.gamma(),
            g.m(),
            new double[4],
            new double[24],
            new double[4 * 21],
            new double[GmmManual.workSize(6, 4)]);
    assertEquals(g.objective(), value, 1e-9 * Math.abs(value));
  }

  /** A small BA problem: ADBench's camera and perturbed copies, one without rotation. */
  static BaInstance smallBa() {
    BaInstance b = BaInstance.adbench(3, 4, 10);
    java.util.Random r = new java.util.Random(5);
    for (int i = Ba.CAMERA; i < b.cams().length; i++) {
      b.cams()[i] *= 1 + 0.1 * r.nextGaussian();
    }
    for (int i = 0; i < 3; i++) {
      b.cams()[2 * Ba.CAMERA + i] = 0; // camera 2: zero rotation, Rodrigues' other branch
    }
    for (int i = 3; i < b.xs().length; i++) {
      b.xs()[i] += r.nextGaussian();
    }
    for (int i = 0; i < b.p(); i++) {
      b.ws()[i] = r.nextDouble();
      b.feats()[2 * i] += 10 * r.nextGaussian();
    }
    return b;
  }

  @Test
  void baReprojectionValueIsTheObjectives() {
    BaInstance b = smallBa();
    double[] err = new double[2 * b.p()], wErr = new double[b.p()];
    Ba.objective(b, err, wErr);
    for (int i = 0; i < b.p(); i++) {
      int co = b.obs()[2 * i] * Ba.CAMERA, po = b.obs()[2 * i + 1] * 3;
      double f0 = b.feats()[2 * i], f1 = b.feats()[2 * i + 1], w = b.ws()[i];
      assertEquals(err[2 * i], Ba.reprojection(b.cams(), co, b.xs(), po, w, f0, f1, 1, 0), 0);
      assertEquals(err[2 * i + 1], Ba.reprojection(b.cams(), co, b.xs(), po, w, f0, f1, 0, 1), 0);
      assertEquals(1 - w * w, wErr[i], 0);
    }
  }

  @Test
  void baGeneratedJacobianAgreesWithManualAndFiniteDifferences() {
    BaInstance b = smallBa();
    double[] generated = new double[30 * b.p()], manual = new double[30 * b.p()];
    double[] fd = new double[30 * b.p()];
    double[] wg = new double[b.p()], wm = new double[b.p()], wf = new double[b.p()];
    double[] camsBar = new double[b.cams().length], xsBar = new double[b.xs().length];
    BaManual.jacobian(b, manual, wm);
    AdBench.baFiniteDifferences(b, 1e-7, fd, wf);
    // The Jacobian of the vector-valued method, and two pullbacks of the scalar one.
    BaGenerated.jacobian(b, generated, wg);
    assertTrue(AdBench.maxRho(generated, manual) < 1e-12, "generated vs manual");
    assertTrue(
        AdBench.maxRho(generated, fd) < 1e-6, "generated vs FD: " + AdBench.maxRho(generated, fd));
    assertTrue(AdBench.maxRho(wg, wf) < 1e-8);
    java.util.Arrays.fill(generated, 0);
    BaGenerated.jacobianByPullbacks(b, generated, wg, camsBar, xsBar, new double[1]);
    assertTrue(AdBench.maxRho(generated, manual) < 1e-12, "by pullbacks vs manual");
    assertTrue(AdBench.maxRho(camsBar, new double[camsBar.length]) == 0, "buffers left non-zero");
  }

  @Test
  void baAdbenchInstanceShape() {
    BaInstance b = BaInstance.adbench(49, 7776, 31843);
    assertEquals(49 * 11, b.cams().length);
    assertEquals(30, b.obs()[2 * 30]); // observation 30: camera 30
    assertEquals(0, b.obs()[2 * 7776 + 1]); // observation 7776: point 0 again
  }
}
