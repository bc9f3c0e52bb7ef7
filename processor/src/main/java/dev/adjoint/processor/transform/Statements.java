package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Stmt;
import java.util.function.Consumer;

/** Walks the statements of a block, nested ones included. */
public final class Statements {
  private Statements() {}

  public static void forEachAssign(Block block, Consumer<Stmt.Assign> action) {
    forEach(block, s -> {
      if (s instanceof Stmt.Assign a) {
        action.accept(a);
      }
    });
  }

  public static void forEach(Block block, Consumer<Stmt> action) {
    for (Stmt s : block) {
      action.accept(s);
      if (s instanceof Stmt.If i) {
        forEach(i.then(), action);
        forEach(i.otherwise(), action);
      } else if (s instanceof Stmt.Loop l) {
        forEach(l.head(), action);
        forEach(l.body(), action);
      } else if (s instanceof Stmt.Repeat r) {
        forEach(r.body(), action);
      }
    }
  }
}
