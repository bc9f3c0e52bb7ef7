package dev.adjoint;

import java.util.Arrays;

/**
 * The per-thread stack on which generated reverse-mode code saves values that the forward sweep
 * overwrites and the reverse sweep needs again (Tapenade's PUSH/POP).
 *
 * <p>Generated code obtains it once per call with {@link #get()}. Every sweep pops exactly what it
 * pushed, so nested and recursive gradient calls share one tape. Its arrays grow on demand and are
 * kept between calls, so a steady-state gradient call allocates nothing here.
 */
public final class Tape {
  private static final ThreadLocal<Tape> CURRENT = ThreadLocal.withInitial(Tape::new);

  private double[] doubles = new double[64];
  private int doubleTop;
  private long[] longs = new long[64];
  private int longTop;
  private int[] ints = new int[64];
  private int intTop;
  private Object[] objects = new Object[16];
  private int objectTop;
  private double[][] scratch = new double[8][];
  private int scratchDepth;

  private Tape() {}

  /** The calling thread's tape. */
  public static Tape get() {
    return CURRENT.get();
  }

  public void push(double value) {
    if (doubleTop == doubles.length) {
      doubles = Arrays.copyOf(doubles, doubles.length * 2);
    }
    doubles[doubleTop++] = value;
  }

  public double popDouble() {
    return doubles[--doubleTop];
  }

  public void push(long value) {
    if (longTop == longs.length) {
      longs = Arrays.copyOf(longs, longs.length * 2);
    }
    longs[longTop++] = value;
  }

  public long popLong() {
    return longs[--longTop];
  }

  public void push(int value) {
    if (intTop == ints.length) {
      ints = Arrays.copyOf(ints, ints.length * 2);
    }
    ints[intTop++] = value;
  }

  public int popInt() {
    return ints[--intTop];
  }

  /** Saves a reference (an array that a variable stops naming). */
  public void push(Object value) {
    if (objectTop == objects.length) {
      objects = Arrays.copyOf(objects, objects.length * 2);
    }
    objects[objectTop++] = value;
  }

  public Object popObject() {
    Object value = objects[--objectTop];
    objects[objectTop] = null; // no leak through the tape
    return value;
  }

  public void push(boolean value) {
    push(value ? 1 : 0);
  }

  public boolean popBoolean() {
    return popInt() != 0;
  }

  /**
   * Returns a zeroed buffer of at least {@code length} doubles for the adjoints that a call's
   * pullback adds into. Buffers are kept per nesting depth, so recursive calls do not share one.
   * Each call must be matched by {@link #releaseScratch()}.
   */
  public double[] scratch(int length) {
    if (scratchDepth == scratch.length) {
      scratch = Arrays.copyOf(scratch, scratch.length * 2);
    }
    double[] buffer = scratch[scratchDepth];
    if (buffer == null || buffer.length < length) {
      buffer = new double[Math.max(length, 4)];
      scratch[scratchDepth] = buffer;
    } else {
      Arrays.fill(buffer, 0, length, 0.0);
    }
    scratchDepth++;
    return buffer;
  }

  /** Gives back the buffer of the innermost {@link #scratch(int)}. */
  public void releaseScratch() {
    scratchDepth--;
  }

  /** The number of values on the tape; zero between top-level gradient calls. */
  public int size() {
    return doubleTop + longTop + intTop + objectTop;
  }
}
