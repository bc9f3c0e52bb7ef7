/**
 * Data-parallel gradients and training on Apache Spark with the pullbacks Adjoint generates. A
 * per-example loss is a generated {@code fPullback} by method reference ({@link
 * dev.adjoint.spark.LabeledLoss}, or any {@link dev.adjoint.spark.ExampleLoss}); {@link
 * dev.adjoint.spark.SparkGradient} sums it over the examples of an RDD, partition by partition, and
 * {@link dev.adjoint.spark.LocalGradient} over a list in one thread, the reference it agrees with.
 * {@link dev.adjoint.spark.Trainer} runs any optimizer of {@code dev.adjoint.optim} on either,
 * full-batch or on seeded mini-batches ({@link dev.adjoint.spark.Sampling}).
 *
 * <p>Spark is a provided dependency: a cluster has it, and {@code spark-submit} puts it on the
 * class path.
 */
package dev.adjoint.spark;
