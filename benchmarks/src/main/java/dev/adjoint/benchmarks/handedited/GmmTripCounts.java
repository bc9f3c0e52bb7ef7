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
package dev.adjoint.benchmarks.handedited;

import dev.adjoint.Tape;
import dev.adjoint.jdk.JdkPullbacks;
import dev.adjoint.samples.adbench.Gmm;
import dev.adjoint.samples.adbench.GmmAdjoint;

/**
 * HAND-EDITED EVIDENCE, not generated code: {@link GmmAlreadySaved} (the generated GMM pullback
 * without the taping of {@code qxcentered[j]}) with, in addition, the inner loop {@code for (j = i
 * + 1; j < d; j++)} reversed on its index instead of taped trip counts: its forward sweep no longer
 * pushes {@code j} and {@code trips_6} (2d ints per point and component), and its reverse sweep
 * computes them ({@code d - i} trips, {@code j = d} after each). Issue 15's "loop reversal on the
 * index" done by hand for one loop, to measure its share; checked against the generated gradient
 * (equal bit for bit) before timing. Lines marked HAND-EDITED differ from the generated code.
 */
public final class GmmTripCounts {
  private GmmTripCounts() {}

  public static double objectivePullback(
      double[] alphas,
      double[] means,
      double[] icf,
      double[] x,
      int d,
      int k,
      int n,
      double gamma,
      int m,
      double seed,
      double[] alphasBar,
      double[] meansBar,
      double[] icfBar) {
    double value =
        objectiveForward(alphas, means, icf, x, d, k, n, gamma, m, alphasBar, meansBar, icfBar);
    objectiveReverse(seed);
    return value;
  }

  /**
   * Forward sweep of {@code objectivePullback}, for callers that run the two sweeps apart: returns
   * the value of {@code Gmm.objective(double[], double[], double[], double[], int, int, int,
   * double, int)} and leaves on this thread's tape what {@code objectiveReverse} takes back.
   *
   * <p>Allocates memory: it creates arrays.
   */
  public static double objectiveForward(
      double[] alphas,
      double[] means,
      double[] icf,
      double[] x,
      int d,
      int k,
      int n,
      double gamma,
      int m,
      double[] alphasBar,
      double[] meansBar,
      double[] icfBar) {
    Tape tape = Tape.get();
    if (!tape.enter()) {
      return tape.forwardDeeper(
          () ->
              objectiveForward(
                  alphas, means, icf, x, d, k, n, gamma, m, alphasBar, meansBar, icfBar));
    }
    double s = 0.0;
    int id = 0;
    int trips = 0;
    double q = 0.0;
    double t1 = 0.0;
    int ik_2 = 0;
    int trips_2 = 0;
    int id_2 = 0;
    int trips_3 = 0;
    double t2 = 0.0;
    double t3 = 0.0;
    double t4 = 0.0;
    int id_3 = 0;
    int trips_4 = 0;
    double t5 = 0.0;
    double t6 = 0.0;
    double t7 = 0.0;
    int lparams = 0;
    int i = 0;
    int trips_5 = 0;
    int j = 0;
    int trips_6 = 0;
    double t8 = 0.0;
    double t9 = 0.0;
    double t10 = 0.0;
    double t11 = 0.0;
    double t12 = 0.0;
    double sqnorm = 0.0;
    int id_4 = 0;
    int trips_7 = 0;
    double t13 = 0.0;
    double t14 = 0.0;
    double t15 = 0.0;
    double t16 = 0.0;
    double t17 = 0.0;
    double t18 = 0.0;
    double t19 = 0.0;
    double t20 = 0.0;
    double t21 = 0.0;
    double frobenius = 0.0;
    int id_5 = 0;
    int trips_8 = 0;
    double t25 = 0.0;
    double t26 = 0.0;
    double t27 = 0.0;
    int l = 0;
    int trips_9 = 0;
    double t28 = 0.0;
    double t29 = 0.0;
    double t30 = 0.0;
    double t31 = 0.0;
    double t32 = 0.0;
    double t33 = 0.0;
    double t34 = 0.0;
    double t35 = 0.0;
    double t36 = 0.0;
    int icfSize = d * (d + 1) / 2;
    double[] qdiags = new double[d * k];
    double[] qdiagsBar = new double[d * k];
    double[] sumQs = new double[k];
    double[] sumQsBar = new double[k];
    int ik = 0;
    int trips_10 = 0;
    while (ik < k) {
      s = 0.0;
      tape.push(id);
      id = 0;
      tape.push(trips);
      trips = 0;
      while (id < d) {
        tape.push(q);
        q = icf[ik * icfSize + id];
        s += q;
        tape.push(t1);
        t1 = Math.exp(q);
        qdiags[ik * d + id] = t1;
        id++;
        trips++;
      }
      sumQs[ik] = s;
      ik++;
      trips_10++;
    }
    double[] xcentered = new double[d];
    double[] xcenteredBar = new double[d];
    double[] qxcentered = new double[d];
    double[] qxcenteredBar = new double[d];
    double[] mainTerm = new double[k];
    double[] mainTermBar = new double[k];
    double slse = 0.0;
    int ix = 0;
    int trips_11 = 0;
    while (ix < n) {
      tape.push(ik_2);
      ik_2 = 0;
      tape.push(trips_2);
      trips_2 = 0;
      while (ik_2 < k) {
        tape.push(id_2);
        id_2 = 0;
        tape.push(trips_3);
        trips_3 = 0;
        while (id_2 < d) {
          t2 = x[ix * d + id_2];
          t3 = means[ik_2 * d + id_2];
          t4 = t2 - t3;
          tape.push(xcentered[id_2]);
          xcentered[id_2] = t4;
          id_2++;
          trips_3++;
        }
        tape.push(id_3);
        id_3 = 0;
        tape.push(trips_4);
        trips_4 = 0;
        while (id_3 < d) {
          t5 = qdiags[ik_2 * d + id_3];
          t6 = xcentered[id_3];
          t7 = t5 * t6;
          tape.push(qxcentered[id_3]);
          qxcentered[id_3] = t7;
          id_3++;
          trips_4++;
        }
        tape.push(lparams);
        lparams = ik_2 * icfSize + d;
        tape.push(i);
        i = 0;
        tape.push(trips_5);
        trips_5 = 0;
        while (i < d) {
          // HAND-EDITED (TripCounts): tape.push(j) deleted.
          j = i + 1;
          // HAND-EDITED (TripCounts): tape.push(trips_6) deleted.
          trips_6 = 0;
          while (j < d) {
            t8 = qxcentered[j];
            t9 = icf[lparams];
            t10 = xcentered[i];
            t11 = t9 * t10;
            t12 = t8 + t11;
            // HAND-EDITED: tape.push(qxcentered[j]) deleted.
            qxcentered[j] = t12;
            lparams++;
            j++;
            trips_6++;
          }
          i++;
          trips_5++;
        }
        sqnorm = 0.0;
        tape.push(id_4);
        id_4 = 0;
        tape.push(trips_7);
        trips_7 = 0;
        while (id_4 < d) {
          t13 = qxcentered[id_4];
          t14 = qxcentered[id_4];
          t15 = t13 * t14;
          sqnorm += t15;
          id_4++;
          trips_7++;
        }
        t16 = alphas[ik_2];
        t17 = sumQs[ik_2];
        t18 = t16 + t17;
        t19 = 0.5 * sqnorm;
        t20 = t18 - t19;
        tape.push(mainTerm[ik_2]);
        mainTerm[ik_2] = t20;
        ik_2++;
        trips_2++;
      }
      t21 = GmmAdjoint.logsumexpForward(mainTerm, k, mainTermBar);
      slse += t21;
      ix++;
      trips_11++;
    }
    double lseAlphas = GmmAdjoint.logsumexpForward(alphas, k, alphasBar);
    double t22 = Gmm.constant(d, n);
    double t23 = t22 + slse;
    double t24 = n * lseAlphas;
    double err = t23 - t24;
    double prior = 0.0;
    int ik_3 = 0;
    int trips_12 = 0;
    while (ik_3 < k) {
      frobenius = 0.0;
      tape.push(id_5);
      id_5 = 0;
      tape.push(trips_8);
      trips_8 = 0;
      while (id_5 < d) {
        t25 = qdiags[ik_3 * d + id_5];
        t26 = qdiags[ik_3 * d + id_5];
        t27 = t25 * t26;
        frobenius += t27;
        id_5++;
        trips_8++;
      }
      tape.push(l);
      l = ik_3 * icfSize + d;
      tape.push(trips_9);
      trips_9 = 0;
      while (l < (ik_3 + 1) * icfSize) {
        t28 = icf[l];
        t29 = icf[l];
        t30 = t28 * t29;
        frobenius += t30;
        l++;
        trips_9++;
      }
      t31 = 0.5 * gamma;
      tape.push(t32);
      t32 = t31 * gamma;
      t33 = t32 * frobenius;
      t34 = sumQs[ik_3];
      t35 = m * t34;
      t36 = t33 - t35;
      prior += t36;
      ik_3++;
      trips_12++;
    }
    double t37 = err + prior;
    double t38 = Gmm.wishartConstant(d, gamma, m);
    double t39 = k * t38;
    double result = t37 - t39;
    tape.push(trips_12);
    tape.push(ik_3);
    tape.push(m);
    tape.push(sumQsBar);
    tape.push(t32);
    tape.push(trips_9);
    tape.push(l);
    tape.push(icf);
    tape.push(icfBar);
    tape.push(trips_8);
    tape.push(id_5);
    tape.push(qdiags);
    tape.push(d);
    tape.push(qdiagsBar);
    tape.push(n);
    tape.push(alphasBar);
    tape.push(trips_11);
    tape.push(mainTermBar);
    tape.push(trips_2);
    tape.push(ik_2);
    tape.push(mainTerm);
    tape.push(trips_7);
    tape.push(id_4);
    tape.push(qxcentered);
    tape.push(qxcenteredBar);
    tape.push(trips_5);
    tape.push(i);
    tape.push(trips_6);
    tape.push(j);
    tape.push(lparams);
    tape.push(xcentered);
    tape.push(xcenteredBar);
    tape.push(trips_4);
    tape.push(id_3);
    tape.push(trips_3);
    tape.push(id_2);
    tape.push(meansBar);
    tape.push(trips_10);
    tape.push(ik);
    tape.push(trips);
    tape.push(id);
    tape.push(q);
    tape.push(t1);
    tape.push(icfSize);
    tape.leave();
    return result;
  }

  /**
   * Reverse sweep of {@code objectivePullback}, after {@code objectiveForward}: takes back what
   * that left on the tape and adds {@code seed} times the partial derivative with respect to {@code
   * alphas} into {@code alphasBar}, {@code means} into {@code meansBar}, {@code icf} into {@code
   * icfBar} (the buffers given to {@code objectiveForward}).
   *
   * <p>Allocates memory: it creates arrays.
   */
  public static void objectiveReverse(double seed) {
    Tape tape = Tape.get();
    if (!tape.enter()) {
      tape.reverseDeeper(() -> objectiveReverse(seed));
      return;
    }
    int icfSize = tape.popInt();
    double t1 = tape.popDouble();
    double q = tape.popDouble();
    int id = tape.popInt();
    int trips = tape.popInt();
    int ik = tape.popInt();
    int trips_10 = tape.popInt();
    double[] meansBar = (double[]) tape.popObject();
    int id_2 = tape.popInt();
    int trips_3 = tape.popInt();
    int id_3 = tape.popInt();
    int trips_4 = tape.popInt();
    double[] xcenteredBar = (double[]) tape.popObject();
    double[] xcentered = (double[]) tape.popObject();
    int lparams = tape.popInt();
    int j = tape.popInt();
    int trips_6 = tape.popInt();
    int i = tape.popInt();
    int trips_5 = tape.popInt();
    double[] qxcenteredBar = (double[]) tape.popObject();
    double[] qxcentered = (double[]) tape.popObject();
    int id_4 = tape.popInt();
    int trips_7 = tape.popInt();
    double[] mainTerm = (double[]) tape.popObject();
    int ik_2 = tape.popInt();
    int trips_2 = tape.popInt();
    double[] mainTermBar = (double[]) tape.popObject();
    int trips_11 = tape.popInt();
    double[] alphasBar = (double[]) tape.popObject();
    int n = tape.popInt();
    double[] qdiagsBar = (double[]) tape.popObject();
    int d = tape.popInt();
    double[] qdiags = (double[]) tape.popObject();
    int id_5 = tape.popInt();
    int trips_8 = tape.popInt();
    double[] icfBar = (double[]) tape.popObject();
    double[] icf = (double[]) tape.popObject();
    int l = tape.popInt();
    int trips_9 = tape.popInt();
    double t32 = tape.popDouble();
    double[] sumQsBar = (double[]) tape.popObject();
    int m = tape.popInt();
    int ik_3 = tape.popInt();
    int trips_12 = tape.popInt();
    double t36Bar = 0.0;
    double t33Bar = 0.0;
    double t35Bar = 0.0;
    double t34Bar = 0.0;
    double frobeniusBar = 0.0;
    double t30Bar = 0.0;
    double t28Bar = 0.0;
    double t29Bar = 0.0;
    double t27Bar = 0.0;
    double t25Bar = 0.0;
    double t26Bar = 0.0;
    double lseAlphasBar = 0.0;
    double t21Bar = 0.0;
    double t20Bar = 0.0;
    double t18Bar = 0.0;
    double t19Bar = 0.0;
    double sqnormBar = 0.0;
    double t16Bar = 0.0;
    double t17Bar = 0.0;
    double t15Bar = 0.0;
    double t13Bar = 0.0;
    double t14Bar = 0.0;
    double t12Bar = 0.0;
    double t8Bar = 0.0;
    double t11Bar = 0.0;
    double t9Bar = 0.0;
    double t10Bar = 0.0;
    double t7Bar = 0.0;
    double t5Bar = 0.0;
    double t6Bar = 0.0;
    double t4Bar = 0.0;
    double t3Bar = 0.0;
    double sBar = 0.0;
    double t1Bar = 0.0;
    double qBar = 0.0;
    double resultBar = seed;
    double t37Bar = resultBar;
    double errBar = t37Bar;
    double priorBar = t37Bar;
    for (int k_2 = 0; k_2 < trips_12; k_2++) {
      ik_3--;
      t36Bar += priorBar;
      t33Bar += t36Bar;
      t35Bar -= t36Bar;
      t36Bar = 0.0;
      if (t35Bar != 0.0) {
        t34Bar += t35Bar * m;
      }
      t35Bar = 0.0;
      sumQsBar[ik_3] += t34Bar;
      t34Bar = 0.0;
      if (t33Bar != 0.0) {
        frobeniusBar += t33Bar * t32;
      }
      t33Bar = 0.0;
      t32 = tape.popDouble();
      for (int k_3 = 0; k_3 < trips_9; k_3++) {
        l--;
        t30Bar += frobeniusBar;
        if (t30Bar != 0.0) {
          t28Bar += t30Bar * icf[l];
          t29Bar += t30Bar * icf[l];
        }
        t30Bar = 0.0;
        icfBar[l] += t29Bar;
        t29Bar = 0.0;
        icfBar[l] += t28Bar;
        t28Bar = 0.0;
      }
      trips_9 = tape.popInt();
      l = tape.popInt();
      for (int k_4 = 0; k_4 < trips_8; k_4++) {
        id_5--;
        t27Bar += frobeniusBar;
        if (t27Bar != 0.0) {
          t25Bar += t27Bar * qdiags[ik_3 * d + id_5];
          t26Bar += t27Bar * qdiags[ik_3 * d + id_5];
        }
        t27Bar = 0.0;
        qdiagsBar[ik_3 * d + id_5] += t26Bar;
        t26Bar = 0.0;
        qdiagsBar[ik_3 * d + id_5] += t25Bar;
        t25Bar = 0.0;
      }
      trips_8 = tape.popInt();
      id_5 = tape.popInt();
      frobeniusBar = 0.0;
    }
    priorBar = 0.0;
    double t23Bar = errBar;
    double t24Bar = -errBar;
    if (t24Bar != 0.0) {
      lseAlphasBar += t24Bar * n;
    }
    double slseBar = t23Bar;
    GmmAdjoint.logsumexpReverse(lseAlphasBar);
    for (int k_5 = 0; k_5 < trips_11; k_5++) {
      t21Bar += slseBar;
      GmmAdjoint.logsumexpReverse(t21Bar);
      t21Bar = 0.0;
      for (int k_6 = 0; k_6 < trips_2; k_6++) {
        ik_2--;
        t20Bar += mainTermBar[ik_2];
        mainTermBar[ik_2] = 0.0;
        mainTerm[ik_2] = tape.popDouble();
        t18Bar += t20Bar;
        t19Bar -= t20Bar;
        t20Bar = 0.0;
        if (t19Bar != 0.0) {
          sqnormBar += t19Bar * 0.5;
        }
        t19Bar = 0.0;
        t16Bar += t18Bar;
        t17Bar += t18Bar;
        t18Bar = 0.0;
        sumQsBar[ik_2] += t17Bar;
        t17Bar = 0.0;
        alphasBar[ik_2] += t16Bar;
        t16Bar = 0.0;
        for (int k_7 = 0; k_7 < trips_7; k_7++) {
          id_4--;
          t15Bar += sqnormBar;
          if (t15Bar != 0.0) {
            t13Bar += t15Bar * qxcentered[id_4];
            t14Bar += t15Bar * qxcentered[id_4];
          }
          t15Bar = 0.0;
          qxcenteredBar[id_4] += t14Bar;
          t14Bar = 0.0;
          qxcenteredBar[id_4] += t13Bar;
          t13Bar = 0.0;
        }
        trips_7 = tape.popInt();
        id_4 = tape.popInt();
        sqnormBar = 0.0;
        for (int k_8 = 0; k_8 < trips_5; k_8++) {
          i--;
          for (int k_9 = 0; k_9 < trips_6; k_9++) {
            j--;
            lparams--;
            t12Bar += qxcenteredBar[j];
            qxcenteredBar[j] = 0.0;
            // HAND-EDITED: qxcentered[j] = tape.popDouble() deleted.
            t8Bar += t12Bar;
            t11Bar += t12Bar;
            t12Bar = 0.0;
            if (t11Bar != 0.0) {
              t9Bar += t11Bar * xcentered[i];
              t10Bar += t11Bar * icf[lparams];
            }
            t11Bar = 0.0;
            xcenteredBar[i] += t10Bar;
            t10Bar = 0.0;
            icfBar[lparams] += t9Bar;
            t9Bar = 0.0;
            qxcenteredBar[j] += t8Bar;
            t8Bar = 0.0;
          }
          // HAND-EDITED (TripCounts): the trip count of iteration i - 1 and j after it, computed.
          trips_6 = i > 0 ? d - i : 0;
          j = d;
        }
        trips_5 = tape.popInt();
        i = tape.popInt();
        lparams = tape.popInt();
        for (int k_10 = 0; k_10 < trips_4; k_10++) {
          id_3--;
          t7Bar += qxcenteredBar[id_3];
          qxcenteredBar[id_3] = 0.0;
          qxcentered[id_3] = tape.popDouble();
          if (t7Bar != 0.0) {
            t5Bar += t7Bar * xcentered[id_3];
            t6Bar += t7Bar * qdiags[ik_2 * d + id_3];
          }
          t7Bar = 0.0;
          xcenteredBar[id_3] += t6Bar;
          t6Bar = 0.0;
          qdiagsBar[ik_2 * d + id_3] += t5Bar;
          t5Bar = 0.0;
        }
        trips_4 = tape.popInt();
        id_3 = tape.popInt();
        for (int k_11 = 0; k_11 < trips_3; k_11++) {
          id_2--;
          t4Bar += xcenteredBar[id_2];
          xcenteredBar[id_2] = 0.0;
          xcentered[id_2] = tape.popDouble();
          t3Bar -= t4Bar;
          t4Bar = 0.0;
          meansBar[ik_2 * d + id_2] += t3Bar;
          t3Bar = 0.0;
        }
        trips_3 = tape.popInt();
        id_2 = tape.popInt();
      }
      trips_2 = tape.popInt();
      ik_2 = tape.popInt();
    }
    slseBar = 0.0;
    for (int k_12 = 0; k_12 < trips_10; k_12++) {
      ik--;
      sBar += sumQsBar[ik];
      sumQsBar[ik] = 0.0;
      for (int k_13 = 0; k_13 < trips; k_13++) {
        id--;
        t1Bar += qdiagsBar[ik * d + id];
        qdiagsBar[ik * d + id] = 0.0;
        if (t1Bar != 0.0) {
          qBar += JdkPullbacks.exp(q, t1, t1Bar);
        }
        t1Bar = 0.0;
        t1 = tape.popDouble();
        qBar += sBar;
        icfBar[ik * icfSize + id] += qBar;
        qBar = 0.0;
        q = tape.popDouble();
      }
      trips = tape.popInt();
      id = tape.popInt();
      sBar = 0.0;
    }
    tape.leave();
  }
}
