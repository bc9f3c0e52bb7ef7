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

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The array variables that the method lets another name reach: an alias, a row, a call argument, a
 * result. Only an array reached through its own name alone has every write to it seen where its
 * name is written ({@link ReverseMode}'s to-be-recorded analysis, {@link MapLoopFusion}).
 */
final class Escapes {
  private Escapes() {}

  /**
   * Adds the arrays that {@code s}'s own expressions let another name reach: every mention of an
   * array variable other than as the array of an element read, an element store or a {@code
   * .length}.
   *
   * @param s a primal statement
   * @param escaped collects them
   */
  static void collect(Stmt s, Set<Var> escaped) {
    for (Expr e : Statements.expressions(s)) {
      if (s instanceof Stmt.Store st && e == st.array()) {
        pathIndices(e, escaped); // a write through the array's own name
      } else {
        escapes(e, escaped);
      }
    }
  }

  /**
   * The private arrays of {@code f}: its locals of type {@code double[]} or {@code int[]} that it
   * only ever assigns new arrays and never lets escape, so that only their own names reach their
   * elements.
   *
   * @param f a lowered method
   * @return its private arrays
   */
  static Set<Var> privateArrays(Function f) {
    Set<Var> escaped = new HashSet<>();
    Set<Var> fresh = new HashSet<>();
    Set<Var> reassigned = new HashSet<>();
    Statements.forEach(
        f.body(),
        s -> {
          collect(s, escaped);
          if (s instanceof Stmt.Assign a && a.target().kind().isArray()) {
            boolean local =
                a.target().role() == Var.Role.LOCAL
                    && (a.target().kind() == Kind.DOUBLE_ARRAY
                        || a.target().kind() == Kind.INT_ARRAY);
            (local && a.value() instanceof Expr.NewArray ? fresh : reassigned).add(a.target());
          }
        });
    fresh.removeAll(escaped);
    fresh.removeAll(reassigned);
    fresh.remove(f.result());
    return fresh;
  }

  /**
   * Collects the array variables that an expression lets another name reach (an alias, a row, a
   * call argument): only an array reached through its own name alone has every write to it seen,
   * and restored, by the to-be-recorded analysis.
   */
  private static void escapes(Expr e, Set<Var> escaped) {
    e.accept(new Visitor(escaped));
  }

  /** {@link #escapes(Expr, Set)}: adds to {@code escaped}. */
  private static final class Visitor implements Expr.Visitor<Void> {
    private final Set<Var> escaped;

    Visitor(Set<Var> escaped) {
      this.escaped = escaped;
    }

    private Void all(List<Expr> operands) {
      operands.forEach(o -> o.accept(this));
      return null;
    }

    @Override
    public Void visitRef(Expr.Ref r) {
      if (r.var().kind().isArray()) {
        escaped.add(r.var());
      }
      return null;
    }

    @Override
    public Void visitLoad(Expr.Load l) {
      if (l.kind().isArray()) {
        escaped.add(Exprs.root(l)); // a row
      }
      pathIndices(l, escaped);
      return null;
    }

    @Override
    public Void visitLength(Expr.Length l) {
      // a.length reads a's length only; a longer path's indices may let arrays escape.
      return l.array() instanceof Expr.Ref ? null : l.array().accept(this);
    }

    @Override
    public Void visitUnary(Expr.Unary u) {
      return u.operand().accept(this);
    }

    @Override
    public Void visitBinary(Expr.Binary b) {
      return all(List.of(b.left(), b.right()));
    }

    @Override
    public Void visitCast(Expr.Cast c) {
      return c.operand().accept(this);
    }

    @Override
    public Void visitCall(Expr.Call c) {
      return all(c.args());
    }

    @Override
    public Void visitNewArray(Expr.NewArray n) {
      return all(n.dimensions());
    }

    @Override
    public Void visitConst(Expr.Const c) {
      return null;
    }

    @Override
    public Void visitField(Expr.Field f) {
      return null; // a field's array is modelled by ArrayAliasing, not by its name here
    }

    @Override
    public Void visitPop(Expr.Pop p) {
      return null; // not in primal code
    }

    @Override
    public Void visitArrayLiteral(Expr.ArrayLiteral l) {
      // A call's int... arguments: ints that the lowering keeps simple (no loads, no calls), so
      // nothing in them names an array.
      return null;
    }
  }

  private static void pathIndices(Expr path, Set<Var> escaped) {
    if (path instanceof Expr.Load l) {
      pathIndices(l.array(), escaped);
      escapes(l.index(), escaped);
    }
  }
}
