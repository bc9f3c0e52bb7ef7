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
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A definite-assignment walk of a block run once from its start (JLS chapter 16's rules, on our
 * IR): which variables it assigns, and which it may read before assigning them, its
 * <em>exposed</em> reads. Only an exposed variable's value on entry can matter to what the block
 * computes: every other read sees a value the block itself assigned.
 *
 * <p>A loop's body may run zero times, so what it assigns is not definitely assigned after it (its
 * head runs at least once, so what the head assigns is); a branch assigns definitely what both arms
 * do. A read inside a loop of a variable assigned later in the same body is exposed unless the
 * variable was assigned before the loop, which a single pass over the body finds: the body's later
 * assignments are not in the set the read is checked against. Statements that only add into a
 * variable ({@code xBar += e} inside a callee's pullback) read it first. Forward mode's calls,
 * which only second-order code has, are read in full and assign nothing: more exposed reads, never
 * fewer.
 *
 * <p>A subclass that rejects some statements returns false from their visit; {@link #block} then
 * returns false.
 */
class DefiniteAssignment implements Stmt.Visitor<Boolean> {
  /** Every variable the block assigns somewhere. */
  final Set<Var> assigned = new LinkedHashSet<>();

  /** The variables it may read before assigning them. */
  final Set<Var> exposed = new LinkedHashSet<>();

  private Set<Var> defined = new HashSet<>();

  /**
   * The exposed reads of a block.
   *
   * @param block statements run once from their start
   * @return the variables it may read before it assigns them, in the order first met
   */
  static Set<Var> exposed(Block block) {
    DefiniteAssignment walk = new DefiniteAssignment();
    walk.block(block, new HashSet<>());
    return walk.exposed;
  }

  /** Walks {@code b} with {@code in} definitely assigned, adding to {@code in} what it assigns. */
  final boolean block(Block b, Set<Var> in) {
    Set<Var> saved = defined;
    defined = in;
    try {
      for (Stmt s : b) {
        if (!s.accept(this)) {
          return false;
        }
      }
      return true;
    } finally {
      defined = saved;
    }
  }

  /** Reads what {@code e} reads. */
  final void read(Expr e) {
    for (Var v : Exprs.reads(e)) {
      if (!defined.contains(v)) {
        exposed.add(v);
      }
    }
  }

  /** Assigns {@code v} here; {@code by} is the assignment, or null for another statement. */
  final void assign(Var v, Stmt.Assign by) {
    defined.add(v);
    assigned(v, by);
  }

  /** Notes that {@code v} is assigned, by {@code by} (null for another statement). */
  void assigned(Var v, Stmt.Assign by) {
    assigned.add(v);
  }

  @Override
  public Boolean visitAssign(Stmt.Assign s) {
    read(s.value());
    assign(s.target(), s);
    return true;
  }

  @Override
  public Boolean visitIf(Stmt.If s) {
    read(s.cond());
    Set<Var> then = new HashSet<>(defined);
    Set<Var> otherwise = new HashSet<>(defined);
    if (!block(s.then(), then) || !block(s.otherwise(), otherwise)) {
      return false;
    }
    then.retainAll(otherwise);
    defined.addAll(then);
    return true;
  }

  @Override
  public Boolean visitLoop(Stmt.Loop s) {
    Set<Var> head = new HashSet<>(defined);
    if (!block(s.head(), head)) {
      return false;
    }
    Set<Var> saved = defined;
    defined = head;
    read(s.cond());
    defined = saved;
    defined.addAll(head);
    return block(s.body(), new HashSet<>(head));
  }

  @Override
  public Boolean visitRepeat(Stmt.Repeat s) {
    read(s.count());
    Set<Var> body = new HashSet<>(defined);
    body.add(s.index());
    assigned(s.index(), null);
    return block(s.body(), body);
  }

  @Override
  public Boolean visitStore(Stmt.Store s) {
    read(s.array());
    read(s.index());
    read(s.value());
    return true;
  }

  @Override
  public Boolean visitPush(Stmt.Push s) {
    read(s.value());
    return true;
  }

  @Override
  public Boolean visitPullbackCall(Stmt.PullbackCall s) {
    s.args().forEach(this::read);
    read(s.seed());
    for (Var v : s.adjoints()) {
      if (v != null) {
        // Adds into the adjoint (a scalar's, or an array's elements): reads it first.
        read(new Expr.Ref(v));
        if (!v.kind().isReference()) {
          assign(v, null);
        }
      }
    }
    return true;
  }

  @Override
  public Boolean visitTangentCall(Stmt.TangentCall s) {
    s.args().forEach(this::read);
    s.tangents().stream().filter(t -> t != null).forEach(this::read);
    return true;
  }

  @Override
  public Boolean visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
    s.args().forEach(this::read);
    s.tangents().stream().filter(t -> t != null).forEach(this::read);
    read(s.seed());
    if (s.seedTangent() != null) {
      read(s.seedTangent());
    }
    for (Var v : s.adjoints()) {
      if (v != null) {
        read(new Expr.Ref(v));
      }
    }
    for (Var v : s.adjointTangents()) {
      if (v != null) {
        read(new Expr.Ref(v));
      }
    }
    return true;
  }
}
