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

import dev.adjoint.TangentOf;
import dev.adjoint.tensor.Tensor;

/**
 * The tangent rules of {@link Layers}, declared with {@link TangentOf}: each takes the layer's
 * parameters, then one tangent per tensor or {@code double} parameter ({@code null} or 0 for zero),
 * and returns the tangent of the result (never {@code null}).
 */
public final class LayersTangents {
  private LayersTangents() {}

  /**
   * xDot·w + x·wDot + bDot.
   *
   * @param x the inputs, of shape [..., in]
   * @param w the weights, of shape [in, out]
   * @param b the biases, of shape [out]
   * @param xDot the tangent of {@code x}, of its shape ({@code null} for zero)
   * @param wDot the tangent of {@code w}, of its shape ({@code null} for zero)
   * @param bDot the tangent of {@code b}, of its shape ({@code null} for zero)
   * @return the tangent of {@code dense}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Layers.class, method = "dense")
  public static Tensor dense(Tensor x, Tensor w, Tensor b, Tensor xDot, Tensor wDot, Tensor bDot) {
    int[] s = Layers.checkDense(x, w, b);
    int in = w.shape()[0];
    int out = w.shape()[1];
    int[] shape = s.clone();
    shape[shape.length - 1] = out;
    Tensor t = Tensor.zeros(x.reshape(-1, in).shape()[0], out);
    if (xDot != null) {
      t = t.add(xDot.reshape(-1, in).matmul(w));
    }
    if (wDot != null) {
      t = t.add(x.reshape(-1, in).matmul(wDot));
    }
    if (bDot != null) {
      t = t.add(bDot);
    }
    return t.reshape(shape);
  }

  /**
   * The rows of tableDot at the ids.
   *
   * @param table one row of {@code dimension} values per id, of shape [vocabulary, dimension]
   * @param ids the rows to look up, each in [0, vocabulary)
   * @param tableDot the tangent of {@code table}, of its shape ({@code null} for zero)
   * @return the tangent of {@code embedding}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Layers.class, method = "embedding")
  public static Tensor embedding(Tensor table, int[] ids, Tensor tableDot) {
    if (tableDot == null) {
      int[] s = Layers.checkTable(table);
      for (int i = 0; i < ids.length; i++) {
        Layers.checkId(ids[i], s[0], i);
      }
      return Tensor.zeros(ids.length, s[1]);
    }
    return Layers.embedding(tableDot, ids);
  }

  /**
   * gamma·x̂Dot + gammaDot·x̂ + betaDot, with x̂Dot = ẋc/σ − x̂·σ̇/σ, ẋc = ẋ − mean(ẋ) and σ̇ =
   * (2·mean(xc·ẋc) + ε̇) / (2σ).
   *
   * @param x the inputs, of shape [..., d]
   * @param gamma the scale of each of the d features
   * @param beta the shift of each of the d features
   * @param eps the small non-negative number added to the variance, for stability (PyTorch's
   *     default is 1e-5)
   * @param xDot the tangent of {@code x}, of its shape ({@code null} for zero)
   * @param gammaDot the tangent of {@code gamma}, of its shape ({@code null} for zero)
   * @param betaDot the tangent of {@code beta}, of its shape ({@code null} for zero)
   * @param epsDot the tangent of {@code eps} (0 for zero)
   * @return the tangent of {@code layerNorm}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Layers.class, method = "layerNorm")
  public static Tensor layerNorm(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      double eps,
      Tensor xDot,
      Tensor gammaDot,
      Tensor betaDot,
      double epsDot) {
    Layers.Norm n = Layers.Norm.of(x, gamma, beta, eps);
    double[] gm = gamma.toArray();
    double[] xd = xDot == null ? null : xDot.toArray();
    double[] gd = gammaDot == null ? null : gammaDot.toArray();
    double[] bd = betaDot == null ? null : betaDot.toArray();
    int d = n.d;
    double[] out = new double[n.xhat.length];
    double[] xcDot = new double[d];
    for (int r = 0; r < n.rows; r++) {
      double sigma = n.sigma[r];
      double mean = 0;
      if (xd != null) {
        for (int j = 0; j < d; j++) {
          mean += xd[r * d + j];
        }
        mean /= d;
      }
      double cov = 0;
      for (int j = 0; j < d; j++) {
        xcDot[j] = xd == null ? 0 : xd[r * d + j] - mean;
        cov += n.xc[r * d + j] * xcDot[j];
      }
      double sigmaDot = (2 * cov / d + epsDot) / (2 * sigma);
      for (int j = 0; j < d; j++) {
        int k = r * d + j;
        double xhatDot = xcDot[j] / sigma - n.xhat[k] * sigmaDot / sigma;
        double t = gm[j] * xhatDot;
        if (gd != null) {
          t += gd[j] * n.xhat[k];
        }
        if (bd != null) {
          t += bd[j];
        }
        out[k] = t;
      }
    }
    return Tensor.of(out, x.shape());
  }

  /**
   * dropout(xDot) + pDot·mask·x/(1 − p)² in training; xDot otherwise.
   *
   * @param x the inputs, of any shape
   * @param p the probability that an element is dropped, in [0, 1]
   * @param key the seed of the mask
   * @param training whether to drop (in training) or pass x through (in evaluation)
   * @param xDot the tangent of {@code x}, of its shape ({@code null} for zero)
   * @param pDot the tangent of {@code p} (0 for zero)
   * @return the tangent of {@code dropout}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Layers.class, method = "dropout")
  public static Tensor dropout(
      Tensor x, double p, long key, boolean training, Tensor xDot, double pDot) {
    Layers.checkP(p);
    if (!training || p == 0 && pDot == 0) {
      return xDot == null ? Tensor.zeros(x.shape()) : xDot;
    }
    double[] v = x.toArray();
    double[] xd = xDot == null ? null : xDot.toArray();
    boolean[] keep = Layers.mask(key, v.length, p);
    double scale = p == 1 ? 0 : 1 / (1 - p);
    double dScale = p == 1 ? 0 : pDot / ((1 - p) * (1 - p));
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      if (keep[i]) {
        out[i] = (xd == null ? 0 : xd[i] * scale) + v[i] * dScale;
      }
    }
    return Layers.shaped(out, x.shape());
  }

  /**
   * conv(xDot, w) + conv(x, wDot) + bDot at every position.
   *
   * @param x the inputs, of shape [n, in, length]
   * @param w the kernels, of shape [out, in, k]
   * @param b the biases, of shape [out]
   * @param stride the step between the kernel's positions, 1 or more
   * @param padding the number of zeros added at each end of the length, 0 or more
   * @param xDot the tangent of {@code x}, of its shape ({@code null} for zero)
   * @param wDot the tangent of {@code w}, of its shape ({@code null} for zero)
   * @param bDot the tangent of {@code b}, of its shape ({@code null} for zero)
   * @return the tangent of {@code conv1d}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Layers.class, method = "conv1d")
  public static Tensor conv1d(
      Tensor x,
      Tensor w,
      Tensor b,
      int stride,
      int padding,
      Tensor xDot,
      Tensor wDot,
      Tensor bDot) {
    Layers.Conv c = Layers.Conv.of(x, w, b, stride, padding);
    double[] out = new double[c.n() * c.out() * c.lout()];
    if (xDot != null) {
      double[] y = c.forward(xDot.toArray(), w.toArray());
      for (int i = 0; i < out.length; i++) {
        out[i] += y[i];
      }
    }
    if (wDot != null) {
      double[] y = c.forward(x.toArray(), wDot.toArray());
      for (int i = 0; i < out.length; i++) {
        out[i] += y[i];
      }
    }
    if (bDot != null) {
      double[] bias = bDot.toArray();
      for (int i = 0; i < out.length; i++) {
        out[i] += bias[(i / c.lout()) % c.out()];
      }
    }
    return Tensor.of(out, c.n(), c.out(), c.lout());
  }
}
