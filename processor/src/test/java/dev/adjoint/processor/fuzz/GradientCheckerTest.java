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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mismatches that campaigns reported but that were artefacts of finite differences, not processor
 * bugs, with the evidence, and the checks that {@link GradientChecker} no longer reports them.
 */
class GradientCheckerTest {
  /**
   * The minimal form of seed 4242, program 2191, {@code m2} (which computes {@code x1 =
   * Math.rint(Math.ceil(-2.5 * x0))} with {@code x0 ~ 6e17} and returns {@code x1 / (1 +
   * |x0|)}-like terms).
   */
  private static final String STAIRCASE =
      """
      package fuzz;

      import dev.adjoint.Adjoint;
      import dev.adjoint.Differentiable;

      public final class @@NAME@@ {
        private @@NAME@@() {}

        @@DIFF@@public static double f(double x) {
          double y = 1.0e17 * x;
          double c = Math.ceil(-2.5 * y);
          return c / y;
        }
      }
      """;

  /**
   * The generated gradient is right: f(x) = ceil(-2.5e17 x) / (1e17 x) is, in exact arithmetic, a
   * sawtooth whose teeth are 4e-18 / |x| wide; between two steps the numerator is constant and
   * f'(x) = -c / (1e17 x^2) ~ 2.5 / x, which is what the gradient returns (and what the documented
   * convention, ceil' = 0, asks for). In double precision ceil of a number beyond 2^52 is the
   * number itself, so f is -2.5 at every representable x and central differences give 0. BigDecimal
   * evaluation with a step far below the tooth width shows the exact slope.
   */
  @Test
  void ceilOfAHugeArgumentIsAStaircaseThatDoublesCannotResolve() throws Exception {
    double x = 0.7; // -2.5e17 x is not an integer: x is between two steps
    Unit unit = compile("Staircase");
    double g = unit.gradient(x);
    assertEquals(2.5 / x, g, 1e-12 * (2.5 / x), "gradient");

    // Central differences in double precision: 0 (f is -2.5 at every nearby double).
    double h = 1e-5 * x;
    double fd = (staircase(x + h) - staircase(x - h)) / (2 * h);
    assertEquals(0.0, fd, 1e-9, "finite difference of the double-precision program");

    // In exact arithmetic (60 digits), with a step much smaller than a tooth: the slope is g.
    MathContext mc = new MathContext(60);
    BigDecimal bx = new BigDecimal(x);
    BigDecimal delta = new BigDecimal("1e-30");
    BigDecimal exactSlope =
        exactStaircase(bx.add(delta), mc)
            .subtract(exactStaircase(bx.subtract(delta), mc))
            .divide(delta.multiply(BigDecimal.valueOf(2)), mc);
    assertEquals(g, exactSlope.doubleValue(), 1e-9 * g, "exact slope between two steps");

    // And the checker, which freezes ceil in the reference, agrees with the gradient.
    assertTrue(unit.findings.isEmpty(), () -> unit.findings.get(0).describe());
  }

  /** The original finding: seed 4242, program 2191 checks clean (all components compared). */
  @Test
  void seed4242Program2191IsClean() {
    checkClean(ProgramGenerator.program(4242, 2191));
  }

  /**
   * Seed 4242, program 4470, {@code m0}: {@code x0} grows to 3e145 in a loop, then {@code
   * Math.sin(x1 - x0 * 1.5)} absorbs every perturbation of {@code x1}; the gradient has the exact
   * derivative (cos(x1 - 1.5 x0) times the chain), finite differences see 0. An ill-conditioned
   * point, not a finding.
   */
  @Test
  void seed4242Program4470IsClean() {
    checkClean(ProgramGenerator.program(4242, 4470));
  }

  /**
   * Seed 7, layer program 229, {@code m3}: a branch on {@code Losses.mseMean(w0,
   * Adjoint.detach(w0)) > n1} with {@code n1 = 0}. At the point the mean is exactly 0 (the branch
   * is not taken); the reference freezes the detached copy, so at x + hd and at x - hd alike the
   * mean is positive and the branch is taken: central differences measured the other branch at
   * every step (consistently, so the two-step self-check passed) and disagreed with the pullback.
   * The gradient is right (detach is a constant, and the branch is not taken at the point); the
   * checker now compares one-sided differences with the value at the point and skips such a point
   * as a kink.
   */
  @Test
  void seed7LayerProgram229IsClean() {
    checkClean(ProgramGenerator.layerProgram(7, 229));
  }

  private static void checkClean(ProgramGenerator.Program p) {
    FuzzCompiler.Outcome outcome = FuzzCompiler.compile(List.of(p), true);
    if (!outcome.success()) {
      fail(outcome.diagnostics());
    }
    List<GradientChecker.Finding> findings = new GradientChecker().check(p, outcome.loader());
    assertTrue(findings.isEmpty(), () -> findings.get(0).describe());
  }

  private static double staircase(double x) {
    double y = 1.0e17 * x;
    double c = Math.ceil(-2.5 * y);
    return c / y;
  }

  private static BigDecimal exactStaircase(BigDecimal x, MathContext mc) {
    BigDecimal y = new BigDecimal("1e17").multiply(x, mc);
    BigDecimal c = new BigDecimal("-2.5").multiply(y, mc).setScale(0, RoundingMode.CEILING);
    return c.divide(y, mc);
  }

  private record Unit(double[] g, List<GradientChecker.Finding> findings) {
    double gradient(double x) {
      return g[0];
    }
  }

  /** Compiles the template as a one-method program, checks it, and returns f's gradient at 0.7. */
  private static Unit compile(String name) throws Exception {
    String template = STAIRCASE.replace("@@NAME@@", name);
    String refTemplate = STAIRCASE.replace("@@NAME@@", name + "Ref");
    ProgramGenerator.MethodInfo f = new ProgramGenerator.MethodInfo("f");
    f.params.add(new ProgramGenerator.Param(ProgramGenerator.Ty.DOUBLE, "x"));
    f.text = ProgramGenerator.primalText(template);
    ProgramGenerator.Program p =
        new ProgramGenerator.Program(
            7,
            name,
            ProgramGenerator.primalText(template),
            ProgramGenerator.referenceText(refTemplate),
            List.of(f));
    FuzzCompiler.Outcome outcome = FuzzCompiler.compile(List.of(p), true);
    if (!outcome.success()) {
      fail(outcome.diagnostics());
    }
    Class<?> adjoint = Class.forName("fuzz." + name + "Adjoint", true, outcome.loader());
    Object record = adjoint.getMethod("fGradient", double.class).invoke(null, 0.7);
    double g = (Double) record.getClass().getMethod("x").invoke(record);
    return new Unit(new double[] {g}, new GradientChecker().check(p, outcome.loader()));
  }
}
