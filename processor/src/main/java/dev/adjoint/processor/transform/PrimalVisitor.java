package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Stmt;

/**
 * A visitor of the statements the lowering produces (assignments, stores, branches and loops),
 * for the passes that see only those: the others are made by the transforms, so meeting one is a
 * bug, reported rather than skipped. A statement node added to the IR must be placed here, either
 * as primal (then every subclass must handle it) or as made by a transform.
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
