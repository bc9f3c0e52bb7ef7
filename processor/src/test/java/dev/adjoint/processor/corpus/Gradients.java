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
package dev.adjoint.processor.corpus;

import dev.adjoint.Tape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reflective access to one {@code @Differentiable} method of a {@link CompiledSources} unit and to
 * the {@code fGradient}/{@code fPullback} methods generated for it, with the checks of the
 * gradient-correctness corpus.
 *
 * <h2>Tolerances</h2>
 *
 * <ul>
 *   <li><b>Finite differences.</b> Central differences with step {@code h = 1e-6 * max(1, |x|)}
 *       (the step actually taken, {@code (x+h) - (x-h)}, is used as the divisor). The truncation
 *       error is about {@code h^2 |f'''| / 6}, i.e. 1.7e-13 * max(1,|x|)^2 * |f'''|, negligible at
 *       the corpus points; the rounding error is at most about {@code eps * max|f(x±h)| / h}. A
 *       component passes when {@code |g - fd| <= 1e-6 * max(1, |g|) + 100 * eps * max|f(x±h)| / h}:
 *       a relative error of 1e-6 (a wrong derivative is wrong in the leading digits, not in the
 *       sixth) plus 100 times the worst-case rounding error of the quotient, so that a function
 *       with a large value but a small slope is not failed because of cancellation in {@code f(x+h)
 *       - f(x-h)}.
 *   <li><b>Closed forms.</b> {@code |g - exact| <= 1e-12 * max(1, |exact|)} by default: the
 *       generated code and the closed form evaluate the same derivative with different rounding,
 *       which differs by a few ulps (1e-12 leaves room for about 4500), while any mistake in the
 *       derivative rule is far larger. Tests that compare against a limit (Newton iterations) pass
 *       their own tolerance.
 *   <li><b>Value and pullback consistency.</b> The {@code value} component must equal the primal
 *       exactly (the forward sweep evaluates the same expressions); the seed-1 pullback into a
 *       zeroed array must agree with the record components to 1e-14 relative.
 * </ul>
 */
final class Gradients {
  static final double FD_RELATIVE = 1e-6;
  static final double CLOSED_FORM_RELATIVE = 1e-12;
  static final double EPS = Math.ulp(1.0);

  private Gradients() {}

  /** A closed-form gradient: one entry per differentiated parameter, in declaration order. */
  @FunctionalInterface
  interface ClosedForm {
    double[] at(Args a);
  }

  /** Typed access to the arguments of one evaluation point. */
  static final class Args {
    private final Object[] values;

    Args(Object[] values) {
      this.values = values;
    }

    double d(int i) {
      return ((Number) values[i]).doubleValue();
    }

    int i(int i) {
      return (Integer) values[i];
    }

    long l(int i) {
      return (Long) values[i];
    }

    boolean b(int i) {
      return (Boolean) values[i];
    }
  }

  /** A gradient as returned by {@code fGradient}: the value and the components in order. */
  record Grad(double value, double[] components) {}

  static double[] g(double... components) {
    return components;
  }

  static Object[] pt(Object... args) {
    return args;
  }

  /** One point per value, for functions whose parameter list is a single {@code double}. */
  static Object[][] xs(double... xs) {
    Object[][] points = new Object[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      points[i] = new Object[] {xs[i]};
    }
    return points;
  }

  static Object[][] pts(Object[]... points) {
    return points;
  }

  /**
   * The function {@code method} of class {@code binaryName} (e.g. {@code corpus.Outer$Inner}),
   * differentiated with respect to {@code wrt} (declaration order), or to every {@code double}
   * parameter when {@code wrt} is empty. Checks the shape of the generated API.
   */
  static Fn fn(CompiledSources unit, String binaryName, String method, String... wrt) {
    return new Fn(unit, binaryName, method, wrt);
  }

  static String adjointClassName(Class<?> source) {
    String pkg = source.getPackageName();
    String canonical = source.getCanonicalName();
    String local = pkg.isEmpty() ? canonical : canonical.substring(pkg.length() + 1);
    return (pkg.isEmpty() ? "" : pkg + ".") + local.replace('.', '_') + "Adjoint";
  }

  static final class Fn {
    final String label;
    final Method primal;
    final Method gradient;
    final Method pullback;

    /** {@code fJvp(<params>, <one double tangent per differentiated parameter>)}. */
    final Method jvp;

    final Class<?> adjointClass;
    final Class<?> recordClass;
    final String[] wrtNames;
    final int[] wrtIndex;
    private final Class<?>[] types;

    private Fn(CompiledSources unit, String binaryName, String method, String[] wrt) {
      this.label = binaryName + "." + method;
      Class<?> source = unit.load(binaryName);
      this.primal = unique(source, method);
      primal.setAccessible(true);
      this.types = primal.getParameterTypes();
      Parameter[] params = primal.getParameters();

      List<String> names = new ArrayList<>();
      List<Integer> indices = new ArrayList<>();
      List<String> requested = Arrays.asList(wrt);
      for (int i = 0; i < params.length; i++) {
        if (!params[i].isNamePresent()) {
          throw new AssertionError("compile with -parameters: " + label);
        }
        boolean active =
            wrt.length == 0 ? types[i] == double.class : requested.contains(params[i].getName());
        if (active) {
          names.add(params[i].getName());
          indices.add(i);
        }
      }
      if (wrt.length != 0 && names.size() != wrt.length) {
        throw new IllegalArgumentException("wrt " + requested + " does not name parameters");
      }
      this.wrtNames = names.toArray(new String[0]);
      this.wrtIndex = indices.stream().mapToInt(Integer::intValue).toArray();

      String adjointName = adjointClassName(source);
      this.adjointClass = unit.load(adjointName);
      String capital = Character.toUpperCase(method.charAt(0)) + method.substring(1);

      // fGradient(<same params>) returning the nested record FGradient.
      this.gradient = exact(adjointClass, method + "Gradient", types);
      this.recordClass = gradient.getReturnType();
      require(recordClass.isRecord(), "%s: %s is not a record", label, recordClass);
      require(
          recordClass.getSimpleName().equals(capital + "Gradient"),
          "%s: gradient record is %s, expected %sGradient",
          label,
          recordClass.getName(),
          capital);
      require(
          recordClass.getDeclaringClass() == adjointClass,
          "%s: %s is not nested in %s",
          label,
          recordClass.getName(),
          adjointName);
      require(Modifier.isPublic(recordClass.getModifiers()), "%s: record is not public", label);
      RecordComponent[] components = recordClass.getRecordComponents();
      List<String> actual = new ArrayList<>();
      for (RecordComponent c : components) {
        actual.add(c.getName());
        require(
            c.getType() == double.class,
            "%s: component %s has type %s",
            label,
            c.getName(),
            c.getType());
        c.getAccessor().setAccessible(true);
      }
      List<String> expected = new ArrayList<>();
      expected.add("value");
      expected.addAll(names);
      require(
          actual.equals(expected),
          "%s: record components %s, expected %s",
          label,
          actual,
          expected);

      // fPullback(<same params>, double seed[, double[] adjoint]) returning double.
      Class<?>[] pullbackTypes = Arrays.copyOf(types, types.length + (names.isEmpty() ? 1 : 2));
      pullbackTypes[types.length] = double.class;
      if (!names.isEmpty()) {
        pullbackTypes[types.length + 1] = double[].class;
      }
      this.pullback = exact(adjointClass, method + "Pullback", pullbackTypes);
      require(
          pullback.getReturnType() == double.class,
          "%s: pullback returns %s",
          label,
          pullback.getReturnType());

      // fJvp(<same params>, <a double per differentiated parameter>) returning FJvp.
      Class<?>[] jvpTypes = Arrays.copyOf(types, types.length + names.size());
      Arrays.fill(jvpTypes, types.length, jvpTypes.length, double.class);
      this.jvp = exact(adjointClass, method + "Jvp", jvpTypes);
      require(
          jvp.getReturnType().getSimpleName().equals(capital + "Jvp"),
          "%s: jvp returns %s",
          label,
          jvp.getReturnType());
    }

    /** Calls {@code fJvp} along {@code direction}: {value, tangent}. */
    double[] jvp(Object[] args, double[] direction) {
      Object[] normalized = normalize(args);
      Object[] all = Arrays.copyOf(normalized, normalized.length + arity());
      for (int k = 0; k < arity(); k++) {
        all[normalized.length + k] = direction[k];
      }
      Object record = invoke(jvp, all);
      RecordComponent[] components = record.getClass().getRecordComponents();
      components[0].getAccessor().setAccessible(true);
      components[1].getAccessor().setAccessible(true);
      return new double[] {
        (Double) read(components[0].getAccessor(), record),
        (Double) read(components[1].getAccessor(), record)
      };
    }

    private static Method unique(Class<?> type, String name) {
      Method found = null;
      for (Method m : type.getDeclaredMethods()) {
        if (m.getName().equals(name)) {
          if (found != null) {
            throw new IllegalArgumentException("overloaded: " + type.getName() + "." + name);
          }
          found = m;
        }
      }
      if (found == null) {
        throw new AssertionError("no method " + type.getName() + "." + name);
      }
      return found;
    }

    private Method exact(Class<?> type, String name, Class<?>[] parameterTypes) {
      Method m;
      try {
        m = type.getDeclaredMethod(name, parameterTypes);
      } catch (NoSuchMethodException e) {
        throw new AssertionError(
            label
                + ": "
                + type.getName()
                + " has no method "
                + name
                + Arrays.toString(parameterTypes)
                + "; it declares "
                + Arrays.toString(type.getDeclaredMethods()));
      }
      int mods = m.getModifiers();
      require(
          Modifier.isPublic(mods) && Modifier.isStatic(mods),
          "%s: %s is not public static",
          label,
          m);
      m.setAccessible(true);
      return m;
    }

    int arity() {
      return wrtIndex.length;
    }

    /** Converts numbers to the parameter types, so that {@code pt(2, 5)} works for doubles. */
    Object[] normalize(Object[] args) {
      if (args.length != types.length) {
        throw new IllegalArgumentException(label + ": expected " + types.length + " arguments");
      }
      Object[] out = args.clone();
      for (int i = 0; i < out.length; i++) {
        if (types[i] == double.class) {
          out[i] = ((Number) out[i]).doubleValue();
        } else if (types[i] == long.class && out[i] instanceof Integer) {
          out[i] = ((Integer) out[i]).longValue();
        }
      }
      return out;
    }

    double primal(Object... args) {
      return (Double) invoke(primal, normalize(args));
    }

    /** Calls {@code fGradient}; fails if the tape is not empty afterwards. */
    Grad gradient(Object... args) {
      Object record = invoke(gradient, normalize(args));
      assertTapeEmpty("gradient", args);
      RecordComponent[] components = recordClass.getRecordComponents();
      double value = (Double) read(components[0].getAccessor(), record);
      double[] grad = new double[components.length - 1];
      for (int k = 1; k < components.length; k++) {
        grad[k - 1] = (Double) read(components[k].getAccessor(), record);
      }
      return new Grad(value, grad);
    }

    /** Calls {@code fPullback}; fails if the tape is not empty afterwards. */
    double pullback(Object[] args, double seed, double[] adjoint) {
      Object[] normalized = normalize(args);
      Object[] all = Arrays.copyOf(normalized, normalized.length + (arity() == 0 ? 1 : 2));
      all[normalized.length] = seed;
      if (arity() != 0) {
        all[normalized.length + 1] = adjoint;
      }
      double value = (Double) invoke(pullback, all);
      assertTapeEmpty("pullback", args);
      return value;
    }

    private void assertTapeEmpty(String what, Object[] args) {
      int size = Tape.get().size();
      if (size != 0) {
        throw new AssertionError(
            label + ": " + what + Arrays.toString(args) + " left " + size + " values on the tape");
      }
    }

    /** Central finite differences of the primal, one per differentiated parameter. */
    double[][] finiteDifferences(Object[] args) {
      Object[] base = normalize(args);
      double[][] out = new double[arity()][];
      for (int k = 0; k < arity(); k++) {
        int i = wrtIndex[k];
        double x = (Double) base[i];
        double h = 1e-6 * Math.max(1.0, Math.abs(x));
        Object[] plus = base.clone();
        Object[] minus = base.clone();
        double xp = x + h;
        double xm = x - h;
        plus[i] = xp;
        minus[i] = xm;
        double fp = (Double) invoke(primal, plus);
        double fm = (Double) invoke(primal, minus);
        double fd = (fp - fm) / (xp - xm);
        double rounding = 100 * EPS * Math.max(Math.abs(fp), Math.abs(fm)) / (xp - xm);
        out[k] = new double[] {fd, rounding};
      }
      return out;
    }

    /** {@link #check(ClosedForm, double, Object[][])} without a closed form. */
    Fn checkFd(Object[]... points) {
      return check(null, CLOSED_FORM_RELATIVE, points);
    }

    Fn check(ClosedForm closedForm, Object[]... points) {
      return check(closedForm, CLOSED_FORM_RELATIVE, points);
    }

    /**
     * At every point: the record's value equals the primal; the seed-1 pullback agrees with the
     * record; every component agrees with central finite differences; and, if {@code closedForm} is
     * given, with the closed form to {@code closedTolerance} relative.
     */
    Fn check(ClosedForm closedForm, double closedTolerance, Object[]... points) {
      if (points.length < 3) {
        throw new IllegalArgumentException(label + ": use at least 3 points");
      }
      List<String> failures = new ArrayList<>();
      for (Object[] point : points) {
        checkPoint(point, true, closedForm, closedTolerance, failures);
      }
      report(failures);
      return this;
    }

    /**
     * Only the closed form (and value/pullback consistency), for points where finite differences do
     * not apply: kinks and ties, where the conventions fix the derivative.
     */
    Fn checkClosedFormOnly(ClosedForm closedForm, Object[]... points) {
      List<String> failures = new ArrayList<>();
      for (Object[] point : points) {
        checkPoint(point, false, closedForm, CLOSED_FORM_RELATIVE, failures);
      }
      report(failures);
      return this;
    }

    private void report(List<String> failures) {
      if (!failures.isEmpty()) {
        throw new AssertionError(
            label + ": " + failures.size() + " failure(s)\n  " + String.join("\n  ", failures));
      }
    }

    private void checkPoint(
        Object[] point,
        boolean fd,
        ClosedForm closedForm,
        double closedTolerance,
        List<String> failures) {
      String at = Arrays.toString(point);
      double value = primal(point);
      Grad grad = gradient(point);
      if (Double.compare(grad.value(), value) != 0) {
        failures.add(at + ": value component " + grad.value() + " != primal " + value);
      }
      if (grad.components().length != arity()) {
        failures.add(at + ": " + grad.components().length + " components");
        return;
      }
      double[] adjoint = new double[arity()];
      double returned = pullback(point, 1.0, adjoint);
      if (Double.compare(returned, value) != 0) {
        failures.add(at + ": pullback returned " + returned + " != primal " + value);
      }
      for (int k = 0; k < arity(); k++) {
        double g = grad.components()[k];
        if (!close(adjoint[k], g, 1e-14)) {
          failures.add(at + ": d/d" + wrtNames[k] + " pullback " + adjoint[k] + " != record " + g);
        }
      }
      // Forward mode: one sweep per input direction gives the same partials.
      for (int k = 0; k < arity(); k++) {
        double[] e = new double[arity()];
        e[k] = 1.0;
        double[] vt = jvp(point, e);
        if (Double.compare(vt[0], value) != 0) {
          failures.add(at + ": jvp value " + vt[0] + " != primal " + value);
        }
        double g = grad.components()[k];
        boolean same = Double.compare(vt[1], g) == 0 || close(vt[1], g, 1e-9);
        if (!same) {
          failures.add(at + ": d/d" + wrtNames[k] + " forward mode " + vt[1] + " != reverse " + g);
        }
      }
      if (fd) {
        double[][] fds = finiteDifferences(point);
        for (int k = 0; k < arity(); k++) {
          double g = grad.components()[k];
          double estimate = fds[k][0];
          double tolerance = FD_RELATIVE * Math.max(1.0, Math.abs(g)) + fds[k][1];
          if (!(Math.abs(g - estimate) <= tolerance)) {
            failures.add(
                String.format(
                    "%s: d/d%s = %.17g but finite difference %.17g (|diff| %.3g > tol %.3g)",
                    at, wrtNames[k], g, estimate, Math.abs(g - estimate), tolerance));
          }
        }
      }
      if (closedForm != null) {
        double[] exact = closedForm.at(new Args(normalize(point)));
        if (exact.length != arity()) {
          throw new IllegalArgumentException(label + ": closed form has " + exact.length);
        }
        for (int k = 0; k < arity(); k++) {
          double g = grad.components()[k];
          if (!close(g, exact[k], closedTolerance)) {
            failures.add(
                String.format(
                    "%s: d/d%s = %.17g but closed form %.17g", at, wrtNames[k], g, exact[k]));
          }
        }
      }
    }
  }

  /** {@code |actual - expected| <= relative * max(1, |expected|)}, NaN never close. */
  static boolean close(double actual, double expected, double relative) {
    return Math.abs(actual - expected) <= relative * Math.max(1.0, Math.abs(expected));
  }

  static Object invoke(Method method, Object... args) {
    try {
      return method.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(
          method.getDeclaringClass().getName()
              + "."
              + method.getName()
              + Arrays.toString(args)
              + " threw "
              + e.getCause(),
          e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  static Object read(Method accessor, Object receiver) {
    try {
      return accessor.invoke(receiver);
    } catch (InvocationTargetException | IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static void require(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new AssertionError(String.format(format, args));
    }
  }
}
