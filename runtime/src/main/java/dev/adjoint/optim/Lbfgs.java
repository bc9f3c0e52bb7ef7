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
package dev.adjoint.optim;

import dev.adjoint.Flat;
import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Limited-memory BFGS (L-BFGS, Nocedal and Wright's Algorithm 7.5) with a line search that enforces
 * the strong Wolfe conditions (their Algorithms 3.5 and 3.6): the full-batch optimizer of scipy's
 * {@code L-BFGS-B} without bounds, PyTorch's {@code LBFGS} with {@code
 * line_search_fn="strong_wolfe"}, and the solver Spark MLlib's regressions use. Unlike the
 * step-by-step optimizers of this package it drives the evaluations itself, so it takes the
 * objective as a function: the value at x, with the gradient written into a buffer, which is what a
 * generated pullback with seed 1 computes.
 *
 * <pre>{@code
 * Lbfgs.Result r = Lbfgs.minimize(
 *     (w, gradient) -> {
 *       Arrays.fill(gradient, 0.0);
 *       return ModelAdjoint.lossPullback(w, x, y, 1.0, gradient);
 *     },
 *     new double[d], Lbfgs.Options.defaults(), null);
 * r.x();  // the minimiser
 * }</pre>
 *
 * <p>Each iteration takes the direction −H·g, H being the inverse-Hessian approximation of the last
 * {@code memory} steps' (s, y) pairs (two-loop recursion, initial scaling s·y / y·y), and searches
 * along it for a step length that decreases the value enough ({@code f(x + a d) ≤ f(x) + 10⁻⁴ a
 * g·d}) and flattens the slope enough ({@code |g(x + a d)·d| ≤ 0.9 |g·d|}), trying length 1 first
 * (1/‖g‖ on the first iteration), doubling while the slope stays downhill, then narrowing the
 * bracket by safeguarded cubic interpolation. A pair whose curvature s·y is not positive is not
 * stored; a direction that is not downhill, or a search that fails, restarts from steepest descent
 * with the memory cleared. A value that is NaN or infinite at a trial point counts as too long a
 * step.
 *
 * <p>It stops at the first of: the largest gradient component at most {@link
 * Options#gradientTolerance} × max(1, |f|); a decrease over one iteration of at most {@link
 * Options#valueTolerance} × max(1, |f|) (scipy's {@code ftol} test); {@link Options#maxIterations}
 * iterations; {@link Options#maxEvaluations} evaluations; the listener's asking; or a line search
 * that finds no step even from steepest descent (the value cannot be decreased along the gradient
 * at the precision of doubles: usually at a minimum). The {@link Result} says which.
 *
 * <p>It is deterministic: the same objective and start give the same iterates, bit for bit. The
 * objective must be deterministic too for that (a sum computed in a varying order, as a Spark
 * reduction's, varies in its last bits).
 */
public final class Lbfgs {
  private Lbfgs() {}

  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_BRACKETING = 30;
  private static final int MAX_ZOOM = 30;

  /** The function to minimise. */
  @FunctionalInterface
  public interface Objective {
    /**
     * Returns f(x) and writes (assigns, not adds) ∇f(x) into {@code gradient}, of x's length. Must
     * not modify {@code x}.
     *
     * @param x the point
     * @param gradient where to write the gradient at {@code x}
     * @return f(x)
     */
    double evaluate(double[] x, double[] gradient);
  }

  /** Told after each iteration; returns whether to go on. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called after iteration {@code iteration} (counting from 1) with the new point, its value and
     * gradient (read them, do not keep or modify them); returns {@code false} to stop there.
     *
     * @param iteration the iteration just taken, from 1
     * @param value f at the new point
     * @param x the new point
     * @param gradient ∇f at the new point
     * @return whether to go on
     */
    boolean afterIteration(int iteration, double value, double[] x, double[] gradient);
  }

  /** Why {@link #minimize} stopped. */
  public enum Stop {
    /** The gradient is within {@link Options#gradientTolerance}. */
    GRADIENT,
    /** An iteration decreased the value by no more than {@link Options#valueTolerance}. */
    VALUE,
    /** {@link Options#maxIterations} iterations were taken. */
    MAX_ITERATIONS,
    /** {@link Options#maxEvaluations} evaluations were spent. */
    MAX_EVALUATIONS,
    /** The listener returned {@code false}. */
    LISTENER,
    /** No step along steepest descent decreases the value (at the precision of doubles). */
    LINE_SEARCH
  }

  /**
   * L-BFGS's settings. Immutable; the methods named after the fields return modified copies.
   *
   * @param memory the number of (s, y) pairs kept, m ≥ 1 (default 10, as MLlib's and scipy's)
   * @param maxIterations the most iterations, ≥ 0 (default 100, MLlib's)
   * @param maxEvaluations the most evaluations of the objective, ≥ 1, the one at the start included
   *     (default 1000)
   * @param gradientTolerance stop when max |∂f/∂x_i| ≤ this × max(1, |f|), ≥ 0 (default 1e-6)
   * @param valueTolerance stop when an iteration decreases f by at most this × max(1, |f|), ≥ 0
   *     (default 1e-10)
   */
  public record Options(
      int memory,
      int maxIterations,
      int maxEvaluations,
      double gradientTolerance,
      double valueTolerance) {
    private static final Options DEFAULTS = new Options(10, 100, 1000, 1e-6, 1e-10);

    /**
     * Checks each value.
     *
     * @param memory the number of (s, y) pairs kept, m ≥ 1
     * @param maxIterations the most iterations, ≥ 0
     * @param maxEvaluations the most evaluations of the objective, ≥ 1
     * @param gradientTolerance the gradient tolerance, ≥ 0
     * @param valueTolerance the value tolerance, ≥ 0
     */
    public Options {
      if (memory < 1) {
        throw new IllegalArgumentException("memory must be at least 1, got " + memory);
      }
      if (maxIterations < 0) {
        throw new IllegalArgumentException(
            "maxIterations must be at least 0, got " + maxIterations);
      }
      if (maxEvaluations < 1) {
        throw new IllegalArgumentException(
            "maxEvaluations must be at least 1, got " + maxEvaluations);
      }
      Checks.nonNegative("gradientTolerance", gradientTolerance);
      Checks.nonNegative("valueTolerance", valueTolerance);
    }

    /**
     * Memory 10, 100 iterations, 1000 evaluations, tolerances 1e-6 (gradient), 1e-10 (value).
     *
     * @return the defaults
     */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * These options with another {@code memory}.
     *
     * @param memory the number of (s, y) pairs kept
     * @return the modified copy
     */
    public Options memory(int memory) {
      return new Options(memory, maxIterations, maxEvaluations, gradientTolerance, valueTolerance);
    }

    /**
     * These options with another {@code maxIterations}.
     *
     * @param maxIterations the most iterations
     * @return the modified copy
     */
    public Options maxIterations(int maxIterations) {
      return new Options(memory, maxIterations, maxEvaluations, gradientTolerance, valueTolerance);
    }

    /**
     * These options with another {@code maxEvaluations}.
     *
     * @param maxEvaluations the most evaluations
     * @return the modified copy
     */
    public Options maxEvaluations(int maxEvaluations) {
      return new Options(memory, maxIterations, maxEvaluations, gradientTolerance, valueTolerance);
    }

    /**
     * These options with another {@code gradientTolerance}.
     *
     * @param gradientTolerance the gradient tolerance
     * @return the modified copy
     */
    public Options gradientTolerance(double gradientTolerance) {
      return new Options(memory, maxIterations, maxEvaluations, gradientTolerance, valueTolerance);
    }

    /**
     * These options with another {@code valueTolerance}.
     *
     * @param valueTolerance the value tolerance
     * @return the modified copy
     */
    public Options valueTolerance(double valueTolerance) {
      return new Options(memory, maxIterations, maxEvaluations, gradientTolerance, valueTolerance);
    }
  }

  /**
   * Where {@link #minimize} stopped.
   *
   * @param x the last point (the best found: every iteration decreases the value)
   * @param value f(x)
   * @param gradient ∇f(x)
   * @param iterations the iterations taken
   * @param evaluations the evaluations of the objective, the one at the start included
   * @param stop why it stopped
   */
  public record Result(
      double[] x, double value, double[] gradient, int iterations, int evaluations, Stop stop) {}

  /**
   * Minimises {@code objective} from {@code start} (not modified).
   *
   * @param objective the function to minimise
   * @param start the starting point; not modified
   * @param options the settings
   * @param listener told after each iteration, or {@code null}
   * @return where it stopped, and why
   * @throws IllegalArgumentException if the value or gradient at the start is not finite
   */
  public static Result minimize(
      Objective objective, double[] start, Options options, Listener listener) {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(options, "options");
    return new Run(objective, start, options, listener).run();
  }

  /**
   * The value of a function of a record of parameters, and its gradient: a record of the same type
   * and shapes, as the generated gradient of a record is.
   *
   * @param value f(x)
   * @param gradient ∇f(x)
   * @param <R> the record's type
   */
  public record ValueAndGradient<R extends Record>(double value, R gradient) {}

  /**
   * A function of a record of parameters to minimise.
   *
   * @param <R> the record's type
   */
  @FunctionalInterface
  public interface RecordObjective<R extends Record> {
    /**
     * Returns f(x) and ∇f(x). Must not modify {@code x}.
     *
     * @param x the point
     * @return the value and the gradient at {@code x}
     */
    ValueAndGradient<R> evaluate(R x);
  }

  /**
   * Where a minimisation over a record stopped.
   *
   * @param x the last point, a record of the start's type
   * @param value f(x)
   * @param gradient ∇f(x)
   * @param iterations the iterations taken
   * @param evaluations the evaluations of the objective, the one at the start included
   * @param stop why it stopped
   * @param <R> the record's type
   */
  public record RecordResult<R extends Record>(
      R x, double value, R gradient, int iterations, int evaluations, Stop stop) {}

  /**
   * Minimises a function of a record of parameters (its {@code double}, {@code double[]}, {@code
   * double[][]} and {@code Tensor} components, also of nested records, as {@link
   * dev.adjoint.Records} reads them; the other components stay the start's), as {@link
   * #minimize(Objective, double[], Options, Listener)} minimises over the leaves' elements
   * concatenated in {@link dev.adjoint.Records#paths} order: the same iterates, bit for bit.
   *
   * <pre>{@code
   * var r = Lbfgs.minimize(
   *     m -> {
   *       var g = LogisticAdjoint.lossGradient(m, x, y);
   *       return new Lbfgs.ValueAndGradient<>(g.value(), g.self());
   *     },
   *     model, Lbfgs.Options.defaults());
   * model = r.x();
   * }</pre>
   *
   * @param objective the function to minimise
   * @param start the starting point; not modified
   * @param options the settings
   * @param <R> the record's type
   * @return where it stopped, and why
   * @throws IllegalArgumentException if the value or gradient at the start is not finite, or a
   *     gradient's leaf has another shape than its parameter's
   */
  public static <R extends Record> RecordResult<R> minimize(
      RecordObjective<R> objective, R start, Options options) {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(start, "start");
    List<Object> leaves = dev.adjoint.Records.leaves(start);
    double[] flat = flatten(leaves, "start");
    Result r =
        minimize(
            (x, gradient) -> {
              ValueAndGradient<R> vg = objective.evaluate(unflatten(start, leaves, x));
              double[] g = flatten(dev.adjoint.Records.leaves(vg.gradient()), "the gradient");
              if (g.length != x.length) {
                throw new IllegalArgumentException(
                    "the gradient has " + g.length + " elements, the parameters " + x.length);
              }
              System.arraycopy(g, 0, gradient, 0, g.length);
              return vg.value();
            },
            flat,
            options,
            null);
    return new RecordResult<>(
        unflatten(start, leaves, r.x()),
        r.value(),
        unflatten(start, leaves, r.gradient()),
        r.iterations(),
        r.evaluations(),
        r.stop());
  }

  /** The leaves' elements one after the other, as {@link Flat} lays out a method's inputs. */
  private static double[] flatten(List<Object> leaves, String what) {
    int n = 0;
    for (Object leaf : leaves) {
      n += size(leaf, what);
    }
    double[] out = new double[n];
    int at = 0;
    for (Object leaf : leaves) {
      if (leaf instanceof Double d) {
        out[at++] = d;
      } else if (leaf instanceof double[] a) {
        at = Flat.write(a, out, at);
      } else if (leaf instanceof double[][] m) {
        at = Flat.write(m, out, at);
      } else {
        at = Flat.write((Tensor) leaf, (Tensor) leaf, out, at);
      }
    }
    return out;
  }

  private static int size(Object leaf, String what) {
    if (leaf instanceof Double) {
      return 1;
    } else if (leaf instanceof double[] a) {
      return Flat.size(a);
    } else if (leaf instanceof double[][] m) {
      return Flat.size(m);
    } else if (leaf instanceof Tensor t) {
      return Flat.size(t);
    }
    throw new IllegalArgumentException(what + " has a leaf that is " + leaf);
  }

  /** A record like {@code template} whose leaves, shaped like {@code like}, hold {@code flat}. */
  private static <R extends Record> R unflatten(R template, List<Object> like, double[] flat) {
    List<Object> out = new ArrayList<>(like.size());
    int at = 0;
    for (Object leaf : like) {
      if (leaf instanceof Double) {
        out.add(flat[at++]);
      } else if (leaf instanceof double[] a) {
        double[] copy = new double[a.length];
        at = Flat.read(flat, at, copy);
        out.add(copy);
      } else if (leaf instanceof double[][] m) {
        double[][] copy = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
          copy[i] = new double[m[i].length];
        }
        at = Flat.read(flat, at, copy);
        out.add(copy);
      } else {
        Tensor t = (Tensor) leaf;
        out.add(Flat.read(flat, at, t));
        at += Flat.size(t);
      }
    }
    return dev.adjoint.Records.withLeaves(template, out);
  }

  /** The state of one minimisation. */
  private static final class Run {
    final Objective objective;
    final Options options;
    final Listener listener;
    final int n;
    // The (s, y) pairs, a ring of options.memory() slots: the newest at (head - 1) mod m.
    final double[][] s;
    final double[][] y;
    final double[] rho;
    final double[] alpha;
    int stored;
    int head;
    int evaluations;

    double[] x;
    double value;
    double[] gradient;

    Run(Objective objective, double[] start, Options options, Listener listener) {
      this.objective = objective;
      this.options = options;
      this.listener = listener;
      this.n = start.length;
      int m = options.memory();
      this.s = new double[m][];
      this.y = new double[m][];
      this.rho = new double[m];
      this.alpha = new double[m];
      this.x = start.clone();
      this.gradient = new double[n];
    }

    Result run() {
      value = evaluate(x, gradient);
      if (!Double.isFinite(value) || !finite(gradient)) {
        throw new IllegalArgumentException(
            "the objective is not finite at the start: value "
                + value
                + ", gradient "
                + (finite(gradient) ? "finite" : "not finite"));
      }
      int iteration = 0;
      while (true) {
        if (gradientConverged()) {
          return result(iteration, Stop.GRADIENT);
        }
        if (iteration >= options.maxIterations()) {
          return result(iteration, Stop.MAX_ITERATIONS);
        }
        if (evaluations >= options.maxEvaluations()) {
          return result(iteration, Stop.MAX_EVALUATIONS);
        }
        double previous = value;
        Step step = null;
        if (stored > 0) {
          double[] direction = direction();
          if (dot(gradient, direction) < 0) {
            step = lineSearch(direction, 1.0);
          }
        }
        if (step == null) { // From steepest descent, with the memory cleared.
          stored = 0;
          double[] direction = new double[n];
          for (int i = 0; i < n; i++) {
            direction[i] = -gradient[i];
          }
          step = lineSearch(direction, Math.min(1.0, 1.0 / Math.sqrt(dot(gradient, gradient))));
          if (step == null) {
            return result(
                iteration,
                evaluations >= options.maxEvaluations() ? Stop.MAX_EVALUATIONS : Stop.LINE_SEARCH);
          }
        }
        remember(step);
        iteration++;
        if (listener != null && !listener.afterIteration(iteration, value, x, gradient)) {
          return result(iteration, Stop.LISTENER);
        }
        if (previous - value <= options.valueTolerance() * Math.max(1.0, Math.abs(value))
            && !gradientConverged()) {
          return result(iteration, Stop.VALUE);
        }
      }
    }

    boolean gradientConverged() {
      double largest = 0;
      for (double g : gradient) {
        largest = Math.max(largest, Math.abs(g));
      }
      return largest <= options.gradientTolerance() * Math.max(1.0, Math.abs(value));
    }

    Result result(int iterations, Stop stop) {
      return new Result(x.clone(), value, gradient.clone(), iterations, evaluations, stop);
    }

    double evaluate(double[] point, double[] into) {
      evaluations++;
      return objective.evaluate(point, into);
    }

    /** Moves to the step's point and stores its (s, y) pair if its curvature is positive. */
    void remember(Step step) {
      double[] sk = new double[n];
      double[] yk = new double[n];
      for (int i = 0; i < n; i++) {
        sk[i] = step.x[i] - x[i];
        yk[i] = step.gradient[i] - gradient[i];
      }
      double sy = dot(sk, yk);
      if (sy > 1e-10 * dot(yk, yk) && sy > 0) { // Keeps H positive definite.
        int m = options.memory();
        s[head] = sk;
        y[head] = yk;
        rho[head] = 1.0 / sy;
        head = (head + 1) % m;
        stored = Math.min(stored + 1, m);
      }
      x = step.x;
      value = step.value;
      gradient = step.gradient;
    }

    /** −H·g by the two-loop recursion over the stored pairs. */
    double[] direction() {
      int m = options.memory();
      double[] q = gradient.clone();
      for (int k = 1; k <= stored; k++) { // Newest first.
        int i = Math.floorMod(head - k, m);
        alpha[i] = rho[i] * dot(s[i], q);
        axpy(-alpha[i], y[i], q);
      }
      int newest = Math.floorMod(head - 1, m);
      double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
      for (int j = 0; j < n; j++) {
        q[j] *= gamma;
      }
      for (int k = stored; k >= 1; k--) { // Oldest first.
        int i = Math.floorMod(head - k, m);
        double beta = rho[i] * dot(y[i], q);
        axpy(alpha[i] - beta, s[i], q);
      }
      for (int j = 0; j < n; j++) {
        q[j] = -q[j];
      }
      return q;
    }

    /** A trial point along the direction: its step length, point, value, gradient and slope. */
    private static final class Step {
      final double length;
      final double[] x;
      final double value;
      final double[] gradient;
      final double slope;

      Step(double length, double[] x, double value, double[] gradient, double slope) {
        this.length = length;
        this.x = x;
        this.value = value;
        this.gradient = gradient;
        this.slope = slope;
      }

      boolean finite() {
        return Double.isFinite(value) && Double.isFinite(slope);
      }
    }

    Step trial(double[] direction, double length) {
      double[] point = new double[n];
      for (int i = 0; i < n; i++) {
        point[i] = x[i] + length * direction[i];
      }
      double[] g = new double[n];
      double v = evaluate(point, g);
      return new Step(length, point, v, g, dot(g, direction));
    }

    /**
     * A step satisfying the strong Wolfe conditions (Nocedal and Wright, Algorithm 3.5), or one
     * that decreases the value enough if the evaluations run out first; {@code null} if none
     * decreases it.
     */
    Step lineSearch(double[] direction, double firstLength) {
      double slope0 = dot(gradient, direction);
      Step previous = new Step(0, x, value, gradient, slope0);
      double length = firstLength;
      for (int i = 0; i < MAX_BRACKETING && evaluations < options.maxEvaluations(); i++) {
        Step t = trial(direction, length);
        if (!t.finite()
            || t.value > value + C1 * length * slope0
            || (i > 0 && t.value >= previous.value)) {
          return zoom(direction, slope0, previous, t);
        }
        if (Math.abs(t.slope) <= -C2 * slope0) {
          return t;
        }
        if (t.slope >= 0) {
          return zoom(direction, slope0, t, previous);
        }
        previous = t;
        length *= 2;
      }
      return previous.length > 0 ? previous : null;
    }

    /**
     * Narrows [lo, hi] (in either order) to a strong Wolfe step (Algorithm 3.6): lo is the best
     * point so far satisfying sufficient decrease.
     */
    Step zoom(double[] direction, double slope0, Step lo, Step hi) {
      for (int j = 0; j < MAX_ZOOM && evaluations < options.maxEvaluations(); j++) {
        double width = hi.length - lo.length;
        if (Math.abs(width) <= 1e-16 * Math.max(1.0, Math.abs(lo.length))) {
          break;
        }
        double length = interpolate(lo, hi);
        Step t = trial(direction, length);
        if (!t.finite() || t.value > value + C1 * length * slope0 || t.value >= lo.value) {
          hi = t;
        } else {
          if (Math.abs(t.slope) <= -C2 * slope0) {
            return t;
          }
          if (t.slope * (hi.length - lo.length) >= 0) {
            hi = lo;
          }
          lo = t;
        }
      }
      return lo.length > 0 ? lo : null;
    }

    /**
     * The minimiser of the cubic through both ends' values and slopes, if it lies well inside the
     * interval (at least a tenth of its width from each end); its middle otherwise.
     */
    static double interpolate(Step lo, Step hi) {
      double a = lo.length;
      double b = hi.length;
      double middle = 0.5 * (a + b);
      if (!hi.finite()) {
        return middle;
      }
      double d1 = lo.slope + hi.slope - 3 * (lo.value - hi.value) / (a - b);
      double root = d1 * d1 - lo.slope * hi.slope;
      if (!(root >= 0)) {
        return middle;
      }
      double d2 = Math.signum(b - a) * Math.sqrt(root);
      double c = b - (b - a) * (hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2);
      double margin = 0.1 * Math.abs(b - a);
      if (!(c >= Math.min(a, b) + margin && c <= Math.max(a, b) - margin)) {
        return middle;
      }
      return c;
    }
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static boolean finite(double[] values) {
    return Arrays.stream(values).allMatch(Double::isFinite);
  }
}
