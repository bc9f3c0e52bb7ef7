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
