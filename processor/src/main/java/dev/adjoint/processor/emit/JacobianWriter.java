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
package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.read.DifferentiableSignature;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a vector-valued method's {@code fJacobian}: rows are outputs, columns the differentiated
 * inputs flattened in declaration order ({@code dev.adjoint.Flat}). It chooses at run time between
 * one forward sweep per input ({@code fJvp}) and one reverse sweep per output, whichever needs
 * fewer. The reverse sweeps are calls of {@code fPullback}, or, when the pullback's reverse sweep
 * may run again ({@code ReverseReplay}), a loop over rows after one forward sweep, which {@link
 * CompanionWriter} writes with the pullback's own code and the pieces here. Each comes in two
 * public forms ({@link #forms}): one returns a new matrix, the other fills the caller's, so that a
 * loop over blocks (BA's observations) allocates none; the first calls the second with {@code
 * null}, so their code is one.
 */
final class JacobianWriter {

  private JacobianWriter() {}

  static List<MethodSpec> method(DifferentiableSignature s, ClassName owner, boolean hasJvp) {
    Names names = FlatCode.reserved(s);
    String into = names.fresh("into");
    MethodSpec.Builder method = builder(s, into);
    String value = names.fresh("value");
    method.addStatement("double[] $N = $L", value, RecordApi.primalCall(s, owner));
    Frame frame = frame(method, s, names, CodeBlock.of("$N.length", value), into);
    if (hasJvp) {
      method.beginControlFlow("if ($N <= $N)", frame.n, frame.m);
      forward(method, s, names, frame.jacobian, frame.n, s.parameterNames());
      method.nextControlFlow("else");
      reverse(method, s, names, frame.jacobian, frame.m);
      method.endControlFlow();
    } else {
      reverse(method, s, names, frame.jacobian, frame.m);
    }
    method.addStatement("return $N", frame.jacobian);
    return forms(s, description(s, owner, hasJvp, false, 0), method, into);
  }

  /**
   * The declaration of the form that takes the matrix, {@code into}, as its last parameter; the
   * body follows, then {@link #forms}.
   */
  static MethodSpec.Builder builder(DifferentiableSignature s, String into) {
    return head(s).addParameter(double[][].class, into);
  }

  /** {@code public static double[][] fJacobian(<the method's flattened parameters>}. */
  private static MethodSpec.Builder head(DifferentiableSignature s) {
    return MethodSpec.methodBuilder(s.jacobianMethodName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(double[][].class)
        .addParameters(FlatCode.parameters(s));
  }

  /**
   * The two public forms, from {@code body}, the form that fills {@code into}: the form that
   * returns a new matrix, which calls it with {@code null}, then it. {@code description} heads both
   * javadocs.
   */
  static List<MethodSpec> forms(
      DifferentiableSignature s, CodeBlock description, MethodSpec.Builder body, String into) {
    List<CodeBlock> types = new ArrayList<>();
    CodeBlock.Builder arguments = CodeBlock.builder();
    for (ParameterSpec p : FlatCode.parameters(s)) {
      types.add(CodeBlock.of("$T", p.type()));
      arguments.add("$N,$W", p.name());
    }
    CodeBlock without = CodeBlock.join(types, ", ");
    types.add(CodeBlock.of("$T", double[][].class));
    CodeBlock withMatrix = CodeBlock.join(types, ", ");
    MethodSpec allocating =
        head(s)
            .addJavadoc(description)
            .addJavadoc(
                "\n<p>Returns a new matrix; {@link #$N($L)} fills one you pass.\n",
                s.jacobianMethodName(),
                withMatrix)
            .addStatement("return $N($Lnull)", s.jacobianMethodName(), arguments.build())
            .build();
    MethodSpec filling =
        body.addJavadoc(description)
            .addJavadoc(
                "\n<p>Writes the Jacobian into {@code $N}, one row per output and one column per"
                    + " flattened input, and returns it; {@code null} makes a new matrix, as {@link"
                    + " #$N($L)} does. Every entry is overwritten. A matrix of another shape throws"
                    + " {@link IllegalArgumentException}, naming both shapes, before anything is"
                    + " written into it. Its rows must not be arrays the method reads.\n",
                into,
                s.jacobianMethodName(),
                without)
            .build();
    return List.of(allocating, filling);
  }

  /**
   * What the Jacobian holds and how it is computed. With {@code shared}, its reverse sweeps share
   * one forward sweep ({@link #openRows}); with {@code lanes} (the number of outputs), they are one
   * reverse sweep ({@link #openLanes}).
   */
  static CodeBlock description(
      DifferentiableSignature s, ClassName owner, boolean hasJvp, boolean shared, int lanes) {
    String reverse =
        lanes > 0
            ? "one forward sweep, then one reverse sweep that carries the adjoints of all "
                + lanes
                + " outputs at once"
            : shared
                ? "one forward sweep, then one reverse sweep per output from its values"
                : "one reverse sweep per output";
    return CodeBlock.of(
        "The Jacobian of $L: row i holds the partial derivatives of output i with"
            + " respect to "
            + FlatCode.inputs(s)
            + ", flattened in declaration order. Takes "
            + (hasJvp
                ? "one forward-mode sweep per input or " + reverse + ", whichever is fewer."
                : reverse + ".")
            + "\n",
        CompanionWriter.link(s, owner));
  }

  /** The Jacobian's dimensions and the matrix itself. */
  record Frame(String m, String n, String jacobian) {}

  /**
   * Declares {@code m} (the number of outputs, {@code rows}), {@code n} and the zero Jacobian: the
   * caller's matrix {@code into}, checked and cleared, or a new one.
   */
  private static Frame frame(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      Names names,
      CodeBlock rows,
      String into) {
    Frame frame = new Frame(names.fresh("m"), names.fresh("n"), names.fresh("jacobian"));
    method.addStatement("int $N = $L", frame.m, rows);
    method.addStatement("int $N = $L", frame.n, FlatCode.size(s));
    method.addStatement(
        "double[][] $N = $T.jacobian($S, $N, $N, $N)",
        frame.jacobian,
        BUFFERS,
        s.jacobianMethodName(),
        into,
        frame.m,
        frame.n);
    return frame;
  }

  private static final ClassName BUFFERS = ClassName.get("dev.adjoint", "Buffers");

  /** The loop over rows of a Jacobian whose reverse sweeps share one forward sweep. */
  record Rows(Frame frame, String row, String rowArray) {}

  /**
   * Declares where each differentiated input's columns start: an {@code int} per input after the
   * first, whose columns start at 0. Returns the names, null for the first.
   */
  static List<String> offsets(MethodSpec.Builder method, DifferentiableSignature s, Names names) {
    List<String> at = new ArrayList<>();
    CodeBlock next = null;
    for (int i : s.differentiated()) {
      String name = s.parameterNames().get(i);
      if (next == null) {
        at.add(null);
      } else {
        String offset = names.fresh(name + "At");
        method.addStatement("int $N = $L", offset, next);
        at.add(offset);
      }
      CodeBlock size =
          s.parameterKinds().get(i) == Kind.DOUBLE
              ? CodeBlock.of("1")
              : CodeBlock.of("$T.size($N)", FlatCode.FLAT, name);
      next =
          at.get(at.size() - 1) == null
              ? size
              : CodeBlock.of("$N + $L", at.get(at.size() - 1), size);
    }
    return at;
  }

  /**
   * After the shared forward sweep, which left the value in {@code value}: the Jacobian, the
   * forward-mode columns when they are fewer (from {@code arguments}: the values the method was
   * called with, which the forward sweep may have reassigned), and the head of the loop over rows,
   * which sets the row's unit seed and names the row {@code rowArray}. The reverse sweep follows,
   * then {@link #closeRows}.
   */
  static Rows openRows(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      Names names,
      CodeBlock value,
      boolean hasJvp,
      List<String> arguments,
      String seed,
      String rowArray,
      String into) {
    Frame frame =
        frameOrColumns(method, s, names, CodeBlock.of("$L.length", value), hasJvp, arguments, into);
    String row = names.fresh("row");
    method.addStatement("double[] $N = new double[$N]", seed, frame.m);
    method.addCode(
        "\n// Reverse sweep, once per output: a row of the Jacobian from its unit seed.\n");
    method.beginControlFlow("for (int $N = 0; $N < $N; $N++)", row, row, frame.m, row);
    method.addStatement("$N[$N] = 1.0", seed, row);
    method.addStatement("double[] $N = $N[$N]", rowArray, frame.jacobian, row);
    return new Rows(frame, row, rowArray);
  }

  /**
   * The Jacobian, and the forward-mode columns when they are fewer than the rows: written before
   * the forward sweep of a reverse sweep in lanes, whose number of rows is a constant.
   */
  static Frame openLanes(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      Names names,
      int count,
      boolean hasJvp,
      String into) {
    return frameOrColumns(
        method, s, names, CodeBlock.of("$L", count), hasJvp, s.parameterNames(), into);
  }

  /** Names each lane's row of the Jacobian: {@code jacobianRow0 = jacobian[0]}, and so on. */
  static List<String> laneRows(MethodSpec.Builder method, Names names, Frame frame, int count) {
    method.addCode(
        "\n// Reverse sweep, once for all $L outputs: each adjoint has one copy per output (its"
            + " lane),\n// named with the output's index; seed i is output i's unit vector.\n",
        count);
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      String row = names.fresh("jacobianRow" + r);
      method.addStatement("double[] $N = $N[$L]", row, frame.jacobian, r);
      rows.add(row);
    }
    return rows;
  }

  /** After the reverse sweep in lanes: moves each lane's adjoints into its row. */
  static void closeLanes(
      MethodSpec.Builder method, Frame frame, List<String> rows, List<List<Column>> columns) {
    for (int r = 0; r < rows.size(); r++) {
      moveColumns(method, rows.get(r), columns.get(r));
    }
    method.addStatement("return $N", frame.jacobian);
  }

  /**
   * The frame, then, with a JVP, the columns by forward mode when {@code n <= m}, from the JVP of
   * {@code arguments}: the method's arguments as it was called.
   */
  private static Frame frameOrColumns(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      Names names,
      CodeBlock rows,
      boolean hasJvp,
      List<String> arguments,
      String into) {
    Frame frame = frame(method, s, names, rows, into);
    if (hasJvp) {
      method.beginControlFlow("if ($N <= $N)", frame.n, frame.m);
      forward(method, s, names, frame.jacobian, frame.n, arguments);
      method.addStatement("return $N", frame.jacobian);
      method.endControlFlow();
    }
    return frame;
  }

  /**
   * Where one input's adjoints go at the end of a row: a double's from the expression {@code
   * scalar}, an array's from its {@code buffer} (moved, which clears it); neither for an array
   * whose adjoints the reverse sweep added into the row in place.
   */
  record Column(String at, CodeBlock scalar, String buffer) {}

  /** The end of a row: moves the adjoints into it, then resets the seed. */
  static void closeRows(MethodSpec.Builder method, Rows rows, List<Column> columns, String seed) {
    moveColumns(method, rows.rowArray, columns);
    method.addStatement("$N[$N] = 0.0", seed, rows.row);
    method.endControlFlow();
    method.addStatement("return $N", rows.frame.jacobian);
  }

  /** Moves an input's adjoints into {@code row}, input by input. */
  private static void moveColumns(MethodSpec.Builder method, String row, List<Column> columns) {
    for (Column c : columns) {
      CodeBlock at = c.at() == null ? CodeBlock.of("0") : CodeBlock.of("$N", c.at());
      if (c.scalar() != null) {
        method.addStatement("$N[$L] = $L", row, at, c.scalar());
      } else if (c.buffer() != null) {
        method.addStatement("$T.move($N, $N, $L)", FlatCode.FLAT, c.buffer(), row, at);
      }
    }
  }

  /** Column j: the JVP along the j-th flattened input. */
  private static void forward(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      Names names,
      String jacobian,
      String n,
      List<String> arguments) {
    String direction = names.fresh("direction");
    String j = names.fresh("j");
    String offset = names.fresh("offset");
    String tangent = names.fresh("tangent");
    String i = names.fresh("i");
    method.addStatement("double[] $N = new double[$N]", direction, n);
    method.beginControlFlow("for (int $N = 0; $N < $N; $N++)", j, j, n, j);
    method.addStatement("$N[$N] = 1.0", direction, j);
    CodeBlock.Builder call = CodeBlock.builder();
    arguments.forEach(p -> call.add("$N,$W", p));
    List<CodeBlock> dots = FlatCode.unflatten(method, s, names, direction, offset);
    for (int k = 0; k < dots.size(); k++) {
      call.add(k == 0 ? "$L" : ",$W$L", dots.get(k));
    }
    method.addStatement("double[] $N = $N($L).tangent()", tangent, s.jvpMethodName(), call.build());
    method.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, tangent, i);
    method.addStatement("$N[$N][$N] = $N[$N]", jacobian, i, j, tangent, i);
    method.endControlFlow();
    method.addStatement("$N[$N] = 0.0", direction, j);
    method.endControlFlow();
  }

  /** Row i: the pullback of the i-th unit cotangent. */
  private static void reverse(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      Names names,
      String jacobian,
      String m) {
    String seed = names.fresh("seed");
    String i = names.fresh("i");
    String adjoint = names.fresh("adjoint");
    String offset = names.fresh("offset");
    method.addStatement("double[] $N = new double[$N]", seed, m);
    method.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, m, i);
    method.addStatement("$N[$N] = 1.0", seed, i);
    CodeBlock.Builder call = CodeBlock.builder();
    s.parameterNames().forEach(p -> call.add("$N,$W", p));
    call.add("$N", seed);
    if (FlatCode.scalarCount(s) > 0) {
      method.addStatement("double[] $N = new double[$L]", adjoint, FlatCode.scalarCount(s));
      call.add(",$W$N", adjoint);
    }
    List<String> bars = new ArrayList<>();
    for (int k : s.differentiated()) {
      if (s.parameterKinds().get(k) != Kind.DOUBLE) {
        bars.add(FlatCode.zerosLike(method, s, k, names.fresh(s.parameterNames().get(k) + "Bar")));
        call.add(",$W$N", bars.get(bars.size() - 1));
      }
    }
    method.addStatement("$N($L)", s.pullbackMethodName(), call.build());
    FlatCode.flatten(
        method,
        s,
        CodeBlock.of("$N[$N]", jacobian, i),
        offset,
        FlatCode.slots(adjoint, FlatCode.scalarCount(s)),
        bars);
    method.addStatement("$N[$N] = 0.0", seed, i);
    method.endControlFlow();
  }
}
