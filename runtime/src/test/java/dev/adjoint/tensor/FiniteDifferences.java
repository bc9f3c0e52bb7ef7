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
package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * Checks pullbacks against central finite differences: for a function f of one input x and a random
 * seed s of f's result shape, the pullback must return the gradient of L(x) = Σ s·f(x), which is
 * estimated element by element as (L(x + h·e_i) - L(x - h·e_i)) / 2h with h = 1e-5.
 *
 * <p>Tolerance: |difference - pullback| ≤ 1e-6·(1 + |pullback|) for every element. With h = 1e-5
 * the truncation error is about h²·|f'''|/6 ≈ 1e-10 and the rounding error about ε·|L|/h ≈ 1e-10
 * for the O(1) values used, so the margin is wide while sign and factor errors still fail.
 */
public final class FiniteDifferences {
  public static final double H = 1e-5;
  public static final double TOL = 1e-6;

  private FiniteDifferences() {}

  /** A seeded generator per test, so failures reproduce. */
  public static SplittableRandom rng(long seed) {
    return new SplittableRandom(seed);
  }

  /** Standard normal values. */
  public static Tensor randn(SplittableRandom rng, int... shape) {
    return Tensor.randn(rng, shape);
  }

  /** Values of magnitude in [0.5, 1.5] with random signs: away from 0 (for /, relu, abs). */
  public static Tensor awayFromZero(SplittableRandom rng, int... shape) {
    double[] d = new double[Shapes.size(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = (rng.nextBoolean() ? 1 : -1) * (0.5 + rng.nextDouble());
    }
    return Tensor.of(d).reshape(shape);
  }

  /** Values in [0.5, 2] (for log, sqrt, pow). */
  public static Tensor positive(SplittableRandom rng, int... shape) {
    return Tensor.uniform(rng, 0.5, 2.0, shape);
  }

  /** The core check over flattened values: f maps x to y, pullback maps a seed of y to x's. */
  public static void check(
      String what,
      double[] x,
      Function<double[], double[]> f,
      Function<double[], double[]> pullback,
      SplittableRandom rng) {
    double[] y = f.apply(x);
    double[] seed = new double[y.length];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = rng.nextDouble(-1.0, 1.0);
    }
    double[] analytic = pullback.apply(seed.clone());
    if (analytic.length != x.length) {
      fail(what + ": pullback has " + analytic.length + " elements, input " + x.length);
    }
    for (int i = 0; i < x.length; i++) {
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[i] += H;
      xm[i] -= H;
      double fd = (dot(seed, f.apply(xp)) - dot(seed, f.apply(xm))) / (2 * H);
      if (!(Math.abs(fd - analytic[i]) <= TOL * (1 + Math.abs(analytic[i])))) {
        fail(
            what
                + ": element "
                + i
                + " of the pullback is "
                + analytic[i]
                + " but central differences give "
                + fd
                + "\n x = "
                + Arrays.toString(x)
                + "\n pullback = "
                + Arrays.toString(analytic));
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Tensor → Tensor, pullback(seed) → tensor of x's shape. */
  public static void tensorToTensor(
      String what,
      Tensor x,
      UnaryOperator<Tensor> f,
      Function<Tensor, Tensor> pullback,
      SplittableRandom rng) {
    int[] xs = x.shape();
    int[] ys = f.apply(x).shape();
    check(
        what + " at shape " + Arrays.toString(xs),
        x.toArray(),
        d -> shaped(f.apply(Tensor.of(d, xs).reshape(xs)), ys).toArray(),
        s -> shaped(pullback.apply(Tensor.of(s).reshape(ys)), xs).toArray(),
        rng);
  }

  /** Tensor → double, pullback(seed) → tensor of x's shape. */
  public static void tensorToDouble(
      String what,
      Tensor x,
      ToDoubleFunction<Tensor> f,
      DoubleFunction<Tensor> pullback,
      SplittableRandom rng) {
    int[] xs = x.shape();
    check(
        what + " at shape " + Arrays.toString(xs),
        x.toArray(),
        d -> new double[] {f.applyAsDouble(Tensor.of(d).reshape(xs))},
        s -> shaped(pullback.apply(s[0]), xs).toArray(),
        rng);
  }

  /** double → Tensor, pullback(seed) → double. */
  public static void doubleToTensor(
      String what,
      double x,
      DoubleFunction<Tensor> f,
      ToDoubleFunction<Tensor> pullback,
      SplittableRandom rng) {
    int[] ys = f.apply(x).shape();
    check(
        what,
        new double[] {x},
        d -> shaped(f.apply(d[0]), ys).toArray(),
        s -> new double[] {pullback.applyAsDouble(Tensor.of(s).reshape(ys))},
        rng);
  }

  /** double → double. */
  public static void doubleToDouble(
      String what,
      double x,
      DoubleUnaryOperator f,
      DoubleUnaryOperator pullback,
      SplittableRandom rng) {
    check(
        what,
        new double[] {x},
        d -> new double[] {f.applyAsDouble(d[0])},
        s -> new double[] {pullback.applyAsDouble(s[0])},
        rng);
  }

  /** Asserts {@code t} has {@code shape} and returns it. */
  public static Tensor shaped(Tensor t, int[] shape) {
    assertArrayEquals(shape, t.shape(), "shape of " + t);
    return t;
  }
}
