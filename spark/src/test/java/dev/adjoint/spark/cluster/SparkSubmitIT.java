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
package dev.adjoint.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's cluster instructions, tried: a standalone master and a worker started from Spark's
 * jars as {@code sbin/start-master.sh} and {@code sbin/start-worker.sh} start them, and the sample
 * submitted to them with the README's {@code spark-submit} arguments, the module's and the
 * runtime's jars as {@code mvn package} built them. Every Spark command line is the one Spark's own
 * scripts would run: {@code bin/spark-class} asks Spark's launcher ({@code
 * org.apache.spark.launcher.Main}) for the java command of a class, then runs it; so does this
 * test.
 *
 * <p>An integration test (failsafe, after {@code package}): {@code mvn -pl spark -am verify}. The
 * processes' output is in {@code target/spark-submit/}.
 */
class SparkSubmitIT {
  private static final Pattern FITTED = Pattern.compile("fitted w = \\(([^)]*)\\)\\s+b = +(\\S+)");
  private static final Pattern MLP_LOSS =
      Pattern.compile("loss over all [\\d,]+ rows: (\\S+) before, (\\S+) after");

  @Test
  void theSampleTrainsOnAStandaloneClusterThroughSparkSubmit() throws Exception {
    Path home = SparkHome.assemble();
    Path logs = home.resolveSibling("spark-submit");
    Files.createDirectories(logs);
    int port = freePort();
    String master = "spark://127.0.0.1:" + port;
    List<Process> daemons = new ArrayList<>();
    try {
      daemons.add(
          start(
              home,
              logs.resolve("master.log"),
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(port),
              "--webui-port",
              "0"));
      daemons.add(
          start(
              home,
              logs.resolve("worker.log"),
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--cores",
              "2",
              "--memory",
              "2g",
              "--webui-port",
              "0",
              "--work-dir",
              logs.resolve("work").toString(),
              master));

      // As in the README: spark-submit --master ... --class ... --jars <runtime> <module> args.
      Path out = logs.resolve("submit.out");
      Process submit =
          start(
              home,
              logs.resolve("submit.log"),
              out,
              "org.apache.spark.deploy.SparkSubmit",
              "--master",
              master,
              "--class",
              "dev.adjoint.spark.samples.TrainOnSpark",
              "--conf",
              "spark.driver.host=127.0.0.1",
              "--conf",
              "spark.ui.enabled=false",
              "--jars",
              SparkHome.property("adjoint.spark.runtime.jar"),
              SparkHome.property("adjoint.spark.module.jar"),
              "both",
              "20000",
              "2");
      if (!submit.waitFor(10, TimeUnit.MINUTES)) {
        submit.destroyForcibly();
        fail("spark-submit did not finish in 10 minutes; see " + logs);
      }
      String printed = Files.readString(out);
      assertEquals(
          0,
          submit.exitValue(),
          "spark-submit failed; its output:\n" + printed + "\nsee " + logs.resolve("submit.log"));

      assertTrue(printed.contains("master " + master), printed);
      Matcher fitted = FITTED.matcher(printed);
      assertTrue(fitted.find(), printed);
      double[] weights =
          Arrays.stream(fitted.group(1).split(","))
              .mapToDouble(w -> Double.parseDouble(w.trim()))
              .toArray();
      assertArrayEquals(
          new double[] {1.0, -2.0, 3.0, -4.0, 0.5, -0.5, 2.0, -1.0}, weights, 0.02, printed);
      assertEquals(0.5, Double.parseDouble(fitted.group(2)), 0.02, printed);
      Matcher mlp = MLP_LOSS.matcher(printed);
      assertTrue(mlp.find(), printed);
      double before = Double.parseDouble(mlp.group(1));
      double after = Double.parseDouble(mlp.group(2));
      assertTrue(after < before / 3, printed);
    } finally {
      for (Process daemon : daemons) { // The worker's executors first, then the daemons.
        daemon.descendants().forEach(ProcessHandle::destroy);
        daemon.destroy();
      }
      for (Process daemon : daemons) {
        if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
          daemon.descendants().forEach(ProcessHandle::destroyForcibly);
          daemon.destroyForcibly();
        }
      }
    }
  }

  private static Process start(Path home, Path log, String className, String... args)
      throws IOException, InterruptedException {
    return start(home, log, log, className, args);
  }

  /** Runs what {@code bin/spark-class className args} runs, standard output to {@code out}. */
  private static Process start(Path home, Path log, Path out, String className, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command(home, className, args))
            .redirectError(log.toFile())
            .redirectOutput(out.toFile());
    environment(builder.environment(), home);
    return builder.start();
  }

  /** The java command Spark's launcher builds for a class, as {@code bin/spark-class} asks it. */
  private static List<String> command(Path home, String className, String... args)
      throws IOException, InterruptedException {
    List<String> launcher =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                home.resolve("jars") + File.separator + "*",
                "org.apache.spark.launcher.Main",
                className));
    launcher.addAll(Arrays.asList(args));
    ProcessBuilder builder =
        new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.INHERIT);
    environment(builder.environment(), home);
    Process process = builder.start();
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    assertEquals(0, process.waitFor(), "Spark's launcher failed for " + className);
    // As bin/spark-class reads it: lines of messages, a line holding a NUL alone, then the
    // command's arguments, each followed by a NUL.
    String text = new String(output, StandardCharsets.UTF_8);
    int start = text.indexOf("\0\n");
    if (start >= 0) {
      System.out.print(text.substring(0, start));
      text = text.substring(start + 2);
    }
    List<String> command = new ArrayList<>();
    for (String arg : text.split("\0")) {
      if (!arg.isEmpty()) {
        command.add(arg);
      }
    }
    return command;
  }

  /**
   * What a Spark distribution's scripts set: SPARK_HOME, the Scala version (which they would read
   * from the distribution), the address to bind, and quiet logging for the sample's driver.
   */
  private static void environment(Map<String, String> env, Path home) {
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", SparkHome.property("adjoint.spark.scala.version"));
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
