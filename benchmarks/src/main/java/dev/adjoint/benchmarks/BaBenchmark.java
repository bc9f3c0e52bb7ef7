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
package dev.adjoint.benchmarks;

import dev.adjoint.samples.adbench.AdBench;
import dev.adjoint.samples.adbench.Ba;
import dev.adjoint.samples.adbench.BaGenerated;
import dev.adjoint.samples.adbench.BaInstance;
import dev.adjoint.samples.adbench.BaManual;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ADBench's BA on its replicated instances: the objective (2p reprojection errors and p weight
 * errors) and the Jacobian as 2×15 blocks per observation, five ways.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BaBenchmark {
  /**
   * ADBench's file name: ba1 is n = 49, m = 7776, p = 31843; ba3 n = 161, m = 48126, p = 182072.
   */
  @Param({"ba1_n49_m7776_p31843", "ba3_n161_m48126_p182072"})
  public String instance;

  static final double STEP = 1e-7;

  BaInstance b;
  double[] reprojErr, wErr, jac, wJac, camsBar, xsBar, wBar;

  @Setup(Level.Trial)
  public void setUp() {
    String[] parts = instance.split("_");
    b =
        BaInstance.adbench(
            Integer.parseInt(parts[1].substring(1)),
            Integer.parseInt(parts[2].substring(1)),
            Integer.parseInt(parts[3].substring(1)));
    reprojErr = new double[2 * b.p()];
    wErr = new double[b.p()];
    jac = new double[30 * b.p()];
    wJac = new double[b.p()];
    camsBar = new double[b.cams().length];
    xsBar = new double[b.xs().length];
    wBar = new double[1];
    double[] manual = new double[30 * b.p()], other = new double[30 * b.p()];
    BaManual.jacobian(b, manual, wJac);
    BaGenerated.jacobian(b, other, wJac);
    Agreement.require("BA " + instance + " generated", manual, other, 1e-8);
    BaGenerated.jacobianByPullbacks(b, other, wJac, camsBar, xsBar, wBar);
    Agreement.require("BA " + instance + " generated (2 pullbacks)", manual, other, 1e-8);
    HipparchusAd.baJacobian(b, other, wJac);
    Agreement.require("BA " + instance + " Hipparchus", manual, other, 1e-8);
    AdBench.baFiniteDifferences(b, STEP, other, wJac);
    Agreement.require("BA " + instance + " finite differences", manual, other, 1e-5);
  }

  @Benchmark
  public void objective(Blackhole bh) {
    Ba.objective(b, reprojErr, wErr);
    bh.consume(reprojErr);
    bh.consume(wErr);
  }

  @Benchmark
  public void generated(Blackhole bh) {
    BaGenerated.jacobian(b, jac, wJac);
    bh.consume(jac);
  }

  @Benchmark
  public void generatedByPullbacks(Blackhole bh) {
    BaGenerated.jacobianByPullbacks(b, jac, wJac, camsBar, xsBar, wBar);
    bh.consume(jac);
  }

  @Benchmark
  public void manual(Blackhole bh) {
    BaManual.jacobian(b, jac, wJac);
    bh.consume(jac);
  }

  @Benchmark
  public void finiteDifferences(Blackhole bh) {
    AdBench.baFiniteDifferences(b, STEP, jac, wJac);
    bh.consume(jac);
  }

  @Benchmark
  public void hipparchus(Blackhole bh) {
    HipparchusAd.baJacobian(b, jac, wJac);
    bh.consume(jac);
  }
}
