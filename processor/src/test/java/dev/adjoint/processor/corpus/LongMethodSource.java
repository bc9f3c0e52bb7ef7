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

import java.util.Random;

/**
 * Generates {@code @Differentiable} methods of thousands of straight-line statements (issue 14,
 * "long methods compile"): a deterministic mix of {@code Math} functions, arithmetic, array reads
 * and writes, reassignments, a few branches and short loops, over values kept bounded (sin, tanh,
 * divisions by 1 + v², contractions) so that the result and its derivatives stay of order one.
 *
 * <p>{@link #main} writes one to a file, to measure javac by hand: {@code LongMethodSource 2000
 * /tmp/Long.java}.
 */
final class LongMethodSource {
  private LongMethodSource() {}

  /** How many double locals the methods reuse: few enough for one-byte local slots. */
  static final int POOL = 100;

  /** The length the methods' array {@code a} must have (they index it with constants). */
  static final int LENGTH = 8;

  /**
   * A method {@code name(double x, double y, double[] a)} of {@code statements} statements at the
   * top level (a branch or a loop counts as one). It declares {@value #POOL} locals, then assigns
   * them round robin, so that it stays within the JVM's 64 KB of bytecode up to about 5,000
   * statements (about 12 bytes each) and so that the pullback has overwritten values to tape.
   */
  static String method(String name, int statements, int order, long seed) {
    StringBuilder b = new StringBuilder();
    b.append("  @Differentiable").append(order == 2 ? "(order = 2)" : "").append('\n');
    b.append("  public static double ").append(name).append("(double x, double y, double[] a) {\n");
    Body body = new Body(b, new Random(seed), "    ");
    body.declarations();
    body.statements(statements - POOL, true);
    b.append("    return ").append(body.result()).append(";\n  }\n");
    return b.toString();
  }

  /**
   * A method {@code name(double x, double y, double[] a, int rounds)} whose loop has a body of
   * {@code statements} statements, all of whose variables are carried from one round to the next.
   */
  static String loopMethod(String name, int statements, long seed) {
    StringBuilder b = new StringBuilder();
    b.append("  @Differentiable\n");
    b.append("  public static double ")
        .append(name)
        .append("(double x, double y, double[] a, int rounds) {\n");
    Body body = new Body(b, new Random(seed), "    ");
    body.declarations();
    b.append("    for (int r = 0; r < rounds; r++) {\n");
    body.indent = "      ";
    body.statements(statements, false);
    b.append("    }\n");
    b.append("    return ").append(body.result()).append(";\n  }\n");
    return b.toString();
  }

  /** A compilation unit holding the given methods. */
  static String unit(String pkg, String cls, String... methods) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(pkg).append(";\n\nimport dev.adjoint.Differentiable;\n\n");
    b.append("public final class ")
        .append(cls)
        .append(" {\n  private ")
        .append(cls)
        .append("() {}\n\n");
    for (String m : methods) {
      b.append(m).append('\n');
    }
    return b.append("}\n").toString();
  }

  /** Writes {@code LongMethods} with one method of args[0] statements to args[1]. */
  public static void main(String[] args) throws java.io.IOException {
    int n = Integer.parseInt(args[0]);
    int order = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    String source = unit("longs", "LongMethods", method("f", n, order, 14));
    java.nio.file.Files.writeString(java.nio.file.Path.of(args[1]), source);
  }

  private static final class Body {
    private final StringBuilder b;
    private final Random random;
    private String indent;
    private int next;

    Body(StringBuilder b, Random random, String indent) {
      this.b = b;
      this.random = random;
      this.indent = indent;
    }

    /** A variable of the pool; mostly one assigned lately. */
    private String recent() {
      int back = random.nextInt(8) == 0 ? random.nextInt(POOL) : random.nextInt(12);
      return "v" + Math.floorMod(next - 1 - back, POOL);
    }

    private String c() {
      return "0." + (1 + random.nextInt(9));
    }

    private String element() {
      return "w[" + random.nextInt(LENGTH) + "]";
    }

    /** An expression of values within [-2, 2] that stays within [-2, 2]. */
    private String expression() {
      String p = recent();
      String q = recent();
      return switch (random.nextInt(14)) {
        case 0 -> "Math.sin(" + p + ")";
        case 1 -> "Math.tanh(" + p + " * " + q + ")";
        case 2 -> p + " / (1.0 + " + q + " * " + q + ")";
        case 3 -> "Math.sqrt(1.0 + " + p + " * " + p + ") - 1.0";
        case 4 -> element() + " * " + p;
        case 5 -> "Math.exp(-" + p + " * " + p + ")";
        case 6 -> "0.5 * " + p + " * " + q;
        case 7 -> "Math.log(1.0 + " + p + " * " + p + ")";
        case 8 -> "Math.atan(" + p + " - " + q + ")";
        case 9 -> "0.5 * (" + p + " + " + q + ")";
        case 10 -> "Math.cos(" + p + ") * " + c();
        case 11 -> p + " - " + c() + " * " + q;
        case 12 -> "0.5 * " + p + " - " + q + " * " + c();
        default -> "Math.sin(" + p + " - " + q + ")";
      };
    }

    /** The pool, and {@code w}: a copy of {@code a} the method writes (it may not write a). */
    void declarations() {
      b.append(indent).append("double[] w = new double[").append(LENGTH).append("];\n");
      for (int k = 0; k < LENGTH; k++) {
        b.append(indent).append("w[").append(k).append("] = a[").append(k).append("];\n");
      }
      for (int k = 0; k < POOL; k++) {
        String init =
            switch (k % 4) {
              case 0 -> "x";
              case 1 -> "y";
              case 2 -> "0.5 * x * y";
              default -> "a[" + (k % LENGTH) + "]";
            };
        b.append(indent)
            .append("double v")
            .append(k)
            .append(" = ")
            .append(k < 4 ? init : init + " * 0." + (k % 9 + 1))
            .append(";\n");
      }
      next = 0;
    }

    void statements(int count, boolean loops) {
      for (int i = 0; i < count; i++) {
        int kind = random.nextInt(200);
        String v = "v" + next;
        if (kind < 12) {
          // An array write: reads in later statements see it.
          String value = random.nextBoolean() ? "Math.sin(" + recent() + ")" : "0.5 * " + recent();
          b.append(indent).append(element()).append(" = ").append(value).append(";\n");
          continue;
        } else if (kind < 14) {
          b.append(indent)
              .append("if (")
              .append(recent())
              .append(" > ")
              .append(recent())
              .append(") {\n");
          b.append(indent).append("  ").append(v).append(" = ").append(expression()).append(";\n");
          b.append(indent).append("} else {\n");
          b.append(indent).append("  ").append(v).append(" = ").append(expression()).append(";\n");
          b.append(indent).append("}\n");
        } else if (kind < 15 && loops) {
          String index = "i" + i;
          b.append(indent)
              .append("for (int ")
              .append(index)
              .append(" = 0; ")
              .append(index)
              .append(" < 3; ")
              .append(index)
              .append("++) {\n");
          b.append(indent)
              .append("  ")
              .append(v)
              .append(" = 0.7 * ")
              .append(v)
              .append(" + 0.2 * Math.sin(")
              .append(recent())
              .append(" + ")
              .append(index)
              .append(");\n");
          b.append(indent).append("}\n");
        } else {
          b.append(indent).append(v).append(" = ").append(expression()).append(";\n");
        }
        next = (next + 1) % POOL;
      }
    }

    /** A sum of a few values. */
    String result() {
      return "v0 + 0.5 * v1 + 0.25 * v" + (POOL / 2) + " + 0.1 * v" + (POOL - 1);
    }
  }
}
