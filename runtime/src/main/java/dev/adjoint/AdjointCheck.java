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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks every {@code @Differentiable} method of a class, and everything Adjoint generated for it,
 * at points you supply: one call for your tests. Reverse mode (the gradient, the pullback) and
 * forward mode ({@code fJvp}) are independent transforms of your code, so besides central finite
 * differences their agreement with each other is a cheap and tight oracle.
 *
 * <pre>{@code
 * AdjointCheck.of(Model.class)
 *     .points("f", rng -> new Object[] {0.5 + rng.nextDouble(), rng.nextGaussian()})
 *     .points("loss", rng -> new Object[] {randomWeights(rng, 3, 4), data, labels})
 *     .verify();  // throws AssertionError with a report of every mismatch
 * }</pre>
 *
 * <p>A point generator returns the method's arguments, in order, boxed ({@code Double} for a {@code
 * double}, {@code Integer} for an {@code int}; arrays, {@code int[]} data and {@code Tensor}s as
 * they are). It is called with a seeded {@link Random}, {@link #pointsPerMethod} times per method,
 * so a run is reproducible. Every {@code @Differentiable} method of the class needs a generator or
 * an explicit {@link #skip}; a missing one fails the check.
 *
 * <p>At each point, for a method {@code f} of the class {@code p.Model}, with the companion {@code
 * p.ModelAdjoint} ({@code p.Outer_InnerAdjoint} for a nested {@code p.Outer.Inner}) and its
 * differentiated inputs flattened as {@link Flat} orders them (x below), it checks what the
 * companion has:
 *
 * <ul>
 *   <li><b>value</b>: {@code fGradient}, {@code fPullback} and {@code fJvp} return the value of
 *       {@code f} itself;
 *   <li><b>gradient</b> ({@code fGradient}, every component: {@code double}, {@code double[]},
 *       {@code double[][]}, {@code Tensor}) against central finite differences, element by element
 *       (at most {@link #maxColumns} elements per point, chosen at random when there are more), and
 *       along each random direction;
 *   <li><b>pullback</b>: {@code fPullback} with a random seed adds seed times the gradient into its
 *       buffers, and a second call adds it again;
 *   <li><b>forward mode</b>: {@code fJvp} along {@link #directions} random directions d gives
 *       {@code <gradient, d>} to rounding;
 *   <li>for a method returning {@code double[]}: {@code fJacobian}'s columns against finite
 *       differences, J·d against {@code fJvp}, sᵀJ against {@code fPullback} with a random seed s,
 *       and {@code <fPullback(s), d> = <s, fJvp(d)>};
 *   <li>for a method returning a {@code Tensor} (a layer), the same over its elements in row-major
 *       order, without the Jacobian (it has none): {@code fJvp} along d against finite differences,
 *       and {@code <fPullback(s), d> = <s, fJvp(d)>} for a random seed s of the result's shape;
 *   <li>for {@code @Differentiable(order = 2)}: {@code fHessian}'s columns against finite
 *       differences of the gradient, and {@code fHvp(v)} against H·v;
 *   <li><b>inputs unchanged</b>: no generated method changes the caller's arrays (the arguments are
 *       compared with a copy taken before each call).
 * </ul>
 *
 * <p>A record's instance methods, and methods that take records, are checked through the record
 * forms of the companion: their generator gives the receiver first; each point compares {@code
 * fGradient}'s value with the method's, its gradient (records of the arguments' types, leaf by
 * leaf) with central differences, and {@code fJvp} along random records of the same shapes with the
 * central difference along them and with the gradient.
 *
 * <p><b>Tolerances.</b> A finite-difference comparison passes when {@code |analytic - numeric| <=
 * atol + rtol * |numeric| + rounding * (|f(x + h)| + |f(x - h)|) / 2h}, with {@code h = eps *
 * max(1, |x_i|)} (along a direction d, {@code h = eps * median(max(1, |x_i|)) / max|d_i|}): {@link
 * GradCheck}'s rule (eps 1e-6, atol and rtol 1e-5) plus the rounding noise of the two evaluations
 * divided by the step ({@link #ROUNDING} = 1e-13 of the values, some 450 units in the last place),
 * so that a large value with a small slope does not fail. A comparison between the modes (forward
 * against reverse, the Jacobian against either, the Hessian against {@code fHvp}, the values)
 * passes when {@code |a - b| <= modesRtol * S + modesAtol}, where S is the sum of the magnitudes of
 * the terms of the product being compared (so cancellation does not make it stricter), with {@link
 * #MODES_RTOL} = 1e-9 and {@link #MODES_ATOL} = 1e-12: the two modes compute the same numbers in a
 * different order, and agree far more tightly than any finite difference.
 *
 * <p>A method that calls {@link Adjoint#detach} has, by design, a gradient that is not the
 * derivative of its value: {@link #withoutFiniteDifferences} compares its derivatives with each
 * other only.
 *
 * <p>Found by reflection: the methods by their {@link Differentiable} annotation (retained at run
 * time), the companion by its name, the generated methods by theirs. The differentiated parameters
 * are those {@code wrt} names, or else every {@code double}, {@code double[]}, {@code double[][]}
 * and {@code Tensor} parameter. Without parameter names in the class file (compiled without {@code
 * -parameters}, as most builds are), {@code wrt}'s parameters are found by the types the companion
 * differentiates, then by the shapes of the gradient's components at the first point, then by which
 * of the remaining choices the gradient matches finite differences along; where that still leaves a
 * choice, compile with {@code -parameters}.
 */
public final class AdjointCheck {
  /** The relative rounding error allowed in each evaluation of a finite difference. */
  public static final double ROUNDING = 1e-13;

  /** The relative tolerance between forward and reverse mode. */
  public static final double MODES_RTOL = 1e-9;

  /** The absolute floor of the tolerance between forward and reverse mode. */
  public static final double MODES_ATOL = 1e-12;

  /** What was checked, per method. */
  public enum Check {
    /** The generated methods' values equal the method's own. */
    VALUE,
    /** {@code fGradient} against finite differences. */
    GRADIENT,
    /**
     * {@code fPullback} against the gradient (or, for a vector result, against finite differences
     * of a random projection).
     */
    PULLBACK,
    /** {@code fJvp} against the gradient and the pullback, along random directions. */
    JVP,
    /** {@code fJacobian} against finite differences (methods returning {@code double[]}). */
    JACOBIAN,
    /** {@code fHessian} against differences of the gradient ({@code order = 2}). */
    HESSIAN,
    /** {@code fHvp} against the Hessian times a random vector ({@code order = 2}). */
    HVP,
    /** No generated method changed the arrays it was given. */
    INPUTS_UNCHANGED
  }

  /**
   * What a passing {@link #verify()} checked: per method (by name), the checks that ran.
   *
   * @param model the class checked
   * @param pointsPerMethod the number of points each method was checked at
   * @param methods per method name, in the class's order, the checks that ran
   */
  public record Summary(Class<?> model, int pointsPerMethod, Map<String, Set<Check>> methods) {
    @Override
    public String toString() {
      StringBuilder s =
          new StringBuilder("AdjointCheck of ")
              .append(model.getName())
              .append(", ")
              .append(pointsPerMethod)
              .append(" points per method:");
      methods.forEach((m, checks) -> s.append("\n  ").append(m).append(": ").append(checks));
      return s.toString();
    }
  }

  private final Class<?> model;
  private final Map<String, Function<Random, Object[]>> generators = new LinkedHashMap<>();
  private final Set<String> skipped = new LinkedHashSet<>();
  private final Set<String> noDifferences = new LinkedHashSet<>();
  private int pointsPerMethod = Integer.getInteger("adjoint.check.points", 3);
  private int directions = 2;
  private long seed = Long.getLong("adjoint.check.seed", 42);
  private int maxColumns = 48;
  private double eps = GradCheck.EPS;
  private double atol = GradCheck.ATOL;
  private double rtol = GradCheck.RTOL;
  private double rounding = ROUNDING;
  private double modesRtol = MODES_RTOL;
  private double modesAtol = MODES_ATOL;

  private AdjointCheck(Class<?> model) {
    this.model = model;
  }

  /**
   * A check of the {@code @Differentiable} methods of {@code model}.
   *
   * @param model the class whose methods are annotated; its companion must be on the class path
   * @return a check with the defaults, to configure and then {@link #verify()}
   */
  public static AdjointCheck of(Class<?> model) {
    return new AdjointCheck(model);
  }

  /**
   * Checks with one generator per method name and the defaults; see {@link #verify()}.
   *
   * @param model the class whose methods are annotated
   * @param points per method name, the generator of its arguments (see {@link #points})
   * @return what was checked
   * @throws AssertionError listing every mismatch, as {@link #verify()} does
   */
  public static Summary verify(Class<?> model, Map<String, Function<Random, Object[]>> points) {
    AdjointCheck check = of(model);
    points.forEach(check::points);
    return check.verify();
  }

  /**
   * The generator of the arguments of the method {@code method}.
   *
   * @param method the name of a {@code @Differentiable} method of the class
   * @param generator from a seeded {@link Random}, the method's arguments, boxed and in order (a
   *     {@code Double} for a {@code double}, an {@code Integer} for an {@code int}, arrays and
   *     tensors as they are)
   * @return this check
   */
  public AdjointCheck points(String method, Function<Random, Object[]> generator) {
    generators.put(method, generator);
    return this;
  }

  /**
   * Leaves out methods (say, one that is checked elsewhere, or not differentiable anywhere).
   *
   * @param methods the names of the methods left out
   * @return this check
   */
  public AdjointCheck skip(String... methods) {
    skipped.addAll(Arrays.asList(methods));
    return this;
  }

  /**
   * Compares these methods' derivatives with each other (forward against reverse mode, the
   * pullback, the Jacobian, the Hessian against {@code fHvp}) but not with finite differences: for
   * a method that calls {@link Adjoint#detach}, whose gradient is by design not the derivative of
   * its value.
   *
   * @param methods the names of the methods compared between modes only
   * @return this check
   */
  public AdjointCheck withoutFiniteDifferences(String... methods) {
    noDifferences.addAll(Arrays.asList(methods));
    return this;
  }

  /**
   * The number of points per method (3 unless set here or by the system property {@code
   * adjoint.check.points}).
   *
   * @param n the number of points, 1 or more
   * @return this check
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public AdjointCheck pointsPerMethod(int n) {
    pointsPerMethod = positive(n);
    return this;
  }

  /**
   * The number of random directions (and pullback seeds) per point (2 unless set).
   *
   * @param n the number of directions, 1 or more
   * @return this check
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public AdjointCheck directions(int n) {
    directions = positive(n);
    return this;
  }

  /**
   * The seed of the random points, directions and seeds (42 unless set here or by the system
   * property {@code adjoint.check.seed}, for a longer campaign from the command line).
   *
   * @param seed the seed of the {@link Random} handed to the generators and of the directions
   * @return this check
   */
  public AdjointCheck seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * The most inputs per point compared one by one with finite differences (48 unless set; more are
   * sampled at random; random directions cover the rest).
   *
   * @param n the number of inputs compared one by one, 1 or more
   * @return this check
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public AdjointCheck maxColumns(int n) {
    maxColumns = positive(n);
    return this;
  }

  /**
   * The finite-difference step and tolerances ({@link GradCheck}'s unless set).
   *
   * @param eps the step, relative to {@code max(1, |x|)}
   * @param atol the absolute tolerance
   * @param rtol the tolerance relative to the finite difference
   * @return this check
   */
  public AdjointCheck finiteDifferences(double eps, double atol, double rtol) {
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    return this;
  }

  /**
   * The rounding error allowed per evaluation in a finite difference ({@link #ROUNDING}).
   *
   * @param relative the rounding error of one evaluation, relative to its value
   * @return this check
   */
  public AdjointCheck rounding(double relative) {
    this.rounding = relative;
    return this;
  }

  /**
   * The tolerances between the modes ({@link #MODES_RTOL}, {@link #MODES_ATOL} unless set).
   *
   * @param rtol the relative tolerance between the modes
   * @param atol the absolute floor of that tolerance
   * @return this check
   */
  public AdjointCheck modes(double rtol, double atol) {
    this.modesRtol = rtol;
    this.modesAtol = atol;
    return this;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  private static boolean sameShape(Object arg, Object component) {
    if (arg instanceof double[] a) {
      return component instanceof double[] c && a.length == c.length;
    } else if (arg instanceof double[][] a) {
      if (!(component instanceof double[][] c) || a.length != c.length) {
        return false;
      }
      for (int i = 0; i < a.length; i++) {
        if (a[i].length != c[i].length) {
          return false;
        }
      }
      return true;
    } else if (arg instanceof Tensor a) {
      return component == null || Arrays.equals(a.shape(), ((Tensor) component).shape());
    }
    return component instanceof Double;
  }

  private static int positive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("needs at least 1, got " + n);
    }
    return n;
  }

  /**
   * Runs every check.
   *
   * @return what was checked
   * @throws AssertionError listing every mismatch (method, point, check, component, analytic and
   *     reference value), every method without a generator, and every generated method that threw
   */
  public Summary verify() {
    List<Method> methods = differentiableMethods(model);
    if (methods.isEmpty()) {
      throw new IllegalArgumentException(model.getName() + " has no @Differentiable method");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Method m : methods) {
      names.add(m.getName());
    }
    for (String name : generators.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(
            model.getName() + " has no @Differentiable method " + name + " (it has " + names + ")");
      }
    }
    for (String name : union(skipped, noDifferences)) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(
            model.getName() + " has no @Differentiable method " + name);
      }
    }
    Class<?> companion = companion(model);
    Failures failures = new Failures();
    Map<String, Set<Check>> checked = new LinkedHashMap<>();
    for (Method m : methods) {
      String name = m.getName();
      if (skipped.contains(name)) {
        continue;
      }
      Function<Random, Object[]> generator = generators.get(name);
      if (generator == null) {
        failures.add(
            name
                + ": no point generator: add .points(\""
                + name
                + "\", rng -> new Object[] {...}) "
                + "or .skip(\""
                + name
                + "\")");
        continue;
      }
      Set<Check> done = EnumSet.noneOf(Check.class);
      checked.put(name, done);
      if (takesRecords(m)) {
        new RecordMethodCheck(m, companion, generator, failures, done).run();
      } else {
        new MethodCheck(m, companion, generator, failures, done).run();
      }
    }
    if (failures.count > 0) {
      throw new AssertionError(failures.report(model, seed));
    }
    return new Summary(model, pointsPerMethod, Collections.unmodifiableMap(checked));
  }

  // -----------------------------------------------------------------------------------------------
  // Discovery.

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

  /**
   * Whether the companion passes {@code m}'s records leaf by leaf: an instance method of a record,
   * or a method with a record parameter. Those are checked through their record forms ({@link
   * RecordMethodCheck}).
   */
  static boolean takesRecords(Method m) {
    if (!Modifier.isStatic(m.getModifiers())) {
      return true;
    }
    for (Class<?> type : m.getParameterTypes()) {
      if (type.isRecord()) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code p.Model} to {@code p.ModelAdjoint}, {@code p.Outer.Inner} to {@code
   * p.Outer_InnerAdjoint}.
   */
  static Class<?> companion(Class<?> model) {
    String pkg = model.getPackageName();
    String simple =
        model.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
    String name = (pkg.isEmpty() ? "" : pkg + ".") + simple + "Adjoint";
    try {
      return Class.forName(name, true, model.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "no companion class "
              + name
              + " for "
              + model.getName()
              + ": was it compiled with Adjoint's annotation processor?",
          e);
    }
  }

  private static Method find(Class<?> companion, String name, Class<?>[] prefix, int extra) {
    for (Method m : companion.getDeclaredMethods()) {
      Class<?>[] types = m.getParameterTypes();
      if (m.getName().equals(name)
          && Modifier.isStatic(m.getModifiers())
          && (extra < 0 ? types.length >= prefix.length : types.length == prefix.length + extra)
          && Arrays.equals(Arrays.copyOf(types, prefix.length), prefix)
          // the positional form, not the one into typed buffers (a class of the companion)
          && (types.length == 0 || types[types.length - 1].getEnclosingClass() != companion)) {
        m.setAccessible(true);
        return m;
      }
    }
    return null;
  }

  enum Kind {
    SCALAR,
    VECTOR,
    MATRIX,
    TENSOR;

    static Kind of(Class<?> type) {
      if (type == double.class) {
        return SCALAR;
      } else if (type == double[].class) {
        return VECTOR;
      } else if (type == double[][].class) {
        return MATRIX;
      } else if (type == Tensor.class) {
        return TENSOR;
      }
      return null;
    }
  }

  /**
   * The candidates for the indices of the differentiated parameters of {@code m}: one, unless
   * {@code wrt} names them and the class was compiled without parameter names, when every
   * subsequence of the parameters with the types the companion differentiates is a candidate.
   */
  static List<int[]> differentiated(Method m, Class<?>[] expected) {
    Parameter[] ps = m.getParameters();
    String[] wrt = m.getAnnotation(Differentiable.class).wrt();
    List<Integer> out = new ArrayList<>();
    if (wrt.length == 0) {
      for (int i = 0; i < ps.length; i++) {
        if (Kind.of(ps[i].getType()) != null) {
          out.add(i);
        }
      }
    } else if (ps.length > 0 && ps[0].isNamePresent()) {
      List<String> names = Arrays.asList(wrt);
      for (int i = 0; i < ps.length; i++) {
        if (names.contains(ps[i].getName()) && Kind.of(ps[i].getType()) != null) {
          out.add(i);
        }
      }
    } else if (expected != null) {
      List<int[]> matches = new ArrayList<>();
      subsequences(ps, expected, 0, 0, new int[expected.length], matches);
      if (matches.isEmpty()) {
        throw new IllegalArgumentException(
            "no parameters of "
                + m
                + " have the types its companion differentiates, "
                + Arrays.toString(expected));
      }
      return matches;
    } else {
      throw new IllegalArgumentException(m + ": compile with -parameters to check it");
    }
    return List.of(out.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void subsequences(
      Parameter[] ps, Class<?>[] types, int from, int k, int[] chosen, List<int[]> out) {
    if (k == types.length) {
      out.add(chosen.clone());
      return;
    }
    for (int i = from; i < ps.length && out.size() < 64; i++) {
      if (ps[i].getType() == types[k]) {
        chosen[k] = i;
        subsequences(ps, types, i + 1, k + 1, chosen, out);
      }
    }
  }

  // -----------------------------------------------------------------------------------------------
  // One method.

  private final class MethodCheck {
    final Method original;
    final String name;
    final boolean vector;
    final boolean tensorResult;
    int[] resultShape;
    final List<int[]> candidates;
    int[] diff;
    Kind[] kinds;
    final String[] paramNames;
    final Method gradient;
    final Method pullback;
    final Method jvp;
    final Method jacobian;
    final Method hessian;
    final Method hvp;
    final Function<Random, Object[]> generator;
    final boolean differences;
    final Failures failures;
    final Set<Check> done;
    String where = "";
    Failures failuresOverride;

    MethodCheck(
        Method original,
        Class<?> companion,
        Function<Random, Object[]> generator,
        Failures failures,
        Set<Check> done) {
      this.original = original;
      original.setAccessible(true);
      this.name = original.getName();
      this.generator = generator;
      this.differences = !noDifferences.contains(name);
      this.failures = failures;
      this.done = done;
      Class<?> returns = original.getReturnType();
      if (returns != double.class && returns != double[].class && returns != Tensor.class) {
        throw new IllegalArgumentException(
            original + " returns neither double, double[] nor Tensor");
      }
      // A Tensor result (a layer) is checked as a vector of its elements in row-major order.
      vector = returns != double.class;
      tensorResult = returns == Tensor.class;
      Class<?>[] params = original.getParameterTypes();
      gradient = vector ? null : find(companion, name + "Gradient", params, 0);
      jvp = find(companion, name + "Jvp", params, -1);
      Class<?>[] expected = null;
      if (gradient != null) {
        RecordComponent[] rc = gradient.getReturnType().getRecordComponents();
        expected = new Class<?>[rc.length - 1];
        for (int i = 1; i < rc.length; i++) {
          expected[i - 1] = rc[i].getType();
        }
      } else if (jvp != null) {
        expected =
            Arrays.copyOfRange(jvp.getParameterTypes(), params.length, jvp.getParameterCount());
      }
      candidates = new ArrayList<>(differentiated(original, expected));
      choose(candidates.get(0));
      if (expected != null && !Arrays.equals(expected, types(diff))) {
        throw new IllegalArgumentException(
            "the companion of "
                + original
                + " differentiates inputs of types "
                + Arrays.toString(expected)
                + ", but its annotation names "
                + Arrays.toString(types(diff)));
      }
      paramNames = new String[params.length];
      Parameter[] ps = original.getParameters();
      for (int i = 0; i < ps.length; i++) {
        paramNames[i] = ps[i].getName();
      }
      pullback = find(companion, name + "Pullback", params, -1);
      jacobian = vector ? find(companion, name + "Jacobian", params, 0) : null;
      hessian = vector ? null : find(companion, name + "Hessian", params, 0);
      hvp = vector ? null : find(companion, name + "Hvp", params, 1);
      if (gradient == null && pullback == null && jvp == null && jacobian == null) {
        throw new IllegalArgumentException(
            companion.getName() + " has no generated method for " + original);
      }
    }

    void choose(int[] indices) {
      diff = indices;
      kinds = new Kind[diff.length];
      for (int i = 0; i < diff.length; i++) {
        kinds[i] = Kind.of(original.getParameterTypes()[diff[i]]);
      }
    }

    Class<?>[] types(int[] indices) {
      Class<?>[] out = new Class<?>[indices.length];
      for (int i = 0; i < indices.length; i++) {
        out[i] = original.getParameterTypes()[indices[i]];
      }
      return out;
    }

    /**
     * Without parameter names, {@code wrt}'s parameters are those of the types the companion
     * differentiates; where that leaves a choice, those whose shapes the gradient's components have
     * at the first point, then those along which the gradient matches finite differences.
     */
    void resolve(Object[] args, Random rng) {
      if (candidates.size() == 1) {
        return;
      }
      if (gradient == null) {
        throw new IllegalArgumentException(
            original
                + " names its differentiated parameters (wrt)"
                + " but was compiled without parameter names, and their types do not tell which they"
                + " are: compile with -parameters");
      }
      Object record = call(gradient, args);
      RecordComponent[] rc = record.getClass().getRecordComponents();
      List<int[]> left = new ArrayList<>();
      for (int[] c : candidates) {
        boolean same = true;
        for (int i = 0; i < c.length && same; i++) {
          same = sameShape(args[c[i]], accessor(record, rc[i + 1]));
        }
        if (same) {
          left.add(c);
        }
      }
      if (left.size() > 1) {
        List<int[]> consistent = new ArrayList<>();
        for (int[] c : left) {
          choose(c);
          Layout layout = new Layout(args);
          double[] x = layout.flatten(args);
          double[] g = layout.flattenGradient(record);
          Failures probe = new Failures();
          failuresOverride = probe;
          try {
            checkAgainstDifferences(layout, args, x, g, new Random(seed));
          } finally {
            failuresOverride = null;
          }
          if (probe.count == 0) {
            consistent.add(c);
          }
        }
        if (consistent.isEmpty()) {
          StringBuilder choices = new StringBuilder();
          for (int[] c : left) {
            choices.append(choices.length() == 0 ? "" : " or ").append(describeChoice(c));
          }
          throw new Threw(
              "the gradient matches finite differences for none of the parameters"
                  + " that wrt can name ("
                  + choices
                  + "; the class has no parameter names): a wrong"
                  + " gradient, or compile with -parameters for a report by component");
        }
        left = consistent;
      }
      if (left.size() != 1) {
        throw new IllegalArgumentException(
            original
                + " names its differentiated parameters (wrt)"
                + " but was compiled without parameter names, and neither their types nor the"
                + " gradient tell which they are: compile with -parameters");
      }
      choose(left.get(0));
      candidates.clear();
      candidates.add(left.get(0));
    }

    String describeChoice(int[] c) {
      StringBuilder s = new StringBuilder("{");
      for (int i = 0; i < c.length; i++) {
        s.append(i > 0 ? ", " : "").append(paramNames[c[i]]);
      }
      return s.append('}').toString();
    }

    void run() {
      Random rng = new Random(seed * 1_000_003L + name.hashCode());
      for (int p = 0; p < pointsPerMethod; p++) {
        Object[] args;
        try {
          args = generator.apply(rng);
        } catch (RuntimeException e) {
          failures.add(name + ": the point generator threw " + e);
          return;
        }
        if (args == null || args.length != original.getParameterCount()) {
          failures.add(
              name
                  + ": the point generator gave "
                  + (args == null ? "null" : args.length + " arguments")
                  + ", "
                  + original.getName()
                  + " takes "
                  + original.getParameterCount());
          return;
        }
        where = name + ", point #" + p + " " + describe(args);
        if (p == 0) {
          try {
            resolve(args, rng);
          } catch (Threw e) {
            failures.add(where, e.getMessage());
            return;
          }
        }
        try {
          if (vector) {
            checkVector(args, rng);
          } else {
            checkScalar(args, rng);
          }
        } catch (Threw e) {
          failures.add(where, e.getMessage());
        }
        if (failures.count > Failures.MAX) {
          return;
        }
      }
    }

    // --- scalar-valued methods ---

    void checkScalar(Object[] args, Random rng) {
      Layout layout = new Layout(args);
      double[] x = layout.flatten(args);
      Object[] snapshot = deepCopy(args);
      double value = valueAt(layout, args, x);
      double[] g = null;
      if (gradient != null) {
        Object record = call(gradient, args);
        unchanged(gradient, args, snapshot);
        compareModes(
            "value of " + gradient.getName(),
            "",
            recordValue(record),
            value,
            Math.abs(value),
            Check.VALUE);
        g = layout.flattenGradient(record);
      }
      if (pullback != null) {
        double[] bars = checkPullback(layout, args, snapshot, value, g, rng);
        if (g == null) {
          g = bars;
        }
      }
      if (g != null && differences) {
        checkAgainstDifferences(layout, args, x, g, rng);
      }
      if (jvp != null) {
        for (int k = 0; k < directions; k++) {
          double[] d = gaussian(rng, x.length);
          Object record = call(jvp, concat(args, layout.tangents(d)));
          unchanged(jvp, args, snapshot);
          compareModes(
              "value of " + jvp.getName(),
              "",
              recordValue(record),
              value,
              Math.abs(value),
              Check.VALUE);
          double tangent = recordDouble(record, "tangent");
          if (g != null) {
            double dot = 0;
            double scale = Math.abs(tangent);
            for (int i = 0; i < x.length; i++) {
              dot += g[i] * d[i];
              scale += Math.abs(g[i] * d[i]);
            }
            compareModes(
                jvp.getName() + " against <gradient, d> (d random)",
                "direction " + k,
                tangent,
                dot,
                scale,
                Check.JVP);
          }
          if (differences) {
            directional(
                layout,
                args,
                x,
                d,
                "fJvp along a random direction",
                "direction " + k,
                new double[] {tangent},
                Check.JVP);
          }
        }
      }
      if (hessian != null && g != null) {
        checkHessian(layout, args, snapshot, x, rng);
      }
    }

    double[] checkPullback(
        Layout layout, Object[] args, Object[] snapshot, double value, double[] g, Random rng) {
      double s = 0.5 + rng.nextDouble();
      Object[] buffers = layout.zeroBuffers();
      double v = ((Number) call(pullback, concat(args, new Object[] {s}, buffers))).doubleValue();
      unchanged(pullback, args, snapshot);
      compareModes("value of " + pullback.getName(), "", v, value, Math.abs(value), Check.VALUE);
      double[] once = layout.flattenBuffers(buffers);
      call(pullback, concat(args, new Object[] {s}, buffers));
      double[] twice = layout.flattenBuffers(buffers);
      for (int i = 0; i < once.length; i++) {
        compareModes(
            pullback.getName() + " called twice adds twice",
            layout.component(i),
            twice[i],
            2 * once[i],
            Math.abs(2 * once[i]),
            Check.PULLBACK);
        if (g != null) {
          compareModes(
              pullback.getName() + " (seed " + s + ") against seed * gradient",
              layout.component(i),
              once[i],
              s * g[i],
              Math.abs(s * g[i]),
              Check.PULLBACK);
        }
      }
      double[] unseeded = new double[once.length];
      for (int i = 0; i < once.length; i++) {
        unseeded[i] = once[i] / s;
      }
      return unseeded;
    }

    void checkAgainstDifferences(Layout layout, Object[] args, double[] x, double[] g, Random rng) {
      for (int i : columns(x.length, rng)) {
        double h = eps * Math.max(1, Math.abs(x[i]));
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[i] += h;
        minus[i] -= h;
        double fp = valueAt(layout, args, plus);
        double fm = valueAt(layout, args, minus);
        double numeric = (fp - fm) / (2 * h);
        compareDifference(
            "gradient against finite differences",
            layout.component(i),
            g[i],
            numeric,
            (Math.abs(fp) + Math.abs(fm)) / (2 * h),
            Check.GRADIENT);
      }
      for (int k = 0; k < directions; k++) {
        double[] d = gaussian(rng, x.length);
        double dot = 0;
        for (int i = 0; i < x.length; i++) {
          dot += g[i] * d[i];
        }
        directional(
            layout,
            args,
            x,
            d,
            "<gradient, d> against finite differences along d",
            "direction " + k,
            new double[] {dot},
            Check.GRADIENT);
      }
    }

    void checkHessian(Layout layout, Object[] args, Object[] snapshot, double[] x, Random rng) {
      double[][] hess = (double[][]) call(hessian, args);
      unchanged(hessian, args, snapshot);
      int n = x.length;
      if (hess.length != n) {
        failures.add(where, hessian.getName() + " has " + hess.length + " rows, the inputs " + n);
        return;
      }
      for (int j : differences ? columns(n, rng) : List.<Integer>of()) {
        double h = eps * Math.max(1, Math.abs(x[j]));
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[j] += h;
        minus[j] -= h;
        double[] gp = gradientAt(layout, args, plus);
        double[] gm = gradientAt(layout, args, minus);
        for (int i = 0; i < n; i++) {
          double numeric = (gp[i] - gm[i]) / (2 * h);
          compareDifference(
              "Hessian against finite differences of the gradient",
              "d/d" + layout.component(i) + " d/d" + layout.component(j),
              hess[i][j],
              numeric,
              (Math.abs(gp[i]) + Math.abs(gm[i])) / (2 * h),
              Check.HESSIAN);
        }
      }
      if (hvp != null) {
        for (int k = 0; k < directions; k++) {
          double[] v = gaussian(rng, n);
          double[] hv = (double[]) call(hvp, concat(args, new Object[] {v.clone()}));
          unchanged(hvp, args, snapshot);
          for (int i = 0; i < n; i++) {
            double dot = 0;
            double scale = Math.abs(hv[i]);
            for (int j = 0; j < n; j++) {
              dot += hess[i][j] * v[j];
              scale += Math.abs(hess[i][j] * v[j]);
            }
            compareModes(
                hvp.getName() + " against Hessian times v",
                layout.component(i) + ", v #" + k,
                hv[i],
                dot,
                scale,
                Check.HVP);
          }
        }
      }
    }

    double[] gradientAt(Layout layout, Object[] args, double[] x) {
      Object[] at = layout.withFlat(args, x);
      if (gradient != null) {
        return layout.flattenGradient(call(gradient, at));
      }
      Object[] buffers = layout.zeroBuffers();
      call(pullback, concat(at, new Object[] {1.0}, buffers));
      return layout.flattenBuffers(buffers);
    }

    // --- vector-valued methods ---

    void checkVector(Object[] args, Random rng) {
      Layout layout = new Layout(args);
      double[] x = layout.flatten(args);
      Object[] snapshot = deepCopy(args);
      resultShape = null; // this point's, which the differences around it must keep
      double[] value = vectorAt(layout, args, x);
      int m = value.length;
      int n = x.length;
      double[][] jac = null;
      if (jacobian != null) {
        jac = (double[][]) call(jacobian, args);
        unchanged(jacobian, args, snapshot);
        if (jac.length != m || (m > 0 && jac[0].length != n)) {
          failures.add(
              where,
              jacobian.getName()
                  + " is "
                  + jac.length
                  + " x "
                  + (jac.length > 0 ? jac[0].length : 0)
                  + ", expected "
                  + m
                  + " x "
                  + n);
          return;
        }
        for (int j : differences ? columns(n, rng) : List.<Integer>of()) {
          double h = eps * Math.max(1, Math.abs(x[j]));
          double[] plus = x.clone();
          double[] minus = x.clone();
          plus[j] += h;
          minus[j] -= h;
          double[] fp = vectorAt(layout, args, plus);
          double[] fm = vectorAt(layout, args, minus);
          for (int i = 0; i < m; i++) {
            compareDifference(
                "Jacobian against finite differences",
                "output " + i + ", d/d" + layout.component(j),
                jac[i][j],
                (fp[i] - fm[i]) / (2 * h),
                (Math.abs(fp[i]) + Math.abs(fm[i])) / (2 * h),
                Check.JACOBIAN);
          }
        }
      }
      for (int k = 0; k < directions; k++) {
        double[] d = gaussian(rng, n);
        double[] s = gaussian(rng, m);
        double[] jd = null;
        if (jvp != null) {
          Object record = call(jvp, concat(args, layout.tangents(d)));
          unchanged(jvp, args, snapshot);
          double[] v = elements(recordComponent(record, "value"));
          jd = elements(recordComponent(record, "tangent"));
          for (int i = 0; i < m; i++) {
            compareModes(
                "value of " + jvp.getName(),
                "output " + i,
                v[i],
                value[i],
                Math.abs(value[i]),
                Check.VALUE);
            if (jac != null) {
              double dot = 0;
              double scale = Math.abs(jd[i]);
              for (int j = 0; j < n; j++) {
                dot += jac[i][j] * d[j];
                scale += Math.abs(jac[i][j] * d[j]);
              }
              compareModes(
                  jvp.getName() + " against Jacobian times d",
                  "output " + i + ", direction " + k,
                  jd[i],
                  dot,
                  scale,
                  Check.JVP);
            }
          }
          if (differences) {
            directional(
                layout,
                args,
                x,
                d,
                jvp.getName() + " against finite differences along d",
                "direction " + k,
                jd,
                Check.JVP);
          }
        }
        if (pullback != null) {
          Object[] buffers = layout.zeroBuffers();
          Object seedArg = tensorResult ? Tensor.of(s.clone(), resultShape) : s.clone();
          double[] v = elements(call(pullback, concat(args, new Object[] {seedArg}, buffers)));
          unchanged(pullback, args, snapshot);
          for (int i = 0; i < m; i++) {
            compareModes(
                "value of " + pullback.getName(),
                "output " + i,
                v[i],
                value[i],
                Math.abs(value[i]),
                Check.VALUE);
          }
          double[] sj = layout.flattenBuffers(buffers);
          if (jac != null) {
            for (int j = 0; j < n; j++) {
              double dot = 0;
              double scale = Math.abs(sj[j]);
              for (int i = 0; i < m; i++) {
                dot += s[i] * jac[i][j];
                scale += Math.abs(s[i] * jac[i][j]);
              }
              compareModes(
                  pullback.getName() + " against seed times Jacobian",
                  layout.component(j) + ", seed " + k,
                  sj[j],
                  dot,
                  scale,
                  Check.PULLBACK);
            }
          }
          if (jac == null && jd == null && differences) {
            // Nothing else checks the pullback: <s, J d> by differences of <s, f> along d.
            double sjd = 0;
            for (int j = 0; j < n; j++) {
              sjd += sj[j] * d[j];
            }
            directionalOfSeeded(
                layout,
                args,
                x,
                d,
                s,
                "<" + pullback.getName() + "(s), d> against finite differences of <s, f> along d",
                "direction " + k,
                sjd);
          }
          if (jd != null) {
            double left = 0;
            double right = 0;
            double scale = 0;
            for (int j = 0; j < n; j++) {
              left += sj[j] * d[j];
              scale += Math.abs(sj[j] * d[j]);
            }
            for (int i = 0; i < m; i++) {
              right += s[i] * jd[i];
              scale += Math.abs(s[i] * jd[i]);
            }
            compareModes(
                "<" + pullback.getName() + "(s), d> against <s, " + jvp.getName() + "(d)>",
                "direction " + k,
                left,
                right,
                scale,
                Check.PULLBACK);
          }
        }
      }
    }

    // --- finite differences along a direction ---

    /** {@code <s, f>}'s derivative along d by central differences, against {@code analytic}. */
    void directionalOfSeeded(
        Layout layout,
        Object[] args,
        double[] x,
        double[] d,
        double[] s,
        String what,
        String component,
        double analytic) {
      double dmax = 0;
      double[] scales = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        scales[i] = Math.max(1, Math.abs(x[i]));
        dmax = Math.max(dmax, Math.abs(d[i]));
      }
      if (dmax == 0) {
        return;
      }
      Arrays.sort(scales);
      double h = eps * scales[scales.length / 2] / dmax;
      double[] plus = x.clone();
      double[] minus = x.clone();
      for (int i = 0; i < x.length; i++) {
        plus[i] += h * d[i];
        minus[i] -= h * d[i];
      }
      double[] fp = vectorAt(layout, args, plus);
      double[] fm = vectorAt(layout, args, minus);
      double sp = 0;
      double sm = 0;
      for (int i = 0; i < fp.length; i++) {
        sp += s[i] * fp[i];
        sm += s[i] * fm[i];
      }
      compareDifference(
          what,
          component,
          analytic,
          (sp - sm) / (2 * h),
          (Math.abs(sp) + Math.abs(sm)) / (2 * h),
          Check.PULLBACK);
    }

    void directional(
        Layout layout,
        Object[] args,
        double[] x,
        double[] d,
        String what,
        String component,
        double[] analytic,
        Check check) {
      // The step: eps times the typical (median) magnitude of the inputs, at least 1, for the
      // largest entry of d. (Their largest magnitude would make the step too long for inputs of
      // mixed scales, such as a camera's rotation next to its focal length.)
      double[] scales = new double[x.length];
      double dmax = 0;
      for (int i = 0; i < x.length; i++) {
        scales[i] = Math.max(1, Math.abs(x[i]));
        dmax = Math.max(dmax, Math.abs(d[i]));
      }
      if (dmax == 0) {
        return;
      }
      Arrays.sort(scales);
      double h = eps * scales[scales.length / 2] / dmax;
      double[] plus = x.clone();
      double[] minus = x.clone();
      for (int i = 0; i < x.length; i++) {
        plus[i] += h * d[i];
        minus[i] -= h * d[i];
      }
      double[] fp =
          vector ? vectorAt(layout, args, plus) : new double[] {valueAt(layout, args, plus)};
      double[] fm =
          vector ? vectorAt(layout, args, minus) : new double[] {valueAt(layout, args, minus)};
      for (int i = 0; i < fp.length; i++) {
        compareDifference(
            what,
            (vector ? "output " + i + ", " : "") + component,
            analytic[i],
            (fp[i] - fm[i]) / (2 * h),
            (Math.abs(fp[i]) + Math.abs(fm[i])) / (2 * h),
            check);
      }
    }

    // --- comparisons ---

    Failures sink() {
      return failuresOverride != null ? failuresOverride : failures;
    }

    void compareDifference(
        String what, String component, double analytic, double numeric, double noise, Check check) {
      done.add(check);
      double error = Math.abs(analytic - numeric);
      double allowed = atol + rtol * Math.abs(numeric) + rounding * noise;
      if (!(error <= allowed)) {
        sink()
            .add(
                where,
                String.format(
                    "%s, %s: analytic %.12g, numeric %.12g, error %.3g > " + "allowed %.3g",
                    what, component, analytic, numeric, error, allowed));
      }
    }

    void compareModes(
        String what, String component, double value, double reference, double scale, Check check) {
      done.add(check);
      double error = Math.abs(value - reference);
      double allowed = modesRtol * (scale + Math.abs(value)) + modesAtol;
      boolean same = Double.compare(value, reference) == 0; // NaN or infinity in both
      if (!same && !(error <= allowed)) {
        failures.add(
            where,
            String.format(
                "%s%s: analytic %.17g, reference %.17g, error %.3g > " + "allowed %.3g",
                what,
                component.isEmpty() ? "" : ", " + component,
                value,
                reference,
                error,
                allowed));
      }
    }

    void unchanged(Method generated, Object[] args, Object[] snapshot) {
      done.add(Check.INPUTS_UNCHANGED);
      for (int i = 0; i < args.length; i++) {
        String change = difference(snapshot[i], args[i], paramNames[i]);
        if (change != null) {
          failures.add(where, generated.getName() + " changed its argument " + change);
          // Put the point back, so that the other checks see the point that was generated.
          restore(snapshot[i], args[i]);
        }
      }
    }

    // --- calls ---

    double valueAt(Layout layout, Object[] args, double[] x) {
      Object[] at = deepCopy(layout.withFlat(args, x));
      return ((Number) callOriginal(at)).doubleValue();
    }

    double[] vectorAt(Layout layout, Object[] args, double[] x) {
      Object value = callOriginal(deepCopy(layout.withFlat(args, x)));
      if (value instanceof Tensor t) {
        if (resultShape == null) {
          resultShape = t.shape();
        } else if (!Arrays.equals(resultShape, t.shape())) {
          throw new Threw(
              original.getName()
                  + " returned a tensor of shape "
                  + Arrays.toString(t.shape())
                  + " where it returned "
                  + Arrays.toString(resultShape));
        }
      }
      return elements(value);
    }

    /** A vector result's elements: the array, or a tensor's elements in row-major order. */
    double[] elements(Object value) {
      return value instanceof Tensor t ? t.toArray() : (double[]) value;
    }

    Object callOriginal(Object[] at) {
      try {
        return original.invoke(null, at);
      } catch (InvocationTargetException e) {
        throw new Threw(original.getName() + " threw " + e.getCause());
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        throw new Threw("cannot call " + original + " with " + describe(at) + ": " + e);
      }
    }

    List<Integer> columns(int n, Random rng) {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(i);
      }
      if (n > maxColumns) {
        Collections.shuffle(all, rng);
        all = new ArrayList<>(all.subList(0, maxColumns));
        Collections.sort(all);
      }
      return all;
    }

    String describe(Object[] args) {
      StringBuilder s = new StringBuilder("(");
      for (int i = 0; i < args.length; i++) {
        if (i > 0) {
          s.append(", ");
        }
        s.append(i < paramNames.length ? paramNames[i] : "arg" + i)
            .append(" = ")
            .append(show(args[i]));
      }
      return s.append(')').toString();
    }

    // --- the differentiated inputs, flattened ---

    /** The shapes of the differentiated inputs at one point. */
    final class Layout {
      final Object[] like = new Object[diff.length];
      final int[] offsets = new int[diff.length + 1];
      final int scalars;

      Layout(Object[] args) {
        int n = 0;
        int s = 0;
        for (int i = 0; i < diff.length; i++) {
          Object a = args[diff[i]];
          if (a == null) {
            throw new Threw("argument " + paramNames[diff[i]] + " is null");
          }
          like[i] = a;
          offsets[i] = n;
          switch (kinds[i]) {
            case SCALAR -> {
              n += 1;
              s++;
            }
            case VECTOR -> n += ((double[]) a).length;
            case MATRIX -> n += Flat.size((double[][]) a);
            case TENSOR -> n += ((Tensor) a).size();
          }
        }
        offsets[diff.length] = n;
        scalars = s;
      }

      int size() {
        return offsets[diff.length];
      }

      double[] flatten(Object[] args) {
        double[] flat = new double[size()];
        for (int i = 0; i < diff.length; i++) {
          write(kinds[i], args[diff[i]], flat, offsets[i]);
        }
        return flat;
      }

      Object[] withFlat(Object[] args, double[] flat) {
        Object[] out = args.clone();
        Object[] parts = tangents(flat);
        for (int i = 0; i < diff.length; i++) {
          out[diff[i]] = parts[i];
        }
        return out;
      }

      /** Fresh values shaped like the differentiated inputs, read from {@code flat}. */
      Object[] tangents(double[] flat) {
        Object[] out = new Object[diff.length];
        for (int i = 0; i < diff.length; i++) {
          int off = offsets[i];
          out[i] =
              switch (kinds[i]) {
                case SCALAR -> flat[off];
                case VECTOR -> Arrays.copyOfRange(flat, off, off + ((double[]) like[i]).length);
                case MATRIX -> {
                  double[][] m = (double[][]) like[i];
                  double[][] copy = new double[m.length][];
                  for (int r = 0; r < m.length; r++) {
                    copy[r] = new double[m[r].length];
                  }
                  Flat.read(flat, off, copy);
                  yield copy;
                }
                case TENSOR -> Flat.read(flat, off, (Tensor) like[i]);
              };
        }
        return out;
      }

      double[] flattenGradient(Object record) {
        double[] flat = new double[size()];
        RecordComponent[] rc = record.getClass().getRecordComponents();
        if (rc.length != diff.length + 1) {
          throw new Threw(
              "the gradient record has "
                  + rc.length
                  + " components, expected "
                  + (diff.length + 1));
        }
        for (int i = 0; i < diff.length; i++) {
          Object component = accessor(record, rc[i + 1]);
          if (component == null && kinds[i] != Kind.TENSOR) {
            throw new Threw("the gradient's component " + rc[i + 1].getName() + " is null");
          }
          checkShape(component, i, "the gradient's component " + rc[i + 1].getName());
          write(kinds[i], component, flat, offsets[i]);
        }
        return flat;
      }

      /** The pullback's buffers: {@code adjoint} if a double is differentiated, then the bars. */
      Object[] zeroBuffers() {
        List<Object> out = new ArrayList<>();
        if (scalars > 0) {
          out.add(new double[scalars]);
        }
        for (int i = 0; i < diff.length; i++) {
          switch (kinds[i]) {
            case SCALAR -> {}
            case VECTOR -> out.add(new double[((double[]) like[i]).length]);
            case MATRIX -> {
              double[][] m = (double[][]) like[i];
              double[][] zero = new double[m.length][];
              for (int r = 0; r < m.length; r++) {
                zero[r] = new double[m[r].length];
              }
              out.add(zero);
            }
            case TENSOR -> out.add(new Tensor[1]);
          }
        }
        return out.toArray();
      }

      double[] flattenBuffers(Object[] buffers) {
        double[] flat = new double[size()];
        int b = 0;
        double[] adjoint = scalars > 0 ? (double[]) buffers[b++] : null;
        int s = 0;
        for (int i = 0; i < diff.length; i++) {
          if (kinds[i] == Kind.SCALAR) {
            flat[offsets[i]] = adjoint[s++];
          } else {
            Object bar = buffers[b++];
            if (kinds[i] == Kind.TENSOR) {
              bar = ((Tensor[]) bar)[0];
              checkShape(bar, i, "the pullback's buffer for " + paramNames[diff[i]]);
            }
            write(kinds[i], bar, flat, offsets[i]);
          }
        }
        return flat;
      }

      void checkShape(Object value, int i, String what) {
        if (kinds[i] == Kind.TENSOR
            && value != null
            && !Arrays.equals(((Tensor) value).shape(), ((Tensor) like[i]).shape())) {
          throw new Threw(
              what
                  + " has shape "
                  + Arrays.toString(((Tensor) value).shape())
                  + ", the input "
                  + Arrays.toString(((Tensor) like[i]).shape()));
        }
        if (kinds[i] == Kind.VECTOR && ((double[]) value).length != ((double[]) like[i]).length) {
          throw new Threw(
              what
                  + " has "
                  + ((double[]) value).length
                  + " elements, the input "
                  + ((double[]) like[i]).length);
        }
      }

      /** The name of the flattened input {@code k}: {@code b}, {@code x[3]}, {@code w[1][2]}. */
      String component(int k) {
        int i = 0;
        while (offsets[i + 1] <= k) {
          i++;
        }
        String p = paramNames[diff[i]];
        int local = k - offsets[i];
        switch (kinds[i]) {
          case SCALAR:
            return p;
          case VECTOR:
            return p + "[" + local + "]";
          case MATRIX:
            double[][] m = (double[][]) like[i];
            int r = 0;
            while (local >= m[r].length) {
              local -= m[r].length;
              r++;
            }
            return p + "[" + r + "][" + local + "]";
          default:
            int[] shape = ((Tensor) like[i]).shape();
            int[] index = new int[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
              index[d] = local % shape[d];
              local /= shape[d];
            }
            StringBuilder s = new StringBuilder(p);
            for (int d : index) {
              s.append('[').append(d).append(']');
            }
            return s.toString();
        }
      }
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Helpers.

  /** A generated method threw, or returned something malformed: reported, the point abandoned. */
  /**
   * Checks a method over records (an instance method of a record, or one with record parameters)
   * through the forms of its companion that take and return records: {@code fGradient}'s value
   * against the method's, its gradient (records of the arguments' types, leaf by leaf) against
   * central differences, and {@code fJvp} along random directions of the same shapes against the
   * central difference along them and against the gradient. The point generator gives the receiver
   * first for an instance method.
   */
  private final class RecordMethodCheck {
    final Method original;
    final String name;
    final boolean instance;
    final Class<?>[] params;
    final Method gradient;
    final Method jvp;
    final int[] diff;
    final Function<Random, Object[]> generator;
    final Failures failures;
    final Set<Check> done;
    String where = "";

    RecordMethodCheck(
        Method original,
        Class<?> companion,
        Function<Random, Object[]> generator,
        Failures failures,
        Set<Check> done) {
      this.original = original;
      original.setAccessible(true);
      this.name = original.getName();
      this.generator = generator;
      this.failures = failures;
      this.done = done;
      instance = !Modifier.isStatic(original.getModifiers());
      Class<?>[] declared = original.getParameterTypes();
      params = new Class<?>[declared.length + (instance ? 1 : 0)];
      if (instance) {
        params[0] = original.getDeclaringClass();
      }
      System.arraycopy(declared, 0, params, instance ? 1 : 0, declared.length);
      gradient = find(companion, name + "Gradient", params, 0);
      Method tangents = null;
      for (Method m : companion.getDeclaredMethods()) {
        Class<?>[] types = m.getParameterTypes();
        if (m.getName().equals(name + "Jvp")
            && Modifier.isStatic(m.getModifiers())
            && types.length > params.length
            && Arrays.equals(Arrays.copyOf(types, params.length), params)) {
          tangents = m;
        }
      }
      jvp = tangents;
      Class<?>[] expected;
      if (gradient != null) {
        RecordComponent[] rc = gradient.getReturnType().getRecordComponents();
        expected = new Class<?>[rc.length - 1];
        for (int i = 1; i < rc.length; i++) {
          expected[i - 1] = rc[i].getType();
        }
      } else if (jvp != null) {
        expected =
            Arrays.copyOfRange(jvp.getParameterTypes(), params.length, jvp.getParameterCount());
      } else {
        throw new IllegalArgumentException(
            companion.getName() + " has no record form of the gradient or jvp of " + original);
      }
      // The differentiated arguments, in declaration order, have the components' types in order.
      diff = new int[expected.length];
      int k = 0;
      for (int i = 0; i < params.length && k < expected.length; i++) {
        if (params[i] == expected[k]) {
          diff[k++] = i;
        }
      }
      if (k != expected.length) {
        throw new IllegalArgumentException(
            "the companion of "
                + original
                + " differentiates arguments of types "
                + Arrays.toString(expected)
                + ", which its parameters do not have in that order");
      }
    }

    void run() {
      Random rng = new Random(seed * 1_000_003L + name.hashCode());
      for (int p = 0; p < pointsPerMethod; p++) {
        Object[] args;
        try {
          args = generator.apply(rng);
        } catch (RuntimeException e) {
          failures.add(name + ": the point generator threw " + e);
          return;
        }
        if (args == null || args.length != params.length) {
          failures.add(
              name
                  + ": the point generator gave "
                  + (args == null ? "null" : args.length + " arguments")
                  + ", "
                  + name
                  + " takes "
                  + params.length
                  + (instance ? " (the receiver first)" : ""));
          return;
        }
        where = name + ", point #" + p;
        try {
          double[] g = gradient == null ? null : checkGradient(args);
          if (jvp != null) {
            checkJvp(args, g, rng);
          }
        } catch (Threw e) {
          failures.add(where, e.getMessage());
        }
        if (failures.count > Failures.MAX) {
          return;
        }
      }
    }

    /** The gradient against central differences; returns it flattened over the leaves. */
    double[] checkGradient(Object[] args) {
      Object record = call(gradient, args);
      double value = invoke(args);
      done.add(Check.VALUE);
      double v = recordValue(record);
      if (!(Math.abs(v - value) <= modesRtol * (Math.abs(value) + Math.abs(v)) + modesAtol)
          && Double.compare(v, value) != 0) {
        failures.add(
            where, "value of " + gradient.getName() + ": " + v + ", the method's " + value);
      }
      RecordComponent[] rc = record.getClass().getRecordComponents();
      List<Object> inputs = new ArrayList<>();
      List<Object> components = new ArrayList<>();
      for (int k = 0; k < diff.length; k++) {
        inputs.addAll(leavesOf(args[diff[k]]));
        components.addAll(leavesOf(accessor(record, rc[k + 1])));
      }
      GradCheck.Result r =
          GradCheck.checkGradients(
              in -> invoke(rebuild(args, in)),
              in -> leavesOfGradient(call(gradient, rebuild(args, in))),
              eps,
              atol,
              rtol,
              inputs.toArray());
      done.add(Check.GRADIENT);
      if (!r.passed()) {
        failures.add(where, gradient.getName() + " against central differences: " + r.report());
      }
      return flat(components);
    }

    /** fJvp along random directions: against the difference along them, and the gradient. */
    void checkJvp(Object[] args, double[] g, Random rng) {
      for (int d = 0; d < directions; d++) {
        Object[] dirs = new Object[diff.length];
        Object[] at = new Object[params.length + diff.length];
        System.arraycopy(args, 0, at, 0, params.length);
        List<Object> dirLeaves = new ArrayList<>();
        for (int k = 0; k < diff.length; k++) {
          dirs[k] = randomLike(args[diff[k]], rng);
          at[params.length + k] = dirs[k];
          dirLeaves.addAll(leavesOf(dirs[k]));
        }
        double[] flatDir = flat(dirLeaves);
        Object record = call(jvp, at);
        Object tangent = accessor(record, record.getClass().getRecordComponents()[1]);
        double h = eps;
        Object plus = invokeAny(shifted(args, dirs, h));
        Object minus = invokeAny(shifted(args, dirs, -h));
        double[] t = flat(List.of(tangent));
        double[] up = flat(List.of(plus));
        double[] down = flat(List.of(minus));
        done.add(Check.JVP);
        for (int e = 0; e < t.length; e++) {
          double numeric = (up[e] - down[e]) / (2 * h);
          if (!(Math.abs(t[e] - numeric) <= atol + rtol * Math.abs(numeric))) {
            failures.add(
                where,
                String.format(
                    "%s, direction %d, element %d: tangent %.17g, central difference %.17g",
                    jvp.getName(), d, e, t[e], numeric));
          }
        }
        if (g != null) {
          double dot = 0;
          double scale = 0;
          for (int i = 0; i < g.length; i++) {
            dot += g[i] * flatDir[i];
            scale += Math.abs(g[i] * flatDir[i]);
          }
          if (!(Math.abs(t[0] - dot) <= modesRtol * (scale + Math.abs(t[0])) + modesAtol)) {
            failures.add(
                where,
                String.format(
                    "%s, direction %d: tangent %.17g, gradient · direction %.17g",
                    jvp.getName(), d, t[0], dot));
          }
        }
      }
    }

    /** The arguments with each differentiated one moved by {@code h} times its direction. */
    Object[] shifted(Object[] args, Object[] dirs, double h) {
      Object[] out = args.clone();
      for (int k = 0; k < diff.length; k++) {
        out[diff[k]] = axpy(args[diff[k]], h, dirs[k]);
      }
      return out;
    }

    /** The arguments with the differentiated ones rebuilt from a flat list of leaves. */
    Object[] rebuild(Object[] args, GradCheck.Inputs in) {
      Object[] out = args.clone();
      int next = 0;
      for (int k = 0; k < diff.length; k++) {
        Object arg = args[diff[k]];
        if (arg instanceof Record r) {
          int n = Records.leaves(r).size();
          List<Object> leaves = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            leaves.add(in.get(next++));
          }
          out[diff[k]] = Records.withLeaves(r, leaves);
        } else {
          out[diff[k]] = in.get(next++);
        }
      }
      return out;
    }

    List<Object> leavesOfGradient(Object record) {
      RecordComponent[] rc = record.getClass().getRecordComponents();
      List<Object> out = new ArrayList<>();
      for (int k = 0; k < diff.length; k++) {
        out.addAll(leavesOf(accessor(record, rc[k + 1])));
      }
      return out;
    }

    double invoke(Object[] args) {
      return (Double) invokeAny(args);
    }

    Object invokeAny(Object[] args) {
      try {
        return instance
            ? original.invoke(args[0], Arrays.copyOfRange(args, 1, args.length))
            : original.invoke(null, args);
      } catch (InvocationTargetException e) {
        throw new Threw(name + " threw " + e.getCause());
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        throw new Threw("cannot call " + original + ": " + e);
      }
    }
  }

  /** Calls a generated (static) method; what it throws becomes a reported failure. */
  private static Object call(Method generated, Object[] at) {
    try {
      return generated.invoke(null, at);
    } catch (InvocationTargetException e) {
      throw new Threw(generated.getName() + " threw " + e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new Threw("cannot call " + generated + ": " + e);
    }
  }

  /** A record's leaves ({@link Records#leaves}), or a single value as a list of itself. */
  private static List<Object> leavesOf(Object value) {
    return value instanceof Record r ? Records.leaves(r) : List.of(value);
  }

  /**
   * The elements of {@code values} (doubles, arrays, matrices row by row, tensors), one after the
   * other, laid out by {@link #write} as the checks lay out a method's inputs.
   */
  private static double[] flat(List<Object> values) {
    Kind[] kinds = new Kind[values.size()];
    int n = 0;
    for (int i = 0; i < kinds.length; i++) {
      Object v = values.get(i);
      kinds[i] = v instanceof Double ? Kind.SCALAR : Kind.of(v.getClass());
      if (kinds[i] == null) {
        throw new Threw("cannot read " + v + " as numbers");
      }
      n += flatSize(kinds[i], v);
    }
    double[] out = new double[n];
    int offset = 0;
    for (int i = 0; i < kinds.length; i++) {
      write(kinds[i], values.get(i), out, offset);
      offset += flatSize(kinds[i], values.get(i));
    }
    return out;
  }

  private static int flatSize(Kind kind, Object value) {
    return switch (kind) {
      case SCALAR -> 1;
      case VECTOR -> Flat.size((double[]) value);
      case MATRIX -> Flat.size((double[][]) value);
      case TENSOR -> Flat.size((Tensor) value);
    };
  }

  /** {@code x + a·d}, leaf by leaf for records (their data components are x's). */
  private static Object axpy(Object x, double a, Object d) {
    if (x instanceof Record r) {
      List<Object> xs = Records.leaves(r);
      List<Object> ds = Records.leaves((Record) d);
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < xs.size(); i++) {
        out.add(axpy(xs.get(i), a, ds.get(i)));
      }
      return Records.withLeaves(r, out);
    } else if (x instanceof Double v) {
      return v + a * (Double) d;
    } else if (x instanceof double[] v) {
      double[] out = v.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] += a * ((double[]) d)[i];
      }
      return out;
    } else if (x instanceof double[][] m) {
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = (double[]) axpy(m[i], a, ((double[][]) d)[i]);
      }
      return out;
    } else if (x instanceof Tensor t) {
      return t.add(((Tensor) d).mul(a));
    }
    throw new Threw("cannot move " + x + " along a direction");
  }

  /** Gaussian numbers in the shape of {@code like} (a record's data components are like's). */
  private static Object randomLike(Object like, Random rng) {
    if (like instanceof Record r) {
      List<Object> out = new ArrayList<>();
      for (Object leaf : Records.leaves(r)) {
        out.add(randomLike(leaf, rng));
      }
      return Records.withLeaves(r, out);
    } else if (like instanceof Double) {
      return rng.nextGaussian();
    } else if (like instanceof double[] v) {
      return gaussian(rng, v.length);
    } else if (like instanceof double[][] m) {
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = gaussian(rng, m[i].length);
      }
      return out;
    } else if (like instanceof Tensor t) {
      return Tensor.of(gaussian(rng, t.toArray().length), t.shape());
    }
    throw new Threw("cannot draw a direction like " + like);
  }

  private static final class Threw extends RuntimeException {
    Threw(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Failures {
    static final int MAX = 40;
    final List<String> lines = new ArrayList<>();
    int count;
    int dropped;
    String lastWhere;

    void add(String line) {
      count++;
      lastWhere = null;
      if (lines.size() < MAX) {
        lines.add(line);
      } else {
        dropped++;
      }
    }

    /** A mismatch at {@code where} (method and point), grouped under it. */
    void add(String where, String detail) {
      count++;
      if (lines.size() >= MAX) {
        dropped++;
      } else if (where.equals(lastWhere)) {
        int last = lines.size() - 1;
        lines.set(last, lines.get(last) + "\n    " + detail);
      } else {
        lines.add(where + ":\n    " + detail);
        lastWhere = where;
      }
    }

    String report(Class<?> model, long seed) {
      StringBuilder s =
          new StringBuilder("AdjointCheck of ")
              .append(model.getName())
              .append(" (seed ")
              .append(seed)
              .append("): ")
              .append(count)
              .append(count == 1 ? " problem" : " problems");
      for (String line : lines) {
        s.append("\n  ").append(line);
      }
      if (dropped > 0) {
        s.append("\n  ... and ").append(dropped).append(" more (not shown)");
      }
      return s.toString();
    }
  }

  private static void write(Kind kind, Object value, double[] flat, int offset) {
    switch (kind) {
      case SCALAR -> flat[offset] = ((Number) value).doubleValue();
      case VECTOR -> Flat.write((double[]) value, flat, offset);
      case MATRIX -> Flat.write((double[][]) value, flat, offset);
      case TENSOR -> {
        if (value != null) {
          Flat.write((Tensor) value, (Tensor) value, flat, offset);
        }
      }
    }
  }

  private static Object accessor(Object record, RecordComponent component) {
    try {
      Method m = component.getAccessor();
      m.setAccessible(true);
      return m.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new Threw("cannot read " + component + ": " + e);
    }
  }

  private static Object recordComponent(Object record, String name) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return accessor(record, c);
      }
    }
    throw new Threw(record.getClass().getName() + " has no component " + name);
  }

  private static double recordValue(Object record) {
    return recordDouble(record, "value");
  }

  private static double recordDouble(Object record, String name) {
    return ((Number) recordComponent(record, name)).doubleValue();
  }

  private static double[] gaussian(Random rng, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = rng.nextGaussian();
    }
    return d;
  }

  private static Object[] concat(Object[]... parts) {
    int n = 0;
    for (Object[] p : parts) {
      n += p.length;
    }
    Object[] out = new Object[n];
    int k = 0;
    for (Object[] p : parts) {
      System.arraycopy(p, 0, out, k, p.length);
      k += p.length;
    }
    return out;
  }

  /** Copies arrays (and arrays of arrays); other values (boxed numbers, tensors) are immutable. */
  static Object[] deepCopy(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = copy(args[i]);
    }
    return out;
  }

  private static Object copy(Object a) {
    if (a instanceof Object[] arr) {
      Object[] c = arr.clone();
      for (int i = 0; i < c.length; i++) {
        c[i] = copy(c[i]);
      }
      return c;
    } else if (a != null && a.getClass().isArray()) {
      int n = java.lang.reflect.Array.getLength(a);
      Object c = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
      System.arraycopy(a, 0, c, 0, n);
      return c;
    }
    return a;
  }

  /** Copies {@code from}'s contents back into the caller's arrays {@code into} (same shape). */
  private static void restore(Object from, Object into) {
    if (from instanceof Object[] f && into instanceof Object[] t) {
      for (int i = 0; i < f.length; i++) {
        if (f[i] != null && f[i].getClass().isArray() && t[i] != null) {
          restore(f[i], t[i]);
        } else {
          t[i] = f[i];
        }
      }
    } else if (from != null && from.getClass().isArray() && into != null) {
      System.arraycopy(from, 0, into, 0, java.lang.reflect.Array.getLength(from));
    }
  }

  /** Where {@code after} differs from {@code before}, or null. */
  private static String difference(Object before, Object after, String name) {
    if (before instanceof double[] b && after instanceof double[] a) {
      for (int i = 0; i < b.length; i++) {
        if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
          return name + "[" + i + "]: " + b[i] + " became " + a[i];
        }
      }
    } else if (before instanceof Object[] b && after instanceof Object[] a) {
      for (int i = 0; i < b.length; i++) {
        if (a[i] != b[i] && b[i] != null && b[i].getClass().isArray() && a[i] == null) {
          return name + "[" + i + "] became null";
        }
        String d = difference(b[i], a[i], name + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
    } else if (before instanceof int[] b && after instanceof int[] a) {
      if (!Arrays.equals(a, b)) {
        return name + ": " + Arrays.toString(b) + " became " + Arrays.toString(a);
      }
    } else if (before instanceof long[] b && after instanceof long[] a) {
      if (!Arrays.equals(a, b)) {
        return name + " changed";
      }
    } else if (before instanceof boolean[] b && after instanceof boolean[] a) {
      if (!Arrays.equals(a, b)) {
        return name + " changed";
      }
    }
    return null;
  }

  private static String show(Object a) {
    if (a instanceof double[] v) {
      return showArray(v);
    } else if (a instanceof double[][] m) {
      StringBuilder s = new StringBuilder("[");
      for (int r = 0; r < Math.min(m.length, 3); r++) {
        s.append(r > 0 ? ", " : "").append(showArray(m[r]));
      }
      return s.append(m.length > 3 ? ", ... (" + m.length + " rows)]" : "]").toString();
    } else if (a instanceof int[] v) {
      return v.length <= 8 ? Arrays.toString(v) : "int[" + v.length + "]";
    } else if (a instanceof Tensor t) {
      return t.size() <= 6 ? t.toString() : "Tensor" + Arrays.toString(t.shape());
    }
    return String.valueOf(a);
  }

  private static String showArray(double[] v) {
    if (v.length <= 6) {
      return Arrays.toString(v);
    }
    return "[" + v[0] + ", " + v[1] + ", " + v[2] + ", ... (" + v.length + " elements)]";
  }
}
