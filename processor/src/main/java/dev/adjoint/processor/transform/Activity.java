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

import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Activity analysis (Tapenade's varied/useful): a variable is active when it depends on a
 * differentiated parameter (varied) and the result depends on it (useful). Only active variables
 * get adjoints, so no derivative code is generated for the rest, and no cotangent passes through a
 * value that is known to have none.
 *
 * <p>The analysis is flow-insensitive: a variable is varied if any assignment to it is, which is
 * conservative (never misses a derivative) and cheap.
 */
public final class Activity {
  private final Set<Var> varied;
  private final Set<Var> useful;
  private final List<Problem> problems;
  private final ArrayAliasing aliasing;

  private Activity(
      Set<Var> varied, Set<Var> useful, List<Problem> problems, ArrayAliasing aliasing) {
    this.varied = varied;
    this.useful = useful;
    this.problems = problems;
    this.aliasing = aliasing;
  }

  /**
   * The activity of {@code f}'s variables, and the problems that rule out its derivatives.
   *
   * @param f the lowered method
   * @param noDerivative what to do instead of calling a library method that has no derivative with
   *     an argument that carries one: given the method and the argument (from 0), a sentence (what
   *     the user can do depends on where the method comes from, which the check stage knows)
   * @param noPullback likewise where the method's {@code @PullbackOf} declarations leave out that
   *     argument
   * @return the analysis; its {@link #problems()} say whether the method can be differentiated
   */
  public static Activity analyze(
      Function f,
      BiFunction<Callee, Integer, String> noDerivative,
      BiFunction<Callee, Integer, String> noPullback) {
    return analyze(f, noDerivative, noPullback, List.of());
  }

  /**
   * As {@link #analyze(Function, BiFunction, BiFunction)}, with what the user calls each parameter
   * ({@link dev.adjoint.processor.read.DifferentiableSignature#sourceNames}), for the problems'
   * messages.
   *
   * @param f the lowered method
   * @param noDerivative as there
   * @param noPullback as there
   * @param sourceNames one name per parameter of {@code f}, or an empty list for their own names
   * @return the analysis
   */
  public static Activity analyze(
      Function f,
      BiFunction<Callee, Integer, String> noDerivative,
      BiFunction<Callee, Integer, String> noPullback,
      List<String> sourceNames) {
    // The statements that change a variable or an array; branches and loops only hold them.
    List<Stmt> stmts = new ArrayList<>();
    PrimalVisitor<Boolean> writes =
        new PrimalVisitor<>() {
          @Override
          public Boolean visitAssign(Stmt.Assign a) {
            return true;
          }

          @Override
          public Boolean visitStore(Stmt.Store st) {
            return true;
          }

          @Override
          public Boolean visitIf(Stmt.If i) {
            return false;
          }

          @Override
          public Boolean visitLoop(Stmt.Loop l) {
            return false;
          }
        };
    Statements.forEach(
        f.body(),
        s -> {
          if (s.accept(writes)) {
            stmts.add(s);
          }
        });
    ArrayAliasing aliasing = ArrayAliasing.of(f);
    Map<Var, String> external = externalArrays(f, stmts, sourceNames);
    Set<Var> varied = new HashSet<>(f.independents());
    Set<Var> useful = new HashSet<>();
    useful.add(f.result());
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : stmts) {
        Var target = written(s);
        Set<Var> sources = sources(value(s));
        if (target.kind().isDifferentiable()
            && !varied.contains(target)
            && sources.stream().anyMatch(varied::contains)) {
          changed |= varied.add(target);
        }
        if (useful.contains(target)) {
          changed |= useful.addAll(sources);
        }
        // An array variable and the array it names share their elements: what one gains the
        // other has too. So do a call's array result and an argument that carries derivatives
        // or may be written through the result, since the callee may return that argument
        // (ReverseMode then shares its shadow); for any other argument, generated code checks
        // that the result is not one written into.
        for (Var alias : aliases(s, varied, aliasing, external)) {
          if (varied.contains(target) != varied.contains(alias)) {
            varied.add(target);
            varied.add(alias);
            changed = true;
          }
          if (useful.contains(target) != useful.contains(alias)) {
            useful.add(target);
            useful.add(alias);
            changed = true;
          }
        }
      }
    }
    Activity activity = new Activity(varied, useful, new ArrayList<>(), aliasing);
    activity.checkNoWritesIntoParameters(stmts, external);
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && activity.isActive(a.target())) {
        activity.checkDerivativeExists(a, noDerivative, noPullback);
      }
    }
    return activity;
  }

  /** The variable a statement changes: an assignment's target, or the array a store writes. */
  static Var written(Stmt s) {
    return s instanceof Stmt.Assign a ? a.target() : Exprs.root(((Stmt.Store) s).array());
  }

  private static Expr value(Stmt s) {
    return s instanceof Stmt.Assign a ? a.value() : ((Stmt.Store) s).value();
  }

  /**
   * The array variables whose elements an assignment's array target may share: the source of a copy
   * or row, and a call's array arguments that carry derivatives or that the method may write into
   * through the result. An argument that may name a caller's array ({@code external}) and carries
   * no derivative is left out: it has no shadow to share (a parameter outside {@code wrt} gets
   * none), and the method must not write into it, which generated code checks after the call
   * ({@code Adjoint.requireNotReturned}).
   */
  private static List<Var> aliases(
      Stmt s, Set<Var> varied, ArrayAliasing aliasing, Map<Var, String> external) {
    Var alias = aliased(s);
    if (alias != null) {
      return List.of(alias);
    }
    if (s instanceof Stmt.Assign a && a.target().kind().isArray()) {
      List<Var> written = aliasing.argumentsWrittenThrough(a);
      return ArrayAliasing.sources(a.value()).stream()
          .filter(u -> varied.contains(u) || (written.contains(u) && !external.containsKey(u)))
          .toList();
    }
    return List.of();
  }

  /** For {@code r = a} or {@code r = m[i]} on arrays: the array variable r then shares. */
  private static Var aliased(Stmt s) {
    if (s instanceof Stmt.Assign a
        && a.target().kind().isArray()
        && (a.value() instanceof Expr.Ref || a.value() instanceof Expr.Load)) {
      return Exprs.root(a.value());
    }
    return null;
  }

  /** The variables whose derivatives flow into an expression's value. */
  static Set<Var> sources(Expr e) {
    Set<Var> out = new LinkedHashSet<>();
    if (!e.kind().isDifferentiable()) {
      return out;
    }
    e.accept(
        new Expr.Visitor<Void>() {
          @Override
          public Void visitRef(Expr.Ref r) {
            out.add(r.var());
            return null;
          }

          @Override
          public Void visitLoad(Expr.Load l) {
            out.add(Exprs.root(l.array()));
            return null;
          }

          @Override
          public Void visitUnary(Expr.Unary u) {
            out.addAll(sources(u.operand()));
            return null;
          }

          @Override
          public Void visitBinary(Expr.Binary b) {
            out.addAll(sources(b.left()));
            out.addAll(sources(b.right()));
            return null;
          }

          @Override
          public Void visitCall(Expr.Call c) {
            if (c.callee().role() == Callee.Role.DETACH) {
              return null;
            }
            // Every argument that carries a derivative passes it on, unless a rule says that its
            // derivative is zero; an argument without a declared pullback is reported when it
            // matters.
            var rule =
                c.callee().hasCustomPullbacks() ? null : DerivativeRules.of(c, c).orElse(null);
            for (int i = 0; i < c.args().size(); i++) {
              boolean zeroByRule = rule != null && rule.contributions().get(i) == null;
              if (!zeroByRule) {
                out.addAll(sources(c.args().get(i)));
              }
            }
            return null;
          }

          @Override
          public Void visitCast(Expr.Cast c) {
            // The lowering drops a cast to the operand's own kind, so a differentiable cast is a
            // double from an integer, which carries no derivative.
            return none();
          }

          @Override
          public Void visitConst(Expr.Const c) {
            return none();
          }

          @Override
          public Void visitField(Expr.Field f) {
            return none(); // a constant, or a field's array, which carries no derivative
          }

          @Override
          public Void visitPop(Expr.Pop p) {
            return none(); // not in primal code; forward mode pairs a popped value's tangent
          }

          @Override
          public Void visitLength(Expr.Length l) {
            return none(); // an int: not reached, the kind is checked above
          }

          @Override
          public Void visitArrayLiteral(Expr.ArrayLiteral l) {
            return none(); // an int[]: not reached
          }

          @Override
          public Void visitNewArray(Expr.NewArray n) {
            return none(); // a fresh array of zeros
          }

          private Void none() {
            return null;
          }
        });
    return out;
  }

  /**
   * A method must not write into its callers' arrays: the caller's gradient and values would no
   * longer be those of the arrays it passed.
   */
  private void checkNoWritesIntoParameters(List<Stmt> stmts, Map<Var, String> backing) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Store st && backing.containsKey(written(s))) {
        String what = backing.get(written(s));
        String name = what.substring(what.lastIndexOf(' ') + 1);
        problems.add(
            new Problem(
                st.origin(),
                null,
                "This writes into the "
                    + what
                    + ": differentiated code must not change arrays it did not create.",
                "Copy "
                    + name
                    + " into a new local array (double[] copy = new double["
                    + name
                    + ".length] and a loop) and change the copy."));
      }
    }
  }

  /**
   * The array variables that may name an array of the method's callers, with what they may name
   * ("parameter array x", "static field array T"): the array parameters and static fields, and
   * copies and rows of those.
   */
  private static Map<Var, String> externalArrays(
      Function f, List<Stmt> stmts, List<String> sourceNames) {
    Map<Var, String> backing = new HashMap<>(); // an array variable -> what it may name
    for (int i = 0; i < f.params().size(); i++) {
      Var p = f.params().get(i);
      String name = sourceNames.isEmpty() ? p.name() : sourceNames.get(i);
      if (p.kind().isArray()) {
        backing.put(
            p, (name.equals(p.name()) ? "parameter array " : "record component array ") + name);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : stmts) {
        if (backing.containsKey(written(s))) {
          continue;
        }
        Var alias = aliased(s);
        if (alias != null && backing.containsKey(alias)) {
          backing.put(written(s), backing.get(alias));
          changed = true;
        } else if (s instanceof Stmt.Assign a
            && a.target().kind().isArray()
            && a.value() instanceof Expr.Field field) {
          backing.put(a.target(), "static field array " + field.name());
          changed = true;
        }
      }
    }
    return backing;
  }

  private void checkDerivativeExists(
      Stmt.Assign a,
      BiFunction<Callee, Integer, String> noDerivative,
      BiFunction<Callee, Integer, String> noPullback) {
    if (!(a.value() instanceof Expr.Call call)) {
      return;
    }
    Callee callee = call.callee();
    for (int i = 0; i < call.args().size(); i++) {
      boolean carries = sources(call.args().get(i)).stream().anyMatch(varied::contains);
      if (!carries) {
        continue;
      }
      if (callee.role() == Callee.Role.LIBRARY
          && callee.hasCustomPullbacks()
          && callee.pullbacks().get(i) == null) {
        problems.add(
            new Problem(
                a.origin(),
                callee,
                "Cannot differentiate "
                    + callee.signature()
                    + " with respect to its argument "
                    + (i + 1)
                    + ": pullbacks are declared for its other arguments only.",
                noPullback.apply(callee, i)));
        return;
      }
      if (callee.role() == Callee.Role.LIBRARY && DerivativeRules.of(call, call).isEmpty()) {
        problems.add(
            new Problem(
                a.origin(),
                callee,
                "Cannot differentiate through "
                    + callee.signature()
                    + ": it has no known derivative, and its argument "
                    + (i + 1)
                    + " carries one.",
                noDerivative.apply(callee, i)));
        return;
      }
      if (callee.role() == Callee.Role.DIFFERENTIABLE && !callee.differentiated().contains(i)) {
        problems.add(
            new Problem(
                a.origin(),
                callee,
                capitalized(callee.argumentLabel(i))
                    + " of "
                    + callee.signature()
                    + " carries a derivative, but that method does not differentiate with respect"
                    + " to this parameter (see its wrt).",
                "Add the parameter to the wrt of "
                    + callee.name()
                    + ", or wrap the argument in Adjoint.detach(...)."));
        return;
      }
    }
  }

  private static String capitalized(String words) {
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /**
   * Whether {@code v} carries a derivative: it is of a differentiable kind, varied and useful.
   *
   * @param v a variable of the analysed method
   * @return whether it gets an adjoint
   */
  public boolean isActive(Var v) {
    return v.kind().isDifferentiable() && varied.contains(v) && useful.contains(v);
  }

  /**
   * Whether the result depends on a differentiated parameter at all.
   *
   * @param f the analysed method
   * @return false when the gradient is always zero (the processor warns)
   */
  public boolean resultVaries(Function f) {
    return varied.contains(f.result());
  }

  /**
   * The array model this analysis used.
   *
   * @return the array model, which the transforms share
   */
  public ArrayAliasing aliasing() {
    return aliasing;
  }

  /**
   * What the method does that cannot be differentiated (a write into a parameter's array, say),
   * each at its statement.
   *
   * @return the problems, empty when there are none
   */
  public List<Problem> problems() {
    return problems;
  }
}
