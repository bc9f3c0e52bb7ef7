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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Scalar promotion in the reverse sweep: an adjoint added into an element that a loop does not move
 * ({@code xBar[i] += tBar; tBar = 0} in a loop over {@code j}, the reverse of {@code t = x[i]} in
 * GMM's triangle) is summed in {@code tBar} over the iterations and added into the element once,
 * after the loop, as a hand-written adjoint does: one load and one store per loop instead of per
 * iteration.
 *
 * <p>It applies when, in the loop, (1) no variable of the element's index changes; (2) no other
 * statement mentions the shadow array, and no other variable can name that array (the caller's
 * {@code privateShadow}: the shadow of a local array that only ever holds new arrays and never
 * escapes, so only its own name reaches its shadow); (3) every other mention of {@code tBar} adds
 * into it ({@code tBar += e}, {@code e} not reading it); and (4) the reverse sweep mentions {@code
 * tBar} nowhere else, so it is zero when the loop starts (adjoints of values start at zero and this
 * pass leaves it zero after the loop). Then the element receives the same contributions, summed in
 * another order (floating-point addition is not associative: the result may differ in the last
 * bits, as it would from a hand-written adjoint). When the loop runs no iteration, the element is
 * not touched, since the index need not be valid then: the addition after the loop is guarded by
 * whether the loop ran, its first test evaluated before it into a flag ({@code boolean ran = j > i
 * + 1;}, or {@code count > 0} for a repeat), where that test is a side-effect-free expression;
 * otherwise by {@code tBar != 0.0} (when {@code tBar} sums to zero, skipping the addition of {@code
 * 0.0} changes nothing but the sign of a zero). The flag is an integer comparison: a branch on the
 * double {@code tBar}, which the loop has just finished summing, cost GMM's gradient 15 %.
 */
final class InvariantAccumulations {
  private final Predicate<Var> privateShadow;
  private final java.util.function.Consumer<Var> flags;
  private final Map<Var, Integer> mentions = new HashMap<>();

  private InvariantAccumulations(
      Predicate<Var> privateShadow, java.util.function.Consumer<Var> flags) {
    this.privateShadow = privateShadow;
    this.flags = flags;
  }

  /**
   * The reverse sweep with the accumulations that can be promoted moved after their loops.
   *
   * @param reverse a reverse sweep
   * @param privateShadow whether an adjoint array is reachable through its own variable alone
   * @param flags told of each flag this pass adds: variables of the reverse sweep alone
   * @return the same statements, promoted where they can be
   */
  static Block promote(
      Block reverse, Predicate<Var> privateShadow, java.util.function.Consumer<Var> flags) {
    InvariantAccumulations pass = new InvariantAccumulations(privateShadow, flags);
    pass.count(reverse, pass.mentions);
    return pass.block(reverse);
  }

  private Block block(Block in) {
    Block out = new Block();
    for (Stmt s : in) {
      s.accept(
          new Stmt.Visitor<Void>() {
            @Override
            public Void visitLoop(Stmt.Loop l) {
              Stmt.Loop loop = new Stmt.Loop(block(l.head()), l.cond(), block(l.body()));
              out.add(loop);
              hoist(loop, loop.body(), out, firstTest(loop));
              return null;
            }

            @Override
            public Void visitRepeat(Stmt.Repeat r) {
              Stmt.Repeat repeat = new Stmt.Repeat(r.index(), r.count(), block(r.body()));
              out.add(repeat);
              hoist(repeat, repeat.body(), out, firstTest(repeat));
              return null;
            }

            @Override
            public Void visitIf(Stmt.If i) {
              out.add(new Stmt.If(i.cond(), block(i.then()), block(i.otherwise())));
              return null;
            }

            @Override
            public Void visitAssign(Stmt.Assign a) {
              return kept(a);
            }

            @Override
            public Void visitStore(Stmt.Store st) {
              return kept(st);
            }

            @Override
            public Void visitPush(Stmt.Push p) {
              return kept(p);
            }

            @Override
            public Void visitPullbackCall(Stmt.PullbackCall p) {
              return kept(p);
            }

            @Override
            public Void visitTangentCall(Stmt.TangentCall t) {
              return kept(t);
            }

            @Override
            public Void visitPullbackJvpCall(Stmt.PullbackJvpCall p) {
              return kept(p);
            }

            /** A statement without blocks: nothing in it to promote. */
            private Void kept(Stmt x) {
              out.add(x);
              return null;
            }
          });
    }
    return out;
  }

  /**
   * A loop's first test as an expression to evaluate before it: its head's single test when the
   * loop has that shape and the test only reads; null otherwise.
   */
  static Expr firstTest(Stmt.Loop loop) {
    return loop.head().stmts().size() == 1
            && loop.head().stmts().get(0) instanceof Stmt.Assign test
            && loop.cond() instanceof Expr.Ref go
            && go.var() == test.target()
            && pure(test.value())
        ? test.value()
        : null;
  }

  /** A repeat's first test, {@code count > 0}, when its count only reads; null otherwise. */
  static Expr firstTest(Stmt.Repeat repeat) {
    return pure(repeat.count())
        ? new Expr.Binary(BinaryOp.GT, repeat.count(), Expr.Const.ofInt(0), Kind.BOOLEAN)
        : null;
  }

  /**
   * Whether an expression only reads (no call, no pop): evaluating it once more changes nothing.
   */
  static boolean pure(Expr e) {
    return !Exprs.anyMatch(e, x -> x instanceof Expr.Call || x instanceof Expr.Pop);
  }

  /**
   * Moves the promotable accumulations of {@code body}, a loop's, to after the loop in {@code out}
   * (whose last statement is the loop), guarded by whether the loop ran where {@code firstTest},
   * the loop's first test, is known.
   */
  private void hoist(Stmt loop, Block body, Block out, Expr firstTest) {
    Var ran = null;
    Set<Var> assigned = Statements.assigned(new Block().add(loop));
    List<Stmt> stmts = body.stmts();
    for (int k = 0; k + 1 < stmts.size(); k++) {
      if (!(stmts.get(k) instanceof Stmt.Store st
          && st.array() instanceof Expr.Ref shadow
          && privateShadow.test(shadow.var())
          && st.value() instanceof Expr.Binary add
          && add.op() == BinaryOp.ADD
          && add.left().equals(new Expr.Load(st.array(), st.index()))
          && add.right() instanceof Expr.Ref g
          && g.var().role() == Var.Role.ADJOINT
          && g.var().kind() == Kind.DOUBLE
          && stmts.get(k + 1) instanceof Stmt.Assign reset
          && reset.target() == g.var()
          && reset.value().equals(Exprs.doubleConst(0))
          && Exprs.reads(st.index()).stream().noneMatch(assigned::contains))) {
        continue;
      }
      Block rest = new Block();
      for (int o = 0; o < stmts.size(); o++) {
        if (o != k && o != k + 1) {
          rest.add(stmts.get(o));
        }
      }
      Map<Var, Integer> inLoop = new HashMap<>();
      count(new Block().add(loop), inLoop);
      if (!inLoop.get(g.var()).equals(mentions.get(g.var()))
          || Mentions.vars(rest).contains(shadow.var())
          || !ElementAccesses.onlySummed(rest, g.var())) {
        continue;
      }
      stmts.remove(k + 1);
      stmts.remove(k);
      Expr guard;
      if (firstTest != null) {
        if (ran == null) {
          // Before the loop: its first test, on the values it starts with.
          ran = new Var("ran", Kind.BOOLEAN, Var.Role.FLAG);
          flags.accept(ran);
          List<Stmt> all = out.stmts();
          all.add(all.size() - 1, new Stmt.Assign(ran, firstTest, null));
        }
        guard = new Expr.Ref(ran);
      } else {
        guard = new Expr.Binary(BinaryOp.NE, g, Exprs.doubleConst(0), Kind.BOOLEAN);
      }
      out.add(new Stmt.If(guard, new Block().add(st).add(reset), new Block()));
      k--;
    }
  }

  /** How many statements mention each variable (a compound statement: its own expressions). */
  private void count(Block block, Map<Var, Integer> counts) {
    Statements.forEach(
        block, s -> shallowMentions(s).forEach(v -> counts.merge(v, 1, Integer::sum)));
  }

  /** The variables a statement mentions, leaving out those of the statements nested in it. */
  static Set<Var> shallowMentions(Stmt s) {
    if (Stmts.blocks(s).isEmpty()) {
      return Mentions.vars(new Block().add(s));
    }
    Set<Var> out = new HashSet<>();
    Statements.ownExpressions(s).forEach(e -> out.addAll(Exprs.reads(e)));
    if (s instanceof Stmt.Repeat r) {
      out.add(r.index());
    }
    return out;
  }
}
