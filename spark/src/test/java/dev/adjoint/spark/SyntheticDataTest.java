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
        assertEquals(expected, data.rdd(TestSpark.context(), 101, partitions, 5).collect(),
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
