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
package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Processor bugs found by {@link GradientFuzzTest} campaigns, each minimised by hand to a small
 * method. The expected gradients are closed forms (checked against finite differences when the test
 * was written). Tests for bugs that are still open are {@code @Disabled} with the reason, so that
 * the suite stays green; enable them when the processor is fixed.
 */
class FuzzRegressionTest {
  /**
   * Not a processor bug, as far as traced: rounding (found by the refilled-buffer campaign, seed
   * 43, program 198, {@code m3}, with the generator of this commit). {@code m3Pullback} must add
   * the gradient into its buffer, whatever the buffer holds; at a0 = {1.8299851}, n0 = -1 it leaves
   * prefill + g for a prefill of 0 and of 1.0 (g = -251.6188367018447), but prefill + g + 0.75 for
   * a prefill of 0.25. Traced in the generated reverse sweep: the buffer's element holds 1.2e9 (the
   * 0.25 still there) until {@code blendPullback(h11, a0, t, ...)} with {@code h11 == a0} (the
   * first trip of {@code h11 = blend(h11, a0, acc0 + acc0)}) adds its two contributions, {@code t
   * g} and {@code (1 - t) g} with {@code t} huge, one after the other into the same element: the
   * intermediate passes 2^52, where a double's spacing is 1 or more, and the buffer comes out at
   * -249 or -248, the prefill's low bits lost, as any accumulation into a buffer would lose them.
   * The checker's prefill comparison should skip such ill-conditioned points, as its gradient
   * comparison does; kept disabled until it does.
   */
  @Disabled(
      "rounding, not a processor bug: two contributions past 2^52 added into the prefilled buffer"
          + " absorb its low bits; the checker's prefill check should skip ill-conditioned points")
  @Test
  void pullbackAddsIntoAPrefilledBuffer() throws Exception {
    ProgramGenerator.Program p = ProgramGenerator.refillProgram(43, 198);
    FuzzCompiler.Outcome outcome = FuzzCompiler.compile(List.of(p), true);
    assertTrue(outcome.success(), outcome::diagnostics);
    Class<?> adjoint = Class.forName("fuzz.R198Adjoint", true, outcome.loader());
    Method pullback =
        adjoint.getMethod("m3Pullback", double[].class, int.class, double.class, double[].class);
    double[] zero = {0.0};
    pullback.invoke(null, new double[] {1.8299851}, -1, 1.0, zero);
    for (double prefill : new double[] {0.25, 1.0}) {
      double[] buffer = {prefill};
      pullback.invoke(null, new double[] {1.8299851}, -1, 1.0, buffer);
      assertEquals(prefill + zero[0], buffer[0], 1e-9 * Math.abs(zero[0]), "prefill " + prefill);
    }
  }

  /**
   * Not a processor bug, as far as traced: central differences cannot resolve a saturated {@code
   * tanh} (found by the refilled-buffer campaign, seed 777, program 258, {@code m3}, with the
   * generator of commit efe18e0; it reproduces with the transforms of f0e9435 too). At n1 = 2, idx
   * = {4, 5}, a1 = {0.2205861, -0.1810099, 0.6578041}, n0 = 4, a0 = {0.6499321, 1.9870611,
   * -1.0464399}, the gradient and forward mode agree exactly (d/da0[2] = 1.7498658559), central
   * differences give 1.7498306 for steps from 1e-4 to 1e-6. The end of {@code m3} computes {@code b
   * = exp(tanh(acc0))^3} at acc0 = 14.56, where 1 - tanh^2 = 9e-13, then {@code b += 0.3 b b} three
   * times and {@code sin(b) b}: a factor of about 1e9 on that tiny partial, which both modes carry
   * and which a difference of tanh(acc0 +- h), less than an ulp of 1 apart, does not see. The gap
   * closes when the same program has tanh unsaturated ({@code tanh(0.01 acc0)}) or {@code b}
   * constant, and stays with the arrays replaced by scalars. The checker's ill-conditioning test
   * (intermediates above 1e8) misses this shape: a saturated function's partial below the
   * resolution of its value, amplified.
   */
  @Disabled(
      "central differences cannot resolve a saturated tanh whose 1e-12 partial is amplified"
          + " 1e9; forward and reverse mode agree")
  @Test
  void refillProgram258AgreesWithCentralDifferences() throws Exception {
    ProgramGenerator.Program p = ProgramGenerator.refillProgram(777, 258);
    FuzzCompiler.Outcome outcome = FuzzCompiler.compile(List.of(p), true);
    assertTrue(outcome.success(), outcome::diagnostics);
    Class<?> primal = Class.forName("fuzz.R258", true, outcome.loader());
    Class<?> adjoint = Class.forName("fuzz.R258Adjoint", true, outcome.loader());
    Method f =
        primal.getMethod("m3", int.class, int[].class, double[].class, int.class, double[].class);
    Method gradient =
        adjoint.getMethod(
            "m3Gradient", int.class, int[].class, double[].class, int.class, double[].class);
    double[] a1 = {0.2205861, -0.1810099, 0.6578041};
    double[] a0 = {0.6499320999999999, 1.9870611, -1.0464399};
    Object g = gradient.invoke(null, 2, new int[] {4, 5}, a1.clone(), 4, a0.clone());
    double analytic = 0;
    for (RecordComponent c : g.getClass().getRecordComponents()) {
      if (c.getName().equals("a0")) {
        analytic = ((double[]) c.getAccessor().invoke(g))[2];
      }
    }
    double h = 1e-5;
    double[] plus = a0.clone();
    double[] minus = a0.clone();
    plus[2] += h;
    minus[2] -= h;
    double fd =
        ((double) f.invoke(null, 2, new int[] {4, 5}, a1.clone(), 4, plus)
                - (double) f.invoke(null, 2, new int[] {4, 5}, a1.clone(), 4, minus))
            / (2 * h);
    assertEquals(fd, analytic, 1e-7 * Math.abs(fd));
  }

  /** Relative tolerance against the closed forms: a few ulps of rounding difference. */
  private static final double TOLERANCE = 1e-12;

  /**
   * A dead reassignment of a parameter that the reverse sweep needs (here {@code x}, read by {@code
   * x * y}): the generated pullback reads {@code xBar} before declaring it, so the generated
   * companion does not compile ("cannot find symbol: variable xBar").
   */
  @Test
  void deadReassignmentOfParameter() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Differentiable;

        public final class DeadAssign {
          private DeadAssign() {}

          @Differentiable
          public static double f(double x, double y) {
            y = x * x;
            x = x * y;
            return y;
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.DeadAssign", source);
    for (double x : new double[] {0.5, -1.25, 3.0}) {
      unit.check("f", new Object[] {x, 0.7}, 2 * x, 0.0);
    }
  }

  /**
   * An active variable assigned an element of a local array that holds no derivative (here {@code y
   * = z[0]}, where {@code z} is a fresh array never written with a value that depends on {@code
   * x}): activity analysis gives {@code z} no shadow array (the pullback declares {@code double[]
   * zBar = null}), yet the reverse sweep of the load still emits {@code zBar[0] += yBar}, so the
   * gradient threw a NullPointerException. Fixed: the adjoint of a load from an inactive array is
   * dropped. Found by the array fuzzer as {@code c ? a1[k] : a20[0]} (a {@code ?:} lowers to the
   * same assignment in each branch) and as {@code v0 = a27[0]} with {@code a27} written only with a
   * {@code (long)} cast. The same happens for an array parameter left out of {@code wrt} (data:
   * {@code y = d[0]}) and for a detached copy ({@code z = Adjoint.detach(x)}); an element that is
   * an operand ({@code s = z[i] + s}) rather than the whole right-hand side was handled correctly.
   */
  @Test
  void loadFromInactiveArrayIntoActiveVariable() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Differentiable;

        public final class InactiveLoad {
          private InactiveLoad() {}

          @Differentiable
          public static double overwrite(double x) {
            double[] z = new double[1];
            double y = x * x;
            y = z[0];
            return y + x;
          }

          @Differentiable
          public static double choose(double x, boolean c) {
            double[] z = new double[1];
            return c ? x : z[0];
          }

          @Differentiable(wrt = "x")
          public static double dataElement(double x, double[] d) {
            double y = x * x;
            y = d[0];
            return y + x;
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.InactiveLoad", source);
    for (double x : new double[] {0.5, -1.25, 3.0}) {
      unit.check("overwrite", new Object[] {x}, 1.0);
      unit.check("choose", new Object[] {x, true}, 1.0);
      unit.check("choose", new Object[] {x, false}, 0.0);
      unit.check("dataElement", new Object[] {x, new double[] {2.0}}, 1.0);
    }
  }

  /**
   * Forward mode had no tangent rule for an array copied by {@code Adjoint.detach}, so a method
   * doing so silently got no {@code fJvp} (found when the fuzzer started checking forward mode).
   * The copy's tangent starts at zero.
   */
  @Test
  void forwardModeThroughADetachedArrayCopy() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Adjoint;
        import dev.adjoint.Differentiable;

        public final class DetachedCopy {
          private DetachedCopy() {}

          @Differentiable
          public static double f(double x, double y) {
            double[] z = new double[2];
            z[0] = x;
            z[1] = y;
            double[] w = Adjoint.detach(z);
            w[0] += y;
            return w[0] * w[1] + x * y;
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.DetachedCopy", source);
    // w = (x + y, y) with derivatives only through the added y: d/dx = y, d/dy = w[1] + x.
    for (double[] p : new double[][] {{0.5, 2.0}, {-1.5, 0.25}, {3.0, -2.0}}) {
      unit.check("f", new Object[] {p[0], p[1]}, p[1], p[1] + p[0]);
    }
  }

  /**
   * A callee that returns its array argument itself ({@code maybeId(a, s)} with {@code s <= 1}),
   * called on a fresh local array that carries no derivative yet, then a write through the result
   * ({@code b[0] = 3 * x}): valid Java, since the method writes only into an array it created, but
   * the generated gradient throws {@code IllegalStateException} from {@code
   * Adjoint.requireNotReturned} ("returned its array argument itself ... That argument is a
   * parameter, a field, or carries no derivative, and differentiated code must not change such an
   * array"). When the callee returns a fresh copy ({@code s > 1}) the gradient is right. Found by
   * the array-shape campaign ({@link ArrayShapes}, seed 20240611: programs S1, S2, S5, S10, ... of
   * 60) after the array-aliasing changes of main (2028b6e) added the check. Fixed by e67d002:
   * activity links a local argument that may be written through the result, so it gets a shadow.
   */
  @Test
  void writeThroughReturnedFreshLocalArray() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Differentiable;

        public final class ReturnedLocal {
          private ReturnedLocal() {}

          @Differentiable
          public static double[] maybeId(double[] a, double s) {
            if (s <= 1.0) {
              return a;
            }
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
              out[i] = a[i] / s;
            }
            return out;
          }

          @Differentiable
          public static double f(double x, double s) {
            double[] a = new double[2];
            double[] b = maybeId(a, s);
            b[0] = 3 * x;
            return a[0] + b[0] * x;
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.ReturnedLocal", source);
    for (double x : new double[] {0.5, -1.25, 3.0}) {
      // s <= 1: b is a, so a[0] = 3x and f = 3x + 3x^2.
      unit.check("f", new Object[] {x, 0.5}, 3 + 6 * x, 0.0);
      // s > 1: b is a fresh copy, a stays 0 and f = 3x^2.
      unit.check("f", new Object[] {x, 2.0}, 6 * x, 0.0);
    }
  }

  /**
   * A run-time refusal of a valid program: the method writes only into {@code h}, a fresh copy
   * returned by {@code scale(a, 2.0)}, but points-to analysis says {@code h} may be the parameter
   * {@code a}, so the store {@code h[0] = x} "may write a parameter's array", and the generated
   * code checks after {@code y = maybeId(a, s)} (never written through) that the call did not
   * return {@code a}. With {@code s <= 1} it did, and the gradient throws {@code
   * IllegalStateException} from {@code Adjoint.requireNotReturned}. Found by the array-shape
   * campaign of seed 13003 (217 of its 224 mismatches, e.g. S63.m2), on main 97a283b; fixed by
   * attributing each store to the calls whose results it writes through (ArrayAliasing).
   */
  @Test
  void refusalOfACallNeverWrittenThrough() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Differentiable;

        public final class NeverWritten {
          private NeverWritten() {}

          @Differentiable
          public static double[] scale(double[] a, double c) {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
              out[i] = a[i] * c;
            }
            return out;
          }

          @Differentiable
          public static double[] maybeId(double[] a, double s) {
            if (s <= 1.0) {
              return a;
            }
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
              out[i] = a[i] / s;
            }
            return out;
          }

          @Differentiable
          public static double f(double[] a, double x, double s) {
            double[] h = scale(a, 2.0);
            h[0] = x;
            double[] y = maybeId(a, s);
            return h[0] * h[0] + h[1] * h[1] + y[0] * y[0] + y[1] * y[1];
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.NeverWritten", source);
    for (double x : new double[] {0.5, -1.25}) {
      double a0 = 0.75;
      double a1 = -0.5;
      // s <= 1: y is a, f = x^2 + 4 a1^2 + a0^2 + a1^2.
      List<Object> g = unit.gradient("f", new double[] {a0, a1}, x, 0.5);
      double[] ga = (double[]) g.get(1);
      assertEquals(2 * a0, ga[0], 1e-12);
      assertEquals(10 * a1, ga[1], 1e-12);
      assertEquals(2 * x, (Double) g.get(2), 1e-12);
      assertEquals(0.0, (Double) g.get(3), 1e-12);
    }
  }

  /**
   * An array variable that may name a differentiated array and an array outside {@code wrt}: bound
   * by {@code ?:} to either ({@code g}), re-bound from one to the other ({@code h}), or from a row
   * of a matrix outside {@code wrt} to a differentiated array ({@code f}). The gradient throws
   * NullPointerException where the variable names the array outside {@code wrt}: its shadow is that
   * array's adjoint, which does not exist. Found by the array-shape campaign of seed 20261217 once
   * the generator declared wrt subsets (23 of its 200 programs, every one a method with a wrt
   * subset, e.g. S124.m1: {@code a0 = w} in a branch, a0 in wrt and w not), on main e5297b4 and on
   * the commit before it alike. Expected: the gradient of the function with the arrays outside
   * {@code wrt} held constant (0 where the variable names one of them).
   */
  @Test
  void arrayBoundToADifferentiatedArrayOrOneOutsideWrt() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Differentiable;

        public final class OutsideWrt {
          private OutsideWrt() {}

          @Differentiable(wrt = {"a"})
          public static double f(double[] a, double[][] x) {
            double[] y = x[0];
            double s = y[0];
            y = a;
            return s * y[0];
          }

          @Differentiable(wrt = {"a"})
          public static double g(double[] a, double[] w) {
            double[] y = a[0] > 0 ? a : w;
            return y[0] * y[0];
          }

          @Differentiable(wrt = {"a"})
          public static double h(double[] a, double[] w) {
            double[] y = w;
            double s = y[0];
            y = a;
            return s * y[0];
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.OutsideWrt", source);
    double[] w = {0.5, 3.0};
    double[][] x = {{0.5, 3.0}};
    for (double a0 : new double[] {1.5, -1.5}) {
      double[] a = {a0, 2.0};
      assertEquals(0.5, ((double[]) unit.gradient("f", a, x).get(1))[0], 1e-12, "f");
      assertEquals(a0 > 0 ? 2 * a0 : 0, ((double[]) unit.gradient("g", a, w).get(1))[0], 1e-12);
      assertEquals(0.5, ((double[]) unit.gradient("h", a, w).get(1))[0], 1e-12, "h");
    }
  }

  /**
   * A {@code Tensor} variable reassigned from a call that reads it ({@code c = c.mul(c)}, {@code w
   * = w.mul(u)} in a loop): the lowering gave such assignments of doubles a temporary, which the
   * reverse sweep needs (the operands' old values, and an adjoint of the result apart from the
   * operand's), but not those of tensors. The reverse sweep then read the new value of {@code c} as
   * the operand and used one adjoint for the result and the operand: the gradient through the
   * assignment was 0, or wrong in a loop. Found by the first tensor campaign (seed 20240611:
   * programs T1, T6, T8, T16, T17 and T19 of 20).
   */
  @Test
  void tensorReassignedFromItself() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Differentiable;
        import dev.adjoint.tensor.Tensor;

        public final class TensorSelf {
          private TensorSelf() {}

          @Differentiable
          public static double square(Tensor a, double x) {
            Tensor c = a.mul(x);
            c = c.mul(c);
            return c.sum();
          }

          @Differentiable
          public static double power(Tensor w, Tensor u, int n) {
            for (int i = 0; i < n; i++) {
              w = w.mul(u);
            }
            return w.sum();
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.TensorSelf", source);
    Tensor a = Tensor.of(new double[] {1.5, -2.0, 0.25}, 3);
    Tensor u = Tensor.of(new double[] {0.5, 3.0, -1.25}, 3);
    for (double x : new double[] {0.5, -1.25}) {
      // Σ (a x)²: d/da = 2 x² a, d/dx = 2 x Σ a².
      List<Object> g = unit.gradient("square", a, x);
      assertTensorEquals(a.mul(2 * x * x), (Tensor) g.get(1), "square: d/da");
      assertEquals(2 * x * a.mul(a).sum(), (Double) g.get(2), 1e-12, "square: d/dx");
    }
    for (int n = 0; n <= 3; n++) {
      // Σ w u^n: d/dw = u^n, d/du = n w u^(n-1).
      List<Object> g = unit.gradient("power", a, u, n);
      assertTensorEquals(u.pow(n), (Tensor) g.get(1), "power: d/dw, n = " + n);
      assertTensorEquals(
          n == 0 ? Tensor.zeros(3) : a.mul(u.pow(n - 1)).mul(n),
          (Tensor) g.get(2),
          "power: d/du, n = " + n);
    }
  }

  /**
   * A local named like a class, in a block, where the method calls that class's functions outside
   * the block: legal Java (the local obscures the class {@code Math} only in its scope, JLS 6.4.2),
   * but the companion declares the local where its own {@code Math.sin} and {@code Math.cos} calls
   * are, and did not compile ("double cannot be dereferenced"; likewise a local {@code Losses} in a
   * block beside {@code Losses.l2(...)} calls). Found with the fuzzers' names ({@link
   * NameDecorations}); fixed by writing the classes that a user's variable names obscure with their
   * full names in the companion ({@code java.lang.Math.sin}).
   */
  @Test
  void localNamedMathBesideMathCalls() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Differentiable;

        public final class MathLocal {
          private MathLocal() {}

          @Differentiable
          public static double f(double x) {
            {
              double Math = x * x;
              x = Math * x;
            }
            return Math.sin(x);
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.MathLocal", source);
    for (double x : new double[] {0.5, -1.25, 1.5}) {
      unit.check("f", new Object[] {x}, Math.cos(x * x * x) * 3 * x * x);
    }
  }

  /**
   * Parameters named like the runtime classes that the companion names by their simple names
   * ({@code Tape.get()}, {@code Buffers}, {@code Arrays.fill(...)}, {@code
   * Adjoint.zerosLike(...)}): legal Java (the user's class imports none of them), but the
   * companion's calls read the parameters and it did not compile ("double cannot be dereferenced";
   * "cannot find symbol: method fill(double[],double), location: variable Arrays of type
   * double[]"). Found with the fuzzers' names ({@link NameDecorations}); fixed as above.
   */
  @Test
  void parametersNamedLikeTheCompanionsClasses() {
    String source =
        """
        package fuzz;

        import dev.adjoint.Differentiable;

        public final class RuntimeNames {
          private RuntimeNames() {}

          @Differentiable
          public static double tape(double x, double Tape) {
            return x * Tape;
          }

          @Differentiable
          public static double buffers(double x, double Buffers) {
            return Math.sin(x * Buffers);
          }

          @Differentiable
          public static double arrays(double[] Arrays) {
            return Arrays[0] * Arrays[1];
          }

          @Differentiable
          public static double adjoint(double[] Adjoint) {
            return Adjoint[0] * Adjoint[0];
          }
        }
        """;
    Unit unit = Unit.compile("fuzz.RuntimeNames", source);
    for (double x : new double[] {0.5, -1.25}) {
      double y = 0.75;
      unit.check("tape", new Object[] {x, y}, y, x);
      unit.check("buffers", new Object[] {x, y}, Math.cos(x * y) * y, Math.cos(x * y) * x);
      double[] ga = (double[]) unit.gradient("arrays", new double[] {x, y}).get(1);
      assertEquals(y, ga[0], 1e-12);
      assertEquals(x, ga[1], 1e-12);
      double[] gb = (double[]) unit.gradient("adjoint", new double[] {x, y}).get(1);
      assertEquals(2 * x, gb[0], 1e-12);
      assertEquals(0.0, gb[1], 1e-12);
    }
  }

  private static void assertTensorEquals(Tensor expected, Tensor actual, String what) {
    assertTrue(
        expected.allClose(actual, TOLERANCE, TOLERANCE),
        what + ": " + actual + ", expected " + expected);
  }

  // ------------------------------------------------------------------ harness

  /** A compiled hand-written unit and its companion. */
  private static final class Unit {
    final Class<?> primal;
    final Class<?> adjoint;

    private Unit(Class<?> primal, Class<?> adjoint) {
      this.primal = primal;
      this.adjoint = adjoint;
    }

    static Unit compile(String qualifiedName, String source) {
      FuzzCompiler.Outcome outcome = FuzzCompiler.compileSource(qualifiedName, source);
      if (!outcome.success()) {
        fail("compilation failed\n" + outcome.diagnostics());
      }
      try {
        return new Unit(
            Class.forName(qualifiedName, true, outcome.loader()),
            Class.forName(qualifiedName + "Adjoint", true, outcome.loader()));
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    }

    /**
     * At {@code args}: the record's value equals the primal, its components equal {@code expected}
     * (declaration order of the double parameters), the seed-2 pullback adds twice the gradient,
     * and the tape is empty afterwards.
     */
    void check(String method, Object[] args, double... expected) {
      Method f = find(primal, method);
      Class<?>[] types = f.getParameterTypes();
      String at = method + Arrays.toString(args);
      try {
        f.setAccessible(true);
        double value = (Double) f.invoke(null, args);
        Object record = adjoint.getMethod(method + "Gradient", types).invoke(null, args);
        assertEquals(0, Tape.get().size(), at + ": tape not empty after the gradient");
        RecordComponent[] components = record.getClass().getRecordComponents();
        assertEquals(expected.length + 1, components.length, at + ": components");
        double[] got = new double[expected.length];
        for (int k = 0; k < components.length; k++) {
          components[k].getAccessor().setAccessible(true);
          double c = (Double) components[k].getAccessor().invoke(record);
          if (k == 0) {
            assertEquals(value, c, 0.0, at + ": value component");
          } else {
            got[k - 1] = c;
          }
        }
        for (int k = 0; k < expected.length; k++) {
          assertTrue(
              Math.abs(got[k] - expected[k]) <= TOLERANCE * Math.max(1.0, Math.abs(expected[k])),
              at + ": component " + k + " is " + got[k] + ", expected " + expected[k]);
        }
        Class<?>[] pullbackTypes = Arrays.copyOf(types, types.length + 2);
        pullbackTypes[types.length] = double.class;
        pullbackTypes[types.length + 1] = double[].class;
        Object[] pullbackArgs = Arrays.copyOf(args, args.length + 2);
        double[] adjointArray = new double[expected.length];
        pullbackArgs[args.length] = 2.0;
        pullbackArgs[args.length + 1] = adjointArray;
        double returned =
            (Double)
                adjoint.getMethod(method + "Pullback", pullbackTypes).invoke(null, pullbackArgs);
        assertEquals(0, Tape.get().size(), at + ": tape not empty after the pullback");
        assertEquals(value, returned, 0.0, at + ": pullback value");
        for (int k = 0; k < expected.length; k++) {
          assertEquals(2 * got[k], adjointArray[k], 1e-12 * Math.max(1, Math.abs(got[k])), at);
        }
        // Forward mode, one unit direction per differentiated double, gives the same partials.
        Class<?>[] jvpTypes = Arrays.copyOf(types, types.length + expected.length);
        Arrays.fill(jvpTypes, types.length, jvpTypes.length, double.class);
        Method jvp = adjoint.getMethod(method + "Jvp", jvpTypes);
        for (int k = 0; k < expected.length; k++) {
          Object[] jvpArgs = Arrays.copyOf(args, args.length + expected.length);
          for (int j = 0; j < expected.length; j++) {
            jvpArgs[args.length + j] = j == k ? 1.0 : 0.0;
          }
          Object tangent = jvp.invoke(null, jvpArgs);
          RecordComponent[] parts = tangent.getClass().getRecordComponents();
          parts[1].getAccessor().setAccessible(true);
          double t = (Double) parts[1].getAccessor().invoke(tangent);
          assertEquals(got[k], t, 1e-12 * Math.max(1, Math.abs(got[k])), at + ": forward mode");
        }
      } catch (InvocationTargetException e) {
        throw new AssertionError(at + " threw " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    /** The components of {@code fGradient} at {@code args}: the value, then the gradient. */
    List<Object> gradient(String method, Object... args) {
      Class<?>[] types = find(primal, method).getParameterTypes();
      try {
        Object record = adjoint.getMethod(method + "Gradient", types).invoke(null, args);
        assertEquals(0, Tape.get().size(), method + ": tape not empty after the gradient");
        List<Object> out = new java.util.ArrayList<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
          c.getAccessor().setAccessible(true);
          out.add(c.getAccessor().invoke(record));
        }
        return out;
      } catch (InvocationTargetException e) {
        throw new AssertionError(method + " threw " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    private static Method find(Class<?> type, String name) {
      for (Method m : type.getDeclaredMethods()) {
        if (m.getName().equals(name)) {
          return m;
        }
      }
      throw new AssertionError("no method " + name);
    }
  }
}
