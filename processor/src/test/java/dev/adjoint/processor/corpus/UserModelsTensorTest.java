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

import static dev.adjoint.processor.corpus.Rejections.compile;
import static dev.adjoint.processor.corpus.Rejections.errors;
import static dev.adjoint.processor.corpus.Rejections.lineOf;
import static dev.adjoint.processor.corpus.Rejections.rejectedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tensor models, records as models, custom derivatives, vector outputs, Hessians and training
 * loops, written the way users write them, checked with {@link AdjointCheck} against finite
 * differences at several random points and sizes; and plausible programs outside the subset.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UserModelsTensorTest {

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> load(String source, String name) {
    return CompiledSources.withAdjoint(source).load("realistic." + name);
  }

  /** The points of a source's own {@code static Object[] name(Random)} sampler. */
  private static Function<Random, Object[]> sampler(Class<?> owner, String name) {
    Method m;
    try {
      m = owner.getDeclaredMethod(name, Random.class);
      m.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return rng -> {
      try {
        return (Object[]) m.invoke(null, rng);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
  }

  private static Object call(Class<?> owner, String name) throws Exception {
    Method m = owner.getDeclaredMethod(name);
    m.setAccessible(true);
    return m.invoke(null);
  }

  static int size(Random rng) {
    int[] sizes = {1, 2, 3, 5};
    return sizes[rng.nextInt(sizes.length)];
  }

  static Tensor t(Random rng, double scale, int... shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * rng.nextGaussian();
    }
    return Tensor.of(v, shape);
  }

  static double[] vec(Random rng, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * rng.nextGaussian();
    }
    return v;
  }

  static double[][] mat(Random rng, int r, int c, double scale) {
    double[][] m = new double[r][];
    for (int i = 0; i < r; i++) {
      m[i] = vec(rng, c, scale);
    }
    return m;
  }

  static int[] labels(Random rng, int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(classes);
    }
    return y;
  }

  // ---------------------------------------------------------------------------------------------
  // 1. An MLP as layers over stacked weights, looped over layers; mini-batch losses.

  static final String STACKED =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class Stacked {
        private Stacked() {}

        @Differentiable
        public static Tensor block(Tensor h, Tensor w, Tensor b) {
          return h.matmul(w).add(b).tanh();
        }

        /** weights [layers * d, d], biases [layers, d]. */
        @Differentiable(wrt = {"weights", "biases"})
        public static Tensor trunk(Tensor x, Tensor weights, Tensor biases, int layers) {
          int d = x.shape()[1];
          Tensor h = x;
          for (int i = 0; i < layers; i++) {
            Tensor w = weights.rows(i * d, (i + 1) * d);
            Tensor b = biases.rows(i, i + 1).reshape(d);
            h = block(h, w, b);
          }
          return h;
        }

        @Differentiable(wrt = {"weights", "biases", "head", "headBias"})
        public static double classify(Tensor weights, Tensor biases, Tensor head, Tensor headBias,
            Tensor x, int[] labels, int layers, double lambda) {
          Tensor h = trunk(x, weights, biases, layers);
          Tensor logits = h.matmul(head).add(headBias);
          return Losses.softmaxCrossEntropy(logits, labels) + Losses.l2(weights, lambda)
              + Losses.l2(head, lambda);
        }

        /** The per-layer form of the README: w.rows(i, i + 1).reshape(d, d) of a [L, d*d]. */
        @Differentiable(wrt = {"stack", "out"})
        public static double regress(Tensor stack, Tensor out, Tensor x, Tensor y, int layers) {
          int d = x.shape()[1];
          Tensor h = x;
          for (int i = 0; i < layers; i++) {
            Tensor w = stack.rows(i, i + 1).reshape(d, d);
            h = h.add(block(h, w, Tensor.zeros(d)));      // residual
          }
          return Losses.mseMean(h.matmul(out), y);
        }

        static Object[] classifyPoint(java.util.Random rng) {
          int[] sizes = {1, 2, 3};
          int d = sizes[rng.nextInt(3)];
          int layers = 1 + rng.nextInt(3);
          int n = 1 + rng.nextInt(5);
          int c = 1 + sizes[rng.nextInt(3)];
          int[] labels = new int[n];
          for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(c);
          }
          return new Object[] {
            Tensor.randn(rng, layers * d, d).mul(0.6), Tensor.randn(rng, layers, d).mul(0.3),
            Tensor.randn(rng, d, c).mul(0.6), Tensor.randn(rng, c).mul(0.3),
            Tensor.randn(rng, n, d), labels, layers, 0.05
          };
        }

        static Object[] trunkPoint(java.util.Random rng) {
          Object[] p = classifyPoint(rng);
          return new Object[] {p[4], p[0], p[1], p[6]};
        }

        static Object[] regressPoint(java.util.Random rng) {
          int[] sizes = {1, 2, 3};
          int d = sizes[rng.nextInt(3)];
          int layers = rng.nextInt(4);
          int n = 1 + rng.nextInt(4);
          int o = sizes[rng.nextInt(3)];
          return new Object[] {
            Tensor.randn(rng, Math.max(layers, 1), d * d).mul(0.5), Tensor.randn(rng, d, o),
            Tensor.randn(rng, n, d), Tensor.randn(rng, n, o), layers
          };
        }
      }
      """;

  @Test
  void stackedMlpOverLayers() {
    Class<?> c = load(STACKED, "Stacked");
    AdjointCheck.of(c)
        .pointsPerMethod(5)
        .points(
            "block",
            rng -> {
              int n = size(rng);
              int d = size(rng);
              int o = size(rng);
              return new Object[] {t(rng, 1, n, d), t(rng, 0.6, d, o), t(rng, 0.3, o)};
            })
        .points("trunk", sampler(c, "trunkPoint"))
        .points("classify", sampler(c, "classifyPoint"))
        .points("regress", sampler(c, "regressPoint"))
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Self-attention with a residual connection and layer norm written with Tensor ops.

  static final String ATTENTION =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Layers;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class SelfAttention {
        private SelfAttention() {}

        /** Layer norm by hand over the last axis of [n, d]. */
        @Differentiable
        public static Tensor norm(Tensor x, Tensor gamma, Tensor beta) {
          int n = x.shape()[0];
          Tensor mu = x.mean(1, true);
          Tensor c = x.sub(mu);
          Tensor var = c.mul(c).mean(1).reshape(n, 1);
          return c.div(var.add(1e-5).sqrt()).mul(gamma).add(beta);
        }

        @Differentiable
        public static Tensor attend(Tensor x, Tensor wq, Tensor wk, Tensor wv) {
          Tensor q = x.matmul(wq);
          Tensor k = x.matmul(wk);
          Tensor v = x.matmul(wv);
          double scale = 1.0 / Math.sqrt(wq.shape()[1]);
          Tensor p = q.matmul(k.transpose()).mul(scale).softmax(1);
          return p.matmul(v);
        }

        /** Pre-norm transformer block: x + attend(norm(x)), then x + mlp(norm(x)). */
        @Differentiable
        public static Tensor block(Tensor x, Tensor wq, Tensor wk, Tensor wv, Tensor w1,
            Tensor w2, Tensor gamma, Tensor beta) {
          Tensor h = x.add(attend(norm(x, gamma, beta), wq, wk, wv));
          Tensor f = Layers.layerNorm(h, gamma, beta, 1e-5).matmul(w1).relu().matmul(w2);
          return h.add(f);
        }

        @Differentiable(wrt = {"wq", "wk", "wv", "w1", "w2", "gamma", "beta"})
        public static double loss(Tensor wq, Tensor wk, Tensor wv, Tensor w1, Tensor w2,
            Tensor gamma, Tensor beta, Tensor x, Tensor y, int depth) {
          Tensor h = x;
          for (int i = 0; i < depth; i++) {
            h = block(h, wq, wk, wv, w1, w2, gamma, beta);
          }
          return Losses.mseMean(h.mean(0, true), y) + 0.01 * h.logSumExp(1).sum();
        }

        static Object[] point(java.util.Random rng) {
          int[] sizes = {1, 2, 3};
          int n = sizes[rng.nextInt(3)];
          int d = 1 + sizes[rng.nextInt(3)];
          int k = sizes[rng.nextInt(3)];
          int hdn = sizes[rng.nextInt(3)];
          return new Object[] {
            Tensor.randn(rng, d, k).mul(0.5), Tensor.randn(rng, d, k).mul(0.5),
            Tensor.randn(rng, d, d).mul(0.5), Tensor.randn(rng, d, hdn).mul(0.5),
            Tensor.randn(rng, hdn, d).mul(0.5), Tensor.randn(rng, d).mul(0.2).add(1.0),
            Tensor.randn(rng, d).mul(0.2), Tensor.randn(rng, n, d), Tensor.randn(rng, 1, d),
            1 + rng.nextInt(2)
          };
        }

        static Object[] blockPoint(java.util.Random rng) {
          Object[] p = point(rng);
          return new Object[] {p[7], p[0], p[1], p[2], p[3], p[4], p[5], p[6]};
        }

        static Object[] attendPoint(java.util.Random rng) {
          Object[] p = point(rng);
          return new Object[] {p[7], p[0], p[1], p[2]};
        }

        static Object[] normPoint(java.util.Random rng) {
          Object[] p = point(rng);
          return new Object[] {p[7], p[5], p[6]};
        }
      }
      """;

  @Test
  void selfAttentionWithResidualAndLayerNorm() {
    Class<?> c = load(ATTENTION, "SelfAttention");
    AdjointCheck.of(c)
        .pointsPerMethod(5)
        .points("norm", sampler(c, "normPoint"))
        .points("attend", sampler(c, "attendPoint"))
        .points("block", sampler(c, "blockPoint"))
        .points("loss", sampler(c, "point"))
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 3. A small 1-D CNN: conv1d, relu, global average pooling, dense, BCE with logits.

  static final String CNN =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Layers;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class Cnn {
        private Cnn() {}

        @Differentiable
        public static Tensor features(Tensor x, Tensor k1, Tensor b1, Tensor k2, Tensor b2) {
          Tensor h = Layers.conv1d(x, k1, b1, 1, 1).relu();
          h = Layers.conv1d(h, k2, b2, 2, 0).tanh();
          int n = h.shape()[0];
          return h.mean(2).reshape(n, h.shape()[1]);
        }

        @Differentiable(wrt = {"k1", "b1", "k2", "b2", "w", "b"})
        public static double loss(Tensor k1, Tensor b1, Tensor k2, Tensor b2, Tensor w, Tensor b,
            Tensor x, Tensor y) {
          Tensor logits = Layers.dense(features(x, k1, b1, k2, b2), w, b);
          return Losses.bceWithLogits(logits, y);
        }

        static Object[] point(java.util.Random rng) {
          int n = 1 + rng.nextInt(3);
          int in = 1 + rng.nextInt(2);
          int len = 4 + rng.nextInt(4);
          int c1 = 1 + rng.nextInt(3);
          int c2 = 1 + rng.nextInt(2);
          double[] y = new double[n];
          for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
          }
          return new Object[] {
            Tensor.randn(rng, c1, in, 3).mul(0.7), Tensor.randn(rng, c1).mul(0.2),
            Tensor.randn(rng, c2, c1, 2).mul(0.7), Tensor.randn(rng, c2).mul(0.2),
            Tensor.randn(rng, c2, 1), Tensor.randn(rng, 1), Tensor.randn(rng, n, in, len),
            Tensor.of(y, n, 1)
          };
        }

        static Object[] featuresPoint(java.util.Random rng) {
          Object[] p = point(rng);
          return new Object[] {p[6], p[0], p[1], p[2], p[3]};
        }
      }
      """;

  @Test
  void convolutionalClassifier() {
    Class<?> c = load(CNN, "Cnn");
    AdjointCheck.of(c)
        .pointsPerMethod(5)
        .points("features", sampler(c, "featuresPoint"))
        .points("loss", sampler(c, "point"))
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 4. A Tensor layer called from a double-valued loss that loops over arrays.

  static final String MIXED =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.tensor.Tensor;

      public final class Mixed {
        private Mixed() {}

        @Differentiable
        public static Tensor encode(Tensor x, Tensor w) {
          return x.matmul(w).tanh();
        }

        /** A Tensor encoder, an array readout v, per-example weights; loops over the rows. */
        @Differentiable(wrt = {"w", "v", "c"})
        public static double loss(Tensor w, double[] v, double c, double[][] xs, double[] ys,
            double[] weights) {
          int d = xs[0].length;
          double total = 0;
          for (int i = 0; i < xs.length; i++) {
            Tensor h = encode(Tensor.of(xs[i], 1, d), w);
            double[] ha = h.toArray();
            double pred = c;
            for (int j = 0; j < ha.length; j++) {
              pred += v[j] * ha[j];
            }
            double r = pred - ys[i];
            total += weights[i] * r * r;
          }
          return total / xs.length;
        }

        /** The differentiated array turned into a Tensor, and the tensor back to a double. */
        @Differentiable(wrt = {"w", "v"})
        public static double readout(Tensor w, double[] v, double[][] xs) {
          Tensor vt = Tensor.of(v, v.length, 1);
          double total = 0;
          for (double[] x : xs) {
            Tensor h = encode(Tensor.of(x, 1, x.length), w);
            double s = h.matmul(vt).item();
            total += Math.log1p(Math.exp(s)) - 0.5 * s;
          }
          return total;
        }

        static Object[] point(java.util.Random rng) {
          int[] sizes = {1, 2, 3};
          int d = sizes[rng.nextInt(3)];
          int h = sizes[rng.nextInt(3)];
          int n = 1 + rng.nextInt(4);
          double[][] xs = new double[n][d];
          double[] ys = new double[n];
          double[] wt = new double[n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
              xs[i][j] = rng.nextGaussian();
            }
            ys[i] = rng.nextGaussian();
            wt[i] = 0.5 + rng.nextDouble();
          }
          double[] v = new double[h];
          for (int j = 0; j < h; j++) {
            v[j] = rng.nextGaussian();
          }
          return new Object[] {Tensor.randn(rng, d, h).mul(0.7), v, rng.nextGaussian(), xs, ys, wt};
        }

        static Object[] readoutPoint(java.util.Random rng) {
          Object[] p = point(rng);
          return new Object[] {p[0], p[1], p[3]};
        }
      }
      """;

  @Test
  void tensorLayerInsideAnArrayLoss() {
    Class<?> c = load(MIXED, "Mixed");
    AdjointCheck.of(c)
        .pointsPerMethod(5)
        .points("encode", rng -> new Object[] {t(rng, 1, size(rng), 2), t(rng, 0.7, 2, size(rng))})
        .points("loss", sampler(c, "point"))
        .points("readout", sampler(c, "readoutPoint"))
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Records as models: nested records of Tensor, double[], double and int components.

  static final String RECORDS =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class Nets {
        private Nets() {}

        public record Dense(Tensor w, Tensor b) {
          @Differentiable
          public Tensor apply(Tensor x) {
            return x.matmul(w).add(b);
          }
        }

        /** A readout over arrays, with a bias and a log-temperature. */
        public record Head(double[] v, double bias, double logTemp) {
          @Differentiable
          public double score(double[] h) {
            double s = bias;
            for (int j = 0; j < v.length; j++) {
              s += v[j] * h[j];
            }
            return s * Math.exp(-logTemp);
          }
        }

        public record Mlp(Dense l1, Dense l2, Head head, int hops) {
          @Differentiable(wrt = "this")
          public double loss(Tensor x, double[] y) {
            Tensor h = l1.apply(x).tanh();
            for (int k = 0; k < hops; k++) {
              h = h.add(l2().apply(h).relu());
            }
            double[] flat = h.toArray();
            int d = h.shape()[1];
            double total = 0;
            for (int i = 0; i < y.length; i++) {
              double[] row = new double[d];
              for (int j = 0; j < d; j++) {
                row[j] = flat[i * d + j];
              }
              double r = head.score(row) - y[i];
              total += r * r;
            }
            return total / y.length + penalty(this, 0.01);
          }
        }

        @Differentiable(wrt = "m")
        public static double penalty(Mlp m, double lambda) {
          Dense last = m.l2();
          return Losses.l2(m.l1().w(), lambda) + Losses.l2(last.w(), lambda)
              + Losses.l2(m.head().v(), lambda);
        }

        /** A record holding a record, with a static loss taking it and data. */
        public record Wrapped(Mlp inner, double[] shift) {
          @Differentiable(wrt = "this")
          public double loss(Tensor x, double[] y) {
            double s = 0;
            for (double v : shift) {
              s += v * v;
            }
            double[] probe = new double[inner.head().v().length];
            for (int j = 0; j < probe.length; j++) {
              probe[j] = shift[j % shift.length];
            }
            return inner.loss(x, y) + 0.5 * s + inner.head().score(probe);
          }
        }

        static Mlp mlp(java.util.Random rng, int d, int h) {
          double[] v = new double[h];
          for (int j = 0; j < h; j++) {
            v[j] = rng.nextGaussian();
          }
          return new Mlp(
              new Dense(Tensor.randn(rng, d, h).mul(0.6), Tensor.randn(rng, h).mul(0.2)),
              new Dense(Tensor.randn(rng, h, h).mul(0.6), Tensor.randn(rng, h).mul(0.2)),
              new Head(v, rng.nextGaussian(), 0.3 * rng.nextGaussian()),
              rng.nextInt(3));
        }

        static Object[] mlpPoint(java.util.Random rng) {
          int[] sizes = {1, 2, 3};
          int d = sizes[rng.nextInt(3)];
          int h = sizes[rng.nextInt(3)];
          int n = 1 + rng.nextInt(4);
          double[] y = new double[n];
          for (int i = 0; i < n; i++) {
            y[i] = rng.nextGaussian();
          }
          return new Object[] {mlp(rng, d, h), Tensor.randn(rng, n, d), y};
        }

        static Object[] wrappedPoint(java.util.Random rng) {
          Object[] p = mlpPoint(rng);
          double[] shift = new double[1 + rng.nextInt(3)];
          for (int j = 0; j < shift.length; j++) {
            shift[j] = rng.nextGaussian();
          }
          return new Object[] {new Wrapped((Mlp) p[0], shift), p[1], p[2]};
        }

        static Object[] penaltyPoint(java.util.Random rng) {
          return new Object[] {mlpPoint(rng)[0], 0.1};
        }

        static Object[] densePoint(java.util.Random rng) {
          Mlp m = mlp(rng, 2, 3);
          return new Object[] {m.l1(), Tensor.randn(rng, 1 + rng.nextInt(3), 2)};
        }

        static Object[] headPoint(java.util.Random rng) {
          Mlp m = mlp(rng, 2, 1 + rng.nextInt(3));
          double[] h = new double[m.head().v().length];
          for (int j = 0; j < h.length; j++) {
            h[j] = rng.nextGaussian();
          }
          return new Object[] {m.head(), h};
        }
      }
      """;

  @Test
  void recordsAsModels() {
    Class<?> nets = load(RECORDS, "Nets");
    AdjointCheck.of(load(RECORDS, "Nets$Dense"))
        .points("apply", sampler(nets, "densePoint"))
        .verify();
    AdjointCheck.of(load(RECORDS, "Nets$Head"))
        .points("score", sampler(nets, "headPoint"))
        .verify();
    AdjointCheck.of(load(RECORDS, "Nets$Mlp"))
        .pointsPerMethod(6)
        .points("loss", sampler(nets, "mlpPoint"))
        .verify();
    AdjointCheck.of(load(RECORDS, "Nets$Wrapped"))
        .pointsPerMethod(5)
        .points("loss", sampler(nets, "wrappedPoint"))
        .verify();
    AdjointCheck.of(nets).points("penalty", sampler(nets, "penaltyPoint")).verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Custom derivatives: a user library over double and double[], pullbacks and tangents.

  static final String LIB =
      """
      package realistic.lib;

      /** A library Adjoint cannot read (imagine native code). */
      public final class Robust {
        private Robust() {}

        /** Smooth clipping of x to (-c, c): c * tanh(x / c). */
        public static double softClip(double x, double c) {
          return c * Math.tanh(x / c);
        }

        /** log(sum exp z), stably. */
        public static double logSumExp(double[] z) {
          double m = Double.NEGATIVE_INFINITY;
          for (double v : z) {
            m = Math.max(m, v);
          }
          double s = 0;
          for (double v : z) {
            s += Math.exp(v - m);
          }
          return m + Math.log(s);
        }

        /** Two outputs: the mean and the (biased) variance. */
        public static double[] moments(double[] x) {
          double m = 0;
          for (double v : x) {
            m += v;
          }
          m /= x.length;
          double q = 0;
          for (double v : x) {
            q += (v - m) * (v - m);
          }
          return new double[] {m, q / x.length};
        }
      }
      """;

  static final String LIB_RULES =
      """
      package realistic.lib;

      import dev.adjoint.PullbackOf;
      import dev.adjoint.TangentOf;

      public final class RobustPullbacks {
        private RobustPullbacks() {}

        @PullbackOf(type = Robust.class, method = "softClip", wrt = "x")
        public static double softClipX(double x, double c, double seed) {
          double t = Math.tanh(x / c);
          return seed * (1 - t * t);
        }

        @PullbackOf(type = Robust.class, method = "softClip", wrt = "c")
        public static double softClipC(double x, double c, double seed) {
          double t = Math.tanh(x / c);
          return seed * (t - (x / c) * (1 - t * t));
        }

        @PullbackOf(type = Robust.class, method = "logSumExp", wrt = "z")
        public static double[] logSumExpZ(double[] z, double result, double seed) {
          double[] g = new double[z.length];
          for (int i = 0; i < z.length; i++) {
            g[i] = seed * Math.exp(z[i] - result);
          }
          return g;
        }

        @PullbackOf(type = Robust.class, method = "moments", wrt = "x")
        public static double[] momentsX(double[] x, double[] result, double[] seed) {
          int n = x.length;
          double[] g = new double[n];
          for (int i = 0; i < n; i++) {
            g[i] = seed[0] / n + seed[1] * 2 * (x[i] - result[0]) / n;
          }
          return g;
        }

        @TangentOf(type = Robust.class, method = "softClip")
        public static double softClipTangent(double x, double c, double xDot, double cDot) {
          double t = Math.tanh(x / c);
          return xDot * (1 - t * t) + cDot * (t - (x / c) * (1 - t * t));
        }

        @TangentOf(type = Robust.class, method = "logSumExp")
        public static double logSumExpTangent(double[] z, double result, double[] zDot) {
          if (zDot == null) {
            return 0;
          }
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            s += zDot[i] * Math.exp(z[i] - result);
          }
          return s;
        }

        @TangentOf(type = Robust.class, method = "moments")
        public static double[] momentsTangent(double[] x, double[] result, double[] xDot) {
          double[] out = new double[2];
          if (xDot == null) {
            return out;
          }
          int n = x.length;
          for (int i = 0; i < n; i++) {
            out[0] += xDot[i] / n;
            out[1] += 2 * (x[i] - result[0]) * xDot[i] / n;
          }
          return out;
        }
      }
      """;

  static final String CUSTOM =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import realistic.lib.Robust;

      public final class RobustModels {
        private RobustModels() {}

        /** Softmax regression with clipped logits, through the library's logSumExp. */
        @Differentiable(wrt = {"w", "clip"})
        public static double nll(double[][] w, double clip, double[][] x, int[] y) {
          int k = w.length;
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double[] z = new double[k];
            for (int c = 0; c < k; c++) {
              double s = 0;
              for (int j = 0; j < x[i].length; j++) {
                s += w[c][j] * x[i][j];
              }
              z[c] = Robust.softClip(s, clip);
            }
            total += Robust.logSumExp(z) - z[y[i]];
          }
          return total / x.length;
        }

        /** Standardised residuals through the two-output library function. */
        @Differentiable(wrt = {"a", "b"})
        public static double standardized(double a, double b, double[] t, double[] y) {
          double[] r = new double[t.length];
          for (int i = 0; i < t.length; i++) {
            r[i] = y[i] - (a + b * t[i]);
          }
          double[] mv = Robust.moments(r);
          return mv[0] * mv[0] + Math.log(mv[1] + 1e-3);
        }

        @Differentiable
        public static double[] momentsOf(double[] x) {
          double[] mv = Robust.moments(x);
          return new double[] {mv[0], Math.sqrt(mv[1] + 1e-6)};
        }
      }
      """;

  @Test
  void customDerivativesOfAUserLibrary() {
    CompiledSources unit = CompiledSources.withAdjoint(CUSTOM, LIB, LIB_RULES);
    Class<?> c = unit.load("realistic.RobustModels");
    AdjointCheck.of(c)
        .pointsPerMethod(5)
        .points(
            "nll",
            rng -> {
              int k = 1 + size(rng);
              int d = size(rng);
              int n = size(rng);
              return new Object[] {
                mat(rng, k, d, 1), 1 + rng.nextDouble(), mat(rng, n, d, 1), labels(rng, n, k)
              };
            })
        .points(
            "standardized",
            rng -> {
              int n = 2 + rng.nextInt(4);
              return new Object[] {
                rng.nextGaussian(), rng.nextGaussian(), vec(rng, n, 1), vec(rng, n, 1)
              };
            })
        .points("momentsOf", rng -> new Object[] {vec(rng, 1 + rng.nextInt(4), 1)})
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 7. Vector-valued methods: residuals for Gauss-Newton, a Tensor layer's outputs as double[],
  //    a record's predictions, a fixed two-output method with loops.

  static final String VECTORS =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.tensor.Tensor;

      public final class Vectors {
        private Vectors() {}

        /** Residuals of y = a exp(-k t) + c. */
        @Differentiable(wrt = "theta")
        public static double[] residuals(double[] theta, double[] t, double[] y) {
          double[] r = new double[t.length];
          for (int i = 0; i < t.length; i++) {
            r[i] = theta[0] * Math.exp(-theta[1] * t[i]) + theta[2] - y[i];
          }
          return r;
        }

        /** The flattened outputs of a Tensor layer. */
        @Differentiable(wrt = {"w", "b"})
        public static double[] logits(Tensor w, Tensor b, Tensor x) {
          return x.matmul(w).add(b).tanh().toArray();
        }

        /** Center of mass and spread: two outputs stated up front, loops inside. */
        @Differentiable
        public static double[] centroid(double[] xs, double[] masses) {
          double m = 0;
          double c = 0;
          for (int i = 0; i < xs.length; i++) {
            double wi = masses[i] * masses[i];
            m += wi;
            c += wi * xs[i];
          }
          c /= m;
          double s = 0;
          for (int i = 0; i < xs.length; i++) {
            double dx = xs[i] - c;
            s += masses[i] * masses[i] * dx * dx;
          }
          return new double[] {c, Math.sqrt(s / m + 1e-9)};
        }

        /** Three outputs into a buffer, with a branch. */
        @Differentiable
        public static double[] forwardKinematics(double[] angles, double[] lengths) {
          double[] p = new double[3];
          double a = 0;
          for (int i = 0; i < angles.length; i++) {
            a += angles[i];
            p[0] += lengths[i] * Math.cos(a);
            p[1] += lengths[i] * Math.sin(a);
          }
          p[2] = a > 0 ? a : -0.5 * a;
          return p;
        }

        public record Linear(double[] w, double b) {
          @Differentiable(wrt = "this")
          public double[] predict(double[][] x) {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              double s = b;
              for (int j = 0; j < w.length; j++) {
                s += w[j] * x[i][j];
              }
              out[i] = s;
            }
            return out;
          }
        }

        /** Gauss-Newton from the generated Jacobian, returning theta after `steps` steps. */
        public static double[] fit(double[] theta0, double[] t, double[] y, int steps) {
          double[] theta = theta0.clone();
          for (int s = 0; s < steps; s++) {
            double[][] j = VectorsAdjoint.residualsJacobian(theta, t, y);
            double[] r = residuals(theta, t, y);
            double[][] a = new double[3][3];
            double[] g = new double[3];
            for (int i = 0; i < r.length; i++) {
              for (int p = 0; p < 3; p++) {
                g[p] += j[i][p] * r[i];
                for (int q = 0; q < 3; q++) {
                  a[p][q] += j[i][p] * j[i][q];
                }
              }
            }
            double[] d = solve3(a, g);
            for (int p = 0; p < 3; p++) {
              theta[p] -= d[p];
            }
          }
          return theta;
        }

        static double[] solve3(double[][] a, double[] b) {
          int n = 3;
          double[][] m = new double[n][n + 1];
          for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
          }
          for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
              if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                p = r;
              }
            }
            double[] tmp = m[c];
            m[c] = m[p];
            m[p] = tmp;
            for (int r = 0; r < n; r++) {
              if (r != c) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                  m[r][k] -= f * m[c][k];
                }
              }
            }
          }
          double[] x = new double[n];
          for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
          }
          return x;
        }
      }
      """;

  @Test
  void vectorOutputsAndJacobians() throws Exception {
    Class<?> c = load(VECTORS, "Vectors");
    AdjointCheck.of(c)
        .pointsPerMethod(5)
        .points(
            "residuals",
            rng -> {
              int n = size(rng);
              double[] t = new double[n];
              for (int i = 0; i < n; i++) {
                t[i] = 0.5 * i + rng.nextDouble();
              }
              return new Object[] {
                new double[] {1 + rng.nextDouble(), 0.5 + rng.nextDouble(), rng.nextGaussian()},
                t,
                vec(rng, n, 1)
              };
            })
        .points(
            "logits",
            rng -> {
              int n = size(rng);
              int d = size(rng);
              int o = size(rng);
              return new Object[] {t(rng, 0.7, d, o), t(rng, 0.3, o), t(rng, 1, n, d)};
            })
        .points(
            "centroid",
            rng -> {
              int n = size(rng);
              return new Object[] {vec(rng, n, 1), vec(rng, n, 1)};
            })
        .points(
            "forwardKinematics",
            rng -> {
              int n = size(rng);
              return new Object[] {vec(rng, n, 1), vec(rng, n, 1)};
            })
        .verify();
    Class<?> linear = load(VECTORS, "Vectors$Linear");
    var ctor = linear.getDeclaredConstructor(double[].class, double.class);
    AdjointCheck.of(linear)
        .pointsPerMethod(4)
        .points(
            "predict",
            rng -> {
              int d = size(rng);
              int n = size(rng);
              try {
                return new Object[] {
                  ctor.newInstance(vec(rng, d, 1), rng.nextGaussian()), mat(rng, n, d, 1)
                };
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            })
        .verify();
    // Gauss-Newton on exact data recovers the parameters.
    double[] truth = {2.0, 0.7, -0.3};
    int n = 12;
    double[] t = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 0.4 * i;
      y[i] = truth[0] * Math.exp(-truth[1] * t[i]) + truth[2];
    }
    Method fit = c.getMethod("fit", double[].class, double[].class, double[].class, int.class);
    double[] theta = (double[]) fit.invoke(null, new double[] {1.5, 0.5, 0.0}, t, y, 20);
    for (int p = 0; p < 3; p++) {
      assertEquals(truth[p], theta[p], 1e-8, "Gauss-Newton parameter " + p);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 8. Hessians (order = 2) of small realistic scalar models, against closed forms too.

  static final String SECOND =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Likelihoods {
        private Likelihoods() {}

        @Differentiable(order = 2)
        public static double logSigmoid(double z) {
          return z < 0 ? z - Math.log1p(Math.exp(z)) : -Math.log1p(Math.exp(-z));
        }

        /** Mean logistic loss with an L2 penalty on w (not on b). */
        @Differentiable(order = 2, wrt = {"w", "b"})
        public static double logistic(double[] w, double b, double[][] x, int[] y, double lambda) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * x[i][j];
            }
            double sign = y[i] == 1 ? 1.0 : -1.0;
            total -= logSigmoid(sign * z);
          }
          double reg = 0;
          for (double v : w) {
            reg += v * v;
          }
          return total / x.length + 0.5 * lambda * reg;
        }

        /** Gaussian negative log-likelihood in (mu, log sigma). */
        @Differentiable(order = 2, wrt = {"mu", "logSigma"})
        public static double gaussianNll(double mu, double logSigma, double[] data) {
          double inv = Math.exp(-2 * logSigma);
          double total = 0;
          for (double x : data) {
            double r = x - mu;
            total += 0.5 * r * r * inv + logSigma + 0.5 * Math.log(2 * Math.PI);
          }
          return total;
        }

        /** A bivariate Gaussian with a correlation through tanh: five parameters. */
        @Differentiable(order = 2, wrt = "p")
        public static double bivariateNll(double[] p, double[][] data) {
          double s1 = Math.exp(p[2]);
          double s2 = Math.exp(p[3]);
          double rho = Math.tanh(p[4]);
          double q = 1 - rho * rho;
          double total = 0;
          for (double[] row : data) {
            double u = (row[0] - p[0]) / s1;
            double v = (row[1] - p[1]) / s2;
            total += (u * u - 2 * rho * u * v + v * v) / (2 * q) + Math.log(s1 * s2)
                + 0.5 * Math.log(q);
          }
          return total / data.length;
        }
      }
      """;

  @Test
  void hessiansOfLikelihoods() throws Exception {
    Class<?> c = load(SECOND, "Likelihoods");
    AdjointCheck.of(c)
        .pointsPerMethod(5)
        .points("logSigmoid", rng -> new Object[] {3 * rng.nextGaussian()})
        .points(
            "logistic",
            rng -> {
              int d = size(rng);
              int n = size(rng);
              return new Object[] {
                vec(rng, d, 1), rng.nextGaussian(), mat(rng, n, d, 1), labels(rng, n, 2), 0.1
              };
            })
        .points(
            "gaussianNll",
            rng ->
                new Object[] {rng.nextGaussian(), 0.3 * rng.nextGaussian(), vec(rng, size(rng), 1)})
        .points(
            "bivariateNll",
            rng ->
                new Object[] {
                  new double[] {
                    rng.nextGaussian(),
                    rng.nextGaussian(),
                    0.3 * rng.nextGaussian(),
                    0.3 * rng.nextGaussian(),
                    0.5 * rng.nextGaussian()
                  },
                  mat(rng, 1 + rng.nextInt(4), 2, 1)
                })
        .verify();
    // Closed forms: Gaussian NLL Hessian in (mu, s = log sigma).
    Class<?> adj = load(SECOND, "LikelihoodsAdjoint");
    double mu = 0.3;
    double s = -0.2;
    double[] data = {0.1, -0.4, 1.3};
    double[][] h =
        (double[][])
            adj.getMethod("gaussianNllHessian", double.class, double.class, double[].class)
                .invoke(null, mu, s, data);
    double inv = Math.exp(-2 * s);
    double sumR = 0;
    double sumR2 = 0;
    for (double x : data) {
      sumR += x - mu;
      sumR2 += (x - mu) * (x - mu);
    }
    assertEquals(data.length * inv, h[0][0], 1e-12);
    assertEquals(2 * sumR * inv, h[0][1], 1e-12);
    assertEquals(2 * sumR * inv, h[1][0], 1e-12);
    assertEquals(2 * sumR2 * inv, h[1][1], 1e-12);
    // Logistic: H = (1/n) sum p(1-p) [x;1][x;1]^T + lambda on the w block.
    double[] w = {0.2, -0.5};
    double b = 0.1;
    double[][] x = {{1, 2}, {-1, 0.5}, {0.3, -0.7}};
    int[] y = {1, 0, 1};
    double lambda = 0.3;
    double[][] hl =
        (double[][])
            adj.getMethod(
                    "logisticHessian",
                    double[].class,
                    double.class,
                    double[][].class,
                    int[].class,
                    double.class)
                .invoke(null, w, b, x, y, lambda);
    double[][] expect = new double[3][3];
    for (int i = 0; i < x.length; i++) {
      double z = b + w[0] * x[i][0] + w[1] * x[i][1];
      double p = 1 / (1 + Math.exp(-z));
      double[] f = {x[i][0], x[i][1], 1};
      for (int a = 0; a < 3; a++) {
        for (int bb = 0; bb < 3; bb++) {
          expect[a][bb] += p * (1 - p) * f[a] * f[bb] / x.length;
        }
      }
    }
    expect[0][0] += lambda;
    expect[1][1] += lambda;
    for (int a = 0; a < 3; a++) {
      for (int bb = 0; bb < 3; bb++) {
        assertEquals(expect[a][bb], hl[a][bb], 1e-12, "H[" + a + "][" + bb + "]");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 9. Training loops with the generated gradient and the runtime's optimizers.

  static final String TRAIN =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.optim.Adam;
      import dev.adjoint.optim.Parameter;
      import dev.adjoint.optim.Sgd;
      import dev.adjoint.tensor.Tensor;
      import dev.adjoint.tensor.TensorParameter;
      import java.util.List;
      import java.util.Random;

      public final class Train {
        private Train() {}

        /** A linear model as a record, trained with Adam stepping the record. */
        public record Linear(double[] w, double b) {
          @Differentiable(wrt = "this")
          public double loss(double[][] x, double[] y) {
            double total = 0;
            for (int i = 0; i < x.length; i++) {
              double z = b;
              for (int j = 0; j < w.length; j++) {
                z += w[j] * x[i][j];
              }
              double r = z - y[i];
              total += r * r;
            }
            return total / x.length;
          }
        }

        /** The same model, one example per call, for Sgd over a flat parameter vector. */
        @Differentiable(wrt = "theta")
        public static double example(double[] theta, double[] x, double y) {
          double z = theta[theta.length - 1];
          for (int j = 0; j < x.length; j++) {
            z += theta[j] * x[j];
          }
          double r = z - y;
          return 0.5 * r * r;
        }

        /** A Tensor regression: y = x w + b, trained through TensorParameter. */
        @Differentiable(wrt = {"w", "b"})
        public static double tensorLoss(Tensor w, Tensor b, Tensor x, Tensor y) {
          return Losses.mseMean(x.matmul(w).add(b), y);
        }

        static final double[] TRUE_W = {1.5, -2.0, 0.5};
        static final double TRUE_B = 0.7;

        static double[][] xs(Random rng, int n) {
          double[][] x = new double[n][3];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
              x[i][j] = rng.nextGaussian();
            }
          }
          return x;
        }

        static double[] ys(double[][] x, Random rng, double noise) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            double z = TRUE_B;
            for (int j = 0; j < 3; j++) {
              z += TRUE_W[j] * x[i][j];
            }
            y[i] = z + noise * rng.nextGaussian();
          }
          return y;
        }

        /** {first loss, last loss, w0, w1, w2, b}. */
        public static double[] adamRecord() {
          Random rng = new Random(7);
          double[][] x = xs(rng, 64);
          double[] y = ys(x, rng, 0.01);
          Linear model = new Linear(new double[3], 0.0);
          Adam adam = new Adam(Adam.Options.defaults().lr(0.05));
          double first = model.loss(x, y);
          for (int step = 0; step < 600; step++) {
            for (int from = 0; from < 64; from += 16) {
              double[][] bx = java.util.Arrays.copyOfRange(x, from, from + 16);
              double[] by = java.util.Arrays.copyOfRange(y, from, from + 16);
              Linear grad = Train_LinearAdjoint.lossGradient(model, bx, by).self();
              model = adam.step(model, grad);
            }
          }
          return new double[] {first, model.loss(x, y), model.w()[0], model.w()[1], model.w()[2],
              model.b()};
        }

        /** {first loss, last loss, theta...}. */
        public static double[] sgdPullback() {
          Random rng = new Random(11);
          double[][] x = xs(rng, 50);
          double[] y = ys(x, rng, 0.01);
          double[] theta = new double[4];
          double[] grad = new double[4];
          Sgd sgd = new Sgd(List.of(Parameter.of(theta, grad)),
              Sgd.Options.defaults().lr(0.1).momentum(0.9));
          double first = 0;
          double last = 0;
          for (int epoch = 0; epoch < 200; epoch++) {
            sgd.zeroGrad();
            double loss = 0;
            for (int i = 0; i < x.length; i++) {
              loss += TrainAdjoint.examplePullback(theta, x[i], y[i], 1.0 / x.length, grad);
            }
            if (epoch == 0) {
              first = loss / x.length;
            }
            last = loss / x.length;
            sgd.step();
          }
          return new double[] {first, last, theta[0], theta[1], theta[2], theta[3]};
        }

        /** {first loss, last loss, w0, w1, w2, b}. */
        public static double[] adamTensors() {
          Random rng = new Random(13);
          double[][] xa = xs(rng, 40);
          double[] ya = ys(xa, rng, 0.01);
          double[] flat = new double[40 * 3];
          for (int i = 0; i < 40; i++) {
            System.arraycopy(xa[i], 0, flat, 3 * i, 3);
          }
          Tensor x = Tensor.of(flat, 40, 3);
          Tensor y = Tensor.of(ya, 40, 1);
          TensorParameter w = TensorParameter.of(Tensor.zeros(3, 1));
          TensorParameter b = TensorParameter.of(Tensor.zeros(1));
          Adam adam = new Adam(List.of(w, b), Adam.Options.defaults().lr(0.05));
          double first = tensorLoss(w.tensor(), b.tensor(), x, y);
          for (int step = 0; step < 800; step++) {
            var g = TrainAdjoint.tensorLossGradient(w.tensor(), b.tensor(), x, y);
            adam.zeroGrad();
            w.addGrad(g.w());
            b.addGrad(g.b());
            adam.step();
          }
          double[] wv = w.tensor().toArray();
          return new double[] {first, tensorLoss(w.tensor(), b.tensor(), x, y), wv[0], wv[1],
              wv[2], b.tensor().toArray()[0]};
        }
      }
      """;

  private static void assertFitted(double[] r, double tol) {
    assertTrue(r[1] < 0.01 * r[0], "loss " + r[0] + " -> " + r[1]);
    double[] truth = {1.5, -2.0, 0.5, 0.7};
    for (int p = 0; p < 4; p++) {
      assertEquals(truth[p], r[2 + p], tol, "parameter " + p);
    }
  }

  @Test
  void trainingLoopsConverge() throws Exception {
    String source = TRAIN;
    Class<?> c = load(source, "Train");
    assertFitted((double[]) call(c, "adamRecord"), 0.02);
    assertFitted((double[]) call(c, "sgdPullback"), 0.02);
    assertFitted((double[]) call(c, "adamTensors"), 0.02);
    Class<?> linear = load(source, "Train$Linear");
    var ctor = linear.getDeclaredConstructor(double[].class, double.class);
    AdjointCheck.of(linear)
        .points(
            "loss",
            rng -> {
              int n = size(rng);
              try {
                return new Object[] {
                  ctor.newInstance(vec(rng, 3, 1), rng.nextGaussian()),
                  mat(rng, n, 3, 1),
                  vec(rng, n, 1)
                };
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            })
        .verify();
    AdjointCheck.of(c)
        .points("example", rng -> new Object[] {vec(rng, 4, 1), vec(rng, 3, 1), rng.nextGaussian()})
        .points(
            "tensorLoss",
            rng -> {
              int n = size(rng);
              return new Object[] {t(rng, 1, 3, 1), t(rng, 1, 1), t(rng, 1, n, 3), t(rng, 1, n, 1)};
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 10. Outside the subset: plausible programs that must fail clearly, at the line.

  /**
   * A Tensor[] parameter: one error, at the parameter, with the README's idiom (stack the weights
   * in one tensor, take w.rows(i, i + 1).reshape(d, d)); no second error about wrt.
   */
  @Test
  void tensorArrayParameterIsRejected() {
    rejectedAt(
        """
        package realistic;

        import dev.adjoint.Differentiable;
        import dev.adjoint.nn.Losses;
        import dev.adjoint.tensor.Tensor;

        public final class Bad {
          @Differentiable(wrt = "ws")
          static double loss(Tensor[] ws, Tensor x, Tensor y) { // MARK
            Tensor h = x;
            for (Tensor w : ws) {
              h = h.matmul(w).tanh();
            }
            return Losses.mseMean(h, y);
          }
        }
        """,
        "// MARK",
        "Tensor[]",
        "w.rows(i, i + 1).reshape(d, d)");
  }

  static final String RECORD_WRITE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Bad {
        public record Model(double[] w, double b) {
          @Differentiable(wrt = "this")
          double loss(double[] x, double y) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
              w[j] = Math.max(w[j], -1.0); // MARK
              z += w[j] * x[j];
            }
            return (z - y) * (z - y);
          }
        }
      }
      """;

  @Test
  void recordArrayComponentWrittenIsRejected() {
    rejectedAt(RECORD_WRITE, "// MARK", "copy");
  }

  /**
   * Writing into a record's array component: the message names the component as the user wrote it
   * ({@code w}), not the generated leaf parameter {@code self_w}.
   */
  @Test
  void recordArrayComponentWrittenNamesTheComponent() {
    Compilation c = compile(RECORD_WRITE);
    String errs = errors(c);
    assertEquals(Compilation.Status.FAILURE, c.status());
    assertTrue(!errs.contains("self_w"), "names a generated parameter:\n" + errs);
    assertTrue(
        errs.contains("This writes into the record component array w:")
            && errs.contains("double[] copy = new double[w.length]"),
        errs);
  }

  /**
   * A malformed @PullbackOf is reported at its annotation; the call of its function then points
   * there ("see the error reported there"), as calls of failed methods do, instead of asking for
   * a @PullbackOf, which the user wrote.
   */
  @Test
  void pullbackWithTheWrongSignatureIsRejected() {
    String source =
        """
        package realistic;

        import dev.adjoint.Differentiable;
        import dev.adjoint.PullbackOf;

        public final class Bad {
          public static double softplus(double x) {
            return Math.log1p(Math.exp(x));
          }

          @PullbackOf(method = "softplus", wrt = "x") // MARK
          static double[] softplusPullback(double x, double[] seed) {
            return new double[] {seed[0] / (1 + Math.exp(-x))};
          }

          @Differentiable
          static double loss(double w, double x) {
            return softplus(w * x); // CALL
          }
        }
        """;
    Compilation c = compile(source);
    List<Diagnostic<? extends JavaFileObject>> es =
        c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    assertEquals(2, es.size(), errors(c));
    assertEquals(lineOf(source, "// MARK"), es.get(0).getLineNumber(), errors(c));
    assertTrue(es.get(0).getMessage(Locale.ROOT).contains("do not match"), errors(c));
    assertEquals(lineOf(source, "// CALL"), es.get(1).getLineNumber(), errors(c));
    assertTrue(
        es.get(1)
            .getMessage(Locale.ROOT)
            .contains(
                "This calls Bad.softplus(double), whose @PullbackOf declaration could not be used"),
        errors(c));
  }

  @Test
  void layerWithOrderTwoIsRejected() {
    rejectedAt(
        """
        package realistic;

        import dev.adjoint.Differentiable;
        import dev.adjoint.tensor.Tensor;

        public final class Bad {
          @Differentiable(order = 2) // MARK
          static Tensor dense(Tensor x, Tensor w, Tensor b) {
            return x.matmul(w).add(b);
          }
        }
        """,
        "// MARK",
        "order");
  }

  // ---------------------------------------------------------------------------------------------
  // 11. More Tensor API in models: pooling with max, concat (DenseNet-style), broadcasting of
  //     [n,1] against [1,m], element reads with get, embedding, batched matmul, early return.

  static final String OPS =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Layers;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class Ops {
        private Ops() {}

        /** Dense connectivity: each layer sees the concatenation of all previous outputs. */
        @Differentiable(wrt = {"w"})
        public static Tensor denseNet(Tensor x, Tensor w, int growth, int layers) {
          Tensor h = x;
          int row = 0;
          for (int i = 0; i < layers; i++) {
            int in = h.shape()[1];
            Tensor wi = w.rows(row, row + in);
            row += in;
            h = Tensor.concat(1, h, h.matmul(wi.reshape(in, growth)).tanh());
          }
          return h;
        }

        /** Max-pooling over the rows, pairwise distance via broadcasting, logSoftmax. */
        @Differentiable(wrt = {"w", "centers"})
        public static double pooled(Tensor w, Tensor centers, Tensor x, int[] labels) {
          Tensor h = x.matmul(w).tanh();                       // [n, d]
          int n = h.shape()[0];
          int k = centers.shape()[0];
          Tensor pool = h.max(0, true);                       // [1, d]
          Tensor hh = h.mul(h).sum(1, true);                  // [n, 1]
          Tensor cc = centers.mul(centers).sum(1).reshape(1, k); // [1, k]
          Tensor dist = hh.add(cc).sub(h.matmul(centers.transpose()).mul(2.0)); // [n, k]
          Tensor logp = dist.neg().logSoftmax(1);
          double nll = 0;
          for (int i = 0; i < n; i++) {
            nll -= logp.get(i, labels[i]);
          }
          return nll / n + pool.abs().sum() * 0.1 + pool.pow(2.0).mean();
        }

        /** Bag of embeddings, mean-pooled, classified; dropout with a fixed key. */
        @Differentiable(wrt = {"table", "w", "b"})
        public static double bag(Tensor table, Tensor w, Tensor b, int[] ids, int len,
            int[] labels, boolean training) {
          int n = labels.length;
          int d = table.shape()[1];
          Tensor e = Layers.embedding(table, ids).reshape(n, len, d);
          Tensor pooled = e.mean(1);
          Tensor h = Layers.dropout(pooled, 0.3, 42L, training);
          return Losses.softmaxCrossEntropy(Layers.dense(h, w, b), labels);
        }

        /** Batched matmul of [b, n, d] by [b, d, m], with an early return. */
        @Differentiable(wrt = {"a", "m"})
        public static double batched(Tensor a, Tensor m, double threshold) {
          Tensor p = a.matmul(m);
          double s = p.sum();
          if (s > threshold) {
            return p.sigmoid().mean();
          }
          Tensor q = p.div(p.abs().add(1.0));
          return q.mul(q).sum() + p.exp().mean();
        }

        /** A while loop whose trip count depends on a tensor's values. */
        @Differentiable(wrt = {"w"})
        public static double untilSmall(Tensor w, Tensor x) {
          Tensor h = x;
          int k = 0;
          while (h.abs().max(1).sum() > 0.5 && k < 6) {
            h = h.matmul(w).mul(0.5).tanh();
            k++;
          }
          return h.sum() + k;
        }

        static Object[] denseNetPoint(java.util.Random rng) {
          int n = 1 + rng.nextInt(3);
          int d = 1 + rng.nextInt(3);
          int g = 1 + rng.nextInt(2);
          int layers = rng.nextInt(4);
          int rows = 0;
          int in = d;
          for (int i = 0; i < layers; i++) {
            rows += in;
            in += g;
          }
          return new Object[] {Tensor.randn(rng, n, d),
              Tensor.randn(rng, Math.max(rows, 1), g).mul(0.6), g, layers};
        }

        static Object[] pooledPoint(java.util.Random rng) {
          int n = 1 + rng.nextInt(4);
          int d = 1 + rng.nextInt(3);
          int k = 1 + rng.nextInt(3);
          int f = 1 + rng.nextInt(3);
          int[] labels = new int[n];
          for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(k);
          }
          return new Object[] {Tensor.randn(rng, f, d), Tensor.randn(rng, k, d),
              Tensor.randn(rng, n, f), labels};
        }

        static Object[] bagPoint(java.util.Random rng) {
          int v = 2 + rng.nextInt(4);
          int d = 1 + rng.nextInt(3);
          int n = 1 + rng.nextInt(3);
          int len = 1 + rng.nextInt(3);
          int c = 2 + rng.nextInt(2);
          int[] ids = new int[n * len];
          for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(v);
          }
          int[] labels = new int[n];
          for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(c);
          }
          return new Object[] {Tensor.randn(rng, v, d), Tensor.randn(rng, d, c),
              Tensor.randn(rng, c), ids, len, labels, rng.nextBoolean()};
        }

        static Object[] batchedPoint(java.util.Random rng) {
          int b = 1 + rng.nextInt(3);
          int n = 1 + rng.nextInt(3);
          int d = 1 + rng.nextInt(3);
          int m = 1 + rng.nextInt(3);
          return new Object[] {Tensor.randn(rng, b, n, d), Tensor.randn(rng, b, d, m),
              rng.nextGaussian()};
        }

        static Object[] untilSmallPoint(java.util.Random rng) {
          int d = 1 + rng.nextInt(3);
          return new Object[] {Tensor.randn(rng, d, d), Tensor.randn(rng, 1 + rng.nextInt(3), d)};
        }
      }
      """;

  @Test
  void moreTensorOperationsInModels() {
    Class<?> c = load(OPS, "Ops");
    AdjointCheck.of(c)
        .pointsPerMethod(6)
        .points("denseNet", sampler(c, "denseNetPoint"))
        .points("pooled", sampler(c, "pooledPoint"))
        .points("bag", sampler(c, "bagPoint"))
        .points("batched", sampler(c, "batchedPoint"))
        .points("untilSmall", sampler(c, "untilSmallPoint"))
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 12. Scalars into tensors and back, reassigned tensor parameters, self-products, detach.

  static final String SCALARS =
      """
      package realistic;

      import dev.adjoint.Adjoint;
      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class Scalars {
        private Scalars() {}

        /** A parameter reassigned: the pullback must still be for the caller's x. */
        @Differentiable
        public static Tensor gelu(Tensor x, double alpha) {
          x = x.mul(alpha);
          Tensor inner = x.add(x.pow(3.0).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
          return x.mul(0.5).mul(inner.tanh().add(1.0));
        }

        /** A Gram matrix of the parameter with itself, a temperature, a power with a learnt exponent. */
        @Differentiable
        public static double gram(Tensor h, double temperature, double p) {
          Tensor g = h.matmul(h.transpose()).div(temperature);
          Tensor soft = g.softmax(1);
          Tensor pw = h.abs().add(0.5).pow(p);
          return soft.mul(g).sum() + pw.mean();
        }

        /** Scalars packed into tensors: Tensor.vector, Tensor.full, Tensor.scalar, Tensor.of. */
        @Differentiable(wrt = {"a", "b", "c", "v"})
        public static double pack(double a, double b, double c, double[] v, Tensor x) {
          int n = x.shape()[0];
          Tensor ab = Tensor.vector(new double[] {a, b});     // [2]
          Tensor full = Tensor.full(c, n, 2);                // [n, 2]
          Tensor vt = Tensor.of(v, 2, v.length / 2);
          Tensor h = x.mul(ab).add(full).matmul(vt);
          return h.tanh().sum() + Tensor.scalar(a * b).mul(h.mean()).item();
        }

        /** A target network through detach: only online gets a gradient from the target. */
        @Differentiable(wrt = {"online", "target"})
        public static double td(Tensor online, Tensor target, Tensor s, Tensor s2, Tensor r,
            double gamma) {
          Tensor q = s.matmul(online);
          Tensor q2 = Adjoint.detach(s2.matmul(target)).max(1, true);
          Tensor y = r.add(q2.mul(gamma));
          return Losses.mseMean(q.max(1, true), y) + 1e-3 * target.mul(target).sum();
        }

        /** A per-example loop over rows of a Tensor batch, a reduction loop over > 64 rows. */
        @Differentiable(wrt = {"w", "b"})
        public static double perExample(Tensor w, double b, Tensor x, double[] y) {
          double total = 0;
          int n = x.shape()[0];
          for (int i = 0; i < n; i++) {
            double z = x.rows(i, i + 1).matmul(w).item() + b;
            double r = Math.tanh(z) - y[i];
            total += r * r;
          }
          return total / n;
        }

        static Object[] geluPoint(java.util.Random rng) {
          return new Object[] {Tensor.randn(rng, 1 + rng.nextInt(3), 1 + rng.nextInt(3)),
              0.5 + rng.nextDouble()};
        }

        static Object[] gramPoint(java.util.Random rng) {
          return new Object[] {Tensor.randn(rng, 1 + rng.nextInt(3), 1 + rng.nextInt(3)),
              1 + rng.nextDouble(), 0.5 + rng.nextDouble()};
        }

        static Object[] packPoint(java.util.Random rng) {
          int n = 1 + rng.nextInt(3);
          int m = 1 + rng.nextInt(3);
          double[] v = new double[2 * m];
          for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
          }
          return new Object[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(), v,
              Tensor.randn(rng, n, 2)};
        }

        static Object[] tdPoint(java.util.Random rng) {
          int n = 1 + rng.nextInt(4);
          int d = 1 + rng.nextInt(3);
          int a = 1 + rng.nextInt(3);
          return new Object[] {Tensor.randn(rng, d, a), Tensor.randn(rng, d, a),
              Tensor.randn(rng, n, d), Tensor.randn(rng, n, d), Tensor.randn(rng, n, 1), 0.9};
        }

        static Object[] perExamplePoint(java.util.Random rng) {
          int[] ns = {1, 3, 64, 65, 130};
          int n = ns[rng.nextInt(ns.length)];
          int d = 1 + rng.nextInt(3);
          double[] y = new double[n];
          for (int i = 0; i < n; i++) {
            y[i] = rng.nextGaussian() * 0.5;
          }
          return new Object[] {Tensor.randn(rng, d, 1).mul(0.5), rng.nextGaussian(),
              Tensor.randn(rng, n, d), y};
        }
      }
      """;

  @Test
  void scalarsIntoTensorsAndBack() {
    Class<?> c = load(SCALARS, "Scalars");
    AdjointCheck.of(c)
        .pointsPerMethod(6)
        .points("gelu", sampler(c, "geluPoint"))
        .points("gram", sampler(c, "gramPoint"))
        .points("pack", sampler(c, "packPoint"))
        .points("td", sampler(c, "tdPoint"))
        .withoutFiniteDifferences("td")
        .points("perExample", sampler(c, "perExamplePoint"))
        .verify();
  }

  @Test
  void perExampleLoopOnTwoThreads() {
    Class<?> c = load(SCALARS, "Scalars");
    dev.adjoint.Parallel.setThreads(2);
    try {
      AdjointCheck.of(c)
          .pointsPerMethod(6)
          .points("perExample", sampler(c, "perExamplePoint"))
          .skip("gelu", "gram", "pack", "td")
          .verify();
    } finally {
      dev.adjoint.Parallel.setThreads(1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 13. Records with Hessians and double[][] components, a user Tensor function with its own
  //     pullbacks and tangent rule, a vector-valued method of a record of tensors.

  static final String ACT =
      """
      package realistic.act;

      import dev.adjoint.PullbackOf;
      import dev.adjoint.TangentOf;
      import dev.adjoint.tensor.Tensor;

      /** swish(x, beta) = x * sigmoid(beta x), element-wise, with hand-written derivatives. */
      public final class Act {
        private Act() {}

        public static Tensor swish(Tensor x, double beta) {
          return x.mul(x.mul(beta).sigmoid());
        }

        @PullbackOf(method = "swish", wrt = "x")
        public static Tensor swishX(Tensor x, double beta, Tensor seed) {
          Tensor s = x.mul(beta).sigmoid();
          Tensor ds = s.mul(s.neg().add(1.0));
          return seed.mul(s.add(x.mul(ds).mul(beta)));
        }

        @PullbackOf(method = "swish", wrt = "beta")
        public static double swishBeta(Tensor x, double beta, Tensor seed) {
          Tensor s = x.mul(beta).sigmoid();
          Tensor ds = s.mul(s.neg().add(1.0));
          return seed.mul(x.mul(x).mul(ds)).sum();
        }

        @TangentOf(method = "swish")
        public static Tensor swishTangent(Tensor x, double beta, Tensor xDot, double betaDot) {
          Tensor s = x.mul(beta).sigmoid();
          Tensor ds = s.mul(s.neg().add(1.0));
          Tensor t = x.mul(x).mul(ds).mul(betaDot);
          return xDot == null ? t : t.add(xDot.mul(s.add(x.mul(ds).mul(beta))));
        }
      }
      """;

  static final String RECORDS2 =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;
      import realistic.act.Act;

      public final class Models2 {
        private Models2() {}

        /** Multinomial logistic regression with a matrix component, and its Hessian. */
        public record Softmax(double[][] w, double[] b, double lambda) {
          @Differentiable(order = 2, wrt = "this")
          public double loss(double[][] x, int[] y) {
            int k = b.length;
            double total = 0;
            for (int i = 0; i < x.length; i++) {
              double[] z = new double[k];
              double m = Double.NEGATIVE_INFINITY;
              for (int c = 0; c < k; c++) {
                double s = b[c];
                for (int j = 0; j < x[i].length; j++) {
                  s += w[c][j] * x[i][j];
                }
                z[c] = s;
                m = Math.max(m, s);
              }
              double se = 0;
              for (int c = 0; c < k; c++) {
                se += Math.exp(z[c] - m);
              }
              total += m + Math.log(se) - z[y[i]];
            }
            double reg = 0;
            for (double[] row : w) {
              for (double v : row) {
                reg += v * v;
              }
            }
            return total / x.length + 0.5 * lambda * reg;
          }
        }

        /** A swish MLP as a record with a learnt beta. */
        public record SwishNet(Tensor w1, Tensor w2, double beta) {
          @Differentiable(wrt = "this")
          public double loss(Tensor x, Tensor y) {
            Tensor h = Act.swish(x.matmul(w1), beta);
            return Losses.mseMean(h.matmul(w2), y);
          }

          /** Vector-valued: the predictions as an array. */
          @Differentiable(wrt = "this")
          public double[] predict(Tensor x) {
            return Act.swish(x.matmul(w1), beta).matmul(w2).toArray();
          }
        }

        static double[] flat(Softmax m) {
          int k = m.b().length;
          int d = m.w()[0].length;
          double[] f = new double[k * d + k + 1];
          int p = 0;
          for (double[] r : m.w()) {
            for (double v : r) {
              f[p++] = v;
            }
          }
          for (double v : m.b()) {
            f[p++] = v;
          }
          f[p] = m.lambda();
          return f;
        }

        static Softmax unflat(double[] f, int k, int d) {
          double[][] w = new double[k][d];
          double[] b = new double[k];
          int p = 0;
          for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
              w[c][j] = f[p++];
            }
          }
          for (int c = 0; c < k; c++) {
            b[c] = f[p++];
          }
          return new Softmax(w, b, f[p]);
        }

        static double hessianError() {
          java.util.Random rng = new java.util.Random(1);
          int k = 3;
          int d = 2;
          double[] f0 = new double[k * d + k + 1];
          for (int i = 0; i < f0.length; i++) {
            f0[i] = rng.nextGaussian();
          }
          f0[f0.length - 1] = 0.3;
          double[][] x = {{1, 2}, {-0.5, 0.3}, {0.2, -1}};
          int[] y = {0, 2, 1};
          double[][] h = Models2_SoftmaxAdjoint.lossHessian(unflat(f0, k, d), x, y);
          double eps = 1e-5;
          double maxErr = 0;
          for (int j = 0; j < f0.length; j++) {
            double[] fp = f0.clone();
            fp[j] += eps;
            double[] fm = f0.clone();
            fm[j] -= eps;
            double[] gp = flat(Models2_SoftmaxAdjoint.lossGradient(unflat(fp, k, d), x, y).self());
            double[] gm = flat(Models2_SoftmaxAdjoint.lossGradient(unflat(fm, k, d), x, y).self());
            for (int i = 0; i < f0.length; i++) {
              maxErr = Math.max(maxErr, Math.abs((gp[i] - gm[i]) / (2 * eps) - h[i][j]));
            }
          }
          return maxErr;
        }

        static SwishNet net(double[] p) {
          return new SwishNet(Tensor.of(java.util.Arrays.copyOfRange(p, 0, 6), 2, 3),
              Tensor.of(java.util.Arrays.copyOfRange(p, 6, 12), 3, 2), p[12]);
        }

        static double jacobianError() {
          java.util.Random rng = new java.util.Random(2);
          double[] p0 = new double[13];
          for (int i = 0; i < 13; i++) {
            p0[i] = 0.7 * rng.nextGaussian();
          }
          p0[12] = 0.8;
          Tensor x = Tensor.randn(rng, 3, 2);
          double[][] jac = Models2_SwishNetAdjoint.predictJacobian(net(p0), x);
          double eps = 1e-5;
          double maxErr = 0;
          for (int j = 0; j < 13; j++) {
            double[] pp = p0.clone();
            pp[j] += eps;
            double[] pm = p0.clone();
            pm[j] -= eps;
            double[] yp = net(pp).predict(x);
            double[] ym = net(pm).predict(x);
            for (int i = 0; i < yp.length; i++) {
              maxErr = Math.max(maxErr, Math.abs((yp[i] - ym[i]) / (2 * eps) - jac[i][j]));
            }
          }
          return maxErr;
        }

        static Object[] softmaxPoint(java.util.Random rng) {
          int k = 2 + rng.nextInt(2);
          int d = 1 + rng.nextInt(3);
          int n = 1 + rng.nextInt(3);
          double[][] w = new double[k][d];
          double[] b = new double[k];
          double[][] x = new double[n][d];
          int[] y = new int[n];
          for (int c = 0; c < k; c++) {
            b[c] = rng.nextGaussian() * 0.3;
            for (int j = 0; j < d; j++) {
              w[c][j] = rng.nextGaussian();
            }
          }
          for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(k);
            for (int j = 0; j < d; j++) {
              x[i][j] = rng.nextGaussian();
            }
          }
          return new Object[] {new Softmax(w, b, 0.1), x, y};
        }

        static Object[] swishPoint(java.util.Random rng) {
          int n = 1 + rng.nextInt(3);
          int d = 1 + rng.nextInt(3);
          int h = 1 + rng.nextInt(3);
          int o = 1 + rng.nextInt(2);
          return new Object[] {
            new SwishNet(Tensor.randn(rng, d, h).mul(0.7), Tensor.randn(rng, h, o).mul(0.7),
                0.5 + rng.nextDouble()),
            Tensor.randn(rng, n, d), Tensor.randn(rng, n, o)
          };
        }

        static Object[] predictPoint(java.util.Random rng) {
          Object[] p = swishPoint(rng);
          return new Object[] {p[0], p[1]};
        }
      }
      """;

  @Test
  void recordHessiansAndUserTensorRules() throws Exception {
    CompiledSources unit = CompiledSources.withAdjoint(RECORDS2, ACT);
    Class<?> outer = unit.load("realistic.Models2");
    AdjointCheck.of(unit.load("realistic.Models2$Softmax"))
        .pointsPerMethod(5)
        .points("loss", sampler(outer, "softmaxPoint"))
        .verify();

    AdjointCheck.of(unit.load("realistic.Models2$SwishNet"))
        .pointsPerMethod(5)
        .points("loss", sampler(outer, "swishPoint"))
        .points("predict", sampler(outer, "predictPoint"))
        .verify();
    // AdjointCheck checks a record method's gradient and jvp, not its Hessian nor its Jacobian.
    double hessianError = (double) call(outer, "hessianError");
    assertTrue(
        hessianError < 1e-6, "record Hessian against differences of the gradient: " + hessianError);
    double jacobianError = (double) call(outer, "jacobianError");
    assertTrue(jacobianError < 1e-6, "record Jacobian against differences: " + jacobianError);
  }

  // ---------------------------------------------------------------------------------------------
  // 14. A per-example loss whose iterations read values computed before the loop (a normalised
  //     weight tensor, a norm of an array, a scratch row), with batches over one chunk of 64.

  static final String WEIGHTNORM =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.tensor.Tensor;

      public final class WeightNorm {
        private WeightNorm() {}

        @Differentiable
        public static Tensor hidden(Tensor x, Tensor w) {
          return x.matmul(w).tanh();
        }

        @Differentiable(wrt = {"w", "g", "v"})
        public static double loss(Tensor w, double g, double[] v, Tensor x, double[] y) {
          Tensor wn = w.div(Math.sqrt(w.mul(w).sum())).mul(g);
          double vn = 0;
          for (double vi : v) {
            vn += vi * vi;
          }
          vn = Math.sqrt(vn);
          int n = x.shape()[0];
          double total = 0;
          for (int i = 0; i < n; i++) {
            double[] h = hidden(x.rows(i, i + 1), wn).toArray();
            double z = 0;
            for (int j = 0; j < h.length; j++) {
              z += v[j] / vn * h[j];
            }
            double r = z - y[i];
            total += Math.log(Math.cosh(r));
          }
          return total / n;
        }

        static Object[] point(java.util.Random rng) {
          int[] ns = {1, 2, 5, 64, 65, 129};
          int n = ns[rng.nextInt(ns.length)];
          int d = 1 + rng.nextInt(3);
          int h = 1 + rng.nextInt(3);
          double[] v = new double[h];
          for (int j = 0; j < h; j++) {
            v[j] = rng.nextGaussian();
          }
          double[] y = new double[n];
          for (int i = 0; i < n; i++) {
            y[i] = rng.nextGaussian();
          }
          return new Object[] {Tensor.randn(rng, d, h), 0.5 + rng.nextDouble(), v,
              Tensor.randn(rng, n, d), y};
        }
      }
      """;

  @Test
  void perExampleLossReadingValuesComputedBeforeTheLoop() {
    Class<?> c = load(WEIGHTNORM, "WeightNorm");
    for (int threads : new int[] {1, 2}) {
      dev.adjoint.Parallel.setThreads(threads);
      try {
        AdjointCheck.of(c)
            .pointsPerMethod(6)
            .points("hidden", rng -> new Object[] {t(rng, 1, 2, 3), t(rng, 1, 3, 2)})
            .points("loss", sampler(c, "point"))
            .verify();
      } finally {
        dev.adjoint.Parallel.setThreads(1);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 15. Records: wrt both this and an input (adversarial examples), a static loss over two
  //     records of one type (distillation), a layer taking a record, data components (int,
  //     boolean, float[]), a Tensor component in concat; Adam steps on nested records.

  static final String RECORDS3 =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      public final class Models3 {
        private Models3() {}

        public record Dense(Tensor w, Tensor b) {}

        public record Net(Dense l1, Dense l2, Tensor skip, int depth, boolean residual,
            float[] featureScale) {
          /** The loss with respect to the parameters and the input (for adversarial steps). */
          @Differentiable(wrt = {"this", "x"})
          public double loss(Tensor x, int[] labels) {
            int d = featureScale.length;
            double[] scale = new double[d];
            for (int j = 0; j < d; j++) {
              scale[j] = featureScale[j];
            }
            Tensor h = x.mul(Tensor.of(scale, d));
            for (int k = 0; k < depth; k++) {
              Tensor next = apply(l1, h).tanh();
              h = residual ? h.add(next) : next;
            }
            Tensor z = Tensor.concat(1, apply(l2, h), h.matmul(skip));
            return Losses.softmaxCrossEntropy(z, labels);
          }
        }

        @Differentiable
        public static Tensor apply(Dense layer, Tensor x) {
          return x.matmul(layer.w()).add(layer.b());
        }

        /** Distillation: the student matches the teacher's softened outputs. */
        @Differentiable(wrt = {"student", "teacher"})
        public static double distill(Net student, Net teacher, Tensor x, double temperature) {
          Tensor ps = apply(student.l2(), apply(student.l1(), x).tanh()).div(temperature);
          Tensor pt = apply(teacher.l2(), apply(teacher.l1(), x).tanh()).div(temperature);
          Tensor target = pt.softmax(1);
          return target.mul(target.log().sub(ps.logSoftmax(1))).sum() / x.shape()[0];
        }

        static Net net(java.util.Random rng, int d) {
          float[] fs = new float[d];
          for (int j = 0; j < d; j++) {
            fs[j] = 0.5f + rng.nextFloat();
          }
          return new Net(
              new Dense(Tensor.randn(rng, d, d).mul(0.6), Tensor.randn(rng, d).mul(0.3)),
              new Dense(Tensor.randn(rng, d, 2).mul(0.6), Tensor.randn(rng, 2).mul(0.3)),
              Tensor.randn(rng, d, 1).mul(0.5), rng.nextInt(3), rng.nextBoolean(), fs);
        }

        static Object[] lossPoint(java.util.Random rng) {
          int d = 1 + rng.nextInt(3);
          int n = 1 + rng.nextInt(3);
          int[] labels = new int[n];
          for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(3);
          }
          return new Object[] {net(rng, d), Tensor.randn(rng, n, d), labels};
        }

        static Object[] applyPoint(java.util.Random rng) {
          int d = 1 + rng.nextInt(3);
          return new Object[] {net(rng, d).l1(), Tensor.randn(rng, 1 + rng.nextInt(3), d)};
        }

        static Object[] distillPoint(java.util.Random rng) {
          int d = 1 + rng.nextInt(3);
          return new Object[] {net(rng, d), net(rng, d), Tensor.randn(rng, 1 + rng.nextInt(3), d),
              1 + rng.nextDouble()};
        }

        /** Adversarial step on x, then Adam on the record; returns {loss0, loss1, advLoss}. */
        static double[] train() {
          java.util.Random rng = new java.util.Random(5);
          Net net = net(rng, 3);
          net = new Net(net.l1(), net.l2(), net.skip(), 1, true, net.featureScale());
          Tensor x = Tensor.randn(rng, 8, 3);
          int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
          double first = net.loss(x, labels);
          var g = Models3_NetAdjoint.lossGradient(net, x, labels);
          Tensor adv = x.add(g.x().mul(0.1));
          double advLoss = net.loss(adv, labels);
          dev.adjoint.optim.Adam adam = new dev.adjoint.optim.Adam(
              dev.adjoint.optim.Adam.Options.defaults().lr(0.05));
          for (int step = 0; step < 300; step++) {
            Net grad = Models3_NetAdjoint.lossGradient(net, x, labels).self();
            net = adam.step(net, grad);
          }
          return new double[] {first, net.loss(x, labels), advLoss};
        }
      }
      """;

  @Test
  void recordsWithInputsTwoModelsAndDataComponents() throws Exception {
    Class<?> outer = load(RECORDS3, "Models3");
    AdjointCheck.of(load(RECORDS3, "Models3$Net"))
        .pointsPerMethod(6)
        .points("loss", sampler(outer, "lossPoint"))
        .verify();
    AdjointCheck.of(outer)
        .pointsPerMethod(5)
        .points("apply", sampler(outer, "applyPoint"))
        .points("distill", sampler(outer, "distillPoint"))
        .verify();
    double[] r = (double[]) call(outer, "train");
    assertTrue(r[2] > r[0], "an ascent step on x raises the loss: " + r[0] + " -> " + r[2]);
    assertTrue(r[1] < 0.2 * r[0], "Adam on the record: " + r[0] + " -> " + r[1]);
  }

  // ---------------------------------------------------------------------------------------------
  // 16. More error messages (bugs found, minimised).

  /** A malformed @PullbackOf is at least reported at its annotation (the first error). */
  @Test
  void malformedPullbackIsReportedAtItsAnnotation() {
    String src =
        """
        package realistic;

        import dev.adjoint.Differentiable;
        import dev.adjoint.PullbackOf;

        public final class Bad {
          public static double softplus(double x) {
            return Math.log1p(Math.exp(x));
          }

          @PullbackOf(method = "softplus", wrt = "z") // MARK
          static double softplusPullback(double x, double seed) {
            return seed / (1 + Math.exp(-x));
          }

          @Differentiable
          static double loss(double w, double x) {
            return softplus(w * x);
          }
        }
        """;
    Compilation c = compile(src);
    List<Diagnostic<? extends JavaFileObject>> es =
        c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    assertEquals(lineOf(src, "// MARK"), es.get(0).getLineNumber(), errors(c));
    assertTrue(es.get(0).getMessage(Locale.ROOT).contains("names no parameter"), errors(c));
  }

  /**
   * A Tensor[] local (an array of layer outputs, as in PyTorch's list of hidden states): the errors
   * are on its line and say to stack the tensors or keep one Tensor variable; its uses (hs[i] is a
   * Tensor) report nothing more.
   */
  @Test
  void tensorArrayLocalIsRejectedAtItsLine() {
    rejectedAt(
        """
        package realistic;

        import dev.adjoint.Differentiable;
        import dev.adjoint.tensor.Tensor;

        public final class Bad {
          @Differentiable
          static double deep(Tensor x, Tensor w, int layers) {
            Tensor[] hs = new Tensor[layers + 1]; // MARK
            hs[0] = x;
            for (int i = 0; i < layers; i++) {
              hs[i + 1] = hs[i].matmul(w).tanh();
            }
            return hs[layers].sum();
          }
        }
        """,
        "// MARK",
        "Tensor[]",
        "keep one Tensor variable");
  }

  static final String VECTOR_OF_SCALARS =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import dev.adjoint.tensor.Tensor;

      public final class VectorOfScalars {
        private VectorOfScalars() {}

        @Differentiable
        static double f(double a, double b) {
          return Tensor.vector(a, b).exp().sum();
        }

        /** An int among the values, a product of inputs, and a single value. */
        @Differentiable
        static double g(double a, double b, int k) {
          Tensor v = Tensor.vector(a, k, a * b);
          return v.mul(v).sum() * Tensor.vector(b).sum();
        }
      }
      """;

  /**
   * Tensor.vector(double... values) called with scalars, as Java allows (it was rejected with "No
   * method vector accepts (double, double)"): the values are packed into a double[] as Java packs
   * them, and the gradient flows back into each.
   */
  @Test
  void tensorVectorOfScalars() {
    AdjointCheck.of(load(VECTOR_OF_SCALARS, "VectorOfScalars"))
        .points("f", rng -> new Object[] {rng.nextGaussian(), rng.nextGaussian()})
        .points("g", rng -> new Object[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextInt(4)})
        .verify();
  }

  /** Tensor.concat of three tensors: the error says to nest calls of two. */
  @Test
  void concatOfThreeTensorsSaysTwoAtATime() {
    rejectedAt(
        """
        package realistic;

        import dev.adjoint.Differentiable;
        import dev.adjoint.tensor.Tensor;

        public final class Bad {
          @Differentiable
          static Tensor stack3(Tensor a, Tensor b, Tensor c) {
            return Tensor.concat(0, a, b, c); // MARK
          }
        }
        """,
        "// MARK",
        "two tensors at a time",
        "Tensor.concat(axis, Tensor.concat(axis, a, b), c)");
  }

  /**
   * An order-2 method calling a library function whose @PullbackOf has no derivative of its own:
   * the error names the argument without ambiguity ("its 1st argument") and shows the @PullbackOf
   * to write for the pullback function, at the call (the adjoint statements of a call carry its
   * source position).
   */
  @Test
  void missingSecondOrderPullbackSaysWhatToDeclare() {
    rejectedAt(
        """
        package realistic;

        import dev.adjoint.Differentiable;
        import dev.adjoint.PullbackOf;

        public final class Bad {
          public static double softClip(double x, double c) {
            return c * Math.tanh(x / c);
          }

          @PullbackOf(method = "softClip", wrt = "x")
          static double softClipX(double x, double c, double seed) {
            double t = Math.tanh(x / c);
            return seed * (1 - t * t);
          }

          @Differentiable(order = 2, wrt = "w")
          static double loss(double[] w, double[] x) {
            double s = 0;
            for (int j = 0; j < w.length; j++) {
              s += softClip(w[j] * x[j], 2.0); // MARK
            }
            return s * s;
          }
        }
        """,
        "// MARK",
        "Bad.softClipX(double, double, double) with respect to its 1st argument",
        "@PullbackOf(type = Bad.class, method = \"softClipX\", wrt = \"x\")");
  }

  /**
   * order = 2 on a record loss over Tensor components: the error says that second derivatives of
   * Tensor values are not supported and to use order 1; no @PullbackOf could help, so it does not
   * advise one.
   */
  @Test
  void secondOrderOverTensorsGivesNoPullbackAdvice() {
    Compilation c =
        compile(
            """
            package realistic;

            import dev.adjoint.Differentiable;
            import dev.adjoint.tensor.Tensor;

            public final class Bad {
              public record Lin(Tensor w, double b) {
                @Differentiable(order = 2, wrt = "this")
                double loss(Tensor x, Tensor y) {
                  Tensor r = x.matmul(w).add(b).sub(y);
                  return r.mul(r).mean();
                }
              }
            }
            """);
    String errs = errors(c);
    assertEquals(Compilation.Status.FAILURE, c.status());
    assertTrue(errs.contains("second derivatives of Tensor values are not supported"), errs);
    assertTrue(errs.contains("Use order = 1 (the gradient and forward mode)"), errs);
    assertTrue(!errs.contains("@PullbackOf"), errs);
  }

  // ---------------------------------------------------------------------------------------------
  // 17. Custom derivatives called with aliased arguments (dot(w, w), axpy(a, w[c], w[c])), with
  //     rows of a matrix and record components, an int argument, a pullback returning its seed.

  static final String BLAS =
      """
      package realistic.lib4;

      public final class Blas {
        private Blas() {}

        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        /** a * x + y, a new array. */
        public static double[] axpy(double a, double[] x, double[] y) {
          double[] out = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            out[i] = a * x[i] + y[i];
          }
          return out;
        }

        public static double powi(double x, int n) {
          double r = 1;
          for (int i = 0; i < n; i++) {
            r *= x;
          }
          return r;
        }
      }
      """;

  static final String BLAS_RULES =
      """
      package realistic.lib4;

      import dev.adjoint.PullbackOf;
      import dev.adjoint.TangentOf;

      public final class BlasPullbacks {
        private BlasPullbacks() {}

        @PullbackOf(type = Blas.class, method = "dot", wrt = "a")
        public static double[] dotA(double[] a, double[] b, double seed) {
          double[] g = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            g[i] = seed * b[i];
          }
          return g;
        }

        @PullbackOf(type = Blas.class, method = "dot", wrt = "b")
        public static double[] dotB(double[] a, double[] b, double seed) {
          double[] g = new double[b.length];
          for (int i = 0; i < b.length; i++) {
            g[i] = seed * a[i];
          }
          return g;
        }

        @PullbackOf(type = Blas.class, method = "axpy", wrt = "a")
        public static double axpyA(double a, double[] x, double[] y, double[] seed) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += seed[i] * x[i];
          }
          return s;
        }

        @PullbackOf(type = Blas.class, method = "axpy", wrt = "x")
        public static double[] axpyX(double a, double[] x, double[] y, double[] seed) {
          double[] g = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            g[i] = a * seed[i];
          }
          return g;
        }

        @PullbackOf(type = Blas.class, method = "axpy", wrt = "y")
        public static double[] axpyY(double a, double[] x, double[] y, double[] seed) {
          return seed;
        }

        @PullbackOf(type = Blas.class, method = "powi", wrt = "x")
        public static double powiX(double x, int n, double seed) {
          return n == 0 ? 0 : seed * n * Blas.powi(x, n - 1);
        }

        @TangentOf(type = Blas.class, method = "axpy")
        public static double[] axpyTangent(double a, double[] x, double[] y, double aDot, double[] xDot,
            double[] yDot) {
          double[] t = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            t[i] = aDot * x[i] + (xDot == null ? 0 : a * xDot[i]) + (yDot == null ? 0 : yDot[i]);
          }
          return t;
        }
      }
      """;

  static final String USES_BLAS =
      """
      package realistic;

      import dev.adjoint.Differentiable;
      import realistic.lib4.Blas;

      public final class UsesBlas {
        private UsesBlas() {}

        /** The same array twice: d/dw dot(w, w) = 2w. */
        @Differentiable
        public static double sq(double[] w) {
          return Blas.dot(w, w);
        }

        /** Rows of a matrix into the library; axpy with an aliased argument. */
        @Differentiable(wrt = {"w", "a"})
        public static double rows(double[][] w, double a, double[][] x, int p) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < w.length; c++) {
              double[] z = Blas.axpy(a, w[c], w[c]);
              total += Blas.powi(Blas.dot(z, x[i]), p);
            }
          }
          return total;
        }

        public record Lin(double[] w, double b) {
          @Differentiable(wrt = "this")
          public double loss(double[] x, double y) {
            double r = Blas.dot(w, x) + Blas.dot(w, w) * b - y;
            return r * r;
          }
        }

        @Differentiable
        public static double[] step(double a, double[] x, double[] y) {
          return Blas.axpy(a, x, Blas.axpy(a, y, x));
        }

        /** Residual chain: h = axpy(a, f(h), h) repeated; y's pullback returns the seed itself. */
        @Differentiable
        public static double chain(double a, double[] h0, int steps) {
          double[] h = h0;
          for (int t = 0; t < steps; t++) {
            double[] f = new double[h.length];
            for (int i = 0; i < h.length; i++) {
              f[i] = Math.tanh(h[i]);
            }
            h = Blas.axpy(a, f, h);
          }
          double s = 0;
          for (double v : h) {
            s += v * v;
          }
          return s;
        }

        @Differentiable
        public static double twice(double a, double[] x, double[] y) {
          double[] z = Blas.axpy(a, x, y);
          double[] u = Blas.axpy(a, z, z);
          return Blas.dot(u, u) + Blas.dot(z, y);
        }
      }
      """;

  @Test
  void customDerivativesWithAliasedArguments() {
    CompiledSources unit = CompiledSources.withAdjoint(USES_BLAS, BLAS, BLAS_RULES);
    AdjointCheck.of(unit.load("realistic.UsesBlas"))
        .pointsPerMethod(5)
        .points("sq", rng -> new Object[] {vec(rng, size(rng), 1)})
        .points(
            "rows",
            rng -> {
              int d = size(rng);
              return new Object[] {
                mat(rng, 2, d, 1), rng.nextGaussian(), mat(rng, size(rng), d, 1), rng.nextInt(4)
              };
            })
        .points(
            "chain",
            rng -> new Object[] {rng.nextGaussian(), vec(rng, size(rng), 1), rng.nextInt(4)})
        .points(
            "twice",
            rng -> {
              int d = size(rng);
              return new Object[] {rng.nextGaussian(), vec(rng, d, 1), vec(rng, d, 1)};
            })
        .points(
            "step",
            rng -> {
              int d = size(rng);
              return new Object[] {rng.nextGaussian(), vec(rng, d, 1), vec(rng, d, 1)};
            })
        .verify();
    Class<?> lin = unit.load("realistic.UsesBlas$Lin");
    AdjointCheck.of(lin)
        .pointsPerMethod(5)
        .points(
            "loss",
            rng -> {
              int d = size(rng);
              try {
                return new Object[] {
                  lin.getDeclaredConstructor(double[].class, double.class)
                      .newInstance(vec(rng, d, 1), rng.nextGaussian()),
                  vec(rng, d, 1),
                  rng.nextGaussian()
                };
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            })
        .verify();
  }
}
