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
 * A class named by its package and its simple names, outermost first.
 *
 * @param packageName the package, empty for the unnamed package
 * @param simpleNames the simple names, outermost class first
 */
public record TypeRef(String packageName, List<String> simpleNames) {
  /**
   * Copies the names, so that the record is immutable.
   *
   * @param packageName the package, empty for the unnamed package
   * @param simpleNames the simple names, outermost class first
   */
  public TypeRef {
    simpleNames = List.copyOf(simpleNames);
  }

  /**
   * A class of a package.
   *
   * @param packageName the package, empty for the unnamed package
   * @param simpleNames the simple names, outermost class first
   * @return the reference
   */
  public static TypeRef of(String packageName, String... simpleNames) {
    return new TypeRef(packageName, List.of(simpleNames));
  }

  /**
   * The qualified name, with dots between nested classes.
   *
   * @return the name, such as {@code p.Outer.Inner}
   */
  public String qualifiedName() {
    String nested = String.join(".", simpleNames);
    return packageName.isEmpty() ? nested : packageName + "." + nested;
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
