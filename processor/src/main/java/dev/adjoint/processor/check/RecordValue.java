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
package dev.adjoint.processor.check;

import dev.adjoint.processor.read.RecordShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record value of differentiated code: a record parameter, the record an instance method belongs
 * to, a record component of one, or a local aliasing one. Each of its leaves is a parameter of the
 * lowered function, so reading a component is reading that parameter, and passing the record to
 * another {@code @Differentiable} method passes its leaves.
 */
public final class RecordValue {
  private final RecordShape shape;
  private final Map<String, Object> parts = new LinkedHashMap<>();

  /**
   * A record whose leaves are the given symbols, in {@link RecordShape#leaves()} order.
   *
   * @param shape the record
   * @param leaves one symbol per leaf; consumed from the front
   */
  RecordValue(RecordShape shape, java.util.Iterator<LocalSymbol> leaves) {
    this.shape = shape;
    for (RecordShape.Component c : shape.components()) {
      parts.put(c.name(), c.nested() != null ? new RecordValue(c.nested(), leaves) : leaves.next());
    }
  }

  /**
   * The record's shape.
   *
   * @return its class and components
   */
  public RecordShape shape() {
    return shape;
  }

  /**
   * A component: a {@link LocalSymbol} for a leaf, a {@link RecordValue} for a nested record.
   *
   * @param name the component's name
   * @return the component, or null when the record has none of that name
   */
  public Object part(String name) {
    return parts.get(name);
  }

  /**
   * The leaves, depth first in component order: the arguments a call passes for the record.
   *
   * @return the leaves' symbols
   */
  public List<LocalSymbol> leaves() {
    List<LocalSymbol> out = new ArrayList<>();
    for (Object p : parts.values()) {
      if (p instanceof RecordValue r) {
        out.addAll(r.leaves());
      } else {
        out.add((LocalSymbol) p);
      }
    }
    return out;
  }
}
