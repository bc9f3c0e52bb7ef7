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
package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.transform.ReverseMode.Pullback;
import java.util.Set;

/**
 * The methods of a companion that take the caller's tape as their first parameter, so that a call
 * from the same companion passes its own instead of looking up the thread's ({@code Tape.get()}, a
 * {@code ThreadLocal} read: about a twentieth of GMM's gradient at d = 2, K = 5, where a helper is
 * called once per point and component set). They are the iterations of preaccumulated loops that
 * use the tape, and the tape-taking forms of the split sweeps ({@code fForward(Tape, ...)}, {@code
 * fReverse(Tape, ...)}) of the methods whose sweeps use the tape and that a method of the same
 * companion calls in split mode.
 *
 * <p>A call from another companion calls the public form, which looks the tape up: the tape-taking
 * forms are package-private. A name stands for all its overloads, so a split sweep is listed only
 * when every method of that name uses the tape. Every call site and every sweep's writer asks this
 * one set, so a call passes the tape exactly when its callee has the form that takes it. The
 * companion's writer finds the set ({@code CompanionWriter.ownSweeps}) before it writes anything.
 *
 * @param companion the generated class
 * @param names the names of its methods that take the tape first
 */
record OwnSweeps(TypeRef companion, Set<String> names) {
  OwnSweeps {
    names = Set.copyOf(names);
  }

  /** Whether a method's split sweeps use the tape. */
  static boolean takesTape(Pullback p) {
    return p.usesTape() || !p.snapshot().isEmpty();
  }

  /** Whether a call of {@code owner.name} from this companion passes the tape first. */
  boolean passesTape(TypeRef owner, String name) {
    return owner.equals(companion) && names.contains(name);
  }
}
