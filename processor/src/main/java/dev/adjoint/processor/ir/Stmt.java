package dev.adjoint.processor.ir;

import java.util.List;

/** A statement of the IR: structured control flow over assignments. */
public sealed interface Stmt {

  /** Calls the method of {@code visitor} for this statement's node type. */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per node type, so that adding a node is a compile error in every pass that walks
   * statements. A pass that handles only some nodes says what the others mean in a named method.
   */
  interface Visitor<R> {
    R visitAssign(Assign s);

    R visitIf(If s);

    R visitLoop(Loop s);

    R visitRepeat(Repeat s);

    R visitStore(Store s);

    R visitPush(Push s);

    R visitPullbackCall(PullbackCall s);

    R visitTangentCall(TangentCall s);

    R visitPullbackJvpCall(PullbackJvpCall s);
  }

  /** {@code target = value}. The lowering never makes {@code target} an operand of {@code value}. */
  record Assign(Var target, Expr value, Origin origin) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitAssign(this);
    }
  }

  record If(Expr cond, Block then, Block otherwise) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitIf(this);
    }
  }

  /**
   * {@code loop { head; if (!cond) exit; body }}. A {@code while} or {@code for} loop computes its
   * condition in {@code head}; a {@code do}-{@code while} loop runs its whole body there.
   */
  record Loop(Block head, Expr cond, Block body) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLoop(this);
    }
  }

  /** {@code for (index = 0; index < count; index++) body}: the reverse sweep's loops. */
  record Repeat(Var index, Expr count, Block body) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitRepeat(this);
    }
  }

  /** {@code array[index] = value}; {@code array} is a variable or a load of a row. */
  record Store(Expr array, Expr index, Expr value, Origin origin) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitStore(this);
    }
  }

  /** Saves a value on the tape. */
  record Push(Expr value) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPush(this);
    }
  }

  /**
   * Adds {@code seed * d callee / d arg_k} into {@code adjoints.get(k)} for each differentiated
   * parameter k of a {@code @Differentiable} callee; a null entry means that argument is inactive.
   *
   * <p>In joint mode ({@code split} false) the callee's pullback runs its own forward sweep again
   * from {@code args}. In split mode the forward sweep ran the callee's {@code fForward}, which
   * left on the tape what its reverse sweep needs (and took the shadows of array arguments), and
   * this runs only the callee's {@code fReverse}: {@code args} are then not evaluated, and are kept
   * for the analyses, since the callee's reverse sweep still reads the contents of its array
   * arguments.
   */
  record PullbackCall(
      Callee callee, List<Expr> args, Expr seed, List<Var> adjoints, boolean split)
      implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPullbackCall(this);
    }
  }

  /**
   * Forward mode through a {@code @Differentiable} callee: {@code target} gets its value and
   * {@code targetTangent} its directional derivative along {@code tangents}, one per differentiated
   * parameter (null for a zero tangent).
   */
  record TangentCall(
      Callee callee, List<Expr> args, List<Expr> tangents, Var target, Var targetTangent)
      implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitTangentCall(this);
    }
  }

  /**
   * The tangent of a {@link PullbackCall} (forward over reverse): adds the callee's pullback into
   * {@code adjoints} and its directional derivative along {@code tangents} and {@code seedTangent}
   * into {@code adjointTangents}. Null entries mean inactive.
   */
  record PullbackJvpCall(
      Callee callee,
      List<Expr> args,
      List<Expr> tangents,
      Expr seed,
      Expr seedTangent,
      List<Var> adjoints,
      List<Var> adjointTangents)
      implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPullbackJvpCall(this);
    }
  }
}
