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

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dense double-precision matrix products on row-major arrays, for {@code Tensor} and its pullbacks.
 *
 * <p>Every method overwrites the m×n result {@code c[cOffset ..< cOffset + m·n]} (row-major, row
 * stride n) and reads its operands from the given offsets, also row-major and dense:
 *
 * <ul>
 *   <li>{@link #matmul}: c = a·b, a m×k, b k×n;
 *   <li>{@link #matmulTransA}: c = aᵀ·b, a stored k×m, b k×n (the pullback of a·b into b);
 *   <li>{@link #matmulTransB}: c = a·bᵀ, a m×k, b stored n×k (the pullback of a·b into a).
 * </ul>
 *
 * <p>The result's region must not overlap either operand's (an {@link IllegalArgumentException}
 * says so). When k = 0 the result is all zeros.
 *
 * <p><b>How.</b> The loop order is i-k-j: a row of c accumulates multiples of rows of b, so the
 * innermost loop runs along contiguous rows of b and c, which HotSpot's C2 compiles to SIMD (AVX2:
 * four doubles per instruction). The innermost loop is register-blocked two rows of c by four
 * values of k (six loads and two stores per eight multiply-adds instead of three memory operations
 * per multiply-add), and the loops are tiled {@value #KC} values of k by {@value #NC} columns so
 * that the tile of b being reused stays in the L2 cache. {@code aᵀ·b} uses the same kernel, reading
 * a by columns (those reads are outside the innermost loop). {@code a·bᵀ} copies each tile of b
 * transposed into a scratch buffer and then runs the same kernel, so that its innermost loop is
 * contiguous too; for fewer than {@value #DOT_ROWS} rows of c, where that copy would cost as much
 * as the product, it takes dot products of rows instead.
 *
 * <p>Products of at least {@value #PARALLEL_FLOPS} multiply-adds (m·k·n) are cut by rows of c into
 * chunks that the calling thread and helpers in the {@link ForkJoinPool#commonPool() common pool}
 * (one per other core) take in turn; smaller ones run on the calling thread alone. Each element of
 * c is always computed by one thread in the same order, so results do not depend on the split or
 * the number of cores.
 *
 * <p><b>Optional BLAS back-end.</b> When {@code dev.ludovic.netlib:blas} (3.x, Maven Central) is on
 * the class path, products of at least {@value #BLAS_FLOPS} multiply-adds (a·b) or {@value
 * #BLAS_FLOPS_TRANSPOSED} (aᵀ·b, a·bᵀ) go to its {@code dgemm} instead, in one call on the calling
 * thread; smaller ones stay here. The runtime does not depend on netlib: it looks for {@code
 * dev.ludovic.netlib.blas.BLAS} reflectively once, when this class is initialized, and falls back
 * to the pure-Java kernel silently if it is absent or fails. netlib is column-major, so the
 * row-major c = a·b is computed as the column-major cᵀ = bᵀ·aᵀ, operands swapped, without copies.
 * {@link #blasImplementation()} says which netlib implementation is in use, if any. To enable it,
 * add the dependency (with Maven, {@code dev.ludovic.netlib:blas:3.2.0}) and run with
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector ...
 * }</pre>
 *
 * <p>netlib picks a native BLAS (JNI, {@code libblas.so.3} such as OpenBLAS) if the system has one,
 * else its Java build on the Vector API, {@code VectorBLAS}, which needs {@code --add-modules
 * jdk.incubator.vector} at run time (the JVM then prints a warning that it uses an incubator
 * module). Without that option netlib falls back to its plain-Java builds ({@code Java11BLAS},
 * {@code Java8BLAS}, {@code F2jBLAS}), which are slower than this class's kernel (4.4 against 21
 * GFLOP/s at n = 256, see docs/benchmarks.md), so those are not used: products stay here. {@code
 * -Ddev.adjoint.tensor.blas=false} turns the back-end off. Through netlib, sums are accumulated in
 * netlib's order, so large products can differ from the pure-Java kernel's in the last bits.
 *
 * <p><b>Rounding.</b> Sums are accumulated in a different order from the textbook triple loop, and
 * with fused multiply-adds ({@link Math#fma}) where the JVM compiles them to one instruction, so
 * results can differ from a naive loop's in the last bits (they are exact whenever the naive loop's
 * are, for example on small integers).
 */
public final class Kernels {
  private Kernels() {}

  /** Values of k per tile: a 2×{@value} strip of a times a {@value}×{@value #NC} tile of b. */
  static final int KC = 128;

  /** Columns of b and c per tile ({@value #KC}×{@value} doubles = 512 KiB of b, within L2). */
  static final int NC = 512;

  /** a·bᵀ with fewer rows of c than this takes dot products instead of transposing tiles of b. */
  static final int DOT_ROWS = 4;

  /** m·k·n from which a product is split across threads (64³: about 30 µs on one core). */
  static final long PARALLEL_FLOPS = 64L * 64 * 64;

  /** Rows of c per chunk of a split product at the least, so that tiles of b are reused enough. */
  static final int MIN_ROWS_PER_TASK = 8;

  /** Chunks of rows per thread of a split product, so that a thread slowed down does less. */
  static final int CHUNKS_PER_THREAD = 4;

  /**
   * m·k·n from which a·b goes to netlib's dgemm when netlib is on the class path (160³: below it
   * this kernel on two cores was as fast or faster than netlib's Vector API build on one).
   */
  static final long BLAS_FLOPS = 160L * 160 * 160;

  /** m·k·n from which aᵀ·b and a·bᵀ go to netlib's dgemm (112³: their kernels are slower). */
  static final long BLAS_FLOPS_TRANSPOSED = 112L * 112 * 112;

  /**
   * Whether {@link Math#fma} is an instruction here. Where it is not, it is computed exactly in
   * software, hundreds of times slower, so the kernels then multiply and add separately.
   */
  static final boolean FMA = fmaIsIntrinsic();

  /**
   * c = a·b, for a m×k at {@code aOffset}, b k×n at {@code bOffset}, c m×n at {@code cOffset}, all
   * row-major and dense. Overwrites c's m·n elements.
   *
   * @param a the left operand's array
   * @param aOffset the index of a's first element
   * @param b the right operand's array
   * @param bOffset the index of b's first element
   * @param c the result's array, overwritten in its m·n elements from {@code cOffset}
   * @param cOffset the index of c's first element
   * @param m the number of rows of a and c
   * @param k the number of columns of a and rows of b
   * @param n the number of columns of b and c
   * @throws IllegalArgumentException if c's region overlaps a's or b's
   */
  public static void matmul(
      double[] a,
      int aOffset,
      double[] b,
      int bOffset,
      double[] c,
      int cOffset,
      int m,
      int k,
      int n) {
    check(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    run(Op.AB, a, aOffset, b, bOffset, c, cOffset, m, k, n);
  }

  /**
   * c = aᵀ·b, for a stored k×m at {@code aOffset} (so aᵀ is m×k), b k×n at {@code bOffset}, c m×n
   * at {@code cOffset}, all row-major and dense. Overwrites c's m·n elements. This is the gradient
   * of a product with respect to its right operand: for y = x·w, w̄ = xᵀ·ȳ.
   *
   * @param a the array holding a, k×m
   * @param aOffset the index of a's first element
   * @param b the right operand's array
   * @param bOffset the index of b's first element
   * @param c the result's array, overwritten in its m·n elements from {@code cOffset}
   * @param cOffset the index of c's first element
   * @param m the number of columns of a and rows of c
   * @param k the number of rows of a and of b
   * @param n the number of columns of b and c
   * @throws IllegalArgumentException if c's region overlaps a's or b's
   */
  public static void matmulTransA(
      double[] a,
      int aOffset,
      double[] b,
      int bOffset,
      double[] c,
      int cOffset,
      int m,
      int k,
      int n) {
    check(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    run(Op.ATB, a, aOffset, b, bOffset, c, cOffset, m, k, n);
  }

  /**
   * c = a·bᵀ, for a m×k at {@code aOffset}, b stored n×k at {@code bOffset} (so bᵀ is k×n), c m×n
   * at {@code cOffset}, all row-major and dense. Overwrites c's m·n elements. This is the gradient
   * of a product with respect to its left operand: for y = x·w, x̄ = ȳ·wᵀ.
   *
   * @param a the left operand's array
   * @param aOffset the index of a's first element
   * @param b the array holding b, n×k
   * @param bOffset the index of b's first element
   * @param c the result's array, overwritten in its m·n elements from {@code cOffset}
   * @param cOffset the index of c's first element
   * @param m the number of rows of a and c
   * @param k the number of columns of a and of b
   * @param n the number of rows of b and columns of c
   * @throws IllegalArgumentException if c's region overlaps a's or b's
   */
  public static void matmulTransB(
      double[] a,
      int aOffset,
      double[] b,
      int bOffset,
      double[] c,
      int cOffset,
      int m,
      int k,
      int n) {
    check(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    run(Op.ABT, a, aOffset, b, bOffset, c, cOffset, m, k, n);
  }

  /**
   * The class of the netlib BLAS instance that large products go to (for example {@code
   * "dev.ludovic.netlib.blas.VectorBLAS"}), or null when they all run on the pure-Java kernel here:
   * {@code dev.ludovic.netlib:blas} not on the class path, unusable, or turned off with {@code
   * -Ddev.adjoint.tensor.blas=false}.
   *
   * @return the BLAS class's name, or null
   */
  public static String blasImplementation() {
    return Blas.IMPLEMENTATION;
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch.

  enum Op {
    AB,
    ATB,
    ABT
  }

  private static void run(
      Op op,
      double[] a,
      int aOff,
      double[] b,
      int bOff,
      double[] c,
      int cOff,
      int m,
      int k,
      int n) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      Arrays.fill(c, cOff, cOff + m * n, 0.0);
      return;
    }
    if (blas(op, m, k, n)) {
      // One call, on the calling thread: netlib's Java builds are single-threaded but blocked
      // for their own loops (cutting the product into rows for two threads made it slower, see
      // docs/benchmarks.md), and a native BLAS splits a product across cores itself.
      Blas.gemm(Blas.NETLIB, op, a, aOff, b, bOff, c, cOff, m, k, n, 0, m);
      return;
    }
    int threads = threads(m, k, n);
    if (threads <= 1) {
      rows(op, a, aOff, b, bOff, c, cOff, m, k, n, 0, m);
    } else {
      new Split(op, a, aOff, b, bOff, c, cOff, m, k, n, threads).run();
    }
  }

  /** Whether a product of these dimensions goes to netlib's dgemm (present and large enough). */
  static boolean blas(Op op, int m, int k, int n) {
    return Blas.NETLIB != null
        && (long) m * k * n >= (op == Op.AB ? BLAS_FLOPS : BLAS_FLOPS_TRANSPOSED);
  }

  /** How many threads to compute a product on: 1 below the threshold or on one core. */
  static int threads(int m, int k, int n) {
    if ((long) m * k * n < PARALLEL_FLOPS) {
      return 1;
    }
    int threads = Math.max(1, ForkJoinPool.getCommonPoolParallelism() + 1);
    threads = Math.min(threads, Runtime.getRuntime().availableProcessors());
    return Math.max(1, Math.min(threads, m / MIN_ROWS_PER_TASK));
  }

  /**
   * A product split by rows into chunks that the calling thread and {@code threads - 1} helpers in
   * the common pool take in turn until none is left. The caller waits for the chunks, not for the
   * helpers: a helper that starts late (its core busy, or the pool full) finds nothing to do, and
   * the caller has meanwhile done its share, so a busy core slows a product down but never stalls
   * it.
   */
  private static final class Split implements Runnable {
    private final Op op;
    private final double[] a;
    private final double[] b;
    private final double[] c;
    private final int aOff;
    private final int bOff;
    private final int cOff;
    private final int m;
    private final int k;
    private final int n;
    private final int chunkRows;
    private final int chunks;
    private final int helpers;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Split(
        Op op,
        double[] a,
        int aOff,
        double[] b,
        int bOff,
        double[] c,
        int cOff,
        int m,
        int k,
        int n,
        int threads) {
      this.op = op;
      this.a = a;
      this.aOff = aOff;
      this.b = b;
      this.bOff = bOff;
      this.c = c;
      this.cOff = cOff;
      this.m = m;
      this.k = k;
      this.n = n;
      // CHUNKS_PER_THREAD chunks per thread, of an even number of rows (the kernel pairs rows).
      int rows = ceilDiv(m, threads * CHUNKS_PER_THREAD);
      rows = Math.max(MIN_ROWS_PER_TASK, rows + (rows & 1));
      this.chunkRows = rows;
      this.chunks = ceilDiv(m, rows);
      this.helpers = Math.min(threads, chunks) - 1;
      this.done = new CountDownLatch(chunks);
    }

    @Override
    public void run() {
      for (int h = 0; h < helpers; h++) {
        ForkJoinPool.commonPool().execute(this::work);
      }
      work();
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the helpers are writing into c: wait for them all the same.
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable t = failure.get();
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
    }

    private void work() {
      for (int t = next.getAndIncrement(); t < chunks; t = next.getAndIncrement()) {
        try {
          int i0 = t * chunkRows;
          rows(op, a, aOff, b, bOff, c, cOff, m, k, n, i0, Math.min(m, i0 + chunkRows));
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }
    }
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  /** Rows [i0, i1) of the product, on the calling thread. */
  private static void rows(
      Op op,
      double[] a,
      int aOff,
      double[] b,
      int bOff,
      double[] c,
      int cOff,
      int m,
      int k,
      int n,
      int i0,
      int i1) {
    if (i0 >= i1) {
      return;
    }
    Arrays.fill(c, cOff + i0 * n, cOff + i1 * n, 0.0);
    switch (op) {
      case AB:
        tiled(a, aOff, k, 1, b, bOff, n, c, cOff, n, i0, i1, k, n);
        break;
      case ATB:
        tiled(a, aOff, 1, m, b, bOff, n, c, cOff, n, i0, i1, k, n);
        break;
      case ABT:
        if (i1 - i0 < DOT_ROWS) {
          dots(a, aOff, b, bOff, c, cOff, k, n, i0, i1);
        } else {
          transposedTiles(a, aOff, b, bOff, c, cOff, k, n, i0, i1);
        }
        break;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Kernels.

  /**
   * c(i, j) += Σ_p A(i, p)·B(p, j) for rows [i0, i1) and all k and n, tile by tile, where A(i, p) =
   * a[aOff + i·ars + p·acs] and B(p, j) = b[bOff + p·ldb + j].
   */
  private static void tiled(
      double[] a,
      int aOff,
      int ars,
      int acs,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc,
      int i0,
      int i1,
      int k,
      int n) {
    for (int j0 = 0; j0 < n; j0 += NC) {
      int j1 = Math.min(n, j0 + NC);
      for (int p0 = 0; p0 < k; p0 += KC) {
        int p1 = Math.min(k, p0 + KC);
        block(a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, i0, i1, p0, p1, j0, j1);
      }
    }
  }

  /**
   * c = a·bᵀ by tiles: each KC×NC tile of bᵀ is copied into a dense scratch tile, which the kernel
   * then reads row by row.
   */
  private static void transposedTiles(
      double[] a,
      int aOff,
      double[] b,
      int bOff,
      double[] c,
      int cOff,
      int k,
      int n,
      int i0,
      int i1) {
    double[] tile = new double[Math.min(KC, k) * Math.min(NC, n)];
    for (int j0 = 0; j0 < n; j0 += NC) {
      int j1 = Math.min(n, j0 + NC);
      int w = j1 - j0;
      for (int p0 = 0; p0 < k; p0 += KC) {
        int p1 = Math.min(k, p0 + KC);
        // tile[(p - p0)·w + (j - j0)] = bᵀ(p, j) = b(j, p).
        for (int j = j0; j < j1; j++) {
          int src = bOff + j * k;
          int dst = (j - j0) - p0 * w;
          for (int p = p0; p < p1; p++) {
            tile[dst + p * w] = b[src + p];
          }
        }
        // With ldb = w and bOff = -(p0·w + j0), B(p, j) = tile[(p - p0)·w + j - j0].
        block(a, aOff, k, 1, tile, -(p0 * w + j0), w, c, cOff, n, i0, i1, p0, p1, j0, j1);
      }
    }
  }

  /** c = a·bᵀ for a few rows: dot products of rows of a and rows of b, four of b at a time. */
  private static void dots(
      double[] a,
      int aOff,
      double[] b,
      int bOff,
      double[] c,
      int cOff,
      int k,
      int n,
      int i0,
      int i1) {
    for (int i = i0; i < i1; i++) {
      int ai = aOff + i * k;
      int ci = cOff + i * n;
      int j = 0;
      for (; j + 3 < n; j += 4) {
        int b0 = bOff + j * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        for (int p = 0; p < k; p++) {
          double x = a[ai + p];
          s0 = fma(x, b[b0 + p], s0);
          s1 = fma(x, b[b1 + p], s1);
          s2 = fma(x, b[b2 + p], s2);
          s3 = fma(x, b[b3 + p], s3);
        }
        c[ci + j] = s0;
        c[ci + j + 1] = s1;
        c[ci + j + 2] = s2;
        c[ci + j + 3] = s3;
      }
      for (; j < n; j++) {
        int b0 = bOff + j * k;
        double s0 = 0.0;
        for (int p = 0; p < k; p++) {
          s0 = fma(a[ai + p], b[b0 + p], s0);
        }
        c[ci + j] = s0;
      }
    }
  }

  /**
   * The kernel: c(i, j) += Σ_{p0 ≤ p < p1} A(i, p)·B(p, j) for i0 ≤ i < i1, j0 ≤ j < j1, with A(i,
   * p) = a[aOff + i·ars + p·acs], B(p, j) = b[bOff + p·ldb + j], c(i, j) = c[cOff + i·ldc + j]. Two
   * rows of c by four values of p at a time; the innermost loops are over j, unit stride.
   */
  private static void block(
      double[] a,
      int aOff,
      int ars,
      int acs,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc,
      int i0,
      int i1,
      int p0,
      int p1,
      int j0,
      int j1) {
    int i = i0;
    for (; i + 1 < i1; i += 2) {
      int c0 = cOff + i * ldc;
      int c1 = c0 + ldc;
      int a0 = aOff + i * ars;
      int a1 = a0 + ars;
      int p = p0;
      for (; p + 3 < p1; p += 4) {
        int q = p * acs;
        double x00 = a[a0 + q];
        double x01 = a[a0 + q + acs];
        double x02 = a[a0 + q + 2 * acs];
        double x03 = a[a0 + q + 3 * acs];
        double x10 = a[a1 + q];
        double x11 = a[a1 + q + acs];
        double x12 = a[a1 + q + 2 * acs];
        double x13 = a[a1 + q + 3 * acs];
        int b0 = bOff + p * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        for (int j = j0; j < j1; j++) {
          double y0 = b[b0 + j];
          double y1 = b[b1 + j];
          double y2 = b[b2 + j];
          double y3 = b[b3 + j];
          c[c0 + j] = fma(x03, y3, fma(x02, y2, fma(x01, y1, fma(x00, y0, c[c0 + j]))));
          c[c1 + j] = fma(x13, y3, fma(x12, y2, fma(x11, y1, fma(x10, y0, c[c1 + j]))));
        }
      }
      for (; p < p1; p++) {
        double x0 = a[a0 + p * acs];
        double x1 = a[a1 + p * acs];
        int b0 = bOff + p * ldb;
        for (int j = j0; j < j1; j++) {
          double y0 = b[b0 + j];
          c[c0 + j] = fma(x0, y0, c[c0 + j]);
          c[c1 + j] = fma(x1, y0, c[c1 + j]);
        }
      }
    }
    if (i < i1) {
      int c0 = cOff + i * ldc;
      int a0 = aOff + i * ars;
      int p = p0;
      for (; p + 3 < p1; p += 4) {
        int q = p * acs;
        double x00 = a[a0 + q];
        double x01 = a[a0 + q + acs];
        double x02 = a[a0 + q + 2 * acs];
        double x03 = a[a0 + q + 3 * acs];
        int b0 = bOff + p * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        for (int j = j0; j < j1; j++) {
          c[c0 + j] =
              fma(
                  x03,
                  b[b3 + j],
                  fma(x02, b[b2 + j], fma(x01, b[b1 + j], fma(x00, b[b0 + j], c[c0 + j]))));
        }
      }
      for (; p < p1; p++) {
        double x0 = a[a0 + p * acs];
        int b0 = bOff + p * ldb;
        for (int j = j0; j < j1; j++) {
          c[c0 + j] = fma(x0, b[b0 + j], c[c0 + j]);
        }
      }
    }
  }

  /** x·y + z: fused where that is one instruction, else multiplied and added separately. */
  private static double fma(double x, double y, double z) {
    return FMA ? Math.fma(x, y, z) : x * y + z;
  }

  /**
   * Whether HotSpot compiles {@link Math#fma} to an instruction ({@code -XX:+UseFMA}, on by default
   * where the CPU has one). Asks the HotSpot diagnostic bean; on another JVM, or without {@code
   * java.management}, assumes not (multiply and add are always fast). {@code
   * -Ddev.adjoint.tensor.fma=true|false} overrides.
   */
  private static boolean fmaIsIntrinsic() {
    String forced = System.getProperty("dev.adjoint.tensor.fma");
    if (forced != null) {
      return Boolean.parseBoolean(forced);
    }
    try {
      return HotSpot.useFma();
    } catch (Throwable e) { // java.management absent, not HotSpot, or the option unknown.
      return false;
    }
  }

  /** Kept apart so that java.management is loaded only when asked, and its absence is caught. */
  private static final class HotSpot {
    static boolean useFma() {
      com.sun.management.HotSpotDiagnosticMXBean bean =
          java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class);
      return bean != null && Boolean.parseBoolean(bean.getVMOption("UseFMA").getValue());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Arguments.

  private static void check(
      double[] a,
      int aOffset,
      double[] b,
      int bOffset,
      double[] c,
      int cOffset,
      int m,
      int k,
      int n) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(c, "c");
    if (m < 0 || k < 0 || n < 0) {
      throw new IllegalArgumentException(
          "negative dimension: m = " + m + ", k = " + k + ", n = " + n);
    }
    long aSize = (long) m * k;
    long bSize = (long) k * n;
    long cSize = (long) m * n;
    Objects.checkFromIndexSize(aOffset, aSize, a.length);
    Objects.checkFromIndexSize(bOffset, bSize, b.length);
    Objects.checkFromIndexSize(cOffset, cSize, c.length);
    if (overlaps(c, cOffset, cSize, a, aOffset, aSize)
        || overlaps(c, cOffset, cSize, b, bOffset, bSize)) {
      throw new IllegalArgumentException("the result c overlaps an operand");
    }
  }

  private static boolean overlaps(
      double[] x, long xOffset, long xSize, double[] y, long yOffset, long ySize) {
    return x == y
        && xSize > 0
        && ySize > 0
        && xOffset < yOffset + ySize
        && yOffset < xOffset + xSize;
  }
}
