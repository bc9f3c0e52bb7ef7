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

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DefiniteAssignment}'s exposed reads, on blocks built by hand: what a split reverse sweep
 * must find on the tape. Each case has a variable that is exposed and one that is not.
 */
class DefiniteAssignmentTest {
  private final Var i = new Var("i", Kind.INT, Var.Role.LOCAL);
  private final Var n = new Var("n", Kind.INT, Var.Role.PARAMETER);
  private final Var p = new Var("p", Kind.DOUBLE, Var.Role.LOCAL);
  private final Var q = new Var("q", Kind.DOUBLE, Var.Role.LOCAL);
  private final Var a = new Var("a", Kind.DOUBLE_ARRAY, Var.Role.PARAMETER);

  private static Expr ref(Var v) {
    return new Expr.Ref(v);
  }

  private static Stmt assign(Var v, Expr value) {
    return new Stmt.Assign(v, value, null);
  }

  private static Expr plus(Expr l, Expr r) {
    return new Expr.Binary(BinaryOp.ADD, l, r, l.kind());
  }

  private static Expr gt(Var v, int bound) {
    return new Expr.Binary(BinaryOp.GT, ref(v), Exprs.constant(Kind.INT, bound), Kind.BOOLEAN);
  }

  private static Block block(Stmt... statements) {
    Block b = new Block();
    for (Stmt s : statements) {
      b.add(s);
    }
    return b;
  }

  @Test
  void aReversedLoopsIndexIsAssignedBeforeItIsRead() {
    // i = n; while (i > 0) { i = i + -1; p = p + a[i]; }: p and a and n are read first, i is not.
    Block reverse =
        block(
            assign(i, ref(n)),
            new Stmt.Loop(
                new Block(),
                gt(i, 0),
                block(
                    assign(i, plus(ref(i), Exprs.constant(Kind.INT, -1))),
                    assign(p, plus(ref(p), new Expr.Load(ref(a), ref(i)))))));
    assertEquals(Set.of(n, p, a), DefiniteAssignment.exposed(reverse));
  }

  @Test
  void aValueRestoredInsideTheLoopBeforeItsReadIsNotExposedButOneReadFirstIs() {
    // while (i > 0) { q = pop; p = p + q; } reads p before any assignment, q only after.
    Block reverse =
        block(
            assign(i, ref(n)),
            new Stmt.Loop(
                new Block(),
                gt(i, 0),
                block(assign(q, new Expr.Pop(Kind.DOUBLE)), assign(p, plus(ref(p), ref(q))))));
    assertEquals(Set.of(n, p), DefiniteAssignment.exposed(reverse));
  }

  @Test
  void aVariableAssignedInOneArmOnlyIsExposedAfterTheBranch() {
    // if (i > 0) { p = 1; q = 1; } else { q = 2; } p = p + q: p may be unassigned, q is not.
    Block reverse =
        block(
            new Stmt.If(
                gt(i, 0),
                block(
                    assign(p, Exprs.constant(Kind.DOUBLE, 1.0)),
                    assign(q, Exprs.constant(Kind.DOUBLE, 1.0))),
                block(assign(q, Exprs.constant(Kind.DOUBLE, 2.0)))),
            assign(p, plus(ref(p), ref(q))));
    assertEquals(Set.of(i, p), DefiniteAssignment.exposed(reverse));
  }

  @Test
  void whatALoopBodyAssignsMayNotHaveRunAfterTheLoop() {
    // while (i > 0) { q = 1; } p = q: the body may run zero times, so q is exposed.
    Block reverse =
        block(
            new Stmt.Loop(
                new Block(), gt(i, 0), block(assign(q, Exprs.constant(Kind.DOUBLE, 1.0)))),
            assign(p, ref(q)));
    assertEquals(Set.of(i, q), DefiniteAssignment.exposed(reverse));
  }

  @Test
  void aRepeatDefinesItsIndexInItsBodyOnly() {
    // repeat (i < n) { p = a[i]; } q = i: i is the loop's own inside it, not after it.
    Block reverse =
        block(
            new Stmt.Repeat(i, ref(n), block(assign(p, new Expr.Load(ref(a), ref(i))))),
            assign(q, ref(i)));
    assertEquals(Set.of(n, a, i), DefiniteAssignment.exposed(reverse));
  }
}
