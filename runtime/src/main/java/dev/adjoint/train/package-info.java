/**
 * The training loop, with no dependency: a {@link dev.adjoint.train.Trainer} runs an optimizer of
 * {@code dev.adjoint.optim} over seeded mini-batches from a {@link dev.adjoint.train.DataLoader}
 * for a number of epochs, with gradient clipping, evaluation every N steps, {@link
 * dev.adjoint.train.EarlyStopping}, {@link dev.adjoint.train.Callback}s and {@link
 * dev.adjoint.train.Progress} output, and returns a {@link dev.adjoint.train.History}. Also here:
 * {@link dev.adjoint.train.Metrics} and {@link dev.adjoint.train.ConfusionMatrix}, and checkpoints
 * in the safetensors format that PyTorch, JAX and Hugging Face read ({@link
 * dev.adjoint.train.Safetensors}, {@link dev.adjoint.train.Checkpoint}).
 */
package dev.adjoint.train;
