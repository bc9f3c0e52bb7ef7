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
            List.of(Charts.Line.of("with zeros", new double[] {0, 1, 10, 100}, new double[] {1, 0, 1e-3, 1e-6})));
    assertPng(file, 1_000);
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
