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

import java.util.Objects;

/**
 * Drives an optimizer's learning rate along an {@link LrSchedule}: it holds the count t of
 * scheduler steps taken (PyTorch's {@code last_epoch}), and the optimizer's step uses rate {@code
 * schedule.lr(γ₀, t)} for a group with base rate γ₀. The count starts at 0 and advances
 *
 * <ul>
 *   <li>{@linkplain #perStep per step}: by itself, after each {@link Optimizer#step()} (one count
 *       per batch; warm-up and cosine schedules are usually counted in steps), or
 *   <li>{@linkplain #perEpoch per epoch}: when you call {@link #step()}, typically at the end of
 *       each epoch, exactly where a PyTorch loop calls {@code scheduler.step()}.
 * </ul>
 *
 * <p>Either way the first optimizer step uses the schedule's rate at t = 0, as in PyTorch. Creating
 * a scheduler attaches it to the optimizer, replacing any scheduler attached before; an optimizer
 * has at most one.
 */
public final class LrScheduler {

  /** When the count of an {@link LrScheduler} advances. */
  public enum Interval {
    /** After every {@link Optimizer#step()}, automatically. */
    STEP,
    /** When {@link LrScheduler#step()} is called (once per epoch, say). */
    EPOCH
  }

  private final Optimizer<?> optimizer;
  private final LrSchedule schedule;
  private final Interval interval;
  private long count;
  private boolean attached = true;

  private LrScheduler(Optimizer<?> optimizer, LrSchedule schedule, Interval interval) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.interval = Objects.requireNonNull(interval, "interval");
    optimizer.detachScheduler();
    optimizer.attach(this);
  }

  /**
   * Attaches {@code schedule} to {@code optimizer}, counted in optimizer steps (automatically).
   *
   * @param optimizer the optimizer whose rates it sets; a scheduler attached before is detached
   * @param schedule the rates over the count
   * @return the scheduler, attached
   */
  public static LrScheduler perStep(Optimizer<?> optimizer, LrSchedule schedule) {
    return new LrScheduler(optimizer, schedule, Interval.STEP);
  }

  /**
   * Attaches {@code schedule} to {@code optimizer}, counted by calls to {@link #step()}.
   *
   * @param optimizer the optimizer whose rates it sets; a scheduler attached before is detached
   * @param schedule the rates over the count
   * @return the scheduler, attached; call {@link #step()} at the end of each epoch
   */
  public static LrScheduler perEpoch(Optimizer<?> optimizer, LrSchedule schedule) {
    return new LrScheduler(optimizer, schedule, Interval.EPOCH);
  }

  /**
   * Attaches {@code schedule} to {@code optimizer}, advancing at {@code interval}.
   *
   * @param optimizer the optimizer whose rates it sets; a scheduler attached before is detached
   * @param schedule the rates over the count
   * @param interval when the count advances
   * @return the scheduler, attached
   */
  public static LrScheduler of(Optimizer<?> optimizer, LrSchedule schedule, Interval interval) {
    return new LrScheduler(optimizer, schedule, interval);
  }

  /**
   * Ends an epoch: advances the count by one (PyTorch's {@code scheduler.step()}).
   *
   * @throws IllegalStateException if this scheduler is per step (its count already advances with
   *     each optimizer step; calling this too would count twice)
   */
  public void step() {
    if (interval == Interval.STEP) {
      throw new IllegalStateException(
          "this scheduler advances with every optimizer step; step() is for per-epoch schedulers");
    }
    count++;
  }

  void advance() {
    count++;
  }

  void detached() {
    attached = false;
  }

  /**
   * The number of scheduler steps taken so far, t (PyTorch's {@code last_epoch}).
   *
   * @return the count t, 0 or more
   */
  public long count() {
    return count;
  }

  /**
   * Sets the count, for example to resume training.
   *
   * @param count the new count t
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void setCount(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be non-negative, got " + count);
    }
    this.count = count;
  }

  /**
   * The rate for base learning rate {@code baseLr} at the current count: {@code schedule.lr(baseLr,
   * t)}.
   *
   * @param baseLr a group's base learning rate γ₀
   * @return the learning rate at the current count
   */
  public double lr(double baseLr) {
    return schedule.lr(baseLr, count);
  }

  /**
   * The rate group {@code group} of the optimizer uses next (PyTorch's {@code
   * get_last_lr()[group]}).
   *
   * @param group the index of the optimizer's parameter group
   * @return that group's learning rate at the current count
   */
  public double lastLr(int group) {
    return lr(optimizer.paramGroups().get(group).options().lr());
  }

  /**
   * The schedule.
   *
   * @return the schedule this scheduler follows
   */
  public LrSchedule schedule() {
    return schedule;
  }

  /**
   * When the count advances.
   *
   * @return per optimizer step or per call to {@link #step()}
   */
  public Interval interval() {
    return interval;
  }

  /**
   * The optimizer this scheduler drives.
   *
   * @return the optimizer
   */
  public Optimizer<?> optimizer() {
    return optimizer;
  }

  /**
   * Whether this scheduler still drives its optimizer (not replaced or detached).
   *
   * @return whether the optimizer still uses this scheduler's rates
   */
  public boolean isAttached() {
    return attached;
  }

  @Override
  public String toString() {
    return "LrScheduler[" + schedule + ", per " + interval + ", t=" + count + "]";
  }
}
