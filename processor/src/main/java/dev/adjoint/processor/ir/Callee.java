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
   * @param readsArguments whether it reads the original's arguments ({@code @PullbackOf}'s
   *     element): when not, callers may pass zeros in their place
   */
  public record CustomPullback(Callee function, boolean takesResult, boolean readsArguments) {}

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
   * Whether this is a function of {@code java.lang.Math} or {@code java.lang.StrictMath}.
   *
   * @return whether the owner is one of them
   */
  public boolean ofMath() {
    String owner = this.owner.qualifiedName();
    return owner.equals("java.lang.Math") || owner.equals("java.lang.StrictMath");
  }

  /**
   * {@code Owner.name(types)}, as shown in diagnostics: the parameters as the method declares them
   * (a record parameter by its record's name, the receiver of a record's instance method left out),
   * not as the IR passes them.
   *
   * @return the owner's simple name, the method's name and its parameters' types
   */
  public String signature() {
    StringBuilder s = new StringBuilder(simpleName(owner));
    s.append('.').append(name).append('(');
    if (records == null) {
      for (int i = 0; i < parameterKinds.size(); i++) {
        s.append(i == 0 ? "" : ", ").append(parameterKinds.get(i).javaName());
      }
      return s.append(')').toString();
    }
    int leaf = 0;
    boolean first = true;
    for (int p = 0; p < records.parameters().size(); p++) {
      RecordLayout.Node node = records.parameters().get(p);
      if (!(records.instance() && p == 0)) {
        s.append(first ? "" : ", ")
            .append(
                node instanceof RecordLayout.Composite c
                    ? simpleName(c.type())
                    : parameterKinds.get(leaf).javaName());
        first = false;
      }
      leaf += node.size();
    }
    return s.append(')').toString();
  }

  /**
   * Names the argument the IR passes at {@code index} as the user's call shows it: "argument 2",
   * or, where the method takes records (which the IR passes leaf by leaf), "a component of argument
   * 1" or "a component of the receiver".
   *
   * @param index the argument's position in the IR's call, from 0
   * @return the words for a diagnostic
   */
  public String argumentLabel(int index) {
    if (records == null) {
      return "argument " + (index + 1);
    }
    int leaf = 0;
    int declared = records.instance() ? 0 : 1;
    for (int p = 0; p < records.parameters().size(); p++) {
      RecordLayout.Node node = records.parameters().get(p);
      if (index < leaf + node.size()) {
        if (records.instance() && p == 0) {
          return "a component of the receiver";
        }
        return (node instanceof RecordLayout.Composite ? "a component of argument " : "argument ")
            + declared;
      }
      leaf += node.size();
      declared++;
    }
    return "argument " + (index + 1);
  }

  private static String simpleName(TypeRef type) {
    return type.simpleNames().get(type.simpleNames().size() - 1);
  }
}
