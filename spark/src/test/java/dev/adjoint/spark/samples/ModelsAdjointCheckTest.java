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
package dev.adjoint.spark.samples;

import dev.adjoint.AdjointCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link AdjointCheck} over the models the Spark sample trains (no Spark needed). */
class ModelsAdjointCheckTest {
  static double[] normal(Random rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  @Test
  void everyModel() {
    AdjointCheck.of(Models.class)
        .points(
            "linearLoss", rng -> new Object[] {normal(rng, 5), normal(rng, 4), rng.nextGaussian()})
        .points(
            "logisticLoss",
            rng -> new Object[] {normal(rng, 5), normal(rng, 4), (double) rng.nextInt(2)})
        .points(
            "mlpLoss",
            rng ->
                new Object[] {
                  Models.mlpInitial(4, 6, rng.nextLong()), normal(rng, 4), rng.nextGaussian()
                })
        .verify();
  }
}
