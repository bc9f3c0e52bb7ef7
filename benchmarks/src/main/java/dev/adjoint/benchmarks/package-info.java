/**
 * JMH benchmarks (docs/benchmarks.md): the tensor kernels' matrix product against a triple loop,
 * EJML and netlib BLAS ({@link dev.adjoint.benchmarks.MatmulBenchmark}, reported by {@link
 * dev.adjoint.benchmarks.MatmulReport}); ADBench's GMM and BA and an MLP training step, generated
 * gradients against hand-written adjoints, finite differences and Hipparchus's forward mode ({@link
 * dev.adjoint.benchmarks.AdBenchReport}).
 */
package dev.adjoint.benchmarks;
