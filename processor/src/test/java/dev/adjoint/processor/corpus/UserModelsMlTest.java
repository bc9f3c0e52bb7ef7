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
package dev.adjoint.processor.corpus;

import static dev.adjoint.processor.corpus.RealisticModelsTest.normal;
import static dev.adjoint.processor.corpus.Rejections.CRASH;
import static dev.adjoint.processor.corpus.Rejections.compile;
import static dev.adjoint.processor.corpus.Rejections.errorList;
import static dev.adjoint.processor.corpus.Rejections.errors;
import static dev.adjoint.processor.corpus.Rejections.lineOf;
import static dev.adjoint.processor.testing.CompiledClasses.classpathEntryOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.AdjointCheck;
import dev.adjoint.Differentiable;
import dev.adjoint.Tape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Machine-learning models written the way users write them (helpers returning rows, state
 * reassigned per step, flat parameter vectors with int offsets, masks, piecewise losses), each
 * checked with {@link AdjointCheck} against finite differences at several random points and sizes;
 * and a few plausible programs outside the subset, which must fail with a clear error at the line.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UserModelsMlTest {

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static Class<?> model(String source, String name) {
    return CompiledSources.withAdjoint(source).load("realistic." + name);
  }

  /** A size among 1, 2 and odd lengths. */
  private static int size(Random rng) {
    int[] sizes = {1, 2, 3, 5};
    return sizes[rng.nextInt(sizes.length)];
  }

  private static int[] labels(Random rng, int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(classes);
    }
    return y;
  }

  // ---------------------------------------------------------------------------------------------
  // 1. Softmax / cross-entropy with a helper returning a row of probabilities.

  static final String SOFTMAX_CE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class SoftmaxCe {
        private SoftmaxCe() {}

        @Differentiable
        public static double[] softmax(double[] logits) {
          double max = Double.NEGATIVE_INFINITY;
          for (double z : logits) {
            max = Math.max(max, z);
          }
          double[] p = new double[logits.length];
          double sum = 0.0;
          for (int k = 0; k < logits.length; k++) {
            p[k] = Math.exp(logits[k] - max);
            sum += p[k];
          }
          for (int k = 0; k < p.length; k++) {
            p[k] = p[k] / sum;
          }
          return p;
        }

        @Differentiable
        public static double[] logits(double[][] w, double[] b, double[] x) {
          double[] z = new double[b.length];
          for (int k = 0; k < b.length; k++) {
            double s = b[k];
            for (int j = 0; j < x.length; j++) {
              s += w[k][j] * x[j];
            }
            z[k] = s;
          }
          return z;
        }

        /** Mean cross-entropy with label smoothing eps. */
        @Differentiable(wrt = {"w", "b"})
        public static double loss(double[][] w, double[] b, double[][] x, int[] y, double eps) {
          double total = 0.0;
          int classes = b.length;
          for (int i = 0; i < x.length; i++) {
            double[] p = softmax(logits(w, b, x[i]));
            for (int k = 0; k < classes; k++) {
              double target = (k == y[i] ? 1.0 - eps : 0.0) + eps / classes;
              total -= target * Math.log(p[k] + 1e-12);
            }
          }
          return total / x.length;
        }
      }
      """;

  @Test
  void softmaxCrossEntropy() {
    AdjointCheck.of(model(SOFTMAX_CE, "SoftmaxCe"))
        .pointsPerMethod(5)
        .points("softmax", rng -> new Object[] {normal(rng, size(rng), 1.5)})
        .points(
            "logits",
            rng -> {
              int c = size(rng);
              int d = size(rng);
              return new Object[] {normal(rng, c, d, 1), normal(rng, c, 1), normal(rng, d, 1)};
            })
        .points(
            "loss",
            rng -> {
              int c = 1 + size(rng);
              int d = size(rng);
              int n = size(rng);
              return new Object[] {
                normal(rng, c, d, 1),
                normal(rng, c, 1),
                normal(rng, n, d, 1),
                labels(rng, n, c),
                0.1
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Scaled dot-product attention over double[][] with row helpers.

  static final String ATTENTION =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Attention {
        private Attention() {}

        /** x (a row) times w (d_in x d_out). */
        @Differentiable
        public static double[] rowTimes(double[] x, double[][] w) {
          double[] out = new double[w[0].length];
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < out.length; j++) {
              out[j] += x[i] * w[i][j];
            }
          }
          return out;
        }

        @Differentiable
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        @Differentiable
        public static double[] softmax(double[] z) {
          double m = z[0];
          for (int k = 1; k < z.length; k++) {
            if (z[k] > m) {
              m = z[k];
            }
          }
          double[] p = new double[z.length];
          double s = 0;
          for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - m);
            s += p[k];
          }
          for (int k = 0; k < z.length; k++) {
            p[k] /= s;
          }
          return p;
        }

        @Differentiable(wrt = {"wq", "wk", "wv"})
        public static double loss(
            double[][] wq, double[][] wk, double[][] wv, double[][] x, double[][] target) {
          int n = x.length;
          int d = wq[0].length;
          int dv = wv[0].length;
          double[][] q = new double[n][d];
          double[][] k = new double[n][d];
          double[][] v = new double[n][dv];
          for (int i = 0; i < n; i++) {
            double[] qi = rowTimes(x[i], wq);
            double[] ki = rowTimes(x[i], wk);
            double[] vi = rowTimes(x[i], wv);
            for (int c = 0; c < d; c++) {
              q[i][c] = qi[c];
              k[i][c] = ki[c];
            }
            for (int c = 0; c < dv; c++) {
              v[i][c] = vi[c];
            }
          }
          double scale = 1.0 / Math.sqrt(d);
          double total = 0;
          for (int i = 0; i < n; i++) {
            double[] scores = new double[n];
            for (int j = 0; j < n; j++) {
              scores[j] = dot(q[i], k[j]) * scale;
            }
            double[] a = softmax(scores);
            for (int c = 0; c < dv; c++) {
              double o = 0;
              for (int j = 0; j < n; j++) {
                o += a[j] * v[j][c];
              }
              double r = o - target[i][c];
              total += r * r;
            }
          }
          return 0.5 * total / n;
        }

        /** The same with a transposed key matrix held as a local double[][]. */
        @Differentiable(wrt = {"wq", "wk", "wv"})
        public static double lossTransposed(
            double[][] wq, double[][] wk, double[][] wv, double[][] x, double[][] target) {
          int n = x.length;
          int d = wq[0].length;
          double[][] kt = new double[d][n];
          for (int i = 0; i < n; i++) {
            double[] ki = rowTimes(x[i], wk);
            for (int c = 0; c < d; c++) {
              kt[c][i] = ki[c];
            }
          }
          double total = 0;
          for (int i = 0; i < n; i++) {
            double[] qi = rowTimes(x[i], wq);
            double[] scores = new double[n];
            for (int j = 0; j < n; j++) {
              for (int c = 0; c < d; c++) {
                scores[j] += qi[c] * kt[c][j];
              }
              scores[j] /= Math.sqrt(d);
            }
            double[] a = softmax(scores);
            double[] out = new double[wv[0].length];
            for (int j = 0; j < n; j++) {
              double[] vj = rowTimes(x[j], wv);
              for (int c = 0; c < out.length; c++) {
                out[c] += a[j] * vj[c];
              }
            }
            for (int c = 0; c < out.length; c++) {
              double r = out[c] - target[i][c];
              total += r * r;
            }
          }
          return total / n;
        }
      }
      """;

  @Test
  void scaledDotProductAttention() {
    AdjointCheck.of(model(ATTENTION, "Attention"))
        .pointsPerMethod(5)
        .points(
            "rowTimes",
            rng -> {
              int a = size(rng);
              int b = size(rng);
              return new Object[] {normal(rng, a, 1), normal(rng, a, b, 1)};
            })
        .points(
            "dot",
            rng -> {
              int a = size(rng);
              return new Object[] {normal(rng, a, 1), normal(rng, a, 1)};
            })
        .points("softmax", rng -> new Object[] {normal(rng, size(rng), 1)})
        .points("loss", UserModelsMlTest::attentionPoint)
        .points("lossTransposed", UserModelsMlTest::attentionPoint)
        .verify();
  }

  private static Object[] attentionPoint(Random rng) {
    int n = size(rng);
    int din = size(rng);
    int d = size(rng);
    int dv = size(rng);
    return new Object[] {
      normal(rng, din, d, 0.7),
      normal(rng, din, d, 0.7),
      normal(rng, din, dv, 0.7),
      normal(rng, n, din, 1),
      normal(rng, n, dv, 1)
    };
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Layer normalization.

  static final String LAYER_NORM =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class LayerNorm {
        private LayerNorm() {}

        static final double EPS = 1e-5;

        @Differentiable
        public static double[] layerNorm(double[] x, double[] gamma, double[] beta) {
          int n = x.length;
          double mean = 0;
          for (double v : x) {
            mean += v;
          }
          mean /= n;
          double var = 0;
          for (int i = 0; i < n; i++) {
            double c = x[i] - mean;
            var += c * c;
          }
          var /= n;
          double inv = 1.0 / Math.sqrt(var + EPS);
          double[] y = new double[n];
          for (int i = 0; i < n; i++) {
            y[i] = gamma[i] * (x[i] - mean) * inv + beta[i];
          }
          return y;
        }

        @Differentiable(wrt = {"gamma", "beta", "w"})
        public static double loss(
            double[] gamma, double[] beta, double[] w, double[][] x, double[] y) {
          double total = 0;
          int i = 0;
          for (double[] row : x) {
            double[] h = layerNorm(row, gamma, beta);
            double pred = 0;
            for (int j = 0; j < h.length; j++) {
              pred += w[j] * h[j];
            }
            double r = pred - y[i];
            total += r * r;
            i++;
          }
          return total / x.length;
        }
      }
      """;

  @Test
  void layerNormalization() {
    AdjointCheck.of(model(LAYER_NORM, "LayerNorm"))
        .pointsPerMethod(5)
        .points(
            "layerNorm",
            rng -> {
              int n = 2 + rng.nextInt(4);
              return new Object[] {normal(rng, n, 1), normal(rng, n, 1), normal(rng, n, 1)};
            })
        .points(
            "loss",
            rng -> {
              int d = 2 + rng.nextInt(4);
              int n = size(rng);
              return new Object[] {
                normal(rng, d, 1),
                normal(rng, d, 1),
                normal(rng, d, 1),
                normal(rng, n, d, 1),
                normal(rng, n, 1)
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 4. 1-D convolution with padding and stride.

  static final String CONV1D =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Conv1d {
        private Conv1d() {}

        @Differentiable
        public static double[] conv(double[] x, double[] kernel, double bias, int pad, int stride) {
          int n = x.length;
          int k = kernel.length;
          int outLen = (n + 2 * pad - k) / stride + 1;
          double[] out = new double[outLen];
          for (int o = 0; o < outLen; o++) {
            double s = bias;
            int start = o * stride - pad;
            for (int j = 0; j < k; j++) {
              int idx = start + j;
              if (idx < 0 || idx >= n) {
                continue;
              }
              s += kernel[j] * x[idx];
            }
            out[o] = s;
          }
          return out;
        }

        /** Two channels of conv, leaky ReLU, global average pooling, squared error. */
        @Differentiable(wrt = {"k1", "k2", "b"})
        public static double loss(
            double[] k1, double[] k2, double[] b, double[][] signals, double[] y, int pad,
            int stride) {
          double total = 0;
          for (int i = 0; i < signals.length; i++) {
            double[] c1 = conv(signals[i], k1, b[0], pad, stride);
            double[] c2 = conv(signals[i], k2, b[1], pad, stride);
            double pooled = 0;
            for (int t = 0; t < c1.length; t++) {
              double a = c1[t] > 0 ? c1[t] : 0.1 * c1[t];
              double c = Math.max(c2[t], 0.1 * c2[t]);
              pooled += a - 0.5 * c;
            }
            pooled /= c1.length;
            double r = pooled - y[i];
            total += r * r;
          }
          return total;
        }
      }
      """;

  @Test
  void convolution1d() {
    AdjointCheck.of(model(CONV1D, "Conv1d"))
        .pointsPerMethod(6)
        .points(
            "conv",
            rng -> {
              int n = 1 + rng.nextInt(7);
              int k = 1 + rng.nextInt(3);
              int pad = rng.nextInt(3);
              while (n + 2 * pad < k) {
                pad++;
              }
              return new Object[] {
                normal(rng, n, 1), normal(rng, k, 1), rng.nextGaussian(), pad, 1 + rng.nextInt(3)
              };
            })
        .points(
            "loss",
            rng -> {
              int n = 2 + rng.nextInt(6);
              int k = 1 + rng.nextInt(3);
              int pad = rng.nextInt(2);
              return new Object[] {
                normal(rng, k, 1),
                normal(rng, k, 1),
                normal(rng, 2, 0.3),
                normal(rng, size(rng), n, 1),
                normal(rng, 5, 1),
                pad,
                1 + rng.nextInt(2)
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 5. GRU and LSTM cells over a sequence, state reassigned each step.

  static final String RECURRENT =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Recurrent {
        private Recurrent() {}

        @Differentiable
        public static double sigmoid(double z) {
          return 0.5 * (1.0 + Math.tanh(0.5 * z));
        }

        /** w h + u x + b, for one gate. */
        @Differentiable
        public static double[] affine(double[][] w, double[] h, double[][] u, double[] x, double[] b) {
          double[] out = new double[b.length];
          for (int i = 0; i < b.length; i++) {
            double s = b[i];
            for (int j = 0; j < h.length; j++) {
              s += w[i][j] * h[j];
            }
            for (int j = 0; j < x.length; j++) {
              s += u[i][j] * x[j];
            }
            out[i] = s;
          }
          return out;
        }

        @Differentiable
        public static double[] gruStep(
            double[] h, double[] x, double[][] wz, double[][] uz, double[] bz, double[][] wr,
            double[][] ur, double[] br, double[][] wh, double[][] uh, double[] bh) {
          double[] z = affine(wz, h, uz, x, bz);
          double[] r = affine(wr, h, ur, x, br);
          int n = h.length;
          double[] rh = new double[n];
          for (int i = 0; i < n; i++) {
            z[i] = sigmoid(z[i]);
            rh[i] = sigmoid(r[i]) * h[i];
          }
          double[] cand = affine(wh, rh, uh, x, bh);
          double[] next = new double[n];
          for (int i = 0; i < n; i++) {
            next[i] = (1 - z[i]) * h[i] + z[i] * Math.tanh(cand[i]);
          }
          return next;
        }

        @Differentiable(wrt = {"wz", "uz", "bz", "wr", "ur", "br", "wh", "uh", "bh"})
        public static double gruLoss(
            double[][] wz, double[][] uz, double[] bz, double[][] wr, double[][] ur, double[] br,
            double[][] wh, double[][] uh, double[] bh, double[][] xs, double[] target) {
          double[] h = new double[bz.length];
          for (int t = 0; t < xs.length; t++) {
            double[] next = gruStep(h, xs[t], wz, uz, bz, wr, ur, br, wh, uh, bh);
            h = next;
          }
          double loss = 0;
          for (int i = 0; i < h.length; i++) {
            double d = h[i] - target[i];
            loss += d * d;
          }
          return loss;
        }

        /** An LSTM with h and c reassigned from fresh arrays each step, loss on every output. */
        @Differentiable(wrt = {"w", "u", "b", "v"})
        public static double lstmLoss(
            double[][] w, double[][] u, double[] b, double[] v, double[][] xs, double[] ys) {
          int n = v.length;
          double[] h = new double[n];
          double[] c = new double[n];
          double loss = 0;
          for (int t = 0; t < xs.length; t++) {
            double[] g = affine(w, h, u, xs[t], b);
            double[] hNew = new double[n];
            double[] cNew = new double[n];
            for (int i = 0; i < n; i++) {
              double in = sigmoid(g[i]);
              double forget = sigmoid(g[n + i]);
              double out = sigmoid(g[2 * n + i]);
              double cell = Math.tanh(g[3 * n + i]);
              cNew[i] = forget * c[i] + in * cell;
              hNew[i] = out * Math.tanh(cNew[i]);
            }
            h = hNew;
            c = cNew;
            double pred = 0;
            for (int i = 0; i < n; i++) {
              pred += v[i] * h[i];
            }
            double e = pred - ys[t];
            loss += e * e;
          }
          return loss / xs.length;
        }
      }
      """;

  @Test
  void gruAndLstmOverSequences() {
    AdjointCheck.of(model(RECURRENT, "Recurrent"))
        .pointsPerMethod(4)
        .points("sigmoid", rng -> new Object[] {2 * rng.nextGaussian()})
        .points(
            "affine",
            rng -> {
              int h = size(rng);
              int x = size(rng);
              int o = size(rng);
              return new Object[] {
                normal(rng, o, h, 1),
                normal(rng, h, 1),
                normal(rng, o, x, 1),
                normal(rng, x, 1),
                normal(rng, o, 1)
              };
            })
        .points(
            "gruStep",
            rng -> {
              int h = size(rng);
              int x = size(rng);
              return gru(rng, h, x, new Object[] {normal(rng, h, 1), normal(rng, x, 1)});
            })
        .points(
            "gruLoss",
            rng -> {
              int h = size(rng);
              int x = size(rng);
              Object[] weights = gru(rng, h, x, new Object[0]);
              Object[] all = new Object[weights.length + 2];
              System.arraycopy(weights, 0, all, 0, weights.length);
              all[weights.length] = normal(rng, 1 + rng.nextInt(4), x, 1);
              all[weights.length + 1] = normal(rng, h, 0.5);
              return all;
            })
        .points(
            "lstmLoss",
            rng -> {
              int h = size(rng);
              int x = size(rng);
              int t = 1 + rng.nextInt(4);
              return new Object[] {
                normal(rng, 4 * h, h, 0.5),
                normal(rng, 4 * h, x, 0.5),
                normal(rng, 4 * h, 0.3),
                normal(rng, h, 1),
                normal(rng, t, x, 1),
                normal(rng, t, 1)
              };
            })
        .verify();
  }

  private static Object[] gru(Random rng, int h, int x, Object[] prefix) {
    List<Object> args = new ArrayList<>(List.of(prefix));
    for (int gate = 0; gate < 3; gate++) {
      args.add(normal(rng, h, h, 0.5));
      args.add(normal(rng, h, x, 0.5));
      args.add(normal(rng, h, 0.3));
    }
    return args.toArray();
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Embedding lookup with int[] token ids.

  static final String EMBEDDING =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Embedding {
        private Embedding() {}

        /** Mean of the embeddings of the tokens (a bag of words). */
        @Differentiable
        public static double[] bag(double[][] table, int[] tokens) {
          double[] sum = new double[table[0].length];
          for (int t : tokens) {
            double[] e = table[t];
            for (int j = 0; j < sum.length; j++) {
              sum[j] += e[j];
            }
          }
          for (int j = 0; j < sum.length; j++) {
            sum[j] /= tokens.length;
          }
          return sum;
        }

        /**
         * Sentence classifier: logistic loss of a linear read-out of the bag. The sentences are
         * one flat token array; sentence s is tokens[starts[s]] .. tokens[starts[s + 1] - 1].
         */
        @Differentiable(wrt = {"table", "w", "b"})
        public static double loss(
            double[][] table, double[] w, double b, int[] tokens, int[] starts, int[] labels) {
          double total = 0;
          int sentences = starts.length - 1;
          for (int s = 0; s < sentences; s++) {
            int len = starts[s + 1] - starts[s];
            double[] e = new double[w.length];
            for (int p = starts[s]; p < starts[s + 1]; p++) {
              double[] row = table[tokens[p]];
              for (int j = 0; j < e.length; j++) {
                e[j] += row[j] / len;
              }
            }
            double z = b;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * e[j];
            }
            double y = labels[s];
            total += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y * z;
          }
          return total / sentences;
        }

        /** Skip-gram style score: dot products of center and context embeddings by index. */
        @Differentiable(wrt = {"in", "out"})
        public static double skipGram(double[][] in, double[][] out, int[] centers, int[] contexts) {
          double total = 0;
          for (int i = 0; i < centers.length; i++) {
            double[] u = in[centers[i]];
            double[] v = out[contexts[i]];
            double d = 0;
            for (int j = 0; j < u.length; j++) {
              d += u[j] * v[j];
            }
            total -= Math.log(1.0 / (1.0 + Math.exp(-d)));
          }
          return total;
        }
      }
      """;

  @Test
  void embeddingLookup() {
    AdjointCheck.of(model(EMBEDDING, "Embedding"))
        .pointsPerMethod(5)
        .points(
            "bag",
            rng -> {
              int vocab = 1 + rng.nextInt(4);
              return new Object[] {
                normal(rng, vocab, size(rng), 1), labels(rng, 1 + rng.nextInt(5), vocab)
              };
            })
        .points(
            "loss",
            rng -> {
              int vocab = 1 + rng.nextInt(5);
              int d = size(rng);
              int n = size(rng);
              int[] starts = new int[n + 1];
              for (int i = 0; i < n; i++) {
                starts[i + 1] = starts[i] + 1 + rng.nextInt(4);
              }
              return new Object[] {
                normal(rng, vocab, d, 1),
                normal(rng, d, 1),
                rng.nextGaussian(),
                labels(rng, starts[n], vocab),
                starts,
                labels(rng, n, 2)
              };
            })
        .points(
            "skipGram",
            rng -> {
              int vocab = 1 + rng.nextInt(4);
              int d = size(rng);
              int n = 1 + rng.nextInt(6);
              return new Object[] {
                normal(rng, vocab, d, 1),
                normal(rng, vocab, d, 1),
                labels(rng, n, vocab),
                labels(rng, n, vocab)
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 7. Masked mean loss with continue and early returns.

  static final String MASKED =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Masked {
        private Masked() {}

        @Differentiable
        public static double predict(double[] w, double[] x) {
          double z = w[w.length - 1];
          for (int j = 0; j < x.length; j++) {
            z += w[j] * x[j];
          }
          return z;
        }

        /**
         * Mean squared error over the examples whose mask is nonzero; label -1 ends the batch
         * (padding). No example: 0.
         */
        @Differentiable(wrt = "w")
        public static double loss(double[] w, double[][] x, double[] y, int[] mask, int[] ends) {
          if (x.length == 0) {
            return 0.0;
          }
          double total = 0;
          int count = 0;
          for (int i = 0; i < x.length; i++) {
            if (ends[i] == 1) {
              if (count == 0) {
                return 0.0;
              }
              return total / count;
            }
            if (mask[i] == 0) {
              continue;
            }
            double r = predict(w, x[i]) - y[i];
            total += r * r;
            count++;
          }
          if (count == 0) {
            return 0.0;
          }
          return total / count;
        }
      }
      """;

  @Test
  void maskedMeanLoss() {
    AdjointCheck.of(model(MASKED, "Masked"))
        .pointsPerMethod(8)
        .points(
            "predict",
            rng -> {
              int d = size(rng);
              return new Object[] {normal(rng, d + 1, 1), normal(rng, d, 1)};
            })
        .points(
            "loss",
            rng -> {
              int d = size(rng);
              int n = 1 + rng.nextInt(6);
              int[] ends = new int[n];
              if (rng.nextBoolean()) {
                ends[rng.nextInt(n)] = 1;
              }
              return new Object[] {
                normal(rng, d + 1, 1),
                normal(rng, n, d, 1),
                normal(rng, n, 1),
                labels(rng, n, 2),
                ends
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 8. In-place ReLU and a dropout mask from a boolean[].

  static final String DROPOUT =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Dropout {
        private Dropout() {}

        @Differentiable
        public static double[] dense(double[][] w, double[] b, double[] x) {
          double[] h = new double[b.length];
          for (int i = 0; i < h.length; i++) {
            h[i] = b[i];
            for (int j = 0; j < x.length; j++) {
              h[i] += w[i][j] * x[j];
            }
          }
          return h;
        }

        @Differentiable(wrt = {"w1", "b1", "w2"})
        public static double loss(
            double[][] w1, double[] b1, double[] w2, double[][] x, double[] y, boolean[] keep,
            double rate) {
          double total = 0;
          double scale = 1.0 / (1.0 - rate);
          for (int i = 0; i < x.length; i++) {
            double[] h = dense(w1, b1, x[i]);
            for (int j = 0; j < h.length; j++) {
              if (h[j] < 0) {
                h[j] = 0;
              }
              if (!keep[j]) {
                h[j] = 0;
              } else {
                h[j] *= scale;
              }
            }
            double out = 0;
            for (int j = 0; j < h.length; j++) {
              out += w2[j] * h[j];
            }
            total += (out - y[i]) * (out - y[i]);
          }
          return total;
        }
      }
      """;

  static final String DROPOUT_INT =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class DropoutInt {
        private DropoutInt() {}

        @Differentiable
        public static double[] dense(double[][] w, double[] b, double[] x) {
          double[] h = new double[b.length];
          for (int i = 0; i < h.length; i++) {
            h[i] = b[i];
            for (int j = 0; j < x.length; j++) {
              h[i] += w[i][j] * x[j];
            }
          }
          return h;
        }

        @Differentiable(wrt = {"w1", "b1", "w2"})
        public static double loss(
            double[][] w1, double[] b1, double[] w2, double[][] x, double[] y, int[] keep,
            double rate) {
          double total = 0;
          double scale = 1.0 / (1.0 - rate);
          for (int i = 0; i < x.length; i++) {
            double[] h = dense(w1, b1, x[i]);
            for (int j = 0; j < h.length; j++) {
              if (h[j] < 0) {
                h[j] = 0;
              }
              if (keep[j] == 0) {
                h[j] = 0;
              } else {
                h[j] *= scale;
              }
            }
            double out = 0;
            for (int j = 0; j < h.length; j++) {
              out += w2[j] * h[j];
            }
            total += (out - y[i]) * (out - y[i]);
          }
          return total;
        }
      }
      """;

  /**
   * x is not differentiated and x[i] is passed to dense, whose result is written in place (see
   * {@link #minimalRowOfDataIntoArrayCall}).
   */
  @Test
  void inPlaceReluAndDropoutWithIntMask() {
    AdjointCheck.of(model(DROPOUT_INT, "DropoutInt"))
        .pointsPerMethod(6)
        .points(
            "dense",
            rng -> {
              int o = size(rng);
              int d = size(rng);
              return new Object[] {normal(rng, o, d, 1), normal(rng, o, 1), normal(rng, d, 1)};
            })
        .points(
            "loss",
            rng -> {
              int hdim = size(rng);
              int d = size(rng);
              int n = size(rng);
              return new Object[] {
                normal(rng, hdim, d, 1),
                normal(rng, hdim, 1),
                normal(rng, hdim, 1),
                normal(rng, n, d, 1),
                normal(rng, n, 1),
                labels(rng, hdim, 2),
                0.25
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 9. Huber and other piecewise losses.

  static final String PIECEWISE =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Piecewise {
        private Piecewise() {}

        @Differentiable
        public static double huber(double r, double delta) {
          double a = Math.abs(r);
          return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        }

        @Differentiable
        public static double quantile(double r, double tau) {
          return r >= 0 ? tau * r : (tau - 1) * r;
        }

        @Differentiable
        public static double logCosh(double r) {
          double a = Math.abs(r);
          return a + Math.log1p(Math.exp(-2 * a)) - Math.log(2);
        }

        @Differentiable
        public static double clippedHinge(double margin) {
          return Math.min(Math.max(0.0, 1.0 - margin), 2.0);
        }

        /** Robust linear regression mixing the losses; the prediction is clipped to [-3, 3]. */
        @Differentiable(wrt = {"w", "b"})
        public static double loss(double[] w, double b, double[][] x, double[] y, int kind) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * x[i][j];
            }
            z = Math.max(-3, Math.min(3, z));
            double r = z - y[i];
            double l;
            switch (kind) {
              case 0 -> l = huber(r, 0.7);
              case 1 -> l = quantile(r, 0.3);
              case 2 -> l = logCosh(r);
              default -> l = clippedHinge(y[i] * z);
            }
            total += l;
          }
          return total / x.length;
        }
      }
      """;

  @Test
  void piecewiseLosses() {
    AdjointCheck.of(model(PIECEWISE, "Piecewise"))
        .pointsPerMethod(8)
        .points("huber", rng -> new Object[] {2 * rng.nextGaussian(), 0.3 + rng.nextDouble()})
        .points("quantile", rng -> new Object[] {rng.nextGaussian(), rng.nextDouble()})
        .points("logCosh", rng -> new Object[] {3 * rng.nextGaussian()})
        .points("clippedHinge", rng -> new Object[] {3 * rng.nextGaussian()})
        .points(
            "loss",
            rng -> {
              int d = size(rng);
              int n = size(rng);
              return new Object[] {
                normal(rng, d, 1),
                rng.nextGaussian(),
                normal(rng, n, d, 1.5),
                normal(rng, n, 1.5),
                rng.nextInt(4)
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 10. Logistic regression with log1p / expm1 / tanh.

  static final String LOGISTIC =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Logistic {
        private Logistic() {}

        /** log(1 + exp(z)), stable. */
        @Differentiable
        public static double softplus(double z) {
          if (z > 0) {
            return z + Math.log1p(Math.exp(-z));
          }
          return Math.log1p(Math.exp(z));
        }

        @Differentiable
        public static double elu(double z, double alpha) {
          return z > 0 ? z : alpha * Math.expm1(z);
        }

        /** Logistic loss on ELU features, with a tanh-squashed bias and an L2 penalty. */
        @Differentiable(wrt = {"w", "v", "c"})
        public static double loss(double[] w, double[] v, double c, double[][] x, int[] y, double l2) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double z = 2 * Math.tanh(c);
            for (int j = 0; j < w.length; j++) {
              z += w[j] * elu(v[j] * x[i][j], 1.0);
            }
            total += y[i] == 1 ? softplus(-z) : softplus(z);
          }
          double pen = 0;
          for (double wj : w) {
            pen += wj * wj;
          }
          return total / x.length + 0.5 * l2 * pen;
        }

        /** The probability form: -y log p - (1 - y) log(1 - p), p = sigmoid via tanh. */
        @Differentiable(wrt = "w")
        public static double lossProb(double[] w, double[][] x, double[] y) {
          double total = 0;
          int i = 0;
          for (double[] row : x) {
            double z = 0;
            for (int j = 0; j < row.length; j++) {
              z += w[j] * row[j];
            }
            double p = 0.5 + 0.5 * Math.tanh(0.5 * z);
            total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log1p(-p);
            i++;
          }
          return total;
        }
      }
      """;

  @Test
  void logisticRegression() {
    AdjointCheck.of(model(LOGISTIC, "Logistic"))
        .pointsPerMethod(6)
        .points("softplus", rng -> new Object[] {3 * rng.nextGaussian()})
        .points("elu", rng -> new Object[] {2 * rng.nextGaussian(), 0.5 + rng.nextDouble()})
        .points(
            "loss",
            rng -> {
              int d = size(rng);
              int n = size(rng);
              return new Object[] {
                normal(rng, d, 1),
                normal(rng, d, 1),
                rng.nextGaussian(),
                normal(rng, n, d, 1),
                labels(rng, n, 2),
                0.01
              };
            })
        .points(
            "lossProb",
            rng -> {
              int d = size(rng);
              int n = size(rng);
              double[] y = new double[n];
              for (int i = 0; i < n; i++) {
                y[i] = rng.nextInt(2);
              }
              return new Object[] {normal(rng, d, 0.7), normal(rng, n, d, 1), y};
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // 11. Two-layer network over one flat parameter vector, with offsets; enhanced-for over rows.

  static final String FLAT_MLP =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class FlatMlp {
        private FlatMlp() {}

        public static int size(int in, int hidden) {
          return in * hidden + hidden + hidden + 1;
        }

        @Differentiable
        public static double forward(double[] theta, double[] x, int hidden) {
          int in = x.length;
          int w1 = 0;
          int b1 = w1 + in * hidden;
          int w2 = b1 + hidden;
          int b2 = w2 + hidden;
          double out = theta[b2];
          for (int h = 0; h < hidden; h++) {
            double a = theta[b1 + h];
            for (int i = 0; i < in; i++) {
              a += theta[w1 + h * in + i] * x[i];
            }
            out += theta[w2 + h] * Math.tanh(a);
          }
          return out;
        }

        @Differentiable(wrt = "theta")
        public static double loss(double[] theta, double[][] x, double[] y, int hidden) {
          double total = 0;
          int n = 0;
          for (double[] row : x) {
            double r = forward(theta, row, hidden) - y[n++];
            total += r * r;
          }
          double reg = 0;
          int weights = x[0].length * hidden;
          for (int k = 0; k < weights; k++) {
            reg += theta[k] * theta[k];
          }
          return total / n + 1e-3 * reg;
        }

        /** The same, with the layer inlined and a hidden activation buffer reused per row. */
        @Differentiable(wrt = "theta")
        public static double lossInline(double[] theta, double[][] x, double[] y, int hidden) {
          int in = x[0].length;
          int off = 0;
          double[] act = new double[hidden];
          double total = 0;
          for (int n = 0; n < x.length; n++) {
            off = 0;
            for (int h = 0; h < hidden; h++) {
              double a = theta[in * hidden + h];
              for (int i = 0; i < in; i++) {
                a += theta[off++] * x[n][i];
              }
              act[h] = a > 0 ? a : 0.01 * a;
            }
            double out = theta[theta.length - 1];
            for (int h = 0; h < hidden; h++) {
              out += theta[in * hidden + hidden + h] * act[h];
            }
            total += (out - y[n]) * (out - y[n]);
          }
          return total;
        }
      }
      """;

  @Test
  void flatParameterTwoLayerNetwork() {
    AdjointCheck.of(model(FLAT_MLP, "FlatMlp"))
        .pointsPerMethod(5)
        .points(
            "forward",
            rng -> {
              int in = size(rng);
              int hidden = size(rng);
              return new Object[] {
                normal(rng, in * hidden + 2 * hidden + 1, 0.7), normal(rng, in, 1), hidden
              };
            })
        .points("loss", UserModelsMlTest::flatMlpPoint)
        .points("lossInline", UserModelsMlTest::flatMlpPoint)
        .verify();
  }

  private static Object[] flatMlpPoint(Random rng) {
    int in = size(rng);
    int hidden = size(rng);
    int n = size(rng);
    return new Object[] {
      normal(rng, in * hidden + 2 * hidden + 1, 0.7),
      normal(rng, n, in, 1),
      normal(rng, n, 1),
      hidden
    };
  }

  // ---------------------------------------------------------------------------------------------
  // 12. K-means-like soft assignment.

  static final String SOFT_KMEANS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class SoftKMeans {
        private SoftKMeans() {}

        @Differentiable
        public static double sqDist(double[] a, double[] b) {
          double s = 0;
          for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
          }
          return s;
        }

        /** Responsibilities: softmax of -beta * distances. */
        @Differentiable
        public static double[] assign(double[][] centers, double[] x, double beta) {
          double[] r = new double[centers.length];
          double best = Double.POSITIVE_INFINITY;
          for (int k = 0; k < centers.length; k++) {
            r[k] = sqDist(centers[k], x);
            best = Math.min(best, r[k]);
          }
          double z = 0;
          for (int k = 0; k < r.length; k++) {
            r[k] = Math.exp(-beta * (r[k] - best));
            z += r[k];
          }
          for (int k = 0; k < r.length; k++) {
            r[k] /= z;
          }
          return r;
        }

        /** Expected distortion under the soft assignment, plus the soft-min energy. */
        @Differentiable(wrt = {"centers", "beta"})
        public static double loss(double[][] centers, double[][] x, double beta) {
          double distortion = 0;
          double energy = 0;
          for (double[] point : x) {
            double[] r = assign(centers, point, beta);
            double m = Double.POSITIVE_INFINITY;
            for (int k = 0; k < centers.length; k++) {
              double d = sqDist(centers[k], point);
              distortion += r[k] * d;
              if (d < m) {
                m = d;
              }
            }
            double s = 0;
            for (double[] c : centers) {
              s += Math.exp(-beta * (sqDist(c, point) - m));
            }
            energy += m - Math.log(s) / beta;
          }
          return (distortion + energy) / x.length;
        }
      }
      """;

  @Test
  void softKMeans() {
    AdjointCheck.of(model(SOFT_KMEANS, "SoftKMeans"))
        .pointsPerMethod(5)
        .points(
            "sqDist",
            rng -> {
              int d = size(rng);
              return new Object[] {normal(rng, d, 1), normal(rng, d, 1)};
            })
        .points(
            "assign",
            rng -> {
              int d = size(rng);
              return new Object[] {
                normal(rng, size(rng), d, 1), normal(rng, d, 1), 0.5 + rng.nextDouble()
              };
            })
        .points(
            "loss",
            rng -> {
              int d = size(rng);
              return new Object[] {
                normal(rng, size(rng), d, 1), normal(rng, size(rng), d, 1), 0.5 + rng.nextDouble()
              };
            })
        .verify();
  }

  // ---------------------------------------------------------------------------------------------
  // Outside the subset: plausible user code that must fail with a clear error at the line.

  /**
   * {@link Rejections#rejectedAt}, for an error in a method body: the first error also names the
   * method being differentiated.
   */
  private static void rejectedAt(String source, String marker, String... mentions) {
    rejectedAt(true, source, marker, mentions);
  }

  private static void rejectedAt(boolean inBody, String source, String marker, String... mentions) {
    Compilation c = Rejections.rejectedAt(source, marker, mentions);
    if (inBody) {
      String first = errorList(c).get(0).getMessage(Locale.ROOT);
      assertTrue(first.contains("when differentiating"), "names the method:\n" + errors(c));
    }
  }

  private static String bad(String members) {
    return "package realistic;\n\n"
        + "import dev.adjoint.Differentiable;\n"
        + "import java.util.List;\n"
        + "import java.util.function.DoubleUnaryOperator;\n\n"
        + "public class Bad {\n"
        + members.stripTrailing().indent(2)
        + "}\n";
  }

  @Test
  void instanceMethodCallIsRejected() {
    String s =
        bad(
            """
            double scale = 2.0;

            double act(double z) {
              return Math.tanh(z) * scale;
            }

            @Differentiable
            static double loss(double[] w, double[] x) {
              Bad b = new Bad();
              double s = 0;
              for (int i = 0; i < w.length; i++) {
                s += b.act(w[i] * x[i]);
              }
              return s;
            }
            """);
    rejectedAt(s, "Bad b = new Bad();");
  }

  @Test
  void listOfRowsIsRejected() {
    String s =
        bad(
            """
            @Differentiable(wrt = "w")
            static double loss(double[] w, List<double[]> xs) {
              double s = 0;
              for (double[] x : xs) {
                for (int j = 0; j < w.length; j++) {
                  s += w[j] * x[j];
                }
              }
              return s;
            }
            """);
    rejectedAt(false, s, "List<double[]> xs", "double[][]");
  }

  @Test
  void lambdaIsRejected() {
    String s =
        bad(
            """
            @Differentiable
            static double loss(double[] w) {
              DoubleUnaryOperator act = z -> Math.max(z, 0);
              double s = 0;
              for (double v : w) {
                s += act.applyAsDouble(v);
              }
              return s;
            }
            """);
    rejectedAt(s, "z -> Math.max");
  }

  /**
   * {@code params.clone()}: rejected at the call, with the copy to write instead (allocate {@code
   * new double[params.length]} and copy in a loop), as the README advises for arrays a method
   * receives.
   */
  @Test
  void cloneIsRejected() {
    String s =
        bad(
            """
            @Differentiable
            static double loss(double[] params, double lr) {
              double[] w = params.clone();
              for (int i = 0; i < w.length; i++) {
                w[i] -= lr * w[i];
              }
              double s = 0;
              for (double v : w) {
                s += v * v;
              }
              return s;
            }
            """);
    rejectedAt(s, "params.clone()", "clone()", "new double[params.length]", "copy[i] = params[i]");
  }

  @Test
  void voidHelperWritingIntoOutputIsRejected() {
    String s =
        bad(
            """
            @Differentiable
            static void affine(double[][] w, double[] x, double[] out) {
              for (int i = 0; i < out.length; i++) {
                double a = 0;
                for (int j = 0; j < x.length; j++) {
                  a += w[i][j] * x[j];
                }
                out[i] = a;
              }
            }

            @Differentiable
            static double loss(double[][] w, double[] x) {
              double[] h = new double[w.length];
              affine(w, x, h);
              double s = 0;
              for (double v : h) {
                s += v * v;
              }
              return s;
            }
            """);
    Compilation c = compile(s);
    String errs = errors(c);
    assertEquals(Compilation.Status.FAILURE, c.status());
    assertTrue(!errs.matches(CRASH), "crash in diagnostic:\n" + errs);
    assertTrue(errs.contains("double[]"), errs);
  }

  @Test
  void matrixReturningHelperIsRejected() {
    String s =
        bad(
            """
            @Differentiable
            static double[][] matmul(double[][] a, double[][] b) {
              double[][] c = new double[a.length][b[0].length];
              for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < b[0].length; j++) {
                  for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                  }
                }
              }
              return c;
            }
            """);
    Compilation c = compile(s);
    String errs = errors(c);
    assertEquals(Compilation.Status.FAILURE, c.status());
    assertTrue(!errs.matches(CRASH), "crash in diagnostic:\n" + errs);
    assertEquals(lineOf(s, "static double[][] matmul"), c.errors().get(0).getLineNumber(), errs);
  }

  @Test
  void booleanMaskParameter() {
    Compilation c =
        Compiler.javac()
            .withProcessors(new dev.adjoint.processor.AdjointProcessor())
            .withOptions("-parameters", "-Xlint:none")
            .withClasspath(List.of(classpathEntryOf(Differentiable.class)))
            .compile(JavaFileObjects.forSourceString("realistic.Dropout", DROPOUT));
    assertTrue(!errors(c).matches(CRASH), "crash in diagnostic:\n" + errors(c));
    if (c.status() == Compilation.Status.SUCCESS) {
      Class<?> m = model(DROPOUT, "Dropout");
      AdjointCheck.of(m)
          .pointsPerMethod(6)
          .points(
              "dense",
              rng -> {
                int o = size(rng);
                int d = size(rng);
                return new Object[] {normal(rng, o, d, 1), normal(rng, o, 1), normal(rng, d, 1)};
              })
          .points(
              "loss",
              rng -> {
                int hdim = size(rng);
                int d = size(rng);
                int n = size(rng);
                boolean[] keep = new boolean[hdim];
                for (int j = 0; j < hdim; j++) {
                  keep[j] = rng.nextBoolean();
                }
                return new Object[] {
                  normal(rng, hdim, d, 1),
                  normal(rng, hdim, 1),
                  normal(rng, hdim, 1),
                  normal(rng, n, d, 1),
                  normal(rng, n, 1),
                  keep,
                  0.25
                };
              })
          .verify();
    } else {
      assertEquals(1, c.errors().size(), errors(c));
      assertEquals(lineOf(DROPOUT, "boolean[] keep"), c.errors().get(0).getLineNumber(), errors(c));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bug reproductions and further models.

  static final String ROW_OF_DATA =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class RowOfData {
        private RowOfData() {}

        @Differentiable
        public static double[] scale(double[] w, double[] x) {
          double[] h = new double[w.length];
          for (int i = 0; i < h.length; i++) {
            h[i] = w[i] * x[i];
          }
          return h;
        }

        @Differentiable(wrt = "w")
        public static double f(double[] w, double[][] x) {
          double[] h = scale(w, x[0]);
          h[0] *= 2;
          return h[0];
        }
      }
      """;

  /**
   * A row x[0] of a double[][] outside {@code wrt} passed to a @Differentiable helper returning a
   * double[], and the result written in place. The row has no adjoint to share with the result
   * (generated code once read {@code xBar[0]} with {@code xBar = null}, a NullPointerException);
   * the result gets its own, and generated code checks that the helper did not return the row.
   */
  @Test
  void minimalRowOfDataIntoArrayCall() {
    AdjointCheck.of(model(ROW_OF_DATA, "RowOfData"))
        .points("scale", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 3, 1)})
        .points("f", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 2, 3, 1)})
        .verify();
  }

  static final String RETURNS_ROW_OF_DATA =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class ReturnsRowOfData {
        private ReturnsRowOfData() {}

        @Differentiable
        public static double[] firstIfShort(double[] w, double[] x) {
          if (x.length < 3) {
            return x;
          }
          double[] h = new double[w.length];
          for (int i = 0; i < h.length; i++) {
            h[i] = w[i] * x[i];
          }
          return h;
        }

        @Differentiable(wrt = "w")
        public static double f(double[] w, double[][] x) {
          double[] h = firstIfShort(w, x[0]);
          h[0] *= w[0];
          return h[0];
        }
      }
      """;

  /**
   * Where the helper does return the row of the data, writing into it would change the caller's
   * array: the gradient stops with the runtime's explanation instead of a wrong result.
   */
  @Test
  void rowOfDataReturnedAndWrittenIsAnError() throws Exception {
    Class<?> c = model(RETURNS_ROW_OF_DATA, "ReturnsRowOfData");
    Class<?> adjoint = Class.forName(c.getName() + "Adjoint", true, c.getClassLoader());
    java.lang.reflect.Method pullback =
        adjoint.getMethod(
            "fPullback", double[].class, double[][].class, double.class, double[].class);
    double[] w = {0.5, -1.5, 2.0};
    double[] wBar = new double[3];
    // Rows of length 3: the helper returns a new array, and the gradient is x[0][0] * 2 w[0].
    double[][] x = {{1.25, 2.0, 3.0}};
    pullback.invoke(null, w, x, 1.0, wBar);
    assertEquals(2 * w[0] * 1.25, wBar[0], 1e-15);
    // Rows of length 2: the helper returns x[0] itself, which f then writes into.
    java.lang.reflect.InvocationTargetException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.lang.reflect.InvocationTargetException.class,
            () -> pullback.invoke(null, w, new double[][] {{1.25, 2.0}}, 1.0, new double[3]));
    assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
    assertTrue(
        e.getCause().getMessage().contains("returned its array argument itself"),
        e.getCause().getMessage());
  }

  static final String ROWS_FOR_EACH =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class RowsForEach {
        private RowsForEach() {}

        @Differentiable
        public static double[] scale(double[] w, double[] x) {
          double[] h = new double[w.length];
          for (int i = 0; i < h.length; i++) {
            h[i] = w[i] * x[i];
          }
          return h;
        }

        @Differentiable(wrt = "w")
        public static double f(double[] w, double[][] x) {
          double total = 0;
          for (double[] row : x) {
            double[] h = scale(w, row);
            for (int j = 0; j < h.length; j++) {
              h[j] = Math.max(h[j], 0);
            }
            total += h[0] + h[h.length - 1];
          }
          return total;
        }
      }
      """;

  /** Rows of data from an enhanced for, as in {@link #minimalRowOfDataIntoArrayCall}. */
  @Test
  void rowsForEachIntoArrayCallWrittenInPlace() {
    AdjointCheck.of(model(ROWS_FOR_EACH, "RowsForEach"))
        .points("scale", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 3, 1)})
        .points("f", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 2, 3, 1)})
        .verify();
  }

  /** A logistic regression over a large batch: the reduction loop runs in chunks of 64. */
  static final String BIG_BATCH =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class BigBatch {
        private BigBatch() {}

        @Differentiable(wrt = {"w", "b"}, order = 2)
        public static double loss(double[] w, double b, double[][] x, double[] y) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double z = b;
            double[] row = x[i];
            for (int j = 0; j < w.length; j++) {
              z += w[j] * row[j];
            }
            double m = Math.max(z, 0);
            total += m + Math.log(Math.exp(-m) + Math.exp(z - m)) - y[i] * z;
          }
          return total / x.length;
        }

        @Differentiable(wrt = "w")
        public static double hidden(double[] w, double[][] x, double[] y, int hid) {
          double total = 0;
          int d = x[0].length;
          for (int i = 0; i < x.length; i++) {
            double[] a = new double[hid];
            for (int h = 0; h < hid; h++) {
              for (int j = 0; j < d; j++) {
                a[h] += w[h * d + j] * x[i][j];
              }
              a[h] = Math.tanh(a[h]);
            }
            double out = 0;
            for (int h = 0; h < hid; h++) {
              out += w[hid * d + h] * a[h];
            }
            double r = out - y[i];
            total += r * r;
          }
          return total;
        }
      }
      """;

  @Test
  void largeBatches() {
    AdjointCheck.of(model(BIG_BATCH, "BigBatch"))
        .pointsPerMethod(3)
        .points(
            "loss",
            rng -> {
              int n = 60 + rng.nextInt(140);
              int d = size(rng);
              double[] y = new double[n];
              for (int i = 0; i < n; i++) {
                y[i] = rng.nextInt(2);
              }
              return new Object[] {normal(rng, d, 1), rng.nextGaussian(), normal(rng, n, d, 1), y};
            })
        .points(
            "hidden",
            rng -> {
              int n = 60 + rng.nextInt(140);
              int d = size(rng);
              int hid = size(rng);
              return new Object[] {
                normal(rng, hid * d + hid, 0.7), normal(rng, n, d, 1), normal(rng, n, 1), hid
              };
            })
        .verify();
  }

  /** Second order: Newton's method on a softmax regression and on layer-normalized features. */
  static final String NEWTON =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class Newton {
        private Newton() {}

        @Differentiable(order = 2)
        public static double logSumExp(double[] z) {
          double m = z[0];
          for (int k = 1; k < z.length; k++) {
            m = Math.max(m, z[k]);
          }
          double s = 0;
          for (double v : z) {
            s += Math.exp(v - m);
          }
          return m + Math.log(s);
        }

        @Differentiable(wrt = "w", order = 2)
        public static double loss(double[][] w, double[][] x, int[] y, double l2) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double[] z = new double[w.length];
            for (int k = 0; k < w.length; k++) {
              for (int j = 0; j < x[i].length; j++) {
                z[k] += w[k][j] * x[i][j];
              }
            }
            total += logSumExp(z) - z[y[i]];
          }
          double pen = 0;
          for (double[] row : w) {
            for (double v : row) {
              pen += v * v;
            }
          }
          return total / x.length + 0.5 * l2 * pen;
        }

        @Differentiable(wrt = {"gamma", "w"}, order = 2)
        public static double normed(double[] gamma, double[] w, double[][] x, double[] y) {
          double total = 0;
          for (double[] row : x) {
            int n = row.length;
            double mean = 0;
            for (double v : row) {
              mean += v / n;
            }
            double var = 0;
            for (double v : row) {
              var += (v - mean) * (v - mean) / n;
            }
            double inv = 1 / Math.sqrt(var + 1e-3);
            double pred = 0;
            for (int j = 0; j < n; j++) {
              pred += w[j] * Math.tanh(gamma[j] * (row[j] - mean) * inv);
            }
            total += Math.abs(pred) < 1 ? 0.5 * pred * pred : Math.abs(pred) - 0.5;
          }
          return total;
        }
      }
      """;

  @Test
  void secondOrderModels() {
    AdjointCheck.of(model(NEWTON, "Newton"))
        .pointsPerMethod(4)
        .points("logSumExp", rng -> new Object[] {normal(rng, size(rng), 1)})
        .points(
            "loss",
            rng -> {
              int c = size(rng);
              int d = size(rng);
              int n = size(rng);
              return new Object[] {
                normal(rng, c, d, 1), normal(rng, n, d, 1), labels(rng, n, c), 0.1
              };
            })
        .points(
            "normed",
            rng -> {
              int d = 2 + rng.nextInt(3);
              int n = size(rng);
              return new Object[] {
                normal(rng, d, 1), normal(rng, d, 1), normal(rng, n, d, 1), normal(rng, n, 1)
              };
            })
        .verify();
  }

  /** The README's recommended form: a record of parameters, the loss an instance method. */
  static final String RECORD_MLP =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class RecordMlp {
        private RecordMlp() {}

        public record Dense(double[][] w, double[] b) {
          @Differentiable(wrt = {"this", "x"})
          public double[] apply(double[] x) {
            double[] out = new double[b.length];
            for (int i = 0; i < b.length; i++) {
              double s = b[i];
              for (int j = 0; j < x.length; j++) {
                s += w[i][j] * x[j];
              }
              out[i] = s;
            }
            return out;
          }
        }

        public record Net(Dense l1, Dense l2, double temperature) {
          @Differentiable(wrt = "this")
          public double loss(double[][] x, int[] labels) {
            double total = 0;
            int i = 0;
            for (double[] row : x) {
              double[] h = l1.apply(row);
              double[] a = new double[h.length];
              for (int k = 0; k < h.length; k++) {
                a[k] = Math.tanh(h[k]);
              }
              double[] z = l2().apply(a);
              double m = z[0];
              for (double v : z) {
                m = Math.max(m, v);
              }
              double s = 0;
              for (double v : z) {
                s += Math.exp((v - m) / temperature);
              }
              total += Math.log(s) + (m - z[labels[i]]) / temperature;
              i++;
            }
            return total / x.length;
          }
        }
      }
      """;

  @Test
  void recordMlp() throws Exception {
    Class<?> outer = model(RECORD_MLP, "RecordMlp");
    Class<?> dense = CompiledSources.withAdjoint(RECORD_MLP).load("realistic.RecordMlp$Dense");
    Class<?> net = CompiledSources.withAdjoint(RECORD_MLP).load("realistic.RecordMlp$Net");
    var denseCtor = dense.getDeclaredConstructor(double[][].class, double[].class);
    var netCtor = net.getDeclaredConstructor(dense, dense, double.class);
    AdjointCheck.of(dense)
        .points(
            "apply",
            rng -> {
              int o = size(rng);
              int d = size(rng);
              try {
                return new Object[] {
                  denseCtor.newInstance(normal(rng, o, d, 1), normal(rng, o, 1)), normal(rng, d, 1)
                };
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            })
        .verify();
    AdjointCheck.of(net)
        .pointsPerMethod(4)
        .points(
            "loss",
            rng -> {
              int d = size(rng);
              int h = size(rng);
              int c = 1 + size(rng);
              int n = size(rng);
              try {
                Object l1 = denseCtor.newInstance(normal(rng, h, d, 0.8), normal(rng, h, 0.3));
                Object l2 = denseCtor.newInstance(normal(rng, c, h, 0.8), normal(rng, c, 0.3));
                return new Object[] {
                  netCtor.newInstance(l1, l2, 0.5 + rng.nextDouble()),
                  normal(rng, n, d, 1),
                  labels(rng, n, c)
                };
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            })
        .verify();
    assertTrue(outer != null);
  }

  @Test
  void ragged2dArrayCreationMessage() {
    String s =
        bad(
            """
            @Differentiable
            static double loss(double[][] x, double[] w) {
              double[][] h = new double[x.length][];
              double total = 0;
              for (int i = 0; i < x.length; i++) {
                total += x[i][0] * w[0];
              }
              return total;
            }
            """);
    rejectedAt(s, "new double[x.length][]");
  }

  /**
   * {@code new double[n][]} (rows assigned later, as users write for Q, K, V in attention): the
   * error says that a double[][] needs both sizes, not that only double[][] arrays are supported.
   */
  @Test
  void ragged2dArrayCreationMessageIsAccurate() {
    String s =
        bad(
            """
            @Differentiable
            static double loss(double[][] x, double[] w) {
              double[][] h = new double[x.length][];
              double total = 0;
              for (int i = 0; i < x.length; i++) {
                total += x[i][0] * w[0];
              }
              return total;
            }
            """);
    rejectedAt(s, "new double[x.length][]", "both its sizes", "new double[n][m]");
  }

  @Test
  void instanceMethodOfAPlainClass() {
    String s =
        bad(
            """
            double[] w = new double[3];

            double act(double z) {
              return Math.tanh(z);
            }

            @Differentiable
            double loss(double[] x) {
              double s = 0;
              for (int i = 0; i < x.length; i++) {
                s += act(x[i]);
              }
              return s;
            }
            """);
    Compilation c = compile(s);
    String errs = errors(c);
    assertEquals(Compilation.Status.FAILURE, c.status(), errs);
    assertTrue(!errs.matches(CRASH), "crash in diagnostic:\n" + errs);
    assertEquals(lineOf(s, "double loss(double[] x)"), c.errors().get(0).getLineNumber(), errs);
    assertTrue(errs.contains("Make it static"), errs);
  }

  @Test
  void instanceHelperCalledFromStaticMethod() {
    String s =
        bad(
            """
            static final Bad ACT = new Bad();

            double act(double z) {
              return Math.tanh(z);
            }

            @Differentiable
            static double loss(double[] x) {
              double s = 0;
              for (int i = 0; i < x.length; i++) {
                s += ACT.act(x[i]);
              }
              return s;
            }
            """);
    rejectedAt(s, "ACT.act(");
  }

  /**
   * More models: layer/RMS norm through a 2-output helper, cosine similarity with hypot and fma,
   * Gaussian NLL; a data matrix into a helper whose result is written in place; circular dilated
   * convolution; causal attention with break; a padded-sequence RNN whose step returns its
   * argument; float[] features; rows of a static table and of a local matrix into a helper.
   */
  static final String MORE_MODELS =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class MoreModels {
        private MoreModels() {}

        static final double[][] TABLE = {{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}};

        @Differentiable
        public static double[] mul(double[] w, double[] x) {
          double[] h = new double[w.length];
          for (int i = 0; i < h.length; i++) {
            h[i] = w[i] * x[i];
          }
          return h;
        }

        @Differentiable
        public static double staticTable(double[] w) {
          double[] h = mul(w, TABLE[1]);
          h[0] *= 2;
          return h[0] + h[1];
        }

        @Differentiable
        public static double localData(double[] w) {
          double[][] buf = new double[2][3];
          buf[1][0] = 1.5;
          buf[1][1] = -2;
          double[] h = mul(w, buf[1]);
          h[0] *= 2;
          return h[0] + h[1];
        }

        @Differentiable
        public static double[] meanVar(double[] x) {
          double m = 0;
          for (double v : x) {
            m += v;
          }
          m /= x.length;
          double s = 0;
          for (double v : x) {
            s += (v - m) * (v - m);
          }
          return new double[] {m, s / x.length};
        }

        @Differentiable
        public static double[] stats3(double[] x) {
          double[] out = new double[3];
          for (double v : x) {
            out[0] += v;
            out[1] += v * v;
            out[2] = Math.max(out[2], Math.abs(v));
          }
          return out;
        }

        /** Layer norm through meanVar, RMS norm, cosine similarity, Gaussian NLL. */
        @Differentiable(wrt = {"g", "w", "logVar"})
        public static double loss(double[] g, double[] w, double logVar, double[][] x, double[] y) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double[] mv = meanVar(x[i]);
            double rms = 0;
            for (double v : x[i]) {
              rms = Math.fma(v, v, rms);
            }
            rms = Math.sqrt(rms / x[i].length + 1e-6);
            double dot = 0;
            double nw = 0;
            double nx = 0;
            for (int j = 0; j < w.length; j++) {
              double h = g[j] * (x[i][j] - mv[0]) / Math.sqrt(mv[1] + 1e-5) + x[i][j] / rms;
              dot += w[j] * h;
              nw = Math.hypot(nw, w[j]);
              nx = Math.hypot(nx, h);
            }
            double cos = dot / (nw * nx + 1e-9);
            double r = cos - y[i];
            total += 0.5 * (logVar + r * r * Math.exp(-logVar));
          }
          return total / x.length;
        }

        /** Whole data matrix to a helper whose result is written in place. */
        @Differentiable
        public static double[] matvec(double[][] a, double[] v) {
          double[] out = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < v.length; j++) {
              out[i] += a[i][j] * v[j];
            }
          }
          return out;
        }

        @Differentiable(wrt = "w")
        public static double dataMatrix(double[] w, double[][] x) {
          double[] z = matvec(x, w);
          for (int i = 0; i < z.length; i++) {
            z[i] = z[i] > 0 ? z[i] : 0.0;
          }
          double s = 0;
          for (double v : z) {
            s += v * v;
          }
          return s;
        }

        /** Circular dilated convolution. */
        @Differentiable(wrt = "k")
        public static double circular(double[] k, double[] x, int dilation) {
          int n = x.length;
          double[] y = new double[n];
          for (int t = 0; t < n; t++) {
            for (int j = 0; j < k.length; j++) {
              y[t] += k[j] * x[(t + j * dilation) % n];
            }
          }
          double s = 0;
          for (int t = 0; t < n; t++) {
            s += Math.log(Math.cosh(y[t]));
          }
          return s;
        }

        /** Causal self-attention: scores only for j <= i, with break. */
        @Differentiable(wrt = {"wq", "wk"})
        public static double causal(double[] wq, double[] wk, double[][] x) {
          int n = x.length;
          double total = 0;
          for (int i = 0; i < n; i++) {
            double[] s = new double[i + 1];
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
              if (j > i) {
                break;
              }
              double q = 0;
              double kk = 0;
              for (int c = 0; c < wq.length; c++) {
                q += wq[c] * x[i][c];
                kk += wk[c] * x[j][c];
              }
              s[j] = q * kk;
              if (s[j] > m) {
                m = s[j];
              }
            }
            double z = 0;
            double o = 0;
            for (int j = 0; j <= i; j++) {
              double e = Math.exp(s[j] - m);
              z += e;
              o += e * x[j][0];
            }
            total += o / z;
          }
          return total;
        }

        /** A padded-sequence RNN: step returns h itself where masked. */
        @Differentiable
        public static double[] step(double[] h, double[] w, double x, int m) {
          if (m == 0) {
            return h;
          }
          double[] next = new double[h.length];
          for (int i = 0; i < h.length; i++) {
            next[i] = Math.tanh(w[i] * h[(i + 1) % h.length] + x);
          }
          return next;
        }

        @Differentiable(wrt = {"w", "h0"})
        public static double padded(double[] w, double[] h0, double[] xs, int[] mask) {
          double[] h = h0;
          for (int t = 0; t < xs.length; t++) {
            h = step(h, w, xs[t], mask[t]);
          }
          double s = 0;
          for (double v : h) {
            s += v * v;
          }
          return s;
        }

        /** float[] features with an int label, in a reduction loop. */
        @Differentiable(wrt = "w")
        public static double floats(double[] w, float[] f, int d, int[] y) {
          double total = 0;
          int n = f.length / d;
          for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
              z += w[j] * f[i * d + j];
            }
            total += y[i] == 1 ? Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
          }
          return total;
        }
      }
      """;

  @Test
  void moreModels() {
    AdjointCheck.of(model(MORE_MODELS, "MoreModels"))
        .pointsPerMethod(5)
        .points("mul", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 3, 1)})
        .points("staticTable", rng -> new Object[] {normal(rng, 3, 1)})
        .points("localData", rng -> new Object[] {normal(rng, 3, 1)})
        .points("meanVar", rng -> new Object[] {normal(rng, 1 + rng.nextInt(4), 1)})
        .points("stats3", rng -> new Object[] {normal(rng, 1 + rng.nextInt(4), 1)})
        .points(
            "loss",
            rng -> {
              int d = 2 + rng.nextInt(3);
              int n = 1 + rng.nextInt(3);
              return new Object[] {
                normal(rng, d, 1),
                normal(rng, d, 1),
                rng.nextGaussian(),
                normal(rng, n, d, 1),
                normal(rng, n, 0.5)
              };
            })
        .points("matvec", rng -> new Object[] {normal(rng, 3, 2, 1), normal(rng, 2, 1)})
        .points(
            "dataMatrix",
            rng -> new Object[] {normal(rng, 2, 1), normal(rng, 1 + rng.nextInt(4), 2, 1)})
        .points(
            "circular",
            rng ->
                new Object[] {
                  normal(rng, 1 + rng.nextInt(3), 1),
                  normal(rng, 1 + rng.nextInt(6), 1),
                  1 + rng.nextInt(3)
                })
        .points(
            "causal",
            rng -> {
              int d = 1 + rng.nextInt(3);
              return new Object[] {
                normal(rng, d, 1), normal(rng, d, 1), normal(rng, 1 + rng.nextInt(4), d, 1)
              };
            })
        .points(
            "step",
            rng ->
                new Object[] {
                  normal(rng, 3, 1), normal(rng, 3, 1), rng.nextGaussian(), rng.nextInt(2)
                })
        .points(
            "padded",
            rng -> {
              int t = 1 + rng.nextInt(5);
              int h = 1 + rng.nextInt(3);
              return new Object[] {
                normal(rng, h, 1), normal(rng, h, 1), normal(rng, t, 1), labels(rng, t, 2)
              };
            })
        .points(
            "floats",
            rng -> {
              int d = 1 + rng.nextInt(3);
              int n = 1 + rng.nextInt(4);
              float[] f = new float[n * d];
              for (int i = 0; i < f.length; i++) {
                f[i] = (float) rng.nextGaussian();
              }
              return new Object[] {normal(rng, d, 1), f, d, labels(rng, n, 2)};
            })
        .verify();
  }

  static final String FROZEN_DATA =
      """
      package realistic;

      import dev.adjoint.Differentiable;

      public final class FrozenData {
        private FrozenData() {}

        @Differentiable
        public static double[] mul(double[] w, double[] x) {
          double[] h = new double[w.length];
          for (int i = 0; i < h.length; i++) {
            h[i] = w[i] * x[i];
          }
          return h;
        }

        /** A frozen (pretrained, not differentiated) embedding table, rows picked by token id. */
        @Differentiable(wrt = "w")
        public static double embedTable(double[] w, double[][] table, int[] ids) {
          double s = 0;
          for (int id : ids) {
            double[] h = mul(w, table[id]);
            h[1] += 1.0;
            s += h[0] * h[1];
          }
          return s;
        }

        @Differentiable(wrt = "w")
        public static double recurrentInPlace(double[] w, double[][] xs) {
          double[] h = new double[w.length];
          for (int t = 0; t < xs.length; t++) {
            h = mul(w, xs[t]);
            h[0] = Math.tanh(h[0]);
          }
          return h[0];
        }
      }
      """;

  /**
   * {@link #minimalRowOfDataIntoArrayCall} in two realistic forms: rows of a frozen embedding table
   * picked by token id, and a recurrent state reassigned from a helper over the rows of the input
   * sequence and then written in place.
   */
  @Test
  void frozenEmbeddingAndRecurrentInPlace() {
    AdjointCheck.of(model(FROZEN_DATA, "FrozenData"))
        .points("mul", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 3, 1)})
        .points(
            "embedTable",
            rng -> new Object[] {normal(rng, 3, 1), normal(rng, 4, 3, 1), labels(rng, 3, 4)})
        .points("recurrentInPlace", rng -> new Object[] {normal(rng, 3, 1), normal(rng, 3, 3, 1)})
        .verify();
  }
}
