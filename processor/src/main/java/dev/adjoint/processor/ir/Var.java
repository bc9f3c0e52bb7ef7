package dev.adjoint.processor.ir;

/**
 * A variable of the IR: a parameter, a source local, or one the lowering or a transform introduced.
 * Identity matters: two source locals of the same name (in sibling blocks) are two variables, and
 * the emitter gives them distinct Java names.
 */
public final class Var {
  /** Where a variable came from; the emitter uses it to choose names and declarations. */
  public enum Role {
    PARAMETER,
    LOCAL,
    TEMP,
    RESULT,
    FLAG,
    COUNTER,
    ADJOINT,
    /** A directional derivative, in forward mode. */
    TANGENT
  }

  private final String name;
  private final Kind kind;
  private final Role role;

  public Var(String name, Kind kind, Role role) {
    this.name = name;
    this.kind = kind;
    this.role = role;
  }

  /** The preferred Java name: the source name for parameters and locals. */
  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public Role role() {
    return role;
  }

  @Override
  public String toString() {
    return name;
  }
}
