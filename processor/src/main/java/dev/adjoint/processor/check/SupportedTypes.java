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
package dev.adjoint.processor.check;

import dev.adjoint.processor.ir.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The types of the supported subset, as every message that lists them names them: one place, so
 * that a parameter, a local, a field, a call and a declared derivative are never told different
 * lists. Differentiable types come first, in {@link #ORDER}.
 */
public final class SupportedTypes {
  private SupportedTypes() {}

  /** Every kind of value, in the order messages list them. */
  private static final List<Kind> ORDER =
      List.of(
          Kind.DOUBLE,
          Kind.DOUBLE_ARRAY,
          Kind.DOUBLE_MATRIX,
          Kind.TENSOR,
          Kind.INT,
          Kind.INT_ARRAY,
          Kind.LONG,
          Kind.BOOLEAN);

  /**
   * What to write instead of an array of tensors, which differentiated code does not support: the
   * README's idiom for a stack of layers.
   */
  public static final String TENSOR_ARRAY_ADVICE =
      "Stack the tensors in one Tensor and take each with rows and reshape (the weights of layer i"
          + " of a stack of d×d layers: w.rows(i, i + 1).reshape(d, d)), or keep one Tensor"
          + " variable and reassign it.";

  /**
   * Whether a type, as the source writes it, is an array of tensors.
   *
   * @param type the type's source text or name
   * @return whether it is {@code Tensor[]} (or {@code dev.adjoint.tensor.Tensor[]})
   */
  public static boolean isTensorArray(String type) {
    return type.equals("Tensor[]") || type.equals("dev.adjoint.tensor.Tensor[]");
  }

  /**
   * "double, double[], double[][], Tensor, int, int[], long or boolean": every type differentiated
   * code computes with (parameters, locals, fields it reads, what the methods it calls take and
   * return).
   *
   * @param conjunction "or" or "and"
   * @return the list
   */
  public static String values(String conjunction) {
    return list(k -> true, conjunction);
  }

  /**
   * "double, double[], double[][], Tensor, int, int[], long, boolean, float or float[]": what a
   * parameter may be ({@code float} and {@code float[]} are data: computed as Java computes them,
   * never differentiated; a {@code float[]} is read-only).
   *
   * @param conjunction "or" or "and"
   * @return the list
   */
  public static String parameters(String conjunction) {
    String values = list(k -> true, ",");
    return values.replace(" , ", ", ") + ", float " + conjunction + " float[]";
  }

  /**
   * "double, double[], double[][] or Tensor": the types that carry derivatives.
   *
   * @param conjunction "or" or "and"
   * @return the list
   */
  public static String differentiable(String conjunction) {
    return list(Kind::isDifferentiable, conjunction);
  }

  /**
   * "int, int[], long, boolean, float or float[]": what is never differentiated, only read.
   *
   * @param conjunction "or" or "and"
   * @return the list
   */
  public static String data(String conjunction) {
    return list(k -> !k.isDifferentiable(), ",").replace(" , ", ", ")
        + ", float "
        + conjunction
        + " float[]";
  }

  /**
   * "double, int or long": the numbers, which casts and arithmetic take.
   *
   * @param conjunction "or" or "and"
   * @return the list
   */
  public static String numbers(String conjunction) {
    return list(Kind::isNumeric, conjunction);
  }

  /**
   * "double, double[] or Tensor": what a {@code @Differentiable} method returns.
   *
   * @param conjunction "or" or "and"
   * @return the list
   */
  public static String results(String conjunction) {
    return list(k -> k == Kind.DOUBLE || k == Kind.DOUBLE_ARRAY || k == Kind.TENSOR, conjunction);
  }

  private static String list(Predicate<Kind> which, String conjunction) {
    List<String> names = new ArrayList<>();
    for (Kind k : ORDER) {
      if (which.test(k)) {
        names.add(k.javaName());
      }
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " "
        + conjunction
        + " "
        + names.get(names.size() - 1);
  }
}
