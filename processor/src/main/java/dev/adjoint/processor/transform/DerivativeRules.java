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

import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The derivatives of the operations: arithmetic here, and library methods ({@code Math}'s included)
 * through their {@code @PullbackOf} declarations, which the runtime and users supply. A rule maps
 * the cotangent {@code g} of an operation's result to the contribution for each operand ({@code g *
 * df/dx_i}), written as IR so that later transforms can differentiate it again.
 */
public final class DerivativeRules {

  private DerivativeRules() {}

  /**
   * The contributions of an operation, one per operand (null where the derivative is zero).
   *
   * @param contributions for each operand, the map from the result's cotangent to that operand's
   *     contribution; null where the derivative is zero
   * @param guarded whether a zero cotangent must skip the contributions, because a partial can be
   *     infinite or NaN where the operation's cotangent is zero (0 * inf would poison the gradient)
   */
  public record Rule(List<UnaryOperator<Expr>> contributions, boolean guarded) {}

  /**
   * The rule of an assignment's right-hand side; empty when none is known.
   *
   * @param e the right-hand side: one operation over simple operands
   * @param y the variable holding its value, which rules such as exp's read instead of recomputing
   * @return the rule, or empty for an operation whose derivative is not known
   */
  public static Optional<Rule> of(Expr e, Expr y) {
    return of(e, y, null);
  }

  /**
   * The rule of an assignment's right-hand side, given the value of its partner function at the
   * same argument ({@link PartnerValues}): {@code sin}'s derivative reads {@code cos(x)} from it,
   * and so on, instead of calling it again.
   *
   * @param e the right-hand side: one operation over simple operands
   * @param y the variable holding its value
   * @param partner a variable holding the partner's value, or null
   * @return the rule, or empty for an operation whose derivative is not known
   */
  static Optional<Rule> of(Expr e, Expr y, Var partner) {
    return e.accept(
        new Expr.Visitor<Optional<Rule>>() {
          @Override
          public Optional<Rule> visitRef(Expr.Ref r) {
            return rule(false, g -> g);
          }

          @Override
          public Optional<Rule> visitUnary(Expr.Unary u) {
            return u.kind() == Kind.DOUBLE ? rule(false, g -> neg(g)) : none();
          }

          @Override
          public Optional<Rule> visitBinary(Expr.Binary b) {
            if (b.kind() != Kind.DOUBLE) {
              return none();
            }
            Expr l = b.left();
            Expr r = b.right();
            return switch (b.op()) {
              case ADD -> rule(false, g -> g, g -> g);
              case SUB -> rule(false, g -> g, g -> neg(g));
              // A product's partials are its factors, values the forward sweep computed: infinite
              // only where the program's own values are, and there the IEEE 754 result of the
              // chain rule is the convention (README), as in JAX and PyTorch. Unguarded, an
              // inner loop of products has no branch (GMM's gradient: about 8 %).
              case MUL -> rule(false, g -> mul(g, r), g -> mul(g, l));
              // (g / r) * y, not g * y / r: both partials then divide g by r, which the JIT
              // computes once (a division costs several multiplications).
              case DIV -> rule(true, g -> div(g, r), g -> neg(mul(div(g, r), y)));
              default -> none();
            };
          }

          @Override
          public Optional<Rule> visitCall(Expr.Call c) {
            if (c.callee().role() != Callee.Role.LIBRARY) {
              return none();
            }
            if (partner != null) {
              // Guarded as the library's rule is: the same values, one call fewer.
              Expr value = new Expr.Ref(partner);
              return switch (c.callee().name()) {
                case "sin", "sinh", "cosh" -> rule(true, g -> mul(g, value));
                case "cos" -> rule(true, g -> neg(mul(g, value)));
                default -> throw new IllegalStateException("no partner rule for " + c);
              };
            }
            return library(c.callee(), c.args(), y);
          }

          @Override
          public Optional<Rule> visitConst(Expr.Const c) {
            return none();
          }

          @Override
          public Optional<Rule> visitField(Expr.Field f) {
            return none();
          }

          @Override
          public Optional<Rule> visitCast(Expr.Cast c) {
            return none();
          }

          @Override
          public Optional<Rule> visitPop(Expr.Pop p) {
            return none();
          }

          @Override
          public Optional<Rule> visitLoad(Expr.Load l) {
            return none();
          }

          @Override
          public Optional<Rule> visitLength(Expr.Length l) {
            return none();
          }

          @Override
          public Optional<Rule> visitArrayLiteral(Expr.ArrayLiteral l) {
            return none();
          }

          @Override
          public Optional<Rule> visitNewArray(Expr.NewArray n) {
            return none();
          }

          /**
           * No rule: constants and fields have no operand to pass a derivative to, and the
           * transforms handle loads, pops, casts and array values themselves (or not at all).
           */
          private Optional<Rule> none() {
            return Optional.empty();
          }
        });
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
      // A pullback that reads no argument gets zeros in their place: then the reverse sweep
      // keeps none of them (exp's argument, taped in every step of a simulated path otherwise).
      boolean zeros =
          !pullback.readsArguments()
              && args.stream().allMatch(a -> a.kind() == Kind.DOUBLE || a.kind() == Kind.INT);
      contributions.add(
          g -> {
            List<Expr> callArgs = new ArrayList<>();
            for (Expr a : args) {
              callArgs.add(zeros ? Exprs.constant(a.kind(), 0) : a);
            }
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
