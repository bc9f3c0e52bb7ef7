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
package dev.adjoint.processor.ir;

/** The value types of the supported subset. Only {@link #DOUBLE} values carry derivatives. */
public enum Kind {
  /** {@code double}: the values that carry derivatives. */
  DOUBLE("double"),
  /** {@code long}: never differentiated. */
  LONG("long"),
  /** {@code int}: never differentiated (indices, trip counts). */
  INT("int"),
  /** {@code boolean}: conditions and the lowering's flags. */
  BOOLEAN("boolean"),
  /** {@code double[]}: carries derivatives through a shadow adjoint array. */
  DOUBLE_ARRAY("double[]"),
  /** {@code double[][]}: carries derivatives through a shadow adjoint matrix, row by row. */
  DOUBLE_MATRIX("double[][]"),
  /** {@code dev.adjoint.tensor.Tensor}: immutable, so it behaves like a value. */
  TENSOR("Tensor"),
  /** {@code int[]}: read-only data such as class labels; never differentiated. */
  INT_ARRAY("int[]"),
  /**
   * {@code float}: data, computed as Java computes it (in float where Java does, widened to double
   * where Java widens) and never differentiated, like an int.
   */
  FLOAT("float"),
  /** {@code float[]}: read-only data (a parameter's array); its elements are {@link #FLOAT}s. */
  FLOAT_ARRAY("float[]");

  /** The qualified name of the runtime's tensor class. */
  public static final String TENSOR_CLASS = "dev.adjoint.tensor.Tensor";

  private final String javaName;

  Kind(String javaName) {
    this.javaName = javaName;
  }

  /**
   * The kind's type as generated Java writes it.
   *
   * @return the type's name, such as {@code double[]}
   */
  public String javaName() {
    return javaName;
  }

  /**
   * Whether the kind is a number: {@code double}, {@code long} or {@code int}.
   *
   * @return true for a numeric kind
   */
  public boolean isNumeric() {
    return this == DOUBLE || this == FLOAT || this == LONG || this == INT;
  }

  /**
   * Whether the kind is an array of doubles ({@code double[]} or {@code double[][]}).
   *
   * @return true for those two
   */
  public boolean isArray() {
    return this == DOUBLE_ARRAY || this == DOUBLE_MATRIX;
  }

  /**
   * The kind of an element of an array kind.
   *
   * @return the element's kind
   */
  public Kind element() {
    return switch (this) {
      case INT_ARRAY -> INT;
      case FLOAT_ARRAY -> FLOAT;
      case DOUBLE_ARRAY -> DOUBLE;
      case DOUBLE_MATRIX -> DOUBLE_ARRAY;
      default -> throw new IllegalStateException(this + " is not an array");
    };
  }

  /**
   * The array kind whose elements are of this kind.
   *
   * @return the array's kind
   */
  public Kind arrayOf() {
    return switch (this) {
      case DOUBLE -> DOUBLE_ARRAY;
      case DOUBLE_ARRAY -> DOUBLE_MATRIX;
      default -> throw new IllegalStateException("no arrays of " + this);
    };
  }

  /**
   * Whether values of this kind carry derivatives: doubles and arrays of them.
   *
   * @return true for doubles, arrays of them and tensors
   */
  public boolean isDifferentiable() {
    return this == DOUBLE || isArray() || this == TENSOR;
  }

  /**
   * Whether values of this kind are references the tape keeps as objects.
   *
   * @return true for arrays ({@code int[]} included) and tensors
   */
  public boolean isReference() {
    return isArray() || this == TENSOR || this == INT_ARRAY || this == FLOAT_ARRAY;
  }

  /**
   * Whether the adjoint of a value of this kind lives in the reverse sweep only (not an array).
   *
   * @return true for {@code double} and {@code Tensor}
   */
  public boolean hasValueAdjoint() {
    return this == DOUBLE || this == TENSOR;
  }

  /**
   * Whether the kind is an integer: {@code int} or {@code long}.
   *
   * @return true for those two
   */
  public boolean isIntegral() {
    return this == INT || this == LONG;
  }

  /**
   * Java's binary numeric promotion.
   *
   * @param a the kind of one operand
   * @param b the kind of the other
   * @return the kind of the operation
   */
  public static Kind promote(Kind a, Kind b) {
    if (a == DOUBLE || b == DOUBLE) {
      return DOUBLE;
    }
    if (a == FLOAT || b == FLOAT) {
      return FLOAT;
    }
    if (a == LONG || b == LONG) {
      return LONG;
    }
    return INT;
  }

  /**
   * Whether a value of this kind converts to {@code target} by assignment (identity or widening).
   *
   * @param target the kind assigned to
   * @return whether no cast is needed
   */
  public boolean assignableTo(Kind target) {
    if (this == target) {
      return true;
    }
    return isNumeric() && target.isNumeric() && promote(this, target) == target;
  }
}
