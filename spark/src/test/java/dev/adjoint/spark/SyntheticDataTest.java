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
package dev.adjoint.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.adjoint.spark.samples.SyntheticData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample's data: the same examples in a list and in an RDD of any partitioning. */
class SyntheticDataTest {

  @Test
  void theRddHoldsTheListsExamplesInOrderForAnyPartitioning() {
    for (SyntheticData data : SyntheticData.values()) {
      List<Example> expected = data.list(101, 5);
      for (int partitions : new int[] {1, 4, 7}) {
        assertEquals(
            expected,
            data.rdd(TestSpark.context(), 101, partitions, 5).collect(),
            data + " in " + partitions + " partitions");
      }
    }
  }

  @Test
  void examplesDependOnTheSeed() {
    assertNotEquals(SyntheticData.LINEAR.list(10, 1), SyntheticData.LINEAR.list(10, 2));
    assertEquals(4, SyntheticData.NONLINEAR.example(3, 0).x().length);
  }
}
