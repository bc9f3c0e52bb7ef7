package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A lowered {@code @Differentiable} method: its parameters, its body, and the variable that holds
 * its result when the body completes.
 *
 * @param name the method's name
 * @param params its parameters, in declaration order
 * @param independents the parameters differentiated with respect to, in declaration order
 * @param body the lowered body
 * @param result the variable that holds the result when the body completes
 */
public record Function(
    String name, List<Var> params, List<Var> independents, Block body, Var result) {
  /**
   * Copies the lists, so that the record is immutable.
   *
   * @param name the method's name
   * @param params its parameters, in declaration order
   * @param independents the parameters differentiated with respect to, in declaration order
   * @param body the lowered body
   * @param result the variable that holds the result when the body completes
   */
  public Function {
    params = List.copyOf(params);
    independents = List.copyOf(independents);
  }
}
