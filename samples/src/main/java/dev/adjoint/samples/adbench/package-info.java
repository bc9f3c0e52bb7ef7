/**
 * ADBench's objectives written for the processor: the Gaussian mixture model ({@link
 * dev.adjoint.samples.adbench.Gmm}) and bundle adjustment ({@link dev.adjoint.samples.adbench.Ba}),
 * with ADBench's instances, hand-written adjoints to compare with, and a multi-layer perceptron
 * ({@link dev.adjoint.samples.adbench.Mlp}). The samples' tests check their generated gradients;
 * the benchmarks module times them.
 */
package dev.adjoint.samples.adbench;
