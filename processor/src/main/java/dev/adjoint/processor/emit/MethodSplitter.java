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
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Splits a generated method that would exceed the JVM's 64 KB of bytecode per method ("code too
 * large") into private static parts (issue 14).
 *
 * <p><b>Where it splits.</b> Each sweep (a top-level block) is cut at statement boundaries into
 * consecutive runs of statements whose {@linkplain CodeSize estimated} size stays under {@link
 * #PIECE_LIMIT}; each run becomes a method {@code fPullbackPart1(...)} and the sweep a list of
 * calls to them. A single {@code if} or loop too large for one part stays in the calling method as
 * control flow, and its branches or its body (and a loop's head) are cut the same way, so that a
 * long loop body is split too. A boolean test the emitter writes into its {@code if} stays with
 * that {@code if}.
 *
 * <p><b>How locals flow.</b> A variable mentioned by one part only, which that part assigns before
 * it reads it (or which starts at its default value and the part runs once), stays a local of the
 * part. Every other variable lives in the method's state: one array per kind ({@code double[]},
 * {@code int[]}, {@code boolean[]}, {@code double[][]}, ...), allocated at the start of the method,
 * passed to every part and indexed by a constant ({@code doubles[17]}), so that no value needs
 * copying in or out and no constant pool entry is needed per variable. Arrays start at the Java
 * default values, the values the unsplit method gives the variables it declares ahead of a sweep.
 * Parameters the method never assigns are passed to the parts that read them; one it assigns is
 * copied into the state first.
 *
 * <p><b>Thresholds.</b> A method is split when its size estimated with locals ({@link
 * CodeSize#LOCALS}) exceeds {@link #METHOD_LIMIT}, 50,000 bytes. On the long-method corpus that
 * estimate is 1.2 (forward mode) to 1.5 (pullbacks) times javac's size, so a method left whole is
 * at most about 42 KB there, and the estimate would have to be 30% short of the truth before one
 * failed; methods of ordinary length are far below it and are printed exactly as before. Parts hold
 * at most {@link #PIECE_LIMIT}, 10,000 bytes estimated with state-array accesses ({@link
 * CodeSize#STATE}, about 2.2 times javac's size), which makes parts of 4 to 5 KB: below HotSpot's
 * {@code HugeMethodLimit} (8,000 bytes, above which a method is never JIT-compiled and runs
 * interpreted) and far below 64 KB whatever the estimate's slack. The caller keeps one call per
 * part (about 20 bytes), so it would reach 64 KB only past 3,000 parts, some 30 times the parts of
 * the longest method javac accepts (a method of 64 KB has pullbacks of about 100 parts).
 *
 * <p><b>Cost.</b> A split method allocates its state arrays on each call (8 bytes per double that
 * crosses parts: 29 KB for the pullback of 5,000 statements) and keeps those variables in memory
 * rather than registers: the forward mode of 100 statements (7 KB, JIT-compiled whole) takes 15 to
 * 20% longer per call when forced to split. Against that, a whole method longer than {@code
 * HugeMethodLimit} runs interpreted: the pullback of 450 statements takes 4 µs split against 70 µs
 * whole.
 *
 * <p>The system properties {@code adjoint.splitLimit} and {@code adjoint.pieceLimit} (read by the
 * processor's JVM) override the two limits, so that tests can split every method into parts of a
 * few statements and run the whole corpus through the splitter.
 */
final class MethodSplitter {
  /** Above this estimated size (bytes of bytecode) a generated method is split. */
  static final int METHOD_LIMIT = Integer.getInteger("adjoint.splitLimit", 50_000);

  /** The most a part may hold (estimated bytes), unless it is a single statement. */
  static final int PIECE_LIMIT = Integer.getInteger("adjoint.pieceLimit", 10_000);

  /** A parameter of the generated method: its variable (null where the IR has none) and type. */
  record Param(Var var, String name, TypeName type) {}

  /** Whether methods with sweeps of this estimated size (plus declarations) must be split. */
  static boolean tooLarge(int declarations, Block... sweeps) {
    return estimate(declarations, sweeps) > METHOD_LIMIT;
  }

  /** The estimated bytecode size of a method of these sweeps, plus declarations. */
  static long estimate(int declarations, Block... sweeps) {
    long size = 6L * declarations;
    for (Block b : sweeps) {
      size += CodeSize.LOCALS.of(b);
    }
    return size;
  }

  private sealed interface Segment {}

  /** Consecutive statements printed in a method of their own. */
  private static final class Piece implements Segment {
    final List<Stmt> stmts;
    final boolean inLoop;
    final Set<Var> vars;
    final List<Var> hoisted = new ArrayList<>();

    Piece(List<Stmt> stmts, boolean inLoop) {
      this.stmts = stmts;
      this.inLoop = inLoop;
      this.vars = Mentions.vars(block(stmts));
    }
  }

  /** An if or loop left in the caller, with its parts split; {@code test} is its inlined test. */
  private record Compound(Stmt.Assign test, Stmt stmt, List<List<Segment>> parts)
      implements Segment {}

  private static final Object PARENT = new Object();

  private final CodeWriter writer;
  private final Names names;
  private final String baseName;
  private final Set<String> methodNames;
  private final List<Param> params;
  private final String tape;
  private final Map<Block, List<Segment>> plans = new IdentityHashMap<>();
  private final Map<Var, Object> owners = new LinkedHashMap<>();
  private final Set<Var> loopIndices = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Kind, List<Var>> slots = new EnumMap<>(Kind.class);
  private final Map<Kind, String> arrays = new EnumMap<>(Kind.class);
  private final Set<Var> passed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Param> copied = new ArrayList<>();
  private final List<MethodSpec> pieces = new ArrayList<>();

  /**
   * @param baseName the method's name, which its parts extend
   * @param methodNames the names of the parts already in the class, to which these are added
   * @param tape the name of the method's tape, or null when it has none
   */
  MethodSplitter(
      CodeWriter writer,
      Names names,
      String baseName,
      Set<String> methodNames,
      List<Param> params,
      String tape) {
    this.writer = writer;
    this.names = names;
    this.baseName = baseName;
    this.methodNames = methodNames;
    this.params = params;
    this.tape = tape;
  }

  /**
   * Cuts the sweeps into parts and decides where each variable lives; {@code callerUses} are the
   * variables the method's own code around the sweeps reads (its result, its adjoints).
   */
  void plan(List<Block> sweeps, Set<Var> callerUses) {
    for (Block b : sweeps) {
      plans.put(b, segments(b.stmts(), false));
    }
    for (Block b : sweeps) {
      mentions(plans.get(b));
    }
    callerUses.forEach(v -> owners.put(v, PARENT));
    Set<Var> assigned = new java.util.HashSet<>();
    for (Block b : sweeps) {
      assigned.addAll(dev.adjoint.processor.transform.Statements.assigned(b));
    }
    Set<Var> shared = new LinkedHashSet<>();
    for (Param p : params) {
      if (p.var() != null) {
        if (assigned.contains(p.var())) {
          shared.add(p.var());
          copied.add(p);
        } else {
          passed.add(p.var());
        }
      }
    }
    Set<Stmt> declarations = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Block b : sweeps) {
      locals(plans.get(b), declarations, shared);
    }
    owners.forEach(
        (v, owner) -> {
          if (owner == PARENT
              && !passed.contains(v)
              && !writer.isInlinedVar(v)
              && !loopIndices.contains(v)) {
            shared.add(v);
          }
        });
    Map<Var, String> refs = new IdentityHashMap<>();
    for (Var v : shared) {
      List<Var> ofKind = slots.computeIfAbsent(v.kind(), k -> new ArrayList<>());
      String array = arrays.computeIfAbsent(v.kind(), k -> names.fresh(arrayName(k)));
      refs.put(v, array + "[" + ofKind.size() + "]");
      ofKind.add(v);
    }
    writer.refs(refs);
    writer.declarations(declarations);
  }

  /** Allocates the state arrays and copies in the parameters the method assigns. */
  CodeBlock prologue() {
    CodeBlock.Builder code = CodeBlock.builder();
    slots.forEach(
        (kind, vars) -> {
          TypeName element = CodeWriter.typeName(kind);
          TypeName base = element;
          int dims = 0;
          while (base instanceof ArrayTypeName a) {
            base = a.componentType();
            dims++;
          }
          code.addStatement(
              "$T $N = new $T[$L]$L",
              ArrayTypeName.of(element),
              arrays.get(kind),
              base,
              vars.size(),
              "[]".repeat(dims));
        });
    for (Param p : copied) {
      code.addStatement("$N = $N", writer.ref(p.var()), p.name());
    }
    return code.build();
  }

  /** A sweep's code: calls to its parts, and the control flow left between them. */
  CodeBlock code(Block sweep) {
    CodeBlock.Builder code = CodeBlock.builder();
    segmentsCode(code, plans.get(sweep));
    return code.build();
  }

  /** The parts, in the order their calls were written. */
  List<MethodSpec> pieces() {
    return pieces;
  }

  private static String arrayName(Kind kind) {
    return switch (kind) {
      case DOUBLE -> "doubles";
      case LONG -> "longs";
      case INT -> "ints";
      case BOOLEAN -> "booleans";
      case DOUBLE_ARRAY -> "arrays";
      case DOUBLE_MATRIX -> "matrices";
      case TENSOR -> "tensors";
      case INT_ARRAY -> "intArrays";
      case FLOAT -> "floats";
      case FLOAT_ARRAY -> "floatArrays";
    };
  }

  private static Block block(List<Stmt> stmts) {
    Block b = new Block();
    stmts.forEach(b::add);
    return b;
  }

  // ---------------------------------------------------------------- cutting

  private List<Segment> segments(List<Stmt> stmts, boolean inLoop) {
    List<Segment> out = new ArrayList<>();
    List<Stmt> current = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      List<Stmt> unit = new ArrayList<>(List.of(s));
      if (s instanceof Stmt.Assign a
          && writer.isInlined(a)
          && i + 1 < stmts.size()
          && stmts.get(i + 1) instanceof Stmt.If) {
        unit.add(stmts.get(++i)); // the test stays with its if
      }
      int unitSize = CodeSize.STATE.of(unit);
      Stmt last = unit.get(unit.size() - 1);
      if (unitSize > PIECE_LIMIT
          && (last instanceof Stmt.If
              || last instanceof Stmt.Loop
              || last instanceof Stmt.Repeat)) {
        flush(out, current, inLoop);
        current = new ArrayList<>();
        size = 0;
        out.add(compound(unit.size() == 2 ? (Stmt.Assign) unit.get(0) : null, last, inLoop));
        continue;
      }
      if (size + unitSize > PIECE_LIMIT && !current.isEmpty()) {
        flush(out, current, inLoop);
        current = new ArrayList<>();
        size = 0;
      }
      current.addAll(unit);
      size += unitSize;
    }
    flush(out, current, inLoop);
    return out;
  }

  private static void flush(List<Segment> out, List<Stmt> current, boolean inLoop) {
    if (!current.isEmpty()) {
      out.add(new Piece(current, inLoop));
    }
  }

  private Compound compound(Stmt.Assign test, Stmt s, boolean inLoop) {
    List<List<Segment>> parts = new ArrayList<>();
    if (s instanceof Stmt.If f) {
      parts.add(segments(f.then().stmts(), inLoop));
      parts.add(segments(f.otherwise().stmts(), inLoop));
    } else if (s instanceof Stmt.Loop l) {
      parts.add(inlinedHead(l) != null ? List.of() : segments(l.head().stmts(), true));
      parts.add(segments(l.body().stmts(), true));
    } else {
      parts.add(segments(((Stmt.Repeat) s).body().stmts(), true));
    }
    return new Compound(test, s, parts);
  }

  /** A loop's head when it is one test the emitter writes into the while. */
  private Stmt.Assign inlinedHead(Stmt.Loop l) {
    List<Stmt> head = l.head().stmts();
    return head.size() == 1 && head.get(0) instanceof Stmt.Assign a && writer.isInlined(a)
        ? a
        : null;
  }

  // ---------------------------------------------------------------- where variables live

  private void mention(Var v, Object where) {
    owners.merge(v, where, (a, b) -> a == b ? a : PARENT);
  }

  private void mentions(List<Segment> segments) {
    for (Segment seg : segments) {
      if (seg instanceof Piece p) {
        p.vars.forEach(v -> mention(v, p));
        dev.adjoint.processor.transform.Statements.forEach(
            block(p.stmts),
            s -> {
              if (s instanceof Stmt.Repeat r) {
                loopIndices.add(r.index());
              }
            });
        continue;
      }
      Compound c = (Compound) seg;
      if (c.test() != null) {
        mention(c.test().target(), PARENT);
        Exprs.reads(c.test().value()).forEach(v -> mention(v, PARENT));
      }
      if (c.stmt() instanceof Stmt.If f) {
        Exprs.reads(f.cond()).forEach(v -> mention(v, PARENT));
      } else if (c.stmt() instanceof Stmt.Loop l) {
        Exprs.reads(l.cond()).forEach(v -> mention(v, PARENT));
        Stmt.Assign head = inlinedHead(l);
        if (head != null) {
          mention(head.target(), PARENT);
          Exprs.reads(head.value()).forEach(v -> mention(v, PARENT));
        }
      } else if (c.stmt() instanceof Stmt.Repeat r) {
        Exprs.reads(r.count()).forEach(v -> mention(v, PARENT));
        mention(r.index(), PARENT);
      }
      c.parts().forEach(this::mentions);
    }
  }

  /**
   * The variables each part keeps as locals: those only it mentions, declared where it first
   * assigns them or, in a part that runs once, at its start with their default value. In a part
   * inside a loop a variable read before the part assigns it keeps its value from the previous
   * round in the state.
   */
  private void locals(List<Segment> segments, Set<Stmt> declarations, Set<Var> shared) {
    for (Segment seg : segments) {
      if (seg instanceof Compound c) {
        c.parts().forEach(part -> locals(part, declarations, shared));
        continue;
      }
      Piece p = (Piece) seg;
      Set<Var> pending = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Var v : p.vars) {
        if (owners.get(v) == p
            && !passed.contains(v)
            && !shared.contains(v)
            && !loopIndices.contains(v)
            && !writer.isInlinedVar(v)) {
          pending.add(v);
        }
      }
      for (Stmt s : p.stmts) {
        if (writer.isInlined(s)) {
          // A test written into its if: what it reads is read there.
          for (Var v : Exprs.reads(((Stmt.Assign) s).value())) {
            if (pending.remove(v)) {
              undeclared(p, v, shared);
            }
          }
          continue;
        }
        if (s instanceof Stmt.Assign a
            && pending.contains(a.target())
            && (!Exprs.reads(a.value(), a.target())
                || (!p.inLoop && CodeWriter.isFirstAccumulation(a)))) {
          for (Var v : Exprs.reads(a.value())) {
            if (v != a.target() && pending.remove(v)) {
              undeclared(p, v, shared);
            }
          }
          declarations.add(a);
          pending.remove(a.target());
          continue;
        }
        for (Var v : Mentions.vars(new Block().add(s), writer::isInlined)) {
          if (pending.remove(v)) {
            undeclared(p, v, shared);
          }
        }
      }
    }
  }

  /** A variable a part reads before it assigns it: a local with its default, or state. */
  private static void undeclared(Piece p, Var v, Set<Var> shared) {
    if (p.inLoop) {
      shared.add(v);
    } else {
      p.hoisted.add(v);
    }
  }

  // ---------------------------------------------------------------- printing

  private void segmentsCode(CodeBlock.Builder code, List<Segment> segments) {
    for (Segment seg : segments) {
      if (seg instanceof Piece p) {
        code.addStatement("$N($L)", piece(p), arguments(p));
        continue;
      }
      Compound c = (Compound) seg;
      if (c.stmt() instanceof Stmt.If f) {
        var cond = c.test() != null ? c.test().value() : f.cond();
        if (f.then().isEmpty()) {
          code.beginControlFlow("if ($L)", writer.expr(CodeWriter.not(cond), 0));
          segmentsCode(code, c.parts().get(1));
          code.endControlFlow();
          continue;
        }
        code.beginControlFlow("if ($L)", writer.expr(cond, 0));
        segmentsCode(code, c.parts().get(0));
        if (!f.otherwise().isEmpty()) {
          code.nextControlFlow("else");
          segmentsCode(code, c.parts().get(1));
        }
        code.endControlFlow();
      } else if (c.stmt() instanceof Stmt.Loop l) {
        Stmt.Assign head = inlinedHead(l);
        if (l.head().isEmpty() || head != null) {
          code.beginControlFlow(
              "while ($L)", writer.expr(head != null ? head.value() : l.cond(), 0));
        } else {
          code.beginControlFlow("while (true)");
          segmentsCode(code, c.parts().get(0));
          code.beginControlFlow("if ($L)", writer.expr(CodeWriter.not(l.cond()), 0));
          code.addStatement("break");
          code.endControlFlow();
        }
        segmentsCode(code, c.parts().get(1));
        code.endControlFlow();
      } else {
        Stmt.Repeat r = (Stmt.Repeat) c.stmt();
        String index = writer.ref(r.index());
        code.beginControlFlow(
            "for ($N = 0; $N < $L; $N++)", index, index, writer.expr(r.count(), 9), index);
        segmentsCode(code, c.parts().get(0));
        code.endControlFlow();
      }
    }
  }

  /** The arguments of a call to a part: the parameters it reads, the tape and the state. */
  private CodeBlock arguments(Piece p) {
    List<CodeBlock> args = new ArrayList<>();
    for (Param param : params) {
      if (isPassedTo(param, p)) {
        args.add(CodeBlock.of("$N", param.name()));
      }
    }
    if (tape != null) {
      args.add(CodeBlock.of("$N", tape));
    }
    arrays.forEach((kind, name) -> args.add(CodeBlock.of("$N", name)));
    return CodeBlock.join(args, ",$W");
  }

  private boolean isPassedTo(Param param, Piece p) {
    return param.var() != null && passed.contains(param.var()) && p.vars.contains(param.var());
  }

  private String piece(Piece p) {
    String name;
    for (int k = pieces.size() + 1; ; k++) {
      name = baseName + "Part" + k;
      if (methodNames.add(name)) {
        break;
      }
    }
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addJavadoc(
                "Part of {@link #$N}, which would exceed the JVM's 64 KB of bytecode in one"
                    + " method.\n",
                baseName);
    for (Param param : params) {
      if (isPassedTo(param, p)) {
        method.addParameter(param.type(), param.name());
      }
    }
    if (tape != null) {
      method.addParameter(CodeWriter.TAPE, tape);
    }
    arrays.forEach(
        (kind, array) -> method.addParameter(ArrayTypeName.of(CodeWriter.typeName(kind)), array));
    for (Var v : p.hoisted) {
      method.addStatement(
          "$T $N = $L",
          CodeWriter.typeName(v.kind()),
          names.name(v),
          CodeWriter.defaultValue(v.kind()));
    }
    method.addCode(writer.block(block(p.stmts)));
    pieces.add(method.build());
    return name;
  }
}
