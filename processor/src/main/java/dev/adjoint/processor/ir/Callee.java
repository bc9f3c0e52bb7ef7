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

/**
 * A static method called from differentiated code, resolved to one overload.
 *
 * @param owner the class that declares the method
 * @param name the method's name
 * @param parameterKinds the kinds of its parameters, receiver first for an instance method
 * @param returnKind the kind of its result
 * @param role how derivatives pass through the call
 * @param differentiated for {@link Role#DIFFERENTIABLE}: the indices of the parameters the callee
 *     differentiates, in order; empty otherwise
 * @param companion for {@link Role#DIFFERENTIABLE}: the generated class holding its pullback
 * @param pullbacks for a library method: its declared pullbacks, one per parameter (null where none
 *     is declared), or empty
 * @param instance whether it is an instance method: its receiver is then its first parameter and
 *     argument
 * @param tangent for a library method: its declared tangent rule ({@code @TangentOf}), or null
 * @param records for a {@link Role#DIFFERENTIABLE} method that takes records: how to rebuild them
 *     from the leaves the IR passes; null otherwise
 */
public record Callee(
    TypeRef owner,
    String name,
    List<Kind> parameterKinds,
    Kind returnKind,
    Role role,
    List<Integer> differentiated,
    TypeRef companion,
    List<CustomPullback> pullbacks,
    boolean instance,
    CustomTangent tangent,
    RecordLayout records) {

  /**
   * A declared pullback of a library method with respect to one parameter ({@code @PullbackOf}):
   * called with the original's arguments, then the result if {@code takesResult}, then the seed.
   *
   * @param function the pullback's own method
   * @param takesResult whether it takes the original's result after its arguments
   */
  public record CustomPullback(Callee function, boolean takesResult) {}

  /**
   * A declared tangent rule of a library method ({@code @TangentOf}): called with the original's
   * arguments, then the result if {@code takesResult}, then one tangent per differentiable
   * parameter ({@link Kind#isDifferentiable()}), and returning the result's tangent.
   *
   * @param function the rule's own method
   * @param takesResult whether it takes the original's result after its arguments
   */
  public record CustomTangent(Callee function, boolean takesResult) {}

  /** How derivatives pass through a call. */
  public enum Role {
    /**
     * Any other static method. A derivative flows through it only where a derivative rule is known
     * for it ({@code Math}, {@code StrictMath}); elsewhere it may only see values without one.
     */
    LIBRARY,
    /** A {@code @Differentiable} method: its generated pullback supplies the derivative. */
    DIFFERENTIABLE,
    /** {@code Adjoint.detach}: the value passes, the derivative does not. */
    DETACH
  }

  /**
   * Copies the lists, so that the record is immutable.
   *
   * @param owner the class that declares the method
   * @param name the method's name
   * @param parameterKinds the kinds of its parameters, receiver first for an instance method
   * @param returnKind the kind of its result
   * @param role how derivatives pass through the call
   * @param differentiated for {@link Role#DIFFERENTIABLE}: the indices of the parameters the callee
   *     differentiates, in order; empty otherwise
   * @param companion for {@link Role#DIFFERENTIABLE}: the generated class holding its pullback
   * @param pullbacks for a library method: its declared pullbacks, one per parameter (null where
   *     none is declared), or empty
   * @param instance whether it is an instance method
   * @param tangent for a library method: its declared tangent rule, or null
   * @param records for a method that takes records: how to rebuild them from their leaves, or null
   */
  public Callee {
    parameterKinds = List.copyOf(parameterKinds);
    differentiated = List.copyOf(differentiated);
    // One entry per parameter, null where none is declared; empty when the method has none.
    pullbacks =
        pullbacks == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(pullbacks));
  }

  /**
   * A callee that takes no record.
   *
   * @param owner the class declaring the method
   * @param name the method's name
   * @param parameterKinds its parameters' kinds
   * @param returnKind its result's kind
   * @param role how derivatives pass through it
   * @param differentiated the parameters its pullback differentiates
   * @param companion the class holding its derivatives, or null
   * @param pullbacks its declared pullbacks
   * @param instance whether it is an instance method of its first argument
   * @param tangent its declared tangent rule, or null
   */
  public Callee(
      TypeRef owner,
      String name,
      List<Kind> parameterKinds,
      Kind returnKind,
      Role role,
      List<Integer> differentiated,
      TypeRef companion,
      List<CustomPullback> pullbacks,
      boolean instance,
      CustomTangent tangent) {
    this(
        owner,
        name,
        parameterKinds,
        returnKind,
        role,
        differentiated,
        companion,
        pullbacks,
        instance,
        tangent,
        null);
  }

  /**
   * A static callee without declared derivatives.
   *
   * @param owner the class that declares the method
   * @param name the method's name
   * @param parameterKinds the kinds of its parameters
   * @param returnKind the kind of its result
   * @param role how derivatives pass through the call
   * @param differentiated for {@link Role#DIFFERENTIABLE}: the indices of the parameters the callee
   *     differentiates
   * @param companion for {@link Role#DIFFERENTIABLE}: the generated class holding its pullback,
   *     else null
   */
  public Callee(
      TypeRef owner,
      String name,
      List<Kind> parameterKinds,
      Kind returnKind,
      Role role,
      List<Integer> differentiated,
      TypeRef companion) {
    this(
        owner,
        name,
        parameterKinds,
        returnKind,
        role,
        differentiated,
        companion,
        List.of(),
        false,
        null,
        null);
  }

  /**
   * A static callee with its declared pullbacks and no tangent rule.
   *
   * @param owner the class that declares the method
   * @param name the method's name
   * @param parameterKinds the kinds of its parameters
   * @param returnKind the kind of its result
   * @param role how derivatives pass through the call
   * @param differentiated for {@link Role#DIFFERENTIABLE}: the indices of the parameters the callee
   *     differentiates
   * @param companion for {@link Role#DIFFERENTIABLE}: the generated class holding its pullback,
   *     else null
   * @param pullbacks its declared pullbacks, one per parameter (null where none is declared), or
   *     empty
   */
  public Callee(
      TypeRef owner,
      String name,
      List<Kind> parameterKinds,
      Kind returnKind,
      Role role,
      List<Integer> differentiated,
      TypeRef companion,
      List<CustomPullback> pullbacks) {
    this(
        owner,
        name,
        parameterKinds,
        returnKind,
        role,
        differentiated,
        companion,
        pullbacks,
        false,
        null,
        null);
  }

  /**
   * A static callee that differentiates nothing, with no declared derivatives (for tests and for
   * calls the transforms add).
   *
   * @param owner the class that declares the method
   * @param name the method's name
   * @param returnKind the kind of its result
   * @param role how derivatives pass through the call
   * @param params the kinds of its parameters
   * @return the callee
   */
  public static Callee of(TypeRef owner, String name, Kind returnKind, Role role, Kind... params) {
    return new Callee(owner, name, List.of(params), returnKind, role, List.of(), null);
  }

  /**
   * Whether derivatives through this library method come from {@code @PullbackOf} declarations.
   *
   * @return whether {@link #pullbacks()} is not empty
   */
  public boolean hasCustomPullbacks() {
    return !pullbacks.isEmpty();
  }

  /**
   * {@code Owner.name(kinds)}, as shown in diagnostics.
   *
   * @return the owner's simple name, the method's name and its parameters' kinds
   */
  public String signature() {
    StringBuilder s = new StringBuilder(owner.simpleNames().get(owner.simpleNames().size() - 1));
    s.append('.').append(name).append('(');
    for (int i = 0; i < parameterKinds.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(parameterKinds.get(i).javaName());
    }
    return s.append(')').toString();
  }
}
