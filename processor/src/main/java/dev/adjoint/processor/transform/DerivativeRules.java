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
 * The derivatives of the operations: arithmetic here, and library methods ({@code Math}'s
 * included) through their {@code @PullbackOf} declarations, which the runtime and users supply. A
 * rule maps the cotangent {@code g} of an operation's result to the contribution for each operand
 * ({@code g * df/dx_i}), written as IR so that later transforms can differentiate it again.
 */
public final class DerivativeRules {

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

  /**
   * A library method's derivative: its {@code @PullbackOf} declarations, each called with the
   * arguments, the result if it asks for it, and the cotangent.
   */
  private static Optional<Rule> library(Callee callee, List<Expr> args, Expr y) {
    if (!callee.hasCustomPullbacks()) {
      return Optional.empty();
    }
    List<UnaryOperator<Expr>> contributions = new ArrayList<>();
    for (Callee.CustomPullback pullback : callee.pullbacks()) {
      if (pullback == null) {
        contributions.add(null);
        continue;
      }
      contributions.add(
          g -> {
            List<Expr> callArgs = new ArrayList<>(args);
            if (pullback.takesResult()) {
              callArgs.add(y);
            }
            callArgs.add(g);
            return new Expr.Call(pullback.function(), callArgs);
          });
    }
    return Optional.of(new Rule(contributions, true));
  }

  @SafeVarargs
  private static Optional<Rule> rule(boolean guarded, UnaryOperator<Expr>... contributions) {
    return Optional.of(new Rule(new ArrayList<>(Arrays.asList(contributions)), guarded));
  }
}
