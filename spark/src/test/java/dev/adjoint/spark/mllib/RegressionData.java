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
package dev.adjoint.spark.mllib;

import dev.adjoint.spark.Example;
import dev.adjoint.spark.LabeledLoss;
import dev.adjoint.spark.samples.ModelsAdjoint;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The data sets of the comparison with MLlib: d features uniform in [-1, 1), and a target from
 * fixed weights w and bias 0.5, either y = w·x + b + N(0, 0.1²) (linear regression) or a label 1
 * with probability σ(w·x + b) (logistic regression). Example i depends only on the seed and i, so a
 * data set is the same in a list and in an RDD of any partitioning.
 */
record RegressionData(Task task, int features, long seed) implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Task {
    LINEAR(ModelsAdjoint::linearLossPullback),
    LOGISTIC(ModelsAdjoint::logisticLossPullback);

    final LabeledLoss loss;

    Task(LabeledLoss loss) {
      this.loss = loss;
    }
  }

  /**
   * The weights the data is drawn from: alternating in sign, of sizes 1, 1.5 and 2 times √(3/d), so
   * that w·x has a standard deviation of about 1.5 whatever d.
   */
  double[] weights() {
    double[] w = new double[features];
    for (int j = 0; j < features; j++) {
      w[j] = (j % 2 == 0 ? 1 : -1) * (1 + 0.5 * (j % 3)) * Math.sqrt(3.0 / features);
    }
    return w;
  }

  Example example(long i) {
    SplittableRandom random = new SplittableRandom(seed ^ (i * 0x9e3779b97f4a7c15L));
    double[] w = weights();
    double[] x = new double[features];
    double z = 0.5;
    for (int j = 0; j < features; j++) {
      x[j] = 2 * random.nextDouble() - 1;
      z += w[j] * x[j];
    }
    double y;
    if (task == Task.LINEAR) {
      double u = 1.0 - random.nextDouble();
      y = z + 0.1 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    } else {
      y = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1.0 : 0.0;
    }
    return new Example(x, y);
  }

  List<Example> list(int n) {
    List<Example> examples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      examples.add(example(i));
    }
    return examples;
  }

  /** Examples 0 to n − 1 in {@code partitions} partitions of consecutive examples (not cached). */
  JavaRDD<Example> rdd(JavaSparkContext spark, long n, int partitions) {
    List<Integer> ids = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
    RegressionData data = this;
    return spark
        .parallelize(ids, partitions)
        .flatMap(
            p -> {
              List<Example> part = new ArrayList<>();
              for (long i = n * p / partitions; i < n * (p + 1) / partitions; i++) {
                part.add(data.example(i));
              }
              return part.iterator();
            });
  }

  /** The same examples as MLlib reads them: a label column and a features vector (not cached). */
  static Dataset<Row> frame(SparkSession session, JavaRDD<Example> examples) {
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
              new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty())
            });
    JavaRDD<Row> rows = examples.map(e -> RowFactory.create(e.y(), Vectors.dense(e.x())));
    return session.createDataFrame(rows, schema);
  }
}
