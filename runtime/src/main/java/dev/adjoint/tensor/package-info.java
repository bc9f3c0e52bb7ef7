/**
 * Dense tensors of doubles for {@code @Differentiable} code: {@link dev.adjoint.tensor.Tensor}, an
 * immutable row-major n-dimensional array with NumPy broadcasting, matrix products, reductions and
 * activations; the pullbacks ({@link dev.adjoint.tensor.TensorPullbacks}) and tangent rules ({@link
 * dev.adjoint.tensor.TensorTangents}) of every operation, through which the processor
 * differentiates code over tensors in reverse and forward mode; the plain-array kernels behind them
 * ({@link dev.adjoint.tensor.Kernels}, with an optional BLAS back-end); and {@link
 * dev.adjoint.tensor.TensorParameter}, a tensor that the optimizers of {@code dev.adjoint.optim}
 * update in place.
 */
package dev.adjoint.tensor;
