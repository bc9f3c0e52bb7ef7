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
package dev.adjoint.testing;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Differentiable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The JUnit 5 extension behind {@link CheckGradients}: one invocation of the annotated method per
 * {@code @Differentiable} method of the model, each running {@link AdjointCheck} on that method
 * alone after the annotated method has configured it.
 */
public final class GradientCheckExtension implements TestTemplateInvocationContextProvider {

  /** Created by JUnit for {@link CheckGradients}; tests do not create one. */
  public GradientCheckExtension() {}

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context
        .getTestMethod()
        .map(m -> m.isAnnotationPresent(CheckGradients.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    CheckGradients options = context.getRequiredTestMethod().getAnnotation(CheckGradients.class);
    List<Method> methods = differentiableMethods(options.value());
    if (methods.isEmpty()) {
      throw new IllegalArgumentException(
          options.value().getName() + " has no @Differentiable method to check");
    }
    return methods.stream().map(m -> new MethodCheck(options, m, methods));
  }

  static List<Method> differentiableMethods(Class<?> model) {
    List<Method> out = new ArrayList<>();
    for (Method m : model.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Differentiable.class)
          && (Modifier.isStatic(m.getModifiers()) || model.isRecord())) {
        out.add(m);
      }
    }
    out.sort(Comparator.comparing(Method::getName));
    return out;
  }

  /** {@code f(double, double[])}. */
  static String display(Method m) {
    StringBuilder s = new StringBuilder(m.getName()).append('(');
    Class<?>[] types = m.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      s.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
    }
    return s.append(')').toString();
  }

  /**
   * Arguments drawn for {@code m}: each double uniform in [min, max), each array of {@code length}
   * such elements; a method with any other parameter gets a generator that fails, saying which
   * parameter needs points of the user's own.
   */
  static Function<Random, Object[]> drawn(Method m, CheckGradients options) {
    Class<?>[] types = m.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      if (t != double.class && t != double[].class && t != double[][].class) {
        String what =
            m.getParameters()[i].isNamePresent()
                ? t.getSimpleName() + " " + m.getParameters()[i].getName()
                : "its " + t.getSimpleName() + " parameter";
        String message =
            "cannot draw points for "
                + display(m)
                + ": "
                + what
                + " may be a size,"
                + " an index or data of a given shape. Give points of your own: take an"
                + " AdjointCheck parameter in the @CheckGradients method and call check.points(\""
                + m.getName()
                + "\", rng -> new Object[] {...})";
        return rng -> {
          throw new IllegalStateException(message);
        };
      }
    }
    double min = options.min();
    double span = options.max() - options.min();
    int n = options.length();
    return rng -> {
      Object[] args = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        if (types[i] == double.class) {
          args[i] = min + span * rng.nextDouble();
        } else if (types[i] == double[].class) {
          double[] a = new double[n];
          Arrays.setAll(a, k -> min + span * rng.nextDouble());
          args[i] = a;
        } else {
          double[][] a = new double[n][n];
          for (double[] row : a) {
            Arrays.setAll(row, k -> min + span * rng.nextDouble());
          }
          args[i] = a;
        }
      }
      return args;
    };
  }

  /** One {@code @Differentiable} method: its check, given to the test method and then run. */
  private static final class MethodCheck
      implements TestTemplateInvocationContext, ParameterResolver, InvocationInterceptor {
    private final Method method;
    private final AdjointCheck check;

    MethodCheck(CheckGradients options, Method method, List<Method> all) {
      this.method = method;
      this.check = AdjointCheck.of(options.value());
      for (Method other : all) {
        if (!other.getName().equals(method.getName())) {
          check.skip(other.getName());
        }
      }
      check.points(method.getName(), drawn(method, options));
      if (options.points() > 0) {
        check.pointsPerMethod(options.points());
      }
      if (options.seed() != Long.MIN_VALUE) {
        check.seed(options.seed());
      }
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      return display(method);
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(this);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == AdjointCheck.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return check;
    }

    @Override
    public void interceptTestTemplateMethod(
        Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext,
        ExtensionContext extensionContext)
        throws Throwable {
      invocation.proceed(); // the test method's body configures the check
      check.verify();
    }
  }
}
