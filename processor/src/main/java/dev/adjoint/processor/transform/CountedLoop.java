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

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A counted loop, as the lowering writes {@code for (int i = start; i < bound; i++) body} with no
 * {@code break}, {@code continue} or {@code return} in it: the assignment {@code i = start} right
 * before {@code loop { go = i < bound; if (!go) exit; body; i = i + 1 }}, where nothing in the loop
 * assigns {@code i} but that last increment, nor a variable of {@code bound}. Such a loop runs its
 * body once for each {@code i} of {@code [start, bound)} in increasing order (the bound is
 * evaluated with the same value at each test), and each statement at the top level of its body runs
 * in every iteration: a {@code break}, {@code continue} or {@code return} would have made the
 * loop's head test flags and guarded the statements after it (see the lowering of loops).
 *
 * @param index the loop's {@code int} variable
 * @param start its first value
 * @param bound the exclusive upper bound, which no statement of the loop changes
 * @param loop the loop
 */
record CountedLoop(Var index, Expr start, Expr bound, Stmt.Loop loop) {

  /**
   * The counted loop that {@code previous} and {@code loop} make, if they make one.
   *
   * @param previous the statement right before the loop in its block, or null
   * @param loop a loop
   * @return the loop's index and range
   */
  static Optional<CountedLoop> of(Stmt previous, Stmt.Loop loop) {
    if (!(previous instanceof Stmt.Assign init)
        || init.target().kind() != Kind.INT
        || loop.head().stmts().size() != 1
        || !(loop.head().stmts().get(0) instanceof Stmt.Assign test)
        || !(loop.cond() instanceof Expr.Ref go && go.var() == test.target())
        || !(test.value() instanceof Expr.Binary lt
            && lt.op() == BinaryOp.LT
            && lt.left() instanceof Expr.Ref i
            && i.var() == init.target())
        || loop.body().isEmpty()) {
      return Optional.empty();
    }
    Var index = init.target();
    Stmt last = loop.body().stmts().get(loop.body().stmts().size() - 1);
    if (!(last instanceof Stmt.Assign step
        && step.target() == index
        && step.value() instanceof Expr.Binary add
        && add.op() == BinaryOp.ADD
        && add.left() instanceof Expr.Ref r
        && r.var() == index
        && add.right() instanceof Expr.Const c
        && Integer.valueOf(1).equals(c.value()))) {
      return Optional.empty();
    }
    Set<Var> assigned = assignedIn(loop);
    // Only the increment assigns the index; the test assigns its flag.
    int[] indexAssignments = {0};
    Statements.forEachAssign(
        loop.body(),
        a -> {
          if (a.target() == index) {
            indexAssignments[0]++;
          }
        });
    Set<Var> boundReads = Exprs.reads(lt.right());
    Set<Var> startReads = Exprs.reads(init.value());
    if (indexAssignments[0] != 1
        || boundReads.stream().anyMatch(assigned::contains)
        || startReads.stream().anyMatch(assigned::contains)
        || assignedIn(loop.body()).contains(go.var())) {
      return Optional.empty();
    }
    return Optional.of(new CountedLoop(index, init.value(), lt.right(), loop));
  }

  /**
   * Adds the counted loops of {@code block}, nested ones included, to {@code out}.
   *
   * @param block statements as the lowering writes them
   * @param out the counted loops found, by loop
   */
  static void collect(Block block, Map<Stmt.Loop, CountedLoop> out) {
    Stmt previous = null;
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l) {
        of(previous, l).ifPresent(c -> out.put(l, c));
      }
      for (Block nested : Stmts.blocks(s)) {
        collect(nested, out);
      }
      previous = s;
    }
  }

  /**
   * Whether the reverse sweep can run the loop backwards on its own index ({@code i = bound; while
   * (i > start) { i--; ... }}): its start and bound are arithmetic on variables and array lengths,
   * which the reverse sweep evaluates again with the values they had (no statement of the loop
   * changes them, and the to-be-recorded analysis keeps them), without reading array contents or
   * calling anything.
   *
   * @return whether start and bound can be evaluated again
   */
  boolean reversible() {
    return recomputable(start) && recomputable(bound);
  }

  /** Arithmetic on {@code int} variables and array lengths: what {@link #reversible} evaluates. */
  static boolean recomputable(Expr e) {
    if (e instanceof Expr.Const || e instanceof Expr.Ref) {
      return e.kind() == Kind.INT;
    }
    if (e instanceof Expr.Length l) {
      return l.array() instanceof Expr.Ref;
    }
    if (e instanceof Expr.Binary b) {
      return b.kind() == Kind.INT && recomputable(b.left()) && recomputable(b.right());
    }
    if (e instanceof Expr.Unary u) {
      return u.kind() == Kind.INT && recomputable(u.operand());
    }
    return false;
  }

  /**
   * Whether every iteration stores into element {@code index} of the array that {@code array}
   * names, through {@code array} itself, which the loop does not re-bind: a store {@code array[i] =
   * v} at the top level of the body.
   *
   * @param array a variable of type {@code double[]}
   * @return whether the loop writes {@code array[i]} for each {@code i} of its range
   */
  boolean storesEveryIteration(Var array) {
    if (assignedIn(loop).contains(array)) {
      return false;
    }
    for (Stmt s : loop.body()) {
      if (s instanceof Stmt.Store st
          && st.array() instanceof Expr.Ref a
          && a.var() == array
          && st.index() instanceof Expr.Ref i
          && i.var() == index) {
        return true;
      }
    }
    return false;
  }

  /**
   * The index {@code e} of the loop's one store into {@code array}, {@code array[e] = v} at the top
   * level of its body, when every iteration touches one element of its own there: {@code e} is the
   * index, {@code i}, or {@code i + c}, {@code c + i} or {@code i - c} with {@code c} integer
   * arithmetic that the loop does not change (so distinct iterations store distinct elements), and
   * the loop reads {@code array}'s elements only as {@code array[e]}, in statements at the top
   * level of its body after that store (so each iteration reads only what it stored). Empty
   * otherwise, or when {@code array} is re-bound in the loop.
   *
   * @param array an array variable
   * @return the index of the element each iteration stores and reads
   */
  Optional<Expr> ownElement(Var array) {
    Set<Var> assigned = assignedIn(loop);
    if (assigned.contains(array) || touches(loop.head(), array)) {
      return Optional.empty();
    }
    Expr at = null;
    for (Stmt s : loop.body()) {
      for (Block nested : Stmts.blocks(s)) {
        if (touches(nested, array)) {
          return Optional.empty();
        }
      }
      Expr own = at == null ? null : new Expr.Load(new Expr.Ref(array), at);
      if (Statements.readExpressions(s).stream()
          .anyMatch(e -> Statements.readsElements(e, array, own))) {
        return Optional.empty();
      }
      if (storesInto(s, array)) {
        Stmt.Store st = (Stmt.Store) s;
        if (at != null
            || !(st.array() instanceof Expr.Ref)
            || !offsetOf(st.index(), index, assigned)) {
          return Optional.empty();
        }
        at = st.index();
      }
    }
    return Optional.ofNullable(at);
  }

  /**
   * Whether a statement of {@code block}, nested ones included, stores into or reads {@code
   * array}'s elements.
   */
  private static boolean touches(Block block, Var array) {
    boolean[] found = {false};
    Statements.forEach(
        block,
        s ->
            found[0] |=
                storesInto(s, array)
                    || Statements.readExpressions(s).stream()
                        .anyMatch(e -> Statements.readsElements(e, array, null)));
    return found[0];
  }

  private static boolean storesInto(Stmt s, Var array) {
    return s instanceof Stmt.Store st && Exprs.root(st.array()) == array;
  }

  /**
   * Whether {@code e} is {@code i}, {@code i + c}, {@code c + i} or {@code i - c}: integer
   * arithmetic on variables and array lengths, none of them {@code assigned}, plus or minus {@code
   * i}. For one value of {@code c}, distinct values of {@code i} give distinct values of {@code e}
   * ({@code int} addition wraps, and is injective all the same).
   *
   * @param e an index expression
   * @param i a loop's index
   * @param assigned the variables the loop assigns, {@code i} among them
   * @return whether {@code e} is {@code i} offset by a value the loop does not change
   */
  static boolean offsetOf(Expr e, Var i, Set<Var> assigned) {
    if (e instanceof Expr.Ref r) {
      return r.var() == i;
    }
    if (!(e instanceof Expr.Binary b) || b.kind() != Kind.INT) {
      return false;
    }
    Expr c;
    if (b.op() == BinaryOp.ADD && b.left() instanceof Expr.Ref l && l.var() == i) {
      c = b.right();
    } else if (b.op() == BinaryOp.ADD && b.right() instanceof Expr.Ref r && r.var() == i) {
      c = b.left();
    } else if (b.op() == BinaryOp.SUB && b.left() instanceof Expr.Ref l && l.var() == i) {
      c = b.right();
    } else {
      return false;
    }
    return recomputable(c)
        && Exprs.reads(c).stream().noneMatch(v -> v == i || assigned.contains(v));
  }

  private static Set<Var> assignedIn(Stmt.Loop loop) {
    Set<Var> out = assignedIn(loop.head());
    out.addAll(assignedIn(loop.body()));
    return out;
  }

  private static Set<Var> assignedIn(Block block) {
    Set<Var> out = new HashSet<>();
    Statements.forEachAssign(block, a -> out.add(a.target()));
    return out;
  }
}
