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
package dev.adjoint.optim;

import java.util.List;

/**
 * Gradient clipping (PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code
 * clip_grad_value_}).
 *
 * <p>Clipping by norm treats the gradients of all parameters as one vector g and computes its
 * p-norm
 *
 * <pre>
 * ‖g‖_p = (Σ_i |g_i|^p)^(1/p)      (p = 2 by default)
 * ‖g‖_∞ = max_i |g_i|
 * </pre>
 *
 * <p>then multiplies every gradient in place by
 *
 * <pre>c = min(1, max_norm / (‖g‖ + 1e-6))</pre>
 *
 * <p>so gradients are scaled only when {@code ‖g‖ + 1e-6 > max_norm} and are left untouched
 * otherwise; the ε = 1e-6 is PyTorch's. As in PyTorch, a non-finite norm (NaN, or ∞ which makes c =
 * 0) propagates into the gradients unless {@code errorIfNonfinite} is set. Parameters whose
 * gradient is {@code null} are ignored; with no gradients at all the norm is 0.
 */
public final class GradClip {
  /** PyTorch's ε in {@code max_norm / (total_norm + 1e-6)}. */
  public static final double EPS = 1e-6;

  private GradClip() {}

  /**
   * Clips by global 2-norm; returns the total norm ‖g‖₂ before clipping.
   *
   * @param params the parameters whose gradients are clipped in place (those without a gradient are
   *     skipped)
   * @param maxNorm the largest total norm left after clipping
   * @return the total norm before clipping
   * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
   */
  public static double clipGradNorm(List<? extends Parameter> params, double maxNorm) {
    return clipGradNorm(params, maxNorm, 2.0, false);
  }

  /**
   * Clips by global p-norm ({@code normType} = p &gt; 0, or {@link Double#POSITIVE_INFINITY});
   * returns the total norm before clipping.
   *
   * @param params the parameters whose gradients are clipped in place (those without a gradient are
   *     skipped)
   * @param maxNorm the largest total norm left after clipping
   * @param normType the p of the norm
   * @param errorIfNonfinite throw instead of clipping when the total norm is NaN or infinite
   * @return the total norm before clipping
   * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN, or {@code normType} is
   *     not positive
   * @throws ArithmeticException if {@code errorIfNonfinite} and the total norm is not finite (the
   *     gradients are then left unchanged)
   */
  public static double clipGradNorm(
      List<? extends Parameter> params, double maxNorm, double normType, boolean errorIfNonfinite) {
    return clipGradNorm(params.toArray(new Parameter[0]), maxNorm, normType, errorIfNonfinite);
  }

  static double clipGradNorm(
      Parameter[] params, double maxNorm, double normType, boolean errorIfNonfinite) {
    if (!(maxNorm >= 0.0)) {
      throw new IllegalArgumentException("Invalid max_norm: " + maxNorm);
    }
    double total = totalNorm(params, normType);
    if (errorIfNonfinite && !Double.isFinite(total)) {
      throw new ArithmeticException(
          "The total norm of order "
              + normType
              + " for gradients is non-finite ("
              + total
              + "), so it cannot be clipped");
    }
    double coef = maxNorm / (total + EPS);
    // PyTorch multiplies by clamp(coef, max=1): the same as scaling only when coef < 1, except that
    // a NaN coefficient (NaN norm) also multiplies, turning the gradients into NaN.
    if (!(coef >= 1.0)) {
      for (Parameter p : params) {
        double[] g = p.grad();
        if (g != null) {
          for (int i = p.gradOffset(), end = i + p.size(); i < end; i++) {
            g[i] *= coef;
          }
        }
      }
    }
    return total;
  }

  /**
   * The p-norm of all gradients taken as one vector, without clipping (PyTorch's {@code
   * torch.nn.utils.get_total_norm}); 0 when there are none.
   *
   * @param params the parameters whose gradients are measured (those without a gradient are
   *     skipped)
   * @param normType the p of the norm, or {@link Double#POSITIVE_INFINITY} for the largest
   *     magnitude
   * @return the norm of the gradients
   * @throws IllegalArgumentException if {@code normType} is not positive
   */
  public static double totalNorm(List<? extends Parameter> params, double normType) {
    return totalNorm(params.toArray(new Parameter[0]), normType);
  }

  static double totalNorm(Parameter[] params, double normType) {
    if (!(normType > 0.0)) {
      throw new IllegalArgumentException("norm type must be positive or infinite, got " + normType);
    }
    boolean inf = normType == Double.POSITIVE_INFINITY;
    boolean two = normType == 2.0;
    double acc = 0.0;
    for (Parameter p : params) {
      double[] g = p.grad();
      if (g == null) {
        continue;
      }
      for (int i = p.gradOffset(), end = i + p.size(); i < end; i++) {
        double a = Math.abs(g[i]);
        if (inf) {
          // Math.max propagates NaN, as torch.max does.
          acc = Math.max(acc, a);
        } else if (two) {
          acc += a * a;
        } else {
          acc += Math.pow(a, normType);
        }
      }
    }
    if (inf) {
      return acc;
    }
    return two ? Math.sqrt(acc) : Math.pow(acc, 1.0 / normType);
  }

  /**
   * Clamps every gradient component into {@code [-clipValue, clipValue]} in place (PyTorch's {@code
   * clip_grad_value_}). NaN components stay NaN.
   *
   * @param params the parameters whose gradients are clipped in place (those without a gradient are
   *     skipped)
   * @param clipValue the largest magnitude a component keeps, 0 or more
   * @throws IllegalArgumentException if {@code clipValue} is negative or NaN
   */
  public static void clipGradValue(List<? extends Parameter> params, double clipValue) {
    if (!(clipValue >= 0.0)) {
      throw new IllegalArgumentException("Invalid clip_value: " + clipValue);
    }
    for (int k = 0; k < params.size(); k++) {
      Parameter p = params.get(k);
      double[] g = p.grad();
      if (g == null) {
        continue;
      }
      for (int i = p.gradOffset(), end = i + p.size(); i < end; i++) {
        double v = g[i];
        if (v > clipValue) {
          g[i] = clipValue;
        } else if (v < -clipValue) {
          g[i] = -clipValue;
        }
      }
    }
  }
}
