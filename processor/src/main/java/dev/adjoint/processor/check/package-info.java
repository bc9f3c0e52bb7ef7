/**
 * Stage 2, checking (internal): decides whether a method is in the supported subset, and types it.
 * {@link dev.adjoint.processor.check.SignatureValidator} checks the declaration, {@link
 * dev.adjoint.processor.check.Checker} the body (every construct outside the subset is an error at
 * its position saying what to write instead), resolving names as javac would ({@code NameResolver},
 * through the round's {@link dev.adjoint.processor.check.ClassLookup}) since javac has not
 * attributed the trees yet; the result is an {@link dev.adjoint.processor.check.Attribution}.
 * {@link dev.adjoint.processor.check.PullbackRegistry} finds and validates the {@code @PullbackOf}
 * and {@code @TangentOf} declarations of the library methods a body calls.
 */
package dev.adjoint.processor.check;
