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

import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Gives every variable of a generated method a distinct Java name, keeping the user's names
 * wherever they are free and suffixing {@code _2}, {@code _3}, ... where two would clash.
 */
final class Names {
  private final Set<String> used = new HashSet<>();
  private final Map<Var, String> names = new IdentityHashMap<>();

  /** Reserves a name exactly (a parameter's); it must be free. */
  void reserve(Var v) {
    used.add(v.name());
    names.put(v, v.name());
  }

  /** Gives {@code v} a fresh name based on {@code suggestion}. */
  String bind(Var v, String suggestion) {
    String name = fresh(suggestion);
    names.put(v, name);
    return name;
  }

  String name(Var v) {
    return names.computeIfAbsent(v, x -> fresh(x.name()));
  }

  boolean has(Var v) {
    return names.containsKey(v);
  }

  String fresh(String suggestion) {
    String name = suggestion;
    for (int i = 2; used.contains(name) || SourceVersion.isKeyword(name); i++) {
      name = suggestion + "_" + i;
    }
    used.add(name);
    return name;
  }
}
