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
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fusion of adjacent element-wise loops of the primal, before differentiation: two counted loops
 * over the same range, one right after the other, run as one when each iteration of the second
 * touches only what the same iteration of the first touched. GMM centres a point in one loop and
 * scales it in the next ({@code xc[j] = x[j] - mu[j]}, then {@code z[j] = q[j] * xc[j]}); a
 * hand-written adjoint writes one loop, and so, after this pass, do the forward and the reverse
 * sweep. This is the rewrite, on the lowered method:
 *
 * <pre>{@code
 * i = s; loop (i < b) { B1; i = i + 1 }           i = s; loop (i < b) { B1; B2[i/j]; i = i + 1 }
 * j = s; loop (j < b) { B2; j = j + 1 }     =>
 * }</pre>
 *
 * <p>Where it applies. Both loops are counted ({@link CountedLoop}), with the same start and bound,
 * each integer arithmetic on variables and array lengths that neither loop assigns. Their bodies
 * (but for the increments) are assignments and stores whose values call nothing but {@code Math}'s
 * and {@code StrictMath}'s functions (not {@code random}), which read nothing but their arguments
 * and write nothing. The first body does not mention {@code j}, the second not {@code i}, and
 * nothing outside the second loop and its initialisation mentions {@code j}. Neither body mentions
 * a variable the other assigns. Each body assigns every variable it assigns before reading it (a
 * map: nothing carries from one iteration to the next, so a sum such as {@code s += q} keeps its
 * loop, which {@link ReductionLoops} may want on its own). Every array stored into in either body
 * is a <em>private</em> array (below), and every access to it in either body is at the same index
 * {@code i + c} ({@code j + c} in the second, read with {@code i} for {@code j}), with {@code c}
 * integer arithmetic that neither body changes.
 *
 * <p>Private arrays, the aliasing fact this rests on ({@link Escapes#privateArrays}): a local of
 * type {@code double[]} or {@code int[]} whose every assignment is a new array, and whose every
 * mention is as the array of an element read, an element store or a {@code .length}. No other
 * variable, argument, element or result can then refer to the array it holds, so only accesses
 * through its own name reach its elements.
 *
 * <p>Why the values do not change. Fused, iteration {@code k} of the first body runs after every
 * iteration of the second body below {@code k}, where it ran before all of them. So it suffices
 * that iteration {@code k} of either body and iteration {@code k'} of the other, {@code k != k'},
 * touch no common location that either writes. Scalars: neither body mentions what the other
 * assigns. Arrays: the only arrays written are private, so reached only through their names, at
 * {@code k + c} in iteration {@code k}, and {@code k + c != k' + c} for {@code k != k'}, {@code c}
 * being the same in every iteration (wrapping {@code int} addition is injective too). Arrays only
 * read change nowhere in either loop. The range is the same (the same expressions over unchanged
 * variables), the bodies call only functions of their arguments, and {@code j}, dropped, is read
 * nowhere else. So each statement computes the same values from the same operands, and every
 * variable and array ends as it did; the derivatives are those of the same function, and the
 * reverse sweep of the fused loop is one loop too. (One difference is left: a method that would
 * throw in both loops, an index out of bounds say, may throw the second loop's exception, from an
 * earlier iteration, instead of the first's; either way the call fails.)
 */
public final class MapLoopFusion {
  private final Set<Var> privateArrays;
  private final Map<Var, Integer> mentions;
  private boolean changed;

  private MapLoopFusion(Set<Var> privateArrays, Map<Var, Integer> mentions) {
    this.privateArrays = privateArrays;
    this.mentions = mentions;
  }

  /**
   * The method with its adjacent element-wise loops fused, or {@code f} itself when it has none.
   *
   * @param f the lowered method
   * @return the rewritten method, or {@code f}
   */
  public static Function fuse(Function f) {
    Map<Var, Integer> mentions = new HashMap<>();
    Statements.forEach(
        f.body(),
        s -> {
          for (Var v : ownMentions(s)) {
            mentions.merge(v, 1, Integer::sum);
          }
        });
    MapLoopFusion pass = new MapLoopFusion(Escapes.privateArrays(f), mentions);
    Block body = pass.block(f.body());
    return pass.changed
        ? new Function(f.name(), f.params(), f.independents(), body, f.result())
        : f;
  }

  /** The variables a statement mentions itself, not those of the statements nested in it. */
  private static Set<Var> ownMentions(Stmt s) {
    List<Block> emptied = Stmts.blocks(s).stream().map(b -> new Block()).toList();
    return Mentions.vars(new Block().add(Stmts.withBlocks(s, emptied)));
  }

  private Block block(Block in) {
    Block out = new Block();
    for (Stmt s : in) {
      Stmt rebuilt = Stmts.withBlocks(s, Stmts.blocks(s).stream().map(this::block).toList());
      List<Stmt> done = out.stmts();
      int n = done.size();
      if (rebuilt instanceof Stmt.Loop second && n >= 3 && done.get(n - 2) instanceof Stmt.Loop) {
        Optional<Stmt.Loop> fused =
            CountedLoop.of(done.get(n - 3), (Stmt.Loop) done.get(n - 2))
                .flatMap(
                    first -> CountedLoop.of(done.get(n - 1), second).flatMap(c -> fused(first, c)));
        if (fused.isPresent()) {
          changed = true;
          done.subList(n - 2, n).clear();
          out.add(fused.get());
          continue;
        }
      }
      out.add(rebuilt);
    }
    return out;
  }

  /** The two loops as one, if they may be fused (the second's initialisation is dropped). */
  private Optional<Stmt.Loop> fused(CountedLoop first, CountedLoop second) {
    if (!first.start().equals(second.start())
        || !first.bound().equals(second.bound())
        || !CountedLoop.recomputable(first.start())
        || !CountedLoop.recomputable(first.bound())) {
      return Optional.empty();
    }
    List<Stmt> b1 = withoutIncrement(first.loop());
    List<Stmt> b2 = withoutIncrement(second.loop());
    if (!elementWise(b1) || !elementWise(b2)) {
      return Optional.empty();
    }
    Block body1 = blockOf(b1);
    Block body2 = blockOf(b2);
    Set<Var> mentioned1 = Mentions.vars(body1);
    Set<Var> mentioned2 = Mentions.vars(body2);
    Set<Var> assigned1 = Statements.assigned(body1);
    Set<Var> assigned2 = Statements.assigned(body2);
    Var i = first.index();
    Var j = second.index();
    // j's mentions: its initialisation, the second loop's test and increment, and its body's.
    int jOutside = mentions.getOrDefault(j, 0) - countMentions(second.loop(), j) - 1;
    if (mentioned2.contains(i)
        || mentioned1.contains(j)
        || jOutside != 0
        || assigned1.stream().anyMatch(mentioned2::contains)
        || assigned2.stream().anyMatch(mentioned1::contains)) {
      return Optional.empty();
    }
    Map<Var, Var> jToI = Map.of(j, i);
    List<Stmt> renamed = b2.stream().map(x -> Statements.rename(x, jToI)).toList();
    List<Stmt> both = concat(b1, renamed);
    // The arrays written: private ones only, each accessed at one index i + c throughout.
    Set<Var> stored = new HashSet<>();
    for (Stmt x : both) {
      if (x instanceof Stmt.Store st) {
        if (!(st.array() instanceof Expr.Ref r) || !privateArrays.contains(r.var())) {
          return Optional.empty();
        }
        stored.add(r.var());
      }
    }
    Set<Var> assigned = new HashSet<>(assigned1);
    assigned.addAll(assigned2);
    Map<Var, Expr> at = new HashMap<>();
    for (Stmt x : both) {
      if (x instanceof Stmt.Store st && !sameElement(st.array(), st.index(), i, assigned, at)) {
        return Optional.empty();
      }
      for (Expr e : Statements.expressions(x)) {
        if (!sameElements(e, stored, i, assigned, at)) {
          return Optional.empty();
        }
      }
    }
    Block body = blockOf(both);
    body.add(first.loop().body().stmts().get(first.loop().body().stmts().size() - 1));
    return Optional.of(new Stmt.Loop(first.loop().head(), first.loop().cond(), body));
  }

  /** The body but its last statement, the increment. */
  private static List<Stmt> withoutIncrement(Stmt.Loop loop) {
    List<Stmt> body = loop.body().stmts();
    return body.subList(0, body.size() - 1);
  }

  /**
   * A call of anything but {@code Math}'s and {@code StrictMath}'s functions, which depend on their
   * arguments alone and write nothing ({@code random} excepted), or a pop: what a body may not
   * evaluate.
   */
  private static boolean impure(Expr e) {
    if (e instanceof Expr.Call c) {
      return !c.callee().ofMath() || c.callee().name().equals("random");
    }
    return e instanceof Expr.Pop;
  }

  /**
   * Assignments and stores whose values call only {@code Math}'s functions, each variable assigned
   * before it is read (nothing carries from one iteration to the next).
   */
  private static boolean elementWise(List<Stmt> body) {
    Set<Var> assigned = new HashSet<>();
    for (Stmt x : body) {
      if (!(x instanceof Stmt.Assign || x instanceof Stmt.Store)) {
        return false;
      }
      for (Expr e : Statements.expressions(x)) {
        if (Exprs.anyMatch(e, MapLoopFusion::impure)) {
          return false;
        }
      }
      if (x instanceof Stmt.Assign a) {
        assigned.add(a.target());
      }
    }
    Set<Var> seen = new HashSet<>();
    for (Stmt x : body) {
      for (Expr e : Statements.expressions(x)) {
        for (Var v : Exprs.reads(e)) {
          if (assigned.contains(v) && !seen.contains(v)) {
            return false;
          }
        }
      }
      if (x instanceof Stmt.Assign a) {
        seen.add(a.target());
      }
    }
    return true;
  }

  /**
   * Whether every element read of {@code e} from an array in {@code stored} is at the index that
   * array's accesses share ({@code at}, which the first access fills).
   */
  private static boolean sameElements(
      Expr e, Set<Var> stored, Var i, Set<Var> assigned, Map<Var, Expr> at) {
    if (e instanceof Expr.Load l
        && l.array() instanceof Expr.Ref r
        && stored.contains(r.var())
        && !sameElement(l.array(), l.index(), i, assigned, at)) {
      return false;
    }
    return Exprs.children(e).stream().allMatch(c -> sameElements(c, stored, i, assigned, at));
  }

  /**
   * Whether {@code array[index]} is at {@code i + c}, the same index as the array's other accesses.
   */
  private static boolean sameElement(
      Expr array, Expr index, Var i, Set<Var> assigned, Map<Var, Expr> at) {
    if (!CountedLoop.offsetOf(index, i, assigned)) {
      return false;
    }
    Expr first = at.putIfAbsent(((Expr.Ref) array).var(), index);
    return first == null || first.equals(index);
  }

  private static int countMentions(Stmt.Loop loop, Var v) {
    int[] count = {0};
    Statements.forEach(
        new Block().add(loop),
        s -> {
          if (ownMentions(s).contains(v)) {
            count[0]++;
          }
        });
    return count[0];
  }

  private static Block blockOf(List<Stmt> stmts) {
    Block out = new Block();
    stmts.forEach(out::add);
    return out;
  }

  private static List<Stmt> concat(List<Stmt> a, List<Stmt> b) {
    List<Stmt> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
