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
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Loop-invariant loads, in a pullback's sweeps: an element of a local array that a loop reads on
 * every iteration and cannot change ({@code xcentered[i]} in GMM's triangle, over {@code j}) is
 * loaded once into a local before the loop, as a hand-written adjoint keeps it in a register. The
 * JIT cannot do this itself: the loop stores into other {@code double[]} arrays, which for all it
 * knows may be the same array.
 *
 * <p>A load {@code a[e]} in a loop is hoisted when (1) {@code a} is a <em>private</em> array (the
 * caller's predicate: a local that only ever holds new arrays and never escapes, so no other name
 * reaches its elements); (2) the loop neither assigns {@code a} nor stores through it, so, by (1),
 * nothing in the loop changes its elements; (3) {@code e} reads no variable the loop assigns and no
 * array, and calls nothing, so it has the same value on every iteration; and (4) the loop's first
 * test is a side-effect-free expression (as {@link InvariantAccumulations} finds it). The load then
 * happens before the loop, guarded by that test ({@code if (j > i + 1) {xcenteredI =
 * xcentered[i];}}): when the loop runs no iteration the index need not be valid, and the local is
 * never read. Each iteration reads the value the hoisted load read. Second-order code (forward mode
 * of the pullback) is left alone.
 */
final class InvariantLoads {
  private final Predicate<Var> privateArray;
  private final Consumer<Var> locals;

  private InvariantLoads(Predicate<Var> privateArray, Consumer<Var> locals) {
    this.privateArray = privateArray;
    this.locals = locals;
  }

  /**
   * The sweep with invariant loads hoisted out of their loops.
   *
   * @param sweep a pullback's forward or reverse sweep
   * @param privateArray whether an array variable is the only name that reaches its elements
   * @param locals told of each local this pass adds: variables of this sweep alone
   * @return the same statements, with hoisted loads where they can be
   */
  static Block hoist(Block sweep, Predicate<Var> privateArray, Consumer<Var> locals) {
    return new InvariantLoads(privateArray, locals).block(sweep);
  }

  private Block block(Block in) {
    Block out = new Block();
    for (Stmt s : in) {
      // Inner loops first: a load they hoist lands in the body of the loop around them.
      Stmt rebuilt = Stmts.withBlocks(s, Stmts.blocks(s).stream().map(this::block).toList());
      if (rebuilt instanceof Stmt.Loop loop) {
        out.addAll(hoisted(loop, InvariantAccumulations.firstTest(loop)));
      } else if (rebuilt instanceof Stmt.Repeat repeat) {
        out.addAll(hoisted(repeat, InvariantAccumulations.firstTest(repeat)));
      } else {
        out.add(rebuilt);
      }
    }
    return out;
  }

  /** The loop, after the guarded loads of its invariant elements, which it reads from locals. */
  private Block hoisted(Stmt loop, Expr firstTest) {
    Block out = new Block();
    if (firstTest == null) {
      return out.add(loop);
    }
    Set<Var> assigned = Statements.assigned(new Block().add(loop));
    Set<Var> storedInto = new HashSet<>();
    boolean[] secondOrder = {false};
    Statements.forEach(
        new Block().add(loop),
        s -> {
          if (s instanceof Stmt.Store st) {
            storedInto.add(Exprs.root(st.array()));
          } else if (s instanceof Stmt.TangentCall || s instanceof Stmt.PullbackJvpCall) {
            secondOrder[0] = true;
          }
        });
    if (secondOrder[0]) {
      return out.add(loop);
    }
    // The body's loads only: the loop's own test runs before it knows whether to load.
    Block body = loop instanceof Stmt.Loop l ? l.body() : ((Stmt.Repeat) loop).body();
    Map<Expr, Var> locals = new LinkedHashMap<>();
    Statements.forEach(
        body,
        s -> {
          for (Expr e : Statements.ownExpressions(s)) {
            Exprs.anyMatch(
                e,
                x -> {
                  if (x instanceof Expr.Load load
                      && load.array() instanceof Expr.Ref a
                      && a.var().kind() == Kind.DOUBLE_ARRAY
                      && privateArray.test(a.var())
                      && !assigned.contains(a.var())
                      && !storedInto.contains(a.var())
                      && invariant(load.index(), assigned)) {
                    locals.computeIfAbsent(
                        load, k -> new Var(name(load), Kind.DOUBLE, Var.Role.TEMP));
                  }
                  return false;
                });
          }
        });
    if (locals.isEmpty()) {
      return out.add(loop);
    }
    Block loads = new Block();
    locals.forEach(
        (load, local) -> {
          loads.add(new Stmt.Assign(local, load, null));
          this.locals.accept(local);
        });
    out.add(new Stmt.If(firstTest, loads, new Block()));
    Block mapped = new Block();
    body.forEach(s -> mapped.add(Statements.map(s, e -> replaced(e, locals), v -> v)));
    return out.add(
        loop instanceof Stmt.Loop l
            ? new Stmt.Loop(l.head(), l.cond(), mapped)
            : new Stmt.Repeat(((Stmt.Repeat) loop).index(), ((Stmt.Repeat) loop).count(), mapped));
  }

  /** Whether an index has one value over the loop: it reads no array and nothing the loop sets. */
  private static boolean invariant(Expr index, Set<Var> assigned) {
    return InvariantAccumulations.pure(index)
        && !Exprs.anyMatch(index, x -> x instanceof Expr.Load)
        && Exprs.reads(index).stream().noneMatch(assigned::contains);
  }

  /** {@code xcentered[i]}'s local: {@code xcenteredI}; with another index, {@code xcenteredAt}. */
  private static String name(Expr.Load load) {
    String array = ((Expr.Ref) load.array()).var().name();
    if (load.index() instanceof Expr.Ref r) {
      String index = r.var().name();
      return array + Character.toUpperCase(index.charAt(0)) + index.substring(1);
    }
    return array + "At";
  }

  private static Expr replaced(Expr e, Map<Expr, Var> locals) {
    Var local = locals.get(e);
    if (local != null) {
      return new Expr.Ref(local);
    }
    return Exprs.rebuild(e, x -> replaced(x, locals));
  }
}
