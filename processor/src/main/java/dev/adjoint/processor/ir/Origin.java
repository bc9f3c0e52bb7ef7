package dev.adjoint.processor.ir;

/**
 * Where in the user's source an IR statement came from, so that later stages can report errors at
 * the exact position. Opaque to the IR; the diagnostics layer implements it.
 */
public interface Origin {
  /**
   * The source text, for messages.
   *
   * @return the statement's source text, shortened for a message
   */
  String describe();
}
