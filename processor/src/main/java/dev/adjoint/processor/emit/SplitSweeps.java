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
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.transform.ReverseMode.Pullback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The pullback of a scalar or tensor method as two sweeps that a caller may run apart (split mode):
 * {@code fForward} runs the taped forward sweep, leaves on the tape the variables its reverse sweep
 * reads ({@link Pullback#snapshot()}) and returns the value; {@code fReverse} takes them back and
 * runs the reverse sweep. {@code fPullback} runs one, then the other.
 *
 * <p>A caller differentiated in split mode calls {@code fForward} where the original calls the
 * method, and {@code fReverse} alone in its reverse sweep, so a callee's forward sweep runs once
 * however deep calls nest: the gradient of a recursion of depth n takes time linear in n. Both
 * sweeps recurse as deep as the original. A sweep that runs other split sweeps (only such a one can
 * be part of a recursion) counts itself on the tape ({@code Tape.enter}), which moves the rest of a
 * recursion deeper than the calling thread's stack holds onto a thread with a larger stack ({@code
 * Tape.forwardDeeper}, {@code Tape.reverseDeeper}), so that a gradient completes every recursion
 * its original completes.
 *
 * <p>A method too long for one JVM method ({@link MethodSplitter}) keeps its pullback in joint
 * mode, and its {@code fForward} and {@code fReverse} save its arguments, run the original method,
 * and call that pullback.
 */
final class SplitSweeps {
  private SplitSweeps() {}

  /** Whether a method has split sweeps: a scalar or tensor method does. */
  static boolean has(CompanionWriter.Member m) {
    Kind result = m.pullback().primal().result().kind();
    return result == Kind.DOUBLE || result == Kind.TENSOR;
  }

  /** {@code fForward}, {@code fReverse} and {@code fPullback} of a scalar or tensor method. */
  static List<MethodSpec> methods(
      CompanionWriter.Member m,
      ClassName owner,
      Set<TypeRef> referenced,
      Set<String> parts,
      OwnSweeps own,
      Allocation.Round allocations) {
    DifferentiableSignature s = m.signature();
    Pullback p = m.pullback();
    List<Var> params = p.primal().params();
    // double, or Tensor for a layer: the value's type and its cotangent's.
    TypeName valueType = CodeWriter.typeName(p.primal().result().kind());
    boolean tensor = p.primal().result().kind() == Kind.TENSOR;

    // Forward sweep, then the snapshot pushed; the snapshot popped, then the reverse sweep.
    Block forward = new Block().addAll(p.forward());
    p.snapshot().forEach(v -> forward.add(new Stmt.Push(new Expr.Ref(v))));
    Block popped = new Block();
    List<Stmt> pops = new ArrayList<>();
    for (int i = p.snapshot().size() - 1; i >= 0; i--) {
      Var v = p.snapshot().get(i);
      Stmt pop = new Stmt.Assign(v, new Expr.Pop(v.kind()), null);
      pops.add(pop);
      popped.add(pop);
    }
    Block reverse = new Block().addAll(popped).addAll(p.reverse());

    Names names = new Names();
    params.forEach(names::reserve);
    for (Block b : List.of(forward, reverse)) {
      Mentions.vars(b).stream().filter(v -> v.role() == Var.Role.LOCAL).forEach(names::name);
    }
    String seed = names.bind(p.seed(), "seed");
    int scalars = FlatCode.scalarCount(s);
    String adjoint = scalars == 0 ? null : names.fresh("adjoint");
    // Array adjoints are the caller's buffers, which fForward takes (its sweep may take shadows of
    // rows from them); tensor adjoints are holders that fReverse adds into.
    List<ParameterSpec> arrayBuffers = new ArrayList<>();
    List<ParameterSpec> tensorHolders = new ArrayList<>();
    List<Var> tensorParams = new ArrayList<>();
    Set<Var> forwardSeen = new LinkedHashSet<>(params);
    // The variables fForward's parameters hold, in order (null: a buffer its sweep never names).
    List<Var> forwardVars = new ArrayList<>(params);
    for (int i : s.differentiated()) {
      Var param = params.get(i);
      Var bar = p.adjoints().get(param);
      if (param.kind() == Kind.TENSOR) {
        String holder = names.fresh(param.name() + "Bar");
        if (bar != null) {
          names.bind(bar, param.name() + "BarSum");
        }
        tensorHolders.add(
            ParameterSpec.builder(ArrayTypeName.of(CodeWriter.TENSOR), holder).build());
        tensorParams.add(param);
      } else if (param.kind().isArray()) {
        String name =
            bar != null ? names.bind(bar, param.name() + "Bar") : names.fresh(param.name() + "Bar");
        if (bar != null) {
          forwardSeen.add(bar);
        }
        forwardVars.add(bar);
        arrayBuffers.add(ParameterSpec.builder(FlatCode.type(s, i), name).build());
      }
    }
    String tape = names.fresh("tape");

    // A writer per method (each declares its own variables), both counting the uses in both
    // sweeps, so that a variable is inlined into a condition in neither or both.
    boolean usesTape = OwnSweeps.takesTape(p);
    CodeWriter writer = new CodeWriter(names, tape, usesTape, own, forward, reverse);
    CodeWriter reverseWriter = new CodeWriter(names, tape, usesTape, own, forward, reverse);
    Set<Stmt> declarations = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Var> forwardHoisted = new LinkedHashSet<>();
    CompanionWriter.declare(writer, forward, forwardSeen, declarations, forwardHoisted);
    Set<Var> reverseSeen = new LinkedHashSet<>();
    reverseSeen.add(p.seed());
    Set<Var> reverseHoisted = new LinkedHashSet<>();
    declarations.addAll(pops);
    reverseSeen.addAll(p.snapshot());
    CompanionWriter.declare(writer, p.reverse(), reverseSeen, declarations, reverseHoisted);
    writer.declarations(declarations);
    reverseWriter.declarations(declarations);

    if (MethodSplitter.tooLarge(
        forwardHoisted.size() + reverseHoisted.size() + pops.size(), forward, reverse)) {
      return joint(m, owner, referenced, parts, own, allocations);
    }

    // Only a sweep that runs other split sweeps can be part of a recursion: it counts itself.
    boolean[] nests = {false};
    dev.adjoint.processor.transform.Statements.forEach(
        p.reverse(), x -> nests[0] |= x instanceof Stmt.PullbackCall c && c.split());
    String value = writer.ref(p.primal().result());
    List<String> forwardArgs = new ArrayList<>(s.parameterNames());
    arrayBuffers.forEach(b -> forwardArgs.add(b.name()));
    List<String> reverseArgs = new ArrayList<>();
    reverseArgs.add(seed);
    if (adjoint != null) {
      reverseArgs.add(adjoint);
    }
    tensorHolders.forEach(h -> reverseArgs.add(h.name()));

    MethodSpec.Builder f =
        MethodSpec.methodBuilder(s.forwardMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(valueType)
            .addParameters(FlatCode.parameters(s))
            .addParameters(arrayBuffers)
            .addJavadoc(
                "Forward sweep of {@link #$N}, for callers that run the two sweeps apart:"
                    + " returns the value of $L and leaves on this thread's tape what {@link #$N} takes"
                    + " back.\n\n<p>$L\n",
                s.pullbackMethodName(),
                CompanionWriter.link(s, owner),
                s.reverseMethodName(),
                allocates(allocations, s, s.forwardMethodName()));
    if (nests[0]) {
      List<TypeName> forwardTypes = new ArrayList<>();
      FlatCode.parameters(s).forEach(x -> forwardTypes.add(x.type()));
      arrayBuffers.forEach(x -> forwardTypes.add(x.type()));
      deeper(f, tape, s, forwardArgs, forwardTypes, forwardVars, forward, names, valueType);
    }
    declareHoisted(f, forwardHoisted, names);
    f.addCode(writer.block(forward));
    if (nests[0]) {
      f.addStatement("$N.leave()", tape);
    }
    f.addStatement("return $N", value);

    MethodSpec.Builder r =
        MethodSpec.methodBuilder(s.reverseMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(valueType, seed);
    if (adjoint != null) {
      r.addParameter(double[].class, adjoint);
    }
    r.addParameters(tensorHolders)
        .addJavadoc(
            "Reverse sweep of {@link #$N}, after {@link #$N}: takes back what that"
                + " left on the tape and adds {@code $N} times "
                + (tensor
                    ? "the Jacobian ({@code null} counts as zero), for "
                    : "the partial derivative with respect to ")
                + CompanionWriter.pullbackTargets(s, adjoint, "")
                + (arrayBuffers.isEmpty()
                    ? ""
                    : " (the buffers given to {@code "
                        + Fragment.escape(s.forwardMethodName())
                        + "})")
                + ".\n\n<p>$L\n",
            s.pullbackMethodName(),
            s.forwardMethodName(),
            seed,
            allocates(allocations, s, s.reverseMethodName()));
    if (nests[0]) {
      r.beginControlFlow("if (!$N.enter())", tape)
          .addStatement(
              "$N.reverseDeeper(() -> $L)", tape, call(s.reverseMethodName(), reverseArgs))
          .addStatement("return")
          .endControlFlow();
    }
    r.addCode(reverseWriter.block(popped));
    declareHoisted(r, reverseHoisted, names);
    r.addCode(reverseWriter.block(p.reverse()));
    int slot = 0;
    int holder = 0;
    for (Var param : p.primal().independents()) {
      Var bar = p.adjoints().get(param);
      if (param.kind() == Kind.TENSOR) {
        String h = tensorHolders.get(holder++).name();
        if (bar != null) {
          r.addStatement(
              "$N[0] = $T.accumulate($N[0], $N)",
              h,
              CodeWriter.TENSOR_ADJOINTS,
              h,
              reverseWriter.ref(bar));
        }
      } else if (!param.kind().isArray()) {
        if (bar != null) {
          r.addStatement("$N[$L] += $N", adjoint, slot, reverseWriter.ref(bar));
        }
        slot++;
      }
    }
    if (nests[0]) {
      r.addStatement("$N.leave()", tape);
    }
    referenced.addAll(writer.referenced());
    referenced.addAll(reverseWriter.referenced());

    if (!nests[0] && !tensor) {
      // Nothing in it can recurse through split sweeps: fPullback runs both sweeps in one method,
      // where the values the reverse sweep reads stay in locals instead of going through the tape.
      List<MethodSpec> joint =
          CompanionWriter.pullbackMethod(
              m, owner, null, referenced, parts, own, allocations, true, null);
      List<MethodSpec> out = new ArrayList<>();
      out.add(joint.get(0));
      out.addAll(withTape(f.build(), tape, usesTape, own));
      out.addAll(withTape(r.build(), tape, usesTape, own));
      out.addAll(joint.subList(1, joint.size()));
      return out;
    }
    MethodSpec.Builder pb =
        MethodSpec.methodBuilder(s.pullbackMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(valueType)
            .addParameters(FlatCode.parameters(s))
            .addParameter(valueType, seed);
    if (adjoint != null) {
      pb.addParameter(double[].class, adjoint);
    }
    List<ParameterSpec> buffers = new ArrayList<>();
    // The pullback's buffers, in the order of the differentiated parameters.
    int a = 0;
    int t = 0;
    for (int i : s.differentiated()) {
      Kind kind = params.get(i).kind();
      if (kind == Kind.TENSOR) {
        buffers.add(tensorHolders.get(t++));
      } else if (kind.isArray()) {
        buffers.add(arrayBuffers.get(a++));
      }
    }
    String result = names.fresh("value");
    pb.addParameters(buffers);
    if (tensor) {
      pb.addJavadoc(
          CompanionWriter.tensorPullbackDoc(s, adjoint)
              + " Runs {@link #$N}, then {@link #$N}. A seed of another shape than the value,"
              + " or a buffer of another shape than its parameter, is an {@code"
              + " IllegalArgumentException} naming both shapes.\n\n<p>$L\n",
          CompanionWriter.link(s, owner),
          seed,
          seed,
          s.forwardMethodName(),
          s.reverseMethodName(),
          allocates(allocations, s, s.pullbackMethodName()));
    } else {
      pb.addJavadoc(
          "Pullback of $L: adds {@code $N} times the partial derivative with respect to "
              + CompanionWriter.pullbackTargets(s, adjoint, "")
              + ", and returns the value. Runs"
              + " {@link #$N}, then {@link #$N}, after checking every buffer's shape against its"
              + " parameter's: a mismatch is an {@code IllegalArgumentException} naming both.\n\n"
              + "<p>$L\n",
          CompanionWriter.link(s, owner),
          seed,
          s.forwardMethodName(),
          s.reverseMethodName(),
          allocates(allocations, s, s.pullbackMethodName()));
    }
    checkBuffers(pb, s, params, adjoint, buffers);
    pb.addStatement("$T $N = $L", valueType, result, call(s.forwardMethodName(), forwardArgs));
    if (tensor) {
      // A seed of another shape would broadcast into adjoints of wrong shapes: say so, after
      // taking back (with a zero seed) what the forward sweep left on the tape.
      List<String> drain = new ArrayList<>(reverseArgs);
      drain.set(0, "null");
      pb.beginControlFlow(
              "if ($N != null && !$T.equals($N.shape(), $N.shape()))",
              seed,
              java.util.Arrays.class,
              seed,
              result)
          .addStatement("$L", callLiterally(s.reverseMethodName(), drain))
          .addStatement(
              "throw new $T($S$W+ $T.toString($N.shape())$W+ $S$W+ $T.toString($N.shape()))",
              IllegalArgumentException.class,
              "the seed of " + s.pullbackMethodName() + " has shape ",
              java.util.Arrays.class,
              seed,
              ", but the value of " + s.name() + " has shape ",
              java.util.Arrays.class,
              result)
          .endControlFlow();
    }
    pb.addStatement("$L", call(s.reverseMethodName(), reverseArgs))
        .addStatement("return $N", result);
    allocations.add(
        s,
        Allocation.Form.PULLBACK,
        CompanionWriter.withIterations(m.pullback(), forward, reverse),
        usesTape,
        List.of());
    List<MethodSpec> out = new ArrayList<>();
    out.add(pb.build());
    out.addAll(withTape(f.build(), tape, usesTape, own));
    out.addAll(withTape(r.build(), tape, usesTape, own));
    return out;
  }

  /**
   * A sweep's methods. One that uses the tape and that callers in this class call ({@link
   * OwnSweeps}) comes in two forms: the public one looks the thread's tape up and calls the
   * package-private one, which takes it and runs {@code sweep}'s code; those callers call the
   * latter with the tape they hold. Another that uses the tape looks it up itself.
   *
   * @param sweep the public sweep, whose code names the tape {@code tape} without declaring it
   * @param usesTape whether the code uses the tape
   */
  static List<MethodSpec> withTape(MethodSpec sweep, String tape, boolean usesTape, OwnSweeps own) {
    if (!usesTape) {
      return List.of(sweep);
    }
    MethodSpec.Builder looksUp =
        MethodSpec.methodBuilder(sweep.name())
            .addModifiers(sweep.modifiers())
            .returns(sweep.returnType())
            .addParameters(sweep.parameters())
            .addJavadoc(sweep.javadoc());
    if (!own.names().contains(sweep.name())) {
      return List.of(
          looksUp
              .addStatement("$T $N = $T.get()", CodeWriter.TAPE, tape, CodeWriter.TAPE)
              .addCode(sweep.code())
              .build());
    }
    CodeBlock.Builder args = CodeBlock.builder().add("$T.get()", CodeWriter.TAPE);
    sweep.parameters().forEach(p -> args.add(",$W$N", p.name()));
    looksUp.addStatement(
        (sweep.returnType().equals(TypeName.VOID) ? "" : "return ") + "$N($L)",
        sweep.name(),
        args.build());
    MethodSpec takes =
        MethodSpec.methodBuilder(sweep.name())
            .addModifiers(Modifier.STATIC)
            .returns(sweep.returnType())
            .addParameter(CodeWriter.TAPE, tape)
            .addParameters(sweep.parameters())
            .addJavadoc(
                "As the public {@code $N}, on {@code $N}, which must be the calling thread's tape:"
                    + " generated callers in this class call this form with the tape they hold,"
                    + " instead of looking it up on each call.\n",
                sweep.name(),
                tape)
            .addCode(sweep.code())
            .build();
    return List.of(looksUp.build(), takes);
  }

  /**
   * The checks at the entry of a pullback with positional buffers: the scalars' buffer's length,
   * then each array's or tensor holder's shape against its parameter's. A user's mistake fails
   * there, naming the parameter, not as an index out of bounds inside the sweeps (generated callers
   * run the two sweeps, which check nothing).
   *
   * @param buffers one per differentiated array or tensor parameter, in order
   */
  static void checkBuffers(
      MethodSpec.Builder pb,
      DifferentiableSignature s,
      List<Var> params,
      String adjoint,
      List<ParameterSpec> buffers) {
    String method = s.pullbackMethodName();
    if (adjoint != null) {
      List<String> doubles = new ArrayList<>();
      for (int i : s.differentiated()) {
        if (!params.get(i).kind().isReference()) {
          doubles.add(s.sourceName(i));
        }
      }
      pb.addStatement(
          "$T.checkScalars($S, $N, $L, $S)",
          CodeWriter.BUFFERS,
          method,
          adjoint,
          doubles.size(),
          String.join(", ", doubles));
    }
    int k = 0;
    for (int i : s.differentiated()) {
      Var param = params.get(i);
      if (param.kind() == Kind.TENSOR || param.kind().isArray()) {
        pb.addStatement(
            "$T.check($S, $S, $N, $N)",
            CodeWriter.BUFFERS,
            method,
            s.sourceName(i),
            buffers.get(k++),
            param.name());
      }
    }
  }

  /**
   * The deep-stack guard at the top of {@code fForward}. The lambda that continues the sweep on a
   * deeper stack captures the arguments, which javac requires to be effectively final: a parameter
   * that the sweep assigns is passed as a copy taken here, before any assignment.
   */
  private static void deeper(
      MethodSpec.Builder method,
      String tape,
      DifferentiableSignature s,
      List<String> args,
      List<TypeName> types,
      List<Var> vars,
      Block body,
      Names names,
      TypeName valueType) {
    method.beginControlFlow("if (!$N.enter())", tape);
    List<String> passed = new ArrayList<>(args);
    for (int i = 0; i < vars.size(); i++) {
      Var v = vars.get(i);
      if (v != null && CompanionWriter.assignedIn(body, v)) {
        // javac requires effectively final captures: pass a copy taken before any assignment.
        String copy = names.fresh(args.get(i) + "Passed");
        method.addStatement("$T $N = $N", types.get(i), copy, args.get(i));
        passed.set(i, copy);
      }
    }
    if (valueType.equals(TypeName.DOUBLE)) {
      method.addStatement(
          "return $N.forwardDeeper(() -> $L)", tape, call(s.forwardMethodName(), passed));
    } else {
      // The tape's forwardDeeper returns a double: a tensor comes back through a holder from the
      // same deeper run.
      String holder = names.fresh("deeper");
      method.addStatement("$T[] $N = new $T[1]", valueType, holder, valueType);
      method.addStatement(
          "$N.reverseDeeper(() -> $N[0] = $L)", tape, holder, call(s.forwardMethodName(), passed));
      method.addStatement("return $N[0]", holder);
    }
    method.endControlFlow();
  }

  /** {@link #call}, with arguments that may be literals ({@code null}) rather than names. */
  private static CodeBlock callLiterally(String method, List<String> args) {
    CodeBlock.Builder list = CodeBlock.builder();
    for (int i = 0; i < args.size(); i++) {
      list.add(i == 0 ? "$L" : ",$W$L", args.get(i));
    }
    return CodeBlock.of("$N($L)", method, list.build());
  }

  private static CodeBlock call(String method, List<String> args) {
    CodeBlock.Builder list = CodeBlock.builder();
    for (int i = 0; i < args.size(); i++) {
      list.add(i == 0 ? "$N" : ",$W$N", args.get(i));
    }
    return CodeBlock.of("$N($L)", method, list.build());
  }

  private static void declareHoisted(MethodSpec.Builder method, Set<Var> hoisted, Names names) {
    for (Var v : hoisted) {
      method.addStatement(
          "$T $N = $L",
          CodeWriter.typeName(v.kind()),
          names.name(v),
          CodeWriter.defaultValue(v.kind()));
    }
  }

  /**
   * For a method too long for split sweeps: its joint pullback, and an {@code fForward} that saves
   * the arguments (and buffers) and runs the original, an {@code fReverse} that takes them back and
   * runs the pullback.
   */
  private static List<MethodSpec> joint(
      CompanionWriter.Member m,
      ClassName owner,
      Set<TypeRef> referenced,
      Set<String> parts,
      OwnSweeps own,
      Allocation.Round allocations) {
    DifferentiableSignature s = m.signature();
    List<MethodSpec> out =
        new ArrayList<>(
            CompanionWriter.pullbackMethod(m, owner, null, referenced, parts, own, allocations));
    MethodSpec pullback = out.get(0);
    // The pullback's parameters: the method's, the seed, the scalars' buffer, then one buffer per
    // differentiated array or tensor, in order.
    List<ParameterSpec> all = pullback.parameters();
    int n = s.parameterNames().size();
    ParameterSpec seed = all.get(n);
    int scalars = FlatCode.scalarCount(s);
    ParameterSpec adjoint = scalars == 0 ? null : all.get(n + 1);
    List<ParameterSpec> buffers = all.subList(n + 1 + (scalars == 0 ? 0 : 1), all.size());
    List<ParameterSpec> arrays = new ArrayList<>();
    List<ParameterSpec> tensors = new ArrayList<>();
    for (ParameterSpec b : buffers) {
      (b.type() instanceof ArrayTypeName a && a.componentType().equals(CodeWriter.TENSOR)
              ? tensors
              : arrays)
          .add(b);
    }
    List<ParameterSpec> saved = new ArrayList<>(all.subList(0, n));
    saved.addAll(arrays);
    Names names = new Names();
    all.forEach(p -> names.fresh(p.name()));
    String tape = names.fresh("tape");

    MethodSpec.Builder f =
        MethodSpec.methodBuilder(s.forwardMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(pullback.returnType())
            .addParameters(saved)
            .addJavadoc(
                "Forward sweep of {@link #$N}, for callers that run the two sweeps apart:"
                    + " returns the value of $L and leaves its arguments on this thread's tape for {@link"
                    + " #$N}. (Too long to be split into its own sweeps, the pullback runs whole there.)"
                    + "\n\n<p>$L\n",
                s.pullbackMethodName(),
                CompanionWriter.link(s, owner),
                s.reverseMethodName(),
                allocates(allocations, s, s.forwardMethodName()));
    for (ParameterSpec p : saved) {
      f.addStatement("$N.push($N)", tape, p.name());
    }
    f.addStatement("return $L", RecordApi.primalCall(s, owner));

    MethodSpec.Builder r =
        MethodSpec.methodBuilder(s.reverseMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(seed);
    if (adjoint != null) {
      r.addParameter(adjoint);
    }
    r.addParameters(tensors)
        .addJavadoc(
            "Reverse sweep of {@link #$N}, after {@link #$N}: takes back the arguments that"
                + " left on the tape and runs {@link #$N} with them.\n\n<p>$L\n",
            s.pullbackMethodName(),
            s.forwardMethodName(),
            s.pullbackMethodName(),
            allocates(allocations, s, s.reverseMethodName()));
    for (int i = saved.size() - 1; i >= 0; i--) {
      ParameterSpec p = saved.get(i);
      r.addStatement("$T $N = $L", p.type(), p.name(), pop(p.type(), tape));
    }
    List<String> pullbackArgs = new ArrayList<>();
    all.forEach(p -> pullbackArgs.add(p.name()));
    r.addStatement("$L", call(s.pullbackMethodName(), pullbackArgs));
    out.addAll(withTape(f.build(), tape, true, own));
    out.addAll(withTape(r.build(), tape, true, own));
    return out;
  }

  /** What a sweep allocates: its pullback's verdict, which covers both sweeps. */
  private static String allocates(
      Allocation.Round allocations, DifferentiableSignature s, String method) {
    return allocations.defer(
        CompanionWriter.key(s, method),
        tapeClass -> allocations.verdict(s, Allocation.Form.PULLBACK).sentence(tapeClass));
  }

  /** Takes a value of a parameter's type off the tape. */
  private static CodeBlock pop(TypeName type, String tape) {
    if (type.isPrimitive()) {
      String t = type.toString();
      return CodeBlock.of("$N.pop$L()", tape, Character.toUpperCase(t.charAt(0)) + t.substring(1));
    }
    return CodeBlock.of("($T) $N.popObject()", type, tape);
  }
}
