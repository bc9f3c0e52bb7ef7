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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tensors survive Java serialization (what Spark uses for closures, broadcasts and data). */
class TensorSerializationTest {

  @Test
  void aTensorComesBackWithItsShapeAndElements() throws Exception {
    Tensor matrix = Tensor.randn(new Random(1), 3, 4);
    Tensor scalar = Tensor.scalar(2.5);
    Tensor empty = Tensor.zeros(0, 3);
    for (Tensor t : List.of(matrix, scalar, empty)) {
      Tensor back = roundTrip(t);
      assertEquals(t, back);
      assertArrayEquals(t.shape(), back.shape());
      assertEquals(t.rank(), back.rank());
    }
    assertEquals(2.5, roundTrip(scalar).item());
    // And it computes as the original does.
    assertEquals(matrix.matmul(matrix.transpose()), roundTrip(matrix).matmul(matrix.transpose()));
  }

  @Test
  void tensorsThatShareElementsComeBackEachWithItsOwn() throws Exception {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor reshaped = t.reshape(3, 2); // Shares t's (immutable) elements.
    List<?> back = roundTrip(List.of(t, reshaped));
    Tensor t2 = (Tensor) back.get(0);
    Tensor reshaped2 = (Tensor) back.get(1);
    assertEquals(t, t2);
    assertEquals(reshaped, reshaped2);
    assertNotSame(t2.data, reshaped2.data);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
