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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Kernels} against the textbook triple loop. With small integers as entries every product
 * and partial sum is an exact double, so the kernels must agree with the triple loop bit for bit
 * whatever order they sum in; with random reals they agree to a rounding error bounded by k.
 */
class KernelsTest {

  private enum Variant {
    AB,
    ATB,
    ABT
  }

  /** Shapes: degenerate, vectors, tall, wide, and sizes that are not multiples of the tiles. */
  static Stream<Arguments> shapes() {
    List<Arguments> shapes = new ArrayList<>();
    int[][] fixed = {
      {1, 1, 1},
      {1, 1, 7},
      {1, 7, 1},
      {7, 1, 1},
      {1, 5, 9},
      {9, 5, 1},
      {2, 2, 2},
      {3, 3, 3},
      {3, 4, 5},
      {5, 4, 3},
      {2, 3, 1},
      {4, 4, 4},
      {5, 7, 9},
      {1, 300, 1},
      {1, 1, 600},
      {600, 1, 1},
      {1, 200, 700},
      {700, 200, 1},
      {300, 2, 3},
      {2, 300, 3},
      {64, 64, 64},
      {65, 63, 67},
      {130, 129, 131},
      {127, 257, 513},
      {33, 513, 9},
      {9, 130, 1030},
      {1030, 9, 5},
      {200, 3, 200},
      {3, 1100, 3},
      {257, 255, 129},
    };
    for (int[] s : fixed) {
      shapes.add(Arguments.of(s[0], s[1], s[2]));
    }
    Random random = new Random(20240601);
    for (int t = 0; t < 30; t++) {
      shapes.add(Arguments.of(size(random), size(random), size(random)));
    }
    return shapes.stream();
  }

  /** Mostly small, sometimes across a tile boundary (KC = 128, NC = 512) or past the split. */
  private static int size(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return 1 + random.nextInt(4);
      case 1:
        return 1 + random.nextInt(40);
      case 2:
        return 100 + random.nextInt(100);
      default:
        return 1 + random.nextInt(600);
    }
  }

  @ParameterizedTest(name = "{0}x{1}x{2}")
  @MethodSource("shapes")
  void exactOnIntegers(int m, int k, int n) {
    Random random = new Random(31L * m + 17L * k + n);
    for (Variant v : Variant.values()) {
      check(v, m, k, n, random, true);
    }
  }

  @ParameterizedTest(name = "{0}x{1}x{2}")
  @MethodSource("shapes")
  void closeOnReals(int m, int k, int n) {
    Random random = new Random(7L * m + 13L * k + 3L * n);
    for (Variant v : Variant.values()) {
      check(v, m, k, n, random, false);
    }
  }

  /**
   * One product of each variant at random offsets inside larger arrays: only c's m·n elements at
   * its offset change, and they equal the triple loop's.
   */
  private static void check(Variant v, int m, int k, int n, Random random, boolean integers) {
    int aOff = random.nextInt(5);
    int bOff = random.nextInt(5);
    int cOff = random.nextInt(5);
    double[] a = fill(new double[aOff + m * k + random.nextInt(3)], random, integers);
    double[] b = fill(new double[bOff + k * n + random.nextInt(3)], random, integers);
    double[] c = new double[cOff + m * n + random.nextInt(3)];
    Arrays.fill(c, Double.NaN); // overwritten, never read: stale NaNs must not leak in.
    double[] expected = naive(v, a, aOff, b, bOff, m, k, n);
    run(v, a, aOff, b, bOff, c, cOff, m, k, n);

    String what = v + " " + m + "x" + k + "x" + n;
    for (int i = 0; i < cOff; i++) {
      assertTrue(Double.isNaN(c[i]), what + ": wrote before c's offset");
    }
    for (int i = cOff + m * n; i < c.length; i++) {
      assertTrue(Double.isNaN(c[i]), what + ": wrote past c's end");
    }
    double[] actual = Arrays.copyOfRange(c, cOff, cOff + m * n);
    if (integers) {
      assertArrayEquals(expected, actual, 0.0, what);
    } else {
      // Entries in [-1, 1): |error| <= k·u·Σ|a||b| (u = 2^-53) for any order of summation.
      double tolerance = 2.0 * k * Math.ulp(1.0) * k + 1e-300;
      assertArrayEquals(expected, actual, tolerance, what);
    }
  }

  private static double[] fill(double[] x, Random random, boolean integers) {
    for (int i = 0; i < x.length; i++) {
      x[i] = integers ? random.nextInt(19) - 9 : 2.0 * random.nextDouble() - 1.0;
    }
    return x;
  }

  private static void run(
      Variant v,
      double[] a,
      int aOff,
      double[] b,
      int bOff,
      double[] c,
      int cOff,
      int m,
      int k,
      int n) {
    switch (v) {
      case AB:
        Kernels.matmul(a, aOff, b, bOff, c, cOff, m, k, n);
        break;
      case ATB:
        Kernels.matmulTransA(a, aOff, b, bOff, c, cOff, m, k, n);
        break;
      case ABT:
        Kernels.matmulTransB(a, aOff, b, bOff, c, cOff, m, k, n);
        break;
    }
  }

  /**
   * The triple loop: c(i, j) = Σ_p A(i, p)·B(p, j), with A = a (m×k) or aᵀ (a stored k×m), B = b
   * (k×n) or bᵀ (b stored n×k).
   */
  private static double[] naive(
      Variant v, double[] a, int aOff, double[] b, int bOff, int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0.0;
        for (int p = 0; p < k; p++) {
          double x = v == Variant.ATB ? a[aOff + p * m + i] : a[aOff + i * k + p];
          double y = v == Variant.ABT ? b[bOff + j * k + p] : b[bOff + p * n + j];
          s += x * y;
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  @Test
  void emptyInnerDimensionGivesZeros() {
    for (Variant v : Variant.values()) {
      double[] c = new double[7];
      Arrays.fill(c, 5.0);
      run(v, new double[0], 0, new double[0], 0, c, 1, 2, 0, 3);
      assertArrayEquals(new double[] {5, 0, 0, 0, 0, 0, 0}, c, 0.0, v.toString());
    }
  }

  @Test
  void emptyResultWritesNothing() {
    for (Variant v : Variant.values()) {
      double[] c = {5.0};
      run(v, new double[3], 0, new double[0], 0, c, 0, 0, 3, 0);
      run(v, new double[0], 0, new double[3], 0, c, 1, 0, 3, 1);
      run(v, new double[3], 0, new double[0], 0, c, 1, 1, 3, 0);
      assertArrayEquals(new double[] {5.0}, c, 0.0, v.toString());
    }
  }

  @Test
  void specialValuesPropagateLikeTheTripleLoop() {
    double[] a = {Double.POSITIVE_INFINITY, 1.0, 0.0, Double.NaN};
    double[] b = {1.0, 2.0, 3.0, 4.0};
    for (Variant v : Variant.values()) {
      double[] c = new double[4];
      run(v, a, 0, b, 0, c, 0, 2, 2, 2);
      double[] expected = naive(v, a, 0, b, 0, 2, 2, 2);
      assertArrayEquals(expected, c, 0.0, v.toString());
    }
  }

  @Test
  void resultsDoNotDependOnTheSplitAcrossThreads() {
    // Large enough to be split; the same product computed twice must be identical bit for bit.
    int m = 301;
    int k = 150;
    int n = 97;
    Random random = new Random(5);
    double[] a = fill(new double[m * k], random, false);
    double[] b = fill(new double[k * n], random, false);
    double[] bt = fill(new double[n * k], random, false);
    for (Variant v : Variant.values()) {
      double[] first = new double[m * n];
      double[] second = new double[m * n];
      double[] rhs = v == Variant.ABT ? bt : b;
      run(v, a, 0, rhs, 0, first, 0, m, k, n);
      run(v, a, 0, rhs, 0, second, 0, m, k, n);
      assertArrayEquals(first, second, 0.0, v.toString());
    }
  }

  @Test
  void largeProductsAreSplitAndSmallOnesAreNot() {
    assertEquals(1, Kernels.threads(8, 8, 8));
    assertEquals(1, Kernels.threads(1, 1000, 1000)); // one row cannot be split
    int cores =
        Math.min(
            Runtime.getRuntime().availableProcessors(),
            ForkJoinPool.getCommonPoolParallelism() + 1);
    assertEquals(Math.max(1, cores), Kernels.threads(256, 256, 256));
  }

  @Test
  void callableFromInsideTheCommonPool() {
    // Products started from common-pool threads while the pool is busy complete, and correctly.
    int m = 120;
    int k = 70;
    int n = 90;
    Random random = new Random(11);
    double[] a = fill(new double[m * k], random, true);
    double[] b = fill(new double[k * n], random, true);
    double[] expected = naive(Variant.AB, a, 0, b, 0, m, k, n);
    List<ForkJoinTask<double[]>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      tasks.add(
          ForkJoinPool.commonPool()
              .submit(
                  () -> {
                    double[] c = new double[m * n];
                    Kernels.matmul(a, 0, b, 0, c, 0, m, k, n);
                    return c;
                  }));
    }
    for (ForkJoinTask<double[]> task : tasks) {
      assertArrayEquals(expected, task.join(), 0.0);
    }
  }

  @Test
  void rejectsBadArguments() {
    double[] x = new double[6];
    double[] y = new double[6];
    double[] z = new double[4];
    assertThrows(NullPointerException.class, () -> Kernels.matmul(null, 0, y, 0, z, 0, 2, 3, 2));
    assertThrows(IllegalArgumentException.class, () -> Kernels.matmul(x, 0, y, 0, z, 0, -1, 3, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> Kernels.matmul(x, 1, y, 0, z, 0, 2, 3, 2));
    assertThrows(
        IndexOutOfBoundsException.class, () -> Kernels.matmulTransA(x, 0, y, 0, z, 1, 2, 3, 2));
    assertThrows(
        IndexOutOfBoundsException.class, () -> Kernels.matmulTransB(x, 0, y, -1, z, 0, 2, 3, 2));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> Kernels.matmul(x, 0, y, 0, z, 0, 1 << 16, 1 << 16, 1 << 16));
    double[] shared = new double[20];
    assertThrows(
        IllegalArgumentException.class,
        () -> Kernels.matmul(shared, 0, y, 0, shared, 5, 2, 3, 2)); // a is [0, 6), c [5, 9)
    assertThrows(
        IllegalArgumentException.class,
        () -> Kernels.matmul(x, 0, shared, 10, shared, 8, 2, 3, 2)); // b is [10, 16), c [8, 12)
    // Disjoint regions of one array are fine.
    Kernels.matmul(shared, 0, shared, 6, shared, 12, 2, 3, 2);
  }
}
