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

/** A statement of the IR: structured control flow over assignments. */
public sealed interface Stmt {

  /**
   * Calls the method of {@code visitor} for this statement's node type.
   *
   * @param <R> what the visitor returns
   * @param visitor the visitor
   * @return what the visitor's method returned
   */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per node type, so that adding a node is a compile error in every pass that walks
   * statements. A pass that handles only some nodes says what the others mean in a named method.
   *
   * @param <R> what the visitor returns for a node
   */
  interface Visitor<R> {
    /**
     * Visits an assignment.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitAssign(Assign s);

    /**
     * Visits a branch.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitIf(If s);

    /**
     * Visits a loop of the method.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitLoop(Loop s);

    /**
     * Visits a counted loop of a reverse sweep.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitRepeat(Repeat s);

    /**
     * Visits an array element store.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitStore(Store s);

    /**
     * Visits a value saved on the tape.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitPush(Push s);

    /**
     * Visits a call of a callee's pullback.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitPullbackCall(PullbackCall s);

    /**
     * Visits a call of a callee's forward mode.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitTangentCall(TangentCall s);

    /**
     * Visits a call of the forward mode of a callee's pullback.
     *
     * @param s the statement
     * @return the visitor's result
     */
    R visitPullbackJvpCall(PullbackJvpCall s);
  }

  /**
   * {@code target = value}. The lowering never makes {@code target} an operand of {@code value}.
   *
   * @param target the variable assigned
   * @param value the value assigned
   * @param origin the source statement, for errors; null for statements the transforms add
   */
  record Assign(Var target, Expr value, Origin origin) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitAssign(this);
    }
  }

  /**
   * {@code if (cond) then else otherwise}.
   *
   * @param cond the condition, a boolean
   * @param then the statements run when it holds
   * @param otherwise the statements run when it does not (possibly empty)
   */
  record If(Expr cond, Block then, Block otherwise) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitIf(this);
    }
  }

  /**
   * {@code loop { head; if (!cond) exit; body }}. A {@code while} or {@code for} loop computes its
   * condition in {@code head}; a {@code do}-{@code while} loop runs its whole body there.
   *
   * @param head the statements run before each test
   * @param cond the condition under which the loop goes on
   * @param body the statements run after each test that holds
   */
  record Loop(Block head, Expr cond, Block body) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLoop(this);
    }
  }

  /**
   * {@code for (index = 0; index < count; index++) body}: the reverse sweep's loops.
   *
   * @param index the loop's counter, an {@code int}
   * @param count the number of iterations
   * @param body the statements repeated
   */
  record Repeat(Var index, Expr count, Block body) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitRepeat(this);
    }
  }

  /**
   * {@code array[index] = value}; {@code array} is a variable or a load of a row.
   *
   * @param array the array written into
   * @param index the element's index, an {@code int}
   * @param value the value stored
   * @param origin the source statement, for errors; null for statements the transforms add
   */
  record Store(Expr array, Expr index, Expr value, Origin origin) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitStore(this);
    }
  }

  /**
   * Saves a value on the tape.
   *
   * @param value the value saved
   */
  record Push(Expr value) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPush(this);
    }
  }

  /**
   * Adds {@code seed * d callee / d arg_k} into {@code adjoints.get(k)} for each differentiated
   * parameter k of a {@code @Differentiable} callee; a null entry means that argument is inactive.
   *
   * <p>In joint mode ({@code split} false) the callee's pullback runs its own forward sweep again
   * from {@code args}. In split mode the forward sweep ran the callee's {@code fForward}, which
   * left on the tape what its reverse sweep needs (and took the shadows of array arguments), and
   * this runs only the callee's {@code fReverse}: {@code args} are then not evaluated, and are kept
   * for the analyses, since the callee's reverse sweep still reads the contents of its array
   * arguments.
   *
   * @param callee the {@code @Differentiable} method called
   * @param args the arguments of the original call
   * @param seed the cotangent of the call's result
   * @param adjoints one adjoint per differentiated parameter, or null
   * @param split whether the call is reversed in split mode (see above)
   */
  record PullbackCall(Callee callee, List<Expr> args, Expr seed, List<Var> adjoints, boolean split)
      implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPullbackCall(this);
    }
  }

  /**
   * Forward mode through a {@code @Differentiable} callee: {@code target} gets its value and {@code
   * targetTangent} its directional derivative along {@code tangents}, one per differentiated
   * parameter (null for a zero tangent).
   *
   * @param callee the {@code @Differentiable} method called
   * @param args the arguments of the call
   * @param tangents one tangent per differentiated parameter, or null
   * @param target the variable that gets the call's value
   * @param targetTangent the variable that gets its tangent
   */
  record TangentCall(
      Callee callee, List<Expr> args, List<Expr> tangents, Var target, Var targetTangent)
      implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitTangentCall(this);
    }
  }

  /**
   * The tangent of a {@link PullbackCall} (forward over reverse): adds the callee's pullback into
   * {@code adjoints} and its directional derivative along {@code tangents} and {@code seedTangent}
   * into {@code adjointTangents}. Null entries mean inactive.
   *
   * @param callee the {@code @Differentiable} method whose pullback is called
   * @param args the arguments of the original call
   * @param tangents the arguments' tangents, one per differentiated parameter, or null
   * @param seed the cotangent of the call's result
   * @param seedTangent the seed's tangent
   * @param adjoints one adjoint per differentiated parameter, or null
   * @param adjointTangents the adjoints' tangents, or null
   */
  record PullbackJvpCall(
      Callee callee,
      List<Expr> args,
      List<Expr> tangents,
      Expr seed,
      Expr seedTangent,
      List<Var> adjoints,
      List<Var> adjointTangents)
      implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPullbackJvpCall(this);
    }
  }
}
