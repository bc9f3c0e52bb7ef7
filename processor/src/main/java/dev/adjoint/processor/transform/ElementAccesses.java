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
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a block of a reverse sweep touches the elements of an array, and its sums: the facts {@link
 * IterationOrder} and {@link LoopFusion} decide on (which elements each iteration loads and stores,
 * and whether it only adds into them).
 */
final class ElementAccesses {
  private ElementAccesses() {}

  /** Whether {@code block} only adds into elements of {@code a} and reads it nowhere else. */
  static boolean onlyAddedInto(Block block, Var a) {
    List<Expr> loads = new ArrayList<>();
    int[] adds = {0};
    boolean[] ok = {true};
    Statements.forEach(
        block,
        s -> {
          ok[0] &= accesses(s, a, loads);
          if (s instanceof Stmt.Store st && ((Expr.Ref) st.array()).var() == a) {
            if (st.value() instanceof Expr.Binary b
                && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
                && b.left().equals(new Expr.Load(st.array(), st.index()))
                && !Exprs.reads(b.right(), a)
                && !Exprs.reads(st.index(), a)) {
              adds[0]++;
            } else {
              ok[0] = false;
            }
          }
        });
    return ok[0] && adds[0] == loads.size();
  }

  /**
   * Adds the index of each element of {@code a} that {@code s}'s own expressions load; false if
   * they use {@code a} otherwise than by loading an element (a store's array aside).
   */
  static boolean accesses(Stmt s, Var a, List<Expr> loads) {
    List<Expr> exprs = new ArrayList<>(Statements.ownExpressions(s));
    if (s instanceof Stmt.Store st) {
      exprs.remove(st.array()); // a variable: the blocks these passes read store through no row
    }
    boolean ok = true;
    for (Expr e : exprs) {
      ok &= loads(e, a, loads);
    }
    return ok;
  }

  private static boolean loads(Expr e, Var a, List<Expr> out) {
    if (e instanceof Expr.Load l && l.array() instanceof Expr.Ref r && r.var() == a) {
      out.add(l.index());
      return loads(l.index(), a, out);
    }
    if (e instanceof Expr.Ref r) {
      return r.var() != a;
    }
    for (Expr c : Exprs.children(e)) {
      if (!loads(c, a, out)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code index} is {@code i}, {@code t + i}, {@code i + t} or {@code i - t}, {@code t}
   * pure and reading no variable of {@code assigned}: distinct for distinct values of {@code i}.
   */
  static boolean injective(Expr index, Var i, Set<Var> assigned) {
    Expr rest;
    if (index instanceof Expr.Ref r && r.var() == i) {
      return true;
    } else if (index instanceof Expr.Binary b
        && b.op() == BinaryOp.ADD
        && b.right() instanceof Expr.Ref r
        && r.var() == i) {
      rest = b.left();
    } else if (index instanceof Expr.Binary b
        && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
        && b.left() instanceof Expr.Ref r
        && r.var() == i) {
      rest = b.right();
    } else {
      return false;
    }
    return InvariantAccumulations.pure(rest)
        && Exprs.reads(rest).stream().noneMatch(v -> v == i || assigned.contains(v));
  }

  /**
   * The one index at which {@code block} loads and stores elements of {@code a}, none of them in a
   * loop inside it; null if it touches {@code a} at several, at none, in a loop, or uses {@code a}
   * otherwise than by its elements.
   *
   * @param block the iteration of a loop, without its index's step
   * @param a an array variable
   * @return the index of every access, or null
   */
  static Expr oneIndex(Block block, Var a) {
    List<Expr> indices = new ArrayList<>();
    for (Stmt s : block) {
      List<Expr> here = new ArrayList<>();
      boolean[] ok = {true};
      Statements.forEach(
          new Block().add(s),
          x -> {
            ok[0] &= accesses(x, a, here);
            if (x instanceof Stmt.Store st && st.array() instanceof Expr.Ref r && r.var() == a) {
              here.add(st.index());
            }
          });
      if (!ok[0]
          || !here.isEmpty()
              && Statements.anyMatch(new Block().add(s), x -> x instanceof Stmt.Loop, e -> false)) {
        return null; // a nested loop's iterations would share the element
      }
      indices.addAll(here);
    }
    return !indices.isEmpty() && indices.stream().allMatch(indices.get(0)::equals)
        ? indices.get(0)
        : null;
  }

  /**
   * Whether {@code block} only adds into the scalar {@code v} ({@code v += e}, {@code e} not
   * reading it) and mentions it nowhere else: a sum, the same whatever the order of the additions.
   */
  static boolean onlySummed(Block block, Var v) {
    boolean[] ok = {true};
    Statements.forEach(
        block,
        s -> {
          if (s instanceof Stmt.Assign a && a.target() == v) {
            ok[0] &= Exprs.isAccumulation(v, a.value());
          } else if (InvariantAccumulations.shallowMentions(s).contains(v)) {
            ok[0] = false;
          }
        });
    return ok[0];
  }

  /** Whether {@code block} stores into elements of {@code a}. */
  static boolean stored(Block block, Var a) {
    return Statements.anyMatch(
        block,
        s -> s instanceof Stmt.Store st && st.array() instanceof Expr.Ref r && r.var() == a,
        e -> false);
  }
}
