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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StateDictTest {

  /** f(θ) = Σ (i + 1) θ_i⁴ / 4, gradient (i + 1) θ_i³. */
  static void gradient(double[] theta, double[] grad) {
    for (int i = 0; i < theta.length; i++) {
      grad[i] = (i + 1) * theta[i] * theta[i] * theta[i];
    }
  }

  static final List<Function<double[][], Optimizer<?>>> MAKERS =
      List.of(
          a ->
              new Sgd(
                  List.of(Parameter.of(a[0], a[1])),
                  Sgd.Options.defaults().lr(0.01).momentum(0.9).dampening(0.1)),
          a ->
              new Adam(
                  List.of(Parameter.of(a[0], a[1])),
                  Adam.Options.defaults().lr(0.01).amsgrad(true)),
          a -> new AdamW(List.of(Parameter.of(a[0], a[1])), AdamW.Options.defaults().lr(0.01)),
          a ->
              new RmsProp(
                  List.of(Parameter.of(a[0], a[1])),
                  RmsProp.Options.defaults().lr(0.01).momentum(0.3).centered(true)));

  @Test
  void aLoadedStateContinuesExactly() {
    for (Function<double[][], Optimizer<?>> make : MAKERS) {
      double[][] a = {{1.0, -0.5, 0.8}, new double[3]};
      Optimizer<?> opt = make.apply(a);
      for (int t = 0; t < 5; t++) {
        gradient(a[0], a[1]);
        opt.step();
      }
      StateDict saved = opt.stateDict();
      double[][] b = {a[0].clone(), new double[3]};
      Optimizer<?> copy = make.apply(b);
      copy.loadStateDict(saved);
      assertEquals(5, copy.stepCount());
      for (int t = 0; t < 7; t++) {
        gradient(a[0], a[1]);
        opt.step();
        gradient(b[0], b[1]);
        copy.step();
      }
      assertArrayEquals(a[0], b[0], 0.0, opt.getClass().getSimpleName());
    }
  }

  @Test
  void namesFollowPyTorch() {
    double[][] a = {{1.0, 2.0}, {0.1, 0.2}};
    Adam adam = (Adam) MAKERS.get(1).apply(a);
    adam.step();
    StateDict s = adam.stateDict();
    assertEquals("dev.adjoint.optim.Adam", s.getString("type"));
    assertEquals(1, s.getLong("steps"));
    assertEquals(1, s.getLong("param.0.step"));
    assertEquals(2, s.getLong("param.0.size"));
    assertTrue(
        s.hasArray("param.0.exp_avg")
            && s.hasArray("param.0.exp_avg_sq")
            && s.hasArray("param.0.max_exp_avg_sq"));
    // Before its first step SGD has no momentum buffer, as PyTorch's state has none.
    Sgd sgd = (Sgd) MAKERS.get(0).apply(new double[][] {{1}, {1}});
    assertTrue(sgd.stateDict().arrays().isEmpty());
  }

  @Test
  void aStateThatDoesNotFitIsRefusedBeforeAnythingChanges() {
    double[][] a = {{1.0, 2.0}, {0.1, 0.2}};
    Adam adam = new Adam(List.of(Parameter.of(a[0], a[1])));
    adam.step();
    StateDict s = adam.stateDict();
    Adam bigger = new Adam(List.of(Parameter.of(new double[3])));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> bigger.loadStateDict(s))
            .getMessage()
            .contains("parameter 0 has size 3 but the state's has 2"));
    Adam two = new Adam(List.of(Parameter.of(new double[2]), Parameter.of(new double[1])));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> two.loadStateDict(s))
            .getMessage()
            .contains("no count 'param.1.size'"));
    Adam scheduled = new Adam(List.of(Parameter.of(new double[2])));
    LrScheduler.perStep(scheduled, LrSchedule.constant());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> scheduled.loadStateDict(s))
            .getMessage()
            .contains("no count for it"));
    assertEquals(0, scheduled.stepCount());
    StateDict broken = adam.stateDict().putArray("param.0.exp_avg", new double[5]);
    Adam fresh = new Adam(List.of(Parameter.of(new double[2])));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(broken))
            .getMessage()
            .contains("'param.0.exp_avg' has 5 values, expected 2"));
    assertEquals(0, fresh.stepCount());

    Optimizer<Sgd.Options> custom =
        new Optimizer<>(List.of(Parameter.of(new double[1])), Sgd.Options.defaults()) {
          @Override
          protected Object newState(Parameter param, Sgd.Options options) {
            return new double[1];
          }

          @Override
          protected void update(Parameter param, Object state, Sgd.Options options, double lr) {}
        };
    assertThrows(UnsupportedOperationException.class, custom::stateDict);
  }
}
