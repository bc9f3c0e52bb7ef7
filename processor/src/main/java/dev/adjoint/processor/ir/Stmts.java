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

import java.util.List;

/** Queries on statements that every node type answers. */
public final class Stmts {
  private Stmts() {}

  /**
   * The blocks a statement holds, in the order they appear in it (none for a simple statement).
   *
   * @param s any statement
   * @return its blocks: a branch's two, a loop's head and body, a repeat's body
   */
  public static List<Block> blocks(Stmt s) {
    return s.accept(BLOCKS);
  }

  /**
   * The statement with its blocks replaced, in the order {@link #blocks} gives them; a simple
   * statement is returned as it is.
   *
   * @param s any statement
   * @param blocks as many blocks as {@code blocks(s)} has
   * @return the statement holding them
   */
  public static Stmt withBlocks(Stmt s, List<Block> blocks) {
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.cond(), blocks.get(0), blocks.get(1));
    } else if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(blocks.get(0), l.cond(), blocks.get(1));
    } else if (s instanceof Stmt.Repeat r) {
      return new Stmt.Repeat(r.index(), r.count(), blocks.get(0));
    }
    if (!blocks.isEmpty()) {
      throw new IllegalArgumentException(s + " holds no blocks");
    }
    return s;
  }

  /**
   * The statement with each of its blocks replaced by {@code f} of it; a simple statement is
   * returned as it is.
   *
   * @param s any statement
   * @param f the replacement of a block
   * @return the statement holding the replaced blocks
   */
  public static Stmt mapBlocks(Stmt s, java.util.function.UnaryOperator<Block> f) {
    List<Block> blocks = blocks(s);
    return blocks.isEmpty() ? s : withBlocks(s, blocks.stream().map(f).toList());
  }

  private static final Stmt.Visitor<List<Block>> BLOCKS =
      new Stmt.Visitor<>() {
        @Override
        public List<Block> visitAssign(Stmt.Assign s) {
          return List.of();
        }

        @Override
        public List<Block> visitIf(Stmt.If s) {
          return List.of(s.then(), s.otherwise());
        }

        @Override
        public List<Block> visitLoop(Stmt.Loop s) {
          return List.of(s.head(), s.body());
        }

        @Override
        public List<Block> visitRepeat(Stmt.Repeat s) {
          return List.of(s.body());
        }

        @Override
        public List<Block> visitStore(Stmt.Store s) {
          return List.of();
        }

        @Override
        public List<Block> visitPush(Stmt.Push s) {
          return List.of();
        }

        @Override
        public List<Block> visitPullbackCall(Stmt.PullbackCall s) {
          return List.of();
        }

        @Override
        public List<Block> visitTangentCall(Stmt.TangentCall s) {
          return List.of();
        }

        @Override
        public List<Block> visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
          return List.of();
        }
      };
}
