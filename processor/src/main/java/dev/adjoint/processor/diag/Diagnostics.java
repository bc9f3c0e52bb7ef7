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

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports errors and warnings on elements or, with javac's Tree API, at exact source positions. */
public final class Diagnostics {
  private final Messager messager;
  private final Trees trees;

  /**
   * Reports through {@code messager}, at trees' positions when {@code trees} is given.
   *
   * @param messager the processing environment's messager
   * @param trees javac's Tree API, or null where there is none (errors then go on elements)
   */
  public Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /**
   * An error on an element (javac points at its declaration).
   *
   * @param element the element concerned
   * @param message the whole message
   */
  public void error(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  /**
   * An error on an annotation of an element (javac points at the annotation).
   *
   * @param element the annotated element
   * @param annotation the annotation concerned
   * @param message the whole message
   */
  public void error(
      Element element, javax.lang.model.element.AnnotationMirror annotation, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation);
  }

  /**
   * A warning on an element.
   *
   * @param element the element concerned
   * @param message the whole message
   */
  public void warning(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.WARNING, message, element);
  }

  /**
   * An error at a tree's exact position (without one, an error with no position).
   *
   * @param tree the tree concerned, or null
   * @param unit the compilation unit holding it
   * @param message the whole message
   */
  public void error(Tree tree, CompilationUnitTree unit, String message) {
    if (trees == null || tree == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message);
    } else {
      trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    }
  }
}
