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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, "long methods compile": methods of 2,000 and 5,000 generated statements (and a loop
 * whose body is 1,500), whose pullbacks, JVPs and second-order methods exceed the JVM's 64 KB per
 * method unless the emitter splits them ({@code MethodSplitter}), compile, and their gradients,
 * JVPs and (for a 700-statement method of order 2) Hessian agree with central finite differences.
 *
 * <p>Tolerances: gradient and JVP against central differences with h = 1e-6·max(1, |x|), to
 * 1e-6·max(1, |g|) plus 100 times the rounding error of the quotient (as in {@link Gradients}); the
 * Hessian against central differences of the generated gradient with h = 1e-5·max(1, |x|), to
 * 1e-5·max(1, |H|).
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LongMethodsTest {
  private static final int N = LongMethodSource.LENGTH;

  static final String SOURCE =
      LongMethodSource.unit(
          "longs",
          "LongMethods",
          LongMethodSource.method("f2000", 2000, 1, 2000),
          LongMethodSource.method("f5000", 5000, 1, 5000),
          LongMethodSource.loopMethod("loop", 1500, 1500),
          LongMethodSource.method("second", 700, 2, 700));

  private static Class<?> primal;
  private static Class<?> companion;
  private static String generated;
  private static java.util.Map<String, Integer> codeSizes;

  @BeforeAll
  static void compile() {
    long start = System.nanoTime();
    CompiledSources unit = CompiledSources.withAdjoint(SOURCE);
    primal = unit.load("longs.LongMethods");
    companion = unit.load("longs.LongMethodsAdjoint");
    generated = unit.generatedSource("longs.LongMethodsAdjoint");
    codeSizes = codeSizes(unit.classFile("longs.LongMethodsAdjoint"));
    System.out.printf(
        "LongMethodsTest: javac with Adjoint on %,d lines took %.1f s%n",
        SOURCE.lines().count(), (System.nanoTime() - start) / 1e9);
  }

  @Test
  void theLongSweepsAreSplit() {
    for (String part :
        new String[] {
          "f2000PullbackPart1(",
          "f5000PullbackPart1(",
          "f5000JvpPart1(",
          "loopPullbackPart1(",
          "loopJvpPart1(",
          "secondPullbackJvpPart1("
        }) {
      assertTrue(generated.contains("private static void " + part), part);
    }
  }

  /** Parts stay under HotSpot's HugeMethodLimit (8,000 bytes), so that the JIT compiles them. */
  @Test
  void partsAreSmallEnoughForTheJit() {
    int parts = 0;
    for (var e : codeSizes.entrySet()) {
      if (e.getKey().contains("Part")) {
        parts++;
        assertTrue(e.getValue() < 8000, e.getKey() + ": " + e.getValue() + " bytes");
      }
    }
    assertTrue(parts > 100, "parts: " + parts);
    System.out.printf(
        "LongMethodsTest: %d parts, the largest %d bytes; the largest caller %d bytes%n",
        parts,
        codeSizes.entrySet().stream()
            .filter(e -> e.getKey().contains("Part"))
            .mapToInt(e -> e.getValue())
            .max()
            .orElse(0),
        codeSizes.entrySet().stream()
            .filter(e -> !e.getKey().contains("Part"))
            .mapToInt(e -> e.getValue())
            .max()
            .orElse(0));
  }

  @Test
  void gradientsMatchFiniteDifferences() throws Exception {
    for (String name : new String[] {"f2000", "f5000", "second"}) {
      for (long seed = 1; seed <= 3; seed++) {
        checkGradient(name, point(seed), false);
      }
    }
  }

  @Test
  void longLoopBodyGradientMatchesFiniteDifferences() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      checkGradient("loop", point(seed), true);
    }
  }

  @Test
  void jvpsMatchTheGradient() throws Exception {
    for (String name : new String[] {"f2000", "f5000", "loop"}) {
      boolean loop = name.equals("loop");
      double[] p = point(7);
      double[] dir = point(8);
      double[] g = gradient(name, p, loop);
      double expected = 0;
      for (int i = 0; i < p.length; i++) {
        expected += g[i] * dir[i];
      }
      Object[] args =
          loop
              ? new Object[] {p[0], p[1], array(p), 3, dir[0], dir[1], array(dir)}
              : new Object[] {p[0], p[1], array(p), dir[0], dir[1], array(dir)};
      Object jvp = method(companion, name + "Jvp").invoke(null, args);
      double value = (double) jvp.getClass().getMethod("value").invoke(jvp);
      double tangent = (double) jvp.getClass().getMethod("tangent").invoke(jvp);
      assertEquals(primal(name, p, loop), value, 0.0, name);
      assertEquals(expected, tangent, 1e-10 * Math.max(1, Math.abs(expected)), name);
      // And against a central difference along the direction.
      double h = 1e-6;
      double[] plus = p.clone();
      double[] minus = p.clone();
      for (int i = 0; i < p.length; i++) {
        plus[i] += h * dir[i];
        minus[i] -= h * dir[i];
      }
      double fd = (primal(name, plus, loop) - primal(name, minus, loop)) / (2 * h);
      assertEquals(fd, tangent, 1e-6 * Math.max(1, Math.abs(tangent)) + 1e-8, name);
    }
  }

  @Test
  void hessianMatchesFiniteDifferencesOfTheGradient() throws Exception {
    for (long seed = 1; seed <= 2; seed++) {
      double[] p = point(seed);
      double[][] hessian =
          (double[][]) method(companion, "secondHessian").invoke(null, p[0], p[1], array(p));
      assertEquals(p.length, hessian.length);
      for (int j = 0; j < p.length; j++) {
        double h = 1e-5 * Math.max(1, Math.abs(p[j]));
        double[] plus = p.clone();
        double[] minus = p.clone();
        plus[j] += h;
        minus[j] -= h;
        double step = plus[j] - minus[j];
        double[] gp = gradient("second", plus, false);
        double[] gm = gradient("second", minus, false);
        for (int i = 0; i < p.length; i++) {
          double fd = (gp[i] - gm[i]) / step;
          assertEquals(
              fd,
              hessian[j][i],
              1e-5 * Math.max(1, Math.abs(hessian[j][i])),
              "H[" + j + "][" + i + "] at point " + seed);
        }
      }
    }
  }

  /** x, y and the eight elements of a, in [-1, 1]. */
  private static double[] point(long seed) {
    Random r = new Random(seed);
    double[] p = new double[2 + N];
    for (int i = 0; i < p.length; i++) {
      p[i] = 2 * r.nextDouble() - 1;
    }
    return p;
  }

  private static double[] array(double[] p) {
    return java.util.Arrays.copyOfRange(p, 2, p.length);
  }

  private static double primal(String name, double[] p, boolean loop) throws Exception {
    Object[] args =
        loop ? new Object[] {p[0], p[1], array(p), 3} : new Object[] {p[0], p[1], array(p)};
    return (double) method(primal, name).invoke(null, args);
  }

  /** fGradient's value checked against the primal, and its components flattened. */
  private static double[] gradient(String name, double[] p, boolean loop) throws Exception {
    Object[] args =
        loop ? new Object[] {p[0], p[1], array(p), 3} : new Object[] {p[0], p[1], array(p)};
    Object g = method(companion, name + "Gradient").invoke(null, args);
    RecordComponent[] c = g.getClass().getRecordComponents();
    assertEquals(primal(name, p, loop), (double) c[0].getAccessor().invoke(g), 0.0, name);
    double[] out = new double[p.length];
    out[0] = (double) c[1].getAccessor().invoke(g);
    out[1] = (double) c[2].getAccessor().invoke(g);
    System.arraycopy((double[]) c[3].getAccessor().invoke(g), 0, out, 2, N);
    return out;
  }

  private static void checkGradient(String name, double[] p, boolean loop) throws Exception {
    double[] g = gradient(name, p, loop);
    for (int i = 0; i < p.length; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(p[i]));
      double[] plus = p.clone();
      double[] minus = p.clone();
      plus[i] += h;
      minus[i] -= h;
      double fp = primal(name, plus, loop);
      double fm = primal(name, minus, loop);
      double fd = (fp - fm) / (plus[i] - minus[i]);
      double tolerance =
          Gradients.FD_RELATIVE * Math.max(1, Math.abs(g[i]))
              + 100 * Gradients.EPS * Math.max(Math.abs(fp), Math.abs(fm)) / h;
      assertEquals(fd, g[i], tolerance, name + ": component " + i);
    }
  }

  /** The length of each method's bytecode in a class file, by method name (overloads summed). */
  static java.util.Map<String, Integer> codeSizes(byte[] classFile) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(classFile);
    b.position(8);
    int count = b.getShort() & 0xffff;
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = b.get();
      switch (tag) {
        case 1 -> {
          byte[] bytes = new byte[b.getShort() & 0xffff];
          b.get(bytes);
          utf8[i] = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        case 5, 6 -> {
          b.position(b.position() + 8);
          i++;
        }
        case 7, 8, 16, 19, 20 -> b.position(b.position() + 2);
        case 15 -> b.position(b.position() + 3);
        default -> b.position(b.position() + 4); // 3, 4, 9, 10, 11, 12, 17, 18
      }
    }
    b.position(b.position() + 6);
    int interfaces = b.getShort() & 0xffff;
    b.position(b.position() + 2 * interfaces);
    java.util.Map<String, Integer> sizes = new java.util.TreeMap<>();
    for (int pass = 0; pass < 2; pass++) { // fields, then methods
      int members = b.getShort() & 0xffff;
      for (int m = 0; m < members; m++) {
        b.position(b.position() + 2);
        String name = utf8[b.getShort() & 0xffff];
        b.position(b.position() + 2);
        int attributes = b.getShort() & 0xffff;
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[b.getShort() & 0xffff];
          int length = b.getInt();
          if (pass == 1 && attribute.equals("Code")) {
            sizes.merge(name, b.getInt(b.position() + 4), Integer::sum);
          }
          b.position(b.position() + length);
        }
      }
    }
    return sizes;
  }

  private static Method method(Class<?> c, String name) {
    for (Method m : c.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name + " in " + c);
  }
}
