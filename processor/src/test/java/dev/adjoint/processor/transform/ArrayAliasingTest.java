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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The array object model on hand-built IR: which objects a variable may name after copies, swaps,
 * allocations in a loop and calls, and which stores overwrite contents a reader still needs.
 */
class ArrayAliasingTest {
  private static final Var X = new Var("x", Kind.DOUBLE_ARRAY, Var.Role.PARAMETER);
  private static final Var RESULT = new Var("result", Kind.DOUBLE, Var.Role.RESULT);

  private static Var local(String name) {
    return new Var(name, Kind.DOUBLE_ARRAY, Var.Role.LOCAL);
  }

  private static Stmt.Assign assign(Var target, Expr value) {
    return new Stmt.Assign(target, value, null);
  }

  private static Expr ref(Var v) {
    return new Expr.Ref(v);
  }

  private static Expr newArray() {
    return new Expr.NewArray(Kind.DOUBLE_ARRAY, List.of(new Expr.Length(ref(X))));
  }

  private static Expr.Call call(String name, Expr... args) {
    Kind[] kinds = new Kind[args.length];
    for (int i = 0; i < args.length; i++) {
      kinds[i] = args[i].kind();
    }
    return new Expr.Call(
        Callee.of(
            TypeRef.of("p", "Model"), name, Kind.DOUBLE_ARRAY, Callee.Role.DIFFERENTIABLE, kinds),
        List.of(args));
  }

  private static ArrayAliasing model(Stmt... stmts) {
    Block body = new Block();
    for (Stmt s : stmts) {
      body.add(s);
    }
    return ArrayAliasing.of(new Function("f", List.of(X), List.of(X), body, RESULT));
  }

  @Test
  void anArrayAllocatedAgainIsFreshUntilRead() {
    Var h = local("h");
    Stmt.Assign alloc = assign(h, newArray());
    ArrayAliasing model = model(alloc);
    ArrayAliasing.PointsTo state = model.entry();
    state.assign(alloc);
    assertFalse(state.storeNeedsSaving(h), "nothing has read the new array");
    state.read(h);
    assertTrue(state.storeNeedsSaving(h), "the reverse sweep reads it");
    // The next iteration: the same site makes another array, and the one read is an older one.
    Var keep = local("keep");
    Stmt.Assign copy = assign(keep, ref(h));
    state.assign(copy);
    state.assign(alloc);
    assertFalse(state.storeNeedsSaving(h), "the newest array is not the one read");
    assertTrue(state.storeNeedsSaving(keep), "the older array, still named by keep, is");
    assertEquals(1, state.of(h).size());
  }

  @Test
  void swappedBuffersNameBothArraysAfterALoopJoin() {
    Var prev = local("prev");
    Var next = local("next");
    Var tmp = local("tmp");
    Stmt.Assign a1 = assign(prev, newArray());
    Stmt.Assign a2 = assign(next, newArray());
    Stmt.Assign s1 = assign(tmp, ref(prev));
    Stmt.Assign s2 = assign(prev, ref(next));
    Stmt.Assign s3 = assign(next, ref(tmp));
    ArrayAliasing model = model(a1, a2, s1, s2, s3);
    ArrayAliasing.PointsTo entry = model.entry();
    entry.assign(a1);
    entry.assign(a2);
    // One iteration: next is read (passed to a callee), then the buffers swap.
    ArrayAliasing.PointsTo iteration = entry.copy();
    iteration.read(next);
    iteration.assign(s1);
    iteration.assign(s2);
    iteration.assign(s3);
    assertFalse(iteration.storeNeedsSaving(next), "next now names the other buffer");
    assertTrue(iteration.storeNeedsSaving(prev), "prev names the buffer read");
    // At the loop head, both iterations' states are possible.
    ArrayAliasing.PointsTo head = entry.copy();
    head.join(iteration);
    assertEquals(2, head.of(next).size());
    assertTrue(head.storeNeedsSaving(next), "writing next may overwrite what was read");
  }

  @Test
  void aCallsResultMayBeAnyArrayArgument() {
    Var a = local("a");
    Var b = local("b");
    Var c = local("c");
    Stmt.Assign makeA = assign(a, newArray());
    Stmt.Assign callB = assign(b, call("maybeId", ref(a)));
    Stmt.Assign callC = assign(c, call("fromParameter", ref(X)));
    Stmt.Store write = new Stmt.Store(ref(b), Expr.Const.ofInt(0), Expr.Const.ofDouble(1), null);
    ArrayAliasing model = model(makeA, callB, callC, write);
    ArrayAliasing.PointsTo state = model.entry();
    state.assign(makeA);
    state.read(a);
    state.assign(callB);
    assertTrue(state.storeNeedsSaving(b), "b may be a, whose contents are read");
    state.assign(callC);
    assertFalse(state.storeNeedsSaving(c), "c is fresh or x, and neither has been read");
    assertTrue(model.argumentMayBeWritten(callB, a), "through b");
    assertFalse(model.argumentMayBeWritten(callC, X), "nothing writes through c");
    assertEquals(List.of(), model.writtenExternalArrays(callC, X));
    // Writing through c may write into the parameter x, if fromParameter returns it.
    Stmt.Store writeC = new Stmt.Store(ref(c), Expr.Const.ofInt(0), Expr.Const.ofDouble(1), null);
    ArrayAliasing written = model(makeA, callB, callC, write, writeC);
    assertEquals(List.of(ref(X)), written.writtenExternalArrays(callC, X));
  }

  /**
   * A store is charged to the calls whose results it writes through (the last of them for the
   * run-time check): writing through one call's result does not make another call of the same
   * argument, never written through, suspect.
   */
  @Test
  void aStoreIsChargedToTheCallsItWritesThrough() {
    Var h = local("h");
    Var y = local("y");
    Var z = local("z");
    Stmt.Assign scale = assign(h, call("scale", ref(X)));
    Stmt.Store write = new Stmt.Store(ref(h), Expr.Const.ofInt(0), Expr.Const.ofDouble(1), null);
    Stmt.Assign maybeId = assign(y, call("maybeId", ref(X)));
    Stmt.Assign passOn = assign(z, call("passOn", ref(y)));
    Stmt.Store writeZ = new Stmt.Store(ref(z), Expr.Const.ofInt(0), Expr.Const.ofDouble(1), null);
    ArrayAliasing model = model(scale, write, maybeId);
    assertEquals(List.of(ref(X)), model.writtenExternalArrays(scale, X));
    assertEquals(List.of(), model.writtenExternalArrays(maybeId, X), "y is never written");
    // Through two calls: z may be y, which may be x. The write may reach what both calls were
    // given (activity links them), but only passOn's result is written: the check stands there,
    // comparing z with x itself.
    ArrayAliasing chained = model(maybeId, passOn, writeZ);
    assertTrue(chained.argumentMayBeWritten(maybeId, X));
    assertTrue(chained.argumentMayBeWritten(passOn, y));
    assertFalse(chained.argumentMayBeWrittenThroughResult(maybeId, X));
    assertTrue(chained.argumentMayBeWrittenThroughResult(passOn, y));
    assertEquals(List.of(), chained.writtenExternalArrays(maybeId, X));
    assertEquals(List.of(ref(X)), chained.writtenExternalArrays(passOn, y));
  }

  /** Only a store after the call, into what the result may be, makes the argument written. */
  @Test
  void aResultReplacedBeforeAnyWriteIsNotWrittenThrough() {
    Var v = local("v");
    Var next = local("next");
    Stmt.Assign project = assign(v, call("project", ref(X)));
    Stmt.Assign fresh = assign(next, newArray());
    Stmt.Store fill = new Stmt.Store(ref(next), Expr.Const.ofInt(0), Expr.Const.ofDouble(1), null);
    Stmt.Assign rebind = assign(v, ref(next));
    ArrayAliasing model = model(project, fresh, fill, rebind);
    assertFalse(
        model.argumentMayBeWritten(project, X), "but no store writes what project returned");
    assertEquals(List.of(), model.writtenExternalArrays(project, X));
  }

  @Test
  void detachCopies() {
    Var d = local("d");
    Callee detach =
        new Callee(
            TypeRef.of("dev.adjoint", "Adjoint"),
            "detach",
            List.of(Kind.DOUBLE_ARRAY),
            Kind.DOUBLE_ARRAY,
            Callee.Role.DETACH,
            List.of(),
            null);
    Stmt.Assign copy = assign(d, new Expr.Call(detach, List.of(ref(X))));
    ArrayAliasing model = model(copy);
    ArrayAliasing.PointsTo state = model.entry();
    state.read(X);
    state.assign(copy);
    assertFalse(state.storeNeedsSaving(d));
  }
}
