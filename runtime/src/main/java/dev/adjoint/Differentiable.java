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
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code static} method returning {@code double} or {@code double[]} whose derivatives
 * Adjoint generates at compile time.
 *
 * <p>For a class {@code p.Model}, the annotation processor writes {@code p.ModelAdjoint} (for a
 * nested class {@code p.Outer.Inner}: {@code p.Outer_InnerAdjoint}). For a method {@code f} it
 * holds
 *
 * <ul>
 *   <li>{@code FGradient fGradient(<f's parameters>)}: the value and the gradient, as a record with
 *       the component {@code value} and one component per differentiated parameter, named after it;
 *   <li>{@code double fPullback(<f's parameters>, double seed, double[] adjoint)}: the
 *       allocation-free form, which adds {@code seed * df/dp} into {@code adjoint[k]} for the k-th
 *       differentiated parameter {@code p} and returns the value of {@code f};
 *   <li>{@code FJvp fJvp(<f's parameters>, <one tangent per differentiated parameter>)}: forward
 *       mode, the value and the directional derivative along the tangents, in one sweep (unless the
 *       method calls a library function without a tangent rule, see {@link TangentOf}; the
 *       companion's javadoc then says so).
 * </ul>
 *
 * <p>A method returning {@code double[]} gets a pullback that takes a seed vector, an {@code fJvp}
 * of vectors and {@code double[][] fJacobian(<f's parameters>)} instead of {@code fGradient}; a
 * method of {@code order = 2} also gets {@code fHessian} and {@code fHvp}. The project's README
 * describes every generated member.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /**
   * The names of the parameters to differentiate with respect to. Empty (the default) means every
   * {@code double}, {@code double[]}, {@code double[][]} and {@code Tensor} parameter. Parameters
   * of other types ({@code int}, {@code long}, {@code boolean}, {@code int[]}) are never
   * differentiated.
   *
   * @return the names of the differentiated parameters, or none for all of them
   */
  String[] wrt() default {};

  /**
   * The highest order of derivatives to generate: 1 (the default) for the gradient, the pullback
   * and forward mode ({@code fJvp}); 2 adds {@code fHessian}, the Hessian-vector product {@code
   * fHvp} and {@code fPullbackJvp} (forward mode over the pullback, which they use). A method of
   * order 2 may call only {@code @Differentiable} methods of order 2.
   *
   * @return 1 or 2
   */
  int order() default 1;
}
