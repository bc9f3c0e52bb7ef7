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
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs the iterations of a reverse loop in the forward loop's order where they are independent
 * (Tapenade's independent iterations; docs/array-model.md, "Reverse loops in forward order"). The
 * reverse of a counted loop runs its index backwards ({@link ReverseMode}, loop reversal); when no
 * iteration of that reverse loop, nor of the loops nested in it, reads what another writes, except
 * sums that every iteration only adds into, the iterations can run in any order, and the forward
 * order is the one the JIT compiles best (GMM's packed triangle at d = 10: 16 % of the whole
 * gradient).
 *
 * <p>A <em>nest</em> is a reverse loop with the reverse loops nested in it; this pass turns a whole
 * nest or none of it, {@code i = bound; while (i > start) { i--; body }} into {@code i = start;
 * while (i < bound) { body; i++ }} for each of its loops, when, for each loop of the nest:
 *
 * <ol>
 *   <li>nothing in it uses the tape (no push, no pop, no callee's sweep), calls anything but {@code
 *       Math} or {@code StrictMath}, or runs a loop that is not itself a reverse loop of the nest;
 *   <li>every scalar it assigns is, in every loop of the nest that mentions it, one of: the index
 *       of a loop of the nest; a <em>private</em> value, assigned before it is read in each
 *       iteration (no exposed read, {@link DefiniteAssignment}) and mentioned nowhere else in the
 *       sweep; a <em>sum</em>, only ever added into ({@code s += e}, {@code e} not reading {@code
 *       s}) and read nowhere else in the nest; a <em>zeroed</em> adjoint, which each iteration
 *       starts at zero and leaves at zero ({@code tBar += e; ...; tBar = 0}) and the sweep mentions
 *       nowhere else; or an <em>induction variable</em> (below);
 *   <li>every array it stores into is a sum ({@code a[x] += e} only, {@code e} not reading {@code
 *       a}, no other read of {@code a}), or a private shadow (reachable through its own name alone)
 *       that only the outermost loop's iterations touch, each at index {@code t + i} of its own
 *       index {@code i}, {@code t} unchanged by the loop: distinct elements in distinct iterations;
 *       and no array it stores into otherwise than as a sum may be named by another of its arrays
 *       unless that one is a private shadow;
 *   <li>no loop index nor induction variable is read after the nest (which leaves them at other
 *       values).
 * </ol>
 *
 * <p>Sums then receive the same terms in another order: a result may differ in the last bits, as a
 * hand-written adjoint's does from ours. Primal arrays and adjoint arrays are distinct objects, as
 * the whole reverse sweep assumes (it reads the one while it writes the other).
 *
 * <p>An <em>induction variable</em> is an {@code int} that the forward loop steps ({@code p++} at
 * the end of an iteration, so that the reverse loop's iteration starts with {@code p--}) and that
 * only that loop's iterations read: GMM's {@code lparams}, the position in a packed triangle. The
 * forward order needs its value on entry, where the reverse sweep holds its value on exit: the nest
 * computes it again from the assignment right before a loop of the nest in the forward sweep
 * ({@code lparams = ik * icfSize + d}), when that reads only integers the reverse sweep holds as
 * they were there: variables the method assigns at most once and not in a loop (parameters
 * included), and indices of the reverse loops around it. Then each iteration steps it after its
 * body ({@code p++}) instead of before.
 *
 * <p>Two turned loops of one loop each, one right after the other over the same range, then run as
 * one when their iterations touch the same elements only at the same index ({@link LoopFusion}).
 */
final class IterationOrder {

  /**
   * A reverse loop as {@link ReverseMode} builds it for a counted loop: {@code init} ({@code index
   * = bound}) right before it, then {@code index--} first in its body.
   *
   * @param init the assignment of the bound to the index, right before the loop
   * @param index the loop's index
   * @param start the forward loop's first index
   * @param bound the forward loop's exclusive bound
   * @param entry the assignment right before the forward loop's own initialisation, of an {@code
   *     int} from integers only, or null: what an induction variable starts the loop at
   */
  record Reversal(Stmt.Assign init, Var index, Expr start, Expr bound, Stmt.Assign entry) {}

  private final Map<Stmt.Loop, Reversal> reversals;
  private final Predicate<Var> privateShadow;
  private final Predicate<Var> constant;
  private final Consumer<Var> flags;
  private final Consumer<Stmt.Assign> recomputed;
  private final Block sweep;

  private IterationOrder(
      Block sweep,
      Map<Stmt.Loop, Reversal> reversals,
      Predicate<Var> privateShadow,
      Predicate<Var> constant,
      Consumer<Var> flags,
      Consumer<Stmt.Assign> recomputed) {
    this.sweep = sweep;
    this.reversals = reversals;
    this.privateShadow = privateShadow;
    this.constant = constant;
    this.flags = flags;
    this.recomputed = recomputed;
    count(sweep, sweepMentions, sweepReads);
  }

  /** The turned nests of one loop, which {@link LoopFusion} may merge. */
  private final Map<Stmt.Loop, LoopFusion.Turned> turned = new IdentityHashMap<>();

  /** How many statements of the whole sweep mention, and read, each variable. */
  private final Map<Var, Integer> sweepMentions = new HashMap<>();

  private final Map<Var, Integer> sweepReads = new HashMap<>();

  /** The same counts within one loop, by loop. */
  private final Map<Stmt.Loop, Counts> loopCounts = new IdentityHashMap<>();

  /** How many statements mention, and read, each variable. */
  private record Counts(Map<Var, Integer> mentions, Map<Var, Integer> reads) {}

  /** Adds to the counts each statement of {@code block} that mentions, and reads, a variable. */
  private static void count(Block block, Map<Var, Integer> mentions, Map<Var, Integer> reads) {
    Statements.forEach(
        block,
        s -> {
          InvariantAccumulations.shallowMentions(s)
              .forEach(v -> mentions.merge(v, 1, Integer::sum));
          Set<Var> read = new HashSet<>();
          Statements.ownExpressions(s).forEach(e -> read.addAll(Exprs.reads(e)));
          read.forEach(v -> reads.merge(v, 1, Integer::sum));
        });
  }

  /** The counts of {@link #count} within {@code loop}. */
  private Counts countsIn(Stmt.Loop loop) {
    return loopCounts.computeIfAbsent(
        loop,
        l -> {
          Counts c = new Counts(new HashMap<>(), new HashMap<>());
          count(new Block().add(l), c.mentions(), c.reads());
          return c;
        });
  }

  /**
   * The reverse sweep with each nest whose iterations are independent run in forward order.
   *
   * @param reverse a reverse sweep, whole
   * @param reversals the reverse loops of counted loops in it
   * @param privateShadow whether an adjoint array is reachable through its own variable alone
   * @param constant whether an {@code int} variable holds the same value throughout the method from
   *     its one assignment on (a parameter never assigned, or a local assigned once, not in a loop)
   * @param flags told of each loop test this pass adds
   * @param recomputed told of each {@link Reversal#entry} whose value a turned nest computes again,
   *     once per reverse loop that does
   * @return the same statements, reordered where they can be
   */
  static Block reorder(
      Block reverse,
      Map<Stmt.Loop, Reversal> reversals,
      Predicate<Var> privateShadow,
      Predicate<Var> constant,
      Consumer<Var> flags,
      Consumer<Stmt.Assign> recomputed) {
    if (reversals.isEmpty()) {
      return reverse;
    }
    IterationOrder pass =
        new IterationOrder(reverse, reversals, privateShadow, constant, flags, recomputed);
    Block ordered = pass.block(reverse, Set.of());
    return LoopFusion.fuse(ordered, pass.turned, privateShadow);
  }

  /**
   * {@code in} with its nests turned where they can be; {@code around}: indices of loops around.
   */
  private Block block(Block in, Set<Var> around) {
    Block out = new Block();
    List<Stmt> stmts = in.stmts();
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      Reversal r = s instanceof Stmt.Loop l ? reversals.get(l) : null;
      if (r != null && k > 0 && stmts.get(k - 1) == r.init()) {
        Stmt.Loop l = (Stmt.Loop) s;
        Nest nest = Nest.of(l, this, around);
        if (nest != null) {
          nest.entries.values().forEach(list -> list.forEach(recomputed));
          out.stmts().remove(out.stmts().size() - 1); // the init, which the nest writes again
          List<Stmt> forwards = nest.forwards(l);
          out.stmts().addAll(forwards);
          LoopFusion.Turned single = nest.single(forwards);
          if (single != null) {
            turned.put(single.loop(), single);
          }
          continue;
        }
        Set<Var> inside = new HashSet<>(around);
        inside.add(r.index());
        out.add(new Stmt.Loop(l.head(), l.cond(), block(l.body(), inside)));
        continue;
      }
      out.add(Stmts.mapBlocks(s, b -> block(b, around)));
    }
    return out;
  }

  /** One nest whose iterations were found independent, with what turning it takes. */
  private static final class Nest {
    private final IterationOrder pass;
    private final Stmt.Loop root;

    /** The loops of the nest, the root first, each with its reversal. */
    private final Map<Stmt.Loop, Reversal> loops = new LinkedHashMap<>();

    /** The loop of the nest right around each loop but the root. */
    private final Map<Stmt.Loop, Stmt.Loop> parents = new HashMap<>();

    /** Each induction variable's step and the loop whose iterations step it. */
    private final Map<Var, Stmt.Loop> stepping = new HashMap<>();

    private final Map<Var, Expr.Const> steps = new HashMap<>();

    /** The loops before which the nest assigns an induction variable its value on entry. */
    private final Map<Stmt.Loop, List<Stmt.Assign>> entries = new HashMap<>();

    /** The assignments in the nest, by variable. */
    private final Map<Var, List<Stmt.Assign>> assignments = new HashMap<>();

    /** What each loop's iteration assigns, and may read before assigning. */
    private final Map<Stmt.Loop, DefiniteAssignment> iterations = new IdentityHashMap<>();

    private Nest(IterationOrder pass, Stmt.Loop root) {
      this.pass = pass;
      this.root = root;
    }

    /** The nest rooted at {@code root} if its iterations are independent; null otherwise. */
    static Nest of(Stmt.Loop root, IterationOrder pass, Set<Var> around) {
      Nest n = new Nest(pass, root);
      if (!n.collect(root, null) || !n.simpleStatements()) {
        return null;
      }
      Statements.forEachAssign(
          root.body(),
          a -> n.assignments.computeIfAbsent(a.target(), v -> new ArrayList<>()).add(a));
      for (Var v : Statements.assigned(root.body())) {
        if (!n.scalarIndependent(v, around)) {
          return null;
        }
      }
      return n.arraysIndependent() ? n : null;
    }

    /** Adds the loops of the nest; false if a loop in it is not a reverse loop with its init. */
    private boolean collect(Stmt.Loop loop, Stmt.Loop parent) {
      Reversal r = pass.reversals.get(loop);
      if (r == null
          || loop.body().isEmpty()
          || !isDecrement(loop.body().stmts().get(0), r.index(), 1)) {
        return false;
      }
      loops.put(loop, r);
      if (parent != null) {
        parents.put(loop, parent);
      }
      return collectIn(body(loop), loop);
    }

    private boolean collectIn(Block block, Stmt.Loop parent) {
      List<Stmt> stmts = block.stmts();
      for (int k = 0; k < stmts.size(); k++) {
        Stmt s = stmts.get(k);
        if (s instanceof Stmt.Loop inner) {
          Reversal r = pass.reversals.get(inner);
          if (r == null || k == 0 || stmts.get(k - 1) != r.init() || !collect(inner, parent)) {
            return false;
          }
        } else if (s instanceof Stmt.Repeat) {
          return false;
        } else {
          for (Block b : Stmts.blocks(s)) {
            if (!collectIn(b, parent)) {
              return false;
            }
          }
        }
      }
      return true;
    }

    /** Condition 1: no tape, no call but {@code Math}'s, no statement of another kind. */
    private boolean simpleStatements() {
      return !Statements.anyMatch(
          root.body(),
          s -> !s.accept(SIMPLE),
          e ->
              e instanceof Expr.Pop
                  || e instanceof Expr.NewArray
                  || e instanceof Expr.Call c && !c.callee().ofMath());
    }

    /** Whether a statement may appear in a nest (its nested statements are checked in turn). */
    private static final Stmt.Visitor<Boolean> SIMPLE =
        new Stmt.Visitor<>() {
          @Override
          public Boolean visitAssign(Stmt.Assign s) {
            return true;
          }

          @Override
          public Boolean visitIf(Stmt.If s) {
            return true;
          }

          @Override
          public Boolean visitLoop(Stmt.Loop s) {
            return true; // only the nest's own loops (collect)
          }

          @Override
          public Boolean visitRepeat(Stmt.Repeat s) {
            return false;
          }

          @Override
          public Boolean visitStore(Stmt.Store s) {
            return s.array() instanceof Expr.Ref;
          }

          @Override
          public Boolean visitPush(Stmt.Push s) {
            return false;
          }

          @Override
          public Boolean visitPullbackCall(Stmt.PullbackCall s) {
            return false;
          }

          @Override
          public Boolean visitTangentCall(Stmt.TangentCall s) {
            return false;
          }

          @Override
          public Boolean visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
            return false;
          }
        };

    /** Condition 2 (and 4) for a scalar the nest assigns. */
    private boolean scalarIndependent(Var v, Set<Var> around) {
      if (v.kind().isArray()) {
        return false; // a re-bound array: its elements' identity changes between iterations
      }
      for (Map.Entry<Stmt.Loop, Reversal> e : loops.entrySet()) {
        if (e.getValue().index() == v) {
          return pass.readOnlyInside(v, e.getKey());
        }
      }
      List<Stmt.Assign> assignments = this.assignments.getOrDefault(v, List.of());
      if (assignments.stream().allMatch(a -> isStep(a, v))) {
        return induction(v, assignments, around);
      }
      if (ElementAccesses.onlySummed(root.body(), v)) {
        return true; // a sum
      }
      if (pass.mentionedOutside(root, v)) {
        return false;
      }
      // No loop of the nest carries it from one iteration to the next.
      return loops.keySet().stream()
              .map(this::iteration)
              .noneMatch(it -> it.assigned.contains(v) && it.exposed.contains(v))
          || v.role() == Var.Role.ADJOINT && v.kind() == Kind.DOUBLE && zeroed(root, v);
    }

    /** The definite-assignment walk of one iteration of {@code loop}. */
    private DefiniteAssignment iteration(Stmt.Loop loop) {
      return iterations.computeIfAbsent(
          loop,
          l -> {
            DefiniteAssignment walk = new DefiniteAssignment();
            walk.block(body(l), new HashSet<>());
            return walk;
          });
    }

    /**
     * Whether each iteration of {@code loop} starts and ends with {@code v} at zero, given that it
     * is zero before the loop: its statements that mention {@code v} are a single loop of the nest
     * with that property, or statements without loops of which the last is {@code v = 0}.
     */
    private boolean zeroed(Stmt.Loop loop, Var v) {
      List<Stmt> mentioning = new ArrayList<>();
      for (Stmt s : body(loop)) {
        if (mentions(new Block().add(s), v)) {
          mentioning.add(s);
        }
      }
      if (mentioning.size() == 1 && mentioning.get(0) instanceof Stmt.Loop inner) {
        return loops.containsKey(inner) && zeroed(inner, v);
      }
      if (mentioning.isEmpty()
          || mentioning.stream()
              .anyMatch(
                  s ->
                      Statements.anyMatch(
                          new Block().add(s), x -> x instanceof Stmt.Loop, e -> false))) {
        return false;
      }
      return mentioning.get(mentioning.size() - 1) instanceof Stmt.Assign a
          && a.target() == v
          && a.value().equals(Exprs.doubleConst(0));
    }

    /**
     * An induction variable: decremented once, among the first statements of one loop's iteration,
     * read only in that loop, and given its value on entry by a loop of the nest around it, or the
     * loop itself.
     */
    private boolean induction(Var v, List<Stmt.Assign> decrements, Set<Var> around) {
      if (decrements.size() != 1 || !pass.readOnlyInside(v, root)) {
        return false;
      }
      Stmt.Assign step = decrements.get(0);
      Stmt.Loop home = null;
      for (Stmt.Loop l : loops.keySet()) {
        List<Stmt> stmts = l.body().stmts();
        // After the index's decrement, only decrements before it.
        for (int k = 1; k < stmts.size() && stmts.get(k) instanceof Stmt.Assign a; k++) {
          if (a == step) {
            home = l;
          }
          if (!(a.target() != v && isStep(a, a.target()))) {
            break;
          }
        }
      }
      if (home == null) {
        return false;
      }
      // Read only inside its loop's iterations.
      if (home != root && mentions(without(root.body(), home), v)) {
        return false;
      }
      for (Stmt.Loop l = home; l != null; l = parents.get(l)) {
        Stmt.Assign entry = loops.get(l).entry();
        if (entry != null && entry.target() == v) {
          Set<Var> known = new HashSet<>(around);
          for (Stmt.Loop p = parents.get(l); p != null; p = parents.get(p)) {
            known.add(loops.get(p).index());
          }
          if (!Exprs.reads(entry.value()).stream()
              .allMatch(u -> known.contains(u) || pass.constant.test(u))) {
            return false;
          }
          stepping.put(v, home);
          steps.put(v, (Expr.Const) ((Expr.Binary) step.value()).right());
          entries.computeIfAbsent(l, x -> new ArrayList<>()).add(entry);
          return true;
        }
      }
      return false;
    }

    /** Condition 3 for every array the nest stores into. */
    private boolean arraysIndependent() {
      Set<Var> stored = new HashSet<>();
      Statements.forEach(
          root.body(),
          s -> {
            if (s instanceof Stmt.Store st) {
              stored.add(((Expr.Ref) st.array()).var());
            }
          });
      Set<Var> sums = new HashSet<>();
      for (Var a : stored) {
        if (a.role() != Var.Role.ADJOINT) {
          return false; // a primal array run again: left to the reverse order
        }
        if (ElementAccesses.onlyAddedInto(root.body(), a)) {
          sums.add(a);
        } else if (!pass.privateShadow.test(a) || !disjoint(a)) {
          return false;
        }
      }
      Set<Var> arrays = new HashSet<>();
      for (Var v : Mentions.vars(root.body())) {
        if (v.kind().isArray() && v.role() == Var.Role.ADJOINT) {
          arrays.add(v);
        }
      }
      for (Var a : stored) {
        for (Var o : arrays) {
          if (o != a
              && !(sums.contains(a) && sums.contains(o))
              && !pass.privateShadow.test(a)
              && !pass.privateShadow.test(o)) {
            return false;
          }
        }
      }
      return true;
    }

    /**
     * Whether every mention of {@code a} is in the root's own iterations (not a nested loop's), at
     * one index {@code t + i} of the root's index {@code i} with {@code t} unchanged by the nest.
     */
    private boolean disjoint(Var a) {
      Expr index = ElementAccesses.oneIndex(body(root), a);
      return index != null
          && ElementAccesses.injective(
              index, loops.get(root).index(), Statements.assigned(root.body()));
    }

    /**
     * The nest as a {@link LoopFusion.Turned} loop, when it is one loop without induction
     * variables; {@code forwards}: what {@link #forwards} wrote for it, its init and its loop.
     */
    LoopFusion.Turned single(List<Stmt> forwards) {
      if (loops.size() != 1 || !stepping.isEmpty() || forwards.size() != 2) {
        return null;
      }
      Reversal r = loops.get(root);
      return new LoopFusion.Turned(
          (Stmt.Assign) forwards.get(0),
          r.index(),
          r.start(),
          r.bound(),
          forwardsIn(body(root), root),
          (Stmt.Loop) forwards.get(1));
    }

    /** The loop turned, with what it needs before it: inductions' values on entry, its init. */
    List<Stmt> forwards(Stmt.Loop loop) {
      Reversal r = loops.get(loop);
      List<Stmt> out = new ArrayList<>(entries.getOrDefault(loop, List.of()));
      out.add(new Stmt.Assign(r.index(), r.start(), null));
      Block body = forwardsIn(body(loop), loop);
      stepping.forEach(
          (v, home) -> {
            if (home == loop) {
              body.add(
                  new Stmt.Assign(
                      v,
                      new Expr.Binary(BinaryOp.ADD, new Expr.Ref(v), steps.get(v), Kind.INT),
                      null));
            }
          });
      body.add(
          new Stmt.Assign(
              r.index(),
              new Expr.Binary(BinaryOp.ADD, new Expr.Ref(r.index()), Expr.Const.ofInt(1), Kind.INT),
              null));
      Var go = new Var("go", Kind.BOOLEAN, Var.Role.FLAG);
      pass.flags.accept(go);
      Block test = new Block();
      test.add(
          new Stmt.Assign(
              go,
              new Expr.Binary(BinaryOp.LT, new Expr.Ref(r.index()), r.bound(), Kind.BOOLEAN),
              null));
      out.add(new Stmt.Loop(test, new Expr.Ref(go), body));
      return out;
    }

    /** A block of the nest with its loops turned and the inductions' decrements left out. */
    private Block forwardsIn(Block in, Stmt.Loop loop) {
      Block out = new Block();
      List<Stmt> stmts = in.stmts();
      for (int k = 0; k < stmts.size(); k++) {
        Stmt s = stmts.get(k);
        if (k + 1 < stmts.size()
            && stmts.get(k + 1) instanceof Stmt.Loop inner
            && loops.containsKey(inner)
            && loops.get(inner).init() == s) {
          continue; // written by forwards(inner)
        }
        if (s instanceof Stmt.Loop inner && loops.containsKey(inner)) {
          out.stmts().addAll(forwards(inner));
        } else if (s instanceof Stmt.Assign a
            && stepping.get(a.target()) == loop
            && isStep(a, a.target())) {
          continue;
        } else {
          out.add(Stmts.mapBlocks(s, b -> forwardsIn(b, loop)));
        }
      }
      return out;
    }

    /** A loop's iteration without the index's decrement. */
    private static Block body(Stmt.Loop loop) {
      Block out = new Block();
      List<Stmt> stmts = loop.body().stmts();
      stmts.subList(1, stmts.size()).forEach(out::add);
      return out;
    }
  }

  /** {@code v - c} assigned to {@code v}, {@code c} an {@code int} constant. */
  private static boolean isStep(Stmt.Assign a, Var v) {
    return a.target() == v
        && v.kind() == Kind.INT
        && a.value() instanceof Expr.Binary b
        && b.op() == BinaryOp.SUB
        && b.left() instanceof Expr.Ref r
        && r.var() == v
        && b.right() instanceof Expr.Const c
        && c.value() instanceof Integer;
  }

  /** {@code v = v - by}. */
  private static boolean isDecrement(Stmt s, Var v, int by) {
    return s instanceof Stmt.Assign a
        && isStep(a, v)
        && Integer.valueOf(by).equals(((Expr.Const) ((Expr.Binary) a.value()).right()).value());
  }

  /** Whether a block, nested statements included, mentions {@code v}. */
  private static boolean mentions(Block block, Var v) {
    return Statements.anyMatch(
        block,
        s -> s instanceof Stmt.Assign a && a.target() == v,
        e -> e instanceof Expr.Ref r && r.var() == v);
  }

  /** {@code block} without the statement {@code skip} (found by identity, at any depth). */
  private static Block without(Block block, Stmt skip) {
    Block out = new Block();
    for (Stmt s : block) {
      if (s == skip) {
        continue;
      }
      out.add(Stmts.mapBlocks(s, b -> without(b, skip)));
    }
    return out;
  }

  /** Whether the sweep mentions {@code v} outside the nest rooted at {@code root}. */
  private boolean mentionedOutside(Stmt.Loop root, Var v) {
    return sweepMentions.getOrDefault(v, 0) > countsIn(root).mentions().getOrDefault(v, 0);
  }

  /**
   * Whether the sweep reads {@code v} only inside {@code loop}: elsewhere it only assigns it values
   * that do not read it (loop initialisations, restorations from the tape), so no value the loop
   * leaves in it is read.
   */
  private boolean readOnlyInside(Var v, Stmt.Loop loop) {
    return sweepReads.getOrDefault(v, 0) == countsIn(loop).reads().getOrDefault(v, 0);
  }
}
