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
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Array expansion of a reduction loop's scratch arrays (privatisation by expansion): a scratch
 * array that each iteration of an inner loop fills and then reads gets one slice per iteration, so
 * the values of every iteration stay for the reverse sweep, which otherwise tapes each element the
 * next iteration overwrites, or computes the fill again.
 *
 * <p>A {@code double[]} scratch array {@code a} of a reduction loop R ({@link ReductionLoops}: a
 * local allocated once before R by {@code new double[len]}, which no other top-level statement
 * mentions) is expanded over a counted loop L at the top level of R's body when
 *
 * <ol>
 *   <li>every mention of {@code a} in R is in L's body, as an element {@code a[e]} (read or stored
 *       into) or as {@code a.length};
 *   <li>L runs its index {@code s} from 0 to a bound {@code k}, and {@code k} and {@code len} are
 *       {@code int} constants, variables no statement of the method assigns, or lengths of array
 *       variables none assigns;
 *   <li>each iteration of L fills {@code a} before it reads an element ({@link
 *       ReductionLoops.Coverage});
 *   <li>every index {@code e} lies in {@code [0, len)}: it is the index of a counted loop of L's
 *       body that runs from a non-negative start (a constant, or sums of such and of enclosing
 *       indices) to {@code len} or {@code a.length}.
 * </ol>
 *
 * <p>Then the rewrite allocates {@code new double[Adjoint.slices(k, len)]} (that is, {@code max(k,
 * 0) × len}) and turns {@code a[e]} into {@code a[s * len + e]} and {@code a.length} into {@code
 * len}. By (4) iteration {@code s} touches only elements {@code [s·len, s·len + len)}, its slice,
 * and by (1) and (3) it reads only what it wrote there itself, so every value the method computes
 * is the same, and no access goes out of bounds in one version and not in the other. By (1) the
 * values after L were never read. What changes is the reverse sweep's work: no iteration of L
 * overwrites another's values, which {@link ReverseMode}'s to-be-recorded analysis knows as "a
 * store into a slice needs saving only if the reverse sweep reads the array before L, or in the
 * same iteration of L". The expansion only pays off where each iteration of R runs its own reverse
 * sweep (preaccumulation): {@link ReverseMode#transform} keeps it only where R is preaccumulated.
 */
final class ArrayExpansion {

  private ArrayExpansion() {}

  /**
   * A method with expanded scratch arrays.
   *
   * @param function the rewritten method
   * @param slices for each expanded array, the index of the loop it has a slice per iteration of
   */
  record Expanded(Function function, Map<Var, Var> slices) {}

  /**
   * The method with the scratch arrays of its reduction loops expanded, if it has any.
   *
   * @param f the lowered method
   * @param isActive activity analysis's verdict on a variable
   * @return the rewritten method, or empty when no array qualifies
   */
  static Optional<Expanded> expand(Function f, Predicate<Var> isActive) {
    Block body = f.body();
    Map<Stmt.Loop, CountedLoop> counted = new IdentityHashMap<>();
    CountedLoop.collect(body, counted);
    Set<Var> assignedAnywhere = Statements.assigned(body);
    Map<Var, Var> slices = new LinkedHashMap<>();
    Map<Var, Expr> offsets = new HashMap<>();
    Map<Var, Expr> lengths = new HashMap<>();
    Map<Var, Expr> counts = new HashMap<>();
    for (ReductionLoops.Reduction r : ReductionLoops.find(body, counted, isActive).values()) {
      Set<Var> assignedInR = Statements.assigned(new Block().add(r.loop()));
      // The scratch arrays allocated before the loop, with their lengths, which nothing changes.
      Map<Var, Expr> allocated = new LinkedHashMap<>();
      for (Var a : r.privateArrays()) {
        Expr len = allocatedLength(body, a);
        if (a.kind() == Kind.DOUBLE_ARRAY
            && !assignedInR.contains(a) // else allocated in each iteration: nothing carried over
            && len != null
            && invariant(len, assignedAnywhere)) {
          allocated.put(a, len);
        }
      }
      for (Var a : allocated.keySet()) {
        Expr len = allocated.get(a);
        Stmt.Loop l = onlyLoopMentioning(r.loop().body(), a);
        CountedLoop c = l == null ? null : counted.get(l);
        ReductionLoops.Coverage coverage =
            new ReductionLoops.Coverage(allocated, Set.of(a), counted);
        if (c == null
            || !Expr.Const.ofInt(0).equals(c.start())
            || !invariant(c.bound(), assignedAnywhere)
            || Mentions.vars(l.head()).contains(a)
            || !onlyElements(l.body(), a)
            || !inRange(l.body(), a, coverage, counted, Set.of(c.index()), Map.of())
            || !coverage.covered(l.body(), new HashSet<>())) {
          continue;
        }
        slices.put(a, c.index());
        lengths.put(a, len);
        counts.put(a, c.bound());
        offsets.put(a, new Expr.Binary(BinaryOp.MUL, new Expr.Ref(c.index()), len, Kind.INT));
      }
    }
    if (slices.isEmpty()) {
      return Optional.empty();
    }
    Rewrite rewrite = new Rewrite(offsets, lengths, counts);
    Block out = new Block();
    body.forEach(s -> out.add(rewrite.stmt(s)));
    return Optional.of(
        new Expanded(
            new Function(f.name(), f.params(), f.independents(), out, f.result()), slices));
  }

  /** The length of the one top-level {@code a = new double[len]}, or null. */
  private static Expr allocatedLength(Block body, Var a) {
    Expr len = null;
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign as
          && as.target() == a
          && as.value() instanceof Expr.NewArray n
          && n.dimensions().size() == 1) {
        if (len != null) {
          return null;
        }
        len = n.dimensions().get(0);
      }
    }
    return len;
  }

  /** The one statement of {@code body} mentioning {@code a}, if it is a loop; else null. */
  private static Stmt.Loop onlyLoopMentioning(Block body, Var a) {
    Stmt found = null;
    for (Stmt s : body) {
      if (Mentions.vars(new Block().add(s)).contains(a)) {
        if (found != null) {
          return null;
        }
        found = s;
      }
    }
    return found instanceof Stmt.Loop l ? l : null;
  }

  /**
   * An {@code int} constant, a variable nothing in the method assigns, or the length of an array
   * variable nothing assigns (a parameter's: an array's length never changes).
   */
  private static boolean invariant(Expr e, Set<Var> assigned) {
    return e.kind() == Kind.INT
        && (e instanceof Expr.Const
            || (e instanceof Expr.Ref r && !assigned.contains(r.var()))
            || (e instanceof Expr.Length l
                && l.array() instanceof Expr.Ref r
                && !assigned.contains(r.var())));
  }

  /** Whether {@code block} mentions {@code a} only as {@code a[e]} and {@code a.length}. */
  private static boolean onlyElements(Block block, Var a) {
    boolean[] ok = {true};
    Statements.forEach(
        block,
        s -> {
          if (s instanceof Stmt.Assign as && as.target() == a) {
            ok[0] = false;
          }
          for (Expr e : Statements.ownExpressions(s)) {
            boolean storedInto = s instanceof Stmt.Store st && e == st.array() && isRef(e, a);
            ok[0] &= storedInto || onlyElements(e, a);
          }
        });
    return ok[0];
  }

  private static boolean onlyElements(Expr e, Var a) {
    if (e instanceof Expr.Load l && isRef(l.array(), a)) {
      return onlyElements(l.index(), a);
    }
    if (e instanceof Expr.Length l && isRef(l.array(), a)) {
      return true;
    }
    if (isRef(e, a)) {
      return false;
    }
    return Exprs.children(e).stream().allMatch(c -> onlyElements(c, a));
  }

  private static boolean isRef(Expr e, Var a) {
    return e instanceof Expr.Ref r && r.var() == a;
  }

  /**
   * Whether every index of {@code a} in {@code block} is in {@code [0, len)}: the index of an
   * enclosing counted loop ({@code bounded}: each with its loop) bounded by {@code a}'s length
   * ({@code len} knows the lengths), whose start is non-negative ({@code nonNegative}: the
   * enclosing indices known to be).
   */
  private static boolean inRange(
      Block block,
      Var a,
      ReductionLoops.Coverage len,
      Map<Stmt.Loop, CountedLoop> counted,
      Set<Var> nonNegative,
      Map<Var, CountedLoop> bounded) {
    for (Stmt s : block) {
      for (Expr e : Statements.ownExpressions(s)) {
        if (!indicesInRange(e, a, len, bounded)) {
          return false;
        }
      }
      if (s instanceof Stmt.Store st
          && isRef(st.array(), a)
          && !inRange(st.index(), a, len, bounded)) {
        return false;
      }
      if (s instanceof Stmt.Loop l) {
        CountedLoop c = counted.get(l);
        Set<Var> nonNegativeInBody = nonNegative;
        Map<Var, CountedLoop> boundedInBody = bounded;
        if (c != null && nonNegative(c.start(), nonNegative)) {
          nonNegativeInBody = new HashSet<>(nonNegative);
          nonNegativeInBody.add(c.index());
          boundedInBody = new HashMap<>(bounded);
          boundedInBody.put(c.index(), c);
        }
        // The head tests the index against its bound: only the body has it in range.
        if (!inRange(l.head(), a, len, counted, nonNegative, bounded)
            || !inRange(l.body(), a, len, counted, nonNegativeInBody, boundedInBody)) {
          return false;
        }
      } else {
        for (Block nested : Stmts.blocks(s)) {
          if (!inRange(nested, a, len, counted, nonNegative, bounded)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean indicesInRange(
      Expr e, Var a, ReductionLoops.Coverage len, Map<Var, CountedLoop> bounded) {
    if (e instanceof Expr.Load l && isRef(l.array(), a) && !inRange(l.index(), a, len, bounded)) {
      return false;
    }
    return Exprs.children(e).stream().allMatch(c -> indicesInRange(c, a, len, bounded));
  }

  private static boolean inRange(
      Expr index, Var a, ReductionLoops.Coverage lengths, Map<Var, CountedLoop> bounded) {
    return index instanceof Expr.Ref r
        && bounded.containsKey(r.var())
        && lengths.isLength(bounded.get(r.var()).bound(), a);
  }

  /** A constant ≥ 0, an index known to be, or their sums and products. */
  private static boolean nonNegative(Expr e, Set<Var> nonNegative) {
    if (e instanceof Expr.Const c) {
      return c.value() instanceof Integer i && i >= 0;
    }
    if (e instanceof Expr.Ref r) {
      return nonNegative.contains(r.var());
    }
    if (e instanceof Expr.Length) {
      return true;
    }
    return e instanceof Expr.Binary b
        && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.MUL)
        && nonNegative(b.left(), nonNegative)
        && nonNegative(b.right(), nonNegative);
  }

  /** The rewrite of the method's statements: slices, their lengths and the allocations. */
  private record Rewrite(Map<Var, Expr> offsets, Map<Var, Expr> lengths, Map<Var, Expr> counts) {
    Stmt stmt(Stmt s) {
      if (s instanceof Stmt.Assign as
          && counts.containsKey(as.target())
          && as.value() instanceof Expr.NewArray n) {
        Expr size =
            RuntimeCalls.adjoint(
                "slices", Kind.INT, counts.get(as.target()), lengths.get(as.target()));
        return new Stmt.Assign(
            as.target(), new Expr.NewArray(n.kind(), List.of(size)), as.origin());
      }
      if (s instanceof Stmt.Store st
          && st.array() instanceof Expr.Ref r
          && offsets.containsKey(r.var())) {
        return new Stmt.Store(
            st.array(), sliced(r.var(), expr(st.index())), expr(st.value()), st.origin());
      }
      Stmt own = Statements.map(s, this::expr, v -> v);
      return Stmts.withBlocks(own, Stmts.blocks(s).stream().map(this::block).toList());
    }

    private Block block(Block b) {
      Block out = new Block();
      b.forEach(s -> out.add(stmt(s)));
      return out;
    }

    private Expr expr(Expr e) {
      Expr mapped = Exprs.rebuild(e, this::expr);
      if (mapped instanceof Expr.Load l
          && l.array() instanceof Expr.Ref r
          && offsets.containsKey(r.var())) {
        return new Expr.Load(l.array(), sliced(r.var(), l.index()));
      }
      if (mapped instanceof Expr.Length l
          && l.array() instanceof Expr.Ref r
          && lengths.containsKey(r.var())) {
        return lengths.get(r.var());
      }
      return mapped;
    }

    private Expr sliced(Var a, Expr index) {
      return new Expr.Binary(BinaryOp.ADD, offsets.get(a), index, Kind.INT);
    }
  }
}
