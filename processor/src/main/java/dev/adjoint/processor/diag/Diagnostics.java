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

  public Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  public void error(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  /** An error on an annotation of an element (javac points at the annotation). */
  public void error(
      Element element, javax.lang.model.element.AnnotationMirror annotation, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation);
  }

  public void warning(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.WARNING, message, element);
  }

  public void error(Tree tree, CompilationUnitTree unit, String message) {
    if (trees == null || tree == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message);
    } else {
      trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    }
  }
}
