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

import java.util.Arrays;
import java.util.Objects;

/** The implementations behind {@link LrSchedule}'s factories. */
final class Schedules {
  private Schedules() {}

  private static void checkGamma(double gamma) {
    if (!(gamma >= 0.0)) {
      throw new IllegalArgumentException("gamma must be non-negative, got " + gamma);
    }
  }

  enum Constant implements LrSchedule {
    INSTANCE;

    @Override
    public double lr(double baseLr, long t) {
      return baseLr;
    }

    @Override
    public String toString() {
      return "ConstantLR";
    }
  }

  record Step(long stepSize, double gamma) implements LrSchedule {
    Step {
      if (stepSize < 1) {
        throw new IllegalArgumentException("step_size must be at least 1, got " + stepSize);
      }
      checkGamma(gamma);
    }

    @Override
    public double lr(double baseLr, long t) {
      return baseLr * Math.pow(gamma, (double) (t / stepSize));
    }
  }

  record MultiStep(double gamma, long[] milestones) implements LrSchedule {
    MultiStep {
      checkGamma(gamma);
      for (int i = 0; i < milestones.length; i++) {
        if (milestones[i] < 0 || (i > 0 && milestones[i] <= milestones[i - 1])) {
          throw new IllegalArgumentException(
              "milestones must be non-negative and increasing: " + Arrays.toString(milestones));
        }
      }
    }

    @Override
    public double lr(double baseLr, long t) {
      int k = 0;
      while (k < milestones.length && milestones[k] <= t) {
        k++;
      }
      return baseLr * Math.pow(gamma, k);
    }

    @Override
    public String toString() {
      return "MultiStepLR[gamma=" + gamma + ", milestones=" + Arrays.toString(milestones) + "]";
    }
  }

  record Exponential(double gamma) implements LrSchedule {
    Exponential {
      checkGamma(gamma);
    }

    @Override
    public double lr(double baseLr, long t) {
      return baseLr * Math.pow(gamma, (double) t);
    }
  }

  record Cosine(long tMax, double etaMin) implements LrSchedule {
    Cosine {
      if (tMax < 1) {
        throw new IllegalArgumentException("T_max must be at least 1, got " + tMax);
      }
      if (Double.isNaN(etaMin)) {
        throw new IllegalArgumentException("eta_min is NaN");
      }
    }

    @Override
    public double lr(double baseLr, long t) {
      return etaMin + (baseLr - etaMin) * (1.0 + Math.cos(Math.PI * t / tMax)) / 2.0;
    }
  }

  record Linear(double startFactor, double endFactor, long totalIters) implements LrSchedule {
    Linear {
      if (!(startFactor >= 0.0 && startFactor <= 1.0)) {
        throw new IllegalArgumentException(
            "Starting multiplicative factor expected to be between 0 and 1, got " + startFactor);
      }
      if (!(endFactor >= 0.0 && endFactor <= 1.0)) {
        throw new IllegalArgumentException(
            "Ending multiplicative factor expected to be between 0 and 1, got " + endFactor);
      }
      if (totalIters < 1) {
        throw new IllegalArgumentException("total_iters must be at least 1, got " + totalIters);
      }
    }

    @Override
    public double lr(double baseLr, long t) {
      return baseLr
          * (startFactor + (endFactor - startFactor) * Math.min(totalIters, t) / totalIters);
    }
  }

  record Sequential(LrSchedule[] schedules, long[] milestones) implements LrSchedule {
    Sequential {
      if (schedules.length != milestones.length + 1) {
        throw new IllegalArgumentException(
            "Sequential schedulers expects number of schedulers provided to be one more than the"
                + " number of milestone points, but got "
                + schedules.length
                + " schedules and "
                + milestones.length
                + " milestones");
      }
      for (LrSchedule s : schedules) {
        Objects.requireNonNull(s, "schedule");
      }
      for (int i = 0; i < milestones.length; i++) {
        if (milestones[i] < 0 || (i > 0 && milestones[i] < milestones[i - 1])) {
          throw new IllegalArgumentException(
              "milestones must be non-negative and non-decreasing: " + Arrays.toString(milestones));
        }
      }
    }

    @Override
    public double lr(double baseLr, long t) {
      // PyTorch: idx = bisect_right(milestones, t); the schedule idx runs from milestones[idx - 1].
      int idx = 0;
      while (idx < milestones.length && milestones[idx] <= t) {
        idx++;
      }
      long start = idx == 0 ? 0 : milestones[idx - 1];
      return schedules[idx].lr(baseLr, t - start);
    }

    @Override
    public String toString() {
      return "SequentialLR[schedules="
          + Arrays.toString(schedules)
          + ", milestones="
          + Arrays.toString(milestones)
          + "]";
    }
  }
}
