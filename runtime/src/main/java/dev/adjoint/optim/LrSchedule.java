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

import java.util.List;

/**
 * A learning-rate schedule: the learning rate after t scheduler steps for a parameter group whose
 * base learning rate is γ₀, as a pure function {@code lr(γ₀, t)}, t = 0, 1, 2, … An {@link
 * LrScheduler} holds the count t and advances it once per optimizer step or once per epoch; the
 * optimizer reads {@code lr(γ₀, t)} for each group at every step.
 *
 * <p>The factories are PyTorch's {@code torch.optim.lr_scheduler} classes in closed form (their
 * {@code _get_closed_form_lr}); for t ≥ 0 they give the same rates as PyTorch's recursive
 * implementation, up to rounding:
 *
 * <ul>
 *   <li>{@link #constant()}: γ₀;
 *   <li>{@link #stepLr(long, double) StepLR}: γ₀ · gamma^⌊t / step_size⌋;
 *   <li>{@link #multiStepLr(double, long...) MultiStepLR}: γ₀ · gamma^(number of milestones ≤ t);
 *   <li>{@link #exponentialLr(double) ExponentialLR}: γ₀ · gamma^t;
 *   <li>{@link #cosineAnnealingLr(long, double) CosineAnnealingLR}: η_min + (γ₀ − η_min)(1 + cos(π
 *       t / T_max)) / 2;
 *   <li>{@link #linearLr(double, double, long) LinearLR}: γ₀ · (s + (e − s) · min(t, T) / T);
 *   <li>{@link #sequential(List, long...) SequentialLR} and {@link #then(long, LrSchedule)}: one
 *       schedule, then from each milestone the next, restarted at t = 0;
 *   <li>{@link #linearWarmup(long, double, LrSchedule)}: linear warm-up followed by another
 *       schedule.
 * </ul>
 */
@FunctionalInterface
public interface LrSchedule {

  /**
   * The learning rate after {@code t} ≥ 0 scheduler steps, for base learning rate {@code baseLr}.
   *
   * @param baseLr the group's base learning rate γ₀
   * @param t the number of scheduler steps taken, 0 or more
   * @return the learning rate
   */
  double lr(double baseLr, long t);

  /**
   * This schedule until the scheduler count reaches {@code milestone}, then {@code next} counted
   * from 0 at the milestone: {@code t < milestone ? this.lr(γ₀, t) : next.lr(γ₀, t − milestone)}
   * (PyTorch's {@code SequentialLR([this, next], milestones=[milestone])}). Milestones of chained
   * calls are counted from the start: {@code a.then(10, b).then(30, c)} runs b for 20 steps.
   *
   * @param milestone the count at which {@code next} takes over
   * @param next the schedule from then on, counted from 0
   * @return the combined schedule
   * @throws IllegalArgumentException if {@code milestone} is negative
   */
  default LrSchedule then(long milestone, LrSchedule next) {
    return sequential(List.of(this, next), milestone);
  }

  /**
   * The base learning rate γ₀ at every step (PyTorch's behaviour without a scheduler).
   *
   * @return the constant schedule
   */
  static LrSchedule constant() {
    return Schedules.Constant.INSTANCE;
  }

  /**
   * PyTorch's {@code StepLR}: decays the rate by {@code gamma} every {@code stepSize} steps, γ₀ ·
   * gamma^⌊t / step_size⌋.
   *
   * @param stepSize the number of steps between decays, 1 or more
   * @param gamma the factor of each decay, 0 or more
   * @return the schedule
   * @throws IllegalArgumentException if {@code stepSize} &lt; 1 or gamma is negative or NaN
   */
  static LrSchedule stepLr(long stepSize, double gamma) {
    return new Schedules.Step(stepSize, gamma);
  }

  /**
   * PyTorch's {@code MultiStepLR}: γ₀ · gamma^k where k is the number of milestones ≤ t.
   *
   * @param gamma the factor of each decay, 0 or more
   * @param milestones the counts at which the rate decays, increasing
   * @return the schedule
   * @throws IllegalArgumentException if the milestones are negative or not increasing, or gamma is
   *     negative or NaN
   */
  static LrSchedule multiStepLr(double gamma, long... milestones) {
    return new Schedules.MultiStep(gamma, milestones.clone());
  }

  /**
   * PyTorch's {@code ExponentialLR}: γ₀ · gamma^t.
   *
   * @param gamma the factor per step, 0 or more
   * @return the schedule
   * @throws IllegalArgumentException if gamma is negative or NaN
   */
  static LrSchedule exponentialLr(double gamma) {
    return new Schedules.Exponential(gamma);
  }

  /**
   * PyTorch's {@code CosineAnnealingLR}: η_t = η_min + (γ₀ − η_min)(1 + cos(π t / T_max)) / 2,
   * falling from γ₀ at t = 0 to η_min at t = T_max. Like PyTorch's (which implements only the
   * annealing of SGDR, without restarts), the formula keeps going after T_max: the rate rises back
   * to γ₀ at 2 T_max, and so on, with period 2 T_max. To hold η_min after T_max instead, follow it
   * with {@code .then(tMax, (base, t) -> etaMin)}.
   *
   * @param tMax the number of steps T_max of the descent from γ₀ to η_min, 1 or more
   * @param etaMin the lowest rate η_min
   * @return the schedule
   * @throws IllegalArgumentException if {@code tMax} &lt; 1 or etaMin is NaN
   */
  static LrSchedule cosineAnnealingLr(long tMax, double etaMin) {
    return new Schedules.Cosine(tMax, etaMin);
  }

  /**
   * PyTorch's {@code LinearLR}: multiplies γ₀ by a factor that moves linearly from {@code
   * startFactor} s at t = 0 to {@code endFactor} e at t = {@code totalIters} T and stays there: γ₀
   * · (s + (e − s) · min(t, T) / T). PyTorch's defaults are s = 1/3, e = 1, T = 5.
   *
   * @param startFactor the factor s of γ₀ at t = 0, in [0, 1]
   * @param endFactor the factor e of γ₀ from t = T on, in [0, 1]
   * @param totalIters the number of steps T of the change, 1 or more
   * @return the schedule
   * @throws IllegalArgumentException unless 0 ≤ s ≤ 1, 0 ≤ e ≤ 1 and T ≥ 1 (PyTorch requires s &gt;
   *     0, because its recursive form divides by the previous factor; this closed form allows a
   *     warm-up from 0)
   */
  static LrSchedule linearLr(double startFactor, double endFactor, long totalIters) {
    return new Schedules.Linear(startFactor, endFactor, totalIters);
  }

  /**
   * Linear warm-up over {@code warmupSteps} steps from γ₀ · {@code startFactor}, then {@code after}
   * counted from 0: PyTorch's {@code SequentialLR([LinearLR(start_factor, 1.0, warmupSteps),
   * after], milestones=[warmupSteps])}. The rates are γ₀ · (s + (1 − s) t / W) for t &lt; W, then
   * {@code after.lr(γ₀, t − W)}; with s = 0 the first step has rate 0.
   *
   * @param warmupSteps the length W of the warm-up, 1 or more
   * @param startFactor the factor s of γ₀ at the first step, in [0, 1]
   * @param after the schedule after the warm-up, counted from 0
   * @return the schedule
   * @throws IllegalArgumentException unless 0 ≤ startFactor ≤ 1 and warmupSteps ≥ 1
   */
  static LrSchedule linearWarmup(long warmupSteps, double startFactor, LrSchedule after) {
    return linearLr(startFactor, 1.0, warmupSteps).then(warmupSteps, after);
  }

  /**
   * PyTorch's {@code SequentialLR}: {@code schedules.get(0)} until {@code milestones[0]}, then
   * {@code schedules.get(i)} from {@code milestones[i − 1]}, each restarted at t = 0 at its
   * milestone: lr(γ₀, t) = s_i(γ₀, t − m_{i−1}) for m_{i−1} ≤ t &lt; m_i (m_{−1} = 0).
   *
   * @param schedules the schedules, in the order they run
   * @param milestones the counts at which each schedule after the first takes over
   * @return the schedule
   * @throws IllegalArgumentException unless there is one milestone fewer than schedules and they
   *     are non-negative and non-decreasing
   */
  static LrSchedule sequential(List<LrSchedule> schedules, long... milestones) {
    return new Schedules.Sequential(schedules.toArray(new LrSchedule[0]), milestones.clone());
  }
}
