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
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether the iterations of a preaccumulated loop ({@link ReductionLoops}) may run in chunks on
 * several threads ({@code dev.adjoint.Parallel}): the memory analysis behind it.
 *
 * <p>A chunk runs its iterations with arrays of its own in place of the iteration's <i>own</i>
 * arrays: the loop's private arrays and their adjoints (each iteration fills a private array before
 * it reads it, and leaves the adjoint's elements zero as it found them, which is what the loop run
 * on one thread already relies on), and the loop's sums of adjoints, which the iteration only adds
 * into. Every other array is shared by all chunks. Chunks running at the same time then never race
 * and each computes what it would on one thread, if an iteration writes nothing but its own arrays
 * and its locals:
 *
 * <ol>
 *   <li>every store ({@code a[j] = e}, {@code m[r][j] = e}) has an own array at its root;
 *   <li>every array that a call may write into is own or new: a pullback's adjoints, the adjoint
 *       arrays given to a split forward sweep ({@code fForward} keeps them on the tape for its
 *       {@code fReverse} to add into; it only reads its primal arguments, which may be shared), and
 *       the array arguments of {@code Adjoint}'s functions but those that only read;
 *   <li>every call reads nothing but its arguments and keeps no state: {@code Math}'s and {@code
 *       StrictMath}'s functions but {@code random}, the static methods of {@code Double}, {@code
 *       Float}, {@code Integer} and {@code Long}, the runtime's derivatives of them, and
 *       {@code @Differentiable} methods (the subset lets them write nothing but their locals; their
 *       sweeps use the calling thread's tape) that call only such functions themselves: the
 *       companion's writer checks those over the methods of their class ({@link
 *       #keepsNoState(Block, Predicate)}), and runs the chunks on the calling thread where one may
 *       keep state. Any other method may keep state, and leaves the loop as it is.
 * </ol>
 *
 * <p>A local array variable of the iteration is own when every value it is assigned is a new array
 * or a path ({@code v}, {@code v[r]}) from an own array. Reads are free: during the loop nothing
 * writes a shared array. The iteration's tape use balances within the iteration (its reverse sweep
 * pops what its forward sweep pushed), so each chunk may use the tape of the thread it runs on.
 */
public final class ChunkedLoops {
  private ChunkedLoops() {}

  /**
   * Classes whose static methods the subset can call and that all keep no state: the runtime's
   * derivatives of {@code Math}'s functions, and the JDK's number classes ({@code Double.isNaN}).
   */
  private static final Set<String> SCALAR_CLASSES =
      Set.of(
          "dev.adjoint.jdk.JdkPullbacks",
          "dev.adjoint.jdk.JdkSecondOrder",
          "dev.adjoint.Derivatives",
          "java.lang.Double",
          "java.lang.Float",
          "java.lang.Integer",
          "java.lang.Long");

  /** {@code Adjoint}'s functions that write into none of their arguments. */
  private static final Set<String> ADJOINT_READING =
      Set.of("zerosLike", "slices", "lend", "giveBack");

  /**
   * Whether an iteration writes nothing but its own arrays and its locals, and calls nothing that
   * keeps state.
   *
   * @param iteration the iteration's statements, forward and reverse sweeps
   * @param own the iteration's parameters that a chunk replaces by arrays of its own
   * @return whether chunks of the loop may run at the same time
   */
  static boolean writesOnlyOwn(Block iteration, Set<Var> own) {
    Set<Var> owned = ownLocals(iteration, own);
    boolean[] ok = {true};
    Statements.forEach(
        iteration,
        s ->
            ok[0] &=
                s.accept(
                    new Stmt.Visitor<Boolean>() {
                      @Override
                      public Boolean visitAssign(Stmt.Assign a) {
                        return calls(a.value(), owned);
                      }

                      @Override
                      public Boolean visitIf(Stmt.If i) {
                        return calls(i.cond(), owned);
                      }

                      @Override
                      public Boolean visitLoop(Stmt.Loop l) {
                        return calls(l.cond(), owned);
                      }

                      @Override
                      public Boolean visitRepeat(Stmt.Repeat r) {
                        return calls(r.count(), owned);
                      }

                      @Override
                      public Boolean visitStore(Stmt.Store st) {
                        return isOwn(st.array(), owned)
                            && calls(st.index(), owned)
                            && calls(st.value(), owned);
                      }

                      @Override
                      public Boolean visitPush(Stmt.Push p) {
                        return calls(p.value(), owned);
                      }

                      @Override
                      public Boolean visitPullbackCall(Stmt.PullbackCall p) {
                        return p.callee().role() == Callee.Role.DIFFERENTIABLE
                            && p.adjoints().stream()
                                .allMatch(
                                    v -> v == null || !v.kind().isArray() || owned.contains(v))
                            && p.args().stream().allMatch(e -> calls(e, owned))
                            && calls(p.seed(), owned);
                      }

                      @Override
                      public Boolean visitTangentCall(Stmt.TangentCall t) {
                        return false; // forward mode: not in a first-order reverse sweep
                      }

                      @Override
                      public Boolean visitPullbackJvpCall(Stmt.PullbackJvpCall p) {
                        return false;
                      }
                    }));
    return ok[0];
  }

  /**
   * The own arrays with the iteration's local array variables that only ever hold new arrays or
   * paths from own ones: to a fixed point, since a local may be a row of another local.
   */
  private static Set<Var> ownLocals(Block iteration, Set<Var> own) {
    Map<Var, List<Expr>> values = new HashMap<>();
    Statements.forEachAssign(
        iteration,
        a -> {
          if (a.target().kind().isArray()) {
            values.computeIfAbsent(a.target(), v -> new ArrayList<>()).add(a.value());
          }
        });
    Set<Var> out = new HashSet<>(own);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (var e : values.entrySet()) {
        if (!out.contains(e.getKey())
            && e.getValue().stream().allMatch(x -> isNew(x) || isOwn(x, out))) {
          out.add(e.getKey());
          changed = true;
        }
      }
    }
    return out;
  }

  /**
   * Whether a function is known to read nothing but its arguments and write nothing but its result:
   * {@code Math}'s and {@code StrictMath}'s but {@code random}, the runtime's derivatives of them,
   * {@code Adjoint.detach}, and {@code Adjoint}'s functions that only read.
   *
   * @param callee a called method
   * @return whether running it on several threads at once is safe
   */
  public static boolean keepsNoState(Callee callee) {
    if (callee.ofMath()) {
      return !callee.name().equals("random");
    }
    return SCALAR_CLASSES.contains(callee.owner().qualifiedName())
        || callee.role() == Callee.Role.DETACH
        || isAdjoint(callee) && ADJOINT_READING.contains(callee.name());
  }

  /**
   * Whether a method's body calls nothing but functions that {@link #keepsNoState} and the
   * {@code @Differentiable} methods that {@code differentiable} accepts: with those, the method
   * keeps no state (the subset lets it write nothing but its locals).
   *
   * @param body a lowered method's body
   * @param differentiable whether a {@code @Differentiable} callee keeps no state
   * @return whether the method does
   */
  public static boolean keepsNoState(Block body, Predicate<Callee> differentiable) {
    return !Statements.anyMatch(
        body,
        s -> s instanceof Stmt.PullbackCall p && !differentiable.test(p.callee()),
        x ->
            x instanceof Expr.Call c
                && !(c.callee().role() == Callee.Role.DIFFERENTIABLE
                    ? differentiable.test(c.callee())
                    : keepsNoState(c.callee())));
  }

  /**
   * The {@code @Differentiable} methods an iteration runs (their primal, sweeps or pullback): the
   * chunks run on several threads only where each of them keeps no state, which only the companion
   * of their class can tell ({@code keepsNoState(Block, Predicate)} over its methods).
   *
   * @param iteration the iteration's statements
   * @return the callees, in order of first call
   */
  static List<Callee> differentiableCallees(Block iteration) {
    Set<Callee> out = new LinkedHashSet<>();
    Statements.forEach(
        iteration,
        s -> {
          if (s instanceof Stmt.PullbackCall p) {
            out.add(p.callee());
          }
          for (Expr e : Statements.ownExpressions(s)) {
            collectCallees(e, out);
          }
        });
    return List.copyOf(out);
  }

  private static void collectCallees(Expr e, Set<Callee> out) {
    if (e instanceof Expr.Call c && c.callee().role() == Callee.Role.DIFFERENTIABLE) {
      out.add(c.callee());
    }
    Exprs.children(e).forEach(child -> collectCallees(child, out));
  }

  private static boolean isNew(Expr e) {
    return e instanceof Expr.NewArray
        || e instanceof Expr.ArrayLiteral
        || e instanceof Expr.Call c
            && isAdjoint(c.callee())
            && c.callee().name().equals("zerosLike");
  }

  private static boolean isOwn(Expr path, Set<Var> owned) {
    return Exprs.isPath(path) && owned.contains(Exprs.root(path));
  }

  private static boolean isAdjoint(Callee c) {
    return c.owner().qualifiedName().equals("dev.adjoint.Adjoint");
  }

  /**
   * Whether every call in {@code e} writes only into own arrays and keeps no state of its own (a
   * {@code @Differentiable} callee is trusted here: see {@link #differentiableCallees}).
   */
  private static boolean calls(Expr e, Set<Var> owned) {
    return e == null || !Exprs.anyMatch(e, x -> x instanceof Expr.Call c && !callOk(c, owned));
  }

  private static boolean callOk(Expr.Call c, Set<Var> owned) {
    Callee callee = c.callee();
    if (keepsNoState(callee) || callee.role() == Callee.Role.DIFFERENTIABLE) {
      return true;
    }
    if (callee.owner().equals(callee.companion())) {
      // A callee's split forward sweep, whose reverse sweep (a split pullback call of the same
      // callee, which differentiableCallees names) is in the iteration too. It only reads its
      // primal arguments (the subset lets the callee write none) and keeps its adjoints' arrays on
      // the tape for that reverse sweep to add into: those must be own, or new.
      return c.args().stream()
          .allMatch(
              a ->
                  !a.kind().isArray()
                      || isOwn(a, owned)
                      || isNew(a)
                      || Exprs.isPath(a) && Exprs.root(a).role() != Var.Role.ADJOINT);
    }
    if (isAdjoint(callee)) {
      // May add into any array it is given.
      return c.args().stream().allMatch(a -> !a.kind().isArray() || isOwn(a, owned) || isNew(a));
    }
    return false;
  }
}
