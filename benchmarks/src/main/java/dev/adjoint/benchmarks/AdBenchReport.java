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

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the ADBench-style benchmarks (GMM, its baselines, BA, MLP) with JMH's GC profiler, then
 * prints Markdown tables of times, ratios (gradient time / objective time), generated ÷ manual and
 * allocation per call, and draws the ratios next to ADBench's published ones into a PNG ({@code
 * -Dchart=path}, default {@code adbench-ratios.png}). Takes JMH's options:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.adjoint.benchmarks.AdBenchReport -f 1 -wi 3 -i 5
 * </pre>
 */
public final class AdBenchReport {
  private AdBenchReport() {}

  /** benchmark class simple name → param → method → {mean µs, error µs, bytes per op}. */
  static final Map<String, Map<String, Map<String, double[]>>> TABLE = new LinkedHashMap<>();

  /** The chart's title; {@link AlternatingBenchmarks} draws the same chart from its ratios. */
  static String chartTitle =
      "Gradient time / objective time (log scale, mean of 5 iterations on a"
          + " shared 2-core machine)";

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--from-json")) {
      // Tables and chart again from a run kept with -rf json -rff FILE, without running anything.
      fromJson(Json.parse(java.nio.file.Files.readString(java.nio.file.Path.of(args[1]))));
      report();
      return;
    }
    CommandLineOptions command = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(command);
    if (command.getIncludes().isEmpty()) {
      builder.include("\\.(GmmBenchmark|GmmBaselineBenchmark|BaBenchmark|MlpBenchmark)\\.");
    }
    if (command.getProfilers().isEmpty()) {
      builder.addProfiler("gc");
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult run : results) {
      String label = run.getParams().getBenchmark();
      String method = label.substring(label.lastIndexOf('.') + 1);
      String cls = label.substring(0, label.lastIndexOf('.'));
      cls = cls.substring(cls.lastIndexOf('.') + 1);
      String param = run.getParams().getParamsKeys().isEmpty() ? "" : param(run);
      Result<?> primary = run.getPrimaryResult();
      Result<?> alloc = run.getSecondaryResults().get("·gc.alloc.rate.norm");
      if (alloc == null) {
        alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
      }
      double best = Double.POSITIVE_INFINITY;
      for (var benchmark : run.getBenchmarkResults()) {
        for (var iteration : benchmark.getIterationResults()) {
          best = Math.min(best, iteration.getPrimaryResult().getScore());
        }
      }
      put(
          cls,
          param,
          method,
          new double[] {
            primary.getScore(),
            primary.getScoreError(),
            alloc == null ? Double.NaN : alloc.getScore(),
            best
          });
    }
    report();
  }

  /** Every ratio put so far: class, parameter, method and the first value, as text. */
  static List<List<String>> entries() {
    List<List<String>> out = new ArrayList<>();
    TABLE.forEach(
        (cls, params) ->
            params.forEach(
                (param, methods) ->
                    methods.forEach(
                        (method, values) ->
                            out.add(List.of(cls, param, method, Double.toString(values[0]))))));
    return out;
  }

  static void put(String cls, String param, String method, double[] values) {
    TABLE
        .computeIfAbsent(cls, c -> new LinkedHashMap<>())
        .computeIfAbsent(param, p -> new LinkedHashMap<>())
        .put(method, values);
  }

  @SuppressWarnings("unchecked")
  private static void fromJson(Object root) {
    for (Object o : (List<Object>) root) {
      Map<String, Object> run = (Map<String, Object>) o;
      String label = (String) run.get("benchmark");
      String method = label.substring(label.lastIndexOf('.') + 1);
      String cls = label.substring(0, label.lastIndexOf('.'));
      cls = cls.substring(cls.lastIndexOf('.') + 1);
      List<String> values = new ArrayList<>();
      Map<String, Object> params = (Map<String, Object>) run.getOrDefault("params", Map.of());
      params.forEach(
          (k, v) -> {
            if (!k.equals("n")) {
              values.add((String) v);
            }
          });
      Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
      Map<String, Object> percentiles = (Map<String, Object>) primary.get("scorePercentiles");
      Map<String, Object> secondary =
          (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
      Map<String, Object> alloc =
          (Map<String, Object>)
              secondary.getOrDefault("gc.alloc.rate.norm", secondary.get("·gc.alloc.rate.norm"));
      put(
          cls,
          String.join(" ", values),
          method,
          new double[] {
            ((Number) primary.get("score")).doubleValue(),
            primary.get("scoreError") instanceof Number e ? e.doubleValue() : Double.NaN,
            alloc == null ? Double.NaN : ((Number) alloc.get("score")).doubleValue(),
            ((Number) percentiles.get("0.0")).doubleValue()
          });
    }
  }

  private static void report() throws Exception {
    StringBuilder out = new StringBuilder();
    String[] gmmGrad = {"generated", "manual", "finiteDifferences", "hipparchus"};
    table(
        out, "GMM (n = 1000; size = dxK)", merge("GmmBenchmark", "GmmBaselineBenchmark"), gmmGrad);
    table(out, "BA", TABLE.getOrDefault("BaBenchmark", Map.of()), gmmGrad);
    table(
        out,
        "MLP 784-128-10, batch 64",
        TABLE.getOrDefault("MlpBenchmark", Map.of()),
        new String[] {"generated", "trainingStep"});
    out.append(
        "### Ratios in the fastest measured iteration of each benchmark\n\n"
            + "(gradient's fastest iteration / objective's fastest iteration: the least disturbed on a "
            + "shared machine)\n\n| problem | size | generated | manual | generated ÷ manual |\n"
            + "| --- | --- | ---: | ---: | ---: |\n");
    for (String cls : List.of("GmmBenchmark", "BaBenchmark", "MlpBenchmark")) {
      TABLE
          .getOrDefault(cls, Map.of())
          .forEach(
              (size, row) -> {
                double[] obj = row.get("objective"),
                    gen = row.get("generated"),
                    man = row.get("manual");
                out.append("| ")
                    .append(cls.replace("Benchmark", ""))
                    .append(" | ")
                    .append(size)
                    .append(" | ")
                    .append(gen == null ? "" : fmt("%.2f", gen[3] / obj[3]))
                    .append(" | ")
                    .append(man == null ? "" : fmt("%.2f", man[3] / obj[3]))
                    .append(" | ")
                    .append(gen == null || man == null ? "" : fmt("%.2f×", gen[3] / man[3]))
                    .append(" |\n");
              });
    }
    out.append('\n');
    System.out.println();
    System.out.print(out);
    chart(new File(System.getProperty("chart", "adbench-ratios.png")));
  }

  private static String param(RunResult run) {
    List<String> values = new ArrayList<>();
    for (String key : run.getParams().getParamsKeys()) {
      if (!key.equals("n")) {
        values.add(run.getParams().getParam(key));
      }
    }
    return String.join(" ", values);
  }

  private static Map<String, Map<String, double[]>> merge(String a, String b) {
    Map<String, Map<String, double[]>> m = new LinkedHashMap<>();
    TABLE.getOrDefault(a, Map.of()).forEach((k, v) -> m.put(k, new LinkedHashMap<>(v)));
    TABLE
        .getOrDefault(b, Map.of())
        .forEach((k, v) -> m.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(v));
    return m;
  }

  private static void table(
      StringBuilder out, String title, Map<String, Map<String, double[]>> rows, String[] grads) {
    if (rows.isEmpty()) {
      return;
    }
    out.append("### ")
        .append(title)
        .append(
            "\n\nTime per call, µs (± 99.9% half-interval), "
                + "ratio to the objective, and allocation per call:\n\n| size | objective |");
    List<String> present = new ArrayList<>();
    for (String g : grads) {
      if (rows.values().stream().anyMatch(r -> r.containsKey(g))) {
        present.add(g);
        out.append(' ').append(g).append(" | ratio |");
      }
    }
    boolean both = present.contains("generated") && present.contains("manual");
    if (both) {
      out.append(" generated ÷ manual |");
    }
    out.append(" alloc/call objective |");
    present.forEach(g -> out.append(" alloc/call ").append(g).append(" |"));
    out.append("\n| --- |");
    int cols = 1 + 2 * present.size() + (both ? 1 : 0) + 1 + present.size();
    out.append(" ---: |".repeat(cols)).append('\n');
    rows.forEach(
        (size, row) -> {
          double[] obj = row.get("objective");
          out.append("| ").append(size).append(" | ").append(time(obj)).append(" |");
          for (String g : present) {
            double[] r = row.get(g);
            out.append(' ')
                .append(time(r))
                .append(" | ")
                .append(r == null || obj == null ? "" : fmt("%.2f", r[0] / obj[0]))
                .append(" |");
          }
          if (both) {
            double[] gen = row.get("generated"), man = row.get("manual");
            out.append(' ')
                .append(gen == null || man == null ? "" : fmt("%.2f×", gen[0] / man[0]))
                .append(" |");
          }
          out.append(' ').append(bytes(obj)).append(" |");
          present.forEach(g -> out.append(' ').append(bytes(row.get(g))).append(" |"));
          out.append('\n');
        });
    out.append('\n');
  }

  private static String time(double[] r) {
    if (r == null) {
      return "";
    }
    String mean = r[0] >= 100 ? fmt("%.0f", r[0]) : fmt("%.3g", r[0]);
    return Double.isNaN(r[1])
        ? mean
        : mean + " ± " + (r[1] >= 100 ? fmt("%.0f", r[1]) : fmt("%.2g", r[1]));
  }

  private static String bytes(double[] r) {
    if (r == null || Double.isNaN(r[2])) {
      return "";
    }
    double b = r[2];
    return b < 1024
        ? fmt("%.0f B", b)
        : b < 1 << 20 ? fmt("%.1f KiB", b / 1024) : fmt("%.1f MiB", b / (1 << 20));
  }

  private static String fmt(String f, Object... a) {
    return String.format(Locale.ROOT, f, a);
  }

  /** Ratio of a method at a size, or NaN. */
  private static double ratio(String cls, String size, String method) {
    Map<String, double[]> row = TABLE.getOrDefault(cls, Map.of()).get(size);
    Map<String, double[]> objRow = TABLE.getOrDefault("GmmBenchmark", Map.of()).get(size);
    if (cls.equals("BaBenchmark")) {
      objRow = row;
    }
    if (row == null
        || objRow == null
        || !row.containsKey(method)
        || !objRow.containsKey("objective")) {
      return Double.NaN;
    }
    return row.get(method)[0] / objRow.get("objective")[0];
  }

  /** Grouped bars on a log scale: Adjoint's measured ratios beside ADBench's published ones. */
  static void chart(File file) throws Exception {
    record Bar(String label, double value, Color color) {}
    record Group(String title, List<Bar> bars) {}
    Color adjoint = new Color(0x1f77b4),
        manual = new Color(0xff7f0e),
        published = new Color(0x999999);
    Color fd = new Color(0x2ca02c), hipp = new Color(0x9467bd);
    List<Group> groups = new ArrayList<>();
    for (String size : List.of("10x50", "64x10")) {
      List<Bar> bars = new ArrayList<>();
      bars.add(new Bar("Adjoint generated", ratio("GmmBenchmark", size, "generated"), adjoint));
      bars.add(new Bar("Java manual", ratio("GmmBenchmark", size, "manual"), manual));
      if (size.equals("10x50")) {
        bars.add(new Bar("ADBench manual", 3.0, published));
        bars.add(new Bar("Tapenade", 8.2, published));
        bars.add(new Bar("ADOL-C", 20, published));
        bars.add(new Bar("Adept", 25, published));
      } else {
        bars.add(new Bar("ADBench manual (5-7)", 6, published));
        bars.add(new Bar("Tapenade (13-16)", 14.5, published));
      }
      groups.add(new Group("GMM n=1000 d=" + size.replace("x", " K="), bars));
    }
    List<Bar> small = new ArrayList<>();
    small.add(new Bar("Adjoint generated", ratio("GmmBenchmark", "10x5", "generated"), adjoint));
    small.add(new Bar("Java manual", ratio("GmmBenchmark", "10x5", "manual"), manual));
    small.add(new Bar("Java FD", ratio("GmmBaselineBenchmark", "10x5", "finiteDifferences"), fd));
    small.add(new Bar("Hipparchus fwd", ratio("GmmBaselineBenchmark", "10x5", "hipparchus"), hipp));
    groups.add(new Group("GMM n=1000 d=10 K=5", small));
    String ba = "ba1_n49_m7776_p31843";
    groups.add(
        new Group(
            "BA ba1",
            List.of(
                new Bar("Adjoint generated", ratio("BaBenchmark", ba, "generated"), adjoint),
                new Bar("Java manual", ratio("BaBenchmark", ba, "manual"), manual),
                new Bar("Java FD", ratio("BaBenchmark", ba, "finiteDifferences"), fd),
                new Bar("Hipparchus fwd", ratio("BaBenchmark", ba, "hipparchus"), hipp),
                new Bar("ADBench manual", 7, published),
                new Bar("Tapenade", 8.7, published),
                new Bar("ADBench FD", 16, published),
                new Bar("Adept", 25, published))));

    int width = 1400, height = 680, left = 70, right = 20, top = 80, bottom = 200;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(chartTitle, left, 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.drawString(
        "Colours: measured here (blue Adjoint generated, orange hand-written Java, green"
            + " Java finite differences, purple Hipparchus forward mode); grey: ADBench's published"
            + " ratios",
        left,
        46);
    double lo = Math.log10(0.5), hi = Math.log10(2000);
    int plotH = height - top - bottom;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double v : new double[] {0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000}) {
      int y = top + (int) ((hi - Math.log10(v)) / (hi - lo) * plotH);
      g.setColor(new Color(0xdddddd));
      g.drawLine(left, y, width - right, y);
      g.setColor(Color.BLACK);
      g.drawString(v < 1 ? "0.5" : String.valueOf((int) v), left - 35, y + 4);
    }
    int nBars = groups.stream().mapToInt(x -> x.bars().size()).sum();
    int slot = (width - left - right) / (nBars + groups.size());
    int x = left + slot / 2;
    for (Group group : groups) {
      int groupStart = x;
      for (Bar bar : group.bars()) {
        g.setColor(bar.color());
        if (Double.isNaN(bar.value())) {
          g.setColor(Color.GRAY);
          g.drawString("n/a", x + 4, top + plotH - 4);
        } else {
          int y = top + (int) ((hi - Math.log10(Math.max(bar.value(), 0.5))) / (hi - lo) * plotH);
          g.fillRect(x + 3, y, slot - 6, top + plotH - y);
          g.setColor(Color.BLACK);
          g.drawString(
              bar.value() >= 10 ? fmt("%.0f", bar.value()) : fmt("%.1f", bar.value()),
              x + 5,
              y - 4);
        }
        Graphics2D r = (Graphics2D) g.create();
        r.setColor(Color.BLACK);
        r.translate(x + slot / 2 + 4, top + plotH + 8);
        r.rotate(Math.PI / 4);
        r.drawString(bar.label(), 0, 0);
        r.dispose();
        x += slot;
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      g.drawString(group.title(), groupStart + 4, top + plotH + 185);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      x += slot;
    }
    g.setStroke(new BasicStroke(1));
    g.drawLine(left, top, left, top + plotH);
    g.drawLine(left, top + plotH, width - right, top + plotH);
    g.dispose();
    ImageIO.write(image, "png", file);
    System.out.println("Chart: " + file.getAbsolutePath());
  }
}
