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

import dev.adjoint.tensor.Tensor;
import java.util.Arrays;

/**
 * The stand-ins, in the reference copy of a generated program, for the operations whose derivative
 * Adjoint takes to be zero: {@code Adjoint.detach}, the staircases {@code Math.floor}, {@code
 * ceil}, {@code rint} and {@code signum}, and the casts from {@code double} to {@code int} and
 * {@code long}. Finite differences of the reference then see their results as constants, as the
 * generated gradient does.
 *
 * <p>At the unperturbed point the reference program runs in recording mode: every stand-in returns
 * what the original returns and remembers it. At the perturbed points it runs in replay mode: the
 * k-th call returns the k-th remembered value instead. If the perturbed run makes a different
 * sequence of calls (control flow changed: a kink), the finite difference is skipped.
 *
 * <p>Freezing the staircases matters where their argument is large: {@code Math.ceil(y)} with
 * {@code |y| >= 2^52} returns {@code y} itself, so in floating point it is the identity (slope 1)
 * while its exact derivative is 0 almost everywhere (the steps are far below the resolution of the
 * double format). A finite difference through the unfrozen function measures the identity's slope
 * and disagrees with the exact derivative, although both the program and the gradient are right
 * (seed 4242, program 2191, method {@code m2}: a {@code Math.rint(Math.ceil(-2.5 * x0))} with
 * {@code x0 ~ 6e17}). With small arguments a step inside the stencil used to be skipped as a kink;
 * frozen, it is compared.
 *
 * <p>Public because the reference classes are compiled in memory against the test classes; state is
 * per thread, since the checker runs generated code on a worker thread.
 */
public final class FuzzDetach {
  private static final ThreadLocal<FuzzDetach> CURRENT = ThreadLocal.withInitial(FuzzDetach::new);

  private static final byte DETACH = 0;
  private static final byte FLOOR = 1;
  private static final byte CEIL = 2;
  private static final byte RINT = 3;
  private static final byte SIGNUM = 4;
  private static final byte TO_INT = 5;
  private static final byte TO_LONG = 6;
  private static final byte DETACH_ARRAY = 7;
  private static final byte DETACH_TENSOR = 8;

  private boolean replaying;
  private double[] values = new double[16];
  private long[] longs = new long[16];
  private byte[] kinds = new byte[16];
  private double[][] arrays = new double[16][];
  private Tensor[] tensors = new Tensor[16];
  private int count;
  private int position;
  private boolean misaligned;
  private double largest;
  private boolean overflowed;
  private boolean tied;

  /** In a replay run: whether observed values are kept (see {@link #traceReplay()}). */
  private boolean tracing;

  private double[] trace = new double[64];
  private int traced;

  private FuzzDetach() {}

  public static double detach(double x) {
    return frozen(DETACH, x);
  }

  /** {@code Adjoint.detach(double[])}: a copy, which replays the recorded elements. */
  public static double[] detach(double[] x) {
    FuzzDetach d = CURRENT.get();
    if (!d.replaying) {
      d.add(DETACH_ARRAY, 0, 0);
      d.arrays[d.count - 1] = x.clone();
      observe(x);
      return x.clone();
    }
    if (d.position >= d.count
        || d.kinds[d.position] != DETACH_ARRAY
        || d.arrays[d.position].length != x.length) {
      d.misaligned = true;
      return x.clone();
    }
    return d.arrays[d.position++].clone();
  }

  /** {@code Adjoint.detach(Tensor)}: replays the recorded tensor (of the same shape). */
  public static Tensor detach(Tensor x) {
    FuzzDetach d = CURRENT.get();
    if (!d.replaying) {
      d.add(DETACH_TENSOR, 0, 0);
      d.tensors[d.count - 1] = x;
      observe(x);
      return x;
    }
    if (d.position >= d.count
        || d.kinds[d.position] != DETACH_TENSOR
        || !Arrays.equals(d.tensors[d.position].shape(), x.shape())) {
      d.misaligned = true;
      return x;
    }
    return d.tensors[d.position++];
  }

  public static double floor(double x) {
    return frozen(FLOOR, Math.floor(x));
  }

  public static double ceil(double x) {
    return frozen(CEIL, Math.ceil(x));
  }

  public static double rint(double x) {
    return frozen(RINT, Math.rint(x));
  }

  /**
   * {@code Math.max}, noting a tie in the recording run: there the derivative is a convention (½ to
   * each argument), which finite differences cannot confirm, least of all when one argument is a
   * detached copy of the other (then every point is a tie).
   */
  public static double max(double a, double b) {
    noteTie(a, b);
    return Math.max(a, b);
  }

  public static double min(double a, double b) {
    noteTie(a, b);
    return Math.min(a, b);
  }

  // Integer overloads: index arithmetic, which carries no derivative.
  public static int max(int a, int b) {
    return Math.max(a, b);
  }

  public static int min(int a, int b) {
    return Math.min(a, b);
  }

  public static long max(long a, long b) {
    return Math.max(a, b);
  }

  public static long min(long a, long b) {
    return Math.min(a, b);
  }

  private static void noteTie(double a, double b) {
    FuzzDetach d = CURRENT.get();
    if (!d.replaying && a == b) {
      d.tied = true;
    }
  }

  /** Whether the last recording run met a tie of {@code max} or {@code min}. */
  static boolean tied() {
    return CURRENT.get().tied;
  }

  public static double signum(double x) {
    return frozen(SIGNUM, Math.signum(x));
  }

  public static int toInt(double x) {
    return (int) frozenLong(TO_INT, (int) x);
  }

  public static long toLong(double x) {
    return frozenLong(TO_LONG, (long) x);
  }

  private static double frozen(byte kind, double x) {
    FuzzDetach d = CURRENT.get();
    if (!d.replaying) {
      d.add(kind, x, 0);
      // A frozen value is an intermediate of the computation too, often one that no variable
      // holds (detach(l2(...)) inside an expression): its size matters for ill-conditioning.
      observe(x);
      return x;
    }
    if (d.position >= d.count || d.kinds[d.position] != kind) {
      d.misaligned = true;
      return x;
    }
    return d.values[d.position++];
  }

  private static long frozenLong(byte kind, long x) {
    FuzzDetach d = CURRENT.get();
    if (!d.replaying) {
      d.add(kind, 0, x);
      return x;
    }
    if (d.position >= d.count || d.kinds[d.position] != kind) {
      d.misaligned = true;
      return x;
    }
    return d.longs[d.position++];
  }

  private void add(byte kind, double value, long longValue) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
      longs = Arrays.copyOf(longs, count * 2);
      kinds = Arrays.copyOf(kinds, count * 2);
      arrays = Arrays.copyOf(arrays, count * 2);
      tensors = Arrays.copyOf(tensors, count * 2);
    }
    values[count] = value;
    longs[count] = longValue;
    kinds[count] = kind;
    count++;
  }

  /**
   * Called by the reference after every assignment of a double (or element of a double[]): keeps
   * the largest finite magnitude of a value computed since {@link #record()}.
   */
  public static void observe(double x) {
    FuzzDetach d = CURRENT.get();
    if (d.tracing) {
      if (d.traced == d.trace.length) {
        d.trace = Arrays.copyOf(d.trace, d.traced * 2);
      }
      d.trace[d.traced++] = x;
    }
    if (!d.replaying && Math.abs(x) > d.largest && Double.isFinite(x)) {
      d.largest = Math.abs(x);
    }
    if (!d.replaying && !Double.isFinite(x)) {
      d.overflowed = true;
    }
  }

  public static void observe(double[] xs) {
    for (double x : xs) {
      observe(x);
    }
  }

  public static void observe(double[][] rows) {
    for (double[] xs : rows) {
      observe(xs);
    }
  }

  /**
   * A subexpression's value, observed like an assigned one (see {@link #observe(double)}): large
   * intermediates often live inside expressions ({@code Tensor.full(m, 3).exp()} passed to a loss).
   */
  public static double seen(double x) {
    observe(x);
    return x;
  }

  public static Tensor seen(Tensor t) {
    observe(t);
    return t;
  }

  /** Every element of a tensor the reference assigned. */
  public static void observe(Tensor t) {
    if (!CURRENT.get().replaying) {
      observe(t.toArray());
    }
  }

  /** The largest finite magnitude observed in the last recording run. */
  static double largest() {
    return CURRENT.get().largest;
  }

  /** Whether the last recording run assigned an infinite or NaN value. */
  static boolean overflowed() {
    return CURRENT.get().overflowed;
  }

  /** Starts a recording run (the unperturbed point). */
  static void record() {
    FuzzDetach d = CURRENT.get();
    d.largest = 0;
    d.overflowed = false;
    d.tied = false;
    d.replaying = false;
    d.count = 0;
    d.position = 0;
    d.misaligned = false;
  }

  /** Starts a replay run (a perturbed point) of the last recording. */
  static void replay() {
    FuzzDetach d = CURRENT.get();
    d.replaying = true;
    d.position = 0;
    d.misaligned = false;
  }

  /**
   * Starts a replay run that also keeps every value observed (see {@link #trace()}): differences of
   * two traces bound the tangents of the intermediates.
   */
  static void traceReplay() {
    replay();
    FuzzDetach d = CURRENT.get();
    d.tracing = true;
    d.traced = 0;
  }

  /** The values observed since {@link #traceReplay()}, in order; ends the tracing. */
  static double[] trace() {
    FuzzDetach d = CURRENT.get();
    d.tracing = false;
    return Arrays.copyOf(d.trace, d.traced);
  }

  /** Whether the last replay run used exactly the recorded values. */
  static boolean aligned() {
    FuzzDetach d = CURRENT.get();
    return !d.misaligned && d.position == d.count;
  }
}
