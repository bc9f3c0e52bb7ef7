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

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Running extrema: a counted loop that keeps the element it likes best, {@code for (i = 1; i < n;
 * i++) { if (v[i] > mx) { mx = v[i]; } }}, keeps the index of that element as well, and sets {@code
 * mx} from it once after the loop. The reverse sweep then routes {@code mx}'s adjoint to that one
 * element, where it would otherwise replay the loop backwards on a branch decision taped per
 * iteration (JAX's and PyTorch's {@code max} do the same: the gradient goes to the index kept).
 * This is the rewrite, on the lowered method, before activity analysis:
 *
 * <pre>{@code
 * mxSoFar = mx; mxAt = -1;                  // before the loop's i = start
 * loop { ... } while (...) {
 *   <assignments, reading mxSoFar for mx>
 *   if (cond) { <assignments>; mxSoFar = E(i); mxAt = i; <assignments> }
 *   i = i + 1
 * }
 * if (mxAt >= 0) { mx = E(mxAt); }          // E's statements again, with mxAt for i
 * }</pre>
 *
 * <p>Where it applies: the loop is counted ({@link CountedLoop}) from a non-negative constant; its
 * body is assignments without calls, then a branch without {@code else} made of assignments, then
 * the increment; the branch assigns one {@code double} that is not a temporary ({@code mx}, a local
 * that is active), and the value it assigns, with the assignments before it inlined, calls nothing
 * and reads no variable that the loop assigns but {@code i} (the loop stores into no array).
 *
 * <p>Why the values do not change. (1) {@code mxSoFar} takes, in the same order, every value that
 * {@code mx} takes in the original loop: it is {@code mx} renamed in the loop, with the same
 * initial value. (2) Only the increment, the last statement of the body, assigns {@code i}, which
 * starts at a non-negative constant, so {@code mxAt} is non-negative once assigned and {@code mxAt
 * >= 0} holds exactly when the branch ran. (3) {@code E(i)} reads nothing the loop changes but
 * {@code i}, and no statement in the loop has a side effect: computed again after the loop with
 * {@code mxAt} for {@code i}, by copies of its statements into new variables, it has the value it
 * had when the branch last ran, which is {@code mxSoFar}'s last value. So after the rewrite {@code
 * mx} holds what it held after the original loop, and every other variable too (their statements
 * are unchanged but for reading {@code mxSoFar}, which equals {@code mx} there).
 *
 * <p>Why derivatives improve and stay right. {@code mxSoFar} now reaches the result only through
 * the branch's test, which has no derivative, so activity analysis finds it not useful: the loop
 * has no adjoint, tapes no branch decision, and the reverse sweep adds {@code mx}'s adjoint into
 * the operands of {@code E(mxAt)}: the element the original's reverse sweep reached (it zeroes
 * {@code mx}'s adjoint at the last iteration that assigned it). The copies keep the lowering's form
 * (one operation over variables and constants), which the transforms differentiate. Only loops
 * where {@code mx} is active are rewritten: elsewhere the rewrite would only add statements.
 */
public final class RunningExtrema {
  private final Predicate<Var> active;
  private boolean changed;

  private RunningExtrema(Predicate<Var> active) {
    this.active = active;
  }

  /**
   * The method with its running-extremum loops rewritten, or {@code f} itself when it has none.
   *
   * @param f the lowered method
   * @param active whether a variable is active in {@code f}
   * @return the rewritten method, or {@code f}
   */
  public static Function rewrite(Function f, Predicate<Var> active) {
    RunningExtrema pass = new RunningExtrema(active);
    Block body = pass.block(f.body());
    return pass.changed
        ? new Function(f.name(), f.params(), f.independents(), body, f.result())
        : f;
  }

  private Block block(Block in) {
    Block out = new Block();
    for (Stmt s : in) {
      Stmt rebuilt = Stmts.withBlocks(s, Stmts.blocks(s).stream().map(this::block).toList());
      List<Stmt> done = out.stmts();
      Stmt previous = done.isEmpty() ? null : done.get(done.size() - 1);
      Optional<Rewrite> r =
          rebuilt instanceof Stmt.Loop l
              ? CountedLoop.of(previous, l).flatMap(this::match)
              : Optional.empty();
      if (r.isEmpty()) {
        out.add(rebuilt);
        continue;
      }
      changed = true;
      Rewrite w = r.get();
      // Before the index's initialisation, which must stay right before the loop.
      done.add(done.size() - 1, new Stmt.Assign(w.soFar(), new Expr.Ref(w.target()), null));
      done.add(done.size() - 1, new Stmt.Assign(w.at(), Expr.Const.ofInt(-1), null));
      out.add(w.loop());
      // The test reads the index itself, which the reverse sweep keeps anyway, not a flag.
      out.add(
          new Stmt.If(
              new Expr.Binary(BinaryOp.GE, new Expr.Ref(w.at()), Expr.Const.ofInt(0), Kind.BOOLEAN),
              w.element(),
              new Block()));
    }
    return out;
  }

  /**
   * A loop to rewrite: {@code target} is the variable it keeps, {@code soFar} and {@code at} the
   * variables the rewritten {@code loop} keeps instead, and {@code element} the statements that set
   * {@code target} from the element at {@code at} after the loop.
   */
  private record Rewrite(Var target, Var soFar, Var at, Block element, Stmt.Loop loop) {}

  private Optional<Rewrite> match(CountedLoop c) {
    if (!(c.start() instanceof Expr.Const k && k.value() instanceof Integer s && s >= 0)) {
      return Optional.empty();
    }
    List<Stmt> body = c.loop().body().stmts();
    int n = body.size(); // the last statement is the increment
    if (n < 2
        || !(body.get(n - 2) instanceof Stmt.If branch)
        || !branch.otherwise().isEmpty()
        || !body.subList(0, n - 2).stream().allMatch(x -> x instanceof Stmt.Assign)
        || !branch.then().stmts().stream().allMatch(x -> x instanceof Stmt.Assign)) {
      return Optional.empty();
    }
    List<Stmt> then = branch.then().stmts();
    // The variable kept: the branch's one assignment to a double that is not a temporary (the
    // others compute its value, or keep an index of the user's).
    List<Stmt.Assign> kept =
        then.stream()
            .map(x -> (Stmt.Assign) x)
            .filter(a -> a.target().kind() == Kind.DOUBLE && a.target().role() != Var.Role.TEMP)
            .toList();
    if (kept.size() != 1) {
      return Optional.empty();
    }
    Stmt.Assign set = kept.get(0);
    Var target = set.target();
    if (target.role() == Var.Role.PARAMETER || !active.test(target)) {
      return Optional.empty();
    }
    // Up to the kept variable's assignment: values without calls, each variable assigned once;
    // each value is kept with the earlier ones inlined (a later one's would be the previous
    // iteration's, which the check of the element below rejects).
    List<Stmt> leading = new ArrayList<>(body.subList(0, n - 2));
    leading.addAll(then.subList(0, then.indexOf(set)));
    Map<Var, Expr> before = new HashMap<>();
    for (Stmt x : leading) {
      Stmt.Assign a = (Stmt.Assign) x;
      if (a.target() == target
          || a.target() == c.index()
          || !InvariantAccumulations.pure(a.value())
          || before.put(a.target(), inlined(a.value(), before)) != null) {
        return Optional.empty();
      }
    }
    Expr element = inlined(set.value(), before);
    Set<Var> assigned = Statements.assigned(new Block().add(c.loop()));
    if (!InvariantAccumulations.pure(element)
        || Exprs.reads(element).stream().anyMatch(v -> v != c.index() && assigned.contains(v))) {
      return Optional.empty();
    }
    Var soFar = new Var(target.name() + "SoFar", Kind.DOUBLE, Var.Role.LOCAL);
    Var at = new Var(target.name() + "At", Kind.INT, Var.Role.LOCAL);
    // The loop with mxAt = i after the kept assignment, then with mxSoFar for mx throughout.
    Block withIndex = new Block();
    for (Stmt x : then) {
      withIndex.add(x);
      if (x == set) {
        withIndex.add(new Stmt.Assign(at, new Expr.Ref(c.index()), null));
      }
    }
    Block newBody = new Block();
    body.subList(0, n - 2).forEach(newBody::add);
    newBody.add(new Stmt.If(branch.cond(), withIndex, new Block()));
    newBody.add(body.get(n - 1));
    Stmt.Loop loop =
        (Stmt.Loop)
            Statements.rename(
                new Stmt.Loop(c.loop().head(), c.loop().cond(), newBody), Map.of(target, soFar));
    return Optional.of(
        new Rewrite(target, soFar, at, elementAt(leading, set, c.index(), at), loop));
  }

  /**
   * The statements that compute the kept value, {@code set} and those of {@code leading} it depends
   * on, again in order, with {@code at} for the index and new variables for the intermediate ones:
   * each statement keeps the lowering's form (one operation over variables and constants), which
   * the transforms expect, and the loop's own variables keep their last values.
   */
  private static Block elementAt(List<Stmt> leading, Stmt.Assign set, Var index, Var at) {
    Set<Var> needed = new HashSet<>(Exprs.reads(set.value()));
    for (int k = leading.size() - 1; k >= 0; k--) {
      Stmt.Assign a = (Stmt.Assign) leading.get(k);
      if (needed.contains(a.target())) {
        needed.addAll(Exprs.reads(a.value()));
      }
    }
    Map<Var, Var> copies = new HashMap<>(Map.of(index, at));
    Block out = new Block();
    for (Stmt x : leading) {
      Var v = ((Stmt.Assign) x).target();
      if (needed.contains(v)) {
        copies.put(v, new Var(v.name(), v.kind(), v.role()));
        out.add(Statements.rename(x, copies));
      }
    }
    return out.add(Statements.rename(set, copies));
  }

  /** {@code e} with each variable of {@code defs} replaced by its (already inlined) value. */
  private static Expr inlined(Expr e, Map<Var, Expr> defs) {
    if (e instanceof Expr.Ref r && defs.containsKey(r.var())) {
      return defs.get(r.var());
    }
    return Exprs.rebuild(e, x -> inlined(x, defs));
  }
}
