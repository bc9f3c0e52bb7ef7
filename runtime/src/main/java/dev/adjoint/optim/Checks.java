package dev.adjoint.optim;

/** Argument checks with PyTorch's messages. */
final class Checks {
  private Checks() {}

  static void nonNegative(String what, double value) {
    if (!(value >= 0.0)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }

  static void finiteOrInfinite(String what, double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }

  static void beta(String what, double value) {
    if (!(value >= 0.0 && value < 1.0)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }
}
