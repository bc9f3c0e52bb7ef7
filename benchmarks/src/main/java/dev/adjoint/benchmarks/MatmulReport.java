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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The benchmarks jar's entry point: runs JMH with the usual command line (for example {@code -f 1
 * -wi 3 -i 5}; JMH's own {@code -h}, {@code -l} and friends are passed to {@code
 * org.openjdk.jmh.Main}), then prints the {@link MatmulBenchmark} results as a Markdown table of
 * GFLOP/s, 2n³ / (time per product), with each implementation's ratio to EJML multi-threaded and
 * the ratio of Kernels with netlib to netlib called directly. Without a benchmark pattern it runs
 * {@link MatmulBenchmark}.
 */
public final class MatmulReport {
  private MatmulReport() {}

  private static final List<String> LISTING =
      Arrays.asList("-h", "-l", "-lp", "-lprof", "-lrf", "-v");

  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      if (LISTING.contains(arg)) {
        org.openjdk.jmh.Main.main(args);
        return;
      }
    }
    CommandLineOptions command = new CommandLineOptions(args);
    Options options = command;
    if (command.getIncludes().isEmpty()) {
      options =
          new OptionsBuilder()
              .parent(command)
              .include(MatmulBenchmark.class.getName() + "\\.")
              .build();
    }
    Collection<RunResult> results = new Runner(options).run();
    System.out.println();
    System.out.print(table(results));
  }

  /** GFLOP/s by size (rows) and implementation (columns), then ratios to EJML multi-threaded. */
  static String table(Collection<RunResult> results) {
    Map<Integer, Map<String, double[]>> bySize = new TreeMap<>();
    List<String> names = new ArrayList<>();
    for (RunResult run : results) {
      String label = run.getParams().getBenchmark();
      if (!label.startsWith(MatmulBenchmark.class.getName() + ".")) {
        continue;
      }
      String name = label.substring(label.lastIndexOf('.') + 1);
      int n = Integer.parseInt(run.getParams().getParam("n"));
      Result<?> primary = run.getPrimaryResult();
      double micros = primary.getScore();
      double error = primary.getScoreError(); // NaN with a single measurement iteration
      double flop = 2.0 * n * n * n;
      // The fastest measurement iteration: on a shared machine, the one least disturbed.
      double best = Double.POSITIVE_INFINITY;
      for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
        for (IterationResult iteration : benchmark.getIterationResults()) {
          best = Math.min(best, iteration.getPrimaryResult().getScore());
        }
      }
      // GFLOP/s at the mean time, at the ends of its 99.9% confidence interval, at the best.
      double[] gflops = {
        flop / (micros * 1e3),
        flop / ((micros + error) * 1e3),
        flop / ((micros - error) * 1e3),
        flop / (best * 1e3)
      };
      bySize.computeIfAbsent(n, x -> new LinkedHashMap<>()).put(name, gflops);
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("GFLOP/s (2n³ / mean time per product; higher is better):\n\n| n |");
    names.forEach(name -> out.append(' ').append(name).append(" |"));
    out.append("\n| ---: |");
    names.forEach(name -> out.append(" ---: |"));
    out.append('\n');
    bySize.forEach(
        (n, row) -> {
          out.append("| ").append(n).append(" |");
          for (String name : names) {
            double[] g = row.get(name);
            out.append(' ').append(g == null ? "" : format("%.2f", g[0])).append(" |");
          }
          out.append('\n');
        });
    out.append("\nGFLOP/s in the fastest measurement iteration:\n\n| n |");
    names.forEach(name -> out.append(' ').append(name).append(" |"));
    out.append("\n| ---: |");
    names.forEach(name -> out.append(" ---: |"));
    out.append('\n');
    bySize.forEach(
        (n, row) -> {
          out.append("| ").append(n).append(" |");
          for (String name : names) {
            double[] g = row.get(name);
            out.append(' ').append(g == null ? "" : format("%.2f", g[3])).append(" |");
          }
          out.append('\n');
        });
    String reference = "ejmlMultiThreaded";
    if (names.contains(reference)) {
      out.append("\nRatio to ").append(reference).append(":\n\n| n |");
      names.forEach(name -> out.append(' ').append(name).append(" |"));
      out.append("\n| ---: |");
      names.forEach(name -> out.append(" ---: |"));
      out.append('\n');
      bySize.forEach(
          (n, row) -> {
            double[] ref = row.get(reference);
            out.append("| ").append(n).append(" |");
            for (String name : names) {
              double[] g = row.get(name);
              out.append(' ')
                  .append(g == null || ref == null ? "" : format("%.2f×", g[0] / ref[0]))
                  .append(" |");
            }
            out.append('\n');
          });
    }
    if (names.contains("adjointWithBlas") && names.contains("netlibDirect")) {
      out.append(
          "\nTime of adjointWithBlas / time of netlibDirect (mean; target ≤ 1.20):\n\n"
              + "| n | ratio |\n| ---: | ---: |\n");
      bySize.forEach(
          (n, row) -> {
            double[] withBlas = row.get("adjointWithBlas");
            double[] direct = row.get("netlibDirect");
            if (withBlas != null && direct != null) {
              out.append(format("| %d | %.2f× |%n", n, direct[0] / withBlas[0]));
            }
          });
    }
    out.append("\nGFLOP/s ranges over the 99.9% confidence interval of the time:\n\n");
    bySize.forEach(
        (n, row) ->
            row.forEach(
                (name, g) -> {
                  if (!Double.isNaN(g[1])) {
                    out.append(
                        format(
                            "- n = %d, %s: %.2f (%.2f to %s)%n",
                            n, name, g[0], g[1], g[2] > 0 ? format("%.2f", g[2]) : "∞"));
                  }
                }));
    return out.toString();
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
