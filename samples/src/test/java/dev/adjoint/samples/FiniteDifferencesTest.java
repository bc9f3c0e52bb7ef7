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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FiniteDifferencesTest {
  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a gradient call left values on the tape");
  }

  @Test
  void generatedDerivativeIsExact() {
    double exact = FiniteDifferences.exactGradient(3.5);
    assertEquals(7.196116135, exact, 1e-9); // 2 * 3.5 + 0.5 / sqrt(6.5)
    assertEquals(exact, FiniteDifferencesAdjoint.fGradient(3.5).p(), 1e-14 * exact);
    for (double p = -2.5; p < 10; p += 0.5) {
      assertEquals(
          FiniteDifferences.exactGradient(p), FiniteDifferencesAdjoint.fGradient(p).p(), 1e-12);
    }
  }

  @Test
  void errorAgainstHHasTheNotebooksShape() {
    double[] hs = FiniteDifferences.logspace(-15, 0, FiniteDifferences.POINTS);
    assertEquals(100, hs.length);
    assertEquals(1e-15, hs[0], 1e-29);
    assertEquals(1.0, hs[99], 1e-15);
    double[] errors = FiniteDifferences.forwardErrors(hs);
    // h = 1: truncation error h f''(p)/2 = (2 - 0.25 (p+3)^-1.5) / 2 = 0.9925 at p = 3.5 (to 1e-3).
    assertEquals(0.9925, errors[99], 1e-3);
    int best = 0;
    for (int i = 1; i < errors.length; i++) {
      if (errors[i] < errors[best]) {
        best = i;
      }
    }
    // The smallest error is about sqrt(eps) ~ 1e-8, at h about 1e-8: neither end of the range.
    assertTrue(errors[best] > 1e-10 && errors[best] < 1e-7, "best error " + errors[best]);
    assertTrue(hs[best] > 1e-9 && hs[best] < 1e-6, "best h " + hs[best]);
    // Rounding error dominates at the small end, truncation error (falling with h) at the large
    // end.
    assertTrue(errors[0] > 1e-3, "error at h = 1e-15: " + errors[0]);
    for (int i = 70; i < 99; i++) {
      assertTrue(errors[i] < errors[i + 1], "truncation error grows with h at " + hs[i]);
    }
  }
}
