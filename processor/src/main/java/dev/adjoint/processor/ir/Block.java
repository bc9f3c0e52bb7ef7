package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A mutable list of statements. */
public final class Block implements Iterable<Stmt> {
  private final List<Stmt> stmts = new ArrayList<>();

  public Block add(Stmt stmt) {
    stmts.add(stmt);
    return this;
  }

  public Block addAll(Block other) {
    stmts.addAll(other.stmts);
    return this;
  }

  public List<Stmt> stmts() {
    return stmts;
  }

  public boolean isEmpty() {
    return stmts.isEmpty();
  }

  @Override
  public Iterator<Stmt> iterator() {
    return stmts.iterator();
  }
}
