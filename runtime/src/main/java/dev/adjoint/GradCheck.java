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
package dev.adjoint;

import dev.adjoint.tensor.Tensor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Checks a gradient against central finite differences, for users' own tests (PyTorch's {@code
 * torch.autograd.gradcheck}). A function of one {@code double[]} and its gradient:
 *
 * <pre>{@code
 * GradCheck.assertGradient(
 *     x -> Model.f(x[0], x[1]),
 *     x -> {
 *       var g = ModelAdjoint.fGradient(x[0], x[1]);
 *       return new double[] {g.x1(), g.x2()};
 *     },
 *     new double[] {2, 5});
 * }</pre>
 *
 * <p>A function of one {@link Tensor} and its gradient, a {@code Tensor} of the same shape:
 *
 * <pre>{@code
 * GradCheck.assertGradient(
 *     w -> Model.loss(w, x, labels), w -> ModelAdjoint.lossGradient(w, x, labels).w(), w0);
 * }</pre>
 *
 * <p>A function of several inputs, each a {@code double}, {@code double[]}, {@code double[][]} or
 * {@code Tensor}, read from {@link Inputs} by position; its gradient gives one component per input,
 * of the input's type and shape, as a {@code List} or as the generated gradient record itself (its
 * components after {@code value}, in order):
 *
 * <pre>{@code
 * GradCheck.assertGradients(
 *     in -> Model.loss(in.tensor(0), in.tensor(1), x, labels),
 *     in -> ModelAdjoint.lossGradient(in.tensor(0), in.tensor(1), x, labels),
 *     w, b);
 * }</pre>
 *
 * <p>Every element of every input is perturbed in turn. An element passes when {@code |analytic -
 * numeric| <= atol + rtol * |numeric|}, with the central difference {@code (f(x + h) - f(x - h)) /
 * 2h} and {@code h = eps * max(1, |x|)}. The function is called with fresh copies of the inputs
 * each time, so it may neither see nor cause changes to the caller's arrays.
 */
public final class GradCheck {
  /** Defaults for double precision: step 1e-6 (relative), tolerances 1e-5. */
  public static final double EPS = 1e-6;

  /** The default absolute tolerance. */
  public static final double ATOL = 1e-5;

  /** The default tolerance relative to the finite difference. */
  public static final double RTOL = 1e-5;

  private GradCheck() {}

  /**
   * The outcome of a check: the worst element (its index among all inputs' elements, flattened in
   * order as {@link Flat} flattens them), and a readable report.
   *
   * @param passed whether every element passed
   * @param worstIndex the element that failed by the most (or passed by the least); -1 if there is
   *     none, or the gradient's length was wrong
   * @param analytic the gradient's value at {@code worstIndex}
   * @param numeric the central difference at {@code worstIndex}
   * @param report a readable description: the failing elements, or that all matched
   */
  public record Result(
      boolean passed, int worstIndex, double analytic, double numeric, String report) {}

  /**
   * The inputs of a function of several inputs, by position: each a copy of the caller's, with at
   * most one element perturbed.
   */
  public static final class Inputs {
    private final Object[] values;

    private Inputs(Object[] values) {
      this.values = values;
    }

    /**
     * The number of inputs.
     *
     * @return how many inputs the function takes
     */
    public int size() {
      return values.length;
    }

    /**
     * Input {@code i}, a double.
     *
     * @param i the input's position, from 0
     * @return the input
     */
    public double scalar(int i) {
      return (Double) of(i, Double.class, "a double");
    }

    /**
     * Input {@code i}, a double[].
     *
     * @param i the input's position, from 0
     * @return the input
     */
    public double[] array(int i) {
      return of(i, double[].class, "a double[]");
    }

    /**
     * Input {@code i}, a double[][].
     *
     * @param i the input's position, from 0
     * @return the input
     */
    public double[][] matrix(int i) {
      return of(i, double[][].class, "a double[][]");
    }

    /**
     * Input {@code i}, a Tensor.
     *
     * @param i the input's position, from 0
     * @return the input
     */
    public Tensor tensor(int i) {
      return of(i, Tensor.class, "a Tensor");
    }

    /**
     * Input {@code i}, whatever its type.
     *
     * @param i the input's position, from 0
     * @return the input
     */
    public Object get(int i) {
      return values[i];
    }

    private <T> T of(int i, Class<T> type, String what) {
      if (i < 0 || i >= values.length) {
        throw new IndexOutOfBoundsException(
            "input " + i + " of " + values.length + " (inputs count from 0)");
      }
      if (!type.isInstance(values[i])) {
        throw new IllegalArgumentException(
            "input " + i + " is " + describe(values[i]) + ", not " + what);
      }
      return type.cast(values[i]);
    }
  }

  // ------------------------------------------------------------------------------- one double[]

  /**
   * Checks with the default step and tolerances; throws {@link AssertionError} on a mismatch.
   *
   * @param f the function, of the flattened inputs
   * @param gradient its gradient, of the same inputs, of the same length
   * @param x the point checked; not modified
   * @throws AssertionError with the report, if any element fails
   */
  public static void assertGradient(
      ToDoubleFunction<double[]> f, Function<double[], double[]> gradient, double[] x) {
    orFail(check(f, gradient, x, EPS, ATOL, RTOL));
  }

  /**
   * Compares {@code gradient.apply(x)} with central differences of {@code f} at {@code x}.
   *
   * @param f the function, of the flattened inputs
   * @param gradient its gradient, of the same inputs, of the same length
   * @param x the point checked; not modified
   * @param eps the step, relative to {@code max(1, |x[i]|)}
   * @param atol the absolute tolerance
   * @param rtol the tolerance relative to the central difference
   * @return the outcome
   */
  public static Result check(
      ToDoubleFunction<double[]> f,
      Function<double[], double[]> gradient,
      double[] x,
      double eps,
      double atol,
      double rtol) {
    return compare(
        in -> f.applyAsDouble(in.array(0)),
        in -> List.of(gradient.apply(in.array(0))),
        "x",
        eps,
        atol,
        rtol,
        new Object[] {x});
  }

  // --------------------------------------------------------------------------------- one Tensor

  /**
   * Checks the gradient of a function of one {@code Tensor} (a {@code Tensor} of the same shape)
   * with the default step and tolerances; throws {@link AssertionError} on a mismatch.
   *
   * @param f the function
   * @param gradient its gradient, a tensor of {@code x}'s shape
   * @param x the point checked; not modified
   */
  public static void assertGradient(
      ToDoubleFunction<Tensor> f, Function<Tensor, Tensor> gradient, Tensor x) {
    orFail(check(f, gradient, x, EPS, ATOL, RTOL));
  }

  /**
   * Compares {@code gradient.apply(x)} with central differences of {@code f} at {@code x}.
   *
   * @param f the function
   * @param gradient its gradient, a tensor of {@code x}'s shape
   * @param x the point checked; not modified
   * @param eps the relative step of the central differences
   * @param atol the absolute tolerance
   * @param rtol the relative tolerance
   * @return the worst element and a report
   */
  public static Result check(
      ToDoubleFunction<Tensor> f,
      Function<Tensor, Tensor> gradient,
      Tensor x,
      double eps,
      double atol,
      double rtol) {
    return compare(
        in -> f.applyAsDouble(in.tensor(0)),
        in -> java.util.Collections.singletonList(gradient.apply(in.tensor(0))),
        "x",
        eps,
        atol,
        rtol,
        new Object[] {x});
  }

  // -------------------------------------------------------------------------------- a record

  /**
   * Checks the gradient of a function of a record of parameters (its {@code double}, {@code
   * double[]}, {@code double[][]} and {@code Tensor} components, also of nested records: see {@link
   * Records}) with the default step and tolerances; the gradient is a record of the same type, as
   * the generated gradient of a record is. Throws {@link AssertionError} on a mismatch.
   *
   * <pre>{@code
   * GradCheck.assertGradient(
   *     m -> m.loss(x, labels), m -> MlpAdjoint.lossGradient(m, x, labels).self(), model);
   * }</pre>
   *
   * @param f the function
   * @param gradient its gradient, a record of {@code x}'s type whose leaves have its leaves' shapes
   * @param x the point checked; not modified
   * @param <R> the record's type
   */
  public static <R extends Record> void assertGradient(
      ToDoubleFunction<R> f, Function<R, R> gradient, R x) {
    orFail(check(f, gradient, x, EPS, ATOL, RTOL));
  }

  /**
   * Compares the gradient of a function of a record with central differences of {@code f}, element
   * by element of each leaf in turn ({@link Records#paths} order); data components are left as they
   * are.
   *
   * @param f the function
   * @param gradient its gradient, a record of {@code x}'s type
   * @param x the point checked; not modified
   * @param eps the relative step of the central differences
   * @param atol the absolute tolerance
   * @param rtol the relative tolerance
   * @param <R> the record's type
   * @return the worst element (flattened over the leaves) and a report
   */
  public static <R extends Record> Result check(
      ToDoubleFunction<R> f, Function<R, R> gradient, R x, double eps, double atol, double rtol) {
    Object[] inputs = Records.leaves(x).toArray();
    if (inputs.length == 0) {
      throw new IllegalArgumentException(
          x.getClass().getSimpleName()
              + " has no double, double[], double[][] or Tensor component");
    }
    return compare(
        in -> f.applyAsDouble(Records.withLeaves(x, Arrays.asList(in.values))),
        in -> Records.leaves(gradient.apply(Records.withLeaves(x, Arrays.asList(in.values)))),
        null,
        eps,
        atol,
        rtol,
        inputs);
  }

  // ---------------------------------------------------------------------------- several inputs

  /**
   * Checks the gradient of a function of several inputs (each a {@code double}, {@code double[]},
   * {@code double[][]} or {@code Tensor}) with the default step and tolerances; throws {@link
   * AssertionError} on a mismatch. {@code gradient} returns one component per input, in order: a
   * {@code List} or an array of them, or the generated gradient record (its components after {@code
   * value}).
   *
   * @param f the function, of the inputs
   * @param gradient its gradient, one component per input
   * @param inputs the point checked; not modified
   */
  public static void assertGradients(
      ToDoubleFunction<Inputs> f, Function<Inputs, ?> gradient, Object... inputs) {
    orFail(checkGradients(f, gradient, EPS, ATOL, RTOL, inputs));
  }

  /**
   * Compares the gradient with central differences of {@code f}, element by element.
   *
   * @param f the function, of the inputs
   * @param gradient its gradient, one component per input
   * @param eps the relative step of the central differences
   * @param atol the absolute tolerance
   * @param rtol the relative tolerance
   * @param inputs the point checked; not modified
   * @return the worst element (flattened over the inputs) and a report
   */
  public static Result checkGradients(
      ToDoubleFunction<Inputs> f,
      Function<Inputs, ?> gradient,
      double eps,
      double atol,
      double rtol,
      Object... inputs) {
    if (inputs.length == 0) {
      throw new IllegalArgumentException("no inputs to differentiate with respect to");
    }
    for (int i = 0; i < inputs.length; i++) {
      if (!(inputs[i] instanceof Double
          || inputs[i] instanceof double[]
          || inputs[i] instanceof double[][]
          || inputs[i] instanceof Tensor)) {
        throw new IllegalArgumentException(
            "input "
                + i
                + " is "
                + describe(inputs[i])
                + ": GradCheck differentiates double,"
                + " double[], double[][] and Tensor inputs; pass other arguments to the function"
                + " directly");
      }
    }
    return compare(f, in -> components(gradient.apply(in)), null, eps, atol, rtol, inputs);
  }

  // ------------------------------------------------------------------------------------- core

  /**
   * The comparison, over inputs already checked; {@code name} names a single input in the report
   * ({@code d/dx[3]}), null for "input i".
   */
  private static Result compare(
      ToDoubleFunction<Inputs> f,
      Function<Inputs, List<?>> gradient,
      String name,
      double eps,
      double atol,
      double rtol,
      Object[] inputs) {
    List<?> components = gradient.apply(new Inputs(copies(inputs)));
    String shapeProblem = shapeProblem(components, inputs, name);
    if (shapeProblem != null) {
      return new Result(false, -1, Double.NaN, Double.NaN, shapeProblem);
    }
    double[] analytic = new double[0];
    for (int i = 0; i < inputs.length; i++) {
      analytic = concat(analytic, flatten(components.get(i), inputs[i]));
    }
    StringBuilder report = new StringBuilder();
    boolean passed = true;
    int worst = -1;
    double worstExcess = Double.NEGATIVE_INFINITY;
    double[] numeric = new double[analytic.length];
    int k = 0;
    for (int i = 0; i < inputs.length; i++) {
      double[] x = flatten(inputs[i], inputs[i]);
      for (int e = 0; e < x.length; e++, k++) {
        double h = eps * Math.max(1, Math.abs(x[e]));
        double plus = f.applyAsDouble(new Inputs(perturbed(inputs, i, e, x[e] + h)));
        double minus = f.applyAsDouble(new Inputs(perturbed(inputs, i, e, x[e] - h)));
        numeric[k] = (plus - minus) / (2 * h);
        double error = Math.abs(analytic[k] - numeric[k]);
        double allowed = atol + rtol * Math.abs(numeric[k]);
        boolean ok = error <= allowed; // false for NaN
        if (!ok) {
          passed = false;
          report.append(
              String.format(
                  "  %s: analytic %.10g, numeric %.10g, error %.3g > %.3g%n",
                  element(name, i, inputs[i], e), analytic[k], numeric[k], error, allowed));
        }
        double excess = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error - allowed;
        if (excess > worstExcess) {
          worstExcess = excess;
          worst = k;
        }
      }
    }
    String text =
        passed
            ? "gradient matches finite differences at " + analytic.length + " elements"
            : "gradient does not match finite differences:\n" + report;
    return new Result(
        passed,
        worst,
        worst < 0 ? Double.NaN : analytic[worst],
        worst < 0 ? Double.NaN : numeric[worst],
        text);
  }

  private static void orFail(Result r) {
    if (!r.passed()) {
      throw new AssertionError(r.report());
    }
  }

  /** A gradient's components: a List, an array of them, or a gradient record's after value. */
  private static List<?> components(Object gradient) {
    if (gradient instanceof List<?> list) {
      return list;
    }
    if (gradient instanceof Object[] array) {
      return Arrays.asList(array);
    }
    if (gradient instanceof Record record) {
      RecordComponent[] rc = record.getClass().getRecordComponents();
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < rc.length; i++) {
        if (i == 0 && rc[i].getName().equals("value")) {
          continue;
        }
        java.lang.reflect.Method accessor = rc[i].getAccessor();
        try {
          try {
            out.add(accessor.invoke(record));
          } catch (IllegalAccessException e) { // a record that is not public, in a test, say
            accessor.setAccessible(true);
            out.add(accessor.invoke(record));
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalArgumentException(
              "cannot read component " + rc[i].getName() + " of " + record.getClass().getName(), e);
        }
      }
      return out;
    }
    throw new IllegalArgumentException(
        "the gradient is "
            + describe(gradient)
            + ": return a List of its components (one per"
            + " input), or the generated gradient record");
  }

  /** Why the components do not fit the inputs, or null. */
  private static String shapeProblem(List<?> components, Object[] inputs, String name) {
    if (components == null || components.size() != inputs.length) {
      return "the gradient has "
          + (components == null ? "no" : components.size())
          + " components, for "
          + inputs.length
          + (inputs.length == 1 ? " input" : " inputs");
    }
    for (int i = 0; i < inputs.length; i++) {
      Object c = components.get(i);
      Object x = inputs[i];
      boolean fits;
      if (x instanceof Double) {
        fits = c instanceof Number;
      } else if (x instanceof double[] a) {
        fits = c instanceof double[] g && g.length == a.length;
      } else if (x instanceof double[][] m) {
        double[][] rows = c instanceof double[][] cm ? cm : null;
        fits = rows != null && rows.length == m.length;
        for (int r = 0; fits && r < m.length; r++) {
          fits = rows[r] != null && rows[r].length == m[r].length;
        }
      } else {
        // A zero Tensor adjoint may be null, as in generated pullbacks.
        fits =
            c == null || (c instanceof Tensor t && Arrays.equals(t.shape(), ((Tensor) x).shape()));
      }
      if (!fits) {
        String which = name != null ? name : "input " + i;
        return "the gradient with respect to "
            + which
            + " is "
            + describe(c)
            + ", but "
            + which
            + " is "
            + describe(x);
      }
    }
    return null;
  }

  /** The elements of {@code value} (shaped like {@code like}), in row-major order. */
  private static double[] flatten(Object value, Object like) {
    if (like instanceof Double) {
      return new double[] {((Number) value).doubleValue()};
    }
    if (like instanceof double[]) {
      return ((double[]) value).clone();
    }
    if (like instanceof double[][] m) {
      double[] out = new double[Flat.size(m)];
      Flat.write((double[][]) value, out, 0);
      return out;
    }
    Tensor t = (Tensor) like;
    return value == null ? new double[t.size()] : ((Tensor) value).toArray();
  }

  /** Copies of the inputs, element {@code e} of input {@code i} set to {@code v}. */
  private static Object[] perturbed(Object[] inputs, int i, int e, double v) {
    Object[] out = copies(inputs);
    Object x = out[i];
    if (x instanceof Double) {
      out[i] = v;
    } else if (x instanceof double[] a) {
      a[e] = v;
    } else if (x instanceof double[][] m) {
      for (double[] row : m) {
        if (e < row.length) {
          row[e] = v;
          break;
        }
        e -= row.length;
      }
    } else {
      Tensor t = (Tensor) x;
      double[] data = t.toArray();
      data[e] = v;
      out[i] = Tensor.of(data, t.shape());
    }
    return out;
  }

  private static Object[] copies(Object[] inputs) {
    Object[] out = inputs.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] a) {
        out[i] = a.clone();
      } else if (out[i] instanceof double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
          c[r] = m[r].clone();
        }
        out[i] = c;
      }
      // Doubles and tensors are immutable.
    }
    return out;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code d/dx[3]}, {@code d/d(input 1)[0][2]}, {@code d/d(input 0)[1, 2]} (a tensor's index). */
  private static String element(String name, int i, Object input, int e) {
    String head = name != null ? "d/d" + name : "d/d(input " + i + ")";
    if (input instanceof Double) {
      return head;
    }
    if (input instanceof double[]) {
      return head + "[" + e + "]";
    }
    if (input instanceof double[][] m) {
      int r = 0;
      while (e >= m[r].length) {
        e -= m[r].length;
        r++;
      }
      return head + "[" + r + "][" + e + "]";
    }
    int[] shape = ((Tensor) input).shape();
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = e % shape[d];
      e /= shape[d];
    }
    StringBuilder s = new StringBuilder(head).append('[');
    for (int d = 0; d < index.length; d++) {
      s.append(d > 0 ? ", " : "").append(index[d]);
    }
    return s.append(']').toString();
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Double d) {
      return "a double (" + d + ")";
    }
    if (value instanceof double[] a) {
      return "a double[" + a.length + "]";
    }
    if (value instanceof double[][] m) {
      return "a double[" + m.length + "][]";
    }
    if (value instanceof Tensor t) {
      return "a Tensor of shape " + Arrays.toString(t.shape());
    }
    return "a " + value.getClass().getSimpleName();
  }
}
