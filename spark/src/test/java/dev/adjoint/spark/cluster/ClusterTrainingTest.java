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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.Sgd;
import dev.adjoint.spark.Example;
import dev.adjoint.spark.ExampleLoss;
import dev.adjoint.spark.GatheredBatches;
import dev.adjoint.spark.LabeledLoss;
import dev.adjoint.spark.LocalGradient;
import dev.adjoint.spark.LocalSteps;
import dev.adjoint.spark.LocalSteps.OptimizerFactory;
import dev.adjoint.spark.Sampling;
import dev.adjoint.spark.SparkGradient;
import dev.adjoint.spark.Trainer;
import dev.adjoint.spark.samples.Models;
import dev.adjoint.spark.samples.ModelsAdjoint;
import dev.adjoint.spark.samples.SyntheticData;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorParameter;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Training with executors in JVMs of their own ends at the single machine's parameters: step by
 * step, with gathered batches, and with local steps (whose optimizer factory and optimizer state
 * cross processes).
 */
class ClusterTrainingTest {
  private static final long SEED = 23;
  private static final ExampleLoss<Example> MLP = (LabeledLoss) ModelsAdjoint::mlpLossPullback;
  private static final OptimizerFactory ADAM =
      theta -> new Adam(List.of(Parameter.of(theta)), Adam.Options.defaults().lr(0.02));

  private final JavaSparkContext spark = ClusterSpark.context();

  @Test
  void fullBatchSgdEndsAtTheSingleMachineParameters() {
    List<Example> examples = SyntheticData.LINEAR.list(2000, SEED);
    JavaRDD<Example> rdd = spark.parallelize(examples, 3).cache();
    double[] local = new double[SyntheticData.LINEAR.features() + 1];
    double[] distributed = local.clone();
    int steps = 10; // Each step is a Spark job: a few hundred milliseconds on a cluster.
    Trainer.train(
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback),
        sgd(local),
        Sampling.fullBatch(),
        steps,
        null);
    Trainer.train(
        SparkGradient.labeled(rdd, ModelsAdjoint::linearLossPullback),
        sgd(distributed),
        Sampling.fullBatch(),
        steps,
        null);
    assertArrayEquals(local, distributed, 1e-12);
    rdd.unpersist();
  }

  @Test
  void miniBatchAdamEndsAtTheSingleMachineParametersStepByStepAndGathered() {
    List<Example> examples = SyntheticData.NONLINEAR.list(1500, SEED);
    JavaRDD<Example> rdd = spark.parallelize(examples, 2).cache();
    Sampling sampling = Sampling.miniBatch(0.05, 7);
    int steps = 12;
    double[] local = initial();
    double[] stepByStep = initial();
    double[] gathered = initial();
    double[] localLosses =
        Trainer.train(
            new LocalGradient<>(examples, MLP), ADAM.create(local), sampling, steps, null);
    Trainer.train(new SparkGradient<>(rdd, MLP), ADAM.create(stepByStep), sampling, steps, null);
    GatheredBatches<Example> source = new SparkGradient<>(rdd, MLP).gatheringBatches(5);
    double[] gatheredLosses = Trainer.train(source, ADAM.create(gathered), sampling, steps, null);

    assertArrayEquals(local, stepByStep, 1e-12);
    assertArrayEquals(local, gathered, 0.0);
    assertArrayEquals(localLosses, gatheredLosses, 0.0);
    assertEquals(3, source.jobs());
    assertTrue(localLosses[steps - 1] < localLosses[0]);
    rdd.unpersist();
  }

  @Test
  void localStepsOnExecutorsAreTheListsRunBitForBit() {
    List<Example> examples = SyntheticData.NONLINEAR.list(1200, SEED);
    JavaRDD<Example> rdd = spark.parallelize(examples, 3).cache();
    List<List<Example>> partitions = rdd.glom().collect();
    Sampling sampling = Sampling.miniBatch(0.05, 8);
    double[] expected = initial();
    double[] expectedLosses =
        LocalSteps.train(partitions, MLP, expected, ADAM, sampling, 24, 8, null);
    double[] theta = initial();
    double[] losses = LocalSteps.train(rdd, MLP, theta, ADAM, sampling, 24, 8, null);
    assertArrayEquals(expected, theta, 0.0);
    assertArrayEquals(expectedLosses, losses, 0.0);
    rdd.unpersist();
  }

  /** Tensor parameters, laid end to end as θ by the trainer; tensors in the examples. */
  @Test
  void aTensorModelTrainsToTheSingleMachineParameters() {
    int features = 3;
    int hidden = 4;
    List<TensorModel.Row> rows = TensorModel.rows(400, features, SEED);
    JavaRDD<TensorModel.Row> rdd = spark.parallelize(rows, 2).cache();
    ExampleLoss<TensorModel.Row> loss = TensorModel.exampleLoss(features, hidden);
    double[] start = TensorModelTest.theta(features, hidden, SEED);
    TensorParameter[] local = parameters(start, features, hidden);
    TensorParameter[] distributed = parameters(start, features, hidden);
    int steps = 12;
    double[] localLosses =
        Trainer.train(
            new LocalGradient<>(rows, loss),
            new Adam(List.of(local), Adam.Options.defaults().lr(0.05)),
            Sampling.fullBatch(),
            steps,
            null);
    double[] distributedLosses =
        Trainer.train(
            new SparkGradient<>(rdd, loss),
            new Adam(List.of(distributed), Adam.Options.defaults().lr(0.05)),
            Sampling.fullBatch(),
            steps,
            null);
    for (int i = 0; i < 2; i++) {
      assertTrue(
          local[i].tensor().allClose(distributed[i].tensor(), 0, 1e-12),
          () ->
              Arrays.toString(local[0].value())
                  + " and "
                  + Arrays.toString(distributed[0].value()));
    }
    assertArrayEquals(localLosses, distributedLosses, 1e-12 * localLosses[0]);
    assertTrue(
        distributedLosses[steps - 1] < distributedLosses[0] / 1.5,
        () -> "loss from " + distributedLosses[0] + " to " + distributedLosses[steps - 1]);
    rdd.unpersist();
  }

  private static TensorParameter[] parameters(double[] theta, int features, int hidden) {
    int weights = features * hidden;
    return new TensorParameter[] {
      TensorParameter.of(Tensor.of(Arrays.copyOfRange(theta, 0, weights), features, hidden)),
      TensorParameter.of(Tensor.of(Arrays.copyOfRange(theta, weights, weights + hidden), hidden))
    };
  }

  private static Sgd sgd(double[] theta) {
    return new Sgd(List.of(Parameter.of(theta)), Sgd.Options.defaults().lr(1.0).momentum(0.2));
  }

  private static double[] initial() {
    return Models.mlpInitial(SyntheticData.NONLINEAR.features(), 5, SEED);
  }
}
