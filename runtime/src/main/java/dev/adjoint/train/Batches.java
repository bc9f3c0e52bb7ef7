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
 * The batches of one epoch, in order, for a {@link Trainer}: {@link #count()} of them, the i-th of
 * epoch e being {@link #batch(long, int, int) batch(seed, e, i)}. A batch must depend only on the
 * seed, the epoch and its index, so that a run resumed from a checkpoint (which holds the seed, the
 * epoch and the index of the next batch) sees exactly the batches an uninterrupted run would.
 * {@link DataLoader} is the implementation over an in-memory data set.
 *
 * @param <B> the type of a batch
 */
public interface Batches<B> {

  /**
   * The number of batches in an epoch.
   *
   * @return the number of batches per epoch, 1 or more
   */
  int count();

  /**
   * Batch {@code index} (from 0) of epoch {@code epoch} (from 0) for shuffling seed {@code seed}.
   *
   * @param seed the trainer's seed
   * @param epoch the epoch, from 0
   * @param index the batch's index in the epoch, from 0
   * @return the batch, the same for the same arguments
   */
  B batch(long seed, int epoch, int index);

  /**
   * The number of examples in {@code batch}, for the throughput that progress reports; a batch of 0
   * examples takes no optimizer step. The trainer asks after computing the batch's loss, so a batch
   * whose size is only known once evaluated may answer then.
   *
   * @param batch a batch this object made
   * @return its number of examples
   */
  long size(B batch);
}
