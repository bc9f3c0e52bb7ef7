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
package dev.adjoint.jdk;

import dev.adjoint.Derivatives;
import dev.adjoint.PullbackOf;

/**
 * The derivatives of {@link JdkPullbacks}'s pullbacks, declared as pullbacks themselves: the
 * second-order rules of {@link Math}'s and {@link StrictMath}'s functions, used for second-order
 * derivatives (Hessians). Adjoint computes a Hessian by forward-over-reverse, differentiating the
 * reverse sweep it generated, and that sweep calls {@link JdkPullbacks} ({@code JdkPullbacks.sin(a,
 * seed)}, {@code JdkPullbacks.powA(a, b, result, seed)}); these declarations are how those calls
 * are differentiated.
 *
 * <p>For every method {@code P} of {@link JdkPullbacks} and every parameter {@code p} of it there
 * is one method, named {@code P} followed by {@code p} ({@code sinA}, {@code sinSeed}, {@code
 * powAB}, {@code powAResult}), that takes {@code P}'s parameters and then the seed {@code seed2},
 * and returns {@code seed2 * dP/dp}. None takes {@code P}'s result.
 *
 * <ul>
 *   <li>Each pullback is linear in its seed, so its partial with respect to {@code seed} is the
 *       pullback itself with {@code seed2} as the seed ({@code sinSeed(a, seed, seed2) == sin(a,
 *       seed2)}).
 *   <li>A {@code result} parameter is an independent parameter, differentiated exactly as {@code
 *       P}'s body reads it: {@code tan(a, result, seed) = seed (1 + result²)} has partial 0 with
 *       respect to {@code a} and {@code 2 seed result} with respect to {@code result}. The chain
 *       rule through {@code result = tan(a)} is the caller's.
 *   <li>Where a pullback takes a value by a {@link Derivatives} convention, its partials there are
 *       0, the first-order rule being piecewise constant (or zero) there: {@code abs} at 0 and
 *       {@code max}/{@code min} at ties (they are 0 everywhere anyway); {@code pow} where the base
 *       is 0 ({@code powAB}, {@code powBA}, {@code powBResult}) and where the exponent is 0 ({@code
 *       powAA}; also where it is 1, where {@code powA} is constant in {@code a}); {@code hypot} and
 *       {@code atan2} at the origin. Elsewhere they are the partials of the helper's formula. In
 *       particular {@code powAB} at {@code b == 0}, {@code a > 0} is {@code seed2 * seed / a}, the
 *       true partial of {@code seed * b * a^(b-1)} (which is smooth in {@code b} there), not 0; and
 *       the partials of {@code pow}'s rules in {@code ln a} are NaN for {@code a < 0}, as {@code
 *       powB} itself is. Rules whose pullback returns 0 (signum, floor, ceil, rint) return 0.
 * </ul>
 */
public final class JdkSecondOrder {
  private static final double LN_10 = Math.log(10.0);

  private JdkSecondOrder() {}

  // sin(a, seed) = seed cos(a)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#sin} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.sin}
   * @param seed the seed {@link JdkPullbacks#sin} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.sin(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "sin", wrt = "a")
  public static double sinA(double a, double seed, double seed2) {
    return -seed2 * seed * Math.sin(a);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#sin} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.sin}
   * @param seed the seed {@link JdkPullbacks#sin} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.sin(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "sin", wrt = "seed")
  public static double sinSeed(double a, double seed, double seed2) {
    return JdkPullbacks.sin(a, seed2);
  }

  // cos(a, seed) = -seed sin(a)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#cos} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.cos}
   * @param seed the seed {@link JdkPullbacks#cos} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.cos(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "cos", wrt = "a")
  public static double cosA(double a, double seed, double seed2) {
    return -seed2 * seed * Math.cos(a);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#cos} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.cos}
   * @param seed the seed {@link JdkPullbacks#cos} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.cos(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "cos", wrt = "seed")
  public static double cosSeed(double a, double seed, double seed2) {
    return JdkPullbacks.cos(a, seed2);
  }

  // tan(a, result, seed) = seed (1 + result²)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#tan} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.tan}
   * @param result what {@code Math.tan} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#tan} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.tan(a, result, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "tan", wrt = "a")
  public static double tanA(double a, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#tan} with respect to {@code result},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.tan}
   * @param result what {@code Math.tan} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#tan} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.tan(a, result, seed)}
   *     with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "tan", wrt = "result")
  public static double tanResult(double a, double result, double seed, double seed2) {
    return seed2 * seed * 2.0 * result;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#tan} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.tan}
   * @param result what {@code Math.tan} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#tan} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.tan(a, result, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "tan", wrt = "seed")
  public static double tanSeed(double a, double result, double seed, double seed2) {
    return JdkPullbacks.tan(a, result, seed2);
  }

  // asin(a, seed) = seed / sqrt(1 - a²)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#asin} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.asin}
   * @param seed the seed {@link JdkPullbacks#asin} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.asin(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "asin", wrt = "a")
  public static double asinA(double a, double seed, double seed2) {
    return seed2 * seed * a / ((1.0 - a * a) * Math.sqrt(1.0 - a * a));
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#asin} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.asin}
   * @param seed the seed {@link JdkPullbacks#asin} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.asin(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "asin", wrt = "seed")
  public static double asinSeed(double a, double seed, double seed2) {
    return JdkPullbacks.asin(a, seed2);
  }

  // acos(a, seed) = -seed / sqrt(1 - a²)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#acos} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.acos}
   * @param seed the seed {@link JdkPullbacks#acos} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.acos(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "acos", wrt = "a")
  public static double acosA(double a, double seed, double seed2) {
    return -seed2 * seed * a / ((1.0 - a * a) * Math.sqrt(1.0 - a * a));
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#acos} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.acos}
   * @param seed the seed {@link JdkPullbacks#acos} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.acos(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "acos", wrt = "seed")
  public static double acosSeed(double a, double seed, double seed2) {
    return JdkPullbacks.acos(a, seed2);
  }

  // atan(a, seed) = seed / (1 + a²)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#atan} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.atan}
   * @param seed the seed {@link JdkPullbacks#atan} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.atan(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "atan", wrt = "a")
  public static double atanA(double a, double seed, double seed2) {
    return -seed2 * seed * 2.0 * a / ((1.0 + a * a) * (1.0 + a * a));
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#atan} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.atan}
   * @param seed the seed {@link JdkPullbacks#atan} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.atan(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "atan", wrt = "seed")
  public static double atanSeed(double a, double seed, double seed2) {
    return JdkPullbacks.atan(a, seed2);
  }

  // sinh(a, seed) = seed cosh(a)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#sinh} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.sinh}
   * @param seed the seed {@link JdkPullbacks#sinh} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.sinh(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "sinh", wrt = "a")
  public static double sinhA(double a, double seed, double seed2) {
    return seed2 * seed * Math.sinh(a);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#sinh} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.sinh}
   * @param seed the seed {@link JdkPullbacks#sinh} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.sinh(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "sinh", wrt = "seed")
  public static double sinhSeed(double a, double seed, double seed2) {
    return JdkPullbacks.sinh(a, seed2);
  }

  // cosh(a, seed) = seed sinh(a)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#cosh} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.cosh}
   * @param seed the seed {@link JdkPullbacks#cosh} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.cosh(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "cosh", wrt = "a")
  public static double coshA(double a, double seed, double seed2) {
    return seed2 * seed * Math.cosh(a);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#cosh} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.cosh}
   * @param seed the seed {@link JdkPullbacks#cosh} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.cosh(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "cosh", wrt = "seed")
  public static double coshSeed(double a, double seed, double seed2) {
    return JdkPullbacks.cosh(a, seed2);
  }

  // tanh(a, result, seed) = seed (1 - result²)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#tanh} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.tanh}
   * @param result what {@code Math.tanh} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#tanh} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.tanh(a, result,
   *     seed)} with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "tanh", wrt = "a")
  public static double tanhA(double a, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#tanh} with respect to {@code
   * result}, times {@code seed2}.
   *
   * @param a the argument of {@code Math.tanh}
   * @param result what {@code Math.tanh} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#tanh} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.tanh(a, result,
   *     seed)} with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "tanh", wrt = "result")
  public static double tanhResult(double a, double result, double seed, double seed2) {
    return -seed2 * seed * 2.0 * result;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#tanh} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.tanh}
   * @param result what {@code Math.tanh} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#tanh} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.tanh(a, result,
   *     seed)} with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "tanh", wrt = "seed")
  public static double tanhSeed(double a, double result, double seed, double seed2) {
    return JdkPullbacks.tanh(a, result, seed2);
  }

  // exp(a, result, seed) = seed result
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#exp} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.exp}
   * @param result what {@code Math.exp} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#exp} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.exp(a, result, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "exp", wrt = "a")
  public static double expA(double a, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#exp} with respect to {@code result},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.exp}
   * @param result what {@code Math.exp} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#exp} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.exp(a, result, seed)}
   *     with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "exp", wrt = "result")
  public static double expResult(double a, double result, double seed, double seed2) {
    return seed2 * seed;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#exp} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.exp}
   * @param result what {@code Math.exp} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#exp} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.exp(a, result, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "exp", wrt = "seed")
  public static double expSeed(double a, double result, double seed, double seed2) {
    return JdkPullbacks.exp(a, result, seed2);
  }

  // expm1(a, result, seed) = seed (result + 1)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#expm1} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.expm1}
   * @param result what {@code Math.expm1} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#expm1} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.expm1(a, result,
   *     seed)} with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "expm1", wrt = "a")
  public static double expm1A(double a, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#expm1} with respect to {@code
   * result}, times {@code seed2}.
   *
   * @param a the argument of {@code Math.expm1}
   * @param result what {@code Math.expm1} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#expm1} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.expm1(a, result,
   *     seed)} with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "expm1", wrt = "result")
  public static double expm1Result(double a, double result, double seed, double seed2) {
    return seed2 * seed;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#expm1} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.expm1}
   * @param result what {@code Math.expm1} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#expm1} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.expm1(a, result,
   *     seed)} with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "expm1", wrt = "seed")
  public static double expm1Seed(double a, double result, double seed, double seed2) {
    return JdkPullbacks.expm1(a, result, seed2);
  }

  // log(a, seed) = seed / a
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#log} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.log}
   * @param seed the seed {@link JdkPullbacks#log} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.log(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "log", wrt = "a")
  public static double logA(double a, double seed, double seed2) {
    return -seed2 * seed / (a * a);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#log} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.log}
   * @param seed the seed {@link JdkPullbacks#log} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.log(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "log", wrt = "seed")
  public static double logSeed(double a, double seed, double seed2) {
    return JdkPullbacks.log(a, seed2);
  }

  // log10(a, seed) = seed / (a ln 10)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#log10} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.log10}
   * @param seed the seed {@link JdkPullbacks#log10} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.log10(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "log10", wrt = "a")
  public static double log10A(double a, double seed, double seed2) {
    return -seed2 * seed / (a * a * LN_10);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#log10} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.log10}
   * @param seed the seed {@link JdkPullbacks#log10} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.log10(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "log10", wrt = "seed")
  public static double log10Seed(double a, double seed, double seed2) {
    return JdkPullbacks.log10(a, seed2);
  }

  // log1p(a, seed) = seed / (1 + a)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#log1p} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.log1p}
   * @param seed the seed {@link JdkPullbacks#log1p} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.log1p(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "log1p", wrt = "a")
  public static double log1pA(double a, double seed, double seed2) {
    return -seed2 * seed / ((1.0 + a) * (1.0 + a));
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#log1p} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.log1p}
   * @param seed the seed {@link JdkPullbacks#log1p} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.log1p(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "log1p", wrt = "seed")
  public static double log1pSeed(double a, double seed, double seed2) {
    return JdkPullbacks.log1p(a, seed2);
  }

  // sqrt(a, result, seed) = seed / (2 result)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#sqrt} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.sqrt}
   * @param result what {@code Math.sqrt} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#sqrt} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.sqrt(a, result,
   *     seed)} with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "sqrt", wrt = "a")
  public static double sqrtA(double a, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#sqrt} with respect to {@code
   * result}, times {@code seed2}.
   *
   * @param a the argument of {@code Math.sqrt}
   * @param result what {@code Math.sqrt} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#sqrt} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.sqrt(a, result,
   *     seed)} with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "sqrt", wrt = "result")
  public static double sqrtResult(double a, double result, double seed, double seed2) {
    return -seed2 * seed / (2.0 * result * result);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#sqrt} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.sqrt}
   * @param result what {@code Math.sqrt} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#sqrt} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.sqrt(a, result,
   *     seed)} with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "sqrt", wrt = "seed")
  public static double sqrtSeed(double a, double result, double seed, double seed2) {
    return JdkPullbacks.sqrt(a, result, seed2);
  }

  // cbrt(a, result, seed) = seed / (3 result²)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#cbrt} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.cbrt}
   * @param result what {@code Math.cbrt} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#cbrt} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.cbrt(a, result,
   *     seed)} with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "cbrt", wrt = "a")
  public static double cbrtA(double a, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#cbrt} with respect to {@code
   * result}, times {@code seed2}.
   *
   * @param a the argument of {@code Math.cbrt}
   * @param result what {@code Math.cbrt} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#cbrt} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.cbrt(a, result,
   *     seed)} with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "cbrt", wrt = "result")
  public static double cbrtResult(double a, double result, double seed, double seed2) {
    return -seed2 * seed * 2.0 / (3.0 * result * result * result);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#cbrt} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.cbrt}
   * @param result what {@code Math.cbrt} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#cbrt} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.cbrt(a, result,
   *     seed)} with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "cbrt", wrt = "seed")
  public static double cbrtSeed(double a, double result, double seed, double seed2) {
    return JdkPullbacks.cbrt(a, result, seed2);
  }

  // abs(a, seed) = seed sign(a), piecewise constant in a (0 at a = 0 by convention)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#abs} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.abs}
   * @param seed the seed {@link JdkPullbacks#abs} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.abs(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "abs", wrt = "a")
  public static double absA(double a, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#abs} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.abs}
   * @param seed the seed {@link JdkPullbacks#abs} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.abs(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "abs", wrt = "seed")
  public static double absSeed(double a, double seed, double seed2) {
    return JdkPullbacks.abs(a, seed2);
  }

  // signum(a, seed) = 0
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#signum} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.signum}
   * @param seed the seed {@link JdkPullbacks#signum} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.signum(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "signum", wrt = "a")
  public static double signumA(double a, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#signum} with respect to {@code
   * seed}, times {@code seed2}.
   *
   * @param a the argument of {@code Math.signum}
   * @param seed the seed {@link JdkPullbacks#signum} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.signum(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "signum", wrt = "seed")
  public static double signumSeed(double a, double seed, double seed2) {
    return JdkPullbacks.signum(a, seed2);
  }

  // floor(a, seed) = 0
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#floor} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.floor}
   * @param seed the seed {@link JdkPullbacks#floor} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.floor(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "floor", wrt = "a")
  public static double floorA(double a, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#floor} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.floor}
   * @param seed the seed {@link JdkPullbacks#floor} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.floor(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "floor", wrt = "seed")
  public static double floorSeed(double a, double seed, double seed2) {
    return JdkPullbacks.floor(a, seed2);
  }

  // ceil(a, seed) = 0
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#ceil} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.ceil}
   * @param seed the seed {@link JdkPullbacks#ceil} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.ceil(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "ceil", wrt = "a")
  public static double ceilA(double a, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#ceil} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.ceil}
   * @param seed the seed {@link JdkPullbacks#ceil} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.ceil(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "ceil", wrt = "seed")
  public static double ceilSeed(double a, double seed, double seed2) {
    return JdkPullbacks.ceil(a, seed2);
  }

  // rint(a, seed) = 0
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#rint} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.rint}
   * @param seed the seed {@link JdkPullbacks#rint} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.rint(a, seed)} with
   *     respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "rint", wrt = "a")
  public static double rintA(double a, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#rint} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the argument of {@code Math.rint}
   * @param seed the seed {@link JdkPullbacks#rint} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.rint(a, seed)} with
   *     respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "rint", wrt = "seed")
  public static double rintSeed(double a, double seed, double seed2) {
    return JdkPullbacks.rint(a, seed2);
  }

  // powA(a, b, result, seed) = seed b a^(b-1), 0 where b = 0 (Derivatives.powBase);
  // does not read result
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#powA} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code Math.pow} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#powA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.powA(a, b, result,
   *     seed)} with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "powA", wrt = "a")
  public static double powAA(double a, double b, double result, double seed, double seed2) {
    return seed2 * seed * Derivatives.powBaseBase(a, b);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#powA} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code Math.pow} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#powA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.powA(a, b, result,
   *     seed)} with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "powA", wrt = "b")
  public static double powAB(double a, double b, double result, double seed, double seed2) {
    return seed2 * seed * Derivatives.powBaseExponent(a, b);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#powA} with respect to {@code
   * result}, times {@code seed2}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code Math.pow} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#powA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.powA(a, b, result,
   *     seed)} with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "powA", wrt = "result")
  public static double powAResult(double a, double b, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#powA} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code Math.pow} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#powA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.powA(a, b, result,
   *     seed)} with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "powA", wrt = "seed")
  public static double powASeed(double a, double b, double result, double seed, double seed2) {
    return JdkPullbacks.powA(a, b, result, seed2);
  }

  // powB(a, b, result, seed) = seed result ln(a), 0 where a = 0 (Derivatives.powExponent);
  // does not read b
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#powB} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code Math.pow} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#powB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.powB(a, b, result,
   *     seed)} with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "powB", wrt = "a")
  public static double powBA(double a, double b, double result, double seed, double seed2) {
    return seed2 * seed * Derivatives.powExponentBase(a, result);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#powB} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code Math.pow} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#powB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.powB(a, b, result,
   *     seed)} with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "powB", wrt = "b")
  public static double powBB(double a, double b, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#powB} with respect to {@code
   * result}, times {@code seed2}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code Math.pow} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#powB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.powB(a, b, result,
   *     seed)} with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "powB", wrt = "result")
  public static double powBResult(double a, double b, double result, double seed, double seed2) {
    return seed2 * seed * Derivatives.powExponentValue(a);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#powB} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code Math.pow} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#powB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.powB(a, b, result,
   *     seed)} with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "powB", wrt = "seed")
  public static double powBSeed(double a, double b, double result, double seed, double seed2) {
    return JdkPullbacks.powB(a, b, result, seed2);
  }

  // hypotX(x, y, result, seed) = seed x / result, 0 where result = 0 (Derivatives.hypot);
  // does not read y
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#hypotX} with respect to {@code x},
   * times {@code seed2}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code Math.hypot} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#hypotX} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.hypotX(x, y, result,
   *     seed)} with respect to {@code x}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "hypotX", wrt = "x")
  public static double hypotXX(double x, double y, double result, double seed, double seed2) {
    return seed2 * seed * Derivatives.hypotX(result);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#hypotX} with respect to {@code y},
   * times {@code seed2}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code Math.hypot} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#hypotX} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.hypotX(x, y, result,
   *     seed)} with respect to {@code y}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "hypotX", wrt = "y")
  public static double hypotXY(double x, double y, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#hypotX} with respect to {@code
   * result}, times {@code seed2}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code Math.hypot} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#hypotX} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.hypotX(x, y, result,
   *     seed)} with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "hypotX", wrt = "result")
  public static double hypotXResult(double x, double y, double result, double seed, double seed2) {
    return seed2 * seed * Derivatives.hypotValue(x, result);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#hypotX} with respect to {@code
   * seed}, times {@code seed2}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code Math.hypot} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#hypotX} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.hypotX(x, y, result,
   *     seed)} with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "hypotX", wrt = "seed")
  public static double hypotXSeed(double x, double y, double result, double seed, double seed2) {
    return JdkPullbacks.hypotX(x, y, result, seed2);
  }

  // hypotY(x, y, result, seed) = seed y / result, 0 where result = 0 (Derivatives.hypot);
  // does not read x
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#hypotY} with respect to {@code x},
   * times {@code seed2}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code Math.hypot} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#hypotY} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.hypotY(x, y, result,
   *     seed)} with respect to {@code x}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "hypotY", wrt = "x")
  public static double hypotYX(double x, double y, double result, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#hypotY} with respect to {@code y},
   * times {@code seed2}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code Math.hypot} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#hypotY} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.hypotY(x, y, result,
   *     seed)} with respect to {@code y}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "hypotY", wrt = "y")
  public static double hypotYY(double x, double y, double result, double seed, double seed2) {
    return seed2 * seed * Derivatives.hypotX(result);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#hypotY} with respect to {@code
   * result}, times {@code seed2}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code Math.hypot} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#hypotY} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.hypotY(x, y, result,
   *     seed)} with respect to {@code result}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "hypotY", wrt = "result")
  public static double hypotYResult(double x, double y, double result, double seed, double seed2) {
    return seed2 * seed * Derivatives.hypotValue(y, result);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#hypotY} with respect to {@code
   * seed}, times {@code seed2}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code Math.hypot} returned for these arguments
   * @param seed the seed {@link JdkPullbacks#hypotY} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.hypotY(x, y, result,
   *     seed)} with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "hypotY", wrt = "seed")
  public static double hypotYSeed(double x, double y, double result, double seed, double seed2) {
    return JdkPullbacks.hypotY(x, y, result, seed2);
  }

  // atan2Y(y, x, seed) = seed x / (x² + y²), 0 at the origin (Derivatives.atan2Y)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#atan2Y} with respect to {@code y},
   * times {@code seed2}.
   *
   * @param y the first argument of {@code Math.atan2}
   * @param x the second argument of {@code Math.atan2}
   * @param seed the seed {@link JdkPullbacks#atan2Y} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.atan2Y(y, x, seed)}
   *     with respect to {@code y}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "atan2Y", wrt = "y")
  public static double atan2YY(double y, double x, double seed, double seed2) {
    return seed2 * seed * Derivatives.atan2YY(y, x);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#atan2Y} with respect to {@code x},
   * times {@code seed2}.
   *
   * @param y the first argument of {@code Math.atan2}
   * @param x the second argument of {@code Math.atan2}
   * @param seed the seed {@link JdkPullbacks#atan2Y} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.atan2Y(y, x, seed)}
   *     with respect to {@code x}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "atan2Y", wrt = "x")
  public static double atan2YX(double y, double x, double seed, double seed2) {
    return seed2 * seed * Derivatives.atan2XY(y, x);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#atan2Y} with respect to {@code
   * seed}, times {@code seed2}.
   *
   * @param y the first argument of {@code Math.atan2}
   * @param x the second argument of {@code Math.atan2}
   * @param seed the seed {@link JdkPullbacks#atan2Y} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.atan2Y(y, x, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "atan2Y", wrt = "seed")
  public static double atan2YSeed(double y, double x, double seed, double seed2) {
    return JdkPullbacks.atan2Y(y, x, seed2);
  }

  // atan2X(y, x, seed) = -seed y / (x² + y²), 0 at the origin (Derivatives.atan2X)
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#atan2X} with respect to {@code y},
   * times {@code seed2}.
   *
   * @param y the first argument of {@code Math.atan2}
   * @param x the second argument of {@code Math.atan2}
   * @param seed the seed {@link JdkPullbacks#atan2X} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.atan2X(y, x, seed)}
   *     with respect to {@code y}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "atan2X", wrt = "y")
  public static double atan2XY(double y, double x, double seed, double seed2) {
    return seed2 * seed * Derivatives.atan2XY(y, x);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#atan2X} with respect to {@code x},
   * times {@code seed2}.
   *
   * @param y the first argument of {@code Math.atan2}
   * @param x the second argument of {@code Math.atan2}
   * @param seed the seed {@link JdkPullbacks#atan2X} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.atan2X(y, x, seed)}
   *     with respect to {@code x}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "atan2X", wrt = "x")
  public static double atan2XX(double y, double x, double seed, double seed2) {
    return seed2 * seed * Derivatives.atan2XX(y, x);
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#atan2X} with respect to {@code
   * seed}, times {@code seed2}.
   *
   * @param y the first argument of {@code Math.atan2}
   * @param x the second argument of {@code Math.atan2}
   * @param seed the seed {@link JdkPullbacks#atan2X} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.atan2X(y, x, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "atan2X", wrt = "seed")
  public static double atan2XSeed(double y, double x, double seed, double seed2) {
    return JdkPullbacks.atan2X(y, x, seed2);
  }

  // maxA(a, b, seed) = seed Derivatives.maxFirst(a, b), piecewise constant in a and b
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#maxA} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.max}
   * @param b the second argument of {@code Math.max}
   * @param seed the seed {@link JdkPullbacks#maxA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.maxA(a, b, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "maxA", wrt = "a")
  public static double maxAA(double a, double b, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#maxA} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.max}
   * @param b the second argument of {@code Math.max}
   * @param seed the seed {@link JdkPullbacks#maxA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.maxA(a, b, seed)}
   *     with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "maxA", wrt = "b")
  public static double maxAB(double a, double b, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#maxA} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.max}
   * @param b the second argument of {@code Math.max}
   * @param seed the seed {@link JdkPullbacks#maxA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.maxA(a, b, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "maxA", wrt = "seed")
  public static double maxASeed(double a, double b, double seed, double seed2) {
    return JdkPullbacks.maxA(a, b, seed2);
  }

  // maxB(a, b, seed) = seed Derivatives.maxFirst(b, a), piecewise constant in a and b
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#maxB} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.max}
   * @param b the second argument of {@code Math.max}
   * @param seed the seed {@link JdkPullbacks#maxB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.maxB(a, b, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "maxB", wrt = "a")
  public static double maxBA(double a, double b, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#maxB} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.max}
   * @param b the second argument of {@code Math.max}
   * @param seed the seed {@link JdkPullbacks#maxB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.maxB(a, b, seed)}
   *     with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "maxB", wrt = "b")
  public static double maxBB(double a, double b, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#maxB} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.max}
   * @param b the second argument of {@code Math.max}
   * @param seed the seed {@link JdkPullbacks#maxB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.maxB(a, b, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "maxB", wrt = "seed")
  public static double maxBSeed(double a, double b, double seed, double seed2) {
    return JdkPullbacks.maxB(a, b, seed2);
  }

  // minA(a, b, seed) = seed Derivatives.minFirst(a, b), piecewise constant in a and b
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#minA} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.min}
   * @param b the second argument of {@code Math.min}
   * @param seed the seed {@link JdkPullbacks#minA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.minA(a, b, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "minA", wrt = "a")
  public static double minAA(double a, double b, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#minA} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.min}
   * @param b the second argument of {@code Math.min}
   * @param seed the seed {@link JdkPullbacks#minA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.minA(a, b, seed)}
   *     with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "minA", wrt = "b")
  public static double minAB(double a, double b, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#minA} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.min}
   * @param b the second argument of {@code Math.min}
   * @param seed the seed {@link JdkPullbacks#minA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.minA(a, b, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "minA", wrt = "seed")
  public static double minASeed(double a, double b, double seed, double seed2) {
    return JdkPullbacks.minA(a, b, seed2);
  }

  // minB(a, b, seed) = seed Derivatives.minFirst(b, a), piecewise constant in a and b
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#minB} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.min}
   * @param b the second argument of {@code Math.min}
   * @param seed the seed {@link JdkPullbacks#minB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.minB(a, b, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "minB", wrt = "a")
  public static double minBA(double a, double b, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#minB} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.min}
   * @param b the second argument of {@code Math.min}
   * @param seed the seed {@link JdkPullbacks#minB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.minB(a, b, seed)}
   *     with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "minB", wrt = "b")
  public static double minBB(double a, double b, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#minB} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.min}
   * @param b the second argument of {@code Math.min}
   * @param seed the seed {@link JdkPullbacks#minB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.minB(a, b, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "minB", wrt = "seed")
  public static double minBSeed(double a, double b, double seed, double seed2) {
    return JdkPullbacks.minB(a, b, seed2);
  }

  // fmaA(a, b, c, seed) = seed b
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaA} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaA(a, b, c, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaA", wrt = "a")
  public static double fmaAA(double a, double b, double c, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaA} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaA(a, b, c, seed)}
   *     with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaA", wrt = "b")
  public static double fmaAB(double a, double b, double c, double seed, double seed2) {
    return seed2 * seed;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaA} with respect to {@code c},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaA(a, b, c, seed)}
   *     with respect to {@code c}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaA", wrt = "c")
  public static double fmaAC(double a, double b, double c, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaA} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaA} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaA(a, b, c, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaA", wrt = "seed")
  public static double fmaASeed(double a, double b, double c, double seed, double seed2) {
    return JdkPullbacks.fmaA(a, b, c, seed2);
  }

  // fmaB(a, b, c, seed) = seed a
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaB} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaB(a, b, c, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaB", wrt = "a")
  public static double fmaBA(double a, double b, double c, double seed, double seed2) {
    return seed2 * seed;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaB} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaB(a, b, c, seed)}
   *     with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaB", wrt = "b")
  public static double fmaBB(double a, double b, double c, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaB} with respect to {@code c},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaB(a, b, c, seed)}
   *     with respect to {@code c}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaB", wrt = "c")
  public static double fmaBC(double a, double b, double c, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaB} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaB} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaB(a, b, c, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaB", wrt = "seed")
  public static double fmaBSeed(double a, double b, double c, double seed, double seed2) {
    return JdkPullbacks.fmaB(a, b, c, seed2);
  }

  // fmaC(a, b, c, seed) = seed
  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaC} with respect to {@code a},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaC} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaC(a, b, c, seed)}
   *     with respect to {@code a}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaC", wrt = "a")
  public static double fmaCA(double a, double b, double c, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaC} with respect to {@code b},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaC} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaC(a, b, c, seed)}
   *     with respect to {@code b}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaC", wrt = "b")
  public static double fmaCB(double a, double b, double c, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaC} with respect to {@code c},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaC} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaC(a, b, c, seed)}
   *     with respect to {@code c}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaC", wrt = "c")
  public static double fmaCC(double a, double b, double c, double seed, double seed2) {
    return 0.0;
  }

  /**
   * The partial derivative of the pullback {@link JdkPullbacks#fmaC} with respect to {@code seed},
   * times {@code seed2}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed {@link JdkPullbacks#fmaC} was called with
   * @param seed2 the seed of this second-order rule
   * @return {@code seed2} times the partial derivative of {@code JdkPullbacks.fmaC(a, b, c, seed)}
   *     with respect to {@code seed}
   */
  @PullbackOf(type = JdkPullbacks.class, method = "fmaC", wrt = "seed")
  public static double fmaCSeed(double a, double b, double c, double seed, double seed2) {
    return JdkPullbacks.fmaC(a, b, c, seed2);
  }
}
