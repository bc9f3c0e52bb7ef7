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
package dev.adjoint;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * The per-thread stack on which generated reverse-mode code saves values that the forward sweep
 * overwrites and the reverse sweep needs again (Tapenade's PUSH/POP).
 *
 * <p>Generated code obtains it once per call with {@link #get()}. Every sweep pops exactly what it
 * pushed, so nested and recursive gradient calls share one tape.
 *
 * <h2>Memory</h2>
 *
 * <p>Each of its four stacks ({@code double}, {@code long}, {@code int} and references) is a list
 * of blocks of {@value #BLOCK} entries (64 KiB of {@code double}s); the first block starts at 64
 * entries and grows to that size by copying. Beyond it the tape grows by adding blocks, never by
 * copying what it holds: growing needs one more block, where an array doubled by copying needs
 * three times its contents while it copies.
 *
 * <p>As a sweep pops its values, each block it leaves two blocks behind (one block of hysteresis,
 * so that a sweep going back and forth over a boundary does not churn) is let go, unless it is
 * among the first {@value #RETAINED_BLOCKS} of its stack. So an empty tape, which is what every
 * top-level gradient call leaves (through whichever entry point: {@code fGradient}, {@code
 * fPullback} in a loop, {@code fHessian}, ...), holds strongly at most {@value #RETAINED_BLOCKS}
 * blocks per stack, whatever the largest gradient its thread has run: at most 3.5 MiB per thread (1
 * MiB each of {@code double}s and {@code long}s, 512 KiB of {@code int}s, 0.5 to 1 MiB of
 * references, and only blocks it has used). A gradient whose tape fits in that allocates nothing
 * here once warm.
 *
 * <p>The blocks let go are kept behind a {@link SoftReference}, and the next call that grows the
 * tape as far takes them back, so a loop of large gradient calls does not allocate its tape again
 * on each call (ADBench's GMM at d = 64, K = 10 pushes 160 MB: allocated afresh on each call, it
 * cost about 20 ms of GC pauses per call, 2.5 times as much as with the spares). The garbage
 * collector may clear them whenever it needs the memory (they never cause an {@code
 * OutOfMemoryError}), and HotSpot clears soft references that have gone unused for about a second
 * per free megabyte of heap. (Before, a thread kept one array per stack at its peak size, 280 MB
 * after that GMM gradient, until the thread ended.)
 */
public final class Tape {
  /** Entries in a block of each stack (after the first block has grown to this size). */
  static final int BLOCK = 1 << 13;

  /** Blocks per stack kept when the tape drains: the memory an idle thread holds. */
  static final int RETAINED_BLOCKS = 16;

  private static final int FIRST = 64;

  private static final ThreadLocal<Tape> CURRENT = ThreadLocal.withInitial(Tape::new);

  // Each stack: the current block, the position in it, the block's index, every block by index
  // (null beyond those held), and the blocks let go, softly held for reuse.
  private double[] doubleBlock = new double[FIRST];
  private int doubleTop;
  private int doubleIndex;
  private double[][] doubleBlocks = new double[4][];
  private SoftReference<double[][]> doubleSpare;

  private long[] longBlock = new long[FIRST];
  private int longTop;
  private int longIndex;
  private long[][] longBlocks = new long[4][];
  private SoftReference<long[][]> longSpare;

  private int[] intBlock = new int[FIRST];
  private int intTop;
  private int intIndex;
  private int[][] intBlocks = new int[4][];
  private SoftReference<int[][]> intSpare;

  private Object[] objectBlock = new Object[FIRST];
  private int objectTop;
  private int objectIndex;
  private Object[][] objectBlocks = new Object[4][];
  private SoftReference<Object[][]> objectSpare;

  private double[][] scratch = new double[8][];
  private int scratchDepth;

  // Split sweeps (fForward, fReverse) active on this thread's stack, and how many it has room for.
  private int depth;
  private int depthLimit = STACK_FRAMES;

  private Tape() {
    doubleBlocks[0] = doubleBlock;
    longBlocks[0] = longBlock;
    intBlocks[0] = intBlock;
    objectBlocks[0] = objectBlock;
  }

  /**
   * The calling thread's tape.
   *
   * @return the tape of the current thread, created on first use
   */
  public static Tape get() {
    return CURRENT.get();
  }

  /**
   * Saves a {@code double} on its stack.
   *
   * @param value the value the reverse sweep will pop
   */
  public void push(double value) {
    if (doubleTop == doubleBlock.length) {
      grow(DOUBLES);
    }
    doubleBlock[doubleTop++] = value;
  }

  /**
   * Takes back the {@code double} pushed last.
   *
   * @return that value
   */
  public double popDouble() {
    if (doubleTop == 0) {
      shrink(DOUBLES);
    }
    return doubleBlock[--doubleTop];
  }

  /**
   * Saves a {@code long} on its stack.
   *
   * @param value the value the reverse sweep will pop
   */
  public void push(long value) {
    if (longTop == longBlock.length) {
      grow(LONGS);
    }
    longBlock[longTop++] = value;
  }

  /**
   * Takes back the {@code long} pushed last.
   *
   * @return that value
   */
  public long popLong() {
    if (longTop == 0) {
      shrink(LONGS);
    }
    return longBlock[--longTop];
  }

  /**
   * Saves an {@code int} (a branch taken, a trip count, an index) on its stack.
   *
   * @param value the value the reverse sweep will pop
   */
  public void push(int value) {
    if (intTop == intBlock.length) {
      grow(INTS);
    }
    intBlock[intTop++] = value;
  }

  /**
   * Takes back the {@code int} pushed last.
   *
   * @return that value
   */
  public int popInt() {
    if (intTop == 0) {
      shrink(INTS);
    }
    return intBlock[--intTop];
  }

  /**
   * Saves a reference (an array that a variable stops naming).
   *
   * @param value the reference the reverse sweep will pop; may be null
   */
  public void push(Object value) {
    if (objectTop == objectBlock.length) {
      grow(OBJECTS);
    }
    objectBlock[objectTop++] = value;
  }

  /**
   * Takes back the reference pushed last.
   *
   * @return that reference
   */
  public Object popObject() {
    if (objectTop == 0) {
      shrink(OBJECTS);
    }
    Object value = objectBlock[--objectTop];
    objectBlock[objectTop] = null; // no leak through the tape
    return value;
  }

  /**
   * Saves a {@code boolean} (a branch decision), as an {@code int}.
   *
   * @param value the value the reverse sweep will pop
   */
  public void push(boolean value) {
    push(value ? 1 : 0);
  }

  /**
   * Takes back the {@code boolean} pushed last.
   *
   * @return that value
   */
  public boolean popBoolean() {
    return popInt() != 0;
  }

  /**
   * A float pushed with {@link #push(double)} (a double holds every float exactly).
   *
   * @return the float
   */
  public float popFloat() {
    return (float) popDouble();
  }

  // ---------------------------------------------------------------- deep recursion
  //
  // A recursive @Differentiable method is differentiated in split mode: its fForward calls itself
  // as deep as the original recursion goes, then its fReverse does, each with a larger frame than
  // the original method's. So that a gradient completes every recursion its original completes,
  // each split sweep counts itself here, and one that would go deeper than its thread's stack is
  // known to hold runs, with the rest of the recursion below it, on a new thread with a large
  // stack that shares this tape (the calling thread waits, so the tape is never used by two
  // threads at once).

  /** Split sweeps nested on a thread before the next one moves to a deeper stack. */
  static final int STACK_FRAMES = 512;

  /** The stack of a thread that continues a deep recursion: reserved, committed as it is used. */
  static final long DEEP_STACK_BYTES = 1L << 30;

  /** Split sweeps nested on such a thread (2 KiB of its stack each) before the next move. */
  static final int DEEP_STACK_FRAMES = (int) (DEEP_STACK_BYTES / 2048);

  /**
   * For generated code: enters a split sweep ({@code fForward} or {@code fReverse}). Returns false
   * when this thread's stack has no room for it: the sweep must then run through {@link
   * #forwardDeeper(java.util.function.DoubleSupplier)} (or {@link #reverseDeeper(Runnable)})
   * instead, and not call {@link #leave()}.
   *
   * @return whether the sweep may run on this thread
   */
  public boolean enter() {
    if (depth == depthLimit) {
      return false;
    }
    depth++;
    return true;
  }

  /** For generated code: leaves a split sweep that {@link #enter()} entered. */
  public void leave() {
    depth--;
  }

  /**
   * For generated code: runs a forward sweep, and the recursion below it, on a new thread with a
   * deep stack that uses this tape, and returns its value. The calling thread waits.
   *
   * @param sweep the forward sweep, called again
   * @return its value
   */
  public double forwardDeeper(java.util.function.DoubleSupplier sweep) {
    double[] value = new double[1];
    reverseDeeper(() -> value[0] = sweep.getAsDouble());
    return value[0];
  }

  /**
   * For generated code: runs a reverse sweep on a thread with a deep stack; see above.
   *
   * @param sweep the reverse sweep, called again
   */
  public void reverseDeeper(Runnable sweep) {
    java.util.concurrent.Future<?> done =
        DEEP_STACKS.submit(
            () -> {
              CURRENT.set(this);
              int savedDepth = depth;
              int savedLimit = depthLimit;
              depth = 0;
              depthLimit = DEEP_STACK_FRAMES;
              try {
                sweep.run();
              } finally {
                depth = savedDepth;
                depthLimit = savedLimit;
                CURRENT.remove();
              }
            });
    boolean interrupted = false;
    try {
      while (true) {
        try {
          done.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true; // the sweep cannot be abandoned half way: the tape would be torn
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Threads with deep stacks, kept a few seconds after use so that a loop of deep gradients does
   * not start one per call (each hands off to another when it goes deeper still, so there are as
   * many as a recursion needs at once).
   */
  private static final java.util.concurrent.ExecutorService DEEP_STACKS =
      new java.util.concurrent.ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          5,
          java.util.concurrent.TimeUnit.SECONDS,
          new java.util.concurrent.SynchronousQueue<>(),
          task -> {
            Thread thread = new Thread(null, task, "adjoint-deep-recursion", DEEP_STACK_BYTES);
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Returns a zeroed buffer of at least {@code length} doubles for the adjoints that a call's
   * pullback adds into. Buffers are kept per nesting depth, so recursive calls do not share one.
   * Each call must be matched by {@link #releaseScratch()}.
   *
   * @param length the number of doubles needed
   * @return a zeroed buffer of at least that length, owned by this tape until released
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

  /** Buffers given back by {@link #giveBack}, lent again by {@link #lend}. */
  private double[][] lendable = new double[4][];

  private int lendableCount;

  /**
   * Lends a zeroed buffer of at least {@code length} doubles, owned by the caller until it is given
   * back with {@link #giveBack} (in any order, unlike {@link #scratch}): generated code keeps a
   * preaccumulated loop's sums of scalar adjoints in one, from the forward sweep to the end of the
   * reverse sweep, so that a pullback allocates nothing once the thread's tape has grown. A buffer
   * never given back is simply not lent again.
   *
   * @param length the number of doubles needed
   * @return a zeroed buffer of at least that length
   */
  public double[] lend(int length) {
    for (int k = lendableCount - 1; k >= 0; k--) {
      double[] buffer = lendable[k];
      if (buffer.length >= length) {
        lendable[k] = lendable[--lendableCount];
        lendable[lendableCount] = null;
        Arrays.fill(buffer, 0, length, 0.0);
        return buffer;
      }
    }
    return new double[Math.max(length, 4)];
  }

  /**
   * Takes back a buffer from {@link #lend}, to lend it again.
   *
   * @param buffer the buffer, which the caller no longer uses
   */
  public void giveBack(double[] buffer) {
    if (lendableCount == lendable.length) {
      lendable = Arrays.copyOf(lendable, 2 * lendableCount);
    }
    lendable[lendableCount++] = buffer;
  }

  /**
   * The number of values on the tape; zero between top-level gradient calls.
   *
   * @return the number of values pushed and not yet popped
   */
  public int size() {
    return count(doubleIndex, doubleTop)
        + count(longIndex, longTop)
        + count(intIndex, intTop)
        + count(objectIndex, objectTop);
  }

  /**
   * The number of entries the tape's blocks hold room for, over its four stacks, not counting
   * blocks let go (softly held): what it keeps strongly. At most {@value #RETAINED_BLOCKS} ×
   * {@value #BLOCK} per stack while it is empty.
   *
   * @return the number of entries held, over the four stacks
   */
  public long capacity() {
    return held(doubleBlocks) + held(longBlocks) + held(intBlocks) + held(objectBlocks);
  }

  private static int count(int index, int top) {
    // Block 0 is full (of BLOCK entries) before block 1 is used.
    return index * BLOCK + top;
  }

  private static long held(Object[] blocks) {
    long n = 0;
    for (Object b : blocks) {
      if (b != null) {
        n += java.lang.reflect.Array.getLength(b);
      }
    }
    return n;
  }

  // Growth and release. push and pop stay small enough for HotSpot to inline them at every call
  // site of generated code, hot or not (at most 35 bytes of bytecode, -XX:MaxInlineSize). What
  // they call at the end of a block must not be inlined there: the GMM gradient at d = 64, K = 10
  // changes blocks about 5,000 times a call, enough for C2 to count the call hot and inline it (it
  // did, when each stack had its own small methods) at each of the hundreds of push and pop sites
  // of a large generated method, whose compiled code then grew until C2 stopped inlining push and
  // pop themselves there (profile of 2026-12-03, docs/benchmarks.md). So every block change goes
  // through grow or shrink, each one method for the four stacks and larger than the most C2
  // inlines however hot (325 bytes of bytecode, -XX:FreqInlineSize). TapeInliningTest checks both.

  private static final int DOUBLES = 0;
  private static final int LONGS = 1;
  private static final int INTS = 2;
  private static final int OBJECTS = 3;

  /** Moves stack {@code stack} to its next block, the current one being full. */
  private void grow(int stack) {
    switch (stack) {
      case DOUBLES -> {
        if (doubleIndex == 0 && doubleBlock.length < BLOCK) {
          doubleBlock = Arrays.copyOf(doubleBlock, Math.min(BLOCK, doubleBlock.length * 4));
          doubleBlocks[0] = doubleBlock;
          return;
        }
        int next = ++doubleIndex;
        if (next == doubleBlocks.length) {
          doubleBlocks = Arrays.copyOf(doubleBlocks, next * 2);
        }
        double[] block = doubleBlocks[next];
        if (block == null) {
          block = reuse(doubleSpare, next);
          if (block == null) {
            block = new double[BLOCK];
          }
          doubleBlocks[next] = block;
        }
        doubleBlock = block;
        doubleTop = 0;
      }
      case LONGS -> {
        if (longIndex == 0 && longBlock.length < BLOCK) {
          longBlock = Arrays.copyOf(longBlock, Math.min(BLOCK, longBlock.length * 4));
          longBlocks[0] = longBlock;
          return;
        }
        int next = ++longIndex;
        if (next == longBlocks.length) {
          longBlocks = Arrays.copyOf(longBlocks, next * 2);
        }
        long[] block = longBlocks[next];
        if (block == null) {
          block = reuse(longSpare, next);
          if (block == null) {
            block = new long[BLOCK];
          }
          longBlocks[next] = block;
        }
        longBlock = block;
        longTop = 0;
      }
      case INTS -> {
        if (intIndex == 0 && intBlock.length < BLOCK) {
          intBlock = Arrays.copyOf(intBlock, Math.min(BLOCK, intBlock.length * 4));
          intBlocks[0] = intBlock;
          return;
        }
        int next = ++intIndex;
        if (next == intBlocks.length) {
          intBlocks = Arrays.copyOf(intBlocks, next * 2);
        }
        int[] block = intBlocks[next];
        if (block == null) {
          block = reuse(intSpare, next);
          if (block == null) {
            block = new int[BLOCK];
          }
          intBlocks[next] = block;
        }
        intBlock = block;
        intTop = 0;
      }
      default -> {
        if (objectIndex == 0 && objectBlock.length < BLOCK) {
          objectBlock = Arrays.copyOf(objectBlock, Math.min(BLOCK, objectBlock.length * 4));
          objectBlocks[0] = objectBlock;
          return;
        }
        int next = ++objectIndex;
        if (next == objectBlocks.length) {
          objectBlocks = Arrays.copyOf(objectBlocks, next * 2);
        }
        Object[] block = objectBlocks[next];
        if (block == null) {
          block = reuse(objectSpare, next);
          if (block == null) {
            block = new Object[BLOCK];
          }
          objectBlocks[next] = block;
        }
        objectBlock = block;
        objectTop = 0;
      }
    }
  }

  /** Moves stack {@code stack} back to its previous block, the current one being empty. */
  private void shrink(int stack) {
    switch (stack) {
      case DOUBLES -> {
        int index = --doubleIndex;
        doubleBlock = doubleBlocks[index];
        doubleTop = doubleBlock.length;
        int behind = index + 2;
        if (behind >= RETAINED_BLOCKS
            && behind < doubleBlocks.length
            && doubleBlocks[behind] != null) {
          doubleSpare = letGo(doubleSpare, doubleBlocks, behind, double[][]::new);
        }
      }
      case LONGS -> {
        int index = --longIndex;
        longBlock = longBlocks[index];
        longTop = longBlock.length;
        int behind = index + 2;
        if (behind >= RETAINED_BLOCKS && behind < longBlocks.length && longBlocks[behind] != null) {
          longSpare = letGo(longSpare, longBlocks, behind, long[][]::new);
        }
      }
      case INTS -> {
        int index = --intIndex;
        intBlock = intBlocks[index];
        intTop = intBlock.length;
        int behind = index + 2;
        if (behind >= RETAINED_BLOCKS && behind < intBlocks.length && intBlocks[behind] != null) {
          intSpare = letGo(intSpare, intBlocks, behind, int[][]::new);
        }
      }
      default -> {
        int index = --objectIndex;
        objectBlock = objectBlocks[index];
        objectTop = objectBlock.length;
        int behind = index + 2;
        if (behind >= RETAINED_BLOCKS
            && behind < objectBlocks.length
            && objectBlocks[behind] != null) {
          // Popped entries are already null, so the block holds no reference.
          objectSpare = letGo(objectSpare, objectBlocks, behind, Object[][]::new);
        }
      }
    }
  }

  /** The softly held block of index {@code index}, taken out of the spares, or null. */
  private static <B> B reuse(SoftReference<B[]> spare, int index) {
    B[] spares = spare == null ? null : spare.get();
    if (spares == null || index >= spares.length) {
      return null;
    }
    B block = spares[index];
    spares[index] = null;
    return block;
  }

  /**
   * Moves block {@code index} from the strongly held {@code blocks} to the softly held spares (by
   * the same index), and returns the spares' reference.
   */
  private static <B> SoftReference<B[]> letGo(
      SoftReference<B[]> spare, B[] blocks, int index, java.util.function.IntFunction<B[]> array) {
    B[] spares = spare == null ? null : spare.get();
    SoftReference<B[]> ref = spare;
    if (spares == null || index >= spares.length) {
      B[] grown = array.apply(Math.max(index + 1, blocks.length));
      if (spares != null) {
        System.arraycopy(spares, 0, grown, 0, spares.length);
      }
      spares = grown;
      ref = new SoftReference<>(spares);
    }
    spares[index] = blocks[index];
    blocks[index] = null;
    return ref;
  }
}
