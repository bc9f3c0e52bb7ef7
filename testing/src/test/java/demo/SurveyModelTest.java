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
    assertCompanion(
        compilation, "demo.SurveyAdjoint", Path.of("src/test/resources/golden/SurveyAdjoint.java"));
  }

  @Test
  void toRadiansHasNoDerivative() {
    assertFails(
        source(
            """
        package demo;

        import dev.adjoint.Differentiable;

        class Angles {
          @Differentiable
          static double f(double degrees) {
            return Math.sin(Math.toRadians(degrees));
          }
        }
        """),
        8,
        "Cannot differentiate through Math.toRadians(double)");
  }
}
