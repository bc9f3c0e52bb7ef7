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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A mutable list of statements. */
public final class Block implements Iterable<Stmt> {
  private final List<Stmt> stmts = new ArrayList<>();

  /** An empty block. */
  public Block() {}

  /**
   * Appends a statement.
   *
   * @param stmt the statement
   * @return this block
   */
  public Block add(Stmt stmt) {
    stmts.add(stmt);
    return this;
  }

  /**
   * Appends every statement of another block, in order.
   *
   * @param other the block whose statements are appended; unchanged
   * @return this block
   */
  public Block addAll(Block other) {
    stmts.addAll(other.stmts);
    return this;
  }

  /**
   * The statements, in order.
   *
   * @return the block's own list, which changes with it
   */
  public List<Stmt> stmts() {
    return stmts;
  }

  /**
   * Whether the block has no statement.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return stmts.isEmpty();
  }

  @Override
  public Iterator<Stmt> iterator() {
    return stmts.iterator();
  }
}
