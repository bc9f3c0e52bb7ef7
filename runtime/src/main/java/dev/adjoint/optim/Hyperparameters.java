package dev.adjoint.optim;

/**
 * The hyper-parameters of one {@link ParameterGroup} of an {@link Optimizer} (PyTorch's per-group
 * option dictionary). Every optimizer's options have a base learning rate; an attached {@link
 * LrScheduler} turns it into the learning rate of each step, {@code schedule.lr(lr(), t)}.
 */
public interface Hyperparameters {

  /**
   * The base learning rate γ (the rate used at every step when no scheduler is attached).
   *
   * @return the base learning rate, 0 or more
   */
  double lr();
}
