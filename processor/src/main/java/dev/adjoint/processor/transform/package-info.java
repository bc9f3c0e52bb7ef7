/**
 * Stage 4, transforming (internal): the analyses and the transforms that make derivatives from the
 * IR. First, rewrites of the lowered method that keep its values: {@link
 * dev.adjoint.processor.transform.MapLoopFusion} runs adjacent element-wise loops over one range as
 * one, and {@link dev.adjoint.processor.transform.RunningExtrema} has a loop that keeps an extremum
 * keep its index too. {@link dev.adjoint.processor.transform.Activity} finds the variables that
 * carry derivatives; {@link dev.adjoint.processor.transform.ArrayAliasing} models which array
 * objects each variable may name (docs/array-model.md); {@link
 * dev.adjoint.processor.transform.ReverseMode} builds the pullback's forward sweep, taping only
 * what the to-be-recorded analysis requires, and its reverse sweep; {@link
 * dev.adjoint.processor.transform.ForwardMode} pairs each assignment with its tangent, applied to
 * the method for {@code fJvp} and to the pullback for second derivatives. The derivative of each
 * operation comes from {@link dev.adjoint.processor.transform.DerivativeRules} (with {@link
 * dev.adjoint.processor.transform.PartnerValues}: sin's derivative reads the cos the method
 * computed). {@link dev.adjoint.processor.transform.ReverseReplay} tells when a pullback's reverse
 * sweep may run once per row of a Jacobian after one forward sweep. {@link
 * dev.adjoint.processor.transform.ReductionLoops} finds the loops whose iterations each run their
 * own reverse sweep (preaccumulation), and {@link dev.adjoint.processor.transform.ArrayExpansion}
 * gives their scratch arrays a slice per iteration of an inner loop, so that no iteration's values
 * are taped; {@link dev.adjoint.processor.transform.ChunkedLoops} tells which of those loops may
 * run in chunks on several threads (each iteration writes only its own arrays). {@link
 * dev.adjoint.processor.transform.IterationOrder} runs the iterations of reverse loops that do not
 * depend on each other in the forward order, and {@link dev.adjoint.processor.transform.LoopFusion}
 * merges adjacent such loops over one range. {@link dev.adjoint.processor.transform.ZeroAdjoints}
 * then sets, rather than adds to, an adjoint known to be zero, and drops the resets nothing reads.
 * {@link dev.adjoint.processor.transform.DefiniteAssignment} finds what a reverse sweep may read
 * before assigning it: what a split forward sweep leaves on the tape, and what a replayed one must
 * find.
 */
package dev.adjoint.processor.transform;
