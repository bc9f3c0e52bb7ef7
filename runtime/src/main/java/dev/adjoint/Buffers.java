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
 * into)}) and of the Jacobians into the caller's matrix ({@code fJacobian(..., double[][] into)}):
 * a buffer whose shape is not its parameter's fails before anything runs, with a message naming the
 * method, the parameter and both shapes. They allocate nothing when the shapes agree.
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

  /**
   * Checks a pullback's holder of a {@code Tensor} parameter's gradient: an array of at least one
   * element whose first, when it holds one ({@code null} is zero), has its parameter's shape.
   *
   * @param method the generated method, for the message
   * @param parameter the parameter's name, as the source writes it
   * @param holder the holder
   * @param like the parameter
   * @throws IllegalArgumentException if the holder is empty or the shapes differ
   */
  public static void check(String method, String parameter, Tensor[] holder, Tensor like) {
    if (holder.length == 0) {
      throw new IllegalArgumentException(
          method
              + ": the holder for the gradient of parameter "
              + parameter
              + " is empty; pass new Tensor[1]");
    }
    check(method, parameter, holder[0], like);
  }

  /**
   * Checks a pullback's buffer of the gradients of its {@code double} parameters: at least one
   * element per differentiated {@code double} parameter, in declaration order.
   *
   * @param method the generated method, for the message
   * @param adjoint the buffer
   * @param count how many {@code double} parameters are differentiated
   * @param parameters their names, as the source writes them, in declaration order, separated by
   *     commas (one string, so that the check allocates nothing)
   * @throws IllegalArgumentException if it is shorter
   */
  public static void checkScalars(String method, double[] adjoint, int count, String parameters) {
    if (adjoint.length < count) {
      throw new IllegalArgumentException(
          method
              + ": the buffer adjoint has length "
              + adjoint.length
              + ", but there are "
              + count
              + " differentiated double parameters, "
              + parameters
              + " (in that order)");
    }
  }

  /**
   * The matrix a generated {@code fJacobian} fills: {@code into}, cleared, after checking that it
   * has {@code rows} rows of {@code columns} entries each, or a new zero matrix when {@code into}
   * is null.
   *
   * @param method the generated method, for the message
   * @param into the caller's matrix, or null
   * @param rows the number of outputs
   * @param columns the number of flattened inputs
   * @return {@code into}, all zeros, or a new matrix
   * @throws IllegalArgumentException if {@code into} has another shape
   */
  public static double[][] jacobian(String method, double[][] into, int rows, int columns) {
    if (into == null) {
      // Row by row: HotSpot compiles new double[m][n] to a call into the runtime, which took
      // twice as long as allocating the rows one by one (78 against 35 ns for 2×15 on JDK 17).
      double[][] jacobian = new double[rows][];
      for (int i = 0; i < rows; i++) {
        jacobian[i] = new double[columns];
      }
      return jacobian;
    }
    boolean same = into.length == rows;
    for (int i = 0; same && i < rows; i++) {
      same = into[i] != null && into[i].length == columns;
    }
    if (!same) {
      throw new IllegalArgumentException(
          method
              + ": the matrix into has shape "
              + shape(into)
              + ", but the Jacobian is "
              + rows
              + " × "
              + columns
              + " ("
              + rows
              + (rows == 1 ? " output, " : " outputs, ")
              + columns
              + (columns == 1 ? " input" : " inputs")
              + " flattened)");
    }
    for (double[] row : into) {
      Arrays.fill(row, 0.0);
    }
    return into;
  }

  private static String shape(double[][] m) {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < m.length; i++) {
      rows.append(i == 0 ? "" : ", ").append(m[i] == null ? "null" : m[i].length);
    }
    return m.length + " rows of lengths [" + rows + "]";
  }
}
