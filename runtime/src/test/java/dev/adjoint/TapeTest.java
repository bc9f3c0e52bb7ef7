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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tape's stacks are lists of blocks: values come back in reverse order across block boundaries,
 * and a drained tape keeps at most {@link Tape#RETAINED_BLOCKS} blocks per stack, so that an idle
 * thread holds a bounded amount whatever it has differentiated before. Each test runs on a thread
 * of its own, so that it sees a fresh tape.
 */
class TapeTest {
  /** The most an empty tape holds, in entries over its four stacks. */
  private static final long BOUND = 4L * Tape.RETAINED_BLOCKS * Tape.BLOCK;

  private static void onNewThread(Runnable r) throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Thread t =
        new Thread(
            () -> {
              try {
                r.run();
              } catch (Throwable e) {
                failure[0] = e;
              }
            });
    t.start();
    t.join();
    if (failure[0] instanceof Error e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  @Test
  void valuesComeBackInReverseOrderAcrossBlocks() throws InterruptedException {
    onNewThread(
        () -> {
          Tape tape = Tape.get();
          int n = 5 * Tape.BLOCK + 17;
          Object[] refs = new Object[n];
          for (int i = 0; i < n; i++) {
            tape.push(i * 0.5);
            tape.push((long) i << 33);
            tape.push(i);
            tape.push(i % 3 == 0);
            refs[i] = new double[] {i};
            tape.push(refs[i]);
          }
          assertEquals(5L * n, tape.size());
          for (int i = n - 1; i >= 0; i--) {
            assertSame(refs[i], tape.popObject());
            assertEquals(i % 3 == 0, tape.popBoolean());
            assertEquals(i, tape.popInt());
            assertEquals((long) i << 33, tape.popLong());
            assertEquals(i * 0.5, tape.popDouble());
          }
          assertEquals(0, tape.size());
        });
  }

  /** Pushes and pops at random around block boundaries, against a plain stack. */
  @Test
  void goingBackAndForthOverBlockBoundaries() throws InterruptedException {
    onNewThread(
        () -> {
          Tape tape = Tape.get();
          double[] model = new double[40 * Tape.BLOCK];
          int size = 0;
          SplittableRandom random = new SplittableRandom(7);
          for (int step = 0; step < 2_000_000; step++) {
            boolean push = size == 0 || (size < model.length && random.nextInt(100) < 52);
            if (push) {
              double v = random.nextDouble();
              model[size++] = v;
              tape.push(v);
            } else {
              assertEquals(model[--size], tape.popDouble());
            }
          }
          while (size > 0) {
            assertEquals(model[--size], tape.popDouble());
          }
          assertEquals(0, tape.size());
          assertTrue(tape.capacity() <= BOUND, "capacity " + tape.capacity());
        });
  }

  /** 160 MB pushed (a large gradient), then drained: what stays is bounded. */
  @Test
  void aDrainedTapeKeepsABoundedCapacity() throws InterruptedException {
    onNewThread(
        () -> {
          Tape tape = Tape.get();
          int n = 20_000_000;
          for (int i = 0; i < n; i++) {
            tape.push((double) i);
            if ((i & 15) == 0) {
              tape.push(i);
              tape.push((long) i);
              tape.push(tape);
            }
          }
          assertTrue(tape.capacity() >= n);
          for (int i = n - 1; i >= 0; i--) {
            if ((i & 15) == 0) {
              assertSame(tape, tape.popObject());
              assertEquals(i, tape.popLong());
              assertEquals(i, tape.popInt());
            }
            assertEquals(i, tape.popDouble());
          }
          assertEquals(0, tape.size());
          assertTrue(tape.capacity() <= BOUND, "capacity " + tape.capacity() + " above " + BOUND);
        });
  }

  /** A steady state of small calls keeps its blocks: no allocation once warm. */
  @Test
  void smallTapesKeepTheirBlocks() throws InterruptedException {
    onNewThread(
        () -> {
          Tape tape = Tape.get();
          int n = 3 * Tape.BLOCK;
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
              tape.push(1.0);
            }
            for (int i = 0; i < n; i++) {
              tape.popDouble();
            }
          }
          long warm = tape.capacity();
          for (int i = 0; i < n; i++) {
            tape.push(1.0);
          }
          assertEquals(warm, tape.capacity(), "no new block for a tape that fitted before");
          for (int i = 0; i < n; i++) {
            tape.popDouble();
          }
          assertEquals(warm, tape.capacity());
        });
  }

  @Test
  void poppedReferencesAreNotKept() throws InterruptedException {
    onNewThread(
        () -> {
          Tape tape = Tape.get();
          tape.push(new Object());
          tape.popObject();
          tape.push((Object) null);
          assertNull(tape.popObject());
          assertEquals(0, tape.size());
        });
  }

  // A split sweep as generated code writes it: count itself, or move to a deeper stack.
  private static double forward(int n) {
    Tape tape = Tape.get();
    if (!tape.enter()) {
      return tape.forwardDeeper(() -> forward(n));
    }
    double value = n == 0 ? 0 : 1 + forward(n - 1);
    tape.push(value);
    tape.leave();
    return value;
  }

  private static void reverse(int n, double[] sum) {
    Tape tape = Tape.get();
    if (!tape.enter()) {
      tape.reverseDeeper(() -> reverse(n, sum));
      return;
    }
    if (n > 0) {
      reverse(n - 1, sum);
    }
    sum[0] += tape.popDouble();
    tape.leave();
  }

  /**
   * A recursion deeper than two deep stacks moves twice, on one tape: the reverse sweep pops in
   * reverse order what the forward sweep pushed on other threads, and the depth count comes back to
   * where it was (the next call on this thread moves again at the same depth).
   */
  @Test
  void deepRecursionMovesToDeeperStacksSharingTheTape() throws InterruptedException {
    int n = 2 * Tape.DEEP_STACK_FRAMES + Tape.STACK_FRAMES + 10;
    onNewThread(
        () -> {
          for (int round = 0; round < 2; round++) {
            Tape tape = Tape.get();
            assertEquals(n, forward(n));
            assertEquals(n + 1, tape.size());
            double[] sum = {0};
            reverse(n, sum);
            assertEquals((double) n * (n + 1) / 2, sum[0]);
            assertEquals(0, tape.size());
            assertSame(tape, Tape.get());
          }
        });
  }

  /** A failure on a deeper stack reaches the caller as itself. */
  @Test
  void failureOnADeeperStackIsRethrown() throws InterruptedException {
    onNewThread(
        () -> {
          Tape tape = Tape.get();
          for (int i = 0; i < Tape.STACK_FRAMES; i++) {
            assertTrue(tape.enter());
          }
          IllegalArgumentException thrown =
              org.junit.jupiter.api.Assertions.assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      tape.forwardDeeper(
                          () -> {
                            throw new IllegalArgumentException("boom");
                          }));
          assertEquals("boom", thrown.getMessage());
          assertTrue(!tape.enter(), "the depth count is restored after the deeper stack returns");
        });
  }
}
