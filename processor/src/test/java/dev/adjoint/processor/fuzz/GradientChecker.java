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

import dev.adjoint.Parallel;
import dev.adjoint.Tape;
import dev.adjoint.tensor.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checks the generated {@code fGradient}/{@code fPullback} of every method of a compiled program at
 * random points against central finite differences of the reference twin.
 *
 * <h2>What is checked, and the tolerances</h2>
 *
 * <ul>
 *   <li>The record's {@code value} and the value returned by the pullback equal the primal exactly
 *       (they evaluate the same expressions in the same order).
 *   <li>The gradient record computed with {@code Parallel.setThreads(3)} holds the same bits as on
 *       one thread (chunked loops, {@code dev.adjoint.Parallel}).
 *   <li>{@code fPullback} with seed 2 into an array pre-filled with {@link #PREFILL} leaves {@code
 *       PREFILL + 2 g[k]} in slot k (it adds, and the seed scales), to {@code 1e-12} relative.
 *   <li>A {@code Tensor} parameter's component is a tensor of its shape, and its pullback holder
 *       ({@code Tensor[] pBar}), which starts as a tensor of {@code PREFILL} at even points and as
 *       {@code null} (zero) at odd ones, ends with the same shape and {@code PREFILL + 2 g} (or
 *       {@code 2 g}) in each element.
 *   <li>{@code Tape.get().size()} is 0 after every generated call.
 *   <li>Forward mode ({@code fJvp}) along a random direction against g·v (see {@link
 *       #checkForwardMode}); for methods with {@code Tensor} values only if they have one.
 *   <li>Every component {@code g}, one per differentiated double parameter and per element of a
 *       differentiated array or tensor (those its {@code wrt} names, if it names any), agrees with
 *       the central difference {@code fd(h)} with {@code h = 1e-5 max(1, |x|)}: {@code |g - fd(h)|
 *       <= 1e-5 max(1, |g|, |fd|) + noise}, where {@code noise = 64 eps max(|f(x ± h)|, largest) /
 *       h} bounds the rounding error of the quotient; {@code largest} is the largest value the
 *       reference computed (see below), since f may be a small difference of large intermediates
 *       ({@code v5 + (a - v5)} with {@code v5 ~ 5.6e7}: seed 44, tensor program 1511, {@code m2}).
 * </ul>
 *
 * <h2>Points that are skipped</h2>
 *
 * A point is skipped (not counted as a mismatch) when the primal value is NaN or infinite, when a
 * perturbed value is, or when finite differences disagree with themselves: {@code fd(h)} versus
 * {@code fd(h/2)} and {@code fd(2h)} must agree to {@code 1e-7 max(1, |fd|) + noise}, otherwise the
 * function has a kink, a jump (a branch or an int cast flipping within the stencil) or too much
 * curvature for finite differences there, and the point counts as "skipped (kink)". A replayed
 * {@code detach} sequence of a different length (see {@link FuzzDetach}) is a kink too. Finally,
 * when {@code f(x+h) == f(x-h)} exactly at all three steps but the gradient is not 0, a wide step
 * ({@code 1e-2 max(1,|x|)}) decides: if f changes there, the small perturbation was absorbed by
 * rounding in some intermediate sum (e.g. {@code 1.5 + tiny}) and the point is skipped
 * ("absorbed"); if not, f is locally constant and the non-zero gradient is a mismatch. Components
 * with {@code |g|} or {@code |fd|} above {@link #STEEP} are skipped too (counted as kinks): such
 * slopes come from iterated growth, where e.g. {@code sin(x)} of a huge {@code x} contributes
 * {@code cos(x) x'} to the exact derivative but averages out of any finite difference. And a point
 * where the one-sided differences {@code (f(x+h) - f(x)) / h} and {@code (f(x) - f(x-h)) / h}
 * differ by more than {@code 1e-3 max(1, |fd|)} is a kink exactly at x (which central differences
 * at all three steps agree about, e.g. {@code Math.max(Adjoint.detach(x), x)}) and is skipped as
 * well. Points where {@code |f| > }{@link #HUGE} are skipped (counted as non-finite).
 *
 * <h2>Operations with a zero derivative are frozen</h2>
 *
 * The reference twin calls {@link FuzzDetach}'s stand-ins for {@code detach}, {@code floor}, {@code
 * ceil}, {@code rint}, {@code signum} and the casts from double to int and long: finite differences
 * replay the values they returned at the unperturbed point, so that they differentiate the same
 * function as the gradient (the one in which those operations are constants). Without this, a
 * staircase evaluated at a huge argument is the identity in floating point ({@code Math.ceil(y) ==
 * y} for {@code |y| >= 2^52}), so finite differences measure slope 1 where the exact derivative is
 * 0; and a step inside the stencil at a small argument is a jump that had to be skipped as a kink.
 *
 * <h2>Ill-conditioned points</h2>
 *
 * The reference also reports every value it assigns ({@link FuzzDetach#observe(double)}). When the
 * gradient and finite differences disagree at a point where some assigned value exceeded {@link
 * #ILL_CONDITIONED} in magnitude, the disagreement is counted, not reported: values that large
 * (from iterated growth, {@code x = x * x * x} in a loop) absorb the perturbation, e.g. {@code
 * Math.sin(x1 - 1.5 * x0)} with {@code x0 = 3e145} does not change in floating point when {@code
 * x1} moves by {@code 1e-5}, while the exact derivative (which the gradient computes) is {@code
 * cos(x1 - 1.5 x0)} times the chain. Seed 4242, program 4470, {@code m0} was such a point. Values
 * that {@link FuzzDetach} freezes count too, since an expression may hold a large one that no
 * variable does ({@code Math.sin(u + 0.3 * x - Adjoint.detach(w))} with {@code w ~ 1e22}: seed 42,
 * tensor program 3680, {@code m2}).
 */
final class GradientChecker {
  static final double TOLERANCE = 1e-5;
  static final double SELF_TOLERANCE = 1e-7;
  static final double STEP = 1e-5;
  static final double PREFILL = 0.25;
  static final double EPS = Math.ulp(1.0);
  static final int POINTS = 4;

  /** Components steeper than this are not compared (see the class comment). */
  static final double STEEP = 1e8;

  /** Points where |f| is larger than this are not compared (see the class comment). */
  static final double HUGE = 1e6;

  /**
   * A disagreement at a point where the reference assigned a value larger than this is put down to
   * rounding, not reported (see the class comment).
   */
  static final double ILL_CONDITIONED = 1e8;

  /** {@code -Dadjoint.fuzz.reportIllConditioned=true} reports those disagreements too. */
  static final boolean REPORT_ILL_CONDITIONED =
      Boolean.getBoolean("adjoint.fuzz.reportIllConditioned");

  /** One problem with one method. */
  record Finding(
      ProgramGenerator.Program program, ProgramGenerator.MethodInfo method, String problem) {
    String describe() {
      StringBuilder out = new StringBuilder();
      out.append("==== ")
          .append(program.qualifiedName())
          .append('.')
          .append(method == null ? "<program>" : method.name)
          .append(" (program seed ")
          .append(program.seed())
          .append(")\n")
          .append(problem)
          .append('\n');
      if (method != null) {
        out.append("---- source of the method and its callees ----\n")
            .append(method.textWithCallees());
      } else {
        out.append("---- program source ----\n").append(program.source());
      }
      return out.toString();
    }
  }

  /** Counters over all checked points. */
  static final class Stats {
    long methods;
    long wrtMethods;
    long points;
    long checkedComponents;
    long skippedKink;
    long skippedNonFinite;
    long skippedAbsorbed;
    long skippedIllConditioned;
    long forwardChecks;
    long hessianChecks;
    long forwardOverflows;
    long jacobianChecks;
    long preaccumulatedLoops;
    long chunkedLoops;
    long threadChecks;
    long expandedArrays;
    long runningExtrema;
    long tapeTakers;

    void add(Stats o) {
      methods += o.methods;
      wrtMethods += o.wrtMethods;
      points += o.points;
      checkedComponents += o.checkedComponents;
      skippedKink += o.skippedKink;
      skippedNonFinite += o.skippedNonFinite;
      skippedAbsorbed += o.skippedAbsorbed;
      skippedIllConditioned += o.skippedIllConditioned;
      forwardChecks += o.forwardChecks;
      hessianChecks += o.hessianChecks;
      forwardOverflows += o.forwardOverflows;
      jacobianChecks += o.jacobianChecks;
      preaccumulatedLoops += o.preaccumulatedLoops;
      chunkedLoops += o.chunkedLoops;
      threadChecks += o.threadChecks;
      expandedArrays += o.expandedArrays;
      runningExtrema += o.runningExtrema;
      tapeTakers += o.tapeTakers;
    }

    @Override
    public String toString() {
      return String.format(
          "%d methods (%d with a wrt subset), %d points, %d gradient components compared, %d"
              + " skipped (kink), %d skipped (non-finite), %d skipped (perturbation absorbed by rounding), %d disagreements"
              + " at ill-conditioned points (intermediates above %.0e) not counted, %d forward-mode"
              + " directional derivatives compared with the gradient, %d Hessian-vector products"
              + " (order-2 programs) compared with differences of the gradient, %d non-finite"
              + " tangents where the gradient is finite (overflow inside an expression: the"
              + " README's forward-mode convention), %d Jacobians (of vector-valued methods)"
              + " compared with their pullbacks, %d reduction loops preaccumulated (%d of them"
              + " chunked, and %d gradients compared bit for bit on 1 and 3 threads), %d scratch"
              + " arrays (and shadows) expanded, %d extrema kept by index (per generated method),"
              + " %d generated methods that take their caller's tape",
          methods,
          wrtMethods,
          points,
          checkedComponents,
          skippedKink,
          skippedNonFinite,
          skippedAbsorbed,
          skippedIllConditioned,
          ILL_CONDITIONED,
          forwardChecks,
          hessianChecks,
          forwardOverflows,
          jacobianChecks,
          preaccumulatedLoops,
          chunkedLoops,
          threadChecks,
          expandedArrays,
          runningExtrema,
          tapeTakers);
    }
  }

  private final Stats stats = new Stats();

  /** Whether two components of a gradient record hold the same bits. */
  private static boolean sameBits(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
    }
    if (a instanceof double[] x && b instanceof double[] y) {
      return Arrays.equals(x, y); // by doubleToLongBits: NaNs compare equal
    }
    if (a instanceof double[][] x && b instanceof double[][] y) {
      return Arrays.deepEquals(x, y);
    }
    if (a instanceof Tensor x && b instanceof Tensor y) {
      return Arrays.equals(x.shape(), y.shape()) && Arrays.equals(x.toArray(), y.toArray());
    }
    return java.util.Objects.equals(a, b);
  }

  private static String describe(Object o) {
    if (o instanceof double[] x) {
      return Arrays.toString(x);
    }
    if (o instanceof double[][] x) {
      return Arrays.deepToString(x);
    }
    return String.valueOf(o);
  }

  Stats stats() {
    return stats;
  }

  /** Checks every method of {@code program}; returns one finding per failing method. */
  List<Finding> check(ProgramGenerator.Program program, ClassLoader loader) {
    List<Finding> findings = new ArrayList<>();
    Random random = new Random(program.seed() ^ 0x5DEECE66DL);
    Class<?> primalClass;
    Class<?> refClass;
    Class<?> adjointClass;
    try {
      primalClass = Class.forName(program.qualifiedName(), true, loader);
      refClass = Class.forName(program.refQualifiedName(), true, loader);
      adjointClass = Class.forName(program.qualifiedName() + "Adjoint", true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      findings.add(new Finding(program, null, "cannot load the classes: " + e));
      return findings;
    }
    for (java.lang.reflect.Method iteration : adjointClass.getDeclaredMethods()) {
      if (iteration.getName().matches("[\\w$]+Iteration\\d*")) {
        stats.preaccumulatedLoops++; // ReverseMode.Iteration: one method per loop
      }
      if (iteration.getName().matches("[\\w$]+Loop\\d*")) {
        stats.chunkedLoops++; // ReverseMode.Chunked: fLoop runs the iteration in chunks
      }
      Class<?>[] types = iteration.getParameterTypes();
      if (types.length > 0 && types[0] == dev.adjoint.Tape.class) {
        stats.tapeTakers++; // emit.OwnSweeps: an iteration, or a split sweep called in its class
      }
    }
    for (ProgramGenerator.MethodInfo m : program.methods()) {
      stats.methods++;
      stats.wrtMethods += m.wrt == null ? 0 : 1;
      List<String> problems = new ArrayList<>();
      try {
        if (m.vectorValued) {
          checkVectorMethod(m, primalClass, refClass, adjointClass, random, problems);
        } else if (m.resultShape != null) {
          checkLayerMethod(m, primalClass, refClass, adjointClass, random, problems);
        } else {
          checkMethod(m, primalClass, refClass, adjointClass, random, problems);
        }
      } catch (Throwable t) {
        problems.add("checker error: " + t);
      } finally {
        SEED_VECTOR.remove();
      }
      if (!problems.isEmpty()) {
        findings.add(new Finding(program, m, String.join("\n", problems)));
      }
      resetTape();
    }
    return findings;
  }

  /**
   * A layer (a method returning {@code Tensor}): its value against the reference, its pullback with
   * a random seed s of the result's shape against its forward mode along a random direction d
   * ({@code <fPullback(s), d> = <s, fJvp(d)>}, to 1e-9 relative to the terms' magnitudes, at least
   * 1, as for gradients: the two modes are independent transforms that agree to rounding) and
   * against central differences of {@code <s, f>} along d in the reference (h = 1e-6, 1e-4
   * relative; skipped where the differences at h = 1e-5 disagree with them, at kinks and at
   * ill-conditioned points as for gradients), and the tape empty after each call. Its callers'
   * gradients check it again, component by component.
   */
  private void checkLayerMethod(
      ProgramGenerator.MethodInfo m,
      Class<?> primalClass,
      Class<?> refClass,
      Class<?> adjointClass,
      Random random,
      List<String> problems)
      throws Exception {
    Class<?>[] types = m.javaTypes();
    Method primal = primalClass.getDeclaredMethod(m.name, types);
    Method ref = refClass.getDeclaredMethod(m.name, types);
    List<Integer> wrt = new ArrayList<>();
    int scalars = 0;
    List<Class<?>> pullbackTypes = new ArrayList<>(List.of(types));
    pullbackTypes.add(Tensor.class);
    for (int i = 0; i < types.length; i++) {
      if (types[i] == double.class || types[i] == Tensor.class) {
        wrt.add(i);
        scalars += types[i] == double.class ? 1 : 0;
      } else if (types[i] == double[].class || types[i] == double[][].class) {
        problems.add("checker: layers over arrays are not generated");
        return;
      }
    }
    if (scalars > 0) {
      pullbackTypes.add(double[].class);
    }
    for (int i : wrt) {
      if (types[i] == Tensor.class) {
        pullbackTypes.add(Tensor[].class);
      }
    }
    Method pullback =
        adjointClass.getMethod(m.name + "Pullback", pullbackTypes.toArray(new Class<?>[0]));
    Method jvp = findJvp(adjointClass, m.name, types, wrt.size());
    for (int p = 0; p < POINTS; p++) {
      Object[] args = point(m, random);
      String at = show(args);
      stats.points++;
      Tensor refValue;
      Tensor value;
      boolean skipDifferences;
      boolean illConditioned;
      try {
        FuzzDetach.record();
        refValue = (Tensor) call(ref, deepCopy(args));
        illConditioned = FuzzDetach.overflowed() || FuzzDetach.largest() > ILL_CONDITIONED;
        skipDifferences = FuzzDetach.tied() || illConditioned;
        value = (Tensor) call(primal, deepCopy(args));
      } catch (Invocation e) {
        problems.add(at + ": generator: primal threw " + e.getCause());
        return;
      }
      double[] v = value.toArray();
      if (!Arrays.equals(v, refValue.toArray())) {
        problems.add(at + ": harness: primal " + value + " != reference " + refValue);
        continue;
      }
      if (Arrays.stream(v).anyMatch(x -> !Double.isFinite(x) || Math.abs(x) > HUGE)) {
        stats.skippedNonFinite++;
        continue;
      }
      Tensor seed = gaussian(random, value.shape());
      List<Object> pullbackArgs = new ArrayList<>(Arrays.asList(deepCopy(args)));
      pullbackArgs.add(seed);
      double[] adjoint = new double[scalars];
      if (scalars > 0) {
        pullbackArgs.add(adjoint);
      }
      List<Tensor[]> holders = new ArrayList<>();
      for (int i : wrt) {
        if (types[i] == Tensor.class) {
          Tensor[] h = new Tensor[1];
          holders.add(h);
          pullbackArgs.add(h);
        }
      }
      Tensor pulled = (Tensor) call(pullback, pullbackArgs.toArray());
      if (!Arrays.equals(v, pulled.toArray())) {
        problems.add(at + ": " + m.name + "Pullback returned " + pulled + ", the method " + value);
      }
      if (Tape.get().size() != 0) {
        problems.add(at + ": tape size " + Tape.get().size() + " after " + m.name + "Pullback");
        resetTape();
      }
      // <J^T s, d> along a random direction d.
      Object[] direction = new Object[wrt.size()];
      double right = 0;
      double scale = 0;
      int slot = 0;
      int holder = 0;
      for (int k = 0; k < wrt.size(); k++) {
        int i = wrt.get(k);
        if (types[i] == double.class) {
          double d = random.nextGaussian();
          direction[k] = d;
          right += adjoint[slot] * d;
          scale += Math.abs(adjoint[slot++] * d);
        } else {
          Tensor d = gaussian(random, ((Tensor) args[i]).shape());
          direction[k] = d;
          Tensor bar = holders.get(holder++)[0];
          if (bar != null) {
            if (!Arrays.equals(bar.shape(), d.shape())) {
              problems.add(
                  at
                      + ": the adjoint of "
                      + m.params.get(i).name()
                      + " has shape "
                      + Arrays.toString(bar.shape()));
              return;
            }
            right += bar.mul(d).sum();
            scale += bar.mul(d).abs().sum();
          }
        }
      }
      if (!Double.isFinite(right)) {
        stats.skippedNonFinite++;
        continue;
      }
      if (jvp != null) {
        List<Object> jvpArgs = new ArrayList<>(Arrays.asList(deepCopy(args)));
        jvpArgs.addAll(Arrays.asList(direction));
        Object record = call(jvp, jvpArgs.toArray());
        RecordComponent[] rc = record.getClass().getRecordComponents();
        rc[1].getAccessor().setAccessible(true);
        Tensor tangent = (Tensor) rc[1].getAccessor().invoke(record);
        double left = seed.mul(tangent).sum();
        double both = scale + seed.mul(tangent).abs().sum();
        stats.forwardChecks++;
        boolean agree = Math.abs(left - right) <= 1e-9 * Math.max(1.0, both);
        if (!agree && illConditioned) {
          // As for gradients: near an overflow the modes may round apart (not a finding).
          stats.forwardChecks--;
          stats.skippedIllConditioned++;
        } else if (Double.isFinite(left) && !agree) {
          problems.add(
              at
                  + ": <s, "
                  + m.name
                  + "Jvp(d)> = "
                  + left
                  + " but <"
                  + m.name
                  + "Pullback(s), d> = "
                  + right);
        } else if (!Double.isFinite(left)) {
          stats.forwardOverflows++;
        }
      }
      if (skipDifferences) {
        stats.skippedKink++;
        continue;
      }
      // Two steps: where their differences disagree with each other (a branch that flips inside
      // the stencil, a frozen value that no longer tracks its source, steep intermediates), the
      // differences say nothing, and the point is skipped as a kink.
      double[] sides = directional(ref, args, wrt, direction, seed, 1e-6);
      double fd = sides[0];
      double coarse = directional(ref, args, wrt, direction, seed, 1e-5)[0];
      if (Double.isNaN(fd)
          || Double.isNaN(coarse)
          || !(Math.abs(fd - coarse) <= 1e-3 * (Math.abs(fd) + Math.abs(coarse)) + 1e-6)) {
        stats.skippedKink++;
        continue;
      }
      // A branch that flips at both x + hd and x - hd, but not at x, fools the check above: the
      // central differences are those of the other branch at every step. That happens where a
      // condition compares a value with its frozen copy, e.g. mseMean(w, detach(w)) > 0, which is
      // exactly 0 at x and positive wherever w moves (seed 7, layer program 229, m3). One-sided
      // differences against the value at x see the jump.
      double at0 = seed.mul(refValue).sum();
      double noise = 64 * EPS * Math.max(Math.abs(sides[1]), Math.abs(sides[2])) / 1e-6;
      double forward = (sides[1] - at0) / 1e-6;
      double backward = (at0 - sides[2]) / 1e-6;
      if (Math.abs(forward - backward) > 1e-3 * Math.max(1.0, Math.abs(fd)) + 4 * noise) {
        stats.skippedKink++;
        continue;
      }
      stats.checkedComponents++;
      if (Double.isFinite(fd) && !(Math.abs(fd - right) <= 1e-4 * (scale + Math.abs(fd)) + 1e-6)) {
        problems.add(
            at
                + ": <"
                + m.name
                + "Pullback(s), d> = "
                + right
                + ", central differences of <s, f> along d "
                + fd);
      }
    }
  }

  /**
   * Central differences of {@code <seed, f>} along {@code direction} in the reference, with the
   * frozen operations (detach, staircases, casts) replaying their values at the point, and the two
   * values they are taken from: {difference, <seed, f(x + hd)>, <seed, f(x - hd)>}; the difference
   * is NaN where the replay was misaligned (control flow changed) or a value is not finite.
   */
  private static double[] directional(
      Method ref, Object[] args, List<Integer> wrt, Object[] direction, Tensor seed, double h)
      throws Exception {
    Object[] plus = deepCopy(args);
    Object[] minus = deepCopy(args);
    for (int k = 0; k < wrt.size(); k++) {
      int i = wrt.get(k);
      if (direction[k] instanceof Double d) {
        plus[i] = (Double) args[i] + h * d;
        minus[i] = (Double) args[i] - h * d;
      } else {
        Tensor d = (Tensor) direction[k];
        plus[i] = ((Tensor) args[i]).add(d.mul(h));
        minus[i] = ((Tensor) args[i]).sub(d.mul(h));
      }
    }
    FuzzDetach.replay();
    double up = seed.mul((Tensor) call(ref, plus)).sum();
    boolean alignedPlus = FuzzDetach.aligned();
    FuzzDetach.replay();
    double down = seed.mul((Tensor) call(ref, minus)).sum();
    if (!alignedPlus || !FuzzDetach.aligned() || !Double.isFinite(up - down)) {
      return new double[] {Double.NaN, up, down};
    }
    return new double[] {(up - down) / (2 * h), up, down};
  }

  private static Tensor gaussian(Random random, int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextGaussian();
    }
    return tensorOf(values, shape);
  }

  private void checkMethod(
      ProgramGenerator.MethodInfo m,
      Class<?> primalClass,
      Class<?> refClass,
      Class<?> adjointClass,
      Random random,
      List<String> problems)
      throws Exception {
    Class<?>[] types = m.javaTypes();
    Method primal = primalClass.getDeclaredMethod(m.name, types);
    Method ref = refClass.getDeclaredMethod(m.name, types);
    Method gradient = adjointClass.getMethod(m.name + "Gradient", types);

    // Differentiated parameters, in declaration order: those the method's wrt names, by default
    // every double, double[], double[][] and Tensor. The others get no component, buffer or
    // tangent.
    List<Integer> wrt = new ArrayList<>();
    List<Integer> scalars = new ArrayList<>();
    // double[] and Tensor parameters, whose adjoints the pullback adds into buffers (pBar).
    List<Integer> arrays = new ArrayList<>();
    boolean hasTensors = false;
    List<String> expectedComponents = new ArrayList<>(List.of("value"));
    for (int i = 0; i < types.length; i++) {
      if (m.differentiates(i)) {
        wrt.add(i);
        (types[i] == double.class ? scalars : arrays).add(i);
        expectedComponents.add(m.params.get(i).name());
        hasTensors |= types[i] == Tensor.class;
      }
    }
    // fPullback(params, seed, [double[] adjoint if any double], then per array parameter its
    // double[] pBar and per Tensor parameter its holder Tensor[] pBar)
    List<Class<?>> pullbackTypes = new ArrayList<>(List.of(types));
    pullbackTypes.add(double.class);
    if (!scalars.isEmpty()) {
      pullbackTypes.add(double[].class);
    }
    for (int i : arrays) {
      pullbackTypes.add(types[i] == Tensor.class ? Tensor[].class : types[i]);
    }
    Method pullback =
        adjointClass.getMethod(m.name + "Pullback", pullbackTypes.toArray(new Class<?>[0]));
    // fJvp(params, one tangent per differentiated parameter: double, double[] or, for a Tensor, a
    // Tensor or its elements in a double[]). Methods with Tensor values may have none (forward
    // mode over tensors came later): then it is not checked.
    Method jvp = hasTensors ? findJvp(adjointClass, m.name, types, wrt.size()) : null;
    if (!hasTensors) {
      List<Class<?>> jvpTypes = new ArrayList<>(List.of(types));
      wrt.forEach(i -> jvpTypes.add(types[i]));
      jvp = adjointClass.getMethod(m.name + "Jvp", jvpTypes.toArray(new Class<?>[0]));
    }
    RecordComponent[] jvpComponents =
        jvp == null ? null : jvp.getReturnType().getRecordComponents();
    for (RecordComponent c : jvpComponents == null ? new RecordComponent[0] : jvpComponents) {
      c.getAccessor().setAccessible(true);
    }
    // fHvp(params, double[] v) on order-2 programs.
    List<Class<?>> hvpTypes = new ArrayList<>(List.of(types));
    hvpTypes.add(double[].class);
    Method hvp = null;
    try {
      hvp = adjointClass.getMethod(m.name + "Hvp", hvpTypes.toArray(new Class<?>[0]));
    } catch (NoSuchMethodException firstOrder) {
      // an order-1 program
    }

    RecordComponent[] components = gradient.getReturnType().getRecordComponents();
    List<String> actualComponents = new ArrayList<>();
    for (RecordComponent c : components) {
      actualComponents.add(c.getName());
      c.getAccessor().setAccessible(true);
    }
    if (!actualComponents.equals(expectedComponents)) {
      problems.add("record components " + actualComponents + ", expected " + expectedComponents);
      return;
    }

    for (int p = 0; p < POINTS; p++) {
      Object[] args = point(m, random);
      String at = show(args);
      stats.points++;
      double refValue;
      double value;
      double largest;
      boolean overflowed;
      boolean tied;
      try {
        FuzzDetach.record();
        refValue = (Double) call(ref, deepCopy(args));
        largest = FuzzDetach.largest();
        overflowed = FuzzDetach.overflowed();
        tied = FuzzDetach.tied();
        value = (Double) call(primal, deepCopy(args));
      } catch (Invocation e) {
        problems.add(at + ": generator: primal threw " + e.getCause());
        return;
      }
      if (Double.compare(value, refValue) != 0) {
        problems.add(at + ": harness: primal " + value + " != reference " + refValue);
        continue;
      }
      if (!Double.isFinite(value) || Math.abs(value) > HUGE) {
        stats.skippedNonFinite++;
        continue;
      }
      // The gradient, one entry per coordinate: a double parameter or an element of a double[].
      List<int[]> coordinates = new ArrayList<>();
      List<Double> g = new ArrayList<>();
      try {
        Object[] callArgs = deepCopy(args);
        Object record = call(gradient, callArgs);
        if (!sameArguments(args, callArgs)) {
          problems.add(at + ": " + m.name + "Gradient changed its array arguments");
        }
        if (Tape.get().size() != 0) {
          problems.add(at + ": tape size " + Tape.get().size() + " after " + m.name + "Gradient");
          resetTape();
        }
        double v = (Double) components[0].getAccessor().invoke(record);
        if (Double.compare(v, value) != 0) {
          problems.add(at + ": value component " + v + " != primal " + value);
        }
        // The same record on three threads, bit for bit: chunked loops (dev.adjoint.Parallel).
        Parallel.setThreads(3);
        Parallel.setWorthNanos(0); // every later chunk to the pool, however quick
        Object onThreads;
        try {
          onThreads = call(gradient, deepCopy(args));
        } finally {
          Parallel.setThreads(1);
          Parallel.setWorthNanos(Parallel.WORTH_NANOS);
        }
        stats.threadChecks++;
        for (var component : components) {
          Object one = component.getAccessor().invoke(record);
          Object three = component.getAccessor().invoke(onThreads);
          if (!sameBits(one, three)) {
            problems.add(
                at
                    + ": "
                    + m.name
                    + "Gradient's "
                    + component.getName()
                    + " on 3 threads differs from 1 thread: "
                    + describe(three)
                    + " vs "
                    + describe(one));
          }
        }
        for (int k = 0; k < wrt.size(); k++) {
          int index = wrt.get(k);
          Object c = components[k + 1].getAccessor().invoke(record);
          if (args[index] instanceof Tensor x) {
            Tensor gx = (Tensor) c;
            if (gx == null || !Arrays.equals(gx.shape(), x.shape())) {
              problems.add(
                  at
                      + ": component "
                      + m.params.get(index).name()
                      + " is "
                      + (gx == null ? "null" : "a tensor of shape " + Arrays.toString(gx.shape()))
                      + ", expected one of shape "
                      + Arrays.toString(x.shape()));
              return;
            }
            double[] elements = gx.toArray();
            for (int e = 0; e < elements.length; e++) {
              coordinates.add(new int[] {index, e});
              g.add(elements[e]);
            }
          } else if (args[index] instanceof double[][] x) {
            double[][] gx = (double[][]) c;
            boolean shaped = gx != null && gx != callArgs[index] && gx.length == x.length;
            for (int row = 0; shaped && row < x.length; row++) {
              shaped =
                  gx[row] != null
                      && gx[row].length == x[row].length
                      && gx[row] != ((double[][]) callArgs[index])[row];
            }
            if (!shaped) {
              problems.add(
                  at
                      + ": component "
                      + m.params.get(index).name()
                      + " is "
                      + (gx == null ? "null" : "a matrix of " + gx.length + " rows")
                      + ", expected a fresh "
                      + x.length
                      + " x "
                      + x[0].length
                      + " matrix");
              return;
            }
            for (int e = 0; e < x.length * x[0].length; e++) {
              coordinates.add(new int[] {index, e});
              g.add(gx[e / x[0].length][e % x[0].length]);
            }
          } else if (args[index] instanceof double[] x) {
            double[] gx = (double[]) c;
            if (gx == null || gx.length != x.length || gx == callArgs[index]) {
              problems.add(
                  at
                      + ": component "
                      + m.params.get(index).name()
                      + " is "
                      + (gx == null
                          ? "null"
                          : "an array of length "
                              + gx.length
                              + (gx == callArgs[index] ? " (the argument itself)" : ""))
                      + ", expected a fresh array of length "
                      + x.length);
              return;
            }
            for (int e = 0; e < x.length; e++) {
              coordinates.add(new int[] {index, e});
              g.add(gx[e]);
            }
          } else {
            coordinates.add(new int[] {index, -1});
            g.add((Double) c);
          }
        }
      } catch (Invocation e) {
        problems.add(at + ": " + m.name + "Gradient threw " + trace(e.getCause()));
        resetTape();
        return;
      }
      // The pullback with seed 2 into prefilled buffers adds 2 g.
      Object[] callArgs = deepCopy(args);
      List<Object> pullbackArgs = new ArrayList<>(List.of(callArgs));
      pullbackArgs.add(2.0);
      double[] adjoint = new double[scalars.size()];
      Arrays.fill(adjoint, PREFILL);
      if (!scalars.isEmpty()) {
        pullbackArgs.add(adjoint);
      }
      Object[] bars = new Object[arrays.size()];
      Tensor[][] holders = new Tensor[arrays.size()][];
      // A Tensor holder starts as a tensor of PREFILL at even points, and null (zero) at odd ones.
      boolean nullHolders = p % 2 == 1;
      for (int k = 0; k < arrays.size(); k++) {
        if (args[arrays.get(k)] instanceof Tensor x) {
          holders[k] = new Tensor[] {nullHolders ? null : Tensor.full(PREFILL, x.shape())};
          pullbackArgs.add(holders[k]);
        } else if (args[arrays.get(k)] instanceof double[][] x) {
          double[][] bar = new double[x.length][x[0].length];
          for (double[] row : bar) {
            Arrays.fill(row, PREFILL);
          }
          bars[k] = bar;
          pullbackArgs.add(bar);
        } else {
          double[] bar = new double[((double[]) args[arrays.get(k)]).length];
          Arrays.fill(bar, PREFILL);
          bars[k] = bar;
          pullbackArgs.add(bar);
        }
      }
      try {
        double returned = (Double) call(pullback, pullbackArgs.toArray());
        if (!sameArguments(args, callArgs)) {
          problems.add(at + ": " + m.name + "Pullback changed its array arguments");
        }
        if (Tape.get().size() != 0) {
          problems.add(at + ": tape size " + Tape.get().size() + " after " + m.name + "Pullback");
          resetTape();
        }
        if (Double.compare(returned, value) != 0) {
          problems.add(at + ": pullback returned " + returned + " != primal " + value);
        }
      } catch (Invocation e) {
        problems.add(at + ": " + m.name + "Pullback threw " + trace(e.getCause()));
        resetTape();
        return;
      }
      for (int k = 0; k < coordinates.size(); k++) {
        int[] c = coordinates.get(k);
        Tensor[] holder = c[1] < 0 ? null : holders[arrays.indexOf(c[0])];
        if (holder != null
            && holder[0] != null
            && !Arrays.equals(holder[0].shape(), ((Tensor) args[c[0]]).shape())) {
          problems.add(
              at
                  + ": pullback left a tensor of shape "
                  + Arrays.toString(holder[0].shape())
                  + " for "
                  + m.params.get(c[0]).name());
          break;
        }
        double left =
            c[1] < 0
                ? adjoint[scalars.indexOf(c[0])]
                : holder != null
                    ? (holder[0] == null ? 0.0 : holder[0].toArray()[c[1]])
                    : bars[arrays.indexOf(c[0])] instanceof double[][] bar
                        ? bar[c[1] / bar[0].length][c[1] % bar[0].length]
                        : ((double[]) bars[arrays.indexOf(c[0])])[c[1]];
        double prefill = holder != null && nullHolders ? 0.0 : PREFILL;
        double expected = prefill + 2.0 * g.get(k);
        boolean same =
            Double.isNaN(expected)
                ? Double.isNaN(left)
                : left == expected
                    || Math.abs(left - expected) <= 1e-12 * Math.max(1.0, Math.abs(expected));
        if (!same) {
          problems.add(
              String.format(
                  "%s: pullback(seed 2) left %.17g for %s, expected %s + 2 * %.17g",
                  at, left, name(m, c), prefill, g.get(k)));
        }
      }
      if (jvp != null) {
        checkForwardMode(
            m,
            jvp,
            ref,
            jvpComponents,
            args,
            wrt,
            coordinates,
            g,
            value,
            overflowed ? Double.POSITIVE_INFINITY : largest,
            random,
            problems);
      }
      // Adjoint.detach stops derivatives of every order (JAX's stop_gradient): the Hessian does not
      // see a detached value move, but differences of the gradient do. No verdict there.
      if (hvp != null
          && !overflowed
          && !tied
          && largest <= ILL_CONDITIONED
          && !m.textWithCallees().contains("detach(")) {
        checkHessianVector(m, hvp, gradient, components, args, wrt, coordinates, random, problems);
      }
      if (tied) {
        // A max or min met a tie: the gradient there follows the ½ convention, which finite
        // differences cannot check (inside a loop, the kink test below cannot see it either).
        stats.skippedKink += coordinates.size();
        continue;
      }
      compareWithDifferences(m, ref, args, coordinates, g, value, largest, overflowed, problems);
    }
  }

  /**
   * Every component {@code g} against central differences of the reference (see the class comment),
   * for a method returning {@code double} or, with {@link #SEED_VECTOR} set, for {@code u·f} of one
   * returning {@code double[]}.
   */
  private void compareWithDifferences(
      ProgramGenerator.MethodInfo m,
      Method ref,
      Object[] args,
      List<int[]> coordinates,
      List<Double> g,
      double value,
      double largest,
      boolean overflowed,
      List<String> problems)
      throws Exception {
    String at = show(args);
    for (int k = 0; k < coordinates.size(); k++) {
      int[] c = coordinates.get(k);
      double gk = g.get(k);
      double[] fd = finiteDifference(ref, args, c, STEP);
      double[] half = finiteDifference(ref, args, c, STEP / 2);
      double[] twice = finiteDifference(ref, args, c, STEP * 2);
      if (fd == null || half == null || twice == null) {
        stats.skippedNonFinite++;
        continue;
      }
      if (fd[0] == 0 && half[0] == 0 && twice[0] == 0 && gk != 0) {
        // f(x + h) == f(x - h) exactly at every step: either f is locally constant (then g must
        // be 0) or the perturbation is absorbed by rounding somewhere (1.5 + tiny == 1.5). A
        // wide step tells them apart.
        double[] wide = finiteDifference(ref, args, c, 1e-2);
        if (wide != null && wide[0] != 0) {
          stats.skippedAbsorbed++;
          continue;
        }
      }
      if (Math.max(Math.abs(fd[0]), Math.abs(gk)) > STEEP) {
        // Values this steep come from iterated growth (x = x * x + c in a loop); then a bounded
        // oscillating term such as sin(x) adds O(|x'|) to the exact derivative while finite
        // differences, whose step spans many of its periods, cannot see it.
        stats.skippedKink++;
        continue;
      }
      double scale = Math.max(1.0, Math.abs(fd[0]));
      double noise = Math.max(fd[1], Math.max(half[1], twice[1]));
      // A kink exactly at x (max(detach(x), x), |x - x|) fools the self-check, since central
      // differences of a kink are the same at every step: compare one-sided differences.
      double forward = (fd[2] - value) / fd[4];
      double backward = (value - fd[3]) / fd[5];
      if (Math.abs(forward - backward) > 1e-3 * scale + 4 * noise) {
        stats.skippedKink++;
        continue;
      }
      if (Double.isNaN(fd[0])
          || Double.isNaN(half[0])
          || Double.isNaN(twice[0])
          || Math.abs(fd[0] - half[0]) > SELF_TOLERANCE * scale + noise
          || Math.abs(fd[0] - twice[0]) > SELF_TOLERANCE * scale + noise) {
        stats.skippedKink++;
        continue;
      }
      stats.checkedComponents++;
      // f may be a small difference of large intermediates (v + (a - v)): its rounding error is
      // then that of the largest one, not of f.
      double cancellation = 64 * EPS * largest / (fd[4] + fd[5]);
      double tolerance = TOLERANCE * Math.max(scale, Math.abs(gk)) + noise + cancellation;
      if (!(Math.abs(gk - fd[0]) <= tolerance)
          && (largest > ILL_CONDITIONED || overflowed)
          && !REPORT_ILL_CONDITIONED) {
        // The perturbation was carried by (or added to) values so large that their rounding
        // swamps it: f(x + h) - f(x - h) measures rounding, not the slope. Not a finding.
        stats.checkedComponents--;
        stats.skippedIllConditioned++;
        continue;
      }
      if (!(Math.abs(gk - fd[0]) <= tolerance)) {
        problems.add(
            String.format(
                "%s: d/d%s = %.17g but finite difference %.17g (|diff| %.3g > tol %.3g)%s",
                at,
                name(m, c),
                gk,
                fd[0],
                Math.abs(gk - fd[0]),
                tolerance,
                largest > ILL_CONDITIONED ? " (largest intermediate " + largest + ")" : ""));
      }
    }
  }

  /**
   * Forward mode against reverse mode: {@code fJvp} along a random direction v returns the value
   * and g·v, where g is the gradient the record gave (two transforms of one IR that share no code
   * past the lowering). The tolerance is relative to Σ|g_k v_k|, which bounds the rounding of both
   * sums.
   */
  private void checkForwardMode(
      ProgramGenerator.MethodInfo m,
      Method jvp,
      Method ref,
      RecordComponent[] components,
      Object[] args,
      List<Integer> wrt,
      List<int[]> coordinates,
      List<Double> g,
      double value,
      double largest,
      Random random,
      List<String> problems)
      throws Exception {
    String at = show(args);
    double[] v = new double[coordinates.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian();
    }
    List<Object> call = jvpArguments(jvp, args, wrt, v);
    double expected = 0;
    double magnitude = 0;
    for (int i = 0; i < v.length; i++) {
      expected += g.get(i) * v[i];
      magnitude += Math.abs(g.get(i) * v[i]);
    }
    double tangent;
    try {
      Object record = call(jvp, call.toArray());
      double returned = (Double) components[0].getAccessor().invoke(record);
      tangent = (Double) components[1].getAccessor().invoke(record);
      if (Double.compare(returned, value) != 0) {
        problems.add(at + ": " + m.name + "Jvp value " + returned + " != primal " + value);
      }
    } catch (Invocation e) {
      problems.add(at + ": " + m.name + "Jvp threw " + trace(e.getCause()));
      return;
    }
    if (!Double.isFinite(expected) || !Double.isFinite(magnitude)) {
      return; // an infinite or NaN gradient: its rounding says nothing about forward mode
    }
    if (!Double.isFinite(tangent)) {
      // An intermediate overflowed inside an expression (pow, exp of a large value) and met a
      // zero partial: NaN in forward mode, 0 behind reverse mode's zero-cotangent guard. Counted,
      // not a finding; the reference sees only assigned values, so the check below cannot tell.
      stats.forwardOverflows++;
      return;
    }
    stats.forwardChecks++;
    boolean agree = Math.abs(tangent - expected) <= 1e-9 * Math.max(1.0, magnitude);
    if (!agree && largest > ILL_CONDITIONED && !REPORT_ILL_CONDITIONED) {
      // An intermediate overflowed or nearly: reverse mode's zero-cotangent guard keeps 0 * inf
      // out of the gradient, but a tangent that overflows meets a zero partial as NaN (the README's
      // conventions say so). Not a finding.
      stats.forwardChecks--;
      stats.skippedIllConditioned++;
      return;
    }
    if (!agree) {
      // Forward mode carries the tangent of every intermediate: where large ones cancel (acc - acc
      // in the result, with acc steep in x), its rounding error is that of the largest one, while
      // reverse mode adds the adjoints of the cancelling terms exactly. Differences of the
      // reference's assigned values along v bound those tangents.
      double steepest = steepestIntermediate(ref, args, coordinates, v);
      if (Math.abs(tangent - expected) <= 1e-9 * Math.max(1.0, magnitude) + 64 * EPS * steepest) {
        stats.forwardChecks--;
        stats.skippedIllConditioned++;
        return;
      }
      // Differences of assigned values saturate where an intermediate oscillates (sin of a value
      // whose tangent is 1e14): they cannot see such tangents. Forward mode's rounding shows
      // itself instead as a failure of linearity: J(v1) + J(v2) != J(v) for v1 + v2 = v, where a
      // wrong derivative, linear in v, keeps its error. A disagreement within 64 times that is
      // rounding (tangents that cancel exactly in a product, as a * t - a * t, which reverse mode
      // never forms).
      double noise = 0;
      for (int split = 0; split < 2; split++) {
        double[] v1 = new double[v.length];
        double[] v2 = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          v1[i] = random.nextDouble() * v[i];
          v2[i] = v[i] - v1[i];
        }
        double sum = jvpTangent(jvp, components, args, wrt, v1);
        sum += jvpTangent(jvp, components, args, wrt, v2);
        noise = Math.max(noise, Math.abs(sum - tangent));
      }
      if (Double.isFinite(noise)
          && Math.abs(tangent - expected) <= 1e-9 * Math.max(1.0, magnitude) + 64 * noise) {
        stats.forwardChecks--;
        stats.skippedIllConditioned++;
        return;
      }
      problems.add(
          String.format(
              "%s: forward mode %sJvp along %s gives %.17g, but the gradient gives g·v = %.17g"
                  + " (steepest assigned intermediate along v: %.3g)",
              at, m.name, Arrays.toString(v), tangent, expected, steepest));
    }
  }

  /** The arguments of {@code fJvp} at {@code args} along {@code v}, flat over the inputs. */
  private static List<Object> jvpArguments(
      Method jvp, Object[] args, List<Integer> wrt, double[] v) {
    List<Object> call = new ArrayList<>(List.of(deepCopy(args)));
    int k = 0;
    Class<?>[] tangentTypes = jvp.getParameterTypes();
    for (int t = 0; t < wrt.size(); t++) {
      int index = wrt.get(t);
      if (args[index] instanceof Tensor x) {
        double[] direction = new double[x.size()];
        for (int e = 0; e < direction.length; e++) {
          direction[e] = v[k++];
        }
        call.add(
            tangentTypes[args.length + t] == Tensor.class
                ? tensorOf(direction, x.shape())
                : direction);
      } else if (args[index] instanceof double[][] x) {
        double[][] direction = new double[x.length][x[0].length];
        for (double[] row : direction) {
          for (int e = 0; e < row.length; e++) {
            row[e] = v[k++];
          }
        }
        call.add(direction);
      } else if (args[index] instanceof double[] x) {
        double[] direction = new double[x.length];
        for (int e = 0; e < x.length; e++) {
          direction[e] = v[k++];
        }
        call.add(direction);
      } else {
        call.add(v[k++]);
      }
    }
    return call;
  }

  /** The tangent {@code fJvp} returns along {@code v}; NaN when it throws. */
  private double jvpTangent(
      Method jvp, RecordComponent[] components, Object[] args, List<Integer> wrt, double[] v)
      throws Exception {
    try {
      Object record = call(jvp, jvpArguments(jvp, args, wrt, v).toArray());
      return (Double) components[1].getAccessor().invoke(record);
    } catch (Invocation e) {
      resetTape();
      return Double.NaN;
    }
  }

  /**
   * A method returning {@code double[]}: at each point, {@code fPullback} with a random seed vector
   * u (into buffers pre-filled with {@link #PREFILL}) gives the gradient g of u·f, which is
   * compared with central differences of u·f like a gradient; {@code fJvp} along a random v gives a
   * tangent t, and u·t must equal g·v; {@code fJacobian} gives J, and uᵀJ must equal g to 1e-9
   * relative to the terms' magnitudes; {@code fJacobian} into a matrix pre-filled with {@link
   * #PREFILL} must return that matrix, holding J bit for bit. The value returned by each equals the
   * primal's.
   */
  private void checkVectorMethod(
      ProgramGenerator.MethodInfo m,
      Class<?> primalClass,
      Class<?> refClass,
      Class<?> adjointClass,
      Random random,
      List<String> problems)
      throws Exception {
    Class<?>[] types = m.javaTypes();
    Method primal = primalClass.getDeclaredMethod(m.name, types);
    Method ref = refClass.getDeclaredMethod(m.name, types);
    List<Integer> wrt = new ArrayList<>();
    List<Integer> scalars = new ArrayList<>();
    List<Integer> arrays = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      if (m.differentiates(i)) { // as in checkMethod
        wrt.add(i);
        (types[i] == double.class ? scalars : arrays).add(i);
      }
    }
    List<Class<?>> pullbackTypes = new ArrayList<>(List.of(types));
    pullbackTypes.add(double[].class);
    if (!scalars.isEmpty()) {
      pullbackTypes.add(double[].class);
    }
    for (int i : arrays) {
      pullbackTypes.add(types[i]);
    }
    Method pullback =
        adjointClass.getMethod(m.name + "Pullback", pullbackTypes.toArray(new Class<?>[0]));
    List<Class<?>> jvpTypes = new ArrayList<>(List.of(types));
    wrt.forEach(i -> jvpTypes.add(types[i]));
    Method jvp = adjointClass.getMethod(m.name + "Jvp", jvpTypes.toArray(new Class<?>[0]));
    RecordComponent[] jvpComponents = jvp.getReturnType().getRecordComponents();
    for (RecordComponent c : jvpComponents) {
      c.getAccessor().setAccessible(true);
    }
    for (int p = 0; p < POINTS; p++) {
      Object[] args = point(m, random);
      String at = show(args);
      stats.points++;
      double[] refValue;
      double[] value;
      double largest;
      boolean overflowed;
      boolean tied;
      try {
        FuzzDetach.record();
        refValue = ((double[]) call(ref, deepCopy(args))).clone();
        largest = FuzzDetach.largest();
        overflowed = FuzzDetach.overflowed();
        tied = FuzzDetach.tied();
        value = ((double[]) call(primal, deepCopy(args))).clone();
      } catch (Invocation e) {
        problems.add(at + ": generator: primal threw " + e.getCause());
        return;
      }
      if (!Arrays.equals(value, refValue)) {
        problems.add(
            at
                + ": harness: primal "
                + Arrays.toString(value)
                + " != reference "
                + Arrays.toString(refValue));
        continue;
      }
      boolean finite = true;
      for (double y : value) {
        finite &= Double.isFinite(y) && Math.abs(y) <= HUGE;
      }
      if (!finite) {
        stats.skippedNonFinite++;
        continue;
      }
      double[] u = new double[value.length];
      double uf = 0;
      for (int i = 0; i < u.length; i++) {
        u[i] = random.nextGaussian();
        uf += u[i] * value[i];
      }
      SEED_VECTOR.set(u);
      // The pullback with seed u into prefilled buffers adds the gradient g of u·f.
      Object[] callArgs = deepCopy(args);
      List<Object> pullbackArgs = new ArrayList<>(List.of(callArgs));
      pullbackArgs.add(u.clone());
      double[] adjoint = new double[scalars.size()];
      Arrays.fill(adjoint, PREFILL);
      if (!scalars.isEmpty()) {
        pullbackArgs.add(adjoint);
      }
      Object[] bars = new Object[arrays.size()];
      for (int k = 0; k < arrays.size(); k++) {
        if (args[arrays.get(k)] instanceof double[][] x) {
          double[][] bar = new double[x.length][x[0].length];
          for (double[] row : bar) {
            Arrays.fill(row, PREFILL);
          }
          bars[k] = bar;
        } else {
          double[] bar = new double[((double[]) args[arrays.get(k)]).length];
          Arrays.fill(bar, PREFILL);
          bars[k] = bar;
        }
        pullbackArgs.add(bars[k]);
      }
      try {
        double[] returned = (double[]) call(pullback, pullbackArgs.toArray());
        if (!sameArguments(args, callArgs)) {
          problems.add(at + ": " + m.name + "Pullback changed its array arguments");
        }
        if (Tape.get().size() != 0) {
          problems.add(at + ": tape size " + Tape.get().size() + " after " + m.name + "Pullback");
          resetTape();
        }
        if (!Arrays.equals(returned, value)) {
          problems.add(
              at
                  + ": pullback returned "
                  + Arrays.toString(returned)
                  + " != primal "
                  + Arrays.toString(value));
        }
      } catch (Invocation e) {
        problems.add(at + ": " + m.name + "Pullback threw " + trace(e.getCause()));
        resetTape();
        return;
      }
      List<int[]> coordinates = new ArrayList<>();
      List<Double> g = new ArrayList<>();
      for (int index : wrt) {
        Object a = args[index];
        if (a instanceof double[][] x) {
          double[][] bar = (double[][]) bars[arrays.indexOf(index)];
          for (int e = 0; e < x.length * x[0].length; e++) {
            coordinates.add(new int[] {index, e});
            g.add(bar[e / x[0].length][e % x[0].length] - PREFILL);
          }
        } else if (a instanceof double[] x) {
          double[] bar = (double[]) bars[arrays.indexOf(index)];
          for (int e = 0; e < x.length; e++) {
            coordinates.add(new int[] {index, e});
            g.add(bar[e] - PREFILL);
          }
        } else {
          coordinates.add(new int[] {index, -1});
          g.add(adjoint[scalars.indexOf(index)] - PREFILL);
        }
      }
      checkJacobian(m, adjointClass, types, args, at, u, g, largest, overflowed, problems);
      // Forward mode: u·(J v) against g·v.
      double[] v = new double[coordinates.size()];
      List<Object> jvpArgs = new ArrayList<>(List.of(deepCopy(args)));
      int k = 0;
      for (int index : wrt) {
        Object a = args[index];
        if (a instanceof double[][] x) {
          double[][] direction = new double[x.length][x[0].length];
          for (double[] row : direction) {
            for (int e = 0; e < row.length; e++) {
              row[e] = v[k++] = random.nextGaussian();
            }
          }
          jvpArgs.add(direction);
        } else if (a instanceof double[] x) {
          double[] direction = new double[x.length];
          for (int e = 0; e < x.length; e++) {
            direction[e] = v[k++] = random.nextGaussian();
          }
          jvpArgs.add(direction);
        } else {
          v[k] = random.nextGaussian();
          jvpArgs.add(v[k++]);
        }
      }
      double expected = 0;
      double magnitude = 0;
      for (int i = 0; i < v.length; i++) {
        expected += g.get(i) * v[i];
        magnitude += Math.abs(g.get(i) * v[i]);
      }
      try {
        Object record = call(jvp, jvpArgs.toArray());
        double[] returned = (double[]) jvpComponents[0].getAccessor().invoke(record);
        double[] tangent = (double[]) jvpComponents[1].getAccessor().invoke(record);
        if (!Arrays.equals(returned, value)) {
          problems.add(
              at
                  + ": "
                  + m.name
                  + "Jvp value "
                  + Arrays.toString(returned)
                  + " != primal "
                  + Arrays.toString(value));
        }
        if (tangent == null || tangent.length != value.length) {
          problems.add(
              at
                  + ": "
                  + m.name
                  + "Jvp tangent "
                  + (tangent == null ? "null" : "of length " + tangent.length)
                  + ", expected length "
                  + value.length);
        } else if (Double.isFinite(expected) && Double.isFinite(magnitude)) {
          double ut = 0;
          boolean finiteTangent = true;
          for (int i = 0; i < u.length; i++) {
            ut += u[i] * tangent[i];
            finiteTangent &= Double.isFinite(tangent[i]);
          }
          if (!finiteTangent) {
            stats.forwardOverflows++;
          } else if (Math.abs(ut - expected) <= 1e-9 * Math.max(1.0, magnitude)) {
            stats.forwardChecks++;
          } else if (Math.abs(ut - expected)
                  <= 1e-9 * Math.max(1.0, magnitude)
                      + 64 * EPS * steepestIntermediate(ref, args, coordinates, v)
              || (largest > ILL_CONDITIONED && !REPORT_ILL_CONDITIONED)) {
            stats.skippedIllConditioned++;
          } else {
            problems.add(
                String.format(
                    "%s: forward mode %sJvp along %s gives u·tangent %.17g, but the pullback with"
                        + " seed u = %s gives g·v = %.17g",
                    at, m.name, Arrays.toString(v), ut, Arrays.toString(u), expected));
          }
        }
      } catch (Invocation e) {
        problems.add(at + ": " + m.name + "Jvp threw " + trace(e.getCause()));
        resetTape();
        return;
      }
      if (tied) {
        stats.skippedKink += coordinates.size();
        continue;
      }
      compareWithDifferences(m, ref, args, coordinates, g, uf, largest, overflowed, problems);
    }
  }

  /**
   * {@code fJacobian}'s rows weighted by the seed u against the pullback's gradient g of u·f, which
   * the caller compares with finite differences: a Jacobian whose reverse sweeps share one forward
   * sweep must give what the pullback gives. A Jacobian with no more columns than rows comes from
   * forward mode, which at an ill-conditioned point may round away what the pullback keeps (seed
   * 20240611, refilled-buffer program 116: {@code acc0 + (c - (acc0 - v))} with acc0 near 1e300,
   * whose tangent rounds to 0 where the adjoint of v is 1): such a disagreement is counted as the
   * gradient's are, not reported.
   */
  private void checkJacobian(
      ProgramGenerator.MethodInfo m,
      Class<?> adjointClass,
      Class<?>[] types,
      Object[] args,
      String at,
      double[] u,
      List<Double> g,
      double largest,
      boolean overflowed,
      List<String> problems)
      throws Exception {
    Method jacobian = adjointClass.getMethod(m.name + "Jacobian", types);
    Object[] callArgs = deepCopy(args);
    double[][] j;
    try {
      j = (double[][]) call(jacobian, callArgs);
    } catch (Invocation e) {
      problems.add(at + ": " + m.name + "Jacobian threw " + trace(e.getCause()));
      resetTape();
      return;
    }
    if (!sameArguments(args, callArgs)) {
      problems.add(at + ": " + m.name + "Jacobian changed its array arguments");
    }
    if (j.length != u.length || (j.length > 0 && j[0].length != g.size())) {
      problems.add(
          at
              + ": "
              + m.name
              + "Jacobian is "
              + j.length
              + "×"
              + (j.length == 0 ? 0 : j[0].length)
              + ", expected "
              + u.length
              + "×"
              + g.size());
      return;
    }
    // The form that fills the caller's matrix, given one of garbage: the same entries, bit for bit.
    Class<?>[] intoTypes = Arrays.copyOf(types, types.length + 1);
    intoTypes[types.length] = double[][].class;
    Method intoForm = adjointClass.getMethod(m.name + "Jacobian", intoTypes);
    double[][] into = new double[j.length][j.length == 0 ? 0 : j[0].length];
    for (double[] row : into) {
      Arrays.fill(row, PREFILL);
    }
    Object[] intoArgs = Arrays.copyOf(deepCopy(args), args.length + 1);
    intoArgs[args.length] = into;
    Object filled;
    try {
      filled = call(intoForm, intoArgs);
    } catch (Invocation e) {
      problems.add(at + ": " + m.name + "Jacobian into a matrix threw " + trace(e.getCause()));
      resetTape();
      return;
    }
    if (filled != into || !Arrays.deepEquals(into, j)) {
      problems.add(
          at
              + ": "
              + m.name
              + "Jacobian into a matrix: "
              + (filled != into ? "returned another matrix" : Arrays.deepToString(into))
              + ", the new matrix "
              + Arrays.deepToString(j));
      return;
    }
    for (int c = 0; c < g.size(); c++) {
      double uj = 0;
      double magnitude = 0;
      for (int i = 0; i < u.length; i++) {
        uj += u[i] * j[i][c];
        magnitude += Math.abs(u[i] * j[i][c]);
      }
      if (!Double.isFinite(uj) || !Double.isFinite(g.get(c))) {
        continue;
      }
      if (Math.abs(uj - g.get(c)) > 1e-9 * Math.max(1.0, magnitude)) {
        if ((largest > ILL_CONDITIONED || overflowed) && !REPORT_ILL_CONDITIONED) {
          stats.skippedIllConditioned++;
          return;
        }
        problems.add(
            String.format(
                "%s: %sJacobian: column %d weighted by the seed u = %s gives %.17g, the pullback"
                    + " %.17g",
                at, m.name, c, Arrays.toString(u), uj, g.get(c)));
        return;
      }
    }
    stats.jacobianChecks++;
  }

  /**
   * The largest rate of change along {@code v} of a value the reference assigns (a central
   * difference of the traces at x ± hv), or 0 when the two runs do not assign the same number of
   * values (the control flow changed) or one of them throws.
   */
  private static double steepestIntermediate(
      Method ref, Object[] args, List<int[]> coordinates, double[] v) throws Exception {
    double scale = 1.0;
    for (int[] c : coordinates) {
      scale = Math.max(scale, Math.abs(coordinate(args, c)));
    }
    double h = 1e-6 * scale;
    double[][] traces = new double[2][];
    for (int side = 0; side < 2; side++) {
      FuzzDetach.traceReplay();
      try {
        call(ref, moved(args, coordinates, v, side == 0 ? h : -h));
      } catch (Invocation e) {
        FuzzDetach.trace();
        return 0;
      }
      traces[side] = FuzzDetach.trace();
    }
    if (traces[0].length != traces[1].length) {
      return 0;
    }
    double steepest = 0;
    for (int i = 0; i < traces[0].length; i++) {
      double slope = Math.abs(traces[0][i] - traces[1][i]) / (2 * h);
      if (Double.isFinite(slope)) {
        steepest = Math.max(steepest, slope);
      }
    }
    return steepest;
  }

  /**
   * Second order: {@code fHvp} along a random v against central differences of the generated
   * gradient along v, (g(x + hv) - g(x - hv)) / 2h, at two steps (points where the two disagree,
   * kinks and branch switches, are skipped). Tolerance 1e-4 relative.
   */
  private void checkHessianVector(
      ProgramGenerator.MethodInfo m,
      Method hvp,
      Method gradient,
      RecordComponent[] components,
      Object[] args,
      List<Integer> wrt,
      List<int[]> coordinates,
      Random random,
      List<String> problems)
      throws Exception {
    String at = show(args);
    int n = coordinates.size();
    double[] v = new double[n];
    double scale = 1.0;
    for (int k = 0; k < n; k++) {
      v[k] = random.nextGaussian();
      scale = Math.max(scale, Math.abs(coordinate(args, coordinates.get(k))));
    }
    double[] hv;
    try {
      hv = (double[]) call(hvp, withVector(args, v));
      if (Tape.get().size() != 0) {
        problems.add(at + ": tape size " + Tape.get().size() + " after " + m.name + "Hvp");
        resetTape();
      }
    } catch (Invocation e) {
      problems.add(at + ": " + m.name + "Hvp threw " + trace(e.getCause()));
      resetTape();
      return;
    }
    double h = 1e-5 * scale;
    double[] wide = gradientDifference(gradient, components, args, wrt, coordinates, v, h);
    double[] narrow = gradientDifference(gradient, components, args, wrt, coordinates, v, h / 2);
    if (wide == null || narrow == null) {
      return;
    }
    for (int i = 0; i < n; i++) {
      double size = Math.max(1.0, Math.max(Math.abs(narrow[i]), Math.abs(hv[i])));
      if (size > STEEP) {
        return; // second derivatives this steep (sin of a huge argument) outrun any step
      }
      if (!Double.isFinite(hv[i]) || Math.abs(wide[i] - narrow[i]) > 1e-5 * size) {
        return; // not smooth at this scale (a kink, a branch that switches): no verdict
      }
    }
    stats.hessianChecks++;
    for (int i = 0; i < n; i++) {
      double size = Math.max(1.0, Math.max(Math.abs(narrow[i]), Math.abs(hv[i])));
      if (!(Math.abs(hv[i] - narrow[i]) <= 1e-4 * size)) {
        problems.add(
            String.format(
                "%s: %sHvp along %s: component %s is %.17g but differences of the gradient give %.17g",
                at, m.name, Arrays.toString(v), name(m, coordinates.get(i)), hv[i], narrow[i]));
      }
    }
  }

  private static Object[] withVector(Object[] args, double[] v) {
    Object[] all = Arrays.copyOf(deepCopy(args), args.length + 1);
    all[args.length] = v;
    return all;
  }

  private static double coordinate(Object[] args, int[] c) {
    Object a = args[c[0]];
    return c[1] < 0
        ? (Double) a
        : a instanceof Tensor t
            ? t.get(unflatten(t.shape(), c[1]))
            : a instanceof double[][] m
                ? m[c[1] / m[0].length][c[1] % m[0].length]
                : ((double[]) a)[c[1]];
  }

  /** Sets coordinate {@code c} of a deep copy of the arguments ({@link #deepCopy}) to x. */
  private static void setCoordinate(Object[] copy, int[] c, double x) {
    Object a = copy[c[0]];
    if (c[1] < 0) {
      copy[c[0]] = x;
    } else if (a instanceof Tensor t) {
      double[] data = t.toArray();
      data[c[1]] = x;
      copy[c[0]] = tensorOf(data, t.shape());
    } else if (a instanceof double[][] m) {
      m[c[1] / m[0].length][c[1] % m[0].length] = x;
    } else {
      ((double[]) a)[c[1]] = x;
    }
  }

  /** A tensor of this shape, also of shape [] (which {@code Tensor.of} reads as "a vector"). */
  static Tensor tensorOf(double[] data, int[] shape) {
    return Tensor.of(data, shape).reshape(shape);
  }

  /** The index of element {@code flat} (in row-major order) of a tensor of this shape. */
  private static int[] unflatten(int[] shape, int flat) {
    int[] index = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      index[i] = flat % shape[i];
      flat /= shape[i];
    }
    return index;
  }

  /** (g(x + hv) - g(x - hv)) / 2h over the flattened coordinates; null if not finite. */
  private double[] gradientDifference(
      Method gradient,
      RecordComponent[] components,
      Object[] args,
      List<Integer> wrt,
      List<int[]> coordinates,
      double[] v,
      double h)
      throws Exception {
    double[] plus = flatGradient(gradient, components, moved(args, coordinates, v, h), wrt);
    double[] minus = flatGradient(gradient, components, moved(args, coordinates, v, -h), wrt);
    if (plus == null || minus == null) {
      return null;
    }
    double[] out = new double[plus.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (plus[i] - minus[i]) / (2 * h);
      if (!Double.isFinite(out[i])) {
        return null;
      }
    }
    return out;
  }

  private static Object[] moved(Object[] args, List<int[]> coordinates, double[] v, double h) {
    Object[] out = deepCopy(args);
    for (int k = 0; k < coordinates.size(); k++) {
      int[] c = coordinates.get(k);
      setCoordinate(out, c, coordinate(out, c) + h * v[k]);
    }
    return out;
  }

  private static double[] flatGradient(
      Method gradient, RecordComponent[] components, Object[] args, List<Integer> wrt)
      throws Exception {
    Object record;
    try {
      record = call(gradient, args);
    } catch (Invocation e) {
      resetTape();
      return null;
    }
    List<Double> flat = new ArrayList<>();
    for (int k = 0; k < wrt.size(); k++) {
      Object c = components[k + 1].getAccessor().invoke(record);
      if (c instanceof Tensor t) {
        c = t.toArray();
      }
      if (c instanceof double[][] m) {
        for (double[] row : m) {
          for (double x : row) {
            flat.add(x);
          }
        }
        continue;
      }
      if (c instanceof double[] a) {
        for (double x : a) {
          flat.add(x);
        }
      } else {
        flat.add((Double) c);
      }
    }
    return flat.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The forward mode of a method with Tensor values, if it has one: {@code fJvp} with the method's
   * parameters and one tangent per differentiated parameter (of whatever type it declares).
   */
  private static Method findJvp(
      Class<?> adjointClass, String name, Class<?>[] types, int tangents) {
    for (Method candidate : adjointClass.getMethods()) {
      Class<?>[] p = candidate.getParameterTypes();
      if (candidate.getName().equals(name + "Jvp")
          && p.length == types.length + tangents
          && Arrays.equals(Arrays.copyOf(p, types.length), types)) {
        return candidate;
      }
    }
    return null;
  }

  private static String name(ProgramGenerator.MethodInfo m, int[] coordinate) {
    ProgramGenerator.Param p = m.params.get(coordinate[0]);
    String name = p.name();
    if (p.type() == ProgramGenerator.Ty.DOUBLE_MATRIX && coordinate[1] >= 0) {
      int cols = p.shape()[1];
      return name + "[" + coordinate[1] / cols + "][" + coordinate[1] % cols + "]";
    }
    return coordinate[1] < 0 ? name : name + "[" + coordinate[1] + "]";
  }

  /** The arguments, arrays with their elements. */
  static String show(Object[] args) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      Object a = args[i];
      if (a instanceof double[][] m) {
        out.append("new double[][] {");
        for (int row = 0; row < m.length; row++) {
          out.append(row > 0 ? ", " : "")
              .append(Arrays.toString(m[row]).replace('[', '{').replace(']', '}'));
        }
        out.append('}');
        continue;
      }
      out.append(
          a instanceof double[] d
              ? "new double[] " + Arrays.toString(d).replace('[', '{').replace(']', '}')
              : a instanceof Tensor t
                  ? "Tensor.of(new double[] "
                      + Arrays.toString(t.toArray()).replace('[', '{').replace(']', '}')
                      + TensorExpressions.trailing(t.shape())
                      + ")"
                  : a instanceof int[] n
                      ? "new int[] " + Arrays.toString(n).replace('[', '{').replace(']', '}')
                      : a instanceof float[] f
                          ? "new float[] "
                              + Arrays.toString(f)
                                  .replace("]", "f}")
                                  .replace(", ", "f, ")
                                  .replace('[', '{')
                          : a instanceof Float f ? f + "f" : String.valueOf(a));
    }
    return out.append(']').toString();
  }

  /** A copy of the arguments with copies of the arrays, so that calls cannot share them. */
  static Object[] deepCopy(Object[] args) {
    Object[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof double[] a) {
        copy[i] = a.clone();
      } else if (copy[i] instanceof double[][] m) {
        double[][] c = new double[m.length][];
        for (int row = 0; row < m.length; row++) {
          c[row] = m[row].clone();
        }
        copy[i] = c;
      } else if (copy[i] instanceof int[] a) {
        copy[i] = a.clone();
      }
    }
    return copy;
  }

  private static boolean sameArguments(Object[] expected, Object[] actual) {
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] instanceof double[] a) {
        if (!Arrays.equals(a, (double[]) actual[i])) {
          return false;
        }
      } else if (expected[i] instanceof double[][] m) {
        if (!Arrays.deepEquals(m, (double[][]) actual[i])) {
          return false;
        }
      } else if (expected[i] instanceof int[] a && !Arrays.equals(a, (int[]) actual[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * {fd, noise, f(x+h), f(x-h), h+, h-} for coordinate {@code c} (a double parameter {c[0]}, or
   * element c[1] of the double[] parameter c[0]) with step {@code step * max(1, |x|)}, or null when
   * a value is not finite; {NaN, 0} when the replay of the frozen operations was misaligned (a
   * kink).
   */
  private static double[] finiteDifference(Method ref, Object[] args, int[] c, double step)
      throws Exception {
    double x = coordinate(args, c);
    double h = step * Math.max(1.0, Math.abs(x));
    double xp = x + h;
    double xm = x - h;
    Object[] plus = deepCopy(args);
    Object[] minus = deepCopy(args);
    setCoordinate(plus, c, xp);
    setCoordinate(minus, c, xm);
    FuzzDetach.replay();
    double fp = scalar(call(ref, plus));
    boolean alignedPlus = FuzzDetach.aligned();
    FuzzDetach.replay();
    double fm = scalar(call(ref, minus));
    boolean alignedMinus = FuzzDetach.aligned();
    if (!Double.isFinite(fp) || !Double.isFinite(fm)) {
      return null;
    }
    if (!alignedPlus || !alignedMinus) {
      return new double[] {Double.NaN, 0, Double.NaN, Double.NaN, h, h};
    }
    double width = xp - xm;
    double noise = 64 * EPS * Math.max(Math.abs(fp), Math.abs(fm)) / width;
    return new double[] {(fp - fm) / width, noise, fp, fm, xp - x, x - xm};
  }

  /**
   * While a method returning {@code double[]} is checked: the vector u whose product with the
   * result is differentiated ({@link #scalar}).
   */
  private static final ThreadLocal<double[]> SEED_VECTOR = new ThreadLocal<>();

  /** A result of the reference as a double: itself, or u·f for a vector result. */
  private static double scalar(Object result) {
    if (result instanceof double[] f) {
      double[] u = SEED_VECTOR.get();
      double sum = 0;
      for (int i = 0; i < f.length && i < u.length; i++) {
        sum += u[i] * f[i];
      }
      return f.length == u.length ? sum : Double.NaN;
    }
    return (Double) result;
  }

  static Object[] point(ProgramGenerator.MethodInfo m, Random random) {
    Object[] args = new Object[m.params.size()];
    for (int i = 0; i < args.length; i++) {
      ProgramGenerator.Param p = m.params.get(i);
      args[i] =
          switch (p.type()) {
            case DOUBLE -> {
              double scale = random.nextInt(4) == 0 ? 0.5 : 2.0;
              yield Math.round((random.nextDouble() * 2 - 1) * scale * 1e6) / 1e6 + 1e-7;
            }
            case INT -> i == m.depthIndex ? random.nextInt(4) : random.nextInt(6) - 1;
            case LONG -> (long) (random.nextInt(7) - 3);
            case BOOLEAN -> random.nextBoolean();
            case DOUBLE_ARRAY -> {
              double[] a =
                  new double[p.minLength() + random.nextInt(ProgramGenerator.EXTRA_LENGTH + 1)];
              for (int e = 0; e < a.length; e++) {
                double scale = random.nextInt(4) == 0 ? 0.5 : 2.0;
                a[e] = Math.round((random.nextDouble() * 2 - 1) * scale * 1e6) / 1e6 + 1e-7;
              }
              yield a;
            }
            case INT_ARRAY -> {
              if (p.shape() != null) {
                // Labels: shape[0] of them, in [0, shape[1]).
                int[] a = new int[p.shape()[0]];
                for (int e = 0; e < a.length; e++) {
                  a[e] = random.nextInt(p.shape()[1]);
                }
                yield a;
              }
              int[] a = new int[p.minLength() + random.nextInt(ProgramGenerator.EXTRA_LENGTH + 1)];
              for (int e = 0; e < a.length; e++) {
                a[e] = random.nextInt(ProgramGenerator.INDEX_BOUND);
              }
              yield a;
            }
            case FLOAT -> (float) (Math.round((random.nextDouble() * 2 - 1) * 2e3) / 1e3);
            case FLOAT_ARRAY -> {
              float[] a =
                  new float[p.minLength() + random.nextInt(ProgramGenerator.EXTRA_LENGTH + 1)];
              for (int e = 0; e < a.length; e++) {
                a[e] = (float) (Math.round((random.nextDouble() * 2 - 1) * 2e3) / 1e3);
              }
              yield a;
            }
            case DOUBLE_MATRIX -> {
              double[][] matrix = new double[p.shape()[0]][p.shape()[1]];
              for (double[] row : matrix) {
                for (int e = 0; e < row.length; e++) {
                  double scale = random.nextInt(4) == 0 ? 0.5 : 2.0;
                  row[e] = Math.round((random.nextDouble() * 2 - 1) * scale * 1e6) / 1e6 + 1e-7;
                }
              }
              yield matrix;
            }
            case TENSOR -> {
              int n = 1;
              for (int d : p.shape()) {
                n *= d;
              }
              double[] data = new double[n];
              for (int e = 0; e < n; e++) {
                double scale = random.nextInt(4) == 0 ? 0.5 : 2.0;
                data[e] = Math.round((random.nextDouble() * 2 - 1) * scale * 1e6) / 1e6 + 1e-7;
              }
              yield tensorOf(data, p.shape());
            }
          };
    }
    return args;
  }

  /** An exception thrown by generated or reference code. */
  static final class Invocation extends Exception {
    Invocation(Throwable cause) {
      super(cause);
    }
  }

  private static Object call(Method method, Object[] args)
      throws Invocation, IllegalAccessException {
    try {
      return method.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new Invocation(e.getCause());
    }
  }

  private static String trace(Throwable t) {
    StringBuilder out = new StringBuilder(t.toString());
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = 0; i < Math.min(6, frames.length); i++) {
      out.append("\n    at ").append(frames[i]);
    }
    return out.toString();
  }

  /** Empties the tape after a failure, so that one broken method does not fail the next ones. */
  static void resetTape() {
    Tape tape = Tape.get();
    try {
      // Every stack pointer (doubleTop, longTop, intTop, objectTop, scratchDepth, ...).
      for (Field f : Tape.class.getDeclaredFields()) {
        if (f.getType() == int.class && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          f.setInt(tape, 0);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
