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

/**
 * A variable of the IR: a parameter, a source local, or one the lowering or a transform introduced.
 * Identity matters: two source locals of the same name (in sibling blocks) are two variables, and
 * the emitter gives them distinct Java names.
 */
public final class Var {
  /** Where a variable came from; the emitter uses it to choose names and declarations. */
  public enum Role {
    /** A parameter of the method (or of a generated method, such as the pullback's seed). */
    PARAMETER,
    /** A local variable of the source. */
    LOCAL,
    /** An intermediate value the lowering or a transform introduced. */
    TEMP,
    /** The variable holding the method's result. */
    RESULT,
    /**
     * A boolean that replaces {@code break}, {@code continue} or an early {@code return}, or a
     * transform's test.
     */
    FLAG,
    /** A loop counter of a reverse sweep: recorded trip counts, replayed. */
    COUNTER,
    /** An adjoint, in reverse mode. */
    ADJOINT,
    /** A directional derivative, in forward mode. */
    TANGENT
  }

  private final String name;
  private final Kind kind;
  private final Role role;

  /**
   * A new variable, distinct from every other.
   *
   * @param name its preferred Java name
   * @param kind its kind
   * @param role where it came from
   */
  public Var(String name, Kind kind, Role role) {
    this.name = name;
    this.kind = kind;
    this.role = role;
  }

  /**
   * The preferred Java name: the source name for parameters and locals.
   *
   * @return the name, which the emitter may suffix to keep it distinct
   */
  public String name() {
    return name;
  }

  /**
   * The kind of the variable's values.
   *
   * @return its kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Where the variable came from.
   *
   * @return its role
   */
  public Role role() {
    return role;
  }

  @Override
  public String toString() {
    return name;
  }
}
