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
package dev.adjoint.samples;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The tick labels of the samples' charts: one format per axis, so that an axis never mixes {@code
 * 1000} with {@code 1E4}, or {@code 1} with {@code 1.2}.
 *
 * <p>On a logarithmic axis only decades are labelled, all in plain notation ({@code 0.001} to
 * {@code 100,000}) when every decade of the axis is in that range, else all as powers of ten
 * ({@code 1e-12}, {@code 1e0}); past 8 decades only every second, third, ... decade is. On a linear
 * axis every label has the same number of decimals: none for whole numbers, else as many as the
 * smallest step XChart may choose for the axis's span needs.
 */
final class Ticks {
  private Ticks() {}

  /** At most this many labelled decades on a logarithmic axis. */
  static final int MAX_DECADES = 8;

  /**
   * The label of each tick of an axis drawn over {@code values} (the series' points, already
   * without those the axis cannot show).
   */
  static Function<Double, String> formatter(boolean log, List<double[]> values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean whole = true;
    for (double[] series : values) {
      for (double v : series) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        whole &= v == Math.rint(v);
      }
    }
    if (min > max) {
      return v -> "";
    }
    return log ? logarithmic(min, max) : linear(max - min, whole);
  }

  private static Function<Double, String> logarithmic(double min, double max) {
    int low = (int) Math.floor(Math.log10(min));
    int high = (int) Math.ceil(Math.log10(max));
    int every = Math.max(1, (int) Math.ceil((high - low) / (double) MAX_DECADES));
    boolean plain = low >= -3 && high <= 5;
    return v -> {
      double exponent = Math.log10(v);
      long decade = Math.round(exponent);
      if (Math.abs(exponent - decade) > 1e-9 || decade % every != 0) {
        return "";
      }
      if (!plain) {
        return "1e" + decade;
      }
      return String.format(Locale.ROOT, "%,." + Math.max(0, -decade) + "f", Math.pow(10, decade));
    };
  }

  private static Function<Double, String> linear(double span, boolean whole) {
    // XChart's steps are 1, 2 or 5 times a power of ten, and with Charts' spacing hints it draws
    // at most about 8 ticks an axis: a step is more than a tenth of the span.
    int decimals =
        whole && span >= 8
            ? 0
            : Math.max(0, (int) -Math.floor(Math.log10(span > 0 ? span / 10 : 1)));
    String format = "%,." + decimals + "f";
    return v -> String.format(Locale.ROOT, format, v == 0 ? 0.0 : v); // no "-0.0"
  }
}
