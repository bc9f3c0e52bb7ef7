package dev.adjoint.spark.samples;

import dev.adjoint.AdjointCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link AdjointCheck} over the models the Spark sample trains (no Spark needed). */
class ModelsAdjointCheckTest {
  static double[] normal(Random rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  @Test
  void everyModel() {
    AdjointCheck.of(Models.class)
        .points("linearLoss",
            rng -> new Object[] {normal(rng, 5), normal(rng, 4), rng.nextGaussian()})
        .points("logisticLoss", rng -> new Object[] {
            normal(rng, 5), normal(rng, 4), (double) rng.nextInt(2)})
        .points("mlpLoss", rng -> new Object[] {
            Models.mlpInitial(4, 6, rng.nextLong()), normal(rng, 4), rng.nextGaussian()})
        .verify();
  }
}
