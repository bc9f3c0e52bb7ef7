package dev.adjoint.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code @Differentiable(checkpoint = true)}: each method is compiled twice, with and without
 * checkpointing, from the same body. The gradients must agree to 1e-13 relative (the same
 * operations in the same order, only re-run) and with central finite differences of the method
 * (h = 1e-6·max(1, |x|), tolerance 1e-6·max(1, |g|)); the checkpointed pullback must actually save
 * checkpoints (so the test cannot pass by checkpointing nothing), except where aliasing forbids it.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CheckpointTest {
  private static final String BODIES =
      """
        /** GMM-like: local arrays rewritten per point, a call that reads one. */
        @DIFF
        public static double mixture(double[] mu, double[] x, int n, int k, int d) {
          double[] centered = new double[d];
          double[] terms = new double[k];
          double total = 0;
          for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                centered[j] = x[i * d + j] - mu[c * d + j];
              }
              double sq = 0;
              for (int j = 0; j < d; j++) {
                sq += centered[j] * centered[j];
              }
              terms[c] = -0.5 * sq;
            }
            total += logSumExpNAME(terms, k);
          }
          return total;
        }

        @DIFF
        public static double logSumExpNAME(double[] v, int count) {
          double m = v[0];
          for (int i = 1; i < count; i++) {
            m = Math.max(m, v[i]);
          }
          double s = 0;
          for (int i = 0; i < count; i++) {
            s += Math.exp(v[i] - m);
          }
          return Math.log(s) + m;
        }

        /** break, continue and an early return inside the checkpointed loop. */
        @DIFF
        public static double flags(double a, double b, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (i == 3) {
              continue;
            }
            double p = a;
            for (int j = 0; j < i; j++) {
              p = p * Math.cos(b + j);
              if (Math.abs(p) < 1e-3) {
                break;
              }
            }
            s += p * p + Math.sin(a * i);
            if (s > 50) {
              return s * b;
            }
          }
          return s;
        }

        /** A recursive call and a local matrix written row by row inside the loop. */
        @DIFF
        public static double rows(double[] x, double y, int n) {
          double[][] m = new double[n][n];
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              m[i][j] = Math.tanh(x[j] * y + i) + (i > 0 ? m[i - 1][j] : 0);
            }
            s += m[i][i] * powerNAME(y, i);
          }
          return s;
        }

        @DIFF
        public static double powerNAME(double y, int k) {
          return k == 0 ? 1 : y * powerNAME(y, k - 1);
        }

        /** An RNN's state array is aliased (h = next): not checkpointed, still right. */
        @DIFF
        public static double rnn(double[] w, double[] xs, int size) {
          double[] h = new double[size];
          double loss = 0;
          for (int t = 0; t < xs.length; t++) {
            double[] next = new double[size];
            for (int i = 0; i < size; i++) {
              double a = xs[t];
              for (int j = 0; j < size; j++) {
                a += w[i * size + j] * h[j];
              }
              next[i] = Math.tanh(a);
            }
            h = next;
            loss += h[0] * h[0];
          }
          return loss;
        }
      """;

  private static final String TEMPLATE =
      """
      package checkpoint;

      import dev.adjoint.Differentiable;

      public final class NAME {
        private NAME() {}
      BODIES}
      """;

  static CompiledSources unit;

  private static String source(String name, String annotation) {
    return TEMPLATE.replace("BODIES", BODIES)
        .replace("NAME", name)
        .replace("@DIFF", annotation);
  }

  @BeforeAll
  static void compile() {
    unit = CompiledSources.withAdjoint(
        source("Checkpointed", "@Differentiable(checkpoint = true)"),
        source("Plain", "@Differentiable"));
  }

  /** The gradient record's components after the value, flattened. */
  private static double[] gradient(String cls, String method, Object[] args) {
    Class<?> adjoint = unit.load("checkpoint." + cls + "Adjoint");
    for (Method m : adjoint.getDeclaredMethods()) {
      if (m.getName().equals(method + "Gradient")) {
        Object record = Gradients.invoke(m, FlatInputs.deepCopy(args));
        assertEquals(0, Tape.get().size(), "tape left non-empty by " + cls + "." + method);
        List<Object> parts = new ArrayList<>();
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int k = 1; k < components.length; k++) {
          components[k].getAccessor().setAccessible(true);
          parts.add(Gradients.read(components[k].getAccessor(), record));
        }
        return FlatInputs.flatten(parts);
      }
    }
    throw new AssertionError("no " + method + "Gradient");
  }

  private static double primal(String method, Object[] args) {
    for (Method m : unit.load("checkpoint.Plain").getDeclaredMethods()) {
      if (m.getName().equals(method)) {
        return (Double) Gradients.invoke(m, FlatInputs.deepCopy(args));
      }
    }
    throw new AssertionError("no " + method);
  }

  /** The generated pullback of {@code method} in class {@code cls}, as text. */
  private static String pullbackSource(String cls, String method) {
    String all = unit.describe();
    int start = all.indexOf("public static double " + method + "Pullback(",
        all.indexOf("class " + cls + "Adjoint"));
    int end = all.indexOf("public static", start + 1);
    // Line numbers prefix the listing: drop them so that two listings compare.
    return all.substring(start, end < 0 ? all.length() : end).replaceAll("(?m)^\\s*\\d+ ", "");
  }

  private static void check(String method, boolean checkpointed, Object... args) {
    double[] withCheckpoints = gradient("Checkpointed", method, args);
    double[] plain = gradient("Plain", method, args);
    assertEquals(plain.length, withCheckpoints.length);
    for (int k = 0; k < plain.length; k++) {
      assertEquals(plain[k], withCheckpoints[k], 1e-13 * Math.max(1, Math.abs(plain[k])),
          method + " component " + k + " at " + Arrays.deepToString(args));
    }
    Class<?>[] types = new Class<?>[args.length];
    for (int i = 0; i < args.length; i++) {
      types[i] = args[i] instanceof Double ? double.class : Object.class;
    }
    FlatInputs inputs = new FlatInputs(types);
    for (int k = 0; k < plain.length; k++) {
      double h = 1e-6 * Math.max(1, Math.abs(inputs.get(args, k)));
      double fd = (primal(method, inputs.moved(args, k, h))
          - primal(method, inputs.moved(args, k, -h))) / (2 * h);
      assertEquals(fd, withCheckpoints[k], 1e-6 * Math.max(1, Math.abs(withCheckpoints[k])),
          method + " d/dinput" + k + " against finite differences");
    }
    String code = pullbackSource("Checkpointed", method);
    assertEquals(checkpointed, code.contains("tape.pushElements("),
        method + (checkpointed ? " saves no checkpoint" : " was checkpointed") + ":\n" + code);
  }

  @Test
  void mixtureOfGaussians() {
    check("mixture", true, new double[] {0.1, -0.4, 0.8, 0.3, -0.2, 0.5},
        new double[] {0.5, 1.0, -0.3, 0.2, 0.9, -1.1, 0.4, 0.0}, 4, 3, 2);
    check("mixture", true, new double[] {1.0, 2.0}, new double[] {0.3, -0.6, 1.5}, 3, 2, 1);
    check("mixture", true, new double[] {-0.5, 0.5, 0.25}, new double[] {0.1, 0.2, 0.3}, 1, 1, 3);
  }

  @Test
  void breakContinueAndEarlyReturn() {
    check("flags", false, 0.7, 0.3, 6);
    check("flags", false, 1.9, -1.2, 9);
    check("flags", false, -0.4, 2.0, 5);
  }

  @Test
  void flagsAreCheckpointedToo() {
    // The loop over i contains a loop and writes no array: a checkpoint of scalars only, so the
    // pullback differs from the plain one.
    String checkpointed = pullbackSource("Checkpointed", "flags");
    String plain = pullbackSource("Plain", "flags").replace("Plain", "Checkpointed");
    assertTrue(!checkpointed.equals(plain), checkpointed);
  }

  @Test
  void aliasedRnnIsTheSameCodeAsWithoutCheckpoints() {
    String checkpointed = pullbackSource("Checkpointed", "rnn");
    String plain = pullbackSource("Plain", "rnn").replace("Plain", "Checkpointed");
    assertEquals(plain, checkpointed);
  }

  @Test
  void localMatrixAndRecursion() {
    check("rows", true, new double[] {0.2, -0.5, 0.9}, 0.7, 3);
    check("rows", true, new double[] {1.0, 0.1}, -1.3, 2);
    check("rows", true, new double[] {0.4, 0.4, -0.8, 0.6}, 0.95, 4);
  }

  @Test
  void aliasedStateIsNotCheckpointedButStillRight() {
    check("rnn", false, new double[] {0.5, -0.3, 0.2, 0.4}, new double[] {0.3, -0.7, 1.1}, 2);
    check("rnn", false, new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {1, 2}, 2);
    check("rnn", false, new double[] {-0.6}, new double[] {0.5, 0.5, -0.5}, 1);
  }
}
