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

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The data-parallel {@link GradientSource}: the loss and gradient of the examples of an RDD, summed
 * across its partitions by one Spark job per evaluation.
 *
 * <p>An evaluation broadcasts the parameters, then each partition's task calls the pullback of each
 * of its examples (those in the step's batch) into one buffer of its own, reused for the whole
 * partition, and Spark's {@code treeReduce} adds the partitions' buffers pairwise, in place, in a
 * tree of the given depth: the driver receives a few gradients, not one per partition. The
 * broadcast is destroyed when the job ends.
 *
 * <p>Cache the examples ({@code examples.cache()}) when evaluating more than once, as training
 * does: otherwise every evaluation recomputes them from their source. Mini-batch {@link Sampling}
 * identifies examples by their position in the RDD, so it needs the RDD to give the same examples
 * in the same order each time it is computed (a cached RDD does); the first mini-batch evaluation
 * runs one extra job that counts each partition's examples. For a {@code Dataset<T>}, pass {@code
 * dataset.javaRDD()}; for a Scala {@code RDD<T>}, {@code rdd.toJavaRDD()}. Evaluations may run from
 * several threads; each is one Spark job.
 *
 * @param <E> the type of one example; it must be serializable if the RDD is shuffled or cached in
 *     serialized form
 */
public final class SparkGradient<E> implements GradientSource {
  /** The depth of the reduction tree unless given: Spark's default for {@code treeReduce}. */
  public static final int DEFAULT_DEPTH = 2;

  private final JavaRDD<E> examples;
  private final ExampleLoss<E> loss;
  private final int depth;
  private long[] partitionStarts;

  /**
   * A source over {@code examples} that reduces in a tree of {@link #DEFAULT_DEPTH}.
   *
   * @param examples the data set, cached if it is evaluated more than once
   * @param loss the per-example loss and its gradient, shipped to the executors
   * @throws NullPointerException if either is null
   */
  public SparkGradient(JavaRDD<E> examples, ExampleLoss<E> loss) {
    this(examples, loss, DEFAULT_DEPTH);
  }

  /**
   * A source over {@code examples} that reduces the partitions' sums in a tree of depth {@code
   * depth} (1 sends every partition's sum to the driver).
   *
   * @param examples the data set, cached if it is evaluated more than once
   * @param loss the per-example loss and its gradient, shipped to the executors
   * @param depth the depth of the reduction tree, at least 1
   * @throws IllegalArgumentException if {@code depth < 1}
   */
  public SparkGradient(JavaRDD<E> examples, ExampleLoss<E> loss, int depth) {
    this.examples = Objects.requireNonNull(examples, "examples");
    this.loss = Objects.requireNonNull(loss, "loss");
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    }
    this.depth = depth;
  }

  /**
   * A source over examples with features and a target, whose loss is a generated pullback taken by
   * reference: {@code SparkGradient.labeled(examples, ModelAdjoint::lossPullback)}.
   *
   * @param examples the data set, cached if it is evaluated more than once
   * @param loss the generated pullback of a loss of (θ, x, y)
   * @return a source over {@code examples} with the default reduction depth
   */
  public static SparkGradient<Example> labeled(JavaRDD<Example> examples, LabeledLoss loss) {
    return new SparkGradient<>(examples, loss);
  }

  /**
   * A source over the same examples and loss that draws the mini-batches of {@code stepsPerJob}
   * consecutive steps in one Spark job and evaluates them on the driver: one job per {@code
   * stepsPerJob} training steps instead of one per step, with the same batches and the same
   * parameters as one machine's run. See {@link GatheredBatches} for when it pays.
   *
   * @param stepsPerJob the steps whose batches one job gathers, at least 1
   * @return the gathering source
   * @throws IllegalArgumentException if {@code stepsPerJob < 1}
   */
  public GatheredBatches<E> gatheringBatches(int stepsPerJob) {
    return new GatheredBatches<>(this, stepsPerJob);
  }

  JavaRDD<E> examples() {
    return examples;
  }

  ExampleLoss<E> loss() {
    return loss;
  }

  @Override
  public LossAndGradient evaluate(double[] theta, Sampling sampling, long step) {
    Objects.requireNonNull(sampling, "sampling");
    if (examples.getNumPartitions() == 0) {
      return new LossAndGradient(0, new double[theta.length], 0);
    }
    long[] starts = sampling.isFullBatch() ? null : partitionStarts();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(examples.context());
    Broadcast<double[]> parameters = context.broadcast(theta.clone());
    try {
      return examples
          .mapPartitionsWithIndex(
              partitionSum(parameters, loss, sampling, step, starts, theta.length), false)
          .treeReduce(GradientSum::merge, depth)
          .result();
    } finally {
      parameters.destroy();
    }
  }

  /**
   * The task of one partition: the sums of its examples in the batch, in one buffer. Static, so
   * that the closure Spark serialises holds only these arguments.
   */
  private static <E> Function2<Integer, Iterator<E>, Iterator<GradientSum>> partitionSum(
      Broadcast<double[]> parameters,
      ExampleLoss<E> loss,
      Sampling sampling,
      long step,
      long[] starts,
      int dimension) {
    return (partition, partitionExamples) -> {
      double[] theta = parameters.value();
      GradientSum sum = new GradientSum(dimension);
      long index = starts == null ? 0 : starts[partition];
      while (partitionExamples.hasNext()) {
        E example = partitionExamples.next();
        if (sampling.includes(step, index++)) {
          sum.add(loss, theta, example);
        }
      }
      return Collections.singletonList(sum).iterator();
    };
  }

  /** The position in the RDD of each partition's first example, counted once by a Spark job. */
  synchronized long[] partitionStarts() {
    if (partitionStarts == null) {
      List<Long> sizes = examples.mapPartitions(SparkGradient::count).collect();
      long[] starts = new long[sizes.size()];
      for (int p = 1; p < starts.length; p++) {
        starts[p] = starts[p - 1] + sizes.get(p - 1);
      }
      partitionStarts = starts;
    }
    return partitionStarts;
  }

  private static <E> Iterator<Long> count(Iterator<E> partitionExamples) {
    long n = 0;
    while (partitionExamples.hasNext()) {
      partitionExamples.next();
      n++;
    }
    return Collections.singletonList(n).iterator();
  }
}
