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
package dev.adjoint.processor.check;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Kind;

/** A parameter or local variable declaration. Compared by identity. */
public final class LocalSymbol {
  private final String name;
  private final Kind kind;
  private final Tree declaration;
  private final boolean parameter;
  private final RecordValue record;

  LocalSymbol(String name, Kind kind, Tree declaration, boolean parameter) {
    this(name, kind, declaration, parameter, null);
  }

  LocalSymbol(String name, Kind kind, Tree declaration, boolean parameter, RecordValue record) {
    this.name = name;
    this.kind = kind;
    this.declaration = declaration;
    this.parameter = parameter;
    this.record = record;
  }

  /**
   * The record a record parameter or local names (its kind is then null); null for other symbols.
   *
   * @return the record, or null
   */
  public RecordValue record() {
    return record;
  }

  /**
   * The name declared.
   *
   * @return the variable's name
   */
  public String name() {
    return name;
  }

  /**
   * The declared type, as a kind of the subset.
   *
   * @return the variable's kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The declaring tree: a variable tree, or a parameter's.
   *
   * @return the declaration
   */
  public Tree declaration() {
    return declaration;
  }

  /**
   * Whether this is a parameter of the method (rather than a local).
   *
   * @return true for a parameter
   */
  public boolean isParameter() {
    return parameter;
  }
}
