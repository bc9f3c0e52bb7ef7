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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The optional netlib back-end of {@link Kernels} ({@link Blas}), in the normal build, where netlib
 * is not on the class path: the detection falls back without a trace, and the row-major to
 * column-major mapping of the three products is checked against a pure-Java dgemm that follows
 * netlib's (Fortran BLAS's) column-major contract, argument checks included.
 */
public class BlasTest {

  // ---------------------------------------------------------------------------------------------
  // Detection.

  @Test
  void absentNetlibFallsBackToTheJavaKernel() {
    Assumptions.assumeTrue(absent(Blas.NETLIB_CLASS), "netlib is on this class path");
    assertNull(Kernels.blasImplementation());
    assertNull(Blas.NETLIB);
    for (Kernels.Op op : Kernels.Op.values()) {
      assertFalse(Kernels.blas(op, 1024, 1024, 1024));
    }
    // Products past both thresholds still come out right, with no exception.
    Random random = new Random(3);
    int m = 170;
    int k = 161;
    int n = 175;
    double[] a = integers(random, m * k + 3);
    double[] b = integers(random, k * n + 5);
    double[] c = new double[m * n + 2];
    Kernels.matmul(a, 3, b, 5, c, 2, m, k, n);
    assertArrayEquals(
        naive(Kernels.Op.AB, a, 3, b, 5, m, k, n), Arrays.copyOfRange(c, 2, c.length));
    double[] at = integers(random, k * m);
    Kernels.matmulTransA(at, 0, b, 5, c, 2, m, k, n);
    assertArrayEquals(
        naive(Kernels.Op.ATB, at, 0, b, 5, m, k, n), Arrays.copyOfRange(c, 2, c.length));
    double[] bt = integers(random, n * k);
    Kernels.matmulTransB(a, 3, bt, 0, c, 2, m, k, n);
    assertArrayEquals(
        naive(Kernels.Op.ABT, a, 3, bt, 0, m, k, n), Arrays.copyOfRange(c, 2, c.length));
  }

  @Test
  void findNeverThrows() {
    assertArrayEquals(new Object[2], Blas.find("dev.ludovic.netlib.blas.NoSuchBLAS", null));
    assertArrayEquals(new Object[2], Blas.find("java.lang.String", null)); // no getInstance
    assertArrayEquals(new Object[2], Blas.find(NoDgemm.class.getName(), null));
    assertArrayEquals(new Object[2], Blas.find(Failing.class.getName(), null));
    assertArrayEquals(new Object[2], Blas.find(NullInstance.class.getName(), null));
  }

  @Test
  void findsADgemmOfNetlibsSignatureUnlessTurnedOff() {
    Object[] found = Blas.find(Reference.class.getName(), null);
    assertNotNull(found[0]);
    assertEquals(Reference.class.getName(), found[1]);
    assertNotNull(Blas.find(Reference.class.getName(), "true")[0]);
    assertArrayEquals(new Object[2], Blas.find(Reference.class.getName(), "false"));
    assertArrayEquals(new Object[2], Blas.find(Reference.class.getName(), " FALSE "));
  }

  @Test
  void netlibsPlainJavaBuildsAreNotUsed() {
    assertArrayEquals(new Object[2], Blas.find(Java11BLAS.class.getName(), null));
  }

  /** The handle found, called exactly as Blas calls it, computes the product through gemm. */
  @Test
  void theFoundHandleComputesTheProduct() {
    MethodHandle dgemm = (MethodHandle) Blas.find(Reference.class.getName(), null)[0];
    Blas.Dgemm viaHandle =
        (ta, tb, m, n, k, alpha, a, oa, lda, b, ob, ldb, beta, c, oc, ldc) -> {
          try {
            dgemm.invokeExact(ta, tb, m, n, k, alpha, a, oa, lda, b, ob, ldb, beta, c, oc, ldc);
          } catch (Throwable e) {
            throw new AssertionError(e);
          }
        };
    Random random = new Random(5);
    for (Kernels.Op op : Kernels.Op.values()) {
      checkMapping(viaHandle, op, random, 7, 5, 6, 2, 3, 1, 0, 7);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The row-major to column-major mapping.

  @Test
  void mappingMatchesTheNaiveProductOverShapesOffsetsAndRowRanges() {
    Random random = new Random(1);
    int[][] shapes = {
      {1, 1, 1},
      {1, 5, 1},
      {1, 1, 7},
      {7, 1, 1},
      {1, 4, 9},
      {9, 4, 1},
      {3, 5, 7},
      {7, 5, 3},
      {8, 8, 8},
      {13, 2, 11},
      {2, 13, 17},
      {31, 17, 23}
    };
    for (Kernels.Op op : Kernels.Op.values()) {
      for (int[] s : shapes) {
        int m = s[0];
        int k = s[1];
        int n = s[2];
        checkMapping(Reference::dgemmStatic, op, random, m, k, n, 0, 0, 0, 0, m);
        checkMapping(Reference::dgemmStatic, op, random, m, k, n, 3, 1, 4, 0, m);
        // A chunk of rows, as a split product would ask for.
        if (m >= 3) {
          checkMapping(Reference::dgemmStatic, op, random, m, k, n, 2, 5, 1, 1, m - 1);
          checkMapping(Reference::dgemmStatic, op, random, m, k, n, 0, 0, 0, m / 2, m);
        }
      }
    }
  }

  /** The reference really is column-major: a swapped or mis-strided mapping would fail. */
  @Test
  void referenceDgemmFollowsTheColumnMajorContract() {
    // a = [[1, 2], [3, 4]] column-major is {1, 3, 2, 4}; b = I; c = a.
    double[] c = new double[4];
    Reference.dgemmStatic(
        "N",
        "N",
        2,
        2,
        2,
        1,
        new double[] {1, 3, 2, 4},
        0,
        2,
        new double[] {1, 0, 0, 1},
        0,
        2,
        0,
        c,
        0,
        2);
    assertArrayEquals(new double[] {1, 3, 2, 4}, c);
    Reference.dgemmStatic(
        "T",
        "N",
        2,
        2,
        2,
        1,
        new double[] {1, 3, 2, 4},
        0,
        2,
        new double[] {1, 0, 0, 1},
        0,
        2,
        0,
        c,
        0,
        2);
    assertArrayEquals(new double[] {1, 2, 3, 4}, c);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Reference.dgemmStatic(
                "N",
                "N",
                3,
                1,
                1,
                1,
                new double[3],
                0,
                2,
                new double[1],
                0,
                1,
                0,
                new double[3],
                0,
                3));
  }

  /**
   * Rows [i0, i1) of c through {@link Blas#gemm} with the given dgemm, against the naive product;
   * the rest of c, and c before its offset, must be untouched.
   */
  private static void checkMapping(
      Blas.Dgemm dgemm,
      Kernels.Op op,
      Random random,
      int m,
      int k,
      int n,
      int aOff,
      int bOff,
      int cOff,
      int i0,
      int i1) {
    double[] a = integers(random, aOff + m * k + 2);
    double[] b = integers(random, bOff + k * n + 2);
    double[] c = new double[cOff + m * n + 2];
    Arrays.fill(c, Double.NaN);
    Blas.gemm(dgemm, op, a, aOff, b, bOff, c, cOff, m, k, n, i0, i1);
    double[] expected = naive(op, a, aOff, b, bOff, m, k, n);
    String where = op + " m=" + m + " k=" + k + " n=" + n + " rows " + i0 + ".." + i1;
    for (int x = 0; x < c.length; x++) {
      int e = x - cOff;
      int row = e >= 0 ? e / n : -1;
      if (e >= 0 && e < m * n && row >= i0 && row < i1) {
        assertEquals(expected[e], c[x], where + " at " + e);
      } else {
        assertTrue(Double.isNaN(c[x]), where + ": wrote outside its rows at " + x);
      }
    }
  }

  /** c = op(a)·op(b) by the textbook triple loop, shaped as in {@link Kernels}. */
  private static double[] naive(
      Kernels.Op op, double[] a, int aOff, double[] b, int bOff, int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double x = op == Kernels.Op.ATB ? a[aOff + p * m + i] : a[aOff + i * k + p];
          double y = op == Kernels.Op.ABT ? b[bOff + j * k + p] : b[bOff + p * n + j];
          s += x * y;
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /** Small integers, so that every order of summation gives the same, exact, result. */
  private static double[] integers(Random random, int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextInt(17) - 8;
    }
    return x;
  }

  private static boolean absent(String className) {
    try {
      Class.forName(className);
      return false;
    } catch (ClassNotFoundException e) {
      return true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Stand-ins for netlib's BLAS class.

  /**
   * A pure-Java dgemm with netlib's signature and Fortran BLAS's column-major contract: c =
   * alpha·op(a)·op(b) + beta·c, element (i, j) of x at {@code x[offx + i + j·ldx]}, the reference
   * implementation's argument checks (XERBLA's) as {@link IllegalArgumentException}s, and beta = 0
   * overwriting c (NaNs in it included). Found by {@link Blas#find} like netlib's BLAS.
   */
  public static final class Reference {
    private static final Reference INSTANCE = new Reference();

    public static Reference getInstance() {
      return INSTANCE;
    }

    public void dgemm(
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
      dgemmStatic(transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc);
    }

    static void dgemmStatic(
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
      boolean ta = trans(transa);
      boolean tb = trans(transb);
      int rowsA = ta ? k : m;
      int rowsB = tb ? n : k;
      if (m < 0 || n < 0 || k < 0) {
        throw new IllegalArgumentException("negative dimension");
      }
      if (lda < Math.max(1, rowsA) || ldb < Math.max(1, rowsB) || ldc < Math.max(1, m)) {
        throw new IllegalArgumentException(
            "leading dimension too small: lda=" + lda + " ldb=" + ldb + " ldc=" + ldc);
      }
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
          double s = 0;
          for (int p = 0; p < k; p++) {
            double x = ta ? a[offa + p + i * lda] : a[offa + i + p * lda];
            double y = tb ? b[offb + j + p * ldb] : b[offb + p + j * ldb];
            s += x * y;
          }
          int at = offc + i + j * ldc;
          c[at] = beta == 0 ? alpha * s : alpha * s + beta * c[at];
        }
      }
    }

    private static boolean trans(String t) {
      switch (t) {
        case "N":
        case "n":
          return false;
        case "T":
        case "t":
        case "C":
        case "c":
          return true;
        default:
          throw new IllegalArgumentException("trans " + t);
      }
    }
  }

  /** Named like netlib's plain-Java fallback, which Blas declines. */
  public static final class Java11BLAS {
    public static Java11BLAS getInstance() {
      return new Java11BLAS();
    }

    public void dgemm(
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
      Reference.dgemmStatic(
          transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc);
    }
  }

  /** Has getInstance but no dgemm. */
  public static final class NoDgemm {
    public static NoDgemm getInstance() {
      return new NoDgemm();
    }
  }

  /** getInstance throws, as netlib's may when its initialization fails. */
  public static final class Failing {
    public static Failing getInstance() {
      throw new IllegalStateException("no BLAS here");
    }

    public void dgemm(
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
        int ldc) {}
  }

  /** getInstance returns null. */
  public static final class NullInstance {
    public static NullInstance getInstance() {
      return null;
    }

    public void dgemm(
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
        int ldc) {}
  }
}
