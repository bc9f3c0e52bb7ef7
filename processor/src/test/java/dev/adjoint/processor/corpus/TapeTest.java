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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every sweep pops what it pushed: after a gradient or pullback call of a tape-heavy function
 * (parameters reassigned in loops, early returns, recursion, calls in loops) the calling thread's
 * tape is empty again, and repeated calls give identical results.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TapeTest {
  private record Case(Gradients.Fn fn, Object[] args) {}

  private static List<Case> cases() {
    CompiledSources flow = CompiledSources.withAdjoint(ControlFlowTest.FLOW);
    CompiledSources rec = CompiledSources.withAdjoint(RecursionTest.REC);
    CompiledSources calls =
        CompiledSources.withAdjoint(CallsTest.LIB, CallsTest.APP, CallsTest.OUTER);
    CompiledSources seeds = CompiledSources.withAdjoint(SeedFunctionsTest.SEEDS);
    CompiledSources wrt = CompiledSources.withAdjoint(WrtAndDetachTest.WRT);
    return List.of(
        new Case(fn(seeds, "corpus.Seeds", "control"), pt(0.37)),
        new Case(fn(flow, "corpus.Flow", "parameterInLoop"), pt(0.3, 200)),
        new Case(fn(flow, "corpus.Flow", "nestedLoopsWithTape"), pt(0.5, 0.3, 12)),
        new Case(fn(flow, "corpus.Flow", "earlyReturnNested"), pt(2.1, 6)),
        new Case(fn(flow, "corpus.Flow", "earlyReturnNested"), pt(0.3, 3)),
        new Case(fn(flow, "corpus.Flow", "nestedBreakContinue"), pt(0.8, 9)),
        new Case(fn(flow, "corpus.Flow", "labeledWhileDoWhileTrue"), pt(0.5, 6)),
        new Case(fn(flow, "corpus.Flow", "whileTrue"), pt(0.3)),
        new Case(fn(flow, "corpus.Flow", "ifElseInLoop"), pt(1.5, 40)),
        new Case(fn(rec, "corpus.Rec", "fastPow"), pt(1.01, 1000)),
        new Case(fn(rec, "corpus.Rec", "tree"), pt(1.1, 12)),
        new Case(fn(rec, "corpus.Rec", "even"), pt(0.9, 15)),
        new Case(fn(rec, "corpus.Rec", "recursionInLoop"), pt(30.0, 10)),
        new Case(fn(calls, "corpus.calls.App", "callInLoop"), pt(-1.2, 12)),
        new Case(fn(wrt, "corpus.Wrt", "detachInLoop"), pt(0.5, 30)));
  }

  @Test
  void tapeIsEmptyAfterEverySteadyStateCall() {
    assertEquals(0, Tape.get().size(), "tape not empty before the test");
    for (Case c : cases()) {
      Gradients.Grad first = c.fn().gradient(c.args());
      assertEquals(0, Tape.get().size(), c.fn().label + " gradient (first call)");
      for (int i = 0; i < 20; i++) {
        Gradients.Grad again = c.fn().gradient(c.args());
        assertEquals(0, Tape.get().size(), c.fn().label + " gradient");
        assertEquals(first.value(), again.value(), 0.0, c.fn().label + " value changed");
        assertArrayEquals(first.components(), again.components(), 0.0, c.fn().label);
        double[] adjoint = new double[c.fn().arity()];
        c.fn().pullback(c.args(), 1.0, adjoint);
        assertEquals(0, Tape.get().size(), c.fn().label + " pullback");
        assertArrayEquals(first.components(), adjoint, 0.0, c.fn().label + " pullback");
      }
    }
  }

  /**
   * A thread that has run a large gradient keeps a bounded tape once it is idle (Tape's javadoc):
   * here 2·10⁶ values of x pushed by one gradient call, 16 MB, of which at most the retained blocks
   * (16 per stack, 64 KiB each for doubles) stay, and the gradient is the same again.
   */
  @Test
  void anIdleThreadKeepsABoundedTape() {
    Gradients.Fn f =
        fn(CompiledSources.withAdjoint(ControlFlowTest.FLOW), "corpus.Flow", "parameterInLoop");
    Object[] large = pt(0.3, 2_000_000);
    Gradients.Grad first = f.gradient(large);
    assertEquals(0, Tape.get().size());
    long bound = 4L * 16 * 8192;
    assertTrue(
        Tape.get().capacity() <= bound,
        "capacity " + Tape.get().capacity() + " after a large gradient, above " + bound);
    Gradients.Grad again = f.gradient(large);
    assertArrayEquals(first.components(), again.components(), 0.0);
    double[] adjoint = new double[1];
    f.pullback(large, 1.0, adjoint);
    assertArrayEquals(first.components(), adjoint, 0.0);
    assertTrue(Tape.get().capacity() <= bound, "capacity after a large pullback");
  }

  /** Calls of different functions interleaved: none sees values left by another. */
  @Test
  void interleavedCallsLeaveNothingBehind() {
    List<Case> cases = cases();
    double[][] reference = new double[cases.size()][];
    for (int i = 0; i < cases.size(); i++) {
      reference[i] = cases.get(i).fn().gradient(cases.get(i).args()).components();
    }
    for (int round = 0; round < 3; round++) {
      for (int i = cases.size() - 1; i >= 0; i--) {
        Case c = cases.get(i);
        assertArrayEquals(reference[i], c.fn().gradient(c.args()).components(), 0.0, c.fn().label);
        assertEquals(0, Tape.get().size(), c.fn().label);
      }
    }
  }
}
