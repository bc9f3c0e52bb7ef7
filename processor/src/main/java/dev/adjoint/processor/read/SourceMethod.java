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

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/**
 * A {@code @Differentiable} method with its source tree, as javac parsed it.
 *
 * @param signature the method as callers see it
 * @param tree its declaration's tree
 * @param unit the compilation unit holding it
 */
public record SourceMethod(
    DifferentiableSignature signature, MethodTree tree, CompilationUnitTree unit) {

  /**
   * Reads the method's tree; empty when its source is not part of this compilation.
   *
   * @param trees javac's Tree API
   * @param method a {@code @Differentiable} method
   * @return the method with its tree, or empty
   */
  public static Optional<SourceMethod> read(Trees trees, ExecutableElement method) {
    var path = trees.getPath(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new SourceMethod(DifferentiableSignature.of(method), tree, path.getCompilationUnit()));
  }

  /**
   * The method's element.
   *
   * @return the annotated method
   */
  public ExecutableElement element() {
    return signature.method();
  }
}
