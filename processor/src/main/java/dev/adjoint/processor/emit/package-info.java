/**
 * Stage 5, emitting (internal): {@link dev.adjoint.processor.emit.CompanionWriter} writes a class's
 * companion with JavaPoet, printing the transformed IR as Java (the gradient record and method, the
 * pullback, {@code fJvp}, Jacobians, Hessians and their javadoc); {@code CodeWriter} prints
 * statements and expressions as flat fragments ({@code Fragment}), which JavaPoet writes faster
 * than nested code blocks. A generated method estimated to exceed the JVM's 64 KB of bytecode is
 * cut into private parts that share their variables through arrays.
 */
package dev.adjoint.processor.emit;
