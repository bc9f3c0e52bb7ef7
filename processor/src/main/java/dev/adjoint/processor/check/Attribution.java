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
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Kind;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the checker learned about a method body: the kind of every expression and what every name
 * and call refers to. javac has not attributed the trees yet when processors run, so the checker
 * computes this for the supported subset itself.
 */
public final class Attribution {
  private final Map<Tree, Kind> kinds = new IdentityHashMap<>();
  private final Map<Tree, LocalSymbol> locals = new IdentityHashMap<>();
  private final Map<Tree, FieldSymbol> fields = new IdentityHashMap<>();
  private final Map<Tree, Callee> callees = new IdentityHashMap<>();
  private final Map<Tree, Object> constants = new IdentityHashMap<>();
  private final Map<Tree, Tree> jumpTargets = new IdentityHashMap<>();
  private List<LocalSymbol> parameters = List.of();
  private final Map<Tree, List<Object>> flatArguments = new IdentityHashMap<>();

  /** An empty attribution, which the {@link Checker} fills. */
  Attribution() {}

  void kind(Tree tree, Kind kind) {
    kinds.put(tree, kind);
  }

  void local(Tree tree, LocalSymbol symbol) {
    locals.put(tree, symbol);
  }

  void field(Tree tree, FieldSymbol symbol) {
    fields.put(tree, symbol);
  }

  void constant(Tree tree, Object value) {
    constants.put(tree, value);
  }

  void callee(Tree tree, Callee callee) {
    callees.put(tree, callee);
  }

  void jumpTarget(Tree jump, Tree loop) {
    jumpTargets.put(jump, loop);
  }

  void flatArguments(Tree invocation, List<Object> arguments) {
    flatArguments.put(invocation, List.copyOf(arguments));
  }

  /**
   * The arguments of a call that passes records, one per parameter of the callee's lowered form: an
   * argument's tree, or the {@link LocalSymbol} of a record's leaf (the receiver's first, for an
   * instance method of a record).
   *
   * @param invocation a method invocation of the checked body
   * @return the arguments, or null for a call that passes no record
   */
  public List<Object> flatArguments(Tree invocation) {
    return flatArguments.get(invocation);
  }

  void parameters(List<LocalSymbol> parameters) {
    this.parameters = List.copyOf(parameters);
  }

  /**
   * The kind of an expression.
   *
   * @param expression an expression of the checked body
   * @return its kind, or null for a tree that is not an expression of the subset
   */
  public Kind kind(Tree expression) {
    return kinds.get(expression);
  }

  /**
   * The local a declaration, identifier or assignment target names; null when it is no local.
   *
   * @param tree a tree of the checked body
   * @return the local it names, or null
   */
  public LocalSymbol local(Tree tree) {
    return locals.get(tree);
  }

  /**
   * The static field an identifier or member select reads.
   *
   * @param tree a tree of the checked body
   * @return the field, or null when it reads none
   */
  public FieldSymbol field(Tree tree) {
    return fields.get(tree);
  }

  /**
   * The value of a compile-time constant field the tree reads, or null.
   *
   * @param tree a tree of the checked body
   * @return a Double, Long, Integer or Boolean, or null
   */
  public Object constant(Tree tree) {
    return constants.get(tree);
  }

  /**
   * The method a call resolves to, with how derivatives pass through it.
   *
   * @param invocation a method invocation of the checked body
   * @return the callee, or null for a tree that is no call
   */
  public Callee callee(Tree invocation) {
    return callees.get(invocation);
  }

  /**
   * The loop a {@code break} or {@code continue} leaves or continues.
   *
   * @param jump a {@code break} or {@code continue} statement
   * @return the loop statement it refers to
   */
  public Tree jumpTarget(Tree jump) {
    return jumpTargets.get(jump);
  }

  /**
   * The method's parameters, in declaration order.
   *
   * @return the parameters' symbols
   */
  public List<LocalSymbol> parameters() {
    return parameters;
  }
}
