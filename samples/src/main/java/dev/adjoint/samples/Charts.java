package dev.adjoint.samples;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
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
    Path dir = configured == null || configured.isBlank() ? Path.of("target", "charts") : Path.of(configured);
    return dir.toAbsolutePath().normalize();
  }

  /** How a series is drawn. */
  public enum Style {
    LINE,
    LINE_AND_MARKERS,
    /** Markers without a line, so that a line drawn under them stays visible. */
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

    public static Line markersOnly(String name, double[] x, double[] y) {
      return new Line(name, x, y, Style.MARKERS);
    }
  }

  /** A chart's titles and axes. */
  public record Spec(String file, String title, String xTitle, String yTitle, boolean logX, boolean logY) {}

  /** 0, 1, ..., n - 1 as doubles: the x values of a curve over steps or epochs. */
  public static double[] indices(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  /**
   * Draws the lines into {@code <directory()>/<spec.file()>} and returns the file. On a
   * logarithmic axis, points that are not positive (an error of exactly 0) are left out.
   */
  public static Path write(Spec spec, List<Line> lines) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(spec.title())
            .xAxisTitle(spec.xTitle())
            .yAxisTitle(spec.yTitle())
            .build();
    chart.getStyler().setXAxisLogarithmic(spec.logX());
    chart.getStyler().setYAxisLogarithmic(spec.logY());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    for (Line line : lines) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < line.x().length; i++) {
        double x = line.x()[i];
        double y = line.y()[i];
        boolean drawable =
            Double.isFinite(x) && Double.isFinite(y) && (!spec.logX() || x > 0) && (!spec.logY() || y > 0);
        if (drawable) {
          xs.add(x);
          ys.add(y);
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries series = chart.addSeries(line.name(), xs, ys);
      series.setMarker(line.style() == Style.LINE ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      if (line.style() == Style.MARKERS) {
        series.setLineStyle(SeriesLines.NONE);
      }
    }
    Path file = directory().resolve(spec.file());
    try {
      Files.createDirectories(file.getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the chart " + file, e);
    }
    return file;
  }
}
