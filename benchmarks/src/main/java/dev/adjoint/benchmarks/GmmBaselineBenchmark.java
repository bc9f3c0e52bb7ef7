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
import dev.adjoint.samples.adbench.GmmInstance;
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

/**
 * The GMM baselines whose cost grows with the number of parameters: central finite differences (2
 * objectives per parameter) and Hipparchus forward mode (a gradient vector of every parameter
 * carried through every operation). Only at the two smallest sizes (30 and 330 parameters): at d =
 * 10, K = 50 (3,300 parameters) one gradient takes minutes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GmmBaselineBenchmark {
  @Param({"2x5", "10x5"})
  public String size;

  @Param({"1000"})
  public int n;

  /** Central differences' relative step. */
  static final double STEP = 1e-5;

  GmmInstance g;

  @Setup(Level.Trial)
  public void setUp() {
    String[] dk = size.split("x");
    g = GmmInstance.random(Integer.parseInt(dk[0]), Integer.parseInt(dk[1]), n, 2026);
    double[] manual = AdBench.gmmManual(g);
    Agreement.require("GMM " + size + " Hipparchus", manual, HipparchusAd.gmmGradient(g), 1e-8);
    // Rounding (ε|f| / h with |f| ~ 1e5) and truncation (h²) limit central differences to ρ ~ 1e-6.
    Agreement.require(
        "GMM " + size + " finite differences", manual, AdBench.gmmFiniteDifferences(g, STEP), 1e-4);
  }

  @Benchmark
  public double[] finiteDifferences() {
    return AdBench.gmmFiniteDifferences(g, STEP);
  }

  @Benchmark
  public double[] hipparchus() {
    return HipparchusAd.gmmGradient(g);
  }
}
