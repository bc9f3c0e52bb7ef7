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
package dev.adjoint.train;

/**
 * The loss a {@link Trainer} minimises, one batch at a time: {@link #lossAndGradient} adds the
 * gradient of the batch's <em>mean</em> loss into the gradients of the optimizer's parameters (the
 * trainer has set them to zero) and returns that mean loss. For a tensor model, call the generated
 * gradient and add its components with {@code TensorParameter.addGrad}:
 *
 * <pre>{@code
 * BatchLoss<Batch<Integer>> loss = batch -> {
 *   var g = ModelAdjoint.lossGradient(w.tensor(), b.tensor(), batch.rows(x), batch.select(labels));
 *   w.addGrad(g.w());
 *   b.addGrad(g.b());
 *   return g.value();
 * };
 * }</pre>
 *
 * <p>For a loss written per example, {@link #perExample} calls its pullback with seed 1/n.
 *
 * @param <B> the type of a batch
 */
@FunctionalInterface
public interface BatchLoss<B> {

  /**
   * Adds ∇(mean loss of {@code batch}) into the parameters' gradients and returns the mean loss.
   *
   * @param batch the batch of this step
   * @return the batch's mean loss at the current parameters
   */
  double lossAndGradient(B batch);

  /**
   * The mean of a per-example loss over a {@link Batch}: calls {@code pullback(example, 1.0 / n)}
   * for each of the batch's n examples, in batch order, and returns the mean of the losses.
   *
   * @param <E> the type of one example
   * @param pullback the per-example loss, adding its seeded gradient (a generated pullback, say)
   * @return the batch loss
   */
  static <E> BatchLoss<Batch<E>> perExample(ExamplePullback<? super E> pullback) {
    return batch -> {
      int n = batch.size();
      double seed = 1.0 / n;
      double sum = 0;
      for (E example : batch.examples()) {
        sum += pullback.pullback(example, seed);
      }
      return sum / n;
    };
  }
}
