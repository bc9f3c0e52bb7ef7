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

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * How many threads a gradient's sums over independent iterations run on.
 *
 * <p>A generated pullback runs a loop that only sums over independent iterations (an objective
 * summed over data points, a loss over examples, a price over Monte Carlo paths; the loop's
 * companion method is then named {@code fLoop}) in fixed chunks of {@link #GRAIN} iterations. Each
 * chunk sums its iterations' partial derivatives on its own, from zero, and the chunks' sums are
 * added in chunk order. The chunks never depend on the number of threads, so a gradient is the
 * same, bit for bit, on one thread or on many; the value the pullback returns is the method's own,
 * bit for bit, since each iteration's term is added in order.
 *
 * <p>By default everything runs on the calling thread. {@code Parallel.setThreads(n)} (or {@code
 * -Dadjoint.threads=n}) runs the chunks after the first on a pool of n daemon threads, where the
 * first took long enough that the rest are worth sharing out ({@link #setWorthNanos}); a loop of at
 * most {@link #GRAIN} iterations always runs on the calling thread. Worth it where a call of the
 * gradient takes a millisecond or more; on a machine already busy (a Spark executor running a task
 * per core), keep 1.
 */
public final class Parallel {
  private Parallel() {}

  /** The iterations in a chunk: fixed, so that a gradient never depends on the thread count. */
  public static final int GRAIN = 64;

  /** The system property read once, when no thread count has been set: {@code adjoint.threads}. */
  public static final String PROPERTY = "adjoint.threads";

  private static final Object LOCK = new Object();

  private static volatile int threads; // 0 until read from the property or set

  private static ForkJoinPool pool;

  /**
   * Sets how many threads the chunks of a gradient's sums run on, from the next call of a gradient
   * on: 1 runs them on the calling thread. The result is the same on any number.
   *
   * @param count the number of threads, at least 1
   * @throws IllegalArgumentException if {@code count} is below 1
   */
  public static void setThreads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "Parallel.setThreads: the thread count must be at least 1 (1 runs everything on the"
              + " calling thread), but it is "
              + count);
    }
    threads = count; // the pool follows at its next use (one thread uses none)
  }

  /**
   * How many threads the chunks of a gradient's sums run on: what {@link #setThreads} set, else the
   * system property {@code adjoint.threads}, else 1.
   *
   * @return the thread count, at least 1
   * @throws IllegalArgumentException if the property is set to anything but a positive integer
   */
  public static int threads() {
    int n = threads;
    if (n == 0) {
      String value = System.getProperty(PROPERTY);
      if (value == null) {
        n = 1;
      } else {
        try {
          n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          n = 0;
        }
        if (n < 1) {
          throw new IllegalArgumentException(
              "the system property "
                  + PROPERTY
                  + " must be a positive integer (the threads a gradient's sums run on), but it is"
                  + " \""
                  + value
                  + "\"");
        }
      }
      threads = n;
    }
    return n;
  }

  /**
   * For generated code: the number of chunks of {@code [from, to)}.
   *
   * @param from the first iteration's index
   * @param to the index after the last
   * @return {@code ceil((to - from) / GRAIN)}, 0 for an empty range
   */
  public static int chunks(int from, int to) {
    return to <= from ? 0 : (int) (((long) to - from + GRAIN - 1) / GRAIN);
  }

  /**
   * For generated code: the first index of a chunk.
   *
   * @param from the range's first index
   * @param chunk the chunk, from 0
   * @return {@code from + chunk * GRAIN}
   */
  public static int start(int from, int chunk) {
    return (int) (from + (long) chunk * GRAIN);
  }

  /**
   * For generated code: the index after a chunk's last.
   *
   * @param from the range's first index
   * @param to the index after the range's last
   * @param chunk the chunk, from 0
   * @return {@code min(to, from + (chunk + 1) * GRAIN)}
   */
  public static int end(int from, int to, int chunk) {
    return (int) Math.min(to, from + (chunk + 1L) * GRAIN);
  }

  /**
   * For generated code: an array for the terms of the iterations of {@code [from, to)}, which the
   * chunks fill on their threads and the caller then adds in order.
   *
   * @param from the first iteration's index
   * @param to the index after the last, above {@code from}
   * @return a new array of {@code to - from} doubles
   * @throws ArithmeticException if the range has more iterations than an array has elements
   */
  public static double[] terms(int from, int to) {
    return new double[Math.toIntExact((long) to - from)];
  }

  /**
   * The default of {@link #setWorthNanos}: handing chunks to the pool and waiting for them costs
   * tens of microseconds.
   */
  public static final long WORTH_NANOS = 200_000;

  private static volatile long worthNanos = WORTH_NANOS;

  /**
   * Sets the work, in nanoseconds on one thread, below which the later chunks of a loop stay on the
   * calling thread ({@link #WORTH_NANOS} by default): the first chunk's time, times the number of
   * later chunks, estimates it. 0 sends the later chunks to the pool whenever there are several
   * threads. Which thread runs a chunk never changes the result.
   *
   * @param nanos the threshold, at least 0
   * @throws IllegalArgumentException if {@code nanos} is negative
   */
  public static void setWorthNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException(
          "Parallel.setWorthNanos: the threshold must be at least 0 nanoseconds, but it is "
              + nanos);
    }
    worthNanos = nanos;
  }

  /**
   * The work below which the later chunks of a loop stay on the calling thread ({@link
   * #setWorthNanos}).
   *
   * @return the threshold in nanoseconds
   */
  public static long worthNanos() {
    return worthNanos;
  }

  /**
   * For generated code: whether the chunks after the first run on the calling thread, one after the
   * other, with buffers reused from one chunk to the next: on one thread, for a single chunk, or
   * where the first chunk took so little time that the rest would take less than {@link
   * #worthNanos} on one thread.
   *
   * @param chunks the number of chunks
   * @param firstChunkNanos how long the first chunk took, in nanoseconds
   * @return whether the later chunks stay on the calling thread
   */
  public static boolean sequential(int chunks, long firstChunkNanos) {
    if (chunks <= 1 || threads() == 1) {
      return true;
    }
    long rest = chunks - 1L; // (rest × firstChunkNanos < worth), without overflow
    long worth = worthNanos;
    return firstChunkNanos < (worth + rest - 1) / rest;
  }

  /**
   * For generated code: runs {@code chunk.accept(c)} for every c in {@code [first, end)} on the
   * pool, and returns when all have run. If any threw, throws what the lowest such chunk threw (the
   * exception a run on one thread would have met first), as it was thrown.
   *
   * @param first the first chunk to run
   * @param end the chunk after the last
   * @param chunk what a chunk does, given its number; run on any thread of the pool, each chunk
   *     once
   */
  public static void run(int first, int end, IntConsumer chunk) {
    if (end <= first) {
      return;
    }
    Throwable[] thrown = new Throwable[end - first];
    Chunks all = new Chunks(chunk, thrown, first, first, end);
    ForkJoinPool p = pool();
    if (Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == p) {
      all.invoke(); // a gradient inside a chunk: its chunks join the same pool's work
    } else {
      p.invoke(all);
    }
    for (Throwable t : thrown) {
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t); // an IntConsumer throws nothing checked
      }
    }
  }

  /**
   * {@link #run(int, int, IntConsumer)} from chunk 0.
   *
   * @param chunks the number of chunks
   * @param chunk what a chunk does, given its number
   */
  public static void run(int chunks, IntConsumer chunk) {
    run(0, chunks, chunk);
  }

  private static ForkJoinPool pool() {
    int n = threads();
    synchronized (LOCK) {
      if (pool == null || pool.getParallelism() != n) {
        if (pool != null) {
          pool.shutdown(); // its threads finish what they run, then end
        }
        AtomicInteger named = new AtomicInteger();
        pool =
            new ForkJoinPool(
                n,
                p -> {
                  ForkJoinWorkerThread t =
                      ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                  t.setDaemon(true);
                  t.setName("adjoint-parallel-" + named.getAndIncrement());
                  return t;
                },
                null,
                false);
      }
      return pool;
    }
  }

  /**
   * Chunks {@code [from, to)}, halved until one is left; what chunk c throws goes to {@code
   * thrown[c - first]}.
   */
  private static final class Chunks extends RecursiveAction {
    private final IntConsumer chunk;
    private final Throwable[] thrown;
    private final int first;
    private final int from;
    private final int to;

    Chunks(IntConsumer chunk, Throwable[] thrown, int first, int from, int to) {
      this.chunk = chunk;
      this.thrown = thrown;
      this.first = first;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        try {
          chunk.accept(from);
        } catch (Throwable t) { // kept for the caller, which rethrows the lowest chunk's
          thrown[from - first] = t;
        }
        return;
      }
      int middle = (from + to) >>> 1;
      ForkJoinTask.invokeAll(
          new Chunks(chunk, thrown, first, from, middle),
          new Chunks(chunk, thrown, first, middle, to));
    }
  }
}
