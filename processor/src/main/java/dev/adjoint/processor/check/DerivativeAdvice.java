/*
 * Copyright 2026 The Adjoint Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file
 * except in compliance with the License. You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the
 * License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
 * either express or implied. See the License for the specific language governing permissions
 * and limitations under the License.
 */
package dev.adjoint.processor.check;

import dev.adjoint.processor.ir.Callee;
import javax.lang.model.element.TypeElement;

/**
 * What to write instead when a derivative must flow through a method that has none: the advice
 * depends on whether the user can annotate that method (not a JDK method, nor a library's), so it
 * names the annotations the runtime offers exactly as they are written ({@code @Differentiable},
 * {@code @PullbackOf(type = ..., method = ..., wrt = ...)}, {@code @UseDerivatives}, {@code
 * Adjoint.detach}).
 */
public final class DerivativeAdvice {
  private static final String DETACH =
      "wrap the argument in Adjoint.detach(...) if no derivative should flow through it";

  private final PullbackRegistry registry;
  private final String callerClass;

  /**
   * Advice for the calls of one {@code @Differentiable} method.
   *
   * @param registry the derivatives declared with {@code @PullbackOf}, and where classes come from
   * @param caller the class of the {@code @Differentiable} method that makes the call, which
   *     {@code @UseDerivatives} goes on
   */
  public DerivativeAdvice(PullbackRegistry registry, TypeElement caller) {
    this.registry = registry;
    this.callerClass = caller.getSimpleName().toString();
  }

  /**
   * What to do about {@code callee}, whose {@code @PullbackOf} declarations leave out argument
   * {@code argument} (from 0), which carries a derivative.
   *
   * @param callee the library method called
   * @param argument the position of the argument, from 0
   * @return the sentence that tells the user what to write
   */
  public String noPullback(Callee callee, int argument) {
    return "Declare one for it too, "
        + pullbackOf(callee, Integer.toString(argument))
        + ", or "
        + DETACH
        + ".";
  }

  /**
   * What to do about {@code callee}, whose argument {@code argument} (from 0) carries a derivative.
   *
   * @param callee the library method called
   * @param argument the position of the argument, from 0
   * @return the sentence that tells the user what to write
   */
  public String noDerivative(Callee callee, int argument) {
    String position = Integer.toString(argument);
    String rules =
        callee.owner().simpleNames().get(callee.owner().simpleNames().size() - 1) + "Rules";
    String inRules =
        "declare its derivative in a class of yours, say "
            + rules
            + ", as a static"
            + " method annotated "
            + pullbackOf(callee, position)
            + ", and add @UseDerivatives("
            + rules
            + ".class) to class "
            + callerClass
            + "; or "
            + DETACH
            + ".";
    return switch (registry.provenance(callee.owner())) {
      case JDK -> name(callee) + " is the JDK's, so it cannot be annotated: " + inRules;
      case CLASS_FILE ->
          name(callee)
              + " is compiled already: if it is yours, annotate it with"
              + " @Differentiable and compile its class with Adjoint; otherwise "
              + inRules;
      case SOURCE ->
          "Annotate "
              + name(callee)
              + " with @Differentiable, or declare its derivative"
              + " with a static method annotated "
              + pullbackOf(callee, registry.parameterName(callee, argument).orElse(position))
              + "; or "
              + DETACH
              + ".";
    };
  }

  /**
   * What to do about a derivative function ({@code @PullbackOf}) that an order-2 method needs the
   * derivative of, with respect to argument {@code argument} (from 0), and that has none declared.
   *
   * @param rule the {@code @PullbackOf} method
   * @param argument the position of the argument, from 0
   * @return the sentence that tells the user what to write
   */
  public String noSecondDerivative(Callee rule, int argument) {
    return "Use order = 1 (the gradient only), or declare the derivative of "
        + name(rule)
        + " in turn, with a static method annotated "
        + pullbackOf(
            rule, registry.parameterName(rule, argument).orElse(Integer.toString(argument)))
        + ".";
  }

  /** {@code @PullbackOf(type = Lib.class, method = "f", wrt = "x")}. */
  private static String pullbackOf(Callee callee, String wrt) {
    return "@PullbackOf(type = "
        + owner(callee)
        + ".class, method = \""
        + callee.name()
        + "\", wrt = \""
        + wrt
        + "\")";
  }

  /** The callee's class as the user's code names it: {@code Math}, {@code Outer.Inner}. */
  private static String owner(Callee callee) {
    return String.join(".", callee.owner().simpleNames());
  }

  private static String name(Callee callee) {
    return owner(callee) + "." + callee.name();
  }
}
