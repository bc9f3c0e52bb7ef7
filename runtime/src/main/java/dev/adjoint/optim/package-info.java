/**
 * First-order optimizers over parameters held in plain arrays or tensors, following PyTorch's
 * {@code torch.optim} formulas and names: {@link dev.adjoint.optim.Sgd}, {@link
 * dev.adjoint.optim.Adam}, {@link dev.adjoint.optim.AdamW} and {@link dev.adjoint.optim.RmsProp},
 * with parameter groups, learning-rate schedules ({@link dev.adjoint.optim.LrSchedule}, driven by
 * an {@link dev.adjoint.optim.LrScheduler}), gradient clipping ({@link dev.adjoint.optim.GradClip})
 * and state dictionaries for checkpoints.
 *
 * <p>A {@link dev.adjoint.optim.Parameter} is a run of values and the gradient buffer beside them;
 * a generated pullback adds into that buffer, and {@link dev.adjoint.optim.Optimizer#step()}
 * updates the values in place.
 */
package dev.adjoint.optim;
