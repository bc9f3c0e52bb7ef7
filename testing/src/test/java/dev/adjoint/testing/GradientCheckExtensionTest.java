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
package dev.adjoint.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link CheckGradients} run on test classes compiled here, as JUnit runs them: one test per
 * {@code @Differentiable} method, passing on generated code, failing on a wrong gradient and on a
 * method whose points cannot be drawn.
 */
class GradientCheckExtensionTest {
  private static final String MODEL =
      """
      package fixture;

      import dev.adjoint.Differentiable;

      public class Model {
        @Differentiable
        static double f(double x, double[] v) {
          return Math.log(x) * v[0] + Math.sqrt(v[1] * v[2]);
        }

        @Differentiable
        static double g(double[][] m) {
          return m[0][1] * m[2][2] - Math.acos(m[1][0]);
        }

        @Differentiable
        static double h(double x, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            s = Math.sin(s);
          }
          return s;
        }
      }
      """;

  private static final String MODEL_TEST =
      """
      package fixture;

      import dev.adjoint.testing.CheckGradients;

      class ModelTest {
        @CheckGradients(Model.class)
        void model() {}
      }
      """;

  private static final String CONFIGURED_TEST =
      """
      package fixture;

      import dev.adjoint.AdjointCheck;
      import dev.adjoint.testing.CheckGradients;

      class ConfiguredTest {
        @CheckGradients(value = Model.class, points = 5, seed = 7, min = 0.2, max = 0.8)
        void model(AdjointCheck check) {
          check.points("h", rng -> new Object[] {rng.nextDouble(), rng.nextInt(5)});
        }
      }
      """;

  /** A model with a hand-written companion whose gradient is 3x where the derivative is 2x. */
  private static final String WRONG =
      """
      package wrong;

      import dev.adjoint.Differentiable;

      public class Model {
        @Differentiable
        static double square(double x) {
          return x * x;
        }
      }
      """;

  private static final String WRONG_COMPANION =
      """
      package wrong;

      public final class ModelAdjoint {
        private ModelAdjoint() {}

        public static SquareGradient squareGradient(double x) {
          return new SquareGradient(x * x, 3 * x);
        }

        public static double squarePullback(double x, double seed, double[] adjoint) {
          adjoint[0] += seed * 3 * x;
          return x * x;
        }

        public static SquareJvp squareJvp(double x, double xDot) {
          return new SquareJvp(x * x, 3 * x * xDot);
        }

        public record SquareGradient(double value, double x) {}

        public record SquareJvp(double value, double tangent) {}
      }
      """;

  private static final String WRONG_TEST =
      """
      package wrong;

      import dev.adjoint.testing.CheckGradients;

      class ModelTest {
        @CheckGradients(Model.class)
        void model() {}
      }
      """;

  @Test
  void oneTestPerMethodAndAMethodWithAnIntNeedsPoints() {
    ClassLoader loader =
        load(
            Compiler.javac()
                .withProcessors(new AdjointProcessor())
                .compile(ModelCompiler.source(MODEL), ModelCompiler.source(MODEL_TEST)));
    TestExecutionSummary summary = run(loader, "fixture.ModelTest");
    assertEquals(3, summary.getTestsStartedCount(), () -> describe(summary));
    assertEquals(2, summary.getTestsSucceededCount(), () -> describe(summary));
    assertEquals(1, summary.getFailures().size(), () -> describe(summary));
    String failure = summary.getFailures().get(0).getException().getMessage();
    assertTrue(
        failure.contains("cannot draw points for h(double, int)")
            && failure.contains("check.points(\"h\", rng -> new Object[] {...})"),
        failure);
  }

  @Test
  void theAnnotatedMethodConfiguresTheCheck() {
    ClassLoader loader =
        load(
            Compiler.javac()
                .withProcessors(new AdjointProcessor())
                .compile(ModelCompiler.source(MODEL), ModelCompiler.source(CONFIGURED_TEST)));
    TestExecutionSummary summary = run(loader, "fixture.ConfiguredTest");
    assertEquals(3, summary.getTestsSucceededCount(), () -> describe(summary));
    assertEquals(0, summary.getTotalFailureCount(), () -> describe(summary));
  }

  @Test
  void aWrongGradientFails() {
    // The companion is written by hand, so the processor must not write one.
    ClassLoader loader =
        load(
            Compiler.javac()
                .withOptions("-proc:none")
                .compile(
                    ModelCompiler.source(WRONG),
                    ModelCompiler.source(WRONG_COMPANION),
                    ModelCompiler.source(WRONG_TEST)));
    TestExecutionSummary summary = run(loader, "wrong.ModelTest");
    assertEquals(1, summary.getTestsFailedCount(), () -> describe(summary));
    String failure = summary.getFailures().get(0).getException().getMessage();
    assertTrue(
        failure.contains("square, point #0")
            && failure.contains("gradient against finite differences, arg0: analytic"),
        failure);
  }

  private static String describe(TestExecutionSummary summary) {
    StringBuilder s = new StringBuilder();
    summary
        .getFailures()
        .forEach(
            f ->
                s.append(f.getTestIdentifier().getDisplayName())
                    .append(": ")
                    .append(f.getException())
                    .append('\n'));
    return s.toString();
  }

  private static TestExecutionSummary run(ClassLoader loader, String testClass) {
    LauncherDiscoveryRequest request;
    try {
      request =
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectClass(loader.loadClass(testClass)))
              .build();
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  /** The classes a successful compilation wrote, loaded beside the test's own. */
  private static ClassLoader load(Compilation compilation) {
    assertEquals(
        Compilation.Status.SUCCESS,
        compilation.status(),
        () -> compilation.diagnostics().toString());
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name =
          path.substring(
                  path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                  path.length() - ".class".length())
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<String> names = new ArrayList<>(classes.keySet());
    return new ClassLoader(GradientCheckExtensionTest.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name + " (compiled: " + names + ")");
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }
}
