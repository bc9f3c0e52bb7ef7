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
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Krastanov's "Second Method: We can do it symbolically!": the logistic map x -> 4x(1 - x) applied
 * n times. Its symbolic derivative swells exponentially with n (the notebook plots sympy's {@code
 * count_ops}); the derivative code Adjoint generates grows linearly, because it names every
 * intermediate value instead of repeating it.
 *
 * <p>{@link #layers(double, int)} is the notebook's {@code repeated_layers(n)} as a loop over a run
 * time n; {@code layers1} ... {@code layers10} are the same map unrolled n times, so that the size
 * of each generated pullback can be measured in {@code ExpressionSwellAdjoint.java}.
 */
public final class ExpressionSwell {
  private ExpressionSwell() {}

  public static final int MAX_LAYERS = 10;

  /** The point at which the derivatives are evaluated. */
  public static final double X = 0.3;

  public static final String CHART = "expression-swell.png";

  /** The system property naming the folder of the generated sources (set by the build). */
  public static final String SOURCES_PROPERTY = "adjoint.generatedSources";

  /**
   * {@code [sympy.count_ops(repeated_layers(n).diff()) for n in range(1, 11)]}, the notebook's
   * measure, computed with sympy 1.14 (for reference; the sample counts its own expression trees).
   */
  public static final long[] SYMPY_COUNT_OPS = {
    2, 21, 82, 264, 768, 2096, 5472, 13824, 34048, 82176
  };

  /**
   * The notebook's repeated_layers(n) over a run-time n: n layers of the logistic map in a loop.
   * The reverse sweep is the loop run backwards.
   */
  @Differentiable
  public static double layers(double x, int n) {
    double v = x;
    for (int i = 0; i < n; i++) {
      v = 4 * v * (1 - v);
    }
    return v;
  }

  /** d layers(x, n)/dx in forward mode: the tangent t -> 4 (1 - 2v) t carried along the loop. */
  public static double layersForwardTangent(double x, int n) {
    double v = x;
    double t = 1;
    for (int i = 0; i < n; i++) {
      t = 4 * (1 - 2 * v) * t;
      v = 4 * v * (1 - v);
    }
    return t;
  }

  // ---- the same map unrolled, one method per n ----

  /** 1 layer of the logistic map, unrolled. */
  @Differentiable
  public static double layers1(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    return v;
  }

  /** 2 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers2(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** 3 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers3(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** 4 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers4(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** 5 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers5(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** 6 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers6(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** 7 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers7(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** 8 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers8(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** 9 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers9(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** 10 layers of the logistic map, unrolled. */
  @Differentiable
  public static double layers10(double x) {
    double v = x;
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    v = 4 * v * (1 - v);
    return v;
  }

  /** The value of the unrolled method with n layers (1 to 10). */
  public static double unrolled(int n, double x) {
    switch (n) {
      case 1:
        return layers1(x);
      case 2:
        return layers2(x);
      case 3:
        return layers3(x);
      case 4:
        return layers4(x);
      case 5:
        return layers5(x);
      case 6:
        return layers6(x);
      case 7:
        return layers7(x);
      case 8:
        return layers8(x);
      case 9:
        return layers9(x);
      case 10:
        return layers10(x);
      default:
        throw new IllegalArgumentException("n = " + n);
    }
  }

  /** d/dx of the unrolled method with n layers, from its generated companion. */
  public static double unrolledDerivative(int n, double x) {
    switch (n) {
      case 1:
        return ExpressionSwellAdjoint.layers1Gradient(x).x();
      case 2:
        return ExpressionSwellAdjoint.layers2Gradient(x).x();
      case 3:
        return ExpressionSwellAdjoint.layers3Gradient(x).x();
      case 4:
        return ExpressionSwellAdjoint.layers4Gradient(x).x();
      case 5:
        return ExpressionSwellAdjoint.layers5Gradient(x).x();
      case 6:
        return ExpressionSwellAdjoint.layers6Gradient(x).x();
      case 7:
        return ExpressionSwellAdjoint.layers7Gradient(x).x();
      case 8:
        return ExpressionSwellAdjoint.layers8Gradient(x).x();
      case 9:
        return ExpressionSwellAdjoint.layers9Gradient(x).x();
      case 10:
        return ExpressionSwellAdjoint.layers10Gradient(x).x();
      default:
        throw new IllegalArgumentException("n = " + n);
    }
  }

  // ---- symbolic differentiation, with a small expression tree ----

  /** An expression in x: the tree a computer-algebra system builds and differentiates. */
  public interface Expr {}

  public record Var() implements Expr {}

  public record Const(double value) implements Expr {}

  public record Add(Expr a, Expr b) implements Expr {}

  public record Sub(Expr a, Expr b) implements Expr {}

  public record Mul(Expr a, Expr b) implements Expr {}

  public record Neg(Expr a) implements Expr {}

  private static final Expr X_VAR = new Var();

  private static boolean is(Expr e, double c) {
    return e instanceof Const k && k.value() == c;
  }

  static Expr add(Expr a, Expr b) {
    if (is(a, 0)) {
      return b;
    }
    if (is(b, 0)) {
      return a;
    }
    if (a instanceof Const p && b instanceof Const q) {
      return new Const(p.value() + q.value());
    }
    return new Add(a, b);
  }

  static Expr sub(Expr a, Expr b) {
    if (is(b, 0)) {
      return a;
    }
    if (is(a, 0)) {
      return neg(b);
    }
    if (a instanceof Const p && b instanceof Const q) {
      return new Const(p.value() - q.value());
    }
    return new Sub(a, b);
  }

  static Expr mul(Expr a, Expr b) {
    if (is(a, 0) || is(b, 0)) {
      return new Const(0);
    }
    if (is(a, 1)) {
      return b;
    }
    if (is(b, 1)) {
      return a;
    }
    if (a instanceof Const p && b instanceof Const q) {
      return new Const(p.value() * q.value());
    }
    return new Mul(a, b);
  }

  static Expr neg(Expr a) {
    if (a instanceof Const p) {
      return new Const(-p.value());
    }
    if (a instanceof Neg n) {
      return n.a();
    }
    return new Neg(a);
  }

  /** The notebook's repeated_layers(n) as an expression: 4 v (1 - v), n times, starting at x. */
  public static Expr repeatedLayers(int n) {
    Expr v = X_VAR;
    for (int i = 0; i < n; i++) {
      v = mul(mul(new Const(4), v), sub(new Const(1), v));
    }
    return v;
  }

  /**
   * d/dx by the textbook rules (sum, difference, product), folding constants and dropping zeros and
   * ones, but without expanding or collecting terms. Subtrees are shared in memory (so this runs in
   * linear time), but a printed expression repeats each of them wherever it occurs.
   */
  public static Expr derivative(Expr e) {
    return derivative(e, new IdentityHashMap<>());
  }

  private static Expr derivative(Expr e, Map<Expr, Expr> memo) {
    Expr known = memo.get(e);
    if (known != null) {
      return known;
    }
    Expr d;
    if (e instanceof Var) {
      d = new Const(1);
    } else if (e instanceof Const) {
      d = new Const(0);
    } else if (e instanceof Add s) {
      d = add(derivative(s.a(), memo), derivative(s.b(), memo));
    } else if (e instanceof Sub s) {
      d = sub(derivative(s.a(), memo), derivative(s.b(), memo));
    } else if (e instanceof Mul m) {
      d = add(mul(derivative(m.a(), memo), m.b()), mul(m.a(), derivative(m.b(), memo)));
    } else if (e instanceof Neg n) {
      d = neg(derivative(n.a(), memo));
    } else {
      throw new IllegalArgumentException(String.valueOf(e));
    }
    memo.put(e, d);
    return d;
  }

  /**
   * The operations (+, -, *, unary -) of the expression written out as a tree, as sympy's {@code
   * count_ops} counts them: a shared subexpression counts each time it occurs.
   */
  public static long countOps(Expr e) {
    return countOps(e, new IdentityHashMap<>());
  }

  private static long countOps(Expr e, Map<Expr, Long> memo) {
    Long known = memo.get(e);
    if (known != null) {
      return known;
    }
    long n;
    if (e instanceof Add s) {
      n = 1 + countOps(s.a(), memo) + countOps(s.b(), memo);
    } else if (e instanceof Sub s) {
      n = 1 + countOps(s.a(), memo) + countOps(s.b(), memo);
    } else if (e instanceof Mul m) {
      n = 1 + countOps(m.a(), memo) + countOps(m.b(), memo);
    } else if (e instanceof Neg g) {
      n = 1 + countOps(g.a(), memo);
    } else {
      n = 0;
    }
    memo.put(e, n);
    return n;
  }

  /** Evaluates the expression at x (to check the symbolic derivative against Adjoint's). */
  public static double evaluate(Expr e, double x) {
    return evaluate(e, x, new IdentityHashMap<>());
  }

  private static double evaluate(Expr e, double x, Map<Expr, Double> memo) {
    Double known = memo.get(e);
    if (known != null) {
      return known;
    }
    double v;
    if (e instanceof Var) {
      v = x;
    } else if (e instanceof Const c) {
      v = c.value();
    } else if (e instanceof Add s) {
      v = evaluate(s.a(), x, memo) + evaluate(s.b(), x, memo);
    } else if (e instanceof Sub s) {
      v = evaluate(s.a(), x, memo) - evaluate(s.b(), x, memo);
    } else if (e instanceof Mul m) {
      v = evaluate(m.a(), x, memo) * evaluate(m.b(), x, memo);
    } else {
      v = -evaluate(((Neg) e).a(), x, memo);
    }
    memo.put(e, v);
    return v;
  }

  // ---- the size of the generated code ----

  /**
   * The size of one generated method: its lines (blank lines and comments left out) and characters.
   */
  public record CodeSize(int lines, int characters) {}

  /**
   * The folder of the generated sources: the system property, else target/ under the working
   * directory.
   */
  public static Path generatedSources() {
    String configured = System.getProperty(SOURCES_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path here = Path.of("target", "generated-sources", "annotations");
    return Files.isDirectory(here) ? here : Path.of("samples").resolve(here);
  }

  /** The generated ExpressionSwellAdjoint.java, or null when its source is not at hand. */
  public static Path generatedFile() {
    Path file = generatedSources().resolve("dev/adjoint/samples/ExpressionSwellAdjoint.java");
    return Files.isRegularFile(file) ? file : null;
  }

  /**
   * The size of the generated pullback of {@code layers<n>}, its two sweeps {@code
   * layers<n>Forward} and {@code layers<n>Reverse} together (which {@code layers<n>Pullback} runs
   * in turn), for n = 1 ... {@code MAX_LAYERS}, read from the generated source.
   */
  public static List<CodeSize> pullbackSizes(Path generated) {
    List<String> lines;
    try {
      lines = Files.readAllLines(generated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<CodeSize> sizes = new ArrayList<>();
    for (int n = 1; n <= MAX_LAYERS; n++) {
      CodeSize forward = methodSize(lines, "public static double layers" + n + "Forward(");
      CodeSize reverse = methodSize(lines, "public static void layers" + n + "Reverse(");
      sizes.add(
          new CodeSize(
              forward.lines() + reverse.lines(), forward.characters() + reverse.characters()));
    }
    return sizes;
  }

  /**
   * The size of the method whose declaration line contains {@code signature}, to its closing brace.
   */
  static CodeSize methodSize(List<String> lines, String signature) {
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(signature)) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      throw new IllegalStateException("No method " + signature + " in the generated source");
    }
    int depth = 0;
    int count = 0;
    int characters = 0;
    for (int i = start; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("//")) {
        count++;
        characters += line.length();
      }
      for (char c : line.toCharArray()) {
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      if (depth == 0 && line.contains("}")) {
        return new CodeSize(count, characters);
      }
    }
    throw new IllegalStateException("Unbalanced braces after " + signature);
  }

  /** The derivative's size for n = 1 ... MAX_LAYERS: symbolic operations and generated code. */
  public record Growth(long[] symbolicOps, List<CodeSize> generated) {}

  public static Growth growth() {
    long[] ops = new long[MAX_LAYERS];
    for (int n = 1; n <= MAX_LAYERS; n++) {
      ops[n - 1] = countOps(derivative(repeatedLayers(n)));
    }
    Path file = generatedFile();
    return new Growth(ops, file == null ? null : pullbackSizes(file));
  }

  /** Code size against n (log scale): the symbolic derivative against the generated pullback. */
  public static Path chart(Growth growth) {
    double[] n = new double[MAX_LAYERS];
    double[] ops = new double[MAX_LAYERS];
    double[] sympy = new double[MAX_LAYERS];
    double[] lines = new double[MAX_LAYERS];
    double[] characters = new double[MAX_LAYERS];
    for (int i = 0; i < MAX_LAYERS; i++) {
      n[i] = i + 1;
      ops[i] = growth.symbolicOps()[i];
      sympy[i] = SYMPY_COUNT_OPS[i];
      if (growth.generated() != null) {
        lines[i] = growth.generated().get(i).lines();
        characters[i] = growth.generated().get(i).characters();
      }
    }
    List<Charts.Line> series = new ArrayList<>();
    series.add(
        Charts.Line.withMarkers("symbolic derivative: operations (tree, this sample)", n, ops));
    series.add(
        Charts.Line.withMarkers("symbolic derivative: sympy count_ops (notebook)", n, sympy));
    if (growth.generated() != null) {
      series.add(Charts.Line.withMarkers("generated pullback: characters", n, characters));
      series.add(Charts.Line.withMarkers("generated pullback: lines", n, lines));
    }
    return Charts.write(
        new Charts.Spec(
            CHART,
            "Derivative of n layers of 4x(1-x): symbolic vs. generated code",
            "n (layers)",
            "size (log scale)",
            false,
            true),
        series);
  }

  public static void run(PrintStream out) {
    Report r = new Report(out);
    r.title(
        "Expression swell: n layers of x -> 4x(1 - x), symbolic vs. generated derivative",
        "Stefan Krastanov, \"Intro to Automatic Differentiation\" (symbolic)");
    r.code(ExpressionSwell.class, "layers", "layers2");
    r.blank();
    r.text("layers1 ... layers10 write out n = 1 ... 10 layers the same way, without the loop.");

    Growth growth = growth();
    r.section("The size of d/dx of n layers, n = 1 ... 10");
    r.printf("  %3s %12s %12s %16s %16s%n", "", "symbolic", "sympy", "generated", "generated");
    r.printf(
        "  %3s %12s %12s %16s %16s%n",
        "n", "operations", "count_ops", "pullback lines", "pullback chars");
    for (int n = 1; n <= MAX_LAYERS; n++) {
      CodeSize size = growth.generated() == null ? null : growth.generated().get(n - 1);
      r.printf(
          "  %3d %12d %12d %16s %16s%n",
          n,
          growth.symbolicOps()[n - 1],
          SYMPY_COUNT_OPS[n - 1],
          size == null ? "n/a" : Integer.toString(size.lines()),
          size == null ? "n/a" : Integer.toString(size.characters()));
    }
    r.text("symbolic: this sample's expression tree, differentiated by the textbook rules with");
    r.text("constants folded; sympy: the notebook's measure (sympy 1.14, for reference).");
    if (growth.generated() == null) {
      r.text("(The generated source was not found; set -D" + SOURCES_PROPERTY + "=<folder>.)");
    } else {
      CodeSize first = growth.generated().get(0);
      CodeSize last = growth.generated().get(MAX_LAYERS - 1);
      r.text(
          Report.fmt(
              "Each layer adds %d lines to the generated pullback (layers<n>Forward and Reverse); the symbolic",
              (last.lines() - first.lines()) / (MAX_LAYERS - 1)));
      r.text(
          Report.fmt(
              "derivative grows %.1fx per layer at n = 10: it repeats its subexpressions.",
              (double) growth.symbolicOps()[MAX_LAYERS - 1]
                  / growth.symbolicOps()[MAX_LAYERS - 2]));
    }

    r.section(Report.fmt("The same derivatives at x = %s", Report.num(X)));
    r.printf(
        "  %3s %14s %18s %18s %18s%n",
        "n", "value", "symbolic", "Adjoint, unrolled", "Adjoint, loop");
    for (int n = 1; n <= MAX_LAYERS; n++) {
      r.printf(
          "  %3d %14s %18s %18s %18s%n",
          n,
          Report.num(unrolled(n, X)),
          Report.num(evaluate(derivative(repeatedLayers(n)), X)),
          Report.num(unrolledDerivative(n, X)),
          Report.num(ExpressionSwellAdjoint.layersGradient(X, n).x()));
    }
    r.text("The loop layers(x, n) takes n at run time: its generated code has a fixed size,");
    r.text("and its reverse sweep runs the loop backwards n times.");
    r.chart(chart(growth));
  }
}
