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

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Finds classes by qualified name for one processing round, remembering each answer. Resolving a
 * simple name tries several qualified names that do not exist ({@code pkg.Math} before {@code
 * java.lang.Math}, a local variable's name before it is known not to be a class), and javac
 * remembers only the names it finds: a miss searches every module again. No class appears within a
 * round (files generated in it are read in the next), so an answer, null included, holds until the
 * round ends; a new lookup is made for every round.
 */
public final class ClassLookup {
  private final Elements elements;
  private final Map<String, Optional<TypeElement>> found = new HashMap<>();

  /**
   * A lookup for one round, with nothing remembered yet.
   *
   * @param elements javac's elements
   */
  public ClassLookup(Elements elements) {
    this.elements = elements;
  }

  /**
   * The class of a canonical name, or null, as {@link Elements#getTypeElement} answers.
   *
   * @param qualifiedName the class's canonical name
   * @return the class, or null
   */
  public TypeElement find(CharSequence qualifiedName) {
    return found
        .computeIfAbsent(
            qualifiedName.toString(), n -> Optional.ofNullable(elements.getTypeElement(n)))
        .orElse(null);
  }

  /**
   * javac's elements, for the questions other than a class by name.
   *
   * @return the elements this lookup asks
   */
  public Elements elements() {
    return elements;
  }
}
