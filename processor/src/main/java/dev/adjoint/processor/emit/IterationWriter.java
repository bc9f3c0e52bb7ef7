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
import com.palantir.javapoet.MethodSpec;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.transform.ReverseMode.Iteration;
import dev.adjoint.processor.transform.Statements;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the iteration of a preaccumulated reduction loop ({@link Iteration}) as a private method
 * of the companion, which the forward sweep calls once per iteration.
 */
final class IterationWriter {
  private IterationWriter() {}

  /**
   * The method of one iteration.
   *
   * @param it the iteration
   * @param s the signature of the method whose loop it is
   * @param owner the class declaring that method
   * @param referenced collects the classes the code uses
   * @param own the companion's tape-taking methods, of which this is one if it uses the tape
   * @return {@code private static double fIteration(acc, ...)}, or {@code fIteration(tape, acc,
   *     ...)} when it uses the tape: the caller's
   */
  static MethodSpec method(
      Iteration it,
      DifferentiableSignature s,
      ClassName owner,
      Set<TypeRef> referenced,
      OwnSweeps own) {
    Names names = new Names();
    for (Var v : it.parameters()) {
      names.name(v);
    }
    for (Block b : List.of(it.forward(), it.reverse())) {
      Mentions.vars(b).stream().filter(v -> v.role() == Var.Role.LOCAL).forEach(names::name);
    }
    String tape = names.fresh("tape");
    boolean usesTape = usesTape(it);
    CodeWriter writer = new CodeWriter(names, tape, usesTape, own, it.forward(), it.reverse());
    Set<Var> seen = new LinkedHashSet<>(it.parameters());
    Set<Stmt> declarations = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Var> hoisted = new LinkedHashSet<>();
    CompanionWriter.declare(writer, it.forward(), seen, declarations, hoisted);
    CompanionWriter.declare(writer, it.reverse(), seen, declarations, hoisted);
    writer.declarations(declarations);

    String acc = names.name(it.accumulator());
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(it.name())
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(double.class);
    if (usesTape) {
      method.addParameter(CodeWriter.TAPE, tape);
    }
    for (Var v : it.parameters()) {
      method.addParameter(CodeWriter.typeName(v.kind()), names.name(v));
    }
    method.addJavadoc(
        "One iteration of the loop over {@code $N} in $L, preaccumulated: its forward sweep, then"
            + " its reverse sweep with the adjoint of {@code $N} set to 1, which adds the"
            + " iteration's partial derivatives into the loop's sums of adjoints"
            + " ({@code ...BarSum}); the reverse sweep multiplies those by the adjoint of"
            + " {@code $N}. Returns {@code $N} with the iteration's terms added. Its iterations"
            + " interact only through that sum, so each reverse sweep can run right after its"
            + " forward sweep and the tape never holds more than one iteration.\n",
        names.name(it.loopIndex()),
        CompanionWriter.link(s, owner),
        acc,
        acc,
        acc);
    CompanionWriter.declareDefaults(method, names, hoisted);
    method.addCode("// Forward sweep of the iteration.\n");
    method.addCode(writer.block(it.forward()));
    method.addCode("\n// Its reverse sweep, with the adjoint of $N 1.\n", acc);
    method.addCode(writer.block(it.reverse()));
    method.addStatement("return $N", acc);
    referenced.addAll(writer.referenced());
    return method.build();
  }

  /** Whether an iteration uses the tape: it then takes its caller's. */
  static boolean usesTape(Iteration it) {
    return usesTape(it.forward()) || usesTape(it.reverse());
  }

  /** Whether the statements push, pop, or call a pullback (which borrows the tape's scratch). */
  private static boolean usesTape(Block block) {
    return Statements.anyMatch(
        block,
        s -> s instanceof Stmt.Push || s instanceof Stmt.PullbackCall,
        x -> x instanceof Expr.Pop);
  }
}
