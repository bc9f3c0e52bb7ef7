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

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The generated gradients, pullbacks and forward modes of {@link LayerModels}, through the layers'
 * declared pullbacks and tangent rules, against finite differences and each other.
 */
class LayerModelsTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  @Test
  void gradientsAndTangentsThroughEveryLayer() {
    var summary =
        AdjointCheck.of(LayerModels.class)
            .points(
                "tokens",
                rng ->
                    new Object[] {
                      Tensor.randn(rng, 6, 4),
                      Tensor.randn(rng, 4).add(1.0),
                      Tensor.randn(rng, 4),
                      Tensor.randn(rng, 4, 3),
                      Tensor.randn(rng, 3),
                      new int[] {rng.nextInt(6), rng.nextInt(6), rng.nextInt(6), 5, 5},
                      new int[] {rng.nextInt(3), rng.nextInt(3), 0, 1, 2},
                      rng.nextLong()
                    })
            .points(
                "sequences",
                rng ->
                    new Object[] {
                      Tensor.randn(rng, 3, 2, 5), Tensor.randn(rng, 4, 2, 3), Tensor.randn(rng, 4),
                      Tensor.randn(rng, 4, 1), Tensor.randn(rng, 1), Tensor.randn(rng, 3, 1)
                    })
            .verify();
    assertTrue(summary.methods().get("tokens").contains(Check.JVP), summary.toString());
    assertTrue(summary.methods().get("sequences").contains(Check.JVP), summary.toString());
  }
}
