package dev.adjoint.processor.transform;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.doubleConst;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.TypeRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The derivatives of the elementary operations: arithmetic, and the {@code Math} and {@code
 * StrictMath} functions. A rule maps the cotangent {@code g} of an operation's result to the
 * contribution for each operand ({@code g * df/dx_i}), written as IR so that later transforms can
 * differentiate it again. Conventions at non-smooth points live in the runtime's {@code
 * Derivatives}.
 */
public final class DerivativeRules {
  static final TypeRef MATH = TypeRef.of("java.lang", "Math");
  static final TypeRef HELPERS = TypeRef.of("dev.adjoint", "Derivatives");
  private static final double LN_10 = Math.log(10.0);

  private DerivativeRules() {}

  /**
   * The contributions of an operation, one per operand (null where the derivative is zero).
   *
   * @param guarded whether a zero cotangent must skip the contributions, because a partial can be
   *     infinite or NaN where the operation's cotangent is zero (0 * inf would poison the gradient)
   */
  public record Rule(List<UnaryOperator<Expr>> contributions, boolean guarded) {}

  /** The rule of an assignment's right-hand side; empty when none is known. */
  public static Optional<Rule> of(Expr e, Expr y) {
    if (e instanceof Expr.Ref) {
      return rule(false, g -> g);
    }
    if (e instanceof Expr.Unary u && u.kind() == Kind.DOUBLE) {
      return rule(false, g -> neg(g));
    }
    if (e instanceof Expr.Binary b && b.kind() == Kind.DOUBLE) {
      Expr l = b.left();
      Expr r = b.right();
      return switch (b.op()) {
        case ADD -> rule(false, g -> g, g -> g);
        case SUB -> rule(false, g -> g, g -> neg(g));
        case MUL -> rule(true, g -> mul(g, r), g -> mul(g, l));
        case DIV -> rule(true, g -> div(g, r), g -> neg(div(mul(g, y), r)));
        default -> Optional.empty();
      };
    }
    if (e instanceof Expr.Call c && c.callee().role() == Callee.Role.LIBRARY) {
      return library(c.callee(), c.args(), y);
    }
    return Optional.empty();
  }

  private static boolean isMath(Callee callee) {
    String owner = callee.owner().qualifiedName();
    return (owner.equals("java.lang.Math") || owner.equals("java.lang.StrictMath"))
        && callee.returnKind() == Kind.DOUBLE
        && callee.parameterKinds().stream().allMatch(k -> k == Kind.DOUBLE);
  }

  private static Optional<Rule> library(Callee callee, List<Expr> args, Expr y) {
    if (!isMath(callee)) {
      return Optional.empty();
    }
    Expr a = args.get(0);
    Expr b = args.size() > 1 ? args.get(1) : null;
    switch (callee.name() + "/" + args.size()) {
      case "sin/1":
        return rule(true, g -> mul(g, math("cos", a)));
      case "cos/1":
        return rule(true, g -> neg(mul(g, math("sin", a))));
      case "tan/1":
        return rule(true, g -> mul(g, add(doubleConst(1), mul(y, y))));
      case "asin/1":
        return rule(true, g -> div(g, math("sqrt", sub(doubleConst(1), mul(a, a)))));
      case "acos/1":
        return rule(true, g -> neg(div(g, math("sqrt", sub(doubleConst(1), mul(a, a))))));
      case "atan/1":
        return rule(true, g -> div(g, add(doubleConst(1), mul(a, a))));
      case "sinh/1":
        return rule(true, g -> mul(g, math("cosh", a)));
      case "cosh/1":
        return rule(true, g -> mul(g, math("sinh", a)));
      case "tanh/1":
        return rule(true, g -> mul(g, sub(doubleConst(1), mul(y, y))));
      case "exp/1":
        return rule(true, g -> mul(g, y));
      case "expm1/1":
        return rule(true, g -> mul(g, add(y, doubleConst(1))));
      case "log/1":
        return rule(true, g -> div(g, a));
      case "log10/1":
        return rule(true, g -> div(g, mul(a, doubleConst(LN_10))));
      case "log1p/1":
        return rule(true, g -> div(g, add(doubleConst(1), a)));
      case "sqrt/1":
        return rule(true, g -> div(g, mul(doubleConst(2), y)));
      case "cbrt/1":
        return rule(true, g -> div(g, mul(doubleConst(3), mul(y, y))));
      case "abs/1":
        return rule(true, g -> mul(g, math("signum", a)));
      case "signum/1":
      case "floor/1":
      case "ceil/1":
      case "rint/1":
        return rule(false, (UnaryOperator<Expr>) null);
      case "pow/2":
        return rule(
            true, g -> mul(g, helper("powBase", a, b)), g -> mul(g, helper("powExponent", a, y)));
      case "hypot/2":
        return rule(true, g -> mul(g, helper("hypot", a, y)), g -> mul(g, helper("hypot", b, y)));
      case "atan2/2":
        return rule(
            true, g -> mul(g, helper("atan2Y", a, b)), g -> mul(g, helper("atan2X", a, b)));
      case "max/2":
        return rule(
            true, g -> mul(g, helper("maxFirst", a, b)), g -> mul(g, helper("maxFirst", b, a)));
      case "min/2":
        return rule(
            true, g -> mul(g, helper("minFirst", a, b)), g -> mul(g, helper("minFirst", b, a)));
      case "fma/3":
        return rule(true, g -> mul(g, b), g -> mul(g, a), g -> g);
      default:
        return Optional.empty();
    }
  }

  @SafeVarargs
  private static Optional<Rule> rule(boolean guarded, UnaryOperator<Expr>... contributions) {
    return Optional.of(new Rule(new ArrayList<>(Arrays.asList(contributions)), guarded));
  }

  static Expr math(String name, Expr... args) {
    return call(MATH, name, args);
  }

  private static Expr helper(String name, Expr... args) {
    return call(HELPERS, name, args);
  }

  private static Expr call(TypeRef owner, String name, Expr... args) {
    Kind[] kinds = new Kind[args.length];
    Arrays.fill(kinds, Kind.DOUBLE);
    return new Expr.Call(
        Callee.of(owner, name, Kind.DOUBLE, Callee.Role.LIBRARY, kinds), List.of(args));
  }

  /** Whether an operator on doubles has a derivative rule here (comparisons have none needed). */
  static boolean differentiable(BinaryOp op) {
    return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
  }
}
