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

import dev.adjoint.tensor.Tensor;

/** A hand-written stand-in for the companion Adjoint would generate for {@link Toy}. */
public final class ToyAdjoint {
  private ToyAdjoint() {}

  public record FGradient(double value, double x1, double x2) {}

  public record FJvp(double value, double tangent) {}

  public static FGradient fGradient(double x1, double x2) {
    return new FGradient(Toy.f(x1, x2), 1 / x1 + x2, x1 - Math.cos(x2));
  }

  public static double fPullback(double x1, double x2, double seed, double[] adjoint) {
    adjoint[0] += seed * (1 / x1 + x2);
    adjoint[1] += seed * (x1 - Math.cos(x2));
    return Toy.f(x1, x2);
  }

  public static FJvp fJvp(double x1, double x2, double x1Dot, double x2Dot) {
    return new FJvp(Toy.f(x1, x2), (1 / x1 + x2) * x1Dot + (x1 - Math.cos(x2)) * x2Dot);
  }

  public static double[][] fHessian(double x1, double x2) {
    return new double[][] {{-1 / (x1 * x1), 1}, {1, Math.sin(x2)}};
  }

  public static double[] fHvp(double x1, double x2, double[] v) {
    double[][] h = fHessian(x1, x2);
    return new double[] {h[0][0] * v[0] + h[0][1] * v[1], h[1][0] * v[0] + h[1][1] * v[1]};
  }

  public record SumSquaresGradient(double value, double[][] w) {}

  public record SumSquaresJvp(double value, double tangent) {}

  public static SumSquaresGradient sumSquaresGradient(double[][] w, double[] x) {
    double[][] wBar = new double[w.length][x.length];
    double value = sumSquaresPullback(w, x, 1.0, wBar);
    return new SumSquaresGradient(value, wBar);
  }

  public static double sumSquaresPullback(double[][] w, double[] x, double seed, double[][] wBar) {
    for (int i = 0; i < w.length; i++) {
      double y = 0;
      for (int j = 0; j < x.length; j++) {
        y += w[i][j] * x[j];
      }
      for (int j = 0; j < x.length; j++) {
        wBar[i][j] += seed * 2 * y * x[j];
      }
    }
    return Toy.sumSquares(w, x);
  }

  public static SumSquaresJvp sumSquaresJvp(double[][] w, double[] x, double[][] wDot) {
    double tangent = 0;
    for (int i = 0; i < w.length; i++) {
      double y = 0;
      double yDot = 0;
      for (int j = 0; j < x.length; j++) {
        y += w[i][j] * x[j];
        yDot += wDot[i][j] * x[j];
      }
      tangent += 2 * y * yDot;
    }
    return new SumSquaresJvp(Toy.sumSquares(w, x), tangent);
  }

  public record PolarJvp(double[] value, double[] tangent) {}

  public static double[][] polarJacobian(double r, double theta) {
    return new double[][] {
      {Math.cos(theta), -r * Math.sin(theta)}, {Math.sin(theta), r * Math.cos(theta)}
    };
  }

  public static double[] polarPullback(double r, double theta, double[] seed, double[] adjoint) {
    double[][] j = polarJacobian(r, theta);
    adjoint[0] += seed[0] * j[0][0] + seed[1] * j[1][0];
    adjoint[1] += seed[0] * j[0][1] + seed[1] * j[1][1];
    return Toy.polar(r, theta);
  }

  public static PolarJvp polarJvp(double r, double theta, double rDot, double thetaDot) {
    double[][] j = polarJacobian(r, theta);
    return new PolarJvp(
        Toy.polar(r, theta),
        new double[] {j[0][0] * rDot + j[0][1] * thetaDot, j[1][0] * rDot + j[1][1] * thetaDot});
  }

  public record NormGradient(double value, Tensor t) {}

  public record NormJvp(double value, double tangent) {}

  public static NormGradient normGradient(Tensor t, int power) {
    Tensor[] tBar = new Tensor[1];
    double value = normPullback(t, power, 1.0, tBar);
    return new NormGradient(value, tBar[0]);
  }

  public static double normPullback(Tensor t, int power, double seed, Tensor[] tBar) {
    double[] data = t.toArray();
    double[] g = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      g[i] = seed * power * Math.pow(data[i], power - 1);
    }
    Tensor bar = Tensor.of(g, t.shape());
    tBar[0] = tBar[0] == null ? bar : tBar[0].add(bar);
    return Toy.norm(t, power);
  }

  public static NormJvp normJvp(Tensor t, int power, Tensor tDot) {
    double[] data = t.toArray();
    double[] dot = tDot == null ? new double[data.length] : tDot.toArray();
    double tangent = 0;
    for (int i = 0; i < data.length; i++) {
      tangent += power * Math.pow(data[i], power - 1) * dot[i];
    }
    return new NormJvp(Toy.norm(t, power), tangent);
  }

  public record OffsetGradient(double value, double x) {}

  public static OffsetGradient offsetGradient(double x) {
    return new OffsetGradient(Toy.offset(x), 1e-3);
  }
}
