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
package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.Gradients.fn;
import static dev.adjoint.processor.corpus.Gradients.pt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pullback form {@code fPullback(<params>, seed, adjoint)}: it scales by the seed, adds into
 * (does not overwrite) the adjoint array, and returns the primal value. The reference gradient is
 * the record returned by {@code fGradient}, itself checked against finite differences and closed
 * forms by the other corpus tests.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PullbackTest {
  /** Relative tolerance: seed * (sum of partials) vs. sum of (seed * partials), a few ulps. */
  private static final double RELATIVE = 1e-13;

  static Stream<Arguments> functions() {
    return Stream.of(
        Arguments.of(
            "seed f",
            unit(SeedFunctionsTest.SEEDS),
            "corpus.Seeds",
            "f",
            new String[0],
            pt(2.0, 5.0)),
        Arguments.of(
            "seed control",
            unit(SeedFunctionsTest.SEEDS),
            "corpus.Seeds",
            "control",
            new String[0],
            pt(-0.37)),
        Arguments.of(
            "compound",
            unit(ArithmeticTest.ARITH),
            "corpus.Arith",
            "compound",
            new String[0],
            pt(0.7, -4.0)),
        Arguments.of(
            "composite",
            unit(MathFunctionsTest.MATH_FNS),
            "corpus.MathFns",
            "composite",
            new String[0],
            pt(0.5, 1.0)),
        Arguments.of(
            "atan2",
            unit(MathFunctionsTest.MATH_FNS),
            "corpus.MathFns",
            "atan2",
            new String[0],
            pt(-0.5, -3.0)),
        Arguments.of(
            "parameter in loop",
            unit(ControlFlowTest.FLOW),
            "corpus.Flow",
            "parameterInLoop",
            new String[0],
            pt(0.3, 7)),
        Arguments.of(
            "two reassigned parameters",
            unit(ControlFlowTest.FLOW),
            "corpus.Flow",
            "nestedLoopsWithTape",
            new String[0],
            pt(0.5, 0.3, 4)),
        Arguments.of(
            "early return",
            unit(ControlFlowTest.FLOW),
            "corpus.Flow",
            "earlyReturnNested",
            new String[0],
            pt(2.1, 6)),
        Arguments.of(
            "recursion",
            unit(RecursionTest.REC),
            "corpus.Rec",
            "fastPow",
            new String[0],
            pt(1.3, 11)),
        Arguments.of(
            "accumulator recursion",
            unit(RecursionTest.REC),
            "corpus.Rec",
            "expSeries",
            new String[0],
            pt(-1.5, 2, 9, 0.3)),
        Arguments.of(
            "mutual recursion",
            unit(RecursionTest.REC),
            "corpus.Rec",
            "even",
            new String[0],
            pt(0.9, 7)),
        Arguments.of(
            "calls",
            unit(CallsTest.LIB, CallsTest.APP, CallsTest.OUTER),
            "corpus.calls.App",
            "combo",
            new String[0],
            pt(-1.0, 2.0)),
        Arguments.of(
            "wrt subset",
            unit(WrtAndDetachTest.WRT),
            "corpus.Wrt",
            "subset",
            new String[] {"a", "c"},
            pt(-0.5, 0.7, 4.0)),
        Arguments.of(
            "mixed parameters",
            unit(WrtAndDetachTest.WRT),
            "corpus.Wrt",
            "mixed",
            new String[0],
            pt(3, 1.5, 7L, true, -2.0)));
  }

  private static CompiledSources unit(String... sources) {
    return CompiledSources.withAdjoint(sources);
  }

  private static Gradients.Fn f(CompiledSources unit, String cls, String name, String[] wrt) {
    return fn(unit, cls, name, wrt);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void seedScalesTheGradient(
      String label, CompiledSources unit, String cls, String name, String[] wrt, Object[] args) {
    Gradients.Fn f = f(unit, cls, name, wrt);
    double[] grad = f.gradient(args).components();
    double[] adjoint = new double[f.arity()];
    f.pullback(args, 2.5, adjoint);
    for (int k = 0; k < grad.length; k++) {
      assertEquals(
          2.5 * grad[k],
          adjoint[k],
          RELATIVE * Math.max(1, Math.abs(2.5 * grad[k])),
          f.wrtNames[k]);
    }
    double[] negative = new double[f.arity()];
    f.pullback(args, -0.75, negative);
    for (int k = 0; k < grad.length; k++) {
      assertEquals(
          -0.75 * grad[k], negative[k], RELATIVE * Math.max(1, Math.abs(grad[k])), f.wrtNames[k]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void adjointIsAddedToNotOverwritten(
      String label, CompiledSources unit, String cls, String name, String[] wrt, Object[] args) {
    Gradients.Fn f = f(unit, cls, name, wrt);
    double[] grad = f.gradient(args).components();

    double[] ones = new double[f.arity()];
    java.util.Arrays.fill(ones, 1.0);
    f.pullback(args, 1.0, ones);
    for (int k = 0; k < grad.length; k++) {
      assertEquals(
          1.0 + grad[k], ones[k], RELATIVE * Math.max(1, Math.abs(grad[k])), f.wrtNames[k]);
    }

    // distinct prefill values catch an entry added into the wrong slot
    double[] distinct = new double[f.arity()];
    for (int k = 0; k < distinct.length; k++) {
      distinct[k] = 10.0 * (k + 1) * (k % 2 == 0 ? 1 : -1);
    }
    double[] before = distinct.clone();
    f.pullback(args, 2.5, distinct);
    f.pullback(args, 0.5, distinct);
    for (int k = 0; k < grad.length; k++) {
      assertEquals(
          before[k] + 3.0 * grad[k],
          distinct[k],
          RELATIVE * Math.max(Math.abs(before[k]), Math.abs(3 * grad[k])),
          f.wrtNames[k]);
    }

    // seed 0 adds nothing
    double[] untouched = before.clone();
    f.pullback(args, 0.0, untouched);
    for (int k = 0; k < grad.length; k++) {
      assertEquals(before[k], untouched[k], 0.0, f.wrtNames[k]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void pullbackReturnsThePrimalValue(
      String label, CompiledSources unit, String cls, String name, String[] wrt, Object[] args) {
    Gradients.Fn f = f(unit, cls, name, wrt);
    double primal = f.primal(args);
    assertEquals(primal, f.pullback(args, 1.0, new double[f.arity()]), 0.0);
    assertEquals(primal, f.pullback(args, 2.5, new double[f.arity()]), 0.0);
    assertEquals(primal, f.pullback(args, 0.0, new double[f.arity()]), 0.0);
    assertEquals(primal, f.gradient(args).value(), 0.0);
  }
}
