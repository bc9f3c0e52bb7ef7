package dev.adjoint.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.spark.Example;
import dev.adjoint.spark.LocalGradient;
import dev.adjoint.spark.LossAndGradient;
import dev.adjoint.spark.SparkGradient;
import dev.adjoint.spark.samples.ModelsAdjoint;
import dev.adjoint.spark.samples.SyntheticData;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class ClusterGradientTest {
  private static final double[] LINEAR_THETA = {0.3, -0.2, 0.1, 0.4, -0.5, 0.6, -0.7, 0.8, 0.05};

  @Test
  void executorsAreSeparateJvms() {
    JavaSparkContext spark = ClusterSpark.context();
    List<Example> examples = SyntheticData.LINEAR.list(1000, 3);
    LossAndGradient local =
        LocalGradient.labeled(examples, ModelsAdjoint::linearLossPullback).evaluate(LINEAR_THETA);
    LossAndGradient distributed =
        SparkGradient.labeled(spark.parallelize(examples, 3), ModelsAdjoint::linearLossPullback)
            .evaluate(LINEAR_THETA);
    assertEquals(local.count(), distributed.count());
    assertEquals(local.loss(), distributed.loss(), 1e-12 * local.loss());
  }
}
