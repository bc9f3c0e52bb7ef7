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
package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** AdjointCheck over a record's instance method and a static method taking the record. */
class RecordMethodsTest {
  static final Function<Random, Object[]> POINT =
      rng ->
          new Object[] {
            new Linear(AdjointCheckTest.vector(rng, 3), rng.nextGaussian(), 3),
            AdjointCheckTest.vector(rng, 3),
            rng.nextGaussian()
          };

  @Test
  void checksTheRecordFormsOfAnInstanceMethod() {
    var summary = AdjointCheck.of(Linear.class).points("loss", POINT).skip("wrongBias").verify();
    assertEquals(Set.of(Check.VALUE, Check.GRADIENT, Check.JVP), summary.methods().get("loss"));
  }

  @Test
  void findsAWrongPartialDerivativeInsideARecord() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                AdjointCheck.of(Linear.class)
                    .points("loss", POINT)
                    .points("wrongBias", POINT)
                    .verify());
    assertTrue(
        e.getMessage().contains("wrongBiasGradient against central differences"), e.getMessage());
    assertTrue(!e.getMessage().contains("loss,"), e.getMessage());
  }

  @Test
  void saysTheReceiverComesFirst() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                AdjointCheck.of(Linear.class)
                    .points("loss", rng -> new Object[] {AdjointCheckTest.vector(rng, 3), 1.0})
                    .skip("wrongBias")
                    .verify());
    assertTrue(e.getMessage().contains("takes 3 (the receiver first)"), e.getMessage());
  }
}
