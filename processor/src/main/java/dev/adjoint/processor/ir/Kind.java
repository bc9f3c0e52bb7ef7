package dev.adjoint.processor.ir;

/** The value types of the supported subset. Only {@link #DOUBLE} values carry derivatives. */
public enum Kind {
  DOUBLE("double"),
  LONG("long"),
  INT("int"),
  BOOLEAN("boolean");

  private final String javaName;

  Kind(String javaName) {
    this.javaName = javaName;
  }

  public String javaName() {
    return javaName;
  }

  public boolean isNumeric() {
    return this != BOOLEAN;
  }

  public boolean isIntegral() {
    return this == INT || this == LONG;
  }

  /** Java's binary numeric promotion. */
  public static Kind promote(Kind a, Kind b) {
    if (a == DOUBLE || b == DOUBLE) {
      return DOUBLE;
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
