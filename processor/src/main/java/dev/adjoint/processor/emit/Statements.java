package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Expr;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The variables statements mention, in order of first mention (loop indices excluded). */
final class Statements {
  private Statements() {}

  static Set<Var> vars(Block block) {
    return vars(block, s -> false);
  }

  /** The variables, leaving out the targets of the statements {@code skip} accepts. */
  static Set<Var> vars(Block block, Predicate<Stmt> skip) {
    Set<Var> vars = new LinkedHashSet<>();
    collect(block, vars, skip);
    return vars;
  }

  private static void readsAll(List<Expr> exprs, Set<Var> vars) {
    exprs.stream().filter(e -> e != null).forEach(e -> vars.addAll(Exprs.reads(e)));
  }

  private static void collect(Block block, Set<Var> vars, Predicate<Stmt> skip) {
    for (Stmt s : block) {
      if (skip.test(s)) {
        vars.addAll(Exprs.reads(((Stmt.Assign) s).value()));
      } else if (s instanceof Stmt.Assign a) {
        vars.addAll(Exprs.reads(a.value()));
        vars.add(a.target());
      } else if (s instanceof Stmt.If i) {
        vars.addAll(Exprs.reads(i.cond()));
        collect(i.then(), vars, skip);
        collect(i.otherwise(), vars, skip);
      } else if (s instanceof Stmt.Loop l) {
        collect(l.head(), vars, skip);
        vars.addAll(Exprs.reads(l.cond()));
        collect(l.body(), vars, skip);
      } else if (s instanceof Stmt.Repeat r) {
        vars.addAll(Exprs.reads(r.count()));
        collect(r.body(), vars, skip);
      } else if (s instanceof Stmt.Push p) {
        vars.addAll(Exprs.reads(p.value()));
      } else if (s instanceof Stmt.Store st) {
        vars.addAll(Exprs.reads(st.array()));
        vars.addAll(Exprs.reads(st.index()));
        vars.addAll(Exprs.reads(st.value()));
      } else if (s instanceof Stmt.PullbackCall p) {
        p.args().forEach(a -> vars.addAll(Exprs.reads(a)));
        vars.addAll(Exprs.reads(p.seed()));
        p.adjoints().forEach(v -> {
          if (v != null) {
            vars.add(v);
          }
        });
      } else if (s instanceof Stmt.TangentCall t) {
        t.args().forEach(a -> vars.addAll(Exprs.reads(a)));
        readsAll(t.tangents(), vars);
        vars.add(t.target());
        vars.add(t.targetTangent());
      } else if (s instanceof Stmt.PullbackJvpCall p) {
        p.args().forEach(a -> vars.addAll(Exprs.reads(a)));
        readsAll(p.tangents(), vars);
        vars.addAll(Exprs.reads(p.seed()));
        vars.addAll(Exprs.reads(p.seedTangent()));
        for (List<Var> list : List.of(p.adjoints(), p.adjointTangents())) {
          list.stream().filter(v -> v != null).forEach(vars::add);
        }
      }
    }
  }
}
