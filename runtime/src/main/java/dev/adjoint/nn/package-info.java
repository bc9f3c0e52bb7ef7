/**
 * Loss functions and neural-network layers for {@code @Differentiable} code, as static functions
 * (PyTorch's {@code torch.nn.functional}): {@link dev.adjoint.nn.Losses} (squared error, binary and
 * softmax cross-entropy, L2 penalty) over {@code double[]} arrays and tensors, and {@link
 * dev.adjoint.nn.Layers} (dense, embedding, layer norm, dropout, 1-D convolution) over tensors.
 * Each has its pullbacks ({@code *Pullbacks}) and tangent rules ({@code *Tangents}) declared beside
 * it, so models written with them differentiate in both modes.
 */
package dev.adjoint.nn;
