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
package dev.adjoint.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class compiled without {@code -parameters} (as most builds compile): {@code wrt = "x"} of
 * {@code weighted(double[] x, double[] v)} cannot be told from v by its type or shape, only by
 * which one the gradient matches finite differences along.
 */
class WithoutParameterNamesTest {
  @TempDir static Path dir;

  static final String MODEL =
      """
      package nonames;

      import dev.adjoint.Differentiable;

      public final class Weighted {
        @Differentiable(wrt = "x")
        public static double weighted(double[] x, double[] v) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += v[i] * x[i] * x[i];
          }
          return s;
        }
      }
      """;

  /** Hand-written; {@code factor} 2 is right, anything else a wrong gradient. */
  static String companion(String name, double factor) {
    return """
        package nonames;

        public final class %sAdjoint {
          public record WeightedGradient(double value, double[] x) {}

          public static WeightedGradient weightedGradient(double[] x, double[] v) {
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              g[i] = %s * v[i] * x[i];
            }
            return new WeightedGradient(Weighted.weighted(x, v), g);
          }
        }
        """
        .formatted(name, factor);
  }

  static ClassLoader loader;

  @BeforeAll
  static void compile() throws IOException {
    Files.createDirectories(dir.resolve("src/nonames"));
    Files.writeString(dir.resolve("src/nonames/Weighted.java"), MODEL);
    Files.writeString(dir.resolve("src/nonames/WeightedAdjoint.java"), companion("Weighted", 2));
    Files.writeString(dir.resolve("src/nonames/Wrong.java"), MODEL.replace("Weighted", "Wrong"));
    Files.writeString(
        dir.resolve("src/nonames/WrongAdjoint.java"),
        companion("Wrong", 3).replace("Weighted.weighted", "Wrong.weighted"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "-d",
                dir.resolve("classes").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-proc:none"));
    try (var files = Files.list(dir.resolve("src/nonames"))) {
      files.forEach(f -> args.add(f.toString()));
    }
    int status = javac.run(null, null, null, args.toArray(String[]::new));
    assertTrue(status == 0, "javac failed");
    loader =
        new URLClassLoader(
            new URL[] {dir.resolve("classes").toUri().toURL()},
            WithoutParameterNamesTest.class.getClassLoader());
  }

  static Object[] point(Random rng) {
    double[] x = new double[4];
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      x[i] = rng.nextGaussian();
      v[i] = 1 + rng.nextDouble();
    }
    return new Object[] {x, v};
  }

  @Test
  void findsWrtByFiniteDifferences() throws Exception {
    Class<?> model = Class.forName("nonames.Weighted", true, loader);
    assertFalse(
        model
            .getMethod("weighted", double[].class, double[].class)
            .getParameters()[0]
            .isNamePresent());
    AdjointCheck.of(model).points("weighted", WithoutParameterNamesTest::point).verify();
  }

  @Test
  void aWrongGradientStillFails() throws Exception {
    Class<?> model = Class.forName("nonames.Wrong", true, loader);
    String report =
        assertThrows(
                AssertionError.class,
                () ->
                    AdjointCheck.of(model)
                        .points("weighted", WithoutParameterNamesTest::point)
                        .verify())
            .getMessage();
    assertTrue(
        report.contains(
            "the gradient matches finite differences for none of the"
                + " parameters that wrt can name ({arg0} or {arg1}"),
        report);
  }
}
