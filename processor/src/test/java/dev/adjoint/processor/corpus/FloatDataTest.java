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

import static dev.adjoint.processor.corpus.RealisticModelsTest.normal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.AdjointCheck.Check;
import dev.adjoint.Tape;
import java.lang.reflect.Method;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * float and float[] parameters as data: computed exactly as Java computes them (float arithmetic
 * where Java's is float, widened to double where Java widens), never differentiated, passed on to
 * other methods. The generated methods' values must equal the methods' own to the bit, and their
 * derivatives with respect to the double parameters match finite differences ({@link
 * AdjointCheck}), with Hessians for order 2.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FloatDataTest {
  static final String FLOATS =
      """
      package floats;

      import dev.adjoint.Differentiable;

      public final class Floats {
        private Floats() {}

        /** float[] elements widened in double products; a float scale in float arithmetic. */
        @Differentiable(order = 2)
        public static double weighted(double[] w, float[] x, float scale) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i] * (scale * 3 + 1); // scale * 3 + 1 is float arithmetic, as in Java
          }
          return s * s;
        }

        /** Over the float[] directly; float locals and Math's float overloads are data too. */
        @Differentiable
        public static double overElements(double a, float[] x) {
          double s = 0;
          float largest = 0;
          for (float v : x) {
            largest = Math.max(largest, Math.abs(v));
            s += Math.sin(a * v);
          }
          return s / largest + a * largest;
        }

        /** A float parameter reassigned and incremented: data, as an int would be. */
        @Differentiable
        public static double reassigned(double x, float f, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            f = f * 0.5f + 1;
            f++;
            s += x * f;
          }
          return s;
        }

        /** float[] passed on to another @Differentiable method and to a plain static method. */
        @Differentiable
        public static double caller(double[] w, float[] x) {
          return Math.exp(weighted(w, x, 0.25f) * 0.01) + w[0] * mean(x);
        }

        static float mean(float[] x) {
          float s = 0;
          for (float v : x) {
            s += v;
          }
          return s / x.length;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  static float[] floats(Random rng, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return v;
  }

  private static CompiledSources unit() {
    return CompiledSources.withAdjoint(FLOATS);
  }

  @Test
  void derivativesWithRespectToTheDoublesMatchFiniteDifferences() {
    var summary =
        AdjointCheck.of(unit().load("floats.Floats"))
            .points(
                "weighted",
                rng -> new Object[] {normal(rng, 4, 1), floats(rng, 4), (float) rng.nextGaussian()})
            .points("overElements", rng -> new Object[] {rng.nextGaussian(), floats(rng, 5)})
            .points(
                "reassigned",
                rng ->
                    new Object[] {rng.nextGaussian(), (float) rng.nextGaussian(), rng.nextInt(5)})
            .points("caller", rng -> new Object[] {normal(rng, 3, 1), floats(rng, 3)})
            .verify();
    assertTrue(
        summary.methods().get("weighted").containsAll(Set.of(Check.HESSIAN, Check.HVP)),
        summary.toString());
  }

  /**
   * A method too long for one JVM method (split into parts that share variables through arrays, and
   * called through fForward and fReverse, which keep its arguments on the tape) with float data
   * among them.
   */
  @Test
  void longMethodWithFloatData() {
    String method =
        LongMethodSource.method("longOne", 700, 1, 16)
            .replace(
                "(double x, double y, double[] a)",
                "(double x, double y, double[] a, float s, float[] fd)")
            .replace("    return ", "    return s * fd[0] * x + fd[1] * y + ");
    String caller =
        """
          @Differentiable
          public static double caller(double x, double[] a, float s, float[] fd) {
            double t = 0;
            for (float v : fd) {
              t += longOne(x * v, x + s, a, s + v, fd);
            }
            return t;
          }
        """;
    Class<?> model =
        CompiledSources.withAdjoint(LongMethodSource.unit("floats", "LongFloats", method, caller))
            .load("floats.LongFloats");
    AdjointCheck.of(model)
        .pointsPerMethod(2)
        .skip("longOne") // checked through caller, which calls it with float data
        .points(
            "caller",
            rng ->
                new Object[] {
                  0.3 * rng.nextGaussian(),
                  normal(rng, LongMethodSource.LENGTH, 0.5),
                  (float) rng.nextGaussian(),
                  floats(rng, 3)
                })
        .verify();
  }

  /**
   * Float arithmetic stays float: {@code scale * 3 + 1} is rounded to float as in the method, so
   * the values agree to the bit where the same sum in double would not.
   */
  @Test
  void floatArithmeticIsJavas() throws Exception {
    Class<?> model = unit().load("floats.Floats");
    Class<?> companion = unit().load("floats.FloatsAdjoint");
    Method f = model.getMethod("weighted", double[].class, float[].class, float.class);
    Method g = companion.getMethod("weightedGradient", double[].class, float[].class, float.class);
    double[] w = {0.1, 0.7};
    float[] x = {1.1f, -0.3f};
    float scale = 0.1f; // 0.1f * 3 + 1 in float differs from the same in double
    assertTrue((float) (scale * 3 + 1) != (double) scale * 3 + 1);
    Object r = g.invoke(null, w, x, scale);
    double value = (double) r.getClass().getMethod("value").invoke(r);
    assertEquals((double) f.invoke(null, w, x, scale), value, 0.0);
    double[] gw = (double[]) r.getClass().getMethod("w").invoke(r);
    float factor = scale * 3 + 1;
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i] * factor;
    }
    for (int i = 0; i < w.length; i++) {
      assertEquals(2 * s * ((double) x[i] * factor), gw[i], 1e-13);
    }
  }
}
