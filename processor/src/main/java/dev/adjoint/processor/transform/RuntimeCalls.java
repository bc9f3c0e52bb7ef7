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
package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.TypeRef;
import java.util.List;

/** Calls of the runtime's helpers for generated code, the static methods of {@code Adjoint}. */
final class RuntimeCalls {
  private RuntimeCalls() {}

  private static final TypeRef ADJOINT = TypeRef.of("dev.adjoint", "Adjoint");

  /**
   * A call of {@code Adjoint.name(args)}, its parameters of the arguments' kinds.
   *
   * @param name the helper's name
   * @param result the kind it returns
   * @param args the arguments
   * @return the call
   */
  static Expr.Call adjoint(String name, Kind result, Expr... args) {
    Kind[] kinds = new Kind[args.length];
    for (int i = 0; i < args.length; i++) {
      kinds[i] = args[i].kind();
    }
    return new Expr.Call(
        Callee.of(ADJOINT, name, result, Callee.Role.LIBRARY, kinds), List.of(args));
  }
}
