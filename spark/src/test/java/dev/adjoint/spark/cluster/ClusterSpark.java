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

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Spark context in {@code local-cluster} mode for all the cluster tests of a JVM: a standalone
 * master and two workers of one core each run in this JVM, and each worker launches its executor as
 * a JVM of its own from {@link SparkHome}, so that every task, closure, broadcast and partial sum
 * crosses a process boundary serialized, and the executors see only Spark's jars and the
 * application's jars shipped with the job. Spark's shutdown hook stops it.
 */
final class ClusterSpark {
  /** Executors, one core each. */
  static final int EXECUTORS = 2;

  private static JavaSparkContext context;

  private ClusterSpark() {}

  static synchronized JavaSparkContext context() {
    if (context == null) {
      SparkHome.assemble();
      SparkConf conf =
          new SparkConf()
              .setMaster("local-cluster[" + EXECUTORS + ",1,1024]")
              .setAppName("adjoint-spark cluster tests")
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1")
              .set("spark.executor.memory", "512m")
              // Jobs wait until both executors have registered, however slowly their JVMs start
              // on a loaded machine, so that every test's tasks run in both.
              .set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
              .set("spark.scheduler.maxRegisteredResourcesWaitingTime", "300s")
              .set("spark.executor.extraJavaOptions", SparkHome.jvmFlags())
              .setJars(SparkHome.applicationJars().toArray(new String[0]));
      context = new JavaSparkContext(conf);
    }
    return context;
  }
}
