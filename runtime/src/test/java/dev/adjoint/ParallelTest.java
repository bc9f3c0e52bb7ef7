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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chunking and thread pool that generated pullbacks of sums over independent iterations use,
 * and {@link Adjoint#drain}.
 *
 * <p>The system property {@code adjoint.threads} is left untested here: {@link Parallel#threads()}
 * caches the count in a private static field that only {@link Parallel#setThreads} changes, other
 * tests in the same JVM set it, and resetting it would need reflection.
 */
class ParallelTest {
  @AfterEach
  void restoreOneThread() {
    Parallel.setThreads(1);
    Parallel.setWorthNanos(Parallel.WORTH_NANOS);
  }

  // ---------------------------------------------------------------- chunks, start, end

  @Test
  void emptyAndNegativeRangesHaveNoChunks() {
    assertEquals(0, Parallel.chunks(0, 0));
    assertEquals(0, Parallel.chunks(7, 7));
    assertEquals(0, Parallel.chunks(5, 4));
    assertEquals(0, Parallel.chunks(0, -1));
    assertEquals(0, Parallel.chunks(Integer.MAX_VALUE, Integer.MIN_VALUE));
    assertEquals(0, Parallel.chunks(Integer.MAX_VALUE, Integer.MAX_VALUE));
  }

  @Test
  void chunkCountsAroundTheGrain() {
    assertEquals(64, Parallel.GRAIN);
    assertEquals(1, Parallel.chunks(0, 1));
    assertEquals(1, Parallel.chunks(0, 63));
    assertEquals(1, Parallel.chunks(0, 64));
    assertEquals(2, Parallel.chunks(0, 65));
    assertEquals(2, Parallel.chunks(0, 128));
    assertEquals(3, Parallel.chunks(0, 129));
    assertEquals(1, Parallel.chunks(10, 74));
    assertEquals(2, Parallel.chunks(10, 75));
    assertEquals(2, Parallel.chunks(-64, 1));
  }

  @Test
  void chunksTileTheRangeInOrder() {
    int[] lengths = {1, 63, 64, 65, 128, 129, 1000};
    int[] froms = {0, 3, -70, 1_000_000};
    for (int from : froms) {
      for (int length : lengths) {
        assertTiles(from, from + length);
      }
    }
  }

  @Test
  void rangesNearTheIntLimitsDoNotOverflow() {
    assertEquals(2, Parallel.chunks(Integer.MAX_VALUE - 100, Integer.MAX_VALUE));
    assertEquals(Integer.MAX_VALUE - 36, Parallel.start(Integer.MAX_VALUE - 100, 1));
    assertEquals(Integer.MAX_VALUE, Parallel.end(Integer.MAX_VALUE - 100, Integer.MAX_VALUE, 1));
    assertTiles(Integer.MAX_VALUE - 100, Integer.MAX_VALUE);
    assertTiles(Integer.MAX_VALUE - 128, Integer.MAX_VALUE);
    assertTiles(Integer.MAX_VALUE - 129, Integer.MAX_VALUE);
    assertTiles(Integer.MIN_VALUE, Integer.MIN_VALUE + 100);
    // The widest range: 2^32 - 1 iterations.
    assertEquals(1 << 26, Parallel.chunks(Integer.MIN_VALUE, Integer.MAX_VALUE));
    int last = (1 << 26) - 1;
    assertEquals(Integer.MAX_VALUE - 63, Parallel.start(Integer.MIN_VALUE, last));
    assertEquals(Integer.MAX_VALUE, Parallel.end(Integer.MIN_VALUE, Integer.MAX_VALUE, last));
  }

  /** The chunks of {@code [from, to)} follow each other, each of GRAIN iterations but the last. */
  private static void assertTiles(int from, int to) {
    int chunks = Parallel.chunks(from, to);
    long expected = ((long) to - from + Parallel.GRAIN - 1) / Parallel.GRAIN;
    assertEquals(expected, chunks, () -> "chunks of [" + from + ", " + to + ")");
    long next = from;
    for (int c = 0; c < chunks; c++) {
      int start = Parallel.start(from, c);
      int end = Parallel.end(from, to, c);
      String where = "chunk " + c + " of [" + from + ", " + to + ")";
      assertEquals(next, start, where);
      assertTrue(end > start, where);
      if (c < chunks - 1) {
        assertEquals(Parallel.GRAIN, (long) end - start, where);
      } else {
        assertTrue((long) end - start >= 1 && (long) end - start <= Parallel.GRAIN, where);
      }
      next = end;
    }
    assertEquals(to, next, () -> "the chunks of [" + from + ", " + to + ") end at " + to);
  }

  // ---------------------------------------------------------------- threads and sequential

  @Test
  void sequentialForAtMostOneChunkWhateverTheThreads() {
    for (int threads : new int[] {1, 2, 3, 8}) {
      Parallel.setThreads(threads);
      assertEquals(threads, Parallel.threads());
      assertTrue(Parallel.sequential(0, Long.MAX_VALUE / 2), "0 chunks on " + threads);
      assertTrue(Parallel.sequential(1, Long.MAX_VALUE / 2), "1 chunk on " + threads);
      assertTrue(Parallel.sequential(-1, Long.MAX_VALUE / 2), "-1 chunks on " + threads);
    }
  }

  @Test
  void sequentialOnOneThreadAndNotOnThreeWhereTheRestIsWorthIt() {
    long worth = Parallel.WORTH_NANOS;
    Parallel.setThreads(1);
    assertTrue(Parallel.sequential(2, worth));
    assertTrue(Parallel.sequential(1000, worth));
    Parallel.setThreads(3);
    assertFalse(Parallel.sequential(2, worth), "one more chunk as long as the threshold");
    assertFalse(Parallel.sequential(1000, worth / 999 + 1));
    assertTrue(Parallel.sequential(2, worth - 1), "the rest just below the threshold");
    assertTrue(Parallel.sequential(1000, worth / 1000), "999 chunks just below it");
    assertFalse(Parallel.sequential(Integer.MAX_VALUE, Long.MAX_VALUE / 4), "no overflow");
  }

  @Test
  void theThresholdCanBeSetAndZeroSendsEveryLaterChunkToThePool() {
    Parallel.setThreads(2);
    Parallel.setWorthNanos(0);
    assertEquals(0, Parallel.worthNanos());
    assertFalse(Parallel.sequential(2, 0), "no work is below a zero threshold");
    Parallel.setWorthNanos(1_000);
    assertTrue(Parallel.sequential(2, 999));
    assertFalse(Parallel.sequential(2, 1_000));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Parallel.setWorthNanos(-1));
    assertTrue(e.getMessage().contains("at least 0"), e.getMessage());
    assertEquals(1_000, Parallel.worthNanos(), "a rejected threshold leaves the old one");
  }

  @Test
  void runFromAChunkRunsThatRangeOnly() {
    Parallel.setThreads(3);
    java.util.concurrent.atomic.AtomicIntegerArray runs =
        new java.util.concurrent.atomic.AtomicIntegerArray(10);
    Parallel.run(1, 10, runs::incrementAndGet);
    assertEquals(0, runs.get(0), "chunk 0 is the caller's");
    for (int c = 1; c < 10; c++) {
      assertEquals(1, runs.get(c), "chunk " + c);
    }
    Parallel.run(5, 5, c -> fail("no chunk in [5, 5)"));
  }

  @Test
  void setThreadsRejectsCountsBelowOne() {
    Parallel.setThreads(2);
    for (int count : new int[] {0, -2, Integer.MIN_VALUE}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(count));
      assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
      assertTrue(e.getMessage().contains(Integer.toString(count)), e.getMessage());
    }
    assertEquals(2, Parallel.threads(), "a rejected count changes nothing");
  }

  // ---------------------------------------------------------------- run

  @Test
  void runRunsEveryChunkExactlyOnce() {
    for (int threads : new int[] {1, 2, 3, 4}) {
      Parallel.setThreads(threads);
      for (int chunks : new int[] {1, 2, 3, 16, 17, 100}) {
        AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
        Parallel.run(chunks, runs::incrementAndGet);
        for (int c = 0; c < chunks; c++) {
          assertEquals(1, runs.get(c), "chunk " + c + " of " + chunks + " on " + threads);
        }
      }
    }
  }

  @Test
  void runUsesSeveralDaemonWorkersOnThreeThreads() {
    Parallel.setThreads(3);
    int chunks = 32;
    AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
    Set<Thread> threads = ConcurrentHashMap.newKeySet(); // Thread has identity equality
    CountDownLatch twoThreads = new CountDownLatch(1);
    boolean[] sawTwo = new boolean[1];
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            Parallel.run(
                chunks,
                c -> {
                  threads.add(Thread.currentThread());
                  if (threads.size() >= 2) {
                    twoThreads.countDown();
                  }
                  try {
                    if (c == 0) {
                      // The other chunks wait in this worker's queue: another worker takes them.
                      sawTwo[0] = twoThreads.await(10, TimeUnit.SECONDS);
                    } else {
                      Thread.sleep(2);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  runs.incrementAndGet(c);
                }));
    for (int c = 0; c < chunks; c++) {
      assertEquals(1, runs.get(c), "chunk " + c);
    }
    assertTrue(sawTwo[0], "a second thread ran a chunk while chunk 0 waited: " + threads);
    assertTrue(threads.size() >= 2 && threads.size() <= 3, threads.toString());
    assertFalse(threads.contains(Thread.currentThread()), "chunks run on the pool");
    for (Thread t : threads) {
      assertTrue(t.getName().startsWith("adjoint-parallel-"), "chunks run on the pool: " + t);
      assertTrue(t.isDaemon(), "worker threads are daemon threads: " + t);
    }
  }

  @Test
  void workerThreadsHaveDistinctNames() {
    Parallel.setThreads(3);
    int chunks = 32;
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Set<String> names = ConcurrentHashMap.newKeySet();
    CountDownLatch twoThreads = new CountDownLatch(1);
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            Parallel.run(
                chunks,
                c -> {
                  threads.add(Thread.currentThread());
                  names.add(Thread.currentThread().getName());
                  if (threads.size() >= 2) {
                    twoThreads.countDown();
                  }
                  try {
                    if (c == 0) {
                      twoThreads.await(10, TimeUnit.SECONDS);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    assertTrue(threads.size() >= 2, threads.toString());
    assertEquals(threads.size(), names.size(), "one name per worker: " + threads);
  }

  @Test
  void runOfNoChunksRunsNothing() {
    for (int threads : new int[] {1, 3}) {
      Parallel.setThreads(threads);
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () ->
              Parallel.run(
                  0,
                  c -> {
                    throw new AssertionError("chunk " + c + " of 0");
                  }));
    }
  }

  // ---------------------------------------------------------------- run: what chunks throw

  @Test
  void runRethrowsTheLowestChunksExceptionItself() {
    for (int threads : new int[] {1, 3}) {
      Parallel.setThreads(threads);
      IllegalStateException five = new IllegalStateException("chunk 5");
      IllegalArgumentException nine = new IllegalArgumentException("chunk 9");
      AtomicIntegerArray runs = new AtomicIntegerArray(16);
      RuntimeException thrown =
          assertThrows(
              RuntimeException.class,
              () ->
                  Parallel.run(
                      16,
                      c -> {
                        runs.incrementAndGet(c);
                        if (c == 5) {
                          throw five;
                        }
                        if (c == 9) {
                          throw nine;
                        }
                      }));
      assertSame(five, thrown, "on " + threads + " threads");
      for (int c = 0; c < 16; c++) {
        assertEquals(1, runs.get(c), "chunk " + c + " on " + threads + " threads");
      }
    }
  }

  @Test
  void runRethrowsTheLowestChunksExceptionWhenAHigherOneThrowsFirst() {
    Parallel.setThreads(3);
    IllegalStateException five = new IllegalStateException("chunk 5");
    IllegalStateException nine = new IllegalStateException("chunk 9");
    CountDownLatch nineThrown = new CountDownLatch(1);
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () ->
                        Parallel.run(
                            16,
                            c -> {
                              if (c == 9) {
                                nineThrown.countDown();
                                throw nine;
                              }
                              if (c == 5) {
                                try {
                                  // Either chunk 9 threw first, or it runs after chunk 5 on this
                                  // same worker: the wait bounds the second case.
                                  nineThrown.await(2, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                  Thread.currentThread().interrupt();
                                }
                                throw five;
                              }
                            })));
    assertSame(five, thrown);
  }

  /** An Error of our own, to check that errors pass through as they were thrown. */
  static final class Boom extends Error {
    private static final long serialVersionUID = 1L;

    Boom(String message) {
      super(message);
    }
  }

  @Test
  void runRethrowsAnErrorItself() {
    for (int threads : new int[] {1, 3}) {
      Parallel.setThreads(threads);
      Boom boom = new Boom("chunk 3");
      Boom thrown =
          assertThrows(
              Boom.class,
              () ->
                  Parallel.run(
                      16,
                      c -> {
                        if (c == 3) {
                          throw boom;
                        }
                        if (c == 7) {
                          throw new IllegalStateException("chunk 7");
                        }
                      }));
      assertSame(boom, thrown, "on " + threads + " threads");
    }
  }

  @Test
  void runWrapsACheckedExceptionThrownSneakily() {
    for (int threads : new int[] {1, 3}) {
      Parallel.setThreads(threads);
      IOException checked = new IOException("chunk 2");
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  Parallel.run(
                      4,
                      c -> {
                        if (c == 2) {
                          ParallelTest.<RuntimeException>sneakyThrow(checked);
                        }
                      }));
      assertSame(checked, thrown.getCause(), "on " + threads + " threads");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  // ---------------------------------------------------------------- run: nested

  @Test
  void aChunkMayItselfRunChunks() {
    Parallel.setThreads(3);
    int outer = 6;
    int inner = 10;
    AtomicIntegerArray runs = new AtomicIntegerArray(outer * inner);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            Parallel.run(
                outer,
                o ->
                    Parallel.run(
                        inner,
                        i -> {
                          try {
                            Thread.sleep(1);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          runs.incrementAndGet(o * inner + i);
                        })));
    for (int k = 0; k < outer * inner; k++) {
      assertEquals(1, runs.get(k), "inner chunk " + (k % inner) + " of outer " + (k / inner));
    }
  }

  @Test
  void anExceptionInANestedChunkReachesTheOuterCaller() {
    Parallel.setThreads(3);
    IllegalStateException deep = new IllegalStateException("outer 2, inner 4");
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () ->
                        Parallel.run(
                            4,
                            o ->
                                Parallel.run(
                                    8,
                                    i -> {
                                      if (o == 2 && i == 4) {
                                        throw deep;
                                      }
                                    }))));
    assertSame(deep, thrown);
  }

  // ---------------------------------------------------------------- Adjoint.drain

  private static final double[] VALUES = {
    0.1, -0.0, 1e308, 0.0, -0.0, Double.MIN_VALUE, 1.0, -2.5, 1e308, 0.2
  };
  private static final double[] ADDED = {
    0.2, -0.0, 1e308, -0.0, 0.0, Double.MIN_VALUE, 1e-17, 2.5, -1e308, 0.1
  };

  @Test
  void drainAddsTheChunkExactlyAndZeroesIt() {
    double[] target = VALUES.clone();
    double[] chunk = ADDED.clone();
    assertSame(target, Adjoint.drain(target, chunk));
    for (int i = 0; i < VALUES.length; i++) {
      double sum = VALUES[i] + ADDED[i];
      assertEquals(
          Double.doubleToRawLongBits(sum),
          Double.doubleToRawLongBits(target[i]),
          "element " + i + ": " + VALUES[i] + " + " + ADDED[i]);
      assertEquals(0L, Double.doubleToRawLongBits(chunk[i]), "element " + i + " is +0.0");
    }
    // The specific cases: -0.0 + -0.0 stays -0.0, overflow gives infinity, 0.1 + 0.2 rounds.
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(target[1]));
    assertEquals(Double.POSITIVE_INFINITY, target[2]);
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(target[3]));
    assertEquals(0.30000000000000004, target[0]);
    assertEquals(0.0, target[8]);
    // Draining the zeroed chunk again changes nothing but a -0.0 target element.
    double[] before = target.clone();
    Adjoint.drain(target, chunk);
    for (int i = 0; i < target.length; i++) {
      double expected = before[i] + 0.0;
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(target[i]));
    }
    assertSame(target, Adjoint.drain(target, new double[target.length]));
    double[] empty = {};
    assertSame(empty, Adjoint.drain(empty, new double[0]));
  }

  @Test
  void drainRejectsDifferentLengths() {
    double[] target = {1, 2};
    double[] chunk = {3, 4, 5};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Adjoint.drain(target, chunk));
    assertTrue(e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
    assertEquals(1.0, target[0], "a rejected drain changes nothing");
    assertEquals(3.0, chunk[0], "a rejected drain changes nothing");
    assertThrows(IllegalArgumentException.class, () -> Adjoint.drain(new double[3], target));
  }

  @Test
  void drainAddsAMatrixRowByRowExactlyAndZeroesIt() {
    double[][] target = {VALUES.clone(), {}, {0.1, -0.0, 1e308}};
    double[][] chunk = {ADDED.clone(), {}, {0.7, -0.0, 1e308}};
    double[][] expected = {
      VALUES.clone(), {}, {0.1 + 0.7, -0.0 + -0.0, 1e308 + 1e308},
    };
    for (int i = 0; i < VALUES.length; i++) {
      expected[0][i] += ADDED[i];
    }
    double[] row0 = target[0];
    double[] chunkRow0 = chunk[0];
    assertSame(target, Adjoint.drain(target, chunk));
    assertSame(row0, target[0], "rows are added into, not replaced");
    assertSame(chunkRow0, chunk[0], "chunk rows are zeroed, not replaced");
    for (int r = 0; r < target.length; r++) {
      assertEquals(expected[r].length, target[r].length);
      for (int i = 0; i < target[r].length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(expected[r][i]),
            Double.doubleToRawLongBits(target[r][i]),
            "row " + r + ", element " + i);
        assertEquals(0L, Double.doubleToRawLongBits(chunk[r][i]), "row " + r + ", element " + i);
      }
    }
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(target[2][1]));
  }

  @Test
  void drainRejectsDifferentShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Adjoint.drain(new double[][] {{1}, {2}}, new double[][] {{1}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Adjoint.drain(new double[][] {{1}}, new double[][] {{1}, {2}}));
    // A row of another length: every row is checked before anything changes.
    double[][] target = {{1}, {2, 3}};
    double[][] chunk = {{5}, {2}};
    assertThrows(IllegalArgumentException.class, () -> Adjoint.drain(target, chunk));
    assertArrayEquals(new double[][] {{1}, {2, 3}}, target);
    assertArrayEquals(new double[][] {{5}, {2}}, chunk);
  }
}
