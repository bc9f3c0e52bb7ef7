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

import dev.adjoint.Parallel;
import dev.adjoint.Tape;
import dev.adjoint.optim.Sgd;
import dev.adjoint.samples.adbench.AdBench;
import dev.adjoint.samples.adbench.Ba;
import dev.adjoint.samples.adbench.BaGenerated;
import dev.adjoint.samples.adbench.BaInstance;
import dev.adjoint.samples.adbench.BaManual;
import dev.adjoint.samples.adbench.Gmm;
import dev.adjoint.samples.adbench.GmmAdjoint;
import dev.adjoint.samples.adbench.GmmInstance;
import dev.adjoint.samples.adbench.GmmManual;
import dev.adjoint.samples.adbench.Mlp;
import dev.adjoint.samples.adbench.MlpAdjoint;
import dev.adjoint.samples.greeks.AsianManual;
import dev.adjoint.samples.greeks.AsianMarket;
import dev.adjoint.samples.greeks.AsianOption;
import dev.adjoint.samples.greeks.AsianOptionAdjoint;
import dev.adjoint.samples.greeks.GeometricAsian;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorParameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The ADBench models, the MLP step and the Asian option's Greeks timed with {@link Alternating}:
 * ratios from alternating batches in one JVM, after a warm-up that waits for stable times. Prints
 * Markdown. Arguments: suites ({@code gmm ba mlp asian threads tape snapshot edits subnormals}, the
 * first four when none is given) and options {@code rounds=N}, {@code batch=SECONDS}, {@code
 * sizes=2x5,64x10} (GMM), {@code paths=N} (Asian), {@code tape:NAME=DIR}, repeated (the {@code
 * tape} suite: a directory holding the class files of a tape to compare with the class path's, the
 * first one named being the baseline; {@code oldTape=DIR} is {@code tape:old tape=DIR}; see
 * docs/benchmarks.md), and {@code fork}: each suite, and each GMM size, in a JVM of its own (see
 * {@link #forked}). Run it with {@code mvn -B -Pbenchmarks -pl benchmarks -am verify
 * exec:exec@alternating -Dalternating.args="gmm ba"}.
 */
public final class AlternatingBenchmarks {
  private AlternatingBenchmarks() {}

  static final List<String> GMM_SIZES =
      List.of("2x5", "10x5", "10x25", "10x50", "20x25", "64x5", "64x10");

  public static void main(String[] args) throws Throwable {
    List<String> suites = new ArrayList<>();
    Alternating.Options options = Alternating.Options.defaults();
    List<String> sizes = GMM_SIZES;
    int paths = 100_000;
    // The tape suite's tapes to compare, by name: class-file directories (see TapeLoader).
    Map<String, Path> tapes = new java.util.LinkedHashMap<>();
    String chart = null;
    boolean fork = false;
    Path report = null;
    // What a forked run passes on to each child: the options, not the suites, sizes or chart.
    List<String> passed = new ArrayList<>();
    for (String a : args) {
      if (a.equals("fork")) {
        fork = true;
        continue;
      } else if (a.startsWith("report=")) {
        report = Path.of(a.substring(7));
        continue;
      }
      if (a.startsWith("rounds=") || a.startsWith("batch=") || a.startsWith("paths=")) {
        passed.add(a);
      }
      if (a.startsWith("rounds=")) {
        options = options.withRounds(Integer.parseInt(a.substring(7)));
      } else if (a.startsWith("batch=")) {
        options = options.withBatchSeconds(Double.parseDouble(a.substring(6)));
      } else if (a.startsWith("sizes=")) {
        sizes = List.of(a.substring(6).split(","));
      } else if (a.startsWith("paths=")) {
        paths = Integer.parseInt(a.substring(6));
      } else if (a.startsWith("chart=")) {
        chart = a.substring(6);
      } else if (a.startsWith("oldTape=")) {
        tapes.put("old tape", Path.of(a.substring(8)));
      } else if (a.startsWith("tape:") && a.indexOf('=') > 5) {
        tapes.put(a.substring(5, a.indexOf('=')), Path.of(a.substring(a.indexOf('=') + 1)));
      } else if (List.of(
              "gmm", "ba", "mlp", "asian", "threads", "tape", "snapshot", "edits", "subnormals")
          .contains(a)) {
        suites.add(a);
      } else {
        throw new IllegalArgumentException(
            "unknown argument "
                + a
                + " (suites: gmm ba mlp asian "
                + "threads tape snapshot edits subnormals; options: rounds=N batch=SECONDS sizes=DxK,... paths=N oldTape=DIR tape:NAME=DIR chart=FILE.png fork)");
      }
    }
    if (suites.isEmpty()) {
      suites.addAll(List.of("gmm", "ba", "mlp", "asian"));
    }
    PrintStream out = System.out;
    out.printf(
        Locale.ROOT,
        "# Alternating batches: %s%n%nJVM %s %s, %d processors, max heap %d MiB;" + " %s%n",
        suites,
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        options);
    List<String> summary = new ArrayList<>();
    if (fork) {
      forked(suites, sizes, passed, summary);
      suites.clear();
    }
    for (String s : suites) {
      switch (s) {
        case "gmm" -> gmm(sizes, options, out, summary);
        case "ba" -> ba(options, out, summary);
        case "mlp" -> mlp(options, out, summary);
        case "asian" -> asian(paths, options, out, summary);
        case "threads" -> threads(sizes, paths, options, out);
        case "tape" -> tape(tapes, sizes, options, out);
        case "snapshot" -> snapshot(options, out);
        case "edits" -> edits(sizes, options, out);
        case "subnormals" ->
            subnormals(sizes.equals(GMM_SIZES) ? List.of("10x50", "64x10") : sizes, options, out);
        default -> throw new AssertionError(s);
      }
    }
    if (report != null) {
      // A forked child: its summary rows and chart ratios, for the parent to merge.
      List<String> lines = new ArrayList<>();
      summary.forEach(row -> lines.add("S\t" + row));
      AdBenchReport.entries().forEach(e -> lines.add("C\t" + String.join("\t", e)));
      Files.write(report, lines);
      return;
    }
    if (!summary.isEmpty()) {
      out.printf(
          Locale.ROOT,
          "%n### Summary (median per-round ratios, min–max over the rounds)%n%n"
              + "| model | size | generated ÷ objective | hand-written ÷ objective | generated ÷ "
              + "hand-written | load average |%n| --- | --- | ---: | ---: | ---: | --- |%n");
      summary.forEach(out::println);
    }
    if (chart != null) {
      // AdBenchReport's chart, from the median per-round ratios (each objective counts as 1).
      AdBenchReport.chartTitle =
          "Gradient time / objective time (log scale; median of per-round "
              + "ratios, alternating batches, shared 2-core machine)";
      AdBenchReport.chart(new java.io.File(chart));
    }
  }

  /**
   * Runs each suite, and each GMM size, in a JVM of its own, with this JVM's options and class
   * path, and merges their summary rows and chart ratios. In one JVM, code shared across sizes (the
   * objective, the generated pullback) is compiled with the profiles of the sizes that ran before:
   * in a run of every size, GMM's objective at 64×10 took 43 ms a call against 13 ms alone.
   */
  private static void forked(
      List<String> suites, List<String> sizes, List<String> passed, List<String> summary)
      throws Exception {
    List<List<String>> runs = new ArrayList<>();
    for (String suite : suites) {
      if (suite.equals("gmm")) {
        for (String size : sizes) {
          runs.add(List.of(suite, "sizes=" + size));
        }
      } else {
        runs.add(List.of(suite));
      }
    }
    for (List<String> run : runs) {
      Path report = Files.createTempFile("alternating", ".tsv");
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(AlternatingBenchmarks.class.getName());
      command.addAll(run);
      command.addAll(passed);
      command.add("report=" + report);
      int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("forked run " + run + " exited with " + exit);
      }
      for (String line : Files.readAllLines(report)) {
        String[] f = line.split("\t");
        if (f[0].equals("S")) {
          summary.add(line.substring(2));
        } else {
          AdBenchReport.put(
              f[1],
              f[2],
              f[3],
              new double[] {Double.parseDouble(f[4]), 0, Double.NaN, Double.parseDouble(f[4])});
        }
      }
      Files.delete(report);
    }
  }

  static String summaryRow(
      String model,
      String size,
      Alternating.Result r,
      String generated,
      String manual,
      String objective) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s | %.2f–%.2f |",
        model,
        size,
        r.ratioCell(generated, objective),
        manual == null ? "" : r.ratioCell(manual, objective),
        manual == null ? "" : r.ratioCell(generated, manual),
        r.minLoad(),
        r.maxLoad());
  }

  // ---- GMM ----

  static void gmm(
      List<String> sizes, Alternating.Options options, PrintStream out, List<String> summary) {
    for (String size : sizes) {
      String[] dk = size.split("x");
      GmmInstance g =
          GmmInstance.random(Integer.parseInt(dk[0]), Integer.parseInt(dk[1]), 1000, 2026);
      Agreement.require(
          "GMM " + size + " generated", AdBench.gmmManual(g), AdBench.gmmGenerated(g), 1e-8);
      Map<String, DoubleSupplier> c = gmmCandidates(g);
      if (size.equals("10x5")) {
        // The O(parameters) baselines, at the size where JMH's GmmBaselineBenchmark runs them too.
        double[] reference = AdBench.gmmManual(g);
        Agreement.require(
            "GMM " + size + " finite differences",
            reference,
            AdBench.gmmFiniteDifferences(g, GmmBaselineBenchmark.STEP),
            1e-4);
        Agreement.require(
            "GMM " + size + " Hipparchus", reference, HipparchusAd.gmmGradient(g), 1e-8);
        c.put(
            "finiteDifferences",
            () -> AdBench.gmmFiniteDifferences(g, GmmBaselineBenchmark.STEP)[0]);
        c.put("hipparchus", () -> HipparchusAd.gmmGradient(g)[0]);
      }
      var r = Alternating.compare("GMM d×K = " + size + ", n = 1000", c, options, System.err);
      r.print(out, "objective");
      forChart(r, "GmmBenchmark", size, "objective", "generated", "manual");
      forChart(r, "GmmBaselineBenchmark", size, "objective", "finiteDifferences", "hipparchus");
      out.printf(Locale.ROOT, "%ngenerated ÷ manual: %s%n", r.ratioCell("generated", "manual"));
      summary.add(summaryRow("GMM", size, r, "generated", "manual", "objective"));
    }
  }

  /** GMM's objective, generated gradient and hand-written gradient, in that order. */
  static Map<String, DoubleSupplier> gmmCandidates(GmmInstance g) {
    double[] a = new double[g.alphas().length], mu = new double[g.means().length];
    double[] q = new double[g.icf().length];
    double[] work = new double[GmmManual.workSize(g.d(), g.k())];
    Map<String, DoubleSupplier> c = Alternating.candidates();
    c.put(
        "objective",
        () ->
            Gmm.objective(
                g.alphas(), g.means(), g.icf(), g.x(), g.d(), g.k(), g.n(), g.gamma(), g.m()));
    c.put("generated", gmmGenerated(g, a, mu, q));
    c.put(
        "manual",
        () -> {
          Arrays.fill(a, 0);
          Arrays.fill(mu, 0);
          Arrays.fill(q, 0);
          return GmmManual.gradient(
                  g.alphas(),
                  g.means(),
                  g.icf(),
                  g.x(),
                  g.d(),
                  g.k(),
                  g.n(),
                  g.gamma(),
                  g.m(),
                  a,
                  mu,
                  q,
                  work)
              + q[0];
        });
    return c;
  }

  /**
   * Why GMM at d = 64 costs more, against its objective, on some CPUs than on others: subnormal
   * numbers. At d = 64 a point's mixture weights (the softmax over components of the log-densities,
   * which seed each component's reverse sweep) span hundreds of orders of magnitude; where a weight
   * is below about 1e-280, the products of the reverse sweep's triangle loop are subnormal, and on
   * CPUs that take a microcode assist per subnormal operand (Intel's, unlike AMD's Zen) each costs
   * tens of times a normal multiply-add. Java has no flush-to-zero mode (JAX and TensorFlow set the
   * CPU's FTZ/DAZ flags), and both adjoints, generated and hand-written, pay it.
   *
   * <p>This suite counts those weights for each size and times objective, generated and
   * hand-written gradient on two problems of the same shape and the same work: ADBench's
   * distributions, and the same problem with its strictly lower triangles {@code L} scaled by 1/8,
   * whose weights stay far from the subnormal range. The code and its trip counts are the same;
   * only the magnitudes differ.
   */
  static void subnormals(List<String> sizes, Alternating.Options options, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%n| size | problem | weights = 0 | 0 < weights < 1e-280 | generated ÷ objective |"
            + " hand-written ÷ objective | load average |%n| --- | --- | ---: | ---: | ---: | ---: |"
            + " --- |%n");
    for (String size : sizes) {
      String[] dk = size.split("x");
      GmmInstance adbench =
          GmmInstance.random(Integer.parseInt(dk[0]), Integer.parseInt(dk[1]), 1000, 2026);
      double[] icf = adbench.icf().clone();
      for (int l = 0; l < icf.length; l++) {
        icf[l] /= 8;
      }
      GmmInstance milder =
          new GmmInstance(
              adbench.d(),
              adbench.k(),
              adbench.n(),
              adbench.alphas(),
              adbench.means(),
              icf,
              adbench.x(),
              adbench.gamma(),
              adbench.m());
      for (GmmInstance g : List.of(adbench, milder)) {
        String problem = g == adbench ? "ADBench's distributions" : "icf / 8";
        Agreement.require(
            "GMM " + size + " " + problem, AdBench.gmmManual(g), AdBench.gmmGenerated(g), 1e-8);
        long[] weights = tinyWeights(g);
        var r =
            Alternating.compare(
                "GMM d×K = " + size + ", n = 1000, " + problem,
                gmmCandidates(g),
                options,
                System.err);
        out.printf(
            Locale.ROOT,
            "| %s | %s | %.1f %% | %.1f %% | %s | %s | %.2f–%.2f |%n",
            size,
            problem,
            100.0 * weights[0] / weights[2],
            100.0 * weights[1] / weights[2],
            r.ratioCell("generated", "objective"),
            r.ratioCell("manual", "objective"),
            r.minLoad(),
            r.maxLoad());
      }
    }
  }

  /**
   * The mixture weights of every point and component, counted: {exactly 0, in (0, 1e-280), all}.
   * The weight of component k at point i is exp(β_ik - logsumexp_k β_ik), β being the objective's
   * {@code mainTerm}.
   */
  static long[] tinyWeights(GmmInstance g) {
    int d = g.d(), k = g.k();
    double[] beta = new double[k], xc = new double[d], qx = new double[d];
    long[] counts = new long[3];
    for (int ix = 0; ix < g.n(); ix++) {
      for (int ik = 0; ik < k; ik++) {
        int base = ik * g.icfSize();
        double sumQ = 0;
        for (int id = 0; id < d; id++) {
          xc[id] = g.x()[ix * d + id] - g.means()[ik * d + id];
          qx[id] = Math.exp(g.icf()[base + id]) * xc[id];
          sumQ += g.icf()[base + id];
        }
        int l = base + d;
        for (int i = 0; i < d; i++) {
          for (int j = i + 1; j < d; j++) {
            qx[j] += g.icf()[l++] * xc[i];
          }
        }
        double sqnorm = 0;
        for (double v : qx) {
          sqnorm += v * v;
        }
        beta[ik] = g.alphas()[ik] + sumQ - 0.5 * sqnorm;
      }
      double lse = Gmm.logsumexp(beta, k);
      for (double b : beta) {
        double w = Math.exp(b - lse);
        if (w == 0) {
          counts[0]++;
        } else if (w < 1e-280) {
          counts[1]++;
        }
      }
    }
    counts[2] = (long) g.n() * k;
    return counts;
  }

  /** GMM's generated gradient into {@code a}, {@code mu} and {@code q}, zeroed first. */
  static DoubleSupplier gmmGenerated(GmmInstance g, double[] a, double[] mu, double[] q) {
    return () -> {
      Arrays.fill(a, 0);
      Arrays.fill(mu, 0);
      Arrays.fill(q, 0);
      return GmmAdjoint.objectivePullback(
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
              a,
              mu,
              q)
          + q[0];
    };
  }

  /**
   * Puts the median per-round ratios to {@code baseline} where AdBenchReport's chart reads them.
   */
  static void forChart(
      Alternating.Result r, String cls, String size, String baseline, String... methods) {
    if (cls.equals("GmmBenchmark")) {
      AdBenchReport.put(cls, size, baseline, new double[] {1, 0, Double.NaN, 1});
    }
    for (String method : methods) {
      if (r.names().contains(method)) {
        double ratio = r.medianRatio(method, baseline);
        AdBenchReport.put(cls, size, method, new double[] {ratio, 0, Double.NaN, ratio});
      }
    }
  }

  // ---- BA ----

  static void ba(Alternating.Options options, PrintStream out, List<String> summary) {
    for (String instance : List.of("ba1_n49_m7776_p31843", "ba3_n161_m48126_p182072")) {
      String[] parts = instance.split("_");
      BaInstance b =
          BaInstance.adbench(
              Integer.parseInt(parts[1].substring(1)),
              Integer.parseInt(parts[2].substring(1)),
              Integer.parseInt(parts[3].substring(1)));
      double[] reprojErr = new double[2 * b.p()], wErr = new double[b.p()];
      double[] jac = new double[30 * b.p()], wJac = new double[b.p()];
      double[] camsBar = new double[b.cams().length], xsBar = new double[b.xs().length];
      double[] wBar = new double[1];
      double[] manual = new double[30 * b.p()], other = new double[30 * b.p()];
      BaManual.jacobian(b, manual, wJac);
      BaGenerated.jacobian(b, other, wJac);
      Agreement.require("BA " + instance + " generated", manual, other, 1e-8);
      BaGenerated.jacobianByPullbacks(b, other, wJac, camsBar, xsBar, wBar);
      Agreement.require("BA " + instance + " generated (2 pullbacks)", manual, other, 1e-8);
      HipparchusAd.baJacobian(b, other, wJac);
      Agreement.require("BA " + instance + " Hipparchus", manual, other, 1e-8);
      AdBench.baFiniteDifferences(b, BaBenchmark.STEP, other, wJac);
      Agreement.require("BA " + instance + " finite differences", manual, other, 1e-5);
      Map<String, DoubleSupplier> c = Alternating.candidates();
      c.put(
          "objective",
          () -> {
            Ba.objective(b, reprojErr, wErr);
            return reprojErr[0] + wErr[0];
          });
      c.put(
          "generated",
          () -> {
            BaGenerated.jacobian(b, jac, wJac);
            return jac[jac.length - 1];
          });
      c.put(
          "generated (2 pullbacks)",
          () -> {
            BaGenerated.jacobianByPullbacks(b, jac, wJac, camsBar, xsBar, wBar);
            return jac[jac.length - 1];
          });
      c.put(
          "manual",
          () -> {
            BaManual.jacobian(b, jac, wJac);
            return jac[jac.length - 1];
          });
      c.put(
          "finiteDifferences",
          () -> {
            AdBench.baFiniteDifferences(b, BaBenchmark.STEP, jac, wJac);
            return jac[jac.length - 1];
          });
      c.put(
          "hipparchus",
          () -> {
            HipparchusAd.baJacobian(b, jac, wJac);
            return jac[jac.length - 1];
          });
      var r = Alternating.compare("BA " + instance + " (Jacobian)", c, options, System.err);
      r.print(out, "objective");
      forChart(
          r,
          "BaBenchmark",
          instance,
          "objective",
          "objective",
          "generated",
          "manual",
          "finiteDifferences",
          "hipparchus");
      out.printf(Locale.ROOT, "%ngenerated ÷ manual: %s%n", r.ratioCell("generated", "manual"));
      summary.add(summaryRow("BA", instance, r, "generated", "manual", "objective"));
    }
  }

  // ---- MLP ----

  static void mlp(Alternating.Options options, PrintStream out, List<String> summary) {
    // As MlpBenchmark: 784-128-10, batch 64, pure-Java kernels when the JVM was started with
    // -Ddev.adjoint.tensor.blas=false (exec:exec@alternating does).
    SplittableRandom rng = new SplittableRandom(7);
    TensorParameter w1 = TensorParameter.of(Tensor.heNormal(rng, 784, 128));
    TensorParameter b1 = TensorParameter.of(Tensor.zeros(128));
    TensorParameter w2 = TensorParameter.of(Tensor.heNormal(rng, 128, 10));
    TensorParameter b2 = TensorParameter.of(Tensor.zeros(10));
    Tensor x = Tensor.rand(rng, 64, 784);
    int[] labels = new int[64];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rng.nextInt(10);
    }
    Sgd sgd = new Sgd(List.of(w1, b1, w2, b2), Sgd.Options.defaults().lr(1e-9));
    Map<String, DoubleSupplier> c = Alternating.candidates();
    c.put(
        "objective", () -> Mlp.loss(w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), x, labels));
    c.put(
        "generated",
        () ->
            MlpAdjoint.lossGradient(w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), x, labels)
                .value());
    c.put(
        "trainingStep",
        () -> {
          var g =
              MlpAdjoint.lossGradient(
                  w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), x, labels);
          sgd.zeroGrad();
          w1.addGrad(g.w1());
          b1.addGrad(g.b1());
          w2.addGrad(g.w2());
          b2.addGrad(g.b2());
          sgd.step();
          return g.value();
        });
    var r = Alternating.compare("MLP 784-128-10, batch 64", c, options, System.err);
    r.print(out, "objective");
    out.printf(
        Locale.ROOT, "%ntrainingStep ÷ generated: %s%n", r.ratioCell("trainingStep", "generated"));
    summary.add(summaryRow("MLP step", "batch 64", r, "generated", null, "objective"));
  }

  // ---- Chunked loops on several threads ----

  /**
   * The generated gradients whose loops run in chunks ({@code dev.adjoint.Parallel}): GMM at each
   * size and the Asian option's Greeks, on one thread and on two, after checking that both give the
   * same bits. Wall-clock time: the calling thread's CPU time leaves out the pool's threads.
   */
  static void threads(List<String> sizes, int paths, Alternating.Options options, PrintStream out) {
    if (Alternating.CPU_CLOCK) {
      throw new IllegalArgumentException(
          "the threads suite needs wall-clock time: drop -Dalternating.clock=cpu");
    }
    out.printf(
        Locale.ROOT,
        "%n### Chunked loops on 1 and 2 threads (wall clock)%n%n"
            + "| gradient | 1 thread ÷ 2 threads | load average |%n| --- | ---: | --- |%n");
    List<String> rows = new ArrayList<>();
    for (String size : sizes) {
      String[] dk = size.split("x");
      GmmInstance g =
          GmmInstance.random(Integer.parseInt(dk[0]), Integer.parseInt(dk[1]), 1000, 2026);
      requireSameOnOneAndTwoThreads("GMM " + size, () -> AdBench.gmmGenerated(g));
      double[] a = new double[g.alphas().length], mu = new double[g.means().length];
      double[] q = new double[g.icf().length];
      rows.add(threadRow("GMM d×K = " + size + ", n = 1000", gmmGenerated(g, a, mu, q), options));
    }
    AsianMarket m = AsianMarket.atTheMoney(paths, 64, 2026);
    requireSameOnOneAndTwoThreads("Asian", m::generated);
    rows.add(
        threadRow(
            "Asian call Greeks, " + paths + " paths × 64 steps", () -> m.generated()[3], options));
    rows.forEach(out::println);
  }

  /**
   * Checks that a gradient holds the same bits on one thread and on two, with every later chunk
   * sent to the pool (however quick), so that the check runs the pool's path.
   */
  private static void requireSameOnOneAndTwoThreads(
      String name, java.util.function.Supplier<double[]> gradient) {
    Parallel.setThreads(1);
    double[] one = gradient.get();
    Parallel.setThreads(2);
    Parallel.setWorthNanos(0);
    double[] two = gradient.get();
    Parallel.setThreads(1);
    Parallel.setWorthNanos(Parallel.WORTH_NANOS);
    if (!Arrays.equals(one, two)) {
      throw new IllegalStateException(name + ": 1 and 2 threads differ");
    }
  }

  /** One row of {@link #threads}: the gradient timed on 1 and on 2 threads, alternating. */
  private static String threadRow(
      String name, DoubleSupplier gradient, Alternating.Options options) {
    Map<String, DoubleSupplier> c = Alternating.candidates();
    c.put(
        "oneThread",
        () -> {
          Parallel.setThreads(1);
          return gradient.getAsDouble();
        });
    c.put(
        "twoThreads",
        () -> {
          Parallel.setThreads(2);
          return gradient.getAsDouble();
        });
    var r = Alternating.compare(name, c, options, System.err);
    Parallel.setThreads(1);
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.2f–%.2f |",
        name,
        r.ratioCell("oneThread", "twoThreads"),
        r.minLoad(),
        r.maxLoad());
  }

  // ---- Asian option ----

  static void asian(int paths, Alternating.Options options, PrintStream out, List<String> summary) {
    AsianMarket m = AsianMarket.atTheMoney(paths, 64, 2026);
    FinmathAsian finmath = new FinmathAsian(m);
    double[] manual = m.manual(), generated = m.generated(), fd = m.finiteDifferences(1e-6);
    double[] aad = finmath.priceAndGreeks();
    Agreement.require("Asian generated", manual, generated, 1e-12);
    Agreement.require("Asian finmath AAD", manual, aad, 1e-12);
    double fdError = 0;
    for (int i = 1; i < 4; i++) {
      fdError = Math.max(fdError, Math.abs(fd[i] - manual[i]) / Math.abs(manual[i]));
    }
    if (!(fdError < 1e-6)) {
      throw new IllegalStateException("central differences off by " + fdError + " (relative)");
    }
    double geometricMc =
        AsianOption.geometricPrice(
            m.spot(), m.sigma(), m.rate(), m.strike(), m.maturity(), m.normals());
    // The Monte Carlo error of that geometric price: the standard deviation of the discounted
    // payoffs over √paths.
    double discount = Math.exp(-m.rate() * m.maturity()), total = 0, squares = 0;
    double dt0 = m.maturity() / m.steps();
    for (double[] z : m.normals()) {
      double v =
          discount
              * AsianOption.geometricPayoff(
                  m.spot(),
                  (m.rate() - 0.5 * m.sigma() * m.sigma()) * dt0,
                  m.sigma() * Math.sqrt(dt0),
                  m.strike(),
                  z);
      total += v;
      squares += v * v;
    }
    double mean = total / m.paths();
    double geometricError = Math.sqrt((squares / m.paths() - mean * mean) / (m.paths() - 1));
    double geometricExact =
        GeometricAsian.price(m.spot(), m.sigma(), m.rate(), m.strike(), m.maturity(), m.steps());
    out.printf(
        Locale.ROOT,
        "%n### Asian call, %d paths × %d steps: the Greeks before timing%n%n"
            + "| method | price | delta | vega | rho |%n| --- | ---: | ---: | ---: | ---: |%n",
        m.paths(),
        m.steps());
    String[] labels = {
      "generated gradient",
      "hand-written adjoint",
      "finmath AAD",
      "central differences (h = 1e-6 relative)"
    };
    double[][] rows = {generated, manual, aad, fd};
    for (int i = 0; i < rows.length; i++) {
      out.printf(
          Locale.ROOT,
          "| %s | %.10f | %.10f | %.10f | %.10f |%n",
          labels[i],
          rows[i][0],
          rows[i][1],
          rows[i][2],
          rows[i][3]);
    }
    out.printf(
        Locale.ROOT,
        "%nmax rho against the hand-written adjoint: generated %.2g, finmath "
            + "%.2g; central differences %.2g (relative). Geometric-average Asian on the same "
            + "paths: %.6f ± %.6f (one standard error), closed form %.6f.%n",
        AdBench.maxRho(manual, generated),
        AdBench.maxRho(manual, aad),
        fdError,
        geometricMc,
        geometricError,
        geometricExact);

    Map<String, DoubleSupplier> c = Alternating.candidates();
    double[] greeks = new double[3];
    c.put("price", m::price);
    c.put(
        "generated",
        () -> {
          var g =
              AsianOptionAdjoint.priceGradient(
                  m.spot(), m.sigma(), m.rate(), m.strike(), m.maturity(), m.normals());
          return g.value() + g.rate();
        });
    c.put(
        "manual",
        () ->
            AsianManual.priceAndGreeks(
                    m.spot(), m.sigma(), m.rate(), m.strike(), m.maturity(), m.normals(), greeks)
                + greeks[2]);
    // The generated gradient's two parts: the per-path pullbacks its reverse sweep calls (each
    // re-runs its path forward, taping), without the forward sweep's plain payoff calls.
    double dt = m.maturity() / m.steps();
    double drift = (m.rate() - 0.5 * m.sigma() * m.sigma()) * dt;
    double vol = m.sigma() * Math.sqrt(dt);
    double[] pathAdjoint = new double[3];
    c.put(
        "pathPullbacksOnly",
        () -> {
          double sum = 0;
          for (double[] z : m.normals()) {
            sum +=
                AsianOptionAdjoint.payoffPullback(
                    m.spot(), drift, vol, m.strike(), z, 1.0, pathAdjoint);
          }
          return sum + pathAdjoint[0];
        });
    c.put("finiteDifferences", () -> m.finiteDifferences(1e-6)[3]);
    c.put("finmathAad", () -> finmath.priceAndGreeks()[3]);
    c.put("finmathPrice", finmath::price);
    var r =
        Alternating.compare(
            "Asian call, "
                + m.paths()
                + " paths × "
                + m.steps()
                + " steps: price and delta, vega, rho",
            c,
            options,
            System.err);
    r.print(out, "price");
    out.printf(
        Locale.ROOT,
        "%ngenerated ÷ manual: %s; finmathAad ÷ generated: %s; finmathAad ÷ "
            + "finmathPrice: %s%n",
        r.ratioCell("generated", "manual"),
        r.ratioCell("finmathAad", "generated"),
        r.ratioCell("finmathAad", "finmathPrice"));
    summary.add(
        summaryRow("Asian Greeks", m.paths() + "×" + m.steps(), r, "generated", "manual", "price"));
  }

  // ---- The tape's layout: the GMM gradient against the same code linked to another Tape ----

  /**
   * Defines its own copy of the ADBench package ({@code GmmAdjoint} and what it calls) and of
   * {@code dev.adjoint.Tape}, taking Tape's class files from {@code tapeDir} (or, when null, from
   * the class path: the current tape), so that two copies of the same generated code, each linked
   * to its own Tape, run side by side in one JVM. Everything else comes from the parent.
   */
  static final class TapeLoader extends ClassLoader {
    private final Path tapeDir;

    TapeLoader(ClassLoader parent, Path tapeDir) {
      super(parent);
      this.tapeDir = tapeDir;
    }

    static boolean isolated(String name) {
      return name.equals("dev.adjoint.Tape")
          || name.startsWith("dev.adjoint.Tape$")
          || name.startsWith("dev.adjoint.samples.adbench.");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!isolated(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          byte[] bytes = bytes(name);
          c = defineClass(name, bytes, 0, bytes.length);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    private byte[] bytes(String name) throws ClassNotFoundException {
      String file = name.replace('.', '/') + ".class";
      try {
        boolean tape = name.equals("dev.adjoint.Tape") || name.startsWith("dev.adjoint.Tape$");
        if (tape && tapeDir != null) {
          return Files.readAllBytes(tapeDir.resolve(file));
        }
        try (InputStream in = getParent().getResourceAsStream(file)) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          return in.readAllBytes();
        }
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }

  static MethodHandle gmmPullback(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> c = Class.forName("dev.adjoint.samples.adbench.GmmAdjoint", true, loader);
    Class<?> tape = Class.forName("dev.adjoint.Tape", false, loader);
    if (tape.getClassLoader() != loader) {
      throw new IllegalStateException("Tape was not isolated");
    }
    MethodType t =
        MethodType.methodType(
            double.class,
            double[].class,
            double[].class,
            double[].class,
            double[].class,
            int.class,
            int.class,
            int.class,
            double.class,
            int.class,
            double.class,
            double[].class,
            double[].class,
            double[].class);
    return MethodHandles.publicLookup().findStatic(c, "objectivePullback", t);
  }

  static MethodHandle baJacobian(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> generated = Class.forName("dev.adjoint.samples.adbench.BaGenerated", true, loader);
    Class<?> instance = Class.forName("dev.adjoint.samples.adbench.BaInstance", true, loader);
    MethodType t =
        MethodType.methodType(
            void.class,
            instance,
            double[].class,
            double[].class,
            double[].class,
            double[].class,
            double[].class);
    MethodHandle h = MethodHandles.publicLookup().findStatic(generated, "jacobianByPullbacks", t);
    return h.asType(h.type().changeParameterType(0, Object.class));
  }

  static Object baInstance(ClassLoader loader, int n, int m, int p)
      throws ReflectiveOperationException {
    Class<?> instance = Class.forName("dev.adjoint.samples.adbench.BaInstance", true, loader);
    return instance.getMethod("adbench", int.class, int.class, int.class).invoke(null, n, m, p);
  }

  /**
   * The generated GMM gradient (at each of {@code sizes}, 64x10 and 10x50 by default) and BA
   * Jacobian (ba1), each linked in turn to the class path's tape and to each of {@code tapes}.
   */
  static void tape(
      Map<String, Path> tapes, List<String> sizes, Alternating.Options options, PrintStream out)
      throws Throwable {
    if (tapes.isEmpty()) {
      throw new IllegalArgumentException(
          "the tape suite needs tape:NAME=DIR (or oldTape=DIR), DIR holding "
              + "dev/adjoint/Tape.class (see docs/benchmarks.md)");
    }
    ClassLoader parent = AlternatingBenchmarks.class.getClassLoader();
    Map<String, TapeLoader> loaders = new java.util.LinkedHashMap<>();
    for (var e : tapes.entrySet()) {
      if (!Files.isRegularFile(e.getValue().resolve("dev/adjoint/Tape.class"))) {
        throw new IllegalArgumentException(
            e.getValue() + " holds no dev/adjoint/Tape.class (tape " + e.getKey() + ")");
      }
      loaders.put(e.getKey(), new TapeLoader(parent, e.getValue()));
    }
    loaders.put("class path", new TapeLoader(parent, null));
    String baseline = tapes.keySet().iterator().next();
    List<String> tapeSizes = sizes.equals(GMM_SIZES) ? List.of("64x10", "10x50") : sizes;
    for (String size : tapeSizes) {
      String[] dk = size.split("x");
      GmmInstance g =
          GmmInstance.random(Integer.parseInt(dk[0]), Integer.parseInt(dk[1]), 1000, 2026);
      double[] reference = AdBench.gmmManual(g);
      Map<String, DoubleSupplier> c = Alternating.candidates();
      for (var e : loaders.entrySet()) {
        double[] a = new double[g.alphas().length], mu = new double[g.means().length];
        double[] q = new double[g.icf().length];
        MethodHandle h = gmmPullback(e.getValue());
        DoubleSupplier f =
            () -> {
              Arrays.fill(a, 0);
              Arrays.fill(mu, 0);
              Arrays.fill(q, 0);
              try {
                return (double)
                        h.invokeExact(
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
                            a,
                            mu,
                            q)
                    + q[0];
              } catch (Throwable t) {
                throw new IllegalStateException(t);
              }
            };
        f.getAsDouble();
        double[] all = new double[a.length + mu.length + q.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(mu, 0, all, a.length, mu.length);
        System.arraycopy(q, 0, all, a.length + mu.length, q.length);
        Agreement.require("GMM " + size + " " + e.getKey(), reference, all, 1e-8);
        c.put(e.getKey(), f);
      }
      var r =
          Alternating.compare(
              "GMM d×K = " + size + ": the generated gradient with each tape",
              c,
              options,
              System.err);
      r.print(out, baseline);
      printPairs(r, out);
    }
    // BA's pullback is straight-line code that pushes 39 values and pops them, per call.
    BaInstance b = BaInstance.adbench(49, 7776, 31843);
    double[] manual = new double[30 * b.p()], wManual = new double[b.p()];
    BaManual.jacobian(b, manual, wManual);
    Map<String, DoubleSupplier> c = Alternating.candidates();
    for (var e : loaders.entrySet()) {
      Object instance = baInstance(e.getValue(), 49, 7776, 31843);
      MethodHandle h = baJacobian(e.getValue());
      double[] jac = new double[30 * b.p()], wJac = new double[b.p()];
      double[] camsBar = new double[b.cams().length], xsBar = new double[b.xs().length];
      double[] wBar = new double[1];
      DoubleSupplier f =
          () -> {
            try {
              h.invokeExact(instance, jac, wJac, camsBar, xsBar, wBar);
            } catch (Throwable t) {
              throw new IllegalStateException(t);
            }
            return jac[jac.length - 1];
          };
      f.getAsDouble();
      Agreement.require("BA ba1 " + e.getKey(), manual, jac, 1e-8);
      c.put(e.getKey(), f);
    }
    var r =
        Alternating.compare(
            "BA ba1 (Jacobian): the generated Jacobian with each tape", c, options, System.err);
    r.print(out, baseline);
    printPairs(r, out);
  }

  // ---- Hand-edited copies of generated code: the share of issue 15's transforms ----

  /**
   * The generated GMM gradient against a hand-edited copy without the taping of {@code
   * qxcentered[j]} (dev.adjoint.benchmarks.handedited.GmmAlreadySaved), at 64x10 and 10x50 unless
   * sizes are given.
   */
  static void edits(List<String> sizes, Alternating.Options options, PrintStream out) {
    for (String size : sizes.equals(GMM_SIZES) ? List.of("64x10", "10x50") : sizes) {
      String[] dk = size.split("x");
      GmmInstance g =
          GmmInstance.random(Integer.parseInt(dk[0]), Integer.parseInt(dk[1]), 1000, 2026);
      double[] a = new double[g.alphas().length], mu = new double[g.means().length];
      double[] q = new double[g.icf().length];
      double[] a2 = a.clone(), mu2 = mu.clone(), q2 = q.clone();
      double v1 =
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
              a,
              mu,
              q);
      double v2 =
          dev.adjoint.benchmarks.handedited.GmmAlreadySaved.objectivePullback(
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
              a2,
              mu2,
              q2);
      if (v1 != v2 || !Arrays.equals(a, a2) || !Arrays.equals(mu, mu2) || !Arrays.equals(q, q2)) {
        throw new IllegalStateException("GMM " + size + ": the hand-edited gradient differs");
      }
      Arrays.fill(a2, 0);
      Arrays.fill(mu2, 0);
      Arrays.fill(q2, 0);
      double v3 =
          dev.adjoint.benchmarks.handedited.GmmTripCounts.objectivePullback(
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
              a2,
              mu2,
              q2);
      if (v1 != v3 || !Arrays.equals(a, a2) || !Arrays.equals(mu, mu2) || !Arrays.equals(q, q2)) {
        throw new IllegalStateException(
            "GMM " + size + ": the second hand-edited gradient differs");
      }
      if (Tape.get().size() != 0) {
        throw new IllegalStateException("GMM " + size + ": a hand-edited pullback left the tape");
      }
      double[] work = new double[GmmManual.workSize(g.d(), g.k())];
      Map<String, DoubleSupplier> c = Alternating.candidates();
      c.put(
          "objective",
          () ->
              Gmm.objective(
                  g.alphas(), g.means(), g.icf(), g.x(), g.d(), g.k(), g.n(), g.gamma(), g.m()));
      c.put(
          "generated",
          () -> {
            Arrays.fill(q, 0);
            return GmmAdjoint.objectivePullback(
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
                    a,
                    mu,
                    q)
                + q[0];
          });
      c.put(
          "already saved (hand-edited)",
          () -> {
            Arrays.fill(q, 0);
            return dev.adjoint.benchmarks.handedited.GmmAlreadySaved.objectivePullback(
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
                    a,
                    mu,
                    q)
                + q[0];
          });
      c.put(
          "+ trip counts computed (hand-edited)",
          () -> {
            Arrays.fill(q, 0);
            return dev.adjoint.benchmarks.handedited.GmmTripCounts.objectivePullback(
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
                    a,
                    mu,
                    q)
                + q[0];
          });
      c.put(
          "manual",
          () -> {
            Arrays.fill(q, 0);
            return GmmManual.gradient(
                    g.alphas(),
                    g.means(),
                    g.icf(),
                    g.x(),
                    g.d(),
                    g.k(),
                    g.n(),
                    g.gamma(),
                    g.m(),
                    a,
                    mu,
                    q,
                    work)
                + q[0];
          });
      var r =
          Alternating.compare(
              "GMM d×K = " + size + ": generated and hand-edited gradients",
              c,
              options,
              System.err);
      r.print(out, "objective");
      printPairs(r, out);
    }
  }

  // ---- Split mode's snapshot on small top-level pullbacks ----

  /**
   * The generated (split) pullbacks of two straight-line methods against joint forms written by
   * hand from the same generated sweeps ({@code dev.adjoint.benchmarks.handedited}): the tour's
   * {@code Survey.f} (a snapshot of 2 values) and BA's reprojection (39 values, in the Jacobian).
   */
  static void snapshot(Alternating.Options options, PrintStream out) {
    int points = 1024;
    double[] x1 = new double[points], x2 = new double[points];
    SplittableRandom rng = new SplittableRandom(15);
    for (int i = 0; i < points; i++) {
      x1[i] = 0.5 + 3 * rng.nextDouble();
      x2[i] = -3 + 6 * rng.nextDouble();
    }
    double[] split = new double[2], joint = new double[2];
    for (int i = 0; i < points; i++) {
      double a = dev.adjoint.samples.SurveyAdjoint.fPullback(x1[i], x2[i], 1.0, split);
      double b =
          dev.adjoint.benchmarks.handedited.SurveyJointByHand.fPullback(x1[i], x2[i], 1.0, joint);
      if (a != b || split[0] != joint[0] || split[1] != joint[1]) {
        throw new IllegalStateException("Survey.f: the joint form by hand differs at " + i);
      }
    }
    double[] adjoint = new double[2];
    Map<String, DoubleSupplier> c = Alternating.candidates();
    c.put(
        "objective",
        () -> {
          double s = 0;
          for (int i = 0; i < points; i++) {
            s += dev.adjoint.samples.Survey.f(x1[i], x2[i]);
          }
          return s;
        });
    c.put(
        "split (generated fPullback)",
        () -> {
          double s = 0;
          for (int i = 0; i < points; i++) {
            s += dev.adjoint.samples.SurveyAdjoint.fPullback(x1[i], x2[i], 1.0, adjoint);
          }
          return s + adjoint[0];
        });
    c.put(
        "joint (by hand)",
        () -> {
          double s = 0;
          for (int i = 0; i < points; i++) {
            s +=
                dev.adjoint.benchmarks.handedited.SurveyJointByHand.fPullback(
                    x1[i], x2[i], 1.0, adjoint);
          }
          return s + adjoint[0];
        });
    // Issue 15: a steady-state fPullback allocates nothing. Measured after the warm-up below.
    Runnable surveyCalls =
        () -> {
          for (int i = 0; i < points; i++) {
            dev.adjoint.samples.SurveyAdjoint.fPullback(x1[i], x2[i], 1.0, adjoint);
          }
        };
    var r =
        Alternating.compare(
            "Survey.f: " + points + " pullbacks (a snapshot of 2 doubles each)",
            c,
            options,
            System.err);
    r.print(out, "objective");
    printPairs(r, out);
    out.printf(
        Locale.ROOT,
        "%nBytes allocated per SurveyAdjoint.fPullback call, warm: %.3f%n",
        allocatedPerCall(surveyCalls, points));

    BaInstance b = BaInstance.adbench(49, 7776, 31843);
    double[] reprojErr = new double[2 * b.p()], wErr = new double[b.p()];
    double[] manual = new double[30 * b.p()], other = new double[30 * b.p()];
    double[] jac = new double[30 * b.p()], wJac = new double[b.p()];
    double[] camsBar = new double[b.cams().length], xsBar = new double[b.xs().length];
    double[] wBar = new double[1];
    BaManual.jacobian(b, manual, wJac);
    dev.adjoint.benchmarks.handedited.BaJointByHand.jacobian(b, other, wJac, camsBar, xsBar, wBar);
    Agreement.require("BA ba1 joint by hand", manual, other, 1e-8);
    BaGenerated.jacobianByPullbacks(b, jac, wJac, camsBar, xsBar, wBar);
    if (!Arrays.equals(jac, other)) {
      throw new IllegalStateException("BA: the joint form by hand differs from the generated one");
    }
    Map<String, DoubleSupplier> d = Alternating.candidates();
    d.put(
        "objective",
        () -> {
          Ba.objective(b, reprojErr, wErr);
          return reprojErr[0] + wErr[0];
        });
    d.put(
        "split (generated)",
        () -> {
          BaGenerated.jacobianByPullbacks(b, jac, wJac, camsBar, xsBar, wBar);
          return jac[jac.length - 1];
        });
    d.put(
        "joint (by hand)",
        () -> {
          dev.adjoint.benchmarks.handedited.BaJointByHand.jacobian(
              b, jac, wJac, camsBar, xsBar, wBar);
          return jac[jac.length - 1];
        });
    d.put(
        "manual",
        () -> {
          BaManual.jacobian(b, jac, wJac);
          return jac[jac.length - 1];
        });
    var q =
        Alternating.compare(
            "BA ba1 (Jacobian, 2 pullbacks of a snapshot of 39 values per observation)",
            d,
            options,
            System.err);
    q.print(out, "objective");
    printPairs(q, out);
    out.printf(
        Locale.ROOT,
        "%nBytes allocated per BaAdjoint.reprojectionPullback call (in BaGenerated.jacobianByPullbacks), warm:"
            + " %.3f%n",
        allocatedPerCall(
            () -> BaGenerated.jacobianByPullbacks(b, jac, wJac, camsBar, xsBar, wBar), 2 * b.p()));
  }

  /** Bytes the calling thread allocates per call of {@code calls} (which makes {@code n} calls). */
  static double allocatedPerCall(Runnable calls, int n) {
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    calls.run();
    long before = threads.getCurrentThreadAllocatedBytes();
    int repeats = 20;
    for (int i = 0; i < repeats; i++) {
      calls.run();
    }
    return (double) (threads.getCurrentThreadAllocatedBytes() - before) / ((long) repeats * n);
  }

  /** Every candidate's median per-round ratio to every other, so that any pair can be read. */
  static void printPairs(Alternating.Result r, PrintStream out) {
    out.println();
    for (String a : r.names()) {
      for (String b : r.names()) {
        if (!a.equals(b)) {
          out.printf(Locale.ROOT, "%s ÷ %s: %s%n", a, b, r.ratioCell(a, b));
        }
      }
    }
  }
}
