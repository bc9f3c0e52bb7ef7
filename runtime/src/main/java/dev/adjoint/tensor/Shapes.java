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

/** Shape arithmetic shared by {@link Tensor} and {@link TensorPullbacks}. */
final class Shapes {
  private Shapes() {}

  /** The number of elements of {@code shape}; rejects negative dimensions and overflow. */
  static int size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + str(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("shape " + str(shape) + " has too many elements");
      }
    }
    return (int) n;
  }

  static String str(int[] shape) {
    return Arrays.toString(shape);
  }

  /** Row-major strides of a contiguous tensor of {@code shape}. */
  static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /** NumPy's broadcast of two shapes, aligned at the right. */
  static int[] broadcast(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.length ? 1 : a[i - (r - a.length)];
      int db = i < r - b.length ? 1 : b[i - (r - b.length)];
      if (da == db || db == 1) {
        out[i] = da;
      } else if (da == 1) {
        out[i] = db;
      } else {
        throw new IllegalArgumentException("cannot broadcast shapes " + str(a) + " and " + str(b));
      }
    }
    return out;
  }

  /** Whether {@code from} broadcasts to exactly {@code to}. */
  static boolean broadcastsTo(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    int shift = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != 1 && from[i] != to[i + shift]) {
        return false;
      }
    }
    return true;
  }

  /** {@code axis} in [-rank, rank) made non-negative. */
  static int axis(int axis, int[] shape) {
    int r = shape.length;
    if (axis < -r || axis >= r) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of range for shape " + str(shape) + " (rank " + r + ")");
    }
    return axis < 0 ? axis + r : axis;
  }

  /** The product of the dimensions before {@code axis}. */
  static int outer(int[] shape, int axis) {
    int n = 1;
    for (int i = 0; i < axis; i++) {
      n *= shape[i];
    }
    return n;
  }

  /** The product of the dimensions after {@code axis}. */
  static int inner(int[] shape, int axis) {
    int n = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      n *= shape[i];
    }
    return n;
  }

  /** {@code shape} without {@code axis}, or with it set to 1 when {@code keepDims}. */
  static int[] reduced(int[] shape, int axis, boolean keepDims) {
    if (keepDims) {
      int[] out = shape.clone();
      out[axis] = 1;
      return out;
    }
    int[] out = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != axis) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  /**
   * Iterates over the elements of a tensor of shape {@code out} together with two operands
   * broadcast to it, in runs along the innermost (coalesced) dimension, without materialising the
   * broadcast operands.
   */
  static final class Walk {
    /**
     * Receives one run: {@code n} elements at out offset {@code o}, operand offsets and strides.
     */
    interface Run {
      void run(int o, int a, int aStride, int b, int bStride, int n);
    }

    private final int[] dims;
    private final int[] as;
    private final int[] bs;
    private final int total;

    Walk(int[] out, int[] a, int[] b) {
      int r = out.length;
      int[] sa = operandStrides(out, a);
      int[] sb = operandStrides(out, b);
      // Drop dimensions of size 1, then merge neighbours that are contiguous in every operand.
      int[] d = new int[r];
      int[] xa = new int[r];
      int[] xb = new int[r];
      int k = 0;
      for (int i = 0; i < r; i++) {
        if (out[i] == 1) {
          continue;
        }
        if (k > 0 && xa[k - 1] == sa[i] * out[i] && xb[k - 1] == sb[i] * out[i]) {
          // Merge dimension i into the previous one, which keeps the inner strides.
          d[k - 1] *= out[i];
          xa[k - 1] = sa[i];
          xb[k - 1] = sb[i];
          continue;
        }
        d[k] = out[i];
        xa[k] = sa[i];
        xb[k] = sb[i];
        k++;
      }
      this.dims = Arrays.copyOf(d, k);
      this.as = Arrays.copyOf(xa, k);
      this.bs = Arrays.copyOf(xb, k);
      this.total = size(out);
    }

    /** Strides of {@code operand} broadcast to {@code out}: 0 along broadcast dimensions. */
    private static int[] operandStrides(int[] out, int[] operand) {
      int r = out.length;
      int[] own = strides(operand);
      int[] s = new int[r];
      int shift = r - operand.length;
      for (int i = shift; i < r; i++) {
        s[i] = operand[i - shift] == 1 ? 0 : own[i - shift];
      }
      return s;
    }

    void forEach(Run run) {
      if (total == 0) {
        return;
      }
      int k = dims.length;
      if (k == 0) {
        run.run(0, 0, 0, 0, 0, 1);
        return;
      }
      int n = dims[k - 1];
      int aStride = as[k - 1];
      int bStride = bs[k - 1];
      int[] idx = new int[k];
      int a = 0;
      int b = 0;
      for (int o = 0; o < total; o += n) {
        run.run(o, a, aStride, b, bStride, n);
        // Advance the odometer over the outer dimensions.
        for (int i = k - 2; i >= 0; i--) {
          idx[i]++;
          a += as[i];
          b += bs[i];
          if (idx[i] < dims[i]) {
            break;
          }
          a -= as[i] * dims[i];
          b -= bs[i] * dims[i];
          idx[i] = 0;
        }
      }
    }
  }
}
