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
package dev.adjoint.spark;

import java.io.Serializable;

/**
 * Which examples a training step uses: all of them ({@link #fullBatch()}), or a mini-batch in which
 * each example is drawn independently with probability {@code fraction} ({@link #miniBatch}).
 *
 * <p>Whether example {@code i} (its position in the data set) is in the batch of step {@code t}
 * depends only on the seed, t and i, through a hash: not on how the data is partitioned, nor on the
 * order in which partitions run. So a mini-batch run gives the same batches on one machine and on
 * any number of Spark partitions, and the same batches again with the same seed.
 *
 * @param fraction the probability that an example is in a step's batch, in (0, 1]; 1 for the full
 *     batch
 * @param seed the seed of the batches
 * @serial exclude
 */
public record Sampling(double fraction, long seed) implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  /**
   * Checks the fraction.
   *
   * @param fraction the probability that an example is in a step's batch, in (0, 1]
   * @param seed the seed of the batches
   * @throws IllegalArgumentException if {@code fraction} is not in (0, 1]
   */
  public Sampling {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
    }
  }

  /**
   * Every step uses every example.
   *
   * @return the sampling whose batches are the whole data set
   */
  public static Sampling fullBatch() {
    return new Sampling(1.0, 0);
  }

  /**
   * Each step uses each example with probability {@code fraction}, so about {@code fraction · n} of
   * n examples (for a batch of b examples out of n, {@code fraction = (double) b / n}).
   *
   * @param fraction the probability that an example is in a step's batch, in (0, 1]
   * @param seed the seed of the batches: the same seed draws the same batches
   * @return the sampling of seeded mini-batches
   * @throws IllegalArgumentException if {@code fraction} is not in (0, 1]
   */
  public static Sampling miniBatch(double fraction, long seed) {
    return new Sampling(fraction, seed);
  }

  /**
   * Whether every step uses every example.
   *
   * @return whether {@code fraction} is 1
   */
  public boolean isFullBatch() {
    return fraction == 1.0;
  }

  /**
   * Whether the batch of step {@code step} holds the example at position {@code index}.
   *
   * @param step the training step, counting from 0
   * @param index the example's position in the data set, counting from 0
   * @return whether that example is in that step's batch
   */
  public boolean includes(long step, long index) {
    if (isFullBatch()) {
      return true;
    }
    long h = mix(mix(seed + step * GOLDEN_GAMMA) + index * GOLDEN_GAMMA);
    return (h >>> 11) * 0x1.0p-53 < fraction;
  }

  /**
   * SplitMix64's finaliser: a bijection of longs whose output bits all depend on every input bit.
   */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
