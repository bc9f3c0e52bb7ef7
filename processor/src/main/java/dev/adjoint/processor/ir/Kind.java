package dev.adjoint.processor.ir;

/** The value types of the supported subset. Only {@link #DOUBLE} values carry derivatives. */
public enum Kind {
  DOUBLE("double"),
  LONG("long"),
  INT("int"),
  BOOLEAN("boolean"),
  DOUBLE_ARRAY("double[]"),
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

  public static final String TENSOR_CLASS = "dev.adjoint.tensor.Tensor";

  private final String javaName;

  Kind(String javaName) {
    this.javaName = javaName;
  }

  public String javaName() {
    return javaName;
  }

  public boolean isNumeric() {
    return this == DOUBLE || this == FLOAT || this == LONG || this == INT;
  }

  public boolean isArray() {
    return this == DOUBLE_ARRAY || this == DOUBLE_MATRIX;
  }

  /** The kind of an element of an array kind. */
  public Kind element() {
    return switch (this) {
      case INT_ARRAY -> INT;
      case FLOAT_ARRAY -> FLOAT;
      case DOUBLE_ARRAY -> DOUBLE;
      case DOUBLE_MATRIX -> DOUBLE_ARRAY;
      default -> throw new IllegalStateException(this + " is not an array");
    };
  }

  /** The array kind whose elements are of this kind. */
  public Kind arrayOf() {
    return switch (this) {
      case DOUBLE -> DOUBLE_ARRAY;
      case DOUBLE_ARRAY -> DOUBLE_MATRIX;
      default -> throw new IllegalStateException("no arrays of " + this);
    };
  }

  /** Whether values of this kind carry derivatives: doubles and arrays of them. */
  public boolean isDifferentiable() {
    return this == DOUBLE || isArray() || this == TENSOR;
  }

  /** Whether values of this kind are references the tape keeps as objects. */
  public boolean isReference() {
    return isArray() || this == TENSOR || this == INT_ARRAY || this == FLOAT_ARRAY;
  }

  /** Whether the adjoint of a value of this kind lives in the reverse sweep only (not an array). */
  public boolean hasValueAdjoint() {
    return this == DOUBLE || this == TENSOR;
  }

  public boolean isIntegral() {
    return this == INT || this == LONG;
  }

  /** Java's binary numeric promotion. */
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

  /** Whether a value of this kind converts to {@code target} by assignment (identity or widening). */
  public boolean assignableTo(Kind target) {
    if (this == target) {
      return true;
    }
    return isNumeric() && target.isNumeric() && promote(this, target) == target;
  }
}
