package dev.adjoint.train;

import java.util.Map;

/**
 * Computes metrics on held-out data at the current parameters, for a {@link Trainer}'s evaluations
 * and early stopping: for example {@code () -> Map.of("val_loss", loss(test), "val_accuracy",
 * Metrics.accuracy(predict(test), testLabels))}. Names are free; keep their order stable (a
 * {@code LinkedHashMap} or {@code Map.of} with one or two entries) for readable progress lines.
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
