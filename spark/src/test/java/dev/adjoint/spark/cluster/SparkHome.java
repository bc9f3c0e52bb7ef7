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

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a Spark cluster on this machine needs from the build, which passes it as system properties
 * (see the spark module's pom): a {@code SPARK_HOME} whose {@code jars/} holds Spark's jars, linked
 * to the Maven class path (a standalone worker builds an executor's class path from it, as from a
 * Spark distribution), and the application's jars, to ship with the job as {@code spark-submit
 * --jars} does.
 */
final class SparkHome {
  private SparkHome() {}

  /**
   * {@code SPARK_HOME}, laid out as a distribution's (only {@code jars/}, of links to Spark's jars
   * in the local Maven repository): made, or brought up to date, on each call.
   */
  static synchronized Path assemble() {
    Path home = Paths.get(property("adjoint.spark.home"));
    Path jars = home.resolve("jars");
    try {
      Files.createDirectories(jars);
      Set<String> wanted = new HashSet<>();
      for (Path jar : classPath("adjoint.spark.classpath")) {
        String name = jar.getFileName().toString();
        if (!wanted.add(name)) {
          continue; // Two artifacts of one file name: the class path's first wins, as in Java.
        }
        Path link = jars.resolve(name);
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(jar)) {
          continue;
        }
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, jar);
      }
      try (Stream<Path> stale = Files.list(jars)) {
        for (Path p : stale.collect(Collectors.toList())) {
          if (!wanted.contains(p.getFileName().toString())) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out SPARK_HOME in " + home, e);
    }
    return home;
  }

  /**
   * The application's jars, to ship to the executors: the runtime's, the module's classes and its
   * test classes (a directory is packed into a jar of its own under {@code target/cluster-jars},
   * since Spark ships only files).
   */
  static synchronized List<String> applicationJars() {
    List<Path> entries = new ArrayList<>(classPath("adjoint.spark.application.classpath"));
    entries.add(Paths.get(property("adjoint.spark.classes")));
    entries.add(Paths.get(property("adjoint.spark.test.classes")));
    Path out = Paths.get(property("adjoint.spark.home")).resolveSibling("cluster-jars");
    List<String> jars = new ArrayList<>();
    try {
      Files.createDirectories(out);
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          Path jar =
              out.resolve(
                  entry.getParent().getParent().getFileName() + "-" + entry.getFileName() + ".jar");
          pack(entry, jar);
          jars.add(jar.toString());
        } else {
          jars.add(entry.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack the application's classes", e);
    }
    return jars;
  }

  /** The JVM flags Spark needs on this JDK (those the tests' own JVM runs with). */
  static String jvmFlags() {
    return property("adjoint.spark.jvm.flags").trim()
        + " -Dlog4j2.configurationFile="
        + property("adjoint.spark.log.config");
  }

  private static List<Path> classPath(String property) {
    try {
      String text = Files.readString(Paths.get(property(property))).trim();
      List<Path> entries = new ArrayList<>();
      for (String entry : text.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          entries.add(Paths.get(entry).toAbsolutePath());
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Packs the files under {@code dir} into {@code jar}, in a fixed order. */
  private static void pack(Path dir, Path jar) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Path f : files) {
        out.putNextEntry(
            new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set: run the cluster tests with Maven (the spark "
              + "module's pom sets it)");
    }
    return value;
  }
}
