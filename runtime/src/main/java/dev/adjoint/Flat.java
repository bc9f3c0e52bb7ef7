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
package dev.adjoint;

import dev.adjoint.tensor.Tensor;

/**
 * Flattens a method's differentiated inputs into one vector, in declaration order (a {@code double}
 * is one entry, a {@code double[]} its elements, a {@code double[][]} its rows one after the other,
 * a {@code Tensor} its elements in row-major order), as Jacobians, Hessians and Hessian-vector
 * products index them. Called by generated code.
 */
public final class Flat {
  private Flat() {}

  /**
   * The number of entries a {@code double[]} input takes: its length.
   *
   * @param a an input
   * @return {@code a.length}
   */
  public static int size(double[] a) {
    return a.length;
  }

  /**
   * The number of entries a {@code double[][]} input takes: the sum of its rows' lengths.
   *
   * @param m an input
   * @return the number of its elements
   */
  public static int size(double[][] m) {
    int n = 0;
    for (double[] row : m) {
      n += row.length;
    }
    return n;
  }

  /**
   * Copies {@code into.length} entries of {@code flat} from {@code offset}; returns the next.
   *
   * @param flat the flattened vector
   * @param offset where {@code into}'s entries start in {@code flat}
   * @param into the input filled, modified
   * @return the offset after them
   */
  public static int read(double[] flat, int offset, double[] into) {
    System.arraycopy(flat, offset, into, 0, into.length);
    return offset + into.length;
  }

  /**
   * Fills the rows of {@code into} from {@code flat}, starting at {@code offset}.
   *
   * @param flat the flattened vector
   * @param offset where {@code into}'s entries start in {@code flat}
   * @param into the input filled row by row, modified
   * @return the offset after them
   */
  public static int read(double[] flat, int offset, double[][] into) {
    for (double[] row : into) {
      offset = read(flat, offset, row);
    }
    return offset;
  }

  /**
   * Copies {@code from} into {@code flat} at {@code offset}; returns the next offset.
   *
   * @param from the input copied
   * @param flat the flattened vector, modified
   * @param offset where {@code from}'s entries start in {@code flat}
   * @return the offset after them
   */
  public static int write(double[] from, double[] flat, int offset) {
    System.arraycopy(from, 0, flat, offset, from.length);
    return offset + from.length;
  }

  /**
   * Copies the rows of {@code from} into {@code flat} at {@code offset}, one after the other.
   *
   * @param from the input copied
   * @param flat the flattened vector, modified
   * @param offset where {@code from}'s entries start in {@code flat}
   * @return the offset after them
   */
  public static int write(double[][] from, double[] flat, int offset) {
    for (double[] row : from) {
      offset = write(row, flat, offset);
    }
    return offset;
  }

  /**
   * Copies {@code from} into {@code flat} at {@code offset}, then sets {@code from} to zero, for
   * its next use as a buffer; returns the next offset.
   *
   * @param from the buffer moved, cleared
   * @param flat the flattened vector, modified
   * @param offset where {@code from}'s entries start in {@code flat}
   * @return the offset after them
   */
  public static int move(double[] from, double[] flat, int offset) {
    int next = write(from, flat, offset);
    Adjoint.clear(from);
    return next;
  }

  /**
   * Moves the rows of {@code from} into {@code flat} at {@code offset}, one after the other,
   * leaving them zero.
   *
   * @param from the buffer moved, cleared
   * @param flat the flattened vector, modified
   * @param offset where {@code from}'s entries start in {@code flat}
   * @return the offset after them
   */
  public static int move(double[][] from, double[] flat, int offset) {
    for (double[] row : from) {
      offset = move(row, flat, offset);
    }
    return offset;
  }

  /**
   * The number of entries a {@code Tensor} input takes: its size.
   *
   * @param t an input
   * @return {@code t.size()}
   */
  public static int size(Tensor t) {
    return t.size();
  }

  /**
   * The {@code like.size()} entries of {@code flat} from {@code offset}, shaped like {@code like}.
   *
   * @param flat the flattened vector
   * @param offset where the tensor's entries start in {@code flat}
   * @param like a tensor of the shape wanted
   * @return a new tensor of {@code like}'s shape
   */
  public static Tensor read(double[] flat, int offset, Tensor like) {
    double[] data = new double[like.size()];
    System.arraycopy(flat, offset, data, 0, data.length);
    return Tensor.of(data, like.shape());
  }

  /**
   * Copies the elements of {@code from} (null: zeros of {@code like}'s size, which {@code flat}
   * already holds) into {@code flat} at {@code offset}; returns the next offset.
   *
   * @param from the tensor copied, or null for zeros
   * @param like a tensor of the input's shape
   * @param flat the flattened vector, modified
   * @param offset where the tensor's entries start in {@code flat}
   * @return the offset after them
   */
  public static int write(Tensor from, Tensor like, double[] flat, int offset) {
    if (from != null) {
      double[] data = from.toArray();
      System.arraycopy(data, 0, flat, offset, data.length);
    }
    return offset + like.size();
  }

  /**
   * Checks that a vector over the flattened inputs has their size.
   *
   * @param vector a vector given by the caller (a Hessian-vector product's v, say)
   * @param size the number of flattened inputs
   * @param name the vector's name, for the message
   * @throws IllegalArgumentException if the lengths differ
   */
  public static void checkSize(double[] vector, int size, String name) {
    if (vector.length != size) {
      throw new IllegalArgumentException(
          name
              + " has "
              + vector.length
              + " entries, but the differentiated inputs have "
              + size
              + " (flattened in declaration order)");
    }
  }
}
