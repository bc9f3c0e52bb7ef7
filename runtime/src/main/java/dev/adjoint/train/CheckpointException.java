/*
 * Copyright 2026 The Adjoint Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file
 * except in compliance with the License. You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the
 * License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
 * either express or implied. See the License for the specific language governing permissions
 * and limitations under the License.
 */
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
