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
import dev.adjoint.processor.ir.Origin;

/**
 * Reports problems found while differentiating one method, at the exact tree, with what to do
 * instead and the method being differentiated (as Swift's differentiability notes do).
 */
public final class MethodReporter {
  private final Diagnostics diagnostics;
  private final CompilationUnitTree unit;
  private final String method;
  private int errors;

  /**
   * A reporter for one method.
   *
   * @param diagnostics where errors go
   * @param unit the method's compilation unit
   * @param method the method as messages name it, such as {@code Model.loss(double, double)}
   */
  public MethodReporter(Diagnostics diagnostics, CompilationUnitTree unit, String method) {
    this.diagnostics = diagnostics;
    this.unit = unit;
    this.method = method;
  }

  /**
   * Reports an error at a tree, with what to do instead and the method being differentiated.
   *
   * @param tree the tree to blame, or null
   * @param problem what is wrong, as a sentence
   * @param fix what the user can do instead, as a sentence
   */
  public void error(Tree tree, String problem, String fix) {
    errors++;
    diagnostics.error(
        tree, unit, problem + "\n  " + fix + "\n  (when differentiating " + method + ")");
  }

  /**
   * An error at an IR statement's source.
   *
   * @param origin the statement's origin, or null where none is known
   * @param problem what is wrong, as a sentence
   * @param fix what the user can do instead, as a sentence
   */
  public void error(Origin origin, String problem, String fix) {
    error(origin instanceof TreeOrigin t ? t.tree() : null, problem, fix);
  }

  /**
   * Reports a problem at its origin, with its advice if it has any.
   *
   * @param p the problem, from an analysis or a transform
   */
  public void error(Problem p) {
    Tree tree = p.origin() instanceof TreeOrigin t ? t.tree() : null;
    if (p.fix() == null) {
      errors++;
      diagnostics.error(tree, unit, p.message() + "\n  (when differentiating " + method + ")");
    } else {
      error(tree, p.message(), p.fix());
    }
  }

  /**
   * Whether this reporter has reported an error.
   *
   * @return true after the first error
   */
  public boolean hasErrors() {
    return errors > 0;
  }

  /**
   * The method being differentiated, as messages name it.
   *
   * @return the method's display name
   */
  public String method() {
    return method;
  }
}
