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

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.transform.ReverseMode.Chunked;
import dev.adjoint.processor.transform.ReverseMode.Iteration;
import dev.adjoint.processor.transform.Statements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  private static final ClassName PARALLEL = ClassName.get("dev.adjoint", "Parallel");

  /**
   * The methods that run a chunked loop ({@link Chunked}): {@code fLoop}, which the forward sweep
   * calls in place of the loop, and {@code fChunk}, which runs one chunk's iterations.
   *
   * <p>The sum's value is the method's own, bit for bit: the loop adds to it once per iteration
   * ({@link Chunked}), so on one thread the chunks pass it on in order, and on several each
   * iteration, run from {@code -0.0} (which adding leaves every value as it is), returns its term,
   * and the terms are added in order afterwards. The sums of adjoints are added by chunks: chunk 0
   * into the loop's, each later chunk into sums of its own, added into the loop's in chunk order,
   * the same additions on any number of threads (a chunk's sums start at 0, and 0 + x is x).
   *
   * @param it the iteration, whose {@link Iteration#chunked} is not null
   * @param s the signature of the method whose loop it is
   * @param owner the class declaring that method
   * @param parallel whether the chunks may run on several threads: every {@code @Differentiable}
   *     method the iteration runs keeps no state
   * @return the two methods, {@code fLoop} first
   */
  static List<MethodSpec> chunks(
      Iteration it, DifferentiableSignature s, ClassName owner, boolean parallel) {
    Chunked c = it.chunked();
    boolean usesTape = usesTape(it);
    Names names = new Names();
    it.parameters().forEach(names::name);
    String tape = names.fresh("tape");
    String acc = names.name(it.accumulator());
    String index = names.name(it.loopIndex());
    String from = names.fresh("from");
    String to = names.fresh("to");
    String terms = names.fresh("terms");
    String chunks = names.fresh("chunks");
    String chunk = names.fresh("chunk");
    String end = names.fresh("end");
    List<Var> rest =
        it.parameters().stream().filter(v -> v != it.accumulator() && v != it.loopIndex()).toList();
    ClassName companion = ClassName.get(owner.packageName(), s.companion().simpleNames().get(0));
    Chunk call = new Chunk(usesTape, tape, from, to, terms, rest, names, companion, c.chunk());

    // fChunk(tape, acc, chunk, from, to, terms, rest...)
    MethodSpec.Builder chunkMethod =
        head(c.chunk(), usesTape, tape)
            .addParameter(double.class, acc)
            .addParameter(int.class, chunk)
            .addParameter(int.class, from)
            .addParameter(int.class, to)
            .addParameter(double[].class, terms);
    rest.forEach(v -> chunkMethod.addParameter(CodeWriter.typeName(v.kind()), names.name(v)));
    chunkMethod.addJavadoc(
        "Chunk {@code $N} of {@link #$N}: {@link #$N} for each {@code $N} of the chunk, in order."
            + " With {@code $N} null, each adds its term to {@code $N}, which it returns; otherwise"
            + " each stores its term at {@code $N[$N - $N]}, and {@code $N} is returned as it"
            + " came.\n",
        chunk,
        c.loop(),
        it.name(),
        index,
        terms,
        acc,
        terms,
        index,
        from,
        acc);
    chunkMethod.addStatement("int $N = $T.end($N, $N, $N)", end, PARALLEL, from, to, chunk);
    CodeBlock loopHead =
        CodeBlock.of(
            "for (int $N = $T.start($N, $N); $N < $N; $N++)",
            index,
            PARALLEL,
            from,
            chunk,
            index,
            end,
            index);
    chunkMethod.beginControlFlow("if ($N == null)", terms);
    chunkMethod.beginControlFlow("$L", loopHead);
    chunkMethod.addStatement(
        "$N = $L", acc, iterationCall(it, companion, usesTape, tape, acc, names));
    chunkMethod.endControlFlow();
    chunkMethod.addStatement("return $N", acc);
    chunkMethod.endControlFlow();
    chunkMethod.beginControlFlow("$L", loopHead);
    chunkMethod.addStatement(
        "$N[$N - $N] = $L",
        terms,
        index,
        from,
        iterationCall(it, companion, usesTape, tape, "-0.0", names));
    chunkMethod.endControlFlow();
    chunkMethod.addStatement("return $N", acc);

    // fLoop(tape, acc, from, to, rest...)
    MethodSpec.Builder loop =
        head(c.loop(), usesTape, tape)
            .addParameter(double.class, acc)
            .addParameter(int.class, from)
            .addParameter(int.class, to);
    rest.forEach(v -> loop.addParameter(CodeWriter.typeName(v.kind()), names.name(v)));
    loop.addJavadoc(
        "The loop over {@code $N} in $L, preaccumulated ({@link #$N}), from {@code $N} to {@code"
            + " $N} in chunks of {@link $T#GRAIN} iterations ({@link #$N}). Each chunk adds its"
            + " iterations' partial derivatives into sums of adjoints of its own, added in chunk"
            + " order, so the gradient is the same, bit for bit, on any number of threads; $L",
        index,
        CompanionWriter.link(s, owner),
        it.name(),
        from,
        to,
        PARALLEL,
        c.chunk(),
        c.termwise()
            ? CodeBlock.of(
                "{@code $N} gets each iteration's term in order, so its value is the method's,"
                    + " bit for bit.",
                acc)
            : CodeBlock.of(
                "{@code $N} gets chunk 0's terms, then each later chunk's sum, in order: the"
                    + " method's value up to the rounding of that association, the same on any"
                    + " number of threads.",
                acc));
    loop.addJavadoc(
        parallel
            ? " Chunk 0 runs on the calling thread, with the loop's arrays; with {@link"
                + " $T#setThreads} above 1, and where chunk 0 took long enough that the rest are"
                + " worth sharing out ({@link $T#sequential(int, long)}), the later chunks run on"
                + " that many threads, each with arrays of its own; otherwise one after the other"
                + " here, sharing one set of sums.\n"
            : " The chunks run on the calling thread, whatever {@link $T#setThreads} says: the"
                + " iteration runs a {@code @Differentiable} method that may keep state (it calls a"
                + " method that is not known to keep none).\n",
        parallel ? new Object[] {PARALLEL, PARALLEL} : new Object[] {PARALLEL});
    loop.addStatement("int $N = $T.chunks($N, $N)", chunks, PARALLEL, from, to);
    loop.beginControlFlow("if ($N == 0)", chunks);
    loop.addStatement("return $N", acc);
    loop.endControlFlow();
    // Chunk 0 here, into the loop's own arrays and sums, on one thread as on several.
    String started = names.fresh("started");
    if (parallel) {
      loop.addStatement("long $N = $T.nanoTime()", started, System.class);
    }
    loop.addStatement(
        "$N = $L",
        acc,
        call.of(
            CodeBlock.of("$N", tape), CodeBlock.of("$N", acc), CodeBlock.of("0"), false, Map.of()));
    loop.beginControlFlow("if ($N == 1)", chunks);
    loop.addStatement("return $N", acc);
    loop.endControlFlow();
    // The later chunks on the calling thread: one set of sums of their own, drained into the
    // loop's after each chunk.
    Map<Var, String> chunkSums = new LinkedHashMap<>();
    Map<Var, CodeBlock> own = new LinkedHashMap<>();
    for (Var sum : c.sums()) {
      chunkSums.put(sum, names.fresh(names.name(sum) + "Chunk"));
      own.put(sum, CodeBlock.of("$N", chunkSums.get(sum)));
    }
    CodeBlock.Builder sequential = CodeBlock.builder();
    // A lent buffer of sums (a method that creates no array) lends its chunks' too: one thread
    // allocates nothing.
    chunkSums.forEach(
        (sum, name) ->
            sequential.addStatement(
                "$L",
                c.lent()
                    ? CodeBlock.of(
                        "double[] $N = $T.lend($N.length)",
                        name,
                        CodeWriter.ADJOINT,
                        names.name(sum))
                    : zerosLike(sum, name, names)));
    sequential.beginControlFlow("for (int $N = 1; $N < $N; $N++)", chunk, chunk, chunks, chunk);
    sequential.addStatement(
        c.termwise() ? "$N = $L" : "$N += $L",
        acc,
        call.of(
            CodeBlock.of("$N", tape),
            c.termwise() ? CodeBlock.of("$N", acc) : CodeBlock.of("-0.0"),
            CodeBlock.of("$N", chunk),
            false,
            own));
    chunkSums.forEach(
        (sum, name) ->
            sequential.addStatement("$T.drain($N, $N)", CodeWriter.ADJOINT, names.name(sum), name));
    sequential.endControlFlow();
    if (c.lent()) {
      chunkSums
          .values()
          .forEach(name -> sequential.addStatement("$T.giveBack($N)", CodeWriter.ADJOINT, name));
    }
    sequential.addStatement("return $N", acc);
    if (!parallel) {
      loop.addCode(sequential.build());
      return List.of(loop.build(), chunkMethod.build());
    }
    loop.beginControlFlow(
        "if ($T.sequential($N, $T.nanoTime() - $N))", PARALLEL, chunks, System.class, started);
    loop.addCode(sequential.build());
    loop.endControlFlow();
    // The later chunks on the pool: each with arrays of its own, its sums kept for the ordered sum.
    String parts = names.fresh("parts");
    if (c.termwise()) {
      loop.addStatement("double[] $N = $T.terms($N, $N)", terms, PARALLEL, from, to);
    } else {
      loop.addStatement("double[] $N = new double[$N]", parts, chunks);
    }
    Map<Var, String> allSums = new LinkedHashMap<>();
    for (Var sum : c.sums()) {
      String name = names.fresh(names.name(sum) + "Chunks");
      allSums.put(sum, name);
      loop.addStatement(
          "$T $N = new double[$N][]$L",
          ArrayTypeName.of(CodeWriter.typeName(sum.kind())),
          name,
          chunks,
          sum.kind() == Kind.DOUBLE_ARRAY ? "" : "[]");
    }
    String worker = names.fresh("c");
    CodeBlock.Builder body = CodeBlock.builder();
    Map<Var, CodeBlock> fresh = new LinkedHashMap<>();
    for (Var v : c.scratch()) {
      fresh.put(v, CodeBlock.of("$T.zerosLike($N)", CodeWriter.ADJOINT, names.name(v)));
    }
    chunkSums.forEach(
        (sum, name) -> {
          body.addStatement("$L", zerosLike(sum, name, names));
          body.addStatement("$N[$N] = $N", allSums.get(sum), worker, name);
          fresh.put(sum, CodeBlock.of("$N", name));
        });
    CodeBlock tapeHere = CodeBlock.of("$T.get()", CodeWriter.TAPE);
    CodeBlock workerChunk = CodeBlock.of("$N", worker);
    if (c.termwise()) {
      body.addStatement(
          "$L",
          call.of(
              tapeHere,
              CodeBlock.of("0.0"), // unused: the chunk stores its terms
              workerChunk,
              true,
              fresh));
    } else {
      body.addStatement(
          "$N[$N] = $L",
          parts,
          worker,
          call.of(tapeHere, CodeBlock.of("-0.0"), workerChunk, false, fresh));
    }
    loop.addCode(
        "$T.run(\n$>$>1,\n$N,\n$N -> {\n$>$L$<});\n$<$<", PARALLEL, chunks, worker, body.build());
    String i = names.fresh("at");
    if (c.termwise()) {
      loop.beginControlFlow(
          "for (int $N = $T.GRAIN; $N < $N.length; $N++)", i, PARALLEL, i, terms, i);
      loop.addStatement("$N += $N[$N]", acc, terms, i);
      loop.endControlFlow();
    }
    loop.beginControlFlow("for (int $N = 1; $N < $N; $N++)", chunk, chunk, chunks, chunk);
    if (!c.termwise()) {
      loop.addStatement("$N += $N[$N]", acc, parts, chunk);
    }
    allSums.forEach(
        (sum, name) ->
            loop.addStatement(
                "$T.drain($N, $N[$N])", CodeWriter.ADJOINT, names.name(sum), name, chunk));
    loop.endControlFlow();
    loop.addStatement("return $N", acc);
    return List.of(loop.build(), chunkMethod.build());
  }

  /** {@code private static double name(Tape tape, ...}: the tape first, where the loop uses it. */
  private static MethodSpec.Builder head(String name, boolean usesTape, String tape) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(double.class);
    if (usesTape) {
      m.addParameter(CodeWriter.TAPE, tape);
    }
    return m;
  }

  /** {@code double[] sChunk = Adjoint.zerosLike(s)}. */
  private static CodeBlock zerosLike(Var sum, String name, Names names) {
    return CodeBlock.of(
        "$T $N = $T.zerosLike($N)",
        CodeWriter.typeName(sum.kind()),
        name,
        CodeWriter.ADJOINT,
        names.name(sum));
  }

  /** {@code fIteration(tape, acc, ...)} with the iteration's parameters by name. */
  private static CodeBlock iterationCall(
      Iteration it, ClassName companion, boolean usesTape, String tape, String acc, Names names) {
    List<CodeBlock> args = new ArrayList<>();
    if (usesTape) {
      args.add(CodeBlock.of("$N", tape));
    }
    for (Var v : it.parameters()) {
      args.add(v == it.accumulator() ? CodeBlock.of("$L", acc) : CodeBlock.of("$N", names.name(v)));
    }
    return CodeBlock.of("$T.$N($L)", companion, it.name(), CodeBlock.join(args, ",$W"));
  }

  /** Calls of {@code fChunk} from {@code fLoop}. */
  private record Chunk(
      boolean usesTape,
      String tape,
      String from,
      String to,
      String terms,
      List<Var> rest,
      Names names,
      ClassName companion,
      String method) {
    /** {@code Companion.fChunk(tape, acc, chunk, from, to, terms or null, rest...)}. */
    CodeBlock of(
        CodeBlock tapeArg,
        CodeBlock acc,
        CodeBlock chunk,
        boolean withTerms,
        Map<Var, CodeBlock> replaced) {
      List<CodeBlock> args = new ArrayList<>();
      if (usesTape) {
        args.add(tapeArg);
      }
      args.add(acc);
      args.add(chunk);
      args.add(CodeBlock.of("$N", from));
      args.add(CodeBlock.of("$N", to));
      args.add(withTerms ? CodeBlock.of("$N", terms) : CodeBlock.of("null"));
      rest.forEach(v -> args.add(replaced.getOrDefault(v, CodeBlock.of("$N", names.name(v)))));
      return CodeBlock.of("$T.$N($L)", companion, method, CodeBlock.join(args, ",$W"));
    }
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
