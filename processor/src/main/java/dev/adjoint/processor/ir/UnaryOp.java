package dev.adjoint.processor.ir;

/** The unary operators of the subset, with Java's symbols. */
public enum UnaryOp {
  /** Negation of a number. */
  NEG("-"),
  /** Logical not. */
  NOT("!"),
  /** Bitwise complement of an integer. */
  COMPLEMENT("~");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  /**
   * The operator as Java writes it.
   *
   * @return the symbol
   */
  public String symbol() {
    return symbol;
  }
}
