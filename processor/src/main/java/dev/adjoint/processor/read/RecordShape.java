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
package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * A record used as a bundle of parameters (JAX's pytree, PyTorch's {@code state_dict}): its
 * components, each a leaf of the subset ({@code double}, arrays, {@code Tensor}, or data such as an
 * {@code int} size) or a nested record. Differentiated code sees a record parameter as one
 * parameter per leaf, in component order, depth first.
 *
 * @param type the record class
 * @param components its components, in declaration order
 */
public record RecordShape(TypeElement type, List<Component> components) {

  /**
   * One component of a record.
   *
   * @param element the component's declaration (where errors about it point)
   * @param name its name, which is also its accessor's
   * @param type its declared type
   * @param kind its kind when it is a leaf of the subset; null for a nested record or a type
   *     outside the subset
   * @param nested the shape of a nested record, or null
   */
  public record Component(
      RecordComponentElement element, String name, TypeMirror type, Kind kind, RecordShape nested) {
    /**
     * Whether this component is usable: a leaf of the subset or a usable nested record.
     *
     * @return whether it is supported
     */
    public boolean supported() {
      return kind != null || (nested != null && nested.supported());
    }
  }

  /**
   * The record class of a type, or null when it is no record.
   *
   * @param type any type
   * @return its record class, or null
   */
  public static TypeElement recordOf(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    var element = ((DeclaredType) type).asElement();
    return element.getKind() == ElementKind.RECORD ? (TypeElement) element : null;
  }

  /**
   * The shape of a record type, or null when {@code type} is no record.
   *
   * @param type a parameter's type
   * @return its shape, or null
   */
  public static RecordShape of(TypeMirror type) {
    TypeElement record = recordOf(type);
    return record == null ? null : of(record, new HashSet<>());
  }

  private static RecordShape of(TypeElement record, Set<String> enclosing) {
    List<Component> components = new ArrayList<>();
    boolean added = enclosing.add(record.getQualifiedName().toString());
    for (RecordComponentElement c : record.getRecordComponents()) {
      TypeMirror t = c.asType();
      Kind kind = DifferentiableSignature.kindOf(t);
      TypeElement nested = recordOf(t);
      RecordShape shape = null;
      if (nested != null && !enclosing.contains(nested.getQualifiedName().toString())) {
        shape = of(nested, enclosing);
      }
      components.add(new Component(c, c.getSimpleName().toString(), t, kind, shape));
    }
    if (added) {
      enclosing.remove(record.getQualifiedName().toString());
    }
    return new RecordShape(record, List.copyOf(components));
  }

  /**
   * Whether every component, also of nested records, is supported.
   *
   * @return whether the record can be a parameter of differentiated code
   */
  public boolean supported() {
    return components.stream().allMatch(Component::supported) && !generic();
  }

  /**
   * Whether the record is generic (not supported: its components' types would vary).
   *
   * @return whether it declares type parameters
   */
  public boolean generic() {
    return !type.getTypeParameters().isEmpty();
  }

  /**
   * The first unsupported component, depth first, or null.
   *
   * @return the component to report
   */
  public Component firstUnsupported() {
    for (Component c : components) {
      if (c.nested() != null) {
        Component inner = c.nested().firstUnsupported();
        if (inner != null) {
          return inner;
        }
      } else if (c.kind() == null) {
        return c;
      }
    }
    return null;
  }

  /**
   * A leaf of a record: its accessor path from the record and its type.
   *
   * @param path the components' names from the record down to the leaf
   * @param type the leaf's type
   * @param kind its kind
   */
  public record Leaf(List<String> path, TypeMirror type, Kind kind) {}

  /**
   * The leaves, depth first in component order.
   *
   * @return every leaf of a supported record
   */
  public List<Leaf> leaves() {
    List<Leaf> out = new ArrayList<>();
    leaves(List.of(), out);
    return out;
  }

  private void leaves(List<String> prefix, List<Leaf> out) {
    for (Component c : components) {
      List<String> path = new ArrayList<>(prefix);
      path.add(c.name());
      if (c.nested() != null) {
        c.nested().leaves(path, out);
      } else {
        out.add(new Leaf(List.copyOf(path), c.type(), c.kind()));
      }
    }
  }

  /**
   * The simple name of the record, as messages name it.
   *
   * @return the record's simple name
   */
  public String simpleName() {
    return type.getSimpleName().toString();
  }
}
