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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Generates programs from a seed, compiles them in batches (one javac run per batch; a failing
 * batch is split to find the failing programs), and checks every method.
 *
 * <p>Classification: a program that javac rejects even without the processor is a generator bug
 * ({@link Report#invalid}); one that compiles without the processor but not with it (a processor
 * diagnostic, a crash, or generated code that does not compile) is a finding; so is every method
 * whose gradient fails a check of {@link GradientChecker}.
 */
final class FuzzCampaign {
  static final int BATCH = 20;
  static final long TIMEOUT_SECONDS = 60;

  /** The result of a campaign. */
  static final class Report {
    int programs;
    int invalid;
    final List<GradientChecker.Finding> findings = new ArrayList<>();
    final List<String> invalidSources = new ArrayList<>();
    final GradientChecker.Stats stats = new GradientChecker.Stats();
    long millis;
    long compileMillis;

    String summaryLine() {
      return programs + " programs, " + findings.size() + " mismatches";
    }
  }

  /** What the programs compute with. */
  enum Kind {
    /** {@link ProgramGenerator#program}. */
    SCALARS("scalar"),
    /** {@link ProgramGenerator#arrayProgram}. */
    ARRAYS("array"),
    /** {@link ProgramGenerator#tensorProgram}. */
    TENSORS("tensor"),
    /** {@link ProgramGenerator#shapeProgram}. */
    SHAPES("array-shape"),
    /** {@link ProgramGenerator#layerProgram}. */
    LAYERS("layer"),
    /** {@link ProgramGenerator#refillProgram}. */
    REFILLS("refilled-buffer");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    ProgramGenerator.Program program(long seed, int index) {
      return switch (this) {
        case SCALARS -> ProgramGenerator.program(seed, index);
        case ARRAYS -> ProgramGenerator.arrayProgram(seed, index);
        case TENSORS -> ProgramGenerator.tensorProgram(seed, index);
        case SHAPES -> ProgramGenerator.shapeProgram(seed, index);
        case LAYERS -> ProgramGenerator.layerProgram(seed, index);
        case REFILLS -> ProgramGenerator.refillProgram(seed, index);
      };
    }
  }

  private final long seed;
  private final int count;
  private Kind kind = Kind.SCALARS;
  private long budgetMillis = Long.MAX_VALUE;
  private java.util.function.Consumer<GradientChecker.Finding> onFinding = f -> {};
  private java.util.function.Consumer<Report> onBatch = r -> {};
  private ExecutorService worker = newWorker();

  FuzzCampaign(long seed, int count) {
    this.seed = seed;
    this.count = count;
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "fuzz-worker");
          t.setDaemon(true);
          return t;
        });
  }

  /** Generates programs of this kind (scalar programs by default). */
  FuzzCampaign kind(Kind kind) {
    this.kind = kind;
    return this;
  }

  /** Stops starting new batches after {@code seconds} (the report counts what actually ran). */
  FuzzCampaign withBudgetSeconds(long seconds) {
    this.budgetMillis = seconds * 1000;
    return this;
  }

  /** Called with the report so far after each batch (progress of long campaigns). */
  FuzzCampaign onBatch(java.util.function.Consumer<Report> listener) {
    this.onBatch = listener;
    return this;
  }

  /** Called with each finding as soon as it is found (for long campaigns). */
  FuzzCampaign onFinding(java.util.function.Consumer<GradientChecker.Finding> listener) {
    this.onFinding = listener;
    return this;
  }

  Report run() {
    long start = System.nanoTime();
    Report report = new Report();
    // -Dadjoint.fuzz.programs=671,8973 runs only those programs of the campaign (to reproduce).
    List<Integer> indices = new ArrayList<>();
    String only = System.getProperty("adjoint.fuzz.programs", "");
    if (only.isBlank()) {
      for (int i = 0; i < count; i++) {
        indices.add(i);
      }
    } else {
      for (String index : only.split(",")) {
        indices.add(Integer.parseInt(index.strip()));
      }
    }
    try {
      for (int first = 0; first < indices.size(); first += BATCH) {
        if ((System.nanoTime() - start) / 1_000_000 > budgetMillis) {
          break;
        }
        int before = report.findings.size();
        List<ProgramGenerator.Program> batch = new ArrayList<>();
        for (int i : indices.subList(first, Math.min(indices.size(), first + BATCH))) {
          try {
            batch.add(kind.program(seed, i));
          } catch (RuntimeException e) {
            // A generator bug: counted as an invalid program, and the campaign goes on.
            report.programs++;
            report.invalid++;
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            report.invalidSources.add(
                "generator crashed on program " + i + " (campaign seed " + seed + "):\n" + trace);
          }
        }
        long batchStart = System.nanoTime();
        runBatch(batch, report);
        long batchMillis = (System.nanoTime() - batchStart) / 1_000_000;
        if (batchMillis > 30_000) {
          System.out.println(
              "slow batch: programs "
                  + first
                  + ".."
                  + (first + batch.size() - 1)
                  + " took "
                  + batchMillis / 1000
                  + " s");
        }
        for (int i = before; i < report.findings.size(); i++) {
          onFinding.accept(report.findings.get(i));
        }
        onBatch.accept(report);
      }
    } finally {
      worker.shutdownNow();
    }
    report.millis = (System.nanoTime() - start) / 1_000_000;
    return report;
  }

  private void runBatch(List<ProgramGenerator.Program> batch, Report report) {
    long t0 = System.nanoTime();
    FuzzCompiler.Outcome outcome = FuzzCompiler.compile(batch, true);
    report.compileMillis += (System.nanoTime() - t0) / 1_000_000;
    if (outcome.success()) {
      report.stats.expandedArrays += outcome.expandedArrays();
      report.stats.runningExtrema += outcome.runningExtrema();
      for (ProgramGenerator.Program p : batch) {
        report.programs++;
        checkProgram(p, outcome.loader(), report);
      }
      return;
    }
    if (batch.size() > 1) {
      // Set aside the programs the errors point into and compile the rest again; bisect when
      // the errors name no program (a crash).
      List<ProgramGenerator.Program> named = new ArrayList<>();
      List<ProgramGenerator.Program> rest = new ArrayList<>();
      for (ProgramGenerator.Program p : batch) {
        (outcome.failing().contains(p.simpleName()) ? named : rest).add(p);
      }
      if (named.isEmpty() || rest.size() == batch.size()) {
        int mid = batch.size() / 2;
        runBatch(batch.subList(0, mid), report);
        runBatch(batch.subList(mid, batch.size()), report);
      } else {
        for (ProgramGenerator.Program p : named) {
          runBatch(List.of(p), report);
        }
        if (!rest.isEmpty()) {
          runBatch(rest, report);
        }
      }
      return;
    }
    ProgramGenerator.Program p = batch.get(0);
    report.programs++;
    FuzzCompiler.Outcome plain = FuzzCompiler.compile(batch, false);
    if (!plain.success()) {
      report.invalid++;
      report.invalidSources.add(
          "generator produced invalid Java (seed "
              + p.seed()
              + "):\n"
              + plain.diagnostics()
              + "\n"
              + p.source());
      return;
    }
    report.findings.add(
        new GradientChecker.Finding(
            p, null, "compiles without the processor but not with it:\n" + outcome.diagnostics()));
  }

  private void checkProgram(ProgramGenerator.Program p, ClassLoader loader, Report report) {
    GradientChecker checker = new GradientChecker();
    Future<List<GradientChecker.Finding>> future = worker.submit(() -> checker.check(p, loader));
    try {
      report.findings.addAll(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      report.stats.add(checker.stats());
    } catch (TimeoutException e) {
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      report.findings.add(
          new GradientChecker.Finding(
              p, null, "checking took over " + TIMEOUT_SECONDS + " s (non-terminating?)"));
    } catch (Exception e) {
      report.findings.add(new GradientChecker.Finding(p, null, "checker crashed: " + e));
    }
  }
}
