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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The derivative of {@code Math.sin(t)} reads a variable already holding {@code Math.cos(t)} (and
 * so on for cos, sinh, cosh) instead of calling it again ({@code PartnerValues}), and where that
 * variable may not hold it, calls it. Every model is checked against finite differences and forward
 * mode ({@link AdjointCheck}, default tolerances, several points, both orders of the second
 * derivative where {@code order = 2}); the generated pullbacks show which were paired.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PartnerValuesTest {
  static final String SOURCE =
      """
      package trig;

      import dev.adjoint.Differentiable;

      public final class Trig {
        private Trig() {}

        /** A 2-D rotation of (x, y) by a, then a distance: cos first, then sin. */
        @Differentiable(order = 2)
        public static double rotated(double a, double x, double y) {
          double c = Math.cos(a);
          double s = Math.sin(a);
          double rx = c * x - s * y;
          double ry = s * x + c * y;
          return rx * rx + 3 * ry;
        }

        /** Sin first; the partner of cos comes after it. */
        @Differentiable
        public static double sinFirst(double a, double r) {
          double s = Math.sin(a);
          double c = Math.cos(a);
          return r * s * c + s;
        }

        /** The cos is in the block around the branch; the sin, in the branch, only sometimes. */
        @Differentiable
        public static double aroundBranch(double a, double gate) {
          double c = Math.cos(a);
          double out = c;
          if (gate > 0) {
            double s = Math.sin(a);
            out = s * gate + c;
          }
          return out;
        }

        /** Hyperbolic pair. */
        @Differentiable
        public static double hyperbolic(double u) {
          double ch = Math.cosh(u);
          double sh = Math.sinh(u);
          return sh / ch + ch * 0.25;
        }

        /** Traps: cos in one branch, sin in the other: neither holds the other's partner. */
        @Differentiable
        public static double siblings(double a, double p) {
          double c = 0;
          double s = 0;
          if (p > 0) {
            c = Math.cos(a);
          } else {
            s = Math.sin(a);
          }
          return c * p + s;
        }

        /** Trap: the argument changes between the two calls. */
        @Differentiable
        public static double argumentChanges(double a) {
          double t = a;
          double c = Math.cos(t);
          t = t * 2;
          double s = Math.sin(t);
          return c * s;
        }

        /** Trap: the partner's variable changes after the call. */
        @Differentiable
        public static double partnerChanges(double a) {
          double c = Math.cos(a);
          double s = Math.sin(a);
          c = c * s + 1;
          return c * a;
        }

        /** Trap: a pendulum, angle and both functions overwritten in every step. */
        @Differentiable
        public static double pendulum(double theta0, double omega0, double g) {
          double theta = theta0;
          double omega = omega0;
          double energy = 0;
          for (int i = 0; i < 20; i++) {
            double s = Math.sin(theta);
            double c = Math.cos(theta);
            omega -= 0.05 * g * s;
            theta += 0.05 * omega;
            energy += c * omega;
          }
          return theta + 0.1 * energy;
        }

        /** Trap: an early return skips the partner. */
        @Differentiable
        public static double earlyReturn(double a, double p) {
          double s = Math.sin(a);
          if (p > 0) {
            return s * p;
          }
          double c = Math.cos(a);
          return s + c;
        }
      }
      """;

  static CompiledSources unit;
  static String generated;

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(SOURCE);
    generated = unit.generatedSource("trig.TrigAdjoint");
  }

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size());
  }

  @Test
  void gradientsAgreeWithFiniteDifferencesAndForwardMode() {
    AdjointCheck.of(unit.load("trig.Trig"))
        .points("rotated", rng -> args(rng, 3))
        .points("sinFirst", rng -> args(rng, 2))
        .points(
            "aroundBranch",
            rng -> new Object[] {rng.nextGaussian(), rng.nextBoolean() ? 0.7 : -0.7})
        .points("hyperbolic", rng -> args(rng, 1))
        .points(
            "siblings", rng -> new Object[] {rng.nextGaussian(), rng.nextBoolean() ? 0.5 : -0.5})
        .points("argumentChanges", rng -> args(rng, 1))
        .points("partnerChanges", rng -> args(rng, 1))
        .points("pendulum", rng -> new Object[] {rng.nextGaussian(), rng.nextGaussian(), 9.81})
        .points(
            "earlyReturn", rng -> new Object[] {rng.nextGaussian(), rng.nextBoolean() ? 1.5 : -1.5})
        .verify();
  }

  @Test
  void pairsReadTheirPartnerAndCallNothing() {
    for (String method : new String[] {"rotated", "sinFirst", "hyperbolic"}) {
      String body = pullback(method);
      assertFalse(body.contains("JdkPullbacks.sin("), body);
      assertFalse(body.contains("JdkPullbacks.cos("), body);
      assertFalse(body.contains("JdkPullbacks.sinh("), body);
      assertFalse(body.contains("JdkPullbacks.cosh("), body);
      // Nothing overwritten: the joint pullback tapes nothing (the split sweeps have a snapshot).
      String joint = one(method + "Pullback");
      assertFalse(joint.contains("tape."), joint);
    }
    assertTrue(pullback("rotated").contains("aBar -= cBar * s"), pullback("rotated"));
    // Inside the branch, sin's partner is the cos before it; cos's partner is not always set.
    assertFalse(pullback("aroundBranch").contains("JdkPullbacks.sin("), pullback("aroundBranch"));
    assertTrue(pullback("aroundBranch").contains("JdkPullbacks.cos("), pullback("aroundBranch"));
  }

  @Test
  void valuesThatMayNotBeThereAreNotRead() {
    assertTrue(pullback("siblings").contains("JdkPullbacks.sin("), pullback("siblings"));
    assertTrue(pullback("siblings").contains("JdkPullbacks.cos("), pullback("siblings"));
    assertTrue(pullback("argumentChanges").contains("JdkPullbacks.sin("));
    assertTrue(pullback("partnerChanges").contains("JdkPullbacks.sin("));
    assertTrue(pullback("pendulum").contains("JdkPullbacks.sin("));
    assertTrue(pullback("earlyReturn").contains("JdkPullbacks.sin("));
  }

  /** One generated method. */
  private static String one(String name) {
    Matcher m =
        Pattern.compile("(?s)public static \\S+ " + name + "\\(.*?\\n  }\\n").matcher(generated);
    assertTrue(m.find(), generated);
    return m.group();
  }

  /** The generated {@code fForward}, {@code fReverse} and {@code fPullback} of a method. */
  private static String pullback(String method) {
    return CompiledSources.sweeps(generated, method);
  }

  private static Object[] args(java.util.Random rng, int n) {
    Object[] a = new Object[n];
    for (int i = 0; i < n; i++) {
      a[i] = rng.nextGaussian();
    }
    return a;
  }
}
