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

import dev.adjoint.spark.Example;
import dev.adjoint.spark.GradientSource;
import dev.adjoint.spark.LabeledLoss;
import dev.adjoint.spark.LocalGradient;
import dev.adjoint.spark.SparkGradient;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The throughput of one full gradient pass (examples per second) over the sample's data sets, for
 * both {@link Models}: in this thread with {@code LocalGradient}, and with {@code SparkGradient} on
 * the cached data in 1 and in 2 partitions, under {@code local[2]}. Each configuration is timed
 * after warm-up passes, several times; prints a Markdown table of the median and best.
 *
 * <p>Arguments, all optional: {@code [rows] [warm-up passes] [timed passes]} (1000000, 5, 10).
 */
public final class GradientThroughput {
  private GradientThroughput() {}

  private static final int MLP_HIDDEN = 16;

  /**
   * Measures and prints the throughput table.
   *
   * @param args {@code [rows] [warm-up passes] [timed passes]}, all optional
   */
  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int timed = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    SparkConf conf =
        new SparkConf()
            .setAppName("Adjoint gradient throughput")
            .setIfMissing("spark.master", "local[2]");
    PrintStream out = System.out;
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      out.printf(
          Locale.ROOT,
          "Spark %s, master %s, %,d rows, %d warm-up and %d timed passes%n%n",
          spark.version(),
          spark.master(),
          rows,
          warmup,
          timed);
      out.println(
          "| model | gradient | median ms / pass | examples/s (median) | examples/s (best) |");
      out.println("| --- | --- | ---: | ---: | ---: |");
      SyntheticData linear = SyntheticData.LINEAR;
      measure(
          out,
          spark,
          "linear, 9 parameters",
          linear,
          rows,
          new double[linear.features() + 1],
          ModelsAdjoint::linearLossPullback,
          warmup,
          timed);
      SyntheticData nonlinear = SyntheticData.NONLINEAR;
      double[] mlp = Models.mlpInitial(nonlinear.features(), MLP_HIDDEN, 1);
      measure(
          out,
          spark,
          "MLP 4-16-1, " + mlp.length + " parameters",
          nonlinear,
          rows,
          mlp,
          ModelsAdjoint::mlpLossPullback,
          warmup,
          timed);
    }
  }

  private static void measure(
      PrintStream out,
      JavaSparkContext spark,
      String model,
      SyntheticData data,
      long rows,
      double[] theta,
      LabeledLoss loss,
      int warmup,
      int timed) {
    List<Example> examples = data.list(Math.toIntExact(rows), 1);
    row(
        out,
        model,
        "in-process, 1 thread",
        LocalGradient.labeled(examples, loss),
        theta,
        rows,
        warmup,
        timed);
    for (int partitions : new int[] {1, 2}) {
      JavaRDD<Example> rdd = data.rdd(spark, rows, partitions, 1).cache();
      rdd.count();
      row(
          out,
          model,
          "Spark, " + partitions + (partitions == 1 ? " partition" : " partitions"),
          SparkGradient.labeled(rdd, loss),
          theta,
          rows,
          warmup,
          timed);
      rdd.unpersist(true);
    }
  }

  private static void row(
      PrintStream out,
      String model,
      String name,
      GradientSource source,
      double[] theta,
      long rows,
      int warmup,
      int timed) {
    for (int i = 0; i < warmup; i++) {
      check(source.evaluate(theta).count(), rows);
    }
    double[] seconds = new double[timed];
    for (int i = 0; i < timed; i++) {
      long start = System.nanoTime();
      check(source.evaluate(theta).count(), rows);
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    double median = seconds[timed / 2];
    out.printf(
        Locale.ROOT,
        "| %s | %s | %.1f | %,.0f | %,.0f |%n",
        model,
        name,
        1000 * median,
        rows / median,
        rows / seconds[0]);
  }

  private static void check(long count, long rows) {
    if (count != rows) {
      throw new IllegalStateException("a pass saw " + count + " examples, not " + rows);
    }
  }
}
