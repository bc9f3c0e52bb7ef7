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

import dev.adjoint.tensor.Kernels;
import dev.ludovic.netlib.blas.BLAS;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * c = a·b for square n×n doubles, row-major: {@link Kernels#matmul}, the textbook triple loop,
 * EJML's single- and multi-threaded {@code mult}, and netlib BLAS's {@code dgemm}, directly and
 * through {@link Kernels#matmul}. Each benchmark returns its result, which JMH consumes (an
 * implicit Blackhole), so the product cannot be optimized away. The time per product t gives
 * GFLOP/s = 2n³ / t; {@link MatmulReport} prints that table after a run.
 *
 * <p>netlib ({@code dev.ludovic.netlib:blas}) is on this module's class path, so Kernels would send
 * large products to it: {@link #adjoint}'s JVM is started with {@code
 * -Ddev.adjoint.tensor.blas=false} (the pure-Java kernel), {@link #adjointWithBlas}'s without.
 * netlib's fast Java build needs {@code --add-modules jdk.incubator.vector}: pass it with {@code
 * -jvmArgsAppend} (which replaces the annotations' {@code -Xms2g -Xmx2g}, so repeat those), see
 * docs/benchmarks.md; without it {@link #adjointWithBlas} fails at set-up rather than measure the
 * pure-Java kernel under its name.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MatmulBenchmark {

  @Param({"64", "256", "1024"})
  public int n;

  private double[] a;
  private double[] b;
  private double[] c;
  private DMatrixRMaj ma;
  private DMatrixRMaj mb;
  private DMatrixRMaj mc;
  private BLAS blas;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    Random random = new Random(42);
    a = new double[n * n];
    b = new double[n * n];
    c = new double[n * n];
    for (int i = 0; i < n * n; i++) {
      a[i] = 2.0 * random.nextDouble() - 1.0;
      b[i] = 2.0 * random.nextDouble() - 1.0;
    }
    ma = DMatrixRMaj.wrap(n, n, a.clone());
    mb = DMatrixRMaj.wrap(n, n, b.clone());
    mc = new DMatrixRMaj(n, n);
    blas = BLAS.getInstance();
    String benchmark = params.getBenchmark();
    if (benchmark.endsWith(".adjointWithBlas")) {
      checkBlas();
    } else if (benchmark.endsWith(".adjoint") && Kernels.blasImplementation() != null) {
      throw new IllegalStateException("adjoint measures the pure-Java kernel, but netlib is on");
    }
  }

  /** For {@link #adjointWithBlas}: Kernels must have picked netlib up, and agree with it. */
  private void checkBlas() {
    if (Kernels.blasImplementation() == null) {
      throw new IllegalStateException(
          "Kernels did not pick netlib up (netlib chose "
              + blas.getClass().getName()
              + "): run with -jvmArgsAppend \"--add-modules jdk.incubator.vector -Xms2g -Xmx2g\"");
    }
    double[] viaKernels = new double[n * n];
    Kernels.matmul(a, 0, b, 0, viaKernels, 0, n, n, n);
    double[] direct = new double[n * n];
    blas.dgemm("N", "N", n, n, n, 1.0, b, 0, n, a, 0, n, 0.0, direct, 0, n);
    for (int i = 0; i < n * n; i++) {
      if (Math.abs(viaKernels[i] - direct[i]) > 1e-9 * n) {
        throw new IllegalStateException("Kernels and netlib disagree at " + i);
      }
    }
  }

  /** Adjoint's kernel: tiled i-k-j, register-blocked, split across cores from 64³. */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsPrepend = {"-Ddev.adjoint.tensor.blas=false"},
      jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
  public double[] adjoint() {
    Kernels.matmul(a, 0, b, 0, c, 0, n, n, n);
    return c;
  }

  /**
   * {@link Kernels#matmul} with netlib on the class path (and {@code --add-modules
   * jdk.incubator.vector}): from 160³ multiply-adds, one netlib dgemm call; below, the Java kernel.
   */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
  public double[] adjointWithBlas() {
    Kernels.matmul(a, 0, b, 0, c, 0, n, n, n);
    return c;
  }

  /**
   * netlib's dgemm called directly, row-major c = a·b as column-major cᵀ = bᵀ·aᵀ: the lower bound
   * of {@link #adjointWithBlas}'s time above its threshold.
   */
  @Benchmark
  public double[] netlibDirect() {
    blas.dgemm("N", "N", n, n, n, 1.0, b, 0, n, a, 0, n, 0.0, c, 0, n);
    return c;
  }

  /** The textbook i-j-k triple loop: a dot product per element, b read down its columns. */
  @Benchmark
  public double[] tripleLoop() {
    double[] a = this.a;
    double[] b = this.b;
    double[] c = this.c;
    int n = this.n;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0.0;
        for (int p = 0; p < n; p++) {
          s += a[i * n + p] * b[p * n + j];
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /** EJML, one thread: {@code CommonOps_DDRM.mult}. */
  @Benchmark
  public DMatrixRMaj ejml() {
    CommonOps_DDRM.mult(ma, mb, mc);
    return mc;
  }

  /** EJML, all cores: {@code CommonOps_MT_DDRM.mult}. */
  @Benchmark
  public DMatrixRMaj ejmlMultiThreaded() {
    CommonOps_MT_DDRM.mult(ma, mb, mc);
    return mc;
  }
}
