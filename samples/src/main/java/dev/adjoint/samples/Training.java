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
package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.nn.Losses;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.LrSchedule;
import dev.adjoint.optim.LrScheduler;
import dev.adjoint.optim.Parameter;
import dev.adjoint.tensor.Tensor;
import dev.adjoint.tensor.TensorParameter;
import dev.adjoint.train.Batch;
import dev.adjoint.train.Checkpoint;
import dev.adjoint.train.ConfusionMatrix;
import dev.adjoint.train.DataLoader;
import dev.adjoint.train.EarlyStopping;
import dev.adjoint.train.History;
import dev.adjoint.train.Metrics;
import dev.adjoint.train.Progress;
import dev.adjoint.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training loop of {@code dev.adjoint.train} end to end: a 2-32-3 network (tanh) classifies the
 * points of three interleaved spiral arms, trained by a {@link Trainer} with Adam on a cosine
 * schedule, shuffled mini-batches, gradient clipping, evaluation on held-out points with {@link
 * Metrics}, early stopping, plain progress lines; then a {@link ConfusionMatrix}, a safetensors
 * {@link Checkpoint} loaded into a fresh model, and the loss curve as a PNG. The data is synthetic
 * (made here, seeded), the kind of set CS231n's spiral example uses.
 */
public final class Training {
  private Training() {}

  public static final int CLASSES = 3;
  public static final int TRAIN_PER_CLASS = 200;
  public static final int TEST_PER_CLASS = 50;
  public static final int HIDDEN = 32;
  public static final int BATCH = 32;
  public static final int EPOCHS = 60;
  public static final double LEARNING_RATE = 0.02;
  public static final long SEED = 3;

  public static final String CHART = "training-loss.png";

  /** Softmax cross-entropy of a 2-HIDDEN-3 network with a tanh hidden layer. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, int[] labels) {
    Tensor hidden = x.matmul(w1).add(b1).tanh();
    return Losses.softmaxCrossEntropy(hidden.matmul(w2).add(b2), labels);
  }

  /** The network's scores (logits) for the rows of {@code x}. */
  public static Tensor logits(Model m, Tensor x) {
    return x.matmul(m.w1.tensor())
        .add(m.b1.tensor())
        .tanh()
        .matmul(m.w2.tensor())
        .add(m.b2.tensor());
  }

  /** Points and their classes: {@code x} is n × 2. */
  public record Data(Tensor x, int[] labels) {
    public int size() {
      return labels.length;
    }

    /**
     * {@code perClass} points on each of three spiral arms (radius 0 to 1, each arm turning by four
     * radians, angle noise 0.2), in class order.
     */
    public static Data spirals(int perClass, long seed) {
      Random rng = new Random(seed);
      int n = CLASSES * perClass;
      double[] x = new double[2 * n];
      int[] labels = new int[n];
      for (int c = 0; c < CLASSES; c++) {
        for (int i = 0; i < perClass; i++) {
          int k = c * perClass + i;
          double r = (double) i / (perClass - 1);
          double t = c * 2 * Math.PI / CLASSES + 4 * r + 0.2 * rng.nextGaussian();
          x[2 * k] = r * Math.sin(t);
          x[2 * k + 1] = r * Math.cos(t);
          labels[k] = c;
        }
      }
      return new Data(Tensor.of(x, n, 2), labels);
    }
  }

  /** The network's parameters. */
  public static final class Model {
    final TensorParameter w1;
    final TensorParameter b1;
    final TensorParameter w2;
    final TensorParameter b2;

    /** Xavier-initialised weights, zero biases. */
    public Model(long seed) {
      Random rng = new Random(seed);
      w1 = TensorParameter.of(Tensor.xavierNormal(rng, 2, HIDDEN));
      b1 = TensorParameter.of(Tensor.zeros(HIDDEN));
      w2 = TensorParameter.of(Tensor.xavierNormal(rng, HIDDEN, CLASSES));
      b2 = TensorParameter.of(Tensor.zeros(CLASSES));
    }

    /** The parameters by name, as a checkpoint stores them. */
    public Map<String, Parameter> named() {
      Map<String, Parameter> m = new LinkedHashMap<>();
      m.put("w1", w1);
      m.put("b1", b1);
      m.put("w2", w2);
      m.put("b2", b2);
      return m;
    }

    List<Parameter> list() {
      return List.of(w1, b1, w2, b2);
    }

    /** The mean loss over {@code data}. */
    public double loss(Data data) {
      return Training.loss(
          w1.tensor(), b1.tensor(), w2.tensor(), b2.tensor(), data.x(), data.labels());
    }
  }

  /** What a run gives. */
  public record Result(
      Model model,
      History history,
      double trainAccuracy,
      double testAccuracy,
      double testLogLoss,
      ConfusionMatrix confusion,
      double reloadedTestAccuracy,
      long checkpointBytes) {}

  /** Trains with progress lines to {@code out} (none when it is null). */
  public static Result train(long seed, PrintStream out, Path checkpoint) {
    Data train = Data.spirals(TRAIN_PER_CLASS, seed);
    Data test = Data.spirals(TEST_PER_CLASS, seed + 1000);
    Model m = new Model(seed);
    Adam adam = new Adam(m.list(), Adam.Options.defaults().lr(LEARNING_RATE));
    DataLoader<Integer> loader = DataLoader.range(train.size()).batchSize(BATCH).shuffle(true);
    LrScheduler.perStep(adam, LrSchedule.cosineAnnealingLr((long) EPOCHS * loader.count(), 1e-4));
    Trainer<Batch<Integer>> trainer =
        Trainer.builder(
                adam,
                loader,
                (Batch<Integer> batch) -> {
                  TrainingAdjoint.LossGradient g =
                      TrainingAdjoint.lossGradient(
                          m.w1.tensor(),
                          m.b1.tensor(),
                          m.w2.tensor(),
                          m.b2.tensor(),
                          batch.rows(train.x()),
                          batch.select(train.labels()));
                  m.w1.addGrad(g.w1());
                  m.b1.addGrad(g.b1());
                  m.w2.addGrad(g.w2());
                  m.b2.addGrad(g.b2());
                  return g.value();
                })
            .epochs(EPOCHS)
            .seed(seed)
            .clipGradNorm(5.0)
            .evaluate(
                5 * loader.count(),
                () -> {
                  Map<String, Double> metrics = new LinkedHashMap<>();
                  Tensor scores = logits(m, test.x());
                  metrics.put("val_loss", m.loss(test));
                  metrics.put("val_accuracy", Metrics.accuracy(scores, test.labels()));
                  return metrics;
                })
            .earlyStopping(EarlyStopping.minimize("val_loss", 3).minDelta(1e-4))
            .progress(
                out == null ? Progress.none() : Progress.linesEverySteps(out, 10L * loader.count()))
            .build();
    History history = trainer.fit();

    Tensor testScores = logits(m, test.x());
    double testAccuracy = Metrics.accuracy(testScores, test.labels());
    double trainAccuracy = Metrics.accuracy(logits(m, train.x()), train.labels());
    double testLogLoss = Metrics.logLoss(testScores.softmax(1), test.labels());
    ConfusionMatrix confusion = ConfusionMatrix.of(testScores, test.labels());
    try {
      Checkpoint.save(checkpoint, m.named(), adam, trainer);
      Model fresh = new Model(seed + 1);
      Checkpoint.load(checkpoint, fresh.named());
      double reloaded = Metrics.accuracy(logits(fresh, test.x()), test.labels());
      return new Result(
          m,
          history,
          trainAccuracy,
          testAccuracy,
          testLogLoss,
          confusion,
          reloaded,
          Files.size(checkpoint));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The batch losses, their mean per epoch, and the held-out loss at each evaluation. */
  public static Path chart(Result result, int stepsPerEpoch) {
    double[] losses = result.history().losses();
    int epochs = losses.length / stepsPerEpoch;
    double[] epochX = new double[epochs];
    double[] epochMean = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      double sum = 0;
      for (int i = 0; i < stepsPerEpoch; i++) {
        sum += losses[e * stepsPerEpoch + i];
      }
      epochX[e] = (e + 1.0) * stepsPerEpoch;
      epochMean[e] = sum / stepsPerEpoch;
    }
    List<History.Evaluation> evaluations = result.history().evaluations();
    double[] evalX = new double[evaluations.size()];
    for (int i = 0; i < evalX.length; i++) {
      evalX[i] = evaluations.get(i).step();
    }
    List<Charts.Line> lines = new ArrayList<>();
    lines.add(Charts.Line.of("batch loss", Charts.indices(losses.length), losses));
    lines.add(Charts.Line.withMarkers("mean loss of the epoch", epochX, epochMean));
    lines.add(Charts.Line.withMarkers("held-out loss", evalX, result.history().metric("val_loss")));
    return Charts.write(
        new Charts.Spec(
            CHART,
            "2-32-3 tanh network on three spirals: Trainer, Adam, cosine schedule",
            "step",
            "softmax cross-entropy",
            false,
            true),
        lines);
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Training: a classifier trained by dev.adjoint.train.Trainer",
        "the runtime's training loop (PyTorch's DataLoader, torch.save, Keras's callbacks)");
    r.code(Training.class, "loss");
    r.section("600 points on three spiral arms (150 held out); 2-32-3 tanh network");
    r.text("Adam (lr 0.02, cosine to 1e-4), batches of 32 shuffled by seed, clipping at norm 5,");
    r.text("evaluation every 5 epochs, early stopping on val_loss (patience 3), progress lines:");
    r.blank();
    Path checkpoint;
    try {
      checkpoint = Files.createTempFile("training", ".safetensors");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Result result = train(SEED, out, checkpoint);
    r.blank();
    r.text(
        Report.fmt(
            "%d steps%s; accuracy %.1f%% on the training points, %.1f%% held out;",
            result.history().steps(),
            result.history().stoppedEarly() ? " (stopped early)" : "",
            100 * result.trainAccuracy(),
            100 * result.testAccuracy()));
    r.text(
        Report.fmt(
            "held-out log loss %.4f. Confusion matrix of the held-out points:",
            result.testLogLoss()));
    for (String line : result.confusion().toString().split(System.lineSeparator())) {
      r.text("  " + line);
    }
    r.text(
        Report.fmt(
            "Checkpoint (safetensors, with Adam's state): %d bytes; loaded into a fresh",
            result.checkpointBytes()));
    r.text(
        Report.fmt(
            "model it gives the same held-out accuracy, %.1f%%.",
            100 * result.reloadedTestAccuracy()));
    try {
      Files.deleteIfExists(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    r.chart(chart(result, (TRAIN_PER_CLASS * CLASSES + BATCH - 1) / BATCH));
  }
}
