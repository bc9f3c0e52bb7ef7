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
package dev.adjoint.spark.samples;

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.Sgd;
import dev.adjoint.spark.Example;
import dev.adjoint.spark.GatheredBatches;
import dev.adjoint.spark.GradientSource;
import dev.adjoint.spark.Sampling;
import dev.adjoint.spark.SparkGradient;
import dev.adjoint.spark.StepListener;
import dev.adjoint.spark.Trainer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains the two {@link Models} on a million synthetic examples with Spark: linear regression by
 * full-batch gradient descent with momentum ({@code Sgd}), each step's gradient summed over the
 * partitions by the executors, then the MLP by {@code Adam} on seeded mini-batches of about 1% of
 * the data, whose batches one Spark job draws for 50 steps at a time ({@code GatheredBatches}).
 * Every gradient is a sum of the generated pullbacks.
 *
 * <p>Arguments, all optional: {@code [linear|mlp|both] [rows] [partitions]} (both, 1000000, and
 * twice Spark's default parallelism). Runs in local mode ({@code local[*]}) unless a master is set,
 * as {@code spark-submit --master ...} does.
 */
public final class TrainOnSpark {
  private TrainOnSpark() {}

  static final long SEED = 20261123L;
  static final int LINEAR_STEPS = 25;
  static final int MLP_HIDDEN = 16;
  static final int MLP_STEPS = 600;
  static final double MLP_BATCH_FRACTION = 0.01;

  /** The MLP's mini-batches are drawn this many steps at a time, one Spark job each. */
  static final int MLP_STEPS_PER_JOB = 50;

  /**
   * Trains the sample's models and prints each one's loss as it goes and its parameters at the end.
   *
   * @param args {@code [linear|mlp|both] [rows] [partitions]}, all optional
   */
  public static void main(String[] args) {
    String which = args.length > 0 ? args[0] : "both";
    if (!List.of("linear", "mlp", "both").contains(which)) {
      throw new IllegalArgumentException("first argument: linear, mlp or both, got " + which);
    }
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    SparkConf conf =
        new SparkConf().setAppName("Adjoint on Spark").setIfMissing("spark.master", "local[*]");
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 2 * spark.defaultParallelism();
      PrintStream out = System.out;
      out.printf(
          Locale.ROOT,
          "Spark %s, master %s, %d partitions, %,d rows%n",
          spark.version(),
          spark.master(),
          partitions,
          rows);
      if (!which.equals("mlp")) {
        linear(spark, rows, partitions, out);
      }
      if (!which.equals("linear")) {
        mlp(spark, rows, partitions, out);
      }
    }
  }

  /** Full-batch Sgd with momentum on {@link Models#linearLoss}; prints the recovered weights. */
  static void linear(JavaSparkContext spark, long rows, int partitions, PrintStream out) {
    SyntheticData data = SyntheticData.LINEAR;
    JavaRDD<Example> examples = cached(data, spark, rows, partitions, out);
    double[] theta = new double[data.features() + 1];
    Sgd sgd = new Sgd(List.of(Parameter.of(theta)), Sgd.Options.defaults().lr(1.0).momentum(0.2));
    GradientSource source = SparkGradient.labeled(examples, ModelsAdjoint::linearLossPullback);
    out.printf(
        Locale.ROOT,
        "%nLinear regression, %d features: Sgd (lr 1, momentum 0.2), full batch, %d steps%n",
        data.features(),
        LINEAR_STEPS);
    long start = System.nanoTime();
    Trainer.train(
        source, sgd, Sampling.fullBatch(), LINEAR_STEPS, progress(out, 5, LINEAR_STEPS, start));
    report(out, rows * LINEAR_STEPS, start);
    out.printf(
        Locale.ROOT,
        "  %-6s %s%n",
        "true",
        format(SyntheticData.TRUE_WEIGHTS, SyntheticData.TRUE_BIAS));
    out.printf(Locale.ROOT, "  %-6s %s%n", "fitted", format(theta, theta[data.features()]));
    examples.unpersist();
  }

  /** Adam on seeded mini-batches of {@link Models#mlpLoss}; prints the full data's loss. */
  static void mlp(JavaSparkContext spark, long rows, int partitions, PrintStream out) {
    SyntheticData data = SyntheticData.NONLINEAR;
    JavaRDD<Example> examples = cached(data, spark, rows, partitions, out);
    double[] theta = Models.mlpInitial(data.features(), MLP_HIDDEN, SEED);
    Adam adam = new Adam(List.of(Parameter.of(theta)), Adam.Options.defaults().lr(0.01));
    SparkGradient<Example> source = SparkGradient.labeled(examples, ModelsAdjoint::mlpLossPullback);
    // A step's batch is small: its gradient takes less time than a Spark job, so the batches of
    // MLP_STEPS_PER_JOB steps are drawn by one job and the steps taken on the driver.
    GatheredBatches<Example> batches = source.gatheringBatches(MLP_STEPS_PER_JOB);
    out.printf(
        Locale.ROOT,
        "%nMLP %d-%d-1 (tanh), %d parameters: Adam (lr 0.01), mini-batches of %.0f%% (seed %d), %d steps,"
            + " the batches of %d steps per Spark job%n",
        data.features(),
        MLP_HIDDEN,
        theta.length,
        100 * MLP_BATCH_FRACTION,
        SEED,
        MLP_STEPS,
        MLP_STEPS_PER_JOB);
    double before = source.evaluate(theta).meanLoss();
    long start = System.nanoTime();
    Trainer.train(
        batches,
        adam,
        Sampling.miniBatch(MLP_BATCH_FRACTION, SEED),
        MLP_STEPS,
        progress(out, 50, MLP_STEPS, start));
    report(out, Math.round(rows * MLP_BATCH_FRACTION * MLP_STEPS), start);
    out.printf(Locale.ROOT, "  %d Spark jobs drew the batches%n", batches.jobs());
    double after = source.evaluate(theta).meanLoss();
    out.printf(
        Locale.ROOT,
        "  loss over all %,d rows: %.5f before, %.5f after (the noise alone: %.5f)%n",
        rows,
        before,
        after,
        0.5 * SyntheticData.NOISE * SyntheticData.NOISE);
    examples.unpersist();
  }

  private static JavaRDD<Example> cached(
      SyntheticData data, JavaSparkContext spark, long rows, int partitions, PrintStream out) {
    long start = System.nanoTime();
    JavaRDD<Example> examples = data.rdd(spark, rows, partitions, SEED).cache();
    long count = examples.count();
    out.printf(
        Locale.ROOT,
        "%nGenerated and cached %,d %s examples in %.1f s%n",
        count,
        data.name().toLowerCase(Locale.ROOT),
        seconds(start));
    return examples;
  }

  private static StepListener progress(PrintStream out, int every, int steps, long start) {
    return (step, loss, batch) -> {
      if (step % every == 0 || step == steps - 1) {
        out.printf(
            Locale.ROOT,
            "  step %4d   batch %,9d   loss %.6f   %5.1f s%n",
            step,
            batch,
            loss,
            seconds(start));
      }
    };
  }

  private static void report(PrintStream out, long examples, long start) {
    double s = seconds(start);
    out.printf(Locale.ROOT, "  %.1f s, %,.0f examples/s through the pullback%n", s, examples / s);
  }

  private static String format(double[] weights, double bias) {
    StringBuilder b = new StringBuilder("w = (");
    for (int j = 0; j < SyntheticData.TRUE_WEIGHTS.length; j++) {
      b.append(String.format(Locale.ROOT, j == 0 ? "%6.3f" : ", %6.3f", weights[j]));
    }
    return b.append(String.format(Locale.ROOT, ")   b = %6.3f", bias)).toString();
  }

  static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
