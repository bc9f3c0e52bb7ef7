/**
 * Stage 1, reading (internal): finds each {@code @Differentiable} method and the source tree javac
 * parsed for it ({@link dev.adjoint.processor.read.SourceMethod}) through the Compiler Tree API,
 * which {@link dev.adjoint.processor.read.JavacBridge} finds behind the wrappers build tools put
 * around javac; and describes each method as its callers see it ({@link
 * dev.adjoint.processor.read.DifferentiableSignature}: differentiated parameters, companion class),
 * whether it is compiled now or read from a class file.
 */
package dev.adjoint.processor.read;
