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
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds, for {@code s = Math.sin(t)}, a variable the method sets to {@code Math.cos(t)} (and the
 * other way round; also {@code sinh} and {@code cosh}), so that the derivative reads it instead of
 * calling the partner function again in the reverse sweep: a rotation computes both, and its
 * Jacobian would otherwise compute each once more per row.
 *
 * <p>The partner {@code c = Math.cos(t)} holds cos(t) wherever the reverse sweep reverses {@code s
 * = Math.sin(t)} when:
 *
 * <ol>
 *   <li>{@code c} is assigned once in the method and not in a loop, and so is {@code t}, or {@code
 *       t} is a parameter never assigned (or a constant): neither changes once set.
 *   <li>{@code c}'s assignment is a statement of the block that holds {@code s}'s assignment or of
 *       a block around it, before or after it. Whenever {@code s} is assigned, that block runs to
 *       its end (the lowering leaves no jump: {@code break} and {@code return} became flags that
 *       guard what follows), so {@code c} is assigned too, before the reverse sweep starts.
 *   <li>Nothing in the reverse sweep puts back an older value of {@code c}: only the to-be-recorded
 *       analysis does that, for a variable that an adjoint reads before the variable's assignment,
 *       and {@code ReverseMode} does not count this read, of {@code c}'s final value (no other
 *       adjoint can read {@code c} before its only assignment).
 * </ol>
 */
final class PartnerValues {
  private PartnerValues() {}

  /** The partner of each function: its derivative, up to the sign {@link DerivativeRules} gives. */
  static final Map<String, String> PARTNER =
      Map.of("sin", "cos", "cos", "sin", "sinh", "cosh", "cosh", "sinh");

  /**
   * The partners found.
   *
   * @param function the method
   * @param reassigned its variables assigned more than once or in a loop, and its parameters
   * @param assignments how many assignments each variable has
   * @return for each assignment of a partnered function, the variable holding its partner's value
   */
  static Map<Stmt.Assign, Var> find(
      Function function, Set<Var> reassigned, Map<Var, Integer> assignments) {
    Map<Stmt.Assign, Var> found = new IdentityHashMap<>();
    walk(function.body(), new ArrayDeque<>(), reassigned, assignments, found);
    return found;
  }

  private static void walk(
      Block block,
      Deque<Block> around,
      Set<Var> reassigned,
      Map<Var, Integer> assignments,
      Map<Stmt.Assign, Var> found) {
    around.push(block);
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        Expr.Call c = call(a.value());
        if (c != null && stable(c.args().get(0), reassigned, assignments)) {
          Var partner = partner(around, c, reassigned);
          if (partner != null) {
            found.put(a, partner);
          }
        }
      }
      for (Block nested : Stmts.blocks(s)) {
        walk(nested, around, reassigned, assignments, found);
      }
    }
    around.pop();
  }

  /** The variable assigned the partner of {@code c} at the same argument, in a block around. */
  private static Var partner(Deque<Block> around, Expr.Call c, Set<Var> reassigned) {
    String wanted = PARTNER.get(c.callee().name());
    Expr arg = c.args().get(0);
    for (Block b : around) {
      for (Stmt s : b) {
        if (s instanceof Stmt.Assign a && !reassigned.contains(a.target())) {
          Expr.Call p = call(a.value());
          if (p != null && p.callee().name().equals(wanted) && p.args().get(0).equals(arg)) {
            return a.target();
          }
        }
      }
    }
    return null;
  }

  /** {@code Math.f(x)} for a partnered f, or null. */
  private static Expr.Call call(Expr e) {
    return e instanceof Expr.Call c
            && c.callee().owner().qualifiedName().equals("java.lang.Math")
            && PARTNER.containsKey(c.callee().name())
            && c.args().size() == 1
            && (c.args().get(0) instanceof Expr.Ref || c.args().get(0) instanceof Expr.Const)
        ? c
        : null;
  }

  private static boolean stable(Expr arg, Set<Var> reassigned, Map<Var, Integer> assignments) {
    if (!(arg instanceof Expr.Ref r)) {
      return true; // a constant
    }
    Var v = r.var();
    return !reassigned.contains(v) || assignments.getOrDefault(v, 0) == 0;
  }
}
