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

import dev.adjoint.processor.ir.Stmt;

/**
 * A visitor of the statements the lowering produces (assignments, stores, branches and loops), for
 * the passes that see only those: the others are made by the transforms, so meeting one is a bug,
 * reported rather than skipped. A statement node added to the IR must be placed here, either as
 * primal (then every subclass must handle it) or as made by a transform.
 */
abstract class PrimalVisitor<R> implements Stmt.Visitor<R> {
  @Override
  public final R visitRepeat(Stmt.Repeat s) {
    throw notPrimal(s);
  }

  @Override
  public final R visitPush(Stmt.Push s) {
    throw notPrimal(s);
  }

  @Override
  public final R visitPullbackCall(Stmt.PullbackCall s) {
    throw notPrimal(s);
  }

  @Override
  public final R visitTangentCall(Stmt.TangentCall s) {
    throw notPrimal(s);
  }

  @Override
  public final R visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
    throw notPrimal(s);
  }

  private static IllegalStateException notPrimal(Stmt s) {
    return new IllegalStateException("not a primal statement: " + s);
  }
}
