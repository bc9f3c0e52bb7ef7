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

import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Const;
import dev.adjoint.processor.ir.Expr.Ref;
import dev.adjoint.processor.ir.Expr.Unary;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Queries on and constructors of expressions. */
public final class Exprs {
  private Exprs() {}

  /**
   * The variables an expression reads.
   *
   * @param e any expression
   * @return the variables, in order of first reading
   */
  public static Set<Var> reads(Expr e) {
    Set<Var> vars = new LinkedHashSet<>();
    collect(e, vars);
    return vars;
  }

  /**
   * Whether an expression reads a variable.
   *
   * @param e any expression
   * @param v a variable
   * @return whether {@code e} reads {@code v}
   */
  public static boolean reads(Expr e, Var v) {
    return reads(e).contains(v);
  }

  /**
   * Whether an expression or any expression inside it satisfies a test.
   *
   * @param e any expression
   * @param test the test, applied to {@code e} and then to its sub-expressions
   * @return whether one of them passes it
   */
  public static boolean anyMatch(Expr e, java.util.function.Predicate<Expr> test) {
    if (test.test(e)) {
      return true;
    }
    for (Expr child : children(e)) {
      if (anyMatch(child, test)) {
        return true;
      }
    }
    return false;
  }

  private static void collect(Expr e, Set<Var> vars) {
    if (e instanceof Ref r) {
      vars.add(r.var());
    }
    children(e).forEach(c -> collect(c, vars));
  }

  /**
   * The direct sub-expressions of an expression, left to right.
   *
   * @param e any expression
   * @return its operands, arguments, array and index, or dimensions; empty for a leaf
   */
  public static List<Expr> children(Expr e) {
    return e.accept(CHILDREN);
  }

  private static final Expr.Visitor<List<Expr>> CHILDREN =
      new Expr.Visitor<>() {
        @Override
        public List<Expr> visitConst(Const e) {
          return List.of();
        }

        @Override
        public List<Expr> visitRef(Ref e) {
          return List.of();
        }

        @Override
        public List<Expr> visitField(Expr.Field e) {
          return List.of();
        }

        @Override
        public List<Expr> visitUnary(Unary e) {
          return List.of(e.operand());
        }

        @Override
        public List<Expr> visitBinary(Binary e) {
          return List.of(e.left(), e.right());
        }

        @Override
        public List<Expr> visitCast(Cast e) {
          return List.of(e.operand());
        }

        @Override
        public List<Expr> visitCall(Call e) {
          return e.args();
        }

        @Override
        public List<Expr> visitPop(Expr.Pop e) {
          return List.of();
        }

        @Override
        public List<Expr> visitLoad(Expr.Load e) {
          return List.of(e.array(), e.index());
        }

        @Override
        public List<Expr> visitLength(Expr.Length e) {
          return List.of(e.array());
        }

        @Override
        public List<Expr> visitArrayLiteral(Expr.ArrayLiteral e) {
          return e.elements();
        }

        @Override
        public List<Expr> visitNewArray(Expr.NewArray e) {
          return e.dimensions();
        }
      };

  /**
   * The expression with each direct sub-expression replaced by {@code f} of it (the same object
   * where none changes): the building block of substitutions.
   *
   * @param e any expression
   * @param f the replacement of a direct sub-expression
   * @return the rebuilt expression, or {@code e} itself
   */
  public static Expr rebuild(Expr e, UnaryOperator<Expr> f) {
    List<Expr> children = children(e);
    List<Expr> mapped = children.stream().map(f).toList();
    if (mapped.equals(children)) {
      return e;
    }
    return e.accept(
        new Expr.Visitor<Expr>() {
          @Override
          public Expr visitConst(Const c) {
            return c;
          }

          @Override
          public Expr visitRef(Ref r) {
            return r;
          }

          @Override
          public Expr visitField(Expr.Field x) {
            return x;
          }

          @Override
          public Expr visitUnary(Unary u) {
            return new Unary(u.op(), mapped.get(0), u.kind());
          }

          @Override
          public Expr visitBinary(Binary b) {
            return new Binary(b.op(), mapped.get(0), mapped.get(1), b.kind());
          }

          @Override
          public Expr visitCast(Cast c) {
            return new Cast(c.kind(), mapped.get(0));
          }

          @Override
          public Expr visitCall(Call c) {
            return new Call(c.callee(), mapped);
          }

          @Override
          public Expr visitPop(Expr.Pop p) {
            return p;
          }

          @Override
          public Expr visitLoad(Expr.Load l) {
            return new Expr.Load(mapped.get(0), mapped.get(1));
          }

          @Override
          public Expr visitLength(Expr.Length l) {
            return new Expr.Length(mapped.get(0));
          }

          @Override
          public Expr visitArrayLiteral(Expr.ArrayLiteral l) {
            return new Expr.ArrayLiteral(l.kind(), mapped);
          }

          @Override
          public Expr visitNewArray(Expr.NewArray n) {
            return new Expr.NewArray(n.kind(), mapped);
          }
        });
  }

  /**
   * Whether {@code target = value} is {@code target = target + e} or {@code target = target - e}
   * with e not reading target: printed as {@code +=}, and its reverse needs no value of target.
   *
   * @param target an assignment's target
   * @param value its right-hand side
   * @return whether the assignment accumulates into its target
   */
  public static boolean isAccumulation(Var target, Expr value) {
    return value instanceof Binary b
        && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
        && b.left() instanceof Ref r
        && r.var() == target
        && !reads(b.right(), target);
  }

  /**
   * Whether an expression is an array path: a variable, or loads from one ({@code m[i]}).
   *
   * @param e any expression
   * @return whether {@link #root} applies to it
   */
  public static boolean isPath(Expr e) {
    Expr x = e;
    while (x instanceof Expr.Load l) {
      x = l.array();
    }
    return x instanceof Ref;
  }

  /**
   * The variable at the root of an array path: {@code m} in {@code m[i]}.
   *
   * @param path a variable, or loads from it
   * @return the variable
   */
  public static Var root(Expr path) {
    Expr e = path;
    while (e instanceof Expr.Load l) {
      e = l.array();
    }
    return ((Ref) e).var();
  }

  /**
   * Whether an expression may serve as an operand: a variable or constant, or a side-effect-free
   * expression over non-double values (which carries no derivative and is cheap to evaluate again).
   *
   * @param e any expression
   * @return whether it may be an operand of a three-address assignment
   */
  public static boolean isSimple(Expr e) {
    return e instanceof Ref || e instanceof Const || e instanceof Expr.Field || isPassive(e);
  }

  private static boolean isPassive(Expr e) {
    return e.accept(PASSIVE);
  }

  /** Whether an expression is a non-double value that is cheap and safe to evaluate again. */
  private static final Expr.Visitor<Boolean> PASSIVE =
      new Expr.Visitor<>() {
        @Override
        public Boolean visitConst(Const e) {
          return true;
        }

        @Override
        public Boolean visitRef(Ref e) {
          return !e.kind().isDifferentiable();
        }

        @Override
        public Boolean visitField(Expr.Field e) {
          return true;
        }

        @Override
        public Boolean visitUnary(Unary e) {
          return isPassive(e.operand());
        }

        @Override
        public Boolean visitBinary(Binary e) {
          return isPassive(e.left()) && isPassive(e.right());
        }

        @Override
        public Boolean visitCast(Cast e) {
          return isPassive(e.operand());
        }

        @Override
        public Boolean visitCall(Call e) {
          return evaluatedOnce();
        }

        @Override
        public Boolean visitPop(Expr.Pop e) {
          return evaluatedOnce();
        }

        @Override
        public Boolean visitLoad(Expr.Load e) {
          return evaluatedOnce();
        }

        @Override
        public Boolean visitLength(Expr.Length e) {
          return e.array() instanceof Ref; // a.length of a variable: an int, cheap to read again
        }

        @Override
        public Boolean visitArrayLiteral(Expr.ArrayLiteral e) {
          return evaluatedOnce();
        }

        @Override
        public Boolean visitNewArray(Expr.NewArray e) {
          return evaluatedOnce();
        }

        /**
         * Calls, tape pops, array reads and allocations: they may cost, change state, or see a
         * different value when evaluated again.
         */
        private Boolean evaluatedOnce() {
          return false;
        }
      };

  /**
   * A constant of the given kind.
   *
   * @param kind a numeric kind
   * @param value the value, converted to {@code kind}
   * @return the literal
   */
  public static Const constant(Kind kind, double value) {
    return switch (kind) {
      case DOUBLE -> Const.ofDouble(value);
      case FLOAT -> new Const(Kind.FLOAT, (float) value);
      case LONG -> new Const(Kind.LONG, (long) value);
      case INT -> Const.ofInt((int) value);
      default -> throw new IllegalArgumentException(kind + " constant from a number");
    };
  }

  /**
   * {@code a + b}, of doubles.
   *
   * @param a the left operand
   * @param b the right operand
   * @return the sum
   */
  public static Expr add(Expr a, Expr b) {
    return new Binary(BinaryOp.ADD, a, b, Kind.DOUBLE);
  }

  /**
   * {@code a - b}, of doubles.
   *
   * @param a the left operand
   * @param b the right operand
   * @return the difference
   */
  public static Expr sub(Expr a, Expr b) {
    return new Binary(BinaryOp.SUB, a, b, Kind.DOUBLE);
  }

  /**
   * {@code a * b}, folding multiplications by one.
   *
   * @param a the left factor
   * @param b the right factor
   * @return the product, or the other factor when one is the literal one
   */
  public static Expr mul(Expr a, Expr b) {
    if (a instanceof Const c && c.isOne()) {
      return b;
    }
    if (b instanceof Const c && c.isOne()) {
      return a;
    }
    return new Binary(BinaryOp.MUL, a, b, Kind.DOUBLE);
  }

  /**
   * {@code a / b}, of doubles.
   *
   * @param a the dividend
   * @param b the divisor
   * @return the quotient
   */
  public static Expr div(Expr a, Expr b) {
    return new Binary(BinaryOp.DIV, a, b, Kind.DOUBLE);
  }

  /**
   * {@code -a}, of a double.
   *
   * @param a the operand
   * @return the negation
   */
  public static Expr neg(Expr a) {
    return new Unary(UnaryOp.NEG, a, Kind.DOUBLE);
  }

  /**
   * A {@code double} literal.
   *
   * @param value its value
   * @return the literal
   */
  public static Expr doubleConst(double value) {
    return Const.ofDouble(value);
  }
}
