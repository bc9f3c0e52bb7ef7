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

import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Parameter;
import dev.adjoint.spark.Example;
import dev.adjoint.spark.GradientSource;
import dev.adjoint.spark.LabeledLoss;
import dev.adjoint.spark.LocalGradient;
import dev.adjoint.spark.LocalSteps;
import dev.adjoint.spark.Sampling;
import dev.adjoint.spark.SparkGradient;
import dev.adjoint.spark.TestSpark;
import dev.adjoint.spark.Trainer;
import dev.adjoint.spark.samples.Models;
import dev.adjoint.spark.samples.ModelsAdjoint;
import dev.adjoint.spark.samples.SyntheticData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Training steps per second of the spark sample's MLP (4-16-1, Adam, 1 % mini-batches) with one
 * Spark job per step, with gathered batches and with local steps, against the in-process loop. Not
 * a test: run it with
 *
 * <pre>
 * mvn -pl spark -am test -Dtest=StepRateBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dadjoint.spark.benchmark=true [-Dadjoint.spark.benchmark.rows=20000]
 * </pre>
 *
 * <p>The module's two test executions each run it: the default one in {@code local[2]}, the cluster
 * one in {@code local-cluster[2,1,1024]} (two executor JVMs of one core). Each prints a Markdown
 * table to standard output and to {@code target/step-rate-<mode>.md}.
 */
@EnabledIfSystemProperty(named = "adjoint.spark.benchmark", matches = "true")
class StepRateBenchmark {
  private static final long SEED = 20261123L;
  private static final int HIDDEN = 16;
  private static final double FRACTION = 0.01;
  private static final LabeledLoss LOSS = ModelsAdjoint::mlpLossPullback;
  private static final LocalSteps.OptimizerFactory ADAM =
      theta -> new Adam(List.of(Parameter.of(theta)), Adam.Options.defaults().lr(0.01));

  @Test
  void stepsPerSecond() throws IOException {
    boolean cluster = "cluster".equals(System.getProperty("adjoint.spark.execution"));
    JavaSparkContext spark = cluster ? ClusterSpark.context() : TestSpark.context();
    int rows = Integer.getInteger("adjoint.spark.benchmark.rows", 20_000);
    int partitions = 2;
    SyntheticData data = SyntheticData.NONLINEAR;
    List<Example> examples = data.list(rows, SEED);
    JavaRDD<Example> rdd = data.rdd(spark, rows, partitions, SEED).cache();
    rdd.count();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s, Spark %s, %,d rows in %d partitions, MLP %d-%d-1, Adam (lr 0.01), mini-batches of %.0f%%; "
                + "load average %.1f before%n%n",
            spark.master(),
            spark.version(),
            rows,
            partitions,
            data.features(),
            HIDDEN,
            100 * FRACTION,
            load()));
    out.append(
        "| training | steps timed | Spark jobs | steps/s | ms/step | loss after (all rows) |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    Sampling sampling = Sampling.miniBatch(FRACTION, SEED);
    LocalGradient<Example> all = LocalGradient.labeled(examples, LOSS);

    row(
        out,
        "in-process (LocalGradient), 1 thread",
        2000,
        0,
        all,
        steps -> trainer(all, sampling, steps));
    row(
        out,
        "one Spark job per step (SparkGradient)",
        200,
        200,
        all,
        steps -> trainer(SparkGradient.labeled(rdd, LOSS), sampling, steps));
    for (int k : new int[] {10, 100}) {
      row(
          out,
          "gathered batches, " + k + " steps per job",
          2000,
          2000 / k,
          all,
          steps -> trainer(SparkGradient.labeled(rdd, LOSS).gatheringBatches(k), sampling, steps));
    }
    for (int k : new int[] {10, 100}) {
      row(
          out,
          "local steps, " + k + " per round (" + partitions + " partitions)",
          2000,
          2000 / k,
          all,
          steps -> {
            double[] theta = Models.mlpInitial(data.features(), HIDDEN, SEED);
            LocalSteps.train(rdd, LOSS, theta, ADAM, sampling, steps, k, null);
            return theta;
          });
    }
    out.append(String.format(Locale.ROOT, "%nload average %.1f after%n", load()));
    System.out.println(out);
    Files.writeString(
        Path.of(SparkHome.property("adjoint.spark.home"))
            .resolveSibling("step-rate-" + (cluster ? "cluster" : "local") + ".md"),
        out);
    rdd.unpersist();
  }

  private interface Run {
    double[] train(int steps);
  }

  private static double[] trainer(GradientSource source, Sampling sampling, int steps) {
    double[] theta = Models.mlpInitial(SyntheticData.NONLINEAR.features(), HIDDEN, SEED);
    Trainer.train(source, ADAM.create(theta), sampling, steps, null);
    return theta;
  }

  /** One warm-up run of a tenth of the steps, then the timed run. */
  private static void row(
      StringBuilder out, String name, int steps, int jobs, LocalGradient<Example> all, Run run) {
    run.train(Math.max(1, steps / 10));
    long start = System.nanoTime();
    double[] theta = run.train(steps);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %s | %.1f | %.2f | %.5f |%n",
            name,
            steps,
            jobs == 0 ? "0" : String.valueOf(jobs),
            steps / seconds,
            1000 * seconds / steps,
            all.evaluate(theta).meanLoss()));
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
