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

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;

/**
 * The optional BLAS back-end of {@link Kernels}: netlib's {@code dgemm} through {@code
 * dev.ludovic.netlib:blas}, found reflectively once, at class initialization, when that library is
 * on the class path and {@code -Ddev.adjoint.tensor.blas=false} is not set. Nothing here refers to
 * netlib at compile time: the runtime has no dependency on it.
 *
 * <p>netlib is column-major (Fortran's BLAS). A row-major r×c matrix with row stride c is, read
 * column-major, its transpose (c×r, leading dimension c), so the row-major product C = op(A)·op(B)
 * is computed as the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: the operands swap places and no array is
 * copied or transposed (see {@link #gemm}).
 */
final class Blas {
  private Blas() {}

  /** {@code -Ddev.adjoint.tensor.blas=false} turns the back-end off. */
  static final String PROPERTY = "dev.adjoint.tensor.blas";

  /** netlib's interface; {@code BLAS.getInstance()} picks native, Vector API or plain Java. */
  static final String NETLIB_CLASS = "dev.ludovic.netlib.blas.BLAS";

  /**
   * BLAS's {@code dgemm}, column-major: c = alpha·op(a)·op(b) + beta·c, op(a) m×k, op(b) k×n, c
   * m×n, op(x) = x for "N" and xᵀ for "T"; element (i, j) of a column-major matrix x with leading
   * dimension ldx is {@code x[offx + i + j·ldx]}. The signature of netlib's {@code
   * BLAS.dgemm(String, String, int, int, int, double, double[], int, int, double[], int, int,
   * double, double[], int, int)}.
   */
  @FunctionalInterface
  interface Dgemm {
    void dgemm(
        String transa,
        String transb,
        int m,
        int n,
        int k,
        double alpha,
        double[] a,
        int offa,
        int lda,
        double[] b,
        int offb,
        int ldb,
        double beta,
        double[] c,
        int offc,
        int ldc);
  }

  /**
   * netlib's plain-Java fallbacks, what {@code BLAS.getInstance()} returns without a native BLAS
   * and without {@code --add-modules jdk.incubator.vector}: slower than {@link Kernels}' own
   * kernel, so not used.
   */
  static final Set<String> SLOW = Set.of("Java8BLAS", "Java11BLAS", "F2jBLAS");

  /** The bound {@code BLAS.getInstance().dgemm}, or null when netlib is absent or turned off. */
  private static final MethodHandle DGEMM;

  /** The class of netlib's instance (for example {@code dev.ludovic.netlib.blas.VectorBLAS}). */
  static final String IMPLEMENTATION;

  static {
    Object[] found = find(NETLIB_CLASS, System.getProperty(PROPERTY));
    DGEMM = (MethodHandle) found[0];
    IMPLEMENTATION = (String) found[1];
  }

  /** netlib's dgemm, or null when it is not there: what {@link Kernels} uses. */
  static final Dgemm NETLIB = DGEMM == null ? null : Blas::netlib;

  /**
   * {@code {dgemm handle bound to the instance, the instance's class name}}, or {@code {null,
   * null}} when {@code property} is "false", when the instance is one of the {@link #SLOW}
   * plain-Java builds, or when anything about the class is missing or fails (class absent, no such
   * method, the instance's initialization throws). Never throws.
   */
  static Object[] find(String className, String property) {
    if (property != null && property.trim().equalsIgnoreCase("false")) {
      return new Object[2];
    }
    try {
      Class<?> blas = Class.forName(className, true, Blas.class.getClassLoader());
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle getInstance =
          lookup.findStatic(blas, "getInstance", MethodType.methodType(blas));
      Object instance = getInstance.invoke();
      if (instance == null || SLOW.contains(instance.getClass().getSimpleName())) {
        return new Object[2];
      }
      MethodType type =
          MethodType.methodType(
              void.class,
              String.class,
              String.class,
              int.class,
              int.class,
              int.class,
              double.class,
              double[].class,
              int.class,
              int.class,
              double[].class,
              int.class,
              int.class,
              double.class,
              double[].class,
              int.class,
              int.class);
      MethodHandle dgemm = lookup.findVirtual(blas, "dgemm", type).bindTo(instance);
      return new Object[] {dgemm, instance.getClass().getName()};
    } catch (Throwable e) { // absent (the usual case), or unusable: the pure-Java kernel it is.
      return new Object[2];
    }
  }

  private static void netlib(
      String transa,
      String transb,
      int m,
      int n,
      int k,
      double alpha,
      double[] a,
      int offa,
      int lda,
      double[] b,
      int offb,
      int ldb,
      double beta,
      double[] c,
      int offc,
      int ldc) {
    try {
      DGEMM.invokeExact(
          transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // dgemm declares no checked exception.
      throw new IllegalStateException(e);
    }
  }

  /**
   * Rows [i0, i1) of the row-major m×n product c = op(a)·op(b) (all dense, at the given offsets,
   * shaped as in {@link Kernels}) through a column-major {@code dgemm}: rows i0..i1 of c are
   * columns i0..i1 of the column-major cᵀ (n×m, leading dimension n), which is
   *
   * <ul>
   *   <li>a·b: bᵀ·aᵀ, where b's storage read column-major is bᵀ (n×k, ld n) and a's is aᵀ (k×m, ld
   *       k): {@code dgemm("N", "N", n, rows, k, 1, b, ld n, a + i0·k, ld k, 0, c + i0·n, ld n)};
   *   <li>aᵀ·b (a stored k×m): bᵀ·a, where a's storage read column-major is aᵀ (m×k, ld m), used
   *       transposed: {@code dgemm("N", "T", n, rows, k, 1, b, ld n, a + i0, ld m, 0, c + i0·n, ld
   *       n)};
   *   <li>a·bᵀ (b stored n×k): b·aᵀ, where b's storage read column-major is bᵀ (k×n, ld k), used
   *       transposed: {@code dgemm("T", "N", n, rows, k, 1, b, ld k, a + i0·k, ld k, 0, c + i0·n,
   *       ld n)}.
   * </ul>
   *
   * Requires m, n, k ≥ 1 and i0 < i1 (netlib wants leading dimensions of at least 1).
   */
  static void gemm(
      Dgemm dgemm,
      Kernels.Op op,
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
    int rows = i1 - i0;
    int cAt = cOff + i0 * n;
    switch (op) {
      case AB:
        dgemm.dgemm("N", "N", n, rows, k, 1.0, b, bOff, n, a, aOff + i0 * k, k, 0.0, c, cAt, n);
        break;
      case ATB:
        dgemm.dgemm("N", "T", n, rows, k, 1.0, b, bOff, n, a, aOff + i0, m, 0.0, c, cAt, n);
        break;
      case ABT:
        dgemm.dgemm("T", "N", n, rows, k, 1.0, b, bOff, k, a, aOff + i0 * k, k, 0.0, c, cAt, n);
        break;
      default:
        throw new AssertionError(op);
    }
  }
}
