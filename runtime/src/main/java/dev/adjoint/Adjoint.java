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

  /**
   * A copy of {@code x} through which no derivative flows (a copy, so that writing into it cannot
   * change an array the caller differentiates).
   */
  public static double[] detach(double[] x) {
    return x.clone();
  }

  /** {@code x}, through which no derivative flows (tensors are immutable, so no copy is needed). */
  public static dev.adjoint.tensor.Tensor detach(dev.adjoint.tensor.Tensor x) {
    return x;
  }

  /** Adds {@code term} into {@code target} element by element; returns {@code target}. */
  /**
   * Σ a[i]·b[i]: forward mode's directional derivative of a scalar function of an array, from its
   * pullback's gradient and the array's tangent. Called by generated code.
   */
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Σ a[i][j]·b[i][j], for matrices. */
  public static double dot(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += dot(a[i], b[i]);
    }
    return s;
  }

  public static double[] addInto(double[] target, double[] term) {
    if (target.length != term.length) {
      throw new IllegalArgumentException(
          "cannot add an array of length " + term.length + " into one of length "
              + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      target[i] += term[i];
    }
    return target;
  }

  /** Adds {@code term} into {@code target} element by element; returns {@code target}. */
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

  /** A new zero array of {@code x}'s length: the shape of its gradient. */
  public static double[] zerosLike(double[] x) {
    return new double[x.length];
  }

  /** A new zero array of {@code x}'s shape, row by row (rows may differ in length). */
  public static double[][] zerosLike(double[][] x) {
    double[][] zeros = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      zeros[i] = new double[x[i].length];
    }
    return zeros;
  }
}
