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
package dev.adjoint.processor.ir;

import java.util.List;

/**
 * How a {@code @Differentiable} method that takes records sees its arguments, which the IR passes
 * leaf by leaf: generated code that calls the method itself (not its derivatives) rebuilds each
 * record from its leaves with its canonical constructor.
 *
 * @param instance whether the first parameter is the record the method belongs to (its receiver)
 * @param parameters one node per declared parameter
 */
public record RecordLayout(boolean instance, List<Node> parameters) {
  /**
   * Copies the list.
   *
   * @param instance whether the first parameter is the receiver
   * @param parameters one node per declared parameter
   */
  public RecordLayout {
    parameters = List.copyOf(parameters);
  }

  /** A parameter or component: a leaf (one argument of the IR) or a record of nodes. */
  public sealed interface Node permits Leaf, Composite {
    /**
     * The number of leaves under this node.
     *
     * @return the IR arguments it takes
     */
    int size();
  }

  /** One argument of the IR. */
  public record Leaf() implements Node {
    @Override
    public int size() {
      return 1;
    }
  }

  /**
   * A record, built from its components in order.
   *
   * @param type the record class
   * @param components its components
   */
  public record Composite(TypeRef type, List<Node> components) implements Node {
    /**
     * Copies the list.
     *
     * @param type the record class
     * @param components its components
     */
    public Composite {
      components = List.copyOf(components);
    }

    @Override
    public int size() {
      return components.stream().mapToInt(Node::size).sum();
    }
  }
}
