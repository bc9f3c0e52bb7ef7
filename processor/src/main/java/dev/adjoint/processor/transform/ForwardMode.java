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
package dev.adjoint.processor.transform;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Origin;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The forward-mode (tangent) transform: each assignment to a variable that depends on the seeded
 * inputs is paired with the assignment of its tangent, so that one sweep, with no tape, computes
 * the value and the directional derivative together.
 *
 * <p>A library call's tangent comes from its {@code @TangentOf} rule ({@link Callee#tangent()}),
 * called with the arguments, the result if the rule takes it, and one tangent per differentiable
 * argument (0.0, or null for an array or tensor, where an argument has none). Without a rule, a
 * function of doubles and arrays with a double result gets its tangent from its pullbacks (exact
 * for a scalar result); anything else with a {@code Tensor} argument or result is a problem, and
 * the method gets no forward mode. Tensor variables have tensor tangents, null meaning zero.
 *
 * <p>It applies to any IR, not only to a lowered method: applied to a pullback's two sweeps it
 * gives forward-over-reverse second derivatives. For that it also handles what only reverse sweeps
 * contain: values pushed on the tape (their tangents are pushed beside them), calls of other
 * pullbacks, and the zero-cotangent guards (which must also let a nonzero tangent through).
 */
public final class ForwardMode {
  private final Set<Var> varied = new HashSet<>();
  private final Map<Var, Var> tangents = new LinkedHashMap<>();
  private final Function<Callee, List<Callee.CustomPullback>> pullbacks;

  /** The method's array model: which call arguments may be written through the call's result. */
  private final ArrayAliasing aliasing;

  /** What to write where a call's argument carries a tangent its callee has no derivative for. */
  private final java.util.function.BiFunction<Callee, Integer, String> noDerivative;

  private final List<Problem> problems = new ArrayList<>();

  /**
   * The tangent program.
   *
   * @param blocks the transformed blocks, one per block given
   * @param tangents the tangent variable of each variable that has one
   * @param problems what forward mode cannot differentiate, as messages; the blocks are unusable
   *     when there is one
   */
  public record Tangent(List<Block> blocks, Map<Var, Var> tangents, List<Problem> problems) {
    /**
     * Whether forward mode applies: the blocks are usable only then.
     *
     * @return whether forward mode could differentiate everything
     */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private ForwardMode(
      Function<Callee, List<Callee.CustomPullback>> pullbacks,
      ArrayAliasing aliasing,
      java.util.function.BiFunction<Callee, Integer, String> noDerivative) {
    this.pullbacks = pullbacks;
    this.aliasing = aliasing;
    this.noDerivative = noDerivative;
  }

  /**
   * Differentiates {@code blocks}, which run one after the other, along the tangents of {@code
   * seeds}.
   *
   * @param blocks the blocks to differentiate (a method's body, or a pullback's two sweeps)
   * @param seeds the variables whose tangents are inputs
   * @param pullbacks the declared pullbacks of a library callee, for callees whose own list is
   *     empty (the pullback functions that reverse sweeps call)
   * @param useful whether the outputs depend on a variable; tangents are computed for those only
   * @param aliasing the method's array model (statements it does not know are not calls of it)
   * @param noDerivative the advice of a problem about a callee (a pullback function, for second
   *     order) without a derivative with respect to an argument (from 0) that carries a tangent
   * @param parameters the method's parameters: those outside {@code seeds} that vary get zero
   *     tangents on entry
   * @return the tangent program, or its problems
   */
  public static Tangent transform(
      List<Block> blocks,
      Collection<Var> seeds,
      Function<Callee, List<Callee.CustomPullback>> pullbacks,
      java.util.function.Predicate<Var> useful,
      ArrayAliasing aliasing,
      java.util.function.BiFunction<Callee, Integer, String> noDerivative,
      List<Var> parameters) {
    ForwardMode f = new ForwardMode(pullbacks, aliasing, noDerivative);
    f.varied.addAll(seeds);
    f.findVaried(blocks);
    // No useful variable reads one that is not, so those need no tangent.
    f.varied.removeIf(v -> !seeds.contains(v) && !useful.test(v));
    boolean reverseSweeps = blocks.size() > 1;
    if (reverseSweeps && f.varied.stream().anyMatch(v -> v.kind() == Kind.TENSOR)) {
      // The pullback's sweeps hold tensor adjoints, taped tensors and their accumulations, which
      // this transform has no rules for.
      f.problems.add(
          Problem.at(
              null,
              "second derivatives of Tensor values are not supported yet",
              "Use order = 1 (the gradient and forward mode): second derivatives are offered for"
                  + " methods over double, double[] and double[][] values."));
    }
    List<Block> out = new ArrayList<>();
    for (Block b : blocks) {
      out.add(f.block(b));
    }
    // An array parameter outside wrt that varies (a variable may name it or a differentiated
    // array: y = c ? a : w) has no tangent from the caller: its elements are constants, so zeros.
    Block zeros = new Block();
    for (Var p : parameters) {
      if (p.kind().isArray() && !seeds.contains(p) && f.varied.contains(p)) {
        zeros.add(
            new Stmt.Assign(
                f.dot(p), RuntimeCalls.adjoint("zerosLike", p.kind(), new Expr.Ref(p)), null));
      }
    }
    if (!zeros.stmts().isEmpty() && !out.isEmpty()) {
      zeros.addAll(out.get(0));
      out.set(0, zeros);
    }
    seeds.forEach(f::dot);
    return new Tangent(out, f.tangents, f.problems);
  }

  /** The tangent variable of {@code v}, created on first use. */
  private Var dot(Var v) {
    return tangents.computeIfAbsent(v, x -> new Var(x.name() + "Dot", x.kind(), Var.Role.TANGENT));
  }

  // ---------------------------------------------------------------- which variables vary

  /** Flow-insensitive, like {@link Activity}: varied if any assignment to it is. */
  private void findVaried(List<Block> blocks) {
    boolean changed = true;
    while (changed) {
      boolean[] grew = {false};
      // What each statement makes varied (nested statements are visited in turn).
      Stmt.Visitor<Void> vary =
          new Stmt.Visitor<>() {
            @Override
            public Void visitAssign(Stmt.Assign a) {
              if (a.value() instanceof Expr.Pop) {
                return null; // a value back from the tape: its tangent comes back beside it
              }
              if (a.target().kind().isDifferentiable() && carries(a.value())) {
                grew[0] |= varied.add(a.target());
              }
              Var alias = arrayAlias(a);
              if (alias != null && varied.contains(alias) != varied.contains(a.target())) {
                grew[0] |= varied.add(alias) | varied.add(a.target());
              }
              // A call may return an array argument, whose tangent array the callee's JVP then
              // returns too: if the method writes through the result, the argument needs a
              // tangent of its own to share (as Activity links them for reverse mode).
              if (a.target().kind().isArray() && varied.contains(a.target())) {
                for (Var u : aliasing.argumentsWrittenThrough(a)) {
                  grew[0] |= varied.add(u);
                }
              }
              return null;
            }

            @Override
            public Void visitStore(Stmt.Store st) {
              if (carries(st.value())) {
                grew[0] |= varied.add(Exprs.root(st.array()));
              }
              return null;
            }

            @Override
            public Void visitPullbackCall(Stmt.PullbackCall p) {
              if (carries(p.seed()) || p.args().stream().anyMatch(ForwardMode.this::carries)) {
                for (Var v : p.adjoints()) {
                  if (v != null) {
                    grew[0] |= varied.add(v);
                  }
                }
              }
              return null;
            }

            @Override
            public Void visitIf(Stmt.If i) {
              return assignsNothing();
            }

            @Override
            public Void visitLoop(Stmt.Loop l) {
              return assignsNothing();
            }

            @Override
            public Void visitRepeat(Stmt.Repeat r) {
              return assignsNothing(); // its index is an int
            }

            @Override
            public Void visitPush(Stmt.Push p) {
              return assignsNothing();
            }

            /** Control flow and the tape: only the statements nested in them assign. */
            private Void assignsNothing() {
              return null;
            }

            @Override
            public Void visitTangentCall(Stmt.TangentCall t) {
              throw notAnInput(t);
            }

            @Override
            public Void visitPullbackJvpCall(Stmt.PullbackJvpCall p) {
              throw notAnInput(p);
            }
          };
      blocks.forEach(body -> Statements.forEach(body, s -> s.accept(vary)));
      changed = grew[0];
    }
  }

  /** Statements that this transform makes; it is not applied to its own output. */
  private static IllegalStateException notAnInput(Stmt s) {
    return new IllegalStateException("unexpected statement " + s);
  }

  /**
   * The array variable whose elements an array assignment's target shares: a copy's or a row's
   * source, and in a reverse sweep the argument shadow that a call's result shadow may be ({@code
   * Adjoint.sharedShadow}, {@code Adjoint.orZerosLike}; see ReverseMode).
   */
  private static Var arrayAlias(Stmt.Assign a) {
    if (!a.target().kind().isArray()) {
      return null;
    }
    Expr value = a.value();
    if (value instanceof Expr.Ref || value instanceof Expr.Load) {
      return Exprs.root(value);
    }
    Expr shared = sharedShadowSource(value);
    return shared instanceof Expr.Ref || shared instanceof Expr.Load ? Exprs.root(shared) : null;
  }

  /** For {@code Adjoint.sharedShadow(r, a, aBar, current)}: aBar; for orZerosLike: its shadow. */
  private static Expr sharedShadowSource(Expr value) {
    if (value instanceof Expr.Call c && isAdjointHelper(c, "sharedShadow")) {
      return c.args().get(2);
    }
    if (value instanceof Expr.Call c && isAdjointHelper(c, "orZerosLike")) {
      return c.args().get(0);
    }
    return null;
  }

  private static boolean isAdjointHelper(Expr.Call c, String name) {
    return c.callee().name().equals(name)
        && c.callee().owner().qualifiedName().equals("dev.adjoint.Adjoint");
  }

  private boolean carries(Expr e) {
    return Activity.sources(e).stream().anyMatch(varied::contains);
  }

  // ---------------------------------------------------------------- statements

  private Block block(Block in) {
    Block out = new Block();
    for (Stmt s : in) {
      statement(s, out);
    }
    return out;
  }

  /** Adds to {@code out} a statement paired with what computes its tangents. */
  private void statement(Stmt s, Block out) {
    s.accept(
        new Stmt.Visitor<Void>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            assign(a, out);
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            store(st, out);
            return null;
          }

          @Override
          public Void visitPush(Stmt.Push p) {
            out.add(p);
            Expr tangent = pathTangent(p.value());
            if (tangent != null) {
              out.add(new Stmt.Push(tangent)); // popped first, by the paired assignment below
            }
            return null;
          }

          @Override
          public Void visitIf(Stmt.If i) {
            out.add(new Stmt.If(guard(i.cond()), block(i.then()), block(i.otherwise())));
            return null;
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            out.add(new Stmt.Loop(block(l.head()), l.cond(), block(l.body())));
            return null;
          }

          @Override
          public Void visitRepeat(Stmt.Repeat r) {
            out.add(new Stmt.Repeat(r.index(), r.count(), block(r.body())));
            return null;
          }

          @Override
          public Void visitPullbackCall(Stmt.PullbackCall p) {
            if (p.split()) {
              // Its callee's fReverse has no forward mode: second order transforms joint mode.
              throw notAnInput(p);
            }
            pullbackCall(p, out);
            return null;
          }

          @Override
          public Void visitTangentCall(Stmt.TangentCall t) {
            throw notAnInput(t);
          }

          @Override
          public Void visitPullbackJvpCall(Stmt.PullbackJvpCall p) {
            throw notAnInput(p);
          }
        });
  }

  private void assign(Stmt.Assign a, Block out) {
    Var v = a.target();
    if (!varied.contains(v)) {
      out.add(a);
      return;
    }
    Expr value = a.value();
    if (value instanceof Expr.Pop pop) {
      // The tangent was pushed after the value, so it comes off first.
      out.add(new Stmt.Assign(dot(v), new Expr.Pop(pop.kind()), null));
      out.add(a);
      return;
    }
    if (value instanceof Expr.Call c && c.callee().role() == Callee.Role.DIFFERENTIABLE) {
      List<Expr> argTangents = new ArrayList<>();
      for (int i : c.callee().differentiated()) {
        argTangents.add(valueTangent(c.args().get(i), c.args().get(i)));
      }
      out.add(new Stmt.TangentCall(c.callee(), c.args(), argTangents, v, dot(v)));
      return;
    }
    if (v.kind() == Kind.TENSOR) {
      tensorAssign(a, out);
      return;
    }
    if (v.kind().isArray()) {
      out.add(a);
      Expr shadow = arrayTangent(value, new Expr.Ref(v), a.origin());
      if (shadow != null) {
        out.add(new Stmt.Assign(dot(v), shadow, null));
      }
      return;
    }
    if (v.kind() != Kind.DOUBLE) {
      problem(
          a.origin(), "forward mode does not differentiate " + v.kind().javaName() + " values yet");
      out.add(a);
      return;
    }
    // v = v + e needs no value of v for its tangent: compute it first, from the old tangent. Any
    // other assignment never reads its target, so its tangent may read the new value.
    boolean selfReading = Exprs.reads(value, v);
    Expr tangent = tangentOf(value, selfReading ? value : new Expr.Ref(v), a.origin());
    Stmt tangentAssign =
        new Stmt.Assign(dot(v), tangent == null ? Exprs.doubleConst(0) : tangent, null);
    if (selfReading) {
      out.add(tangentAssign);
      out.add(a);
    } else {
      out.add(a);
      out.add(tangentAssign);
    }
  }

  /**
   * A tensor assignment and its tangent: a copy's tangent is the source's, a library call's comes
   * from its {@code @TangentOf} rule. A tensor tangent that is null is zero.
   */
  private void tensorAssign(Stmt.Assign a, Block out) {
    Var v = a.target();
    Expr value = a.value();
    if (!carries(value)) {
      // A constant, a field, or a call none of whose arguments carries a tangent
      // (Tensor.zeros(n)): the tangent is zero, whatever the operation.
      withZeroTangent(a, out);
      return;
    }
    if (value instanceof Expr.Ref) {
      Expr t = pathTangent(value);
      out.add(a);
      out.add(new Stmt.Assign(dot(v), t == null ? ZERO_TENSOR : t, null));
      return;
    }
    if (!(value instanceof Expr.Call c)
        || (c.callee().role() != Callee.Role.LIBRARY && c.callee().role() != Callee.Role.DETACH)) {
      problem(a.origin(), "forward mode cannot differentiate this tensor expression yet");
      out.add(a);
      return;
    }
    if (c.callee().role() == Callee.Role.DETACH || !anyTangent(c)) {
      // Detached, or no argument carries a tangent (Tensor.zeros(n), say): zero, whatever the rule.
      withZeroTangent(a, out);
      return;
    }
    Callee.CustomTangent rule = c.callee().tangent();
    if (rule == null) {
      problem(
          a.origin(),
          "no tangent rule (@TangentOf) is declared for "
              + c.callee().signature()
              + ", which forward mode needs for a Tensor result");
      out.add(a);
      return;
    }
    boolean selfReading = Exprs.reads(value, v);
    if (selfReading && rule.takesResult()) {
      // Lowering routes h = h.op() through a temporary, so this does not happen: the rule would
      // need the old value and the new one at once.
      problem(
          a.origin(),
          "forward mode cannot differentiate a tensor reassigned from itself"
              + " through "
              + c.callee().signature());
      out.add(a);
      return;
    }
    Expr tangent = ruleCall(c, rule, new Expr.Ref(v));
    Stmt tangentAssign = new Stmt.Assign(dot(v), tangent == null ? ZERO_TENSOR : tangent, null);
    if (selfReading) {
      out.add(tangentAssign);
      out.add(a);
    } else {
      out.add(a);
      out.add(tangentAssign);
    }
  }

  /** The assignment, then a zero tangent for its tensor. */
  private void withZeroTangent(Stmt.Assign a, Block out) {
    out.add(a);
    out.add(new Stmt.Assign(dot(a.target()), ZERO_TENSOR, null));
  }

  /** Whether an argument of a call carries a tangent. */
  private boolean anyTangent(Expr.Call c) {
    for (int i = 0; i < c.args().size(); i++) {
      if (c.callee().parameterKinds().get(i).isDifferentiable()
          && valueTangent(c.args().get(i), c.args().get(i)) != null) {
        return true;
      }
    }
    return false;
  }

  /** The zero tensor tangent. */
  private static final Expr ZERO_TENSOR = new Expr.Const(Kind.TENSOR, null);

  /**
   * A call of a tangent rule: the arguments, the result if the rule takes it, then one tangent per
   * differentiable parameter (null or 0.0 where zero); null when every tangent is zero.
   */
  private Expr ruleCall(Expr.Call c, Callee.CustomTangent rule, Expr y) {
    return ruleCall(c, rule, y, false);
  }

  /** As {@link #ruleCall(Expr.Call, Callee.CustomTangent, Expr)}; {@code always}: never null. */
  private Expr ruleCall(Expr.Call c, Callee.CustomTangent rule, Expr y, boolean always) {
    List<Expr> args = new ArrayList<>(c.args());
    if (rule.takesResult()) {
      args.add(y);
    }
    boolean any = false;
    for (int i = 0; i < c.args().size(); i++) {
      Kind kind = c.callee().parameterKinds().get(i);
      if (!kind.isDifferentiable()) {
        continue;
      }
      Expr arg = c.args().get(i);
      Expr t = valueTangent(arg, arg);
      any |= t != null;
      args.add(
          t != null ? t : kind == Kind.DOUBLE ? Exprs.doubleConst(0) : new Expr.Const(kind, null));
    }
    return any || always ? new Expr.Call(rule.function(), args) : null;
  }

  private void store(Stmt.Store st, Block out) {
    Var array = Exprs.root(st.array());
    if (!varied.contains(array)) {
      out.add(st);
      return;
    }
    Expr element = mirror(st.array());
    if (st.value() instanceof Expr.Pop pop) {
      out.add(new Stmt.Store(element, st.index(), new Expr.Pop(pop.kind()), null));
      out.add(st);
      return;
    }
    // Before the store: the tangent may read the element's old value.
    Expr tangent = tangentOf(st.value(), st.value(), st.origin());
    out.add(
        new Stmt.Store(
            element, st.index(), tangent == null ? Exprs.doubleConst(0) : tangent, null));
    out.add(st);
  }

  /** A zero-cotangent guard {@code vBar != 0} must also pass a nonzero tangent of vBar. */
  private Expr guard(Expr cond) {
    if (cond instanceof Expr.Binary b
        && b.op() == BinaryOp.NE
        && b.left() instanceof Expr.Ref r
        && r.var().role() == Var.Role.ADJOINT
        && r.var().kind() == Kind.DOUBLE
        && varied.contains(r.var())) {
      return new Expr.Binary(
          BinaryOp.OR,
          cond,
          new Expr.Binary(BinaryOp.NE, new Expr.Ref(dot(r.var())), b.right(), Kind.BOOLEAN),
          Kind.BOOLEAN);
    }
    return cond;
  }

  private void pullbackCall(Stmt.PullbackCall p, Block out) {
    List<Var> adjointTangents = new ArrayList<>();
    boolean any = false;
    for (Var v : p.adjoints()) {
      boolean has = v != null && varied.contains(v);
      adjointTangents.add(has ? dot(v) : null);
      any |= has;
    }
    if (!any) {
      out.add(p);
      return;
    }
    List<Expr> argTangents = new ArrayList<>();
    for (int i : p.callee().differentiated()) {
      argTangents.add(valueTangent(p.args().get(i), p.args().get(i)));
    }
    // A vector-valued callee's seed is an array; a null tangent is passed as zeros.
    Expr seedTangent = valueTangent(p.seed(), p.seed());
    out.add(
        new Stmt.PullbackJvpCall(
            p.callee(),
            p.args(),
            argTangents,
            p.seed(),
            seedTangent == null && !p.seed().kind().isArray() ? Exprs.doubleConst(0) : seedTangent,
            p.adjoints(),
            adjointTangents));
  }

  // ---------------------------------------------------------------- tangents of expressions

  /** The tangent of an argument: a double's, or an array's tangent array; null when zero. */
  private Expr valueTangent(Expr arg, Expr self) {
    if (arg.kind().isArray()) {
      Var root = arg instanceof Expr.Ref || arg instanceof Expr.Load ? Exprs.root(arg) : null;
      return root != null && varied.contains(root) ? mirror(arg) : null;
    }
    return tangentOf(arg, self, null);
  }

  /** The tangent of a value read through a variable or an array path, or null. */
  private Expr pathTangent(Expr path) {
    if (path instanceof Expr.Ref r) {
      return varied.contains(r.var()) && r.var().kind().isDifferentiable()
          ? new Expr.Ref(dot(r.var()))
          : null;
    }
    if (path instanceof Expr.Load l) {
      Var root = Exprs.root(l.array());
      return varied.contains(root) ? new Expr.Load(mirror(l.array()), l.index()) : null;
    }
    return null;
  }

  /** {@code uDot[i]} for {@code u[i]}: the tangent array of an array path. */
  private Expr mirror(Expr path) {
    if (path instanceof Expr.Load l) {
      return new Expr.Load(mirror(l.array()), l.index());
    }
    return new Expr.Ref(dot(((Expr.Ref) path).var()));
  }

  /** The tangent array assigned beside an array variable, or null when it keeps none. */
  private Expr arrayTangent(Expr value, Expr y, Origin origin) {
    if (value instanceof Expr.Ref || value instanceof Expr.Load) {
      return mirror(value);
    }
    if (value instanceof Expr.NewArray) {
      return value;
    }
    if (value instanceof Expr.Call c && isAdjointHelper(c, "zerosLike")) {
      return value;
    }
    if (value instanceof Expr.Const) {
      return value; // null: a shadow not set yet
    }
    if (value instanceof Expr.Call c && isAdjointHelper(c, "sharedShadow")) {
      // The tangent of a shadow shared with an argument's is that argument's shadow's tangent.
      Expr current = c.args().get(3);
      return new Expr.Call(
          c.callee(),
          List.of(
              c.args().get(0),
              c.args().get(1),
              mirror(c.args().get(2)),
              current instanceof Expr.Const ? current : mirror(current)));
    }
    if (value instanceof Expr.Call c && isAdjointHelper(c, "orZerosLike")) {
      return new Expr.Call(c.callee(), List.of(mirror(c.args().get(0)), c.args().get(1)));
    }
    if (value instanceof Expr.Call c
        && c.callee().role() == Callee.Role.LIBRARY
        && c.callee().tangent() != null) {
      // A tangent rule returns a fresh array, zeros when every tangent is zero. It runs after the
      // assignment, so it must not read the array assigned.
      if (Exprs.reads(value, ((Expr.Ref) y).var())) {
        problem(
            origin,
            "forward mode cannot differentiate an array reassigned from a call that"
                + " reads it yet");
        return null;
      }
      return ruleCall(c, c.callee().tangent(), y, true);
    }
    if (value instanceof Expr.Call c && c.callee().role() == Callee.Role.DETACH) {
      // A copy without derivatives: its tangent starts at zero (stores may change that).
      return RuntimeCalls.adjoint("zerosLike", value.kind(), c.args().toArray(Expr[]::new));
    }
    problem(
        origin,
        "forward mode cannot differentiate an array computed by "
            + (value instanceof Expr.Call c ? c.callee().signature() : "this expression")
            + " yet");
    return null;
  }

  /**
   * The tangent of a double expression, or null when it is zero.
   *
   * @param y the expression's value, to reuse where a derivative needs it
   */
  private Expr tangentOf(Expr e, Expr y, Origin origin) {
    if (e.kind() == Kind.TENSOR) {
      // Three-address code: a tensor operand is a variable, or a constant (null).
      if (e instanceof Expr.Ref) {
        return pathTangent(e);
      }
      if (carries(e)) {
        problem(origin, "forward mode cannot differentiate this tensor expression yet");
      }
      return null;
    }
    if (e.kind() != Kind.DOUBLE) {
      return null;
    }
    return e.accept(
        new Expr.Visitor<Expr>() {
          @Override
          public Expr visitRef(Expr.Ref r) {
            return pathTangent(r);
          }

          @Override
          public Expr visitLoad(Expr.Load l) {
            return pathTangent(l);
          }

          @Override
          public Expr visitCast(Expr.Cast c) {
            return c.operand().kind() == Kind.DOUBLE
                ? tangentOf(c.operand(), c.operand(), origin)
                : null;
          }

          @Override
          public Expr visitUnary(Expr.Unary u) {
            Expr t = tangentOf(u.operand(), u.operand(), origin);
            return t == null ? null : neg(t);
          }

          @Override
          public Expr visitBinary(Expr.Binary b) {
            Expr l = b.left();
            Expr r = b.right();
            Expr lt = tangentOf(l, l, origin);
            Expr rt = tangentOf(r, r, origin);
            if (lt == null && rt == null) {
              return null;
            }
            return switch (b.op()) {
              case ADD -> lt == null ? rt : rt == null ? lt : add(lt, rt);
              case SUB -> lt == null ? neg(rt) : rt == null ? lt : sub(lt, rt);
              case MUL -> sum(lt == null ? null : mul(lt, r), rt == null ? null : mul(l, rt));
              // d(l / r) = (dl - y dr) / r
              case DIV ->
                  rt == null
                      ? div(lt, r)
                      : div(lt == null ? neg(mul(y, rt)) : sub(lt, mul(y, rt)), r);
              // l % r = l - trunc(l / r) r, whose derivative in l is 1 and in r is -trunc(l / r).
              case REM -> sum(lt, rt == null ? null : neg(mul(truncatedQuotient(l, r), rt)));
              default -> {
                problem(origin, "forward mode has no rule for " + b.op().symbol());
                yield null;
              }
            };
          }

          @Override
          public Expr visitCall(Expr.Call c) {
            return callTangent(c, y, origin);
          }

          @Override
          public Expr visitConst(Expr.Const c) {
            return zero();
          }

          @Override
          public Expr visitField(Expr.Field f) {
            return zero(); // a constant, such as Math.PI
          }

          @Override
          public Expr visitPop(Expr.Pop p) {
            // assign and store pop a value's tangent beside it; a pop anywhere else has none.
            return zero();
          }

          @Override
          public Expr visitLength(Expr.Length l) {
            return zero(); // an int: not reached, the kind is checked above
          }

          @Override
          public Expr visitArrayLiteral(Expr.ArrayLiteral l) {
            return zero(); // an int[]: not reached
          }

          @Override
          public Expr visitNewArray(Expr.NewArray n) {
            return zero(); // an array: not reached
          }

          /** No tangent: null stands for zero. */
          private Expr zero() {
            return null;
          }
        });
  }

  private static Expr truncatedQuotient(Expr l, Expr r) {
    return new Expr.Cast(Kind.DOUBLE, new Expr.Cast(Kind.LONG, div(l, r)));
  }

  private static Expr sum(Expr a, Expr b) {
    return a == null ? b : b == null ? a : add(a, b);
  }

  /**
   * A library call's tangent from its pullbacks: for a scalar result, the pullback with respect to
   * argument i at seed {@code d arg_i} is that argument's share of the directional derivative.
   */
  private Expr callTangent(Expr.Call c, Expr y, Origin origin) {
    Callee callee = c.callee();
    if (callee.role() == Callee.Role.DETACH) {
      return null;
    }
    if (callee.role() == Callee.Role.DIFFERENTIABLE) {
      problem(origin, "forward mode needs a call of " + callee.signature() + " on its own line");
      return null;
    }
    if (callee.tangent() != null) {
      return ruleCall(c, callee.tangent(), y);
    }
    if (callee.parameterKinds().contains(Kind.TENSOR)) {
      // Pullbacks give a tangent only for scalar functions of scalars and arrays.
      if (c.args().stream().anyMatch(arg -> valueTangent(arg, arg) != null)) {
        problem(
            origin,
            "no tangent rule (@TangentOf) is declared for "
                + callee.signature()
                + ", which forward mode needs for a function of Tensor values");
      }
      return null;
    }
    List<Callee.CustomPullback> rules =
        callee.hasCustomPullbacks() ? callee.pullbacks() : pullbacks.apply(callee);
    Expr total = null;
    for (int i = 0; i < c.args().size(); i++) {
      Expr arg = c.args().get(i);
      Expr t = valueTangent(arg, arg);
      if (t == null) {
        continue;
      }
      Callee.CustomPullback rule = i < rules.size() ? rules.get(i) : null;
      if (rule != null && arg.kind().isArray() && callee.returnKind() == Kind.DOUBLE) {
        // A scalar function of an array: its pullback at seed 1 is the gradient, and the
        // directional derivative is that gradient dotted with the array's tangent.
        List<Expr> args = new ArrayList<>(c.args());
        if (rule.takesResult()) {
          args.add(y);
        }
        args.add(Exprs.doubleConst(1));
        total =
            sum(
                total,
                RuntimeCalls.adjoint("dot", Kind.DOUBLE, new Expr.Call(rule.function(), args), t));
        continue;
      }
      if (rule == null || arg.kind() != Kind.DOUBLE) {
        problems.add(
            new Problem(
                origin,
                callee,
                "no derivative of "
                    + callee.signature()
                    + " with respect to its "
                    + ordinal(i + 1)
                    + " argument is declared"
                    + (rules.isEmpty() ? " (it has no @PullbackOf)" : ""),
                noDerivative.apply(callee, i)));
        return null;
      }
      List<Expr> args = new ArrayList<>(c.args());
      if (rule.takesResult()) {
        args.add(y);
      }
      args.add(t);
      total = sum(total, new Expr.Call(rule.function(), args));
    }
    return total;
  }

  /** 1st, 2nd, 3rd, 4th, ...: argument positions in messages, counted from 1. */
  private static String ordinal(int n) {
    return n
        + (n % 100 >= 11 && n % 100 <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            });
  }

  private void problem(Origin origin, String message) {
    problems.add(Problem.at(origin, message, null));
  }
}
