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

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import java.util.List;
import java.util.function.Consumer;

/** Walks the statements of a block, nested ones included. */
public final class Statements {
  private Statements() {}

  /**
   * Every assignment, nested ones included, in order.
   *
   * @param block the statements walked
   * @param action called with each assignment
   */
  public static void forEachAssign(Block block, Consumer<Stmt.Assign> action) {
    forEach(
        block,
        s -> {
          if (s instanceof Stmt.Assign a) {
            action.accept(a);
          }
        });
  }

  /**
   * Every statement, each before the statements nested in it.
   *
   * @param block the statements walked
   * @param action called with each statement
   */
  public static void forEach(Block block, Consumer<Stmt> action) {
    for (Stmt s : block) {
      action.accept(s);
      for (Block nested : Stmts.blocks(s)) {
        forEach(nested, action);
      }
    }
  }

  /**
   * The expressions a primal statement evaluates, not those of the statements nested in it: an
   * assignment's value; a store's array, index and value; a branch's or a loop's condition.
   *
   * @param s a primal statement
   * @return its own expressions
   */
  public static List<Expr> expressions(Stmt s) {
    return s.accept(EXPRESSIONS);
  }

  private static final PrimalVisitor<List<Expr>> EXPRESSIONS =
      new PrimalVisitor<>() {
        @Override
        public List<Expr> visitAssign(Stmt.Assign a) {
          return List.of(a.value());
        }

        @Override
        public List<Expr> visitStore(Stmt.Store st) {
          return List.of(st.array(), st.index(), st.value());
        }

        @Override
        public List<Expr> visitIf(Stmt.If i) {
          return List.of(i.cond());
        }

        @Override
        public List<Expr> visitLoop(Stmt.Loop l) {
          return List.of(l.cond());
        }
      };
}
