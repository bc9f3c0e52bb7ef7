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
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Loop fusion in the reverse sweep (docs/array-model.md, "Reverse loops in forward order"): two
 * loops that {@link IterationOrder} turned, one after the other over the same range, run as one,
 * each iteration running the first's body and then the second's, when their iterations touch the
 * same elements only at the same index (GMM's diagonal and centring, which a hand-written adjoint
 * writes as one loop). Assignments between them run after the merged loop when they commute with
 * the second (a reset {@code sBar = 0.0} that a later pass drops).
 */
final class LoopFusion {
  private final Predicate<Var> privateShadow;

  private LoopFusion(Predicate<Var> privateShadow) {
    this.privateShadow = privateShadow;
  }

  /**
   * The reverse sweep with adjacent turned loops merged where they can be.
   *
   * @param reverse a reverse sweep, its independent loops turned
   * @param turned the turned loops of one loop each, by loop
   * @param privateShadow whether an adjoint array is reachable through its own variable alone
   * @return the same statements, merged where they can be
   */
  static Block fuse(Block reverse, Map<Stmt.Loop, Turned> turned, Predicate<Var> privateShadow) {
    return turned.size() < 2 ? reverse : new LoopFusion(privateShadow).block(reverse, turned);
  }

  private Block block(Block in, Map<Stmt.Loop, Turned> turned) {
    Block out = new Block();
    Turned last = null; // the loop last written, when a next may join it
    for (Stmt s : in) {
      Turned t = s instanceof Stmt.Loop l ? turned.get(l) : null;
      if (t != null) {
        int at = last == null ? -1 : out.stmts().lastIndexOf(last.loop());
        int init = out.stmts().size() - 1;
        if (at >= 0 && init > at && out.stmts().get(init) == t.init()) {
          List<Stmt> between = new ArrayList<>(out.stmts().subList(at + 1, init));
          if (between.stream().allMatch(x -> commutes((Stmt.Assign) x, t)) && fuses(last, t)) {
            last = fuse(last, t);
            out.stmts().subList(at, out.stmts().size()).clear();
            out.add(last.loop());
            between.forEach(out::add);
            continue;
          }
        }
        out.add(s);
        last = t;
        continue;
      }
      if (!(s instanceof Stmt.Assign a && InvariantAccumulations.pure(a.value()))) {
        last = null; // only assignments may run after a loop that the next joins
      }
      out.add(Stmts.mapBlocks(s, b -> block(b, turned)));
    }
    return out;
  }

  /**
   * Whether the assignment {@code a} (which only reads) may run after the turned loop {@code b}
   * instead of before it: {@code b} does not mention what it assigns, nor assign, or store into,
   * what it reads (a reset {@code sBar = 0.0} between two loops, which a later pass drops).
   */
  private boolean commutes(Stmt.Assign a, Turned b) {
    Set<Var> assigned = Statements.assigned(b.body());
    return !Mentions.vars(b.body()).contains(a.target())
        && Exprs.reads(a.value()).stream()
            .noneMatch(
                v ->
                    assigned.contains(v)
                        || v.kind().isArray() && ElementAccesses.stored(b.body(), v));
  }

  /**
   * A turned nest of one loop, without an induction variable: {@code init} ({@code index = start})
   * right before {@code loop}, {@code while (index < bound) { body; index++ }}.
   *
   * @param init the loop's initialisation, right before it
   * @param index the loop's index
   * @param start its first value
   * @param bound its exclusive bound
   * @param body an iteration without the increment
   * @param loop the loop
   */
  record Turned(Stmt.Assign init, Var index, Expr start, Expr bound, Block body, Stmt.Loop loop) {}

  /**
   * Whether the turned loop {@code b}, right after the turned loop {@code a}, can run in {@code
   * a}'s iterations (loop fusion): {@code a}'s iteration {@code i}, then {@code b}'s, for each
   * {@code i}. It changes the order of {@code a}'s iteration {@code i} and {@code b}'s iteration
   * {@code j < i}, which must then touch nothing in common but sums both add into and values both
   * only read: the same range; no scalar that one assigns is mentioned by the other, but sums; and
   * every array that both mention (or that one stores into and another name of the other may reach)
   * is read by both, added into by both, or a private shadow that both touch at one index {@code t
   * + i} only, so that iterations {@code i} and {@code j} touch distinct elements.
   */
  private boolean fuses(Turned a, Turned b) {
    if (!a.start().equals(b.start()) || !a.bound().equals(b.bound())) {
      return false;
    }
    Block bBody = renamed(b.body(), b.index(), a.index());
    Set<Var> assignedA = Statements.assigned(a.body());
    Set<Var> assignedB = Statements.assigned(bBody);
    Set<Var> range = new HashSet<>(Exprs.reads(a.start()));
    range.addAll(Exprs.reads(a.bound()));
    if (range.stream().anyMatch(v -> assignedA.contains(v) || assignedB.contains(v))) {
      return false;
    }
    Set<Var> mentionsA = Mentions.vars(a.body());
    Set<Var> mentionsB = Mentions.vars(bBody);
    for (Var v : mentionsA) {
      if (!mentionsB.contains(v) || v == a.index()) {
        continue;
      }
      boolean shared = assignedA.contains(v) || assignedB.contains(v);
      if (v.kind().isArray()) {
        if (!sharedArray(v, a, bBody)) {
          return false;
        }
      } else if (shared
          && !(ElementAccesses.onlySummed(a.body(), v) && ElementAccesses.onlySummed(bBody, v))) {
        return false;
      }
    }
    // Two names of one array: as in a nest, one of them must be a private shadow.
    for (Var x : mentionsA) {
      for (Var y : mentionsB) {
        if (x != y
            && x.kind().isArray()
            && y.kind().isArray()
            && x.role() == Var.Role.ADJOINT
            && y.role() == Var.Role.ADJOINT
            && (ElementAccesses.stored(a.body(), x) && !ElementAccesses.onlyAddedInto(a.body(), x)
                || ElementAccesses.stored(bBody, y) && !ElementAccesses.onlyAddedInto(bBody, y)
                || ElementAccesses.stored(a.body(), x) != ElementAccesses.stored(bBody, y))
            && !privateShadow.test(x)
            && !privateShadow.test(y)) {
          return false;
        }
      }
    }
    return true;
  }

  /** An array both loops mention: read by both, added into by both, or touched at one index. */
  private boolean sharedArray(Var v, Turned a, Block bBody) {
    boolean storedA = ElementAccesses.stored(a.body(), v);
    boolean storedB = ElementAccesses.stored(bBody, v);
    if (!storedA && !storedB) {
      return true;
    }
    if (ElementAccesses.onlyAddedInto(a.body(), v) && ElementAccesses.onlyAddedInto(bBody, v)) {
      return true;
    }
    if (v.role() != Var.Role.ADJOINT || !privateShadow.test(v)) {
      return false;
    }
    Block both = new Block().addAll(a.body()).addAll(bBody);
    Expr index = ElementAccesses.oneIndex(both, v);
    return index != null && ElementAccesses.injective(index, a.index(), Statements.assigned(both));
  }

  /** {@code a}'s loop running {@code b}'s body after its own in each iteration. */
  private Turned fuse(Turned a, Turned b) {
    Block body = new Block().addAll(a.body()).addAll(renamed(b.body(), b.index(), a.index()));
    Block iteration = new Block().addAll(body);
    iteration.add(
        new Stmt.Assign(
            a.index(),
            new Expr.Binary(BinaryOp.ADD, new Expr.Ref(a.index()), Expr.Const.ofInt(1), Kind.INT),
            null));
    Stmt.Loop loop = new Stmt.Loop(a.loop().head(), a.loop().cond(), iteration);
    return new Turned(a.init(), a.index(), a.start(), a.bound(), body, loop);
  }

  /** The statements with every read of {@code from} reading {@code to}. */
  private static Block renamed(Block block, Var from, Var to) {
    UnaryOperator<Expr> rename =
        new UnaryOperator<>() {
          @Override
          public Expr apply(Expr e) {
            return e instanceof Expr.Ref r && r.var() == from
                ? new Expr.Ref(to)
                : Exprs.rebuild(e, this);
          }
        };
    Block out = new Block();
    block.forEach(s -> out.add(Statements.map(s, rename, v -> v)));
    return out;
  }
}
