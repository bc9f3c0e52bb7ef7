package dev.adjoint.processor.diag;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Origin;

/**
 * An IR statement's source: the tree it was lowered from.
 *
 * @param tree the source tree
 */
public record TreeOrigin(Tree tree) implements Origin {
  @Override
  public String describe() {
    return tree.toString();
  }
}
