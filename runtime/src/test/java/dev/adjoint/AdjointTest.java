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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The helpers generated code calls where a callee may return one of its array arguments. */
class AdjointTest {
  @Test
  void addScaledAddsScaleTimesTheTermAndNothingForAZeroScale() {
    double[] target = {1, 2};
    assertSame(target, Adjoint.addScaled(target, 3, new double[] {0.5, -1}));
    assertArrayEquals(new double[] {2.5, -1}, target);
    // 0 times an infinite partial derivative: the reverse sweep it stands for would add nothing.
    Adjoint.addScaled(target, 0, new double[] {Double.POSITIVE_INFINITY, Double.NaN});
    assertArrayEquals(new double[] {2.5, -1}, target);
    double[][] matrix = {{1}, {2, 3}};
    Adjoint.addScaled(matrix, -2, new double[][] {{1}, {0, 4}});
    assertArrayEquals(new double[] {-1}, matrix[0]);
    assertArrayEquals(new double[] {2, -5}, matrix[1]);
    assertThrows(IllegalArgumentException.class, () -> Adjoint.addScaled(target, 1, new double[3]));
  }

  @Test
  void slicesIsCountTimesLengthAndRefusesWhatTheOriginalAllocationWould() {
    assertEquals(250, Adjoint.slices(25, 10));
    assertEquals(0, Adjoint.slices(0, 10));
    assertEquals(0, Adjoint.slices(-3, 10), "a loop that never runs needs no slice");
    assertThrows(NegativeArraySizeException.class, () -> Adjoint.slices(2, -1));
    assertThrows(ArithmeticException.class, () -> Adjoint.slices(1 << 16, 1 << 16));
  }

  @Test
  void sharedShadowIsTheArgumentsWhenTheResultIsTheArgument() {
    double[] a = {1, 2};
    double[] aBar = new double[2];
    assertSame(aBar, Adjoint.sharedShadow(a, a, aBar, null));
    assertNull(Adjoint.sharedShadow(a.clone(), a, aBar, null));
    double[] earlier = new double[2];
    assertSame(earlier, Adjoint.sharedShadow(a, a, aBar, earlier), "a match already found wins");
  }

  @Test
  void sharedShadowOfARowIsTheShadowsRow() {
    double[][] m = {{1, 2}, {3, 4}};
    double[][] mBar = {new double[2], new double[2]};
    assertSame(mBar[1], Adjoint.sharedShadow(m[1], m, mBar, null));
    assertNull(Adjoint.sharedShadow(new double[2], m, mBar, null));
  }

  @Test
  void aNewMatrixHoldingAnArgumentsRowIsRefused() {
    double[][] m = {{1, 2}, {3, 4}};
    double[][] mBar = {new double[2], new double[2]};
    assertSame(mBar, Adjoint.sharedShadow(m, m, mBar, null));
    assertNull(Adjoint.sharedShadow(new double[][] {{1, 2}}, m, mBar, null));
    assertThrows(
        IllegalStateException.class,
        () -> Adjoint.sharedShadow(new double[][] {m[0]}, m, mBar, null));
  }

  @Test
  void orZerosLikeKeepsAShadowOrMakesZerosOfTheShape() {
    double[] shadow = {5};
    assertSame(shadow, Adjoint.orZerosLike(shadow, new double[3]));
    assertArrayEquals(new double[3], Adjoint.orZerosLike((double[]) null, new double[3]));
    double[][] zeros = Adjoint.orZerosLike((double[][]) null, new double[][] {{1}, {2, 3}});
    assertArrayEquals(new double[][] {{0}, {0, 0}}, zeros);
  }

  @Test
  void requireNotReturnedThrowsOnlyForTheArrayItself() {
    double[] a = {1, 2};
    double[][] m = {a, {3}};
    assertTrue(Adjoint.requireNotReturned(a.clone(), a));
    assertTrue(Adjoint.requireNotReturned(new double[1], m));
    assertTrue(Adjoint.requireNotReturned(new double[][] {{1, 2}}, m));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Adjoint.requireNotReturned(a, a));
    assertTrue(e.getMessage().contains("copy its result"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Adjoint.requireNotReturned(a, m));
    assertThrows(IllegalStateException.class, () -> Adjoint.requireNotReturned(m, m));
    assertThrows(
        IllegalStateException.class, () -> Adjoint.requireNotReturned(new double[][] {a}, m));
  }

  @Test
  void clearZeroesAnArrayAndEveryRowOfAMatrix() {
    double[] a = {1, -2, 3};
    Adjoint.clear(a);
    assertArrayEquals(new double[3], a);
    double[][] m = {{1, 2}, {3}};
    Adjoint.clear(m);
    assertArrayEquals(new double[2], m[0]);
    assertArrayEquals(new double[1], m[1]);
  }

  @Test
  void moveWritesABufferIntoAFlatVectorAndLeavesItZero() {
    double[] flat = new double[6];
    double[] a = {1, 2};
    double[][] m = {{3, 4}, {5}};
    int offset = Flat.move(a, flat, 0);
    offset = Flat.move(m, flat, offset);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 0}, flat);
    assertTrue(offset == 5, "offset " + offset);
    assertArrayEquals(new double[2], a);
    assertArrayEquals(new double[2], m[0]);
    assertArrayEquals(new double[1], m[1]);
  }
}
