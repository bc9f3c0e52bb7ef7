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

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The printer's conventions, and the expression walks it shares with the passes. */
class IrPrinterTest {
  private final Var x = new Var("x", Kind.DOUBLE, Var.Role.PARAMETER);
  private final Var y = new Var("y", Kind.DOUBLE, Var.Role.LOCAL);
  private final Var otherY = new Var("y", Kind.DOUBLE, Var.Role.LOCAL);
  private final Var m = new Var("m", Kind.DOUBLE_MATRIX, Var.Role.LOCAL);
  private final Var i = new Var("i", Kind.INT, Var.Role.LOCAL);

  private static Expr ref(Var v) {
    return new Expr.Ref(v);
  }

  @Test
  void printsOneStatementPerLineWithNestedBlocksIndented() {
    Block then = new Block().add(new Stmt.Assign(y, Exprs.mul(ref(x), ref(x)), null));
    Block otherwise = new Block().add(new Stmt.Push(ref(y)));
    Block body =
        new Block()
            .add(
                new Stmt.If(
                    new Expr.Binary(BinaryOp.GT, ref(x), Exprs.doubleConst(0), Kind.BOOLEAN),
                    then,
                    otherwise))
            .add(
                new Stmt.Store(
                    new Expr.Load(ref(m), ref(i)),
                    Expr.Const.ofInt(0),
                    Exprs.mul(new Expr.Pop(Kind.DOUBLE), ref(otherY)),
                    null));
    assertThat(new IrPrinter().block(body))
        .isEqualTo(
            """
            if (x > 0.0) {
              y = x * x
            } else {
              push y
            }
            store m[i][0] = (pop double) * y#2
            """);
  }

  @Test
  void aForkKeepsTheNamesGivenAndNamesTheRestApart() {
    IrPrinter printer = new IrPrinter();
    assertThat(printer.name(otherY)).isEqualTo("y");
    IrPrinter one = printer.fork();
    IrPrinter two = printer.fork();
    assertThat(one.name(y)).isEqualTo("y#2");
    assertThat(two.name(x)).isEqualTo("x");
    assertThat(two.name(y)).isEqualTo("y#2");
    assertThat(one.name(otherY)).isEqualTo("y");
  }

  @Test
  void parenthesisesByPrecedence() {
    Expr e = Exprs.mul(Exprs.add(ref(x), ref(y)), Exprs.neg(Exprs.sub(ref(x), ref(y))));
    assertThat(new IrPrinter().expr(e)).isEqualTo("(x + y) * -(x - y)");
    assertThat(new IrPrinter().expr(Exprs.sub(ref(x), Exprs.sub(ref(y), ref(x)))))
        .isEqualTo("x - (y - x)");
  }

  @Test
  void childrenAndRebuildCoverEveryOperand() {
    Expr load = new Expr.Load(new Expr.Load(ref(m), ref(i)), Expr.Const.ofInt(1));
    Expr e = Exprs.add(load, Exprs.neg(ref(x)));
    assertThat(Exprs.children(e)).containsExactly(load, Exprs.neg(ref(x))).inOrder();
    assertThat(Exprs.reads(e)).containsExactly(m, i, x).inOrder();
    Expr renamed = Exprs.rebuild(e, c -> c.equals(load) ? ref(y) : c);
    assertThat(renamed).isEqualTo(Exprs.add(ref(y), Exprs.neg(ref(x))));
    assertThat(Exprs.rebuild(e, c -> c)).isSameInstanceAs(e);
    assertThat(Exprs.children(ref(x))).isEmpty();
    assertThat(Stmts.blocks(new Stmt.Push(ref(x)))).isEmpty();
    Block head = new Block();
    Block loopBody = new Block();
    assertThat(Stmts.blocks(new Stmt.Loop(head, ref(x), loopBody)))
        .isEqualTo(List.of(head, loopBody));
  }
}
