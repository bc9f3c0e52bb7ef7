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
import dev.adjoint.samples.adbench.Gmm;
import dev.adjoint.samples.adbench.GmmAdjoint;
import dev.adjoint.samples.adbench.GmmInstance;
import dev.adjoint.samples.adbench.GmmManual;
import java.util.Arrays;
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
 * ADBench's GMM, n = 1000 points, at its (d, K) sizes up to d = 64: the objective, the generated
 * gradient ({@code GmmAdjoint.objectivePullback} into reused buffers) and the hand-written adjoint.
 * Finite differences and Hipparchus, O(parameters) objectives each, are in {@link
 * GmmBaselineBenchmark} at the small sizes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GmmBenchmark {
  /** "d,K". */
  @Param({"2x5", "10x5", "10x25", "10x50", "20x25", "64x5", "64x10"})
  public String size;

  /** Points. */
  @Param({"1000"})
  public int n;

  GmmInstance g;
  double[] alphasBar, meansBar, icfBar, work;

  @Setup(Level.Trial)
  public void setUp() {
    String[] dk = size.split("x");
    g = GmmInstance.random(Integer.parseInt(dk[0]), Integer.parseInt(dk[1]), n, 2026);
    alphasBar = new double[g.alphas().length];
    meansBar = new double[g.means().length];
    icfBar = new double[g.icf().length];
    work = new double[GmmManual.workSize(g.d(), g.k())];
    // No timing before the gradients agree: ρ against the hand-written adjoint below 1e-8.
    Agreement.require(
        "GMM " + size + " generated", AdBench.gmmManual(g), AdBench.gmmGenerated(g), 1e-8);
  }

  @Benchmark
  public double objective() {
    return Gmm.objective(
        g.alphas(), g.means(), g.icf(), g.x(), g.d(), g.k(), g.n(), g.gamma(), g.m());
  }

  @Benchmark
  public void generated(Blackhole bh) {
    Arrays.fill(alphasBar, 0);
    Arrays.fill(meansBar, 0);
    Arrays.fill(icfBar, 0);
    bh.consume(
        GmmAdjoint.objectivePullback(
            g.alphas(),
            g.means(),
            g.icf(),
            g.x(),
            g.d(),
            g.k(),
            g.n(),
            g.gamma(),
            g.m(),
            1.0,
            alphasBar,
            meansBar,
            icfBar));
    bh.consume(icfBar);
  }

  @Benchmark
  public void manual(Blackhole bh) {
    Arrays.fill(alphasBar, 0);
    Arrays.fill(meansBar, 0);
    Arrays.fill(icfBar, 0);
    bh.consume(
        GmmManual.gradient(
            g.alphas(),
            g.means(),
            g.icf(),
            g.x(),
            g.d(),
            g.k(),
            g.n(),
            g.gamma(),
            g.m(),
            alphasBar,
            meansBar,
            icfBar,
            work));
    bh.consume(icfBar);
  }
}
