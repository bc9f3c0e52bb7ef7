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

import dev.adjoint.tensor.Tensor;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/**
 * One mini-batch of a {@link DataLoader}: the positions of its examples in the data set ({@link
 * #indices()}, in batch order) and the examples themselves ({@link #examples()}). For a data set
 * held in arrays or tensors, {@link #rows(Tensor)}, {@link #select(int[])} and {@link
 * #select(double[])} gather the batch's rows.
 *
 * @param <E> the type of one example
 */
public final class Batch<E> {
  private final List<E> data;
  private final int[] indices;
  private final int epoch;
  private final int index;

  Batch(List<E> data, int[] indices, int epoch, int index) {
    this.data = data;
    this.indices = indices;
    this.epoch = epoch;
    this.index = index;
  }

  /**
   * The number of examples.
   *
   * @return the batch's size, 0 or more
   */
  public int size() {
    return indices.length;
  }

  /**
   * The examples' positions in the data set (a copy).
   *
   * @return a new array of positions, in batch order
   */
  public int[] indices() {
    return indices.clone();
  }

  /**
   * The position in the data set of the batch's {@code i}-th example.
   *
   * @param i the example's place in the batch, from 0
   * @return its position in the data set
   */
  public int index(int i) {
    return indices[i];
  }

  /**
   * The examples, in batch order (a view, not a copy).
   *
   * @return a read-only view of the examples
   */
  public List<E> examples() {
    return new AbstractList<>() {
      @Override
      public E get(int i) {
        return data.get(indices[i]);
      }

      @Override
      public int size() {
        return indices.length;
      }
    };
  }

  /**
   * The epoch this batch belongs to, from 0.
   *
   * @return the epoch, from 0
   */
  public int epoch() {
    return epoch;
  }

  /**
   * Its index within the epoch, from 0.
   *
   * @return the batch's index in its epoch, from 0
   */
  public int indexInEpoch() {
    return index;
  }

  /**
   * The rows of {@code all} (the whole data set along its first dimension) at this batch's
   * positions, as a new tensor of shape [size, ...].
   *
   * @param all the whole data set, one example per row along the first dimension
   * @return a new tensor of the batch's rows
   * @throws IllegalArgumentException if {@code all} is a scalar
   * @throws IndexOutOfBoundsException if a position is not a row of {@code all}
   */
  public Tensor rows(Tensor all) {
    Objects.requireNonNull(all, "all");
    int[] shape = all.shape();
    if (shape.length == 0) {
      throw new IllegalArgumentException("rows needs a tensor of rank 1 or more, got shape []");
    }
    int row = 1;
    for (int d = 1; d < shape.length; d++) {
      row *= shape[d];
    }
    double[] source = all.toArray();
    double[] out = new double[indices.length * row];
    for (int i = 0; i < indices.length; i++) {
      Objects.checkIndex(indices[i], shape[0]);
      System.arraycopy(source, indices[i] * row, out, i * row, row);
    }
    int[] s = shape.clone();
    s[0] = indices.length;
    return Tensor.of(out, s);
  }

  /**
   * {@code all[indices[i]]} for each i: the batch's labels, say.
   *
   * @param all one value per example of the data set
   * @return a new array of the batch's values
   */
  public int[] select(int[] all) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = all[indices[i]];
    }
    return out;
  }

  /**
   * {@code all[indices[i]]} for each i: the batch's targets, say.
   *
   * @param all one value per example of the data set
   * @return a new array of the batch's values
   */
  public double[] select(double[] all) {
    double[] out = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = all[indices[i]];
    }
    return out;
  }

  /**
   * {@code all[indices[i]]} for each i: the batch's feature rows (not copied).
   *
   * @param all one row per example of the data set
   * @return a new array of the batch's rows
   */
  public double[][] select(double[][] all) {
    double[][] out = new double[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      out[i] = all[indices[i]];
    }
    return out;
  }

  @Override
  public String toString() {
    return "Batch[epoch " + epoch + ", index " + index + ", " + indices.length + " examples]";
  }
}
