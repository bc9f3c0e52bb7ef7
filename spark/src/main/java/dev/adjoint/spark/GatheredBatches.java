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

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.Function2;

/**
 * A {@link GradientSource} that draws the mini-batches of several consecutive steps in one Spark
 * job, gathers their examples to the driver, and evaluates each step there, in the calling thread.
 * Made by {@link SparkGradient#gatheringBatches(int)}.
 *
 * <p>Training on small mini-batches step by step pays one Spark job per step, and a job costs tens
 * of milliseconds of scheduling where the batch's gradient may take well under one. Gathered, the
 * job runs once per {@code stepsPerJob} steps: each partition checks, for each of its examples,
 * which of those steps' batches hold it ({@link Sampling#includes}, by position as always), and
 * sends those examples to the driver. The batches are the same examples, summed in the same order
 * (by position), as {@link LocalGradient}'s: so a run gives the same parameters, bit for bit, as
 * the same run on one machine, on any partitioning and at any number of steps per job.
 *
 * <p>What it costs: the driver holds the examples of {@code stepsPerJob} batches at once (about
 * {@code stepsPerJob · fraction · n} of n examples, a reference to each cached example and a
 * serialized copy in transit), and computes every gradient itself, on one thread. So it suits
 * mini-batches whose gradient is cheap next to a Spark job, the usual case for small batches; for
 * large batches, where the gradient's work dominates, evaluate on the executors ({@link
 * SparkGradient}) or take several local steps per partition ({@link LocalSteps}). A full batch
 * ({@link Sampling#fullBatch()}) is never gathered: it is evaluated by {@link SparkGradient}, one
 * job. The examples must be serializable, since they travel to the driver.
 *
 * <p>Evaluations are synchronized: one thread at a time.
 *
 * @param <E> the type of one example
 */
public final class GatheredBatches<E> implements GradientSource {
  private final SparkGradient<E> distributed;
  private final int stepsPerJob;

  // The steps gathered by the last job: [firstStep, firstStep + batches.size()) for windowSampling.
  private Sampling windowSampling;
  private long firstStep;
  private List<List<E>> batches = List.of();
  private long jobs;

  GatheredBatches(SparkGradient<E> distributed, int stepsPerJob) {
    this.distributed = Objects.requireNonNull(distributed, "distributed");
    if (stepsPerJob < 1) {
      throw new IllegalArgumentException("stepsPerJob must be at least 1, got " + stepsPerJob);
    }
    this.stepsPerJob = stepsPerJob;
  }

  /**
   * The number of steps whose batches one Spark job gathers.
   *
   * @return the steps per job
   */
  public int stepsPerJob() {
    return stepsPerJob;
  }

  /**
   * The number of Spark jobs that gathered batches so far (not counting the one that counts
   * partitions).
   *
   * @return the jobs so far
   */
  public synchronized long jobs() {
    return jobs;
  }

  @Override
  public synchronized LossAndGradient evaluate(double[] theta, Sampling sampling, long step) {
    Objects.requireNonNull(sampling, "sampling");
    if (sampling.isFullBatch()) {
      return distributed.evaluate(theta, sampling, step);
    }
    if (!sampling.equals(windowSampling)
        || step < firstStep
        || step >= firstStep + batches.size()) {
      gather(sampling, step);
    }
    ExampleLoss<E> loss = distributed.loss();
    GradientSum sum = new GradientSum(theta.length);
    for (E example : batches.get((int) (step - firstStep))) {
      sum.add(loss, theta, example);
    }
    return sum.result();
  }

  /**
   * One Spark job: the examples of the batches of steps {@code first} to {@code first + stepsPerJob
   * - 1}.
   */
  private void gather(Sampling sampling, long first) {
    batches = List.of(); // Let the last window go before the next arrives.
    List<List<List<E>>> perPartition;
    if (distributed.examples().getNumPartitions() == 0) {
      perPartition = List.of();
    } else {
      perPartition =
          distributed
              .examples()
              .mapPartitionsWithIndex(
                  partitionBatches(sampling, first, stepsPerJob, distributed.partitionStarts()),
                  false)
              .collect();
    }
    List<List<E>> gathered = new ArrayList<>(stepsPerJob);
    for (int s = 0; s < stepsPerJob; s++) {
      int size = 0;
      for (List<List<E>> partition : perPartition) {
        size += partition.get(s).size();
      }
      List<E> batch = new ArrayList<>(size);
      for (List<List<E>> partition : perPartition) { // In partition order: by position.
        batch.addAll(partition.get(s));
      }
      gathered.add(batch);
    }
    windowSampling = sampling;
    firstStep = first;
    batches = gathered;
    jobs++;
  }

  /** The task of one partition: for each step, its examples in that step's batch, in order. */
  private static <E> Function2<Integer, Iterator<E>, Iterator<List<List<E>>>> partitionBatches(
      Sampling sampling, long first, int steps, long[] starts) {
    return (partition, examples) -> {
      List<List<E>> perStep = new ArrayList<>(steps);
      for (int s = 0; s < steps; s++) {
        perStep.add(new ArrayList<>());
      }
      long index = starts[partition];
      while (examples.hasNext()) {
        E example = examples.next();
        for (int s = 0; s < steps; s++) {
          if (sampling.includes(first + s, index)) {
            perStep.get(s).add(example);
          }
        }
        index++;
      }
      return Collections.singletonList(perStep).iterator();
    };
  }
}
