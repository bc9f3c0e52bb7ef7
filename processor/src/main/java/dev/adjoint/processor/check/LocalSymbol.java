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

  /**
   * The name declared.
   *
   * @return the variable's name
   */
  public String name() {
    return name;
  }

  /**
   * The declared type, as a kind of the subset.
   *
   * @return the variable's kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The declaring tree: a variable tree, or a parameter's.
   *
   * @return the declaration
   */
  public Tree declaration() {
    return declaration;
  }

  /**
   * Whether this is a parameter of the method (rather than a local).
   *
   * @return true for a parameter
   */
  public boolean isParameter() {
    return parameter;
  }
}
