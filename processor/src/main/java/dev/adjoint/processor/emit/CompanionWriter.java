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

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.transform.ChunkedLoops;
import dev.adjoint.processor.transform.ForwardMode.Tangent;
import dev.adjoint.processor.transform.ReverseMode.Pullback;
import dev.adjoint.processor.transform.ReverseReplay;
import dev.adjoint.processor.transform.SeedLanes;
import dev.adjoint.processor.transform.Statements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import javax.lang.model.element.Modifier;

/**
 * Writes a class's companion: for each {@code @Differentiable} method, its gradient and pullback.
 */
public final class CompanionWriter {
  private CompanionWriter() {}

  /**
   * One differentiated method: its pullback, its forward mode (null where forward mode does not
   * apply) and, for second order, the forward mode of its pullback (null for first order).
   *
   * @param signature the method as callers see it
   * @param pullback its reverse-mode transform
   * @param jvp its forward-mode transform, or null
   * @param noJvp why it has no forward mode, as a sentence for the companion's javadoc, or null
   * @param pullbackJvp the forward mode of its pullback, for order 2, or null
   */
  public record Member(
      DifferentiableSignature signature,
      Pullback pullback,
      Tangent jvp,
      String noJvp,
      Tangent pullbackJvp) {}

  /** The annotation every companion carries where the compiler lets the user's code see it. */
  public static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  /** The processor, as {@code @Generated} names it. */
  public static final String PROCESSOR = "dev.adjoint.processor.AdjointProcessor";

  /**
   * The companion of {@code owner}'s {@code members}.
   *
   * @param owner the class whose methods are differentiated
   * @param companion the class to write ({@code OwnerAdjoint})
   * @param members what to write for each {@code @Differentiable} method of {@code owner}
   * @param origin the element the companion is generated from, for incremental builds
   * @param auxiliary whether a class may be an auxiliary class (or nested in one): a top-level
   *     class declared in a source file named after another class, such as derivatives declared
   *     beside the model in its file. javac's {@code -Xlint:auxiliaryclass} warns where another
   *     file names one, so a companion that names one says
   *     {@code @SuppressWarnings("auxiliaryclass")}: the README documents that place for
   *     derivatives. The same classes are the user's code that the companion calls, which its
   *     javadoc names.
   * @param allocations the methods differentiated in this round, to which this adds the members';
   *     the javadoc that says what each method allocates is written by {@link #source}, once every
   *     companion of the round has been written
   * @param generated whether to annotate the companion with {@link #GENERATED}
   * @return the companion's source file
   */
  public static JavaFile write(
      TypeRef owner,
      TypeRef companion,
      List<Member> members,
      javax.lang.model.element.Element origin,
      java.util.function.Predicate<TypeRef> auxiliary,
      Allocation.Round allocations,
      boolean generated) {
    ClassName ownerName = CodeWriter.className(owner);
    Set<TypeRef> referenced = new LinkedHashSet<>();
    TypeSpec.Builder type =
        TypeSpec.classBuilder(companion.simpleNames().get(0))
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addOriginatingElement(origin)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    if (generated) {
      // No date: a companion must be the same in an incremental build as in a full one.
      type.addAnnotation(
          AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build());
    }
    CodeBlock.Builder contents = CodeBlock.builder();
    Set<String> parts = new java.util.HashSet<>();
    OwnSweeps own = ownSweeps(companion, members);
    Predicate<Callee> keepsNoState = keepingNoState(owner, members);
    for (Member m : members) {
      DifferentiableSignature s = m.signature();
      allocations.add(
          s, Allocation.Form.PRIMAL, List.of(m.pullback().primal().body()), false, List.of());
      List<CodeBlock> held = new ArrayList<>();
      if (isTensor(m)) {
        // A layer: no gradient (its value is not a scalar) and no Jacobian (as large as the
        // tensor times its inputs, where JAX's vjp and jvp are what layers are used through).
        held.add(
            CodeBlock.of(
                "{@link #$N} (vector-Jacobian products, into buffers you pass; {@link #$N} and"
                    + " {@link #$N} are its two sweeps, which callers run apart)",
                s.pullbackMethodName(),
                s.forwardMethodName(),
                s.reverseMethodName()));
      } else if (isVector(m)) {
        // Every row in one reverse sweep (lanes), else one reverse sweep per row after one forward
        // sweep, else one pullback per row.
        List<MethodSpec> jacobians =
            SeedLanes.of(m.pullback())
                .flatMap(
                    lanes ->
                        sharedJacobian(
                            m, ownerName, Shared.of(lanes), referenced, parts, own, allocations))
                .or(
                    () ->
                        ReverseReplay.of(m.pullback())
                            .flatMap(
                                replay ->
                                    sharedJacobian(
                                        m,
                                        ownerName,
                                        new Shared(replay, null),
                                        referenced,
                                        parts,
                                        own,
                                        allocations)))
                .orElseGet(() -> JacobianWriter.method(s, ownerName, m.jvp() != null));
        jacobians.forEach(type::addMethod);
        if (s.hasRecords()) {
          for (MethodSpec jacobian : jacobians) {
            boolean into = jacobian.parameters().size() > s.parameterNames().size();
            type.addMethod(
                RecordApi.forwarder(
                    s,
                    jacobian,
                    false,
                    "The Jacobian of "
                        + link(s, ownerName)
                        + " over its records' leaves"
                        + (into ? ", into the matrix you pass" : "")
                        + ": as {@link #"
                        + s.jacobianMethodName()
                        + "} of the leaves, one column per element of each differentiated leaf, in"
                        + " component order.\n"));
          }
        }
        held.add(
            CodeBlock.of(
                "{@link #$N} (its Jacobian, in a new matrix or one you pass)",
                s.jacobianMethodName()));
        held.add(
            CodeBlock.of(
                "{@link #$N} (vector-Jacobian products, into buffers you pass)",
                s.pullbackMethodName()));
      } else {
        ClassName record =
            ClassName.get(
                companion.packageName(), companion.simpleNames().get(0), s.gradientRecordName());
        type.addType(gradientRecord(m, record, ownerName));
        type.addMethod(gradientMethod(m, record, ownerName, allocations));
        held.add(CodeBlock.of("{@link #$N} (its value and gradient)", s.gradientMethodName()));
        held.add(
            CodeBlock.of(
                "{@link #$N} (adds the gradient, times a seed, into buffers you"
                    + " pass: for loops)",
                s.pullbackMethodName()));
      }
      // A scalar or tensor method's pullback comes as two sweeps, which split-mode callers run
      // apart.
      type.addMethods(
          !SplitSweeps.has(m)
              ? pullbackMethod(m, ownerName, null, referenced, parts, own, allocations)
              : SplitSweeps.methods(m, ownerName, referenced, parts, own, allocations));
      for (var iteration : m.pullback().iterations()) {
        type.addMethod(IterationWriter.method(iteration, s, ownerName, referenced, own));
        if (iteration.chunked() != null) {
          boolean parallel = iteration.chunked().callees().stream().allMatch(keepsNoState);
          type.addMethods(IterationWriter.chunks(iteration, s, ownerName, parallel));
          if (parallel && iteration.chunked().lent()) {
            allocations.chunksAllocate(s);
          }
        }
      }
      if (!isVector(m)) {
        // After the positional form, which it calls: the typed buffers, for users.
        ClassName buffers =
            ClassName.get(
                companion.packageName(), companion.simpleNames().get(0), s.buffersClassName());
        type.addType(TypedBuffers.type(s, buffers, ownerName));
        type.addMethod(TypedBuffers.pullback(s, buffers, ownerName));
      }
      if (m.jvp() != null) {
        ClassName jvpRecord =
            ClassName.get(
                companion.packageName(), companion.simpleNames().get(0), s.jvpRecordName());
        type.addType(jvpRecord(m, jvpRecord, ownerName));
        List<MethodSpec> jvps =
            jvpMethod(m, jvpRecord, ownerName, referenced, parts, own, allocations);
        type.addMethods(jvps);
        if (s.hasRecords()) {
          type.addMethod(
              RecordApi.forwarder(
                  s,
                  jvps.get(0),
                  true,
                  "Forward mode of "
                      + link(s, ownerName)
                      + " with a tangent of each differentiated parameter's type: a record's"
                      + " tangent is a record of the same type, whose data components are"
                      + " ignored. Reads the records' components and calls the form that takes"
                      + " them one by one.\n"));
        }
        held.add(
            CodeBlock.of(
                "{@link #$N} (forward mode: "
                    + (isVector(m) ? "Jacobian-vector products)" : "directional derivatives)"),
                s.jvpMethodName()));
      }
      if (m.pullbackJvp() != null) {
        type.addMethods(
            pullbackMethod(m, ownerName, m.pullbackJvp(), referenced, parts, own, allocations));
        for (MethodSpec second : SecondOrderWriter.methods(s, ownerName)) {
          type.addMethod(second);
          if (s.hasRecords() && second.modifiers().contains(Modifier.PUBLIC)) {
            type.addMethod(
                RecordApi.forwarder(
                    s,
                    second,
                    false,
                    "As the form that takes the records' leaves one by one: rows and columns"
                        + " follow the leaves in component order, each record's in turn.\n"));
          }
        }
        held.add(CodeBlock.of("{@link #$N} (the Hessian)", s.hessianMethodName()));
        held.add(CodeBlock.of("{@link #$N} (Hessian-vector products)", s.hvpMethodName()));
        held.add(
            CodeBlock.of(
                "{@link #$N} (the forward mode of the pullback, which both call)",
                s.pullbackJvpMethodName()));
      }
      contents.add("\n<p>For $L: ", link(s, ownerName));
      for (int k = 0; k < held.size(); k++) {
        contents.add(k == 0 ? "$L" : k == held.size() - 1 ? " and $L" : ", $L", held.get(k));
      }
      contents.add(".");
      if (m.jvp() == null && m.noJvp() != null) {
        // Say so where the user will look for it, rather than leave "cannot find symbol".
        contents.add(" No {@code $L} (forward mode): $L.", s.jvpMethodName(), html(m.noJvp()));
      }
      contents.add("\n");
    }
    List<TypeRef> users = referenced.stream().filter(auxiliary).toList();
    type.addJavadoc(classJavadoc(ownerName, contents.build(), users));
    if (!users.isEmpty()) {
      type.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "$S", "auxiliaryclass")
              .build());
    }
    // A user's variable named like a class the companion refers to (a local Math, a parameter
    // Tape) hides that class in the generated method (JLS 6.4.2): such classes are written with
    // their full names.
    type.alwaysQualify(userNames(members).toArray(String[]::new));
    return JavaFile.builder(companion.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** The names of the variables of the members' methods. */
  private static Set<String> userNames(List<Member> members) {
    Set<String> names = new TreeSet<>();
    for (Member m : members) {
      Function primal = m.pullback().primal();
      primal.params().forEach(v -> names.add(v.name()));
      // Every role: a user's loop index is a counter, and the lowering's own names (t1, go) are
      // no class's.
      Mentions.vars(primal.body()).forEach(v -> names.add(v.name()));
    }
    return names;
  }

  /**
   * What the companion holds, and what holds for calling it from several threads: only the calling
   * thread's tape is shared between calls, and the caller's buffers are the only arguments written
   * to (the checks reject code that writes into the arrays it is given).
   */
  private static CodeBlock classJavadoc(ClassName owner, CodeBlock contents, List<TypeRef> users) {
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "Derivatives of the {@code @Differentiable} methods of {@link $T}, generated by"
                    + " Adjoint's annotation processor from their source. Do not edit: change {@link $T}"
                    + " and compile again.\n",
                owner,
                owner)
            .add(contents)
            .add(
                "\n<p>Threads: these methods keep no state between calls other than in the calling"
                    + " thread's {@link $T}, and they write into none of their arguments except the buffers"
                    + " that a pullback adds into. Calls from several threads at once are safe as long as"
                    + " they do not share those buffers and no thread changes the arrays passed in during a"
                    + " call",
                CodeWriter.TAPE);
    if (users.isEmpty()) {
      return doc.add(".\n").build();
    }
    doc.add(", and as long as what they call and read of ");
    for (int k = 0; k < users.size(); k++) {
      doc.add(
          k == 0 ? "{@link $T}" : k == users.size() - 1 ? " and {@link $T}" : ", {@link $T}",
          CodeWriter.className(users.get(k)));
    }
    return doc.add(" is safe to use from several threads too.\n").build();
  }

  /**
   * The source text of a companion: JavaPoet's, with the javadoc sentences about allocation filled
   * in and javadoc lines wrapped at {@link JavadocWrapper#WIDTH} columns.
   *
   * @param file the companion, from {@link #write}
   * @param allocations the round it was written in, every companion of which has been written
   * @return the text to write to the companion's file
   */
  public static String source(JavaFile file, Allocation.Round allocations) {
    return JavadocWrapper.wrap(allocations.substitute(file.toString()));
  }

  /**
   * Which {@code @Differentiable} methods keep no state ({@link ChunkedLoops#keepsNoState(Block,
   * Predicate)}): those of {@code owner} whose bodies call only functions that keep none and such
   * methods of {@code owner}, as the greatest set closed under that (a recursion keeps no state if
   * nothing in it does). A method of another class is not trusted: its class may be read from a
   * class file, and a companion must be the same whatever else was compiled with it.
   */
  private static Predicate<Callee> keepingNoState(TypeRef owner, List<Member> members) {
    Map<String, Block> bodies = new java.util.HashMap<>();
    for (Member m : members) {
      DifferentiableSignature s = m.signature();
      bodies.put(key(s.owner(), s.name(), s.parameterKinds()), m.pullback().primal().body());
    }
    Set<String> kept = new java.util.HashSet<>(bodies.keySet());
    Predicate<Callee> keeps =
        c -> c.owner().equals(owner) && kept.contains(key(c.owner(), c.name(), c.parameterKinds()));
    boolean changed = true;
    while (changed) {
      changed = kept.removeIf(k -> !ChunkedLoops.keepsNoState(bodies.get(k), keeps));
    }
    return keeps;
  }

  private static String key(TypeRef owner, String name, List<Kind> kinds) {
    return owner.qualifiedName() + "." + name + kinds;
  }

  /**
   * The methods of {@code companion}, which holds {@code members}, that take their caller's tape.
   */
  private static OwnSweeps ownSweeps(TypeRef companion, List<Member> members) {
    Map<String, Boolean> usesTape = new java.util.HashMap<>();
    Set<String> called = new java.util.HashSet<>();
    Set<String> names = new java.util.HashSet<>();
    java.util.function.Consumer<Stmt> calls =
        x -> {
          if (x instanceof Stmt.PullbackCall c
              && c.split()
              && c.callee().companion().equals(companion)) {
            called.add(c.callee().name());
          }
        };
    for (Member m : members) {
      if (SplitSweeps.has(m)) {
        usesTape.merge(
            m.signature().name(), OwnSweeps.takesTape(m.pullback()), Boolean::logicalAnd);
      }
      Statements.forEach(m.pullback().reverse(), calls);
      for (var it : m.pullback().iterations()) {
        Statements.forEach(it.reverse(), calls);
        if (IterationWriter.usesTape(it)) {
          names.add(it.name());
          if (it.chunked() != null) {
            names.add(it.chunked().loop());
          }
        }
      }
    }
    for (Member m : members) {
      String name = m.signature().name();
      if (SplitSweeps.has(m) && called.contains(name) && usesTape.get(name)) {
        names.add(m.signature().forwardMethodName());
        names.add(m.signature().reverseMethodName());
      }
    }
    return new OwnSweeps(companion, names);
  }

  /** Whether a method returns a vector ({@code double[]} or a {@code Tensor}), not a scalar. */
  private static boolean isVector(Member m) {
    return m.pullback().primal().result().kind() != dev.adjoint.processor.ir.Kind.DOUBLE;
  }

  /** Whether a method returns a {@code Tensor} (a layer). */
  static boolean isTensor(Member m) {
    return m.pullback().primal().result().kind() == Kind.TENSOR;
  }

  /** {@code {@link Model#f(double, Tensor)}}, with the types imported as the code imports them. */
  static CodeBlock link(DifferentiableSignature s, ClassName owner) {
    List<CodeBlock> types = new ArrayList<>();
    s.method()
        .getParameters()
        .forEach(p -> types.add(CodeBlock.of("$T", TypeName.get(p.asType()))));
    return CodeBlock.of("{@link $T#$N($L)}", owner, s.name(), CodeBlock.join(types, ", "));
  }

  private static List<String> differentiatedNames(DifferentiableSignature s) {
    List<String> names = new ArrayList<>();
    if (s.hasRecords()) {
      RecordApi.gradientRecordComponents(s).forEach(p -> names.add(p.name()));
      return names;
    }
    s.differentiated().forEach(i -> names.add(s.parameterNames().get(i)));
    return names;
  }

  private static TypeSpec gradientRecord(Member m, ClassName record, ClassName owner) {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    ctor.addParameter(TypeName.DOUBLE, "value");
    DifferentiableSignature s = m.signature();
    if (s.hasRecords()) {
      ctor.addParameters(RecordApi.gradientRecordComponents(s));
    } else {
      for (int i : s.differentiated()) {
        ctor.addParameter(TypeName.get(s.parameterTypes().get(i)), s.parameterNames().get(i));
      }
    }
    return TypeSpec.recordBuilder(record.simpleName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .recordConstructor(ctor.build())
        .addJavadoc(
            "The value of $L and its partial derivatives with respect to $L.\n",
            link(m.signature(), owner),
            describe(differentiatedNames(m.signature())))
        .build();
  }

  private static String describe(List<String> names) {
    return names.isEmpty() ? "no parameter" : "{@code " + String.join("}, {@code ", names) + "}";
  }

  private static MethodSpec gradientMethod(
      Member m, ClassName record, ClassName owner, Allocation.Round allocations) {
    DifferentiableSignature s = m.signature();
    Names names = new Names();
    m.pullback().primal().params().forEach(names::reserve);
    List<String> allocated = new ArrayList<>(List.of("the record it returns"));
    if (s.differentiated().stream().anyMatch(i -> s.parameterKinds().get(i).isArray())) {
      allocated.add("the arrays in it");
    }
    if (s.differentiated().stream().anyMatch(i -> s.parameterKinds().get(i) == Kind.TENSOR)) {
      allocated.add("a holder for each tensor in it");
    }
    String allocates =
        allocations.defer(
            key(s, s.gradientMethodName()),
            tape -> {
              Allocation.Verdict pullback = allocations.verdict(s, Allocation.Form.PULLBACK);
              return "Allocates "
                  + Allocation.list(allocated)
                  + (pullback.none()
                      ? ""
                      : ", besides what {@link #" + s.pullbackMethodName() + "} allocates")
                  + ".";
            });
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(s.gradientMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record)
            .addParameters(s.hasRecords() ? RecordApi.parameters(s) : FlatCode.parameters(s))
            .addJavadoc(
                "Returns the value of $L and its gradient with respect to $L.\n\n<p>$L\n",
                link(s, owner),
                describe(differentiatedNames(s)),
                allocates);
    if (s.hasRecords()) {
      s.declared().forEach(d -> names.fresh(d.name()));
      method.addJavadoc(
          "\n<p>The gradient of a record is a record of the same type, built with its canonical"
              + " constructor: each differentiated component holds the derivative with respect to"
              + " that component, and each data component (an {@code int}, {@code long}, {@code"
              + " boolean}, {@code float} or {@code int[]} value, never differentiated) is the"
              + " one passed in.\n");
      RecordApi.bindLeaves(s, method);
    }
    java.util.Map<Integer, CodeBlock> byLeaf = new java.util.HashMap<>();
    int scalars = FlatCode.scalarCount(s);
    String tape = scalars == 0 ? null : names.fresh("tape");
    String adjoint = scalars == 0 ? null : names.fresh("adjoint");
    CodeBlock.Builder call = CodeBlock.builder().add("$N(", s.pullbackMethodName());
    for (String p : s.parameterNames()) {
      call.add("$N,$W", p);
    }
    call.add("1.0");
    if (tape != null) {
      method.addStatement("$T $N = $T.get()", CodeWriter.TAPE, tape, CodeWriter.TAPE);
      method.addStatement("double[] $N = $N.scratch($L)", adjoint, tape, scalars);
      call.add(",$W$N", adjoint);
    }
    List<CodeBlock> components = new ArrayList<>();
    int slot = 0;
    for (int i : s.differentiated()) {
      String name = s.parameterNames().get(i);
      if (s.parameterKinds().get(i) == dev.adjoint.processor.ir.Kind.TENSOR) {
        String gradient = names.fresh(name + "Gradient");
        method.addStatement("$T[] $N = new $T[1]", CodeWriter.TENSOR, gradient, CodeWriter.TENSOR);
        call.add(",$W$N", gradient);
        components.add(
            CodeBlock.of("$T.orZeros($N[0], $N)", CodeWriter.TENSOR_ADJOINTS, gradient, name));
        byLeaf.put(i, components.get(components.size() - 1));
      } else if (s.parameterKinds().get(i).isArray()) {
        String gradient = names.fresh(name + "Gradient");
        method.addStatement(
            "$T $N = $T.zerosLike($N)",
            TypeName.get(s.parameterTypes().get(i)),
            gradient,
            CodeWriter.ADJOINT,
            name);
        call.add(",$W$N", gradient);
        components.add(CodeBlock.of("$N", gradient));
        byLeaf.put(i, components.get(components.size() - 1));
      } else {
        components.add(CodeBlock.of("$N[$L]", adjoint, slot++));
        byLeaf.put(i, components.get(components.size() - 1));
      }
    }
    if (s.hasRecords()) {
      components = RecordApi.gradientComponents(s, byLeaf);
    }
    call.add(")");
    String value = names.fresh("value");
    method.addStatement("double $N = $L", value, call.build());
    CodeBlock.Builder args = CodeBlock.builder().add("$N", value);
    components.forEach(c -> args.add(",$W$L", c));
    if (tape == null) {
      return method.addStatement("return new $T($L)", record, args.build()).build();
    }
    String gradient = names.fresh("gradient");
    return method
        .addStatement("$T $N = new $T($L)", record, gradient, record, args.build())
        .addStatement("$N.releaseScratch()", tape)
        .addStatement("return $N", gradient)
        .build();
  }

  private static TypeSpec jvpRecord(Member m, ClassName record, ClassName owner) {
    return TypeSpec.recordBuilder(record.simpleName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .recordConstructor(
            MethodSpec.constructorBuilder()
                .addParameter(resultType(m), "value")
                .addParameter(resultType(m), "tangent")
                .build())
        .addJavadoc(
            "The value of $L and its directional derivative (forward mode).\n",
            link(m.signature(), owner))
        .build();
  }

  private static TypeName resultType(Member m) {
    return CodeWriter.typeName(m.pullback().primal().result().kind());
  }

  /**
   * Forward mode: the method's statements with each tangent computed beside its value, returning
   * both. No tape: one sweep, whatever the control flow.
   */
  private static List<MethodSpec> jvpMethod(
      Member m,
      ClassName record,
      ClassName owner,
      Set<TypeRef> referenced,
      Set<String> parts,
      OwnSweeps own,
      Allocation.Round allocations) {
    DifferentiableSignature s = m.signature();
    Tangent t = m.jvp();
    Block body = t.blocks().get(0);
    var primal = m.pullback().primal();
    Names names = new Names();
    primal.params().forEach(names::reserve);
    Mentions.vars(body).stream().filter(v -> v.role() == Var.Role.LOCAL).forEach(names::name);
    Set<Var> seen = new LinkedHashSet<>(primal.params());
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(s.jvpMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record)
            .addParameters(FlatCode.parameters(s));
    List<String> dotNames = new ArrayList<>();
    for (Var param : primal.independents()) {
      String name = bindDot(names, t.tangents(), param, seen);
      dotNames.add(name);
      method.addParameter(CodeWriter.typeName(param.kind()), name);
    }
    boolean arrayTangents = primal.independents().stream().anyMatch(v -> v.kind().isArray());
    method.addJavadoc(
        "Forward mode of $L: returns its value and its directional derivative along $L, in one"
            + " sweep."
            + (primal.independents().stream().anyMatch(v -> v.kind() != Kind.DOUBLE)
                ? " A {@code null} tangent of an array or tensor counts as zero."
                : "")
            + "\n\n<p>$L\n",
        link(s, owner),
        dotNames.isEmpty()
            ? "no direction (nothing is differentiated)"
            : "({@code " + String.join("}, {@code ", dotNames) + "})",
        allocations.defer(
            key(s, s.jvpMethodName()),
            tape -> {
              Allocation.Verdict v = allocations.verdict(s, Allocation.Form.JVP);
              return "Allocates the record it returns"
                  + (arrayTangents
                      ? " (and an array of zeros for each {@code null} array tangent)"
                      : "")
                  + (v.allocates()
                      ? ", and more: " + String.join("; ", v.reasons())
                      : v.unknown().isEmpty()
                          ? ""
                          : ", and it calls "
                              + Allocation.codes(v.unknown())
                              + ", whose allocations are not counted here")
                  + ".";
            }));
    for (int k = 0; k < dotNames.size(); k++) {
      Var param = primal.independents().get(k);
      if (param.kind() == Kind.DOUBLE_ARRAY || param.kind() == Kind.DOUBLE_MATRIX) {
        // null counts as zero (as for tensors, which the tangent code takes null for): the sweep
        // reads the tangent's elements, so give it zeros of the parameter's shape.
        method.addStatement(
            "$N = $T.orZerosLike($N, $N)",
            dotNames.get(k),
            CodeWriter.ADJOINT,
            dotNames.get(k),
            names.name(param));
      }
    }
    CodeWriter writer = new CodeWriter(names, names.fresh("tape"), false, own, body);
    Set<Stmt> declarations = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Var> hoisted = new LinkedHashSet<>();
    declare(writer, body, seen, declarations, hoisted);
    writer.declarations(declarations);
    Var resultDot = t.tangents().get(primal.result());
    MethodSplitter splitter = null;
    if (MethodSplitter.tooLarge(hoisted.size(), body)) {
      splitter =
          new MethodSplitter(
              writer,
              names,
              s.jvpMethodName(),
              parts,
              splitParameters(method, names, primal.params(), t.tangents()),
              null);
      Set<Var> uses = new LinkedHashSet<>();
      uses.add(primal.result());
      if (resultDot != null) {
        uses.add(resultDot);
      }
      splitter.plan(List.of(body), uses);
      method.addCode(splitter.prologue());
      method.addCode(splitter.code(body));
    } else {
      for (Var v : hoisted) {
        method.addStatement(
            "$T $N = $L",
            CodeWriter.typeName(v.kind()),
            names.name(v),
            CodeWriter.defaultValue(v.kind()));
      }
      method.addCode(writer.block(body));
    }
    referenced.addAll(writer.referenced());
    String result = writer.ref(primal.result());
    CodeBlock zero =
        isTensor(m)
            ? CodeBlock.of("$T.zeros($N.shape())", CodeWriter.TENSOR, result)
            : isVector(m) ? CodeBlock.of("new double[$N.length]", result) : CodeBlock.of("0.0");
    CodeBlock tangent =
        resultDot == null
            ? zero
            : isTensor(m)
                // A null tangent is zero inside generated code; the record holds a tensor.
                ? CodeBlock.of(
                    "$T.orZeros($N, $N)", CodeWriter.TENSOR_ADJOINTS, writer.ref(resultDot), result)
                : CodeBlock.of("$N", writer.ref(resultDot));
    method.addStatement("return new $T($N, $L)", record, result, tangent);
    if (splitter != null) {
      method.addJavadoc(SPLIT);
    }
    allocations.add(
        s,
        Allocation.Form.JVP,
        List.of(body),
        false,
        splitter != null ? List.of(Allocation.PARTS) : List.of());
    return withParts(method.build(), splitter);
  }

  /** Text for javadoc: what HTML would read as markup, escaped. */
  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A generated method, for the javadoc deferred until the round's verdicts are known. */
  static String key(DifferentiableSignature s, String method) {
    return s.companion().qualifiedName() + "#" + method;
  }

  private static final String SPLIT =
      "\n<p>Too long for one method of the JVM (64 KB of"
          + " bytecode), it calls its parts in turn.\n";

  private static List<MethodSpec> withParts(MethodSpec method, MethodSplitter splitter) {
    List<MethodSpec> all = new ArrayList<>();
    all.add(method);
    if (splitter != null) {
      all.addAll(splitter.pieces());
    }
    return all;
  }

  /**
   * The parameters of a method being split, each with the variable it holds: the primal's
   * parameters and the variables named after them (their tangents, the seed, array adjoints).
   */
  private static List<MethodSplitter.Param> splitParameters(
      MethodSpec.Builder method, Names names, List<Var> params, Map<Var, Var> dots, Var... more) {
    Map<String, Var> byName = new java.util.HashMap<>();
    List<Var> candidates = new ArrayList<>(params);
    candidates.addAll(List.of(more));
    for (Var v : new ArrayList<>(candidates)) {
      if (v != null && dots.containsKey(v)) {
        candidates.add(dots.get(v));
      }
    }
    for (Var v : candidates) {
      if (v != null && names.has(v)) {
        byName.putIfAbsent(names.name(v), v);
      }
    }
    List<MethodSplitter.Param> out = new ArrayList<>();
    for (ParameterSpec p : method.build().parameters()) {
      out.add(new MethodSplitter.Param(byName.get(p.name()), p.name(), p.type()));
    }
    return out;
  }

  /**
   * The pullback of a method or, given the forward mode of its pullback ({@code t}), the JVP of its
   * pullback: the same two sweeps, with every tangent computed beside its value.
   */
  static List<MethodSpec> pullbackMethod(
      Member m,
      ClassName owner,
      Tangent t,
      Set<TypeRef> referenced,
      Set<String> parts,
      OwnSweeps own,
      Allocation.Round allocations) {
    return pullbackMethod(m, owner, t, referenced, parts, own, allocations, false, null);
  }

  /**
   * The largest estimated size of a Jacobian in lanes ({@link MethodSplitter#estimate}). HotSpot
   * does not compile a method of more than 8,000 bytes of bytecode (DontCompileHugeMethods), and
   * the estimate runs 1.5 to 1.8 times above javac's output (BA's projection in two lanes: 8,956
   * estimated, 5,863 written; a quaternion rotation in three: 11,000 to 12,000 estimated, 6,515
   * written); above it, one reverse sweep per row, in a method as large as the pullback.
   */
  static final int LANES_LIMIT = Integer.getInteger("adjoint.lanesLimit", 12_000);

  /**
   * How a Jacobian's reverse sweeps share one forward sweep: with {@code lanes}, every row in one
   * reverse sweep ({@link SeedLanes}); else the reverse sweep once per row ({@link ReverseReplay}).
   *
   * @param replay what the writer needs to know of the reverse sweep
   * @param lanes the sweeps in lanes, or null for one reverse sweep per row
   */
  record Shared(ReverseReplay.Replay replay, SeedLanes.Lanes lanes) {
    /** Lanes run each lane once: nothing to clear between rows. */
    static Shared of(SeedLanes.Lanes lanes) {
      return new Shared(new ReverseReplay.Replay(List.of(), lanes.elementsOnly()), lanes);
    }
  }

  /**
   * The Jacobian of a vector-valued method whose reverse sweeps may share one forward sweep: the
   * pullback's forward sweep once, then its reverse sweep once for every row ({@link SeedLanes}) or
   * once per row ({@link ReverseReplay}), seeded with that row's unit vector. Empty when the
   * pullback is too large for one method (then the caller tries the next form).
   */
  static java.util.Optional<List<MethodSpec>> sharedJacobian(
      Member m,
      ClassName owner,
      Shared shared,
      Set<TypeRef> referenced,
      Set<String> parts,
      OwnSweeps own,
      Allocation.Round allocations) {
    List<MethodSpec> methods =
        pullbackMethod(m, owner, null, referenced, parts, own, allocations, false, shared);
    return methods.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(methods);
  }

  /**
   * {@link #pullbackMethod(Member, ClassName, Tangent, Set, Set, OwnSweeps, Allocation.Round)};
   * with {@code besideSweeps}, the entry point of a method that also has split sweeps ({@link
   * SplitSweeps}): it checks its buffers' shapes first, says that it runs what {@code fForward} and
   * {@code fReverse} run apart, and counts as using the tape as they do (their snapshot). With
   * {@code shared}, the shared-forward Jacobian instead ({@link #sharedJacobian}), or nothing when
   * it would be split.
   */
  static List<MethodSpec> pullbackMethod(
      Member m,
      ClassName owner,
      Tangent t,
      Set<TypeRef> referenced,
      Set<String> parts,
      OwnSweeps own,
      Allocation.Round allocations,
      boolean besideSweeps,
      Shared shared) {
    DifferentiableSignature s = m.signature();
    Pullback p = m.pullback();
    SeedLanes.Lanes lanes = shared == null ? null : shared.lanes();
    Block forward = lanes != null ? lanes.forward() : t == null ? p.forward() : t.blocks().get(0);
    Block reverse = lanes != null ? lanes.reverse() : t == null ? p.reverse() : t.blocks().get(1);
    Map<Var, Var> dots = t == null ? Map.of() : t.tangents();
    Names names = new Names();
    p.primal().params().forEach(names::reserve);
    // The user's own names come first, so that temporaries yield on a clash.
    for (Block b : List.of(forward, reverse)) {
      Mentions.vars(b).stream().filter(v -> v.role() == Var.Role.LOCAL).forEach(names::name);
    }
    Set<Var> seen = new LinkedHashSet<>(p.primal().params());
    List<ParameterSpec> tangentParameters = new ArrayList<>();
    if (t != null) {
      for (Var param : p.primal().independents()) {
        tangentParameters.add(
            ParameterSpec.builder(
                    CodeWriter.typeName(param.kind()), bindDot(names, dots, param, seen))
                .build());
      }
    }
    String seed = names.bind(p.seed(), "seed");
    String seedDot = t == null ? null : bindDot(names, dots, p.seed(), seen);
    int scalars = FlatCode.scalarCount(s);
    String adjoint = scalars == 0 ? null : names.fresh("adjoint");
    String adjointDot = scalars == 0 || t == null ? null : names.fresh("adjointDot");
    // Array parameters' adjoints are the caller's buffers, parameters of the pullback.
    List<ParameterSpec> arrayBuffers = new ArrayList<>();
    java.util.Map<Var, String> tensorBuffers = new java.util.HashMap<>();
    for (int i : s.differentiated()) {
      Var param = p.primal().params().get(i);
      if (param.kind() == dev.adjoint.processor.ir.Kind.TENSOR) {
        // A tensor's adjoint is summed in a local, then added into element 0 of the caller's
        // holder (tensors are immutable).
        Var bar = p.adjoints().get(param);
        String name = names.fresh(param.name() + "Bar");
        if (bar != null) {
          names.bind(bar, param.name() + "BarSum");
        }
        arrayBuffers.add(
            ParameterSpec.builder(com.palantir.javapoet.ArrayTypeName.of(CodeWriter.TENSOR), name)
                .build());
        tensorBuffers.put(param, name);
      } else if (param.kind().isArray()) {
        Var bar = p.adjoints().get(param);
        String name =
            bar != null ? names.bind(bar, param.name() + "Bar") : names.fresh(param.name() + "Bar");
        if (bar != null) {
          seen.add(bar);
          for (int r = 0; lanes != null && r < lanes.count(); r++) {
            seen.add(lanes.copy(r, bar)); // declared by the Jacobian
          }
        }
        TypeName type = TypeName.get(s.parameterTypes().get(i));
        arrayBuffers.add(ParameterSpec.builder(type, name).build());
        if (t != null) {
          String dot =
              bar != null && dots.containsKey(bar)
                  ? bindDot(names, dots, bar, seen)
                  : names.fresh(param.name() + "BarDot");
          arrayBuffers.add(ParameterSpec.builder(type, dot).build());
        }
      }
    }
    String tape = names.fresh("tape");

    Set<Stmt> declarations = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Var> hoisted = new LinkedHashSet<>();
    seen.add(p.seed());
    CodeWriter writer = new CodeWriter(names, tape, p.usesTape(), own, forward, reverse);
    declare(writer, forward, seen, declarations, hoisted);
    Set<Var> hoistedAdjoints = new LinkedHashSet<>();
    declare(writer, reverse, seen, declarations, hoistedAdjoints);
    writer.declarations(declarations);
    // Adjoints, and their tangents, live in the reverse sweep only.
    Set<Var> reverseOnly = new java.util.HashSet<>();
    for (Var v : p.adjoints().values()) {
      if (v.kind().hasValueAdjoint()) {
        reverseOnly.add(v);
        for (int r = 0; lanes != null && r < lanes.count(); r++) {
          reverseOnly.add(lanes.copy(r, v));
        }
        if (dots.containsKey(v)) {
          reverseOnly.add(dots.get(v));
        }
      }
    }

    boolean split =
        MethodSplitter.tooLarge(hoisted.size() + hoistedAdjoints.size(), forward, reverse);
    if (lanes != null
        && MethodSplitter.estimate(hoisted.size() + hoistedAdjoints.size(), forward, reverse)
            > LANES_LIMIT) {
      return List.of();
    }
    if (shared != null) {
      return split
          ? List.of()
          : sharedJacobian(
              m,
              owner,
              shared,
              writer,
              names,
              seed,
              tape,
              forward,
              reverse,
              hoisted,
              hoistedAdjoints,
              reverseOnly,
              referenced);
    }
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(t == null ? s.pullbackMethodName() : s.pullbackJvpMethodName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(resultType(m))
            .addParameters(FlatCode.parameters(s))
            .addParameters(tangentParameters)
            .addParameter(resultType(m), seed);
    if (seedDot != null) {
      method.addParameter(resultType(m), seedDot);
    }
    if (adjoint != null) {
      method.addParameter(double[].class, adjoint);
    }
    if (adjointDot != null) {
      method.addParameter(double[].class, adjointDot);
    }
    method.addParameters(arrayBuffers);
    Allocation.Form form = t == null ? Allocation.Form.PULLBACK : Allocation.Form.PULLBACK_JVP;
    String allocates =
        allocations.defer(
            key(s, t == null ? s.pullbackMethodName() : s.pullbackJvpMethodName()),
            tapeClass -> allocations.verdict(s, form).sentence(tapeClass));
    if (t == null && isTensor(m)) {
      method.addJavadoc(
          tensorPullbackDoc(s, adjoint) + "\n\n<p>$L\n", link(s, owner), seed, seed, allocates);
    } else if (t == null && isVector(m)) {
      method.addJavadoc(
          "Pullback (vector-Jacobian product) of $L: adds {@code $N} times the Jacobian, that is,"
              + " the sum over outputs i of {@code $N[i]} times the partial derivatives of output"
              + " i, for "
              + pullbackTargets(s, adjoint, "")
              + ", and returns the value.\n"
              + "\n<p>$L\n",
          link(s, owner),
          seed,
          seed,
          allocates);
    } else if (t == null && besideSweeps) {
      method.addJavadoc(
          "Pullback of $L: adds {@code $N} times the partial derivative with respect to "
              + pullbackTargets(s, adjoint, "")
              + ", and returns the value, after checking every buffer's shape against its"
              + " parameter's: a mismatch is an {@code IllegalArgumentException} naming both. Runs"
              + " the forward and the reverse sweep in one method, with the values the reverse"
              + " sweep reads in local variables; {@link #$N} and {@link #$N} run them apart.\n\n"
              + "<p>$L\n",
          link(s, owner),
          seed,
          s.forwardMethodName(),
          s.reverseMethodName(),
          allocates);
      SplitSweeps.checkBuffers(method, s, p.primal().params(), adjoint, arrayBuffers);
    } else if (t == null) {
      method.addJavadoc(
          "Pullback of $L: adds {@code $N} times the partial derivative with respect to "
              + pullbackTargets(s, adjoint, "")
              + ", and returns the value.\n\n<p>$L\n",
          link(s, owner),
          seed,
          allocates);
    } else {
      method.addJavadoc(
          "Forward mode of {@link #$N}, for second derivatives: runs that pullback and adds the"
              + " directional derivatives of what it adds along the {@code Dot} arguments, for "
              + pullbackTargets(s, adjointDot, "Dot")
              + ". With {@code $N = 1} and {@code $N = 0}"
              + " this adds a Hessian-vector product. Returns the value.\n\n<p>$L\n",
          s.pullbackMethodName(),
          seed,
          seedDot,
          allocates);
    }

    MethodSplitter splitter = null;
    if (split) {
      List<Var> arrayAdjoints = new ArrayList<>();
      List<Var> more = new ArrayList<>();
      more.add(p.seed());
      for (Var param : p.primal().params()) {
        if (param.kind().isArray() && p.adjoints().get(param) != null) {
          more.add(p.adjoints().get(param));
        }
      }
      splitter =
          new MethodSplitter(
              writer,
              names,
              t == null ? s.pullbackMethodName() : s.pullbackJvpMethodName(),
              parts,
              splitParameters(method, names, p.primal().params(), dots, more.toArray(new Var[0])),
              p.usesTape() ? tape : null);
      Set<Var> uses = new LinkedHashSet<>();
      uses.add(p.primal().result());
      for (Var param : p.primal().independents()) {
        Var bar = p.adjoints().get(param);
        if (bar != null && !param.kind().isArray()) {
          uses.add(bar);
          if (dots.containsKey(bar)) {
            uses.add(dots.get(bar));
          }
        }
      }
      splitter.plan(List.of(forward, reverse), uses);
    }
    method.addCode("// Forward sweep.\n");
    if (p.usesTape()) {
      method.addStatement("$T $N = $T.get()", CodeWriter.TAPE, tape, CodeWriter.TAPE);
    }
    if (splitter != null) {
      method.addCode(splitter.prologue());
      hoisted.clear();
    }
    declareForward(method, names, hoisted, reverseOnly, hoistedAdjoints);
    method.addCode(splitter != null ? splitter.code(forward) : writer.block(forward));
    String value = writer.ref(p.primal().result());
    boolean restored = assignedIn(reverse, p.primal().result());
    boolean copies = isVector(m) && !isTensor(m) && (restored || restoresElements(reverse));
    if (copies) {
      // The reverse sweep puts back overwritten values, maybe the result's: return a copy.
      String saved = names.fresh("value");
      method.addStatement("double[] $N = $N.clone()", saved, value);
      value = saved;
    } else if (restored) {
      // The reverse sweep restores the result's earlier values from the tape: keep the final one.
      String saved = names.fresh("value");
      method.addStatement("$T $N = $N", resultType(m), saved, value);
      value = saved;
    }
    method.addCode("\n// Reverse sweep.\n");
    if (splitter != null) {
      hoistedAdjoints.clear();
    }
    declareDefaults(method, names, hoistedAdjoints);
    method.addCode(splitter != null ? splitter.code(reverse) : writer.block(reverse));
    referenced.addAll(writer.referenced());
    int slot = 0;
    for (Var param : p.primal().independents()) {
      if (param.kind() == dev.adjoint.processor.ir.Kind.TENSOR) {
        Var bar = p.adjoints().get(param);
        if (bar != null) {
          String holder = tensorBuffers.get(param);
          method.addStatement(
              "$N[0] = $T.accumulate($N[0], $N)",
              holder,
              CodeWriter.TENSOR_ADJOINTS,
              holder,
              writer.ref(bar));
        }
        continue;
      }
      if (param.kind().isArray()) {
        continue;
      }
      Var bar = p.adjoints().get(param);
      if (bar != null) {
        method.addStatement("$N[$L] += $N", adjoint, slot, writer.ref(bar));
        if (adjointDot != null && dots.containsKey(bar)) {
          method.addStatement("$N[$L] += $N", adjointDot, slot, writer.ref(dots.get(bar)));
        }
      }
      slot++;
    }
    method.addStatement("return $N", value);
    if (splitter != null) {
      method.addJavadoc(SPLIT);
    }
    List<String> reasons = new ArrayList<>();
    if (splitter != null) {
      reasons.add(Allocation.PARTS);
    }
    if (copies) {
      reasons.add(Allocation.COPY);
    }
    allocations.add(
        s,
        form,
        withIterations(p, forward, reverse),
        p.usesTape() || besideSweeps && !p.snapshot().isEmpty(),
        reasons);
    return withParts(method.build(), splitter);
  }

  /**
   * The body of {@link #sharedJacobian}: the pullback's declarations and forward sweep; then either
   * the loop over rows from {@link JacobianWriter#openRows}, in it the reverse sweep with its
   * adjoints declared afresh and the shadow arrays of locals cleared, and the row's end from {@link
   * JacobianWriter#closeRows}; or, in lanes, the reverse sweep once, each lane's adjoints going to
   * its row.
   */
  private static List<MethodSpec> sharedJacobian(
      Member m,
      ClassName owner,
      Shared shared,
      CodeWriter writer,
      Names names,
      String seed,
      String tape,
      Block forward,
      Block reverse,
      Set<Var> hoisted,
      Set<Var> hoistedAdjoints,
      Set<Var> reverseOnly,
      Set<TypeRef> referenced) {
    DifferentiableSignature s = m.signature();
    Pullback p = m.pullback();
    SeedLanes.Lanes lanes = shared.lanes();
    int count = lanes == null ? 1 : lanes.count();
    String into = names.fresh("into");
    MethodSpec.Builder method = JacobianWriter.builder(s, into);
    // Each array input's adjoints go into a buffer (one per lane), or straight into the row when
    // the reverse sweep only adds into their elements.
    List<Map<Var, String>> buffers = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      Map<Var, String> laneBuffers = new java.util.HashMap<>();
      for (int i : s.differentiated()) {
        Var bar = p.adjoints().get(p.primal().params().get(i));
        if (bar != null && bar.kind().isArray() && !shared.replay().elementsOnly().contains(bar)) {
          Var copy = lanes == null ? bar : lanes.copy(r, bar);
          laneBuffers.put(bar, FlatCode.zerosLike(method, s, i, writer.ref(copy)));
        }
      }
      buffers.add(laneBuffers);
    }
    JacobianWriter.Frame frame = null;
    if (lanes != null) {
      // Before the forward sweep, which may push what the reverse sweep pops.
      frame = JacobianWriter.openLanes(method, s, names, count, m.jvp() != null, into);
      if (p.usesTape()) {
        method.addStatement("$T $N = $T.get()", CodeWriter.TAPE, tape, CodeWriter.TAPE);
      }
    }
    // After the forward sweep, the columns by forward mode need the arguments as they were given:
    // keep those the forward sweep reassigns (t += 0.5 * r).
    List<String> arguments = new ArrayList<>(s.parameterNames());
    if (lanes == null && m.jvp() != null) {
      Set<Var> assigned = dev.adjoint.processor.transform.Statements.assigned(forward);
      for (int i = 0; i < arguments.size(); i++) {
        if (assigned.contains(p.primal().params().get(i))) {
          String given = names.fresh(arguments.get(i) + "Given");
          method.addStatement(
              "$T $N = $N", TypeName.get(s.parameterTypes().get(i)), given, arguments.get(i));
          arguments.set(i, given);
        }
      }
    }
    boolean gap = buffers.stream().anyMatch(b -> !b.isEmpty()) || frame != null;
    method.addCode((gap ? "\n" : "") + "// Forward sweep.\n");
    declareForward(method, names, hoisted, reverseOnly, hoistedAdjoints);
    method.addCode(writer.block(forward));
    List<String> at = JacobianWriter.offsets(method, s, names);
    JacobianWriter.Rows rows = null;
    List<String> rowArrays;
    if (lanes == null) {
      rows =
          JacobianWriter.openRows(
              method,
              s,
              names,
              CodeBlock.of("$L", writer.ref(p.primal().result())),
              m.jvp() != null,
              arguments,
              seed,
              names.fresh("jacobianRow"),
              into);
      rowArrays = List.of(rows.rowArray());
    } else {
      rowArrays = JacobianWriter.laneRows(method, names, frame, count);
    }
    List<List<JacobianWriter.Column>> columns = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      List<JacobianWriter.Column> laneColumns = new ArrayList<>();
      for (int k = 0; k < s.differentiated().size(); k++) {
        Var param = p.primal().params().get(s.differentiated().get(k));
        Var bar = p.adjoints().get(param);
        Var copy = bar == null || lanes == null ? bar : lanes.copy(r, bar);
        if (!param.kind().isArray()) {
          laneColumns.add(
              new JacobianWriter.Column(
                  at.get(k), CodeBlock.of("$L", copy == null ? "0.0" : writer.ref(copy)), null));
        } else if (bar != null && buffers.get(r).containsKey(bar)) {
          laneColumns.add(new JacobianWriter.Column(at.get(k), null, buffers.get(r).get(bar)));
        } else {
          if (copy != null) {
            writer.place(copy, rowArrays.get(r), at.get(k));
          }
          laneColumns.add(new JacobianWriter.Column(at.get(k), null, null));
        }
      }
      columns.add(laneColumns);
    }
    for (Var v : shared.replay().shadowArrays()) {
      method.addStatement("$T.clear($N)", CodeWriter.ADJOINT, writer.ref(v));
    }
    declareDefaults(method, names, hoistedAdjoints);
    method.addCode(writer.block(reverse));
    referenced.addAll(writer.referenced());
    if (lanes == null) {
      JacobianWriter.closeRows(method, rows, columns.get(0), seed);
    } else {
      JacobianWriter.closeLanes(method, frame, rowArrays, columns);
    }
    return JacobianWriter.forms(
        s,
        JacobianWriter.description(s, owner, m.jvp() != null, true, lanes == null ? 0 : count),
        method,
        into);
  }

  /**
   * The sweeps and the iterations of their preaccumulated loops, which run as part of them: what
   * the allocation analysis reads.
   */
  static List<Block> withIterations(Pullback p, Block forward, Block reverse) {
    List<Block> out = new ArrayList<>(List.of(forward, reverse));
    for (var it : p.iterations()) {
      out.add(it.forward());
      out.add(it.reverse());
    }
    return out;
  }

  /**
   * Declares the forward sweep's hoisted variables with default values, except the adjoints, which
   * live in the reverse sweep only: those join {@code hoistedAdjoints}, declared there.
   */
  private static void declareForward(
      MethodSpec.Builder method,
      Names names,
      Set<Var> hoisted,
      Set<Var> reverseOnly,
      Set<Var> hoistedAdjoints) {
    hoisted.stream().filter(reverseOnly::contains).forEach(hoistedAdjoints::add);
    declareDefaults(method, names, hoisted.stream().filter(v -> !reverseOnly.contains(v)).toList());
  }

  /** Declares each variable with its kind's default value ({@code double t = 0.0}). */
  static void declareDefaults(MethodSpec.Builder method, Names names, Iterable<Var> vars) {
    for (Var v : vars) {
      method.addStatement(
          "$T $N = $L",
          CodeWriter.typeName(v.kind()),
          names.name(v),
          CodeWriter.defaultValue(v.kind()));
    }
  }

  /**
   * The first paragraph of a tensor method's pullback's javadoc, with placeholders for the link to
   * the method and the seed's name twice.
   */
  static String tensorPullbackDoc(DifferentiableSignature s, String adjoint) {
    return "Pullback (vector-Jacobian product) of $L: adds {@code $N} times the Jacobian, that is,"
        + " the sum over the elements of the result of the element of {@code $N} (a tensor of the"
        + " result's shape; {@code null} counts as zero) times their partial derivatives, for "
        + pullbackTargets(s, adjoint, "")
        + ", and returns the value.";
  }

  /** Names the tangent of {@code v} {@code vDot}, marking it declared (it is a parameter). */
  private static String bindDot(Names names, Map<Var, Var> dots, Var v, Set<Var> seen) {
    Var dot = dots.get(v);
    if (dot == null) {
      return names.fresh(v.name() + "Dot");
    }
    seen.add(dot);
    return names.bind(dot, v.name() + "Dot");
  }

  private static boolean restoresElements(Block block) {
    boolean[] found = {false};
    dev.adjoint.processor.transform.Statements.forEach(
        block, s -> found[0] |= s instanceof Stmt.Store st && st.value() instanceof Expr.Pop);
    return found[0];
  }

  static boolean assignedIn(Block block, Var v) {
    boolean[] found = {false};
    dev.adjoint.processor.transform.Statements.forEachAssign(
        block, a -> found[0] |= a.target() == v);
    return found[0];
  }

  /**
   * Where a pullback adds each differentiated parameter's derivative: javadoc text for a JavaPoet
   * format, so with a name's {@code $} doubled.
   */
  static String pullbackTargets(DifferentiableSignature s, String adjoint, String suffix) {
    if (s.differentiated().isEmpty()) {
      return "no parameter (none is differentiated)";
    }
    StringBuilder b = new StringBuilder();
    int slot = 0;
    for (int k = 0; k < s.differentiated().size(); k++) {
      int i = s.differentiated().get(k);
      String name = Fragment.escape(s.parameterNames().get(i));
      b.append(k == 0 ? "" : ", ").append("{@code ").append(name).append("} into {@code ");
      if (s.parameterKinds().get(i) == dev.adjoint.processor.ir.Kind.TENSOR) {
        b.append(name).append("Bar").append(suffix).append("[0]}");
      } else if (s.parameterKinds().get(i).isArray()) {
        b.append(name).append("Bar").append(suffix).append("}");
      } else {
        b.append(adjoint).append("[").append(slot++).append("]}");
      }
    }
    return b.toString();
  }

  /**
   * Chooses where each variable is declared: at its first assignment when that is a top-level
   * statement that comes before any other use; otherwise before the sweep, with a default value.
   */
  static void declare(
      CodeWriter writer, Block block, Set<Var> seen, Set<Stmt> declarations, Set<Var> hoisted) {
    for (Stmt s : block) {
      if (writer.isInlined(s)) {
        continue;
      }
      if (s instanceof Stmt.Assign a
          && !seen.contains(a.target())
          && (!Exprs.reads(a.value(), a.target()) || CodeWriter.isFirstAccumulation(a))) {
        // What it reads and has not been declared yet (an adjoint still zero) comes first.
        for (Var v : Exprs.reads(a.value())) {
          if (v != a.target() && seen.add(v)) {
            hoisted.add(v);
          }
        }
        declarations.add(a);
        seen.add(a.target());
        continue;
      }
      for (Var v : Mentions.vars(new Block().add(s), writer::isInlined)) {
        if (!writer.isInlinedVar(v) && seen.add(v)) {
          hoisted.add(v);
        }
      }
    }
  }
}
