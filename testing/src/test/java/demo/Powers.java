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
package demo;

import dev.adjoint.Differentiable;

/** A model with a parameter that is not drawn by default: a trip count. */
public class Powers {
  @Differentiable
  static double power(double x, int n) {
    double p = 1;
    for (int i = 0; i < n; i++) {
      p *= x;
    }
    return p;
  }

  @Differentiable
  static double norm(double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * v[i];
    }
    return Math.sqrt(s);
  }
}
