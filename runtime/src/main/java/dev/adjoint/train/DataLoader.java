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

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batches over an in-memory data set (PyTorch's {@code DataLoader} over a map-style data set):
 * each epoch visits every example once, in batches of {@link #batchSize()} (the last one smaller
 * unless {@link #dropLast} is set), in order or in a shuffled order.
 *
 * <p>The order of epoch e is a Fisher–Yates shuffle driven by a {@link SplittableRandom} seeded
 * from the trainer's seed and e only, so it is the same on every run with that seed, and a run
 * resumed at epoch e, batch i continues with the batches an uninterrupted run would have used.
 *
 * <pre>{@code
 * DataLoader<Example> loader = DataLoader.of(examples).batchSize(32).shuffle(true);
 * DataLoader<Integer> rows = DataLoader.range(x.shape()[0]).batchSize(64);  // for tensor rows:
 * // batch -> ... batch.rows(x) ... batch.select(labels) ...
 * }</pre>
 *
 * <p>Instances are immutable; the configuring methods return copies.
 *
 * @param <E> the type of one example
 */
public final class DataLoader<E> implements Batches<Batch<E>> {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final List<E> data;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  // The order of the last epoch asked for, kept so that a batch costs O(batch size).
  private transient long cachedSeed;
  private transient int cachedEpoch = -1;
  private transient int[] cachedOrder;

  private DataLoader(List<E> data, int batchSize, boolean shuffle, boolean dropLast) {
    this.data = data;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
  }

  /**
   * Batches of 1 over {@code data} in order (used directly, not copied; position i is example i).
   *
   * @param <E> the type of one example
   * @param data the data set
   * @return a loader; set its batch size and shuffling with the copying methods
   * @throws IllegalArgumentException if {@code data} is empty
   */
  public static <E> DataLoader<E> of(List<E> data) {
    Objects.requireNonNull(data, "data");
    if (data.isEmpty()) {
      throw new IllegalArgumentException("the data set is empty");
    }
    return new DataLoader<>(data, 1, false, false);
  }

  /**
   * {@link #of(List)} over the elements of an array (not copied).
   *
   * @param <E> the type of one example
   * @param data the data set
   * @return a loader; set its batch size and shuffling with the copying methods
   * @throws IllegalArgumentException if {@code data} is empty
   */
  @SafeVarargs
  public static <E> DataLoader<E> of(E... data) {
    return of(List.of(data));
  }

  /**
   * Batches over the positions 0 … n − 1, for a data set held in arrays or tensor rows: gather a
   * batch with {@link Batch#rows}, {@link Batch#select} or {@link Batch#indices()}.
   *
   * @param n the number of examples, 1 or more
   * @return a loader whose examples are the positions
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static DataLoader<Integer> range(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("the data set is empty: n = " + n);
    }
    return of(
        new AbstractList<Integer>() {
          @Override
          public Integer get(int i) {
            return Objects.checkIndex(i, n);
          }

          @Override
          public int size() {
            return n;
          }
        });
  }

  /**
   * A copy with batches of {@code batchSize} examples.
   *
   * @param batchSize the number of examples per batch, 1 or more
   * @return the copy
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public DataLoader<E> batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    return new DataLoader<>(data, batchSize, shuffle, dropLast);
  }

  /**
   * A copy that shuffles each epoch (true) or keeps the data set's order (false).
   *
   * @param shuffle whether to shuffle, by the trainer's seed and the epoch
   * @return the copy
   */
  public DataLoader<E> shuffle(boolean shuffle) {
    return new DataLoader<>(data, batchSize, shuffle, dropLast);
  }

  /**
   * A copy that drops the last batch of an epoch when it is smaller than the batch size (true), or
   * keeps it (false, the default).
   *
   * @param dropLast whether to drop a smaller last batch
   * @return the copy
   * @throws IllegalArgumentException if dropping would leave no batch at all
   */
  public DataLoader<E> dropLast(boolean dropLast) {
    if (dropLast && data.size() < batchSize) {
      throw new IllegalArgumentException(
          "dropLast with "
              + data.size()
              + " examples and batches of "
              + batchSize
              + " leaves no batch");
    }
    return new DataLoader<>(data, batchSize, shuffle, dropLast);
  }

  /**
   * The data set.
   *
   * @return the data set, as given
   */
  public List<E> data() {
    return data;
  }

  /**
   * The number of examples in a full batch.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Whether each epoch is shuffled.
   *
   * @return whether batches are drawn in a shuffled order
   */
  public boolean isShuffled() {
    return shuffle;
  }

  @Override
  public int count() {
    int n = data.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  @Override
  public Batch<E> batch(long seed, int epoch, int index) {
    Objects.checkIndex(index, count());
    if (epoch < 0) {
      throw new IllegalArgumentException("negative epoch: " + epoch);
    }
    int from = index * batchSize;
    int to = Math.min(from + batchSize, data.size());
    int[] indices = new int[to - from];
    if (shuffle) {
      int[] order = order(seed, epoch);
      System.arraycopy(order, from, indices, 0, indices.length);
    } else {
      for (int i = 0; i < indices.length; i++) {
        indices[i] = from + i;
      }
    }
    return new Batch<>(data, indices, epoch, index);
  }

  @Override
  public long size(Batch<E> batch) {
    return batch.size();
  }

  /**
   * The order of the examples in epoch {@code epoch} for seed {@code seed}.
   *
   * @param seed the trainer's seed
   * @param epoch the epoch, from 0
   * @return a new array of the positions in the epoch's order (0, 1, ... when not shuffled)
   */
  public int[] order(long seed, int epoch) {
    synchronized (this) {
      if (cachedOrder != null && cachedSeed == seed && cachedEpoch == epoch) {
        return cachedOrder;
      }
    }
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom rng = new SplittableRandom(seed + (epoch + 1L) * GOLDEN_GAMMA);
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    synchronized (this) {
      cachedSeed = seed;
      cachedEpoch = epoch;
      cachedOrder = order;
    }
    return order;
  }

  @Override
  public String toString() {
    return "DataLoader["
        + data.size()
        + " examples, batches of "
        + batchSize
        + (shuffle ? ", shuffled" : "")
        + (dropLast ? ", drop last" : "")
        + "]";
  }
}
