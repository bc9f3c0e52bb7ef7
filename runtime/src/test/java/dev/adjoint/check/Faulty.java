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

import dev.adjoint.Differentiable;

/**
 * Models whose hand-written companions ({@code Faulty_<Name>Adjoint}, in FaultyAdjoints.java) each
 * have one deliberate mistake, which {@link dev.adjoint.AdjointCheck} must find.
 */
public final class Faulty {
  private Faulty() {}

  /** fGradient has a sign error in d/dx2; fPullback and fJvp are right. */
  public static final class BadGradient {
    @Differentiable
    public static double f(double x1, double x2) {
      return Toy.f(x1, x2);
    }
  }

  /** fJvp is off by one part in 10^7: invisible to finite differences, not to reverse mode. */
  public static final class BadJvp {
    @Differentiable
    public static double f(double x1, double x2) {
      return Toy.f(x1, x2);
    }
  }

  /** fGradient overwrites its argument. */
  public static final class Mutating {
    @Differentiable
    public static double g(double[] x) {
      double s = 0;
      for (double v : x) {
        s += v * v;
      }
      return s;
    }
  }

  /** fHessian's off-diagonal is 1.001 instead of 1. */
  public static final class BadHessian {
    @Differentiable(order = 2)
    public static double f(double x1, double x2) {
      return Toy.f(x1, x2);
    }
  }

  /** polarJacobian has a sign error; fJvp and fPullback are right. */
  public static final class BadJacobian {
    @Differentiable
    public static double[] polar(double r, double theta) {
      return Toy.polar(r, theta);
    }
  }

  /** fPullback assigns its buffer instead of adding into it. */
  public static final class Overwrites {
    @Differentiable
    public static double g(double[] x) {
      return Mutating.g(x);
    }
  }

  /** Detaches x * x: its (right) gradient x² is not the derivative 3x² of its value. */
  public static final class Detached {
    @Differentiable
    public static double z(double x) {
      return dev.adjoint.Adjoint.detach(x * x) * x;
    }
  }
}
