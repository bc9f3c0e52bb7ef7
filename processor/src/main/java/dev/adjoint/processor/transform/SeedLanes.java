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
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Vector reverse mode for a Jacobian whose number of rows is known when the code is generated: one
 * forward sweep, then one reverse sweep that carries every row's adjoints at once, each adjoint in
 * one copy per row (a <em>lane</em>), seeded with that row's unit vector.
 *
 * <p>The pullback's variables split in two. The <em>lane</em> variables are the seed, every adjoint
 * and shadow array, and, to a fixed point, every variable assigned from a lane variable: all that
 * depends on the seed. The others are primal: what the reverse sweep computes of them (restored
 * values, loop counters, recomputed refills, values popped from the tape) does not depend on the
 * seed. Each statement is then one of two things:
 *
 * <ul>
 *   <li><em>Primal</em>: it reads no lane variable. It is kept once: every row's reverse sweep
 *       would compute it alike, from the same forward sweep.
 *   <li><em>Lane</em>: it assigns a lane variable, stores into a lane array, calls a callee's
 *       pullback with a lane seed (on primal arguments), or is a branch on a lane value (a zero
 *       test) whose statements are all lane ones. It is written once per lane, each copy reading
 *       and writing that lane's copies and primal variables only.
 * </ul>
 *
 * <p>Then the lanes' copies of a statement commute with each other, and none changes what a primal
 * statement reads; so lane r computes what the pullback computes with seed r, and the primal
 * statements run once, as in one pullback: the tape, if any, is pushed and popped once. A lane
 * array must be its lane's own: every assignment to it is a new array ({@code new double[n]},
 * {@code Adjoint.zerosLike} or {@code orZerosLike}), a path from a lane array ({@code rowBar =
 * mBar[i]}), {@code Adjoint.addInto} or {@code sharedShadow} of lane arrays, or null. Anything else
 * (a statement that reads a lane value without being a lane statement, a branch or loop on a lane
 * value around primal statements, a split callee's reverse sweep with a lane seed, second-order
 * calls) refuses, and the Jacobian takes one reverse sweep per row.
 */
public final class SeedLanes {
  private SeedLanes() {}

  /** The most rows written as lanes: each lane is a copy of the reverse sweep's adjoint code. */
  public static final int MAX_ROWS = 4;

  /**
   * The vectorized sweeps.
   *
   * @param count the number of rows, the value's length
   * @param forward the forward sweep, with each lane statement once per lane, and each lane's seed
   *     set to its unit vector at its end
   * @param reverse the reverse sweep, with each lane statement once per lane
   * @param copies for each lane, each lane variable's copy
   * @param elementsOnly the buffers of {@code double[]} parameters that the forward sweep does not
   *     mention and the reverse sweep mentions only to load or store an element: the writer may add
   *     into a Jacobian's row in their place (their lane copies are so too)
   */
  public record Lanes(
      int count, Block forward, Block reverse, List<Map<Var, Var>> copies, Set<Var> elementsOnly) {
    /**
     * The copy of a variable in a lane.
     *
     * @param lane the row
     * @param v any variable of the pullback
     * @return its copy in that lane, or {@code v} itself when it is primal
     */
    public Var copy(int lane, Var v) {
      return copies.get(lane).getOrDefault(v, v);
    }
  }

  /**
   * The facts above, for the pullback of a vector-valued method.
   *
   * @param p a pullback
   * @return its sweeps in lanes, or empty when its number of rows is not a constant of at most
   *     {@link #MAX_ROWS}, or a statement refuses
   */
  public static Optional<Lanes> of(ReverseMode.Pullback p) {
    OptionalInt rows = rows(p);
    if (rows.isEmpty() || rows.getAsInt() > MAX_ROWS) {
      return Optional.empty();
    }
    Set<Var> lane = laneVars(p);
    if (lane.stream().anyMatch(v -> v.kind() == Kind.TENSOR)) {
      return Optional.empty();
    }
    int count = rows.getAsInt();
    List<Map<Var, Var>> copies = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      Map<Var, Var> copy = new HashMap<>();
      for (Var v : lane) {
        copy.put(v, new Var(v.name() + r, v.kind(), v.role()));
      }
      copies.add(copy);
    }
    Writer writer = new Writer(lane, copies);
    Optional<Block> forward = writer.block(p.forward());
    Optional<Block> reverse = writer.block(p.reverse());
    if (forward.isEmpty() || reverse.isEmpty()) {
      return Optional.empty();
    }
    for (int r = 0; r < count; r++) {
      Var seed = copies.get(r).get(p.seed());
      forward
          .get()
          .add(
              new Stmt.Assign(
                  seed,
                  new Expr.NewArray(Kind.DOUBLE_ARRAY, List.of(Expr.Const.ofInt(count))),
                  null))
          .add(
              new Stmt.Store(
                  new Expr.Ref(seed), Expr.Const.ofInt(r), Expr.Const.ofDouble(1.0), null));
    }
    return Optional.of(
        new Lanes(
            count,
            forward.get(),
            reverse.get(),
            List.copyOf(copies),
            ReverseReplay.elementsOnly(p)));
  }

  /**
   * The value's length when it is a constant: every assignment of the result, and of each variable
   * it is assigned from, is {@code new double[c]} (which an array initializer lowers to) with the
   * same constant c, or a variable of the same kind.
   */
  static OptionalInt rows(ReverseMode.Pullback p) {
    Map<Var, List<Expr>> assignments = new HashMap<>();
    Statements.forEachAssign(
        p.forward(),
        a -> assignments.computeIfAbsent(a.target(), v -> new ArrayList<>()).add(a.value()));
    Set<Integer> lengths = new LinkedHashSet<>();
    List<Var> pending = new ArrayList<>(List.of(p.primal().result()));
    Set<Var> seen = new LinkedHashSet<>();
    while (!pending.isEmpty()) {
      Var v = pending.remove(pending.size() - 1);
      if (!seen.add(v)) {
        continue;
      }
      List<Expr> values = assignments.get(v);
      if (values == null || p.primal().params().contains(v)) {
        return OptionalInt.empty();
      }
      for (Expr value : values) {
        if (value instanceof Expr.Ref r) {
          pending.add(r.var());
        } else if (value instanceof Expr.NewArray n
            && n.kind() == Kind.DOUBLE_ARRAY
            && n.dimensions().size() == 1
            && n.dimensions().get(0) instanceof Expr.Const c
            && c.value() instanceof Integer length) {
          lengths.add(length);
        } else {
          return OptionalInt.empty();
        }
      }
    }
    return lengths.size() == 1 && lengths.iterator().next() > 0
        ? OptionalInt.of(lengths.iterator().next())
        : OptionalInt.empty();
  }

  /** The seed, the adjoints and shadow arrays, and what is assigned from them, to a fixed point. */
  static Set<Var> laneVars(ReverseMode.Pullback p) {
    Set<Var> lane = new LinkedHashSet<>();
    lane.add(p.seed());
    lane.addAll(p.adjoints().values());
    lane.addAll(ReverseReplay.shadows(p));
    boolean changed = true;
    while (changed) {
      int before = lane.size();
      for (Block b : List.of(p.forward(), p.reverse())) {
        Statements.forEach(
            b,
            s -> {
              if (s instanceof Stmt.Assign a
                  && Exprs.reads(a.value()).stream().anyMatch(lane::contains)) {
                lane.add(a.target());
              } else if (s instanceof Stmt.PullbackCall c) {
                c.adjoints().stream().filter(v -> v != null).forEach(lane::add);
              }
            });
      }
      changed = lane.size() != before;
    }
    return lane;
  }

  /** Writes a block's statements, lane ones once per lane; empty when a statement refuses. */
  private static final class Writer {
    private final Set<Var> lane;
    private final List<Map<Var, Var>> copies;

    Writer(Set<Var> lane, List<Map<Var, Var>> copies) {
      this.lane = lane;
      this.copies = copies;
    }

    Optional<Block> block(Block b) {
      Block out = new Block();
      for (Stmt s : b) {
        if (isLane(s)) {
          for (Map<Var, Var> copy : copies) {
            out.add(Statements.rename(s, copy));
          }
        } else if (readsLane(s) || writesLane(s)) {
          return Optional.empty();
        } else {
          Optional<Stmt> kept = primal(s);
          if (kept.isEmpty()) {
            return Optional.empty();
          }
          out.add(kept.get());
        }
      }
      return Optional.of(out);
    }

    /**
     * A statement that reads no lane value itself, its nested blocks written in lanes; empty when
     * one of them refuses, or for second-order statements.
     */
    private Optional<Stmt> primal(Stmt s) {
      if (s instanceof Stmt.TangentCall || s instanceof Stmt.PullbackJvpCall) {
        return Optional.empty();
      }
      List<Block> blocks = new ArrayList<>();
      for (Block b : Stmts.blocks(s)) {
        Optional<Block> written = block(b);
        if (written.isEmpty()) {
          return Optional.empty();
        }
        blocks.add(written.get());
      }
      return Optional.of(Stmts.withBlocks(s, blocks));
    }

    /** Whether the statement itself (not those nested in it) writes a lane variable or array. */
    private boolean writesLane(Stmt s) {
      if (s instanceof Stmt.Assign a) {
        return lane.contains(a.target());
      } else if (s instanceof Stmt.Store st) {
        return lane.contains(Exprs.root(st.array()));
      } else if (s instanceof Stmt.Repeat r) {
        return lane.contains(r.index());
      } else if (s instanceof Stmt.PullbackCall c) {
        return c.adjoints().stream().anyMatch(lane::contains);
      }
      return false;
    }

    /**
     * Whether the statement's own expressions (not its nested blocks') read a lane variable; a
     * second-order statement counts as reading one.
     */
    private boolean readsLane(Stmt s) {
      return s instanceof Stmt.TangentCall
          || s instanceof Stmt.PullbackJvpCall
          || Statements.ownExpressions(s).stream()
              .anyMatch(e -> Exprs.reads(e).stream().anyMatch(lane::contains));
    }

    /**
     * Whether the statement is a lane one, written once per lane: it writes only its lane's
     * variables and arrays, and reads no other lane's.
     */
    private boolean isLane(Stmt s) {
      return s.accept(
          new Stmt.Visitor<Boolean>() {
            @Override
            public Boolean visitAssign(Stmt.Assign a) {
              return lane.contains(a.target())
                  && (!a.target().kind().isArray() || ownArray(a.value()));
            }

            @Override
            public Boolean visitIf(Stmt.If i) {
              return Exprs.reads(i.cond()).stream().anyMatch(lane::contains)
                  && allLane(i.then())
                  && allLane(i.otherwise());
            }

            @Override
            public Boolean visitLoop(Stmt.Loop l) {
              return false;
            }

            @Override
            public Boolean visitRepeat(Stmt.Repeat r) {
              return false;
            }

            @Override
            public Boolean visitStore(Stmt.Store st) {
              return lane.contains(Exprs.root(st.array())) && !st.value().kind().isArray();
            }

            @Override
            public Boolean visitPush(Stmt.Push push) {
              return false;
            }

            @Override
            public Boolean visitPullbackCall(Stmt.PullbackCall c) {
              return !c.split()
                  && c.args().stream()
                      .noneMatch(e -> Exprs.reads(e).stream().anyMatch(lane::contains))
                  && (Exprs.reads(c.seed()).stream().anyMatch(lane::contains)
                      || c.adjoints().stream().anyMatch(lane::contains));
            }

            @Override
            public Boolean visitTangentCall(Stmt.TangentCall t) {
              return false;
            }

            @Override
            public Boolean visitPullbackJvpCall(Stmt.PullbackJvpCall c) {
              return false;
            }
          });
    }

    private boolean allLane(Block b) {
      for (Stmt s : b) {
        if (!isLane(s)) {
          return false;
        }
      }
      return true;
    }

    /** An array value that is its lane's own: see the class comment. */
    private boolean ownArray(Expr value) {
      if (value instanceof Expr.NewArray) {
        return true;
      }
      if (value instanceof Expr.Const) {
        return true; // null
      }
      if (Exprs.isPath(value)) {
        return lane.contains(Exprs.root(value));
      }
      if (value instanceof Expr.Call c
          && c.callee().owner().qualifiedName().equals("dev.adjoint.Adjoint")) {
        return switch (c.callee().name()) {
          case "zerosLike" -> true;
          // The shadow given, or a new one.
          case "orZerosLike", "addInto" -> isLaneRef(c.args().get(0));
          // The current shadow, the argument's, or null.
          case "sharedShadow" -> isLaneRef(c.args().get(2)) && isLaneRef(c.args().get(3));
          default -> false;
        };
      }
      return false;
    }

    private boolean isLaneRef(Expr e) {
      return (e instanceof Expr.Const) || (Exprs.isPath(e) && lane.contains(Exprs.root(e)));
    }
  }
}
