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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records as parameter bundles, written the way users write models: a logistic regression record
 * with an instance loss, an {@code int} size, a static helper taking the record, an alias local and
 * an enhanced for over a component; a network of two nested {@code Dense} records with instance
 * forward passes; a tensor MLP whose loss is an instance method. The checks are ordinary user code
 * compiled with the models ({@code Checks}): each gradient (a record) against central differences
 * by {@code GradCheck} over records (step 1e-6, |analytic - numeric| &lt;= 1e-6 + 1e-5 |numeric|),
 * each {@code fJvp} with a record tangent against the central difference along it (same tolerance),
 * the logistic regression's Hessian against differences of its gradient (step 1e-4, 1e-5 + 1e-4
 * relative), at three random points each; and Adam over the MLP record.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecordsTest {
  static final String LOGISTIC =
      """
      package records;

      import dev.adjoint.Differentiable;

      /** Logistic regression: weights, bias, and the number of features as data. */
      public record Logistic(double[] w, double b, int features) {
        /** The log-loss of one example, plus an L2 penalty computed by a static helper. */
        @Differentiable(order = 2, wrt = "this")
        public double loss(double[] x, double y) {
          double z = b;
          for (int j = 0; j < features; j++) {
            z += w()[j] * x[j];
          }
          double p = 1 / (1 + Math.exp(-z));
          return -(y * Math.log(p) + (1 - y) * Math.log(1 - p)) + 0.01 * penalty(this);
        }

        /** Sum of squares of every parameter: an enhanced for over a component, and an alias. */
        @Differentiable(order = 2)
        static double penalty(Logistic m) {
          double s = 0;
          for (double v : m.w()) {
            s += v * v;
          }
          Logistic alias = m;
          return s + alias.b() * alias.b();
        }
      }
      """;

  static final String NET =
      """
      package records;

      import dev.adjoint.Differentiable;

      /** Two dense layers, each with an instance forward pass. */
      public record Net(Net.Dense l1, Net.Dense l2) {
        /** A dense tanh layer. */
        public record Dense(double[][] w, double[] b) {
          @Differentiable
          double[] forward(double[] x) {
            double[] out = new double[b.length];
            for (int i = 0; i < b.length; i++) {
              double s = b[i];
              for (int j = 0; j < x.length; j++) {
                s += w[i][j] * x[j];
              }
              out[i] = Math.tanh(s);
            }
            return out;
          }
        }

        @Differentiable(wrt = "net")
        static double loss(Net net, double[] x, double y) {
          double[] h = net.l1().forward(x);
          Dense last = net.l2();
          double[] o = last.forward(h);
          double r = o[0] - y;
          return r * r;
        }
      }
      """;

  static final String MLP =
      """
      package records;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      /** A two-layer perceptron over tensors, its loss an instance method. */
      public record Mlp(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        @Differentiable
        public double loss(Tensor x, int[] labels) {
          Tensor hidden = x.matmul(w1).add(b1()).tanh();
          return Losses.softmaxCrossEntropy(hidden.matmul(this.w2).add(b2), labels);
        }
      }
      """;

  static final String CHECKS =
      """
      package records;

      import dev.adjoint.Differentiable;
      import dev.adjoint.GradCheck;
      import dev.adjoint.Records;
      import dev.adjoint.optim.Adam;
      import dev.adjoint.tensor.Tensor;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.Random;
      import java.util.function.ToDoubleFunction;

      /** What a user writes to check the generated derivatives of models made of records. */
      public final class Checks {
        private Checks() {}

        static final double EPS = 1e-6;
        static final double ATOL = 1e-6;
        static final double RTOL = 1e-5;

        /** Every check at one random point; returns the failures' reports, and counts the checks. */
        public static List<String> all(long seed, int[] count) {
          Random rng = new Random(seed);
          List<String> failures = new ArrayList<>();

          // Logistic regression: instance loss, a static helper taking the record, an int size.
          double[] x = normal(rng, 3);
          double y = rng.nextBoolean() ? 1.0 : 0.0;
          Logistic lr = new Logistic(normal(rng, 3), rng.nextGaussian(), 3);
          check(failures, count, "Logistic.loss gradient",
              GradCheck.check(m -> m.loss(x, y), m -> LogisticAdjoint.lossGradient(m, x, y).self(), lr, EPS, ATOL, RTOL));
          check(failures, count, "Logistic.penalty gradient",
              GradCheck.check(Logistic::penalty, m -> LogisticAdjoint.penaltyGradient(m).m(), lr, EPS, ATOL, RTOL));
          if (LogisticAdjoint.lossGradient(lr, x, y).self().features() != 3) {
            failures.add("the gradient's data component is not the primal's");
          }
          Logistic dir = new Logistic(normal(rng, 3), rng.nextGaussian(), 0);
          jvp(failures, count, "Logistic.loss jvp", m -> m.loss(x, y), lr, dir,
              LogisticAdjoint.lossJvp(lr, x, y, dir).tangent());
          // Hessian (order 2) over the leaves w[0..2], b, against differences of the gradient.
          double[][] h = LogisticAdjoint.lossHessian(lr, x, y);
          for (int i = 0; i < 4; i++) {
            List<Object> plus = Records.leaves(lr);
            List<Object> minus = Records.leaves(lr);
            double step = EPS * 100;
            bump(plus, i, step);
            bump(minus, i, -step);
            double[] gp = flatGradient(LogisticAdjoint.lossGradient(Records.withLeaves(lr, plus), x, y).self());
            double[] gm = flatGradient(LogisticAdjoint.lossGradient(Records.withLeaves(lr, minus), x, y).self());
            for (int j = 0; j < 4; j++) {
              double numeric = (gp[j] - gm[j]) / (2 * step);
              count[0]++;
              if (Math.abs(h[j][i] - numeric) > 1e-5 + 1e-4 * Math.abs(numeric)) {
                failures.add("Logistic Hessian [" + j + "][" + i + "]: " + h[j][i] + " vs " + numeric);
              }
            }
          }

          // Typed buffers: the same numbers as the gradient, accumulated, and checked shapes.
          var buffers = LogisticAdjoint.LossBuffers.zerosLike(lr);
          double value = LogisticAdjoint.lossPullback(lr, x, y, 1.0, buffers);
          LogisticAdjoint.lossPullback(lr, x, y, 0.5, buffers);
          var g = LogisticAdjoint.lossGradient(lr, x, y);
          count[0]++;
          if (value != g.value() || buffers.self_b != 1.5 * g.self().b()
              || Math.abs(buffers.self_w[1] - 1.5 * g.self().w()[1]) > 1e-15) {
            failures.add("typed buffers: " + buffers.self_b + " vs 1.5 * " + g.self().b());
          }
          buffers.clear();
          count[0]++;
          if (buffers.self_b != 0 || buffers.self_w[0] != 0) {
            failures.add("clear() left " + buffers.self_b);
          }
          var wrong = LogisticAdjoint.LossBuffers.zerosLike(new Logistic(new double[4], 0, 4));
          count[0]++;
          try {
            LogisticAdjoint.lossPullback(lr, x, y, 1.0, wrong);
            failures.add("a buffer of the wrong length was accepted");
          } catch (IllegalArgumentException e) {
            String expected = "lossPullback: the buffer for parameter this.w has length 4, but this.w has length 3";
            if (!e.getMessage().equals(expected)) {
              failures.add("message: " + e.getMessage());
            }
          }
          // The issue's own example: a scalar between two arrays, in declaration order.
          double[] w = normal(rng, 3);
          double b = rng.nextGaussian();
          var plain = ChecksAdjoint.lossBuffersExampleGradient(w, b, x, y);
          var typed = ChecksAdjoint.LossBuffersExampleBuffers.zerosLike(w, b, x, y);
          ChecksAdjoint.lossBuffersExamplePullback(w, b, x, y, 1.0, typed);
          count[0]++;
          if (typed.b != plain.b() || typed.w[2] != plain.w()[2] || typed.x[0] != plain.x()[0] || typed.y != plain.y()) {
            failures.add("typed buffers of lossBuffersExample differ from its gradient");
          }

          // Nested records: Net of two Dense layers, their instance forward passes.
          Net net = new Net(dense(rng, 4, 3), dense(rng, 1, 4));
          double[] xs = normal(rng, 3);
          double target = rng.nextGaussian();
          check(failures, count, "Net.loss gradient",
              GradCheck.check(n -> Net.loss(n, xs, target), n -> NetAdjoint.lossGradient(n, xs, target).net(), net, EPS, ATOL, RTOL));
          Net netDir = new Net(dense(rng, 4, 3), dense(rng, 1, 4));
          jvp(failures, count, "Net.loss jvp", n -> Net.loss(n, xs, target), net, netDir,
              NetAdjoint.lossJvp(net, xs, target, netDir).tangent());
          double[][] jac = Net_DenseAdjoint.forwardJacobian(net.l1(), xs);
          double[] before = net.l1().forward(xs);
          if (jac.length != before.length || jac[0].length != 12 + 4 + 3) {
            failures.add("Dense.forward Jacobian has shape " + jac.length + "x" + jac[0].length);
          }

          // Tensors: the MLP.
          Tensor xt = Tensor.randn(rng, 5, 3);
          int[] labels = {0, 1, 2, 1, 0};
          Mlp mlp = new Mlp(Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4), Tensor.randn(rng, 4, 3), Tensor.randn(rng, 3));
          check(failures, count, "Mlp.loss gradient",
              GradCheck.check(m -> m.loss(xt, labels), m -> MlpAdjoint.lossGradient(m, xt, labels).self(), mlp, EPS, ATOL, RTOL));
          Mlp mlpDir = new Mlp(Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4), Tensor.randn(rng, 4, 3), Tensor.randn(rng, 3));
          jvp(failures, count, "Mlp.loss jvp", m -> m.loss(xt, labels), mlp, mlpDir,
              MlpAdjoint.lossJvp(mlp, xt, labels, mlpDir, null).tangent());
          var tensorBuffers = MlpAdjoint.LossBuffers.zerosLike(mlp, xt);
          MlpAdjoint.lossPullback(mlp, xt, labels, 1.0, tensorBuffers);
          var mg = MlpAdjoint.lossGradient(mlp, xt, labels);
          count[0]++;
          if (!java.util.Arrays.equals(tensorBuffers.self_w2.toArray(), mg.self().w2().toArray())
              || !java.util.Arrays.equals(tensorBuffers.x.toArray(), mg.x().toArray())) {
            failures.add("typed tensor buffers differ from the gradient");
          }
          return failures;
        }

        /** The issue's example: a scalar between arrays, all differentiated. */
        @Differentiable
        static double lossBuffersExample(double[] w, double b, double[] x, double y) {
          double z = b;
          for (int j = 0; j < w.length; j++) {
            z += w[j] * x[j];
          }
          return (z - y) * (z - y);
        }

        /** A few Adam steps on the MLP record: the losses, which should fall. */
        public static double[] train(long seed) {
          Random rng = new Random(seed);
          Tensor xt = Tensor.randn(rng, 16, 3);
          int[] labels = new int[16];
          for (int i = 0; i < 16; i++) {
            labels[i] = xt.toArray()[3 * i] > 0 ? 1 : 0;
          }
          Mlp model = new Mlp(Tensor.randn(rng, 3, 8), Tensor.zeros(8), Tensor.randn(rng, 8, 2), Tensor.zeros(2));
          Adam adam = new Adam(Adam.Options.defaults().lr(0.05));
          double[] losses = new double[30];
          for (int step = 0; step < losses.length; step++) {
            var g = MlpAdjoint.lossGradient(model, xt, labels);
            losses[step] = g.value();
            model = adam.step(model, g.self());
          }
          return losses;
        }

        static void check(List<String> failures, int[] count, String what, GradCheck.Result r) {
          count[0]++;
          if (!r.passed()) {
            failures.add(what + ": " + r.report());
          }
        }

        /** The tangent against the central difference of f along dir. */
        static <R extends Record> void jvp(
            List<String> failures, int[] count, String what, ToDoubleFunction<R> f, R at, R dir, double tangent) {
          double step = 1e-6;
          double numeric = (f.applyAsDouble(axpy(at, step, dir)) - f.applyAsDouble(axpy(at, -step, dir))) / (2 * step);
          count[0]++;
          if (Math.abs(tangent - numeric) > ATOL + RTOL * Math.abs(numeric)) {
            failures.add(what + ": tangent " + tangent + ", numeric " + numeric);
          }
        }

        /** at + a * dir, leaf by leaf. */
        static <R extends Record> R axpy(R at, double a, R dir) {
          List<Object> x = Records.leaves(at);
          List<Object> d = Records.leaves(dir);
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < x.size(); i++) {
            Object v = x.get(i);
            Object w = d.get(i);
            if (v instanceof Double s) {
              out.add(s + a * (Double) w);
            } else if (v instanceof double[] arr) {
              double[] r = arr.clone();
              for (int j = 0; j < r.length; j++) {
                r[j] += a * ((double[]) w)[j];
              }
              out.add(r);
            } else if (v instanceof double[][] m) {
              double[][] r = new double[m.length][];
              for (int k = 0; k < m.length; k++) {
                r[k] = m[k].clone();
                for (int j = 0; j < r[k].length; j++) {
                  r[k][j] += a * ((double[][]) w)[k][j];
                }
              }
              out.add(r);
            } else {
              out.add(((Tensor) v).add(((Tensor) w).mul(a)));
            }
          }
          return Records.withLeaves(at, out);
        }

        static void bump(List<Object> leaves, int flat, double h) {
          double[] w = ((double[]) leaves.get(0)).clone();
          leaves.set(0, w);
          if (flat < w.length) {
            w[flat] += h;
          } else {
            leaves.set(1, (Double) leaves.get(1) + h);
          }
        }

        static double[] flatGradient(Logistic g) {
          return new double[] {g.w()[0], g.w()[1], g.w()[2], g.b()};
        }

        static double[] normal(Random rng, int n) {
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
          }
          return v;
        }

        static Net.Dense dense(Random rng, int out, int in) {
          double[][] w = new double[out][];
          for (int i = 0; i < out; i++) {
            w[i] = normal(rng, in);
          }
          return new Net.Dense(w, normal(rng, out));
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> checks() {
    return CompiledSources.withAdjoint(LOGISTIC, NET, MLP, CHECKS).load("records.Checks");
  }

  @Test
  @SuppressWarnings("unchecked")
  void gradientsForwardModeAndHessiansMatchFiniteDifferences() throws Exception {
    var all = checks().getMethod("all", long.class, int[].class);
    for (long seed = 1; seed <= 3; seed++) {
      int[] count = {0};
      List<String> failures = (List<String>) all.invoke(null, seed, count);
      assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
      assertEquals(28, count[0], "checks run");
    }
  }

  @Test
  void adamStepsOverTheMlpRecordLowerTheLoss() throws Exception {
    double[] losses = (double[]) checks().getMethod("train", long.class).invoke(null, 7L);
    assertTrue(
        losses[losses.length - 1] < 0.5 * losses[0], () -> java.util.Arrays.toString(losses));
  }

  @Test
  void theCompanionTakesAndReturnsRecords() {
    String source =
        CompiledSources.withAdjoint(LOGISTIC, NET, MLP, CHECKS)
            .generatedSource("records.MlpAdjoint");
    assertTrue(
        source.contains(
            "public static LossGradient lossGradient(Mlp self, Tensor x, int[] labels)"),
        source);
    assertTrue(source.contains("record LossGradient(double value, Mlp self, Tensor x)"), source);
  }
}
