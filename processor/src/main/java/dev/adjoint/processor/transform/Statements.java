package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import java.util.function.Consumer;

/** Walks the statements of a block, nested ones included. */
public final class Statements {
  private Statements() {}

  /**
   * Every assignment, nested ones included, in order.
   *
   * @param block the statements walked
   * @param action called with each assignment
   */
  public static void forEachAssign(Block block, Consumer<Stmt.Assign> action) {
    forEach(block, s -> {
      if (s instanceof Stmt.Assign a) {
        action.accept(a);
      }
    });
  }

  /**
   * Every statement, each before the statements nested in it.
   *
   * @param block the statements walked
   * @param action called with each statement
   */
  public static void forEach(Block block, Consumer<Stmt> action) {
    for (Stmt s : block) {
      action.accept(s);
      for (Block nested : Stmts.blocks(s)) {
        forEach(nested, action);
      }
    }
  }
}
