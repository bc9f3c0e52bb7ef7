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
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.AdjointCheck;
import dev.adjoint.Tape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scratch buffers that are allocated once and refilled (all of them, or only part) before they are
 * updated with {@code +=}, {@code -=}, {@code *=} or {@code /=} and read nonlinearly, in the shapes
 * users write them: a GMM-like Mahalanobis term, a reaction-diffusion stencil over swapped buffers,
 * an RNN cell over a hidden-state buffer, forward substitution, and traps for a to-be-recorded
 * analysis that would skip the tape for a store after a refill that does not in fact cover the
 * element, or after which the reverse sweep reads the buffer before the store (see {@code
 * docs/array-model.md}). Loop shapes whose reversal must visit the same indices backwards, and
 * expressions that only look loop-invariant, are here too.
 *
 * <p>Every method is checked by {@link AdjointCheck} at {@value #POINTS} random points: the
 * gradient against central differences ({@code h = 1e-6 max(1, |x|)}, {@code |g - fd| <= 1e-5 +
 * 1e-5 |fd|} plus the rounding noise of the two evaluations), the pullback against the gradient,
 * forward mode ({@code fJvp}, which does not use the tape) against reverse mode to {@code 1e-9}
 * relative, and the arguments left unchanged. Each buffer is read after the update in every
 * iteration of an outer loop, so that a store left off the tape changes what the reverse sweep of
 * an earlier iteration reads, and the gradient.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScratchBufferModelsTest {
  static final int POINTS = 4;

  static final String GMM =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      /**
       * A Gaussian mixture's negative log-likelihood (ADBench's main term), with the scratch
       * buffers allocated once and refilled for every (point, component): x - mu, then Q (x - mu)
       * with Q = diag(exp(q)) plus a strict lower triangle applied with +=.
       */
      public final class Gmm {
        private Gmm() {}

        @Differentiable
        public static double logsumexp(double[] v) {
          double mx = v[0];
          for (int i = 1; i < v.length; i++) {
            if (v[i] > mx) {
              mx = v[i];
            }
          }
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += Math.exp(v[i] - mx);
          }
          return Math.log(s) + mx;
        }

        @Differentiable(wrt = {"alphas", "means", "icf"})
        public static double loss(double[] alphas, double[][] means, double[][] icf, double[][] x) {
          int k = alphas.length;
          int d = means[0].length;
          double[] xcentered = new double[d];
          double[] qxcentered = new double[d];
          double[] mainTerm = new double[k];
          double slse = 0;
          for (int ix = 0; ix < x.length; ix++) {
            for (int ik = 0; ik < k; ik++) {
              for (int id = 0; id < d; id++) {
                xcentered[id] = x[ix][id] - means[ik][id];
              }
              double sumQ = 0;
              for (int id = 0; id < d; id++) {
                qxcentered[id] = Math.exp(icf[ik][id]) * xcentered[id];
                sumQ += icf[ik][id];
              }
              int lt = d;
              for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                  qxcentered[j] += icf[ik][lt] * xcentered[i];
                  lt++;
                }
              }
              double sq = 0;
              for (int id = 0; id < d; id++) {
                sq += qxcentered[id] * qxcentered[id];
              }
              mainTerm[ik] = alphas[ik] + sumQ - 0.5 * sq;
            }
            slse += logsumexp(mainTerm);
          }
          return slse - x.length * logsumexp(alphas);
        }

        /** The same with the buffers allocated inside the loops, fresh for every component. */
        @Differentiable(wrt = {"alphas", "means", "icf"})
        public static double lossFresh(
            double[] alphas, double[][] means, double[][] icf, double[][] x) {
          int k = alphas.length;
          int d = means[0].length;
          double slse = 0;
          for (int ix = 0; ix < x.length; ix++) {
            double[] mainTerm = new double[k];
            for (int ik = 0; ik < k; ik++) {
              double[] xcentered = new double[d];
              for (int id = 0; id < d; id++) {
                xcentered[id] = x[ix][id] - means[ik][id];
              }
              double[] qxcentered = new double[d];
              double sumQ = 0;
              for (int id = 0; id < d; id++) {
                qxcentered[id] = Math.exp(icf[ik][id]) * xcentered[id];
                sumQ += icf[ik][id];
              }
              int lt = d;
              for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                  qxcentered[j] += icf[ik][lt] * xcentered[i];
                  lt++;
                }
              }
              double sq = 0;
              for (int id = 0; id < d; id++) {
                sq += qxcentered[id] * qxcentered[id];
              }
              mainTerm[ik] = alphas[ik] + sumQ - 0.5 * sq;
            }
            slse += logsumexp(mainTerm);
          }
          return slse - x.length * logsumexp(alphas);
        }

        /**
         * The triangle applied row by row with -= and a nonlinear read of the buffer in the
         * update itself (qx[j] -= c * qx[i] * qx[i]): its adjoint needs qx[i] as it was.
         */
        @Differentiable(wrt = {"means", "icf"})
        public static double lossSelfReading(double[][] means, double[][] icf, double[][] x) {
          int k = means.length;
          int d = means[0].length;
          double[] qx = new double[d];
          double total = 0;
          for (int ix = 0; ix < x.length; ix++) {
            for (int ik = 0; ik < k; ik++) {
              for (int id = 0; id < d; id++) {
                qx[id] = Math.exp(icf[ik][id]) * (x[ix][id] - means[ik][id]);
              }
              int lt = d;
              for (int j = 1; j < d; j++) {
                for (int i = 0; i < j; i++) {
                  qx[j] -= 0.25 * icf[ik][lt] * qx[i] * qx[i];
                  lt++;
                }
              }
              for (int id = 0; id < d; id++) {
                total += Math.log1p(qx[id] * qx[id]);
              }
            }
          }
          return total;
        }
      }
      """;

  static final String REACTION_DIFFUSION =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      /**
       * A 1-D reaction-diffusion equation u_t = kappa u_xx + rate u (1 - u) with zero-flux ends:
       * explicit Euler over two buffers swapped every step; each step overwrites every element of
       * the next buffer (diffusion) and then adds the logistic source to its interior with +=.
       */
      public final class ReactionDiffusion {
        private ReactionDiffusion() {}

        @Differentiable
        public static double energy(double[] u) {
          double e = 0;
          for (int i = 0; i < u.length; i++) {
            e += u[i] * u[i] * u[i] * u[i];
          }
          return e;
        }

        /** The source reads the buffer it updates (b[i] += rate b[i] (1 - b[i])). */
        @Differentiable(wrt = {"u0", "kappa", "rate"})
        public static double loss(
            double[] u0, double kappa, double rate, double[] target, int steps) {
          int n = u0.length;
          double[] a = new double[n];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = u0[i];
          }
          double cost = 0;
          for (int t = 0; t < steps; t++) {
            b[0] = a[0] + kappa * (a[1] - a[0]);
            b[n - 1] = a[n - 1] + kappa * (a[n - 2] - a[n - 1]);
            for (int i = 1; i < n - 1; i++) {
              b[i] = a[i] + kappa * (a[i - 1] - 2 * a[i] + a[i + 1]);
            }
            for (int i = 1; i < n - 1; i++) {
              b[i] += rate * b[i] * (1 - b[i]);
            }
            cost += 0.01 * energy(b);
            double[] tmp = a;
            a = b;
            b = tmp;
          }
          for (int i = 0; i < n; i++) {
            double d = a[i] - target[i];
            cost += d * d;
          }
          return cost;
        }

        /**
         * The source computed from the old state (b[i] += rate a[i] (1 - a[i])): the += needs
         * nothing of b, so it is the store a refill makes safe not to tape.
         */
        @Differentiable(wrt = {"u0", "kappa", "rate"})
        public static double lossExplicitSource(
            double[] u0, double kappa, double rate, double[] target, int steps) {
          int n = u0.length;
          double[] a = new double[n];
          double[] b = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = u0[i];
          }
          double cost = 0;
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              double left = a[i > 0 ? i - 1 : i];
              double right = a[i < n - 1 ? i + 1 : i];
              b[i] = a[i] + kappa * (left - 2 * a[i] + right);
            }
            for (int i = 1; i < n - 1; i++) {
              b[i] += rate * a[i] * (1 - a[i]);
            }
            double[] tmp = a;
            a = b;
            b = tmp;
            cost += 0.01 * energy(a);
          }
          for (int i = 0; i < n; i++) {
            double d = a[i] - target[i];
            cost += d * d;
          }
          return cost;
        }
      }
      """;

  static final String RNN_CELL =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      /**
       * An Elman RNN written in place: the previous state copied into hPrev with a loop, the state
       * h overwritten with the input term, then W hPrev added with +=, then tanh in place; a
       * squared error of a linear read-out at every step.
       */
      public final class RnnCell {
        private RnnCell() {}

        @Differentiable(wrt = {"w", "u", "bias", "v"})
        public static double loss(
            double[][] w, double[] u, double[] bias, double[] v, double[] xs, double[] ys) {
          int hs = bias.length;
          double[] h = new double[hs];
          double[] hPrev = new double[hs];
          double total = 0;
          for (int t = 0; t < xs.length; t++) {
            for (int i = 0; i < hs; i++) {
              hPrev[i] = h[i];
            }
            for (int i = 0; i < hs; i++) {
              h[i] = bias[i] + u[i] * xs[t];
            }
            for (int i = 0; i < hs; i++) {
              for (int j = 0; j < hs; j++) {
                h[i] += w[i][j] * hPrev[j];
              }
            }
            for (int i = 0; i < hs; i++) {
              h[i] = Math.tanh(h[i]);
            }
            double y = 0;
            for (int i = 0; i < hs; i++) {
              y += v[i] * h[i];
            }
            total += (y - ys[t]) * (y - ys[t]);
          }
          return total;
        }
      }
      """;

  static final String FORWARD_SUBSTITUTION =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      /**
       * Solves L y = b for several right-hand sides by forward substitution into one buffer y,
       * refilled for every right-hand side, and sums a nonlinear function of the solutions.
       */
      public final class ForwardSubstitution {
        private ForwardSubstitution() {}

        /** y[i] = (b[i] - sum) / L[i][i], with the sum in a local. */
        @Differentiable(wrt = {"l", "b"})
        public static double solveSum(double[][] l, double[][] b) {
          int n = l.length;
          double[] y = new double[n];
          double total = 0;
          for (int r = 0; r < b.length; r++) {
            for (int i = 0; i < n; i++) {
              double sum = 0;
              for (int j = 0; j < i; j++) {
                sum += l[i][j] * y[j];
              }
              y[i] = (b[r][i] - sum) / l[i][i];
            }
            for (int i = 0; i < n; i++) {
              total += y[i] * y[i] + Math.sin(y[i]);
            }
          }
          return total;
        }

        /** In place: y[i] = b[i], then y[i] -= L[i][j] y[j], then y[i] /= L[i][i]. */
        @Differentiable(wrt = {"l", "b"})
        public static double solveInPlace(double[][] l, double[][] b) {
          int n = l.length;
          double[] y = new double[n];
          double total = 0;
          for (int r = 0; r < b.length; r++) {
            for (int i = 0; i < n; i++) {
              y[i] = b[r][i];
            }
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < i; j++) {
                y[i] -= l[i][j] * y[j];
              }
              y[i] /= l[i][i];
            }
            for (int i = 0; i < n; i++) {
              total += y[i] * y[i] * y[i];
            }
          }
          return total;
        }
      }
      """;

  static final String TRAPS =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      /**
       * Refills that do not make the stores after them safe to leave off the tape: each buffer is
       * allocated once, refilled (or apparently refilled) in every iteration of an outer loop,
       * updated, and read nonlinearly, so that the reverse sweep of an earlier iteration needs the
       * contents as they were then.
       */
      public final class Traps {
        private Traps() {}

        @Differentiable
        public static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length && i < b.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        @Differentiable
        public static double sumCubes(double[] a) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i] * a[i];
          }
          return s;
        }

        /** A fresh array of n values computed from x (a helper cannot fill its argument). */
        @Differentiable
        public static double[] filled(int n, double[] x, double s) {
          double[] out = new double[n];
          for (int i = 0; i < n; i++) {
            out[i] = Math.sin(x[i % x.length] * s) + 0.1 * i;
          }
          return out;
        }

        /** Its argument itself when c <= 1, else a fresh scaled copy. */
        @Differentiable
        public static double[] maybeSame(double[] a, double c) {
          if (c <= 1) {
            return a;
          }
          double[] out = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / c;
          }
          return out;
        }

        /** The refill leaves out the last element; the += covers all of them. */
        @Differentiable
        public static double partialTail(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n - 1; i++) {
              buf[i] = x[i] * s + 0.1 * t;
            }
            for (int i = 0; i < n; i++) {
              buf[i] += 0.5 * x[(i + t) % n];
            }
            for (int i = 0; i < n; i++) {
              acc += Math.sin(buf[i]) * buf[i];
            }
          }
          return acc;
        }

        /** The refill starts at 1. */
        @Differentiable
        public static double partialHead(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 1; i < n; i++) {
              buf[i] = x[i] * s - 0.2 * t;
            }
            for (int i = 0; i < n; i++) {
              buf[i] += s * x[(i + 1) % n];
            }
            for (int i = 0; i < n; i++) {
              acc += buf[i] * buf[i] * buf[i];
            }
          }
          return acc;
        }

        /** The refill stops cut elements short (cut is 0, 1 or 2: data). */
        @Differentiable
        public static double partialByData(double[] x, double s, int cut) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n - cut; i++) {
              buf[i] = Math.cos(x[i] + s * t);
            }
            for (int i = 0; i < n; i++) {
              buf[i] -= 0.3 * s * x[i];
            }
            for (int i = 0; i < n; i++) {
              acc += Math.sin(buf[i]) * buf[i];
            }
          }
          return acc;
        }

        /** An if around the store: half of the elements per step. */
        @Differentiable
        public static double guarded(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 4; t++) {
            for (int i = 0; i < n; i++) {
              if ((i + t) % 2 == 0) {
                buf[i] = x[i] * s;
              }
            }
            for (int i = 0; i < n; i++) {
              buf[i] += 0.25 * x[(i + t) % n];
            }
            for (int i = 0; i < n; i++) {
              acc += buf[i] * buf[i] * x[i];
            }
          }
          return acc;
        }

        /** A break out of the refill at element stop (data; n means no break). */
        @Differentiable
        public static double withBreak(double[] x, double s, int stop) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              if (i == stop - t) {
                break;
              }
              buf[i] = x[i] * s + t;
            }
            for (int i = 0; i < n; i++) {
              buf[i] += 0.5 * s;
            }
            for (int i = 0; i < n; i++) {
              acc += Math.sin(buf[i]) * x[i];
            }
          }
          return acc;
        }

        /** A continue past element skip (data). */
        @Differentiable
        public static double withContinue(double[] x, double s, int skip) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              if (i == (skip + t) % n) {
                continue;
              }
              buf[i] = Math.tanh(x[i] * s);
            }
            for (int i = 0; i < n; i++) {
              buf[i] *= 1 + 0.25 * x[i];
            }
            for (int i = 0; i < n; i++) {
              acc += buf[i] * buf[i];
            }
          }
          return acc;
        }

        /** The bound of the refill changes after the allocation, and between steps. */
        @Differentiable
        public static double boundChanges(double[] x, double s, int cut) {
          int m = x.length;
          double[] buf = new double[m];
          m = m - cut;
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < m; i++) {
              buf[i] = x[i] * s;
            }
            for (int i = 0; i < buf.length; i++) {
              buf[i] += 0.1 * t + 0.2 * x[(i + t) % x.length];
            }
            for (int i = 0; i < buf.length; i++) {
              acc += Math.sin(buf[i] * buf[i]);
            }
            m = buf.length - (t % 2);
          }
          return acc;
        }

        /** Refilled through an alias, updated through the array's own name. */
        @Differentiable
        public static double refillThroughAlias(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double[] v = buf;
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              v[i] = x[i] * s + t;
            }
            for (int i = 0; i < n; i++) {
              buf[i] += 0.5 * buf[(i + 1) % n] * s;
            }
            for (int i = 0; i < n; i++) {
              acc += buf[i] * buf[i];
            }
          }
          return acc;
        }

        /** Refilled through the array's name, updated through an alias. */
        @Differentiable
        public static double updateThroughAlias(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double[] v = buf;
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              buf[i] = Math.sin(x[i] + t) * s;
            }
            for (int i = 0; i < n; i++) {
              v[i] += v[i] * v[i];
            }
            for (int i = 0; i < n; i++) {
              acc += Math.exp(0.5 * buf[i]);
            }
          }
          return acc;
        }

        /** The refill goes through an alias that names buf only when which is 0 (data). */
        @Differentiable
        public static double refillThroughMaybeAlias(double[] x, double s, int which) {
          int n = x.length;
          double[] buf = new double[n];
          double[] other = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            double[] v = (which + t) % 2 == 0 ? buf : other;
            for (int i = 0; i < n; i++) {
              v[i] = x[i] * s + 0.5 * t;
            }
            for (int i = 0; i < n; i++) {
              buf[i] += 0.3 * x[i];
            }
            for (int i = 0; i < n; i++) {
              acc += buf[i] * buf[i] * buf[i] + other[i] * s;
            }
          }
          return acc;
        }

        /** The refill reads the old contents: buf[i] = buf[i] * s + x[i]. */
        @Differentiable
        public static double refillReadsOld(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              buf[i] = buf[i] * s + x[i];
            }
            for (int i = 0; i < n; i++) {
              buf[i] += 0.1 * buf[i] * buf[i];
            }
            for (int i = 0; i < n; i++) {
              acc += Math.sin(buf[i]);
            }
          }
          return acc;
        }

        /** The refill reads a neighbour: new values after the first, old ones before. */
        @Differentiable
        public static double refillReadsNeighbour(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          for (int i = 0; i < n; i++) {
            buf[i] = x[i];
          }
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              buf[i] = Math.sin(buf[(i + 1) % n]) + s * x[i];
            }
            for (int i = 0; i < n; i++) {
              buf[i] += 0.5 * s;
            }
            for (int i = 0; i < n; i++) {
              acc += buf[i] * buf[i];
            }
          }
          return acc;
        }

        /** A callee reads the buffer between the refill and the +=. */
        @Differentiable
        public static double helperReadsBetween(double[] x, double[] w, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              buf[i] = x[i] * s + 0.1 * t;
            }
            acc += Math.sin(dot(buf, w));
            for (int i = 0; i < n; i++) {
              buf[i] += s * w[i % w.length];
            }
            acc += sumCubes(buf);
          }
          return acc;
        }

        /** The method itself reads the buffer nonlinearly between the refill and the +=. */
        @Differentiable
        public static double readBetween(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              buf[i] = x[i] * s;
            }
            acc += buf[0] * buf[n - 1] * buf[1];
            for (int i = 0; i < n; i++) {
              buf[i] += 0.2 * x[(i + t) % n];
            }
            for (int i = 0; i < n; i++) {
              acc += Math.cos(buf[i]);
            }
          }
          return acc;
        }

        /** Each element written twice in the refill, with a nonlinear read in between. */
        @Differentiable
        public static double writtenTwice(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              buf[i] = x[i] * s;
              acc += buf[i] * buf[i];
              buf[i] = Math.cos(buf[i]) + 0.1 * t;
            }
            for (int i = 0; i < n; i++) {
              buf[i] += s * x[i];
            }
            for (int i = 0; i < n; i++) {
              acc += buf[i] * buf[i] * buf[i];
            }
          }
          return acc;
        }

        /** A refill over buf.length, then a triangle that reads earlier elements. */
        @Differentiable
        public static double overLengthTriangle(double[] x, double s) {
          double[] buf = new double[x.length + 1];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < buf.length; i++) {
              buf[i] = x[i % x.length] * s + 0.1 * i;
            }
            for (int i = 1; i < buf.length; i++) {
              for (int j = 0; j < i; j++) {
                buf[i] += 0.2 * buf[j] * x[j % x.length];
              }
            }
            for (int i = 0; i < buf.length; i++) {
              acc += Math.tanh(buf[i]) * buf[i];
            }
          }
          return acc;
        }

        /** *= and /= after a full refill: their adjoints need the old values. */
        @Differentiable
        public static double multiplyAndDivide(double[] x, double s) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int i = 0; i < n; i++) {
              buf[i] = x[i] + 0.5 * t;
            }
            for (int i = 0; i < n; i++) {
              buf[i] *= s + 0.1 * x[(i + 1) % n];
            }
            for (int i = 0; i < n; i++) {
              buf[i] /= 1.5 + buf[i] * buf[i];
            }
            for (int i = 0; i < n; i++) {
              acc += buf[i] * x[i];
            }
          }
          return acc;
        }

        /** A double[][] refilled row by row (and through a row alias), then updated. */
        @Differentiable
        public static double matrixRows(double[] x, double s, int partial) {
          int n = x.length;
          double[][] m = new double[3][n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            for (int r = 0; r < m.length - partial; r++) {
              double[] row = m[r];
              for (int j = 0; j < n; j++) {
                row[j] = x[(r + j) % n] * s + 0.1 * t;
              }
            }
            for (int r = 0; r < m.length; r++) {
              for (int j = 1; j < n; j++) {
                m[r][j] += 0.5 * m[r][j - 1] * s;
              }
            }
            for (int r = 0; r < m.length; r++) {
              acc += dot(m[r], m[r]) + Math.sin(m[r][0]);
            }
          }
          return acc;
        }

        /** The buffer re-bound to a helper's fresh result each step, then updated and read. */
        @Differentiable
        public static double refillFromHelper(double[] x, double s) {
          double[] buf = new double[x.length];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            buf = filled(buf.length, x, s + t);
            for (int i = 0; i < buf.length; i++) {
              buf[i] += 0.5 * buf[i] * s;
            }
            acc += sumCubes(buf);
          }
          return acc;
        }

        /** Refilled through a helper's result, which is buf itself only when c <= 1. */
        @Differentiable
        public static double refillThroughHelperResult(double[] x, double s, double c) {
          int n = x.length;
          double[] buf = new double[n];
          double acc = 0;
          for (int t = 0; t < 3; t++) {
            double[] v = maybeSame(buf, c + 0.5 * t);
            for (int i = 0; i < n; i++) {
              v[i] = x[i] * s;
            }
            for (int i = 0; i < n; i++) {
              buf[i] += 0.25 * x[(i + t) % n];
            }
            acc += sumCubes(buf) + dot(v, x);
          }
          return acc;
        }
      }
      """;

  static final String LOOP_SHAPES =
      """
      package scratch;

      import dev.adjoint.Differentiable;

      /**
       * Loops whose reverse sweep must visit exactly the iterations the forward sweep ran, in the
       * opposite order (each result depends on the order), and expressions inside loops that only
       * look invariant.
       */
      public final class LoopShapes {
        private LoopShapes() {}

        @Differentiable
        public static double stepTwo(double[] x, double s) {
          double acc = 0.5;
          for (int i = 1; i < x.length; i += 2) {
            acc = Math.sin(acc * s + x[i] * (i + 1));
          }
          return acc;
        }

        @Differentiable
        public static double countDown(double[] x, double s) {
          double acc = 0.5;
          for (int i = x.length - 1; i >= 0; i--) {
            acc = Math.tanh(acc * s + x[i] * i);
          }
          return acc;
        }

        @Differentiable
        public static double boundChangesInBody(double[] x, double s) {
          double acc = 0.5;
          int m = x.length;
          for (int i = 0; i < m; i++) {
            acc = Math.sin(acc + s * x[i]) * (i + 1);
            if (i % 2 == 1) {
              m--;
            }
          }
          return acc + m;
        }

        @Differentiable
        public static double breakAt(double[] x, double s, int stop) {
          double acc = 0.5;
          for (int i = 0; i < x.length; i++) {
            if (i == stop) {
              break;
            }
            acc = Math.cos(acc * x[i] + s);
          }
          return acc;
        }

        @Differentiable
        public static double continueAt(double[] x, double s, int skip) {
          double acc = 0.5;
          for (int i = 0; i < x.length; i++) {
            if (i % 3 == skip) {
              continue;
            }
            acc = Math.sin(acc + x[i] * s * (i + 1));
          }
          return acc;
        }

        /** The counter read after a while loop that stops early. */
        @Differentiable
        public static double counterAfterLoop(double[] x, double s, int stop) {
          double acc = 0.5;
          int i = 0;
          while (i < x.length && i < stop) {
            acc = Math.sin(acc * s + x[i]);
            i++;
          }
          return acc * x[i % x.length] + i;
        }

        /** A triangle: the inner bound is the outer counter. */
        @Differentiable
        public static double triangle(double[] x, double s) {
          double acc = 0.25;
          for (int i = 0; i < x.length; i++) {
            for (int j = i; j < x.length; j++) {
              acc = Math.sin(acc + x[i] * x[j] * s) + 0.1 * j;
            }
          }
          return acc;
        }

        /** Nested counting loops that step by a data stride. */
        @Differentiable
        public static double stride(double[] x, double s, int step) {
          double acc = 0.5;
          for (int i = x.length - 1; i > 0; i -= step) {
            for (int j = 0; j < i; j += step) {
              acc = acc * 0.8 + Math.sin(x[i] - s * x[j]);
            }
          }
          return acc;
        }

        /** c looks invariant but is assigned at the end of each iteration. */
        @Differentiable
        public static double assignedLater(double[] x, double s) {
          double c = s;
          double acc = 0;
          for (int i = 0; i < x.length; i++) {
            acc += Math.sin(c * c) * x[i];
            c = c * 0.5 + x[i];
          }
          return acc;
        }

        /** buf[0] * s looks invariant but buf[0] is written in the loop. */
        @Differentiable
        public static double elementWrittenInLoop(double[] x, double s) {
          double[] buf = new double[2];
          buf[0] = s;
          double acc = 0;
          for (int i = 0; i < x.length; i++) {
            acc += Math.exp(0.5 * buf[0] * s) * x[i];
            buf[0] = Math.tanh(acc);
          }
          return acc;
        }

        /** Math.log(s) is only evaluated for s > 0; the loop may run zero times. */
        @Differentiable
        public static double guardedInvariant(double[] x, double s, int count) {
          double acc = 0;
          for (int i = 0; i < count && i < x.length; i++) {
            if (s > 0) {
              acc += Math.log(s) * x[i] * x[i];
            } else {
              acc += s * x[i];
            }
          }
          return acc + s;
        }

        /** The counter also advanced in the body, on some iterations. */
        @Differentiable
        public static double counterBumped(double[] x, double s) {
          double acc = 0.5;
          for (int i = 0; i < x.length; i++) {
            if (i % 3 == 1) {
              i++;
            }
            acc = Math.sin(acc * s + x[i % x.length] * (i + 1));
          }
          return acc;
        }

        /** Two counters, one up and one down, in one for. */
        @Differentiable
        public static double twoCounters(double[] x, double s) {
          double acc = 0.5;
          for (int i = 0, j = x.length - 1; i < j; i++, j--) {
            acc = Math.sin(acc * x[i] + s * x[j]);
          }
          return acc;
        }

        /** The loop stops on a value that depends on the parameters, or at the end of x. */
        @Differentiable
        public static double activeCondition(double[] x, double s) {
          double acc = 0.1;
          for (int i = 0; i < x.length && acc < 2.0; i++) {
            acc = acc + s * x[i] * x[i];
          }
          return acc;
        }

        /** while (i-- > 0): the counter changes in the condition. */
        @Differentiable
        public static double postDecrement(double[] x, double s) {
          double acc = 0.5;
          int i = x.length;
          while (i-- > 0) {
            acc = Math.cos(acc * s + x[i]);
          }
          return acc;
        }

        /** A do-while with a data stride: runs at least once. */
        @Differentiable
        public static double doStep(double[] x, double s, int step) {
          double acc = 0.5;
          int i = 0;
          do {
            acc = Math.sin(acc + x[i] * s) * (i + 1);
            i += step;
          } while (i < x.length);
          return acc;
        }

        /** One counter for two loops: the second goes back down from where the first stopped. */
        @Differentiable
        public static double sharedCounter(double[] x, double s) {
          double acc = 0.5;
          int i;
          for (i = 0; i < x.length - 1; i++) {
            acc = Math.sin(acc + x[i] * s);
          }
          for (; i > 0; i -= 2) {
            acc = Math.tanh(acc * x[i] + s);
          }
          return acc;
        }
      }
      """;

  @AfterEach
  void tapeIsEmpty() {
    assertEquals(0, Tape.get().size(), "a generated call left values on the tape");
  }

  private static AdjointCheck check(String source, String name) {
    return AdjointCheck.of(CompiledSources.withAdjoint(source).load("scratch." + name))
        .pointsPerMethod(POINTS);
  }

  static double[] uniform(Random rng, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return v;
  }

  /** A lower-triangular matrix with its diagonal in [1.5, 2.5] (well conditioned). */
  static double[][] lower(Random rng, int n) {
    double[][] l = normal(rng, n, n, 0.5);
    for (int i = 0; i < n; i++) {
      l[i][i] = 1.5 + rng.nextDouble();
    }
    return l;
  }

  private static Object[] gmmPoint(Random rng, boolean withAlphas) {
    int k = 3;
    int d = 4;
    double[][] icf = normal(rng, k, d * (d + 1) / 2, 0.3);
    double[][] means = normal(rng, k, d, 1);
    double[][] x = normal(rng, 5, d, 1);
    return withAlphas
        ? new Object[] {normal(rng, k, 1), means, icf, x}
        : new Object[] {means, icf, x};
  }

  @Test
  void gaussianMixtureWithRefilledBuffers() {
    check(GMM, "Gmm")
        .points("logsumexp", rng -> new Object[] {normal(rng, 4, 1)})
        .points("loss", rng -> gmmPoint(rng, true))
        .points("lossFresh", rng -> gmmPoint(rng, true))
        .points("lossSelfReading", rng -> gmmPoint(rng, false))
        .verify();
  }

  @Test
  void reactionDiffusionOverSwappedBuffers() {
    check(REACTION_DIFFUSION, "ReactionDiffusion")
        .points("energy", rng -> new Object[] {normal(rng, 5, 1)})
        .points(
            "loss",
            rng ->
                new Object[] {
                  uniform(rng, 7, 0.1, 0.9),
                  0.05 + 0.2 * rng.nextDouble(),
                  0.2 + 0.5 * rng.nextDouble(),
                  uniform(rng, 7, 0, 1),
                  2 + rng.nextInt(4)
                })
        .points(
            "lossExplicitSource",
            rng ->
                new Object[] {
                  uniform(rng, 6, 0.1, 0.9),
                  0.05 + 0.2 * rng.nextDouble(),
                  0.2 + 0.5 * rng.nextDouble(),
                  uniform(rng, 6, 0, 1),
                  2 + rng.nextInt(4)
                })
        .verify();
  }

  @Test
  void recurrentCellOverAHiddenStateBuffer() {
    check(RNN_CELL, "RnnCell")
        .points(
            "loss",
            rng ->
                new Object[] {
                  normal(rng, 4, 4, 0.5),
                  normal(rng, 4, 1),
                  normal(rng, 4, 0.3),
                  normal(rng, 4, 1),
                  normal(rng, 5, 1),
                  normal(rng, 5, 0.5)
                })
        .verify();
  }

  @Test
  void forwardSubstitutionIntoARefilledBuffer() {
    check(FORWARD_SUBSTITUTION, "ForwardSubstitution")
        .points("solveSum", rng -> new Object[] {lower(rng, 4), normal(rng, 3, 4, 1)})
        .points("solveInPlace", rng -> new Object[] {lower(rng, 4), normal(rng, 3, 4, 1)})
        .verify();
  }

  @Test
  void refillsThatDoNotMakeTheUpdatesSafe() {
    int n = 5;
    check(TRAPS, "Traps")
        .points("dot", rng -> new Object[] {normal(rng, n, 1), normal(rng, n, 1)})
        .points("sumCubes", rng -> new Object[] {normal(rng, n, 1)})
        .points("filled", rng -> new Object[] {2 + rng.nextInt(5), normal(rng, n, 1), 0.8})
        .points(
            "maybeSame",
            rng ->
                new Object[] {normal(rng, n, 1), rng.nextBoolean() ? 0.5 : 1.5 + rng.nextDouble()})
        .points("partialTail", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("partialHead", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("partialByData", rng -> new Object[] {normal(rng, n, 0.7), s(rng), rng.nextInt(3)})
        .points("guarded", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("withBreak", rng -> new Object[] {normal(rng, n, 0.7), s(rng), 2 + rng.nextInt(4)})
        .points("withContinue", rng -> new Object[] {normal(rng, n, 0.7), s(rng), rng.nextInt(n)})
        .points("boundChanges", rng -> new Object[] {normal(rng, n, 0.7), s(rng), rng.nextInt(3)})
        .points("refillThroughAlias", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("updateThroughAlias", rng -> new Object[] {normal(rng, n, 0.5), s(rng)})
        .points(
            "refillThroughMaybeAlias",
            rng -> new Object[] {normal(rng, n, 0.7), s(rng), rng.nextInt(2)})
        .points("refillReadsOld", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("refillReadsNeighbour", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points(
            "helperReadsBetween",
            rng -> new Object[] {normal(rng, n, 0.7), normal(rng, 3, 0.7), s(rng)})
        .points("readBetween", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("writtenTwice", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("overLengthTriangle", rng -> new Object[] {normal(rng, 4, 0.7), s(rng)})
        .points("multiplyAndDivide", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("matrixRows", rng -> new Object[] {normal(rng, 4, 0.7), s(rng), rng.nextInt(2)})
        .points("refillFromHelper", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points(
            "refillThroughHelperResult",
            rng -> new Object[] {normal(rng, n, 0.7), s(rng), rng.nextBoolean() ? 0.3 : 1.3})
        .verify();
  }

  /** A positive scale in [0.5, 1]. */
  private static double s(Random rng) {
    return 0.5 + 0.5 * rng.nextDouble();
  }

  @Test
  void loopsReversedOverTheIterationsThatRan() {
    int n = 6;
    check(LOOP_SHAPES, "LoopShapes")
        .points("stepTwo", rng -> new Object[] {normal(rng, n, 1), s(rng)})
        .points("countDown", rng -> new Object[] {normal(rng, n, 1), s(rng)})
        .points("boundChangesInBody", rng -> new Object[] {normal(rng, n, 1), s(rng)})
        .points("breakAt", rng -> new Object[] {normal(rng, n, 1), s(rng), rng.nextInt(n + 1)})
        .points("continueAt", rng -> new Object[] {normal(rng, n, 1), s(rng), rng.nextInt(3)})
        .points(
            "counterAfterLoop", rng -> new Object[] {normal(rng, n, 1), s(rng), rng.nextInt(n + 2)})
        .points("triangle", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("stride", rng -> new Object[] {normal(rng, n, 1), s(rng), 1 + rng.nextInt(3)})
        .points("assignedLater", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("elementWrittenInLoop", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("counterBumped", rng -> new Object[] {normal(rng, n, 1), s(rng)})
        .points("twoCounters", rng -> new Object[] {normal(rng, n + 1, 1), s(rng)})
        .points("activeCondition", rng -> new Object[] {normal(rng, n, 0.7), s(rng)})
        .points("postDecrement", rng -> new Object[] {normal(rng, n, 1), s(rng)})
        .points("doStep", rng -> new Object[] {normal(rng, n, 1), s(rng), 1 + rng.nextInt(3)})
        .points("sharedCounter", rng -> new Object[] {normal(rng, n, 1), s(rng)})
        .points(
            "guardedInvariant",
            rng ->
                new Object[] {
                  normal(rng, n, 1), rng.nextBoolean() ? s(rng) : -s(rng), rng.nextInt(n + 1)
                })
        .verify();
  }
}
