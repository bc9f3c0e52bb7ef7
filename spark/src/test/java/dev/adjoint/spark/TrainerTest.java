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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.Sgd;
import dev.adjoint.spark.samples.Models;
import dev.adjoint.spark.samples.ModelsAdjoint;
import dev.adjoint.spark.samples.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

class TrainerTest {
  private static final long SEED = 11;

  @Test
  void fullBatchSgdOnSparkConvergesToTheSingleMachineParameters() {
    List<Example> examples = SyntheticData.LINEAR.list(2000, SEED);
    JavaRDD<Example> rdd = TestSpark.context().parallelize(examples, 3).cache();
    int steps = 40;

    double[] local = new double[SyntheticData.LINEAR.features() + 1];
    double[] localLosses =
        Trainer.train(
            LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback),
            linearSgd(local),
            Sampling.fullBatch(),
            steps,
            null);
    double[] distributed = new double[local.length];
    List<Long> batchSizes = new ArrayList<>();
    double[] distributedLosses =
        Trainer.train(
            SparkGradient.labeled(rdd, ModelsAdjoint::linearLossPullback),
            linearSgd(distributed),
            Sampling.fullBatch(),
            steps,
            (step, loss, batch) -> batchSizes.add(batch));

    assertArrayEquals(local, distributed, 1e-12);
    assertArrayEquals(localLosses, distributedLosses, 1e-12 * localLosses[0]);
    assertEquals(steps, batchSizes.size());
    assertTrue(batchSizes.stream().allMatch(b -> b == 2000));
    // And both found the weights the data was drawn from, up to its noise.
    double[] truth = {1.0, -2.0, 3.0, -4.0, 0.5, -0.5, 2.0, -1.0, 0.5};
    assertArrayEquals(truth, distributed, 0.02);
    assertTrue(distributedLosses[steps - 1] < distributedLosses[0] / 100);
    rdd.unpersist();
  }

  @Test
  void miniBatchAdamOnSparkFollowsTheSingleMachineRun() {
    List<Example> examples = SyntheticData.NONLINEAR.list(1500, SEED);
    JavaRDD<Example> rdd = TestSpark.context().parallelize(examples, 2).cache();
    Sampling sampling = Sampling.miniBatch(0.1, 5);
    int steps = 60;

    double[] local = Models.mlpInitial(SyntheticData.NONLINEAR.features(), 6, SEED);
    double[] distributed = local.clone();
    double[] localLosses =
        Trainer.train(
            LocalGradient.labeled(examples, ModelsAdjoint::mlpLossPullback),
            adam(local),
            sampling,
            steps,
            null);
    double[] distributedLosses =
        Trainer.train(
            SparkGradient.labeled(rdd, ModelsAdjoint::mlpLossPullback),
            adam(distributed),
            sampling,
            steps,
            null);

    assertArrayEquals(local, distributed, 1e-12);
    assertArrayEquals(localLosses, distributedLosses, 1e-12 * localLosses[0]);
    assertTrue(
        distributedLosses[steps - 1] < distributedLosses[0] / 2,
        () -> "loss went from " + distributedLosses[0] + " to " + distributedLosses[steps - 1]);
    rdd.unpersist();
  }

  @Test
  void theGradientIsTheMeanAndSpreadOverEveryParameter() {
    // Two examples, loss 0.5 (θ0 + θ1 x - y)^2; θ0 in one array, θ1 in a slice of another.
    List<Example> examples =
        List.of(new Example(new double[] {1.0}, 2.0), new Example(new double[] {3.0}, 0.0));
    double[] bias = {0.0};
    double[] weightStore = {9.0, 0.5, 9.0};
    double[] weightGrad = new double[3];
    List<Parameter> parameters =
        List.of(Parameter.slice(weightStore, 1, weightGrad, 2, 1), Parameter.of(bias));
    Sgd sgd = new Sgd(parameters, Sgd.Options.defaults().lr(1.0));
    // The loss reads θ = (w, b): the order of the optimizer's parameters.
    ExampleLoss<Example> loss =
        (theta, e, seed, thetaBar) ->
            ModelsAdjoint.linearLossPullback(theta, e.x(), e.y(), seed, thetaBar);
    double[] losses =
        Trainer.train(new LocalGradient<>(examples, loss), sgd, Sampling.fullBatch(), 1, null);
    // Residuals at w = 0.5, b = 0: -1.5 and 1.5; mean loss 1.125; dL/dw = (-1.5 + 4.5) / 2,
    // dL/db = 0.
    assertEquals(1.125, losses[0], 1e-15);
    assertArrayEquals(new double[] {9.0, 0.5 - 1.5, 9.0}, weightStore, 1e-15);
    assertArrayEquals(new double[] {0.0, 0.0, 1.5}, weightGrad, 1e-15);
    assertArrayEquals(new double[] {0.0}, bias, 1e-15);
  }

  @Test
  void parametersWithoutAGradientAreLeftAlone() {
    List<Example> examples = List.of(new Example(new double[] {2.0}, 1.0));
    double[] weight = {1.0};
    double[] frozenBias = {0.5};
    Parameter frozen =
        new Parameter() {
          @Override
          public double[] value() {
            return frozenBias;
          }

          @Override
          public double[] grad() {
            return null;
          }
        };
    Sgd sgd = new Sgd(List.of(Parameter.of(weight), frozen), Sgd.Options.defaults().lr(0.1));
    Trainer.train(
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback),
        sgd,
        Sampling.fullBatch(),
        1,
        null);
    // Residual 1 * 2 + 0.5 - 1 = 1.5; dL/dw = 1.5 * 2 = 3.
    assertArrayEquals(new double[] {1.0 - 0.1 * 3.0}, weight, 1e-15);
    assertArrayEquals(new double[] {0.5}, frozenBias);
  }

  @Test
  void anEmptyMiniBatchLeavesTheParametersAlone() {
    List<Example> one = List.of(new Example(new double[] {1.0}, 1.0));
    double[] theta = {0.25, 0.75};
    Sgd sgd = new Sgd(List.of(Parameter.of(theta)), Sgd.Options.defaults().lr(0.1));
    // With one example and a fraction of 1e-9, no step's batch holds it.
    double[] losses =
        Trainer.train(
            LocalGradient.labeled(one, ModelsAdjoint::linearLossPullback),
            sgd,
            Sampling.miniBatch(1e-9, 3),
            3,
            null);
    assertArrayEquals(new double[] {0.25, 0.75}, theta);
    for (double loss : losses) {
      assertTrue(Double.isNaN(loss));
    }
    assertEquals(0, sgd.stepCount());
  }

  private static Sgd linearSgd(double[] theta) {
    return new Sgd(List.of(Parameter.of(theta)), Sgd.Options.defaults().lr(1.0).momentum(0.2));
  }

  private static Adam adam(double[] theta) {
    return new Adam(List.of(Parameter.of(theta)), Adam.Options.defaults().lr(0.02));
  }
}
