package dev.adjoint.train;

import java.io.IOException;

/**
 * A safetensors file or checkpoint that cannot be read, or that does not fit what it is loaded
 * into: truncated, a malformed header, an unsupported or unexpected dtype, a shape that differs, a
 * tensor missing. The message names the file and the tensor.
 */
public class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message what is wrong with the file, as a sentence
   */
  public CheckpointException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message} caused by {@code cause}.
   *
   * @param message what is wrong with the file, as a sentence
   * @param cause the error that revealed it
   */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
