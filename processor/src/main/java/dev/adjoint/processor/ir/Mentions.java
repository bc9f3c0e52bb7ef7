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
package dev.adjoint.processor.ir;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The variables statements mention, in order of first mention (loop indices excluded). */
public final class Mentions {
  private Mentions() {}

  /**
   * The variables a block's statements mention.
   *
   * @param block the statements
   * @return their variables, reads before targets, in order of first mention
   */
  public static Set<Var> vars(Block block) {
    return vars(block, s -> false);
  }

  /**
   * The variables, leaving out the targets of the statements {@code skip} accepts.
   *
   * @param block the statements
   * @param skip the assignments whose targets are left out (their values are read)
   * @return the variables, reads before targets, in order of first mention
   */
  public static Set<Var> vars(Block block, Predicate<Stmt> skip) {
    Collector mentions = new Collector(skip);
    mentions.block(block);
    return mentions.vars;
  }

  /** Collects the variables of the statements it visits, reads before targets. */
  private static final class Collector implements Stmt.Visitor<Void> {
    private final Set<Var> vars = new LinkedHashSet<>();
    private final Predicate<Stmt> skip;

    Collector(Predicate<Stmt> skip) {
      this.skip = skip;
    }

    void block(Block block) {
      for (Stmt s : block) {
        if (skip.test(s)) {
          reads(((Stmt.Assign) s).value());
        } else {
          s.accept(this);
        }
      }
    }

    /** The variables an expression reads; a null expression (a zero tangent) reads none. */
    private void reads(Expr e) {
      if (e != null) {
        vars.addAll(Exprs.reads(e));
      }
    }

    private void readsAll(List<Expr> exprs) {
      exprs.forEach(this::reads);
    }

    /** Variables written; a null entry (an inactive argument's adjoint) is none. */
    private void writes(List<Var> targets) {
      targets.stream().filter(v -> v != null).forEach(vars::add);
    }

    @Override
    public Void visitAssign(Stmt.Assign s) {
      reads(s.value());
      vars.add(s.target());
      return null;
    }

    @Override
    public Void visitIf(Stmt.If s) {
      reads(s.cond());
      block(s.then());
      block(s.otherwise());
      return null;
    }

    @Override
    public Void visitLoop(Stmt.Loop s) {
      block(s.head());
      reads(s.cond());
      block(s.body());
      return null;
    }

    @Override
    public Void visitRepeat(Stmt.Repeat s) {
      reads(s.count()); // the index is declared by the for statement
      block(s.body());
      return null;
    }

    @Override
    public Void visitStore(Stmt.Store s) {
      reads(s.array());
      reads(s.index());
      reads(s.value());
      return null;
    }

    @Override
    public Void visitPush(Stmt.Push s) {
      reads(s.value());
      return null;
    }

    @Override
    public Void visitPullbackCall(Stmt.PullbackCall s) {
      if (!s.split()) {
        readsAll(s.args()); // split mode does not evaluate them (the callee's fForward did)
      }
      reads(s.seed());
      writes(s.adjoints());
      return null;
    }

    @Override
    public Void visitTangentCall(Stmt.TangentCall s) {
      readsAll(s.args());
      readsAll(s.tangents());
      vars.add(s.target());
      vars.add(s.targetTangent());
      return null;
    }

    @Override
    public Void visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
      readsAll(s.args());
      readsAll(s.tangents());
      reads(s.seed());
      reads(s.seedTangent());
      writes(s.adjoints());
      writes(s.adjointTangents());
      return null;
    }
  }
}
