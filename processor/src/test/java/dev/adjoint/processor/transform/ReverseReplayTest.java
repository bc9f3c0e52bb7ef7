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

/**
 * {@link ReverseReplay} on hand-built pullbacks of {@code double[] f(double[] x)} (value {@code e},
 * adjoint {@code eBar}; {@code x}'s buffer {@code xBar}; an int {@code k} that the forward sweep
 * also assigns): each rule accepts the sweep that keeps it and refuses the one that breaks it.
 */
class ReverseReplayTest {
  private final Var x = new Var("x", Kind.DOUBLE_ARRAY, Var.Role.PARAMETER);
  private final Var xBar = new Var("xBar", Kind.DOUBLE_ARRAY, Var.Role.PARAMETER);
  private final Var seed = new Var("seed", Kind.DOUBLE_ARRAY, Var.Role.PARAMETER);
  private final Var e = new Var("e", Kind.DOUBLE_ARRAY, Var.Role.LOCAL);
  private final Var eBar = new Var("eBar", Kind.DOUBLE_ARRAY, Var.Role.TEMP);
  private final Var k = new Var("k", Kind.INT, Var.Role.LOCAL);
  private final Var t = new Var("tBar", Kind.DOUBLE, Var.Role.TEMP);
  private final Var flag = new Var("flag", Kind.BOOLEAN, Var.Role.FLAG);

  private static Expr ref(Var v) {
    return new Expr.Ref(v);
  }

  private static Expr i(int value) {
    return Exprs.constant(Kind.INT, value);
  }

  private static Stmt assign(Var v, Expr value) {
    return new Stmt.Assign(v, value, null);
  }

  /** {@code e = new double[2]; eBar = new double[2]; k = 0; flag = x[0] > 0}. */
  private Block forward() {
    Expr two = i(2);
    return new Block()
        .add(assign(e, new Expr.NewArray(Kind.DOUBLE_ARRAY, List.of(two))))
        .add(assign(eBar, new Expr.NewArray(Kind.DOUBLE_ARRAY, List.of(two))))
        .add(assign(k, i(0)))
        .add(
            assign(
                flag,
                new Expr.Binary(
                    BinaryOp.GT, new Expr.Load(ref(x), i(0)), Exprs.doubleConst(0), Kind.BOOLEAN)));
  }

  /** {@code eBar = Adjoint.addInto(eBar, seed)}. */
  private Stmt seedIn() {
    Callee addInto =
        Callee.of(
            TypeRef.of("dev.adjoint", "Adjoint"),
            "addInto",
            Kind.DOUBLE_ARRAY,
            Callee.Role.LIBRARY,
            Kind.DOUBLE_ARRAY,
            Kind.DOUBLE_ARRAY);
    return assign(eBar, new Expr.Call(addInto, List.of(ref(eBar), ref(seed))));
  }

  /** {@code tBar = eBar[k]; xBar[k] = xBar[k] + tBar}: reads {@code k}. */
  private Block useK() {
    return new Block()
        .add(assign(t, new Expr.Load(ref(eBar), ref(k))))
        .add(
            new Stmt.Store(
                ref(xBar), ref(k), Exprs.add(new Expr.Load(ref(xBar), ref(k)), ref(t)), null));
  }

  private Optional<ReverseReplay.Replay> replay(Block reverse, boolean usesTape) {
    Function f = new Function("f", List.of(x), List.of(x), new Block(), e);
    ReverseMode.Pullback p =
        new ReverseMode.Pullback(
            f, forward(), reverse, Map.of(x, xBar, e, eBar), seed, usesTape, List.of(), List.of());
    return ReverseReplay.of(p);
  }

  @Test
  void aSweepThatAssignsBeforeReadingReplaysAndClearsTheLocalShadow() {
    Block reverse = new Block().add(seedIn()).add(assign(k, i(1))).addAll(useK());
    Optional<ReverseReplay.Replay> r = replay(reverse, false);
    assertTrue(r.isPresent());
    assertEquals(List.of(eBar), r.get().shadowArrays());
    // xBar is only loaded from and stored into: its adjoints may go into a row in place.
    assertEquals(java.util.Set.of(xBar), r.get().elementsOnly());
  }

  @Test
  void aBufferACallAddsIntoIsNotOnlyElements() {
    Callee helper =
        Callee.of(
            TypeRef.of("demo", "Helper"),
            "helper",
            Kind.DOUBLE,
            Callee.Role.DIFFERENTIABLE,
            Kind.DOUBLE_ARRAY);
    Block reverse =
        new Block()
            .add(seedIn())
            .add(new Stmt.PullbackCall(helper, List.of(ref(x)), ref(t), List.of(xBar), false));
    Optional<ReverseReplay.Replay> r = replay(reverse, false);
    assertTrue(r.isPresent());
    assertTrue(r.get().elementsOnly().isEmpty());
  }

  @Test
  void theTapeIsConsumed() {
    Block reverse = new Block().add(seedIn()).add(assign(k, i(1))).addAll(useK());
    assertTrue(replay(reverse, true).isEmpty());
  }

  @Test
  void aForwardVariableReadThenAssignedCarriesStateFromRowToRow() {
    Block reverse =
        new Block()
            .add(seedIn())
            .addAll(useK())
            .add(assign(k, new Expr.Binary(BinaryOp.ADD, ref(k), i(1), Kind.INT)));
    assertTrue(replay(reverse, false).isEmpty());
  }

  @Test
  void aBranchAssignsDefinitelyOnlyWhatBothArmsAssign() {
    Block oneArm =
        new Block()
            .add(new Stmt.If(ref(flag), new Block().add(assign(k, i(1))), new Block()))
            .addAll(useK());
    assertTrue(replay(oneArm, false).isEmpty());
    Block bothArms =
        new Block()
            .add(
                new Stmt.If(
                    ref(flag), new Block().add(assign(k, i(1))), new Block().add(assign(k, i(0)))))
            .addAll(useK());
    assertTrue(replay(bothArms, false).isPresent());
  }

  @Test
  void aLoopBodyMayNotRunSoItsAssignmentsAreNotDefinite() {
    Expr below = new Expr.Binary(BinaryOp.LT, ref(k), i(2), Kind.BOOLEAN);
    Stmt step = assign(k, new Expr.Binary(BinaryOp.ADD, ref(k), i(1), Kind.INT));
    // k counts up from where the forward sweep left it: the second row starts at 2.
    Block fromForward =
        new Block().add(new Stmt.Loop(new Block(), below, useK().add(step))).addAll(useK());
    assertTrue(replay(fromForward, false).isEmpty());
    // Reset first, as a reversed counted loop does: each row starts at 0.
    Block reset =
        new Block().add(assign(k, i(0))).add(new Stmt.Loop(new Block(), below, useK().add(step)));
    assertTrue(replay(reset, false).isPresent());
  }

  @Test
  void storesGoOnlyIntoShadows() {
    Block intoPrimal = new Block().add(new Stmt.Store(ref(e), i(0), Exprs.doubleConst(1), null));
    assertTrue(replay(intoPrimal, false).isEmpty());
    Var rowBar = new Var("rowBar", Kind.DOUBLE_ARRAY, Var.Role.TEMP);
    Block intoAlias =
        new Block()
            .add(assign(rowBar, ref(eBar)))
            .add(new Stmt.Store(ref(rowBar), i(0), Exprs.doubleConst(0), null));
    assertTrue(replay(intoAlias, false).isPresent());
  }
}
