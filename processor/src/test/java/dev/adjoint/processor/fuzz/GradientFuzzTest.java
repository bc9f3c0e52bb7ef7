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
package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the generated gradients: random {@code @Differentiable} programs (see
 * {@link ProgramGenerator}) are compiled with the processor and every method's gradient and
 * pullback are compared with finite differences (see {@link GradientChecker}).
 *
 * <p>By default a fixed seed, {@value #DEFAULT_COUNT} scalar programs, {@value
 * #DEFAULT_ARRAY_COUNT} programs over arrays ({@link ProgramGenerator#arrayProgram}), {@value
 * #DEFAULT_TENSOR_COUNT} programs over tensors ({@link ProgramGenerator#tensorProgram}, whose
 * gradients with respect to every element of every {@code Tensor} parameter are checked) and
 * {@value #DEFAULT_SHAPE_COUNT} programs over array shapes ({@link ProgramGenerator#shapeProgram}:
 * {@code double[]} and {@code double[][]} as users write them, see {@link ArrayShapes}), {@value
 * #DEFAULT_LAYER_COUNT} programs over layers ({@link ProgramGenerator#layerProgram}: methods
 * returning a {@code Tensor}, called from the others) and {@value #DEFAULT_REFILL_COUNT} programs
 * over refilled scratch buffers ({@link ProgramGenerator#refillProgram}: buffers refilled in full
 * or in part every step, then updated with {@code +=}, {@code -=}, {@code *=} and read, see {@link
 * ScratchBuffers}) run with the normal build. A long campaign:
 *
 * <pre>
 * mvn -B -pl processor -am verify -Dtest='dev/adjoint/processor/fuzz/GradientFuzzTest' \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dadjoint.fuzz.count=10000 -Dadjoint.fuzz.arrays.count=5000 \
 *     -Dadjoint.fuzz.tensors.count=5000 -Dadjoint.fuzz.shapes.count=10000 \
 *     -Dadjoint.fuzz.layers.count=5000 -Dadjoint.fuzz.refills.count=5000 -Dadjoint.fuzz.seed=42
 * </pre>
 *
 * prints "N programs, M mismatches" for each kind at the end (and writes every finding to {@code
 * target/fuzz-report.txt}, {@code target/fuzz-arrays-report.txt}, {@code
 * target/fuzz-tensors-report.txt}, {@code target/fuzz-shapes-report.txt}, {@code
 * target/fuzz-layers-report.txt} and {@code target/fuzz-refills-report.txt}); M counts failing
 * methods plus programs that the processor failed to compile. A count of 0 skips that kind (to run
 * only the array-shape campaign, add {@code -Dadjoint.fuzz.count=0 -Dadjoint.fuzz.arrays.count=0
 * -Dadjoint.fuzz.tensors.count=0 -Dadjoint.fuzz.layers.count=0 -Dadjoint.fuzz.refills.count=0}, or
 * select its test, {@code
 * -Dtest='GradientFuzzTest#generatedArrayShapeGradientsAgreeWithFiniteDifferences'}); {@code
 * -Dadjoint.fuzz.programs=671,8973} reruns only those programs of the campaign (to reproduce a
 * finding). {@code -Dadjoint.fuzz.minutes=15} stops starting new batches after 15 minutes (in each
 * kind); N is then the number of programs that actually ran.
 *
 * <p>The test fails on every mismatch except those matching an open bug listed in {@link KnownBugs}
 * (each reproduced by a disabled {@link FuzzRegressionTest}), and on generator bugs (programs javac
 * rejects even without the processor).
 */
class GradientFuzzTest {
  // The refilled-buffer programs (which hold the array and array-shape constructs too) took some
  // of the array and array-shape programs' time in the normal build: 105 and 45, from 120 and 60.
  static final int DEFAULT_COUNT = 200;
  static final int DEFAULT_ARRAY_COUNT = 105;
  static final int DEFAULT_TENSOR_COUNT = 40;
  static final int DEFAULT_SHAPE_COUNT = 45;
  static final int DEFAULT_LAYER_COUNT = 30;
  static final int DEFAULT_REFILL_COUNT = 20;
  static final long DEFAULT_SEED = 20_240_611L;

  @Test
  void generatedGradientsAgreeWithFiniteDifferences() throws IOException {
    int count = Integer.getInteger("adjoint.fuzz.count", DEFAULT_COUNT);
    campaign(FuzzCampaign.Kind.SCALARS, count, "fuzz-report.txt");
  }

  /** The same over programs with double[] and int[] parameters and local arrays. */
  @Test
  void generatedArrayGradientsAgreeWithFiniteDifferences() throws IOException {
    int count = Integer.getInteger("adjoint.fuzz.arrays.count", DEFAULT_ARRAY_COUNT);
    campaign(FuzzCampaign.Kind.ARRAYS, count, "fuzz-arrays-report.txt");
  }

  /** The same over programs with Tensor parameters and locals. */
  @Test
  void generatedTensorGradientsAgreeWithFiniteDifferences() throws IOException {
    int count = Integer.getInteger("adjoint.fuzz.tensors.count", DEFAULT_TENSOR_COUNT);
    campaign(FuzzCampaign.Kind.TENSORS, count, "fuzz-tensors-report.txt");
  }

  /**
   * The same over programs with double[] and double[][] in the shapes users write (rows passed to
   * callees, arrays re-bound, swapped and re-assigned from calls, callees returning an argument,
   * element assignments used as values; see {@link ArrayShapes}).
   */
  @Test
  void generatedArrayShapeGradientsAgreeWithFiniteDifferences() throws IOException {
    int count = Integer.getInteger("adjoint.fuzz.shapes.count", DEFAULT_SHAPE_COUNT);
    campaign(FuzzCampaign.Kind.SHAPES, count, "fuzz-shapes-report.txt");
  }

  /**
   * The same over programs whose methods include layers (methods returning a {@code Tensor}),
   * called from the other methods ({@link ProgramGenerator#layerProgram}).
   */
  @Test
  void generatedLayerGradientsAgreeWithFiniteDifferences() throws IOException {
    int count = Integer.getInteger("adjoint.fuzz.layers.count", DEFAULT_LAYER_COUNT);
    campaign(FuzzCampaign.Kind.LAYERS, count, "fuzz-layers-report.txt");
  }

  /**
   * The same over programs with scratch buffers refilled (in full or in part) in every step of a
   * loop, then updated with {@code +=}, {@code -=} or {@code *=} and read nonlinearly, and buffers
   * swapped every step ({@link ProgramGenerator#refillProgram}, {@link ScratchBuffers}).
   */
  @Test
  void generatedRefilledBufferGradientsAgreeWithFiniteDifferences() throws IOException {
    int count = Integer.getInteger("adjoint.fuzz.refills.count", DEFAULT_REFILL_COUNT);
    campaign(FuzzCampaign.Kind.REFILLS, count, "fuzz-refills-report.txt");
  }

  private static void campaign(FuzzCampaign.Kind programs, int count, String reportName)
      throws IOException {
    // Load every class the report needs now: a concurrent build may rewrite target/test-classes
    // while the campaign runs.
    KnownBugs.OPEN.size();
    long seed = Long.getLong("adjoint.fuzz.seed", DEFAULT_SEED);
    long minutes = Long.getLong("adjoint.fuzz.minutes", 0);
    String kind = programs.label;
    if (count <= 0) {
      return;
    }
    FuzzCampaign campaign = new FuzzCampaign(seed, count).kind(programs);
    if (minutes > 0) {
      campaign.withBudgetSeconds(minutes * 60);
    }
    FuzzCampaign.Report report = campaign.run();

    StringBuilder details = new StringBuilder();
    StringBuilder known = new StringBuilder();
    int unknown = 0;
    for (GradientChecker.Finding f : report.findings) {
      java.util.Optional<KnownBugs.Bug> bug = KnownBugs.match(f);
      if (bug.isPresent()) {
        known
            .append("known open bug (")
            .append(bug.get().regressionTest())
            .append("): ")
            .append(f.program().qualifiedName())
            .append(f.method() == null ? "" : "." + f.method().name)
            .append(" (program seed ")
            .append(f.program().seed())
            .append(")\n");
      } else {
        unknown++;
        details.append(f.describe()).append('\n');
      }
    }
    for (String invalid : report.invalidSources) {
      details.append(invalid).append('\n');
    }
    details.append(known);
    Path file = Path.of("target", reportName);
    if (Files.isDirectory(file.getParent())) {
      Files.writeString(
          file,
          kind
              + " seed "
              + seed
              + ": "
              + report.summaryLine()
              + "\n"
              + report.stats
              + "\n\n"
              + details);
    }
    System.out.println(
        "fuzz ("
            + kind
            + " programs) seed "
            + seed
            + ": "
            + report.stats
            + ", "
            + report.invalid
            + " invalid programs, "
            + report.millis / 1000.0
            + " s ("
            + report.compileMillis / 1000.0
            + " s compiling)");
    if (known.length() > 0) {
      System.out.print(known);
    }
    System.out.println(kind + " programs: " + report.summaryLine());
    if (report.invalid > 0 || unknown > 0) {
      String text = details.toString();
      if (text.length() > 200_000) {
        text = text.substring(0, 200_000) + "\n... (see target/" + reportName + ")";
      }
      fail(
          kind
              + " programs: "
              + report.summaryLine()
              + " ("
              + unknown
              + " not matching a known open bug), "
              + report.invalid
              + " invalid programs (seed "
              + seed
              + ")\n"
              + text);
    }
  }
}
