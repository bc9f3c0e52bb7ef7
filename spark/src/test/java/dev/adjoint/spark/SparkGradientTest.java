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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.spark.samples.Models;
import dev.adjoint.spark.samples.ModelsAdjoint;
import dev.adjoint.spark.samples.SyntheticData;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class SparkGradientTest {
  private static final int N = 1000;
  private static final long SEED = 7;
  private static final double[] LINEAR_THETA = {0.3, -0.2, 0.1, 0.4, -0.5, 0.6, -0.7, 0.8, 0.05};

  private final JavaSparkContext spark = TestSpark.context();

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {1, 2, 3, 7})
  void linearGradientEqualsTheSingleMachineGradient(int partitions) {
    List<Example> examples = SyntheticData.LINEAR.list(N, SEED);
    LossAndGradient local =
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback).evaluate(LINEAR_THETA);
    LossAndGradient distributed =
        SparkGradient.labeled(
                spark.parallelize(examples, partitions), ModelsAdjoint::linearLossPullback)
            .evaluate(LINEAR_THETA);
    assertSameSums(local, distributed, partitions);
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {1, 2, 3, 7})
  void mlpGradientEqualsTheSingleMachineGradient(int partitions) {
    List<Example> examples = SyntheticData.NONLINEAR.list(N, SEED);
    double[] theta = Models.mlpInitial(SyntheticData.NONLINEAR.features(), 5, SEED);
    LossAndGradient local =
        LocalGradient.labeled(examples, ModelsAdjoint::mlpLossPullback).evaluate(theta);
    LossAndGradient distributed =
        SparkGradient.labeled(
                spark.parallelize(examples, partitions), ModelsAdjoint::mlpLossPullback)
            .evaluate(theta);
    assertSameSums(local, distributed, partitions);
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {1, 2, 3, 7})
  void miniBatchesAreTheSameExamplesOnAnyPartitioning(int partitions) {
    List<Example> examples = SyntheticData.LINEAR.list(N, SEED);
    Sampling sampling = Sampling.miniBatch(0.1, 99);
    LocalGradient<Example> local =
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback);
    SparkGradient<Example> distributed =
        SparkGradient.labeled(
            spark.parallelize(examples, partitions), ModelsAdjoint::linearLossPullback);
    for (long step : new long[] {0, 1, 17}) {
      assertSameSums(
          local.evaluate(LINEAR_THETA, sampling, step),
          distributed.evaluate(LINEAR_THETA, sampling, step),
          partitions);
    }
  }

  @Test
  void theSumsAreTheHandDerivedOnes() {
    List<Example> examples = SyntheticData.LINEAR.list(50, SEED);
    int d = SyntheticData.LINEAR.features();
    double loss = 0;
    double[] gradient = new double[d + 1];
    for (Example e : examples) {
      double residual = LINEAR_THETA[d] - e.y();
      for (int j = 0; j < d; j++) {
        residual += LINEAR_THETA[j] * e.x()[j];
      }
      loss += 0.5 * residual * residual;
      for (int j = 0; j < d; j++) {
        gradient[j] += residual * e.x()[j];
      }
      gradient[d] += residual;
    }
    LossAndGradient sums =
        SparkGradient.labeled(spark.parallelize(examples, 3), ModelsAdjoint::linearLossPullback)
            .evaluate(LINEAR_THETA);
    assertEquals(50, sums.count());
    assertEquals(loss, sums.loss(), 1e-12 * loss);
    assertArrayEquals(gradient, sums.gradient(), 1e-12);
  }

  @Test
  void everyTreeDepthGivesTheSameSums() {
    List<Example> examples = SyntheticData.LINEAR.list(N, SEED);
    JavaRDD<Example> rdd = spark.parallelize(examples, 9);
    LossAndGradient reference =
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback).evaluate(LINEAR_THETA);
    for (int depth = 1; depth <= 3; depth++) {
      LossAndGradient sums =
          new SparkGradient<>(rdd, (LabeledLoss) ModelsAdjoint::linearLossPullback, depth)
              .evaluate(LINEAR_THETA);
      assertSameSums(reference, sums, 9);
    }
  }

  @Test
  void emptyPartitionsAndEmptyDataSetsContributeNothing() {
    List<Example> few = SyntheticData.LINEAR.list(3, SEED);
    LossAndGradient local =
        LocalGradient.labeled(few, ModelsAdjoint::linearLossPullback).evaluate(LINEAR_THETA);
    LossAndGradient sparse =
        SparkGradient.labeled(spark.parallelize(few, 7), ModelsAdjoint::linearLossPullback)
            .evaluate(LINEAR_THETA, Sampling.miniBatch(1.0, 0), 0);
    assertSameSums(local, sparse, 7);

    LossAndGradient none =
        SparkGradient.labeled(
                spark.parallelize(List.<Example>of(), 2), ModelsAdjoint::linearLossPullback)
            .evaluate(LINEAR_THETA);
    assertEquals(0, none.count());
    assertEquals(0.0, none.loss());
    assertArrayEquals(new double[LINEAR_THETA.length], none.gradient());
    assertTrue(Double.isNaN(none.meanLoss()));
  }

  @Test
  void theParametersAreNotModified() {
    double[] theta = LINEAR_THETA.clone();
    SparkGradient.labeled(
            spark.parallelize(SyntheticData.LINEAR.list(20, SEED), 2),
            ModelsAdjoint::linearLossPullback)
        .evaluate(theta);
    assertArrayEquals(LINEAR_THETA, theta);
  }

  @Test
  void rejectsATreeOfDepthZero() {
    JavaRDD<Example> rdd = spark.parallelize(List.<Example>of(), 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> new SparkGradient<>(rdd, (LabeledLoss) ModelsAdjoint::linearLossPullback, 0));
  }

  /**
   * The same counts, and the same sums to rounding: one partition adds in the same order as the
   * local loop, so exactly; more partitions add partial sums in another order.
   */
  public static void assertSameSums(
      LossAndGradient expected, LossAndGradient actual, int partitions) {
    assertEquals(expected.count(), actual.count(), "count");
    double tolerance = partitions == 1 ? 0 : 1e-12;
    assertEquals(expected.loss(), actual.loss(), tolerance * Math.abs(expected.loss()), "loss");
    double scale = 0;
    for (double g : expected.gradient()) {
      scale = Math.max(scale, Math.abs(g));
    }
    assertArrayEquals(expected.gradient(), actual.gradient(), tolerance * scale, "gradient");
  }
}
