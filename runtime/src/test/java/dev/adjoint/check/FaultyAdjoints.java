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

/** The companions of {@link Faulty}'s models, each with the mistake its model's javadoc names. */
final class FaultyAdjoints {
  private FaultyAdjoints() {}
}

final class Faulty_BadGradientAdjoint {
  record FGradient(double value, double x1, double x2) {}

  static FGradient fGradient(double x1, double x2) {
    return new FGradient(Toy.f(x1, x2), 1 / x1 + x2, x1 + Math.cos(x2)); // should be minus
  }

  static double fPullback(double x1, double x2, double seed, double[] adjoint) {
    return ToyAdjoint.fPullback(x1, x2, seed, adjoint);
  }

  static ToyAdjoint.FJvp fJvp(double x1, double x2, double x1Dot, double x2Dot) {
    return ToyAdjoint.fJvp(x1, x2, x1Dot, x2Dot);
  }
}

final class Faulty_BadJvpAdjoint {
  static ToyAdjoint.FGradient fGradient(double x1, double x2) {
    return ToyAdjoint.fGradient(x1, x2);
  }

  static ToyAdjoint.FJvp fJvp(double x1, double x2, double x1Dot, double x2Dot) {
    ToyAdjoint.FJvp right = ToyAdjoint.fJvp(x1, x2, x1Dot, x2Dot);
    return new ToyAdjoint.FJvp(right.value(), right.tangent() * (1 + 1e-7));
  }
}

final class Faulty_MutatingAdjoint {
  record GGradient(double value, double[] x) {}

  static GGradient gGradient(double[] x) {
    double value = Faulty.Mutating.g(x);
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = 2 * x[i];
      x[i] = 0; // the mistake: "reuses" the caller's array
    }
    return new GGradient(value, g);
  }
}

final class Faulty_BadHessianAdjoint {
  static ToyAdjoint.FGradient fGradient(double x1, double x2) {
    return ToyAdjoint.fGradient(x1, x2);
  }

  static double[][] fHessian(double x1, double x2) {
    return new double[][] {{-1 / (x1 * x1), 1.001}, {1.001, Math.sin(x2)}};
  }

  static double[] fHvp(double x1, double x2, double[] v) {
    return ToyAdjoint.fHvp(x1, x2, v);
  }
}

final class Faulty_BadJacobianAdjoint {
  static double[][] polarJacobian(double r, double theta) {
    double[][] j = ToyAdjoint.polarJacobian(r, theta);
    j[1][1] = -j[1][1];
    return j;
  }

  static double[] polarPullback(double r, double theta, double[] seed, double[] adjoint) {
    return ToyAdjoint.polarPullback(r, theta, seed, adjoint);
  }

  static ToyAdjoint.PolarJvp polarJvp(double r, double theta, double rDot, double thetaDot) {
    return ToyAdjoint.polarJvp(r, theta, rDot, thetaDot);
  }
}

final class Faulty_OverwritesAdjoint {
  static double gPullback(double[] x, double seed, double[] xBar) {
    for (int i = 0; i < x.length; i++) {
      xBar[i] = seed * 2 * x[i]; // should be +=
    }
    return Faulty.Mutating.g(x);
  }
}

final class Faulty_DetachedAdjoint {
  record ZGradient(double value, double x) {}

  record ZJvp(double value, double tangent) {}

  static ZGradient zGradient(double x) {
    return new ZGradient(Faulty.Detached.z(x), x * x);
  }

  static ZJvp zJvp(double x, double xDot) {
    return new ZJvp(Faulty.Detached.z(x), x * x * xDot);
  }
}
