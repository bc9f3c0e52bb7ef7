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
package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Shape errors are IllegalArgumentExceptions naming the shapes; bad indices are out of bounds. */
class TensorErrorsTest {
  static final Tensor A = Tensor.zeros(2, 3);

  static void assertShapeError(String message, Executable e) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
  }

  @Test
  void broadcasting() {
    assertShapeError("cannot broadcast shapes [2, 3] and [4]", () -> A.add(Tensor.zeros(4)));
    assertShapeError("cannot broadcast shapes [2, 3] and [3, 3]", () -> A.sub(Tensor.zeros(3, 3)));
    assertShapeError("cannot broadcast shapes [2] and [2, 3]", () -> Tensor.zeros(2).mul(A));
    assertShapeError("cannot broadcast shapes [2, 3] and [2, 2]", () -> A.div(Tensor.ones(2, 2)));
    assertShapeError("cannot broadcast shape [2, 3] to [3]", () -> A.broadcastTo(3));
    assertShapeError("cannot broadcast shape [2, 3] to [4, 3]", () -> A.broadcastTo(4, 3));
  }

  @Test
  void matmul() {
    assertShapeError(
        "cannot matmul shapes [2, 3] and [4, 5]: inner dimensions 3 and 4 differ",
        () -> A.matmul(Tensor.zeros(4, 5)));
    assertShapeError(
        "cannot matmul shapes [2, 2, 3] and [3, 3, 1]: batch sizes 2 and 3 differ",
        () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1)));
    assertShapeError(
        "matmul needs operands of rank 2 or 3, got shapes [2, 3] and [3]",
        () -> A.matmul(Tensor.zeros(3)));
    assertShapeError(
        "dot needs two vectors of the same length, got shapes [3] and [4]",
        () -> Tensor.zeros(3).dot(Tensor.zeros(4)));
    assertShapeError(
        "dot needs two vectors of the same length, got shapes [2, 3] and [2, 3]", () -> A.dot(A));
  }

  @Test
  void reshapeAndCreation() {
    assertShapeError(
        "cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)", () -> A.reshape(4, 2));
    assertShapeError("cannot reshape [2, 3] (6 elements) to [4, -1]", () -> A.reshape(4, -1));
    assertShapeError(
        "cannot reshape [2, 3] to [-1, -1]: more than one dimension is -1",
        () -> A.reshape(-1, -1));
    assertShapeError(
        "5 values do not fill shape [2, 3] of 6 elements", () -> Tensor.of(new double[5], 2, 3));
    assertShapeError("negative dimension in shape [2, -3]", () -> Tensor.zeros(2, -3));
    assertShapeError(
        "fan in and fan out need a shape of rank 2 or more, got [5]",
        () -> Tensor.heNormal(new SplittableRandom(1), 5));
  }

  @Test
  void axesAndShapeOperations() {
    assertShapeError("axis 2 is out of range for shape [2, 3] (rank 2)", () -> A.sum(2));
    assertShapeError("axis -3 is out of range for shape [2, 3] (rank 2)", () -> A.softmax(-3));
    assertShapeError("axis 0 is out of range for shape [] (rank 0)", () -> Tensor.scalar(1).max(0));
    assertShapeError(
        "transpose needs a tensor of rank 2 or more, got shape [3]",
        () -> Tensor.zeros(3).transpose());
    assertShapeError(
        "cannot concat shapes [2, 3] and [2, 4] along axis 0",
        () -> Tensor.concat(0, A, Tensor.zeros(2, 4)));
    assertShapeError(
        "cannot concat shapes [2, 3] and [3] along axis 1",
        () -> Tensor.concat(1, A, Tensor.zeros(3)));
    assertShapeError("item() needs a tensor of one element, got shape [2, 3]", A::item);
    assertShapeError("index [1] has 1 components, but shape [2, 3] has rank 2", () -> A.get(1));
  }

  @Test
  void indicesOutOfRange() {
    assertEquals(
        "index [2, 0] is out of bounds for shape [2, 3]",
        assertThrows(IndexOutOfBoundsException.class, () -> A.get(2, 0)).getMessage());
    assertEquals(
        "rows 1 to 3 are out of range for shape [2, 3]",
        assertThrows(IndexOutOfBoundsException.class, () -> A.rows(1, 3)).getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> A.rows(2, 1));
  }
}
