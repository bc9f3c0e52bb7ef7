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
package dev.adjoint.processor.fuzz;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Open processor bugs that the fuzzer keeps finding, each with a signature on the finding's text
 * and the {@link FuzzRegressionTest} test that reproduces it (disabled until fixed). Findings that
 * match are still counted and reported, but do not fail {@link GradientFuzzTest}, so that the suite
 * stays green while the bug is open. Delete the entry when the bug is fixed.
 */
final class KnownBugs {
  private KnownBugs() {}

  record Bug(String regressionTest, Pattern signature) {}

  static final List<Bug> OPEN = List.of();

  /** The open bug that {@code finding} matches, if any. */
  static Optional<Bug> match(GradientChecker.Finding finding) {
    for (Bug bug : OPEN) {
      if (bug.signature().matcher(finding.problem()).find()) {
        return Optional.of(bug);
      }
    }
    return Optional.empty();
  }
}
