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
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.read.DifferentiableSignature;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a vector-valued method's {@code fJacobian}: rows are outputs, columns the differentiated
 * inputs flattened in declaration order ({@code dev.adjoint.Flat}). It chooses at run time between
 * one forward sweep per input ({@code fJvp}) and one reverse sweep per output ({@code fPullback}),
 * whichever needs fewer.
 */
final class JacobianWriter {

  private JacobianWriter() {}

  static MethodSpec method(DifferentiableSignature s, ClassName owner, boolean hasJvp) {
    Names names = FlatCode.reserved(s);
    String value = names.fresh("value");
    String m = names.fresh("m");
    String n = names.fresh("n");
    String jacobian = names.fresh("jacobian");
    CodeBlock.Builder args = CodeBlock.builder();
    for (int i = 0; i < s.parameterNames().size(); i++) {
      args.add(i == 0 ? "$N" : ",$W$N", s.parameterNames().get(i));
    }
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(s.jacobianMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(double[][].class)
            .addParameters(FlatCode.parameters(s))
            .addJavadoc(
                "The Jacobian of $L: row i holds the partial derivatives of output i with"
                    + " respect to "
                    + FlatCode.inputs(s)
                    + ", flattened in declaration order. Takes "
                    + (hasJvp
                        ? "one forward sweep per input or one reverse sweep per output, whichever is"
                            + " fewer."
                        : "one reverse sweep per output.")
                    + "\n",
                CompanionWriter.link(s, owner));
    method.addStatement("double[] $N = $L", value, RecordApi.primalCall(s, owner));
    method.addStatement("int $N = $N.length", m, value);
    method.addStatement("int $N = $L", n, FlatCode.size(s));
    method.addStatement("double[][] $N = new double[$N][$N]", jacobian, m, n);
    if (hasJvp) {
      method.beginControlFlow("if ($N <= $N)", n, m);
      forward(method, s, names, jacobian, n);
      method.nextControlFlow("else");
      reverse(method, s, names, jacobian, m);
      method.endControlFlow();
    } else {
      reverse(method, s, names, jacobian, m);
    }
    return method.addStatement("return $N", jacobian).build();
  }

  /** Column j: the JVP along the j-th flattened input. */
  private static void forward(
      MethodSpec.Builder method,
      DifferentiableSignature s,
      Names names,
      String jacobian,
      String n) {
    String direction = names.fresh("direction");
    String j = names.fresh("j");
    String offset = names.fresh("offset");
    String tangent = names.fresh("tangent");
    String i = names.fresh("i");
    method.addStatement("double[] $N = new double[$N]", direction, n);
    method.beginControlFlow("for (int $N = 0; $N < $N; $N++)", j, j, n, j);
    method.addStatement("$N[$N] = 1.0", direction, j);
    CodeBlock.Builder call = CodeBlock.builder();
    s.parameterNames().forEach(p -> call.add("$N,$W", p));
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
    method.addStatement("int $N", offset);
    FlatCode.flatten(method, s, CodeBlock.of("$N[$N]", jacobian, i), offset, adjoint, bars);
    method.addStatement("$N[$N] = 0.0", seed, i);
    method.endControlFlow();
  }
}
