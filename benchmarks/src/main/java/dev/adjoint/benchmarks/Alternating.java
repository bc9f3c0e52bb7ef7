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

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A timing harness for calls that take milliseconds to seconds, where JMH's short default warm-up
 * leaves the code half-compiled and a shared machine's load drifts during a run: every candidate is
 * warmed, in turns, until its time per call is stable; then rounds of one batch per candidate, in
 * an order that rotates from round to round, give one ratio per round of each candidate's time to
 * the others'. Load that changes between rounds moves all candidates of a round together, so the
 * median of the per-round ratios holds where absolute times do not. The load average (from {@code
 * /proc/loadavg}) is recorded before and after every round.
 *
 * <p>Each candidate is a {@link DoubleSupplier} whose results are summed into a field that is
 * published after every batch, so the JIT cannot drop the work. Nothing is collected between
 * batches: a candidate's garbage collections fall in its own batches or in the next candidate's.
 */
public final class Alternating {
  private Alternating() {}

  /**
   * How long to warm and measure.
   *
   * @param warmupBlockSeconds length of one warm-up block (at least 3 calls)
   * @param minWarmupBlocks blocks each candidate runs at least
   * @param maxWarmupBlocks blocks after which a candidate still unstable is measured anyway (the
   *     result says so)
   * @param stableWithin the warm-up ends when each candidate's last 3 blocks differ by at most this
   *     fraction (max / min - 1)
   * @param batchSeconds target length of one measured batch (at least one call)
   * @param rounds measured rounds
   */
  public record Options(
      double warmupBlockSeconds,
      int minWarmupBlocks,
      int maxWarmupBlocks,
      double stableWithin,
      double batchSeconds,
      int rounds) {
    /**
     * 1 s blocks, 10 to 30 of them (at least 10 s of warm-up per candidate, which was enough for
     * the GMM pullback's 55 → 22 ms drift under JMH's 1 s iterations), stable within 5 %; 15 rounds
     * of 1 s batches.
     */
    public static Options defaults() {
      return new Options(1.0, 10, 30, 0.05, 1.0, 15);
    }

    public Options withRounds(int n) {
      return new Options(
          warmupBlockSeconds, minWarmupBlocks, maxWarmupBlocks, stableWithin, batchSeconds, n);
    }

    public Options withBatchSeconds(double s) {
      return new Options(
          warmupBlockSeconds, minWarmupBlocks, maxWarmupBlocks, stableWithin, s, rounds);
    }

    public Options withWarmup(double blockSeconds, int minBlocks) {
      return new Options(
          blockSeconds,
          minBlocks,
          Math.max(minBlocks, maxWarmupBlocks),
          stableWithin,
          batchSeconds,
          rounds);
    }
  }

  /**
   * What a comparison measured.
   *
   * @param names the candidates, in the order given
   * @param nanosPerCall [round][candidate] time per call in that round's batch
   * @param callsPerBatch per candidate
   * @param warmupBlocks per candidate, and whether its warm-up reached stability
   * @param loadBefore the 1-minute load average before each round, and after the last
   */
  public record Result(
      String title,
      List<String> names,
      double[][] nanosPerCall,
      int[] callsPerBatch,
      int[] warmupBlocks,
      boolean[] stable,
      double[] loadBefore,
      String loadAtStart,
      String loadAtEnd,
      double seconds) {

    int index(String name) {
      int i = names.indexOf(name);
      if (i < 0) {
        throw new IllegalArgumentException("no candidate " + name + " in " + names);
      }
      return i;
    }

    /** The per-round ratios time(a) / time(b), sorted. */
    public double[] ratios(String a, String b) {
      int i = index(a), j = index(b);
      double[] r = new double[nanosPerCall.length];
      for (int k = 0; k < r.length; k++) {
        r[k] = nanosPerCall[k][i] / nanosPerCall[k][j];
      }
      Arrays.sort(r);
      return r;
    }

    /** The median of the per-round ratios time(a) / time(b). */
    public double medianRatio(String a, String b) {
      return median(ratios(a, b));
    }

    /** The sorted times per call of one candidate, ns. */
    public double[] nanos(String a) {
      int i = index(a);
      double[] t = new double[nanosPerCall.length];
      for (int k = 0; k < t.length; k++) {
        t[k] = nanosPerCall[k][i];
      }
      Arrays.sort(t);
      return t;
    }

    public double minLoad() {
      return Arrays.stream(loadBefore).min().orElse(Double.NaN);
    }

    public double maxLoad() {
      return Arrays.stream(loadBefore).max().orElse(Double.NaN);
    }

    /** "1.23× (1.10–1.40)": the median per-round ratio, and its min and max over the rounds. */
    public String ratioCell(String a, String b) {
      double[] r = ratios(a, b);
      return String.format(
          Locale.ROOT, "%s× (%s–%s)", fmt(median(r)), fmt(r[0]), fmt(r[r.length - 1]));
    }

    /** "12.3 (11.9–15.0)": the median time per call in ms, and its min and max over the rounds. */
    public String timeCell(String a) {
      double[] t = nanos(a);
      return String.format(
          Locale.ROOT,
          "%s (%s–%s)",
          fmt(median(t) / 1e6),
          fmt(t[0] / 1e6),
          fmt(t[t.length - 1] / 1e6));
    }

    /** A Markdown table: each candidate's time per call and its ratio to {@code baseline}. */
    public void print(PrintStream out, String baseline) {
      out.printf(Locale.ROOT, "%n### %s%n%n", title);
      out.printf(
          Locale.ROOT,
          "%d rounds; load average (1 min) %.2f to %.2f over the rounds; /proc/loadavg at the start "
              + "`%s`, at the end `%s`; %.0f s in all%s.%n%n",
          nanosPerCall.length,
          minLoad(),
          maxLoad(),
          loadAtStart,
          loadAtEnd,
          seconds,
          CPU_CLOCK ? "; times are the calling thread's CPU time (-Dalternating.clock=cpu)" : "");
      out.printf(
          Locale.ROOT,
          "| candidate | ms per call, median (min–max) | ÷ %s, median per-round "
              + "ratio (min–max) | calls per batch | warm-up blocks |%n",
          baseline);
      out.println("| --- | ---: | ---: | ---: | ---: |");
      for (int i = 0; i < names.size(); i++) {
        String n = names.get(i);
        out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %d | %d%s |%n",
            n,
            timeCell(n),
            n.equals(baseline) ? "1" : ratioCell(n, baseline),
            callsPerBatch[i],
            warmupBlocks[i],
            stable[i] ? "" : " (not stable)");
      }
    }
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String fmt(double x) {
    if (x >= 100) {
      return String.format(Locale.ROOT, "%.0f", x);
    }
    if (x >= 10) {
      return String.format(Locale.ROOT, "%.1f", x);
    }
    if (x >= 1) {
      return String.format(Locale.ROOT, "%.2f", x);
    }
    return String.format(Locale.ROOT, "%.3g", x);
  }

  /** /proc/loadavg as it reads, or "n/a" where there is none. */
  public static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  static double load1() {
    String s = loadavg();
    try {
      return Double.parseDouble(s.split(" ")[0]);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private static volatile double published;
  private static double sink;

  /**
   * With {@code -Dalternating.clock=cpu}, batches are timed in the calling thread's CPU time
   * instead of wall-clock time: on a shared machine that leaves out the time the thread waits for a
   * core (the largest noise here), but also the work of other threads (garbage collection, the JIT,
   * helper threads such as the matrix kernels'), so read it beside a wall-clock run.
   */
  static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("alternating.clock"));

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static long now() {
    return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** Runs {@code calls} calls and returns the elapsed nanoseconds (see {@link #CPU_CLOCK}). */
  private static long batch(DoubleSupplier f, int calls) {
    double s = 0;
    long start = now();
    for (int i = 0; i < calls; i++) {
      s += f.getAsDouble();
    }
    long elapsed = now() - start;
    sink += s;
    published = sink;
    return elapsed;
  }

  /** Calls needed to fill {@code seconds}, given a time per call; at least {@code min}. */
  private static int callsFor(double seconds, double nanosPerCall, int min) {
    double n = Math.ceil(seconds * 1e9 / Math.max(nanosPerCall, 1));
    return (int) Math.max(min, Math.min(n, Integer.MAX_VALUE / 2));
  }

  /**
   * Warms, then measures, {@code candidates} (in their iteration order) in alternating batches;
   * prints progress lines to {@code log}.
   */
  public static Result compare(
      String title, Map<String, DoubleSupplier> candidates, Options options, PrintStream log) {
    long t0 = System.nanoTime();
    List<String> names = new ArrayList<>(candidates.keySet());
    List<DoubleSupplier> fs = new ArrayList<>(candidates.values());
    int m = names.size();
    String loadAtStart = loadavg();
    log.printf(Locale.ROOT, "[%s] warming %s; load %s%n", title, names, loadAtStart);

    // Warm-up, in turns, so that every candidate is compiled with the others in the JVM.
    List<List<Double>> blocks = new ArrayList<>();
    double[] estimate = new double[m];
    for (int i = 0; i < m; i++) {
      blocks.add(new ArrayList<>());
      long once = batch(fs.get(i), 1); // the first call also tells the block's size
      estimate[i] = once;
    }
    boolean[] stable = new boolean[m];
    boolean[] done = new boolean[m];
    int remaining = m;
    while (remaining > 0) {
      for (int i = 0; i < m; i++) {
        if (done[i]) {
          continue;
        }
        int calls = callsFor(options.warmupBlockSeconds(), estimate[i], 3);
        double perCall = (double) batch(fs.get(i), calls) / calls;
        estimate[i] = perCall;
        List<Double> b = blocks.get(i);
        b.add(perCall);
        int n = b.size();
        if (n >= Math.max(3, options.minWarmupBlocks())) {
          double lo = Math.min(b.get(n - 1), Math.min(b.get(n - 2), b.get(n - 3)));
          double hi = Math.max(b.get(n - 1), Math.max(b.get(n - 2), b.get(n - 3)));
          stable[i] = hi / lo - 1 <= options.stableWithin();
          if (stable[i] || n >= options.maxWarmupBlocks()) {
            done[i] = true;
            remaining--;
            log.printf(
                Locale.ROOT,
                "[%s]   %s warmed: %d blocks, last %s ms per call%s%n",
                title,
                names.get(i),
                n,
                fmt(perCall / 1e6),
                stable[i] ? "" : " (not stable)");
          }
        }
      }
    }

    // Measurement: the batch sizes are fixed from the warm-up's last blocks.
    int[] calls = new int[m];
    int[] warmupBlocks = new int[m];
    for (int i = 0; i < m; i++) {
      calls[i] = callsFor(options.batchSeconds(), estimate[i], 1);
      warmupBlocks[i] = blocks.get(i).size();
    }
    int rounds = options.rounds();
    double[][] nanos = new double[rounds][m];
    double[] load = new double[rounds + 1];
    for (int r = 0; r < rounds; r++) {
      load[r] = load1();
      for (int j = 0; j < m; j++) {
        int i = (r + j) % m; // each candidate goes first, second, ... equally often
        nanos[r][i] = (double) batch(fs.get(i), calls[i]) / calls[i];
      }
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < m; i++) {
        line.append(' ').append(names.get(i)).append(' ').append(fmt(nanos[r][i] / 1e6));
      }
      log.printf(
          Locale.ROOT,
          "[%s]   round %d/%d, load %.2f, ms per call:%s%n",
          title,
          r + 1,
          rounds,
          load[r],
          line);
    }
    load[rounds] = load1();
    return new Result(
        title,
        names,
        nanos,
        calls,
        warmupBlocks,
        stable,
        load,
        loadAtStart,
        loadavg(),
        (System.nanoTime() - t0) / 1e9);
  }

  /** Candidates in insertion order, for {@link #compare}. */
  public static Map<String, DoubleSupplier> candidates() {
    return new LinkedHashMap<>();
  }

  /** Read by nobody; keeps {@link #published} from looking dead to a reader of this code. */
  static double published() {
    return published;
  }
}
