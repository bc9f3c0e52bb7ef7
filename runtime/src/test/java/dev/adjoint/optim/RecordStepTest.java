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
package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizer#step(Record, Record)}: every optimizer's record step against its in-place step
 * on the same numbers (bit for bit), over a nested record with a scalar, a matrix, a tensor and an
 * int size, for several steps with changing gradients; inputs untouched; shape errors; state dict.
 */
class RecordStepTest {
  record Dense(double[][] w, double[] b) {}

  record Model(Dense layer, Tensor t, double bias, int size) {}

  private static Model random(Random rng) {
    double[][] w = new double[2][3];
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    double[] b = {rng.nextGaussian(), rng.nextGaussian()};
    double[] t = new double[4];
    for (int i = 0; i < 4; i++) {
      t[i] = rng.nextGaussian();
    }
    return new Model(new Dense(w, b), Tensor.of(t, 2, 2), rng.nextGaussian(), 7);
  }

  /**
   * The same model as plain arrays, one per leaf: w's rows flattened, as in-place code keeps it.
   */
  private static double[][] flat(Model m) {
    double[] w = new double[6];
    System.arraycopy(m.layer().w()[0], 0, w, 0, 3);
    System.arraycopy(m.layer().w()[1], 0, w, 3, 3);
    return new double[][] {w, m.layer().b().clone(), m.t().toArray(), {m.bias()}};
  }

  private static final List<Function<List<Parameter>, Optimizer<?>>> IN_PLACE =
      List.of(
          ps -> new Sgd(ps, Sgd.Options.defaults().lr(0.1).momentum(0.9).nesterov(true)),
          ps -> new Adam(ps, Adam.Options.defaults().lr(0.05).amsgrad(true).weightDecay(0.01)),
          ps -> new AdamW(ps, AdamW.Options.defaults().lr(0.05)),
          ps -> new RmsProp(ps, RmsProp.Options.defaults().lr(0.01).centered(true).momentum(0.5)));

  private static final List<Function<Void, Optimizer<?>>> FOR_RECORDS =
      List.of(
          v -> new Sgd(Sgd.Options.defaults().lr(0.1).momentum(0.9).nesterov(true)),
          v -> new Adam(Adam.Options.defaults().lr(0.05).amsgrad(true).weightDecay(0.01)),
          v -> new AdamW(AdamW.Options.defaults().lr(0.05)),
          v -> new RmsProp(RmsProp.Options.defaults().lr(0.01).centered(true).momentum(0.5)));

  @Test
  void recordStepIsTheInPlaceStepBitForBit() {
    for (int k = 0; k < IN_PLACE.size(); k++) {
      Random rng = new Random(42 + k);
      Model model = random(rng);
      double[][] values = flat(model);
      double[][] grads = new double[values.length][];
      for (int i = 0; i < values.length; i++) {
        grads[i] = new double[values[i].length];
      }
      List<Parameter> ps =
          List.of(
              Parameter.of(values[0], grads[0]),
              Parameter.of(values[1], grads[1]),
              Parameter.of(values[2], grads[2]),
              Parameter.of(values[3], grads[3]));
      Optimizer<?> inPlace = IN_PLACE.get(k).apply(ps);
      Optimizer<?> functional = FOR_RECORDS.get(k).apply(null);
      for (int step = 0; step < 5; step++) {
        Model grad = random(rng);
        double[][] g = flat(grad);
        for (int i = 0; i < g.length; i++) {
          System.arraycopy(g[i], 0, grads[i], 0, g[i].length);
        }
        inPlace.step();
        double[][] before = flat(model);
        Model next = functional.step(model, grad);
        assertArrayEquals(before[0], flat(model)[0], 0.0, "the input record was changed");
        assertNotSame(model.layer().b(), next.layer().b());
        model = next;
        double[][] got = flat(model);
        for (int i = 0; i < values.length; i++) {
          assertArrayEquals(values[i], got[i], 0.0, inPlace.getClass() + " leaf " + i);
        }
        assertEquals(7, model.size(), "data components are copied");
      }
      assertEquals(5, functional.stepCount());
    }
  }

  @Test
  void stateDictRoundTripContinuesExactly() {
    Random rng = new Random(3);
    Model model = random(rng);
    Adam a = new Adam(Adam.Options.defaults().lr(0.05));
    for (int i = 0; i < 3; i++) {
      model = a.step(model, random(rng));
    }
    StateDict saved = a.stateDict();
    Adam b = new Adam(Adam.Options.defaults().lr(0.05));
    b.init(model);
    b.loadStateDict(saved);
    Model grad = random(rng);
    double[][] viaA = flat(a.step(model, grad));
    double[][] viaB = flat(b.step(model, grad));
    for (int i = 0; i < viaA.length; i++) {
      assertArrayEquals(viaA[i], viaB[i], 0.0);
    }
  }

  @Test
  void shapesAndTypesAreChecked() {
    Random rng = new Random(5);
    Model model = random(rng);
    Sgd sgd = new Sgd(Sgd.Options.defaults().lr(0.1));
    Model bad = new Model(new Dense(model.layer().w(), new double[3]), model.t(), model.bias(), 7);
    var e = assertThrows(IllegalArgumentException.class, () -> sgd.step(model, bad));
    assertEquals(
        "step: the gradient's layer.b has length 3, but the optimizer's state was made for"
            + " length 2",
        e.getMessage());
    Model grown = new Model(model.layer(), Tensor.of(new double[6], 3, 2), model.bias(), 7);
    var e2 = assertThrows(IllegalArgumentException.class, () -> sgd.step(grown, model));
    assertTrue(
        e2.getMessage().startsWith("step: the parameter t has shape [3, 2]"), e2.getMessage());
    var e3 =
        assertThrows(IllegalArgumentException.class, () -> sgd.step(model.layer(), model.layer()));
    assertTrue(e3.getMessage().contains("optimizes a Model, not a Dense"), e3.getMessage());
  }

  @Test
  void scalarsAreOptimizedAndNullGradientsSkipped() {
    record Line(double slope, double intercept) {}
    Sgd sgd = new Sgd(Sgd.Options.defaults().lr(0.5));
    Line next = sgd.step(new Line(1.0, 2.0), new Line(0.5, -1.0));
    assertEquals(0.75, next.slope(), 0.0);
    assertEquals(2.5, next.intercept(), 0.0);
    record Holder(double[] w, Tensor t) {}
    Sgd other = new Sgd(Sgd.Options.defaults().lr(1));
    Holder h =
        other.step(
            new Holder(new double[] {1}, Tensor.of(new double[] {2}, 1)),
            new Holder(new double[] {1}, null));
    assertEquals(0.0, h.w()[0], 0.0);
    assertEquals(2.0, h.t().toArray()[0], 0.0, "a null gradient leaves the leaf unchanged");
  }
}
