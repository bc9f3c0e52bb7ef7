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
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a reverse sweep's adjoint is known to be zero, its first contribution is an assignment, and
 * the reset that only served the next contribution goes (Tapenade's adjoint initialisation). In a
 * loop {@code t11Bar += qBar[j]; t9Bar += t11Bar * c; ...; t11Bar = 0.0; t9Bar = 0.0;} becomes
 * {@code t11Bar = qBar[j]; t9Bar = t11Bar * c; ...}: an addition and a store fewer per adjoint and
 * iteration, and the code a person would write.
 *
 * <p>Two analyses, over the statements of one generated method: {@code before} (the forward sweep,
 * when it runs in the same method) then the reverse sweep.
 *
 * <p><b>Known zero</b> (forward, must). The candidates are the {@code double} adjoints the method
 * does not receive from its caller. Each is zero where the method starts: the writer declares it
 * with its default {@code 0.0}, or with its first contribution where it is still zero ({@code
 * CodeWriter.isFirstAccumulation}). {@code v = 0.0} makes {@code v} zero; any other assignment to
 * it, and any other statement that mentions it (a callee's pullback adds into its adjoints), makes
 * it unknown. Where paths meet (after a branch, at a loop's head) it is zero only if it is zero on
 * each; loops run to a fixed point. Then {@code v = v + e} where {@code v} is zero at every run
 * becomes {@code v = e}, and {@code v = v - e} becomes {@code v = -e}. The values are equal as
 * numbers; only the sign of a zero can differ ({@code 0.0 + -0.0} is {@code +0.0}, where {@code e}
 * alone stays {@code -0.0}). {@code ==}, sums and products treat the two zeros alike (a product's
 * zero may take the other sign) and no derivative rule divides by an adjoint; added into a gradient
 * buffer of {@code +0.0}s, as {@code fGradient}'s, a zero of either sign leaves {@code +0.0}.
 *
 * <p><b>Dead resets</b> (backward, may). A variable is live where some path reads it before
 * assigning it; at the end of the sweep, the {@code local} adjoints are not (the adjoints of the
 * caller's parameters, which are read after it, are not {@code local}). A reset {@code v = 0.0} of
 * a {@code local} adjoint that is not live after it, at every run, is dropped: nothing reads the
 * zero it stores. Liveness is computed on the sweep as the first rewrite leaves it, so a reset that
 * an unrewritten contribution still reads stays.
 */
final class ZeroAdjoints {
  private ZeroAdjoints() {}

  /**
   * The reverse sweep with both rewrites.
   *
   * @param before what the same method runs before {@code sweep}: an adjoint it assigns is not
   *     known zero (empty when the sweep is a method of its own)
   * @param sweep the reverse sweep
   * @param parameters what the method receives from its caller: never known zero
   * @param local the adjoints that nothing reads after the sweep, whose dead resets may go
   * @return the sweep rewritten; statements it does not change are the same objects
   */
  static Block simplify(Block before, Block sweep, Set<Var> parameters, Set<Var> local) {
    Set<Var> candidates = new HashSet<>();
    for (Block b : new Block[] {before, sweep}) {
      for (Var v : Mentions.vars(b)) {
        if (v.role() == Var.Role.ADJOINT && v.kind() == Kind.DOUBLE && !parameters.contains(v)) {
          candidates.add(v);
        }
      }
    }
    if (candidates.isEmpty()) {
      return sweep;
    }
    KnownZero zeros = new KnownZero(candidates);
    Zeros state = new Zeros(new HashSet<>(candidates));
    zeros.through(before, state);
    zeros.through(sweep, state);
    Map<Stmt, Stmt> replaced = new IdentityHashMap<>();
    for (Stmt.Assign a : zeros.onZero) {
      if (!zeros.notOnZero.contains(a)) {
        Expr.Binary b = (Expr.Binary) a.value();
        Expr value = b.op() == BinaryOp.ADD ? b.right() : Exprs.neg(b.right());
        replaced.put(a, new Stmt.Assign(a.target(), value, a.origin()));
      }
    }
    // Liveness of the sweep as rewritten: a replaced contribution no longer reads its adjoint.
    // Only the local adjoints' liveness decides anything, and they are dead at the sweep's end.
    Liveness liveness = new Liveness(local, replaced);
    liveness.back(sweep, new HashSet<>());
    Set<Stmt> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
    dropped.addAll(liveness.dead);
    dropped.removeAll(liveness.read);
    return replaced.isEmpty() && dropped.isEmpty()
        ? sweep
        : rebuild(sweep, replaced, dropped, new IdentityHashMap<>());
  }

  /** {@code v = 0.0}, the positive zero. */
  private static boolean isZeroConstant(Expr e) {
    return e instanceof Expr.Const c
        && c.value() instanceof Double d
        && Double.doubleToRawLongBits(d) == 0L;
  }

  /** The adjoints known to be zero here. */
  private record Zeros(Set<Var> vars) implements FlowState<Zeros> {
    @Override
    public Zeros copy() {
      return new Zeros(new HashSet<>(vars));
    }

    @Override
    public void join(Zeros other) {
      vars.retainAll(other.vars);
    }

    @Override
    public void set(Zeros other) {
      vars.clear();
      vars.addAll(other.vars);
    }
  }

  /** The forward must-analysis, recording at which contributions the adjoint was zero. */
  private static final class KnownZero {
    private final Set<Var> candidates;
    private final Set<Stmt.Assign> onZero = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Contributions reached, in some run of the fixed point, with the adjoint not known zero. */
    private final Set<Stmt.Assign> notOnZero = Collections.newSetFromMap(new IdentityHashMap<>());

    KnownZero(Set<Var> candidates) {
      this.candidates = candidates;
    }

    void through(Block block, Zeros state) {
      for (Stmt s : block) {
        s.accept(
            new Stmt.Visitor<Void>() {
              @Override
              public Void visitAssign(Stmt.Assign a) {
                Var v = a.target();
                if (candidates.contains(v) && Exprs.isAccumulation(v, a.value())) {
                  (state.vars().contains(v) ? onZero : notOnZero).add(a);
                }
                if (candidates.contains(v) && isZeroConstant(a.value())) {
                  state.vars().add(v);
                } else {
                  state.vars().remove(v);
                }
                return null;
              }

              @Override
              public Void visitIf(Stmt.If i) {
                FlowState.branch(i, state, KnownZero.this::through);
                return null;
              }

              @Override
              public Void visitLoop(Stmt.Loop l) {
                FlowState.loop(l, state, KnownZero.this::through);
                return null;
              }

              @Override
              public Void visitRepeat(Stmt.Repeat r) {
                FlowState.repeat(r, state, KnownZero.this::through);
                return null;
              }

              @Override
              public Void visitStore(Stmt.Store st) {
                return unknown(st);
              }

              @Override
              public Void visitPush(Stmt.Push p) {
                return unknown(p);
              }

              @Override
              public Void visitPullbackCall(Stmt.PullbackCall c) {
                return unknown(c);
              }

              @Override
              public Void visitTangentCall(Stmt.TangentCall c) {
                return unknown(c);
              }

              @Override
              public Void visitPullbackJvpCall(Stmt.PullbackJvpCall c) {
                return unknown(c);
              }

              /** What a statement other than an assignment mentions, it may change. */
              private Void unknown(Stmt s) {
                state.vars().removeAll(Mentions.vars(new Block().add(s)));
                return null;
              }
            });
      }
    }
  }

  /**
   * The backward may-analysis over the sweep with {@code replaced}'s contributions in place,
   * recording which resets of local adjoints are read.
   */
  private static final class Liveness {
    private final Set<Var> local;
    private final Map<Stmt, Stmt> replaced;
    private final Set<Stmt> dead = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Resets reached, in some run of the fixed point, with their variable live after them. */
    private final Set<Stmt> read = Collections.newSetFromMap(new IdentityHashMap<>());

    Liveness(Set<Var> local, Map<Stmt, Stmt> replaced) {
      this.local = local;
      this.replaced = replaced;
    }

    /** Takes {@code live} from after the block to before it. */
    void back(Block block, Set<Var> live) {
      for (int k = block.stmts().size() - 1; k >= 0; k--) {
        Stmt s = block.stmts().get(k);
        s.accept(
            new Stmt.Visitor<Void>() {
              @Override
              public Void visitAssign(Stmt.Assign a) {
                Var v = a.target();
                if (local.contains(v) && isZeroConstant(a.value())) {
                  (live.contains(v) ? read : dead).add(a);
                }
                live.remove(v);
                live.addAll(Exprs.reads(((Stmt.Assign) replaced.getOrDefault(a, a)).value()));
                return null;
              }

              @Override
              public Void visitIf(Stmt.If i) {
                Set<Var> otherwise = new HashSet<>(live);
                back(i.then(), live);
                back(i.otherwise(), otherwise);
                live.addAll(otherwise);
                live.addAll(Exprs.reads(i.cond()));
                return null;
              }

              @Override
              public Void visitLoop(Stmt.Loop l) {
                // loop { head; if (!cond) exit; body }: live at the head's start, to a fixed point.
                Set<Var> exit = new HashSet<>(live);
                Set<Var> top = new HashSet<>();
                while (true) {
                  Set<Var> x = new HashSet<>(top);
                  back(l.body(), x);
                  x.addAll(exit);
                  x.addAll(Exprs.reads(l.cond()));
                  back(l.head(), x);
                  if (x.equals(top)) {
                    break;
                  }
                  top = x;
                }
                live.clear();
                live.addAll(top);
                return null;
              }

              @Override
              public Void visitRepeat(Stmt.Repeat r) {
                Set<Var> exit = new HashSet<>(live);
                Set<Var> top = new HashSet<>(exit);
                while (true) {
                  Set<Var> x = new HashSet<>(top);
                  back(r.body(), x);
                  x.addAll(exit);
                  if (x.equals(top)) {
                    break;
                  }
                  top = x;
                }
                live.clear();
                live.addAll(top);
                live.add(r.index());
                live.addAll(Exprs.reads(r.count()));
                return null;
              }

              @Override
              public Void visitStore(Stmt.Store st) {
                return readsAll(st);
              }

              @Override
              public Void visitPush(Stmt.Push p) {
                return readsAll(p);
              }

              @Override
              public Void visitPullbackCall(Stmt.PullbackCall c) {
                return readsAll(c);
              }

              @Override
              public Void visitTangentCall(Stmt.TangentCall c) {
                return readsAll(c);
              }

              @Override
              public Void visitPullbackJvpCall(Stmt.PullbackJvpCall c) {
                return readsAll(c);
              }

              /** A statement other than an assignment may read all it mentions, and kills none. */
              private Void readsAll(Stmt s) {
                live.addAll(Mentions.vars(new Block().add(s)));
                return null;
              }
            });
      }
    }
  }

  /**
   * The block with statements replaced or dropped; a compound statement is rebuilt only if its
   * statements change, and the same object once however often it occurs ({@code done}).
   */
  private static Block rebuild(
      Block block, Map<Stmt, Stmt> replaced, Set<Stmt> dropped, Map<Stmt, Stmt> done) {
    Block out = new Block();
    for (Stmt s : block) {
      if (dropped.contains(s)) {
        continue;
      }
      out.add(done.computeIfAbsent(s, x -> rebuilt(x, replaced, dropped, done)));
    }
    return out;
  }

  private static Stmt rebuilt(
      Stmt s, Map<Stmt, Stmt> replaced, Set<Stmt> dropped, Map<Stmt, Stmt> done) {
    if (replaced.containsKey(s)) {
      return replaced.get(s);
    }
    List<Block> blocks = Stmts.blocks(s);
    List<Block> rebuilt = new ArrayList<>();
    boolean changed = false;
    for (Block b : blocks) {
      Block r = rebuild(b, replaced, dropped, done);
      rebuilt.add(r);
      changed |= !same(r, b);
    }
    return changed ? Stmts.withBlocks(s, rebuilt) : s;
  }

  /** Whether a rebuilt block holds the very statements of the original. */
  private static boolean same(Block rebuilt, Block original) {
    if (rebuilt.stmts().size() != original.stmts().size()) {
      return false;
    }
    for (int k = 0; k < rebuilt.stmts().size(); k++) {
      if (rebuilt.stmts().get(k) != original.stmts().get(k)) {
        return false;
      }
    }
    return true;
  }
}
