package dev.adjoint.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One local Spark context with two worker threads for all the tests of a JVM (a context takes
 * seconds to start); Spark's shutdown hook stops it.
 */
public final class TestSpark {
  private static JavaSparkContext context;

  private TestSpark() {}

  public static synchronized JavaSparkContext context() {
    if (context == null) {
      SparkConf conf =
          new SparkConf()
              .setMaster("local[2]")
              .setAppName("adjoint-spark tests")
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1");
      context = new JavaSparkContext(conf);
    }
    return context;
  }
}
