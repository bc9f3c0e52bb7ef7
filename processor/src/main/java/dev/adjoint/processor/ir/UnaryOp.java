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

/** The unary operators of the subset, with Java's symbols. */
public enum UnaryOp {
  /** Negation of a number. */
  NEG("-"),
  /** Logical not. */
  NOT("!"),
  /** Bitwise complement of an integer. */
  COMPLEMENT("~");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  /**
   * The operator as Java writes it.
   *
   * @return the symbol
   */
  public String symbol() {
    return symbol;
  }
}
