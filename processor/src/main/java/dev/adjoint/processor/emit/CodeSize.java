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
package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.UnaryOp;
import java.util.List;

/**
 * An upper estimate of the bytecode javac generates for IR statements, in bytes, used to decide
 * whether a generated method must be split ({@link MethodSplitter}).
 *
 * <p>Each node is charged the most its Java form can compile to: a variable costs a {@code wide}
 * load or store (4 bytes) when it is a local, or an array reference, a {@code sipush}/{@code ldc_w}
 * index and an element load (8 bytes) when it may be an element of a split method's state; a
 * constant an {@code ldc2_w} (3 bytes); arithmetic 2 bytes (the operation and a widening); a
 * comparison or a logical operator 10 (its branches and the two constants that make it a boolean);
 * an {@code if} its test and the jump over its {@code else}; a call the arguments and the {@code
 * invokestatic}, plus the scratch buffers and copies the emitter writes around a callee's pullback.
 * On the generated methods of the long-method corpus (arithmetic, {@code Math} calls, array loads
 * and stores, branches, loops, tape pushes and pops) {@link #LOCALS} is 1.2 to 1.5 times the size
 * javac reports for whole methods and {@link #STATE} about 2.2 times the size of the parts.
 */
final class CodeSize {
  /** Variables are locals: at most a {@code wide} load or store. */
  static final CodeSize LOCALS = new CodeSize(4);

  /** Variables may be elements of a split method's state arrays. */
  static final CodeSize STATE = new CodeSize(8);

  /** What a read or a write of a variable costs. */
  private final int REF;

  private CodeSize(int ref) {
    this.REF = ref;
  }

  int of(Block block) {
    return of(block.stmts());
  }

  int of(List<Stmt> stmts) {
    int size = 0;
    for (Stmt s : stmts) {
      size += of(s);
    }
    return size;
  }

  int of(Stmt s) {
    return s.accept(stmt);
  }

  private final Stmt.Visitor<Integer> stmt =
      new Stmt.Visitor<>() {
        @Override
        public Integer visitAssign(Stmt.Assign s) {
          return expr(s.value()) + REF;
        }

        @Override
        public Integer visitIf(Stmt.If s) {
          return expr(s.cond()) + 6 + of(s.then()) + of(s.otherwise());
        }

        @Override
        public Integer visitLoop(Stmt.Loop s) {
          return of(s.head()) + expr(s.cond()) + 9 + of(s.body());
        }

        @Override
        public Integer visitRepeat(Stmt.Repeat s) {
          return expr(s.count()) + 4 * REF + 10 + of(s.body());
        }

        @Override
        public Integer visitStore(Stmt.Store s) {
          return expr(s.array()) + expr(s.index()) + expr(s.value()) + 6;
        }

        @Override
        public Integer visitPush(Stmt.Push s) {
          return REF + expr(s.value()) + 3;
        }

        @Override
        public Integer visitPullbackCall(Stmt.PullbackCall s) {
          return 60 + (s.split() ? 0 : exprs(s.args())) + expr(s.seed()) + 24 * s.adjoints().size();
        }

        @Override
        public Integer visitTangentCall(Stmt.TangentCall s) {
          return 40 + exprs(s.args()) + exprs(s.tangents()) + 2 * s.tangents().size() * REF;
        }

        @Override
        public Integer visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
          return 120
              + exprs(s.args())
              + exprs(s.tangents())
              + 2 * s.tangents().size() * REF
              + expr(s.seed())
              + expr(s.seedTangent())
              + 48 * s.adjoints().size();
        }
      };

  private int exprs(List<Expr> exprs) {
    int size = 0;
    for (Expr e : exprs) {
      size += expr(e);
    }
    return size;
  }

  /** A null expression (a zero tangent) is printed as a constant or a fresh zero array. */
  private int expr(Expr e) {
    return e == null ? 16 : e.accept(expr);
  }

  private final Expr.Visitor<Integer> expr =
      new Expr.Visitor<>() {
        @Override
        public Integer visitRef(Expr.Ref e) {
          return REF;
        }

        @Override
        public Integer visitConst(Expr.Const e) {
          return 3;
        }

        @Override
        public Integer visitField(Expr.Field e) {
          return 3;
        }

        @Override
        public Integer visitUnary(Expr.Unary e) {
          return expr(e.operand()) + (e.op() == UnaryOp.NEG ? 2 : 8);
        }

        @Override
        public Integer visitBinary(Expr.Binary e) {
          // Arithmetic is one instruction (two with a widening); a comparison or a logical
          // operator is branches and constants.
          int op =
              e.op().isComparison() || e.op() == BinaryOp.AND || e.op() == BinaryOp.OR ? 10 : 2;
          return expr(e.left()) + expr(e.right()) + op;
        }

        @Override
        public Integer visitCast(Expr.Cast e) {
          return expr(e.operand()) + 4;
        }

        @Override
        public Integer visitCall(Expr.Call e) {
          return exprs(e.args()) + 3;
        }

        @Override
        public Integer visitPop(Expr.Pop e) {
          return REF + 6;
        }

        @Override
        public Integer visitLoad(Expr.Load e) {
          return expr(e.array()) + expr(e.index()) + 1;
        }

        @Override
        public Integer visitLength(Expr.Length e) {
          return expr(e.array()) + 1;
        }

        @Override
        public Integer visitArrayLiteral(Expr.ArrayLiteral e) {
          int size = 8;
          for (Expr x : e.elements()) {
            size += expr(x) + 6;
          }
          return size;
        }

        @Override
        public Integer visitNewArray(Expr.NewArray e) {
          return exprs(e.dimensions()) + 4;
        }
      };
}
