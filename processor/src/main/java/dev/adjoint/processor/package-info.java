/**
 * Adjoint's annotation processor, {@link dev.adjoint.processor.AdjointProcessor}: put this artifact
 * on javac's processor path and it writes a companion class for every class with
 * {@code @Differentiable} methods. The processor class is the only public entry point; the packages
 * below it are its stages, internal and free to change between releases:
 *
 * <ol>
 *   <li>{@code read}: the {@code @Differentiable} methods, their signatures and source trees;
 *   <li>{@code check}: the supported subset, names and types resolved, custom derivatives found;
 *   <li>{@code lower}: the body lowered to the IR ({@code ir});
 *   <li>{@code transform}: activity analysis, the array model, reverse and forward mode;
 *   <li>{@code emit}: the companion class printed as Java;
 * </ol>
 *
 * <p>with {@code diag} reporting problems at their exact source position.
 */
package dev.adjoint.processor;
