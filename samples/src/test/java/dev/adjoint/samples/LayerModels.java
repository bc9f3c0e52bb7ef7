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
package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Layers;
import dev.adjoint.nn.Losses;
import dev.adjoint.tensor.Tensor;

/**
 * Models built from {@link Layers}, for the processor: it must find the layers' pullbacks and
 * tangent rules and generate gradients and forward modes through them ({@code LayerModelsTest}
 * checks them against finite differences).
 */
public final class LayerModels {
  private LayerModels() {}

  /** Token embeddings, layer norm, dropout and a dense classifier over the tokens' classes. */
  @Differentiable(wrt = {"table", "gamma", "beta", "w", "b"})
  public static double tokens(
      Tensor table,
      Tensor gamma,
      Tensor beta,
      Tensor w,
      Tensor b,
      int[] ids,
      int[] labels,
      long key) {
    Tensor h = Layers.embedding(table, ids);
    h = Layers.layerNorm(h, gamma, beta, 1e-5);
    h = Layers.dropout(h, 0.25, key, true);
    return Losses.softmaxCrossEntropy(Layers.dense(h, w, b), labels);
  }

  /** A 1-D convolution, tanh, mean over positions, then a dense regression. */
  @Differentiable(wrt = {"w", "b", "v", "c"})
  public static double sequences(Tensor x, Tensor w, Tensor b, Tensor v, Tensor c, Tensor y) {
    Tensor h = Layers.conv1d(x, w, b, 1, 1).tanh();
    return Losses.mseMean(Layers.dense(h.mean(2), v, c), y);
  }
}
