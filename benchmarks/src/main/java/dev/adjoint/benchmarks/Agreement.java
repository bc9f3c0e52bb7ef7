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

import dev.adjoint.samples.adbench.AdBench;
import java.util.Locale;

/** The check every benchmark's set-up makes before anything is timed. */
final class Agreement {
  private Agreement() {}

  /**
   * Throws, failing the benchmark, unless ρ = |x - y| / max(1, |x| + |y|) is below {@code limit}
   * for every entry; prints the largest ρ otherwise.
   */
  static void require(String what, double[] reference, double[] candidate, double limit) {
    double rho = AdBench.maxRho(reference, candidate);
    if (!(rho < limit)) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s: max rho %.3g against the manual adjoint (limit %.0g)",
              what,
              rho,
              limit));
    }
    System.out.printf(
        Locale.ROOT, "%n[agreement] %s: max rho %.3g (limit %.0g)%n", what, rho, limit);
  }
}
