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
