/**
 * The derivatives of {@link java.lang.Math}'s and {@link java.lang.StrictMath}'s functions, as
 * {@link dev.adjoint.PullbackOf} declarations: {@link dev.adjoint.jdk.JdkPullbacks} for gradients
 * and forward mode, {@link dev.adjoint.jdk.JdkSecondOrder} (the pullbacks of those pullbacks) for
 * Hessians. The processor keeps no derivative table of its own; it reads these, as it reads a
 * user's declarations. Generated code calls them; there is little reason to call them directly.
 */
package dev.adjoint.jdk;
