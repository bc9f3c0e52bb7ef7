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
 * Writes a second-order method's Hessian-vector product and Hessian, over the differentiated inputs
 * flattened in declaration order ({@code dev.adjoint.Flat}). Both call the forward mode of the
 * pullback ({@code fPullbackJvp}): one call is one Hessian-vector product.
 */
final class SecondOrderWriter {

  private SecondOrderWriter() {}

  static List<MethodSpec> methods(DifferentiableSignature s, ClassName owner) {
    return List.of(hvp(s, owner), hessian(s, owner));
  }

  private static MethodSpec hvp(DifferentiableSignature s, ClassName owner) {
    Names names = FlatCode.reserved(s);
    String v = names.fresh("v");
    String offset = names.fresh("offset");
    String adjoint = names.fresh("adjoint");
    String adjointDot = names.fresh("adjointDot");
    String hv = names.fresh("hv");
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(s.hvpMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(double[].class)
            .addParameters(FlatCode.parameters(s))
            .addParameter(double[].class, v)
            .addJavadoc(
                "Hessian-vector product of $L: the Hessian with respect to "
                    + FlatCode.inputs(s)
                    + ", flattened in declaration order, times {@code $N}. Costs"
                    + " about as much as two gradients.\n",
                CompanionWriter.link(s, owner),
                v);
    method.addStatement("$T.checkSize($N, $L, $S)", FlatCode.FLAT, v, FlatCode.size(s), v);
    List<CodeBlock> dots = FlatCode.unflatten(method, s, names, v, offset);
    List<String> buffers = new ArrayList<>();
    List<String> barDots = new ArrayList<>();
    for (int i : s.differentiated()) {
      if (s.parameterKinds().get(i) != Kind.DOUBLE) {
        String name = s.parameterNames().get(i);
        buffers.add(FlatCode.zerosLike(method, s, i, names.fresh(name + "Bar")));
        barDots.add(FlatCode.zerosLike(method, s, i, names.fresh(name + "BarDot")));
        buffers.add(barDots.get(barDots.size() - 1));
      }
    }
    CodeBlock.Builder call = CodeBlock.builder();
    s.parameterNames().forEach(p -> call.add("$N,$W", p));
    dots.forEach(d -> call.add("$L,$W", d));
    call.add("1.0, 0.0");
    int scalars = FlatCode.scalarCount(s);
    if (scalars > 0) {
      method.addStatement("double[] $N = new double[$L]", adjoint, scalars);
      method.addStatement("double[] $N = new double[$L]", adjointDot, scalars);
      call.add(",$W$N,$W$N", adjoint, adjointDot);
    }
    buffers.forEach(b -> call.add(",$W$N", b));
    method.addStatement("$N($L)", s.pullbackJvpMethodName(), call.build());
    method.addStatement("double[] $N = new double[$N.length]", hv, v);
    FlatCode.flatten(
        method,
        s,
        CodeBlock.of("$N", hv),
        names.fresh("offset"),
        FlatCode.slots(adjointDot, FlatCode.scalarCount(s)),
        barDots);
    return method.addStatement("return $N", hv).build();
  }

  private static MethodSpec hessian(DifferentiableSignature s, ClassName owner) {
    Names names = FlatCode.reserved(s);
    String n = names.fresh("n");
    String hessian = names.fresh("hessian");
    String direction = names.fresh("direction");
    String j = names.fresh("j");
    CodeBlock.Builder args = CodeBlock.builder();
    s.parameterNames().forEach(p -> args.add("$N,$W", p));
    args.add("$N", direction);
    return MethodSpec.methodBuilder(s.hessianMethodName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(double[][].class)
        .addParameters(FlatCode.parameters(s))
        .addJavadoc(
            "The Hessian of $L with respect to "
                + FlatCode.inputs(s)
                + ", flattened in"
                + " declaration order: one Hessian-vector product per input, by forward over reverse"
                + " mode.\n",
            CompanionWriter.link(s, owner))
        .addStatement("int $N = $L", n, FlatCode.size(s))
        .addStatement("double[][] $N = new double[$N][]", hessian, n)
        .addStatement("double[] $N = new double[$N]", direction, n)
        .beginControlFlow("for (int $N = 0; $N < $N; $N++)", j, j, n, j)
        .addStatement("$N[$N] = 1.0", direction, j)
        .addStatement("$N[$N] = $N($L)", hessian, j, s.hvpMethodName(), args.build())
        .addStatement("$N[$N] = 0.0", direction, j)
        .endControlFlow()
        .addStatement("return $N", hessian)
        .build();
  }
}
