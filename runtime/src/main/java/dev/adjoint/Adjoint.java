package dev.adjoint;

/** Functions that {@code @Differentiable} code calls to steer differentiation. */
public final class Adjoint {
  private Adjoint() {}

  /**
   * Returns {@code x} unchanged, but no derivative flows through it: inside a
   * {@code @Differentiable} method the result is treated as a constant (PyTorch's {@code
   * detach()}, JAX's {@code stop_gradient}).
   */
  public static double detach(double x) {
    return x;
  }
}
