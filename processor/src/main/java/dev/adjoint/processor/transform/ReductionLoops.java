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
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the reduction loops whose iterations are independent but for one sum (the
 * independent-iterations analysis behind preaccumulation): a top-level counted loop {@code for (i =
 * s; i < n; i++) body} in which
 *
 * <ol>
 *   <li>one active {@code double}, the <i>accumulator</i> {@code acc}, is assigned only as {@code
 *       acc += e} or {@code acc -= e}, and read nowhere else in the loop (e not reading it);
 *   <li>every other variable the loop assigns (besides its index and test) is <i>private</i>: no
 *       other top-level statement of the method mentions it, and each iteration assigns it before
 *       it reads it (checked by a definite-assignment pass, not taken from Java's rules);
 *   <li>every array the loop stores into is private: either assigned only new arrays inside the
 *       loop, or a local {@code double[]} allocated once, by {@code new double[len]}, before the
 *       loop and mentioned by no other top-level statement, which each iteration <i>fills</i> (a
 *       counted loop from 0 to its length storing into {@code a[j]} at the top level of its body,
 *       reading nothing of {@code a}) before anything reads it;
 *   <li>every other array variable the loop assigns is a view of an array the loop does not store
 *       into (a row {@code w[j]}), never stored through, and no call in it but a
 *       {@code @Differentiable} method's (which never writes into its arguments: the subset forbids
 *       it) takes an array; no tensor is mentioned.
 * </ol>
 *
 * <p>Then an iteration reads, of what earlier iterations did, nothing but {@code acc}, and only to
 * add to it: the loop computes {@code acc + Σ_i e_i} with every {@code e_i} a function of the
 * loop's invariants (what it reads and does not assign) and of {@code i}. So {@code ∂acc/∂v = Σ_i
 * ∂e_i/∂v} for each invariant v, and the adjoint of acc is the same in every iteration of the
 * reverse sweep: each iteration's reverse sweep can run right after its forward sweep, with that
 * adjoint set to 1, into buffers of its own, which the reverse sweep scales by the true adjoint
 * ({@link ReverseMode}). The private variables' values after the loop are not the loop's last ones
 * (the early reverse sweeps restore what they overwrote), but by (2) and (3) nothing outside the
 * loop reads them.
 */
final class ReductionLoops {

  private ReductionLoops() {}

  /**
   * A reduction loop.
   *
   * @param loop the loop, a top-level statement of the method
   * @param counted its range
   * @param accumulator the one variable it sums into
   * @param accumulations the statements that add to it
   * @param privateArrays the arrays it stores into (their adjoints are the iteration's own)
   */
  record Reduction(
      Stmt.Loop loop,
      CountedLoop counted,
      Var accumulator,
      List<Stmt.Assign> accumulations,
      Set<Var> privateArrays) {}

  /**
   * The reduction loops among the top-level statements of a method's primal block.
   *
   * @param primal the method's statements (with their shadow assignments)
   * @param countedLoops the counted loops of {@code primal}, nested ones included
   * @param isActive activity analysis's verdict on a variable
   * @return the reductions, by loop
   */
  static Map<Stmt.Loop, Reduction> find(
      Block primal, Map<Stmt.Loop, CountedLoop> countedLoops, Predicate<Var> isActive) {
    return find(primal, countedLoops, isActive, Set.of());
  }

  /**
   * The reduction loops, in a method whose scratch arrays {@code sliced} {@link ArrayExpansion}
   * expanded: each was private to its loop's iterations before the expansion (the expansion's
   * precondition, proved by this analysis and {@link Coverage} on the method as written), and the
   * expansion keeps every element an iteration reads written earlier in that iteration.
   *
   * @param sliced expanded arrays, whose coverage is not checked again (their fills now store into
   *     slices, which {@link Coverage} does not recognise)
   */
  static Map<Stmt.Loop, Reduction> find(
      Block primal,
      Map<Stmt.Loop, CountedLoop> countedLoops,
      Predicate<Var> isActive,
      Set<Var> sliced) {
    Map<Stmt.Loop, Reduction> out = new LinkedHashMap<>();
    List<Stmt> top = primal.stmts();
    for (int t = 0; t < top.size(); t++) {
      if (top.get(t) instanceof Stmt.Loop l) {
        CountedLoop counted = countedLoops.get(l);
        if (counted != null && counted.reversible()) {
          Reduction r = reduction(top, t, counted, countedLoops, isActive, sliced);
          if (r != null) {
            out.put(l, r);
          }
        }
      }
    }
    return out;
  }

  private static Reduction reduction(
      List<Stmt> top,
      int at,
      CountedLoop counted,
      Map<Stmt.Loop, CountedLoop> countedLoops,
      Predicate<Var> isActive,
      Set<Var> sliced) {
    Stmt.Loop l = counted.loop();
    Block loop = new Block().add(l);
    Set<Var> mentioned = Mentions.vars(loop);
    if (mentioned.stream().anyMatch(v -> v.kind() == Kind.TENSOR)) {
      return null;
    }
    // What the other top-level statements mention (the loop's own index init included: it is
    // the index's first assignment, outside the iterations).
    Set<Var> outside = new HashSet<>();
    Map<Var, Integer> allocatedAt = new IdentityHashMap<>();
    for (int t = 0; t < top.size(); t++) {
      if (t != at) {
        Block one = new Block().add(top.get(t));
        outside.addAll(Mentions.vars(one));
        if (t < at && top.get(t) instanceof Stmt.Assign a && a.value() instanceof Expr.NewArray) {
          allocatedAt.merge(a.target(), t, (x, y) -> -1); // -1: allocated more than once
        }
      }
    }
    Set<Var> assigned = Statements.assigned(loop);
    assigned.remove(counted.index());
    Var accumulator = null;
    for (Var v : assigned) {
      if (outside.contains(v)) {
        if (accumulator != null || v.kind() != Kind.DOUBLE || !isActive.test(v)) {
          return null; // state carried across iterations, or a second sum
        }
        accumulator = v;
      }
    }
    if (accumulator == null) {
      return null;
    }
    List<Stmt.Assign> accumulations = new ArrayList<>();
    if (!onlySummedInto(loop, accumulator, accumulations)) {
      return null;
    }
    // The arrays stored into, and the views the loop assigns.
    Set<Var> privateArrays = new HashSet<>();
    Set<Var> storedInto = new HashSet<>();
    boolean[] ok = {true};
    Statements.forEach(
        loop,
        s -> {
          if (s instanceof Stmt.Store st) {
            storedInto.add(Exprs.root(st.array()));
          }
          for (Expr e : Statements.ownExpressions(s)) {
            if (Exprs.anyMatch(
                e,
                x ->
                    x instanceof Expr.Call c
                        && c.callee().role() != Callee.Role.DIFFERENTIABLE
                        && c.args().stream().anyMatch(arg -> arg.kind().isArray()))) {
              ok[0] = false; // a library method might write into an array it is given
            }
          }
        });
    if (!ok[0]) {
      return null;
    }
    Set<Var> views = new HashSet<>();
    for (Var v : assigned) {
      if (!v.kind().isArray() || v.role() == Var.Role.ADJOINT) {
        continue; // shadows mirror the primal assignments checked here
      }
      boolean[] fresh = {true};
      boolean[] view = {true};
      Statements.forEachAssign(
          loop,
          a -> {
            if (a.target() == v) {
              fresh[0] &= a.value() instanceof Expr.NewArray;
              view[0] &= Exprs.isPath(a.value()) && !storedInto.contains(Exprs.root(a.value()));
            }
          });
      if (fresh[0]) {
        privateArrays.add(v);
      } else if (view[0] && !storedInto.contains(v)) {
        views.add(v);
      } else {
        return null;
      }
    }
    // Arrays allocated before the loop and filled in each iteration.
    Map<Var, Expr> lengths = new IdentityHashMap<>();
    for (Var v : storedInto) {
      if (privateArrays.contains(v)) {
        continue;
      }
      Integer t = allocatedAt.get(v);
      if (t == null
          || t < 0
          || v.kind() != Kind.DOUBLE_ARRAY
          || !(v.role() == Var.Role.LOCAL || v.role() == Var.Role.TEMP)
          || assigned.contains(v)
          || mentionedElsewhere(top, v, t, at)) {
        return null;
      }
      Expr.NewArray alloc = (Expr.NewArray) ((Stmt.Assign) top.get(t)).value();
      Expr length = alloc.dimensions().size() == 1 ? alloc.dimensions().get(0) : null;
      if (length == null || !unchanged(top, Exprs.reads(length), t, at, loop)) {
        return null;
      }
      lengths.put(v, length);
    }
    privateArrays.addAll(lengths.keySet());
    Set<Var> checked = new HashSet<>(lengths.keySet());
    checked.removeAll(sliced);
    if (!new Coverage(lengths, checked, countedLoops).covered(l.body(), new HashSet<>())) {
      return null;
    }
    Set<Var> privates = new HashSet<>(assigned);
    privates.remove(accumulator);
    if (!definitelyAssigned(l.head(), new HashSet<>(), privates)
        || !definitelyAssigned(
            l.body(), definitelyAssignedAfter(l.head(), new HashSet<>(), privates), privates)) {
      return null;
    }
    return new Reduction(l, counted, accumulator, accumulations, privateArrays);
  }

  /** Whether the loop only adds to {@code acc}; collects the additions. */
  private static boolean onlySummedInto(Block loop, Var acc, List<Stmt.Assign> accumulations) {
    boolean[] ok = {true};
    Statements.forEach(
        loop,
        s -> {
          if (s instanceof Stmt.Assign a && a.target() == acc) {
            if (Exprs.isAccumulation(acc, a.value())) {
              accumulations.add(a);
            } else {
              ok[0] = false;
            }
            return;
          }
          if (!(s instanceof Stmt.Loop) && !(s instanceof Stmt.If) && assignsThroughCall(s, acc)) {
            ok[0] = false;
          }
          for (Expr e : Statements.ownExpressions(s)) {
            ok[0] &= !Exprs.reads(e, acc);
          }
        });
    return ok[0];
  }

  private static boolean assignsThroughCall(Stmt s, Var v) {
    return Statements.assigned(new Block().add(s)).contains(v);
  }

  /** Whether a top-level statement but the allocation {@code t} and the loop mentions v. */
  private static boolean mentionedElsewhere(List<Stmt> top, Var v, int t, int at) {
    for (int u = 0; u < top.size(); u++) {
      if (u != t && u != at && Mentions.vars(new Block().add(top.get(u))).contains(v)) {
        return true;
      }
    }
    return false;
  }

  /** Whether nothing from the allocation at {@code from} to the loop's end assigns {@code vars}. */
  private static boolean unchanged(List<Stmt> top, Set<Var> vars, int from, int to, Block loop) {
    Set<Var> changed = new HashSet<>(Statements.assigned(loop));
    for (int t = from + 1; t < to; t++) {
      changed.addAll(Statements.assigned(new Block().add(top.get(t))));
    }
    return vars.stream().noneMatch(changed::contains);
  }

  /**
   * Whether every read of a private variable in {@code block} follows, on every path, its
   * assignment in the same iteration ({@code da}: the variables assigned so far).
   */
  private static boolean definitelyAssigned(Block block, Set<Var> da, Set<Var> privates) {
    return definitelyAssignedAfter(block, da, privates) != null;
  }

  /** The variables definitely assigned after {@code block}, or null if a read comes first. */
  private static Set<Var> definitelyAssignedAfter(Block block, Set<Var> da, Set<Var> privates) {
    Set<Var> now = new HashSet<>(da);
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l) {
        // The head runs at least once, then the test; the body maybe not at all.
        Set<Var> head = definitelyAssignedAfter(l.head(), now, privates);
        if (head == null
            || !readsAssigned(l.cond(), head, privates)
            || definitelyAssignedAfter(l.body(), head, privates) == null) {
          return null;
        }
        now = head;
        continue;
      }
      for (Expr e : Statements.ownExpressions(s)) {
        if (!readsAssigned(e, now, privates)) {
          return null;
        }
      }
      if (s instanceof Stmt.If i) {
        Set<Var> then = definitelyAssignedAfter(i.then(), now, privates);
        Set<Var> otherwise = definitelyAssignedAfter(i.otherwise(), now, privates);
        if (then == null || otherwise == null) {
          return null;
        }
        then.retainAll(otherwise);
        now = then;
      } else if (!Stmts.blocks(s).isEmpty()) {
        return null; // no other compound statement in a primal block
      } else {
        now.addAll(Statements.assigned(new Block().add(s)));
      }
    }
    return now;
  }

  private static boolean readsAssigned(Expr e, Set<Var> da, Set<Var> privates) {
    return Exprs.reads(e).stream().noneMatch(v -> privates.contains(v) && !da.contains(v));
  }

  /**
   * Whether each read of an array allocated before the loop comes after a fill of it in the same
   * iteration (of the loop or of a loop nested in it).
   */
  static final class Coverage {
    private final Map<Var, Expr> lengths;
    private final Set<Var> checked;
    private final Map<Stmt.Loop, CountedLoop> countedLoops;

    /**
     * @param lengths arrays allocated once, each with its length (its allocation's dimension, which
     *     nothing changes), so that a loop up to {@code b.length} fills an array as long as b
     * @param checked the arrays whose reads must follow a fill, among {@code lengths}
     * @param countedLoops the counted loops, nested ones included
     */
    Coverage(Map<Var, Expr> lengths, Set<Var> checked, Map<Stmt.Loop, CountedLoop> countedLoops) {
      this.lengths = lengths;
      this.checked = checked;
      this.countedLoops = countedLoops;
    }

    /**
     * Whether {@code bound} is the length of {@code a}: its allocation's, or an array's as long.
     */
    boolean isLength(Expr bound, Var a) {
      Expr length = lengths.get(a);
      return length != null
          && (bound.equals(length)
              || (bound instanceof Expr.Length l
                  && l.array() instanceof Expr.Ref r
                  && length.equals(lengths.get(r.var()))));
    }

    /**
     * Whether every read of the arrays in {@code block} follows a fill (given {@code filled}). A
     * loop that fills an array may read it itself, element {@code i} after storing it in the same
     * iteration ({@link #fills}): those reads follow a fill too.
     */
    boolean covered(Block block, Set<Var> filled) {
      Set<Var> now = new HashSet<>(filled);
      for (Stmt s : block) {
        if (!ownReadsCovered(s, now)) {
          return false;
        }
        List<Var> fills = s instanceof Stmt.Loop l ? fills(l) : List.of();
        Set<Var> inside = new HashSet<>(now);
        inside.addAll(fills);
        for (Block nested : Stmts.blocks(s)) {
          if (!covered(nested, inside)) {
            return false;
          }
        }
        now.addAll(fills);
      }
      return true;
    }

    /** Reads by the statement's own expressions, not the array a store writes through. */
    private boolean ownReadsCovered(Stmt s, Set<Var> filled) {
      for (Expr e : Statements.readExpressions(s)) {
        for (Var v : checked) {
          if (!filled.contains(v) && Statements.readsElements(e, v, null)) {
            return false;
          }
        }
      }
      return true;
    }

    /**
     * The arrays a counted loop from 0 to their length fills: stores into {@code a[i]} at the top
     * level of its body, with nothing in it reading {@code a} but, at the top level after that
     * store, element {@code a[i]} (two loops over one range fused, {@link MapLoopFusion}).
     */
    private List<Var> fills(Stmt.Loop l) {
      CountedLoop c = countedLoops.get(l);
      List<Var> out = new ArrayList<>();
      if (c == null || !Expr.Const.ofInt(0).equals(c.start())) {
        return out;
      }
      for (Var a : checked) {
        if (isLength(c.bound(), a)
            && c.ownElement(a).filter(e -> e.equals(new Expr.Ref(c.index()))).isPresent()) {
          out.add(a);
        }
      }
      return out;
    }
  }
}
