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
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.DifferentiableSignature.Declared;
import dev.adjoint.processor.read.RecordShape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The user-facing forms of a method that takes records (or is an instance method of one): they take
 * and return the records, while the methods that generated callers call ({@code fPullback}, {@code
 * fForward}, {@code fReverse}, and the flattened {@code fJvp}, {@code fHessian}, ...) take one
 * parameter per leaf, named {@link DifferentiableSignature#leafName}. Each record form reads the
 * leaves with the records' accessors and calls the flattened form; a gradient record is built with
 * the records' canonical constructors, its data components (an {@code int} size, a flag) copied
 * from the record passed in.
 */
final class RecordApi {
  private RecordApi() {}

  /** The parameters as the source declares them (the record first for an instance method). */
  static List<ParameterSpec> parameters(DifferentiableSignature s) {
    List<ParameterSpec> params = new ArrayList<>();
    for (Declared d : s.declared()) {
      params.add(ParameterSpec.builder(TypeName.get(d.type()), d.name()).build());
    }
    return params;
  }

  /** The declared parameter a flattened parameter is a leaf of. */
  static Declared owner(DifferentiableSignature s, int leaf) {
    for (Declared d : s.declared()) {
      if (leaf >= d.first() && leaf < d.first() + d.count()) {
        return d;
      }
    }
    throw new IllegalArgumentException("no parameter " + leaf);
  }

  /** {@code model.inner().w()}: how the record form reads the leaf {@code leaf} of {@code root}. */
  static CodeBlock read(DifferentiableSignature s, int leaf, String root) {
    Declared d = owner(s, leaf);
    CodeBlock.Builder b = CodeBlock.builder().add("$N", root);
    for (String component : d.paths().get(leaf - d.first())) {
      b.add(".$N()", component);
    }
    return b.build();
  }

  /** Declares each leaf of a record parameter as a local of its flattened name. */
  static void bindLeaves(DifferentiableSignature s, MethodSpec.Builder method) {
    for (Declared d : s.declared()) {
      if (d.shape() == null) {
        continue;
      }
      for (int i = d.first(); i < d.first() + d.count(); i++) {
        method.addStatement(
            "$T $N = $L",
            TypeName.get(s.parameterTypes().get(i)),
            s.parameterNames().get(i),
            read(s, i, d.name()));
      }
    }
  }

  /** Whether any leaf of {@code d} is differentiated. */
  static boolean differentiated(DifferentiableSignature s, Declared d) {
    return s.differentiated().stream().anyMatch(i -> i >= d.first() && i < d.first() + d.count());
  }

  /** The gradient's components, one per differentiated declared parameter. */
  static List<CodeBlock> gradientComponents(
      DifferentiableSignature s, Map<Integer, CodeBlock> leaves) {
    List<CodeBlock> out = new ArrayList<>();
    for (Declared d : s.declared()) {
      if (!differentiated(s, d)) {
        continue;
      }
      if (d.shape() == null) {
        out.add(leaves.get(d.first()));
      } else {
        int[] next = {d.first()};
        out.add(construct(s, d.shape(), leaves, next));
      }
    }
    return out;
  }

  /**
   * The record {@code d} (a record parameter) built from {@code leaves}: each differentiated leaf's
   * gradient, and each other leaf as the local named after its flattened parameter.
   */
  static CodeBlock component(
      DifferentiableSignature s, Declared d, Map<Integer, CodeBlock> leaves) {
    return construct(s, d.shape(), leaves, new int[] {d.first()});
  }

  /** {@code new Mlp(w1Gradient, ..., self$n)}: differentiated leaves' gradients, data copied. */
  private static CodeBlock construct(
      DifferentiableSignature s, RecordShape shape, Map<Integer, CodeBlock> leaves, int[] next) {
    List<CodeBlock> args = new ArrayList<>();
    for (RecordShape.Component c : shape.components()) {
      if (c.nested() != null) {
        args.add(construct(s, c.nested(), leaves, next));
      } else {
        int i = next[0]++;
        CodeBlock g = leaves.get(i);
        args.add(g != null ? g : CodeBlock.of("$N", s.parameterNames().get(i)));
      }
    }
    return CodeBlock.of("new $T($L)", ClassName.get(shape.type()), CodeBlock.join(args, ",$W"));
  }

  /** The gradient record's components: one per differentiated declared parameter, of its type. */
  static List<ParameterSpec> gradientRecordComponents(DifferentiableSignature s) {
    List<ParameterSpec> params = new ArrayList<>();
    for (Declared d : s.declared()) {
      if (differentiated(s, d)) {
        params.add(ParameterSpec.builder(TypeName.get(d.type()), d.name()).build());
      }
    }
    return params;
  }

  /**
   * The record form of a flattened public method of the companion ({@code fHessian}, {@code
   * fJacobian}, ...): the declared parameters, then {@code flat}'s parameters after the leaves;
   * with {@code tangents}, those are one tangent per differentiated leaf ({@code fJvp}), which the
   * record form takes as one tangent of each differentiated declared parameter's type (a record for
   * a record).
   */
  static MethodSpec forwarder(
      DifferentiableSignature s, MethodSpec flat, boolean tangents, String javadoc) {
    int n = s.parameterNames().size();
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(flat.name())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(flat.returnType())
            .addParameters(parameters(s))
            .addJavadoc("$L", javadoc);
    Set<String> used = new HashSet<>();
    s.declared().forEach(d -> used.add(d.name()));
    List<CodeBlock> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Declared d = owner(s, i);
      args.add(d.shape() == null ? CodeBlock.of("$N", d.name()) : read(s, i, d.name()));
    }
    List<ParameterSpec> extra = flat.parameters().subList(n, flat.parameters().size());
    if (!tangents) {
      for (ParameterSpec p : extra) {
        String name = fresh(used, p.name());
        method.addParameter(p.type(), name);
        args.add(CodeBlock.of("$N", name));
      }
    } else {
      int k = 0;
      for (Declared d : s.declared()) {
        if (!differentiated(s, d)) {
          continue;
        }
        String name = fresh(used, d.name() + "Dot");
        method.addParameter(TypeName.get(d.type()), name);
        for (int i : s.differentiated()) {
          if (i >= d.first() && i < d.first() + d.count()) {
            args.add(d.shape() == null ? CodeBlock.of("$N", name) : read(s, i, name));
            k++;
          }
        }
      }
      if (k != extra.size()) {
        throw new IllegalStateException(flat.name() + ": " + k + " tangents for " + extra.size());
      }
    }
    CodeBlock call = CodeBlock.of("$N($L)", flat.name(), CodeBlock.join(args, ",$W"));
    return method.addStatement("return $L", call).build();
  }

  /**
   * A call of the method itself from a flattened form: {@code Owner.f(a, b)}, or with each record
   * rebuilt from its leaves, {@code Owner.f(new Mlp(self_w1, ...), x)} and {@code new Mlp(self_w1,
   * ...).loss(x)}.
   */
  static CodeBlock primalCall(DifferentiableSignature s, ClassName owner) {
    List<CodeBlock> args = new ArrayList<>();
    int[] next = {0};
    for (Declared d : s.declared()) {
      args.add(
          d.shape() == null
              ? CodeBlock.of("$N", s.parameterNames().get(next[0]++))
              : rebuild(s, d.shape(), next));
    }
    if (s.isInstance()) {
      return CodeBlock.of(
          "$L.$N($L)", args.get(0), s.name(), CodeBlock.join(args.subList(1, args.size()), ",$W"));
    }
    return CodeBlock.of("$T.$N($L)", owner, s.name(), CodeBlock.join(args, ",$W"));
  }

  private static CodeBlock rebuild(DifferentiableSignature s, RecordShape shape, int[] next) {
    List<CodeBlock> parts = new ArrayList<>();
    for (RecordShape.Component c : shape.components()) {
      parts.add(
          c.nested() != null
              ? rebuild(s, c.nested(), next)
              : CodeBlock.of("$N", s.parameterNames().get(next[0]++)));
    }
    return CodeBlock.of("(new $T($L))", ClassName.get(shape.type()), CodeBlock.join(parts, ",$W"));
  }

  private static String fresh(Set<String> used, String name) {
    String n = name;
    for (int i = 2; !used.add(n); i++) {
      n = name + i;
    }
    return n;
  }
}
