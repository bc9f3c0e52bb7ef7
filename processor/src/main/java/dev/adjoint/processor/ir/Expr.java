package dev.adjoint.processor.ir;

import java.util.List;

/**
 * An expression of the IR. The lowering produces three-address code (at most one differentiable
 * operation per assignment, over variables and passive sub-expressions); transforms may build
 * nested expressions for the code they add.
 */
public sealed interface Expr {
  Kind kind();

  /** Calls the method of {@code visitor} for this expression's node type. */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per node type, so that adding a node is a compile error in every pass that walks
   * expressions. A pass that handles only some nodes says what the others mean in a named method.
   */
  interface Visitor<R> {
    R visitConst(Const e);

    R visitRef(Ref e);

    R visitField(Field e);

    R visitUnary(Unary e);

    R visitBinary(Binary e);

    R visitCast(Cast e);

    R visitCall(Call e);

    R visitPop(Pop e);

    R visitLoad(Load e);

    R visitLength(Length e);

    R visitArrayLiteral(ArrayLiteral e);

    R visitNewArray(NewArray e);
  }

  /** A literal. {@code value} is a Double, Long, Integer or Boolean matching {@code kind}. */
  record Const(Kind kind, Object value) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitConst(this);
    }

    public static Const ofDouble(double value) {
      return new Const(Kind.DOUBLE, value);
    }

    public static Const ofInt(int value) {
      return new Const(Kind.INT, value);
    }

    public static Const ofBoolean(boolean value) {
      return new Const(Kind.BOOLEAN, value);
    }

    public boolean isOne() {
      return value instanceof Number n && n.doubleValue() == 1.0;
    }
  }

  /** The current value of a variable. */
  record Ref(Var var) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitRef(this);
    }

    @Override
    public Kind kind() {
      return var.kind();
    }
  }

  /** A static field read, such as {@code Math.PI} or a user's {@code static final} constant. */
  record Field(Kind kind, TypeRef owner, String name) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitField(this);
    }
  }

  record Unary(UnaryOp op, Expr operand, Kind kind) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitUnary(this);
    }
  }

  record Binary(BinaryOp op, Expr left, Expr right, Kind kind) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBinary(this);
    }
  }

  record Cast(Kind kind, Expr operand) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitCast(this);
    }
  }

  record Call(Callee callee, List<Expr> args) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitCall(this);
    }

    public Call {
      args = List.copyOf(args);
    }

    @Override
    public Kind kind() {
      return callee.returnKind();
    }
  }

  /** Takes the most recently saved value of this kind off the tape. */
  record Pop(Kind kind) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPop(this);
    }
  }

  /** {@code array[index]}; {@code array} is a variable or another load (a row of a matrix). */
  record Load(Expr array, Expr index) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLoad(this);
    }

    @Override
    public Kind kind() {
      return array.kind().element();
    }
  }

  /** {@code array.length}. */
  record Length(Expr array) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLength(this);
    }

    @Override
    public Kind kind() {
      return Kind.INT;
    }
  }

  /** {@code new int[] {e0, e1, ...}}: the arguments of a call's trailing {@code int...}. */
  record ArrayLiteral(Kind kind, List<Expr> elements) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitArrayLiteral(this);
    }

    public ArrayLiteral {
      elements = List.copyOf(elements);
    }
  }

  /** {@code new double[d0]} or {@code new double[d0][d1]}: zero-filled. */
  record NewArray(Kind kind, List<Expr> dimensions) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNewArray(this);
    }

    public NewArray {
      dimensions = List.copyOf(dimensions);
    }
  }
}
