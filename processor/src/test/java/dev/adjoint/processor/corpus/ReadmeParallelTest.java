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
package dev.adjoint.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "Gradients on several threads", as a user copies it: the model block word for word,
 * and the use block inside a method that declares {@code w}, {@code x} and {@code y} (300 rows,
 * five chunks). The gradient is checked against central differences, and the snippet run on one
 * thread (the default) and on the two it asks for must give the same value and gradient, bit for
 * bit; the loop must be one that runs on several threads, as the section says.
 */
class ReadmeParallelTest {
  @AfterEach
  void oneThread() {
    Parallel.setThreads(1);
    Parallel.setWorthNanos(Parallel.WORTH_NANOS);
  }

  @Test
  void theSnippetRunsTheSameOnOneAndTwoThreads() throws Exception {
    var blocks = ReadmeRecordsTest.javaBlocks("Gradients on several threads");
    assertEquals(2, blocks.size(), "the section's Java blocks: the model, then its use");
    String model =
        """
        package readme;

        import dev.adjoint.Differentiable;

        """
            + blocks.get(0);
    String use =
        """
        package readme;

        import dev.adjoint.GradCheck;
        import dev.adjoint.Parallel;
        import java.util.Random;

        public final class UseThreads {
          public static double[] run(int threads) {
            Parallel.setThreads(1);
            Random rng = new Random(11);
            double[] w = new double[4];
            double[][] x = new double[300][4];
            double[] y = new double[300];
            for (int j = 0; j < w.length; j++) {
              w[j] = rng.nextGaussian();
            }
            for (int i = 0; i < x.length; i++) {
              for (int j = 0; j < 4; j++) {
                x[i][j] = rng.nextGaussian();
              }
              y[i] = rng.nextGaussian();
            }
            GradCheck.assertGradient(v -> Fit.loss(v, x, y), v -> FitAdjoint.lossGradient(v, x, y).w(), w);
            if (threads == 1) {
              return FitAdjoint.lossGradient(w, x, y).w();
            }
        """
            + blocks.get(1)
            + """
            double[] out = java.util.Arrays.copyOf(g.w(), 5);
            out[4] = g.value() - Fit.loss(w, x, y);
            return out;
          }
        }
        """;
    CompiledSources unit = CompiledSources.withAdjoint(model, use);
    // 300 rows take well under the threshold: send the later chunks to the pool all the same.
    Parallel.setWorthNanos(0);
    var run = unit.load("readme.UseThreads").getMethod("run", int.class);
    double[] one = (double[]) run.invoke(null, 1);
    double[] two = (double[]) run.invoke(null, 2);
    assertEquals(2, Parallel.threads(), "the snippet sets two threads");
    assertArrayEquals(one, java.util.Arrays.copyOf(two, 4), "the gradient on 1 and 2 threads");
    assertEquals(0.0, two[4], "the value is the method's own, bit for bit");
    String generated = unit.generatedSource("readme.FitAdjoint");
    assertTrue(generated.contains("private static double lossLoop("), generated);
    assertTrue(generated.contains("Parallel.run("), generated);
  }
}
