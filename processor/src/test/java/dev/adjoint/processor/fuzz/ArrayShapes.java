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
package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.ProgramGenerator.LengthLoop;
import dev.adjoint.processor.fuzz.ProgramGenerator.Loop;
import dev.adjoint.processor.fuzz.ProgramGenerator.MethodInfo;
import dev.adjoint.processor.fuzz.ProgramGenerator.Param;
import dev.adjoint.processor.fuzz.ProgramGenerator.Ty;
import dev.adjoint.processor.fuzz.ProgramGenerator.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The array-shape part of {@link ProgramGenerator#shapeProgram}: the code users write with {@code
 * double[]} and {@code double[][]} that the plain array programs never produce. Statements, control
 * flow (loops, branches, break/continue, early returns), scalar expressions, element writes and
 * reductions are {@link ProgramGenerator}'s; it calls back here for one statement in three or so,
 * for {@code double[]} arguments of calls (which may be a variable, a row {@code m[i]} or a call of
 * a vector-valued callee) and for matrix elements in double expressions.
 *
 * <p>Each program starts with a library of callees, a random subset of (with small random
 * variations in their bodies):
 *
 * <ul>
 *   <li>scalar-valued: {@code dot(a, b)}, {@code sum(a)}, {@code norm2(a)} (passes {@code a} twice
 *       to {@code dot}), {@code rowDot(m, r, v)} (a row alias passed on), the chain {@code f3(m,
 *       v)} → {@code g3(row or v, c)} → {@code h3(a, c)} (arrays and rows through three levels);
 *   <li>vector-valued ({@code double[]}): {@code scale(a, c)}, {@code step(h, w)} (an RNN cell),
 *       {@code maybeId(a, s)} (returns {@code a} itself when {@code s} is small, else a fresh
 *       scaled copy), {@code passOn(a, s)} (returns what {@code maybeId} returns: an argument
 *       through two levels), {@code matVec(m, v)} (rows to {@code dot} in a loop) and {@code
 *       blend(a, b, t)}.
 * </ul>
 *
 * Callees never write into their parameters' arrays (the subset forbids it). Every generated method
 * declares an accumulator {@code acc} that the shapes add into and that the result returns, so that
 * what they compute reaches the gradient. The shapes:
 *
 * <ul>
 *   <li>rows of parameter and local matrices passed to callees inside loops ({@code acc +=
 *       dot(m[i], v)}), and named row aliases ({@code double[] row = m[i]; acc += dot(row, v);});
 *   <li>local matrices {@code new double[R][C]} filled element-wise;
 *   <li>array variables re-bound conditionally ({@code if}/{@code else} and {@code ?:}), in
 *       straight-line code ({@code y = a; acc += sum(y); y = b; ...}) and by swaps (ping-pong
 *       buffers: {@code next} written element-wise each step, passed to a callee, then {@code tmp =
 *       prev; prev = next; next = tmp});
 *   <li>arrays re-assigned from calls that read them ({@code y = f(y, w)}, also for a parameter
 *       {@code y}, and RNN style {@code h = step(h, w)} in a loop);
 *   <li>{@code b = maybeId(a, s)} with writes through {@code b} and reads of both {@code a} and
 *       {@code b};
 *   <li>element assignments used as values: {@code acc += (t[i] = e)}, {@code acc += (t[i] *= e)},
 *       chains {@code double v = (t[0] = t[1] = t[2] = e)};
 *   <li>buffers written and then passed to a callee every iteration;
 *   <li>calls with array arguments that are rows or results of vector-valued calls ({@code
 *       sum(step(m[i], v))}), to the library and to earlier generated methods.
 * </ul>
 *
 * <p>All matrices of a program have the same shape R × C (R in 2..3, C in 1..3), so that any of
 * them can be passed for any {@code double[][]} parameter. Library callees accept arrays of any
 * length (they loop to the shorter one, or index modulo the length).
 */
final class ArrayShapes {
  private final ProgramGenerator g;
  private final Random r;
  private int rows;
  private int cols;

  /** The accumulator of the method being generated. */
  private String acc;

  private final List<MethodInfo> library = new ArrayList<>();

  /** A double[] expression: its text, bounds on its length, and whether the method may write it. */
  private record Vec(String text, int min, int max, boolean owned) {}

  ArrayShapes(ProgramGenerator g) {
    this.g = g;
    this.r = g.r;
  }

  // ----------------------------------------------------------------- library

  private static final String HEAD = "\n  " + ProgramGenerator.DIFF + "public static ";

  private MethodInfo method(String name, String signature, String body, long cost, Param... ps) {
    MethodInfo m = new MethodInfo(name);
    m.params.addAll(List.of(ps));
    m.text = HEAD + signature + " {\n" + body + "  }\n";
    m.cost = cost;
    library.add(m);
    return m;
  }

  private Param vector(String name) {
    return new Param(Ty.DOUBLE_ARRAY, name, 1);
  }

  private Param matrix(String name) {
    return new Param(Ty.DOUBLE_MATRIX, name, rows, new int[] {rows, cols});
  }

  private static Param scalar(String name) {
    return new Param(Ty.DOUBLE, name);
  }

  /** The library of callees of this program (see the class comment), in dependency order. */
  List<MethodInfo> library() {
    rows = 2 + r.nextInt(2);
    cols = 1 + r.nextInt(3);
    library.clear();
    MethodInfo dot =
        method(
            "dot",
            "double dot(double[] a, double[] b)",
            "    double s = 0.0;\n"
                + "    for (int i = 0; i < a.length && i < b.length; i++) {\n"
                + "      s += a[i] * b[i];\n"
                + "    }\n"
                + "    return s;\n",
            16,
            vector("a"),
            vector("b"));
    String term =
        switch (r.nextInt(3)) {
          case 0 -> "a[i]";
          case 1 -> "Math.sin(a[i])";
          default -> "0.5 * a[i] * a[i]";
        };
    MethodInfo sum =
        method(
            "sum",
            "double sum(double[] a)",
            "    double s = 0.0;\n"
                + "    for (int i = 0; i < a.length; i++) {\n"
                + "      s += "
                + term
                + ";\n"
                + "    }\n"
                + "    return s;\n",
            16,
            vector("a"));
    if (r.nextInt(3) != 0) {
      MethodInfo norm2 =
          method(
              "norm2",
              "double norm2(double[] a)",
              "    return Math.sqrt(1.0 + dot(a, a)) + 0.25 * sum(a);\n",
              40,
              vector("a"));
      norm2.callees.add(dot);
      norm2.callees.add(sum);
    }
    if (r.nextBoolean()) {
      MethodInfo rowDot =
          method(
              "rowDot",
              "double rowDot(double[][] m, int r, double[] v)",
              "    double[] row = m[((r % m.length) + m.length) % m.length];\n"
                  + "    return dot(row, v);\n",
              20,
              matrix("m"),
              new Param(Ty.INT, "r"),
              vector("v"));
      rowDot.callees.add(dot);
    }
    if (r.nextBoolean()) {
      MethodInfo h3 =
          method(
              "h3",
              "double h3(double[] a, double c)",
              "    double s = c;\n"
                  + "    for (int i = 0; i < a.length; i++) {\n"
                  + "      s += Math.tanh(a[i] * c);\n"
                  + "    }\n"
                  + "    return s;\n",
              20,
              vector("a"),
              scalar("c"));
      MethodInfo g3 =
          method(
              "g3",
              "double g3(double[] a, double c)",
              "    return h3(a, 0.5 * c) + a[0] * c;\n",
              25,
              vector("a"),
              scalar("c"));
      g3.callees.add(h3);
      String last = r.nextBoolean() ? "g3(v, 1.5)" : "g3(v, v[0])";
      MethodInfo f3 =
          method(
              "f3",
              "double f3(double[][] m, double[] v)",
              "    double s = 0.0;\n"
                  + "    for (int i = 0; i < m.length; i++) {\n"
                  + "      s += g3(m[i], v[i % v.length]);\n"
                  + "    }\n"
                  + "    return s + "
                  + last
                  + ";\n",
              30L * (rows + 1),
              matrix("m"),
              vector("v"));
      f3.callees.add(g3);
    }
    if (r.nextInt(3) != 0) {
      vectorValued(
          method(
              "scale",
              "double[] scale(double[] a, double c)",
              "    double[] out = new double[a.length];\n"
                  + "    for (int i = 0; i < a.length; i++) {\n"
                  + "      out[i] = a[i] * c;\n"
                  + "    }\n"
                  + "    return out;\n",
              16,
              vector("a"),
              scalar("c")),
          0,
          false);
    }
    if (r.nextInt(3) != 0) {
      String act = r.nextBoolean() ? "Math.tanh" : "Math.sin";
      vectorValued(
          method(
              "step",
              "double[] step(double[] h, double[] w)",
              "    double[] out = new double[h.length];\n"
                  + "    for (int i = 0; i < h.length; i++) {\n"
                  + "      out[i] = "
                  + act
                  + "(h[i] * w[i % w.length] + 0.5 * h[(i + 1) % h.length]);\n"
                  + "    }\n"
                  + "    return out;\n",
              20,
              vector("h"),
              vector("w")),
          0,
          false);
    }
    if (r.nextInt(4) != 0) {
      String threshold = r.nextBoolean() ? "1.0" : "0.5";
      MethodInfo maybeId =
          vectorValued(
              method(
                  "maybeId",
                  "double[] maybeId(double[] a, double s)",
                  "    if (s <= "
                      + threshold
                      + ") {\n"
                      + "      return a;\n"
                      + "    }\n"
                      + "    double[] out = new double[a.length];\n"
                      + "    for (int i = 0; i < a.length; i++) {\n"
                      + "      out[i] = a[i] / s;\n"
                      + "    }\n"
                      + "    return out;\n",
                  16,
                  vector("a"),
                  scalar("s")),
              0,
              true);
      if (r.nextBoolean()) {
        String body =
            r.nextBoolean()
                ? "    return maybeId(a, s + 0.25);\n"
                : "    double[] b = maybeId(a, s * s);\n    return b;\n";
        vectorValued(
                method(
                    "passOn",
                    "double[] passOn(double[] a, double s)",
                    body,
                    20,
                    vector("a"),
                    scalar("s")),
                0,
                true)
            .callees
            .add(maybeId);
      }
    }
    if (r.nextBoolean()) {
      vectorValued(
              method(
                  "matVec",
                  "double[] matVec(double[][] m, double[] v)",
                  "    double[] out = new double[m.length];\n"
                      + "    for (int i = 0; i < m.length; i++) {\n"
                      + "      out[i] = dot(m[i], v);\n"
                      + "    }\n"
                      + "    return out;\n",
                  20L * rows,
                  matrix("m"),
                  vector("v")),
              0,
              false)
          .callees
          .add(dot);
    }
    if (r.nextInt(3) == 0) {
      vectorValued(
          method(
              "blend",
              "double[] blend(double[] a, double[] b, double t)",
              "    double[] out = new double[a.length];\n"
                  + "    for (int i = 0; i < a.length; i++) {\n"
                  + "      out[i] = a[i] * t + b[i % b.length] * (1.0 - t);\n"
                  + "    }\n"
                  + "    return out;\n",
              20,
              vector("a"),
              vector("b"),
              scalar("t")),
          0,
          false);
    }
    return new ArrayList<>(library);
  }

  private static MethodInfo vectorValued(MethodInfo m, int resultLengthOf, boolean mayReturn) {
    m.vectorValued = true;
    m.resultLengthOf = resultLengthOf;
    m.mayReturnArgument = mayReturn;
    return m;
  }

  // ---------------------------------------------------------- method frame

  /** Adds the parameters of a generated method: sometimes a matrix, and a second vector. */
  void parameters(List<Param> params) {
    if (r.nextInt(3) != 0) {
      params.add(new Param(Ty.DOUBLE_MATRIX, "mat", rows, new int[] {rows, cols}));
    }
    if (r.nextInt(3) == 0) {
      params.add(new Param(Ty.DOUBLE_ARRAY, "w", 1 + r.nextInt(cols)));
    }
  }

  /** Declares the accumulator, at the top of a method's body. */
  void begin() {
    acc = g.freshName("acc");
    g.line("double " + acc + " = " + (r.nextBoolean() ? "0.0" : g.dbl(1)) + ";");
    // Read-only to the scalar statements (they would overwrite it); the shapes add into it.
    g.declare(new Var(acc, Ty.DOUBLE, true));
  }

  String accumulator() {
    return acc;
  }

  /**
   * {@code acc += f(v)} with a scalar callee reading the owned buffer {@code v} (see {@link
   * #callOn}).
   */
  void addReadOf(String v, int min, int max) {
    addToAcc(callOn(new Vec(v, min, max, true)));
  }

  void addToAcc(String term) {
    g.chargeCost();
    g.line(acc + (r.nextInt(5) == 0 ? " -= " : " += ") + term + ";");
    g.observe(acc);
  }

  // ------------------------------------------------------------- statements

  /** One shape (see the class comment). */
  void statement(boolean canLoop) {
    switch (r.nextInt(11)) {
      case 0, 1 -> rowLoop(canLoop);
      case 2 -> localMatrix();
      case 3 -> conditionalRebind();
      case 4 -> pingPong(canLoop);
      case 5 -> straightRebind();
      case 6 -> reassignFromCall(canLoop);
      case 7 -> maybeIdWrite();
      case 8 -> assignmentAsValue();
      case 9 -> bufferLoop(canLoop);
      default -> accCall();
    }
  }

  private List<Var> matrices() {
    return g.arrayVars(Ty.DOUBLE_MATRIX, false);
  }

  private <T> T any(List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  /**
   * {@code for (int i = 0; i < m.length; i++) { [double[] row = m[i];] acc += f(m[i] or row);
   * ...}}.
   */
  private void rowLoop(boolean canLoop) {
    List<Var> ms = matrices();
    if (ms.isEmpty()) {
      localMatrix();
      return;
    }
    if (!canLoop || g.loopProduct * rows > ProgramGenerator.MAX_LOOP_PRODUCT) {
      // A row outside a loop.
      Var m = any(ms);
      Vec row = new Vec(m.name + "[" + g.index(m) + "]", cols, cols, m.owned);
      addToAcc(callOn(row));
      return;
    }
    Var m = any(ms);
    if (r.nextInt(3) == 0) {
      rowsForEach(m);
      return;
    }
    Loop loop = g.newLoop();
    String i = g.freshName("i");
    g.line(
        g.labelPrefix(loop)
            + "for (int "
            + i
            + " = 0; "
            + i
            + " < "
            + m.name
            + ".length; "
            + i
            + "++) {");
    g.scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
    g.lengthLoops.add(new LengthLoop(i, m));
    g.loopBody(
        loop,
        rows,
        () -> {
          Vec row = new Vec(m.name + "[" + i + "]", cols, cols, m.owned);
          if (r.nextBoolean()) {
            String name = g.freshName("row");
            g.line("double[] " + name + " = " + row.text() + ";");
            g.declare(new Var(name, Ty.DOUBLE_ARRAY, false, cols, cols, m.owned));
            row = new Vec(name, cols, cols, m.owned);
          }
          addToAcc(callOn(row));
        });
    g.lengthLoops.remove(g.lengthLoops.size() - 1);
    g.scopes.remove(g.scopes.size() - 1);
    g.line("}");
  }

  /**
   * {@code for (double[] row : m) { acc += f(row); [row[j] op= e;] ... }}: the enhanced for over
   * rows, with writes through the row when the method created {@code m} (they must reach {@code
   * m}'s adjoints through the row alias).
   */
  private void rowsForEach(Var m) {
    Loop loop = g.newLoop();
    String name = g.freshName("row");
    g.line(
        g.labelPrefix(loop)
            + "for ("
            + (r.nextInt(4) == 0 ? "var" : "double[]")
            + " "
            + name
            + " : "
            + m.name
            + ") {");
    g.scopes.add(new ArrayList<>());
    g.loopBody(
        loop,
        rows,
        () -> {
          Var row = new Var(name, Ty.DOUBLE_ARRAY, false, cols, cols, m.owned);
          g.declare(row);
          Vec v = new Vec(name, cols, cols, m.owned);
          if (m.owned && r.nextBoolean()) {
            String element = name + "[" + g.index(row) + "]";
            g.chargeCost();
            g.line(element + (r.nextBoolean() ? " += " : " = " + element + " * ") + g.dbl(1) + ";");
            g.observe(name);
          }
          addToAcc(callOn(v));
        });
    g.scopes.remove(g.scopes.size() - 1);
    g.line("}");
  }

  /** {@code double[][] l = new double[R][C]} filled element-wise, or an alias of a matrix. */
  private void localMatrix() {
    String name = g.freshName("mm");
    List<Var> ms = matrices();
    if (!ms.isEmpty() && r.nextInt(4) == 0) {
      Var source = any(ms);
      g.line("double[][] " + name + " = " + source.name + ";");
      g.declare(
          new Var(name, Ty.DOUBLE_MATRIX, true, rows, rows, source.owned, new int[] {rows, cols}));
      return;
    }
    g.line("double[][] " + name + " = new double[" + rows + "][" + cols + "];");
    Var fresh = new Var(name, Ty.DOUBLE_MATRIX, true, rows, rows, true, new int[] {rows, cols});
    if (g.loopProduct * rows * cols <= ProgramGenerator.MAX_LOOP_PRODUCT) {
      String i = g.freshName("i");
      String j = g.freshName("j");
      g.line("for (int " + i + " = 0; " + i + " < " + name + ".length; " + i + "++) {");
      g.indent++;
      g.line("for (int " + j + " = 0; " + j + " < " + name + "[" + i + "].length; " + j + "++) {");
      g.indent++;
      g.scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true), new Var(j, Ty.INT, true))));
      g.lengthLoops.add(new LengthLoop(i, fresh));
      long saved = g.loopProduct;
      g.loopProduct *= rows * cols;
      String value;
      Var v = g.pickVar(Ty.DOUBLE_ARRAY, false);
      int choice = r.nextInt(3);
      if (choice == 0 && !ms.isEmpty()) {
        value = any(ms).name + "[" + i + "][" + j + "] * " + g.dbl(1);
      } else if (choice == 1 && v != null) {
        value =
            "Math.tanh("
                + v.name
                + "[("
                + i
                + " + "
                + j
                + ") % "
                + v.name
                + ".length] + "
                + g.dbl(1)
                + ")";
      } else {
        value = g.dbl(1) + " * (" + i + " + 1) + " + j;
      }
      g.chargeCost();
      g.line(name + "[" + i + "][" + j + "] = " + value + ";");
      g.loopProduct = saved;
      g.lengthLoops.remove(g.lengthLoops.size() - 1);
      g.scopes.remove(g.scopes.size() - 1);
      g.indent--;
      g.line("}");
      g.indent--;
      g.line("}");
    } else {
      g.line(name + "[" + r.nextInt(rows) + "][" + r.nextInt(cols) + "] = " + g.dbl(2) + ";");
    }
    g.observe(name);
    g.declare(fresh);
  }

  /**
   * An array variable bound in the branches of an {@code if}/{@code else} or by {@code ?:}: a new
   * one, or an existing one re-bound; then passed to a callee.
   */
  private void conditionalRebind() {
    Var target = rebindable();
    if (target != null && r.nextBoolean()) {
      Vec a = vectorWithin(target.minLength, target.maxLength, target.owned, 1);
      Vec b = vectorWithin(target.minLength, target.maxLength, target.owned, 1);
      if (a != null && b != null) {
        switch (r.nextInt(3)) {
          case 0 ->
              g.line(target.name + " = " + g.bool(1) + " ? " + a.text() + " : " + b.text() + ";");
          case 1 -> {
            g.line("if (" + g.bool(2) + ") {");
            g.indent++;
            g.line(target.name + " = " + a.text() + ";");
            g.indent--;
            g.line("}");
          }
          default -> {
            g.line("if (" + g.bool(2) + ") {");
            g.indent++;
            g.line(target.name + " = " + a.text() + ";");
            g.indent--;
            g.line("} else {");
            g.indent++;
            g.line(target.name + " = " + b.text() + ";");
            g.indent--;
            g.line("}");
          }
        }
        addToAcc(callOn(new Vec(target.name, target.minLength, target.maxLength, target.owned)));
        return;
      }
    }
    Vec a = vectorWithin(1, ProgramGenerator.MAX_LENGTH, false, 1);
    Vec b = vectorWithin(1, ProgramGenerator.MAX_LENGTH, false, 1);
    if (a == null || b == null) {
      accCall();
      return;
    }
    String y = g.freshName("y");
    Var v =
        new Var(
            y,
            Ty.DOUBLE_ARRAY,
            false,
            Math.min(a.min(), b.min()),
            Math.max(a.max(), b.max()),
            a.owned() && b.owned());
    if (r.nextBoolean()) {
      g.line("double[] " + y + " = " + g.bool(2) + " ? " + a.text() + " : " + b.text() + ";");
    } else {
      g.line("double[] " + y + ";");
      g.line("if (" + g.bool(2) + ") {");
      g.indent++;
      g.line(y + " = " + a.text() + ";");
      g.indent--;
      g.line("} else {");
      g.indent++;
      g.line(y + " = " + b.text() + ";");
      g.indent--;
      g.line("}");
    }
    g.declare(v);
    addToAcc(callOn(new Vec(y, v.minLength, v.maxLength, v.owned)));
  }

  /** {@code double[] y = a; acc += f(y); y = b; acc += g(y); [y = c; ...]}. */
  private void straightRebind() {
    List<Vec> values = new ArrayList<>();
    int n = 2 + r.nextInt(2);
    for (int k = 0; k < n; k++) {
      Vec v = vectorWithin(1, ProgramGenerator.MAX_LENGTH, false, 1);
      if (v == null) {
        accCall();
        return;
      }
      values.add(v);
    }
    int min = ProgramGenerator.MAX_LENGTH;
    int max = 1;
    boolean owned = true;
    for (Vec v : values) {
      min = Math.min(min, v.min());
      max = Math.max(max, v.max());
      owned &= v.owned();
    }
    String y = g.freshName("y");
    Vec self = new Vec(y, min, max, owned);
    for (int k = 0; k < n; k++) {
      g.line((k == 0 ? "double[] " : "") + y + " = " + values.get(k).text() + ";");
      if (k == 0) {
        g.declare(new Var(y, Ty.DOUBLE_ARRAY, false, min, max, owned));
      }
      if (r.nextInt(4) == 0) {
        addToAcc(y + "[" + r.nextInt(min) + "] * " + g.dbl(1));
      } else {
        addToAcc(callOn(self));
      }
    }
  }

  /**
   * Two buffers of one length swapped every step: {@code next} written element-wise from {@code
   * prev}, passed to a callee, then {@code tmp = prev; prev = next; next = tmp;}.
   */
  private void pingPong(boolean canLoop) {
    Length len = length();
    int steps = 2 + r.nextInt(3);
    if (!canLoop || g.loopProduct * steps * len.max > ProgramGenerator.MAX_LOOP_PRODUCT) {
      straightRebind();
      return;
    }
    String prev = g.freshName("prev");
    String next = g.freshName("next");
    g.line("double[] " + prev + " = new double[" + len.text + "];");
    g.line("double[] " + next + " = new double[" + len.text + "];");
    // Read-only to the other statements: they must stay of one length.
    Var prevVar = new Var(prev, Ty.DOUBLE_ARRAY, true, len.min, len.max, true);
    Var nextVar = new Var(next, Ty.DOUBLE_ARRAY, true, len.min, len.max, true);
    if (r.nextBoolean()) {
      String i = g.freshName("i");
      g.line("for (int " + i + " = 0; " + i + " < " + prev + ".length; " + i + "++) {");
      g.indent++;
      String value = len.source != null ? len.source.name + "[" + i + "]" : g.dbl(1);
      g.line(prev + "[" + i + "] = " + value + ";");
      g.indent--;
      g.line("}");
    }
    g.declare(prevVar);
    g.declare(nextVar);
    Loop loop = g.newLoop();
    String t = g.freshName("t");
    g.line(
        g.labelPrefix(loop) + "for (int " + t + " = 0; " + t + " < " + steps + "; " + t + "++) {");
    g.scopes.add(new ArrayList<>(List.of(new Var(t, Ty.INT, true))));
    boolean callFirst = r.nextBoolean();
    g.loopBody(
        loop,
        steps,
        () -> {
          String i = g.freshName("i");
          g.line("for (int " + i + " = 0; " + i + " < " + next + ".length; " + i + "++) {");
          g.indent++;
          Var w = g.pickVar(Ty.DOUBLE_ARRAY, false);
          String weight =
              w != null && w != prevVar && w != nextVar && r.nextBoolean()
                  ? w.name + "[" + i + " % " + w.name + ".length]"
                  : g.dbl(1);
          String other =
              r.nextBoolean() ? prev + "[(" + i + " + 1) % " + prev + ".length]" : g.dbl(1);
          g.line(
              next
                  + "["
                  + i
                  + "] = Math.tanh("
                  + prev
                  + "["
                  + i
                  + "] * "
                  + weight
                  + " + "
                  + other
                  + ");");
          g.indent--;
          g.line("}");
          g.observe(next);
          if (callFirst) {
            addToAcc(callOn(new Vec(next, len.min, len.max, true)));
          }
          String tmp = g.freshName("tmp");
          g.line("double[] " + tmp + " = " + prev + ";");
          g.line(prev + " = " + next + ";");
          g.line(next + " = " + tmp + ";");
          if (!callFirst) {
            addToAcc(callOn(new Vec(prev, len.min, len.max, true)));
          }
        });
    g.scopes.remove(g.scopes.size() - 1);
    g.line("}");
    addToAcc(callOn(new Vec(prev, len.min, len.max, true)));
  }

  /** A buffer written (all of it, or one element) and then passed to a callee every iteration. */
  private void bufferLoop(boolean canLoop) {
    Length len = length();
    int steps = 2 + r.nextInt(3);
    if (!canLoop || g.loopProduct * steps * len.max > ProgramGenerator.MAX_LOOP_PRODUCT) {
      assignmentAsValue();
      return;
    }
    String buf = g.freshName("buf");
    g.line("double[] " + buf + " = new double[" + len.text + "];");
    Var bufVar = new Var(buf, Ty.DOUBLE_ARRAY, true, len.min, len.max, true);
    Loop loop = g.newLoop();
    String t = g.freshName("t");
    g.line(
        g.labelPrefix(loop) + "for (int " + t + " = 0; " + t + " < " + steps + "; " + t + "++) {");
    g.scopes.add(new ArrayList<>(List.of(new Var(t, Ty.INT, true))));
    g.loopBody(
        loop,
        steps,
        () -> {
          if (r.nextBoolean()) {
            String i = g.freshName("i");
            g.line("for (int " + i + " = 0; " + i + " < " + buf + ".length; " + i + "++) {");
            g.indent++;
            String value =
                len.source != null && r.nextBoolean()
                    ? len.source.name
                        + "["
                        + i
                        + " % "
                        + len.source.name
                        + ".length] * "
                        + g.dbl(1)
                        + " + "
                        + t
                    : g.dbl(1) + " * (" + i + " + " + t + ")";
            g.line(buf + "[" + i + "] = " + value + ";");
            g.indent--;
            g.line("}");
          } else {
            g.line(
                buf
                    + "["
                    + t
                    + " % "
                    + buf
                    + ".length] "
                    + (r.nextBoolean() ? "=" : "+=")
                    + " "
                    + g.dbl(2)
                    + ";");
          }
          g.observe(buf);
          addToAcc(callOn(new Vec(buf, len.min, len.max, true)));
        });
    g.scopes.remove(g.scopes.size() - 1);
    g.line("}");
    g.declare(bufVar);
  }

  /** A length for new buffers: that of an array in scope, a row's, or a literal. */
  private record Length(String text, int min, int max, Var source) {}

  private Length length() {
    List<Var> vs = g.arrayVars(Ty.DOUBLE_ARRAY, false);
    List<Var> ms = matrices();
    int choice = r.nextInt(3);
    if (choice == 0 && !vs.isEmpty()) {
      Var v = any(vs);
      return new Length(v.name + ".length", v.minLength, v.maxLength, v);
    }
    if (choice == 1 && !ms.isEmpty()) {
      Var m = any(ms);
      return new Length(m.name + "[0].length", cols, cols, null);
    }
    int n = 1 + r.nextInt(4);
    return new Length(Integer.toString(n), n, n, null);
  }

  /**
   * {@code y = f(y, ...)} for a re-bindable array (a parameter too), or RNN style: {@code double[]
   * h = ...; for (...) { h = step(h, w); ... } acc += f(h);}.
   */
  private void reassignFromCall(boolean canLoop) {
    List<MethodInfo> fs = vectorCallees(1, ProgramGenerator.MAX_LENGTH, false, true);
    if (fs.isEmpty()) {
      conditionalRebind();
      return;
    }
    Var y = rebindable();
    if (y != null && r.nextBoolean()) {
      MethodInfo f = any(fs);
      if (f.params.get(f.resultLengthOf).minLength() <= y.minLength) {
        g.line(y.name + " = " + callWithSlot(f, f.resultLengthOf, y.name) + ";");
        addToAcc(callOn(new Vec(y.name, y.minLength, y.maxLength, y.owned)));
        return;
      }
    }
    // RNN style.
    Vec init = vectorWithin(1, ProgramGenerator.MAX_LENGTH, false, 1);
    int steps = 2 + r.nextInt(4);
    if (init == null || !canLoop || g.loopProduct * steps * 2 > ProgramGenerator.MAX_LOOP_PRODUCT) {
      accCall();
      return;
    }
    String h = g.freshName("h");
    g.line("double[] " + h + " = " + init.text() + ";");
    Var hVar = new Var(h, Ty.DOUBLE_ARRAY, true, init.min(), init.max(), init.owned());
    g.declare(hVar);
    Loop loop = g.newLoop();
    String t = g.freshName("t");
    g.line(
        g.labelPrefix(loop) + "for (int " + t + " = 0; " + t + " < " + steps + "; " + t + "++) {");
    g.scopes.add(new ArrayList<>(List.of(new Var(t, Ty.INT, true))));
    g.loopBody(
        loop,
        steps,
        () -> {
          MethodInfo f = any(fs);
          g.line(h + " = " + callWithSlot(f, f.resultLengthOf, h) + ";");
          if (r.nextBoolean()) {
            addToAcc(h + "[" + r.nextInt(init.min()) + "] * " + g.dbl(1));
          }
        });
    g.scopes.remove(g.scopes.size() - 1);
    g.line("}");
    addToAcc(callOn(new Vec(h, init.min(), init.max(), init.owned())));
  }

  /** {@code double[] b = maybeId(a, s); b[k] = e; acc += a[i] + b[j];} with {@code a} owned. */
  private void maybeIdWrite() {
    List<MethodInfo> ids = new ArrayList<>();
    for (MethodInfo m : library) {
      if (m.mayReturnArgument) {
        ids.add(m);
      }
    }
    List<Var> owned = g.arrayVars(Ty.DOUBLE_ARRAY, true);
    if (ids.isEmpty()) {
      assignmentAsValue();
      return;
    }
    if (owned.isEmpty()) {
      g.elementWrite(); // declares an owned array
      owned = g.arrayVars(Ty.DOUBLE_ARRAY, true);
      if (owned.isEmpty()) {
        return;
      }
    }
    Var a = any(owned);
    MethodInfo f = any(ids);
    Var input =
        g.arrayVars(Ty.DOUBLE_ARRAY, false).get(0); // a parameter (or what it was re-bound to)
    if (r.nextBoolean() && input != a) {
      // Half of the time a has a derivative before the call (else it may carry none: a write
      // through the result must then give it one).
      g.line(a.name + "[" + g.index(a) + "] += 0.5 * " + input.name + "[0];");
      g.observe(a.name);
    }
    String b = g.freshName("b");
    g.line("double[] " + b + " = " + callWithSlot(f, 0, a.name) + ";");
    Var bVar = new Var(b, Ty.DOUBLE_ARRAY, false, a.minLength, a.maxLength, true);
    g.declare(bVar);
    g.line(
        b + "[" + g.index(bVar) + "] " + (r.nextInt(3) == 0 ? "+=" : "=") + " " + g.dbl(2) + ";");
    g.observe(b);
    switch (r.nextInt(3)) {
      case 0 -> addToAcc(a.name + "[" + g.index(a) + "] + " + b + "[" + g.index(bVar) + "]");
      case 1 ->
          addToAcc(
              callOn(new Vec(a.name, a.minLength, a.maxLength, true))
                  + " + "
                  + callOn(new Vec(b, a.minLength, a.maxLength, true)));
      default ->
          addToAcc(
              a.name
                  + "["
                  + g.index(a)
                  + "] * "
                  + b
                  + "["
                  + g.index(bVar)
                  + "] + "
                  + a.name
                  + "["
                  + g.index(a)
                  + "]");
    }
  }

  /**
   * {@code acc += (t[i] = e)}, {@code acc += (t[i] *= e)}, {@code double v = (t[0] = t[1] = e)}.
   */
  private void assignmentAsValue() {
    List<Var> owned = g.arrayVars(Ty.DOUBLE_ARRAY, true);
    if (owned.isEmpty()) {
      g.elementWrite(); // declares an owned array
      owned = g.arrayVars(Ty.DOUBLE_ARRAY, true);
      if (owned.isEmpty()) {
        return;
      }
    }
    Var t = any(owned);
    String element = t.name + "[" + g.index(t) + "]";
    switch (r.nextInt(5)) {
      case 0 -> addToAcc("(" + element + " = " + g.dbl(2) + ")");
      case 1 -> addToAcc("(" + element + " *= " + g.boundedFactor() + ")");
      case 2 -> addToAcc("(" + element + " += " + g.dbl(1) + ") * " + g.dbl(1));
      case 3 -> {
        StringBuilder chain = new StringBuilder();
        int n = 2 + r.nextInt(2);
        for (int k = 0; k < n; k++) {
          chain.append(t.name).append('[').append(g.index(t)).append("] = ");
        }
        String v = g.freshName("v");
        g.line("double " + v + " = (" + chain + g.dbl(2) + ");");
        g.observe(v);
        g.declare(new Var(v, Ty.DOUBLE, false));
        addToAcc(v + " + " + t.name + "[" + g.index(t) + "]");
      }
      default -> {
        Var d = g.pickVar(Ty.DOUBLE, true);
        if (d == null) {
          addToAcc("(" + element + " = " + g.dbl(2) + ")");
        } else {
          g.line(d.name + " = (" + element + " = " + g.dbl(2) + ");");
          g.observe(d.name);
        }
      }
    }
    g.observe(t.name);
  }

  /** {@code acc += f(...)} with a callee that takes arrays (the library's chains among them). */
  private void accCall() {
    List<MethodInfo> candidates = new ArrayList<>();
    for (MethodInfo m : g.earlier) {
      if (!m.vectorValued && takesArrays(m) && affordable(m) && g.canPassArrays(m)) {
        candidates.add(m);
      }
    }
    if (candidates.isEmpty()) {
      Vec v = vectorWithin(1, ProgramGenerator.MAX_LENGTH, false, 1);
      if (v != null) {
        addToAcc(callOn(v));
      }
      return;
    }
    MethodInfo m = any(candidates);
    g.current.callees.add(m);
    g.cost += m.cost * g.loopProduct;
    addToAcc(m.name + "(" + g.arguments(m, 1, false) + ")");
  }

  private static boolean takesArrays(MethodInfo m) {
    for (Param p : m.params) {
      if (p.type() == Ty.DOUBLE_ARRAY || p.type() == Ty.DOUBLE_MATRIX) {
        return true;
      }
    }
    return false;
  }

  private boolean affordable(MethodInfo m) {
    return m.cost * g.loopProduct <= ProgramGenerator.MAX_COST
        && g.cost + m.cost * g.loopProduct <= ProgramGenerator.MAX_COST;
  }

  // ------------------------------------------------------------ expressions

  /** A re-bindable double[] variable that no enclosing loop runs over, or null. */
  private Var rebindable() {
    List<Var> found = new ArrayList<>();
    for (Var v : g.arrayVars(Ty.DOUBLE_ARRAY, false)) {
      if (!v.readOnly && !loopedOver(v)) {
        found.add(v);
      }
    }
    return found.isEmpty() ? null : any(found);
  }

  private boolean loopedOver(Var v) {
    for (LengthLoop l : g.lengthLoops) {
      if (l.array() == v) {
        return true;
      }
    }
    return false;
  }

  /**
   * A scalar call with {@code v} as one of its array arguments, sometimes through a vector-valued
   * callee ({@code sum(step(v, w))}); the element {@code v[k]} times a factor if nothing fits.
   */
  private String callOn(Vec v) {
    if (r.nextInt(4) == 0) {
      Vec wrapped = wrap(v);
      if (wrapped != null) {
        v = wrapped;
      }
    }
    List<MethodInfo> candidates = new ArrayList<>();
    for (MethodInfo m : g.earlier) {
      if (m.vectorValued || !affordable(m)) {
        continue;
      }
      for (Param p : m.params) {
        if (p.type() == Ty.DOUBLE_ARRAY && p.minLength() <= v.min() && canPassOthers(m, p)) {
          candidates.add(m);
          break;
        }
      }
    }
    if (candidates.isEmpty()) {
      return v.text().contains("(")
          ? "0.5"
          : v.text() + "[" + r.nextInt(v.min()) + "] * " + g.dbl(1);
    }
    MethodInfo m = any(candidates);
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < m.params.size(); i++) {
      Param p = m.params.get(i);
      if (p.type() == Ty.DOUBLE_ARRAY && p.minLength() <= v.min() && canPassOthers(m, p)) {
        slots.add(i);
      }
    }
    return callWithSlot(m, any(slots), v.text());
  }

  /** A vector-valued call with {@code v} for the argument whose length the result has. */
  private Vec wrap(Vec v) {
    List<MethodInfo> fs = new ArrayList<>();
    for (MethodInfo f : library) {
      if (f.vectorValued
          && f.params.get(f.resultLengthOf).type() == Ty.DOUBLE_ARRAY
          && f.params.get(f.resultLengthOf).minLength() <= v.min()
          && affordable(f)
          && canPassOthers(f, f.params.get(f.resultLengthOf))) {
        fs.add(f);
      }
    }
    if (fs.isEmpty()) {
      return null;
    }
    MethodInfo f = any(fs);
    String text = callWithSlot(f, f.resultLengthOf, v.text());
    return new Vec(text, v.min(), v.max(), !f.mayReturnArgument || v.owned());
  }

  private boolean canPassOthers(MethodInfo m, Param except) {
    for (Param p : m.params) {
      if (p == except) {
        continue;
      }
      if (p.type() == Ty.DOUBLE_ARRAY && vectorCandidates(p.minLength()).isEmpty()) {
        return false;
      }
      if ((p.type() == Ty.DOUBLE_MATRIX || p.type() == Ty.INT_ARRAY || p.type() == Ty.FLOAT_ARRAY)
          && g.arraysFitting(p).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** A call of {@code m} with {@code text} for parameter {@code slot}, the rest generated. */
  private String callWithSlot(MethodInfo m, int slot, String text) {
    g.current.callees.add(m);
    g.cost += m.cost * g.loopProduct;
    StringBuilder args = new StringBuilder();
    for (int i = 0; i < m.params.size(); i++) {
      if (i > 0) {
        args.append(", ");
      }
      Param p = m.params.get(i);
      if (i == slot) {
        args.append(text);
      } else if (i == m.depthIndex) {
        args.append(r.nextInt(4));
      } else if (p.type() == Ty.DOUBLE_ARRAY) {
        args.append(arrayArgument(p));
      } else if (p.type() == Ty.DOUBLE_MATRIX
          || p.type() == Ty.INT_ARRAY
          || p.type() == Ty.FLOAT_ARRAY) {
        args.append(any(g.arraysFitting(p)).name);
      } else {
        args.append(g.expr(p.type(), 1));
      }
    }
    return m.name + "(" + args + ")";
  }

  /** A double[] argument for {@code p}: a variable, a row, or a vector-valued call. */
  String arrayArgument(Param p) {
    Vec v = vectorWithin(p.minLength(), ProgramGenerator.MAX_LENGTH, false, 1);
    if (v == null) {
      // canPassArrays said a variable fits
      return any(g.arraysFitting(p)).name;
    }
    return v.text();
  }

  /** The double[] variables and rows of length in [min, max] (owned ones if asked). */
  private List<Vec> vectorCandidates(int min, int max, boolean mustOwn) {
    List<Vec> found = new ArrayList<>();
    for (Var v : g.arrayVars(Ty.DOUBLE_ARRAY, false)) {
      if (v.minLength >= min && v.maxLength <= max && (v.owned || !mustOwn)) {
        found.add(new Vec(v.name, v.minLength, v.maxLength, v.owned));
      }
    }
    if (cols >= min && cols <= max) {
      for (Var m : matrices()) {
        if (m.owned || !mustOwn) {
          found.add(new Vec(m.name + "[" + g.index(m) + "]", cols, cols, m.owned));
        }
      }
    }
    return found;
  }

  private List<Vec> vectorCandidates(int min) {
    return vectorCandidates(min, ProgramGenerator.MAX_LENGTH, false);
  }

  /** Vector-valued callees whose result can have a length in [min, max] (owned if asked). */
  private List<MethodInfo> vectorCallees(int min, int max, boolean mustOwn, boolean fromVector) {
    List<MethodInfo> fs = new ArrayList<>();
    for (MethodInfo f : library) {
      if (!f.vectorValued || !affordable(f)) {
        continue;
      }
      Param q = f.params.get(f.resultLengthOf);
      if (q.type() == Ty.DOUBLE_MATRIX) {
        if (!fromVector
            && rows >= min
            && rows <= max
            && !matrices().isEmpty()
            && canPassOthers(f, q)) {
          fs.add(f);
        }
      } else if (canPassOthers(f, q)) {
        fs.add(f);
      }
    }
    return fs;
  }

  /**
   * A double[] expression whose length is within [min, max] (and that the method may write, if
   * {@code mustOwn}): a variable, a row, or (depth permitting) a call of a vector-valued callee.
   */
  private Vec vectorWithin(int min, int max, boolean mustOwn, int depth) {
    List<Vec> plain = vectorCandidates(min, max, mustOwn);
    if (depth > 0 && (plain.isEmpty() || r.nextInt(3) == 0)) {
      List<MethodInfo> fs = vectorCallees(min, max, mustOwn, false);
      while (!fs.isEmpty()) {
        MethodInfo f = fs.remove(r.nextInt(fs.size()));
        Param q = f.params.get(f.resultLengthOf);
        if (q.type() == Ty.DOUBLE_MATRIX) {
          String text = callWithSlot(f, f.resultLengthOf, any(g.arraysFitting(q)).name);
          return new Vec(text, rows, rows, true);
        }
        Vec inner =
            vectorWithin(
                Math.max(min, q.minLength()), max, mustOwn && f.mayReturnArgument, depth - 1);
        if (inner != null) {
          String text = callWithSlot(f, f.resultLengthOf, inner.text());
          return new Vec(text, inner.min(), inner.max(), !f.mayReturnArgument || inner.owned());
        }
      }
    }
    return plain.isEmpty() ? null : any(plain);
  }

  /** {@code m[i][j]} of a matrix in scope, or null. */
  String matrixElement() {
    List<Var> ms = matrices();
    if (ms.isEmpty()) {
      return null;
    }
    Var m = any(ms);
    return m.name + "[" + g.index(m) + "][" + r.nextInt(cols) + "]";
  }
}
