/**
 * Diagnostics (internal): reporting errors and warnings to javac at the exact tree they concern
 * ({@link dev.adjoint.processor.diag.Diagnostics}), with what to write instead and, through {@link
 * dev.adjoint.processor.diag.MethodReporter}, the method being differentiated. The analyses and
 * transforms describe what they cannot differentiate as a {@link
 * dev.adjoint.processor.diag.Problem} at an IR statement's {@link
 * dev.adjoint.processor.diag.TreeOrigin}, so every stage reports at the user's source position.
 */
package dev.adjoint.processor.diag;
