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

import java.util.Map;

/**
 * Computes metrics on held-out data at the current parameters, for a {@link Trainer}'s evaluations
 * and early stopping: for example {@code () -> Map.of("val_loss", loss(test), "val_accuracy",
 * Metrics.accuracy(predict(test), testLabels))}. Names are free; keep their order stable (a {@code
 * LinkedHashMap} or {@code Map.of} with one or two entries) for readable progress lines.
 */
@FunctionalInterface
public interface Evaluator {

  /**
   * The metrics at the parameters' current values, by name.
   *
   * @return the metrics by name (a validation loss, an accuracy, ...)
   */
  Map<String, Double> evaluate();
}
