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
package dev.adjoint.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG line charts of the samples (loss curves, error against h, code size against n), drawn with
 * XChart without a display ({@code java.awt.headless=true}).
 *
 * <p>They are written to the folder named by the system property {@value #DIRECTORY_PROPERTY}
 * ({@code mvn exec:java} sets it to {@code samples/target/charts}), or else to {@code
 * target/charts} under the working directory.
 */
public final class Charts {
  private Charts() {}

  /** The system property naming the folder the charts are written to. */
  public static final String DIRECTORY_PROPERTY = "adjoint.charts";

  public static final int WIDTH = 720;
  public static final int HEIGHT = 480;

  static {
    // Before any AWT class loads: draw into images only, never open a window.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The folder the charts go to (not created yet). */
  public static Path directory() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    Path dir =
        configured == null || configured.isBlank()
            ? Path.of("target", "charts")
            : Path.of(configured);
    return dir.toAbsolutePath().normalize();
  }

  /** How a series is drawn. */
  public enum Style {
    LINE,
    LINE_AND_MARKERS,
    /**
     * Markers without a line, so that a line drawn under them stays visible. Each such series of a
     * chart gets its own marker shape, so that two of them on the same curve can be told apart.
     */
    MARKERS
  }

  /** One series of a chart: its legend, x and y values, and how it is drawn. */
  public record Line(String name, double[] x, double[] y, Style style) {
    public static Line of(String name, double[] x, double[] y) {
      return new Line(name, x, y, Style.LINE);
    }

    public static Line withMarkers(String name, double[] x, double[] y) {
      return new Line(name, x, y, Style.LINE_AND_MARKERS);
    }

    /**
     * Markers at every {@code every}-th point from {@code first} on: a curve that coincides with
     * another one drawn as a line, shown without hiding it (give two such curves different {@code
     * first}, and their markers alternate along the line).
     */
    public static Line sampledMarkers(String name, double[] x, double[] y, int every, int first) {
      int n = first >= x.length ? 0 : (x.length - 1 - first) / every + 1;
      double[] xs = new double[n];
      double[] ys = new double[n];
      for (int i = 0; i < n; i++) {
        xs[i] = x[first + i * every];
        ys[i] = y[first + i * every];
      }
      return new Line(name, xs, ys, Style.MARKERS);
    }
  }

  /** A chart's titles and axes. */
  public record Spec(
      String file, String title, String xTitle, String yTitle, boolean logX, boolean logY) {}

  /**
   * The colours of the series, in order (matplotlib's first five, which stay apart for the common
   * forms of colour blindness better than XChart's defaults).
   */
  static final List<Color> COLORS =
      List.of(
          new Color(0x1f77b4),
          new Color(0xff7f0e),
          new Color(0x2ca02c),
          new Color(0xd62728),
          new Color(0x9467bd));

  private static final List<Marker> MARKERS =
      List.of(
          SeriesMarkers.CIRCLE,
          SeriesMarkers.DIAMOND,
          SeriesMarkers.TRIANGLE_UP,
          SeriesMarkers.SQUARE);

  /** 0, 1, ..., n - 1 as doubles: the x values of a curve over steps or epochs. */
  public static double[] indices(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  /**
   * Draws the lines into {@code <directory()>/<spec.file()>} and returns the file. On a logarithmic
   * axis, points that are not positive (an error of exactly 0) are left out.
   */
  public static Path write(Spec spec, List<Line> lines) {
    XYChart chart = chart(spec, lines, true);
    Path file = directory().resolve(spec.file());
    try {
      Files.createDirectories(file.getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the chart " + file, e);
    }
    return file;
  }

  /** The chart as an image, without its legend: the curves alone, for the tests to look at. */
  static BufferedImage plot(Spec spec, List<Line> lines) {
    return BitmapEncoder.getBufferedImage(chart(spec, lines, false));
  }

  /** The chart, with its legend below the plot or without one. */
  static XYChart chart(Spec spec, List<Line> lines, boolean legend) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(spec.title())
            .xAxisTitle(spec.xTitle())
            .yAxisTitle(spec.yTitle())
            .build();
    XYStyler styler = chart.getStyler();
    styler.setXAxisLogarithmic(spec.logX());
    styler.setYAxisLogarithmic(spec.logY());
    styler.setLegendVisible(legend);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setMarkerSize(7);
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setChartBackgroundColor(Color.WHITE);
    // Fewer, rounder ticks than XChart's defaults (which put one every 12 epochs of 300).
    styler.setXAxisTickMarkSpacingHint(110);
    styler.setYAxisTickMarkSpacingHint(55);
    // A log axis has a grid line at 2, 3, ..., 9 times each power of ten: thin and light, they
    // read as graph paper rather than crowd the curves.
    styler.setPlotGridLinesColor(new Color(0xe4e4e4));
    styler.setPlotGridLinesStroke(new BasicStroke(0.6f));
    List<double[]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    for (Line line : lines) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < line.x().length; i++) {
        boolean drawable =
            Double.isFinite(line.x()[i])
                && Double.isFinite(line.y()[i])
                && (!spec.logX() || line.x()[i] > 0)
                && (!spec.logY() || line.y()[i] > 0);
        if (drawable) {
          x.add(line.x()[i]);
          y.add(line.y()[i]);
        }
      }
      xs.add(x.stream().mapToDouble(Double::doubleValue).toArray());
      ys.add(y.stream().mapToDouble(Double::doubleValue).toArray());
    }
    styler.setXAxisTickLabelsFormattingFunction(Ticks.formatter(spec.logX(), xs));
    styler.setYAxisTickLabelsFormattingFunction(Ticks.formatter(spec.logY(), ys));
    int markers = 0;
    for (int k = 0; k < lines.size(); k++) {
      Line line = lines.get(k);
      if (xs.get(k).length == 0) {
        continue;
      }
      XYSeries series = chart.addSeries(line.name(), xs.get(k), ys.get(k));
      Color color = COLORS.get(k % COLORS.size());
      series.setLineColor(color);
      series.setMarkerColor(color);
      switch (line.style()) {
        case LINE -> series.setMarker(SeriesMarkers.NONE);
        case LINE_AND_MARKERS -> series.setMarker(SeriesMarkers.CIRCLE);
        case MARKERS -> {
          series.setMarker(MARKERS.get(markers++ % MARKERS.size()));
          series.setLineStyle(SeriesLines.NONE);
        }
      }
    }
    avoidDataTicks(chart, xs);
    return chart;
  }

  /**
   * XChart puts the ticks of an axis whose values are equally spaced (steps, epochs, n) on the data
   * values themselves, as many as fit: one every 12 epochs of 300, 1,024 and 1,088 of 1,140 steps.
   * An undrawn point half a step in keeps the spacing unequal, so that XChart chooses round ticks
   * (multiples of 1, 2 or 5 times a power of ten) as on any other axis.
   */
  private static void avoidDataTicks(XYChart chart, List<double[]> xs) {
    TreeSet<Double> values = new TreeSet<>();
    for (double[] x : xs) {
      for (double v : x) {
        values.add(v);
      }
    }
    if (values.size() < 3) {
      return;
    }
    Double[] sorted = values.toArray(new Double[0]);
    double step = sorted[1] - sorted[0];
    for (int i = 2; i < sorted.length; i++) {
      if (Math.abs(sorted[i] - sorted[i - 1] - step) > 1e-6 * Math.abs(step)) {
        return; // not equally spaced: XChart already chooses round ticks
      }
    }
    double y = Double.NaN;
    for (XYSeries series : chart.getSeriesCollection()) {
      y = series.getYData()[0]; // on the curve: the point changes neither axis's range
      break;
    }
    XYSeries hidden = chart.addSeries(" ", new double[] {sorted[0] + step / 2}, new double[] {y});
    hidden.setShowInLegend(false);
    hidden.setMarker(SeriesMarkers.NONE);
    hidden.setLineStyle(SeriesLines.NONE);
  }
}
