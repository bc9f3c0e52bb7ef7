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

  /** Attaches {@code schedule} to {@code optimizer}, counted in optimizer steps (automatically). */
  public static LrScheduler perStep(Optimizer<?> optimizer, LrSchedule schedule) {
    return new LrScheduler(optimizer, schedule, Interval.STEP);
  }

  /** Attaches {@code schedule} to {@code optimizer}, counted by calls to {@link #step()}. */
  public static LrScheduler perEpoch(Optimizer<?> optimizer, LrSchedule schedule) {
    return new LrScheduler(optimizer, schedule, Interval.EPOCH);
  }

  /** Attaches {@code schedule} to {@code optimizer}, advancing at {@code interval}. */
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

  /** The number of scheduler steps taken so far, t (PyTorch's {@code last_epoch}). */
  public long count() {
    return count;
  }

  /**
   * Sets the count, for example to resume training.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void setCount(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be non-negative, got " + count);
    }
    this.count = count;
  }

  /** The rate for base learning rate {@code baseLr} at the current count: {@code schedule.lr(baseLr, t)}. */
  public double lr(double baseLr) {
    return schedule.lr(baseLr, count);
  }

  /** The rate group {@code group} of the optimizer uses next (PyTorch's {@code get_last_lr()[group]}). */
  public double lastLr(int group) {
    return lr(optimizer.paramGroups().get(group).options().lr());
  }

  /** The schedule. */
  public LrSchedule schedule() {
    return schedule;
  }

  /** When the count advances. */
  public Interval interval() {
    return interval;
  }

  /** The optimizer this scheduler drives. */
  public Optimizer<?> optimizer() {
    return optimizer;
  }

  /** Whether this scheduler still drives its optimizer (not replaced or detached). */
  public boolean isAttached() {
    return attached;
  }

  @Override
  public String toString() {
    return "LrScheduler[" + schedule + ", per " + interval + ", t=" + count + "]";
  }
}
