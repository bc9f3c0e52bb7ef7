package dev.adjoint.processor.fuzz;

import java.util.Arrays;

/**
 * The stand-in for {@code Adjoint.detach} in the reference copy of a generated program, so that
 * finite differences see detached values as constants, as the generated gradient does.
 *
 * <p>At the unperturbed point the reference program runs in recording mode: every {@code detach}
 * returns its argument and remembers it. At the perturbed points it runs in replay mode: the k-th
 * {@code detach} returns the k-th remembered value instead of its argument. If the perturbed run
 * calls {@code detach} a different number of times (control flow changed: a kink), the finite
 * difference is skipped.
 *
 * <p>Public because the reference classes are compiled in memory against the test classes; state
 * is per thread, since the checker runs generated code on a worker thread.
 */
public final class FuzzDetach {
  private static final ThreadLocal<FuzzDetach> CURRENT = ThreadLocal.withInitial(FuzzDetach::new);

  private boolean replaying;
  private double[] values = new double[16];
  private int count;
  private int position;
  private boolean misaligned;

  private FuzzDetach() {}

  public static double detach(double x) {
    FuzzDetach d = CURRENT.get();
    if (!d.replaying) {
      if (d.count == d.values.length) {
        d.values = Arrays.copyOf(d.values, d.count * 2);
      }
      d.values[d.count++] = x;
      return x;
    }
    if (d.position >= d.count) {
      d.misaligned = true;
      return x;
    }
    return d.values[d.position++];
  }

  /** Starts a recording run (the unperturbed point). */
  static void record() {
    FuzzDetach d = CURRENT.get();
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

  /** Whether the last replay run used exactly the recorded values. */
  static boolean aligned() {
    FuzzDetach d = CURRENT.get();
    return !d.misaligned && d.position == d.count;
  }
}
