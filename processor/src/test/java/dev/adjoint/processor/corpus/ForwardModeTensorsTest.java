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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forward mode ({@code fJvp}) of methods with {@code Tensor} values, through the runtime's tangent
 * rules ({@code TensorTangents}, {@code LossesTangents}) and user {@code @TangentOf} rules. At
 * three random points and directions per method:
 *
 * <ul>
 *   <li>the value equals the method's, exactly (the forward sweep runs the same operations);
 *   <li>for a double result, the tangent equals ⟨gradient, v⟩ from {@code fGradient} to 1e-10
 *       relative to Σ|g_k v_k|, and central differences (h = 1e-6) to 1e-6·max(1, |tangent|);
 *   <li>for a {@code double[]} result, ⟨u, J·v⟩ from {@code fJvp} equals ⟨Jᵀ·u, v⟩ from {@code
 *       fPullback} to 1e-10 relative, and each element of J·v matches central differences;
 *   <li>a {@code null} tensor tangent counts as zero.
 * </ul>
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForwardModeTensorsTest {
  static final String NETS =
      """
      package fwdtensor;

      import dev.adjoint.Adjoint;
      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class Nets {
        private Nets() {}

        /** A two-layer perceptron with a softmax cross-entropy loss over integer labels. */
        @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
        public static double mlp(
            Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int[] labels) {
          Tensor hidden = x.matmul(w1).add(b1).relu();
          Tensor logits = hidden.matmul(w2).add(b2);
          return Losses.softmaxCrossEntropy(logits, labels);
        }

        /** tanh layers, squared error, binary cross-entropy and an L2 penalty with its λ. */
        @Differentiable(wrt = {"w1", "b1", "w2", "lambda"})
        public static double regression(
            Tensor w1, Tensor b1, Tensor w2, double lambda, Tensor x, Tensor y) {
          Tensor out = x.matmul(w1).add(b1).tanh().matmul(w2);
          return Losses.mseMean(out, y) + Losses.mseSum(out.sigmoid(), y) * 0.1
              + Losses.bceWithLogits(out, y.sigmoid()) + Losses.l2(w1, lambda);
        }

        /** Reductions along axes, kept and not, and the softmax family. */
        @Differentiable
        public static double reductions(Tensor a, Tensor b) {
          Tensor e = a.exp().sum(1);
          Tensor m = b.max(1);
          Tensor l = a.logSumExp(0, true);
          Tensor mean = b.mean(0);
          double s = e.mul(m).sum() + l.mul(mean).sum() + a.logSoftmax(1).mul(b).sum();
          s += a.softmax(0).mul(b).mean() + b.sum(1, true).mul(a).mean(1).sum();
          s += a.max(0, true).sum() + a.logSumExp(1).sum() + b.mean(1, true).sum(0).sum();
          return s * b.mean();
        }

        /** Transpose, reshape, concat, rows, broadcastTo, dot, get and element-wise functions. */
        @Differentiable
        public static double shapes(Tensor a, Tensor b) {
          Tensor t = a.transpose().add(b);
          Tensor r = t.reshape(2, 3);
          Tensor c = Tensor.concat(0, r, a);
          Tensor s = c.rows(1, 3);
          Tensor q = s.mul(s).add(1.0).sqrt().log();
          Tensor d = q.div(a.mul(a).add(2.0)).sub(c.rows(0, 2).neg().pow(3.0));
          Tensor top = a.rows(0, 1).broadcastTo(2, 3).abs();
          double dot = c.reshape(12).dot(c.sigmoid().reshape(12));
          return q.sum() + d.sum() + top.sub(1.5).div(a.get(1, 2) + 3).sum() + dot
              + Tensor.scalar(a.get(0, 0)).mul(b).sum();
        }

        /** A recurrence with a branch on a tensor's value, reassigning h from itself. */
        @Differentiable
        public static double recurrent(Tensor w, Tensor h0, int steps, double decay) {
          Tensor h = h0;
          for (int t = 0; t < steps; t++) {
            h = h.matmul(w);
            h = h.tanh();
            h = h.mul(decay);
            if (h.sum() > 0) {
              h = h.add(0.1);
            } else {
              h = h.sub(w.rows(0, 1));
            }
            if (t == 5) {
              break;
            }
          }
          if (steps == 4) {
            h = Tensor.ones(2, 3); // no tangent rule needed: nothing carries a tangent
          }
          return h.sum() + decay * decay;
        }

        /** Doubles and arrays mixed with tensors, in both directions, and detach. */
        @Differentiable
        public static double mixed(Tensor a, double s, double[] p) {
          Tensor t = a.mul(s).add(p[0]).div(s + 2).sub(p[1]);
          double m = t.sum() * s;
          Tensor v = Tensor.of(p, 2, 2);
          double[] q = t.add(v).toArray();
          double acc = 0;
          for (int i = 0; i < q.length; i++) {
            acc += q[i] * p[i];
          }
          double item = a.rows(0, 1).sum(1, true).rows(0, 1).reshape(1, 1).item();
          return m + acc + Tensor.full(s, 2, 2).mul(a).sum() + item * item
              + Tensor.vector(p).mul(s).sum();
        }

        /** detach: the detached factor passes no tangent (so no finite differences here). */
        @Differentiable
        public static double detached(Tensor a, double s) {
          Tensor d = Adjoint.detach(a.mul(s));
          return a.mul(d).sum() + d.sum() * s;
        }

        /** Calls between tensor methods, through their forward modes. */
        @Differentiable(wrt = {"a", "s"})
        public static double outer(Tensor a, Tensor b, double s) {
          double[] p = new double[4];
          p[1] = s;
          p[2] = a.sum();
          return mixed(a.mul(b), s, p) + layer(a, b) * s;
        }

        @Differentiable(wrt = "w")
        public static double layer(Tensor w, Tensor x) {
          return x.matmul(w).tanh().sum();
        }

        /** A vector output: the Jacobian-vector product against the vector-Jacobian product. */
        @Differentiable(wrt = {"w", "shift"})
        public static double[] features(Tensor w, Tensor x, double shift) {
          return x.matmul(w).add(shift).tanh().toArray();
        }

        static final Tensor BIAS = Tensor.of(new double[] {1, 2, 3}, 3);

        /** A tensor field, and a branch that replaces a tensor with a constant one. */
        @Differentiable
        public static double withField(Tensor a, boolean reset) {
          Tensor t = a.mul(a);
          if (reset) {
            t = BIAS;
          }
          return t.add(BIAS).mul(a).sum();
        }

        /** Through a user's tangent rule. */
        @Differentiable
        public static double usesCube(Tensor a) {
          return Lib.cube(a).sum();
        }

        /** Through a user's tangent rule of a scalar function, which takes precedence. */
        @Differentiable
        public static double usesSoftsign(Tensor a, double s) {
          return Lib.softsign(a.sum() * s) + Lib.softsign(s);
        }

        /** Lib.square has a pullback but no tangent rule: no forward mode. */
        @Differentiable
        public static double usesSquare(Tensor a) {
          return Lib.square(a).sum();
        }

        /** Calls a method without forward mode: none either. */
        @Differentiable
        public static double callsUsesSquare(Tensor a) {
          return usesSquare(a) * 2;
        }
      }
      """;

  static final String LIB =
      """
      package fwdtensor;

      import dev.adjoint.PullbackOf;
      import dev.adjoint.TangentOf;
      import dev.adjoint.tensor.Tensor;

      public final class Lib {
        private Lib() {}

        public static Tensor square(Tensor x) {
          return x.mul(x);
        }

        @PullbackOf(type = Lib.class, method = "square", wrt = "x")
        public static Tensor squarePullback(Tensor x, Tensor seed) {
          return seed.mul(x).mul(2.0);
        }

        public static Tensor cube(Tensor x) {
          return x.mul(x).mul(x);
        }

        @PullbackOf(type = Lib.class, method = "cube", wrt = "x")
        public static Tensor cubePullback(Tensor x, Tensor seed) {
          return seed.mul(x).mul(x).mul(3.0);
        }

        public static double softsign(double x) {
          return x / (1 + Math.abs(x));
        }

        @PullbackOf(type = Lib.class, method = "softsign", wrt = "x")
        public static double softsignPullback(double x, double seed) {
          double d = 1 + Math.abs(x);
          return seed / (d * d);
        }

        @TangentOf(type = Lib.class, method = "softsign")
        public static double softsignTangent(double x, double xDot) {
          double d = 1 + Math.abs(x);
          return xDot / (d * d);
        }

        @TangentOf(type = Lib.class, method = "cube")
        public static Tensor cubeTangent(Tensor x, Tensor result, Tensor xDot) {
          return xDot == null ? Tensor.zeros(x.shape()) : xDot.mul(result.div(x)).mul(3.0);
        }
      }
      """;

  private static CompiledSources unit;
  private static Class<?> nets;
  private static Class<?> adjoint;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(NETS, LIB);
    nets = unit.load("fwdtensor.Nets");
    adjoint = unit.load("fwdtensor.NetsAdjoint");
  }

  private static Method find(Class<?> owner, String name) {
    for (Method m : owner.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    return null;
  }

  private static Object call(Class<?> owner, String name, Object... args) {
    Method m = null;
    for (Method candidate : owner.getMethods()) {
      // fJacobian has a second form, which takes the matrix to fill
      if (candidate.getName().equals(name) && candidate.getParameterCount() == args.length) {
        m = candidate;
      }
    }
    assertNotNull(m, "no method " + name + "\n" + unit.describe());
    return Gradients.invoke(m, args);
  }

  private static List<Object> components(Object record) {
    List<Object> values = new ArrayList<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      c.getAccessor().setAccessible(true);
      values.add(Gradients.read(c.getAccessor(), record));
    }
    return values;
  }

  // ---------------------------------------------------------------- values as flat vectors

  private static double[] flat(Object v) {
    if (v == null) {
      return new double[0];
    }
    if (v instanceof Double d) {
      return new double[] {d};
    }
    if (v instanceof double[] a) {
      return a.clone();
    }
    if (v instanceof Tensor t) {
      return t.toArray();
    }
    throw new AssertionError("not differentiable: " + v);
  }

  private static double[] flat(List<Object> values) {
    return values.stream().flatMapToDouble(v -> Arrays.stream(flat(v))).toArray();
  }

  private static Object randomLike(Object x, SplittableRandom rng) {
    if (x instanceof Double) {
      return rng.nextDouble(-1, 1);
    }
    if (x instanceof double[] a) {
      return rng.doubles(a.length, -1, 1).toArray();
    }
    return random(rng, ((Tensor) x).shape());
  }

  /** x + h·d, of x's type. */
  private static Object step(Object x, Object d, double h) {
    if (x instanceof Double v) {
      return v + h * (Double) d;
    }
    if (x instanceof double[] a) {
      double[] out = a.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] += h * ((double[]) d)[i];
      }
      return out;
    }
    return d == null ? x : ((Tensor) x).add(((Tensor) d).mul(h));
  }

  static Tensor random(SplittableRandom rng, int... shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return Tensor.of(rng.doubles(n, -1, 1).toArray(), shape);
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

  // ---------------------------------------------------------------- the checks

  /**
   * fJvp of {@code name} at {@code args} along random directions of the parameters {@code wrt},
   * checked as the class javadoc says; also with the first tensor direction null.
   */
  private static void check(String name, int[] wrt, Object[] args, SplittableRandom rng) {
    check(name, wrt, args, rng, true);
  }

  private static void check(
      String name, int[] wrt, Object[] args, SplittableRandom rng, boolean finiteDifferences) {
    Object primal = call(nets, name, args.clone());
    boolean vector = primal instanceof double[];
    for (int variant = 0; variant < 2; variant++) {
      List<Object> directions = new ArrayList<>();
      for (int i : wrt) {
        directions.add(randomLike(args[i], rng));
      }
      if (variant == 1) {
        int first = -1;
        for (int k = 0; k < wrt.length && first < 0; k++) {
          first = args[wrt[k]] instanceof Tensor ? k : -1;
        }
        directions.set(first, null); // a null tensor tangent is zero
      }
      List<Object> jvpArgs = new ArrayList<>(Arrays.asList(args));
      jvpArgs.addAll(directions);
      List<Object> jvp = components(call(adjoint, name + "Jvp", jvpArgs.toArray()));
      if (vector) {
        assertArrayEquals((double[]) primal, (double[]) jvp.get(0), 0.0, name + ": value");
      } else {
        assertEquals((double) primal, (double) jvp.get(0), 0.0, name + ": value");
      }
      double[] tangent = flat(jvp.get(1));
      // Against central differences along the direction.
      double h = 1e-6;
      Object[] plus = args.clone();
      Object[] minus = args.clone();
      for (int k = 0; k < wrt.length; k++) {
        plus[wrt[k]] = step(args[wrt[k]], directions.get(k), h);
        minus[wrt[k]] = step(args[wrt[k]], directions.get(k), -h);
      }
      double[] up = flat(call(nets, name, plus));
      double[] down = flat(call(nets, name, minus));
      for (int e = 0; finiteDifferences && e < tangent.length; e++) {
        double fd = (up[e] - down[e]) / (2 * h);
        assertTrue(
            Math.abs(fd - tangent[e]) <= 1e-6 * Math.max(1, Math.abs(tangent[e])),
            name + ": tangent[" + e + "] = " + tangent[e] + ", central differences " + fd);
      }
      // Against reverse mode.
      List<Object> zeroed = new ArrayList<>();
      for (int k = 0; k < wrt.length; k++) {
        Object d = directions.get(k);
        zeroed.add(d != null ? d : Tensor.zeros(((Tensor) args[wrt[k]]).shape()));
      }
      double[] v = flat(zeroed);
      double[] u;
      double[] jtu;
      if (vector) {
        u = rng.doubles(tangent.length, -1, 1).toArray();
        jtu = pullback(name, wrt, args, u);
      } else {
        u = new double[] {1};
        List<Object> g = components(call(adjoint, name + "Gradient", args.clone()));
        jtu = flat(g.subList(1, g.size()));
      }
      double left = dot(u, tangent);
      double right = dot(jtu, v);
      double scale = Math.max(magnitude(u, tangent), magnitude(jtu, v));
      assertTrue(
          Math.abs(left - right) <= 1e-10 * Math.max(scale, 1e-300),
          name + ": <u, Jv> = " + left + " but <J^T u, v> = " + right);
    }
  }

  /** Jᵀu through fPullback: the adjoints of the parameters {@code wrt}, flattened. */
  private static double[] pullback(String name, int[] wrt, Object[] args, double[] seed) {
    List<Object> all = new ArrayList<>(Arrays.asList(args));
    all.add(seed);
    int scalars = 0;
    for (int i : wrt) {
      scalars += args[i] instanceof Double ? 1 : 0;
    }
    double[] scalarAdjoints = new double[scalars];
    if (scalars > 0) {
      all.add(scalarAdjoints);
    }
    List<Object> buffers = new ArrayList<>();
    for (int i : wrt) {
      if (args[i] instanceof Tensor) {
        Tensor[] holder = new Tensor[1];
        buffers.add(holder);
        all.add(holder);
      } else if (args[i] instanceof double[] a) {
        double[] buffer = new double[a.length];
        buffers.add(buffer);
        all.add(buffer);
      }
    }
    call(adjoint, name + "Pullback", all.toArray());
    List<Object> out = new ArrayList<>();
    int scalar = 0;
    int buffer = 0;
    for (int i : wrt) {
      if (args[i] instanceof Double) {
        out.add(scalarAdjoints[scalar++]);
      } else if (buffers.get(buffer++) instanceof Tensor[] holder) {
        out.add(holder[0] != null ? holder[0] : Tensor.zeros(((Tensor) args[i]).shape()));
      } else {
        out.add(buffers.get(buffer - 1));
      }
    }
    return flat(out);
  }

  /** Points of 3 classes, told apart by a linear score. */
  private static Object[] dataset(SplittableRandom rng, int n, int d) {
    double[] xs = new double[n * d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      double score = 0;
      for (int j = 0; j < d; j++) {
        xs[i * d + j] = rng.nextDouble(-1, 1);
        score += xs[i * d + j] * (j + 1);
      }
      labels[i] = score > 1 ? 2 : score > -1 ? 1 : 0;
    }
    return new Object[] {Tensor.of(xs, n, d), labels};
  }

  @Test
  void perceptronWithSoftmaxCrossEntropy() {
    SplittableRandom rng = new SplittableRandom(21);
    for (int point = 0; point < 3; point++) {
      Object[] data = dataset(rng, 10, 3);
      Object[] args = {
        random(rng, 3, 5), random(rng, 5), random(rng, 5, 3), random(rng, 3), data[0], data[1]
      };
      check("mlp", new int[] {0, 1, 2, 3}, args, rng);
    }
  }

  @Test
  void regressionLossesAndAnL2PenaltyWithItsWeight() {
    SplittableRandom rng = new SplittableRandom(22);
    for (int point = 0; point < 3; point++) {
      Object[] args = {
        random(rng, 3, 4),
        random(rng, 1, 4),
        random(rng, 4, 2),
        0.5 + rng.nextDouble(),
        random(rng, 5, 3),
        random(rng, 5, 2)
      };
      check("regression", new int[] {0, 1, 2, 3}, args, rng);
    }
  }

  @Test
  void reductionsAlongAxes() {
    SplittableRandom rng = new SplittableRandom(23);
    for (int point = 0; point < 3; point++) {
      check(
          "reductions", new int[] {0, 1}, new Object[] {random(rng, 3, 4), random(rng, 3, 4)}, rng);
    }
  }

  @Test
  void shapeOperations() {
    SplittableRandom rng = new SplittableRandom(24);
    for (int point = 0; point < 3; point++) {
      check("shapes", new int[] {0, 1}, new Object[] {random(rng, 2, 3), random(rng, 3, 2)}, rng);
    }
  }

  @Test
  void loopsAndBranches() {
    SplittableRandom rng = new SplittableRandom(25);
    for (int steps = 0; steps <= 8; steps += 2) {
      Object[] args = {
        random(rng, 3, 3).mul(0.8), random(rng, 2, 3), steps, 0.5 + rng.nextDouble()
      };
      check("recurrent", new int[] {0, 1, 3}, args, rng);
    }
  }

  @Test
  void doublesAndArraysMixedWithTensors() {
    SplittableRandom rng = new SplittableRandom(26);
    for (int point = 0; point < 3; point++) {
      Object[] args = {random(rng, 2, 2), 0.5 + rng.nextDouble(), rng.doubles(4, -1, 1).toArray()};
      check("mixed", new int[] {0, 1, 2}, args, rng);
    }
  }

  @Test
  void detachStopsTheTangent() {
    SplittableRandom rng = new SplittableRandom(30);
    for (int point = 0; point < 3; point++) {
      Object[] args = {random(rng, 2, 3), 0.5 + rng.nextDouble()};
      check("detached", new int[] {0, 1}, args, rng, false);
      // d/da of a·detach(a·s) + Σ detach(a·s)·s along v is Σ (a·s)·v, and along s it is Σ a·s.
      Tensor a = (Tensor) args[0];
      double s = (double) args[1];
      Tensor v = random(rng, 2, 3);
      List<Object> jvp = components(call(adjoint, "detachedJvp", a, s, v, 1.0));
      assertEquals(a.mul(s).mul(v).sum() + a.mul(s).sum(), (double) jvp.get(1), 1e-12);
    }
  }

  @Test
  void callsBetweenTensorMethods() {
    SplittableRandom rng = new SplittableRandom(27);
    for (int point = 0; point < 3; point++) {
      Object[] args = {random(rng, 2, 2), random(rng, 2, 2), 0.5 + rng.nextDouble()};
      check("outer", new int[] {0, 2}, args, rng);
    }
  }

  @Test
  void vectorOutputAgainstItsPullbackAndJacobian() {
    SplittableRandom rng = new SplittableRandom(28);
    // 6 inputs and 8 outputs (the Jacobian takes forward sweeps), then 13 and 4 (reverse sweeps).
    int[][][] shapes = {{{3, 2}, {4, 3}}, {{3, 4}, {1, 3}}};
    for (int[][] s : shapes) {
      for (int point = 0; point < 3; point++) {
        Object[] args = {random(rng, s[0]), random(rng, s[1]), rng.nextDouble(-1, 1)};
        check("features", new int[] {0, 2}, args, rng);
        double[][] jacobian = (double[][]) call(adjoint, "featuresJacobian", args.clone());
        Tensor w = (Tensor) args[0];
        int n = w.size() + 1;
        assertEquals(n, jacobian[0].length);
        for (int j = 0; j < n; j++) {
          // Column j: the JVP along the j-th flattened input (w's elements, then shift).
          double[] e = new double[w.size()];
          double shiftDot = 0;
          if (j < w.size()) {
            e[j] = 1;
          } else {
            shiftDot = 1;
          }
          double[] column =
              (double[])
                  components(
                          call(
                              adjoint,
                              "featuresJvp",
                              args[0],
                              args[1],
                              args[2],
                              Tensor.of(e, w.shape()),
                              shiftDot))
                      .get(1);
          for (int i = 0; i < column.length; i++) {
            assertEquals(column[i], jacobian[i][j], 1e-12, "J[" + i + "][" + j + "]");
          }
        }
      }
    }
  }

  @Test
  void tensorFieldsAndConstantBranches() {
    SplittableRandom rng = new SplittableRandom(32);
    for (boolean reset : new boolean[] {false, true}) {
      check("withField", new int[] {0}, new Object[] {random(rng, 2, 3), reset}, rng);
    }
  }

  @Test
  void userTangentRule() {
    SplittableRandom rng = new SplittableRandom(29);
    for (int point = 0; point < 3; point++) {
      check("usesCube", new int[] {0}, new Object[] {random(rng, 2, 3).add(2.0)}, rng);
    }
  }

  @Test
  void userTangentRuleOfAScalarFunction() {
    SplittableRandom rng = new SplittableRandom(31);
    for (int point = 0; point < 3; point++) {
      check(
          "usesSoftsign",
          new int[] {0, 1},
          new Object[] {random(rng, 2, 3), rng.nextDouble(-1, 1)},
          rng);
    }
  }

  @Test
  void noForwardModeWithoutATangentRuleNorForItsCallers() {
    assertNull(find(adjoint, "usesSquareJvp"), "usesSquare calls Lib.square, which has no rule");
    assertNull(find(adjoint, "callsUsesSquareJvp"), "callsUsesSquare calls usesSquare");
    assertNotNull(find(adjoint, "usesSquareGradient"), "reverse mode is unaffected");
    assertNotNull(find(adjoint, "callsUsesSquareGradient"), "reverse mode is unaffected");
    // The companion's javadoc says why, where a user looks for the missing method.
    String source = unit.generatedSource("fwdtensor.NetsAdjoint");
    // The class javadoc, its lines joined as javadoc reads them.
    String javadoc = source.replaceAll("\n \\* ", " ");
    assertTrue(
        javadoc.contains("<p>For {@link Nets#usesSquare(Tensor)}: ")
            && javadoc.contains(
                "No {@code usesSquareJvp} (forward mode): no tangent rule"
                    + " (@TangentOf) is declared for Lib.square(Tensor)"),
        source);
    assertTrue(
        javadoc.contains("<p>For {@link Nets#callsUsesSquare(Tensor)}: ")
            && javadoc.contains(
                "No {@code callsUsesSquareJvp} (forward mode): it calls"
                    + " Nets.usesSquare(Tensor), which has none."),
        source);
  }
}
