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

import dev.adjoint.AdjointCheck;
import dev.adjoint.testing.CheckGradients;

/** The README's "Testing your models" examples of gradient checks, as they run. */
class SurveyGradientsTest {
  @CheckGradients(Survey.class)
  void survey() {}

  @CheckGradients(Powers.class)
  void powers(AdjointCheck check) {
    check.points("power", rng -> new Object[] {0.5 + rng.nextDouble(), 1 + rng.nextInt(4)});
  }
}
