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
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forward mode over arrays and through library functions of arrays (the losses): {@code fJvp} along
 * random directions equals the gradient dotted with the direction (1e-12 relative to the sum of the
 * terms' magnitudes), and its value equals the method's.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForwardModeArraysTest {
  static final String SOURCE =
      """
      package forward;

      import dev.adjoint.Differentiable;
      import dev.adjoint.nn.Losses;

      public final class Models {
        private Models() {}

        @Differentiable(wrt = {"w", "b"})
        public static double regression(double[] w, double b, double[][] x, double[] y) {
          double[] prediction = new double[y.length];
          for (int i = 0; i < y.length; i++) {
            double s = b;
            for (int j = 0; j < w.length; j++) {
              s += w[j] * x[i][j];
            }
            prediction[i] = s;
          }
          return Losses.mseSum(prediction, y) + Losses.l2(w, 0.1);
        }

        @Differentiable(wrt = "w")
        public static double classifier(double[][] w, double[][] x, int[] labels) {
          double[][] logits = new double[x.length][w.length];
          for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < w.length; c++) {
              for (int j = 0; j < x[i].length; j++) {
                logits[i][c] += w[c][j] * x[i][j];
              }
            }
          }
          return Losses.softmaxCrossEntropy(logits, labels);
        }

        @Differentiable(wrt = "z")
        public static double logistic(double[] z, double[] targets) {
          double[] scaled = new double[z.length];
          for (int i = 0; i < z.length; i++) {
            scaled[i] = 2 * Math.sin(z[i]);
          }
          return Losses.bceWithLogits(scaled, targets);
        }
      }
      """;

  static CompiledSources unit;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
  }

  private static Method method(String name) {
    for (Method m : unit.load("forward.ModelsAdjoint").getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    return null;
  }

  /** fJvp along random directions for the differentiated parameters, against g·v. */
  private static void check(String name, int[] wrt, Object... args) {
    Method jvp = method(name + "Jvp");
    assertNotNull(jvp, name + " has no forward mode");
    Object record = Gradients.invoke(method(name + "Gradient"), FlatInputs.deepCopy(args));
    RecordComponent[] components = record.getClass().getRecordComponents();
    List<Object> gradient = new ArrayList<>();
    for (int k = 1; k < components.length; k++) {
      components[k].getAccessor().setAccessible(true);
      gradient.add(Gradients.read(components[k].getAccessor(), record));
    }
    double[] g = FlatInputs.flatten(gradient);
    Random random = new Random(name.hashCode());
    for (int trial = 0; trial < 3; trial++) {
      List<Object> all = new ArrayList<>(Arrays.asList(FlatInputs.deepCopy(args)));
      List<Object> directions = new ArrayList<>();
      for (int i : wrt) {
        Object direction = randomLike(args[i], random);
        directions.add(direction);
        all.add(direction);
      }
      double[] v = FlatInputs.flatten(directions);
      Object result = Gradients.invoke(jvp, all.toArray());
      RecordComponent[] parts = result.getClass().getRecordComponents();
      parts[1].getAccessor().setAccessible(true);
      double tangent = (Double) Gradients.read(parts[1].getAccessor(), result);
      double expected = 0;
      double magnitude = 0;
      for (int k = 0; k < v.length; k++) {
        expected += g[k] * v[k];
        magnitude += Math.abs(g[k] * v[k]);
      }
      assertEquals(expected, tangent, 1e-12 * Math.max(1, magnitude), name + " along " + trial);
    }
  }

  private static Object randomLike(Object x, Random random) {
    if (x instanceof Double) {
      return random.nextGaussian();
    }
    if (x instanceof double[] a) {
      return random.doubles(a.length).map(d -> 2 * d - 1).toArray();
    }
    double[][] m = (double[][]) x;
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = (double[]) randomLike(m[i], random);
    }
    return out;
  }

  @Test
  void meanSquaredErrorAndL2() {
    double[][] x = {{0.5, 1.0}, {-0.3, 0.8}, {1.2, -0.4}};
    double[] y = {1.0, 0.2, -0.5};
    check("regression", new int[] {0, 1}, new double[] {0.3, -0.7}, 0.1, x, y);
    check("regression", new int[] {0, 1}, new double[] {-1.2, 0.4}, 2.0, x, y);
    check("regression", new int[] {0, 1}, new double[] {0.0, 0.0}, -0.5, x, y);
  }

  @Test
  void softmaxCrossEntropyOverAMatrix() {
    double[][] x = {{0.5, 1.0}, {-0.3, 0.8}, {1.2, -0.4}, {0.1, 0.1}};
    int[] labels = {0, 2, 1, 2};
    check(
        "classifier",
        new int[] {0},
        new double[][] {{0.1, 0.2}, {-0.3, 0.4}, {0.5, -0.6}},
        x,
        labels);
    check("classifier", new int[] {0}, new double[][] {{1, 0}, {0, 1}, {1, 1}}, x, labels);
    check("classifier", new int[] {0}, new double[][] {{0, 0}, {0, 0}, {0, 0}}, x, labels);
  }

  @Test
  void binaryCrossEntropyWithLogits() {
    double[] targets = {1, 0, 1, 0};
    check("logistic", new int[] {0}, new double[] {0.3, -0.2, 1.5, 0.7}, targets);
    check("logistic", new int[] {0}, new double[] {-2, 2, 0, 0.1}, targets);
    check("logistic", new int[] {0}, new double[] {0.5, 0.5, 0.5, 0.5}, targets);
  }
}
