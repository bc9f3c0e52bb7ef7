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
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.read.DifferentiableSignature;
import java.util.ArrayList;
import java.util.List;

/**
 * Code shared by the writers of Jacobians and Hessians, which index a method's differentiated
 * inputs flattened in declaration order ({@code dev.adjoint.Flat}): reading a flat vector into one
 * argument per input, and writing per-input buffers back into a flat vector.
 */
final class FlatCode {
  static final ClassName FLAT = ClassName.get("dev.adjoint", "Flat");

  private FlatCode() {}

  /** The method's own parameters, for a method of the companion that takes the same ones. */
  static List<ParameterSpec> parameters(DifferentiableSignature s) {
    List<ParameterSpec> params = new ArrayList<>();
    for (int i = 0; i < s.parameterNames().size(); i++) {
      params.add(ParameterSpec.builder(type(s, i), s.parameterNames().get(i)).build());
    }
    return params;
  }

  static TypeName type(DifferentiableSignature s, int parameter) {
    return TypeName.get(s.parameterTypes().get(parameter));
  }

  /** A name generator with the method's parameter names taken. */
  static Names reserved(DifferentiableSignature s) {
    Names names = new Names();
    s.parameterNames().forEach(names::fresh);
    return names;
  }

  static int scalarCount(DifferentiableSignature s) {
    int n = 0;
    for (int i : s.differentiated()) {
      n += s.parameterKinds().get(i) == Kind.DOUBLE ? 1 : 0;
    }
    return n;
  }

  /** {@code n}: the size of the flattened inputs, as an expression over the parameters. */
  static CodeBlock size(DifferentiableSignature s) {
    int scalars = scalarCount(s);
    CodeBlock.Builder sum = CodeBlock.builder();
    if (scalars > 0 || scalars == s.differentiated().size()) {
      sum.add("$L", scalars);
    }
    for (int i : s.differentiated()) {
      if (s.parameterKinds().get(i) != Kind.DOUBLE) {
        sum.add(sum.isEmpty() ? "$T.size($N)" : "$W+ $T.size($N)", FLAT, s.parameterNames().get(i));
      }
    }
    return sum.build();
  }

  /**
   * "({@code x}, {@code y})": the differentiated inputs, as javadoc text for a JavaPoet format (a
   * name's {@code $} doubled).
   */
  static String inputs(DifferentiableSignature s) {
    List<String> names = new ArrayList<>();
    s.differentiated().forEach(i -> names.add(Fragment.escape(s.parameterNames().get(i))));
    return names.isEmpty() ? "no input" : "({@code " + String.join("}, {@code ", names) + "})";
  }

  /**
   * Declares {@code T name = Adjoint.zerosLike(parameter)}: a buffer of a parameter's shape (for a
   * tensor, a holder {@code Tensor[1]}).
   */
  static String zerosLike(
      MethodSpec.Builder method, DifferentiableSignature s, int parameter, String name) {
    if (s.parameterKinds().get(parameter) == Kind.TENSOR) {
      // A tensor parameter's adjoint buffer is a holder, null meaning zero.
      method.addStatement("$T[] $N = new $T[1]", CodeWriter.TENSOR, name, CodeWriter.TENSOR);
      return name;
    }
    method.addStatement(
        "$T $N = $T.zerosLike($N)",
        type(s, parameter),
        name,
        CodeWriter.ADJOINT,
        s.parameterNames().get(parameter));
    return name;
  }

  /**
   * Declares {@code offset} and reads {@code vector} into one tangent per differentiated input: an
   * element for a double, a new array for an array. Returns the arguments, in order.
   */
  static List<CodeBlock> unflatten(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      Names names,
      String vector,
      String offset) {
    method.addStatement("int $N = 0", offset);
    List<CodeBlock> args = new ArrayList<>();
    // One statement per input, in order: the reads advance offset.
    for (int i : s.differentiated()) {
      String dot = names.fresh(s.parameterNames().get(i) + "Dot");
      if (s.parameterKinds().get(i) == Kind.DOUBLE) {
        method.addStatement("double $N = $N[$N++]", dot, vector, offset);
      } else if (s.parameterKinds().get(i) == Kind.TENSOR) {
        method.addStatement(
            "$T $N = $T.read($N, $N, $N)",
            CodeWriter.TENSOR,
            dot,
            FLAT,
            vector,
            offset,
            s.parameterNames().get(i));
        method.addStatement("$N += $T.size($N)", offset, FLAT, s.parameterNames().get(i));
      } else {
        zerosLike(method, s, i, dot);
        method.addStatement("$N = $T.read($N, $N, $N)", offset, FLAT, vector, offset, dot);
      }
      args.add(CodeBlock.of("$N", dot));
    }
    return args;
  }

  /** {@code array[0]}, ..., {@code array[count - 1]}: the scalar inputs' results in a buffer. */
  static List<CodeBlock> slots(String array, int count) {
    List<CodeBlock> slots = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      slots.add(CodeBlock.of("$N[$L]", array, k));
    }
    return slots;
  }

  /**
   * Declares {@code offset} and writes the per-input results into {@code target} from 0, in
   * declaration order: the doubles' from {@code scalars}, one expression each, the arrays' from
   * their buffers.
   */
  static void flatten(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      CodeBlock target,
      String offset,
      List<CodeBlock> scalars,
      List<String> arrays) {
    method.addStatement("int $N = 0", offset);
    int slot = 0;
    int array = 0;
    for (int i : s.differentiated()) {
      if (s.parameterKinds().get(i) == Kind.DOUBLE) {
        method.addStatement("$L[$N++] = $L", target, offset, scalars.get(slot++));
      } else if (s.parameterKinds().get(i) == Kind.TENSOR) {
        // A tensor's buffer is a holder whose element 0 the pullback set (null: zero).
        method.addStatement(
            "$N = $T.write($N[0], $N, $L, $N)",
            offset,
            FLAT,
            arrays.get(array++),
            s.parameterNames().get(i),
            target,
            offset);
      } else {
        method.addStatement(
            "$N = $T.write($N, $L, $N)", offset, FLAT, arrays.get(array++), target, offset);
      }
    }
  }
}
