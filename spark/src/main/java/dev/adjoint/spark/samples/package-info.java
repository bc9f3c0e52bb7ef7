/**
 * The Spark module's sample (not part of its API): two models differentiated at compile time
 * ({@link dev.adjoint.spark.samples.Models}), synthetic data sets of any size ({@link
 * dev.adjoint.spark.samples.SyntheticData}), a training run on a million examples ({@link
 * dev.adjoint.spark.samples.TrainOnSpark}, {@code mvn -pl spark -am compile exec:exec@train}) and a
 * measurement of gradient throughput ({@link dev.adjoint.spark.samples.GradientThroughput}).
 */
package dev.adjoint.spark.samples;
