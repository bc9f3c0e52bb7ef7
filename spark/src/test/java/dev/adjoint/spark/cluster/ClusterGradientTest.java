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
package dev.adjoint.spark.cluster;

import static dev.adjoint.spark.SparkGradientTest.assertSameSums;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.adjoint.spark.Example;
import dev.adjoint.spark.LocalGradient;
import dev.adjoint.spark.Sampling;
import dev.adjoint.spark.SparkGradient;
import dev.adjoint.spark.samples.Models;
import dev.adjoint.spark.samples.ModelsAdjoint;
import dev.adjoint.spark.samples.SyntheticData;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Gradients summed by executors in JVMs of their own ({@link ClusterSpark}) are the single
 * machine's: the data, the pullbacks (method references), θ's broadcast and the partial sums all
 * cross processes serialized, and the executors load the models from the shipped jars.
 */
class ClusterGradientTest {
  private static final long SEED = 5;
  private static final double[] LINEAR_THETA = {0.3, -0.2, 0.1, 0.4, -0.5, 0.6, -0.7, 0.8, 0.05};

  private final JavaSparkContext spark = ClusterSpark.context();

  @Test
  void tasksRunInOtherJvmsThanTheDriver() {
    List<Long> pids =
        spark
            .parallelize(List.of(1, 2, 3, 4, 5, 6), 6)
            .map(
                i -> {
                  Thread.sleep(200); // So that both executors get tasks.
                  return ProcessHandle.current().pid();
                })
            .collect();
    Set<Long> executors = new HashSet<>(pids);
    assertFalse(executors.contains(ProcessHandle.current().pid()), "a task ran in the driver");
    assertEquals(ClusterSpark.EXECUTORS, executors.size(), "executor JVMs: " + executors);
  }

  @Test
  void linearAndMlpGradientsAreTheSingleMachines() {
    List<Example> linear = SyntheticData.LINEAR.list(1000, SEED);
    List<Example> nonlinear = SyntheticData.NONLINEAR.list(1000, SEED);
    double[] mlpTheta = Models.mlpInitial(SyntheticData.NONLINEAR.features(), 5, SEED);
    for (int partitions : new int[] {2, 5}) {
      assertSameSums(
          LocalGradient.labeled(linear, ModelsAdjoint::linearLossPullback).evaluate(LINEAR_THETA),
          SparkGradient.labeled(
                  spark.parallelize(linear, partitions), ModelsAdjoint::linearLossPullback)
              .evaluate(LINEAR_THETA),
          partitions);
      assertSameSums(
          LocalGradient.labeled(nonlinear, ModelsAdjoint::mlpLossPullback).evaluate(mlpTheta),
          SparkGradient.labeled(
                  spark.parallelize(nonlinear, partitions), ModelsAdjoint::mlpLossPullback)
              .evaluate(mlpTheta),
          partitions);
    }
  }

  @Test
  void miniBatchesAreTheSameExamplesOnExecutors() {
    List<Example> examples = SyntheticData.LINEAR.list(1000, SEED);
    Sampling sampling = Sampling.miniBatch(0.1, 42);
    LocalGradient<Example> local =
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback);
    SparkGradient<Example> distributed =
        SparkGradient.labeled(spark.parallelize(examples, 3), ModelsAdjoint::linearLossPullback);
    for (long step : new long[] {0, 7}) {
      assertSameSums(
          local.evaluate(LINEAR_THETA, sampling, step),
          distributed.evaluate(LINEAR_THETA, sampling, step),
          3);
    }
  }

  /** A model over tensors, whose examples hold tensors: both travel to the executors. */
  @Test
  void aTensorModelsGradientIsTheSingleMachines() {
    int features = 3;
    int hidden = 4;
    List<TensorModel.Row> rows = TensorModel.rows(300, features, SEED);
    double[] theta = TensorModelTest.theta(features, hidden, SEED);
    assertSameSums(
        new LocalGradient<>(rows, TensorModel.exampleLoss(features, hidden)).evaluate(theta),
        new SparkGradient<>(spark.parallelize(rows, 3), TensorModel.exampleLoss(features, hidden))
            .evaluate(theta),
        3);
  }
}
