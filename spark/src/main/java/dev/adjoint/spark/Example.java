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
package dev.adjoint.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One supervised example: features {@code x} and a target {@code y}. The array is used as given,
 * not copied, and should not be modified once the example is in a data set.
 *
 * @param x the features
 * @param y the target (a regression target, or a class label as a double)
 * @serial exclude
 */
public record Example(double[] x, double y) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Checks that {@code x} is not null.
   *
   * @param x the features; not null
   * @param y the target
   * @throws NullPointerException if {@code x} is null
   */
  public Example {
    Objects.requireNonNull(x, "x");
  }

  /** Equal when the features are equal element by element and the targets are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Example e && Double.compare(y, e.y) == 0 && Arrays.equals(x, e.x);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(x) + Double.hashCode(y);
  }

  @Override
  public String toString() {
    return "Example[x=" + Arrays.toString(x) + ", y=" + y + "]";
  }
}
