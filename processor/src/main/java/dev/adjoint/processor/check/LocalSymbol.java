package dev.adjoint.processor.check;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Kind;

/** A parameter or local variable declaration. Compared by identity. */
public final class LocalSymbol {
  private final String name;
  private final Kind kind;
  private final Tree declaration;
  private final boolean parameter;

  LocalSymbol(String name, Kind kind, Tree declaration, boolean parameter) {
    this.name = name;
    this.kind = kind;
    this.declaration = declaration;
    this.parameter = parameter;
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public Tree declaration() {
    return declaration;
  }

  public boolean isParameter() {
    return parameter;
  }
}
