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

/** Argument checks with PyTorch's messages. */
final class Checks {
  private Checks() {}

  static void nonNegative(String what, double value) {
    if (!(value >= 0.0)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }

  static void finiteOrInfinite(String what, double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }

  static void beta(String what, double value) {
    if (!(value >= 0.0 && value < 1.0)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
  }
}
