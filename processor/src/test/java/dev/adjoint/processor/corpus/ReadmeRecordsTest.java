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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "A model is a record", as a user copies it: its two Java blocks, word for word,
 * compiled with the processor (the records in a file of their own, the calls inside a method that
 * declares the data they use) and run: the logistic gradient against central differences, and the
 * loss of the MLP falling under the 150 Adam steps of the snippet.
 */
class ReadmeRecordsTest {
  /** The Java blocks of the README section {@code title}, in order. */
  static java.util.List<String> javaBlocks(String title) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("\n## " + title + "\n");
    assertTrue(section >= 0, "README.md has no section '" + title + "'");
    int next = readme.indexOf("\n## ", section + 1);
    java.util.List<String> blocks = new java.util.ArrayList<>();
    for (int start = readme.indexOf("```java\n", section);
        start >= 0 && (next < 0 || start < next);
        start = readme.indexOf("```java\n", start + 1)) {
      int end = readme.indexOf("```", start + 8);
      blocks.add(readme.substring(start + 8, end));
    }
    return blocks;
  }

  @Test
  void theSnippetsCompileAndTrain() throws Exception {
    var blocks = javaBlocks("A model is a record");
    assertEquals(2, blocks.size(), "the section's Java blocks: the records, then their use");
    String records =
        """
        package readme;

        import dev.adjoint.Differentiable;
        import dev.adjoint.nn.Losses;
        import dev.adjoint.tensor.Tensor;

        """
            + blocks.get(0);
    // The use block names x twice (the logistic's double[] and the MLP's Tensor): as a user does,
    // it runs in two scopes; here the block is split at the MLP's first line.
    String block = blocks.get(1);
    int mlpPart = block.indexOf("\nAdam adam");
    assertTrue(mlpPart > 0, block);
    String body =
        """
        package readme;

        import dev.adjoint.GradCheck;
        import dev.adjoint.optim.Adam;
        import dev.adjoint.tensor.Tensor;
        import java.util.Random;

        public final class Use {
          public static double[] run() {
            Random rng = new Random(5);
            double[] checked;
            {
              Logistic model = new Logistic(new double[] {0.3, -0.2, 0.1}, 0.05);
              double[] x = {1.0, -2.0, 0.5};
              double y = 1.0;
        """
            + block.substring(0, mlpPart)
            + """

              GradCheck.assertGradient(m -> m.loss(x, y), m -> LogisticAdjoint.lossGradient(m, x, y).self(), model);
              checked = g.w();
            }
            Tensor x = Tensor.randn(rng, 32, 4);
            int[] labels = new int[32];
            for (int i = 0; i < 32; i++) {
              labels[i] = x.toArray()[4 * i] + x.toArray()[4 * i + 1] > 0 ? 1 : 0;
            }
            Mlp mlp = new Mlp(Tensor.randn(rng, 4, 16).mul(0.5), Tensor.zeros(16),
                Tensor.randn(rng, 16, 2).mul(0.5), Tensor.zeros(2));
            double before = mlp.loss(x, labels);
        """
            + block.substring(mlpPart)
            + """

            return new double[] {before, mlp.loss(x, labels), checked.length};
          }
        }
        """;
    double[] out =
        (double[])
            CompiledSources.withAdjoint(records, body)
                .load("readme.Use")
                .getMethod("run")
                .invoke(null);
    assertEquals(3, out[2], "the logistic gradient's w");
    assertTrue(out[1] < 0.5 * out[0], () -> "the MLP's loss went from " + out[0] + " to " + out[1]);
  }
}
