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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tensor-valued {@code @Differentiable} methods (layers) and the methods that call them: a 2-layer
 * MLP through {@code dense} layers against the same model in one method, a residual block that
 * calls a layer twice with the same weights, an RNN cell unrolled by the loss, a layer with a
 * branch and a loop, a layer from another class, a recursive layer, a deep net over a stacked
 * weight tensor, a layer whose result does not depend on its inputs.
 *
 * <p>{@link AdjointCheck} checks every method of the class at several random points: gradients
 * against central differences, a layer's {@code fJvp} against central differences along random
 * directions and its {@code fPullback} with a random seed s against it ({@code <fPullback(s), d> =
 * <s, fJvp(d)>}, relative 1e-9), values against the method's own. Differences pass at {@code
 * |analytic - numeric| <= 1e-5 + 1e-5 |numeric| + rounding noise} (AdjointCheck's default).
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LayersTest {
  static final String BLOCKS =
      """
      package layers.other;

      import dev.adjoint.Differentiable;
      import dev.adjoint.tensor.Tensor;

      /** A layer in another class (and so in another companion). */
      public final class Blocks {
        private Blocks() {}

        /** Layer normalisation without its affine part, then a gain: over the last axis. */
        @Differentiable
        public static Tensor normalize(Tensor x, Tensor gain) {
          Tensor centered = x.sub(x.mean(1).reshape(x.shape()[0], 1));
          Tensor variance = centered.mul(centered).mean(1).reshape(x.shape()[0], 1);
          return centered.div(variance.add(1e-5).sqrt()).mul(gain);
        }
      }
      """;

  static final String LAYERS =
      """
      package layers;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;
      import dev.adjoint.tensor.Tensor;
      import layers.other.Blocks;

      public final class Layers {
        private Layers() {}

        @Differentiable
        public static Tensor dense(Tensor x, Tensor w, Tensor b) {
          return x.matmul(w).add(b);
        }

        @Differentiable
        public static Tensor hidden(Tensor x, Tensor w, Tensor b) {
          return dense(x, w, b).relu();
        }

        /** A 2-layer perceptron through its layers. */
        @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
        public static double mlp(
            Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int[] labels) {
          Tensor h = hidden(x, w1, b1);
          return Losses.softmaxCrossEntropy(dense(h, w2, b2), labels);
        }

        /** The same model as one method. */
        @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
        public static double mlpInline(
            Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int[] labels) {
          Tensor h = x.matmul(w1).add(b1).relu();
          return Losses.softmaxCrossEntropy(h.matmul(w2).add(b2), labels);
        }

        /** A residual block: the same weights twice, so their adjoints add up. */
        @Differentiable
        public static Tensor residual(Tensor x, Tensor w, Tensor b) {
          Tensor h = dense(x, w, b).tanh();
          return x.add(dense(h, w, b));
        }

        @Differentiable(wrt = {"w", "b"})
        public static double residualLoss(Tensor w, Tensor b, Tensor x, Tensor y) {
          Tensor out = residual(residual(x, w, b), w, b);
          return Losses.mseMean(out, y);
        }

        /** An RNN cell. */
        @Differentiable
        public static Tensor cell(Tensor h, Tensor x, Tensor wh, Tensor wx) {
          return h.matmul(wh).add(x.matmul(wx)).tanh();
        }

        /** The cell unrolled over the rows of xs, the state reassigned from each call. */
        @Differentiable(wrt = {"wh", "wx", "h0"})
        public static double rnn(Tensor wh, Tensor wx, Tensor h0, Tensor xs, int steps) {
          Tensor h = h0;
          double total = 0;
          for (int t = 0; t < steps; t++) {
            h = cell(h, xs.rows(t, t + 1), wh, wx);
            total += h.sum();
          }
          return total + h.mul(h).sum();
        }

        /** A branch and a loop inside a layer, and a double parameter. */
        @Differentiable
        public static Tensor gated(Tensor x, Tensor w, double scale, int passes) {
          Tensor h = x;
          for (int i = 0; i < passes; i++) {
            if (h.sum() > 0) {
              h = h.matmul(w).tanh();
            } else {
              h = h.mul(scale).sigmoid();
            }
          }
          return h.mul(scale);
        }

        @Differentiable(wrt = {"w", "scale", "gain"})
        public static double gatedLoss(
            Tensor w, double scale, Tensor gain, Tensor x, int passes) {
          Tensor h = gated(x, w, scale, passes);
          Tensor n = Blocks.normalize(h, gain);
          return n.mul(h).sum() + scale * scale;
        }

        /** Layer after layer over a stack of weights [layers, d, d], in a loop. */
        @Differentiable(wrt = "stack")
        public static Tensor deep(Tensor x, Tensor stack, int layers) {
          int d = x.shape()[1];
          Tensor h = x;
          for (int i = 0; i < layers; i++) {
            Tensor w = stack.rows(i, i + 1).reshape(d, d);
            h = dense(h, w, Tensor.zeros(d)).tanh();
          }
          return h;
        }

        /** A recursive layer: n applications of a cell with the same weights. */
        @Differentiable
        public static Tensor repeat(Tensor h, Tensor w, int n) {
          if (n == 0) {
            return h;
          }
          return repeat(h.matmul(w).tanh(), w, n - 1);
        }

        @Differentiable
        public static double repeatLoss(Tensor h, Tensor w, int n) {
          return repeat(h, w, n).sum();
        }

        /** Ignores its input: a constant layer, whose pullback adds nothing. */
        @SuppressWarnings("unused")
        @Differentiable
        public static Tensor constant(Tensor x) {
          return Tensor.ones(2, 3);
        }

        @Differentiable
        public static double withConstant(Tensor x) {
          return constant(x).mul(x).sum();
        }

        @Differentiable
        public static Tensor identity(Tensor x) {
          return x;
        }

        @Differentiable
        public static double throughIdentity(Tensor x) {
          Tensor y = identity(x);
          return identity(y).mul(x).sum();
        }
      }
      """;

  private static Class<?> layers() {
    return CompiledSources.withAdjoint(LAYERS, BLOCKS).load("layers.Layers");
  }

  private static Class<?> companion() {
    return CompiledSources.withAdjoint(LAYERS, BLOCKS).load("layers.LayersAdjoint");
  }

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  static Tensor normal(Random rng, double scale, int... shape) {
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

  static int[] labels(Random rng, int n, int classes) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = rng.nextInt(classes);
    }
    return out;
  }

  @Test
  void everyLayerAndLossAgainstFiniteDifferencesAndEachOther() {
    var summary =
        AdjointCheck.of(layers())
            .pointsPerMethod(4)
            .points(
                "dense",
                rng ->
                    new Object[] {normal(rng, 1, 3, 4), normal(rng, 0.7, 4, 2), normal(rng, 1, 2)})
            .points(
                "hidden",
                rng ->
                    new Object[] {normal(rng, 1, 3, 4), normal(rng, 0.7, 4, 5), normal(rng, 1, 5)})
            .points("mlp", LayersTest::mlpPoint)
            .points("mlpInline", LayersTest::mlpPoint)
            .points(
                "residual",
                rng ->
                    new Object[] {normal(rng, 1, 2, 3), normal(rng, 0.6, 3, 3), normal(rng, 1, 3)})
            .points(
                "residualLoss",
                rng ->
                    new Object[] {
                      normal(rng, 0.6, 3, 3),
                      normal(rng, 1, 3),
                      normal(rng, 1, 4, 3),
                      normal(rng, 1, 4, 3)
                    })
            .points(
                "cell",
                rng ->
                    new Object[] {
                      normal(rng, 1, 2, 3),
                      normal(rng, 1, 2, 2),
                      normal(rng, 0.6, 3, 3),
                      normal(rng, 0.6, 2, 3)
                    })
            .points(
                "rnn",
                rng ->
                    new Object[] {
                      normal(rng, 0.5, 3, 3),
                      normal(rng, 0.5, 2, 3),
                      normal(rng, 1, 1, 3),
                      normal(rng, 1, 5, 2),
                      rng.nextInt(6)
                    })
            .points(
                "gated",
                rng ->
                    new Object[] {
                      normal(rng, 1, 2, 3),
                      normal(rng, 0.7, 3, 3),
                      0.5 + rng.nextDouble(),
                      rng.nextInt(4)
                    })
            .points(
                "gatedLoss",
                rng ->
                    new Object[] {
                      normal(rng, 0.7, 3, 3),
                      0.5 + rng.nextDouble(),
                      normal(rng, 1, 3),
                      normal(rng, 1, 2, 3),
                      rng.nextInt(4)
                    })
            .points(
                "deep",
                rng ->
                    new Object[] {normal(rng, 1, 2, 3), normal(rng, 0.6, 4, 3, 3), rng.nextInt(5)})
            .points(
                "repeat",
                rng -> new Object[] {normal(rng, 1, 2, 3), normal(rng, 0.6, 3, 3), rng.nextInt(5)})
            .points(
                "repeatLoss",
                rng -> new Object[] {normal(rng, 1, 2, 3), normal(rng, 0.6, 3, 3), rng.nextInt(5)})
            .points("constant", rng -> new Object[] {normal(rng, 1, 2, 3)})
            .points("withConstant", rng -> new Object[] {normal(rng, 1, 2, 3)})
            .points("identity", rng -> new Object[] {normal(rng, 1, 2, 3)})
            .points("throughIdentity", rng -> new Object[] {normal(rng, 1, 2, 3)})
            .verify();
    for (String layer : List.of("dense", "residual", "cell", "gated", "deep", "repeat")) {
      assertTrue(
          summary.methods().get(layer).containsAll(Set.of(Check.PULLBACK, Check.JVP)),
          layer + ": " + summary);
    }
    for (String loss : List.of("mlp", "residualLoss", "rnn", "gatedLoss", "repeatLoss")) {
      assertTrue(
          summary.methods().get(loss).containsAll(Set.of(Check.GRADIENT, Check.JVP)),
          loss + ": " + summary);
    }
  }

  private static Object[] mlpPoint(Random rng) {
    return new Object[] {
      normal(rng, 0.7, 4, 5),
      normal(rng, 0.3, 5),
      normal(rng, 0.7, 5, 3),
      normal(rng, 0.3, 3),
      normal(rng, 1, 6, 4),
      labels(rng, 6, 3)
    };
  }

  private static Method method(Class<?> owner, String name) {
    for (Method m : owner.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name);
  }

  private static List<Object> components(Object record) throws Exception {
    List<Object> out = new ArrayList<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      out.add(c.getAccessor().invoke(record));
    }
    return out;
  }

  @Test
  void layeredMlpHasTheGradientOfTheOneMethodMlp() throws Exception {
    Random rng = new Random(3);
    for (int point = 0; point < 4; point++) {
      Object[] args = mlpPoint(rng);
      List<Object> layered = components(method(companion(), "mlpGradient").invoke(null, args));
      List<Object> inline = components(method(companion(), "mlpInlineGradient").invoke(null, args));
      assertEquals((double) inline.get(0), (double) layered.get(0), 0.0, "value");
      for (int k = 1; k < 5; k++) {
        double[] a = ((Tensor) layered.get(k)).toArray();
        double[] b = ((Tensor) inline.get(k)).toArray();
        // The same operations in the same order: equal but for the order of the adjoint sums.
        assertArrayEquals(b, a, 1e-12, "component " + k + " at point " + point);
      }
    }
  }

  /**
   * ⟨seed, J·v⟩ = ⟨Jᵀ·seed, v⟩ for the residual block, from its generated methods, and both against
   * central differences of ⟨seed, f⟩ along v (h = 1e-6; tolerance 1e-6 relative to the terms).
   */
  @Test
  void pullbackAndJvpAreTransposes() throws Exception {
    Random rng = new Random(5);
    Method f = method(layers(), "residual");
    Method pullback = method(companion(), "residualPullback");
    Method jvp = method(companion(), "residualJvp");
    for (int point = 0; point < 5; point++) {
      Tensor x = normal(rng, 1, 2, 3);
      Tensor w = normal(rng, 0.6, 3, 3);
      Tensor b = normal(rng, 1, 3);
      Tensor seed = normal(rng, 1, 2, 3);
      Tensor[] v = {normal(rng, 1, 2, 3), normal(rng, 1, 3, 3), normal(rng, 1, 3)};
      Tensor[][] bars = {new Tensor[1], new Tensor[1], new Tensor[1]};
      Tensor value = (Tensor) pullback.invoke(null, x, w, b, seed, bars[0], bars[1], bars[2]);
      assertArrayEquals(((Tensor) f.invoke(null, x, w, b)).toArray(), value.toArray(), 0.0);
      Object record = jvp.invoke(null, x, w, b, v[0], v[1], v[2]);
      Tensor jv = (Tensor) components(record).get(1);
      double left = seed.mul(jv).sum();
      double right = 0;
      double scale = 0;
      for (int k = 0; k < 3; k++) {
        right += bars[k][0].mul(v[k]).sum();
        scale += bars[k][0].mul(v[k]).abs().sum();
      }
      assertEquals(right, left, 1e-9 * scale, "<seed, J v> against <J^T seed, v>");
      double h = 1e-6;
      Tensor plus =
          (Tensor) f.invoke(null, x.add(v[0].mul(h)), w.add(v[1].mul(h)), b.add(v[2].mul(h)));
      Tensor minus =
          (Tensor) f.invoke(null, x.sub(v[0].mul(h)), w.sub(v[1].mul(h)), b.sub(v[2].mul(h)));
      double fd = seed.mul(plus.sub(minus)).sum() / (2 * h);
      assertEquals(fd, right, 1e-6 * Math.max(1, scale), "<J^T seed, v> against differences");
    }
  }

  /**
   * A recursion of layers deeper than a thread's stack holds split sweeps (512): the rest moves to
   * a deeper stack, with the layer's Tensor value coming back from there. The gradient against
   * central differences of every element (h = 1e-6, tolerance 1e-6 relative).
   */
  @Test
  void aRecursionOfLayersDeeperThanTheStackGuard() throws Exception {
    Random rng = new Random(12);
    Tensor h = normal(rng, 1, 1, 2);
    Tensor w = normal(rng, 0.4, 2, 2);
    int depth = 1500;
    Method loss = method(layers(), "repeatLoss");
    List<Object> g =
        components(method(companion(), "repeatLossGradient").invoke(null, h, w, depth));
    assertEquals((double) loss.invoke(null, h, w, depth), (double) g.get(0), 0.0);
    Tensor[] args = {h, w};
    for (int k = 0; k < 2; k++) {
      double[] x = args[k].toArray();
      double[] gk = ((Tensor) g.get(k + 1)).toArray();
      for (int i = 0; i < x.length; i++) {
        double[] up = x.clone();
        double[] down = x.clone();
        up[i] += 1e-6;
        down[i] -= 1e-6;
        Tensor[] plus = args.clone();
        Tensor[] minus = args.clone();
        plus[k] = Tensor.of(up, args[k].shape());
        minus[k] = Tensor.of(down, args[k].shape());
        double fd =
            ((double) loss.invoke(null, plus[0], plus[1], depth)
                    - (double) loss.invoke(null, minus[0], minus[1], depth))
                / 2e-6;
        assertEquals(fd, gk[i], 1e-6 * Math.max(1, Math.abs(fd)), "argument " + k + "[" + i + "]");
      }
    }
  }

  @Test
  void aNullSeedAddsNothingAndTheBuffersKeepWhatTheyHeld() throws Exception {
    Random rng = new Random(7);
    Tensor x = normal(rng, 1, 2, 3);
    Tensor w = normal(rng, 1, 3, 3);
    Tensor b = normal(rng, 1, 3);
    Tensor held = normal(rng, 1, 3, 3);
    Tensor[] xBar = new Tensor[1];
    Tensor[] wBar = {held};
    Tensor[] bBar = new Tensor[1];
    Tensor value =
        (Tensor)
            method(companion(), "residualPullback").invoke(null, x, w, b, null, xBar, wBar, bBar);
    assertArrayEquals(
        ((Tensor) method(layers(), "residual").invoke(null, x, w, b)).toArray(),
        value.toArray(),
        0.0);
    assertNull(xBar[0]);
    assertSame(held, wBar[0]);
    assertNull(bBar[0]);
  }

  @Test
  void aSeedOfAnotherShapeIsRejectedAndTheTapeLeftEmpty() throws Exception {
    Random rng = new Random(8);
    Tensor x = normal(rng, 1, 2, 3);
    Tensor w = normal(rng, 1, 3, 3);
    Tensor b = normal(rng, 1, 3);
    Tensor[] wBar = new Tensor[1];
    var thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.lang.reflect.InvocationTargetException.class,
            () ->
                method(companion(), "residualPullback")
                    .invoke(null, x, w, b, Tensor.ones(3), new Tensor[1], wBar, new Tensor[1]));
    assertEquals(
        "the seed of residualPullback has shape [3], but the value of residual has shape [2, 3]",
        thrown.getCause().getMessage());
    assertNull(wBar[0], "nothing added");
    // tapeIsEmpty (after each test) checks that the forward sweep's values were taken back.
  }

  @Test
  void aLayerWhoseResultIgnoresItsInputHasAZeroTangentOfItsShape() throws Exception {
    Tensor x = normal(new Random(9), 1, 2, 3);
    Object record = method(companion(), "constantJvp").invoke(null, x, x);
    Tensor tangent = (Tensor) components(record).get(1);
    assertArrayEquals(new int[] {2, 3}, tangent.shape());
    assertArrayEquals(new double[6], tangent.toArray(), 0.0);
    Tensor[] xBar = new Tensor[1];
    method(companion(), "constantPullback").invoke(null, x, x, xBar);
    assertNull(xBar[0], "no adjoint flows into x");
  }

  @Test
  void aLayerHasNoGradientNorJacobian() {
    for (Method m : companion().getMethods()) {
      for (String layer : List.of("dense", "residual", "cell", "gated", "deep", "repeat")) {
        assertTrue(
            !m.getName().equals(layer + "Gradient") && !m.getName().equals(layer + "Jacobian"),
            m.getName());
      }
    }
  }
}
