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
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refills recomputed instead of taped: GMM's {@code xcentered[id] = x[..] - means[..]} at the start
 * of every (point, component). The plain reverse sweep pushes each element the refill overwrites
 * and pops it back after the iteration's reverse, so that the previous iteration's reverse finds
 * its own values; here the reverse loop runs the refill again at the start of each iteration
 * instead, which costs two loads and a subtraction where a push and a pop cost more.
 *
 * <p>A refill {@code R} qualifies, in the body {@code B} of a counted loop {@code L} that the
 * reverse sweep runs on its own index, when
 *
 * <ol>
 *   <li>{@code R} is a statement of {@code B}'s top level, a counted loop from 0 to the length of a
 *       {@code double[]} variable {@code a} (its allocation's dimension or {@code a.length}) whose
 *       body is assignments to variables mentioned only in {@code R} (and its index's
 *       initialization), one store {@code a[i] = v} through {@code a} at the body's top level, and
 *       the increment, with no call and no other mention of {@code a} (the old contents it would
 *       read are gone when it runs again);
 *   <li>{@code a} is a local that one assignment outside {@code L} sets to {@code new double[n]}
 *       ({@code n} a constant or a variable assigned at most once) and that nothing else outside
 *       {@code L} mentions; inside {@code L}, only {@code R} stores into it, and it appears only as
 *       the array of a load or a length (no alias, no call argument);
 *   <li>no statement of {@code B} before {@code R} mentions {@code a}; and no statement of {@code
 *       B} after {@code R} assigns a variable {@code R} reads, other than {@code L}'s index, nor
 *       stores into an array {@code R} loads from.
 * </ol>
 *
 * <p>Why this is safe. At the start of the reverse of iteration {@code j} of {@code L} (after the
 * reverse loop has set the index to {@code j}), the reverse sweep needs {@code a} to hold what it
 * held at the end of iteration {@code j}, which is what {@code R} wrote in that iteration (3:
 * nothing after {@code R} writes {@code a}; {@code R} writes every element). Running {@code R}
 * again there writes the same values: its reads are of variables and arrays that nothing after
 * {@code R} in the iteration changes (3), and that anything after the iteration changes is put back
 * before the reverse sweep gets here, because the to-be-recorded analysis counts them read by the
 * reverse sweep at {@code R}; its own temporaries are mentioned nowhere else (1). The plain reverse
 * sweep would restore {@code a}'s elements after the iteration's reverse, for two readers only: the
 * reverse of the previous iteration, which now recomputes {@code a} itself before reading it, and
 * reverse statements before {@code R} in the iteration or before {@code L}, which do not exist (2,
 * 3). So {@code R}'s stores are neither pushed nor popped, and every adjoint statement reads the
 * values it read before.
 */
final class RefillRecompute {
  private final Function function;
  private final Block body;
  private final Map<Stmt.Loop, CountedLoop> countedLoops;
  private final Map<Var, Integer> assignments;

  private RefillRecompute(
      Function function,
      Block body,
      Map<Stmt.Loop, CountedLoop> counted,
      Map<Var, Integer> assignments) {
    this.function = function;
    this.body = body;
    this.countedLoops = counted;
    this.assignments = assignments;
  }

  /**
   * The refills to recompute, by the loop whose reverse runs them again.
   *
   * @param function the method
   * @param body its statements as the reverse-mode transform sees them
   * @param countedLoops the counted loops of {@code body}
   * @param assignments how many assignments each variable of the method has
   * @return for each loop {@code L}, the statements to run at the start of each iteration's
   *     reverse: each refill's index initialization and the refill, in program order
   */
  static Map<Stmt.Loop, List<Stmt>> find(
      Function function,
      Block body,
      Map<Stmt.Loop, CountedLoop> countedLoops,
      Map<Var, Integer> assignments) {
    Map<Stmt.Loop, List<Stmt>> out = new IdentityHashMap<>();
    new RefillRecompute(function, body, countedLoops, assignments).search(body, out);
    return out;
  }

  private void search(Block block, Map<Stmt.Loop, List<Stmt>> out) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l
          && countedLoops.get(l) != null
          && countedLoops.get(l).reversible()) {
        List<Stmt> refills = refills(l, countedLoops.get(l));
        if (!refills.isEmpty()) {
          out.put(l, refills);
        }
      }
      for (Block nested : Stmts.blocks(s)) {
        search(nested, out);
      }
    }
  }

  private List<Stmt> refills(Stmt.Loop loop, CountedLoop outer) {
    List<Stmt> found = new ArrayList<>();
    List<Stmt> stmts = loop.body().stmts();
    for (int k = 1; k < stmts.size(); k++) {
      if (stmts.get(k) instanceof Stmt.Loop r
          && countedLoops.get(r) != null
          && qualifies(loop, outer, stmts, k, countedLoops.get(r))) {
        found.add(stmts.get(k - 1)); // the index's initialization
        found.add(r);
      }
    }
    return found;
  }

  private boolean qualifies(
      Stmt.Loop loop, CountedLoop outer, List<Stmt> stmts, int at, CountedLoop refill) {
    Stmt.Loop r = refill.loop();
    if (!Expr.Const.ofInt(0).equals(refill.start())) {
      return false;
    }
    // (1) Assignments, one store through a, the increment; no call.
    Var a = null;
    Set<Var> own = new HashSet<>();
    own.add(refill.index());
    for (Stmt s : r.body()) {
      if (s instanceof Stmt.Store st && st.array() instanceof Expr.Ref ref && a == null) {
        a = ref.var();
      } else if (!(s instanceof Stmt.Assign asg)) {
        return false;
      } else {
        own.add(asg.target());
      }
    }
    if (a == null || a.kind() != Kind.DOUBLE_ARRAY || !refill.storesEveryIteration(a)) {
      return false;
    }
    for (Stmt s : r.body()) {
      List<Expr> exprs = new ArrayList<>(Statements.expressions(s));
      if (s instanceof Stmt.Store) {
        exprs.remove(0); // the store's own target
      }
      for (Expr e : exprs) {
        if (Exprs.anyMatch(e, x -> x instanceof Expr.Call) || Exprs.reads(e, a)) {
          return false; // a call, or the old contents, which are gone when it runs again
        }
      }
    }
    Stmt.Assign init = (Stmt.Assign) stmts.get(at - 1);
    Map<Var, List<Stmt>> outsideRefill = new java.util.HashMap<>();
    mentions(body, s -> s == r || s == init, outsideRefill);
    for (Var v : own) {
      if (outsideRefill.containsKey(v)) {
        return false;
      }
    }
    // (2) a: one allocation outside the loop, mentioned nowhere else outside it.
    Map<Var, List<Stmt>> outsideLoop = new java.util.HashMap<>();
    mentions(body, s -> s == loop, outsideLoop);
    List<Stmt> allocations = outsideLoop.getOrDefault(a, List.of());
    if (function.params().contains(a)
        || allocations.size() != 1
        || !(allocations.get(0) instanceof Stmt.Assign alloc)
        || alloc.target() != a
        || !(alloc.value() instanceof Expr.NewArray n)
        || n.dimensions().size() != 1) {
      return false;
    }
    Expr length = n.dimensions().get(0);
    if (!(length instanceof Expr.Const || length instanceof Expr.Ref)
        || Exprs.reads(length).stream().anyMatch(v -> assignments.getOrDefault(v, 0) > 1)
        || Exprs.reads(length).stream()
            .anyMatch(v -> assignments.getOrDefault(v, 0) == 1 && function.params().contains(v))
        || !(refill.bound().equals(length)
            || refill.bound().equals(new Expr.Length(new Expr.Ref(a))))) {
      return false;
    }
    final Var array = a;
    boolean[] ok = {true};
    Statements.forEach(
        loop.body(),
        s -> {
          if (s instanceof Stmt.Store st && Exprs.root(st.array()) == array && !inside(r, s)) {
            ok[0] = false;
          }
          List<Expr> exprs = new ArrayList<>(Statements.expressions(s));
          if (s instanceof Stmt.Store st
              && st.array() instanceof Expr.Ref ref
              && ref.var() == array) {
            exprs.remove(0); // the store's own target
          }
          for (Expr e : exprs) {
            if (!onlyLoadedFrom(e, array)) {
              ok[0] = false;
            }
          }
        });
    if (!ok[0]) {
      return false;
    }
    // (3) Nothing before R mentions a; nothing after it changes what R reads.
    for (int k = 0; k < at - 1; k++) {
      if (Mentions.vars(new Block().add(stmts.get(k))).contains(a)) {
        return false;
      }
    }
    Set<Var> reads = new HashSet<>(Mentions.vars(r.body()));
    reads.addAll(Exprs.reads(refill.bound()));
    reads.removeAll(own);
    reads.remove(a);
    Set<Var> loaded = new HashSet<>();
    Statements.forEach(
        r.body(), s -> Statements.expressions(s).forEach(e -> collectLoaded(e, loaded)));
    for (int k = at + 1; k < stmts.size(); k++) {
      boolean[] clash = {false};
      Statements.forEach(
          new Block().add(stmts.get(k)),
          s -> {
            if (s instanceof Stmt.Assign asg
                && asg.target() != outer.index()
                && reads.contains(asg.target())) {
              clash[0] = true;
            }
            if (s instanceof Stmt.Store st && loaded.contains(Exprs.root(st.array()))) {
              clash[0] = true;
            }
          });
      if (clash[0]) {
        return false;
      }
    }
    return true;
  }

  private static boolean inside(Stmt.Loop r, Stmt s) {
    boolean[] found = {false};
    Statements.forEach(r.body(), x -> found[0] |= x == s);
    return found[0];
  }

  /** Whether {@code a} appears in {@code e} only as the array of a load or of a length. */
  private static boolean onlyLoadedFrom(Expr e, Var a) {
    if ((e instanceof Expr.Load l && l.array() instanceof Expr.Ref ref && ref.var() == a)
        || (e instanceof Expr.Length len && len.array() instanceof Expr.Ref r2 && r2.var() == a)) {
      return e instanceof Expr.Length || onlyLoadedFrom(((Expr.Load) e).index(), a);
    }
    if (e instanceof Expr.Ref ref && ref.var() == a) {
      return false;
    }
    for (Expr child : Exprs.children(e)) {
      if (!onlyLoadedFrom(child, a)) {
        return false;
      }
    }
    return true;
  }

  private static void collectLoaded(Expr e, Set<Var> out) {
    if (e instanceof Expr.Load l) {
      out.add(Exprs.root(l.array()));
    }
    for (Expr child : Exprs.children(e)) {
      collectLoaded(child, out);
    }
  }

  /** For each variable, the statements not under {@code skip} that mention it (shallowly). */
  private static void mentions(
      Block block, java.util.function.Predicate<Stmt> skip, Map<Var, List<Stmt>> out) {
    for (Stmt s : block) {
      if (skip.test(s)) {
        continue;
      }
      Set<Var> vars = new HashSet<>();
      Statements.expressions(s).forEach(e -> vars.addAll(Exprs.reads(e)));
      if (s instanceof Stmt.Assign a) {
        vars.add(a.target());
      }
      for (Var v : vars) {
        out.computeIfAbsent(v, x -> new ArrayList<>()).add(s);
      }
      for (Block nested : Stmts.blocks(s)) {
        mentions(nested, skip, out);
      }
    }
  }
}
