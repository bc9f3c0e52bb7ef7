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
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.DifferentiableSignature.Declared;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Typed gradient buffers: for a scalar method {@code f}, a class {@code FBuffers} with one public
 * field per differentiated parameter (per leaf of a record parameter, named as the flattened
 * parameter is), in declaration order, and {@code fPullback(<f's parameters>, double seed, FBuffers
 * into)}, which checks every buffer's shape against its parameter's at entry (naming both) and adds
 * the gradient times the seed into them. Buffers cannot be swapped: there is one typed object,
 * whose arrays are made from the parameters by {@code FBuffers.zerosLike}. The form with positional
 * buffers stays, for generated callers and the Spark module.
 */
final class TypedBuffers {
  private TypedBuffers() {}

  /** The buffers class. */
  static TypeSpec type(DifferentiableSignature s, ClassName buffers, ClassName owner) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(buffers.simpleName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "The gradient buffers of $L that {@link #$N} adds into: one field per"
                    + " differentiated parameter, in declaration order"
                    + (s.hasRecords()
                        ? " (a record's leaves each have one, named {@code record_component})"
                        : "")
                    + ". Arrays are made by {@link #zerosLike} in their parameters' shapes and"
                    + " added into in place; a {@code double} field is added to; a {@code Tensor}"
                    + " field starts {@code null} (zero) and is replaced by the sum. {@link"
                    + " #clear} sets everything back to zero without allocating.\n",
                CompanionWriter.link(s, owner),
                s.pullbackMethodName());
    int scalars = 0;
    int tensors = 0;
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE);
    MethodSpec.Builder clear =
        MethodSpec.methodBuilder("clear")
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("Sets every buffer to zero (a tensor's to {@code null}), in place.\n");
    MethodSpec.Builder zeros =
        MethodSpec.methodBuilder("zerosLike")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(buffers)
            .addJavadoc(
                "Buffers of zeros in the shapes of the differentiated parameters, which it takes"
                    + " in declaration order.\n");
    List<CodeBlock> ctorArgs = new ArrayList<>();
    for (Declared d : s.declared()) {
      if (RecordApi.differentiated(s, d)) {
        zeros.addParameter(TypeName.get(d.type()), d.name());
      }
    }
    for (int i : s.differentiated()) {
      String name = s.parameterNames().get(i);
      Kind kind = s.parameterKinds().get(i);
      TypeName t = TypeName.get(s.parameterTypes().get(i));
      String doc = "The gradient with respect to {@code " + s.sourceName(i) + "}.\n";
      if (kind == Kind.DOUBLE) {
        type.addField(
            FieldSpec.builder(TypeName.DOUBLE, name, Modifier.PUBLIC)
                .addJavadoc("$L", doc)
                .build());
        clear.addStatement("this.$N = 0.0", name);
        scalars++;
      } else if (kind == Kind.TENSOR) {
        type.addField(FieldSpec.builder(t, name, Modifier.PUBLIC).addJavadoc("$L", doc).build());
        clear.addStatement("this.$N = null", name);
        tensors++;
      } else {
        type.addField(
            FieldSpec.builder(t, name, Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("$L", doc)
                .build());
        ctor.addParameter(t, name).addStatement("this.$N = $N", name, name);
        if (kind == Kind.DOUBLE_MATRIX) {
          clear.beginControlFlow("for (double[] row : this.$N)", name);
          clear.addStatement("$T.fill(row, 0.0)", java.util.Arrays.class);
          clear.endControlFlow();
        } else {
          clear.addStatement("$T.fill(this.$N, 0.0)", java.util.Arrays.class, name);
        }
        ctorArgs.add(
            CodeBlock.of(
                "$T.zerosLike($L)",
                CodeWriter.ADJOINT,
                RecordApi.owner(s, i).shape() == null
                    ? CodeBlock.of("$N", name)
                    : RecordApi.read(s, i, RecordApi.owner(s, i).name())));
      }
    }
    if (scalars > 0) {
      type.addField(
          FieldSpec.builder(double[].class, "$scalars", Modifier.PRIVATE, Modifier.FINAL)
              .initializer("new double[$L]", scalars)
              .build());
    }
    if (tensors > 0) {
      type.addField(
          FieldSpec.builder(CodeWriter.TENSOR_HOLDERS, "$holders", Modifier.PRIVATE, Modifier.FINAL)
              .initializer("new $T[$L][1]", CodeWriter.TENSOR, tensors)
              .build());
    }
    List<Declared> records = new ArrayList<>();
    for (Declared d : s.declared()) {
      // A record parameter named like the class's own methods gets no view (it would clash).
      if (d.shape() != null
          && RecordApi.differentiated(s, d)
          && !List.of("clear", "zerosLike").contains(d.name())) {
        records.add(d);
      }
    }
    if (records.isEmpty()) {
      zeros.addStatement("return new $T($L)", buffers, CodeBlock.join(ctorArgs, ",$W"));
    } else {
      // The records zerosLike was given: their data components (sizes, flags) for the views.
      String made = "buffers";
      zeros.addStatement(
          "$T $N = new $T($L)", buffers, made, buffers, CodeBlock.join(ctorArgs, ",$W"));
      for (Declared d : records) {
        type.addField(
            FieldSpec.builder(TypeName.get(d.type()), "$" + d.name(), Modifier.PRIVATE).build());
        zeros.addStatement("$N.$N = $N", made, "$" + d.name(), d.name());
        type.addMethod(recordView(s, d));
      }
      zeros.addStatement("return $N", made);
    }
    return type.addMethod(ctor.build()).addMethod(zeros.build()).addMethod(clear.build()).build();
  }

  /**
   * {@code self()}: the buffers of a record parameter's leaves as a record of its type, to hand to
   * an optimizer's record step: the arrays are the buffers themselves, a tensor not yet added to is
   * zeros of its parameter's shape, and the data components are those of the record {@code
   * zerosLike} was given.
   */
  private static MethodSpec recordView(DifferentiableSignature s, Declared d) {
    TypeName record = TypeName.get(d.type());
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(d.name())
            .addModifiers(Modifier.PUBLIC)
            .returns(record)
            .addJavadoc(
                "The gradient with respect to {@code $L} added so far, as a {@code $L}, for an"
                    + " optimizer's record step: its arrays are these buffers (not copies), a"
                    + " tensor not yet added to is zeros of its parameter's shape, and its other"
                    + " components are those of the record {@link #zerosLike} was given.\n",
                s.isInstance() && d.self() ? "this" : d.name(),
                d.shape().type().getSimpleName());
    String template = "$" + d.name();
    java.util.Map<Integer, CodeBlock> leaves = new java.util.HashMap<>();
    for (int i = d.first(); i < d.first() + d.count(); i++) {
      String name = s.parameterNames().get(i);
      boolean differentiated = s.differentiated().contains(i);
      Kind kind = s.parameterKinds().get(i);
      if (!differentiated) {
        m.addStatement(
            "$T $N = $L",
            TypeName.get(s.parameterTypes().get(i)),
            name,
            RecordApi.read(s, i, "this." + template));
      } else if (kind == Kind.TENSOR) {
        leaves.put(
            i,
            CodeBlock.of(
                "$T.orZeros(this.$N, $L)",
                CodeWriter.TENSOR_ADJOINTS,
                name,
                RecordApi.read(s, i, "this." + template)));
      } else {
        leaves.put(i, CodeBlock.of("this.$N", name));
      }
    }
    return m.addStatement("return $L", RecordApi.component(s, d, leaves)).build();
  }

  /** {@code fPullback(<f's parameters>, double seed, FBuffers into)}. */
  static MethodSpec pullback(DifferentiableSignature s, ClassName buffers, ClassName owner) {
    Names names = FlatCode.reserved(s);
    s.declared().forEach(d -> names.fresh(d.name()));
    String seed = names.fresh("seed");
    String into = names.fresh("into");
    String method = s.pullbackMethodName();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(method)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(TypeName.DOUBLE)
            .addParameters(s.hasRecords() ? RecordApi.parameters(s) : FlatCode.parameters(s))
            .addParameter(TypeName.DOUBLE, seed)
            .addParameter(buffers, into)
            .addJavadoc(
                "Pullback of $L into typed buffers: adds {@code $N} times the partial derivative"
                    + " with respect to each differentiated parameter into its field of {@code"
                    + " $N}, and returns the value. Every buffer's shape is checked against its"
                    + " parameter's first: a mismatch throws {@link IllegalArgumentException} naming"
                    + " the parameter and both shapes, before anything runs.\n\n<p>Allocates"
                    + " nothing beyond what the form with positional buffers, which it calls,"
                    + " allocates.\n",
                CompanionWriter.link(s, owner),
                seed,
                into);
    if (s.hasRecords()) {
      RecordApi.bindLeaves(s, m);
    }
    int scalars = 0;
    int tensors = 0;
    List<CodeBlock> bars = new ArrayList<>();
    List<CodeBlock> after = new ArrayList<>();
    for (int i : s.differentiated()) {
      String name = s.parameterNames().get(i);
      Kind kind = s.parameterKinds().get(i);
      if (kind == Kind.DOUBLE) {
        m.addStatement("$N.$$scalars[$L] = $N.$N", into, scalars, into, name);
        after.add(CodeBlock.of("$N.$N = $N.$$scalars[$L]", into, name, into, scalars));
        scalars++;
      } else if (kind == Kind.TENSOR) {
        m.addStatement(
            "$T.check($S, $S, $N.$N, $N)",
            CodeWriter.BUFFERS,
            method,
            s.sourceName(i),
            into,
            name,
            name);
        m.addStatement("$N.$$holders[$L][0] = $N.$N", into, tensors, into, name);
        bars.add(CodeBlock.of("$N.$$holders[$L]", into, tensors));
        after.add(CodeBlock.of("$N.$N = $N.$$holders[$L][0]", into, name, into, tensors));
        tensors++;
      } else {
        m.addStatement(
            "$T.check($S, $S, $N.$N, $N)",
            CodeWriter.BUFFERS,
            method,
            s.sourceName(i),
            into,
            name,
            name);
        bars.add(CodeBlock.of("$N.$N", into, name));
      }
    }
    List<CodeBlock> args = new ArrayList<>();
    s.parameterNames().forEach(p -> args.add(CodeBlock.of("$N", p)));
    args.add(CodeBlock.of("$N", seed));
    if (scalars > 0) {
      args.add(CodeBlock.of("$N.$$scalars", into));
    }
    args.addAll(bars);
    String value = names.fresh("value");
    m.addStatement("double $N = $N($L)", value, method, CodeBlock.join(args, ",$W"));
    after.forEach(m::addStatement);
    return m.addStatement("return $N", value).build();
  }
}
