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

import dev.adjoint.PullbackOf;
import dev.adjoint.tensor.Tensor;
import java.util.Arrays;

/**
 * The pullbacks of {@link Layers}, declared with {@link PullbackOf}: each takes the layer's
 * parameters and the seed (the cotangent of the result, of its shape) and returns the seed pulled
 * back to one input. Ids, keys, strides and flags are not differentiated.
 */
public final class LayersPullbacks {
  private LayersPullbacks() {}

  private static void checkSeed(Tensor seed, int[] shape, String layer) {
    if (!Arrays.equals(seed.shape(), shape)) {
      throw new IllegalArgumentException(
          layer
              + "'s seed has shape "
              + Arrays.toString(seed.shape())
              + " but its result has shape "
              + Arrays.toString(shape));
    }
  }

  private static int[] denseShape(Tensor x, Tensor w) {
    int[] s = x.shape().clone();
    s[s.length - 1] = w.shape()[1];
    return s;
  }

  /**
   * seed · wᵀ.
   *
   * @param x the inputs, of shape [..., in]
   * @param w the weights, of shape [in, out]
   * @param b the biases, of shape [out]
   * @param seed the seed: the cotangent of {@code dense}'s result, of its shape
   * @return the seed pulled back to {@code x}, the vector-Jacobian product seedᵀ · ∂result/∂x, of
   *     {@code x}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "dense", wrt = "x")
  public static Tensor denseX(Tensor x, Tensor w, Tensor b, Tensor seed) {
    Layers.checkDense(x, w, b);
    checkSeed(seed, denseShape(x, w), "dense");
    return seed.reshape(-1, w.shape()[1]).matmul(w.transpose()).reshape(x.shape());
  }

  /**
   * xᵀ · seed, over all leading axes.
   *
   * @param x the inputs, of shape [..., in]
   * @param w the weights, of shape [in, out]
   * @param b the biases, of shape [out]
   * @param seed the seed: the cotangent of {@code dense}'s result, of its shape
   * @return the seed pulled back to {@code w}, the vector-Jacobian product seedᵀ · ∂result/∂w, of
   *     {@code w}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "dense", wrt = "w")
  public static Tensor denseW(Tensor x, Tensor w, Tensor b, Tensor seed) {
    Layers.checkDense(x, w, b);
    checkSeed(seed, denseShape(x, w), "dense");
    return x.reshape(-1, w.shape()[0]).transpose().matmul(seed.reshape(-1, w.shape()[1]));
  }

  /**
   * seed summed over all leading axes.
   *
   * @param x the inputs, of shape [..., in]
   * @param w the weights, of shape [in, out]
   * @param b the biases, of shape [out]
   * @param seed the seed: the cotangent of {@code dense}'s result, of its shape
   * @return the seed pulled back to {@code b}, the vector-Jacobian product seedᵀ · ∂result/∂b, of
   *     {@code b}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "dense", wrt = "b")
  public static Tensor denseB(Tensor x, Tensor w, Tensor b, Tensor seed) {
    Layers.checkDense(x, w, b);
    checkSeed(seed, denseShape(x, w), "dense");
    return seed.reshape(-1, w.shape()[1]).sum(0);
  }

  /**
   * The seed's rows added into the rows of a zero table at the ids (repeated ids add up).
   *
   * @param table one row of {@code dimension} values per id, of shape [vocabulary, dimension]
   * @param ids the rows to look up, each in [0, vocabulary)
   * @param seed the seed: the cotangent of {@code embedding}'s result, of its shape
   * @return the seed pulled back to {@code table}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂table, of {@code table}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "embedding", wrt = "table")
  public static Tensor embeddingTable(Tensor table, int[] ids, Tensor seed) {
    int[] s = Layers.checkTable(table);
    checkSeed(seed, new int[] {ids.length, s[1]}, "embedding");
    int d = s[1];
    double[] g = seed.toArray();
    double[] out = new double[s[0] * d];
    for (int i = 0; i < ids.length; i++) {
      int id = Layers.checkId(ids[i], s[0], i);
      for (int j = 0; j < d; j++) {
        out[id * d + j] += g[i * d + j];
      }
    }
    return Tensor.of(out, s);
  }

  /**
   * Per row, with g = seed·gamma: (g − mean(g) − x̂·mean(g·x̂)) / σ.
   *
   * @param x the inputs, of shape [..., d]
   * @param gamma the scale of each of the d features
   * @param beta the shift of each of the d features
   * @param eps the small non-negative number added to the variance, for stability (PyTorch's
   *     default is 1e-5)
   * @param seed the seed: the cotangent of {@code layerNorm}'s result, of its shape
   * @return the seed pulled back to {@code x}, the vector-Jacobian product seedᵀ · ∂result/∂x, of
   *     {@code x}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "layerNorm", wrt = "x")
  public static Tensor layerNormX(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor seed) {
    Layers.Norm n = Layers.Norm.of(x, gamma, beta, eps);
    checkSeed(seed, x.shape(), "layerNorm");
    double[] s = seed.toArray();
    double[] gm = gamma.toArray();
    double[] out = new double[s.length];
    int d = n.d;
    for (int r = 0; r < n.rows; r++) {
      double meanG = 0;
      double meanGx = 0;
      for (int j = 0; j < d; j++) {
        double g = s[r * d + j] * gm[j];
        meanG += g;
        meanGx += g * n.xhat[r * d + j];
      }
      meanG /= d;
      meanGx /= d;
      for (int j = 0; j < d; j++) {
        int k = r * d + j;
        out[k] = (s[k] * gm[j] - meanG - n.xhat[k] * meanGx) / n.sigma[r];
      }
    }
    return Tensor.of(out, x.shape());
  }

  /**
   * Σ over rows of seed·x̂.
   *
   * @param x the inputs, of shape [..., d]
   * @param gamma the scale of each of the d features
   * @param beta the shift of each of the d features
   * @param eps the small non-negative number added to the variance, for stability (PyTorch's
   *     default is 1e-5)
   * @param seed the seed: the cotangent of {@code layerNorm}'s result, of its shape
   * @return the seed pulled back to {@code gamma}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂gamma, of {@code gamma}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "layerNorm", wrt = "gamma")
  public static Tensor layerNormGamma(
      Tensor x, Tensor gamma, Tensor beta, double eps, Tensor seed) {
    Layers.Norm n = Layers.Norm.of(x, gamma, beta, eps);
    checkSeed(seed, x.shape(), "layerNorm");
    double[] s = seed.toArray();
    double[] out = new double[n.d];
    for (int k = 0; k < s.length; k++) {
      out[k % n.d] += s[k] * n.xhat[k];
    }
    return Tensor.of(out, n.d);
  }

  /**
   * Σ over rows of seed.
   *
   * @param x the inputs, of shape [..., d]
   * @param gamma the scale of each of the d features
   * @param beta the shift of each of the d features
   * @param eps the small non-negative number added to the variance, for stability (PyTorch's
   *     default is 1e-5)
   * @param seed the seed: the cotangent of {@code layerNorm}'s result, of its shape
   * @return the seed pulled back to {@code beta}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂beta, of {@code beta}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "layerNorm", wrt = "beta")
  public static Tensor layerNormBeta(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor seed) {
    Layers.Norm n = Layers.Norm.of(x, gamma, beta, eps);
    checkSeed(seed, x.shape(), "layerNorm");
    double[] s = seed.toArray();
    double[] out = new double[n.d];
    for (int k = 0; k < s.length; k++) {
      out[k % n.d] += s[k];
    }
    return Tensor.of(out, n.d);
  }

  /**
   * Σ seed·gamma·(x − mean)·(−½)(var + eps)^(−3/2).
   *
   * @param x the inputs, of shape [..., d]
   * @param gamma the scale of each of the d features
   * @param beta the shift of each of the d features
   * @param eps the small non-negative number added to the variance, for stability (PyTorch's
   *     default is 1e-5)
   * @param seed the seed: the cotangent of {@code layerNorm}'s result, of its shape
   * @return the seed pulled back to {@code eps}, the vector-Jacobian product seedᵀ · ∂result/∂eps,
   *     of {@code eps}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "layerNorm", wrt = "eps")
  public static double layerNormEps(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor seed) {
    Layers.Norm n = Layers.Norm.of(x, gamma, beta, eps);
    checkSeed(seed, x.shape(), "layerNorm");
    double[] s = seed.toArray();
    double[] gm = gamma.toArray();
    double sum = 0;
    for (int k = 0; k < s.length; k++) {
      double sigma = n.sigma[k / n.d];
      sum += s[k] * gm[k % n.d] * n.xc[k] * -0.5 / (sigma * sigma * sigma);
    }
    return sum;
  }

  /**
   * seed·mask / (1 − p) in training, else the seed.
   *
   * @param x the inputs, of any shape
   * @param p the probability that an element is dropped, in [0, 1]
   * @param key the seed of the mask
   * @param training whether to drop (in training) or pass x through (in evaluation)
   * @param seed the seed: the cotangent of {@code dropout}'s result, of its shape
   * @return the seed pulled back to {@code x}, the vector-Jacobian product seedᵀ · ∂result/∂x, of
   *     {@code x}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "dropout", wrt = "x")
  public static Tensor dropoutX(Tensor x, double p, long key, boolean training, Tensor seed) {
    Layers.checkP(p);
    checkSeed(seed, x.shape(), "dropout");
    return Layers.dropout(seed, p, key, training);
  }

  /**
   * Σ seed·mask·x / (1 − p)², the derivative of the scale (the mask is piecewise constant in p); 0
   * outside training and at p = 1 (where everything is dropped).
   *
   * @param x the inputs, of any shape
   * @param p the probability that an element is dropped, in [0, 1]
   * @param key the seed of the mask
   * @param training whether to drop (in training) or pass x through (in evaluation)
   * @param seed the seed: the cotangent of {@code dropout}'s result, of its shape
   * @return the seed pulled back to {@code p}, the vector-Jacobian product seedᵀ · ∂result/∂p, of
   *     {@code p}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "dropout", wrt = "p")
  public static double dropoutP(Tensor x, double p, long key, boolean training, Tensor seed) {
    Layers.checkP(p);
    checkSeed(seed, x.shape(), "dropout");
    if (!training || p == 1) {
      return 0;
    }
    double[] v = x.toArray();
    double[] s = seed.toArray();
    boolean[] keep = Layers.mask(key, v.length, p);
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      if (keep[i]) {
        sum += s[i] * v[i];
      }
    }
    return sum / ((1 - p) * (1 - p));
  }

  /**
   * The pullback of {@link Layers#conv1d} with respect to {@code x}.
   *
   * @param x the inputs, of shape [n, in, length]
   * @param w the kernels, of shape [out, in, k]
   * @param b the biases, of shape [out]
   * @param stride the step between the kernel's positions, 1 or more
   * @param padding the number of zeros added at each end of the length, 0 or more
   * @param seed the seed: the cotangent of {@code conv1d}'s result, of its shape
   * @return the seed pulled back to {@code x}, the vector-Jacobian product seedᵀ · ∂result/∂x, of
   *     {@code x}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "conv1d", wrt = "x")
  public static Tensor conv1dX(Tensor x, Tensor w, Tensor b, int stride, int padding, Tensor seed) {
    Layers.Conv c = Layers.Conv.of(x, w, b, stride, padding);
    checkSeed(seed, new int[] {c.n(), c.out(), c.lout()}, "conv1d");
    return Tensor.of(c.backwardX(w.toArray(), seed.toArray()), x.shape());
  }

  /**
   * The pullback of {@link Layers#conv1d} with respect to {@code w}.
   *
   * @param x the inputs, of shape [n, in, length]
   * @param w the kernels, of shape [out, in, k]
   * @param b the biases, of shape [out]
   * @param stride the step between the kernel's positions, 1 or more
   * @param padding the number of zeros added at each end of the length, 0 or more
   * @param seed the seed: the cotangent of {@code conv1d}'s result, of its shape
   * @return the seed pulled back to {@code w}, the vector-Jacobian product seedᵀ · ∂result/∂w, of
   *     {@code w}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "conv1d", wrt = "w")
  public static Tensor conv1dW(Tensor x, Tensor w, Tensor b, int stride, int padding, Tensor seed) {
    Layers.Conv c = Layers.Conv.of(x, w, b, stride, padding);
    checkSeed(seed, new int[] {c.n(), c.out(), c.lout()}, "conv1d");
    return Tensor.of(c.backwardW(x.toArray(), seed.toArray()), w.shape());
  }

  /**
   * seed summed over the batch and the positions.
   *
   * @param x the inputs, of shape [n, in, length]
   * @param w the kernels, of shape [out, in, k]
   * @param b the biases, of shape [out]
   * @param stride the step between the kernel's positions, 1 or more
   * @param padding the number of zeros added at each end of the length, 0 or more
   * @param seed the seed: the cotangent of {@code conv1d}'s result, of its shape
   * @return the seed pulled back to {@code b}, the vector-Jacobian product seedᵀ · ∂result/∂b, of
   *     {@code b}'s type and shape
   */
  @PullbackOf(type = Layers.class, method = "conv1d", wrt = "b")
  public static Tensor conv1dB(Tensor x, Tensor w, Tensor b, int stride, int padding, Tensor seed) {
    Layers.Conv c = Layers.Conv.of(x, w, b, stride, padding);
    checkSeed(seed, new int[] {c.n(), c.out(), c.lout()}, "conv1d");
    return seed.sum(2).sum(0);
  }
}
