package dev.adjoint.processor.ir;

import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Const;
import dev.adjoint.processor.ir.Expr.Ref;
import dev.adjoint.processor.ir.Expr.Unary;
import java.util.LinkedHashSet;
import java.util.Set;

/** Queries on and constructors of expressions. */
public final class Exprs {
  private Exprs() {}

  /** The variables an expression reads. */
  public static Set<Var> reads(Expr e) {
    Set<Var> vars = new LinkedHashSet<>();
    collect(e, vars);
    return vars;
  }

  public static boolean reads(Expr e, Var v) {
    return reads(e).contains(v);
  }

  private static void collect(Expr e, Set<Var> vars) {
    if (e instanceof Ref r) {
      vars.add(r.var());
    } else if (e instanceof Unary u) {
      collect(u.operand(), vars);
    } else if (e instanceof Binary b) {
      collect(b.left(), vars);
      collect(b.right(), vars);
    } else if (e instanceof Cast c) {
      collect(c.operand(), vars);
    } else if (e instanceof Call c) {
      c.args().forEach(a -> collect(a, vars));
    } else if (e instanceof Expr.Load l) {
      collect(l.array(), vars);
      collect(l.index(), vars);
    } else if (e instanceof Expr.Length l) {
      collect(l.array(), vars);
    } else if (e instanceof Expr.NewArray n) {
      n.dimensions().forEach(d -> collect(d, vars));
    } else if (e instanceof Expr.ArrayLiteral l) {
      l.elements().forEach(x -> collect(x, vars));
    }
  }

  /**
   * Whether {@code target = value} is {@code target = target + e} or {@code target = target - e}
   * with e not reading target: printed as {@code +=}, and its reverse needs no value of target.
   */
  public static boolean isAccumulation(Var target, Expr value) {
    return value instanceof Binary b
        && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
        && b.left() instanceof Ref r
        && r.var() == target
        && !reads(b.right(), target);
  }

  /** The variable at the root of an array path: {@code m} in {@code m[i]}. */
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
   */
  public static boolean isSimple(Expr e) {
    return e instanceof Ref || e instanceof Const || e instanceof Expr.Field || isPassive(e);
  }

  private static boolean isPassive(Expr e) {
    if (e instanceof Ref r) {
      return !r.kind().isDifferentiable();
    }
    if (e instanceof Expr.Length l) {
      return l.array() instanceof Ref; // a.length of a variable: an int, cheap to read again
    }
    if (e instanceof Unary u) {
      return isPassive(u.operand());
    }
    if (e instanceof Binary b) {
      return isPassive(b.left()) && isPassive(b.right());
    }
    if (e instanceof Cast c) {
      return isPassive(c.operand());
    }
    return e instanceof Const || e instanceof Expr.Field;
  }

  /** A constant of the given kind. */
  public static Const constant(Kind kind, double value) {
    return switch (kind) {
      case DOUBLE -> Const.ofDouble(value);
      case LONG -> new Const(Kind.LONG, (long) value);
      case INT -> Const.ofInt((int) value);
      default -> throw new IllegalArgumentException(kind + " constant from a number");
    };
  }

  public static Expr add(Expr a, Expr b) {
    return new Binary(BinaryOp.ADD, a, b, Kind.DOUBLE);
  }

  public static Expr sub(Expr a, Expr b) {
    return new Binary(BinaryOp.SUB, a, b, Kind.DOUBLE);
  }

  /** {@code a * b}, folding multiplications by one. */
  public static Expr mul(Expr a, Expr b) {
    if (a instanceof Const c && c.isOne()) {
      return b;
    }
    if (b instanceof Const c && c.isOne()) {
      return a;
    }
    return new Binary(BinaryOp.MUL, a, b, Kind.DOUBLE);
  }

  public static Expr div(Expr a, Expr b) {
    return new Binary(BinaryOp.DIV, a, b, Kind.DOUBLE);
  }

  public static Expr neg(Expr a) {
    return new Unary(UnaryOp.NEG, a, Kind.DOUBLE);
  }

  public static Expr doubleConst(double value) {
    return Const.ofDouble(value);
  }
}
