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
package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Stmt;
import java.util.function.BiConsumer;

/**
 * The state of a forward data-flow analysis over structured IR ({@link ArrayAliasing}'s points-to
 * pass, {@link ReverseMode}'s to-be-recorded analysis), and how it passes branches and loops: both
 * sides of a branch are possible after it, and a loop runs until its head's state stops changing. A
 * state's may-facts only grow (sets under union) and its must-facts only shrink (sets under
 * intersection: what holds on every path), so the fixpoint is reached.
 */
interface FlowState<S extends FlowState<S>> {
  S copy();

  /** Adds what may hold on another path; keeps of what must hold only what holds there too. */
  void join(S other);

  /** Replaces this state by another's. */
  void set(S other);

  /** Runs both sides of {@code i} from {@code state}; leaves in it what holds after either. */
  static <S extends FlowState<S>> void branch(Stmt.If i, S state, BiConsumer<Block, S> through) {
    S otherwise = state.copy();
    through.accept(i.then(), state);
    through.accept(i.otherwise(), otherwise);
    state.join(otherwise);
  }

  /**
   * Runs {@code loop { head; if (!cond) exit; body }} from {@code state} to a fixpoint; leaves in
   * it the state at the exit, which follows a run of the head.
   */
  static <S extends FlowState<S>> void loop(Stmt.Loop l, S state, BiConsumer<Block, S> through) {
    iterate(l.head(), l.body(), state, through);
  }

  /**
   * Runs {@code for (index = 0; index < count; index++) body} from {@code state} to a fixpoint;
   * leaves in it the state at the exit, the loop's head: a loop whose head is empty.
   */
  static <S extends FlowState<S>> void repeat(
      Stmt.Repeat r, S state, BiConsumer<Block, S> through) {
    iterate(new Block(), r.body(), state, through);
  }

  /** {@code loop { head; if (...) exit; body }} to a fixpoint; the state at the exit. */
  private static <S extends FlowState<S>> void iterate(
      Block head, Block body, S state, BiConsumer<Block, S> through) {
    S before = state.copy();
    S entry = before; // never changed: each iteration runs on a copy
    S exit;
    while (true) {
      S x = entry.copy();
      through.accept(head, x);
      exit = x.copy();
      through.accept(body, x);
      x.join(before);
      if (x.equals(entry)) {
        break;
      }
      entry = x;
    }
    state.set(exit);
  }
}
