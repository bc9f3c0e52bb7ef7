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
package dev.adjoint.nn;

import dev.adjoint.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Neural-network layers as functions of tensors, for {@code @Differentiable} code (PyTorch's {@code
 * torch.nn.functional}): {@link #dense}, {@link #embedding}, {@link #layerNorm}, {@link #dropout}
 * and {@link #conv1d}. Their pullbacks are declared in {@link LayersPullbacks} and their tangent
 * rules in {@link LayersTangents}, so a model written with them differentiates in reverse and in
 * forward mode:
 *
 * <pre>{@code
 * @Differentiable(wrt = {"table", "w", "b", "gamma", "beta"})
 * static double loss(Tensor table, Tensor w, Tensor b, Tensor gamma, Tensor beta,
 *     int[] tokens, int[] labels, long key) {
 *   Tensor h = Layers.embedding(table, tokens);                     // [n, d]
 *   h = Layers.dropout(Layers.layerNorm(h, gamma, beta, 1e-5), 0.1, key, true);
 *   return Losses.softmaxCrossEntropy(Layers.dense(h, w, b), labels);
 * }
 * }</pre>
 *
 * <p>Shapes are checked and a mismatch is an {@link IllegalArgumentException} naming them.
 */
public final class Layers {
  private Layers() {}

  // ---------------------------------------------------------------------------------------------
  // Dense.

  /**
   * A fully connected layer, {@code x · w + b} over the last axis of x: x of shape [..., in] (rank
   * 2 or more), w [in, out], b [out]; the result has shape [..., out] (PyTorch's {@code F.linear}
   * with the weight transposed, Keras's {@code Dense} without activation).
   *
   * @param x the inputs, of shape [..., in]
   * @param w the weights, of shape [in, out]
   * @param b the biases, of shape [out]
   * @return a new tensor of shape [..., out]
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public static Tensor dense(Tensor x, Tensor w, Tensor b) {
    int[] s = checkDense(x, w, b);
    int in = w.shape()[0];
    int out = w.shape()[1];
    int[] result = s.clone();
    result[result.length - 1] = out;
    return x.reshape(-1, in).matmul(w).add(b).reshape(result);
  }

  static int[] checkDense(Tensor x, Tensor w, Tensor b) {
    int[] s = x.shape();
    int[] ws = w.shape();
    if (s.length < 2
        || ws.length != 2
        || b.shape().length != 1
        || s[s.length - 1] != ws[0]
        || b.shape()[0] != ws[1]) {
      throw new IllegalArgumentException(
          "dense needs x [..., in], w [in, out] and b [out], got "
              + Arrays.toString(s)
              + ", "
              + Arrays.toString(ws)
              + " and "
              + Arrays.toString(b.shape()));
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Embedding.

  /**
   * The rows of {@code table} ([vocabulary, dimension]) at {@code ids}: a tensor of shape
   * [ids.length, dimension] (PyTorch's {@code F.embedding}).
   *
   * @param table one row of {@code dimension} values per id, of shape [vocabulary, dimension]
   * @param ids the rows to look up, each in [0, vocabulary)
   * @return a new tensor of shape [ids.length, dimension]
   * @throws IndexOutOfBoundsException if an id is not a row of the table
   * @throws IllegalArgumentException if the table is not a matrix
   */
  public static Tensor embedding(Tensor table, int[] ids) {
    int[] s = checkTable(table);
    double[] t = table.toArray();
    int d = s[1];
    double[] out = new double[ids.length * d];
    for (int i = 0; i < ids.length; i++) {
      int id = checkId(ids[i], s[0], i);
      System.arraycopy(t, id * d, out, i * d, d);
    }
    return Tensor.of(out, ids.length, d);
  }

  static int[] checkTable(Tensor table) {
    int[] s = table.shape();
    if (s.length != 2) {
      throw new IllegalArgumentException(
          "embedding needs a table of shape [vocabulary, dimension], got " + Arrays.toString(s));
    }
    return s;
  }

  static int checkId(int id, int vocabulary, int i) {
    if (id < 0 || id >= vocabulary) {
      throw new IndexOutOfBoundsException(
          "id " + id + " at " + i + " is not a row of a table of " + vocabulary);
    }
    return id;
  }

  // ---------------------------------------------------------------------------------------------
  // Layer norm.

  /**
   * Layer normalisation over the last axis (PyTorch's {@code F.layer_norm(x, (d,), gamma, beta,
   * eps)}): each row r of x ([..., d]) becomes {@code gamma · (r − mean(r)) / sqrt(var(r) + eps) +
   * beta}, with the biased variance; gamma and beta have shape [d].
   *
   * @param x the inputs, of shape [..., d]
   * @param gamma the scale of each of the d features
   * @param beta the shift of each of the d features
   * @param eps the small non-negative number added to the variance, for stability (PyTorch's
   *     default is 1e-5)
   * @return a new tensor of x's shape
   * @throws IllegalArgumentException if the shapes do not fit or eps is negative
   */
  public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
    Norm n = Norm.of(x, gamma, beta, eps);
    double[] g = gamma.toArray();
    double[] bt = beta.toArray();
    double[] out = new double[n.xhat.length];
    for (int r = 0; r < n.rows; r++) {
      for (int j = 0; j < n.d; j++) {
        int k = r * n.d + j;
        out[k] = g[j] * n.xhat[k] + bt[j];
      }
    }
    return Tensor.of(out, x.shape());
  }

  /** The normalised rows of a layer norm and their standard deviations, shared with the rules. */
  static final class Norm {
    final int rows;
    final int d;
    final double[] xc;
    final double[] xhat;
    final double[] sigma;

    private Norm(int rows, int d) {
      this.rows = rows;
      this.d = d;
      this.xc = new double[rows * d];
      this.xhat = new double[rows * d];
      this.sigma = new double[rows];
    }

    static Norm of(Tensor x, Tensor gamma, Tensor beta, double eps) {
      int[] s = x.shape();
      if (s.length < 1
          || s[s.length - 1] == 0
          || !Arrays.equals(gamma.shape(), new int[] {s[s.length - 1]})
          || !Arrays.equals(beta.shape(), gamma.shape())) {
        throw new IllegalArgumentException(
            "layerNorm needs x [..., d] with d > 0 and gamma, beta"
                + " [d], got "
                + Arrays.toString(s)
                + ", "
                + Arrays.toString(gamma.shape())
                + " and "
                + Arrays.toString(beta.shape()));
      }
      if (!(eps >= 0)) {
        throw new IllegalArgumentException("eps must be non-negative, got " + eps);
      }
      int d = s[s.length - 1];
      double[] v = x.toArray();
      Norm n = new Norm(v.length / d, d);
      for (int r = 0; r < n.rows; r++) {
        double mean = 0;
        for (int j = 0; j < d; j++) {
          mean += v[r * d + j];
        }
        mean /= d;
        double var = 0;
        for (int j = 0; j < d; j++) {
          double c = v[r * d + j] - mean;
          n.xc[r * d + j] = c;
          var += c * c;
        }
        var /= d;
        double sigma = Math.sqrt(var + eps);
        n.sigma[r] = sigma;
        for (int j = 0; j < d; j++) {
          n.xhat[r * d + j] = n.xc[r * d + j] / sigma;
        }
      }
      return n;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Dropout.

  /**
   * Inverted dropout (PyTorch's {@code F.dropout}): in training, each element of x is kept with
   * probability 1 − p and scaled by 1 / (1 − p), or set to 0; otherwise x itself. The mask is drawn
   * from a {@link SplittableRandom} seeded with {@code key}, one {@code nextDouble()} per element
   * in row-major order (kept when it is at least p), so the same key gives the same mask, in the
   * pullback as in the forward pass: derive a key per step (from the trainer's seed and step, say)
   * for fresh masks. p = 1 drops everything.
   *
   * @param x the inputs, of any shape
   * @param p the probability that an element is dropped, in [0, 1]
   * @param key the seed of the mask
   * @param training whether to drop (in training) or pass x through (in evaluation)
   * @return the masked and scaled inputs, of x's shape, or {@code x} itself
   * @throws IllegalArgumentException if p is not in [0, 1]
   */
  public static Tensor dropout(Tensor x, double p, long key, boolean training) {
    checkP(p);
    if (!training || p == 0) {
      return x;
    }
    double[] v = x.toArray();
    boolean[] keep = mask(key, v.length, p);
    double scale = p == 1 ? 0 : 1 / (1 - p);
    for (int i = 0; i < v.length; i++) {
      v[i] = keep[i] ? v[i] * scale : 0;
    }
    return shaped(v, x.shape());
  }

  /**
   * {@code data} in {@code shape}, also the rank-0 shape [] that {@link Tensor#of} reads as none.
   */
  static Tensor shaped(double[] data, int[] shape) {
    return Tensor.of(data, shape).reshape(shape);
  }

  static void checkP(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
    }
  }

  static boolean[] mask(long key, int n, double p) {
    SplittableRandom rng = new SplittableRandom(key);
    boolean[] keep = new boolean[n];
    for (int i = 0; i < n; i++) {
      keep[i] = rng.nextDouble() >= p;
    }
    return keep;
  }

  // ---------------------------------------------------------------------------------------------
  // 1-D convolution.

  /**
   * A 1-D convolution (PyTorch's {@code F.conv1d}, a cross-correlation): x of shape [n, in,
   * length], w [out, in, k], b [out]; with zero padding of {@code padding} on both sides and stride
   * {@code stride}, the result has shape [n, out, (length + 2·padding − k) / stride + 1] and
   * element {@code y[i, o, t] = b[o] + Σ_c Σ_j w[o, c, j] · x[i, c, t·stride + j − padding]}.
   *
   * @param x the inputs, of shape [n, in, length]
   * @param w the kernels, of shape [out, in, k]
   * @param b the biases, of shape [out]
   * @param stride the step between the kernel's positions, 1 or more
   * @param padding the number of zeros added at each end of the length, 0 or more
   * @return a new tensor of shape [n, out, (length + 2·padding − k) / stride + 1]
   * @throws IllegalArgumentException if the shapes do not fit, stride &lt; 1, padding &lt; 0, or
   *     the kernel is longer than the padded input
   */
  public static Tensor conv1d(Tensor x, Tensor w, Tensor b, int stride, int padding) {
    Conv c = Conv.of(x, w, b, stride, padding);
    double[] y = c.forward(x.toArray(), w.toArray());
    double[] bias = b.toArray();
    for (int i = 0; i < c.n; i++) {
      for (int o = 0; o < c.out; o++) {
        for (int t = 0; t < c.lout; t++) {
          y[(i * c.out + o) * c.lout + t] += bias[o];
        }
      }
    }
    return Tensor.of(y, c.n, c.out, c.lout);
  }

  /** The geometry of a convolution and its three sums, shared with the rules. */
  record Conv(int n, int in, int length, int out, int k, int stride, int padding, int lout) {
    static Conv of(Tensor x, Tensor w, Tensor b, int stride, int padding) {
      int[] xs = x.shape();
      int[] ws = w.shape();
      if (xs.length != 3
          || ws.length != 3
          || ws[1] != xs[1]
          || b.shape().length != 1
          || b.shape()[0] != ws[0]) {
        throw new IllegalArgumentException(
            "conv1d needs x [n, in, length], w [out, in, k] and b"
                + " [out], got "
                + Arrays.toString(xs)
                + ", "
                + Arrays.toString(ws)
                + " and "
                + Arrays.toString(b.shape()));
      }
      if (stride < 1 || padding < 0) {
        throw new IllegalArgumentException(
            "conv1d needs stride >= 1 and padding >= 0, got " + stride + " and " + padding);
      }
      int span = xs[2] + 2 * padding - ws[2];
      if (ws[2] < 1 || span < 0) {
        throw new IllegalArgumentException(
            "conv1d's kernel of "
                + ws[2]
                + " does not fit an input of length "
                + xs[2]
                + " padded by "
                + padding);
      }
      return new Conv(xs[0], xs[1], xs[2], ws[0], ws[2], stride, padding, span / stride + 1);
    }

    /** Σ_c Σ_j w[o, c, j] x[i, c, t·stride + j − padding], without the bias. */
    double[] forward(double[] x, double[] w) {
      double[] y = new double[n * out * lout];
      for (int i = 0; i < n; i++) {
        for (int o = 0; o < out; o++) {
          for (int t = 0; t < lout; t++) {
            double s = 0;
            for (int c = 0; c < in; c++) {
              for (int j = 0; j < k; j++) {
                int at = t * stride + j - padding;
                if (at >= 0 && at < length) {
                  s += w[(o * in + c) * k + j] * x[(i * in + c) * length + at];
                }
              }
            }
            y[(i * out + o) * lout + t] = s;
          }
        }
      }
      return y;
    }

    /** The pullback to x of a seed g of the result's shape. */
    double[] backwardX(double[] w, double[] g) {
      double[] xBar = new double[n * in * length];
      for (int i = 0; i < n; i++) {
        for (int o = 0; o < out; o++) {
          for (int t = 0; t < lout; t++) {
            double gi = g[(i * out + o) * lout + t];
            for (int c = 0; c < in; c++) {
              for (int j = 0; j < k; j++) {
                int at = t * stride + j - padding;
                if (at >= 0 && at < length) {
                  xBar[(i * in + c) * length + at] += w[(o * in + c) * k + j] * gi;
                }
              }
            }
          }
        }
      }
      return xBar;
    }

    /** The pullback to w of a seed g of the result's shape. */
    double[] backwardW(double[] x, double[] g) {
      double[] wBar = new double[out * in * k];
      for (int i = 0; i < n; i++) {
        for (int o = 0; o < out; o++) {
          for (int t = 0; t < lout; t++) {
            double gi = g[(i * out + o) * lout + t];
            for (int c = 0; c < in; c++) {
              for (int j = 0; j < k; j++) {
                int at = t * stride + j - padding;
                if (at >= 0 && at < length) {
                  wBar[(o * in + c) * k + j] += x[(i * in + c) * length + at] * gi;
                }
              }
            }
          }
        }
      }
      return wBar;
    }
  }
}
