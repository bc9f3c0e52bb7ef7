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
package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the derivative of a method with respect to one of its parameters, as a pullback
 * (vector-Jacobian product), for a method Adjoint cannot read: one in a library, or one whose
 * derivative is better written by hand (JAX's {@code custom_vjp}, Swift's {@code
 * @derivative(of:)}).
 *
 * <p>The annotated method is {@code static}. Its parameters are the original's parameters (for an
 * instance method, the receiver first), optionally followed by the original's result, followed by
 * the seed (the cotangent of the result, of the result's type). It returns {@code seed} pulled back
 * to the parameter named by {@link #wrt}: a value of that parameter's type (for a {@code double},
 * {@code seed * d result / d wrt}; for an array or tensor, an array or tensor of the parameter's
 * shape). Declare one method per differentiable parameter.
 *
 * <p>Adjoint finds declarations in the original's class, in a class named after it with the suffix
 * {@code Pullbacks} in the same package ({@code FooPullbacks} for {@code Foo}), in the source file
 * of the {@code @Differentiable} method that calls the original, and in the classes that method's
 * class names with {@link UseDerivatives}; for JDK classes, in {@link dev.adjoint.jdk.JdkPullbacks}:
 *
 * <pre>{@code
 * @PullbackOf(type = Library.class, method = "softplus", wrt = "x")
 * static double softplusPullback(double x, double seed) {
 *   return seed / (1 + Math.exp(-x));
 * }
 * }</pre>
 *
 * <p>Forward mode takes its derivatives from {@link TangentOf} declarations instead.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(PullbackOf.List.class)
public @interface PullbackOf {
  /**
   * The class that declares the original method; by default, the class of the declaration.
   *
   * @return the declaring class of the original
   */
  Class<?> type() default void.class;

  /**
   * The name of the original method.
   *
   * @return the original's name
   */
  String method();

  /**
   * The parameter of the original this pullback is for: its name, its position counting from 0 (for
   * classes compiled without parameter names, such as the JDK's), or "this" for the receiver.
   *
   * @return a parameter name, a position such as {@code "0"}, or {@code "this"}
   */
  String wrt();

  /**
   * Whether the pullback reads the original's arguments. {@code false} declares that it computes
   * what it returns from the result and the seed alone (the pullbacks of {@code exp}, {@code tanh}
   * and {@code sqrt} take the argument and do not read it): generated code then passes zero in
   * place of each argument, so the reverse sweep needs to keep none of them, and saves none on the
   * tape. A pullback declared so that does read an argument gets zero for it: a wrong derivative.
   *
   * @return whether the pullback reads the original's arguments
   */
  boolean readsArguments() default true;

  /** Several declarations on one method (one pullback serving, say, Math and StrictMath). */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    /**
     * The declarations, in order.
     *
     * @return the declarations
     */
    PullbackOf[] value();
  }
}
