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
package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.adbench.AdBench;
import dev.adjoint.samples.greeks.AsianMarket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * finmath-lib's AAD Greeks of the Asian option against the generated gradient and the hand-written
 * adjoint on the same paths (5,000 × 64 here; the benchmark checks again at 10⁵ before timing).
 * Runs with the benchmarks module: {@code mvn -B -Pbenchmarks -pl benchmarks -am verify}.
 */
class FinmathAsianTest {
  @Test
  void finmathGreeksAreTheGeneratedOnesToRounding() {
    AsianMarket market = AsianMarket.atTheMoney(5_000, 64, 7);
    double[] manual = market.manual(), generated = market.generated();
    FinmathAsian finmath = new FinmathAsian(market);
    double[] aad = finmath.priceAndGreeks();
    double rho = AdBench.maxRho(manual, aad);
    assertTrue(
        rho < 1e-12,
        () ->
            "finmath "
                + Arrays.toString(aad)
                + ", manual "
                + Arrays.toString(manual)
                + ": max rho "
                + rho);
    assertTrue(AdBench.maxRho(manual, generated) < 1e-12, Arrays.toString(generated));
    assertTrue(Math.abs(finmath.price() - manual[0]) < 1e-12 * manual[0], "finmath's price");
  }
}
