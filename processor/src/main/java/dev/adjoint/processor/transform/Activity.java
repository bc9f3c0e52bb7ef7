package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Origin;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

  /** A place where a derivative would have to flow through something that has none. */
  public record Problem(Origin origin, Callee callee, String problem, String fix) {}

  private Activity(Set<Var> varied, Set<Var> useful, List<Problem> problems) {
    this.varied = varied;
    this.useful = useful;
    this.problems = problems;
  }

  public static Activity analyze(Function f) {
    List<Stmt.Assign> assigns = new ArrayList<>();
    Statements.forEachAssign(f.body(), assigns::add);

    Set<Var> varied = new HashSet<>(f.independents());
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt.Assign a : assigns) {
        if (a.target().kind() == Kind.DOUBLE
            && !varied.contains(a.target())
            && sources(a.value()).stream().anyMatch(varied::contains)) {
          varied.add(a.target());
          changed = true;
        }
      }
    }
    Set<Var> useful = new HashSet<>();
    useful.add(f.result());
    changed = true;
    while (changed) {
      changed = false;
      for (Stmt.Assign a : assigns) {
        if (useful.contains(a.target())) {
          changed |= useful.addAll(sources(a.value()));
        }
      }
    }
    Activity activity = new Activity(varied, useful, new ArrayList<>());
    for (Stmt.Assign a : assigns) {
      if (activity.isActive(a.target())) {
        activity.checkDerivativeExists(a);
      }
    }
    return activity;
  }

  /** The variables whose derivatives flow into an expression's value. */
  static Set<Var> sources(Expr e) {
    Set<Var> out = new LinkedHashSet<>();
    if (e.kind() != Kind.DOUBLE) {
      return out;
    }
    if (e instanceof Expr.Ref r) {
      out.add(r.var());
    } else if (e instanceof Expr.Unary u) {
      out.addAll(sources(u.operand()));
    } else if (e instanceof Expr.Binary b) {
      out.addAll(sources(b.left()));
      out.addAll(sources(b.right()));
    } else if (e instanceof Expr.Call c) {
      if (c.callee().role() == Callee.Role.DETACH) {
        return out;
      }
      var rule = DerivativeRules.of(e, e);
      for (int i = 0; i < c.args().size(); i++) {
        boolean zeroByRule = rule.isPresent() && rule.get().contributions().get(i) == null;
        if (!zeroByRule) {
          out.addAll(sources(c.args().get(i)));
        }
      }
    }
    return out;
  }

  private void checkDerivativeExists(Stmt.Assign a) {
    if (!(a.value() instanceof Expr.Call call)) {
      return;
    }
    Callee callee = call.callee();
    for (int i = 0; i < call.args().size(); i++) {
      boolean carries = sources(call.args().get(i)).stream().anyMatch(varied::contains);
      if (!carries) {
        continue;
      }
      if (callee.role() == Callee.Role.LIBRARY && DerivativeRules.of(call, call).isEmpty()) {
        problems.add(
            new Problem(
                a.origin(),
                callee,
                "Cannot differentiate through " + callee.signature()
                    + ": it has no known derivative, and its argument " + (i + 1)
                    + " carries one.",
                "Annotate " + callee.owner().simpleNames().get(callee.owner().simpleNames().size()
                    - 1) + "." + callee.name() + " with @Differentiable, or wrap the argument in"
                    + " Adjoint.detach(...) if no derivative should flow through it."));
        return;
      }
      if (callee.role() == Callee.Role.DIFFERENTIABLE && !callee.differentiated().contains(i)) {
        problems.add(
            new Problem(
                a.origin(),
                callee,
                "Argument " + (i + 1) + " of " + callee.signature()
                    + " carries a derivative, but that method does not differentiate with respect"
                    + " to this parameter (see its wrt).",
                "Add the parameter to the wrt of " + callee.name()
                    + ", or wrap the argument in Adjoint.detach(...)."));
        return;
      }
    }
  }

  public boolean isActive(Var v) {
    return v.kind() == Kind.DOUBLE && varied.contains(v) && useful.contains(v);
  }

  /** Whether the result depends on a differentiated parameter at all. */
  public boolean resultVaries(Function f) {
    return varied.contains(f.result());
  }

  public List<Problem> problems() {
    return problems;
  }
}
