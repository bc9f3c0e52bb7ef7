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

import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.StateDict;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Training with several optimizer steps per partition between synchronisations (local SGD, or model
 * averaging): one Spark job per {@code localSteps} steps instead of one per step, with the
 * gradients still computed on the executors.
 *
 * <p>A round of {@code localSteps} steps broadcasts θ and the optimizer's state; each partition
 * builds its own optimizer over a copy of θ ({@link OptimizerFactory}, on the executor), loads the
 * state, and takes the round's steps on its own share of each step's mini-batch: step t uses the
 * partition's examples that {@code sampling} puts in step t's batch (by position, as everywhere in
 * this package), and their mean gradient. The driver then sets θ, and each array of the optimizer's
 * state (moment estimates, momentum buffers), to the partitions' mean weighted by the number of
 * examples each used in the round; a count in the state (Adam's step count) takes the largest
 * partition's. Partitions that used no example are left out of the mean.
 *
 * <p>What it computes, and its determinism: with one partition, or one local step of plain gradient
 * descent, it is the step-by-step run ({@link Trainer} on the same sampling) up to rounding. With
 * more partitions and steps, each partition follows its own path for a round, and the result
 * depends on the partitioning (how many partitions, which examples each holds); it does not depend
 * on the order in which tasks run or finish, because the driver collects the partitions' results
 * and averages them in partition order. So the same data in the same partitions, with the same
 * seed, optimizer and step counts, gives the same parameters bit for bit, in local mode or on a
 * cluster ({@link #train(List, ExampleLoss, double[], OptimizerFactory, Sampling, int, int,
 * StepListener)} runs the same computation over lists, on one machine). A lost task that Spark
 * reruns recomputes the same result.
 *
 * <p>Cost: each task keeps references to its partition's examples in a list for the round (the
 * examples themselves stay in Spark's cache), checks each example against each step's batch, and
 * sends θ and the optimizer's state back to the driver: {@code partitions × (1 + buffers) ×
 * parameters} doubles per round, where a step-by-step job sends a tree-reduced gradient.
 * Convergence per step is typically a little slower than step-by-step training, increasingly so
 * with more local steps and more heterogeneous partitions (shuffle the data into partitions once);
 * in exchange a round costs one job.
 */
public final class LocalSteps {
  private LocalSteps() {}

  /**
   * Builds, on an executor (and on the driver), an optimizer over θ: its parameters laid end to
   * end, in the order of {@code parameters()}, are θ's values, as {@link Trainer} lays them out. It
   * must be serializable with what it captures, e.g. {@code theta -> new
   * Adam(List.of(Parameter.of(theta)), Adam.Options.defaults().lr(0.01))}.
   */
  @FunctionalInterface
  public interface OptimizerFactory extends Serializable {
    /**
     * An optimizer over the values of {@code theta} (used in place), in its initial state.
     *
     * @param theta the parameters, laid end to end
     * @return the optimizer
     */
    Optimizer<?> create(double[] theta);
  }

  /**
   * Takes {@code steps} steps on the examples of {@code examples} in rounds of {@code localSteps}
   * steps, one Spark job per round, and returns each step's mean batch loss (over the partitions'
   * shares of the batch, each at its own parameters before the step; NaN for an empty batch).
   * {@code theta} is updated in place at the end of each round.
   *
   * @param <E> the type of an example
   * @param examples the examples, cached
   * @param loss the loss of one example and its pullback
   * @param theta the parameters, laid end to end; updated in place at the end of each round
   * @param optimizer builds each partition's optimizer (and the driver's)
   * @param sampling how each step's mini-batch is drawn
   * @param steps the number of steps, at least 0
   * @param localSteps the steps each partition takes between averages, at least 1
   * @param listener told after each step once its round is over, or {@code null}
   * @return each step's mean batch loss
   * @throws IllegalArgumentException if {@code steps < 0} or {@code localSteps < 1}
   */
  public static <E> double[] train(
      JavaRDD<E> examples,
      ExampleLoss<E> loss,
      double[] theta,
      OptimizerFactory optimizer,
      Sampling sampling,
      int steps,
      int localSteps,
      StepListener listener) {
    Objects.requireNonNull(examples, "examples");
    Objects.requireNonNull(loss, "loss");
    long[] starts = starts(examples);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(examples.context());
    return run(
        theta,
        optimizer,
        sampling,
        steps,
        localSteps,
        listener,
        (first, count, state) -> {
          if (starts.length == 0) {
            return List.of();
          }
          Broadcast<Round> round = context.broadcast(new Round(theta.clone(), state, first, count));
          try {
            return examples
                .mapPartitionsWithIndex(
                    partitionTask(round, loss, optimizer, sampling, starts), false)
                .collect();
          } finally {
            round.destroy();
          }
        });
  }

  /**
   * The same training on one machine, over partitions given as lists (example i of the data set
   * being the i-th in the lists laid end to end): the reference for {@link #train(JavaRDD,
   * ExampleLoss, double[], OptimizerFactory, Sampling, int, int, StepListener)} on the same
   * partitioning, and a way to study local steps without a cluster.
   *
   * @param <E> the type of an example
   * @param partitions the examples, one list per partition
   * @param loss the loss of one example and its pullback
   * @param theta the parameters, laid end to end; updated in place at the end of each round
   * @param optimizer builds each partition's optimizer (and the driver's)
   * @param sampling how each step's mini-batch is drawn
   * @param steps the number of steps, at least 0
   * @param localSteps the steps each partition takes between averages, at least 1
   * @param listener told after each step once its round is over, or {@code null}
   * @return each step's mean batch loss
   */
  public static <E> double[] train(
      List<? extends List<E>> partitions,
      ExampleLoss<E> loss,
      double[] theta,
      OptimizerFactory optimizer,
      Sampling sampling,
      int steps,
      int localSteps,
      StepListener listener) {
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(loss, "loss");
    long[] starts = new long[partitions.size()];
    for (int p = 1; p < starts.length; p++) {
      starts[p] = starts[p - 1] + partitions.get(p - 1).size();
    }
    return run(
        theta,
        optimizer,
        sampling,
        steps,
        localSteps,
        listener,
        (first, count, state) -> {
          List<Result> results = new ArrayList<>();
          for (int p = 0; p < partitions.size(); p++) {
            results.add(
                localSteps(
                    partitions.get(p),
                    starts[p],
                    theta.clone(),
                    state,
                    first,
                    count,
                    loss,
                    optimizer,
                    sampling));
          }
          return results;
        });
  }

  /** One round over every partition: the partitions' results, in partition order. */
  private interface Rounds {
    List<Result> run(long first, int count, State state);
  }

  private static double[] run(
      double[] theta,
      OptimizerFactory optimizer,
      Sampling sampling,
      int steps,
      int localSteps,
      StepListener listener,
      Rounds rounds) {
    Objects.requireNonNull(theta, "theta");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(sampling, "sampling");
    if (steps < 0) {
      throw new IllegalArgumentException("negative number of steps: " + steps);
    }
    if (localSteps < 1) {
      throw new IllegalArgumentException("localSteps must be at least 1, got " + localSteps);
    }
    double[] losses = new double[steps];
    State state = null;
    for (int first = 0; first < steps; first += localSteps) {
      int count = Math.min(localSteps, steps - first);
      List<Result> results = rounds.run(first, count, state);
      State averaged = average(theta, results);
      if (averaged != null) {
        state = averaged;
      }
      for (int s = 0; s < count; s++) {
        double lossSum = 0;
        long examples = 0;
        for (Result r : results) {
          lossSum += r.lossSums[s];
          examples += r.counts[s];
        }
        losses[first + s] = examples == 0 ? Double.NaN : lossSum / examples;
        if (listener != null) {
          listener.afterStep(first + s, losses[first + s], examples);
        }
      }
    }
    return losses;
  }

  /**
   * Sets {@code theta} to the weighted mean of the partitions' parameters and returns the weighted
   * mean of their states, in partition order; with one contributing partition, its values exactly.
   * Returns {@code null}, leaving {@code theta} alone, when no partition used an example.
   */
  private static State average(double[] theta, List<Result> results) {
    List<Result> used = new ArrayList<>();
    long total = 0;
    for (Result r : results) {
      if (r.weight > 0) {
        used.add(r);
        total += r.weight;
      }
    }
    if (used.isEmpty()) {
      return null;
    }
    if (used.size() == 1) {
      System.arraycopy(used.get(0).theta, 0, theta, 0, theta.length);
      return used.get(0).state;
    }
    mean(theta, used, total, r -> r.theta);
    State first = used.get(0).state;
    LinkedHashMap<String, double[]> arrays = new LinkedHashMap<>();
    for (String name : first.arrays.keySet()) {
      double[] mean = new double[first.arrays.get(name).length];
      mean(mean, used, total, r -> r.state.arrays.get(name));
      arrays.put(name, mean);
    }
    LinkedHashMap<String, Long> longs = new LinkedHashMap<>();
    for (Result r : used) {
      for (Map.Entry<String, Long> e : r.state.longs.entrySet()) {
        longs.merge(e.getKey(), e.getValue(), Math::max);
      }
    }
    return new State(arrays, longs, first.strings);
  }

  private interface Values {
    double[] of(Result r);
  }

  private static void mean(double[] out, List<Result> used, long total, Values values) {
    java.util.Arrays.fill(out, 0.0);
    for (Result r : used) {
      double w = (double) r.weight / total;
      double[] v = values.of(r);
      for (int i = 0; i < out.length; i++) {
        out[i] += w * v[i];
      }
    }
  }

  /** The task of one partition: its examples in a list, then the round's local steps. */
  private static <E> Function2<Integer, Iterator<E>, Iterator<Result>> partitionTask(
      Broadcast<Round> round,
      ExampleLoss<E> loss,
      OptimizerFactory optimizer,
      Sampling sampling,
      long[] starts) {
    return (partition, iterator) -> {
      List<E> examples = new ArrayList<>();
      iterator.forEachRemaining(examples::add);
      Round r = round.value();
      Result result =
          localSteps(
              examples,
              starts[partition],
              r.theta.clone(),
              r.state,
              r.first,
              r.count,
              loss,
              optimizer,
              sampling);
      return Collections.singletonList(result).iterator();
    };
  }

  /**
   * Steps {@code first} to {@code first + count - 1} on the examples of one partition (the first at
   * position {@code start}), from {@code theta} (modified) and the optimizer state {@code state}
   * ({@code null}: a fresh optimizer).
   */
  static <E> Result localSteps(
      List<E> examples,
      long start,
      double[] theta,
      State state,
      long first,
      int count,
      ExampleLoss<E> loss,
      OptimizerFactory factory,
      Sampling sampling) {
    Optimizer<?> optimizer = factory.create(theta);
    ParameterVector parameters = new ParameterVector(optimizer.parameters());
    if (parameters.size() != theta.length) {
      throw new IllegalStateException(
          "the optimizer's parameters hold "
              + parameters.size()
              + " values, but θ has "
              + theta.length
              + ": the factory must build it over θ");
    }
    if (state != null) {
      optimizer.loadStateDict(state.toStateDict());
    }
    double[] current = new double[theta.length];
    double[] lossSums = new double[count];
    long[] counts = new long[count];
    long weight = 0;
    for (int s = 0; s < count; s++) {
      parameters.read(current);
      GradientSum sum = new GradientSum(current.length);
      long index = start;
      for (E example : examples) {
        if (sampling.includes(first + s, index++)) {
          sum.add(loss, current, example);
        }
      }
      LossAndGradient batch = sum.result();
      lossSums[s] = batch.loss();
      counts[s] = batch.count();
      if (batch.count() > 0) {
        optimizer.zeroGrad();
        parameters.writeGradient(batch.gradient(), 1.0 / batch.count());
        optimizer.step();
        weight += batch.count();
      }
    }
    parameters.read(current);
    return new Result(current, State.of(optimizer.stateDict()), weight, lossSums, counts);
  }

  private static <E> long[] starts(JavaRDD<E> examples) {
    List<Long> sizes = examples.mapPartitions(LocalSteps::count).collect();
    long[] starts = new long[sizes.size()];
    for (int p = 1; p < starts.length; p++) {
      starts[p] = starts[p - 1] + sizes.get(p - 1);
    }
    return starts;
  }

  private static <E> Iterator<Long> count(Iterator<E> partitionExamples) {
    long n = 0;
    while (partitionExamples.hasNext()) {
      partitionExamples.next();
      n++;
    }
    return Collections.singletonList(n).iterator();
  }

  /**
   * What a round's tasks receive: θ, the optimizer's state, and the round's steps.
   *
   * @param theta the parameters at the start of the round
   * @param state the optimizer's state at the start of the round
   * @param first the number of the round's first step
   * @param count how many steps each partition takes in the round
   */
  private record Round(double[] theta, State state, long first, int count) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * What one partition sends back after a round.
   *
   * @param theta the partition's parameters after its steps
   * @param state the partition's optimizer state after its steps
   * @param weight the partition's number of examples, its weight in the average
   * @param lossSums the summed loss over each step's batch
   * @param counts the number of examples in each step's batch
   */
  record Result(double[] theta, State state, long weight, double[] lossSums, long[] counts)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * An optimizer's {@link StateDict}, in a form Spark can serialize.
   *
   * @param arrays the dictionary's arrays, by name
   * @param longs the dictionary's longs, by name
   * @param strings the dictionary's strings, by name
   */
  record State(
      LinkedHashMap<String, double[]> arrays,
      LinkedHashMap<String, Long> longs,
      LinkedHashMap<String, String> strings)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    static State of(StateDict dict) {
      return new State(
          new LinkedHashMap<>(dict.arrays()),
          new LinkedHashMap<>(dict.longs()),
          new LinkedHashMap<>(dict.strings()));
    }

    StateDict toStateDict() {
      StateDict dict = new StateDict();
      arrays.forEach(dict::putArray);
      longs.forEach(dict::putLong);
      strings.forEach(dict::putString);
      return dict;
    }
  }
}
