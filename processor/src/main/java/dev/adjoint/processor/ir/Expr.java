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
package dev.adjoint.processor.ir;

import java.util.List;

/**
 * An expression of the IR. The lowering produces three-address code (at most one differentiable
 * operation per assignment, over variables and passive sub-expressions); transforms may build
 * nested expressions for the code they add.
 */
public sealed interface Expr {
  /**
   * The kind of the expression's value.
   *
   * @return its kind
   */
  Kind kind();

  /**
   * Calls the method of {@code visitor} for this expression's node type.
   *
   * @param <R> what the visitor returns
   * @param visitor the visitor
   * @return what the visitor's method returned
   */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per node type, so that adding a node is a compile error in every pass that walks
   * expressions. A pass that handles only some nodes says what the others mean in a named method.
   *
   * @param <R> what the visitor returns for a node
   */
  interface Visitor<R> {
    /**
     * Visits a literal.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitConst(Const e);

    /**
     * Visits a variable's value.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitRef(Ref e);

    /**
     * Visits a static field read.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitField(Field e);

    /**
     * Visits a unary operation.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitUnary(Unary e);

    /**
     * Visits a binary operation.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitBinary(Binary e);

    /**
     * Visits a cast.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitCast(Cast e);

    /**
     * Visits a call.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitCall(Call e);

    /**
     * Visits a value taken off the tape.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitPop(Pop e);

    /**
     * Visits an array element read.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitLoad(Load e);

    /**
     * Visits an array's length.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitLength(Length e);

    /**
     * Visits an {@code int[]} literal.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitArrayLiteral(ArrayLiteral e);

    /**
     * Visits an array allocation.
     *
     * @param e the expression
     * @return the visitor's result
     */
    R visitNewArray(NewArray e);
  }

  /**
   * A literal. {@code value} is a Double, Long, Integer or Boolean matching {@code kind}.
   *
   * @param kind the literal's kind
   * @param value its value, boxed
   */
  record Const(Kind kind, Object value) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitConst(this);
    }

    /**
     * A {@code double} literal.
     *
     * @param value its value
     * @return the literal
     */
    public static Const ofDouble(double value) {
      return new Const(Kind.DOUBLE, value);
    }

    /**
     * An {@code int} literal.
     *
     * @param value its value
     * @return the literal
     */
    public static Const ofInt(int value) {
      return new Const(Kind.INT, value);
    }

    /**
     * A {@code boolean} literal.
     *
     * @param value its value
     * @return the literal
     */
    public static Const ofBoolean(boolean value) {
      return new Const(Kind.BOOLEAN, value);
    }

    /**
     * Whether the literal is the number one (of any numeric kind).
     *
     * @return true for 1, 1L or 1.0
     */
    public boolean isOne() {
      return value instanceof Number n && n.doubleValue() == 1.0;
    }
  }

  /**
   * The current value of a variable.
   *
   * @param var the variable read
   */
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

  /**
   * A static field read, such as {@code Math.PI} or a user's {@code static final} constant.
   *
   * @param kind the field's kind
   * @param owner the class that declares it
   * @param name the field's name
   */
  record Field(Kind kind, TypeRef owner, String name) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitField(this);
    }
  }

  /**
   * {@code op operand}.
   *
   * @param op the operator
   * @param operand its operand
   * @param kind the kind of the result
   */
  record Unary(UnaryOp op, Expr operand, Kind kind) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitUnary(this);
    }
  }

  /**
   * {@code left op right}.
   *
   * @param op the operator
   * @param left the left operand
   * @param right the right operand
   * @param kind the kind of the result
   */
  record Binary(BinaryOp op, Expr left, Expr right, Kind kind) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBinary(this);
    }
  }

  /**
   * {@code (kind) operand}, between {@code double}, {@code int} and {@code long}.
   *
   * @param kind the target kind
   * @param operand the value converted
   */
  record Cast(Kind kind, Expr operand) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitCast(this);
    }
  }

  /**
   * A call of a static method (or a method of a tensor, its receiver first among the arguments).
   *
   * @param callee the method called
   * @param args the arguments, receiver first for an instance method
   */
  record Call(Callee callee, List<Expr> args) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitCall(this);
    }

    /**
     * Copies the arguments, so that the record is immutable.
     *
     * @param callee the method called
     * @param args the arguments, receiver first for an instance method
     */
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public Kind kind() {
      return callee.returnKind();
    }
  }

  /**
   * Takes the most recently saved value of this kind off the tape.
   *
   * @param kind the kind of the value popped, which selects the tape's stack
   */
  record Pop(Kind kind) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPop(this);
    }
  }

  /**
   * {@code array[index]}; {@code array} is a variable or another load (a row of a matrix).
   *
   * @param array the array read
   * @param index the element's index, an {@code int}
   */
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

  /**
   * {@code array.length}.
   *
   * @param array the array
   */
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

  /**
   * {@code new int[] {e0, e1, ...}}: the arguments of a call's trailing {@code int...}.
   *
   * @param kind the kind of the array
   * @param elements the elements, in order
   */
  record ArrayLiteral(Kind kind, List<Expr> elements) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitArrayLiteral(this);
    }

    /**
     * Copies the elements, so that the record is immutable.
     *
     * @param kind the kind of the array
     * @param elements the elements, in order
     */
    public ArrayLiteral {
      elements = List.copyOf(elements);
    }
  }

  /**
   * {@code new double[d0]} or {@code new double[d0][d1]}: zero-filled.
   *
   * @param kind the kind of the array
   * @param dimensions the length of each dimension given, outermost first
   */
  record NewArray(Kind kind, List<Expr> dimensions) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNewArray(this);
    }

    /**
     * Copies the dimensions, so that the record is immutable.
     *
     * @param kind the kind of the array
     * @param dimensions the length of each dimension given, outermost first
     */
    public NewArray {
      dimensions = List.copyOf(dimensions);
    }
  }
}
