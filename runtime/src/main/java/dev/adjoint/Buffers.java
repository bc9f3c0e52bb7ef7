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
import java.util.Arrays;

/**
 * The entry checks of the generated pullbacks into typed buffers ({@code fPullback(..., FBuffers
 * into)}): a buffer whose shape is not its parameter's fails before anything runs, with a message
 * naming the method, the parameter and both shapes. They allocate nothing when the shapes agree.
 */
public final class Buffers {
  private Buffers() {}

  /**
   * Checks that a {@code double[]} buffer has its parameter's length.
   *
   * @param method the generated method, for the message
   * @param parameter the parameter's name, as the source writes it
   * @param buffer the buffer
   * @param like the parameter
   * @throws IllegalArgumentException if the lengths differ
   */
  public static void check(String method, String parameter, double[] buffer, double[] like) {
    if (buffer.length != like.length) {
      throw new IllegalArgumentException(
          method
              + ": the buffer for parameter "
              + parameter
              + " has length "
              + buffer.length
              + ", but "
              + parameter
              + " has length "
              + like.length);
    }
  }

  /**
   * Checks that a {@code double[][]} buffer has its parameter's rows, of its rows' lengths.
   *
   * @param method the generated method, for the message
   * @param parameter the parameter's name, as the source writes it
   * @param buffer the buffer
   * @param like the parameter
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void check(String method, String parameter, double[][] buffer, double[][] like) {
    boolean same = buffer.length == like.length;
    for (int i = 0; same && i < like.length; i++) {
      same = buffer[i].length == like[i].length;
    }
    if (!same) {
      throw new IllegalArgumentException(
          method
              + ": the buffer for parameter "
              + parameter
              + " has shape "
              + shape(buffer)
              + ", but "
              + parameter
              + " has shape "
              + shape(like));
    }
  }

  /**
   * Checks that a {@code Tensor} buffer, when it holds one ({@code null} is zero), has its
   * parameter's shape.
   *
   * @param method the generated method, for the message
   * @param parameter the parameter's name, as the source writes it
   * @param buffer the buffer, or null
   * @param like the parameter
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void check(String method, String parameter, Tensor buffer, Tensor like) {
    if (buffer != null && !buffer.sameShape(like)) {
      throw new IllegalArgumentException(
          method
              + ": the buffer for parameter "
              + parameter
              + " has shape "
              + Arrays.toString(buffer.shape())
              + ", but "
              + parameter
              + " has shape "
              + Arrays.toString(like.shape()));
    }
  }

  private static String shape(double[][] m) {
    int[] rows = new int[m.length];
    for (int i = 0; i < m.length; i++) {
      rows[i] = m[i].length;
    }
    return m.length + " rows of lengths " + Arrays.toString(rows);
  }
}
