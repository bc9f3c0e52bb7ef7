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
 * Records and layers together, as a user of JAX's Flax or PyTorch's modules writes a model: a
 * network record of two {@code Dense} records whose instance method {@code apply} is a layer
 * returning a {@code Tensor}, and a recurrent network record whose loss unrolls a static cell layer
 * over time. Each gradient (a record) is checked against central differences by {@code GradCheck}
 * over records (step 1e-6, |analytic - numeric| &lt;= 1e-6 + 1e-5 |numeric|), each {@code fJvp}
 * with a record tangent against the central difference along it (same tolerance), a layer's
 * pullback with a random tensor seed against the central difference of its inner product with the
 * seed along a random direction, and the typed buffers against the gradient, at three seeds; then
 * Adam steps both records and the loss falls.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModelsAsValuesTest {
  static final String NET =
      """
      package models;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      /** Two dense tanh layers and a softmax classifier on top. */
      public record Net(Net.Dense l1, Net.Dense l2) {
        /** A dense layer: its parameters, and the layer itself as an instance method. */
        public record Dense(Tensor w, Tensor b) {
          @Differentiable
          public Tensor apply(Tensor x) {
            return x.matmul(w).add(b).tanh();
          }
        }

        @Differentiable(wrt = "this")
        public double loss(Tensor x, int[] labels) {
          Tensor h = l1.apply(x);
          return Losses.softmaxCrossEntropy(l2().apply(h), labels);
        }
      }
      """;

  static final String RNN =
      """
      package models;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;

      /** An Elman network over a sequence given as the rows of xs; the last state is read out. */
      public record Rnn(Tensor wh, Tensor wx, Tensor wo, int steps) {
        @Differentiable
        static Tensor cell(Tensor h, Tensor x, Tensor wh, Tensor wx) {
          return h.matmul(wh).add(x.matmul(wx)).tanh();
        }

        @Differentiable(wrt = "this")
        public double loss(Tensor xs, Tensor h0, Tensor y) {
          Tensor h = h0;
          for (int t = 0; t < steps; t++) {
            h = cell(h, xs.rows(t, t + 1), wh, wx);
          }
          return Losses.mseMean(h.matmul(wo), y);
        }
      }
      """;

  static final String CHECKS =
      """
      package models;

      import dev.adjoint.GradCheck;
      import dev.adjoint.Records;
      import dev.adjoint.optim.Adam;
      import dev.adjoint.tensor.Tensor;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.Random;
      import java.util.function.ToDoubleFunction;

      /** What a user writes to check a model's generated derivatives. */
      public final class Checks {
        private Checks() {}

        static final double EPS = 1e-6;
        static final double ATOL = 1e-6;
        static final double RTOL = 1e-5;

        public static List<String> all(long seed, int[] count) {
          Random rng = new Random(seed);
          List<String> failures = new ArrayList<>();

          Net net = new Net(dense(rng, 3, 5), dense(rng, 5, 4));
          Tensor x = Tensor.randn(rng, 6, 3);
          int[] labels = {0, 3, 1, 2, 2, 0};
          gradient(failures, count, "Net.loss",
              GradCheck.check(n -> n.loss(x, labels), n -> NetAdjoint.lossGradient(n, x, labels).self(),
                  net, EPS, ATOL, RTOL));
          Net dir = new Net(dense(rng, 3, 5), dense(rng, 5, 4));
          jvp(failures, count, "Net.loss", n -> n.loss(x, labels), net, dir,
              NetAdjoint.lossJvp(net, x, labels, dir).tangent());
          var buffers = NetAdjoint.LossBuffers.zerosLike(net);
          NetAdjoint.lossPullback(net, x, labels, 2.0, buffers);
          Net g = NetAdjoint.lossGradient(net, x, labels).self();
          count[0]++;
          if (!close(buffers.self_l2_w, g.l2().w().mul(2.0)) || !close(buffers.self_l1_b, g.l1().b().mul(2.0))) {
            failures.add("Net typed buffers differ from twice the gradient");
          }

          // The layer alone: <seed, J v> by its pullback against the central difference.
          Net.Dense layer = net.l1();
          Tensor seedT = Tensor.randn(rng, 6, 5);
          Tensor vx = Tensor.randn(rng, 6, 3);
          Tensor vw = Tensor.randn(rng, 3, 5);
          Tensor vb = Tensor.randn(rng, 5);
          Tensor[] wBar = new Tensor[1];
          Tensor[] bBar = new Tensor[1];
          Tensor[] xBar = new Tensor[1];
          Net_DenseAdjoint.applyPullback(layer.w(), layer.b(), x, seedT, wBar, bBar, xBar);
          double viaPullback = dot(wBar[0], vw) + dot(bBar[0], vb) + dot(xBar[0], vx);
          double h = 1e-6;
          double numeric =
              (dot(seedT, new Net.Dense(layer.w().add(vw.mul(h)), layer.b().add(vb.mul(h))).apply(x.add(vx.mul(h))))
                  - dot(seedT, new Net.Dense(layer.w().add(vw.mul(-h)), layer.b().add(vb.mul(-h))).apply(x.add(vx.mul(-h)))))
                  / (2 * h);
          compare(failures, count, "Dense.apply pullback", viaPullback, numeric);
          Tensor tangent = Net_DenseAdjoint.applyJvp(layer, x, new Net.Dense(vw, vb), vx).tangent();
          compare(failures, count, "Dense.apply jvp", dot(seedT, tangent), numeric);

          Rnn rnn = new Rnn(Tensor.randn(rng, 4, 4).mul(0.5), Tensor.randn(rng, 2, 4), Tensor.randn(rng, 4, 1), 5);
          Tensor xs = Tensor.randn(rng, 5, 2);
          Tensor h0 = Tensor.randn(rng, 1, 4);
          Tensor y = Tensor.randn(rng, 1, 1);
          gradient(failures, count, "Rnn.loss",
              GradCheck.check(r -> r.loss(xs, h0, y), r -> RnnAdjoint.lossGradient(r, xs, h0, y).self(),
                  rnn, EPS, ATOL, RTOL));
          Rnn rdir = new Rnn(Tensor.randn(rng, 4, 4), Tensor.randn(rng, 2, 4), Tensor.randn(rng, 4, 1), 5);
          jvp(failures, count, "Rnn.loss", r -> r.loss(xs, h0, y), rnn, rdir,
              RnnAdjoint.lossJvp(rnn, xs, h0, y, rdir).tangent());
          if (RnnAdjoint.lossGradient(rnn, xs, h0, y).self().steps() != 5) {
            failures.add("the gradient's data component is not the primal's");
          }
          // Typed buffers, accumulated over two seeds, seen as an Rnn (for an optimizer's step).
          var rnnBuffers = RnnAdjoint.LossBuffers.zerosLike(rnn);
          RnnAdjoint.lossPullback(rnn, xs, h0, y, 1.0, rnnBuffers);
          RnnAdjoint.lossPullback(rnn, xs, h0, y, 0.5, rnnBuffers);
          Rnn rg = RnnAdjoint.lossGradient(rnn, xs, h0, y).self();
          Rnn view = rnnBuffers.self();
          count[0]++;
          if (!close(view.wh(), rg.wh().mul(1.5)) || !close(view.wo(), rg.wo().mul(1.5))
              || view.steps() != 5) {
            failures.add("the typed buffers seen as an Rnn differ from 1.5 times its gradient");
          }
          return failures;
        }

        /** Adam over each record: the first and last losses of each. */
        public static double[] train(long seed) {
          Random rng = new Random(seed);
          Tensor x = Tensor.randn(rng, 12, 3);
          int[] labels = new int[12];
          for (int i = 0; i < 12; i++) {
            labels[i] = x.toArray()[3 * i] > 0 ? 1 : 0;
          }
          Net net = new Net(dense(rng, 3, 8), dense(rng, 8, 2));
          Adam adam = new Adam(Adam.Options.defaults().lr(0.05));
          double netFirst = NetAdjoint.lossGradient(net, x, labels).value();
          for (int step = 0; step < 40; step++) {
            net = adam.step(net, NetAdjoint.lossGradient(net, x, labels).self());
          }
          Rnn rnn = new Rnn(Tensor.randn(rng, 4, 4).mul(0.3), Tensor.randn(rng, 2, 4), Tensor.randn(rng, 4, 1), 4);
          Tensor xs = Tensor.randn(rng, 4, 2);
          Tensor h0 = Tensor.zeros(1, 4);
          Tensor y = Tensor.randn(rng, 1, 1);
          Adam adam2 = new Adam(Adam.Options.defaults().lr(0.05));
          double rnnFirst = rnn.loss(xs, h0, y);
          for (int step = 0; step < 40; step++) {
            rnn = adam2.step(rnn, RnnAdjoint.lossGradient(rnn, xs, h0, y).self());
          }
          return new double[] {netFirst, net.loss(x, labels), rnnFirst, rnn.loss(xs, h0, y)};
        }

        static Net.Dense dense(Random rng, int in, int out) {
          return new Net.Dense(Tensor.randn(rng, in, out), Tensor.randn(rng, out));
        }

        static double dot(Tensor a, Tensor b) {
          double[] x = a.toArray();
          double[] y = b.toArray();
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
          }
          return s;
        }

        static boolean close(Tensor a, Tensor b) {
          double[] x = a.toArray();
          double[] y = b.toArray();
          for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - y[i]) > 1e-12 * (1 + Math.abs(y[i]))) {
              return false;
            }
          }
          return x.length == y.length;
        }

        static void gradient(List<String> failures, int[] count, String what, GradCheck.Result r) {
          count[0]++;
          if (!r.passed()) {
            failures.add(what + " gradient: " + r.report());
          }
        }

        static void compare(List<String> failures, int[] count, String what, double analytic, double numeric) {
          count[0]++;
          if (Math.abs(analytic - numeric) > ATOL + RTOL * Math.abs(numeric)) {
            failures.add(what + ": " + analytic + ", numeric " + numeric);
          }
        }

        /** The tangent against the central difference of f along dir. */
        static <R extends Record> void jvp(
            List<String> failures, int[] count, String what, ToDoubleFunction<R> f, R at, R dir, double tangent) {
          double step = 1e-6;
          double numeric = (f.applyAsDouble(axpy(at, step, dir)) - f.applyAsDouble(axpy(at, -step, dir))) / (2 * step);
          compare(failures, count, what + " jvp", tangent, numeric);
        }

        /** at + a * dir over the tensor leaves; other leaves (sizes) are at's. */
        static <R extends Record> R axpy(R at, double a, R dir) {
          List<Object> x = Records.leaves(at);
          List<Object> d = Records.leaves(dir);
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < x.size(); i++) {
            out.add(x.get(i) instanceof Tensor t ? t.add(((Tensor) d.get(i)).mul(a)) : x.get(i));
          }
          return Records.withLeaves(at, out);
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> checks() {
    return CompiledSources.withAdjoint(NET, RNN, CHECKS).load("models.Checks");
  }

  @Test
  @SuppressWarnings("unchecked")
  void recordsOfLayersMatchFiniteDifferences() throws Exception {
    var all = checks().getMethod("all", long.class, int[].class);
    for (long seed = 1; seed <= 3; seed++) {
      int[] count = {0};
      List<String> failures = (List<String>) all.invoke(null, seed, count);
      assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
      assertEquals(8, count[0], "checks run");
    }
  }

  @Test
  void adamStepsTheRecordsAndTheLossFalls() throws Exception {
    double[] losses = (double[]) checks().getMethod("train", long.class).invoke(null, 11L);
    assertTrue(losses[1] < 0.5 * losses[0], () -> "Net: " + losses[0] + " -> " + losses[1]);
    assertTrue(losses[3] < 0.5 * losses[2], () -> "Rnn: " + losses[2] + " -> " + losses[3]);
  }
}
