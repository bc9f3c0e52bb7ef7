/**
 * Stage 3, lowering (internal): {@link dev.adjoint.processor.lower.Lowerer} turns a checked method
 * body into the IR of {@code dev.adjoint.processor.ir}: three-address assignments, each with at
 * most one differentiable operation, under structured {@code if} and loop statements. {@code
 * break}, {@code continue} and early {@code return} become boolean flags, so that the reverse sweep
 * can replay control flow from recorded branch decisions and trip counts.
 */
package dev.adjoint.processor.lower;
