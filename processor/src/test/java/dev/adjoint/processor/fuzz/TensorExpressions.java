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

import dev.adjoint.processor.fuzz.ProgramGenerator.Param;
import dev.adjoint.processor.fuzz.ProgramGenerator.Ty;
import dev.adjoint.processor.fuzz.ProgramGenerator.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The tensor part of {@link ProgramGenerator#tensorProgram}: {@code Tensor} parameters, locals,
 * expressions of a known shape, and their reductions to {@code double}. Statements, control flow,
 * scalar expressions, calls and recursion are {@link ProgramGenerator}'s; it calls back here for
 * tensor statements, for tensor-valued leaves of double expressions ({@link #scalar}) and for
 * {@code Tensor} arguments of calls.
 *
 * <p>Every expression is generated for a shape (rank 0 to 3, dimensions 1 to 3) and is well-formed
 * for it: broadcasting operands are drawn from the shapes that broadcast to it ({@code [2, 3]} with
 * {@code [3]}, {@code [2, 1]}, {@code [1, 3]}, or {@code [2, 1]} with {@code [1, 3]}), reductions
 * along an axis from a shape with that axis inserted (or, with {@code keepDims}, widened), {@code
 * matmul} from an inner dimension of 1 to 3 (matrix times matrix, batched and unbatched in either
 * operand, and matrix times vector through {@code reshape}), {@code rows} and {@code concat} from
 * larger shapes, {@code transpose} and {@code reshape} from their sources' shapes.
 *
 * <p>The operations: {@code add sub mul div} with tensors (broadcast) and with doubles (active
 * ones, so that derivatives flow between doubles and tensors), {@code neg exp log tanh sigmoid relu
 * sqrt pow abs}, {@code softmax logSoftmax}, {@code sum mean max logSumExp} along an axis with and
 * without {@code keepDims}, {@code matmul transpose reshape broadcastTo rows}, {@code
 * Tensor.concat(axis, a, b)}, {@code Tensor.full}, {@code Tensor.vector} of doubles, {@code
 * Tensor.ones}/{@code zeros} scaled, {@code Tensor.scalar}, {@code Adjoint.detach}; reductions to
 * double by {@code sum() mean() dot item get} and the losses of {@code Losses} ({@code mseSum
 * mseMean bceWithLogits l2 softmaxCrossEntropy} with int[] labels; a loss's target is detached, as
 * it has no pullback).
 *
 * <p>Domains: {@code log} takes {@code u·u + 1}, {@code exp(u) + 1} or {@code sigmoid(u)}, {@code
 * sqrt} takes {@code u·u + 1} or {@code sigmoid(u) + 0.25} (not {@code sigmoid(u)}, which
 * underflows to 0, where the gradient of its square root is NaN), {@code exp} mostly takes a {@code
 * tanh}, divisors are {@code u·u + 1}, {@code exp(tanh(u))}, {@code sigmoid(u) + 0.5} or {@code |u|
 * + 1}, and {@code pow} with a non-integer (or active) exponent takes a positive base. Kinks
 * ({@code relu} and {@code abs} at 0, ties of {@code max}) are left to the checker: random
 * arguments rarely meet them, and where they do (exactly, through {@code detach}) the one-sided
 * differences of {@link GradientChecker} see it.
 */
final class TensorExpressions {
  /** Shapes of tensor parameters. */
  private static final int[][] PARAMETER_SHAPES = {
    {2, 3}, {3}, {2, 1}, {1, 3}, {3, 2}, {2}, {2, 2}, {3, 3}, {1}, {}, {2, 1, 3}, {2, 2, 3}
  };

  /** Nesting of tensor expressions inside double ones inside tensor ones: at most this deep. */
  private static final int MAX_NESTING = 2;

  private final ProgramGenerator g;
  private final Random r;
  private int nesting;

  TensorExpressions(ProgramGenerator g) {
    this.g = g;
    this.r = g.r;
  }

  // ------------------------------------------------------------------ shapes

  /** The dimensions as trailing arguments: {@code ", 2, 3"}, or nothing for a scalar's shape. */
  static String trailing(int[] shape) {
    return shape.length == 0 ? "" : ", " + dims(shape);
  }

  static String dims(int[] shape) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(shape[i]);
    }
    return out.toString();
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private int dim() {
    return 1 + r.nextInt(3);
  }

  /** A shape of rank 1 or 2 (rank 0 and 3 rarely). */
  private int[] randomShape() {
    int rank =
        switch (r.nextInt(12)) {
          case 0 -> 0;
          case 1 -> 3;
          case 2, 3, 4 -> 1;
          default -> 2;
        };
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = dim();
    }
    return s;
  }

  /** A shape of a tensor in scope (so that its variables get used), or a random one. */
  private int[] someShape() {
    List<Var> vars = g.varsOf(Ty.TENSOR);
    if (!vars.isEmpty() && r.nextInt(3) != 0) {
      return vars.get(r.nextInt(vars.size())).shape.clone();
    }
    return randomShape();
  }

  /**
   * A shape that broadcasts to {@code shape}: some dimensions set to 1, some leading 1s dropped.
   */
  private int[] narrowed(int[] shape) {
    int[] s = shape.clone();
    for (int i = 0; i < s.length; i++) {
      if (r.nextBoolean()) {
        s[i] = 1;
      }
    }
    return dropLeadingOnes(s);
  }

  private int[] dropLeadingOnes(int[] s) {
    int drop = 0;
    while (drop < s.length && s[drop] == 1 && r.nextBoolean()) {
      drop++;
    }
    return Arrays.copyOfRange(s, drop, s.length);
  }

  /** Two shapes that broadcast together to {@code shape}. */
  private int[][] broadcastPair(int[] shape) {
    switch (r.nextInt(4)) {
      case 0:
        return new int[][] {shape, shape};
      case 1:
        return new int[][] {shape, narrowed(shape)};
      case 2:
        return new int[][] {narrowed(shape), shape};
      default:
        {
          // Complementary, as [2, 1] with [1, 3].
          int[] a = shape.clone();
          int[] b = shape.clone();
          for (int i = 0; i < shape.length; i++) {
            switch (r.nextInt(3)) {
              case 0 -> a[i] = 1;
              case 1 -> b[i] = 1;
              default -> {}
            }
          }
          // Only one of them may lose leading dimensions, or the pair could broadcast to a lower
          // rank ([1, 3] from [1, 3] and [1, 1], both shortened).
          return r.nextBoolean()
              ? new int[][] {dropLeadingOnes(a), b}
              : new int[][] {a, dropLeadingOnes(b)};
        }
    }
  }

  // ------------------------------------------------------------------ parameters and statements

  /** Adds Tensor parameters (and sometimes labels) to a method's parameters. */
  void parameters(List<Param> params) {
    if (r.nextInt(3) == 0) {
      params.removeIf(p -> p.type() == Ty.DOUBLE);
    }
    int count = 1 + r.nextInt(3);
    for (int i = 0; i < count; i++) {
      int[] shape = PARAMETER_SHAPES[r.nextInt(PARAMETER_SHAPES.length)];
      params.add(new Param(Ty.TENSOR, "w" + i, 0, shape.clone()));
    }
    if (r.nextInt(4) == 0) {
      // labels[i] in [0, classes): for logits of shape [rows, classes].
      params.add(
          new Param(Ty.INT_ARRAY, "labels", 0, new int[] {2 + r.nextInt(2), 2 + r.nextInt(2)}));
    }
  }

  /** Whether a double expression being generated may contain a tensor reduction. */
  boolean canNest() {
    return nesting < MAX_NESTING;
  }

  /** The shape of a layer's result: a parameter's shape, so that layers chain. */
  int[] layerShape() {
    return PARAMETER_SHAPES[r.nextInt(PARAMETER_SHAPES.length)].clone();
  }

  /** {@code Tensor t = <expression>;} */
  void declaration() {
    int[] shape = someShape();
    String name = g.freshName("t");
    String init = tensor(shape, 2 + r.nextInt(2));
    g.line((r.nextInt(5) == 0 ? "var " : "Tensor ") + name + " = " + init + ";");
    g.observe(name);
    g.declare(new Var(name, Ty.TENSOR, false, shape));
  }

  /** A Tensor local or parameter reassigned, often from itself. */
  void assignment() {
    List<Var> targets = g.varsOf(Ty.TENSOR);
    targets.removeIf(v -> v.readOnly);
    if (targets.isEmpty()) {
      declaration();
      return;
    }
    Var v = targets.get(r.nextInt(targets.size()));
    int[] s = v.shape;
    String value =
        switch (r.nextInt(8)) {
          case 0, 1 -> tensor(s, 2 + r.nextInt(2));
          case 2 -> v.name + "." + pickOf("tanh", "sigmoid", "neg", "relu") + "()";
          // In a loop, a bounded factor: squaring again and again (x^16 after four trips) makes
          // chains so steep that the gradient's rounding (of a softmax over equal entries, say)
          // outgrows the tolerance, as the scalar generator's bounded factors avoid too.
          case 3 -> v.name + ".mul(" + v.name + (g.inLoop() ? ".tanh())" : ")");
          case 4 -> v.name + "." + pickOf("add", "sub", "mul") + "(" + tensor(narrowed(s), 1) + ")";
          case 5 ->
              v.name + ".mul(" + tensor(narrowed(s), 1) + "." + pickOf("tanh", "sigmoid") + "())";
          case 6 -> v.name + ".mul(" + g.boundedFactor() + ")";
          default -> unary(v.name, s, 1);
        };
    g.line(v.name + " = " + value + ";");
    g.observe(v.name);
  }

  /** {@code double v = <reduction of a tensor>;}; returns the name. */
  String reduction() {
    String name = g.freshName("v");
    g.line("double " + name + " = " + scalar(2) + ";");
    g.observe(name);
    g.declare(new Var(name, Ty.DOUBLE, false));
    return name;
  }

  // ------------------------------------------------------------------ expressions

  private String pickOf(String... options) {
    return options[r.nextInt(options.length)];
  }

  private int pick(int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    throw new AssertionError();
  }

  /** A double expression (the scalar generator's), counted as nested in a tensor expression. */
  private String dbl(int depth) {
    nesting++;
    try {
      return g.dbl(depth);
    } finally {
      nesting--;
    }
  }

  /** An axis of a tensor of rank {@code rank}, written from the start or from the end. */
  private String axis(int axis, int rank) {
    return r.nextInt(4) == 0 ? Integer.toString(axis - rank) : Integer.toString(axis);
  }

  /** A double computed from a tensor. */
  String scalar(int depth) {
    nesting++;
    try {
      return seen(scalarOf(depth));
    } finally {
      nesting--;
    }
  }

  /** {@code e} in parentheses, observed by the reference ({@link FuzzDetach#seen}). */
  private static String seen(String e) {
    return ProgramGenerator.SEEN + e + ")";
  }

  private String scalarOf(int depth) {
    g.chargeCost();
    int d = Math.max(0, depth - 1);
    List<Var> labels = g.varsOf(Ty.INT_ARRAY);
    labels.removeIf(v -> v.shape == null);
    int[] weights = {
      5, // sum()
      3, // mean()
      2, // dot
      1, // item
      3, // get
      2, // mseSum, mseMean
      1, // bceWithLogits
      1, // l2
      labels.isEmpty() ? 0 : 2, // softmaxCrossEntropy
    };
    switch (pick(weights)) {
      case 0:
        return tensor(someShape(), depth) + ".sum()";
      case 1:
        return tensor(someShape(), depth) + ".mean()";
      case 2:
        {
          int[] s = {dim()};
          return tensor(s, d) + ".dot(" + tensor(s, d) + ")";
        }
      case 3:
        {
          int[] s = new int[r.nextInt(3)];
          Arrays.fill(s, 1);
          return tensor(s, depth) + ".item()";
        }
      case 4:
        {
          int[] s = someShape();
          StringBuilder index = new StringBuilder();
          for (int i = 0; i < s.length; i++) {
            index.append(i > 0 ? ", " : "").append(r.nextInt(s[i]));
          }
          return tensor(s, depth) + ".get(" + index + ")";
        }
      case 5:
        {
          int[] s = someShape();
          return "Losses."
              + pickOf("mseSum", "mseMean")
              + "("
              + tensor(s, d)
              + ", "
              + ProgramGenerator.DETACH_SHORT
              + "("
              + tensor(s, 0)
              + "))";
        }
      case 6:
        {
          int[] s = someShape();
          return "Losses.bceWithLogits("
              + tensor(s, d)
              + ", "
              + ProgramGenerator.DETACH_SHORT
              + "("
              + tensor(s, 0)
              + ".sigmoid()))";
        }
      case 7:
        return "Losses.l2(" + tensor(someShape(), d) + ", " + dbl(1) + ")";
      default:
        {
          Var l = labels.get(r.nextInt(labels.size()));
          return "Losses.softmaxCrossEntropy(" + tensor(l.shape, d) + ", " + l.name + ")";
        }
    }
  }

  /** A Tensor expression of shape {@code shape}. */
  String tensor(int[] shape, int depth) {
    g.chargeCost();
    if (depth <= 0 || r.nextInt(6) == 0) {
      return leaf(shape);
    }
    return seen(compound(shape, depth));
  }

  private String compound(int[] shape, int depth) {
    int d = depth - 1;
    int rank = shape.length;
    boolean canWiden = rank < 3;
    int[] weights = {
      7, // add sub mul, broadcasting
      2, // div by a positive tensor
      4, // with a double
      7, // smooth element-wise function
      2, // relu, abs
      rank >= 1 ? 2 : 0, // softmax, logSoftmax
      canWiden ? 3 : 0, // reduction along an axis
      rank >= 1 ? 3 : 0, // matmul
      rank >= 2 ? 1 : 0, // transpose
      1, // reshape
      rank >= 1 ? 1 : 0, // rows
      hasSplittable(shape) ? 1 : 0, // concat
      1, // full, ones, zeros, scalar
      1, // detach
      1, // broadcastTo
      g.hasLayers() ? 4 : 0, // a call of a layer
    };
    int choice = pick(weights);
    if (choice == weights.length - 1) {
      String call = g.layerCall(shape, d);
      if (call != null) {
        return call;
      }
      // A layer of another shape: through a reduction, so that its result still flows on.
      int[] other = g.someLayerShape();
      String any = other == null ? null : g.layerCall(other, d);
      return any == null ? tensor(shape, d) : tensor(shape, d) + ".mul(" + any + ".tanh().mean())";
    }
    switch (choice) {
      case 0:
        {
          int[][] pair = broadcastPair(shape);
          return tensor(pair[0], d)
              + "."
              + pickOf("add", "sub", "mul")
              + "("
              + tensor(pair[1], d)
              + ")";
        }
      case 1:
        {
          int[][] pair = broadcastPair(shape);
          return tensor(pair[0], d) + ".div(" + positive(pair[1], d) + ")";
        }
      case 2:
        return switch (r.nextInt(4)) {
          case 0 -> tensor(shape, d) + ".mul(" + dbl(d) + ")";
          case 1 -> tensor(shape, d) + ".add(" + dbl(d) + ")";
          case 2 -> tensor(shape, d) + ".sub(" + dbl(d) + ")";
          default -> tensor(shape, d) + ".div(" + g.safeDenominator(d) + ")";
        };
      case 3:
        return unary(tensor(shape, d), shape, d);
      case 4:
        return tensor(shape, d) + "." + pickOf("relu", "abs") + "()";
      case 5:
        return tensor(shape, d)
            + "."
            + pickOf("softmax", "logSoftmax")
            + "("
            + axis(r.nextInt(rank), rank)
            + ")";
      case 6:
        return reduceAlongAxis(shape, d);
      case 7:
        return matmul(shape, d);
      case 8:
        {
          int[] s = shape.clone();
          s[rank - 1] = shape[rank - 2];
          s[rank - 2] = shape[rank - 1];
          return tensor(s, d) + ".transpose()";
        }
      case 9:
        return tensor(sameSize(shape), d) + ".reshape(" + dims(shape) + ")";
      case 10:
        {
          int[] s = shape.clone();
          int extra = r.nextInt(3);
          s[0] += extra;
          int from = r.nextInt(extra + 1);
          return tensor(s, d) + ".rows(" + from + ", " + (from + shape[0]) + ")";
        }
      case 11:
        return concat(shape, d);
      case 12:
        return created(shape, d);
      case 13:
        return ProgramGenerator.DETACH_SHORT + "(" + tensor(shape, d) + ")";
      default:
        return tensor(narrowed(shape), d) + ".broadcastTo(" + dims(shape) + ")";
    }
  }

  /**
   * A variable of this shape; else one made to fit ({@code transpose}, {@code broadcastTo}, a
   * broadcasting product with ones, {@code reshape}, a tensor filled with one of its reductions);
   * else a tensor built from a double.
   */
  private String leaf(int[] shape) {
    List<Var> exact = new ArrayList<>();
    List<Var> transposed = new ArrayList<>();
    List<Var> narrower = new ArrayList<>();
    List<Var> same = new ArrayList<>();
    List<Var> all = g.varsOf(Ty.TENSOR);
    for (Var v : all) {
      if (Arrays.equals(v.shape, shape)) {
        exact.add(v);
        continue;
      }
      if (broadcastsTo(v.shape, shape)) {
        narrower.add(v);
      }
      if (size(v.shape) == size(shape)) {
        same.add(v);
        if (shape.length == 2
            && v.shape.length == 2
            && v.shape[0] == shape[1]
            && v.shape[1] == shape[0]) {
          transposed.add(v);
        }
      }
    }
    if (!exact.isEmpty() && r.nextInt(10) < 8) {
      return exact.get(r.nextInt(exact.size())).name;
    }
    if (!transposed.isEmpty() && r.nextBoolean()) {
      return transposed.get(r.nextInt(transposed.size())).name + ".transpose()";
    }
    if (!narrower.isEmpty() && r.nextInt(3) != 0) {
      String v = narrower.get(r.nextInt(narrower.size())).name;
      return r.nextBoolean()
          ? v + ".broadcastTo(" + dims(shape) + ")"
          : "Tensor.ones(" + dims(shape) + ").mul(" + v + ")";
    }
    if (!same.isEmpty() && r.nextInt(3) != 0) {
      return same.get(r.nextInt(same.size())).name + ".reshape(" + dims(shape) + ")";
    }
    if (!all.isEmpty() && r.nextInt(3) != 0) {
      Var v = all.get(r.nextInt(all.size()));
      String scalar = r.nextBoolean() ? v.name + ".mean()" : v.name + ".sum()";
      return "Tensor.full(" + scalar + trailing(shape) + ")";
    }
    return created(shape, 0);
  }

  /** Whether a tensor of shape {@code from} broadcasts to {@code to} (NumPy's rules). */
  private static boolean broadcastsTo(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    for (int i = 1; i <= from.length; i++) {
      int f = from[from.length - i];
      if (f != 1 && f != to[to.length - i]) {
        return false;
      }
    }
    return true;
  }

  /** A tensor made from a double (which may carry a derivative). */
  private String created(int[] shape, int d) {
    if (shape.length == 0 && r.nextBoolean()) {
      return "Tensor.scalar(" + dbl(d) + ")";
    }
    if (shape.length == 1 && shape[0] <= 4 && r.nextInt(3) == 0) {
      // Varargs of doubles, each its own expression: Tensor.vector(a, b * c, 2.0).
      List<String> values = new ArrayList<>();
      for (int i = 0; i < shape[0]; i++) {
        values.add(dbl(d));
      }
      return "Tensor.vector(" + String.join(", ", values) + ")";
    }
    return switch (r.nextInt(4)) {
      case 0, 1 -> "Tensor.full(" + dbl(d) + trailing(shape) + ")";
      case 2 -> "Tensor.ones(" + dims(shape) + ").mul(" + dbl(d) + ")";
      default -> "Tensor.zeros(" + dims(shape) + ").add(" + dbl(d) + ")";
    };
  }

  /** A tensor of this shape whose elements are positive and away from 0. */
  private String positive(int[] shape, int d) {
    String u = tensor(shape, d);
    return switch (r.nextInt(4)) {
      case 0 -> u + ".mul(" + u + ").add(1.0)";
      case 1 -> u + ".tanh().exp()";
      case 2 -> u + ".sigmoid().add(0.5)";
      default -> u + ".abs().add(1.0)";
    };
  }

  /** A smooth element-wise function of {@code u} (of shape {@code shape}), inside its domain. */
  private String unary(String u, int[] shape, int d) {
    return switch (r.nextInt(14)) {
      case 0, 1 -> u + ".neg()";
      case 2, 3 -> u + ".tanh()";
      case 4 -> u + ".sigmoid()";
      case 5 -> u + ".tanh().exp()";
      case 6 -> d == 0 ? u + ".exp()" : u + ".mul(0.5).tanh().exp()";
      case 7 -> u + ".mul(" + u + ").add(1.0).log()";
      case 8 -> r.nextBoolean() ? u + ".exp().add(1.0).log()" : u + ".sigmoid().log()";
      case 9 -> u + ".mul(" + u + ").add(1.0).sqrt()";
      // Not sigmoid(u).sqrt(): sigmoid underflows to 0 below -745, where sqrt' is +inf and
      // sigmoid' 0, so the gradient is NaN (as PyTorch's) while the function is smooth.
      case 10 -> u + ".sigmoid().add(0.25).sqrt()";
      case 11 -> u + ".pow(" + pickOf("2.0", "3.0", "2") + ")";
      case 12 -> u + ".sigmoid().pow(1.5)";
      default -> u + ".mul(" + u + ").add(1.0).pow(" + dbl(d) + ")";
    };
  }

  /**
   * {@code sum mean max logSumExp} along an axis, of a tensor with that axis inserted or widened.
   */
  private String reduceAlongAxis(int[] shape, int d) {
    String op = pickOf("sum", "mean", "max", "logSumExp");
    int k = 1 + r.nextInt(3);
    List<Integer> ones = new ArrayList<>();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == 1) {
        ones.add(i);
      }
    }
    if (!ones.isEmpty() && r.nextBoolean()) {
      // keepDims: the axis is kept with size 1.
      int axis = ones.get(r.nextInt(ones.size()));
      int[] s = shape.clone();
      s[axis] = k;
      return tensor(s, d) + "." + op + "(" + axis(axis, s.length) + ", true)";
    }
    int axis = r.nextInt(shape.length + 1);
    int[] s = new int[shape.length + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      s[i] = i == axis ? k : shape[j++];
    }
    return tensor(s, d)
        + "."
        + op
        + "("
        + axis(axis, s.length)
        + (r.nextBoolean() ? ", false" : "")
        + ")";
  }

  /** A matrix product of shape {@code shape} (rank 1 to 3). */
  private String matmul(int[] shape, int d) {
    int k = dim();
    int rank = shape.length;
    if (rank == 1) {
      // Matrix times vector: [n, k]·[k] through a [k, 1] column.
      return tensor(new int[] {shape[0], k}, d)
          + ".matmul("
          + tensor(new int[] {k}, d)
          + ".reshape("
          + k
          + ", 1)).reshape("
          + shape[0]
          + ")";
    }
    int m = shape[rank - 2];
    int n = shape[rank - 1];
    if (rank == 2) {
      return tensor(new int[] {m, k}, d) + ".matmul(" + tensor(new int[] {k, n}, d) + ")";
    }
    int b = shape[0];
    return switch (r.nextInt(3)) {
      case 0 -> tensor(new int[] {b, m, k}, d) + ".matmul(" + tensor(new int[] {k, n}, d) + ")";
      case 1 -> tensor(new int[] {m, k}, d) + ".matmul(" + tensor(new int[] {b, k, n}, d) + ")";
      default -> tensor(new int[] {b, m, k}, d) + ".matmul(" + tensor(new int[] {b, k, n}, d) + ")";
    };
  }

  private static boolean hasSplittable(int[] shape) {
    for (int s : shape) {
      if (s >= 2) {
        return true;
      }
    }
    return false;
  }

  /** {@code Tensor.concat(axis, a, b)} split along an axis of size 2 or more. */
  private String concat(int[] shape, int d) {
    List<Integer> axes = new ArrayList<>();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] >= 2) {
        axes.add(i);
      }
    }
    int axis = axes.get(r.nextInt(axes.size()));
    int first = 1 + r.nextInt(shape[axis] - 1);
    int[] a = shape.clone();
    int[] b = shape.clone();
    a[axis] = first;
    b[axis] = shape[axis] - first;
    return "Tensor.concat("
        + axis(axis, shape.length)
        + ", "
        + tensor(a, d)
        + ", "
        + tensor(b, d)
        + ")";
  }

  /** A shape with as many elements as {@code shape} (its factors regrouped, or 1s added). */
  private int[] sameSize(int[] shape) {
    List<Integer> factors = new ArrayList<>();
    for (int s : shape) {
      if (s > 1) {
        factors.add(s);
      }
    }
    java.util.Collections.shuffle(factors, r);
    List<Integer> out = new ArrayList<>();
    for (int f : factors) {
      if (!out.isEmpty() && r.nextInt(3) == 0 && out.get(out.size() - 1) * f <= 9) {
        out.set(out.size() - 1, out.get(out.size() - 1) * f);
      } else {
        out.add(f);
      }
    }
    while (out.size() < 3 && r.nextInt(3) == 0) {
      out.add(r.nextInt(out.size() + 1), 1);
    }
    if (out.size() > 3) {
      return shape.clone();
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
