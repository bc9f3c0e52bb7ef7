package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A lowered {@code @Differentiable} method: its parameters, its body, and the variable that holds
 * its result when the body completes.
 *
 * @param independents the parameters differentiated with respect to, in declaration order
 */
public record Function(
    String name, List<Var> params, List<Var> independents, Block body, Var result) {
  public Function {
    params = List.copyOf(params);
    independents = List.copyOf(independents);
  }
}
