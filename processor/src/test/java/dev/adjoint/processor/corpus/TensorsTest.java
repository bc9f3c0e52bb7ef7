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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import dev.adjoint.optim.Adam;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorParameter;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code @Differentiable} code over {@code Tensor}s and the losses of {@code dev.adjoint.nn}: the
 * generated gradients against central differences taken element by element, and an MLP trained with
 * the generated gradient whose loss falls.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TensorsTest {
  static final String MODELS =
      """
      package corpus;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class Models {
        private Models() {}

        /** A two-layer perceptron with a softmax cross-entropy loss over integer labels. */
        @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
        public static double mlp(
            Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int[] labels) {
          Tensor hidden = x.matmul(w1).add(b1).relu();
          Tensor logits = hidden.matmul(w2).add(b2);
          return Losses.softmaxCrossEntropy(logits, labels);
        }

        /** Broadcasting, reductions along axes and element-wise functions, with a scalar weight. */
        @Differentiable
        public static double mixed(Tensor a, Tensor row, double scale) {
          Tensor z = a.mul(row).add(scale).tanh();
          Tensor p = z.softmax(1);
          double spread = z.logSumExp(1).mean();
          return p.mul(a.exp()).sum() + spread * scale + a.sigmoid().sum(0).dot(row.reshape(3));
        }

        /** Row slicing and joining. */
        @Differentiable
        public static double slices(Tensor a, Tensor b) {
          Tensor top = a.rows(0, 1);
          Tensor joined = Tensor.concat(0, top.mul(b.rows(1, 2)), b);
          return joined.tanh().sum() + a.rows(1, 3).sum();
        }

        /** A tensor reassigned in a loop: each step's value is kept for the reverse sweep. */
        @Differentiable
        public static double recurrent(Tensor w, Tensor h0, int steps) {
          Tensor h = h0.add(Tensor.zeros(h0.shape()[0], 3));
          for (int t = 0; t < steps; t++) {
            h = h.matmul(w).tanh();
          }
          return h.sum();
        }

        /**
         * Tensors reassigned from themselves: the reverse sweep needs the old h for w's adjoint
         * (a regression: it once read the new one).
         */
        @Differentiable
        public static double reassigned(Tensor w, Tensor h) {
          h = h.matmul(w);
          h = h.tanh();
          h = h.mul(h);
          return h.sum();
        }

        /**
         * Arrays made by toArray, also in a loop: the pullback of toArray reads the array's
         * adjoint (a regression: the reverse sweep once restored it from the tape first).
         */
        @Differentiable
        public static double viaArrays(Tensor a) {
          double[] q = a.tanh().toArray();
          double s = 0;
          for (int i = 0; i < q.length; i++) {
            s += q[i] * q[i];
          }
          for (int k = 0; k < 3; k++) {
            double[] r = a.mul(k + 1.0).toArray();
            s += r[0] * r[1];
          }
          return s;
        }

        /** A mean squared error over a local array, through the runtime's loss. */
        @Differentiable(wrt = "p")
        public static double squashedError(double[] p, double[] target) {
          double[] q = new double[p.length];
          for (int i = 0; i < p.length; i++) {
            q[i] = Math.tanh(p[i]);
          }
          return Losses.mseMean(q, target);
        }

        /** detach on a tensor and on an array: no derivative flows through the detached factor. */
        @Differentiable(wrt = {"a", "p"})
        public static double detached(Tensor a, double[] p) {
          double[] q = dev.adjoint.Adjoint.detach(p);
          q[0] = q[0] * 2;
          return a.mul(dev.adjoint.Adjoint.detach(a)).sum() + p[0] * q[0];
        }

        /** b is differentiated but unused: its gradient is zeros of its shape. */
        @Differentiable
        public static double unused(Tensor a, Tensor b) {
          return a.mul(a).sum();
        }
      }
      """;

  private static Class<?> models;
  private static Class<?> adjoint;

  @BeforeAll
  static void compile() {
    CompiledSources unit = CompiledSources.withAdjoint(MODELS);
    models = unit.load("corpus.Models");
    adjoint = unit.load("corpus.ModelsAdjoint");
  }

  private static Method method(Class<?> owner, String name) {
    for (Method m : owner.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name);
  }

  private static double primal(String name, Object... args) throws Exception {
    return (double) method(models, name).invoke(null, args);
  }

  private static List<Object> gradient(String name, Object... args) throws Exception {
    Object record = method(adjoint, name + "Gradient").invoke(null, args);
    List<Object> values = new ArrayList<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      values.add(c.getAccessor().invoke(record));
    }
    assertEquals(0, Tape.get().size(), "values left on the tape");
    return values;
  }

  /** |g - fd| <= 1e-6 * max(1, |g|) for every element, with h = 1e-6 * max(1, |x|). */
  private static void checkTensorArgument(String name, Object[] args, int arg, Tensor gradient)
      throws Exception {
    Tensor x = (Tensor) args[arg];
    assertArrayEquals(x.shape(), gradient.shape(), name + ": gradient shape");
    double[] data = x.toArray();
    double[] g = gradient.toArray();
    for (int i = 0; i < data.length; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(data[i]));
      Object[] plus = args.clone();
      Object[] minus = args.clone();
      double[] up = data.clone();
      double[] down = data.clone();
      up[i] += h;
      down[i] -= h;
      plus[arg] = Tensor.of(up, x.shape());
      minus[arg] = Tensor.of(down, x.shape());
      double fd = (primal(name, plus) - primal(name, minus)) / (2 * h);
      assertTrue(
          Math.abs(g[i] - fd) <= 1e-6 * Math.max(1, Math.abs(g[i])),
          name + " d/d(arg " + arg + ")[" + i + "]: generated " + g[i] + ", differences " + fd);
    }
  }

  private static Tensor random(SplittableRandom rng, int... shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    double[] data = new double[n];
    for (int i = 0; i < n; i++) {
      data[i] = rng.nextDouble(-1, 1);
    }
    return Tensor.of(data, shape);
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
  void perceptronGradientMatchesFiniteDifferences() throws Exception {
    SplittableRandom rng = new SplittableRandom(11);
    Object[] data = dataset(rng, 12, 3);
    Object[] args = {
      random(rng, 3, 5), random(rng, 5), random(rng, 5, 3), random(rng, 3), data[0], data[1]
    };
    List<Object> g = gradient("mlp", args);
    assertEquals(primal("mlp", args), (double) g.get(0), 0.0);
    for (int k = 0; k < 4; k++) {
      checkTensorArgument("mlp", args, k, (Tensor) g.get(k + 1));
    }
  }

  @Test
  void broadcastingReductionsAndElementwiseFunctions() throws Exception {
    SplittableRandom rng = new SplittableRandom(12);
    for (int trial = 0; trial < 3; trial++) {
      Object[] args = {random(rng, 4, 3), random(rng, 1, 3), 0.4 + 0.3 * trial};
      List<Object> g = gradient("mixed", args);
      checkTensorArgument("mixed", args, 0, (Tensor) g.get(1));
      checkTensorArgument("mixed", args, 1, (Tensor) g.get(2));
      double s = (double) args[2];
      double h = 1e-6;
      Object[] plus = args.clone();
      Object[] minus = args.clone();
      plus[2] = s + h;
      minus[2] = s - h;
      double fd = (primal("mixed", plus) - primal("mixed", minus)) / (2 * h);
      assertEquals(fd, (double) g.get(3), 1e-6 * Math.max(1, Math.abs(fd)), "d/dscale");
    }
  }

  @Test
  void rowSlicesAndConcatenation() throws Exception {
    SplittableRandom rng = new SplittableRandom(15);
    for (int trial = 0; trial < 3; trial++) {
      Object[] args = {random(rng, 3, 2), random(rng, 2, 2)};
      List<Object> g = gradient("slices", args);
      checkTensorArgument("slices", args, 0, (Tensor) g.get(1));
      checkTensorArgument("slices", args, 1, (Tensor) g.get(2));
    }
  }

  @Test
  void tensorReassignedInALoop() throws Exception {
    SplittableRandom rng = new SplittableRandom(13);
    for (int steps = 0; steps <= 3; steps++) {
      Object[] args = {random(rng, 3, 3), random(rng, 2, 3), steps};
      List<Object> g = gradient("recurrent", args);
      checkTensorArgument("recurrent", args, 0, (Tensor) g.get(1));
      checkTensorArgument("recurrent", args, 1, (Tensor) g.get(2));
    }
  }

  @Test
  void tensorReassignedFromItself() throws Exception {
    SplittableRandom rng = new SplittableRandom(16);
    for (int trial = 0; trial < 3; trial++) {
      Object[] args = {random(rng, 3, 3), random(rng, 2, 3)};
      List<Object> g = gradient("reassigned", args);
      checkTensorArgument("reassigned", args, 0, (Tensor) g.get(1));
      checkTensorArgument("reassigned", args, 1, (Tensor) g.get(2));
    }
  }

  @Test
  void arraysMadeByToArray() throws Exception {
    SplittableRandom rng = new SplittableRandom(17);
    for (int trial = 0; trial < 3; trial++) {
      Object[] args = {random(rng, 2, 3)};
      checkTensorArgument("viaArrays", args, 0, (Tensor) gradient("viaArrays", args).get(1));
    }
  }

  @Test
  void lossOverAnArray() throws Exception {
    double[] p = {0.3, -0.2, 0.9, 1.4};
    double[] target = {0.1, 0.2, 0.3, -0.5};
    double[] g = (double[]) gradient("squashedError", p, target).get(1);
    for (int i = 0; i < p.length; i++) {
      // d/dp_i of mean((tanh p - t)^2) = 2 (tanh p_i - t_i) (1 - tanh^2 p_i) / n
      double q = Math.tanh(p[i]);
      assertEquals(2 * (q - target[i]) * (1 - q * q) / p.length, g[i], 1e-14);
    }
  }

  @Test
  void detachStopsTensorAndArrayDerivatives() throws Exception {
    Tensor a = Tensor.of(new double[] {1, -2, 3}, 3);
    double[] p = {1.5, 4};
    List<Object> g = gradient("detached", a, p);
    assertArrayEquals(new double[] {1, -2, 3}, ((Tensor) g.get(1)).toArray(), 0.0); // a, not 2a
    assertArrayEquals(new double[] {3, 0}, (double[]) g.get(2), 0.0); // q[0] = 2 p[0], constant
    assertArrayEquals(new double[] {1.5, 4}, p, 0.0); // the caller's array is untouched
  }

  @Test
  void unusedTensorGetsZeroGradientOfItsShape() throws Exception {
    Tensor a = Tensor.of(new double[] {1, 2, 3}, 3);
    Tensor b = Tensor.of(new double[] {4, 5, 6, 7}, 2, 2);
    List<Object> g = gradient("unused", a, b);
    assertArrayEquals(new double[] {2, 4, 6}, ((Tensor) g.get(1)).toArray(), 0.0);
    assertArrayEquals(new int[] {2, 2}, ((Tensor) g.get(2)).shape());
    assertArrayEquals(new double[4], ((Tensor) g.get(2)).toArray(), 0.0);
  }

  /** The end-to-end check: an MLP trained with its generated gradient and Adam. */
  @Test
  void perceptronTrainedWithAdamLearns() throws Exception {
    SplittableRandom rng = new SplittableRandom(14);
    Object[] data = dataset(rng, 96, 4);
    List<TensorParameter> parameters =
        List.of(
            TensorParameter.of(random(rng, 4, 16).mul(0.5)),
            TensorParameter.of(Tensor.zeros(16)),
            TensorParameter.of(random(rng, 16, 3).mul(0.5)),
            TensorParameter.of(Tensor.zeros(3)));
    Adam adam = new Adam(parameters, Adam.Options.defaults().lr(0.05));
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 150; step++) {
      Object[] args = new Object[6];
      for (int k = 0; k < 4; k++) {
        args[k] = parameters.get(k).tensor();
      }
      args[4] = data[0];
      args[5] = data[1];
      List<Object> g = gradient("mlp", args);
      adam.zeroGrad();
      for (int k = 0; k < 4; k++) {
        parameters.get(k).addGrad((Tensor) g.get(k + 1));
      }
      adam.step();
      if (step == 0) {
        first = (double) g.get(0);
      }
      last = (double) g.get(0);
    }
    assertTrue(last < first * 0.4, "loss fell from " + first + " to " + last);
  }
}
