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
 * The derivatives of {@link Math}'s and {@link StrictMath}'s functions, declared as pullbacks: each
 * returns {@code seed} times the partial derivative with respect to one argument. The processor has
 * no derivative table of its own for library functions; it reads these declarations. The
 * conventions at non-smooth points are {@link Derivatives}'s.
 */
public final class JdkPullbacks {
  private static final double LN_10 = Math.log(10.0);

  private JdkPullbacks() {}

  /**
   * The pullback of {@link Math#sin} (and of {@link StrictMath#sin}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.sin}
   * @param seed the seed: the cotangent of {@code sin}'s result
   * @return {@code seed} times the derivative of {@code sin} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "sin", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "sin", wrt = "0")
  public static double sin(double a, double seed) {
    return seed * Math.cos(a);
  }

  /**
   * The pullback of {@link Math#cos} (and of {@link StrictMath#cos}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.cos}
   * @param seed the seed: the cotangent of {@code cos}'s result
   * @return {@code seed} times the derivative of {@code cos} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "cos", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "cos", wrt = "0")
  public static double cos(double a, double seed) {
    return -seed * Math.sin(a);
  }

  /**
   * The pullback of {@link Math#tan} (and of {@link StrictMath#tan}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.tan}
   * @param result what {@code tan} returned for these arguments
   * @param seed the seed: the cotangent of {@code tan}'s result
   * @return {@code seed} times the derivative of {@code tan} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "tan", wrt = "0", readsArguments = false)
  @PullbackOf(type = StrictMath.class, method = "tan", wrt = "0", readsArguments = false)
  public static double tan(double a, double result, double seed) {
    return seed * (1.0 + result * result);
  }

  /**
   * The pullback of {@link Math#asin} (and of {@link StrictMath#asin}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.asin}
   * @param seed the seed: the cotangent of {@code asin}'s result
   * @return {@code seed} times the derivative of {@code asin} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "asin", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "asin", wrt = "0")
  public static double asin(double a, double seed) {
    return seed / Math.sqrt(1.0 - a * a);
  }

  /**
   * The pullback of {@link Math#acos} (and of {@link StrictMath#acos}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.acos}
   * @param seed the seed: the cotangent of {@code acos}'s result
   * @return {@code seed} times the derivative of {@code acos} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "acos", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "acos", wrt = "0")
  public static double acos(double a, double seed) {
    return -seed / Math.sqrt(1.0 - a * a);
  }

  /**
   * The pullback of {@link Math#atan} (and of {@link StrictMath#atan}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.atan}
   * @param seed the seed: the cotangent of {@code atan}'s result
   * @return {@code seed} times the derivative of {@code atan} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "atan", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "atan", wrt = "0")
  public static double atan(double a, double seed) {
    return seed / (1.0 + a * a);
  }

  /**
   * The pullback of {@link Math#sinh} (and of {@link StrictMath#sinh}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.sinh}
   * @param seed the seed: the cotangent of {@code sinh}'s result
   * @return {@code seed} times the derivative of {@code sinh} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "sinh", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "sinh", wrt = "0")
  public static double sinh(double a, double seed) {
    return seed * Math.cosh(a);
  }

  /**
   * The pullback of {@link Math#cosh} (and of {@link StrictMath#cosh}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.cosh}
   * @param seed the seed: the cotangent of {@code cosh}'s result
   * @return {@code seed} times the derivative of {@code cosh} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "cosh", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "cosh", wrt = "0")
  public static double cosh(double a, double seed) {
    return seed * Math.sinh(a);
  }

  /**
   * The pullback of {@link Math#tanh} (and of {@link StrictMath#tanh}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.tanh}
   * @param result what {@code tanh} returned for these arguments
   * @param seed the seed: the cotangent of {@code tanh}'s result
   * @return {@code seed} times the derivative of {@code tanh} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "tanh", wrt = "0", readsArguments = false)
  @PullbackOf(type = StrictMath.class, method = "tanh", wrt = "0", readsArguments = false)
  public static double tanh(double a, double result, double seed) {
    return seed * (1.0 - result * result);
  }

  /**
   * The pullback of {@link Math#exp} (and of {@link StrictMath#exp}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.exp}
   * @param result what {@code exp} returned for these arguments
   * @param seed the seed: the cotangent of {@code exp}'s result
   * @return {@code seed} times the derivative of {@code exp} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "exp", wrt = "0", readsArguments = false)
  @PullbackOf(type = StrictMath.class, method = "exp", wrt = "0", readsArguments = false)
  public static double exp(double a, double result, double seed) {
    return seed * result;
  }

  /**
   * The pullback of {@link Math#expm1} (and of {@link StrictMath#expm1}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.expm1}
   * @param result what {@code expm1} returned for these arguments
   * @param seed the seed: the cotangent of {@code expm1}'s result
   * @return {@code seed} times the derivative of {@code expm1} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "expm1", wrt = "0", readsArguments = false)
  @PullbackOf(type = StrictMath.class, method = "expm1", wrt = "0", readsArguments = false)
  public static double expm1(double a, double result, double seed) {
    return seed * (result + 1.0);
  }

  /**
   * The pullback of {@link Math#log} (and of {@link StrictMath#log}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.log}
   * @param seed the seed: the cotangent of {@code log}'s result
   * @return {@code seed} times the derivative of {@code log} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "log", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "log", wrt = "0")
  public static double log(double a, double seed) {
    return seed / a;
  }

  /**
   * The pullback of {@link Math#log10} (and of {@link StrictMath#log10}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.log10}
   * @param seed the seed: the cotangent of {@code log10}'s result
   * @return {@code seed} times the derivative of {@code log10} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "log10", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "log10", wrt = "0")
  public static double log10(double a, double seed) {
    return seed / (a * LN_10);
  }

  /**
   * The pullback of {@link Math#log1p} (and of {@link StrictMath#log1p}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.log1p}
   * @param seed the seed: the cotangent of {@code log1p}'s result
   * @return {@code seed} times the derivative of {@code log1p} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "log1p", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "log1p", wrt = "0")
  public static double log1p(double a, double seed) {
    return seed / (1.0 + a);
  }

  /**
   * The pullback of {@link Math#sqrt} (and of {@link StrictMath#sqrt}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.sqrt}
   * @param result what {@code sqrt} returned for these arguments
   * @param seed the seed: the cotangent of {@code sqrt}'s result
   * @return {@code seed} times the derivative of {@code sqrt} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "sqrt", wrt = "0", readsArguments = false)
  @PullbackOf(type = StrictMath.class, method = "sqrt", wrt = "0", readsArguments = false)
  public static double sqrt(double a, double result, double seed) {
    return seed / (2.0 * result);
  }

  /**
   * The pullback of {@link Math#cbrt} (and of {@link StrictMath#cbrt}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.cbrt}
   * @param result what {@code cbrt} returned for these arguments
   * @param seed the seed: the cotangent of {@code cbrt}'s result
   * @return {@code seed} times the derivative of {@code cbrt} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "cbrt", wrt = "0", readsArguments = false)
  @PullbackOf(type = StrictMath.class, method = "cbrt", wrt = "0", readsArguments = false)
  public static double cbrt(double a, double result, double seed) {
    return seed / (3.0 * result * result);
  }

  /**
   * The pullback of {@link Math#abs} (and of {@link StrictMath#abs}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.abs}
   * @param seed the seed: the cotangent of {@code abs}'s result
   * @return {@code seed} times the derivative of {@code abs} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "abs", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "abs", wrt = "0")
  public static double abs(double a, double seed) {
    return seed * Derivatives.abs(a);
  }

  /**
   * The pullback of {@link Math#signum} (and of {@link StrictMath#signum}) with respect to {@code
   * a}.
   *
   * @param a the argument of {@code Math.signum}
   * @param seed the seed: the cotangent of {@code signum}'s result
   * @return {@code seed} times the derivative of {@code signum} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "signum", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "signum", wrt = "0")
  public static double signum(double a, double seed) {
    return 0.0;
  }

  /**
   * The pullback of {@link Math#floor} (and of {@link StrictMath#floor}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.floor}
   * @param seed the seed: the cotangent of {@code floor}'s result
   * @return {@code seed} times the derivative of {@code floor} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "floor", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "floor", wrt = "0")
  public static double floor(double a, double seed) {
    return 0.0;
  }

  /**
   * The pullback of {@link Math#ceil} (and of {@link StrictMath#ceil}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.ceil}
   * @param seed the seed: the cotangent of {@code ceil}'s result
   * @return {@code seed} times the derivative of {@code ceil} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "ceil", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "ceil", wrt = "0")
  public static double ceil(double a, double seed) {
    return 0.0;
  }

  /**
   * The pullback of {@link Math#rint} (and of {@link StrictMath#rint}) with respect to {@code a}.
   *
   * @param a the argument of {@code Math.rint}
   * @param seed the seed: the cotangent of {@code rint}'s result
   * @return {@code seed} times the derivative of {@code rint} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "rint", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "rint", wrt = "0")
  public static double rint(double a, double seed) {
    return 0.0;
  }

  /**
   * The pullback of {@link Math#pow} (and of {@link StrictMath#pow}) with respect to {@code a}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code pow} returned for these arguments
   * @param seed the seed: the cotangent of {@code pow}'s result
   * @return {@code seed} times the derivative of {@code pow} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "pow", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "pow", wrt = "0")
  public static double powA(double a, double b, double result, double seed) {
    return seed * Derivatives.powBase(a, b);
  }

  /**
   * The pullback of {@link Math#pow} (and of {@link StrictMath#pow}) with respect to {@code b}.
   *
   * @param a the first argument of {@code Math.pow}
   * @param b the second argument of {@code Math.pow}
   * @param result what {@code pow} returned for these arguments
   * @param seed the seed: the cotangent of {@code pow}'s result
   * @return {@code seed} times the derivative of {@code pow} with respect to {@code b}
   */
  @PullbackOf(type = Math.class, method = "pow", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "pow", wrt = "1")
  public static double powB(double a, double b, double result, double seed) {
    return seed * Derivatives.powExponent(a, result);
  }

  /**
   * The pullback of {@link Math#hypot} (and of {@link StrictMath#hypot}) with respect to {@code x}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code hypot} returned for these arguments
   * @param seed the seed: the cotangent of {@code hypot}'s result
   * @return {@code seed} times the derivative of {@code hypot} with respect to {@code x}
   */
  @PullbackOf(type = Math.class, method = "hypot", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "hypot", wrt = "0")
  public static double hypotX(double x, double y, double result, double seed) {
    return seed * Derivatives.hypot(x, result);
  }

  /**
   * The pullback of {@link Math#hypot} (and of {@link StrictMath#hypot}) with respect to {@code y}.
   *
   * @param x the first argument of {@code Math.hypot}
   * @param y the second argument of {@code Math.hypot}
   * @param result what {@code hypot} returned for these arguments
   * @param seed the seed: the cotangent of {@code hypot}'s result
   * @return {@code seed} times the derivative of {@code hypot} with respect to {@code y}
   */
  @PullbackOf(type = Math.class, method = "hypot", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "hypot", wrt = "1")
  public static double hypotY(double x, double y, double result, double seed) {
    return seed * Derivatives.hypot(y, result);
  }

  /**
   * The pullback of {@link Math#atan2} (and of {@link StrictMath#atan2}) with respect to {@code y}.
   *
   * @param y the first argument of {@code Math.atan2}
   * @param x the second argument of {@code Math.atan2}
   * @param seed the seed: the cotangent of {@code atan2}'s result
   * @return {@code seed} times the derivative of {@code atan2} with respect to {@code y}
   */
  @PullbackOf(type = Math.class, method = "atan2", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "atan2", wrt = "0")
  public static double atan2Y(double y, double x, double seed) {
    return seed * Derivatives.atan2Y(y, x);
  }

  /**
   * The pullback of {@link Math#atan2} (and of {@link StrictMath#atan2}) with respect to {@code x}.
   *
   * @param y the first argument of {@code Math.atan2}
   * @param x the second argument of {@code Math.atan2}
   * @param seed the seed: the cotangent of {@code atan2}'s result
   * @return {@code seed} times the derivative of {@code atan2} with respect to {@code x}
   */
  @PullbackOf(type = Math.class, method = "atan2", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "atan2", wrt = "1")
  public static double atan2X(double y, double x, double seed) {
    return seed * Derivatives.atan2X(y, x);
  }

  /**
   * The pullback of {@link Math#max} (and of {@link StrictMath#max}) with respect to {@code a}.
   *
   * @param a the first argument of {@code Math.max}
   * @param b the second argument of {@code Math.max}
   * @param seed the seed: the cotangent of {@code max}'s result
   * @return {@code seed} times the derivative of {@code max} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "max", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "max", wrt = "0")
  public static double maxA(double a, double b, double seed) {
    return seed * Derivatives.maxFirst(a, b);
  }

  /**
   * The pullback of {@link Math#max} (and of {@link StrictMath#max}) with respect to {@code b}.
   *
   * @param a the first argument of {@code Math.max}
   * @param b the second argument of {@code Math.max}
   * @param seed the seed: the cotangent of {@code max}'s result
   * @return {@code seed} times the derivative of {@code max} with respect to {@code b}
   */
  @PullbackOf(type = Math.class, method = "max", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "max", wrt = "1")
  public static double maxB(double a, double b, double seed) {
    return seed * Derivatives.maxFirst(b, a);
  }

  /**
   * The pullback of {@link Math#min} (and of {@link StrictMath#min}) with respect to {@code a}.
   *
   * @param a the first argument of {@code Math.min}
   * @param b the second argument of {@code Math.min}
   * @param seed the seed: the cotangent of {@code min}'s result
   * @return {@code seed} times the derivative of {@code min} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "min", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "min", wrt = "0")
  public static double minA(double a, double b, double seed) {
    return seed * Derivatives.minFirst(a, b);
  }

  /**
   * The pullback of {@link Math#min} (and of {@link StrictMath#min}) with respect to {@code b}.
   *
   * @param a the first argument of {@code Math.min}
   * @param b the second argument of {@code Math.min}
   * @param seed the seed: the cotangent of {@code min}'s result
   * @return {@code seed} times the derivative of {@code min} with respect to {@code b}
   */
  @PullbackOf(type = Math.class, method = "min", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "min", wrt = "1")
  public static double minB(double a, double b, double seed) {
    return seed * Derivatives.minFirst(b, a);
  }

  /**
   * The pullback of {@link Math#fma} (and of {@link StrictMath#fma}) with respect to {@code a}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed: the cotangent of {@code fma}'s result
   * @return {@code seed} times the derivative of {@code fma} with respect to {@code a}
   */
  @PullbackOf(type = Math.class, method = "fma", wrt = "0")
  @PullbackOf(type = StrictMath.class, method = "fma", wrt = "0")
  public static double fmaA(double a, double b, double c, double seed) {
    return seed * b;
  }

  /**
   * The pullback of {@link Math#fma} (and of {@link StrictMath#fma}) with respect to {@code b}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed: the cotangent of {@code fma}'s result
   * @return {@code seed} times the derivative of {@code fma} with respect to {@code b}
   */
  @PullbackOf(type = Math.class, method = "fma", wrt = "1")
  @PullbackOf(type = StrictMath.class, method = "fma", wrt = "1")
  public static double fmaB(double a, double b, double c, double seed) {
    return seed * a;
  }

  /**
   * The pullback of {@link Math#fma} (and of {@link StrictMath#fma}) with respect to {@code c}.
   *
   * @param a the first argument of {@code Math.fma}
   * @param b the second argument of {@code Math.fma}
   * @param c the third argument of {@code Math.fma}
   * @param seed the seed: the cotangent of {@code fma}'s result
   * @return {@code seed} times the derivative of {@code fma} with respect to {@code c}
   */
  @PullbackOf(type = Math.class, method = "fma", wrt = "2")
  @PullbackOf(type = StrictMath.class, method = "fma", wrt = "2")
  public static double fmaC(double a, double b, double c, double seed) {
    return seed;
  }
}
