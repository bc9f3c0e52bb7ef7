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
import dev.adjoint.processor.fuzz.ProgramGenerator.Ty;
import dev.adjoint.processor.fuzz.ProgramGenerator.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The scratch-buffer shapes of {@link ProgramGenerator#refillProgram}: what a to-be-recorded
 * analysis that skips the tape after a full refill of an array must get right (see {@code
 * docs/array-model.md}). Each shape is a loop over steps in which a buffer is
 *
 * <ol>
 *   <li>refilled: {@code for (int i = S; i < E; i++) buf[i] = e;} (or from {@code E - 1} down to S)
 *       with S 0 or 1 and E {@code buf.length}, {@code buf.length - 1}, {@code buf.length - t % 2}
 *       or {@code Math.min(buf.length, k + t)}, sometimes with an {@code if} around the store, a
 *       {@code break} or a {@code continue} in the loop, a second store of the element after a
 *       nonlinear read of it, and values that read the old contents ({@code buf[i] * c}, a
 *       neighbour);
 *   <li>updated once or twice: {@code +=}, {@code -=} or {@code *=} over a triangle ({@code for (i)
 *       for (j = i + 1 ..) buf[j] += c * buf[i]}, or {@code j < i}), over a subrange, or at one
 *       element, with values that may read the buffer itself; half the triangles packed, a
 *       coefficient {@code w[p % w.length]} per element at a position {@code p} stepped once per
 *       element from a value set right before them;
 *   <li>read nonlinearly ({@code acc += buf[i] * buf[i]}, {@code sin(buf[i]) buf[i]}, or a callee
 *       of the program's library reading the whole buffer), sometimes also between the refill and
 *       the update.
 * </ol>
 *
 * Before a third of the shapes, one of GMM's components: a fresh array set from a parameter (and
 * half the time scaled element by element into a second, GMM's diagonal), a packed triangle added
 * into it, its squares summed ({@link #packedComponent}). The packed shapes draw from a stream of
 * their own, so that the rest of a seed's programs stay as they were.
 *
 * <p>The buffer is allocated before the loop (refilled in every step) or inside it (fresh in every
 * step), and is read once more after the loop, or (a third of those allocated before it) not at all
 * outside the loop, so that the loop may be independent ({@code transform/IndependentLoops}: the
 * reverse sweep runs each step again). A second shape swaps two such buffers every step (the next
 * state refilled from the current one, a source term added with {@code +=} to part of it). The loop
 * over steps is an ordinary loop of the generator, so that the statements after the shape in its
 * body (branches, {@code break}, early returns, writes into the buffer) vary too.
 */
final class ScratchBuffers {
  private final ProgramGenerator g;
  private final ArrayShapes shapes;
  private final Random r;

  /** Draws the packed triangles' choices, apart from {@link #r}. */
  private final Random packing;

  ScratchBuffers(ProgramGenerator g, ArrayShapes shapes, Random packing) {
    this.g = g;
    this.shapes = shapes;
    this.r = g.r;
    this.packing = packing;
  }

  /** A buffer length: an array's in scope or a literal, with bounds, and an array to read. */
  private record Len(String text, int min, int max, Var source) {}

  private Len length() {
    List<Var> vs = g.arrayVars(Ty.DOUBLE_ARRAY, false);
    Var source = vs.isEmpty() ? null : vs.get(r.nextInt(vs.size()));
    if (source != null && r.nextBoolean()) {
      return new Len(source.name + ".length", source.minLength, source.maxLength, source);
    }
    int n = 2 + r.nextInt(4);
    return new Len(Integer.toString(n), n, n, source);
  }

  /** One shape (see the class comment). */
  void statement() {
    if (packing.nextInt(3) == 0) {
      packedComponent();
    }
    Len len = length();
    int steps = 2 + r.nextInt(2);
    // The inner loops run at most len.max times (a triangle len.max² / 2): as ArrayShapes does.
    if (g.loopProduct * steps * len.max() > ProgramGenerator.MAX_LOOP_PRODUCT) {
      shapes.statement(false);
      return;
    }
    if (r.nextInt(4) == 0) {
      swapped(len, steps);
    } else {
      refilled(len, steps);
    }
  }

  /**
   * One of GMM's components, drawn from {@link #packing} alone: a fresh array {@code q} set from a
   * parameter, a packed triangle added into it ({@code q[j] += w[p % w.length] * src[i % ...];
   * p++}) from a position set right before it (0, an enclosing loop's index, or that times the
   * array's length), then {@code acc += q[i] * q[i]}: a nest whose reverse iterations are
   * independent, with an induction variable ({@code transform/IterationOrder}).
   */
  private void packedComponent() {
    List<Var> sources = new ArrayList<>();
    for (Var v : g.arrayVars(Ty.DOUBLE_ARRAY, false)) {
      if (v.minLength > 0) {
        sources.add(v);
      }
    }
    int n = 2 + packing.nextInt(3);
    if (sources.isEmpty() || g.loopProduct * n * n > ProgramGenerator.MAX_LOOP_PRODUCT) {
      return;
    }
    Var src = sources.get(packing.nextInt(sources.size()));
    Var w = sources.get(packing.nextInt(sources.size()));
    List<String> indices = new ArrayList<>();
    for (List<Var> scope : g.scopes) {
      for (Var v : scope) {
        if (v.type == Ty.INT && v.readOnly) {
          indices.add(v.name);
        }
      }
    }
    String q = g.freshName("q");
    String i = g.freshName("i");
    String j = g.freshName("j");
    String p = g.freshName("p");
    String at = src.name + "[" + i + " % " + src.name + ".length]";
    long saved = g.loopProduct;
    g.line("double[] " + q + " = new double[" + n + "];");
    g.line("for (int " + i + " = 0; " + i + " < " + q + ".length; " + i + "++) {");
    g.line("  " + q + "[" + i + "] = " + at + " - 0.5 * " + w.name + "[0];");
    g.line("}");
    if (packing.nextBoolean()) {
      // GMM's diagonal, into a second fresh array (whose reverse loop may merge with the
      // centring's)
      // at the same element or, a third of the time, at the next one (whose must not).
      String c = q;
      q = g.freshName("q");
      String element = packing.nextInt(3) == 0 ? "(" + i + " + 1) % " + c + ".length" : i;
      g.line("double[] " + q + " = new double[" + n + "];");
      g.line("for (int " + i + " = 0; " + i + " < " + q + ".length; " + i + "++) {");
      g.line(
          "  "
              + q
              + "["
              + i
              + "] = "
              + w.name
              + "["
              + i
              + " % "
              + w.name
              + ".length] * "
              + c
              + "["
              + element
              + "];");
      g.line("}");
    }
    String start =
        indices.isEmpty() || packing.nextBoolean()
            ? "0"
            : indices.get(packing.nextInt(indices.size()))
                + (packing.nextBoolean() ? "" : " * " + q + ".length");
    g.line("int " + p + " = " + start + ";");
    g.line("for (int " + i + " = 0; " + i + " < " + q + ".length; " + i + "++) {");
    g.line("  for (int " + j + " = " + i + " + 1; " + j + " < " + q + ".length; " + j + "++) {");
    g.line(
        "    "
            + q
            + "["
            + j
            + "] += "
            + w.name
            + "["
            + p
            + " % "
            + w.name
            + ".length] * "
            + at
            + ";");
    g.line("    " + p + "++;");
    g.line("  }");
    g.line("}");
    g.loopProduct *= n * n;
    g.chargeCost();
    g.loopProduct = saved;
    g.line("for (int " + i + " = 0; " + i + " < " + q + ".length; " + i + "++) {");
    g.line("  " + shapes.accumulator() + " += " + q + "[" + i + "] * " + q + "[" + i + "];");
    g.line("}");
    g.observe(shapes.accumulator());
  }

  /** A buffer refilled, updated and read in every step (see the class comment). */
  private void refilled(Len len, int steps) {
    String buf = g.freshName("buf");
    Var bufVar = new Var(buf, Ty.DOUBLE_ARRAY, true, len.min(), len.max(), true);
    boolean inside = r.nextInt(4) == 0;
    // A buffer nothing outside the loop mentions but its allocation: the loop may be independent.
    boolean independent = !inside && r.nextInt(3) == 0;
    String allocation = "double[] " + buf + " = new double[" + len.text() + "];";
    if (independent) {
      g.line(allocation);
    } else if (!inside) {
      g.line(allocation);
      if (r.nextBoolean()) {
        // Some refill the zeros of the allocation first; others start from values set here.
        String i = g.freshName("i");
        g.line("for (int " + i + " = 0; " + i + " < " + buf + ".length; " + i + "++) {");
        g.indent++;
        g.line(buf + "[" + i + "] = " + value(len, i, null) + ";");
        g.indent--;
        g.line("}");
        g.observe(buf);
      }
      g.declare(bufVar);
    }
    // Sometimes inside a loop over points, like GMM's loops over (point, component).
    boolean points =
        g.loopProduct * 2 * steps * len.max() <= ProgramGenerator.MAX_LOOP_PRODUCT
            && r.nextInt(3) == 0;
    long saved = g.loopProduct;
    if (points) {
      String p = g.freshName("p");
      g.line("for (int " + p + " = 0; " + p + " < 2; " + p + "++) {");
      g.indent++;
      g.scopes.add(new ArrayList<>(List.of(new Var(p, Ty.INT, true))));
      g.loopProduct *= 2;
    }
    Loop loop = g.newLoop();
    String t = g.freshName("t");
    g.line(
        g.labelPrefix(loop) + "for (int " + t + " = 0; " + t + " < " + steps + "; " + t + "++) {");
    g.scopes.add(new ArrayList<>(List.of(new Var(t, Ty.INT, true))));
    g.loopBody(
        loop,
        steps,
        () -> {
          if (inside) {
            g.line(allocation);
            g.declare(bufVar);
          } else if (independent) {
            g.declare(bufVar); // in the loop's scope: not read after it
          }
          refill(bufVar, len, t, null);
          if (r.nextInt(4) == 0) {
            read(bufVar);
          }
          int updates = 1 + r.nextInt(2);
          for (int k = 0; k < updates; k++) {
            update(bufVar, len, t, null);
          }
          read(bufVar);
        });
    g.scopes.remove(g.scopes.size() - 1);
    g.line("}");
    if (points) {
      g.loopProduct = saved;
      g.scopes.remove(g.scopes.size() - 1);
      g.indent--;
      g.line("}");
    }
    if (!inside && !independent) {
      read(bufVar);
    }
  }

  /**
   * Two buffers swapped every step: the next one refilled from the current one, updated on part of
   * it, read, then {@code tmp = cur; cur = nxt; nxt = tmp;}.
   */
  private void swapped(Len len, int steps) {
    String cur = g.freshName("cur");
    String nxt = g.freshName("nxt");
    g.line("double[] " + cur + " = new double[" + len.text() + "];");
    g.line("double[] " + nxt + " = new double[" + len.text() + "];");
    String i = g.freshName("i");
    g.line("for (int " + i + " = 0; " + i + " < " + cur + ".length; " + i + "++) {");
    g.indent++;
    g.line(cur + "[" + i + "] = " + value(len, i, null) + ";");
    g.indent--;
    g.line("}");
    g.observe(cur);
    // Read-only to the other statements: the two must keep one length.
    Var curVar = new Var(cur, Ty.DOUBLE_ARRAY, true, len.min(), len.max(), true);
    Var nxtVar = new Var(nxt, Ty.DOUBLE_ARRAY, true, len.min(), len.max(), true);
    g.declare(curVar);
    g.declare(nxtVar);
    Loop loop = g.newLoop();
    String t = g.freshName("t");
    g.line(
        g.labelPrefix(loop) + "for (int " + t + " = 0; " + t + " < " + steps + "; " + t + "++) {");
    g.scopes.add(new ArrayList<>(List.of(new Var(t, Ty.INT, true))));
    g.loopBody(
        loop,
        steps,
        () -> {
          refill(nxtVar, len, t, cur);
          update(nxtVar, len, t, cur);
          if (r.nextBoolean()) {
            read(nxtVar);
          }
          String tmp = g.freshName("tmp");
          g.line("double[] " + tmp + " = " + cur + ";");
          g.line(cur + " = " + nxt + ";");
          g.line(nxt + " = " + tmp + ";");
          read(curVar);
        });
    g.scopes.remove(g.scopes.size() - 1);
    g.line("}");
    read(curVar);
  }

  /** The refill loop (see the class comment); {@code from} is the current state of a swap. */
  private void refill(Var buf, Len len, String t, String from) {
    String b = buf.name;
    String i = g.freshName("i");
    int start = r.nextInt(4) == 0 ? 1 : 0;
    String end =
        switch (r.nextInt(6)) {
          case 0 -> b + ".length - 1";
          case 1 -> b + ".length - " + t + " % 2";
          case 2 -> "Math.min(" + b + ".length, " + (1 + r.nextInt(3)) + " + " + t + ")";
          default -> b + ".length";
        };
    if (r.nextInt(5) == 0) {
      // The same elements from the top down.
      g.line("for (int " + i + " = " + end + " - 1; " + i + " >= " + start + "; " + i + "--) {");
    } else {
      g.line("for (int " + i + " = " + start + "; " + i + " < " + end + "; " + i + "++) {");
    }
    g.indent++;
    g.scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
    g.lengthLoops.add(new LengthLoop(i, buf));
    long saved = g.loopProduct;
    g.loopProduct *= len.max();
    int jump = r.nextInt(8);
    String k = Integer.toString(r.nextInt(len.max() + 1));
    if (jump == 0) {
      g.line("if (" + i + " == " + k + " + " + t + ") {");
      g.line("  break;");
      g.line("}");
    } else if (jump == 1) {
      g.line("if ((" + i + " + " + t + ") % 3 == " + r.nextInt(3) + ") {");
      g.line("  continue;");
      g.line("}");
    }
    boolean guarded = jump == 2 || jump == 3;
    if (guarded) {
      String condition =
          jump == 2 ? "(" + i + " + " + t + ") % 2 == 0" : i + " != " + k + " || " + g.bool(1);
      g.line("if (" + condition + ") {");
      g.indent++;
    }
    g.chargeCost();
    String element = b + "[" + i + "]";
    g.line(element + " = " + value(len, i, from == null ? b : from) + ";");
    g.observe(b);
    if (r.nextInt(5) == 0) {
      // The element written twice, with a nonlinear read in between.
      shapes.addToAcc(element + " * " + element);
      g.line(element + " = Math.cos(" + element + ") + " + g.dbl(1) + ";");
      g.observe(b);
    }
    if (guarded) {
      g.indent--;
      g.line("}");
    }
    g.loopProduct = saved;
    g.lengthLoops.remove(g.lengthLoops.size() - 1);
    g.scopes.remove(g.scopes.size() - 1);
    g.indent--;
    g.line("}");
  }

  /**
   * A value for element {@code i}: from an array in scope, from scalars, or reading {@code old}
   * (the buffer's old contents, or the current state of a swap) at {@code i} or a neighbour.
   */
  private String value(Len len, String i, String old) {
    Var src = len.source();
    int choice = r.nextInt(old == null ? 3 : 5);
    return switch (choice) {
      case 0 ->
          src != null
              ? src.name + "[" + i + " % " + src.name + ".length] * " + g.dbl(1)
              : g.dbl(1) + " * (" + i + " + 1)";
      case 1 -> "Math.sin(" + g.dbl(1) + " + " + i + ")";
      case 2 -> g.dbl(2);
      case 3 -> old + "[" + i + "] * " + g.boundedFactor() + " + " + g.dbl(1);
      default ->
          "Math.tanh("
              + old
              + "[("
              + i
              + " + 1) % "
              + old
              + ".length] * "
              + g.dbl(1)
              + " + "
              + old
              + "["
              + i
              + "])";
    };
  }

  private String op() {
    return switch (r.nextInt(4)) {
      case 0 -> "-=";
      case 1 -> "*=";
      default -> "+=";
    };
  }

  /** A right-hand side for {@code op} into element {@code target} (a factor near 1 for *=). */
  private String rhs(String op, String target, String other, String from) {
    String term =
        switch (r.nextInt(4)) {
          case 0 -> "0.25 * " + other + " * " + g.dbl(1);
          case 1 -> "0.5 * Math.sin(" + target + ") * " + g.dbl(1);
          case 2 -> from != null ? "0.25 * " + from + "[0] * " + target : g.dbl(1);
          default -> "0.3 * " + other + " * " + target;
        };
    return op.equals("*=") ? "(1.0 + 0.5 * Math.tanh(" + term + "))" : term;
  }

  /** One update: a triangle, a subrange or one element (see the class comment). */
  private void update(Var buf, Len len, String t, String from) {
    String b = buf.name;
    String op = op();
    long saved = g.loopProduct;
    switch (r.nextInt(3)) {
      case 0 -> {
        String i = g.freshName("i");
        String j = g.freshName("j");
        boolean upper = r.nextBoolean();
        // Half the triangles take a coefficient per element from an array, at a position p that
        // steps through it (a packed triangle, GMM's Cholesky factor), from 0, the step's index or
        // a step's worth further.
        List<Var> sources = new ArrayList<>();
        for (Var v : g.arrayVars(Ty.DOUBLE_ARRAY, false)) {
          if (v.minLength > 0 && !v.name.equals(b)) {
            sources.add(v);
          }
        }
        Var coefficients =
            !sources.isEmpty() && packing.nextBoolean()
                ? sources.get(packing.nextInt(sources.size()))
                : null;
        String p = null;
        String factor = "";
        if (coefficients != null) {
          p = g.freshName("p");
          String c = coefficients.name;
          g.line(
              "int "
                  + p
                  + " = "
                  + switch (packing.nextInt(3)) {
                    case 0 -> "0";
                    case 1 -> t;
                    default -> t + " * " + b + ".length";
                  }
                  + ";");
          factor = c + "[" + p + " % " + c + ".length] * ";
        }
        g.line("for (int " + i + " = 0; " + i + " < " + b + ".length; " + i + "++) {");
        g.indent++;
        g.line(
            "for (int "
                + j
                + " = "
                + (upper
                    ? i + " + 1; " + j + " < " + b + ".length; "
                    : "0; " + j + " < " + i + "; ")
                + j
                + "++) {");
        g.indent++;
        g.loopProduct *= len.max() * len.max();
        g.scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true), new Var(j, Ty.INT, true))));
        g.lengthLoops.add(new LengthLoop(i, buf));
        g.lengthLoops.add(new LengthLoop(j, buf));
        g.chargeCost();
        String target = b + "[" + j + "]";
        String read =
            coefficients != null && packing.nextInt(3) > 0
                ? coefficients.name + "[" + i + " % " + coefficients.name + ".length]"
                : b + "[" + i + "]";
        String value = rhs(op, target, b + "[" + i + "]", from);
        if (p != null) {
          // The coefficient at p times the row's value, alone (the update linear in the target,
          // as GMM's is) or times the usual right-hand side.
          String term = factor + read;
          String packed = op.equals("*=") ? "(1.0 + 0.25 * Math.tanh(" + term + "))" : term;
          value = packing.nextBoolean() ? packed : packed + " * " + value;
        }
        g.line(target + " " + op + " " + value + ";");
        if (p != null) {
          g.line(p + "++;");
        }
        g.observe(b);
        g.lengthLoops.remove(g.lengthLoops.size() - 1);
        g.lengthLoops.remove(g.lengthLoops.size() - 1);
        g.scopes.remove(g.scopes.size() - 1);
        g.indent--;
        g.line("}");
        g.indent--;
        g.line("}");
      }
      case 1 -> {
        String i = g.freshName("i");
        int start = r.nextInt(3) == 0 ? 1 : 0;
        String end = r.nextBoolean() ? b + ".length" : b + ".length - 1";
        g.line("for (int " + i + " = " + start + "; " + i + " < " + end + "; " + i + "++) {");
        g.indent++;
        g.loopProduct *= len.max();
        g.scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
        g.lengthLoops.add(new LengthLoop(i, buf));
        g.chargeCost();
        String target = b + "[" + i + "]";
        String other = b + "[(" + i + " + 1) % " + b + ".length]";
        g.line(target + " " + op + " " + rhs(op, target, other, from) + ";");
        g.observe(b);
        g.lengthLoops.remove(g.lengthLoops.size() - 1);
        g.scopes.remove(g.scopes.size() - 1);
        g.indent--;
        g.line("}");
      }
      default -> {
        g.chargeCost();
        String target = b + "[" + g.index(buf) + "]";
        g.line(target + " " + op + " " + rhs(op, target, b + "[" + g.index(buf) + "]", from) + ";");
        g.observe(b);
      }
    }
    g.loopProduct = saved;
  }

  /** A nonlinear read of the whole buffer into the accumulator. */
  private void read(Var buf) {
    String b = buf.name;
    if (r.nextInt(3) == 0) {
      shapes.addReadOf(b, buf.minLength, buf.maxLength);
      return;
    }
    String i = g.freshName("i");
    g.line("for (int " + i + " = 0; " + i + " < " + b + ".length; " + i + "++) {");
    g.indent++;
    long saved = g.loopProduct;
    g.loopProduct *= buf.maxLength;
    String element = b + "[" + i + "]";
    shapes.addToAcc(
        switch (r.nextInt(3)) {
          case 0 -> element + " * " + element;
          case 1 -> "Math.sin(" + element + ") * " + element;
          default -> "Math.tanh(" + element + ") * " + g.dbl(0);
        });
    g.loopProduct = saved;
    g.indent--;
    g.line("}");
  }
}
