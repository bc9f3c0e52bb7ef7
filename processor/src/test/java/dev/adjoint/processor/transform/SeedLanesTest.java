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
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of {@link SeedLanes}, on sweeps built by hand: one accepted and one refused each. */
class SeedLanesTest {
  private final Var x = new Var("x", Kind.DOUBLE_ARRAY, Var.Role.PARAMETER);
  private final Var xBar = new Var("xBar", Kind.DOUBLE_ARRAY, Var.Role.PARAMETER);
  private final Var seed = new Var("seed", Kind.DOUBLE_ARRAY, Var.Role.PARAMETER);
  private final Var e = new Var("e", Kind.DOUBLE_ARRAY, Var.Role.LOCAL);
  private final Var eBar = new Var("eBar", Kind.DOUBLE_ARRAY, Var.Role.TEMP);
  private final Var k = new Var("k", Kind.INT, Var.Role.LOCAL);
  private final Var t = new Var("t", Kind.DOUBLE, Var.Role.LOCAL);
  private final Var tBar = new Var("tBar", Kind.DOUBLE, Var.Role.ADJOINT);

  private static Expr ref(Var v) {
    return new Expr.Ref(v);
  }

  private static Expr i(int value) {
    return Exprs.constant(Kind.INT, value);
  }

  private static Stmt assign(Var v, Expr value) {
    return new Stmt.Assign(v, value, null);
  }

  private static Expr newArray(Expr length) {
    return new Expr.NewArray(Kind.DOUBLE_ARRAY, List.of(length));
  }

  /** {@code e = new double[rows]; eBar = new double[rows]}. */
  private Block forward(Expr rows) {
    return new Block().add(assign(e, newArray(rows))).add(assign(eBar, newArray(rows)));
  }

  /** {@code eBar = Adjoint.addInto(eBar, seed); tBar = eBar[0]; xBar[0] = xBar[0] + tBar}. */
  private Block reverse() {
    Callee addInto =
        Callee.of(
            TypeRef.of("dev.adjoint", "Adjoint"),
            "addInto",
            Kind.DOUBLE_ARRAY,
            Callee.Role.LIBRARY,
            Kind.DOUBLE_ARRAY,
            Kind.DOUBLE_ARRAY);
    return new Block()
        .add(assign(eBar, new Expr.Call(addInto, List.of(ref(eBar), ref(seed)))))
        .add(assign(tBar, new Expr.Load(ref(eBar), i(0))))
        .add(addToX());
  }

  private Stmt addToX() {
    return new Stmt.Store(
        ref(xBar), i(0), Exprs.add(new Expr.Load(ref(xBar), i(0)), ref(tBar)), null);
  }

  private Optional<SeedLanes.Lanes> lanes(Block forward, Block reverse) {
    Function f = new Function("f", List.of(x), List.of(x), new Block(), e);
    return SeedLanes.of(
        new ReverseMode.Pullback(
            f,
            forward,
            reverse,
            Map.of(x, xBar, e, eBar, t, tBar),
            seed,
            true,
            List.of(),
            List.of()));
  }

  @Test
  void aConstantLengthGivesOneLanePerRowAndPrimalStatementsOnce() {
    Block reverse = reverse();
    reverse.stmts().add(1, assign(k, new Expr.Pop(Kind.INT)));
    SeedLanes.Lanes l = lanes(forward(i(2)), reverse).orElseThrow();
    assertEquals(2, l.count());
    assertNotSame(l.copy(0, eBar), l.copy(1, eBar));
    assertNotSame(l.copy(0, xBar), l.copy(1, xBar));
    assertEquals(k, l.copy(1, k));
    // e once, eBar twice, then each lane's seed: allocated and set.
    assertEquals(1 + 2 + 2 * 2, l.forward().stmts().size());
    // The pop once (the tape is read once), the three lane statements twice.
    assertEquals(1 + 3 * 2, l.reverse().stmts().size());
    assertEquals(
        1,
        l.reverse().stmts().stream()
            .filter(s -> s instanceof Stmt.Assign a && a.value() instanceof Expr.Pop)
            .count());
    assertEquals(java.util.Set.of(xBar), l.elementsOnly());
  }

  @Test
  void aLengthKnownOnlyAtRunTimeGivesNoLanes() {
    assertTrue(lanes(forward(new Expr.Length(ref(x))), reverse()).isEmpty());
  }

  @Test
  void twoLengthsGiveNoLanes() {
    Block forward = forward(i(2));
    forward.add(
        new Stmt.If(
            new Expr.Const(Kind.BOOLEAN, true),
            new Block().add(assign(e, newArray(i(3)))),
            new Block()));
    assertTrue(lanes(forward, reverse()).isEmpty());
  }

  @Test
  void moreRowsThanTheCapGiveNoLanes() {
    assertTrue(lanes(forward(i(SeedLanes.MAX_ROWS)), reverse()).isPresent());
    assertTrue(lanes(forward(i(SeedLanes.MAX_ROWS + 1)), reverse()).isEmpty());
  }

  private Expr nonZero(Var v) {
    return new Expr.Binary(BinaryOp.NE, ref(v), Exprs.doubleConst(0), Kind.BOOLEAN);
  }

  @Test
  void aZeroTestIsCopiedPerLane() {
    Block reverse = reverse();
    Stmt last = reverse.stmts().remove(2);
    reverse.add(new Stmt.If(nonZero(tBar), new Block().add(last), new Block()));
    SeedLanes.Lanes l = lanes(forward(i(2)), reverse).orElseThrow();
    assertEquals(2, l.reverse().stmts().stream().filter(s -> s instanceof Stmt.If).count());
  }

  @Test
  void aBranchOnALaneValueAroundAPrimalStatementRefuses() {
    Block reverse = reverse();
    reverse.add(new Stmt.If(nonZero(tBar), new Block().add(assign(k, i(1))), new Block()));
    assertTrue(lanes(forward(i(2)), reverse).isEmpty());
  }

  @Test
  void aLoopOnALaneValueRefuses() {
    Block reverse = reverse();
    reverse.add(new Stmt.Loop(new Block(), nonZero(tBar), new Block().add(addToX())));
    assertTrue(lanes(forward(i(2)), reverse).isEmpty());
  }

  @Test
  void aLaneValuePushedRefuses() {
    Block reverse = reverse();
    reverse.add(new Stmt.Push(ref(tBar)));
    assertTrue(lanes(forward(i(2)), reverse).isEmpty());
  }

  @Test
  void aCalleesSplitReverseSweepRefusesAndItsJointPullbackIsCopied() {
    Callee helper =
        Callee.of(
            TypeRef.of("demo", "Helper"),
            "helper",
            Kind.DOUBLE,
            Callee.Role.DIFFERENTIABLE,
            Kind.DOUBLE_ARRAY);
    Block joint = reverse();
    joint.add(new Stmt.PullbackCall(helper, List.of(ref(x)), ref(tBar), List.of(xBar), false));
    SeedLanes.Lanes l = lanes(forward(i(2)), joint).orElseThrow();
    assertEquals(
        2, l.reverse().stmts().stream().filter(s -> s instanceof Stmt.PullbackCall).count());
    Block split = reverse();
    split.add(new Stmt.PullbackCall(helper, null, ref(tBar), List.of(xBar), true));
    assertTrue(lanes(forward(i(2)), split).isEmpty());
  }

  @Test
  void aLaneArrayBoundToAPrimalArrayRefuses() {
    Block forward = forward(i(2));
    assertTrue(lanes(forward, reverse()).isPresent());
    forward.add(assign(eBar, ref(x)));
    assertTrue(lanes(forward, reverse()).isEmpty());
  }
}
