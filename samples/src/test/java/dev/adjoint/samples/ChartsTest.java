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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** The samples that draw a chart, and its file. */
  private static final Map<String, String> CHARTS =
      Map.of(
          "finite-differences", FiniteDifferences.CHART,
          "expression-swell", ExpressionSwell.CHART,
          "classifier", Classifier.CHART,
          "linear-regression", LinearRegression.CHART,
          "dense-network", DenseNetwork.CHART);

  @TempDir Path dir;
  private String previous;

  @BeforeEach
  void writeChartsToTheTemporaryFolder() {
    previous = System.getProperty(Charts.DIRECTORY_PROPERTY);
    System.setProperty(Charts.DIRECTORY_PROPERTY, dir.toString());
  }

  @AfterEach
  void restore() {
    if (previous == null) {
      System.clearProperty(Charts.DIRECTORY_PROPERTY);
    } else {
      System.setProperty(Charts.DIRECTORY_PROPERTY, previous);
    }
  }

  @Test
  void eachChartingSampleWritesItsPngAndSaysWhere() throws Exception {
    assertEquals("true", System.getProperty("java.awt.headless"));
    for (Map.Entry<String, String> sample : CHARTS.entrySet()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      assertEquals(0, Tour.run(new String[] {sample.getKey()}, out, out));
      Path file = dir.resolve(sample.getValue());
      List<String> printed = new ArrayList<>();
      for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
        if (line.strip().startsWith("chart: ")) {
          printed.add(line.strip().substring("chart: ".length()));
        }
      }
      assertEquals(List.of(file.toAbsolutePath().normalize().toString()), printed, sample.getKey());
      assertPng(file);
    }
  }

  @Test
  void directoryComesFromTheSystemProperty() {
    assertEquals(dir.toAbsolutePath().normalize(), Charts.directory());
    System.clearProperty(Charts.DIRECTORY_PROPERTY);
    assertEquals(Path.of("target", "charts").toAbsolutePath().normalize(), Charts.directory());
  }

  @Test
  void pointsALogarithmicAxisCannotShowAreLeftOut() throws Exception {
    Path file =
        Charts.write(
            new Charts.Spec("log.png", "t", "x", "y", true, true),
            List.of(
                Charts.Line.of(
                    "with zeros", new double[] {0, 1, 10, 100}, new double[] {1, 0, 1e-3, 1e-6})));
    assertPng(file, 1_000);
  }

  @Test
  void curvesThatCoincideStayVisible() {
    double[] epochs = Charts.indices(300);
    double[] curve = new double[300];
    double[] other = new double[300];
    for (int e = 0; e < 300; e++) {
      curve[e] = Math.pow(0.93, e);
      other[e] = Math.pow(0.9, e);
    }
    Charts.Spec spec = new Charts.Spec("same.png", "t", "epoch", "loss", false, true);
    List<Charts.Line> asLines =
        List.of(
            Charts.Line.of("a", epochs, curve),
            Charts.Line.of("b", epochs, curve),
            Charts.Line.of("c", epochs, curve),
            Charts.Line.of("d", epochs, other));
    // The check can fail: drawn as lines, the first two curves are hidden under the third.
    int[] hidden = pixelsOfEachSeriesColour(Charts.plot(spec, asLines), 4);
    assertTrue(hidden[0] < MIN_PIXELS && hidden[1] < MIN_PIXELS, Arrays.toString(hidden));
    assertEverySeriesVisible(
        spec,
        List.of(
            Charts.Line.of("a", epochs, curve),
            Charts.Line.sampledMarkers("b", epochs, curve, 20, 0),
            Charts.Line.sampledMarkers("c", epochs, curve, 20, 10),
            Charts.Line.of("d", epochs, other)));
  }

  @Test
  void everyCurveOfTheLinearRegressionAndClassifierChartsIsVisible() {
    var data = LinearRegression.Data.generate(30, 7);
    double[] init = LinearRegression.initialParameters(7);
    double lr = LinearRegression.LEARNING_RATE;
    int epochs = LinearRegression.EPOCHS;
    LinearRegression.Fit hand =
        LinearRegression.train(data, init, lr, epochs, LinearRegression::handGradient, null, 1);
    LinearRegression.Fit generated =
        LinearRegression.train(
            data, init, lr, epochs, LinearRegression::generatedGradient, null, 1);
    LinearRegression.Fit sgd = LinearRegression.trainWithSgd(data, init, lr, epochs, true, null, 1);
    LinearRegression.Fit large =
        LinearRegression.trainWithSgd(
            LinearRegression.Data.generate(300, 7), init, lr, epochs, true, null, 1);
    assertEverySeriesVisible(
        LinearRegression.CHART_SPEC, LinearRegression.chartLines(hand, generated, sgd, large));

    Classifier.Data points = Classifier.Data.mock(2, 2, 1000, 3);
    double[][] w0 = Classifier.randomParameters(2, 2, 3);
    assertEverySeriesVisible(
        Classifier.CHART_SPEC,
        Classifier.chartLines(
            Classifier.gradientDescent(w0, points, Classifier::numericalGradient, 100),
            Classifier.gradientDescent(w0, points, Classifier::generatedGradient, 100)));
  }

  @Test
  void aLogarithmicAxisLabelsItsDecadesInOneNotation() {
    var small = Ticks.formatter(true, List.of(new double[] {1e-15, 0.5}));
    assertEquals(
        List.of("1e-14", "1e-12", "1e-10", "1e-8", "1e-6", "1e-4", "1e-2", "1e0"),
        labels(small, -15, 0));
    assertEquals("", small.apply(2e-3)); // between decades: a tick, no label
    var counts = Ticks.formatter(true, List.of(new double[] {2, 82176}));
    assertEquals(List.of("1", "10", "100", "1,000", "10,000", "100,000"), labels(counts, 0, 5));
    var fractions = Ticks.formatter(true, List.of(new double[] {0.004, 1.2}));
    assertEquals(List.of("0.001", "0.01", "0.1", "1", "10"), labels(fractions, -3, 1));
    var mixed = Ticks.formatter(true, List.of(new double[] {1e-4, 50}));
    assertEquals(
        List.of("1e-4", "1e-3", "1e-2", "1e-1", "1e0", "1e1", "1e2"), labels(mixed, -4, 2));
  }

  @Test
  void aLinearAxisGivesEveryLabelTheSameDecimals() {
    var loss = Ticks.formatter(false, List.of(new double[] {0.66, 1.88}));
    assertEquals("0.8", loss.apply(0.8));
    assertEquals("1.0", loss.apply(1.0));
    var cost = Ticks.formatter(false, List.of(new double[] {1747.8, 2407.1}));
    assertEquals("1,800", cost.apply(1800.0));
    var steps = Ticks.formatter(false, List.of(Charts.indices(1140)));
    assertEquals("1,000", steps.apply(1000.0));
    var layers = Ticks.formatter(false, List.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    assertEquals("4", layers.apply(4.0));
    var tiny = Ticks.formatter(false, List.of(new double[] {-0.003, 0.002}));
    assertEquals("-0.0020", tiny.apply(-0.002));
    assertEquals("0.0000", tiny.apply(-0.0));
  }

  private static List<String> labels(
      java.util.function.Function<Double, String> format, int from, int to) {
    List<String> labels = new ArrayList<>();
    for (int d = from; d <= to; d++) {
      String label = format.apply(Math.pow(10, d));
      if (!label.isEmpty()) {
        labels.add(label);
      }
    }
    return labels;
  }

  /**
   * Pixels of exactly a series' colour (the inside of its line or markers), for a curve to count as
   * seen.
   */
  private static final int MIN_PIXELS = 40;

  private static void assertEverySeriesVisible(Charts.Spec spec, List<Charts.Line> lines) {
    int[] pixels = pixelsOfEachSeriesColour(Charts.plot(spec, lines), lines.size());
    for (int k = 0; k < lines.size(); k++) {
      assertTrue(
          pixels[k] >= MIN_PIXELS,
          spec.file()
              + ": '"
              + lines.get(k).name()
              + "' shows only "
              + pixels[k]
              + " pixels: "
              + Arrays.toString(pixels));
    }
  }

  private static int[] pixelsOfEachSeriesColour(BufferedImage image, int series) {
    int[] counts = new int[series];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        for (int k = 0; k < series; k++) {
          if (rgb == (Charts.COLORS.get(k).getRGB() & 0xffffff)) {
            counts[k]++;
          }
        }
      }
    }
    return counts;
  }

  static void assertPng(Path file) throws Exception {
    assertPng(file, 10_000);
  }

  static void assertPng(Path file, int minBytes) throws Exception {
    assertTrue(Files.isRegularFile(file), file + " missing");
    byte[] content = Files.readAllBytes(file);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(content, 8), file + " is not a PNG");
    assertTrue(content.length > minBytes, file + " is only " + content.length + " bytes");
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(Charts.WIDTH, image.getWidth());
    assertEquals(Charts.HEIGHT, image.getHeight());
  }
}
