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
package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.AdjointCheck;
import dev.adjoint.testing.CheckGradients;
import org.junit.jupiter.api.AfterAll;

/**
 * @CheckGradients over a record's instance method: the receiver comes first in each point.
 */
class LogisticGradientsTest {
  static int configured;

  @CheckGradients(Logistic.class)
  void logistic(AdjointCheck check) {
    configured++;
    check.points(
        "loss",
        rng ->
            new Object[] {
              new Logistic(
                  new double[] {rng.nextGaussian(), rng.nextGaussian()}, rng.nextGaussian()),
              new double[] {rng.nextGaussian(), rng.nextGaussian()},
              rng.nextBoolean() ? 1.0 : 0.0
            });
  }

  @AfterAll
  static void theRecordMethodWasChecked() {
    assertEquals(1, configured, "one invocation: Logistic.loss");
  }
}
