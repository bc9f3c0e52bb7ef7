package dev.adjoint.processor.ir;

public enum UnaryOp {
  NEG("-"),
  NOT("!"),
  COMPLEMENT("~");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
