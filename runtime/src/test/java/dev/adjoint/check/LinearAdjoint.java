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
package dev.adjoint.check;

/** A hand-written stand-in for the record forms Adjoint would generate for {@link Linear}. */
public final class LinearAdjoint {
  private LinearAdjoint() {}

  public record LossGradient(double value, Linear self) {}

  public record LossJvp(double value, double tangent) {}

  public record WrongBiasGradient(double value, Linear m) {}

  public static LossGradient lossGradient(Linear self, double[] x, double y) {
    return new LossGradient(self.loss(x, y), partials(self, x, y, 1));
  }

  public static LossJvp lossJvp(Linear self, double[] x, double y, Linear selfDot) {
    Linear g = partials(self, x, y, 1);
    double t = g.b() * selfDot.b();
    for (int i = 0; i < self.n(); i++) {
      t += g.w()[i] * selfDot.w()[i];
    }
    return new LossJvp(self.loss(x, y), t);
  }

  public static WrongBiasGradient wrongBiasGradient(Linear m, double[] x, double y) {
    return new WrongBiasGradient(m.loss(x, y), partials(m, x, y, 1.01));
  }

  private static Linear partials(Linear m, double[] x, double y, double biasFactor) {
    double r = m.b() - y;
    for (int i = 0; i < m.n(); i++) {
      r += m.w()[i] * x[i];
    }
    double[] w = new double[m.w().length];
    for (int i = 0; i < m.n(); i++) {
      w[i] = 2 * r * x[i];
    }
    return new Linear(w, 2 * r * biasFactor, m.n());
  }
}
