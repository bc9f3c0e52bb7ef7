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

/**
 * Per-parameter state of {@link Adam} and {@link AdamW}, allocated once, and their shared update
 * (PyTorch's {@code _single_tensor_adam}).
 */
final class AdamState {
  long step;
  final double[] expAvg;
  final double[] expAvgSq;
  double[] maxExpAvgSq;

  AdamState(int size, boolean amsgrad) {
    expAvg = new double[size];
    expAvgSq = new double[size];
    if (amsgrad) {
      maxExpAvgSq = new double[size];
    }
  }

  void save(String prefix, StateDict out) {
    out.putLong(prefix + "step", step);
    out.putArray(prefix + "exp_avg", expAvg);
    out.putArray(prefix + "exp_avg_sq", expAvgSq);
    if (maxExpAvgSq != null) {
      out.putArray(prefix + "max_exp_avg_sq", maxExpAvgSq);
    }
  }

  void load(String prefix, StateDict in) {
    int n = expAvg.length;
    step = in.getLong(prefix + "step");
    System.arraycopy(in.array(prefix + "exp_avg", n), 0, expAvg, 0, n);
    System.arraycopy(in.array(prefix + "exp_avg_sq", n), 0, expAvgSq, 0, n);
    if (in.hasArray(prefix + "max_exp_avg_sq")) {
      maxExpAvgSq = in.array(prefix + "max_exp_avg_sq", n);
    }
  }

  /**
   * One Adam step. {@code l2} is the coupled weight decay added to the gradient (Adam), {@code
   * decoupled} the decay applied to θ before the update (AdamW); one of them is 0.
   */
  void update(
      Parameter param,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double l2,
      double decoupled,
      boolean amsgrad,
      boolean maximize) {
    int n = expAvg.length;
    Optimizer.checkSize(param, n);
    if (amsgrad && maxExpAvgSq == null) {
      maxExpAvgSq = new double[n]; // amsgrad switched on after construction: allocated once
    }
    double[] theta = param.value();
    double[] grad = param.grad();
    int vo = param.valueOffset();
    int go = param.gradOffset();
    step++;
    double biasCorrection1 = 1.0 - Math.pow(beta1, step);
    double biasCorrection2 = 1.0 - Math.pow(beta2, step);
    double stepSize = lr / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    double decay = 1.0 - lr * decoupled;
    double[] m = expAvg;
    double[] v = expAvgSq;
    double[] vMax = maxExpAvgSq;
    for (int i = 0; i < n; i++) {
      double t = theta[vo + i];
      if (decoupled != 0.0) {
        t *= decay;
      }
      double g = maximize ? -grad[go + i] : grad[go + i];
      if (l2 != 0.0) {
        g += l2 * t;
      }
      double mi = beta1 * m[i] + (1.0 - beta1) * g;
      double vi = beta2 * v[i] + (1.0 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      if (amsgrad) {
        vi = Math.max(vMax[i], vi);
        vMax[i] = vi;
      }
      double denom = Math.sqrt(vi) / biasCorrection2Sqrt + eps;
      theta[vo + i] = t - stepSize * (mi / denom);
    }
  }
}
