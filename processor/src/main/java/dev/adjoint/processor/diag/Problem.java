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
package dev.adjoint.processor.diag;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Origin;

/**
 * Something Adjoint cannot differentiate, found by an analysis or a transform: the one type they
 * report it in, so that its source position reaches the user.
 *
 * @param origin the statement to blame, or null where none is (code a transform added)
 * @param callee the method called where the problem is a missing derivative through a call, or
 *     null: a call to a method that itself fails is reported as such instead
 * @param message what is wrong, as a sentence
 * @param fix what the user can do instead, as a sentence, or null where there is no advice
 */
public record Problem(Origin origin, Callee callee, String message, String fix) {

  /**
   * A problem that is not about a call.
   *
   * @param origin the statement to blame, or null
   * @param message what is wrong, as a sentence
   * @param fix what the user can do instead, or null
   * @return the problem
   */
  public static Problem at(Origin origin, String message, String fix) {
    return new Problem(origin, null, message, fix);
  }

  /**
   * The same problem with other advice.
   *
   * @param otherFix the new advice, or null
   * @return a new problem
   */
  public Problem withFix(String otherFix) {
    return new Problem(origin, callee, message, otherFix);
  }

  /**
   * The message and the source it is about, on one line: for text that has no position.
   *
   * @return the message, with its source when known
   */
  public String describe() {
    return origin == null ? message : message + " (at " + origin.describe() + ")";
  }
}
