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
package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.PullbackOf;
import dev.adjoint.TangentOf;
import dev.adjoint.nn.Layers;
import dev.adjoint.nn.LayersPullbacks;
import dev.adjoint.nn.LayersTangents;
import dev.adjoint.nn.Losses;
import dev.adjoint.nn.LossesPullbacks;
import dev.adjoint.nn.LossesTangents;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tangent rule of {@link TensorTangents}, {@link LossesTangents} and {@link LayersTangents},
 * found by reflection through its {@link TangentOf} declaration, at three random points per case:
 *
 * <ul>
 *   <li>against central finite differences of the original along a random direction v (all
 *       differentiable inputs at once, then each alone with the others' tangents {@code null} or
 *       0): |difference - rule| ≤ 1e-6·(1 + |rule|) element-wise, with h = 1e-5 (truncation and
 *       rounding errors are about 1e-10 at the O(1) values used; see {@link FiniteDifferences});
 *   <li>against the pullbacks of {@link TensorPullbacks} and {@link LossesPullbacks}: ⟨u, J·v⟩ =
 *       ⟨Jᵀ·u, v⟩ for a random cotangent u, per input, to 1e-10 relative to the sum of the
 *       magnitudes of the terms (forward and reverse mode must be transposes of each other,
 *       conventions at non-differentiable points included);
 * </ul>
 *
 * <p>and that every method with a {@code @PullbackOf} declaration has a tangent rule, and every
 * rule a case here.
 */
class TangentRulesTest {
  static final double H = FiniteDifferences.H;
  static final double TOL = FiniteDifferences.TOL;
  static final double DUALITY_TOL = 1e-10;
  static final List<Class<?>> DIFFERENTIABLE =
      List.of(double.class, double[].class, double[][].class, Tensor.class, Tensor[].class);

  /** One call of an original: its owner, name, parameter types and random arguments. */
  record Case(
      String label,
      Class<?> owner,
      String name,
      Class<?>[] types,
      Function<SplittableRandom, Object[]> args) {
    @Override
    public String toString() {
      return label;
    }
  }

  private static final Class<?> T = Tensor.class;
  private static final Class<?> D = double.class;
  private static final Class<?> I = int.class;

  private static Case tensor(
      String label, String name, Class<?>[] types, Function<SplittableRandom, Object[]> args) {
    return new Case(label, Tensor.class, name, types, args);
  }

  private static Case loss(
      String label, String name, Class<?>[] types, Function<SplittableRandom, Object[]> args) {
    return new Case(label, Losses.class, name, types, args);
  }

  private static Case layer(
      String label, String name, Class<?>[] types, Function<SplittableRandom, Object[]> args) {
    return new Case(label, Layers.class, name, types, args);
  }

  private static Class<?>[] types(Class<?>... types) {
    return types;
  }

  private static Tensor randn(SplittableRandom r, int... shape) {
    return Tensor.randn(r, shape);
  }

  private static double[] array(SplittableRandom r, int n) {
    return randn(r, n).toArray();
  }

  private static double[] unit(SplittableRandom r, int n) {
    return Tensor.uniform(r, 0, 1, n).toArray();
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    // Creation and element access.
    c.add(
        tensor(
            "of",
            "of",
            types(double[].class, int[].class),
            r -> new Object[] {array(r, 6), new int[] {2, 3}}));
    c.add(
        tensor(
            "of without a shape",
            "of",
            types(double[].class, int[].class),
            r -> new Object[] {array(r, 5), new int[0]}));
    c.add(tensor("vector", "vector", types(double[].class), r -> new Object[] {array(r, 4)}));
    c.add(tensor("scalar", "scalar", types(D), r -> new Object[] {r.nextDouble(-1, 1)}));
    c.add(
        tensor(
            "full",
            "full",
            types(D, int[].class),
            r -> new Object[] {r.nextDouble(-1, 1), new int[] {2, 3}}));
    c.add(
        tensor(
            "concat axis 0",
            "concat",
            types(I, T, T),
            r -> new Object[] {0, randn(r, 2, 3), randn(r, 1, 3)}));
    c.add(
        tensor(
            "concat axis -1",
            "concat",
            types(I, T, T),
            r -> new Object[] {-1, randn(r, 2, 2, 1), randn(r, 2, 2, 3)}));
    c.add(
        tensor(
            "concat of three",
            "concat",
            types(I, Tensor[].class),
            r -> new Object[] {1, new Tensor[] {randn(r, 2, 1), randn(r, 2, 3), randn(r, 2, 2)}}));
    c.add(
        tensor(
            "get",
            "get",
            types(int[].class),
            r -> new Object[] {randn(r, 2, 3), new int[] {1, 2}}));
    c.add(tensor("item", "item", types(), r -> new Object[] {randn(r, 1, 1)}));
    c.add(tensor("toArray", "toArray", types(), r -> new Object[] {randn(r, 2, 3)}));
    // Arithmetic, with broadcasting.
    int[][][] pairs = {
      {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{}, {2, 2}}, {{4, 1, 3}, {2, 3}}
    };
    for (String op : List.of("add", "sub", "mul", "div")) {
      for (int[][] p : pairs) {
        c.add(
            tensor(
                op + " " + Arrays.toString(p[0]) + " " + Arrays.toString(p[1]),
                op,
                types(T),
                r ->
                    new Object[] {
                      randn(r, p[0]),
                      op.equals("div") ? FiniteDifferences.awayFromZero(r, p[1]) : randn(r, p[1])
                    }));
      }
      c.add(
          tensor(
              op + "(double)",
              op,
              types(D),
              r -> new Object[] {randn(r, 2, 3), 0.5 + r.nextDouble()}));
    }
    c.add(tensor("neg", "neg", types(), r -> new Object[] {randn(r, 2, 3)}));
    c.add(
        tensor(
            "broadcastTo",
            "broadcastTo",
            types(int[].class),
            r -> new Object[] {randn(r, 3, 1), new int[] {2, 3, 4}}));
    // Element-wise functions, away from their non-differentiable points.
    c.add(tensor("exp", "exp", types(), r -> new Object[] {randn(r, 2, 3)}));
    c.add(tensor("log", "log", types(), r -> new Object[] {FiniteDifferences.positive(r, 2, 3)}));
    c.add(tensor("tanh", "tanh", types(), r -> new Object[] {randn(r, 2, 3)}));
    c.add(tensor("sigmoid", "sigmoid", types(), r -> new Object[] {randn(r, 2, 3)}));
    c.add(
        tensor(
            "relu", "relu", types(), r -> new Object[] {FiniteDifferences.awayFromZero(r, 2, 3)}));
    c.add(tensor("sqrt", "sqrt", types(), r -> new Object[] {FiniteDifferences.positive(r, 2, 3)}));
    c.add(
        tensor(
            "pow 2",
            "pow",
            types(D),
            r -> new Object[] {FiniteDifferences.positive(r, 2, 3), 2.0}));
    c.add(
        tensor(
            "pow 1.7",
            "pow",
            types(D),
            r -> new Object[] {FiniteDifferences.positive(r, 2, 3), 1.7 + 0.1 * r.nextDouble()}));
    c.add(
        tensor("abs", "abs", types(), r -> new Object[] {FiniteDifferences.awayFromZero(r, 2, 3)}));
    // Linear algebra and shape.
    int[][][] products = {
      {{2, 3}, {3, 4}}, {{2, 2, 3}, {3, 4}}, {{2, 3}, {3, 3, 4}}, {{3, 2, 3}, {3, 3, 2}}
    };
    for (int[][] p : products) {
      c.add(
          tensor(
              "matmul " + Arrays.toString(p[0]) + " " + Arrays.toString(p[1]),
              "matmul",
              types(T),
              r -> new Object[] {randn(r, p[0]), randn(r, p[1])}));
    }
    c.add(tensor("dot", "dot", types(T), r -> new Object[] {randn(r, 4), randn(r, 4)}));
    c.add(tensor("transpose", "transpose", types(), r -> new Object[] {randn(r, 2, 3)}));
    c.add(tensor("transpose batched", "transpose", types(), r -> new Object[] {randn(r, 2, 3, 4)}));
    c.add(
        tensor(
            "reshape",
            "reshape",
            types(int[].class),
            r -> new Object[] {randn(r, 2, 3), new int[] {3, -1}}));
    c.add(tensor("rows", "rows", types(I, I), r -> new Object[] {randn(r, 5, 2), 1, 4}));
    // Reductions.
    for (String op : List.of("sum", "mean")) {
      c.add(tensor(op, op, types(), r -> new Object[] {randn(r, 2, 3)}));
      c.add(tensor(op + " axis 1", op, types(I), r -> new Object[] {randn(r, 2, 3, 4), 1}));
      c.add(
          tensor(
              op + " axis -1 kept",
              op,
              types(I, boolean.class),
              r -> new Object[] {randn(r, 2, 3, 4), -1, true}));
    }
    for (String op : List.of("max", "logSumExp")) {
      c.add(tensor(op + " axis 0", op, types(I), r -> new Object[] {randn(r, 3, 4), 0}));
      c.add(
          tensor(
              op + " axis 1 kept",
              op,
              types(I, boolean.class),
              r -> new Object[] {randn(r, 2, 3, 4), 1, true}));
      c.add(
          tensor(
              op + " axis -1",
              op,
              types(I, boolean.class),
              r -> new Object[] {randn(r, 2, 3), -1, false}));
    }
    c.add(tensor("softmax", "softmax", types(I), r -> new Object[] {randn(r, 3, 4), 1}));
    c.add(tensor("softmax axis 0", "softmax", types(I), r -> new Object[] {randn(r, 3, 4), 0}));
    c.add(tensor("logSoftmax", "logSoftmax", types(I), r -> new Object[] {randn(r, 3, 4), 1}));
    c.add(
        tensor(
            "logSoftmax axis 0", "logSoftmax", types(I), r -> new Object[] {randn(r, 2, 3, 2), 0}));
    // Losses.
    Class<?> a = double[].class;
    c.add(loss("mseSum", "mseSum", types(a, a), r -> new Object[] {array(r, 5), array(r, 5)}));
    c.add(loss("mseMean", "mseMean", types(a, a), r -> new Object[] {array(r, 5), array(r, 5)}));
    c.add(
        loss(
            "mseSum tensors",
            "mseSum",
            types(T, T),
            r -> new Object[] {randn(r, 2, 3), randn(r, 2, 3)}));
    c.add(
        loss(
            "mseMean tensors",
            "mseMean",
            types(T, T),
            r -> new Object[] {randn(r, 2, 3), randn(r, 2, 3)}));
    c.add(
        loss(
            "bceWithLogits",
            "bceWithLogits",
            types(a, a),
            r -> new Object[] {array(r, 5), unit(r, 5)}));
    c.add(
        loss(
            "bceWithLogits tensors",
            "bceWithLogits",
            types(T, T),
            r -> new Object[] {randn(r, 2, 3), Tensor.uniform(r, 0, 1, 2, 3)}));
    c.add(
        loss(
            "softmaxCrossEntropy",
            "softmaxCrossEntropy",
            types(a, I),
            r -> new Object[] {array(r, 4), r.nextInt(4)}));
    c.add(
        loss(
            "softmaxCrossEntropy batch",
            "softmaxCrossEntropy",
            types(double[][].class, int[].class),
            r ->
                new Object[] {
                  new double[][] {array(r, 3), array(r, 3)}, new int[] {r.nextInt(3), r.nextInt(3)}
                }));
    c.add(
        loss(
            "softmaxCrossEntropy tensor",
            "softmaxCrossEntropy",
            types(T, int[].class),
            r -> new Object[] {randn(r, 3, 4), new int[] {r.nextInt(4), r.nextInt(4), 0}}));
    c.add(loss("l2", "l2", types(a, D), r -> new Object[] {array(r, 4), 0.5 + r.nextDouble()}));
    c.add(
        loss(
            "l2 tensor",
            "l2",
            types(T, D),
            r -> new Object[] {randn(r, 2, 3), 0.5 + r.nextDouble()}));
    // Layers.
    c.add(
        layer(
            "dense",
            "dense",
            types(T, T, T),
            r -> new Object[] {randn(r, 3, 4), randn(r, 4, 2), randn(r, 2)}));
    c.add(
        layer(
            "dense batched",
            "dense",
            types(T, T, T),
            r -> new Object[] {randn(r, 2, 3, 4), randn(r, 4, 5), randn(r, 5)}));
    c.add(
        layer(
            "embedding",
            "embedding",
            types(T, int[].class),
            r -> new Object[] {randn(r, 5, 3), new int[] {4, 0, 4, 2}}));
    c.add(
        layer(
            "layerNorm",
            "layerNorm",
            types(T, T, T, D),
            r -> new Object[] {randn(r, 3, 4), randn(r, 4), randn(r, 4), 0.1 + r.nextDouble()}));
    c.add(
        layer(
            "layerNorm rank 3",
            "layerNorm",
            types(T, T, T, D),
            r -> new Object[] {randn(r, 2, 2, 5), randn(r, 5), randn(r, 5), 1e-5}));
    c.add(
        layer(
            "dropout",
            "dropout",
            types(T, D, long.class, boolean.class),
            r -> new Object[] {randn(r, 4, 5), 0.2 + 0.5 * r.nextDouble(), r.nextLong(), true}));
    c.add(
        layer(
            "dropout not training",
            "dropout",
            types(T, D, long.class, boolean.class),
            r -> new Object[] {randn(r, 4, 5), 0.5, r.nextLong(), false}));
    c.add(
        layer(
            "conv1d",
            "conv1d",
            types(T, T, T, I, I),
            r -> new Object[] {randn(r, 2, 3, 7), randn(r, 4, 3, 3), randn(r, 4), 1, 0}));
    c.add(
        layer(
            "conv1d stride 2 padding 2",
            "conv1d",
            types(T, T, T, I, I),
            r -> new Object[] {randn(r, 1, 2, 6), randn(r, 3, 2, 4), randn(r, 3), 2, 2}));
    return c;
  }

  static Stream<Case> allCases() {
    return cases().stream();
  }

  // ---------------------------------------------------------------- reflection

  private static final Map<Class<?>, List<Class<?>>> DECLARERS =
      Map.of(
          Tensor.class, List.of(TensorTangents.class, TensorPullbacks.class),
          Losses.class, List.of(LossesTangents.class, LossesPullbacks.class),
          Layers.class, List.of(LayersTangents.class, LayersPullbacks.class));

  static Method original(Case c) throws NoSuchMethodException {
    return c.owner().getMethod(c.name(), c.types());
  }

  /** The original's inputs, receiver first. */
  static List<Class<?>> inputs(Method o) {
    List<Class<?>> inputs = new ArrayList<>();
    if (!Modifier.isStatic(o.getModifiers())) {
      inputs.add(o.getDeclaringClass());
    }
    inputs.addAll(Arrays.asList(o.getParameterTypes()));
    return inputs;
  }

  /** The rule of {@code o}, and whether it takes the result; fails unless exactly one fits. */
  record Rule(Method method, boolean takesResult) {}

  static Rule rule(Method o) {
    List<Rule> found = new ArrayList<>();
    for (Class<?> declarer : DECLARERS.get(o.getDeclaringClass())) {
      for (Method m : declarer.getDeclaredMethods()) {
        for (TangentOf t : m.getAnnotationsByType(TangentOf.class)) {
          Class<?> type = t.type() == void.class ? declarer : t.type();
          if (type != o.getDeclaringClass() || !t.method().equals(o.getName())) {
            continue;
          }
          List<Class<?>> in = inputs(o);
          List<Class<?>> tangents = in.stream().filter(DIFFERENTIABLE::contains).toList();
          List<Class<?>> plain = new ArrayList<>(in);
          plain.addAll(tangents);
          List<Class<?>> withResult = new ArrayList<>(in);
          withResult.add(o.getReturnType());
          withResult.addAll(tangents);
          List<Class<?>> given = Arrays.asList(m.getParameterTypes());
          if (m.getReturnType() != o.getReturnType()) {
            continue;
          }
          if (given.equals(plain)) {
            found.add(new Rule(m, false));
          } else if (given.equals(withResult)) {
            found.add(new Rule(m, true));
          }
        }
      }
    }
    if (found.size() != 1) {
      fail(PullbackDeclarations.signature(o) + " needs exactly one tangent rule, found " + found);
    }
    Method m = found.get(0).method();
    assertTrue(
        Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()),
        m + " must be public static");
    return found.get(0);
  }

  private static Object invoke(Method m, Object... args) {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m + " threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls the original with inputs receiver first. */
  static Object call(Method o, Object[] inputs) {
    try {
      if (Modifier.isStatic(o.getModifiers())) {
        return o.invoke(null, inputs);
      }
      return o.invoke(inputs[0], Arrays.copyOfRange(inputs, 1, inputs.length));
    } catch (InvocationTargetException e) {
      throw new AssertionError(o + " threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- values as flat vectors

  static double[] flat(Object v) {
    if (v instanceof Double d) {
      return new double[] {d};
    }
    if (v instanceof double[] a) {
      return a.clone();
    }
    if (v instanceof double[][] m) {
      return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }
    if (v instanceof Tensor t) {
      return t.toArray();
    }
    if (v instanceof Tensor[] ts) {
      return Arrays.stream(ts).flatMapToDouble(t -> Arrays.stream(t.toArray())).toArray();
    }
    throw new AssertionError("not a differentiable value: " + v);
  }

  /** A random direction of the same type and shape as {@code v}. */
  static Object direction(Object v, SplittableRandom r) {
    if (v instanceof Double) {
      return r.nextDouble(-1, 1);
    }
    if (v instanceof double[] a) {
      return array(r, a.length);
    }
    if (v instanceof double[][] m) {
      return Arrays.stream(m).map(row -> array(r, row.length)).toArray(double[][]::new);
    }
    if (v instanceof Tensor t) {
      return randn(r, t.shape());
    }
    if (v instanceof Tensor[] ts) {
      return Arrays.stream(ts).map(t -> randn(r, t.shape())).toArray(Tensor[]::new);
    }
    throw new AssertionError("not a differentiable value: " + v);
  }

  /** v + h·d, of v's type. */
  static Object step(Object v, Object d, double h) {
    if (v instanceof Double x) {
      return x + h * (Double) d;
    }
    if (v instanceof double[] a) {
      double[] out = a.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] += h * ((double[]) d)[i];
      }
      return out;
    }
    if (v instanceof double[][] m) {
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = (double[]) step(m[i], ((double[][]) d)[i], h);
      }
      return out;
    }
    if (v instanceof Tensor t) {
      return t.add(((Tensor) d).mul(h));
    }
    Tensor[] ts = (Tensor[]) v;
    Tensor[] out = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = (Tensor) step(ts[i], ((Tensor[]) d)[i], h);
    }
    return out;
  }

  private static boolean differentiable(Object v) {
    return v instanceof Double
        || v instanceof double[]
        || v instanceof double[][]
        || v instanceof Tensor
        || v instanceof Tensor[];
  }

  /** The zero tangent generated code passes: 0.0 for a double, null otherwise. */
  private static Object zero(Object v) {
    return v instanceof Double ? (Object) 0.0 : null;
  }

  private static double dot(double[] a, double[] b) {
    assertEquals(a.length, b.length, "lengths");
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double magnitude(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] * b[i]);
    }
    return s;
  }

  /** The rule at {@code inputs} along {@code dirs} (one per input, null for non-differentiable). */
  static Object applyRule(Rule rule, Object result, Object[] inputs, Object[] dirs) {
    List<Object> args = new ArrayList<>(Arrays.asList(inputs));
    if (rule.takesResult()) {
      args.add(result);
    }
    for (int i = 0; i < inputs.length; i++) {
      if (differentiable(inputs[i])) {
        args.add(dirs[i]);
      }
    }
    return invoke(rule.method(), args.toArray());
  }

  // ---------------------------------------------------------------- the checks

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void ruleMatchesCentralDifferencesAndThePullbacks(Case c) throws Exception {
    Method o = original(c);
    Rule rule = rule(o);
    SplittableRandom r = new SplittableRandom(c.label().hashCode());
    int checksBefore = DUALITY_CHECKS.get();
    for (int point = 0; point < 3; point++) {
      Object[] inputs = c.args().apply(r);
      Object result = call(o, inputs);
      Object[] all = new Object[inputs.length];
      List<Integer> active = new ArrayList<>();
      for (int i = 0; i < inputs.length; i++) {
        if (differentiable(inputs[i])) {
          all[i] = direction(inputs[i], r);
          active.add(i);
        }
      }
      // Along all directions at once, then along each input alone.
      List<Object[]> directions = new ArrayList<>();
      directions.add(all);
      for (int k : active) {
        Object[] one = new Object[inputs.length];
        for (int i : active) {
          one[i] = i == k ? all[i] : zero(inputs[i]);
        }
        directions.add(one);
      }
      for (Object[] dirs : directions) {
        Object tangent = applyRule(rule, result, inputs, dirs);
        assertNotNull(tangent, c + ": the rule returned null");
        assertEquals(result.getClass(), tangent.getClass(), c + ": tangent type");
        if (result instanceof Tensor t) {
          assertArrayEquals(t.shape(), ((Tensor) tangent).shape(), c + ": tangent shape");
        }
        double[] analytic = flat(tangent);
        Object[] plus = inputs.clone();
        Object[] minus = inputs.clone();
        for (int i : active) {
          if (dirs[i] != null && !(dirs[i] instanceof Double d && d == 0.0)) {
            plus[i] = step(inputs[i], dirs[i], H);
            minus[i] = step(inputs[i], dirs[i], -H);
          }
        }
        double[] up = flat(call(o, plus));
        double[] down = flat(call(o, minus));
        assertEquals(up.length, analytic.length, c + ": tangent size");
        for (int e = 0; e < analytic.length; e++) {
          double fd = (up[e] - down[e]) / (2 * H);
          if (!(Math.abs(fd - analytic[e]) <= TOL * (1 + Math.abs(analytic[e])))) {
            fail(
                c
                    + " at point "
                    + point
                    + ": element "
                    + e
                    + " of the tangent is "
                    + analytic[e]
                    + " but central differences give "
                    + fd);
          }
        }
      }
      checkDuality(c, o, rule, inputs, result, all, active, r);
    }
    assertTrue(DUALITY_CHECKS.get() > checksBefore, c + ": no pullback to check the rule against");
  }

  /** How many ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩ checks ran, so that a broken lookup cannot pass silently. */
  private static final java.util.concurrent.atomic.AtomicInteger DUALITY_CHECKS =
      new java.util.concurrent.atomic.AtomicInteger();

  /** ⟨u, rule(v_i alone)⟩ = ⟨pullback_i(u), v_i⟩ for each input i that has a pullback. */
  private static void checkDuality(
      Case c,
      Method o,
      Rule rule,
      Object[] inputs,
      Object result,
      Object[] all,
      List<Integer> active,
      SplittableRandom r) {
    Object u = direction(result instanceof Double ? (Object) 0.0 : result, r);
    List<String> names = new ArrayList<>();
    if (!Modifier.isStatic(o.getModifiers())) {
      names.add("this");
    }
    names.addAll(
        PullbackDeclarations.parameterNames(o.getDeclaringClass())
            .get(PullbackDeclarations.signature(o)));
    for (int k : active) {
      Method pullback = pullback(o, names.get(k));
      if (pullback == null) {
        continue; // targets: data to the pullbacks
      }
      Object[] one = new Object[inputs.length];
      for (int i : active) {
        one[i] = i == k ? all[i] : zero(inputs[i]);
      }
      double[] jv = flat(applyRule(rule, result, inputs, one));
      List<Object> args = new ArrayList<>(Arrays.asList(inputs));
      if (pullback.getParameterCount() == inputs.length + 2) {
        args.add(result);
      }
      args.add(u);
      double[] jtu = flat(invoke(pullback, args.toArray()));
      double[] v = flat(all[k]);
      double[] uf = flat(u);
      double left = dot(uf, jv);
      double right = dot(jtu, v);
      double scale = magnitude(uf, jv) + magnitude(jtu, v) + 1e-300;
      DUALITY_CHECKS.incrementAndGet();
      assertTrue(
          Math.abs(left - right) <= DUALITY_TOL * scale,
          c + " wrt " + names.get(k) + ": <u, Jv> = " + left + " but <J^T u, v> = " + right);
    }
  }

  /** The pullback of {@code o} with respect to {@code wrt}, or null. */
  static Method pullback(Method o, String wrt) {
    for (Class<?> declarer : DECLARERS.get(o.getDeclaringClass())) {
      for (Method m : declarer.getDeclaredMethods()) {
        for (PullbackOf p : m.getAnnotationsByType(PullbackOf.class)) {
          Class<?> type = p.type() == void.class ? declarer : p.type();
          if (type != o.getDeclaringClass()
              || !p.method().equals(o.getName())
              || !p.wrt().equals(wrt)) {
            continue;
          }
          List<Class<?>> in = inputs(o);
          List<Class<?>> given = Arrays.asList(m.getParameterTypes());
          int n = given.size();
          if (n >= in.size() + 1
              && given.subList(0, in.size()).equals(in)
              && given.get(n - 1) == o.getReturnType()
              && (n == in.size() + 1
                  || n == in.size() + 2 && given.get(n - 2) == o.getReturnType())) {
            return m;
          }
        }
      }
    }
    return null;
  }

  /**
   * max ties: the tangent averages the tied entries, the transpose of the pullback's even split.
   */
  @Test
  void maxTiesShareTheTangentAsThePullbackSharesTheGradient() {
    Tensor x = Tensor.of(new double[] {1, 3, 3, 2, 5, 5, 5, 0}, 2, 4);
    Tensor v = Tensor.of(new double[] {10, 1, 2, 7, 3, 6, 9, 4}, 2, 4);
    Tensor m = x.max(1);
    Tensor tangent = TensorTangents.max(x, 1, m, v);
    assertArrayEquals(new double[] {1.5, 6}, tangent.toArray(), 0.0);
    Tensor u = Tensor.of(new double[] {0.3, -0.7}, 2);
    double left = u.dot(tangent);
    double right = TensorPullbacks.maxThis(x, 1, m, u).reshape(-1).dot(v.reshape(-1));
    assertEquals(right, left, 1e-15);
  }

  /** relu and abs at 0: tangent 0, as the pullbacks. */
  @Test
  void nonDifferentiablePointsFollowThePullbacksConventions() {
    Tensor x = Tensor.of(new double[] {0, -1, 2}, 3);
    Tensor v = Tensor.of(new double[] {5, 5, 5}, 3);
    assertArrayEquals(new double[] {0, 0, 5}, TensorTangents.relu(x, v).toArray(), 0.0);
    assertArrayEquals(new double[] {0, -5, 5}, TensorTangents.abs(x, v).toArray(), 0.0);
    Tensor p = Tensor.of(new double[] {0, 2}, 2);
    // d(x^0)/dx = 0 even at x = 0; d(0^p)/dp = 0.
    assertArrayEquals(
        new double[] {0, 0},
        TensorTangents.pow(p, 0.0, p.pow(0.0), Tensor.of(new double[] {1, 1}, 2), 0.0).toArray(),
        0.0);
    assertEquals(0.0, TensorTangents.pow(p, 2.0, p.pow(2.0), null, 1.0).toArray()[0], 0.0);
  }

  /** Every method with a @PullbackOf has a tangent rule, and every rule has a case above. */
  @Test
  void everyPulledBackMethodHasATangentRuleAndEveryRuleACase() throws Exception {
    Set<Method> originals = new LinkedHashSet<>();
    for (var entry : DECLARERS.entrySet()) {
      for (Class<?> declarer : entry.getValue()) {
        for (Method m : declarer.getDeclaredMethods()) {
          for (PullbackOf p : m.getAnnotationsByType(PullbackOf.class)) {
            for (Method o : entry.getKey().getMethods()) {
              if (o.getName().equals(p.method())
                  && o.getDeclaringClass() == entry.getKey()
                  && m.equals(pullback(o, p.wrt()))) {
                originals.add(o);
              }
            }
          }
        }
      }
    }
    assertTrue(originals.size() >= 50, "found only " + originals.size() + " originals");
    Set<Method> rules = new LinkedHashSet<>();
    Set<String> missing = new TreeSet<>();
    for (Method o : originals) {
      try {
        rules.add(rule(o).method());
      } catch (AssertionError e) {
        missing.add(PullbackDeclarations.signature(o) + ": " + e.getMessage());
      }
    }
    assertEquals(Set.of(), missing, "methods with pullbacks but no tangent rule");
    Set<Method> tested = new LinkedHashSet<>();
    for (Case c : cases()) {
      tested.add(rule(original(c)).method());
    }
    Set<String> untested = new TreeSet<>();
    for (Class<?> declarer :
        List.of(TensorTangents.class, LossesTangents.class, LayersTangents.class)) {
      for (Method m : declarer.getDeclaredMethods()) {
        if (m.isAnnotationPresent(TangentOf.class) && !tested.contains(m)) {
          untested.add(m.toString());
        }
      }
    }
    assertEquals(Set.of(), untested, "tangent rules without a case");
  }
}
