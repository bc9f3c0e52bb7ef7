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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import dev.adjoint.tensor.Tensor;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link AdjointCheck} over hand-written companions: it passes a right one, checking everything it
 * has, and fails each deliberate mistake with a report that names it.
 */
class AdjointCheckTest {
  static Object[] fPoint(Random rng) {
    return new Object[] {0.5 + 2 * rng.nextDouble(), 4 * rng.nextDouble() - 2};
  }

  static double[][] matrix(Random rng, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    return m;
  }

  static double[] vector(Random rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  static AdjointCheck toy() {
    return AdjointCheck.of(Toy.class)
        .points("f", AdjointCheckTest::fPoint)
        .points("sumSquares", rng -> new Object[] {matrix(rng, 3, 4), vector(rng, 4)})
        .points("polar", rng -> new Object[] {0.5 + rng.nextDouble(), rng.nextGaussian()})
        .points("norm", rng -> new Object[] {Tensor.of(vector(rng, 6), 2, 3), 3})
        .points("offset", rng -> new Object[] {rng.nextGaussian()});
  }

  @Test
  void passesRightCompanionsAndChecksWhatEachHas() {
    AdjointCheck.Summary summary = toy().verify();
    Map<String, java.util.Set<Check>> m = summary.methods();
    assertEquals(
        EnumSet.of(
            Check.VALUE,
            Check.GRADIENT,
            Check.PULLBACK,
            Check.JVP,
            Check.HESSIAN,
            Check.HVP,
            Check.INPUTS_UNCHANGED),
        m.get("f"));
    assertEquals(
        EnumSet.of(Check.VALUE, Check.JACOBIAN, Check.PULLBACK, Check.JVP, Check.INPUTS_UNCHANGED),
        m.get("polar"));
    assertTrue(m.get("sumSquares").containsAll(EnumSet.of(Check.GRADIENT, Check.JVP)));
    assertTrue(m.get("norm").containsAll(EnumSet.of(Check.GRADIENT, Check.JVP, Check.PULLBACK)));
    // A value of 1e9 with slope 1e-3: the rounding term keeps finite differences from failing.
    assertEquals(EnumSet.of(Check.VALUE, Check.GRADIENT, Check.INPUTS_UNCHANGED), m.get("offset"));
  }

  @Test
  void mapFormAndManyPointsAndColumnsSampled() {
    Map<String, Function<Random, Object[]>> points =
        Map.of(
            "f", AdjointCheckTest::fPoint,
            "sumSquares", rng -> new Object[] {matrix(rng, 10, 10), vector(rng, 10)},
            "polar", rng -> new Object[] {1.0, rng.nextGaussian()},
            "norm", rng -> new Object[] {Tensor.of(vector(rng, 4)), 2},
            "offset", rng -> new Object[] {rng.nextGaussian()});
    AdjointCheck.verify(Toy.class, points);
    toy().pointsPerMethod(10).directions(4).maxColumns(5).seed(7).verify();
  }

  @Test
  void failsAMethodWithoutGenerator() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> AdjointCheck.of(Toy.class).points("f", AdjointCheckTest::fPoint).verify());
    assertTrue(e.getMessage().contains("polar: no point generator"), e.getMessage());
    AdjointCheck.of(Toy.class)
        .points("f", AdjointCheckTest::fPoint)
        .skip("sumSquares", "polar", "norm", "offset")
        .verify();
    assertThrows(
        IllegalArgumentException.class,
        () -> AdjointCheck.of(Toy.class).points("nope", AdjointCheckTest::fPoint).verify());
  }

  private static String failure(Class<?> model, String method, Function<Random, Object[]> points) {
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> AdjointCheck.of(model).points(method, points).verify());
    if (Boolean.getBoolean("adjoint.check.print")) {
      System.out.println(e.getMessage());
    }
    return e.getMessage();
  }

  @Test
  void findsAWrongGradient() {
    String report = failure(Faulty.BadGradient.class, "f", AdjointCheckTest::fPoint);
    assertTrue(report.startsWith("AdjointCheck of dev.adjoint.check.Faulty$BadGradient"), report);
    assertTrue(report.contains("f, point #0 (x1 = "), report);
    assertTrue(report.contains("gradient against finite differences, x2: analytic"), report);
    assertTrue(report.contains("fJvp against <gradient, d>"), report);
    assertTrue(!report.contains("gradient against finite differences, x1:"), report);
  }

  @Test
  void findsForwardModeOffByOnePartInTenMillion() {
    String report = failure(Faulty.BadJvp.class, "f", AdjointCheckTest::fPoint);
    assertTrue(report.contains("fJvp against <gradient, d> (d random), direction 0"), report);
    assertTrue(!report.contains("finite differences"), report);
  }

  @Test
  void findsAGradientThatChangesItsArgument() {
    String report = failure(Faulty.Mutating.class, "g", rng -> new Object[] {vector(rng, 3)});
    assertTrue(report.contains("gGradient changed its argument x[0]: "), report);
  }

  @Test
  void findsAWrongHessian() {
    String report = failure(Faulty.BadHessian.class, "f", AdjointCheckTest::fPoint);
    assertTrue(
        report.contains("Hessian against finite differences of the gradient, d/dx2 d/dx1"), report);
    assertTrue(report.contains("fHvp against Hessian times v"), report);
  }

  @Test
  void findsAWrongJacobian() {
    String report =
        failure(
            Faulty.BadJacobian.class,
            "polar",
            rng -> new Object[] {0.5 + rng.nextDouble(), rng.nextGaussian()});
    assertTrue(report.contains("Jacobian against finite differences, output 1, d/dtheta"), report);
    assertTrue(report.contains("polarJvp against Jacobian times d"), report);
  }

  @Test
  void findsAPullbackThatOverwritesInsteadOfAdding() {
    String report = failure(Faulty.Overwrites.class, "g", rng -> new Object[] {vector(rng, 3)});
    assertTrue(report.contains("gPullback called twice adds twice, x[0]"), report);
  }

  @Test
  void reportsAGeneratorGivingTheWrongArguments() {
    String report = failure(Toy.class, "f", rng -> new Object[] {1.0});
    assertTrue(report.contains("f: the point generator gave 1 arguments"), report);
  }

  @Test
  void withoutFiniteDifferencesComparesTheModesOnly() {
    String report = failure(Faulty.Detached.class, "z", rng -> new Object[] {rng.nextGaussian()});
    assertTrue(report.contains("gradient against finite differences, x"), report);
    var summary =
        AdjointCheck.of(Faulty.Detached.class)
            .points("z", rng -> new Object[] {rng.nextGaussian()})
            .withoutFiniteDifferences("z")
            .verify();
    assertEquals(
        EnumSet.of(Check.VALUE, Check.JVP, Check.INPUTS_UNCHANGED), summary.methods().get("z"));
    // The modes are still compared: a wrong fJvp fails without finite differences too.
    String jvp =
        assertThrows(
                AssertionError.class,
                () ->
                    AdjointCheck.of(Faulty.BadJvp.class)
                        .points("f", AdjointCheckTest::fPoint)
                        .withoutFiniteDifferences("f")
                        .verify())
            .getMessage();
    assertTrue(jvp.contains("fJvp against <gradient, d>"), jvp);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AdjointCheck.of(Faulty.Detached.class)
                .points("z", rng -> new Object[] {1.0})
                .withoutFiniteDifferences("zz")
                .verify());
  }
}
