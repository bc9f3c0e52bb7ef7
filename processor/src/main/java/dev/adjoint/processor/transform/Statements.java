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
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

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
   * The statement rebuilt with every expression, nested statements' included, passed through {@code
   * exprs}, and every variable it assigns through {@code vars}: the building block of renamings and
   * substitutions. Second-order statements (forward mode's) are not mapped.
   *
   * @param s a statement of a pullback's sweeps
   * @param exprs the replacement of each whole expression of a statement
   * @param vars the replacement of each assigned variable
   * @return the rebuilt statement
   * @throws IllegalStateException for a second-order statement
   */
  public static Stmt map(Stmt s, UnaryOperator<Expr> exprs, UnaryOperator<Var> vars) {
    return s.accept(
        new Stmt.Visitor<Stmt>() {
          @Override
          public Stmt visitAssign(Stmt.Assign a) {
            return new Stmt.Assign(vars.apply(a.target()), exprs.apply(a.value()), a.origin());
          }

          @Override
          public Stmt visitIf(Stmt.If i) {
            return new Stmt.If(exprs.apply(i.cond()), block(i.then()), block(i.otherwise()));
          }

          @Override
          public Stmt visitLoop(Stmt.Loop l) {
            return new Stmt.Loop(block(l.head()), exprs.apply(l.cond()), block(l.body()));
          }

          @Override
          public Stmt visitRepeat(Stmt.Repeat r) {
            return new Stmt.Repeat(vars.apply(r.index()), exprs.apply(r.count()), block(r.body()));
          }

          @Override
          public Stmt visitStore(Stmt.Store st) {
            return new Stmt.Store(
                exprs.apply(st.array()),
                exprs.apply(st.index()),
                exprs.apply(st.value()),
                st.origin());
          }

          @Override
          public Stmt visitPush(Stmt.Push push) {
            return new Stmt.Push(exprs.apply(push.value()));
          }

          @Override
          public Stmt visitPullbackCall(Stmt.PullbackCall c) {
            return new Stmt.PullbackCall(
                c.callee(),
                c.args() == null ? null : c.args().stream().map(exprs).toList(),
                exprs.apply(c.seed()),
                c.adjoints().stream().map(v -> v == null ? null : vars.apply(v)).toList(),
                c.split());
          }

          @Override
          public Stmt visitTangentCall(Stmt.TangentCall t) {
            throw new IllegalStateException("second-order statements are not mapped");
          }

          @Override
          public Stmt visitPullbackJvpCall(Stmt.PullbackJvpCall c) {
            throw new IllegalStateException("second-order statements are not mapped");
          }

          private Block block(Block b) {
            Block out = new Block();
            b.forEach(x -> out.add(x.accept(this)));
            return out;
          }
        });
  }

  /**
   * The statement with each variable replaced by its copy where it has one, read or assigned.
   *
   * @param s a first-order statement
   * @param copy the replacement of each variable renamed
   * @return the renamed statement
   */
  public static Stmt rename(Stmt s, Map<Var, Var> copy) {
    UnaryOperator<Var> var = v -> copy.getOrDefault(v, v);
    return map(s, e -> renamed(e, var), var);
  }

  private static Expr renamed(Expr e, UnaryOperator<Var> var) {
    if (e instanceof Expr.Ref r) {
      Var v = var.apply(r.var());
      return v == r.var() ? e : new Expr.Ref(v);
    }
    return Exprs.rebuild(e, x -> renamed(x, var));
  }

  /**
   * Every variable that {@code block} assigns, nested statements included: assignments' targets,
   * repeats' indices, and the variables calls of pullbacks and tangents write into.
   *
   * @param block the statements walked
   * @return the variables they assign
   */
  public static Set<Var> assigned(Block block) {
    Set<Var> assigned = new HashSet<>();
    forEach(
        block,
        s -> {
          if (s instanceof Stmt.Assign a) {
            assigned.add(a.target());
          } else if (s instanceof Stmt.TangentCall t) {
            assigned.add(t.target());
            assigned.add(t.targetTangent());
          } else if (s instanceof Stmt.PullbackCall p) {
            p.adjoints().stream().filter(v -> v != null).forEach(assigned::add);
          } else if (s instanceof Stmt.PullbackJvpCall p) {
            p.adjoints().stream().filter(v -> v != null).forEach(assigned::add);
            p.adjointTangents().stream().filter(v -> v != null).forEach(assigned::add);
          } else if (s instanceof Stmt.Repeat r) {
            assigned.add(r.index());
          }
        });
    return assigned;
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
   * Whether any statement of {@code block}, nested ones included, matches {@code stmt}, or any
   * expression it evaluates itself ({@link #ownExpressions}), or a part of one, matches {@code
   * expr}.
   *
   * @param block the statements searched
   * @param stmt the test of a statement
   * @param expr the test of an expression and of each of its sub-expressions
   * @return whether one matched
   */
  public static boolean anyMatch(Block block, Predicate<Stmt> stmt, Predicate<Expr> expr) {
    for (Stmt s : block) {
      if (stmt.test(s) || ownExpressions(s).stream().anyMatch(e -> Exprs.anyMatch(e, expr))) {
        return true;
      }
      for (Block nested : Stmts.blocks(s)) {
        if (anyMatch(nested, stmt, expr)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The expressions a statement reads: its own ({@link #ownExpressions}), but the array variable a
   * store writes through.
   *
   * @param s a statement
   * @return the expressions it reads itself
   */
  public static List<Expr> readExpressions(Stmt s) {
    List<Expr> exprs = new ArrayList<>(ownExpressions(s));
    if (s instanceof Stmt.Store st && st.array() instanceof Expr.Ref) {
      exprs.remove(st.array());
    }
    return exprs;
  }

  /**
   * Whether {@code e} reads elements of the array {@code array} names: mentions it other than as
   * {@code array.length} (an array keeps its length) and other than in {@code except}, when not
   * null.
   *
   * @param e an expression
   * @param array an array variable
   * @param except an element read to leave out ({@code array[i]}), or null
   * @return whether it reads other elements of the array
   */
  public static boolean readsElements(Expr e, Var array, Expr except) {
    if (e.equals(except)
        || (e instanceof Expr.Length l && l.array() instanceof Expr.Ref r && r.var() == array)) {
      return false;
    }
    if (e instanceof Expr.Ref r) {
      return r.var() == array;
    }
    return Exprs.children(e).stream().anyMatch(c -> readsElements(c, array, except));
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

  /**
   * The expressions any statement of a sweep evaluates itself, not those of the statements nested
   * in it: {@link #expressions}' and, for the sweeps' own statements, a repeat's count, a pushed
   * value, and a call's arguments, tangents and seeds.
   *
   * @param s a statement
   * @return its own expressions
   */
  public static List<Expr> ownExpressions(Stmt s) {
    return s.accept(
        new Stmt.Visitor<List<Expr>>() {
          @Override
          public List<Expr> visitAssign(Stmt.Assign a) {
            return List.of(a.value());
          }

          @Override
          public List<Expr> visitIf(Stmt.If i) {
            return List.of(i.cond());
          }

          @Override
          public List<Expr> visitLoop(Stmt.Loop l) {
            return List.of(l.cond());
          }

          @Override
          public List<Expr> visitRepeat(Stmt.Repeat r) {
            return List.of(r.count());
          }

          @Override
          public List<Expr> visitStore(Stmt.Store st) {
            return List.of(st.array(), st.index(), st.value());
          }

          @Override
          public List<Expr> visitPush(Stmt.Push p) {
            return List.of(p.value());
          }

          @Override
          public List<Expr> visitPullbackCall(Stmt.PullbackCall c) {
            return join(c.args(), null, c.seed(), null);
          }

          @Override
          public List<Expr> visitTangentCall(Stmt.TangentCall t) {
            return join(t.args(), t.tangents(), null, null);
          }

          @Override
          public List<Expr> visitPullbackJvpCall(Stmt.PullbackJvpCall c) {
            return join(c.args(), c.tangents(), c.seed(), c.seedTangent());
          }

          /** A call's expressions; null lists and null entries (inactive) are left out. */
          private List<Expr> join(List<Expr> args, List<Expr> tangents, Expr seed, Expr seedDot) {
            List<Expr> all = new java.util.ArrayList<>();
            for (List<Expr> list : java.util.Arrays.asList(args, tangents)) {
              if (list != null) {
                list.stream().filter(e -> e != null).forEach(all::add);
              }
            }
            for (Expr e : java.util.Arrays.asList(seed, seedDot)) {
              if (e != null) {
                all.add(e);
              }
            }
            return all;
          }
        });
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
