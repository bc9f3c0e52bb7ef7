package com.example.quickstart;

import dev.adjoint.Differentiable;
import dev.adjoint.tensor.Tensor;

/**
 * Layers that models call. A {@code @Differentiable} method returning a {@code Tensor} is a layer:
 * other {@code @Differentiable} methods call it, and their gradients flow through it.
 */
public final class Layers {
  private Layers() {}

  /** A fully connected layer before its activation: x w + b (one row of x per point). */
  @Differentiable
  public static Tensor dense(Tensor x, Tensor w, Tensor b) {
    return x.matmul(w).add(b);
  }
}
