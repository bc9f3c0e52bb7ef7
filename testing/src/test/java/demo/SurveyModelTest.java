package demo;

import static dev.adjoint.testing.ModelCompiler.assertCompanion;
import static dev.adjoint.testing.ModelCompiler.assertCompiles;
import static dev.adjoint.testing.ModelCompiler.assertFails;
import static dev.adjoint.testing.ModelCompiler.source;
import static dev.adjoint.testing.ModelCompiler.sourceOf;

import com.google.testing.compile.Compilation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Testing your models" examples of compile checks, as they run. */
class SurveyModelTest {
  @Test
  void compilesWithoutWarnings() {
    assertCompiles(sourceOf(Survey.class));
  }

  @Test
  void companionIsTheReviewedOne() {
    Compilation compilation = assertCompiles(sourceOf(Survey.class));
    assertCompanion(compilation, "demo.SurveyAdjoint",
        Path.of("src/test/resources/golden/SurveyAdjoint.java"));
  }

  @Test
  void toRadiansHasNoDerivative() {
    assertFails(source("""
        package demo;

        import dev.adjoint.Differentiable;

        class Angles {
          @Differentiable
          static double f(double degrees) {
            return Math.sin(Math.toRadians(degrees));
          }
        }
        """), 8, "Cannot differentiate through Math.toRadians(double)");
  }
}
