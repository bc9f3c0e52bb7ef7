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
 * Declares the forward-mode derivative (tangent rule, Jacobian-vector product) of a method that
 * Adjoint cannot read, as {@link PullbackOf} declares its reverse-mode one (JAX's {@code
 * custom_jvp}, Swift's {@code @derivative(of:)} with a differential). Forward mode ({@code fJvp})
 * needs one for every library method that takes or returns a {@code Tensor}; for functions of
 * {@code double}s and arrays with a {@code double} result it is optional (without one, forward mode
 * uses the pullbacks, which is exact there), and takes precedence when declared.
 *
 * <p>The annotated method is {@code static}. Its parameters are the original's parameters (for an
 * instance method, the receiver first), optionally followed by the original's result, followed by
 * one tangent per <em>differentiable</em> parameter ({@code double}, {@code double[]}, {@code
 * double[][]}, {@code Tensor}, {@code Tensor[]}; the receiver included), in order and of the same
 * type and shape; parameters of other types ({@code int}, {@code int[]}, {@code boolean}, ...) get
 * none. It returns the tangent of the result, of the result's type and shape: Σ ∂result/∂p · pDot
 * over the differentiable parameters p.
 *
 * <p>Zero tangents: a {@code double} tangent is {@code 0.0}; an array or {@code Tensor} tangent may
 * be {@code null}, which means zero (generated code passes {@code null} for arguments that carry no
 * derivative, and for tensors that are zero where it knows so), so a rule must accept {@code null}
 * for every array or tensor tangent. It returns a tangent that is never {@code null} (zeros when
 * every tangent is zero); an array it returns must be fresh, since generated code may write into
 * it.
 *
 * <p>Adjoint finds declarations where it finds pullbacks: in the original's class, in a class named
 * after it with the suffix {@code Tangents} in the same package ({@code FooTangents} for {@code
 * Foo}, as {@code dev.adjoint.tensor.TensorTangents} for {@code Tensor}), in the source file of the
 * {@code @Differentiable} method that calls the original, and in the classes that method's class
 * names with {@link UseDerivatives}:
 *
 * <pre>{@code
 * @TangentOf(type = Layers.class, method = "scale")
 * static Tensor scale(Tensor x, double s, Tensor xDot, double sDot) {  // x * s
 *   Tensor t = x.mul(sDot);
 *   return xDot == null ? t : t.add(xDot.mul(s));
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(TangentOf.List.class)
public @interface TangentOf {
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

  /** Several declarations on one method. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    /**
     * The declarations, in order.
     *
     * @return the declarations
     */
    TangentOf[] value();
  }
}
