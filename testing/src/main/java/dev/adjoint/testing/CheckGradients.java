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
package dev.adjoint.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Turns a method of a JUnit 5 test class into one test per {@code @Differentiable} method of {@link
 * #value}: each checks everything Adjoint generated for that method against central finite
 * differences and between forward and reverse mode, at points drawn at random ({@link
 * dev.adjoint.AdjointCheck} says what is compared, and with which tolerances).
 *
 * <pre>{@code
 * @CheckGradients(Survey.class)
 * void survey() {}
 * }</pre>
 *
 * <p>Points are drawn for methods whose parameters are all {@code double}, {@code double[]} and
 * {@code double[][]}: each double uniformly in [{@link #min}, {@link #max}) (by default inside the
 * domain of {@code log}, {@code sqrt}, {@code asin}, {@code acos} and division), each array of
 * {@link #length} elements (rows). Other parameters ({@code int} sizes and indices, {@code int[]}
 * labels, tensors) need points of your own: the annotated method may take the {@link
 * dev.adjoint.AdjointCheck} that will run, and configure it before it does:
 *
 * <pre>{@code
 * @CheckGradients(Powers.class)
 * void powers(AdjointCheck check) {
 *   check.points("power", rng -> new Object[] {0.5 + rng.nextDouble(), 1 + rng.nextInt(4)});
 * }
 * }</pre>
 *
 * <p>A record's instance methods are checked too; their points, which the annotated method
 * supplies, give the receiver first.
 *
 * <p>It is run once per {@code @Differentiable} method, with a check of that method alone.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(GradientCheckExtension.class)
public @interface CheckGradients {
  /**
   * The class whose {@code @Differentiable} methods are checked.
   *
   * @return the model's class
   */
  Class<?> value();

  /**
   * Points per method (3 by default, or the system property {@code adjoint.check.points}).
   *
   * @return the number of points, or 0 for the default
   */
  int points() default 0;

  /**
   * The seed of the points and directions (42 by default, or {@code adjoint.check.seed}).
   *
   * @return the seed, or {@link Long#MIN_VALUE} for the default
   */
  long seed() default Long.MIN_VALUE;

  /**
   * The least double drawn.
   *
   * @return the lower bound, included
   */
  double min() default 0.1;

  /**
   * The bound of the doubles drawn, excluded.
   *
   * @return the upper bound, excluded
   */
  double max() default 0.9;

  /**
   * The length of each array drawn, and the number of rows of a {@code double[][]}.
   *
   * @return the length
   */
  int length() default 3;
}
