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

/**
 * How tightly an expression's printed form binds: its operator's precedence (Java's levels, as
 * {@link BinaryOp#precedence()}), {@link #UNARY} for prefix operators and casts, {@link #ATOM} for
 * what never needs parentheses. The IR's two printers (Java in {@code emit}, text in {@link
 * IrPrinter}) differ only where their forms differ, by overriding those nodes.
 */
public class Precedence implements Expr.Visitor<Integer> {
  /** The precedence of prefix operators and casts. */
  public static final int UNARY = 14;

  /** The precedence of what never needs parentheses: variables, literals, calls, loads. */
  public static final int ATOM = 16;

  /** The precedences of Java's printed forms; a printer overrides the nodes it prints otherwise. */
  public Precedence() {}

  @Override
  public Integer visitConst(Expr.Const e) {
    return e.value() instanceof Number n && n.doubleValue() < 0 ? UNARY : ATOM;
  }

  @Override
  public Integer visitRef(Expr.Ref e) {
    return ATOM;
  }

  @Override
  public Integer visitField(Expr.Field e) {
    return ATOM;
  }

  @Override
  public Integer visitUnary(Expr.Unary e) {
    return UNARY;
  }

  @Override
  public Integer visitBinary(Expr.Binary e) {
    return e.op().precedence();
  }

  @Override
  public Integer visitCast(Expr.Cast e) {
    return UNARY;
  }

  @Override
  public Integer visitCall(Expr.Call e) {
    return ATOM;
  }

  @Override
  public Integer visitPop(Expr.Pop e) {
    return ATOM;
  }

  @Override
  public Integer visitLoad(Expr.Load e) {
    return ATOM;
  }

  @Override
  public Integer visitLength(Expr.Length e) {
    return ATOM;
  }

  @Override
  public Integer visitArrayLiteral(Expr.ArrayLiteral e) {
    return ATOM;
  }

  @Override
  public Integer visitNewArray(Expr.NewArray e) {
    return ATOM;
  }
}
