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

import dev.adjoint.optim.Sgd;
import dev.adjoint.samples.adbench.Mlp;
import dev.adjoint.samples.adbench.MlpAdjoint;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorParameter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A training step of a 784-128-10 perceptron (ReLU, softmax cross-entropy) on a batch of 64 with
 * the tensor runtime: the loss alone, the generated gradient, and gradient plus an SGD update. The
 * benchmarks' JVM runs the pure-Java kernels ({@code -Ddev.adjoint.tensor.blas=false}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Ddev.adjoint.tensor.blas=false"})
public class MlpBenchmark {
  static final int BATCH = 64, IN = 784, HIDDEN = 128, OUT = 10;
  TensorParameter w1, b1, w2, b2;
  Tensor x;
  int[] labels;
  Sgd sgd;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(7);
    w1 = TensorParameter.of(Tensor.heNormal(rng, IN, HIDDEN));
    b1 = TensorParameter.of(Tensor.zeros(HIDDEN));
    w2 = TensorParameter.of(Tensor.heNormal(rng, HIDDEN, OUT));
    b2 = TensorParameter.of(Tensor.zeros(OUT));
    x = Tensor.rand(rng, BATCH, IN);
    labels = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = rng.nextInt(OUT);
    }
    // A tiny learning rate: the step's cost, not the training, is measured.
    sgd = new Sgd(List.of(w1, b1, w2, b2), Sgd.Options.defaults().lr(1e-9));
  }

  @Benchmark
  public double objective() {
    return Mlp.loss(w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), x, labels);
  }

  @Benchmark
  public MlpAdjoint.LossGradient generated() {
    return MlpAdjoint.lossGradient(w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), x, labels);
  }

  @Benchmark
  public double trainingStep() {
    MlpAdjoint.LossGradient g =
        MlpAdjoint.lossGradient(w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), x, labels);
    sgd.zeroGrad();
    w1.addGrad(g.w1());
    b1.addGrad(g.b1());
    w2.addGrad(g.w2());
    b2.addGrad(g.b2());
    sgd.step();
    return g.value();
  }
}
