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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Parameter;
import dev.adjoint.spark.samples.Models;
import dev.adjoint.spark.samples.ModelsAdjoint;
import dev.adjoint.spark.samples.SyntheticData;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatheredBatchesTest {
  private static final long SEED = 13;
  private static final double[] LINEAR_THETA = {0.3, -0.2, 0.1, 0.4, -0.5, 0.6, -0.7, 0.8, 0.05};

  /**
   * The gathered batches are the examples LocalGradient sums, in the same order, so training ends
   * at the same parameters bit for bit, on any partitioning and window.
   */
  @ParameterizedTest(name = "{0} partitions, {1} steps per job")
  @CsvSource({"1, 1", "2, 4", "3, 25", "7, 7", "2, 100"})
  void trainingEndsAtTheSingleMachineParametersExactly(int partitions, int stepsPerJob) {
    List<Example> examples = SyntheticData.NONLINEAR.list(1200, SEED);
    JavaRDD<Example> rdd = TestSpark.context().parallelize(examples, partitions).cache();
    Sampling sampling = Sampling.miniBatch(0.05, 3);
    int steps = 30;

    double[] local = Models.mlpInitial(SyntheticData.NONLINEAR.features(), 5, SEED);
    double[] gathered = local.clone();
    double[] localLosses =
        Trainer.train(
            LocalGradient.labeled(examples, ModelsAdjoint::mlpLossPullback),
            adam(local),
            sampling,
            steps,
            null);
    GatheredBatches<Example> source =
        SparkGradient.labeled(rdd, ModelsAdjoint::mlpLossPullback).gatheringBatches(stepsPerJob);
    double[] gatheredLosses = Trainer.train(source, adam(gathered), sampling, steps, null);

    assertArrayEquals(local, gathered, 0.0);
    assertArrayEquals(localLosses, gatheredLosses, 0.0);
    assertEquals((steps + stepsPerJob - 1) / stepsPerJob, source.jobs(), "Spark jobs");
    rdd.unpersist();
  }

  @Test
  void stepsInAnyOrderAndAnotherSamplingGatherAgain() {
    List<Example> examples = SyntheticData.LINEAR.list(500, SEED);
    LocalGradient<Example> local =
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback);
    GatheredBatches<Example> gathered =
        SparkGradient.labeled(
                TestSpark.context().parallelize(examples, 3), ModelsAdjoint::linearLossPullback)
            .gatheringBatches(5);
    Sampling a = Sampling.miniBatch(0.1, 1);
    Sampling b = Sampling.miniBatch(0.1, 2);
    long[][] calls = {{0, 0}, {4, 0}, {2, 0}, {5, 0}, {1, 0}, {1, 1}, {3, 0}};
    for (long[] call : calls) {
      Sampling sampling = call[1] == 0 ? a : b;
      assertSameBatch(
          local.evaluate(LINEAR_THETA, sampling, call[0]),
          gathered.evaluate(LINEAR_THETA, sampling, call[0]),
          call[0],
          sampling);
    }
    // A window starts at the step that missed: [0, 5), [5, 10), [1, 6), [1, 6) of b, [3, 8).
    assertEquals(5, gathered.jobs());
  }

  @Test
  void theFullBatchIsEvaluatedOnTheExecutors() {
    List<Example> examples = SyntheticData.LINEAR.list(300, SEED);
    GatheredBatches<Example> gathered =
        SparkGradient.labeled(
                TestSpark.context().parallelize(examples, 2), ModelsAdjoint::linearLossPullback)
            .gatheringBatches(10);
    LossAndGradient sums = gathered.evaluate(LINEAR_THETA);
    SparkGradientTest.assertSameSums(
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback).evaluate(LINEAR_THETA),
        sums,
        2);
    assertEquals(0, gathered.jobs());
  }

  @Test
  void anEmptyDataSetGivesEmptyBatches() {
    GatheredBatches<Example> gathered =
        SparkGradient.labeled(
                TestSpark.context().parallelize(List.<Example>of(), 2),
                ModelsAdjoint::linearLossPullback)
            .gatheringBatches(3);
    LossAndGradient none = gathered.evaluate(LINEAR_THETA, Sampling.miniBatch(0.5, 1), 2);
    assertEquals(0, none.count());
    assertArrayEquals(new double[LINEAR_THETA.length], none.gradient());
  }

  @Test
  void rejectsLessThanOneStepPerJob() {
    SparkGradient<Example> source =
        SparkGradient.labeled(
            TestSpark.context().parallelize(List.<Example>of(), 1),
            ModelsAdjoint::linearLossPullback);
    assertThrows(IllegalArgumentException.class, () -> source.gatheringBatches(0));
  }

  static void assertSameBatch(
      LossAndGradient expected, LossAndGradient actual, long step, Sampling sampling) {
    String where = "step " + step + " of " + sampling;
    assertEquals(expected.count(), actual.count(), where);
    assertEquals(expected.loss(), actual.loss(), 0.0, where);
    assertArrayEquals(expected.gradient(), actual.gradient(), 0.0, where);
  }

  private static Adam adam(double[] theta) {
    return new Adam(List.of(Parameter.of(theta)), Adam.Options.defaults().lr(0.02));
  }
}
