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

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.Sgd;
import dev.adjoint.spark.LocalSteps.OptimizerFactory;
import dev.adjoint.spark.samples.Models;
import dev.adjoint.spark.samples.ModelsAdjoint;
import dev.adjoint.spark.samples.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalStepsTest {
  private static final long SEED = 17;
  private static final Sampling SAMPLING = Sampling.miniBatch(0.05, 9);
  private static final OptimizerFactory ADAM =
      theta -> new Adam(List.of(Parameter.of(theta)), Adam.Options.defaults().lr(0.02));
  private static final ExampleLoss<Example> MLP = (LabeledLoss) ModelsAdjoint::mlpLossPullback;

  /** With one partition, rounds change nothing: the optimizer's state crosses them exactly. */
  @ParameterizedTest(name = "{0} local steps")
  @ValueSource(ints = {1, 4, 7, 30})
  void onOnePartitionItIsTheStepByStepRun(int localSteps) {
    List<Example> examples = SyntheticData.NONLINEAR.list(800, SEED);
    int steps = 20;
    double[] expected = initial();
    double[] expectedLosses =
        Trainer.train(
            new LocalGradient<>(examples, MLP), ADAM.create(expected), SAMPLING, steps, null);
    double[] theta = initial();
    JavaRDD<Example> rdd = TestSpark.context().parallelize(examples, 1);
    double[] losses = LocalSteps.train(rdd, MLP, theta, ADAM, SAMPLING, steps, localSteps, null);
    assertArrayEquals(expected, theta, 0.0);
    assertArrayEquals(expectedLosses, losses, 0.0);
  }

  /**
   * One local step of plain gradient descent: the mean of the partitions' steps, weighted by their
   * share of the batch, is the step on the whole batch's mean gradient.
   */
  @Test
  void oneLocalStepOfGradientDescentIsTheStepByStepRun() {
    List<Example> examples = SyntheticData.NONLINEAR.list(900, SEED);
    OptimizerFactory sgd =
        theta -> new Sgd(List.of(Parameter.of(theta)), Sgd.Options.defaults().lr(0.1));
    int steps = 15;
    double[] expected = initial();
    double[] expectedLosses =
        Trainer.train(
            new LocalGradient<>(examples, MLP), sgd.create(expected), SAMPLING, steps, null);
    double[] theta = initial();
    double[] losses =
        LocalSteps.train(
            TestSpark.context().parallelize(examples, 3),
            MLP,
            theta,
            sgd,
            SAMPLING,
            steps,
            1,
            null);
    assertArrayEquals(expected, theta, 1e-13);
    assertArrayEquals(expectedLosses, losses, 1e-13);
  }

  /** Spark computes what the lists' version does on the same partitions, bit for bit. */
  @Test
  void sparkFollowsTheSameRunOnListsExactly() {
    List<Example> examples = SyntheticData.NONLINEAR.list(1000, SEED);
    JavaRDD<Example> rdd = TestSpark.context().parallelize(examples, 3).cache();
    List<List<Example>> partitions = rdd.glom().collect();
    int steps = 25;
    double[] expected = initial();
    List<Long> batches = new ArrayList<>();
    double[] expectedLosses =
        LocalSteps.train(
            partitions,
            MLP,
            expected,
            ADAM,
            SAMPLING,
            steps,
            6,
            (step, loss, batch) -> batches.add(batch));
    double[] theta = initial();
    double[] losses = LocalSteps.train(rdd, MLP, theta, ADAM, SAMPLING, steps, 6, null);
    double[] again = initial();
    LocalSteps.train(rdd, MLP, again, ADAM, SAMPLING, steps, 6, null);
    assertArrayEquals(expected, theta, 0.0);
    assertArrayEquals(expectedLosses, losses, 0.0);
    assertArrayEquals(theta, again, 0.0);
    // The listener saw each step's whole batch: the examples the sampling draws for it.
    assertEquals(steps, batches.size());
    for (int step = 0; step < steps; step++) {
      assertEquals(
          new LocalGradient<>(examples, MLP).evaluate(expected, SAMPLING, step).count(),
          batches.get(step));
    }
    rdd.unpersist();
  }

  /** Several local steps on two partitions still train: near the step-by-step run's loss. */
  @Test
  void localStepsConvergeLikeTheStepByStepRun() {
    List<Example> examples = SyntheticData.NONLINEAR.list(2000, SEED);
    JavaRDD<Example> rdd = TestSpark.context().parallelize(examples, 2).cache();
    int steps = 150;
    double[] stepByStep = initial();
    Trainer.train(
        new LocalGradient<>(examples, MLP), ADAM.create(stepByStep), SAMPLING, steps, null);
    double[] local = initial();
    LocalSteps.train(rdd, MLP, local, ADAM, SAMPLING, steps, 10, null);
    LocalGradient<Example> all = new LocalGradient<>(examples, MLP);
    double before = all.evaluate(initial()).meanLoss();
    double reference = all.evaluate(stepByStep).meanLoss();
    double after = all.evaluate(local).meanLoss();
    assertTrue(reference < before / 3, () -> "step by step: " + before + " to " + reference);
    assertTrue(
        after < 1.25 * reference,
        () -> "local steps: " + before + " to " + after + ", step by step " + reference);
    rdd.unpersist();
  }

  @Test
  void emptyPartitionsAreLeftOutOfTheMean() {
    List<Example> examples = SyntheticData.NONLINEAR.list(40, SEED);
    List<List<Example>> withEmpty =
        List.of(List.of(), examples.subList(0, 20), List.of(), examples.subList(20, 40));
    List<List<Example>> without = List.of(examples.subList(0, 20), examples.subList(20, 40));
    double[] a = initial();
    double[] b = initial();
    LocalSteps.train(withEmpty, MLP, a, ADAM, Sampling.miniBatch(0.5, 1), 6, 3, null);
    LocalSteps.train(without, MLP, b, ADAM, Sampling.miniBatch(0.5, 1), 6, 3, null);
    assertArrayEquals(b, a, 0.0);
  }

  @Test
  void rejectsBadArguments() {
    List<List<Example>> none = List.of();
    double[] theta = initial();
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalSteps.train(none, MLP, theta, ADAM, SAMPLING, 5, 0, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalSteps.train(none, MLP, theta, ADAM, SAMPLING, -1, 1, null));
    OptimizerFactory overOtherValues = t -> new Sgd(List.of(Parameter.of(new double[3])));
    List<List<Example>> one = List.of(SyntheticData.NONLINEAR.list(5, SEED));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LocalSteps.train(one, MLP, theta, overOtherValues, SAMPLING, 1, 1, null));
    assertTrue(e.getMessage().contains("the factory must build it over θ"), e.getMessage());
  }

  private static double[] initial() {
    return Models.mlpInitial(SyntheticData.NONLINEAR.features(), 5, SEED);
  }
}
