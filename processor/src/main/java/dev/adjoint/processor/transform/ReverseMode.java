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
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Origin;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.read.DifferentiableSignature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The reverse-mode transform: from a function's IR, a forward sweep (the original statements,
 * saving on the tape the values the reverse sweep needs and the forward sweep overwrites) and a
 * reverse sweep (the adjoint statements in reverse order, replaying recorded branch decisions and
 * trip counts).
 *
 * <p>What to save is decided by a to-be-recorded analysis (Tapenade's TBR): a value is pushed only
 * when an adjoint statement reads it and a later assignment overwrites it.
 */
public final class ReverseMode {
  private final Function function;
  private final Activity activity;
  private final ArrayAliasing aliasing;
  private final Map<Var, Var> adjoints = new LinkedHashMap<>();
  private final Set<Var> reassigned = new HashSet<>();
  private final Map<Stmt, List<Stmt>> adjointStatements = new IdentityHashMap<>();

  /** See {@link #primalReadsOf}. */
  private final Map<List<Stmt>, Set<Var>> primalReadsOf = new IdentityHashMap<>();

  private final Set<Stmt> pushed = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Increments of integers, undone in the reverse sweep by the opposite increment. */
  private final Set<Stmt> inverted = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * The array variables that an expression of the method lets another name reach (an alias, a row,
   * a call argument): see {@link Escapes}.
   */
  private final Set<Var> escaped = new HashSet<>();

  /** For {@code s = Math.sin(t)} and the like, a variable holding the partner's value there. */
  private final Map<Stmt.Assign, Var> partners = new IdentityHashMap<>();

  /** How many assignments each variable of the method has. */
  private final Map<Var, Integer> assignments = new HashMap<>();

  /** How many expressions of the method's statements read each variable. */
  private final Map<Var, Integer> uses = new HashMap<>();

  /** Temporaries loaded from an array, read again from it where an adjoint needs their value. */
  private final Map<Var, Expr> reloaded = new HashMap<>();

  /** Re-bound array parameters, and the variables holding their arrays as passed. */
  private final Map<Var, Var> originals = new LinkedHashMap<>();

  private Set<Var> assignedParameters;
  private final Map<Stmt.Loop, Var> counters = new IdentityHashMap<>();
  private final Map<Stmt.Loop, CountedLoop> countedLoops = new IdentityHashMap<>();

  /**
   * For a counted loop, the assignment right before its initialisation when it gives an {@code int}
   * a value computed from integers alone: what an induction variable starts the loop at ({@link
   * IterationOrder}).
   */
  private final Map<Stmt.Loop, Stmt.Assign> entries = new IdentityHashMap<>();

  /** The reverse loops built for counted loops ({@link #backwards(CountedLoop)}). */
  private final Map<Stmt.Loop, IterationOrder.Reversal> reversals = new IdentityHashMap<>();

  /**
   * For each entry ({@link #entries}), how many reverse loops of its loop the current build made,
   * and in how many of them a turned nest computes its value again ({@link IterationOrder}): only
   * an entry whose every reverse loop did may go unsaved.
   */
  private final Map<Stmt.Assign, Integer> entryLoops = new IdentityHashMap<>();

  private final Map<Stmt.Assign, Integer> entryTurned = new IdentityHashMap<>();

  /**
   * The entries whose nests the last build turned: the to-be-recorded analysis knows that the
   * reverse sweep computes their values again where the nest starts, instead of reading what the
   * induction variable holds after it, so the value it held before the entry need not be saved
   * (GMM's {@code lparams}). The sweeps are built again until the nests they turn are these.
   */
  private final Set<Stmt.Assign> recomputedEntries =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /** Entries once recomputed whose nests a later build did not turn: never recomputed again. */
  private final Set<Stmt.Assign> refusedEntries =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * The increments {@code i = i + 1} of the counted loops that the reverse sweep runs backwards on
   * their own index: the reverse loop sets the index for each iteration, so no increment is undone.
   */
  private final Set<Stmt> steps = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * The tests of the reverse loops, and its hoisted loads: variables of the reverse sweep alone.
   */
  private final Set<Var> reverseTests = new HashSet<>();

  private final Set<Stmt.Loop> counterPushed = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * The refills that the reverse loop of each counted loop runs again at the start of each
   * iteration ({@link RefillRecompute}), and, for each of their stores, what the refill reads.
   */
  private Map<Stmt.Loop, List<Stmt>> recomputedRefills = Map.of();

  private final Map<Stmt, Set<Var>> recomputedStores = new IdentityHashMap<>();
  private final Var seed;

  /**
   * A function's pullback.
   *
   * @param primal the lowered method
   * @param forward the forward sweep: the method's statements, saving what the reverse sweep needs
   * @param reverse the reverse sweep: the adjoint statements, in reverse order
   * @param adjoints the adjoint variable of each active variable
   * @param seed the cotangent of the result, a parameter of the pullback
   * @param usesTape whether the sweeps push or pop, or call other pullbacks
   * @param snapshot the variables of the forward sweep that the reverse sweep reads (values, and
   *     array references whose contents it reads or adds into): what a split forward sweep ({@code
   *     fForward}) leaves on the tape for its reverse sweep ({@code fReverse}), in push order
   * @param iterations the preaccumulated loops' iterations, which the forward sweep calls
   */
  public record Pullback(
      Function primal,
      Block forward,
      Block reverse,
      Map<Var, Var> adjoints,
      Var seed,
      boolean usesTape,
      List<Var> snapshot,
      List<Iteration> iterations) {}

  /**
   * One iteration of a preaccumulated reduction loop ({@link ReductionLoops}), which the forward
   * sweep calls in place of the loop's body: its forward sweep, then its reverse sweep with the
   * accumulator's adjoint 1, adding into the loop's own sums of adjoints ({@code alphasBarSum});
   * the reverse sweep then adds the accumulator's adjoint times those sums. A method of its own, so
   * that the JIT compiles the iteration's loops apart from the rest of the sweep.
   *
   * @param name the method's name ({@code fIteration})
   * @param parameters what it reads from its caller, the accumulator first
   * @param accumulator the sum it adds to and returns
   * @param forward the iteration's forward sweep
   * @param reverse the iteration's reverse sweep
   * @param loopIndex the loop's index
   * @param chunked how the loop runs in chunks, or null where it runs as a loop of calls
   */
  public record Iteration(
      String name,
      List<Var> parameters,
      Var accumulator,
      Block forward,
      Block reverse,
      Var loopIndex,
      Chunked chunked) {}

  /**
   * A preaccumulated loop that runs in chunks of {@code Parallel.GRAIN} iterations ({@link
   * ChunkedLoops}): the forward sweep calls {@code loop(acc, from, to, ...)} in place of the loop,
   * with the iteration's parameters but the accumulator and the index. Each chunk adds its
   * iterations' partial derivatives into sums of adjoints of its own, which are added in chunk
   * order: the same arithmetic on any number of threads. The accumulator gets the same additions on
   * any number of threads too: where the loop adds to it exactly once per iteration (one {@code acc
   * += e} at the top level of its body), an iteration run from {@code -0.0}, the identity of IEEE
   * addition, returns its term {@code e} (or {@code -e}), and the terms added in order give the
   * method's own value, bit for bit ({@code termwise}); elsewhere chunk 0 adds to the accumulator
   * and each later chunk sums its iterations from {@code -0.0}, its part added in chunk order (the
   * method's value for at most one chunk; beyond, within the rounding of the sum's association).
   *
   * @param loop the method that runs the loop ({@code fLoop})
   * @param chunk the method that runs one chunk's iterations ({@code fChunk})
   * @param scratch the parameters that each chunk may replace by zero arrays of the same shape: the
   *     loop's private arrays, which each iteration fills before it reads, and their adjoints,
   *     which each iteration leaves zero
   * @param sums the parameters that hold the loop's sums of adjoints, zero when the loop starts,
   *     which each iteration only adds into
   * @param callees the {@code @Differentiable} methods the iteration runs: the chunks run on
   *     several threads only if each keeps no state ({@link ChunkedLoops#keepsNoState(Block,
   *     java.util.function.Predicate)})
   * @param termwise whether the loop adds to the accumulator exactly once per iteration, so that
   *     its terms are added one by one, in order
   * @param lent whether the sums are a buffer the thread's tape lends (the method creates no array,
   *     and its pullback allocates nothing): on one thread, the chunks' sums are lent too
   */
  public record Chunked(
      String loop,
      String chunk,
      List<Var> scratch,
      List<Var> sums,
      List<Callee> callees,
      boolean termwise,
      boolean lent) {}

  /** Whether calls of scalar {@code @Differentiable} methods are reversed in split mode. */
  private final boolean splitCalls;

  /** The generated class, which holds the iterations of preaccumulated loops; null for none. */
  private final TypeRef companion;

  /** Whether the method creates an array itself: if not, its loops' sums are lent. */
  private boolean createsArrays;

  /** The method's statements, with their shadow assignments: what the sweeps are built from. */
  private Block primal;

  /** The reduction loops preaccumulated ({@link ReductionLoops}), by loop. */
  private Map<Stmt.Loop, ReductionLoops.Reduction> reductions = Map.of();

  /** The preaccumulated loops the to-be-recorded analysis's marks assume. */
  private Set<Stmt.Loop> recordedFor = Set.of();

  /** The iteration of each preaccumulated loop, as the forward sweep built it. */
  private final Map<Stmt.Loop, Iteration> iterations = new LinkedHashMap<>();

  /** The split-mode pullback call of each call assignment reversed in split mode. */
  private final Map<Stmt.Assign, Stmt.PullbackCall> split = new IdentityHashMap<>();

  /**
   * The scratch arrays {@link ArrayExpansion} gave a slice per iteration of a loop, each with that
   * loop's index.
   */
  private final Map<Var, Var> slices;

  /**
   * The stores that overwrite nothing the reverse sweep reads, by {@link #ownElementStores}: each
   * iteration of their loop stores one element of its own and reads no other.
   */
  private final Set<Stmt.Store> ownElementStores =
      Collections.newSetFromMap(new IdentityHashMap<>());

  private ReverseMode(
      Function function,
      Activity activity,
      boolean splitCalls,
      TypeRef companion,
      Map<Var, Var> slices) {
    this.function = function;
    this.slices = slices;
    this.activity = activity;
    this.splitCalls = splitCalls;
    this.companion = companion;
    this.aliasing = activity.aliasing();
    // A vector-valued method's cotangent is a vector.
    this.seed = new Var("seed", function.result().kind(), Var.Role.PARAMETER);
  }

  /**
   * Builds the pullback of a method that activity analysis found differentiable.
   *
   * @param function the lowered method
   * @param activity its activity analysis
   * @param splitCalls whether a call of a {@code @Differentiable} method with a scalar or tensor
   *     result is reversed in split mode (its taped forward sweep {@code fForward} in this forward
   *     sweep, its reverse sweep {@code fReverse} alone in this reverse sweep), rather than in
   *     joint mode (the original method here, its whole pullback there, which runs the callee's
   *     forward sweep a second time: time quadratic in the depth of a recursion). Split mode has no
   *     forward mode, so a pullback that forward mode differentiates again (second order) uses
   *     joint mode.
   * @return the forward and reverse sweeps, with the adjoint of each active variable
   */
  public static Pullback transform(Function function, Activity activity, boolean splitCalls) {
    return new ReverseMode(function, activity, splitCalls, null, Map.of()).run();
  }

  /**
   * {@link #transform(Function, Activity, boolean)}, preaccumulating the reduction loops that
   * {@link ReductionLoops} finds when {@code splitCalls} holds: each iteration's reverse sweep runs
   * right after its forward sweep, in a method of {@code companion} ({@link Iteration}). Their
   * scratch arrays are expanded ({@link ArrayExpansion}) where the loop is then preaccumulated;
   * elsewhere the expansion would only trade recomputation for taping, and is not kept.
   *
   * @param function the lowered method
   * @param activity its activity analysis
   * @param splitCalls whether callees are reversed in split mode (first order)
   * @param companion the generated class the pullback is written into
   * @return the forward and reverse sweeps, with the adjoint of each active variable
   */
  public static Pullback transform(
      Function function, Activity activity, boolean splitCalls, TypeRef companion) {
    if (splitCalls && companion != null) {
      Optional<ArrayExpansion.Expanded> expanded =
          ArrayExpansion.expand(function, activity::isActive);
      if (expanded.isPresent()) {
        ReverseMode sliced =
            new ReverseMode(
                expanded.get().function(),
                activity,
                splitCalls,
                companion,
                expanded.get().slices());
        Pullback pullback = sliced.run();
        if (sliced.preaccumulatesEverySlice()) {
          return pullback;
        }
      }
    }
    return new ReverseMode(function, activity, splitCalls, companion, Map.of()).run();
  }

  /** Whether each expanded array belongs to a loop this pullback preaccumulates. */
  private boolean preaccumulatesEverySlice() {
    Set<Var> preaccumulated = new HashSet<>();
    iterations.keySet().forEach(l -> preaccumulated.addAll(reductions.get(l).privateArrays()));
    return preaccumulated.containsAll(slices.keySet());
  }

  private Pullback run() {
    findReassigned();
    countVariables(function.body());
    partners.putAll(PartnerValues.find(function, reassigned, assignments));
    findReloadable(function.body());
    // What each statement that changes an active variable or array contributes in reverse.
    PrimalVisitor<Void> findAdjoints =
        new PrimalVisitor<>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            if (activity.isActive(a.target())) {
              adjointStatements.put(a, locatedAt(adjointOf(a), a.origin()));
            }
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            if (activity.isActive(Exprs.root(st.array()))) {
              adjointStatements.put(st, locatedAt(adjointOf(st), st.origin()));
            }
            return null;
          }

          @Override
          public Void visitIf(Stmt.If i) {
            return null; // a branch decision has no adjoint; its statements are visited in turn
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            return null; // as for a branch
          }
        };
    Statements.forEach(function.body(), s -> s.accept(findAdjoints));
    fuseElementAccumulations(function.body());
    Block shadowed = withShadowArrays(function.body());
    // The arrays of re-bound parameters as the caller passed them, for the checks that compare a
    // callee's result with them.
    Block primal = new Block();
    this.primal = primal;
    findCountedLoops(shadowed);
    originals.forEach((p, o) -> primal.add(new Stmt.Assign(o, new Expr.Ref(p), null)));
    // A parameter outside wrt that activity finds active (an array variable may name it or a
    // differentiated array: y = c ? a : w) has no adjoint from the caller: it gets one of zeros,
    // whose contributions nobody reads, since nothing differentiates with respect to it.
    for (Var p : function.params()) {
      if (p.kind().isArray() && activity.isActive(p) && !function.independents().contains(p)) {
        primal.add(
            new Stmt.Assign(
                adjoint(p), RuntimeCalls.adjoint("zerosLike", p.kind(), new Expr.Ref(p)), null));
      }
    }
    primal.addAll(shadowed);
    // Not under second order: forward mode over this pullback keeps to the plain form.
    recomputedRefills =
        splitCalls
            ? RefillRecompute.find(function, primal, countedLoops, assignments)
            : new IdentityHashMap<>();
    record(primal);

    // The sums are new arrays on each call, except in a scalar method that creates no array,
    // whose pullback allocates nothing (README): there only scalars' sums, in a buffer the
    // thread's tape lends (a vector method's Jacobian may run its reverse sweep once per row,
    // which would give one buffer back many times).
    createsArrays = createsArrays(function.body());
    if (splitCalls
        && companion != null
        && (createsArrays || function.result().kind() == Kind.DOUBLE)) {
      reductions =
          new LinkedHashMap<>(
              ReductionLoops.find(primal, countedLoops, activity::isActive, slices.keySet()));
      // A cost decision, not a soundness one: an iteration pays a call, and the loop zeroes and
      // scales sums as large as what it reads. Worth it where an iteration runs loops or
      // callees, whose taped values then stay in cache; a straight-line body is left as it is.
      reductions.values().removeIf(r -> !runsLoopsOrCallees(r.loop().body()));
      recordWithReductions(primal);
    }
    Block forward;
    Block reverse;
    while (true) {
      while (true) {
        iterations.clear();
        loopSums.clear();
        entryLoops.clear();
        entryTurned.clear();
        forward = forward(primal);
        reverse = new Block();
        if (activity.isActive(function.result())) {
          Var result = function.result();
          reverse.add(
              result.kind().isArray()
                  ? accumulate(result, new Expr.Ref(seed)) // into its shadow array
                  : new Stmt.Assign(adjoint(result), new Expr.Ref(seed), null));
        }
        reverse.addAll(reverse(primal));
        forward = hoisted(forward);
        reverse = promotedAndHoisted(reverse, Set.of());
        Stmt.Loop unsound = leaksLocals(forward, reverse);
        if (unsound == null) {
          break;
        }
        reductions.remove(unsound); // and build the sweeps again without preaccumulating it
        recordWithReductions(primal);
      }
      // A recomputed entry whose nests did not all turn this time needs its value saved again:
      // never recompute it. The nests turned anew: recompute their entries, and build again.
      Set<Stmt.Assign> turnedEntries = Collections.newSetFromMap(new IdentityHashMap<>());
      entryLoops.forEach(
          (e, n) -> {
            if (n.equals(entryTurned.get(e))) {
              turnedEntries.add(e);
            }
          });
      boolean stale = !turnedEntries.containsAll(recomputedEntries);
      for (Stmt.Assign e : new ArrayList<>(recomputedEntries)) {
        if (!turnedEntries.contains(e)) {
          recomputedEntries.remove(e);
          refusedEntries.add(e);
        }
      }
      int before = recomputedEntries.size();
      turnedEntries.stream()
          .filter(e -> !refusedEntries.contains(e))
          .forEach(recomputedEntries::add);
      if (!stale && recomputedEntries.size() == before) {
        break;
      }
      record(primal);
      recordWithReductions(primal);
    }
    // Adjoint initialisation. The writer adds the parameters' adjoints into the caller's gradient
    // after the reverse sweep; each iteration's sweeps are a method of their own, which reads
    // nothing after them and takes its parameters from its caller.
    List<Var> parameterAdjoints =
        function.params().stream().filter(adjoints::containsKey).map(adjoints::get).toList();
    reverse =
        ZeroAdjoints.simplify(
            forward, reverse, Set.of(), localAdjoints(forward, reverse, parameterAdjoints));
    iterations.replaceAll(
        (l, it) ->
            new Iteration(
                it.name(),
                it.parameters(),
                it.accumulator(),
                it.forward(),
                ZeroAdjoints.simplify(
                    it.forward(),
                    it.reverse(),
                    Set.copyOf(it.parameters()),
                    localAdjoints(it.forward(), it.reverse(), it.parameters())),
                it.loopIndex(),
                it.chunked()));
    boolean callsPullback =
        adjointStatements.values().stream()
            .flatMap(List::stream)
            .anyMatch(
                s ->
                    Statements.anyMatch(
                        new Block().add(s), x -> x instanceof Stmt.PullbackCall, e -> false));
    // A lent buffer is the tape's too: the pullback allocates nothing once the tape has grown.
    boolean usesTape =
        !pushed.isEmpty()
            || !counterPushed.isEmpty()
            || callsPullback
            || loopSums.values().stream().anyMatch(Sums::lent);
    return new Pullback(
        function,
        forward,
        reverse,
        adjoints,
        seed,
        usesTape,
        snapshot(reverse),
        List.copyOf(iterations.values()));
  }

  /**
   * The {@code double} adjoints that a method's two sweeps mention, less those read after them: the
   * adjoints nothing reads once the reverse sweep ends.
   */
  private static Set<Var> localAdjoints(Block forward, Block reverse, List<Var> readAfter) {
    Set<Var> local = new HashSet<>(Mentions.vars(forward));
    local.addAll(Mentions.vars(reverse));
    local.removeIf(v -> v.role() != Var.Role.ADJOINT || v.kind() != Kind.DOUBLE);
    local.removeAll(readAfter);
    return local;
  }

  /**
   * A preaccumulated loop whose iteration assigns a variable that the sweeps read elsewhere (only
   * the accumulator it returns may be), or that does not qualify after all; null if none. {@link
   * ReductionLoops} rules this out for the primal variables; this checks what the sweeps added.
   */
  private Stmt.Loop leaksLocals(Block forward, Block reverse) {
    Set<Var> outside = new HashSet<>(Mentions.vars(forward));
    outside.addAll(Mentions.vars(reverse));
    for (Map.Entry<Stmt.Loop, Iteration> e : iterations.entrySet()) {
      Iteration it = e.getValue();
      if (it == null) {
        return e.getKey();
      }
      Block region = new Block();
      region.addAll(it.forward());
      region.addAll(it.reverse());
      for (Var v : rebound(region)) {
        if (v != it.accumulator() && outside.contains(v)) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  /**
   * The to-be-recorded analysis, with the refills the reverse sweep computes again instead of
   * taping (those that tape nothing themselves).
   */
  private void record(Block primal) {
    primalReadsOf.clear();
    recordedFor = new HashSet<>(reductions.keySet());
    while (true) {
      recomputedStores.clear();
      recomputedRefills.values().forEach(this::markRecomputedStores);
      pushed.clear();
      inverted.clear();
      counterPushed.clear();
      counters.clear();
      recordToFixpoint(primal);
      // A refill that tapes anything itself would push again when recomputed: it stays taped.
      if (!recomputedRefills.values().removeIf(this::tapes)) {
        break;
      }
    }
  }

  /**
   * The to-be-recorded analysis again, now that it knows which loops run each iteration's reverse
   * sweep at the iteration's end; a loop whose addition to its sum is undone (the sum's earlier
   * value is read) cannot, and drops out, until none does.
   */
  private void recordWithReductions(Block primal) {
    while (!recordedFor.equals(reductions.keySet())) {
      record(primal);
      reductions
          .values()
          .removeIf(
              r ->
                  r.accumulations().stream()
                      .anyMatch(a -> pushed.contains(a) || inverted.contains(a)));
    }
  }

  /** Runs the to-be-recorded analysis until its marks stop growing (loops feed back). */
  private void recordToFixpoint(Block primal) {
    int marks;
    do {
      marks = marks();
      toBeRecorded(primal, new Flow(new HashSet<>(), aliasing.entry()));
    } while (marks != marks());
  }

  private int marks() {
    return pushed.size() + inverted.size() + counterPushed.size() + counters.size();
  }

  /** Records the stores of recomputed refills ({@code [init, refill]} pairs) with their reads. */
  private void markRecomputedStores(List<Stmt> refills) {
    for (Stmt s : refills) {
      if (s instanceof Stmt.Loop r) {
        // What it reads and does not set itself (its index, test and temporaries it sets).
        Set<Var> reads = new HashSet<>(Mentions.vars(r.body()));
        reads.addAll(Mentions.vars(r.head()));
        Statements.forEachAssign(r.body(), a -> reads.remove(a.target()));
        Statements.forEachAssign(r.head(), a -> reads.remove(a.target()));
        Statements.forEach(
            r.body(),
            x -> {
              if (x instanceof Stmt.Store st) {
                recomputedStores.put(st, reads);
              }
            });
      }
    }
  }

  /** Whether any statement of these refills is taped, undone or counted. */
  private boolean tapes(List<Stmt> refills) {
    boolean[] any = {false};
    Block block = new Block();
    refills.forEach(block::add);
    Statements.forEach(
        block,
        x ->
            any[0] |=
                pushed.contains(x)
                    || inverted.contains(x)
                    || (x instanceof Stmt.Loop l && counters.containsKey(l)));
    return any[0];
  }

  private Var adjoint(Var v) {
    return adjoints.computeIfAbsent(v, x -> new Var(x.name() + "Bar", x.kind(), Var.Role.ADJOINT));
  }

  /**
   * The primal statements, with each assignment to an active array variable followed by the same
   * assignment to its adjoint array (Tapenade's shadow pointers): an alias {@code r = m[i]} gets
   * {@code rBar = mBar[i]}, so that the adjoint of an element is found through every alias.
   */
  private Block withShadowArrays(Block block) {
    Block out = new Block();
    PrimalVisitor<Void> copy =
        new PrimalVisitor<>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            out.add(a);
            if (a.target().kind().isArray() && activity.isActive(a.target())) {
              List<Stmt> adjoint = adjointStatements.remove(a);
              Stmt last = shadow(a, out, adjoint);
              // The assignment's adjoint reads the shadow (a pullback takes it as its seed), so
              // it runs where the reverse sweep undoes the shadow, before the old shadow comes
              // back from the tape.
              if (adjoint != null) {
                adjointStatements.put(last, adjoint);
              }
            }
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            out.add(st); // an element, not an array variable: its shadow stays the same
            return null;
          }

          @Override
          public Void visitIf(Stmt.If i) {
            out.add(
                new Stmt.If(i.cond(), withShadowArrays(i.then()), withShadowArrays(i.otherwise())));
            return null;
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            out.add(
                new Stmt.Loop(withShadowArrays(l.head()), l.cond(), withShadowArrays(l.body())));
            return null;
          }
        };
    for (Stmt s : block) {
      s.accept(copy);
    }
    return out;
  }

  /**
   * Adds the statements that set the shadow of an active array assigned by {@code a}; returns the
   * last, where the assignment's adjoint statements run. A copy or a row shares its source's
   * shadow; a new array gets a zero one.
   *
   * <p>A call's result may be one of its array arguments, or a row of one (ArrayAliasing): then it
   * must share that argument's shadow, so that the adjoint of an element is found through both
   * names, and the call's pullback must not run, since that argument's shadow already holds the
   * adjoint of the result, which is the argument. Which case holds is known only at run time:
   * {@code Adjoint.sharedShadow} tells, a flag records it for the reverse sweep, and the adjoint
   * statements are guarded by it ({@code adjoint}, changed in place), and {@code
   * Adjoint.orZerosLike} gives a fresh result its zero shadow. Where a store of the method may
   * write into what an argument names at the call (ArrayAliasing's points-to facts), generated code
   * checks ({@code Adjoint.requireNotReturned}) that the call did not return an argument that
   * carries no derivative (it has no shadow to share; activity links such an argument when it can,
   * so this is rare), nor a parameter's or a field's array that the argument may be (differentiated
   * code must not change those).
   */
  private Stmt shadow(Stmt.Assign a, Block out, List<Stmt> adjoint) {
    Var target = a.target();
    Var bar = adjoint(target);
    Expr value = a.value();
    if (value instanceof Expr.Ref || value instanceof Expr.Load) {
      return add(out, new Stmt.Assign(bar, mirror(value), null));
    }
    if (value instanceof Expr.NewArray) {
      return add(out, new Stmt.Assign(bar, value, null));
    }
    List<Expr> shared = new ArrayList<>();
    List<Expr> notReturned = new ArrayList<>();
    if (value instanceof Expr.Call call && call.callee().role() != Callee.Role.DETACH) {
      for (Expr arg : call.args()) {
        if (!(arg.kind().isArray() && (arg instanceof Expr.Ref || arg instanceof Expr.Load))) {
          continue;
        }
        Var root = Exprs.root(arg);
        if (activity.isActive(root)) {
          shared.add(arg);
        } else if (aliasing.argumentMayBeWrittenThroughResult(a, root)
            && !notReturned.contains(arg)) {
          notReturned.add(arg);
        }
        aliasing.writtenExternalArrays(a, root).stream()
            .map(this::asPassed)
            .filter(e -> !notReturned.contains(e))
            .forEach(notReturned::add);
      }
    }
    for (Expr arg : notReturned) {
      Var checked = new Var("checked", Kind.BOOLEAN, Var.Role.FLAG);
      out.add(
          new Stmt.Assign(
              checked,
              RuntimeCalls.adjoint("requireNotReturned", Kind.BOOLEAN, new Expr.Ref(target), arg),
              null));
    }
    Expr zeros = RuntimeCalls.adjoint("zerosLike", target.kind(), new Expr.Ref(target));
    if (shared.isEmpty()) {
      return add(out, new Stmt.Assign(bar, zeros, null));
    }
    Expr previous = new Expr.Const(target.kind(), null);
    for (Expr arg : shared) {
      out.add(
          new Stmt.Assign(
              bar,
              RuntimeCalls.adjoint(
                  "sharedShadow", target.kind(), new Expr.Ref(target), arg, mirror(arg), previous),
              null));
      previous = new Expr.Ref(bar);
    }
    Var fresh = new Var("fresh", Kind.BOOLEAN, Var.Role.FLAG);
    out.add(
        new Stmt.Assign(
            fresh,
            new Expr.Binary(
                BinaryOp.EQ, previous, new Expr.Const(target.kind(), null), Kind.BOOLEAN),
            null));
    if (adjoint != null && !adjoint.isEmpty()) {
      Block guarded = new Block();
      adjoint.forEach(guarded::add);
      adjoint.clear();
      adjoint.add(new Stmt.If(new Expr.Ref(fresh), guarded, new Block()));
    }
    return add(
        out,
        new Stmt.Assign(
            bar,
            RuntimeCalls.adjoint("orZerosLike", target.kind(), previous, new Expr.Ref(target)),
            null));
  }

  /**
   * A parameter's array as the caller passed it: the parameter itself, or, where the method assigns
   * the parameter, a copy of the reference taken on entry.
   */
  private Expr asPassed(Expr external) {
    if (external instanceof Expr.Ref r && assignedParameters().contains(r.var())) {
      Var p = r.var();
      return new Expr.Ref(
          originals.computeIfAbsent(
              p, x -> new Var(x.name() + "Argument", x.kind(), Var.Role.TEMP)));
    }
    return external;
  }

  private Set<Var> assignedParameters() {
    if (assignedParameters == null) {
      assignedParameters = new HashSet<>();
      Statements.forEachAssign(
          function.body(),
          a -> {
            if (function.params().contains(a.target())) {
              assignedParameters.add(a.target());
            }
          });
    }
    return assignedParameters;
  }

  private static Stmt add(Block out, Stmt s) {
    out.add(s);
    return s;
  }

  /** The adjoint of an array path: {@code mBar[i]} for {@code m[i]}. */
  private Expr mirror(Expr path) {
    if (path instanceof Expr.Load l) {
      return new Expr.Load(mirror(l.array()), l.index());
    }
    return new Expr.Ref(adjoint(((Expr.Ref) path).var()));
  }

  /** Variables whose adjoint must be reset when they are assigned: their old value lived on. */
  private void findReassigned() {
    Map<Var, Integer> count = new HashMap<>();
    Statements.forEachAssign(function.body(), a -> count.merge(a.target(), 1, Integer::sum));
    count.forEach(
        (v, n) -> {
          if (n > 1) {
            reassigned.add(v);
          }
        });
    reassigned.addAll(function.params());
    Statements.forEach(
        function.body(),
        s -> {
          if (s instanceof Stmt.Loop l) {
            Statements.forEachAssign(l.head(), a -> reassigned.add(a.target()));
            Statements.forEachAssign(l.body(), a -> reassigned.add(a.target()));
          }
        });
  }

  // ---------------------------------------------------------------- adjoint statements

  /** The reverse of a store into an active array: pass the element's adjoint on, then reset it. */
  private List<Stmt> adjointOf(Stmt.Store s) {
    Expr element = new Expr.Load(mirror(s.array()), s.index());
    List<Stmt> out = new ArrayList<>();
    Var u = activeVar(s.value());
    if (u != null) {
      out.add(accumulate(u, element));
    }
    out.add(new Stmt.Store(mirror(s.array()), s.index(), Exprs.doubleConst(0), null));
    return out;
  }

  /** The reverse of one active assignment: its contributions, then the reset of its adjoint. */
  /**
   * The adjoint statements of a primal statement, with its source position where they have none: a
   * problem that a later pass (forward mode over this pullback, for second order) finds in them is
   * then reported at the user's statement. Positions change no generated code.
   */
  private static List<Stmt> locatedAt(List<Stmt> adjoint, Origin origin) {
    if (origin == null) {
      return adjoint;
    }
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : adjoint) {
      if (s instanceof Stmt.Assign a && a.origin() == null) {
        out.add(new Stmt.Assign(a.target(), a.value(), origin));
      } else if (s instanceof Stmt.Store st && st.origin() == null) {
        out.add(new Stmt.Store(st.array(), st.index(), st.value(), origin));
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = locatedAt(i.then().stmts(), origin);
        List<Stmt> otherwise = locatedAt(i.otherwise().stmts(), origin);
        i.then().stmts().clear();
        i.then().stmts().addAll(then);
        i.otherwise().stmts().clear();
        i.otherwise().stmts().addAll(otherwise);
        out.add(i);
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private List<Stmt> adjointOf(Stmt.Assign a) {
    Var v = a.target();
    if (v.kind().isArray()
        && !(a.value() instanceof Expr.Call c
            && (c.callee().hasCustomPullbacks()
                || c.callee().role() == Callee.Role.DIFFERENTIABLE))) {
      return List.of(); // Its shadow array, set in the forward sweep, collects the adjoints.
    }
    Expr g = new Expr.Ref(adjoint(v));
    Expr value = a.value();
    List<Stmt> contributions = new ArrayList<>();
    boolean guarded = false;
    boolean accumulation = false;
    if (value instanceof Expr.Call call && call.callee().role() == Callee.Role.DIFFERENTIABLE) {
      List<Var> targets = new ArrayList<>();
      boolean any = false;
      for (int i : call.callee().differentiated()) {
        Var u = activeVar(call.args().get(i));
        targets.add(u == null ? null : adjoint(u));
        any |= u != null;
      }
      if (any) {
        // A callee returning double[] stays joint (its result may be an argument, whose shadow
        // then takes the adjoint in place of the callee's pullback); a tensor is a value.
        boolean splitMode = splitCalls && call.callee().returnKind().hasValueAdjoint();
        Stmt.PullbackCall pullback =
            new Stmt.PullbackCall(call.callee(), call.args(), g, targets, splitMode);
        contributions.add(pullback);
        if (splitMode) {
          split.put(a, pullback);
        }
      }
    } else if (value instanceof Expr.Load load) {
      if (!activity.isActive(Exprs.root(load.array()))) {
        // An element of an array without derivatives (v is active through other assignments).
        return reassigned.contains(v) && v.kind().hasValueAdjoint()
            ? List.of(new Stmt.Assign(adjoint(v), zero(v.kind()), null))
            : List.of();
      }
      Expr element = new Expr.Load(mirror(load.array()), load.index());
      contributions.add(
          new Stmt.Store(mirror(load.array()), load.index(), Exprs.add(element, g), null));
    } else if (Exprs.isAccumulation(v, value)) {
      Expr.Binary b = (Expr.Binary) value;
      accumulation = true; // v += e: v's adjoint passes through unchanged
      Var u = activeVar(b.right());
      if (u != null) {
        contributions.add(accumulate(u, b.op() == BinaryOp.ADD ? g : Exprs.neg(g)));
      }
    } else {
      // The partials may read a loaded temporary again from its array instead of from the tape;
      // a copy has no partial to read, and its operand must stay the temporary it passes on to.
      var rule =
          DerivativeRules.of(
              value instanceof Expr.Ref ? value : reload(value), new Expr.Ref(v), partners.get(a));
      if (rule.isPresent()) {
        // One sum per variable: x - x passes uBar += g - g, exactly zero, where two separate
        // additions (uBar += g; uBar -= g) would lose uBar when g is much larger.
        List<Expr> operands = operands(value);
        Map<Var, Expr> sums = new LinkedHashMap<>();
        for (int i = 0; i < operands.size(); i++) {
          var contribution = rule.get().contributions().get(i);
          Var u = activeVar(operands.get(i));
          if (contribution != null && u != null) {
            Expr c = contribution.apply(g);
            if (u.kind() == Kind.DOUBLE) {
              sums.merge(u, c, ReverseMode::plus);
            } else {
              contributions.add(accumulate(u, c));
            }
          }
        }
        sums.forEach((u, c) -> contributions.add(accumulate(u, c)));
        guarded = rule.get().guarded();
      }
    }
    List<Stmt> out = new ArrayList<>();
    if (guarded && !contributions.isEmpty() && v.kind().hasValueAdjoint()) {
      Block body = new Block();
      contributions.forEach(body::add);
      out.add(
          new Stmt.If(
              new Expr.Binary(BinaryOp.NE, g, zero(v.kind()), Kind.BOOLEAN), body, new Block()));
    } else {
      out.addAll(contributions);
    }
    if (reassigned.contains(v) && !accumulation && v.kind().hasValueAdjoint()) {
      out.add(new Stmt.Assign(adjoint(v), zero(v.kind()), null));
    }
    return out;
  }

  /**
   * Gives {@code a[i] += e} one adjoint statement, {@code eBar += aBar[i]}, in place of three. The
   * lowering writes it {@code t = a[i]; ...; s = t + e; a[i] = s}; taken one by one, the store's
   * adjoint moves {@code aBar[i]} into {@code sBar} and zeroes it, the sum's passes {@code sBar} on
   * to {@code tBar} and {@code eBar}, and the load's adds {@code tBar} back into {@code aBar[i]}.
   * The net effect is {@code eBar += aBar[i]} with {@code aBar[i]} unchanged, provided that {@code
   * t} and {@code s} have no other use (so nothing else reads their adjoints), that {@code a[i]}
   * names the same element at the load and the store (only assignments come between, none to a
   * variable of the path), and that the adjoints of what comes between only add into {@code aBar}
   * (assignments to scalars: their adjoint statements add into adjoints and reset scalars), so that
   * leaving {@code aBar[i]} in place instead of zero changes no value they compute.
   */
  private void fuseElementAccumulations(Block block) {
    List<Stmt> stmts = block.stmts();
    for (int k = 0; k < stmts.size(); k++) {
      for (Block nested : Stmts.blocks(stmts.get(k))) {
        fuseElementAccumulations(nested);
      }
      if (k < 2
          || !(stmts.get(k) instanceof Stmt.Store st)
          || !adjointStatements.containsKey(st)
          || !(st.value() instanceof Expr.Ref stored)
          || !(stmts.get(k - 1) instanceof Stmt.Assign sum)
          || sum.target() != stored.var()
          || !(sum.value() instanceof Expr.Binary b)
          || (b.op() != BinaryOp.ADD && b.op() != BinaryOp.SUB)
          || !(b.left() instanceof Expr.Ref loaded)
          || Exprs.reads(b.right(), loaded.var())
          || !singleUseTemp(stored.var())
          || !singleUseTemp(loaded.var())) {
        continue;
      }
      Expr element = new Expr.Load(st.array(), st.index());
      Set<Var> path = Exprs.reads(element);
      for (int p = k - 2; p >= 0; p--) {
        if (!(stmts.get(p) instanceof Stmt.Assign between)
            || between.target().kind().isArray()
            || path.contains(between.target())) {
          break;
        }
        if (between.target() == loaded.var()) {
          if (between.value().equals(element) && adjointStatements.containsKey(between)) {
            List<Stmt> fused = new ArrayList<>();
            Var e = activeVar(b.right());
            if (e != null) {
              Expr g = new Expr.Load(mirror(st.array()), st.index());
              fused.add(accumulate(e, b.op() == BinaryOp.ADD ? g : Exprs.neg(g)));
            }
            adjointStatements.put(st, fused);
            adjointStatements.remove(sum);
            adjointStatements.remove(between);
          }
          break;
        }
      }
    }
  }

  private boolean singleUseTemp(Var v) {
    return v.role() == Var.Role.TEMP
        && v.kind() == Kind.DOUBLE
        && assignments.getOrDefault(v, 0) == 1
        && uses.getOrDefault(v, 0) == 1;
  }

  /**
   * Whether the array an adjoint variable names is reachable through that variable alone: the
   * shadow of a local {@code double[]} that is only ever assigned new arrays and never escapes (no
   * alias, row or call argument of it), whose shadow is therefore always a new array of its own.
   */
  private boolean isPrivateShadow(Var shadow) {
    for (Map.Entry<Var, Var> e : adjoints.entrySet()) {
      if (e.getValue() == shadow) {
        return onlyOwnName(e.getKey());
      }
    }
    return false;
  }

  /**
   * Whether only its own name reaches the elements of a local {@code double[]} of the method: it
   * only ever holds new arrays, and never escapes (no alias, row, argument or result holds it).
   * Adjoints are not locals of the method: the sweeps alias shadows ({@code rowBar = mBar[i]}).
   */
  private boolean isPrivateArray(Var x) {
    return (x.role() == Var.Role.LOCAL || x.role() == Var.Role.TEMP)
        && Mentions.vars(function.body()).contains(x)
        && onlyOwnName(x);
  }

  /** {@link #isPrivateArray}'s facts of the primal array {@code x} itself. */
  private boolean onlyOwnName(Var x) {
    if (x.kind() != Kind.DOUBLE_ARRAY
        || x.role() == Var.Role.PARAMETER
        || escaped.contains(x)
        || originals.containsValue(x)) {
      return false;
    }
    boolean[] fresh = {true};
    Statements.forEachAssign(
        function.body(), a -> fresh[0] &= a.target() != x || a.value() instanceof Expr.NewArray);
    return fresh[0];
  }

  /**
   * Finds the temporaries {@code t = a[i]} whose every use is a later assignment of the same block
   * with nothing in between that could change {@code a[i]} or {@code i}: an adjoint can then read
   * {@code a[i]} itself where it needs t (the to-be-recorded analysis then keeps {@code a} and
   * {@code i} as they were, which costs less than taping t when a value is read more often than
   * written, as loads from parameters always are).
   */
  private void findReloadable(Block block) {
    List<Stmt> stmts = block.stmts();
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      for (Block nested : Stmts.blocks(s)) {
        findReloadable(nested);
      }
      if (!(s instanceof Stmt.Assign a
          && a.target().role() == Var.Role.TEMP
          && a.target().kind() == Kind.DOUBLE
          && a.value() instanceof Expr.Load load
          && assignments.get(a.target()) == 1)) {
        continue;
      }
      // Safe for any array: only assignments come between the load and its uses (checked below),
      // and the use's adjoint reads the array, so the to-be-recorded analysis marks its objects
      // live and tapes every later store into them, through any name (docs/array-model.md). A
      // local array that other names reach is left out as a matter of cost, not of soundness:
      // reloading from it would tape its stores in place of the temporary.
      Var array = Exprs.root(load);
      if (!function.params().contains(array) && escaped.contains(array)) {
        continue;
      }
      Set<Var> path = Exprs.reads(load);
      int remaining = uses.getOrDefault(a.target(), 0);
      for (int u = k + 1; u < stmts.size() && remaining > 0; u++) {
        // Only assignments that change neither the index nor the array may come between.
        if (!(stmts.get(u) instanceof Stmt.Assign n) || path.contains(n.target())) {
          break;
        }
        if (Exprs.reads(n.value(), a.target())) {
          remaining--;
        }
      }
      if (remaining == 0) {
        reloaded.put(a.target(), load);
      }
    }
  }

  /**
   * Counts, over the method, each variable's assignments and the statements that read it, and finds
   * the arrays that escape ({@link #escaped}).
   */
  private void countVariables(Block body) {
    Statements.forEach(
        body,
        s -> {
          if (s instanceof Stmt.Assign a) {
            assignments.merge(a.target(), 1, Integer::sum);
          }
          for (Expr e : Statements.expressions(s)) {
            Exprs.reads(e).forEach(v -> uses.merge(v, 1, Integer::sum));
          }
          Escapes.collect(s, escaped);
        });
  }

  /** The expression with each reloadable temporary replaced by its load. */
  private Expr reload(Expr e) {
    if (reloaded.isEmpty()) {
      return e;
    }
    return e.accept(reload);
  }

  /**
   * {@link #reload(Expr)} on an assignment's value: the operations a derivative rule reads the
   * operands of are rebuilt; any other expression is one operand, or has no rule that reads it.
   */
  private final Expr.Visitor<Expr> reload =
      new Expr.Visitor<>() {
        @Override
        public Expr visitRef(Expr.Ref r) {
          return reloaded.getOrDefault(r.var(), r);
        }

        @Override
        public Expr visitUnary(Expr.Unary u) {
          return new Expr.Unary(u.op(), u.operand().accept(this), u.kind());
        }

        @Override
        public Expr visitBinary(Expr.Binary b) {
          return new Expr.Binary(b.op(), b.left().accept(this), b.right().accept(this), b.kind());
        }

        @Override
        public Expr visitCall(Expr.Call c) {
          return new Expr.Call(c.callee(), c.args().stream().map(a -> a.accept(this)).toList());
        }

        @Override
        public Expr visitConst(Expr.Const c) {
          return unchanged(c);
        }

        @Override
        public Expr visitField(Expr.Field f) {
          return unchanged(f);
        }

        @Override
        public Expr visitCast(Expr.Cast c) {
          return unchanged(c);
        }

        @Override
        public Expr visitPop(Expr.Pop p) {
          return unchanged(p);
        }

        @Override
        public Expr visitLoad(Expr.Load l) {
          return unchanged(l);
        }

        @Override
        public Expr visitLength(Expr.Length l) {
          return unchanged(l);
        }

        @Override
        public Expr visitArrayLiteral(Expr.ArrayLiteral l) {
          return unchanged(l);
        }

        @Override
        public Expr visitNewArray(Expr.NewArray n) {
          return unchanged(n);
        }

        /** Not rebuilt: three-address code has no temporary inside it for a rule to read. */
        private Expr unchanged(Expr e) {
          return e;
        }
      };

  /** The sum of two contributions to one {@code double} ({@code a - b} for a negated {@code b}). */
  private static Expr plus(Expr a, Expr b) {
    if (b instanceof Expr.Unary n && n.kind() == Kind.DOUBLE && n.op() == UnaryOp.NEG) {
      return Exprs.sub(a, n.operand());
    }
    return Exprs.add(a, b);
  }

  /** The zero adjoint of a kind: 0.0, or null for a tensor. */
  private static Expr zero(Kind kind) {
    return kind == Kind.TENSOR ? new Expr.Const(Kind.TENSOR, null) : Exprs.doubleConst(0);
  }

  /**
   * The operands of an assignment's value, in the order of its derivative rule's contributions: an
   * operation's, or for any other expression the value itself (a copy passes its adjoint on).
   */
  private static List<Expr> operands(Expr e) {
    return e.accept(OPERANDS);
  }

  private static final Expr.Visitor<List<Expr>> OPERANDS =
      new Expr.Visitor<>() {
        @Override
        public List<Expr> visitUnary(Expr.Unary u) {
          return List.of(u.operand());
        }

        @Override
        public List<Expr> visitBinary(Expr.Binary b) {
          return List.of(b.left(), b.right());
        }

        @Override
        public List<Expr> visitCall(Expr.Call c) {
          return c.args();
        }

        @Override
        public List<Expr> visitConst(Expr.Const c) {
          return itself(c);
        }

        @Override
        public List<Expr> visitRef(Expr.Ref r) {
          return itself(r);
        }

        @Override
        public List<Expr> visitField(Expr.Field f) {
          return itself(f);
        }

        @Override
        public List<Expr> visitCast(Expr.Cast c) {
          return itself(c);
        }

        @Override
        public List<Expr> visitPop(Expr.Pop p) {
          return itself(p);
        }

        @Override
        public List<Expr> visitLoad(Expr.Load l) {
          return itself(l);
        }

        @Override
        public List<Expr> visitLength(Expr.Length l) {
          return itself(l);
        }

        @Override
        public List<Expr> visitArrayLiteral(Expr.ArrayLiteral l) {
          return itself(l);
        }

        @Override
        public List<Expr> visitNewArray(Expr.NewArray n) {
          return itself(n);
        }

        private List<Expr> itself(Expr e) {
          return List.of(e);
        }
      };

  /** The active variable an operand is, or null: operands are variables or passive. */
  private Var activeVar(Expr operand) {
    if (operand instanceof Expr.Ref r) {
      return activity.isActive(r.var()) ? r.var() : null;
    }
    // The lowering gives each operation variables and constants as operands, and so must every
    // rewrite of the IR: a value operand in any other form would lose its derivative here.
    if (carriesDerivative(operand)) {
      throw new IllegalStateException("an operand that carries a derivative: " + operand);
    }
    return null;
  }

  /** Whether {@code e} reads an active value: an active variable or an active array's element. */
  private boolean carriesDerivative(Expr e) {
    if (e instanceof Expr.Length) {
      return false;
    }
    if (e instanceof Expr.Ref r) {
      return activity.isActive(r.var())
          && (r.var().kind().hasValueAdjoint() || r.var().kind() == Kind.FLOAT);
    }
    if (e instanceof Expr.Load l) {
      return activity.isActive(Exprs.root(l.array())) || carriesDerivative(l.index());
    }
    return Exprs.children(e).stream().anyMatch(this::carriesDerivative);
  }

  /** {@code uBar += contribution}, or {@code uBar -= x} for a negated contribution. */
  private Stmt accumulate(Var u, Expr contribution) {
    Var ub = adjoint(u);
    if (u.kind().isArray()) { // element-wise, into the shadow array
      return new Stmt.Assign(
          ub, RuntimeCalls.adjoint("addInto", u.kind(), new Expr.Ref(ub), contribution), null);
    }
    if (u.kind() == Kind.TENSOR) {
      return new Stmt.Assign(
          ub,
          new Expr.Call(
              Callee.of(
                  TypeRef.of("dev.adjoint.tensor", "TensorAdjoints"),
                  "accumulate",
                  Kind.TENSOR,
                  Callee.Role.LIBRARY,
                  Kind.TENSOR,
                  Kind.TENSOR),
              List.of(new Expr.Ref(ub), contribution)),
          null);
    }
    return new Stmt.Assign(ub, plus(new Expr.Ref(ub), contribution), null);
  }

  // ---------------------------------------------------------------- what to record

  /** Whether the reverse sweep does anything for a statement of the forward sweep. */
  private boolean hasReverse(Stmt s) {
    return s.accept(hasReverse);
  }

  private final PrimalVisitor<Boolean> hasReverse =
      new PrimalVisitor<>() {
        @Override
        public Boolean visitAssign(Stmt.Assign a) {
          return changes(a);
        }

        @Override
        public Boolean visitStore(Stmt.Store st) {
          return changes(st);
        }

        private boolean changes(Stmt s) {
          return adjointStatements.containsKey(s) || pushed.contains(s) || inverted.contains(s);
        }

        @Override
        public Boolean visitIf(Stmt.If i) {
          return hasReverse(i.then()) || hasReverse(i.otherwise());
        }

        @Override
        public Boolean visitLoop(Stmt.Loop l) {
          return hasReverse(l.head()) || hasReverse(l.body());
        }
      };

  private boolean hasReverse(Block b) {
    for (Stmt s : b) {
      if (hasReverse(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The state of the to-be-recorded analysis at one point of the forward sweep: the variables whose
   * current value an adjoint statement of an earlier point will read ({@code live}), and the array
   * objects each array variable may name, with those whose current contents such a statement will
   * read ({@link ArrayAliasing.PointsTo}).
   *
   * <p>Three must-facts (kept only where they hold on every path: branches and loops intersect
   * them) let a store skip the tape. {@code covered}: the {@code double[]} variables whose current
   * array has had every element written since the reverse sweep last read any object the variable
   * may name. {@code filling}: the arrays of the counted loops being passed through whose every
   * iteration writes one element of them (see {@link CountedLoop}), as long as nothing reads them;
   * at the loop's exit they are covered. {@code lengths}: for a {@code double[]} variable, an
   * expression equal to its current array's length (its allocation's dimension, while no variable
   * of it changes).
   */
  private record Flow(
      Set<Var> live,
      ArrayAliasing.PointsTo arrays,
      Set<Var> covered,
      Set<Var> filling,
      Map<Var, Expr> lengths)
      implements FlowState<Flow> {
    Flow(Set<Var> live, ArrayAliasing.PointsTo arrays) {
      this(live, arrays, new HashSet<>(), new HashSet<>(), new HashMap<>());
    }

    @Override
    public Flow copy() {
      return new Flow(
          new HashSet<>(live),
          arrays.copy(),
          new HashSet<>(covered),
          new HashSet<>(filling),
          new HashMap<>(lengths));
    }

    @Override
    public void join(Flow other) {
      live.addAll(other.live);
      arrays.join(other.arrays);
      covered.retainAll(other.covered);
      filling.retainAll(other.filling);
      lengths.entrySet().removeIf(e -> !e.getValue().equals(other.lengths.get(e.getKey())));
    }

    @Override
    public void set(Flow other) {
      live.clear();
      live.addAll(other.live);
      arrays.set(other.arrays);
      covered.clear();
      covered.addAll(other.covered);
      filling.clear();
      filling.addAll(other.filling);
      lengths.clear();
      lengths.putAll(other.lengths);
    }

    /** Forgets what the reverse sweep reads since {@code other}: reads as there. */
    void readsAsIn(Flow other) {
      live.clear();
      live.addAll(other.live);
      arrays.readsAsIn(other.arrays);
    }

    /** Forgets what the reverse sweep reads of {@code sliced} since {@code other}. */
    void slicesAsIn(List<Var> sliced, Flow other) {
      for (Var a : sliced) {
        if (other.live.contains(a)) {
          live.add(a);
        } else {
          live.remove(a);
        }
        arrays.readAsIn(a, other.arrays);
      }
    }

    /** What the reverse sweep reads at this point: values, and the contents of arrays. */
    void readByReverse(Set<Var> vars) {
      live.addAll(vars);
      for (Var v : vars) {
        arrays.read(v);
        if (ArrayAliasing.isPrimalArray(v)) {
          covered.removeIf(c -> mayShare(c, v));
          filling.removeIf(c -> mayShare(c, v));
        }
      }
    }

    /**
     * Whether two array variables may name the same object here, or objects sharing elements (a
     * variable that names nothing known yet may name anything).
     */
    private boolean mayShare(Var a, Var b) {
      Set<ArrayAliasing.Obj> ofA = arrays.of(a);
      Set<ArrayAliasing.Obj> ofB = arrays.of(b);
      return a == b || ofA.isEmpty() || ofB.isEmpty() || ofA.stream().anyMatch(ofB::contains);
    }

    /** The effect of an assignment on the must-facts: a re-bound array is a new one. */
    void assign(Stmt.Assign a) {
      Var target = a.target();
      lengths.entrySet().removeIf(e -> Exprs.reads(e.getValue(), target));
      if (!target.kind().isArray()) {
        return;
      }
      covered.remove(target);
      filling.remove(target);
      lengths.remove(target);
      if (a.value() instanceof Expr.Ref r && r.var().kind() == target.kind()) {
        // An alias names the same array: what holds of one holds of the other.
        if (covered.contains(r.var())) {
          covered.add(target);
        }
        if (lengths.containsKey(r.var())) {
          lengths.put(target, lengths.get(r.var()));
        }
      } else if (a.value() instanceof Expr.NewArray n
          && target.kind() == Kind.DOUBLE_ARRAY
          && n.dimensions().size() == 1
          && (n.dimensions().get(0) instanceof Expr.Ref
              || n.dimensions().get(0) instanceof Expr.Const)) {
        lengths.put(target, n.dimensions().get(0));
      }
    }
  }

  /**
   * Forward data flow of what the reverse sweep will read. An assignment to a live variable must
   * first push the value it overwrites (or be inverted); a store into an array object whose
   * contents are live must first push the element it overwrites, whichever variable it goes
   * through: an object's contents stay live to the end of the method, since any later name of it
   * (an alias, a swapped buffer, a callee's result) writes the same elements.
   */
  private void toBeRecorded(Block block, Flow flow) {
    Set<Var> live = flow.live();
    PrimalVisitor<Void> step =
        new PrimalVisitor<>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            if (steps.contains(a)) {
              live.remove(a.target()); // the reverse loop sets the index for each iteration
            } else if (live.remove(a.target())) {
              if (isInvertible(a)) {
                inverted.add(a);
                live.add(a.target()); // the inverse computes the old value from the new one
              } else {
                pushed.add(a);
              }
            }
            flow.arrays().assign(a);
            flow.assign(a);
            List<Stmt> adjoint = adjointStatements.get(a);
            if (adjoint != null) {
              Set<Var> reads = primalReadsOf(adjoint);
              Var partner = partners.get(a);
              if (partner != null && !Exprs.reads(a.value(), partner)) {
                // Its final value, which PartnerValues proves is there: not a value to keep.
                reads = new HashSet<>(reads);
                reads.remove(partner);
              }
              flow.readByReverse(reads);
            }
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            // One element changes; the array's other elements may still be needed. Unless every
            // element was written since the reverse sweep last read the array: then the value
            // overwritten here is one no adjoint statement reads, and the reverse sweep, which
            // undoes the earlier write, puts back the value those statements read.
            Var array = Exprs.root(st.array());
            boolean covered = st.array() instanceof Expr.Ref && flow.covered().contains(array);
            Set<Var> recomputedFrom = recomputedStores.get(st);
            if (recomputedFrom != null) {
              // Run again where the reverse sweep needs the element: what it reads must be there.
              flow.readByReverse(recomputedFrom);
            } else if (!covered
                && !ownElementStores.contains(st)
                && (flow.arrays().storeNeedsSaving(array) || live.contains(array))) {
              pushed.add(st);
            }
            if (pushed.contains(st)) {
              live.addAll(Exprs.reads(st.array())); // where the reverse sweep puts the value back
              live.addAll(Exprs.reads(st.index()));
            }
            List<Stmt> adjoint = adjointStatements.get(st);
            if (adjoint != null) {
              flow.readByReverse(primalReadsOf(adjoint));
            }
            return null;
          }

          @Override
          public Void visitIf(Stmt.If i) {
            FlowState.branch(i, flow, ReverseMode.this::toBeRecorded);
            if (hasReverse(i)) {
              flow.readByReverse(Exprs.reads(i.cond()));
            }
            return null;
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            Var counter = null;
            CountedLoop backwards = backwards(l);
            if (hasReverse(l) && backwards == null) {
              counter =
                  counters.computeIfAbsent(l, x -> new Var("trips", Kind.INT, Var.Role.COUNTER));
              if (live.remove(counter)) {
                counterPushed.add(l);
              }
            }
            List<Var> fills = fills(l, flow);
            flow.filling().addAll(fills);
            ownElementStores(l, flow);
            // A preaccumulated loop runs each iteration's reverse sweep at the iteration's end:
            // what it reads is read before the next iteration overwrites anything, so each
            // iteration starts with what was live before the loop (the method's reverse sweep
            // reads that). An array with a slice per iteration of this loop starts each
            // iteration as it was before the loop: reads of earlier iterations' slices do not
            // make this iteration's stores, into a slice of its own, need saving.
            boolean apart = reductions.containsKey(l);
            List<Var> sliced = slicedBy(l);
            Flow before = apart || !sliced.isEmpty() ? flow.copy() : null;
            FlowState.loop(
                l,
                flow,
                (b, f) -> {
                  if (apart && b == l.head()) {
                    f.readsAsIn(before);
                  }
                  if (b == l.body()) {
                    f.slicesAsIn(sliced, before);
                  }
                  toBeRecorded(b, f);
                });
            for (Var array : fills) {
              if (flow.filling().remove(array)) {
                flow.covered().add(array); // every element written, none read since
              }
            }
            if (counter != null) {
              live.add(counter);
            }
            if (backwards != null && hasReverse(l)) {
              // The reverse loop evaluates them again; array lengths read references only.
              live.addAll(Exprs.reads(backwards.start()));
              live.addAll(Exprs.reads(backwards.bound()));
            }
            Stmt.Assign entry = entries.get(l);
            if (entry != null && recomputedEntries.contains(entry)) {
              // The last build ran this nest's reverse iterations in forward order, starting its
              // induction variable from the entry's value, computed again (IterationOrder): the
              // reverse sweep reads that value's variables here, not the induction variable.
              live.remove(entry.target());
              live.addAll(Exprs.reads(entry.value()));
            }
            return null;
          }
        };
    for (Stmt s : block) {
      s.accept(step);
    }
  }

  /**
   * Decides, on entry to {@code l}, which of its stores need no saving: a store {@code a[e] = v} at
   * the top level of a counted loop whose iterations each store one element of their own of {@code
   * a} there and read no other ({@link CountedLoop#ownElement}; fused loops, {@link
   * MapLoopFusion}), into a private array that the reverse sweep does not read on entry (not live,
   * and no other name of it, there being none). Then the element each store overwrites is read
   * neither by the reverse sweep of what came before the loop nor by the loop's own, whose
   * iterations read only the elements they stored; the values the loop stores are read, so the
   * array is live after it, as usual.
   */
  private void ownElementStores(Stmt.Loop l, Flow flow) {
    CountedLoop c = countedLoops.get(l);
    if (c == null) {
      return;
    }
    for (Stmt s : l.body()) {
      if (s instanceof Stmt.Store st && st.array() instanceof Expr.Ref r) {
        Var a = r.var();
        boolean free =
            isPrivateArray(a)
                && !flow.live().contains(a)
                && !flow.arrays().storeNeedsSaving(a)
                && c.ownElement(a).isPresent();
        if (free) {
          ownElementStores.add(st);
        } else {
          ownElementStores.remove(st);
        }
      }
    }
  }

  /** The expanded arrays with a slice per iteration of {@code l}. */
  private List<Var> slicedBy(Stmt.Loop l) {
    CountedLoop c = countedLoops.get(l);
    if (c == null || slices.isEmpty()) {
      return List.of();
    }
    Set<Var> mentioned = Mentions.vars(new Block().add(l));
    return slices.entrySet().stream()
        .filter(e -> e.getValue() == c.index() && mentioned.contains(e.getKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The arrays that a loop writes every element of, through one name, in an iteration each: a
   * counted loop from 0 to the array's length (its allocation's dimension, or {@code a.length})
   * that stores into {@code a[i]} at the top level of its body.
   */
  private List<Var> fills(Stmt.Loop l, Flow flow) {
    CountedLoop counted = countedLoops.get(l);
    List<Var> out = new ArrayList<>();
    if (counted == null || !Expr.Const.ofInt(0).equals(counted.start())) {
      return out;
    }
    for (Stmt s : l.body()) {
      if (s instanceof Stmt.Store st
          && st.array() instanceof Expr.Ref r
          && r.var().kind() == Kind.DOUBLE_ARRAY
          && !out.contains(r.var())
          && counted.storesEveryIteration(r.var())
          && (counted.bound().equals(flow.lengths().get(r.var()))
              || counted.bound().equals(new Expr.Length(st.array())))) {
        out.add(r.var());
      }
    }
    return out;
  }

  /** Finds the counted loops of a block and the blocks nested in it. */
  private void findCountedLoops(Block block) {
    CountedLoop.collect(block, countedLoops);
    findEntries(block);
    countedLoops.forEach(
        (l, c) -> {
          if (c.reversible()) {
            steps.add(l.body().stmts().get(l.body().stmts().size() - 1));
          }
        });
  }

  private void findEntries(Block block) {
    List<Stmt> stmts = block.stmts();
    for (int k = 0; k < stmts.size(); k++) {
      if (k >= 2
          && stmts.get(k) instanceof Stmt.Loop l
          && countedLoops.containsKey(l)
          && stmts.get(k - 2) instanceof Stmt.Assign a
          && a.target().kind() == Kind.INT
          && a.target() != countedLoops.get(l).index()
          && CountedLoop.recomputable(a.value())) {
        entries.put(l, a);
      }
      for (Block nested : Stmts.blocks(stmts.get(k))) {
        findEntries(nested);
      }
    }
  }

  /**
   * The {@code int} variables that hold one value throughout the method once assigned: parameters
   * it never assigns, and locals it assigns once, outside any loop (Java's definite assignment puts
   * that assignment before every read), as {@link PartnerValues} asks of its partners.
   */
  private boolean isConstant(Var v) {
    int n = assignments.getOrDefault(v, 0);
    return v.kind() == Kind.INT
        && (v.role() == Var.Role.PARAMETER
            ? n == 0
            : (v.role() == Var.Role.LOCAL || v.role() == Var.Role.TEMP)
                && n == 1
                && !reassigned.contains(v));
  }

  /** The counted loop, if the reverse sweep runs {@code l} backwards on its own index. */
  private CountedLoop backwards(Stmt.Loop l) {
    CountedLoop counted = countedLoops.get(l);
    return counted != null && counted.reversible() ? counted : null;
  }

  /**
   * {@code i += c} on an integer: undone exactly by {@code i -= c} (two's complement arithmetic
   * wraps both ways), so the loop indices need no tape.
   */
  private static boolean isInvertible(Stmt.Assign a) {
    return a.target().kind().isIntegral()
        && Exprs.isAccumulation(a.target(), a.value())
        && ((Expr.Binary) a.value()).right() instanceof Expr.Const;
  }

  /**
   * The variables that adjoint statements read (nested statements included), except the adjoints of
   * values, which live only in the reverse sweep.
   */
  /**
   * {@link #primalReads} of a statement's adjoint statements, remembered for one run of {@link
   * #record}: the analysis visits a statement once per pass and per iteration of each loop around
   * it, and the adjoint statements do not change while it runs.
   */
  private Set<Var> primalReadsOf(List<Stmt> adjoint) {
    return primalReadsOf.computeIfAbsent(adjoint, this::primalReads);
  }

  private Set<Var> primalReads(List<Stmt> stmts) {
    Set<Var> reads = new HashSet<>();
    // The statements adjointOf and shadow make: assignments, stores, guards and pullback calls.
    Stmt.Visitor<Void> read =
        new Stmt.Visitor<>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            reads.addAll(Exprs.reads(a.value()));
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            reads.addAll(Exprs.reads(st.array()));
            reads.addAll(Exprs.reads(st.index()));
            reads.addAll(Exprs.reads(st.value()));
            return null;
          }

          @Override
          public Void visitIf(Stmt.If i) {
            reads.addAll(Exprs.reads(i.cond())); // its branches are visited in turn
            return null;
          }

          @Override
          public Void visitPullbackCall(Stmt.PullbackCall p) {
            if (p.split()) {
              // The callee's fReverse has its scalars and shadows from its fForward, but reads
              // the contents of its array arguments, which must be as they were at the call.
              p.args().stream()
                  .filter(arg -> arg.kind().isArray())
                  .forEach(arg -> reads.addAll(Exprs.reads(arg)));
              return null;
            }
            p.args().forEach(arg -> reads.addAll(Exprs.reads(arg)));
            // A vector-valued callee's seed is a shadow array, and array targets are shadows:
            // references set in the forward sweep, which must be the ones of this call.
            reads.addAll(Exprs.reads(p.seed()));
            p.adjoints().stream().filter(v -> v != null).forEach(reads::add);
            return null;
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            throw notAdjoint(l);
          }

          @Override
          public Void visitRepeat(Stmt.Repeat r) {
            throw notAdjoint(r);
          }

          @Override
          public Void visitPush(Stmt.Push p) {
            throw notAdjoint(p);
          }

          @Override
          public Void visitTangentCall(Stmt.TangentCall t) {
            throw notAdjoint(t);
          }

          @Override
          public Void visitPullbackJvpCall(Stmt.PullbackJvpCall p) {
            throw notAdjoint(p);
          }

          private IllegalStateException notAdjoint(Stmt s) {
            return new IllegalStateException("not an adjoint statement: " + s);
          }
        };
    for (Stmt s : stmts) {
      Statements.forEach(blockOf(s), x -> x.accept(read));
    }
    // Adjoints of doubles live only in the reverse sweep; adjoint arrays are set in the forward
    // sweep (their shadows), so the tape may have to keep them like any other variable.
    reads.removeIf(v -> v.role() == Var.Role.ADJOINT && v.kind().hasValueAdjoint());
    return reads;
  }

  private static Block blockOf(Stmt s) {
    return new Block().add(s);
  }

  // ---------------------------------------------------------------- split mode

  /**
   * The forward sweep's call of a callee reversed in split mode: its {@code fForward}, with the
   * call's arguments and then the shadow of each differentiated array argument (zeros for one that
   * carries no derivative), into which its reverse sweep will add.
   */
  private static Expr.Call forwardCall(Stmt.PullbackCall p) {
    Callee callee = p.callee();
    List<Expr> args = new ArrayList<>(p.args());
    for (int k = 0; k < callee.differentiated().size(); k++) {
      Expr arg = p.args().get(callee.differentiated().get(k));
      if (arg.kind().isArray()) {
        Var shadow = p.adjoints().get(k);
        args.add(
            shadow != null
                ? new Expr.Ref(shadow)
                : RuntimeCalls.adjoint("zerosLike", arg.kind(), arg));
      }
    }
    // A method of the companion: owner and companion are the same class.
    return new Expr.Call(
        new Callee(
            callee.companion(),
            DifferentiableSignature.forwardMethodName(callee.name()),
            args.stream().map(Expr::kind).toList(),
            callee.returnKind(),
            Callee.Role.LIBRARY,
            List.of(),
            callee.companion()),
        args);
  }

  /**
   * The variables the reverse sweep reads that the forward sweep set: every variable it may read
   * before assigning it ({@link DefiniteAssignment}'s exposed reads: a value, or an array whose
   * contents it reads or adds into), but the seed, the adjoints of values (which start at zero in
   * the reverse sweep) and the indices and tests of its own loops. Parameters and the shadows of
   * array parameters are among them. A variable the reverse sweep assigns before any read on every
   * path (a reversed loop's index, {@code i = count}; a value restored from the tape) is not: its
   * value on entry is never read, so {@code fReverse} declares it afresh instead of popping it.
   */
  private List<Var> snapshot(Block reverse) {
    Set<Var> own = new HashSet<>(reverseTests);
    own.add(seed);
    Statements.forEach(
        reverse,
        s -> {
          if (s instanceof Stmt.Repeat r) {
            own.add(r.index());
          }
        });
    Set<Var> exposed = DefiniteAssignment.exposed(reverse);
    List<Var> out = new ArrayList<>();
    for (Var v : Mentions.vars(reverse)) {
      if (exposed.contains(v)
          && !own.contains(v)
          && !(v.role() == Var.Role.ADJOINT && v.kind().hasValueAdjoint())) {
        out.add(v);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- the two sweeps

  /** The forward sweep: the primal statements, saving what the reverse sweep needs first. */
  private Block forward(Block block) {
    Block out = new Block();
    PrimalVisitor<Void> step =
        new PrimalVisitor<>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            if (pushed.contains(a)) {
              out.add(new Stmt.Push(new Expr.Ref(a.target())));
            }
            Stmt.PullbackCall pullback = split.get(a);
            out.add(
                pullback == null
                    ? a
                    : new Stmt.Assign(a.target(), forwardCall(pullback), a.origin()));
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            if (pushed.contains(st)) {
              out.add(new Stmt.Push(new Expr.Load(st.array(), st.index())));
            }
            out.add(st);
            return null;
          }

          @Override
          public Void visitIf(Stmt.If i) {
            out.add(new Stmt.If(i.cond(), forward(i.then()), forward(i.otherwise())));
            return null;
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            if (reductions.containsKey(l)) {
              out.addAll(preaccumulated(reductions.get(l)));
              return null;
            }
            Var counter = counters.get(l);
            Block body = forward(l.body());
            if (counter != null) {
              if (counterPushed.contains(l)) {
                out.add(new Stmt.Push(new Expr.Ref(counter)));
              }
              out.add(new Stmt.Assign(counter, Expr.Const.ofInt(0), null));
              body.add(
                  new Stmt.Assign(
                      counter,
                      new Expr.Binary(
                          BinaryOp.ADD, new Expr.Ref(counter), Expr.Const.ofInt(1), Kind.INT),
                      null));
            }
            out.add(new Stmt.Loop(forward(l.head()), l.cond(), body));
            return null;
          }
        };
    for (Stmt s : block) {
      s.accept(step);
    }
    return out;
  }

  /**
   * The reverse sweep of a block of the forward sweep: for each statement, last first, its adjoint
   * statements, then the restoring of the value it overwrote.
   */
  private Block reverse(Block block) {
    Block out = new Block();
    PrimalVisitor<Void> step =
        new PrimalVisitor<>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            List<Stmt> adjoint = adjointStatements.get(a);
            if (adjoint != null) {
              adjoint.forEach(out::add);
            }
            if (pushed.contains(a)) {
              out.add(new Stmt.Assign(a.target(), new Expr.Pop(a.target().kind()), null));
            } else if (inverted.contains(a)) {
              Expr.Binary b = (Expr.Binary) a.value();
              BinaryOp inverse = b.op() == BinaryOp.ADD ? BinaryOp.SUB : BinaryOp.ADD;
              out.add(
                  new Stmt.Assign(
                      a.target(),
                      new Expr.Binary(inverse, new Expr.Ref(a.target()), b.right(), b.kind()),
                      null));
            }
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            List<Stmt> adjoint = adjointStatements.get(st);
            if (adjoint != null) {
              adjoint.forEach(out::add);
            }
            if (pushed.contains(st)) {
              out.add(new Stmt.Store(st.array(), st.index(), new Expr.Pop(Kind.DOUBLE), null));
            }
            return null;
          }

          @Override
          public Void visitIf(Stmt.If f) {
            Block then = reverse(f.then());
            Block otherwise = reverse(f.otherwise());
            if (!then.isEmpty() || !otherwise.isEmpty()) {
              out.add(new Stmt.If(f.cond(), then, otherwise));
            }
            return null;
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            if (reductions.containsKey(l)) {
              out.addAll(scaledSums(reductions.get(l)));
              return null;
            }
            CountedLoop backwards = backwards(l);
            if (backwards != null) {
              if (hasReverse(l)) {
                out.addAll(backwards(backwards));
              }
              return null;
            }
            Var counter = counters.get(l);
            if (counter == null) {
              return null; // nothing in it has a reverse (see toBeRecorded)
            }
            Block head = reverse(l.head());
            Block iteration = reverse(l.body());
            iteration.addAll(head);
            out.addAll(head);
            out.add(
                new Stmt.Repeat(
                    new Var("k", Kind.INT, Var.Role.COUNTER), new Expr.Ref(counter), iteration));
            if (counterPushed.contains(l)) {
              out.add(new Stmt.Assign(counter, new Expr.Pop(Kind.INT), null));
            }
            return null;
          }
        };
    List<Stmt> stmts = block.stmts();
    for (int i = stmts.size() - 1; i >= 0; i--) {
      stmts.get(i).accept(step);
    }
    return out;
  }

  /**
   * The same statements, with a new flag for the test of each loop: a loop run again in the reverse
   * sweep tests the reverse sweep's own variable (not part of the snapshot), mentioned once, so the
   * writer folds it into the {@code while}.
   */
  private Block ownTests(Block block) {
    Block out = new Block();
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l
          && l.head().stmts().size() == 1
          && l.head().stmts().get(0) instanceof Stmt.Assign test
          && l.cond() instanceof Expr.Ref go
          && go.var() == test.target()) {
        Var flag = new Var(go.var().name(), go.var().kind(), Var.Role.FLAG);
        reverseTests.add(flag);
        out.add(
            new Stmt.Loop(
                new Block().add(new Stmt.Assign(flag, test.value(), test.origin())),
                new Expr.Ref(flag),
                ownTests(l.body())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.head(), l.cond(), ownTests(l.body())));
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.cond(), ownTests(i.then()), ownTests(i.otherwise())));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** A preaccumulated loop's sums of adjoints: arrays by adjoint, and scalars' slots in one. */
  private record Sums(
      Map<Var, Var> arrays, Map<Var, Integer> scalars, Var scalarSums, boolean lent) {}

  private final Map<Stmt.Loop, Sums> loopSums = new IdentityHashMap<>();

  /** Limits an iteration's method to what javac and the JIT take whole (statements, nested too). */
  private static final int ITERATION_STATEMENTS = 1_500;

  /**
   * The forward sweep of a preaccumulated reduction loop ({@link ReductionLoops}): zeroed sums of
   * the adjoints of what it reads, then the loop, whose body calls its {@link Iteration}. The
   * iteration's reverse sweep is the reverse loop's iteration ({@link #backwards}) without the
   * index's decrement, run where the index already has that iteration's value and the state is the
   * one that iteration's forward sweep left, as a reverse sweep finds it; with the accumulator's
   * adjoint replaced by 1 and each adjoint of an invariant by its sum.
   */
  private Block preaccumulated(ReductionLoops.Reduction r) {
    Stmt.Loop l = r.loop();
    List<Stmt> stmts = l.body().stmts();
    Block body = new Block();
    stmts.subList(0, stmts.size() - 1).forEach(body::add);
    Stmt step = stmts.get(stmts.size() - 1);
    Block fwd = forward(body);
    Block rev = reverseIteration(l, reverse(l.head()));
    fwd = hoisted(fwd);
    // Its reverse sweep runs with the loop's index at the iteration's value throughout.
    rev = promotedAndHoisted(rev, Set.of(r.counted().index()));

    Var acc = r.accumulator();
    Var accBar = adjoint(acc);
    Set<Var> inLoop = Statements.assigned(new Block().add(l));
    Map<Var, Var> primalOf = new HashMap<>();
    adjoints.forEach((v, bar) -> primalOf.put(bar, v));
    Block region = new Block();
    region.addAll(fwd);
    region.addAll(rev);
    Map<Var, Var> arrays = new LinkedHashMap<>();
    Map<Var, Integer> scalars = new LinkedHashMap<>();
    boolean[] ok = {Statements.assigned(region).stream().noneMatch(v -> v == accBar)};
    for (Var v : Mentions.vars(region)) {
      Var p = primalOf.get(v);
      if (v.role() != Var.Role.ADJOINT
          || v == accBar
          || p == null
          || inLoop.contains(p)
          || r.privateArrays().contains(p)) {
        continue;
      }
      if (v.kind() == Kind.DOUBLE_ARRAY || v.kind() == Kind.DOUBLE_MATRIX) {
        arrays.put(v, new Var(p.name() + "BarSum", v.kind(), Var.Role.TEMP));
      } else if (v.kind() == Kind.DOUBLE) {
        scalars.put(v, scalars.size());
      } else {
        ok[0] = false;
      }
    }
    Var scalarSums =
        scalars.isEmpty() ? null : new Var("scalarBarSums", Kind.DOUBLE_ARRAY, Var.Role.TEMP);
    // A scalar's adjoint is a local of the iteration, added into its slot at the end.
    Map<Var, Var> locals = new LinkedHashMap<>();
    scalars.keySet().forEach(v -> locals.put(v, new Var(v.name(), v.kind(), Var.Role.ADJOINT)));
    // What the iteration assigns never includes accBar (checked above).
    UnaryOperator<Var> target = v -> arrays.getOrDefault(v, locals.getOrDefault(v, v));
    UnaryOperator<Expr> sum =
        new UnaryOperator<>() {
          @Override
          public Expr apply(Expr e) {
            if (e instanceof Expr.Ref ref) {
              Var v = ref.var();
              if (v == accBar) {
                return Exprs.doubleConst(1.0);
              }
              Var to = arrays.getOrDefault(v, locals.get(v));
              return to == null ? e : new Expr.Ref(to);
            }
            return Exprs.rebuild(e, this);
          }
        };
    Block mappedFwd = new Block();
    fwd.forEach(x -> mappedFwd.add(Statements.map(x, sum, target)));
    fwd = mappedFwd;
    Block mappedRev = new Block();
    locals.values().forEach(v -> mappedRev.add(new Stmt.Assign(v, Exprs.doubleConst(0.0), null)));
    rev.forEach(x -> mappedRev.add(Statements.map(x, sum, target)));
    locals.forEach(
        (v, local) -> {
          Expr slot = Expr.Const.ofInt(scalars.get(v));
          mappedRev.add(
              new Stmt.Store(
                  new Expr.Ref(scalarSums),
                  slot,
                  Exprs.add(new Expr.Load(new Expr.Ref(scalarSums), slot), new Expr.Ref(local)),
                  null));
        });
    rev = mappedRev;
    Block both = new Block();
    both.addAll(fwd);
    both.addAll(rev);
    int[] count = {0};
    Statements.forEach(both, x -> count[0]++);
    boolean lent = !createsArrays;
    if (!ok[0] || count[0] > ITERATION_STATEMENTS || lent && !arrays.isEmpty()) {
      iterations.put(l, null); // refused: the sweeps are built again without preaccumulating it
      return new Block();
    }
    Set<Var> local = rebound(both);
    List<Var> parameters = new ArrayList<>();
    parameters.add(acc);
    for (Var v : Mentions.vars(both)) {
      if (!local.contains(v) && !parameters.contains(v)) {
        parameters.add(v);
      }
    }
    String suffix = iterations.isEmpty() ? "" : String.valueOf(iterations.size() + 1);
    String name = function.name() + "Iteration" + suffix;
    Chunked chunked = chunked(r, both, parameters, arrays, scalarSums, lent, suffix);
    iterations.put(l, new Iteration(name, parameters, acc, fwd, rev, r.counted().index(), chunked));
    loopSums.put(l, new Sums(arrays, scalars, scalarSums, lent));

    Block out = new Block();
    arrays.forEach(
        (bar, s) ->
            out.add(
                new Stmt.Assign(
                    s,
                    RuntimeCalls.adjoint("zerosLike", bar.kind(), new Expr.Ref(primalOf.get(bar))),
                    null)));
    if (scalarSums != null) {
      Expr length = Expr.Const.ofInt(scalars.size());
      out.add(
          new Stmt.Assign(
              scalarSums,
              lent
                  ? RuntimeCalls.adjoint("lend", Kind.DOUBLE_ARRAY, length)
                  : new Expr.NewArray(Kind.DOUBLE_ARRAY, List.of(length)),
              null));
    }
    if (chunked != null) {
      // from is the index's value: the forward sweep assigned it the loop's start just before.
      List<Expr> args = new ArrayList<>();
      args.add(new Expr.Ref(acc));
      args.add(new Expr.Ref(r.counted().index()));
      args.add(r.counted().bound());
      List<Kind> kinds = new ArrayList<>(List.of(Kind.DOUBLE, Kind.INT, Kind.INT));
      for (Var v : parameters) {
        if (v != acc && v != r.counted().index()) {
          args.add(new Expr.Ref(v));
          kinds.add(v.kind());
        }
      }
      out.add(
          new Stmt.Assign(acc, new Expr.Call(companionMethod(chunked.loop(), kinds), args), null));
      Var index = r.counted().index();
      if (readAfter(r, Set.of(index))) {
        // The loop leaves its index at max(start, bound): if (i < bound) i = bound. The bound
        // reads nothing the loop assigns (CountedLoop), so it has its value at the loop's test.
        Block set = new Block().add(new Stmt.Assign(index, r.counted().bound(), null));
        out.add(
            new Stmt.If(
                new Expr.Binary(
                    BinaryOp.LT, new Expr.Ref(index), r.counted().bound(), Kind.BOOLEAN),
                set,
                new Block()));
      }
      return out;
    }
    Callee callee = companionMethod(name, parameters.stream().map(Var::kind).toList());
    Block loopBody = new Block();
    loopBody.add(
        new Stmt.Assign(
            acc,
            new Expr.Call(callee, parameters.stream().map(v -> (Expr) new Expr.Ref(v)).toList()),
            null));
    loopBody.add(step);
    out.add(new Stmt.Loop(forward(l.head()), l.cond(), loopBody));
    return out;
  }

  /** A private method of the companion that returns a double. */
  private Callee companionMethod(String name, List<Kind> parameterKinds) {
    return new Callee(
        companion,
        name,
        parameterKinds,
        Kind.DOUBLE,
        Callee.Role.LIBRARY,
        List.of(),
        companion,
        null,
        false,
        null,
        null);
  }

  /**
   * How a preaccumulated loop runs in chunks, or null where it cannot: where another statement
   * reads the loop's test flag, or where an iteration writes an array that is not its own or calls
   * a method that may keep state ({@link ChunkedLoops}). A statement after the loop may read its
   * index: the forward sweep then sets it to the loop's last value after the call.
   */
  private Chunked chunked(
      ReductionLoops.Reduction r,
      Block iteration,
      List<Var> parameters,
      Map<Var, Var> arraySums,
      Var scalarSums,
      boolean lent,
      String suffix) {
    Stmt.Loop l = r.loop();
    if (readAfter(r, Statements.assigned(l.head()))) {
      return null; // the loop's test flag, which the call does not set
    }
    Set<Var> privates = new HashSet<>(r.privateArrays());
    r.privateArrays().stream()
        .map(adjoints::get) // an inactive array has none
        .filter(java.util.Objects::nonNull)
        .forEach(privates::add);
    List<Var> scratch = parameters.stream().filter(privates::contains).toList();
    List<Var> sums = new ArrayList<>(arraySums.values());
    if (scalarSums != null) {
      sums.add(scalarSums);
    }
    Set<Var> own = new HashSet<>(scratch);
    own.addAll(sums);
    if (!ChunkedLoops.writesOnlyOwn(iteration, own)) {
      return null;
    }
    // One addition per iteration keeps the sum's value the method's (see Chunked).
    boolean termwise =
        r.accumulations().size() == 1
            && l.body().stmts().stream().anyMatch(s -> s == r.accumulations().get(0));
    return new Chunked(
        function.name() + "Loop" + suffix,
        function.name() + "Chunk" + suffix,
        scratch,
        sums,
        ChunkedLoops.differentiableCallees(iteration),
        termwise,
        lent);
  }

  /**
   * Whether a top-level statement of the method other than a reduction loop and the assignment of
   * its index right before it mentions one of {@code vars}.
   */
  private boolean readAfter(ReductionLoops.Reduction r, Set<Var> vars) {
    List<Stmt> top = primal.stmts();
    int at = 0;
    while (top.get(at) != r.loop()) {
      at++;
    }
    for (int t = 0; t < top.size(); t++) {
      if (t != at
          && t != at - 1
          && Mentions.vars(new Block().add(top.get(t))).stream().anyMatch(vars::contains)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a block creates an array ({@code new double[n]}, {@code {a, b}}). */
  private static boolean createsArrays(Block body) {
    return Statements.anyMatch(
        body, s -> false, x -> x instanceof Expr.NewArray || x instanceof Expr.ArrayLiteral);
  }

  /** Whether a block holds a loop or calls a {@code @Differentiable} method. */
  private static boolean runsLoopsOrCallees(Block body) {
    return Statements.anyMatch(
        body,
        s -> s instanceof Stmt.Loop,
        x -> x instanceof Expr.Call c && c.callee().role() == Callee.Role.DIFFERENTIABLE);
  }

  /**
   * The variables a block gives a new value: {@link Statements#assigned}'s, but for the arrays a
   * pullback call adds into, whose elements change and not the variable.
   */
  private static Set<Var> rebound(Block block) {
    Set<Var> out = Statements.assigned(block);
    Statements.forEach(
        block,
        s -> {
          if (s instanceof Stmt.PullbackCall c) {
            c.adjoints().stream().filter(v -> v != null && v.kind().isArray()).forEach(out::remove);
          }
        });
    Statements.forEachAssign(block, a -> out.add(a.target()));
    return out;
  }

  /**
   * The reverse sweep of a preaccumulated loop: each sum of adjoints, times the accumulator's
   * adjoint, added into the adjoint it stands for. {@code Adjoint.addScaled} and the guard leave
   * the adjoints as they are when the accumulator's adjoint is 0, as the reverse loop would (its
   * zero tests skip the rules that would give 0 times infinity).
   */
  private Block scaledSums(ReductionLoops.Reduction r) {
    Sums s = loopSums.get(r.loop());
    Block out = new Block();
    if (s == null) {
      return out;
    }
    Var accBar = adjoint(r.accumulator());
    s.arrays()
        .forEach(
            (bar, sum) ->
                out.add(
                    new Stmt.Assign(
                        bar,
                        RuntimeCalls.adjoint(
                            "addScaled",
                            bar.kind(),
                            new Expr.Ref(bar),
                            new Expr.Ref(accBar),
                            new Expr.Ref(sum)),
                        null)));
    if (!s.scalars().isEmpty()) {
      Block add = new Block();
      s.scalars()
          .forEach(
              (bar, slot) ->
                  add.add(
                      new Stmt.Assign(
                          bar,
                          Exprs.add(
                              new Expr.Ref(bar),
                              Exprs.mul(
                                  new Expr.Ref(accBar),
                                  new Expr.Load(
                                      new Expr.Ref(s.scalarSums()), Expr.Const.ofInt(slot)))),
                          null)));
      out.add(
          new Stmt.If(
              new Expr.Binary(
                  BinaryOp.NE, new Expr.Ref(accBar), Exprs.doubleConst(0.0), Kind.BOOLEAN),
              add,
              new Block()));
      if (s.lent()) {
        out.add(
            new Stmt.Assign(
                s.scalarSums(),
                RuntimeCalls.adjoint("giveBack", Kind.DOUBLE_ARRAY, new Expr.Ref(s.scalarSums())),
                null));
      }
    }
    return out;
  }

  /** A forward sweep with its loops' invariant loads hoisted ({@link InvariantLoads}). */
  private Block hoisted(Block forward) {
    return InvariantLoads.hoist(forward, this::isPrivateArray, v -> {});
  }

  /**
   * A reverse sweep with the iterations of its independent reverse loops in forward order ({@link
   * IterationOrder}), its loops' invariant accumulations promoted ({@link InvariantAccumulations}),
   * then their invariant loads hoisted. {@code known}: the {@code int} variables that hold the same
   * value throughout it, besides the method's constants.
   */
  private Block promotedAndHoisted(Block reverse, Set<Var> known) {
    Block ordered =
        IterationOrder.reorder(
            reverse,
            reversals,
            this::isPrivateShadow,
            v -> known.contains(v) || isConstant(v),
            reverseTests::add,
            e -> entryTurned.merge(e, 1, Integer::sum));
    Block promoted =
        InvariantAccumulations.promote(ordered, this::isPrivateShadow, reverseTests::add);
    return InvariantLoads.hoist(promoted, this::isPrivateArray, reverseTests::add);
  }

  /**
   * The reverse sweep of one iteration of a counted loop, its index already set: the refills its
   * adjoint statements read, run again instead of restored; the body's reverse; the head's.
   */
  private Block reverseIteration(Stmt.Loop l, Block head) {
    Block iteration = new Block();
    List<Stmt> refills = recomputedRefills.get(l);
    if (refills != null) {
      Block again = new Block();
      refills.forEach(again::add);
      iteration.addAll(ownTests(forward(again)));
    }
    iteration.addAll(reverse(l.body()));
    iteration.addAll(head);
    return iteration;
  }

  /**
   * The reverse of a counted loop {@code for (i = start; i < bound; i++) body}, on its own index
   * (Tapenade's loop reversal): {@code i = bound; while (i > start) { i--; reverse of body }}. It
   * runs the body's reverse for {@code i = bound - 1} down to {@code start}, the forward
   * iterations' indices backwards (none when {@code bound <= start}), with no trip count taped and
   * no increment undone; {@code i > start} cannot wrap around as {@code i >= start} would at {@code
   * Integer.MIN_VALUE}.
   */
  private Block backwards(CountedLoop counted) {
    Stmt.Loop l = counted.loop();
    Var i = counted.index();
    Block head = reverse(l.head());
    Block iteration = new Block();
    iteration.add(
        new Stmt.Assign(
            i,
            new Expr.Binary(BinaryOp.SUB, new Expr.Ref(i), Expr.Const.ofInt(1), Kind.INT),
            null));
    iteration.addAll(reverseIteration(l, head));
    Var go = new Var("go", Kind.BOOLEAN, Var.Role.FLAG);
    reverseTests.add(go);
    Block test = new Block();
    test.add(
        new Stmt.Assign(
            go,
            new Expr.Binary(BinaryOp.GT, new Expr.Ref(i), counted.start(), Kind.BOOLEAN),
            null));
    Block out = new Block();
    out.addAll(head);
    Stmt.Assign init = new Stmt.Assign(i, counted.bound(), null);
    Stmt.Loop loop = new Stmt.Loop(test, new Expr.Ref(go), iteration);
    out.add(init);
    out.add(loop);
    Stmt.Assign entry = entries.get(l);
    reversals.put(
        loop, new IterationOrder.Reversal(init, i, counted.start(), counted.bound(), entry));
    if (entry != null) {
      entryLoops.merge(entry, 1, Integer::sum);
    }
    return out;
  }
}
