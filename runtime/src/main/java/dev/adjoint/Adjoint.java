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

/** Functions that {@code @Differentiable} code calls to steer differentiation. */
public final class Adjoint {
  private Adjoint() {}

  /**
   * Returns {@code x} unchanged, but no derivative flows through it: inside a
   * {@code @Differentiable} method the result is treated as a constant (PyTorch's {@code detach()},
   * JAX's {@code stop_gradient}).
   *
   * @param x any value
   * @return {@code x}
   */
  public static double detach(double x) {
    return x;
  }

  /**
   * A copy of {@code x} through which no derivative flows (a copy, so that writing into it cannot
   * change an array the caller differentiates).
   *
   * @param x any array
   * @return a new array with {@code x}'s elements
   */
  public static double[] detach(double[] x) {
    return x.clone();
  }

  /**
   * {@code x}, through which no derivative flows (tensors are immutable, so no copy is needed).
   *
   * @param x any tensor
   * @return {@code x}
   */
  public static dev.adjoint.tensor.Tensor detach(dev.adjoint.tensor.Tensor x) {
    return x;
  }

  /**
   * Σ a[i]·b[i]: forward mode's directional derivative of a scalar function of an array, from its
   * pullback's gradient and the array's tangent. Called by generated code.
   *
   * @param a the first vector
   * @param b the second vector, at least as long as {@code a}
   * @return the dot product over {@code a}'s length
   */
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Σ a[i][j]·b[i][j], for matrices.
   *
   * @param a the first matrix
   * @param b the second matrix, with rows at least as long as {@code a}'s
   * @return the sum of the element-wise products over {@code a}'s shape
   */
  public static double dot(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += dot(a[i], b[i]);
    }
    return s;
  }

  /**
   * Adds {@code term} into {@code target} element by element; returns {@code target}.
   *
   * @param target the array added into, modified
   * @param term the array added, of the same length
   * @return {@code target}
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double[] addInto(double[] target, double[] term) {
    if (target.length != term.length) {
      throw new IllegalArgumentException(
          "cannot add an array of length " + term.length + " into one of length " + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      target[i] += term[i];
    }
    return target;
  }

  /**
   * Adds {@code term} into {@code target} element by element; returns {@code target}.
   *
   * @param target the matrix added into, modified row by row
   * @param term the matrix added, of the same shape
   * @return {@code target}
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double[][] addInto(double[][] target, double[][] term) {
    if (target.length != term.length) {
      throw new IllegalArgumentException(
          "cannot add an array of " + term.length + " rows into one of " + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      addInto(target[i], term[i]);
    }
    return target;
  }

  /**
   * Adds {@code scale} times {@code term} into {@code target} element by element, and nothing when
   * {@code scale} is 0 (so that an infinite term adds no NaN where the reverse sweep it stands for
   * would have skipped it); returns {@code target}. Generated reverse sweeps call it to add a
   * preaccumulated loop's sums of adjoints, times the adjoint of the loop's sum.
   *
   * @param target the array added into, modified
   * @param scale the factor
   * @param term the array added, of the same length
   * @return {@code target}
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double[] addScaled(double[] target, double scale, double[] term) {
    if (target.length != term.length) {
      throw new IllegalArgumentException(
          "cannot add an array of length " + term.length + " into one of length " + target.length);
    }
    if (scale != 0) {
      for (int i = 0; i < target.length; i++) {
        target[i] += scale * term[i];
      }
    }
    return target;
  }

  /**
   * For generated code: the length of an expanded scratch array, {@code count} slices of {@code
   * length} doubles, one for each iteration of the loop that fills and reads it (array expansion:
   * each iteration keeps its values, so the reverse sweep reads them instead of taping them). A
   * loop of {@code count <= 0} iterations needs none.
   *
   * @param count the loop's trip count
   * @param length the original array's length
   * @return {@code max(count, 0) × length}
   * @throws NegativeArraySizeException if {@code length} is negative, as the original allocation
   * @throws ArithmeticException if the expanded array would exceed Java's largest array
   */
  public static int slices(int count, int length) {
    if (length < 0) {
      throw new NegativeArraySizeException(String.valueOf(length));
    }
    return Math.multiplyExact(Math.max(count, 0), length);
  }

  /**
   * For generated code: a zeroed buffer of {@code length} doubles lent by the calling thread's
   * {@link Tape} ({@link Tape#lend}), for a preaccumulated loop's sums of scalar adjoints.
   *
   * @param length the number of doubles
   * @return the buffer, to be given back with {@link #giveBack}
   */
  public static double[] lend(int length) {
    return Tape.get().lend(length);
  }

  /**
   * For generated code: gives a buffer from {@link #lend} back to the calling thread's tape.
   *
   * @param buffer the buffer
   * @return null, the value the generated code's variable then holds
   */
  public static double[] giveBack(double[] buffer) {
    Tape.get().giveBack(buffer);
    return null;
  }

  /**
   * {@link #addScaled(double[], double, double[])} row by row.
   *
   * @param target the matrix added into, modified row by row
   * @param scale the factor
   * @param term the matrix added, of the same shape
   * @return {@code target}
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double[][] addScaled(double[][] target, double scale, double[][] term) {
    if (target.length != term.length) {
      throw new IllegalArgumentException(
          "cannot add an array of " + term.length + " rows into one of " + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      addScaled(target[i], scale, term[i]);
    }
    return target;
  }

  /**
   * Sets every element of {@code x} to zero: a shadow array made ready for another reverse sweep. A
   * null {@code x} is a shadow that this run never allocated (its allocation is on a path the
   * forward sweep did not take, such as after an early return): nothing to clear.
   *
   * @param x the array cleared, or null
   */
  public static void clear(double[] x) {
    if (x != null) {
      java.util.Arrays.fill(x, 0.0);
    }
  }

  /**
   * Sets every element of every row of {@code x} to zero; null, as a whole or as a row, is skipped
   * (see {@link #clear(double[])}).
   *
   * @param x the matrix cleared, row by row, or null
   */
  public static void clear(double[][] x) {
    if (x == null) {
      return;
    }
    for (double[] row : x) {
      clear(row);
    }
  }

  /**
   * For generated code: adds a chunk's sums of adjoints into its loop's ({@link Parallel}), element
   * by element, and zeroes the chunk's for the next chunk.
   *
   * @param target the loop's sums, modified
   * @param chunk the chunk's sums, of the same length, zeroed
   * @return {@code target}
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double[] drain(double[] target, double[] chunk) {
    if (target.length != chunk.length) {
      throw new IllegalArgumentException(
          "cannot add an array of length " + chunk.length + " into one of length " + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      target[i] += chunk[i];
      chunk[i] = 0.0;
    }
    return target;
  }

  /**
   * {@link #drain(double[], double[])} row by row.
   *
   * @param target the loop's sums, modified
   * @param chunk the chunk's sums, of the same shape, zeroed
   * @return {@code target}
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double[][] drain(double[][] target, double[][] chunk) {
    if (target.length != chunk.length) {
      throw new IllegalArgumentException(
          "cannot add a matrix of " + chunk.length + " rows into one of " + target.length);
    }
    for (int i = 0; i < target.length; i++) { // every row checked before any changes
      if (target[i].length != chunk[i].length) {
        throw new IllegalArgumentException(
            "cannot add a row of length "
                + chunk[i].length
                + " into one of length "
                + target[i].length
                + " (row "
                + i
                + ")");
      }
    }
    for (int i = 0; i < target.length; i++) {
      drain(target[i], chunk[i]);
    }
    return target;
  }

  /**
   * A new zero array of {@code x}'s length: the shape of its gradient. Null for null: generated
   * code also gives a shadow to a parameter that may be null and that the method may never read.
   *
   * @param x the array whose length is copied, or null
   * @return a new array of zeros, or null
   */
  public static double[] zerosLike(double[] x) {
    return x == null ? null : new double[x.length];
  }

  /**
   * A new zero array of {@code x}'s shape, row by row (rows may differ in length; a null row stays
   * null, as a null matrix does).
   *
   * @param x the matrix whose shape is copied, or null
   * @return a new matrix of zeros, with new rows, or null
   */
  public static double[][] zerosLike(double[][] x) {
    if (x == null) {
      return null;
    }
    double[][] zeros = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      zeros[i] = x[i] == null ? null : new double[x[i].length];
    }
    return zeros;
  }

  // ---------------------------------------------------------------- calls that return an argument
  //
  // A @Differentiable method (or a library method with @PullbackOf) that returns an array may
  // return one of its arguments itself, or a row of one. Generated code asks these helpers which
  // case holds, so that the result shares the argument's adjoint array as it shares its elements.

  /**
   * For generated code: {@code current} if it is not null, else {@code argBar} if {@code result} is
   * {@code arg}, else null.
   *
   * @param result the array a call returned
   * @param arg the call's array argument
   * @param argBar the adjoint array of {@code arg}
   * @param current the adjoint array {@code result} already has, or null
   * @return the adjoint array for {@code result}: its own, or the one it shares with {@code arg},
   *     or null
   */
  public static double[] sharedShadow(
      double[] result, double[] arg, double[] argBar, double[] current) {
    return current != null ? current : result == arg ? argBar : null;
  }

  /**
   * For generated code: {@code current} if it is not null, else {@code argBar[i]} if {@code result}
   * is the row {@code arg[i]}, else null.
   *
   * @param result the array a call returned
   * @param arg the call's matrix argument
   * @param argBar the adjoint matrix of {@code arg}
   * @param current the adjoint array {@code result} already has, or null
   * @return the adjoint array for {@code result}: its own, or the row it shares with {@code arg}'s
   *     adjoint, or null
   */
  public static double[] sharedShadow(
      double[] result, double[][] arg, double[][] argBar, double[] current) {
    if (current != null) {
      return current;
    }
    for (int i = 0; i < arg.length; i++) {
      if (arg[i] == result) {
        return argBar[i];
      }
    }
    return null;
  }

  /**
   * For generated code: {@code current} if it is not null, else {@code argBar} if {@code result} is
   * {@code arg}, else null.
   *
   * @param result the matrix a call returned
   * @param arg the call's matrix argument
   * @param argBar the adjoint matrix of {@code arg}
   * @param current the adjoint matrix {@code result} already has, or null
   * @return the adjoint matrix for {@code result}: its own, or the one it shares with {@code arg},
   *     or null
   * @throws IllegalStateException if {@code result} is another matrix holding rows of {@code arg},
   *     whose adjoint Adjoint cannot share row by row
   */
  public static double[][] sharedShadow(
      double[][] result, double[][] arg, double[][] argBar, double[][] current) {
    if (current != null) {
      return current;
    }
    if (result == arg) {
      return argBar;
    }
    requireNoSharedRows(result, arg);
    return null;
  }

  /**
   * For generated code: {@code shadow} if it is not null, else zeros of {@code like}'s shape.
   *
   * @param shadow an adjoint array, or null where there is none yet
   * @param like the array whose adjoint it is
   * @return {@code shadow}, or a new zero array of {@code like}'s length
   */
  public static double[] orZerosLike(double[] shadow, double[] like) {
    return shadow != null ? shadow : zerosLike(like);
  }

  /**
   * For generated code: {@code shadow} if it is not null, else zeros of {@code like}'s shape.
   *
   * @param shadow an adjoint matrix, or null where there is none yet
   * @param like the matrix whose adjoint it is
   * @return {@code shadow}, or a new zero matrix of {@code like}'s shape
   */
  public static double[][] orZerosLike(double[][] shadow, double[][] like) {
    return shadow != null ? shadow : zerosLike(like);
  }

  /**
   * For generated code, where a method writes into the array a call returned and the argument has
   * no adjoint array of its own (it carries no derivative, or it is a parameter or a field, which
   * differentiated code must not change): checks that the call did not return that argument.
   *
   * @param result the array the call returned
   * @param arg the call's argument that has no adjoint array
   * @return true
   * @throws IllegalStateException if {@code result} is {@code arg}
   */
  public static boolean requireNotReturned(double[] result, double[] arg) {
    if (result == arg) {
      throw notReturned();
    }
    return true;
  }

  /**
   * As {@link #requireNotReturned(double[], double[])}, for a row of {@code arg}.
   *
   * @param result the array the call returned
   * @param arg the call's matrix argument that has no adjoint matrix
   * @return true
   * @throws IllegalStateException if {@code result} is a row of {@code arg}
   */
  public static boolean requireNotReturned(double[] result, double[][] arg) {
    for (double[] row : arg) {
      if (row == result) {
        throw notReturned();
      }
    }
    return true;
  }

  /**
   * As {@link #requireNotReturned(double[], double[])}, for matrices and their rows.
   *
   * @param result the matrix the call returned
   * @param arg the call's matrix argument that has no adjoint matrix
   * @return true
   * @throws IllegalStateException if {@code result} is {@code arg}, or a new matrix holding one of
   *     its rows
   */
  public static boolean requireNotReturned(double[][] result, double[][] arg) {
    if (result == arg) {
      throw notReturned();
    }
    requireNoSharedRows(result, arg);
    return true;
  }

  private static void requireNoSharedRows(double[][] result, double[][] arg) {
    for (double[] row : result) {
      for (double[] other : arg) {
        if (row == other) {
          throw new IllegalStateException(
              "A method called from differentiated code returned a new double[][] holding a row"
                  + " of its argument: Adjoint cannot keep the adjoints of rows shared between"
                  + " two matrices. Return the argument itself, or copy the row.");
        }
      }
    }
  }

  private static IllegalStateException notReturned() {
    return new IllegalStateException(
        "A method called from differentiated code returned its array argument itself (or a row"
            + " of it), and the calling @Differentiable method writes into that array afterwards."
            + " That argument is a parameter, a field, or carries no derivative, and"
            + " differentiated code must not change such an array. Return a copy from the callee,"
            + " or copy its result into a new array before writing into it.");
  }
}
