package dev.adjoint.benchmarks;

import dev.adjoint.tensor.Kernels;
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

/**
 * c = a·b for square n×n doubles, row-major: {@link Kernels#matmul}, the textbook triple loop, and
 * EJML's single- and multi-threaded {@code mult}. Each benchmark returns its result, which JMH
 * consumes (an implicit Blackhole), so the product cannot be optimized away. The time per product
 * t gives GFLOP/s = 2n³ / t; {@link MatmulReport} prints that table after a run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MatmulBenchmark {

  @Param({"64", "256", "1024"})
  public int n;

  private double[] a;
  private double[] b;
  private double[] c;
  private DMatrixRMaj ma;
  private DMatrixRMaj mb;
  private DMatrixRMaj mc;

  @Setup(Level.Trial)
  public void setUp() {
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
  }

  /** Adjoint's kernel: tiled i-k-j, register-blocked, split across cores from 64³. */
  @Benchmark
  public double[] adjoint() {
    Kernels.matmul(a, 0, b, 0, c, 0, n, n, n);
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
