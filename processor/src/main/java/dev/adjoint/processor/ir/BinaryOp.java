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

/** Binary operators, with Java's symbols and precedence (higher binds tighter). */
public enum BinaryOp {
  /** Multiplication. */
  MUL("*", 12),
  /** Division. */
  DIV("/", 12),
  /** Remainder (of integers, in the subset). */
  REM("%", 12),
  /** Addition. */
  ADD("+", 11),
  /** Subtraction. */
  SUB("-", 11),
  /** Left shift of an integer. */
  SHL("<<", 10),
  /** Arithmetic right shift of an integer. */
  SHR(">>", 10),
  /** Logical right shift of an integer. */
  USHR(">>>", 10),
  /** Less than. */
  LT("<", 9),
  /** Less than or equal. */
  LE("<=", 9),
  /** Greater than. */
  GT(">", 9),
  /** Greater than or equal. */
  GE(">=", 9),
  /** Equality of primitives. */
  EQ("==", 8),
  /** Inequality of primitives. */
  NE("!=", 8),
  /** Bitwise and of integers, or non-short-circuit and of booleans. */
  BIT_AND("&", 7),
  /** Bitwise exclusive or. */
  BIT_XOR("^", 6),
  /** Bitwise or of integers, or non-short-circuit or of booleans. */
  BIT_OR("|", 5),
  /** Conditional and. */
  AND("&&", 4),
  /** Conditional or. */
  OR("||", 3);

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  /**
   * The operator as Java writes it.
   *
   * @return the symbol, such as {@code "+"}
   */
  public String symbol() {
    return symbol;
  }

  /**
   * How tightly the operator binds, as Java's levels (higher binds tighter).
   *
   * @return the level, from 3 ({@code ||}) to 12 ({@code * / %})
   */
  public int precedence() {
    return precedence;
  }

  /**
   * Whether the operator compares numbers into a boolean.
   *
   * @return true for {@code < <= > >= == !=}
   */
  public boolean isComparison() {
    return precedence == 9 || precedence == 8;
  }

  /**
   * Operators whose result is a double when their operands are: the differentiable ones.
   *
   * @return true for {@code + - * / %}
   */
  public boolean isArithmetic() {
    return this == ADD || this == SUB || this == MUL || this == DIV || this == REM;
  }
}
