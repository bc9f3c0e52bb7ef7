/**
 * The tour: the worked examples of the tutorials Adjoint grew from, each a class with
 * {@code @Differentiable} methods and a {@code run(PrintStream)} that prints what the tutorial
 * shows, computed with the companion the processor generated for it. {@link
 * dev.adjoint.samples.Tour} runs them in order or by name ({@code mvn -q compile exec:java
 * -Dexec.args=survey}).
 */
package dev.adjoint.samples;
