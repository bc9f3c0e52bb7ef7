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
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a pullback's reverse sweep may run once per seed after a single forward sweep, as a
 * Jacobian's rows do: vector reverse mode, with one forward sweep shared by the m reverse sweeps.
 *
 * <p>What the reverse sweep computes depends on the seed, on the variables it reads before it
 * assigns them, on the contents of the arrays it reads, and on the tape. Running it again gives
 * what a fresh pullback would if, at the start of each run, these are as the forward sweep left
 * them, with every adjoint zero. That holds when:
 *
 * <ol>
 *   <li>The pullback does not use the tape: nothing is popped, so nothing is consumed.
 *   <li>Every variable that the reverse sweep both assigns and may read before assigning (an
 *       <em>exposed</em> read, found by the definite-assignment walk below) is one of the reverse
 *       sweep's own: mentioned neither by the forward sweep nor among the parameters. The writer
 *       declares those inside the loop over rows, so each run starts from a fresh one. The only
 *       other exposed assignment allowed is a shadow array's {@code xBar = Adjoint.addInto(xBar,
 *       term)}, which returns {@code xBar} itself.
 *   <li>Every array element the reverse sweep stores into belongs to a shadow array (an adjoint;
 *       see {@link #shadows}). Calls write into no other array: derivative rules and callees'
 *       pullbacks write only into the adjoint buffers they are given, and a callee's pullback run
 *       again from its arguments writes into none of them (the checks reject a method that writes
 *       into an array it is given). The writer clears the parameters' buffers after reading each
 *       row and the shadow arrays of locals ({@link Replay#shadowArrays}) before each row.
 *   <li>No tensor anywhere: a tensor's adjoint is summed in a local that the rows would need
 *       handled apart.
 * </ol>
 */
public final class ReverseReplay {
  private ReverseReplay() {}

  /**
   * What the writer of a shared-forward Jacobian needs to know.
   *
   * @param shadowArrays the shadow arrays that the forward sweep allocates (or takes from a call):
   *     cleared before each row. The others are bound to one of these, to a parameter's buffer, or
   *     to a row of one.
   * @param elementsOnly the buffers of {@code double[]} parameters that the forward sweep does not
   *     mention and the reverse sweep mentions only to load or store an element: the writer may add
   *     into a Jacobian's row in their place
   */
  public record Replay(List<Var> shadowArrays, Set<Var> elementsOnly) {}

  /**
   * The facts above, for a pullback.
   *
   * @param p a pullback
   * @return how to replay its reverse sweep, or empty when it may not be replayed
   */
  public static Optional<Replay> of(ReverseMode.Pullback p) {
    if (p.usesTape()) {
      return Optional.empty();
    }
    Set<Var> forward = Mentions.vars(p.forward());
    Set<Var> outside = new HashSet<>(forward);
    outside.addAll(p.primal().params());
    outside.add(p.seed());
    Set<Var> everything = new HashSet<>(outside);
    everything.addAll(Mentions.vars(p.reverse()));
    if (everything.stream().anyMatch(v -> v.kind() == Kind.TENSOR)) {
      return Optional.empty();
    }
    Set<Var> shadows = shadows(p);
    Walk walk = new Walk();
    if (!walk.block(p.reverse(), new HashSet<>())) {
      return Optional.empty();
    }
    for (Var v : walk.assigned) {
      if (outside.contains(v)
          && walk.exposed.contains(v)
          && !(shadows.contains(v) && walk.addIntoOnly.contains(v))) {
        return Optional.empty();
      }
    }
    for (Var v : walk.storedInto) {
      if (!shadows.contains(v)) {
        return Optional.empty();
      }
    }
    Set<Var> locals = new LinkedHashSet<>();
    Statements.forEachAssign(
        p.forward(),
        a -> {
          // An alias of a shadow or of a row of one is cleared with it.
          if (shadows.contains(a.target()) && !Exprs.isPath(a.value())) {
            locals.add(a.target());
          }
        });
    return Optional.of(new Replay(List.copyOf(locals), elementsOnly(p)));
  }

  /**
   * The buffers of {@code double[]} parameters that the forward sweep does not mention and the
   * reverse sweep mentions only as the array of element loads and stores: a Jacobian's writer may
   * add into a row in their place, since no other name reaches them.
   */
  static Set<Var> elementsOnly(ReverseMode.Pullback p) {
    Set<Var> forward = Mentions.vars(p.forward());
    Set<Var> elementsOnly = new LinkedHashSet<>();
    for (Var param : p.primal().params()) {
      Var bar = p.adjoints().get(param);
      if (bar != null
          && bar.kind() == Kind.DOUBLE_ARRAY
          && !forward.contains(bar)
          && onlyElements(p.reverse(), bar)) {
        elementsOnly.add(bar);
      }
    }
    return elementsOnly;
  }

  /**
   * The shadow arrays: the adjoints of arrays, and the arrays that are only ever bound to a shadow
   * or to a row of one ({@code rowBar = mBar[i]}), found by iterating to a fixed point.
   */
  static Set<Var> shadows(ReverseMode.Pullback p) {
    Set<Var> shadows = new LinkedHashSet<>();
    for (Var v : p.adjoints().values()) {
      if (v.kind().isArray()) {
        shadows.add(v);
      }
    }
    Set<Var> candidates = new LinkedHashSet<>();
    for (Block b : List.of(p.forward(), p.reverse())) {
      Statements.forEachAssign(
          b,
          a -> {
            if (a.target().kind().isArray()) {
              candidates.add(a.target());
            }
          });
    }
    candidates.removeAll(shadows);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Var v : candidates) {
        if (!shadows.contains(v) && boundOnlyToShadows(p, v, shadows)) {
          shadows.add(v);
          changed = true;
        }
      }
    }
    return shadows;
  }

  private static boolean boundOnlyToShadows(ReverseMode.Pullback p, Var v, Set<Var> shadows) {
    boolean[] ok = {true};
    for (Block b : List.of(p.forward(), p.reverse())) {
      Statements.forEachAssign(
          b,
          a -> {
            if (a.target() == v) {
              ok[0] &= Exprs.isPath(a.value()) && shadows.contains(Exprs.root(a.value()));
            }
          });
    }
    return ok[0] && !p.primal().params().contains(v);
  }

  /** Whether {@code array} is mentioned in {@code block} only as the array of loads and stores. */
  static boolean onlyElements(Block block, Var array) {
    Check check =
        new Check() {
          @Override
          public Boolean visitAssign(Stmt.Assign s) {
            return s.target() != array && ok(s.value());
          }

          @Override
          public Boolean visitIf(Stmt.If s) {
            return ok(s.cond()) && all(s.then()) && all(s.otherwise());
          }

          @Override
          public Boolean visitLoop(Stmt.Loop s) {
            return all(s.head()) && ok(s.cond()) && all(s.body());
          }

          @Override
          public Boolean visitRepeat(Stmt.Repeat s) {
            return ok(s.count()) && all(s.body());
          }

          @Override
          public Boolean visitStore(Stmt.Store s) {
            boolean direct = s.array() instanceof Expr.Ref r && r.var() == array;
            return (direct || ok(s.array())) && ok(s.index()) && ok(s.value());
          }

          @Override
          public Boolean visitPush(Stmt.Push s) {
            return ok(s.value());
          }

          @Override
          public Boolean visitPullbackCall(Stmt.PullbackCall s) {
            return s.args().stream().allMatch(this::ok)
                && ok(s.seed())
                && !s.adjoints().contains(array);
          }

          private boolean ok(Expr e) {
            if (e instanceof Expr.Load l && l.array() instanceof Expr.Ref r && r.var() == array) {
              return ok(l.index());
            }
            if (e instanceof Expr.Ref r) {
              return r.var() != array;
            }
            return Exprs.children(e).stream().allMatch(this::ok);
          }
        };
    return check.all(block);
  }

  /**
   * A check of a pullback's statements: forward mode's (a callee's tangent, the forward mode of its
   * pullback) appear only in second-order code, which no check here accepts.
   */
  private abstract static class Check implements Stmt.Visitor<Boolean> {
    boolean all(Block b) {
      for (Stmt s : b) {
        if (!s.accept(this)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public final Boolean visitTangentCall(Stmt.TangentCall s) {
      return false;
    }

    @Override
    public final Boolean visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
      return false;
    }
  }

  /** {@code target = Adjoint.addInto(target, term)}: adds into the array it keeps. */
  private static boolean addsIntoItself(Stmt.Assign a) {
    return a.value() instanceof Expr.Call c
        && c.callee().name().equals("addInto")
        && c.callee().owner().qualifiedName().equals("dev.adjoint.Adjoint")
        && c.args().get(0) instanceof Expr.Ref r
        && r.var() == a.target();
  }

  /**
   * The definite-assignment walk ({@link DefiniteAssignment}) of the reverse sweep, which also
   * finds the arrays it stores into and the variables it assigns only by adding into themselves. It
   * rejects what a replay cannot run again: pushes, split-mode calls (which pop), forward mode's
   * calls, and stores of whole rows.
   */
  private static final class Walk extends DefiniteAssignment {
    final Set<Var> storedInto = new LinkedHashSet<>();
    final Set<Var> addIntoOnly = new HashSet<>();
    private final Set<Var> notAddInto = new HashSet<>();

    @Override
    void assigned(Var v, Stmt.Assign by) {
      super.assigned(v, by);
      if (by != null && addsIntoItself(by) && !notAddInto.contains(v)) {
        addIntoOnly.add(v);
      } else {
        notAddInto.add(v);
        addIntoOnly.remove(v);
      }
    }

    @Override
    public Boolean visitStore(Stmt.Store s) {
      super.visitStore(s);
      storedInto.add(Exprs.root(s.array()));
      // Replacing a row would change which arrays the next row's clearing reaches.
      return !s.value().kind().isArray();
    }

    @Override
    public Boolean visitPush(Stmt.Push s) {
      return false;
    }

    @Override
    public Boolean visitPullbackCall(Stmt.PullbackCall s) {
      if (s.split()) {
        return false;
      }
      s.args().forEach(this::read);
      read(s.seed());
      for (Var v : s.adjoints()) {
        if (v != null && !v.kind().isArray()) {
          // Adds into a scalar adjoint: reads it, then assigns it.
          read(new Expr.Ref(v));
          assign(v, null);
        }
      }
      return true;
    }

    @Override
    public Boolean visitTangentCall(Stmt.TangentCall s) {
      return false;
    }

    @Override
    public Boolean visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
      return false;
    }
  }
}
