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
 * Names classes whose {@link PullbackOf} and {@link TangentOf} declarations the
 * {@code @Differentiable} methods of the annotated class (and of the classes nested in it) use,
 * like MapStruct's {@code uses}.
 *
 * <p>Adjoint always looks for a library method's declarations in the method's own class, in the
 * classes named after it with the suffix {@code Pullbacks} or {@code Tangents} beside it, and in
 * the source file of the {@code @Differentiable} method. Declarations anywhere else (say, one class
 * of rules for a third-party library that many models share) must be named here:
 *
 * <pre>{@code
 * @UseDerivatives(SpecialFunctionRules.class)
 * final class Model {
 *   @Differentiable
 *   static double f(double x) {
 *     return Gamma.logGamma(x) * x;   // derivative declared in SpecialFunctionRules
 *   }
 * }
 * }</pre>
 *
 * <p>Naming the class makes the model refer to it, so that an incremental build (Gradle's, or an
 * IDE's) that recompiles only the model, or only the rules, finds the same derivatives as a full
 * build.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface UseDerivatives {
  /**
   * The classes that hold {@code @PullbackOf} and {@code @TangentOf} declarations.
   *
   * @return the classes searched for declarations, in order
   */
  Class<?>[] value();
}
