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
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Mentions;
import dev.adjoint.processor.ir.Precedence;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.read.DifferentiableSignature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints IR statements and expressions as Java. Declares each variable at its first assignment
 * where that is at the top level of the method, and inlines a boolean test into the {@code if} or
 * {@code while} that uses it, so that the code reads close to what a person would write.
 */
final class CodeWriter {
  static final ClassName TAPE = ClassName.get("dev.adjoint", "Tape");
  static final ClassName ADJOINT = ClassName.get("dev.adjoint", "Adjoint");
  static final ClassName TENSOR_ADJOINTS = ClassName.get("dev.adjoint.tensor", "TensorAdjoints");
  static final ClassName BUFFERS = ClassName.get("dev.adjoint", "Buffers");
  private static final int UNARY = Precedence.UNARY;
  private static final int ATOM = Precedence.ATOM;

  private final Names names;
  private final String tape;
  private final boolean tapeInScope;
  private final OwnSweeps own;
  private final Map<Var, Integer> uses = new HashMap<>();
  private final Set<Stmt> inlined = Collections.newSetFromMap(new IdentityHashMap<>());
  private Set<Stmt> declarations = Set.of();
  private final Set<Var> declared = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Var> inlinedVars = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * How a split method reaches the variables it keeps in its state arrays ({@link MethodSplitter}).
   */
  private Map<Var, String> refs = Map.of();

  private final Set<TypeRef> referenced = new java.util.LinkedHashSet<>();

  /**
   * A writer of the code of one method.
   *
   * @param names the method's names
   * @param tape the name of its tape variable
   * @param tapeInScope whether the method declares that variable: calls of the companion's own
   *     tape-taking methods pass it, else look the tape up
   * @param own the companion's tape-taking methods
   * @param blocks every block the method's code is written from
   */
  CodeWriter(Names names, String tape, boolean tapeInScope, OwnSweeps own, Block... blocks) {
    this.names = names;
    this.tape = tape;
    this.tapeInScope = tapeInScope;
    this.own = own;
    for (Block b : blocks) {
      countUses(b);
    }
    for (Block b : blocks) {
      findInlined(b);
    }
    for (Stmt s : inlined) {
      inlinedVars.add(((Stmt.Assign) s).target());
    }
  }

  /**
   * Arrays whose elements live in another array from an offset: a Jacobian's row, into which the
   * reverse sweep adds an input's adjoints directly ({@code row[at + i]} for {@code xBar[i]}).
   */
  private final Map<Var, Placement> placed = new java.util.HashMap<>();

  /** An array's elements from {@code at} on in {@code row}; a null {@code at} is 0. */
  private record Placement(String row, String at) {}

  /**
   * Prints element {@code i} of {@code array} as {@code row[at + i]}, or {@code row[i]} for a null
   * {@code at}; the array must be mentioned only through its elements.
   */
  void place(Var array, String row, String at) {
    placed.put(array, new Placement(row, at));
  }

  /** {@code a[i]}, or where {@code a} is placed in a row, that row's element. */
  private Fragment element(Expr array, Expr index) {
    if (array instanceof Expr.Ref r && placed.containsKey(r.var())) {
      Placement p = placed.get(r.var());
      if (p.at() == null) {
        return Fragment.of("$N[$L]", p.row(), fragment(index, 0));
      }
      return index instanceof Expr.Const c && c.value().equals(0)
          ? Fragment.of("$N[$N]", p.row(), p.at())
          : Fragment.of("$N[$N + $L]", p.row(), p.at(), fragment(index, Precedence.UNARY));
    }
    return Fragment.of("$L[$L]", fragment(array, ATOM), fragment(index, 0));
  }

  /** Prints the given variables as these expressions (a state array's element) instead of names. */
  void refs(Map<Var, String> refs) {
    this.refs = refs;
  }

  /** How the code refers to a variable: its name, or its element of a split method's state. */
  String ref(Var v) {
    String r = refs.get(v);
    return r != null ? r : names.name(v);
  }

  /** Whether a variable lives in a split method's state arrays. */
  boolean isShared(Var v) {
    return refs.containsKey(v);
  }

  /**
   * The classes whose fields and methods the code written so far uses, other than generated
   * companions (each of which has a file of its own).
   */
  Set<TypeRef> referenced() {
    return referenced;
  }

  private ClassName reference(TypeRef type) {
    referenced.add(type);
    return className(type);
  }

  /** The assignments that {@link #declare} may declare in place. */
  void declarations(Set<Stmt> declarations) {
    this.declarations = declarations;
  }

  /** Whether an assignment is written into the if or while that uses its value. */
  boolean isInlined(Stmt s) {
    return inlined.contains(s);
  }

  /** Whether a variable exists only inside the condition it was inlined into. */
  boolean isInlinedVar(Var v) {
    return inlinedVars.contains(v);
  }

  private void findInlined(Block block) {
    List<Stmt> stmts = block.stmts();
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      if (s instanceof Stmt.Assign a
          && i + 1 < stmts.size()
          && stmts.get(i + 1) instanceof Stmt.If f
          && inlinable(a, f.cond())) {
        inlined.add(a);
      }
      if (s instanceof Stmt.Loop l
          && l.head().stmts().size() == 1
          && l.head().stmts().get(0) instanceof Stmt.Assign a
          && inlinable(a, l.cond())) {
        inlined.add(a);
      }
      Stmts.blocks(s).forEach(this::findInlined);
    }
  }

  private void countUses(Block block) {
    for (Stmt s : block) {
      s.accept(useCounter);
    }
  }

  /** Counts the uses of variables in a statement: each expression's reads count once. */
  private final Stmt.Visitor<Void> useCounter =
      new Stmt.Visitor<>() {
        @Override
        public Void visitAssign(Stmt.Assign s) {
          use(s.target());
          count(s.value());
          return null;
        }

        @Override
        public Void visitIf(Stmt.If s) {
          count(s.cond());
          countUses(s.then());
          countUses(s.otherwise());
          return null;
        }

        @Override
        public Void visitLoop(Stmt.Loop s) {
          count(s.cond());
          countUses(s.head());
          countUses(s.body());
          return null;
        }

        @Override
        public Void visitRepeat(Stmt.Repeat s) {
          count(s.count());
          countUses(s.body());
          return null;
        }

        @Override
        public Void visitStore(Stmt.Store s) {
          count(s.array());
          count(s.index());
          count(s.value());
          return null;
        }

        @Override
        public Void visitPush(Stmt.Push s) {
          count(s.value());
          return null;
        }

        @Override
        public Void visitPullbackCall(Stmt.PullbackCall s) {
          if (!s.split()) {
            s.args().forEach(CodeWriter.this::count);
          }
          count(s.seed());
          s.adjoints()
              .forEach(
                  v -> {
                    if (v != null) {
                      use(v);
                    }
                  });
          return null;
        }

        @Override
        public Void visitTangentCall(Stmt.TangentCall s) {
          return mentions(s);
        }

        @Override
        public Void visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
          return mentions(s);
        }

        /** One use of each variable the statement mentions (these are never inlined into). */
        private Void mentions(Stmt s) {
          Mentions.vars(new Block().add(s)).forEach(CodeWriter.this::use);
          return null;
        }
      };

  private void count(Expr e) {
    Exprs.reads(e).forEach(this::use);
  }

  private void use(Var v) {
    uses.merge(v, 1, Integer::sum);
  }

  // ---------------------------------------------------------------- statements

  CodeBlock block(Block block) {
    CodeBlock.Builder code = CodeBlock.builder();
    List<Stmt> stmts = block.stmts();
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      Stmt next = i + 1 < stmts.size() ? stmts.get(i + 1) : null;
      if (s instanceof Stmt.Assign a && next instanceof Stmt.If f && inlined.contains(a)) {
        ifStatement(code, a.value(), f);
        i++;
      } else {
        statement(code, s);
      }
    }
    return code.build();
  }

  /** {@code vBar += e} on an adjoint, which starts at zero: declarable as {@code vBar = e}. */
  static boolean isFirstAccumulation(Stmt.Assign a) {
    return a.target().role() == Var.Role.ADJOINT && Exprs.isAccumulation(a.target(), a.value());
  }

  /** A boolean temporary set just before its only use can be written in place. */
  private boolean inlinable(Stmt.Assign a, Expr use) {
    Var v = a.target();
    return use instanceof Expr.Ref r
        && r.var() == v
        && v.kind() == Kind.BOOLEAN
        && (v.role() == Var.Role.TEMP || v.role() == Var.Role.FLAG)
        && uses.getOrDefault(v, 0) == 2;
  }

  private void statement(CodeBlock.Builder code, Stmt s) {
    s.accept(
        new Stmt.Visitor<Void>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            if (a.target().role() != Var.Role.ADJOINT
                && a.value() instanceof Expr.NewArray n
                && n.dimensions().size() == 1
                && n.dimensions().get(0) instanceof Expr.Call c
                && c.callee().name().equals("slices")
                && c.callee().owner().qualifiedName().equals(ADJOINT.canonicalName())) {
              // The reader sees an array larger than the method's: say why (ArrayExpansion).
              code.add(
                  "// $L slices of $L doubles, one per iteration of the loop that fills it: the"
                      + " reverse sweep reads\n// each iteration's values instead of taping them.\n",
                  expr(c.args().get(0), 0),
                  expr(c.args().get(1), 0));
            }
            assign(code, a);
            return null;
          }

          @Override
          public Void visitIf(Stmt.If f) {
            ifStatement(code, f.cond(), f);
            return null;
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            loop(code, l);
            return null;
          }

          @Override
          public Void visitRepeat(Stmt.Repeat r) {
            String index = ref(r.index());
            code.beginControlFlow(
                isShared(r.index())
                    ? "for ($N = 0; $N < $L; $N++)"
                    : "for (int $N = 0; $N < $L; $N++)",
                index,
                index,
                expr(r.count(), 9),
                index);
            code.add(block(r.body()));
            code.endControlFlow();
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            Fragment element = element(st.array(), st.index());
            if (st.value() instanceof Expr.Binary b
                && b.op() == dev.adjoint.processor.ir.BinaryOp.ADD
                && b.left().equals(new Expr.Load(st.array(), st.index()))) {
              addStatement(code, "$L += $L", element, fragment(b.right(), 0));
            } else {
              addStatement(code, "$L = $L", element, fragment(st.value(), 0));
            }
            return null;
          }

          @Override
          public Void visitPush(Stmt.Push p) {
            addStatement(code, "$N.push($L)", tape, fragment(p.value(), 0));
            return null;
          }

          @Override
          public Void visitPullbackCall(Stmt.PullbackCall p) {
            pullbackCall(
                code,
                p.callee(),
                p.split() ? null : p.args(),
                null,
                p.seed(),
                null,
                p.adjoints(),
                null);
            return null;
          }

          @Override
          public Void visitTangentCall(Stmt.TangentCall t) {
            tangentCall(code, t);
            return null;
          }

          @Override
          public Void visitPullbackJvpCall(Stmt.PullbackJvpCall p) {
            pullbackCall(
                code,
                p.callee(),
                p.args(),
                p.tangents(),
                p.seed(),
                p.seedTangent(),
                p.adjoints(),
                p.adjointTangents());
            return null;
          }
        });
  }

  private void assign(CodeBlock.Builder code, Stmt.Assign a) {
    Var v = a.target();
    String name = ref(v);
    // A statement can be printed twice (a do-while body is reversed once before its loop and once
    // inside it), but declares its variable only the first time.
    if (declarations.contains(a) && declared.add(v)) {
      Expr value = a.value();
      if (isFirstAccumulation(a)) {
        // The first of a sum into a zero: declare the variable with the first term.
        Expr.Binary b = (Expr.Binary) value;
        value =
            b.op() == dev.adjoint.processor.ir.BinaryOp.ADD
                ? b.right()
                : new Expr.Unary(UnaryOp.NEG, b.right(), Kind.DOUBLE);
      }
      addStatement(code, "$T $N = $L", typeName(v.kind()), name, fragment(value, 0));
      return;
    }
    if (Exprs.isAccumulation(v, a.value())) {
      Expr.Binary b = (Expr.Binary) a.value();
      boolean plus = b.op() == dev.adjoint.processor.ir.BinaryOp.ADD;
      if (v.kind().isIntegral() && b.right() instanceof Expr.Const c && c.isOne()) {
        addStatement(code, "$N$L", name, plus ? "++" : "--");
      } else {
        addStatement(code, "$N $L= $L", name, plus ? "+" : "-", fragment(b.right(), 0));
      }
      return;
    }
    addStatement(code, "$N = $L", name, fragment(a.value(), 0));
  }

  /**
   * {@code code.addStatement(format, args)} with the statement as one flat {@link Fragment}: a
   * statement per few pieces for JavaPoet to write, however long its expressions.
   */
  private static void addStatement(CodeBlock.Builder code, String format, Object... args) {
    code.add(Fragment.of("$[" + format + ";\n$]", args).code());
  }

  private void ifStatement(CodeBlock.Builder code, Expr cond, Stmt.If f) {
    if (f.then().isEmpty()) {
      code.beginControlFlow("if ($L)", expr(not(cond), 0));
      code.add(block(f.otherwise()));
      code.endControlFlow();
      return;
    }
    code.beginControlFlow("if ($L)", expr(cond, 0));
    code.add(block(f.then()));
    if (!f.otherwise().isEmpty()) {
      code.nextControlFlow("else");
      code.add(block(f.otherwise()));
    }
    code.endControlFlow();
  }

  static Expr not(Expr cond) {
    if (cond instanceof Expr.Unary u && u.op() == UnaryOp.NOT) {
      return u.operand();
    }
    return new Expr.Unary(UnaryOp.NOT, cond, Kind.BOOLEAN);
  }

  private void loop(CodeBlock.Builder code, Stmt.Loop l) {
    List<Stmt> head = l.head().stmts();
    if (head.isEmpty()) {
      code.beginControlFlow("while ($L)", expr(l.cond(), 0));
      code.add(block(l.body()));
      code.endControlFlow();
      return;
    }
    if (head.size() == 1 && head.get(0) instanceof Stmt.Assign a && inlined.contains(a)) {
      code.beginControlFlow("while ($L)", expr(a.value(), 0));
      code.add(block(l.body()));
      code.endControlFlow();
      return;
    }
    code.beginControlFlow("while (true)");
    code.add(block(l.head()));
    code.beginControlFlow("if ($L)", expr(not(l.cond()), 0));
    code.addStatement("break");
    code.endControlFlow();
    code.add(block(l.body()));
    code.endControlFlow();
  }

  /**
   * Calls another method's pullback (or, given tangents, the forward mode of its pullback): its
   * scalar adjoints arrive in scratch buffers from the tape, its array adjoints are added straight
   * into our adjoint arrays.
   */
  private void pullbackCall(
      CodeBlock.Builder code,
      dev.adjoint.processor.ir.Callee callee,
      List<Expr> args,
      List<Expr> tangents,
      Expr seed,
      Expr seedTangent,
      List<Var> adjoints,
      List<Var> adjointTangents) {
    boolean jvp = tangents != null;
    int scalars = 0;
    for (int i : callee.differentiated()) {
      scalars += callee.parameterKinds().get(i) == Kind.DOUBLE ? 1 : 0;
    }
    String buffer = scalars == 0 ? null : names.fresh(callee.name() + "Adjoint");
    String dotBuffer = scalars == 0 || !jvp ? null : names.fresh(callee.name() + "AdjointDot");
    for (String b : java.util.Arrays.asList(buffer, dotBuffer)) {
      if (b != null) {
        code.addStatement("double[] $N = $N.scratch($L)", b, tape, scalars);
      }
    }
    // Split mode (no args): the callee's fReverse, which its fForward gave its arguments.
    boolean split = args == null;
    CodeBlock.Builder call = CodeBlock.builder();
    if (split
        && own.passesTape(
            callee.companion(), DifferentiableSignature.reverseMethodName(callee.name()))) {
      call.add("$L,$W", tapeArgument().code());
    }
    if (!split) {
      for (Expr arg : args) {
        call.add("$L,$W", expr(arg, 0));
      }
    }
    if (jvp) {
      for (int k = 0; k < callee.differentiated().size(); k++) {
        call.add(
            "$L,$W", tangentArgument(tangents.get(k), args.get(callee.differentiated().get(k))));
      }
    }
    call.add("$L", expr(seed, 0));
    if (jvp) {
      call.add(",$W$L", tangentArgument(seedTangent, seed));
    }
    if (buffer != null) {
      call.add(",$W$N", buffer);
    }
    if (dotBuffer != null) {
      call.add(",$W$N", dotBuffer);
    }
    List<String> holders = new java.util.ArrayList<>();
    for (int k = 0; k < callee.differentiated().size(); k++) {
      int i = callee.differentiated().get(k);
      if (callee.parameterKinds().get(i) == Kind.TENSOR) {
        String holder = names.fresh(callee.name() + "TensorAdjoint");
        code.addStatement("$T[] $N = new $T[1]", TENSOR, holder, TENSOR);
        call.add(",$W$N", holder);
        holders.add(holder);
        continue;
      }
      if (callee.parameterKinds().get(i).isArray() && !split) {
        call.add(",$W$L", adjointArray(adjoints.get(k), args.get(i)));
        if (jvp) {
          call.add(",$W$L", adjointArray(adjointTangents.get(k), args.get(i)));
        }
      }
    }
    code.addStatement(
        "$T.$N($L)",
        className(callee.companion()),
        split
            ? DifferentiableSignature.reverseMethodName(callee.name())
            : callee.name() + (jvp ? "PullbackJvp" : "Pullback"),
        call.build());
    int slot = 0;
    int holder = 0;
    for (int k = 0; k < callee.differentiated().size(); k++) {
      Kind kind = callee.parameterKinds().get(callee.differentiated().get(k));
      if (kind == Kind.TENSOR) {
        Var target = adjoints.get(k);
        String h = holders.get(holder++);
        if (target != null) {
          code.addStatement(
              "$N = $T.accumulate($N, $N[0])", ref(target), TENSOR_ADJOINTS, ref(target), h);
        }
        continue;
      }
      if (kind != Kind.DOUBLE) {
        continue;
      }
      Var target = adjoints.get(k);
      if (target != null) {
        code.addStatement("$N += $N[$L]", ref(target), buffer, slot);
      }
      Var dot = jvp ? adjointTangents.get(k) : null;
      if (dot != null) {
        code.addStatement("$N += $N[$L]", ref(dot), dotBuffer, slot);
      }
      slot++;
    }
    for (String b : java.util.Arrays.asList(buffer, dotBuffer)) {
      if (b != null) {
        code.addStatement("$N.releaseScratch()", tape);
      }
    }
  }

  /** The tape a call of the companion's own tape-taking method passes. */
  private Fragment tapeArgument() {
    return tapeInScope ? Fragment.of("$N", tape) : Fragment.of("$T.get()", TAPE);
  }

  /** Our adjoint array for an argument, or a scratch one where the argument is inactive. */
  private CodeBlock adjointArray(Var target, Expr arg) {
    return target != null
        ? CodeBlock.of("$N", ref(target))
        : CodeBlock.of("$T.zerosLike($L)", ADJOINT, expr(arg, 0));
  }

  /** A tangent passed to a callee: a zero where the argument has none. */
  private CodeBlock tangentArgument(Expr tangent, Expr arg) {
    if (tangent != null) {
      return expr(tangent, 0);
    }
    if (arg.kind() == Kind.TENSOR) {
      return CodeBlock.of("null"); // a JVP takes a null tensor tangent as zero
    }
    return arg.kind().isArray()
        ? CodeBlock.of("$T.zerosLike($L)", ADJOINT, expr(arg, 0))
        : CodeBlock.of("0.0");
  }

  /** Forward mode through a {@code @Differentiable} callee: its value and tangent, from its JVP. */
  private void tangentCall(CodeBlock.Builder code, Stmt.TangentCall t) {
    var callee = t.callee();
    String result = names.fresh(callee.name() + "Jvp");
    CodeBlock.Builder call = CodeBlock.builder();
    for (Expr arg : t.args()) {
      call.add("$L,$W", expr(arg, 0));
    }
    for (int k = 0; k < callee.differentiated().size(); k++) {
      call.add(
          k == 0 ? "$L" : ",$W$L",
          tangentArgument(t.tangents().get(k), t.args().get(callee.differentiated().get(k))));
    }
    ClassName companion = className(callee.companion());
    ClassName record =
        companion.nestedClass(
            dev.adjoint.processor.read.DifferentiableSignature.recordName(callee.name(), "Jvp"));
    code.addStatement(
        "$T $N = $T.$N($L)", record, result, companion, callee.name() + "Jvp", call.build());
    code.addStatement("$N = $N.value()", ref(t.target()), result);
    code.addStatement("$N = $N.tangent()", ref(t.targetTangent()), result);
  }

  // ---------------------------------------------------------------- expressions

  /** An expression, parenthesised when it binds less tightly than {@code context} requires. */
  CodeBlock expr(Expr e, int context) {
    return fragment(e, context).code();
  }

  private Fragment fragment(Expr e, int context) {
    int precedence = e.accept(PRECEDENCE);
    Fragment code = e.accept(bare);
    return precedence < context ? Fragment.of("($L)", code) : code;
  }

  /** How tightly an expression's Java form binds; a popped reference is a cast of popObject(). */
  private static final Expr.Visitor<Integer> PRECEDENCE =
      new Precedence() {
        @Override
        public Integer visitPop(Expr.Pop e) {
          return e.kind().isReference() ? UNARY : ATOM;
        }
      };

  /** An expression's Java form, without parentheses around it. */
  private final Expr.Visitor<Fragment> bare =
      new Expr.Visitor<>() {
        @Override
        public Fragment visitRef(Expr.Ref r) {
          return Fragment.of("$N", ref(r.var()));
        }

        @Override
        public Fragment visitConst(Expr.Const c) {
          return Fragment.of("$L", literal(c));
        }

        @Override
        public Fragment visitField(Expr.Field f) {
          return Fragment.of("$T.$N", reference(f.owner()), f.name());
        }

        @Override
        public Fragment visitUnary(Expr.Unary u) {
          Fragment operand = fragment(u.operand(), UNARY);
          // Keep "- -x" from reading as a decrement.
          if (operand.startsWith(u.op().symbol())) {
            operand = Fragment.of("($L)", operand);
          }
          return Fragment.of("$L$L", u.op().symbol(), operand);
        }

        @Override
        public Fragment visitBinary(Expr.Binary b) {
          int p = b.op().precedence();
          return Fragment.of(
              "$L$W$L $L", fragment(b.left(), p), b.op().symbol(), fragment(b.right(), p + 1));
        }

        @Override
        public Fragment visitCast(Expr.Cast c) {
          return Fragment.of("($L) $L", c.kind().javaName(), fragment(c.operand(), UNARY));
        }

        @Override
        public Fragment visitCall(Expr.Call c) {
          if (c.callee().records() != null) {
            return recordCall(c);
          }
          List<Fragment> list = new ArrayList<>();
          int first = c.callee().instance() ? 1 : 0;
          if (own.passesTape(c.callee().owner(), c.callee().name())) {
            list.add(tapeArgument());
          }
          for (int i = first; i < c.args().size(); i++) {
            list.add(fragment(c.args().get(i), 0));
          }
          Fragment args = Fragment.join(list, ",$W");
          if (c.callee().instance()) {
            return Fragment.of(
                "$L.$N($L)", fragment(c.args().get(0), ATOM), c.callee().name(), args);
          }
          // A companion's own method (a callee's fForward) is in a generated file of its own.
          TypeRef owner = c.callee().owner();
          return Fragment.of(
              "$T.$N($L)",
              owner.equals(c.callee().companion()) ? className(owner) : reference(owner),
              c.callee().name(),
              args);
        }

        /**
         * A call of a method that takes records, whose IR arguments are the records' leaves: each
         * record is rebuilt with its canonical constructor, the receiver of an instance method too.
         */
        private Fragment recordCall(Expr.Call c) {
          int[] next = {0};
          List<Fragment> args = new ArrayList<>();
          for (var node : c.callee().records().parameters()) {
            args.add(rebuild(node, c.args(), next));
          }
          if (c.callee().records().instance()) {
            return Fragment.of(
                "$L.$N($L)",
                args.get(0),
                c.callee().name(),
                Fragment.join(args.subList(1, args.size()), ",$W"));
          }
          return Fragment.of(
              "$T.$N($L)",
              reference(c.callee().owner()),
              c.callee().name(),
              Fragment.join(args, ",$W"));
        }

        private Fragment rebuild(
            dev.adjoint.processor.ir.RecordLayout.Node node, List<Expr> leaves, int[] next) {
          if (node instanceof dev.adjoint.processor.ir.RecordLayout.Composite r) {
            List<Fragment> parts = new ArrayList<>();
            for (var component : r.components()) {
              parts.add(rebuild(component, leaves, next));
            }
            return Fragment.of("(new $T($L))", className(r.type()), Fragment.join(parts, ",$W"));
          }
          return fragment(leaves.get(next[0]++), 0);
        }

        @Override
        public Fragment visitPop(Expr.Pop p) {
          if (p.kind().isReference()) {
            return Fragment.of("($T) $N.popObject()", typeName(p.kind()), tape);
          }
          String kind = p.kind().javaName();
          return Fragment.of(
              "$N.pop$L()", tape, Character.toUpperCase(kind.charAt(0)) + kind.substring(1));
        }

        @Override
        public Fragment visitLoad(Expr.Load l) {
          return element(l.array(), l.index());
        }

        @Override
        public Fragment visitLength(Expr.Length l) {
          return Fragment.of("$L.length", fragment(l.array(), ATOM));
        }

        @Override
        public Fragment visitArrayLiteral(Expr.ArrayLiteral l) {
          List<Fragment> elements = new ArrayList<>();
          l.elements().forEach(e -> elements.add(fragment(e, 0)));
          return Fragment.of("new $T {$L}", typeName(l.kind()), Fragment.join(elements, ",$W"));
        }

        @Override
        public Fragment visitNewArray(Expr.NewArray n) {
          List<Fragment> dims = new ArrayList<>();
          n.dimensions().forEach(d -> dims.add(Fragment.of("[$L]", fragment(d, 0))));
          return Fragment.of("new double$L", Fragment.join(dims, ""));
        }
      };

  static String literal(Expr.Const c) {
    Object v = c.value();
    return switch (c.kind()) {
      case DOUBLE -> {
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d)) {
          yield "Double.NaN";
        }
        if (Double.isInfinite(d)) {
          yield d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        yield Double.toString(d);
      }
      case FLOAT -> {
        float f = ((Number) v).floatValue();
        if (Float.isNaN(f)) {
          yield "Float.NaN";
        }
        if (Float.isInfinite(f)) {
          yield f > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
        }
        yield Float.toString(f) + "f";
      }
      case LONG -> ((Number) v).longValue() + "L";
      case INT -> Integer.toString(((Number) v).intValue());
      case BOOLEAN -> v.toString();
      case TENSOR -> "null"; // the zero adjoint
      case DOUBLE_ARRAY, DOUBLE_MATRIX, INT_ARRAY, FLOAT_ARRAY -> {
        if (v == null) {
          yield "null"; // a zero tangent passed to a tangent rule
        }
        throw new IllegalStateException("no literal of kind " + c.kind());
      }
    };
  }

  static ClassName className(TypeRef type) {
    List<String> simple = type.simpleNames();
    return ClassName.get(
        type.packageName(), simple.get(0), simple.subList(1, simple.size()).toArray(new String[0]));
  }

  static String defaultValue(Kind kind) {
    return switch (kind) {
      case DOUBLE -> "0.0";
      case FLOAT -> "0.0f";
      case LONG -> "0L";
      case INT -> "0";
      case BOOLEAN -> "false";
      case DOUBLE_ARRAY, DOUBLE_MATRIX, TENSOR, INT_ARRAY, FLOAT_ARRAY -> "null";
    };
  }

  static final ClassName TENSOR = ClassName.bestGuess(Kind.TENSOR_CLASS);

  /** {@code Tensor[][]}: the holders of typed buffers' tensors. */
  static final com.palantir.javapoet.ArrayTypeName TENSOR_HOLDERS =
      com.palantir.javapoet.ArrayTypeName.of(com.palantir.javapoet.ArrayTypeName.of(TENSOR));

  /** The Java type of a kind. */
  static com.palantir.javapoet.TypeName typeName(Kind kind) {
    return switch (kind) {
      case DOUBLE -> com.palantir.javapoet.TypeName.DOUBLE;
      case LONG -> com.palantir.javapoet.TypeName.LONG;
      case INT -> com.palantir.javapoet.TypeName.INT;
      case BOOLEAN -> com.palantir.javapoet.TypeName.BOOLEAN;
      case DOUBLE_ARRAY -> com.palantir.javapoet.ArrayTypeName.of(double.class);
      case DOUBLE_MATRIX -> com.palantir.javapoet.ArrayTypeName.of(double[].class);
      case TENSOR -> TENSOR;
      case INT_ARRAY -> com.palantir.javapoet.ArrayTypeName.of(int.class);
      case FLOAT -> com.palantir.javapoet.TypeName.FLOAT;
      case FLOAT_ARRAY -> com.palantir.javapoet.ArrayTypeName.of(float.class);
    };
  }
}
