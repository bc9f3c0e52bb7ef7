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
package dev.adjoint.train;

import java.util.Objects;

/**
 * Stops training when an evaluated metric has stopped improving (Keras's {@code EarlyStopping}):
 * after each evaluation, the metric improves when it is below the best so far by more than {@code
 * minDelta} (above it, when maximised); after {@code patience} evaluations in a row without
 * improvement, the run ends.
 *
 * @param metric the name of a metric the {@link Evaluator} returns
 * @param maximize whether larger is better (accuracy) rather than smaller (loss)
 * @param patience evaluations without improvement before stopping, at least 1
 * @param minDelta the smallest change that counts as an improvement, ≥ 0
 */
public record EarlyStopping(String metric, boolean maximize, int patience, double minDelta) {

  /**
   * Checks the arguments.
   *
   * @param metric the name of a metric the {@link Evaluator} returns
   * @param maximize whether larger is better
   * @param patience evaluations without improvement before stopping, at least 1
   * @param minDelta the smallest change that counts as an improvement, 0 or more
   * @throws IllegalArgumentException if patience or minDelta is out of range
   */
  public EarlyStopping {
    Objects.requireNonNull(metric, "metric");
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1, got " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta must be non-negative, got " + minDelta);
    }
  }

  /**
   * Stops when {@code metric} has not decreased for {@code patience} evaluations.
   *
   * @param metric the name of a metric the {@link Evaluator} returns, such as a validation loss
   * @param patience evaluations without improvement before stopping, at least 1
   * @return the rule, with {@code minDelta} 0
   */
  public static EarlyStopping minimize(String metric, int patience) {
    return new EarlyStopping(metric, false, patience, 0.0);
  }

  /**
   * Stops when {@code metric} has not increased for {@code patience} evaluations.
   *
   * @param metric the name of a metric the {@link Evaluator} returns, such as an accuracy
   * @param patience evaluations without improvement before stopping, at least 1
   * @return the rule, with {@code minDelta} 0
   */
  public static EarlyStopping maximize(String metric, int patience) {
    return new EarlyStopping(metric, true, patience, 0.0);
  }

  /**
   * A copy with the given {@code minDelta}.
   *
   * @param minDelta the smallest change that counts as an improvement, 0 or more
   * @return the copy
   */
  public EarlyStopping minDelta(double minDelta) {
    return new EarlyStopping(metric, maximize, patience, minDelta);
  }

  boolean improves(double value, double best) {
    if (Double.isNaN(value)) {
      return false;
    }
    if (Double.isNaN(best)) {
      return true;
    }
    return maximize ? value > best + minDelta : value < best - minDelta;
  }
}
