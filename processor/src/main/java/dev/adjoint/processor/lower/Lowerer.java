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
package dev.adjoint.processor.lower;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.check.Attribution;
import dev.adjoint.processor.check.FieldSymbol;
import dev.adjoint.processor.check.LocalSymbol;
import dev.adjoint.processor.diag.TreeOrigin;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Const;
import dev.adjoint.processor.ir.Expr.Ref;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.SourceMethod;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers a checked method body to the IR: three-address assignments (one differentiable operation
 * each) under structured if and loop statements.
 *
 * <p>{@code break}, {@code continue} and early {@code return} become boolean flags that guard the
 * statements they skip, so the IR has only structured control flow and the reverse sweep can replay
 * it by recording branch decisions and trip counts.
 */
public final class Lowerer {
  private final Attribution attribution;
  private final Map<LocalSymbol, Var> vars = new IdentityHashMap<>();
  private final Map<Tree, LoopFlags> loopFlags = new IdentityHashMap<>();

  /** The variable each switch expression's cases assign its value to. */
  private final Map<Tree, Var> switchResults = new IdentityHashMap<>();

  /** A switch case's final break or yield, which needs no flag: nothing after it reads one. */
  private final Set<Tree> droppedJumps =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  private Var result;
  private Var returned;
  private int temps;

  /**
   * The flags a loop's {@code break} and {@code continue} set (a switch's {@code break} and a
   * switch expression's {@code yield} set {@code broke}), made when first needed.
   */
  private static final class LoopFlags {
    Var broke;
    Var continued;
  }

  private Lowerer(Attribution attribution) {
    this.attribution = attribution;
  }

  /**
   * Lowers a method that checked without errors.
   *
   * @param method the method and its tree
   * @param attribution what the checker learned about the body
   * @return the method in the IR
   */
  public static Function lower(SourceMethod method, Attribution attribution) {
    return new Lowerer(attribution).function(method);
  }

  private Function function(SourceMethod method) {
    result =
        new Var(
            "result",
            DifferentiableSignature.kindOf(method.element().getReturnType()),
            Var.Role.RESULT);
    List<Var> params = new ArrayList<>();
    for (LocalSymbol p : attribution.parameters()) {
      params.add(var(p));
    }
    List<Var> independents = new ArrayList<>();
    for (int i : method.signature().differentiated()) {
      independents.add(params.get(i));
    }
    Block body = new Block();
    statements(method.tree().getBody().getStatements(), body, true);
    if (returned != null) {
      body.stmts().add(0, assign(returned, Const.ofBoolean(false), null));
    }
    return new Function(method.signature().name(), params, independents, body, result);
  }

  private Var var(LocalSymbol symbol) {
    return vars.computeIfAbsent(
        symbol,
        s -> new Var(s.name(), s.kind(), s.isParameter() ? Var.Role.PARAMETER : Var.Role.LOCAL));
  }

  private Var temp(Kind kind) {
    return new Var("t" + ++temps, kind, Var.Role.TEMP);
  }

  private static Assign assign(Var target, Expr value, Tree origin) {
    return new Assign(target, value, origin == null ? null : new TreeOrigin(origin));
  }

  // ---------------------------------------------------------------- statements

  /**
   * Lowers a statement list; returns the flags it may set (its ways of completing abruptly). The
   * statements after one that may complete abruptly run only while none of its flags is set.
   *
   * @param tail whether the list ends the method, where a {@code return} needs no flag
   */
  private Set<Var> statements(List<? extends StatementTree> trees, Block out, boolean tail) {
    // javac's lists are linked: size() and get(i) walk them, quadratic over a long body.
    List<? extends StatementTree> list = new ArrayList<>(trees);
    Set<Var> escapes = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      boolean last = i == list.size() - 1;
      Set<Var> escaped = statement(list.get(i), out, tail && last);
      escapes.addAll(escaped);
      if (!escaped.isEmpty() && !last) {
        Block rest = new Block();
        escapes.addAll(statements(list.subList(i + 1, list.size()), rest, tail));
        out.add(guarded(escaped, rest, out));
        return escapes;
      }
    }
    return escapes;
  }

  /** {@code if (!(f1 || f2 ...)) block}, with the test in a fresh variable. */
  private Stmt guarded(Set<Var> flags, Block block, Block out) {
    Var go = new Var("go", Kind.BOOLEAN, Var.Role.FLAG);
    out.add(assign(go, noneSet(flags), null));
    return new Stmt.If(new Ref(go), block, new Block());
  }

  private static Expr noneSet(Set<Var> flags) {
    Expr any = null;
    for (Var f : flags) {
      any = any == null ? new Ref(f) : new Binary(BinaryOp.OR, any, new Ref(f), Kind.BOOLEAN);
    }
    return new Expr.Unary(UnaryOp.NOT, any, Kind.BOOLEAN);
  }

  private Set<Var> statement(StatementTree tree, Block out, boolean tail) {
    switch (tree.getKind()) {
      case BLOCK:
        return statements(((BlockTree) tree).getStatements(), out, tail);
      case VARIABLE:
        {
          VariableTree v = (VariableTree) tree;
          if (attribution.local(v).record() != null) {
            return Set.of(); // an alias of a record: its uses read the record's leaves
          }
          if (v.getInitializer() != null) {
            assignTo(var(attribution.local(v)), v.getInitializer(), out);
          }
          return Set.of();
        }
      case EXPRESSION_STATEMENT:
        effect(((ExpressionStatementTree) tree).getExpression(), out);
        return Set.of();
      case EMPTY_STATEMENT:
        return Set.of();
      case IF:
        {
          IfTree s = (IfTree) tree;
          Expr cond = condition(s.getCondition(), out);
          Block then = new Block();
          Block otherwise = new Block();
          Set<Var> escapes = new LinkedHashSet<>(statement(s.getThenStatement(), then, tail));
          if (s.getElseStatement() != null) {
            escapes.addAll(statement(s.getElseStatement(), otherwise, tail));
          }
          out.add(new Stmt.If(cond, then, otherwise));
          return escapes;
        }
      case WHILE_LOOP:
        {
          WhileLoopTree s = (WhileLoopTree) tree;
          return loop(tree, s.getCondition(), s.getStatement(), List.of(), false, out);
        }
      case DO_WHILE_LOOP:
        {
          DoWhileLoopTree s = (DoWhileLoopTree) tree;
          return loop(tree, s.getCondition(), s.getStatement(), List.of(), true, out);
        }
      case FOR_LOOP:
        {
          ForLoopTree s = (ForLoopTree) tree;
          for (StatementTree init : s.getInitializer()) {
            statement(init, out, false);
          }
          return loop(tree, s.getCondition(), s.getStatement(), s.getUpdate(), false, out);
        }
      case ENHANCED_FOR_LOOP:
        return enhancedFor((EnhancedForLoopTree) tree, out);
      case SWITCH:
        {
          SwitchTree s = (SwitchTree) tree;
          return switchOf(tree, s.getExpression(), s.getCases(), out, tail);
        }
      case YIELD:
        {
          Tree target = attribution.jumpTarget(tree);
          ExpressionTree v = unparenthesize(((YieldTree) tree).getValue());
          store(switchResults.get(target), value(v, out), out, v);
          return droppedJumps.contains(tree) ? Set.of() : Set.of(broke(target, tree, out));
        }
      case LABELED_STATEMENT:
        return statement(((LabeledStatementTree) tree).getStatement(), out, tail);
      case BREAK:
        return droppedJumps.contains(tree)
            ? Set.of()
            : Set.of(broke(attribution.jumpTarget(tree), tree, out));
      case CONTINUE:
        {
          LoopFlags flags = flags(attribution.jumpTarget(tree));
          if (flags.continued == null) {
            flags.continued = new Var("continued", Kind.BOOLEAN, Var.Role.FLAG);
          }
          out.add(assign(flags.continued, Const.ofBoolean(true), tree));
          return Set.of(flags.continued);
        }
      case RETURN:
        {
          assignTo(result, ((ReturnTree) tree).getExpression(), out);
          if (tail) {
            return Set.of();
          }
          if (returned == null) {
            returned = new Var("returned", Kind.BOOLEAN, Var.Role.FLAG);
          }
          out.add(assign(returned, Const.ofBoolean(true), tree));
          return Set.of(returned);
        }
      default:
        throw new IllegalStateException("not checked: " + tree.getKind());
    }
  }

  private LoopFlags flags(Tree loop) {
    return loopFlags.computeIfAbsent(loop, l -> new LoopFlags());
  }

  /** Sets the flag that a break out of {@code target} (or a yield) sets, and returns it. */
  private Var broke(Tree target, Tree jump, Block out) {
    LoopFlags flags = flags(target);
    if (flags.broke == null) {
      flags.broke = new Var("broke", Kind.BOOLEAN, Var.Role.FLAG);
    }
    out.add(assign(flags.broke, Const.ofBoolean(true), jump));
    return flags.broke;
  }

  /**
   * Lowers a loop to {@code loop { head; if (!go) exit; body }}. While and for loops test in the
   * head; a do-while loop runs its body in the head, then tests.
   */
  private Set<Var> loop(
      Tree tree,
      ExpressionTree condition,
      StatementTree statement,
      List<? extends ExpressionStatementTree> update,
      boolean testAfter,
      Block out) {
    return loop(
        tree,
        test -> condition == null ? Const.ofBoolean(true) : value(condition, test),
        condition,
        new Block(),
        statement,
        updates -> {
          for (ExpressionStatementTree u : update) {
            effect(u.getExpression(), updates);
          }
        },
        testAfter,
        out);
  }

  /**
   * {@link #loop(Tree, ExpressionTree, StatementTree, List, boolean, Block)} with the condition
   * lowered by {@code condition} into the block it is given, {@code prelude} run first in each
   * iteration, and the updates lowered by {@code update}.
   */
  private Set<Var> loop(
      Tree tree,
      java.util.function.Function<Block, Expr> condition,
      Tree conditionOrigin,
      Block prelude,
      StatementTree statement,
      java.util.function.Consumer<Block> update,
      boolean testAfter,
      Block out) {
    LoopFlags flags = flags(tree);
    Block userBody = new Block();
    Set<Var> escapes = statement(statement, userBody, false);
    Set<Var> stops = new LinkedHashSet<>(escapes);
    stops.remove(flags.continued);
    Set<Var> leaving = new LinkedHashSet<>(stops);
    leaving.remove(flags.broke);

    Var go = new Var("go", Kind.BOOLEAN, Var.Role.FLAG);
    Block test = new Block();
    Expr cond = condition.apply(test);
    test.add(assign(go, cond, conditionOrigin));
    if (!stops.isEmpty()) {
      // Stop without evaluating the condition once a break or return has happened.
      Block guardedTest = new Block();
      Var ok = new Var("go", Kind.BOOLEAN, Var.Role.FLAG);
      guardedTest.add(assign(go, Const.ofBoolean(false), null));
      guardedTest.add(assign(ok, noneSet(stops), null));
      guardedTest.add(new Stmt.If(new Ref(ok), test, new Block()));
      test = guardedTest;
    }
    Block iteration = new Block();
    if (flags.continued != null) {
      iteration.add(assign(flags.continued, Const.ofBoolean(false), null));
    }
    iteration.addAll(prelude);
    iteration.addAll(userBody);
    Block updates = new Block();
    update.accept(updates);
    if (!updates.isEmpty()) {
      if (stops.isEmpty()) {
        iteration.addAll(updates);
      } else {
        iteration.add(guarded(stops, updates, iteration));
      }
    }
    if (flags.broke != null) {
      out.add(assign(flags.broke, Const.ofBoolean(false), null));
    }
    if (testAfter) {
      iteration.addAll(test);
      out.add(new Stmt.Loop(iteration, new Ref(go), new Block()));
    } else {
      out.add(new Stmt.Loop(test, new Ref(go), iteration));
    }
    return leaving;
  }

  // ---------------------------------------------------------------- enhanced for and switch

  /**
   * {@code for (T v : a) body} as {@code for (int vIndex = 0; vIndex < a.length; vIndex++) { v =
   * a[vIndex]; body }}. Java evaluates {@code a} once, so it is copied first unless it is a
   * variable the body does not re-bind. Over the rows of a double[][], {@code v = m[vIndex]} is the
   * row alias through which the array model shares adjoints (writes through {@code v} reach {@code
   * m}'s shadow); {@code v} is an ordinary local, which the body may assign.
   */
  private Set<Var> enhancedFor(EnhancedForLoopTree tree, Block out) {
    Expr iterable = value(tree.getExpression(), out);
    if (!(iterable instanceof Ref r) || reassigns(tree.getStatement(), r.var())) {
      iterable = copyOf(iterable, out, tree.getExpression());
    }
    Expr array = iterable;
    LocalSymbol symbol = attribution.local(tree.getVariable());
    if (symbol.kind() == Kind.DOUBLE && !reassigns(tree.getStatement(), var(symbol))) {
      // Assigned only from a[i]: a temporary, which the reverse sweep may read again from the
      // array rather than tape (as it does x[i] in an indexed loop) when its uses follow the load.
      vars.put(symbol, new Var(symbol.name(), Kind.DOUBLE, Var.Role.TEMP));
    }
    Var element = var(symbol);
    Var index = new Var(element.name() + "Index", Kind.INT, Var.Role.LOCAL);
    out.add(assign(index, Const.ofInt(0), null));
    Block prelude = new Block();
    store(element, new Expr.Load(array, new Ref(index)), prelude, tree.getVariable());
    return loop(
        tree,
        test -> new Binary(BinaryOp.LT, new Ref(index), new Expr.Length(array), Kind.BOOLEAN),
        tree.getExpression(),
        prelude,
        tree.getStatement(),
        updates ->
            updates.add(
                assign(
                    index,
                    new Binary(BinaryOp.ADD, new Ref(index), Const.ofInt(1), Kind.INT),
                    null)),
        false,
        out);
  }

  /** Whether {@code body} assigns the local {@code v} (also by {@code +=} or {@code ++}). */
  private boolean reassigns(Tree body, Var v) {
    Boolean found =
        body.accept(
            new TreeScanner<Boolean, Void>() {
              @Override
              public Boolean reduce(Boolean a, Boolean b) {
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
              }

              private boolean writes(Tree node) {
                LocalSymbol target = attribution.local(node);
                return target != null && vars.get(target) == v;
              }

              @Override
              public Boolean visitAssignment(AssignmentTree node, Void unused) {
                return writes(node) || Boolean.TRUE.equals(super.visitAssignment(node, unused));
              }

              @Override
              public Boolean visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
                return writes(node)
                    || Boolean.TRUE.equals(super.visitCompoundAssignment(node, unused));
              }

              @Override
              public Boolean visitUnary(UnaryTree node, Void unused) {
                return writes(node) || Boolean.TRUE.equals(super.visitUnary(node, unused));
              }
            },
            null);
    return Boolean.TRUE.equals(found);
  }

  /** A switch's cases: a case with its labels and those of the empty colon cases before it. */
  private record Group(List<ExpressionTree> labels, boolean isDefault, CaseTree last) {}

  /**
   * Lowers a switch statement, or a switch expression whose cases assign {@code
   * switchResults.get(tree)}; returns the flags that leave it. When no case falls through into the
   * next (arrow cases always; colon cases that each end in a break, yield, continue or return), it
   * is an if/else chain over the labels, with the default last and each case's final break or yield
   * dropped. Otherwise (fall-through) the matching case's position is computed first, and each case
   * runs when that position is at or before its own and no break or yield has happened.
   */
  private Set<Var> switchOf(
      Tree tree,
      ExpressionTree selectorTree,
      List<? extends CaseTree> cases,
      Block out,
      boolean tail) {
    Expr selector = value(selectorTree, out);
    if (!(selector instanceof Ref) && !(selector instanceof Const)) {
      selector = copyOf(selector, out, selectorTree);
    }
    List<Group> groups = new ArrayList<>();
    List<ExpressionTree> labels = new ArrayList<>();
    boolean isDefault = false;
    boolean rules = false;
    for (int i = 0; i < cases.size(); i++) {
      CaseTree c = cases.get(i);
      labels.addAll(c.getExpressions());
      isDefault |= c.getExpressions().isEmpty();
      rules |= c.getCaseKind() == CaseTree.CaseKind.RULE;
      boolean empty = c.getCaseKind() == CaseTree.CaseKind.STATEMENT && c.getStatements().isEmpty();
      if (!empty || i == cases.size() - 1) {
        groups.add(new Group(List.copyOf(labels), isDefault, c));
        labels.clear();
        isDefault = false;
      }
    }
    boolean fallsThrough = false;
    for (int i = 0; i < groups.size() - 1 && !rules; i++) {
      fallsThrough |= canCompleteNormally(groups.get(i).last().getStatements());
    }
    Set<Var> escapes = new LinkedHashSet<>();
    Block body = new Block();
    if (!fallsThrough) {
      List<Block> blocks = new ArrayList<>();
      for (Group g : groups) {
        Block b = new Block();
        escapes.addAll(caseBody(tree, g, true, b, tail));
        blocks.add(b);
      }
      Block rest = new Block();
      for (int i = 0; i < groups.size(); i++) {
        if (groups.get(i).isDefault()) {
          rest = blocks.get(i);
        }
      }
      for (int i = groups.size() - 1; i >= 0; i--) {
        if (!groups.get(i).isDefault()) {
          Block test = new Block();
          test.add(
              new Stmt.If(matches(selector, groups.get(i).labels(), test), blocks.get(i), rest));
          rest = test;
        }
      }
      body.addAll(rest);
    } else {
      int defaultAt = groups.size();
      for (int i = 0; i < groups.size(); i++) {
        if (groups.get(i).isDefault()) {
          defaultAt = i;
        }
      }
      Var entry = temp(Kind.INT);
      body.add(assign(entry, Const.ofInt(defaultAt), selectorTree));
      for (int i = 0; i < groups.size(); i++) {
        if (!groups.get(i).labels().isEmpty()) {
          Block found = new Block();
          found.add(assign(entry, Const.ofInt(i), null));
          body.add(
              new Stmt.If(matches(selector, groups.get(i).labels(), body), found, new Block()));
        }
      }
      escapes.addAll(fallThrough(tree, groups, 0, entry, body, tail));
    }
    LoopFlags flags = flags(tree);
    if (flags.broke != null) {
      out.add(assign(flags.broke, Const.ofBoolean(false), null));
      escapes.remove(flags.broke);
    }
    out.addAll(body);
    return escapes;
  }

  /**
   * Cases {@code from} on of a switch that falls through: each runs if {@code entry <= } its index.
   */
  private Set<Var> fallThrough(
      Tree tree, List<Group> groups, int from, Var entry, Block out, boolean tail) {
    Set<Var> escapes = new LinkedHashSet<>();
    for (int i = from; i < groups.size(); i++) {
      boolean last = i == groups.size() - 1;
      Block b = new Block();
      Set<Var> escaped = caseBody(tree, groups.get(i), last, b, tail && last);
      escapes.addAll(escaped);
      Var reached = temp(Kind.BOOLEAN);
      out.add(
          assign(
              reached,
              new Binary(BinaryOp.LE, new Ref(entry), Const.ofInt(i), Kind.BOOLEAN),
              null));
      out.add(new Stmt.If(new Ref(reached), b, new Block()));
      if (!escaped.isEmpty() && !last) {
        Block rest = new Block();
        escapes.addAll(fallThrough(tree, groups, i + 1, entry, rest, tail));
        out.add(guarded(escaped, rest, out));
        return escapes;
      }
    }
    return escapes;
  }

  /** {@code selector == l1 || selector == l2 ...} in a fresh variable assigned in {@code out}. */
  private Expr matches(Expr selector, List<ExpressionTree> labels, Block out) {
    Expr any = null;
    for (ExpressionTree label : labels) {
      Expr equal = new Binary(BinaryOp.EQ, selector, operand(label, out), Kind.BOOLEAN);
      any = any == null ? equal : new Binary(BinaryOp.OR, any, equal, Kind.BOOLEAN);
    }
    Var c = temp(Kind.BOOLEAN);
    out.add(assign(c, any, labels.get(0)));
    return new Ref(c);
  }

  /**
   * Lowers one case of a switch into {@code out}; with {@code dropJump}, a final break or yield of
   * this switch sets no flag (nothing after it in the switch would read it).
   */
  private Set<Var> caseBody(Tree tree, Group g, boolean dropJump, Block out, boolean tail) {
    CaseTree c = g.last();
    List<? extends StatementTree> list;
    if (c.getCaseKind() == CaseTree.CaseKind.STATEMENT) {
      list = c.getStatements();
    } else if (c.getBody() instanceof ExpressionTree value) { // a switch expression's value
      ExpressionTree v = unparenthesize(value);
      store(switchResults.get(tree), value(v, out), out, v);
      return Set.of();
    } else if (c.getBody() instanceof BlockTree block) {
      list = block.getStatements();
    } else {
      list = List.of((StatementTree) c.getBody());
    }
    if (dropJump && !list.isEmpty()) {
      StatementTree end = list.get(list.size() - 1);
      if ((end.getKind() == Tree.Kind.BREAK || end.getKind() == Tree.Kind.YIELD)
          && attribution.jumpTarget(end) == tree) {
        droppedJumps.add(end);
      }
    }
    return statements(list, out, tail);
  }

  /**
   * Whether the last of these statements may complete normally (JLS 14.22, conservatively: true
   * unless it is a jump, or a block or an if/else whose every branch ends in one).
   */
  private static boolean canCompleteNormally(List<? extends StatementTree> list) {
    return list.isEmpty() || canCompleteNormally(list.get(list.size() - 1));
  }

  private static boolean canCompleteNormally(StatementTree s) {
    return switch (s.getKind()) {
      case BREAK, CONTINUE, RETURN, YIELD, THROW -> false;
      case BLOCK -> canCompleteNormally(((BlockTree) s).getStatements());
      case IF ->
          ((IfTree) s).getElseStatement() == null
              || canCompleteNormally(((IfTree) s).getThenStatement())
              || canCompleteNormally(((IfTree) s).getElseStatement());
      case LABELED_STATEMENT -> true;
      default -> true;
    };
  }

  private Expr condition(ExpressionTree tree, Block out) {
    Expr cond = value(tree, out);
    Var c = temp(Kind.BOOLEAN);
    out.add(assign(c, cond, tree));
    return new Ref(c);
  }

  // ---------------------------------------------------------------- expressions

  /** Where an assignment writes: a local, or an element of an array. */
  private record Place(Var local, Expr array, Expr index) {}

  private Place place(ExpressionTree variable, Block out, boolean valueChangesVariables) {
    variable = unparenthesize(variable);
    if (variable instanceof ArrayAccessTree access) {
      Expr array = path(access.getExpression(), out);
      Expr index = operand(access.getIndex(), out);
      if (valueChangesVariables && !(index instanceof Const)) {
        index = copyOf(index, out, access.getIndex()); // Java evaluates the index first.
      }
      return new Place(null, array, index);
    }
    return new Place(var(attribution.local(variable)), null, null);
  }

  private Kind kindOf(Place p) {
    return p.local() != null ? p.local().kind() : Kind.DOUBLE;
  }

  /** The current value at a place, as an operand. */
  private Expr read(Place p, Block out, Tree origin) {
    if (p.local() != null) {
      return new Ref(p.local());
    }
    return copyOf(new Expr.Load(p.array(), p.index()), out, origin);
  }

  private void write(Place p, Expr value, Block out, Tree origin) {
    if (p.local() != null) {
      store(p.local(), value, out, origin);
    } else {
      Expr stored = operandOf(convert(value, Kind.DOUBLE, out), out, origin);
      out.add(new Stmt.Store(p.array(), p.index(), stored, new TreeOrigin(origin)));
    }
  }

  /**
   * Lowers an assignment, compound assignment or increment; returns where it wrote, and for postfix
   * increments the value before.
   */
  private Place update(ExpressionTree tree, Block out, Expr[] before) {
    if (tree instanceof AssignmentTree a) {
      Place p = place(a.getVariable(), out, hasAssignment(a.getExpression()));
      // A local's errors concern its value (a call, say); an element's, the write itself.
      write(
          p,
          value(a.getExpression(), out),
          out,
          p.local() != null ? unparenthesize(a.getExpression()) : tree);
      return p;
    }
    if (tree instanceof CompoundAssignmentTree c) {
      Place p = place(c.getVariable(), out, hasAssignment(c.getExpression()));
      Expr current = read(p, out, tree);
      Expr right = operand(c.getExpression(), out);
      BinaryOp op = compoundOp(tree.getKind());
      Kind target = kindOf(p);
      Kind kind;
      if (target == Kind.BOOLEAN) {
        kind = Kind.BOOLEAN; // &=, |=, ^= on booleans
      } else if (op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR) {
        kind = target;
      } else {
        kind = Kind.promote(target, right.kind());
      }
      write(p, new Binary(op, current, right, kind), out, tree);
      return p;
    }
    UnaryTree u = (UnaryTree) tree;
    Place p = place(u.getExpression(), out, false);
    Expr current = read(p, out, tree);
    if (before != null) {
      before[0] = p.local() != null ? copyOf(current, out, tree) : current;
    }
    boolean up =
        tree.getKind() == Tree.Kind.PREFIX_INCREMENT
            || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
    Kind kind = kindOf(p);
    write(
        p,
        new Binary(up ? BinaryOp.ADD : BinaryOp.SUB, current, Exprs.constant(kind, 1), kind),
        out,
        tree);
    return p;
  }

  private static boolean isUpdate(ExpressionTree tree) {
    return switch (tree.getKind()) {
      case ASSIGNMENT, PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
          true;
      default -> tree instanceof CompoundAssignmentTree;
    };
  }

  /** Lowers an expression evaluated for its effect only. */
  private void effect(ExpressionTree tree, Block out) {
    tree = unparenthesize(tree);
    if (isUpdate(tree)) {
      update(tree, out, null);
    } else {
      Expr e = value(tree, out);
      out.add(assign(temp(e.kind()), e, tree));
    }
  }

  /** Lowers {@code target = tree}, converting to the target's kind. */
  private void assignTo(Var target, ExpressionTree tree, Block out) {
    // Errors about the value (a call without a derivative, say) point at the value itself.
    store(target, value(tree, out), out, unparenthesize(tree));
  }

  private void store(Var target, Expr value, Block out, Tree origin) {
    value = convert(value, target.kind(), out);
    if ((target.kind().hasValueAdjoint() || target.kind().isArray())
        && Exprs.reads(value, target)
        && !Exprs.isAccumulation(target, value)) {
      // The reverse sweep needs the operands' old values after the target has changed, and an
      // adjoint for the result apart from the operand's: h = h.matmul(w) needs the old h for w's
      // adjoint (doubles and tensors alike), and h = step(h, w) on arrays needs the old h's
      // shadow as the pullback's target, apart from the new h's, its seed. An array's shadow
      // (or tangent) is assigned after it from the same path, so the path must not read the
      // array either: w = m[w.length % m.length] would give w's shadow another row.
      Var t = temp(value.kind());
      out.add(assign(t, value, origin));
      value = new Ref(t);
    }
    out.add(assign(target, value, origin));
  }

  /** An array expression as a variable or a chain of row loads, for loads and stores. */
  private Expr path(ExpressionTree tree, Block out) {
    tree = unparenthesize(tree);
    if (tree instanceof ArrayAccessTree a) {
      Expr array = path(a.getExpression(), out);
      return new Expr.Load(array, operand(a.getIndex(), out));
    }
    Expr e = value(tree, out);
    return e instanceof Ref ? e : copyOf(e, out, tree);
  }

  private static BinaryOp compoundOp(Tree.Kind kind) {
    return switch (kind) {
      case PLUS_ASSIGNMENT -> BinaryOp.ADD;
      case MINUS_ASSIGNMENT -> BinaryOp.SUB;
      case MULTIPLY_ASSIGNMENT -> BinaryOp.MUL;
      case DIVIDE_ASSIGNMENT -> BinaryOp.DIV;
      case REMAINDER_ASSIGNMENT -> BinaryOp.REM;
      case AND_ASSIGNMENT -> BinaryOp.BIT_AND;
      case OR_ASSIGNMENT -> BinaryOp.BIT_OR;
      case XOR_ASSIGNMENT -> BinaryOp.BIT_XOR;
      case LEFT_SHIFT_ASSIGNMENT -> BinaryOp.SHL;
      case RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.SHR;
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.USHR;
      default -> throw new IllegalStateException(kind.toString());
    };
  }

  private Expr convert(Expr value, Kind kind, Block out) {
    if (value.kind() == kind) {
      return value;
    }
    if (value instanceof Const c) {
      return Exprs.constant(kind, ((Number) c.value()).doubleValue());
    }
    return new Cast(kind, value);
  }

  /** An operand of an operation: a variable, a constant, or a passive expression without calls. */
  private Expr operand(ExpressionTree tree, Block out) {
    Expr e = value(tree, out);
    if (Exprs.isSimple(e)) {
      return e;
    }
    Var t = temp(e.kind());
    out.add(assign(t, e, tree));
    return new Ref(t);
  }

  /** Lowers operands left to right, copying earlier ones when a later one changes a variable. */
  private List<Expr> operands(List<? extends ExpressionTree> trees, Block out) {
    List<Expr> values = new ArrayList<>();
    for (int i = 0; i < trees.size(); i++) {
      if (i > 0 && hasAssignment(trees.get(i))) {
        for (int j = 0; j < values.size(); j++) {
          Expr v = values.get(j);
          if (!(v instanceof Const)) {
            Var t = temp(v.kind());
            out.add(assign(t, v, trees.get(j)));
            values.set(j, new Ref(t));
          }
        }
      }
      values.add(operand(trees.get(i), out));
    }
    return values;
  }

  /**
   * {@code new double[] {a, b}} (or {@code {a, b}} in a declaration): a new array of that length,
   * then one store per element, in order, as Java evaluates them.
   */
  private Expr arrayInitializer(com.sun.source.tree.NewArrayTree tree, Block out) {
    List<? extends ExpressionTree> elements = tree.getInitializers();
    return doubleArray(
        tree, elements.size(), i -> operand(elements.get(i), out), elements::get, out);
  }

  /**
   * A new double[] of {@code length} elements, then one store per element, in order: element {@code
   * i} is lowered ({@code value}) just before its store, at {@code origin(i)}.
   */
  private Expr doubleArray(
      Tree tree,
      int length,
      java.util.function.IntFunction<Expr> value,
      java.util.function.IntFunction<Tree> origin,
      Block out) {
    Var array = temp(Kind.DOUBLE_ARRAY);
    out.add(
        new Stmt.Assign(
            array,
            new Expr.NewArray(Kind.DOUBLE_ARRAY, List.of(Const.ofInt(length))),
            new TreeOrigin(tree)));
    for (int i = 0; i < length; i++) {
      Tree at = origin.apply(i);
      Expr element = operandOf(convert(value.apply(i), Kind.DOUBLE, out), out, at);
      out.add(new Stmt.Store(new Expr.Ref(array), Const.ofInt(i), element, new TreeOrigin(at)));
    }
    return new Expr.Ref(array);
  }

  /** Lowers an expression to at most one operation over operands. */
  private Expr value(ExpressionTree tree, Block out) {
    tree = unparenthesize(tree);
    Kind kind = attribution.kind(tree);
    switch (tree.getKind()) {
      case INT_LITERAL:
      case LONG_LITERAL:
      case FLOAT_LITERAL:
      case DOUBLE_LITERAL:
      case BOOLEAN_LITERAL:
        return new Const(kind, ((LiteralTree) tree).getValue());
      case IDENTIFIER:
      case MEMBER_SELECT:
        {
          LocalSymbol local = attribution.local(tree);
          if (local != null) {
            return new Ref(var(local));
          }
          Object constant = attribution.constant(tree);
          if (constant != null) {
            return new Const(kind, constant);
          }
          FieldSymbol field = attribution.field(tree);
          if (field == null) { // array.length
            return new Expr.Length(
                path(((com.sun.source.tree.MemberSelectTree) tree).getExpression(), out));
          }
          return new Expr.Field(field.kind(), field.owner(), field.name());
        }
      case ASSIGNMENT:
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
        return copyOf(read(update(tree, out, null), out, tree), out, tree);
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        {
          Expr[] before = new Expr[1];
          update(tree, out, before);
          return before[0];
        }
      case ARRAY_ACCESS:
        {
          ArrayAccessTree access = (ArrayAccessTree) tree;
          Expr array = path(access.getExpression(), out);
          return new Expr.Load(array, operand(access.getIndex(), out));
        }
      case NEW_ARRAY:
        {
          com.sun.source.tree.NewArrayTree array = (com.sun.source.tree.NewArrayTree) tree;
          if (array.getInitializers() != null) {
            return arrayInitializer(array, out);
          }
          return new Expr.NewArray(kind, operands(array.getDimensions(), out));
        }
      case UNARY_PLUS:
        return convert(operand(((UnaryTree) tree).getExpression(), out), kind, out);
      case UNARY_MINUS:
        return new Expr.Unary(UnaryOp.NEG, operand(((UnaryTree) tree).getExpression(), out), kind);
      case LOGICAL_COMPLEMENT:
        return new Expr.Unary(UnaryOp.NOT, operand(((UnaryTree) tree).getExpression(), out), kind);
      case BITWISE_COMPLEMENT:
        return new Expr.Unary(
            UnaryOp.COMPLEMENT, operand(((UnaryTree) tree).getExpression(), out), kind);
      case CONDITIONAL_AND:
      case CONDITIONAL_OR:
        return shortCircuit((BinaryTree) tree, out);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) tree, kind, out);
      case SWITCH_EXPRESSION:
        {
          SwitchExpressionTree s = (SwitchExpressionTree) tree;
          Var v = temp(kind);
          switchResults.put(tree, v);
          switchOf(tree, s.getExpression(), s.getCases(), out, false);
          return new Ref(v);
        }
      case TYPE_CAST:
        {
          Expr operand = operand(((TypeCastTree) tree).getExpression(), out);
          return operand.kind() == kind ? operand : new Cast(kind, operand);
        }
      case METHOD_INVOCATION:
        {
          LocalSymbol component = attribution.local(tree);
          if (component != null) { // a record's accessor: its leaf
            return new Ref(var(component));
          }
          MethodInvocationTree call = (MethodInvocationTree) tree;
          Callee callee = attribution.callee(call);
          List<Object> flat = attribution.flatArguments(call);
          if (flat != null) {
            return new Expr.Call(callee, flatArguments(callee, flat, call, out));
          }
          List<ExpressionTree> argTrees = new ArrayList<>();
          if (callee.instance()) { // the receiver is the first argument
            argTrees.add(
                ((com.sun.source.tree.MemberSelectTree) call.getMethodSelect()).getExpression());
          }
          argTrees.addAll(call.getArguments());
          List<Expr> args = operands(argTrees, out);
          int params = callee.parameterKinds().size();
          if (params > 0
              && callee.parameterKinds().get(params - 1) == Kind.INT_ARRAY
              && (args.size() != params || args.get(params - 1).kind() == Kind.INT)) {
            // Varargs: the trailing ints become the int[] Java would make of them.
            List<Expr> rest = new ArrayList<>(args.subList(params - 1, args.size()));
            args = new ArrayList<>(args.subList(0, params - 1));
            args.add(new Expr.ArrayLiteral(Kind.INT_ARRAY, rest));
          } else if (params > 0
              && callee.parameterKinds().get(params - 1) == Kind.DOUBLE_ARRAY
              && (args.size() != params || !args.get(params - 1).kind().isArray())) {
            // Varargs of doubles: the double[] Java would make of them, as new double[] {a, b}.
            List<Expr> rest = args.subList(params - 1, args.size());
            Expr array = doubleArray(call, rest.size(), rest::get, i -> call, out);
            args = new ArrayList<>(args.subList(0, params - 1));
            args.add(array);
          }
          for (int i = 0; i < args.size(); i++) {
            Kind param = callee.parameterKinds().get(i);
            if (args.get(i).kind() != param) {
              Expr converted = convert(args.get(i), param, out);
              args.set(i, converted instanceof Const ? converted : operandOf(converted, out, call));
            }
          }
          return new Expr.Call(callee, args);
        }
      default:
        if (tree instanceof CompoundAssignmentTree) {
          return copyOf(read(update(tree, out, null), out, tree), out, tree);
        }
        if (tree instanceof BinaryTree b) {
          if (sameValue(b.getLeftOperand(), b.getRightOperand())) {
            // x[i] * x[i]: one value, evaluated once, so that its adjoint is one sum (one
            // addition into x's adjoint instead of two).
            Expr x = operand(b.getLeftOperand(), out);
            return new Binary(binaryOp(tree.getKind()), x, x, kind);
          }
          List<Expr> ops = operands(List.of(b.getLeftOperand(), b.getRightOperand()), out);
          return new Binary(binaryOp(tree.getKind()), ops.get(0), ops.get(1), kind);
        }
        throw new IllegalStateException("not checked: " + tree.getKind());
    }
  }

  /**
   * The arguments of a call that passes records: each record's leaves (parameters, never assigned)
   * as they are, the other arguments lowered left to right and converted to the parameter's kind.
   */
  private List<Expr> flatArguments(Callee callee, List<Object> flat, Tree call, Block out) {
    List<ExpressionTree> trees = new ArrayList<>();
    flat.stream()
        .filter(a -> a instanceof ExpressionTree)
        .forEach(a -> trees.add((ExpressionTree) a));
    List<Expr> values = operands(trees, out);
    List<Expr> args = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < flat.size(); i++) {
      Expr arg = flat.get(i) instanceof LocalSymbol leaf ? new Ref(var(leaf)) : values.get(next++);
      Kind param = callee.parameterKinds().get(i);
      if (arg.kind() != param) {
        Expr converted = convert(arg, param, out);
        arg = converted instanceof Const ? converted : operandOf(converted, out, call);
      }
      args.add(arg);
    }
    return args;
  }

  private Expr operandOf(Expr e, Block out, Tree origin) {
    if (Exprs.isSimple(e)) {
      return e;
    }
    Var t = temp(e.kind());
    out.add(assign(t, e, origin));
    return new Ref(t);
  }

  private Expr copyOf(Expr value, Block out, Tree origin) {
    Var t = temp(value.kind());
    out.add(assign(t, value, origin));
    return new Ref(t);
  }

  /** {@code a && b} evaluates b only when a holds; {@code a || b} only when it does not. */
  private Expr shortCircuit(BinaryTree tree, Block out) {
    boolean and = tree.getKind() == Tree.Kind.CONDITIONAL_AND;
    Expr left = operand(tree.getLeftOperand(), out);
    Block rightBlock = new Block();
    Expr right = operand(tree.getRightOperand(), rightBlock);
    if (rightBlock.isEmpty()) {
      return new Binary(and ? BinaryOp.AND : BinaryOp.OR, left, right, Kind.BOOLEAN);
    }
    Var c = temp(Kind.BOOLEAN);
    Var r = temp(Kind.BOOLEAN);
    out.add(assign(c, left, tree));
    out.add(assign(r, new Ref(c), tree));
    rightBlock.add(assign(r, right, tree));
    out.add(
        and
            ? new Stmt.If(new Ref(c), rightBlock, new Block())
            : new Stmt.If(new Ref(c), new Block(), rightBlock));
    return new Ref(r);
  }

  private Expr conditional(ConditionalExpressionTree tree, Kind kind, Block out) {
    Expr cond = condition(tree.getCondition(), out);
    Var v = temp(kind);
    Block then = new Block();
    Block otherwise = new Block();
    store(v, value(tree.getTrueExpression(), then), then, tree.getTrueExpression());
    store(v, value(tree.getFalseExpression(), otherwise), otherwise, tree.getFalseExpression());
    out.add(new Stmt.If(cond, then, otherwise));
    return new Ref(v);
  }

  private static BinaryOp binaryOp(Tree.Kind kind) {
    return switch (kind) {
      case PLUS -> BinaryOp.ADD;
      case MINUS -> BinaryOp.SUB;
      case MULTIPLY -> BinaryOp.MUL;
      case DIVIDE -> BinaryOp.DIV;
      case REMAINDER -> BinaryOp.REM;
      case LESS_THAN -> BinaryOp.LT;
      case LESS_THAN_EQUAL -> BinaryOp.LE;
      case GREATER_THAN -> BinaryOp.GT;
      case GREATER_THAN_EQUAL -> BinaryOp.GE;
      case EQUAL_TO -> BinaryOp.EQ;
      case NOT_EQUAL_TO -> BinaryOp.NE;
      case AND -> BinaryOp.BIT_AND;
      case OR -> BinaryOp.BIT_OR;
      case XOR -> BinaryOp.BIT_XOR;
      case LEFT_SHIFT -> BinaryOp.SHL;
      case RIGHT_SHIFT -> BinaryOp.SHR;
      case UNSIGNED_RIGHT_SHIFT -> BinaryOp.USHR;
      default -> throw new IllegalStateException(kind.toString());
    };
  }

  private static ExpressionTree unparenthesize(ExpressionTree tree) {
    while (tree instanceof ParenthesizedTree p) {
      tree = p.getExpression();
    }
    return tree;
  }

  /**
   * Whether two operands are the same value: the same local variable, literal, element (of the same
   * array path at the same index) or arithmetic of such. None of these has an effect, so nothing
   * can change between evaluating the one and the other.
   */
  private boolean sameValue(ExpressionTree a, ExpressionTree b) {
    a = unparenthesize(a);
    b = unparenthesize(b);
    if (a.getKind() != b.getKind()) {
      return false;
    }
    switch (a.getKind()) {
      case IDENTIFIER:
        {
          LocalSymbol local = attribution.local(a);
          return local != null && local == attribution.local(b);
        }
      case INT_LITERAL:
      case LONG_LITERAL:
      case DOUBLE_LITERAL:
        return ((LiteralTree) a).getValue().equals(((LiteralTree) b).getValue());
      case ARRAY_ACCESS:
        {
          ArrayAccessTree x = (ArrayAccessTree) a;
          ArrayAccessTree y = (ArrayAccessTree) b;
          return sameValue(x.getExpression(), y.getExpression())
              && sameValue(x.getIndex(), y.getIndex());
        }
      case PLUS:
      case MINUS:
      case MULTIPLY:
        {
          BinaryTree x = (BinaryTree) a;
          BinaryTree y = (BinaryTree) b;
          return sameValue(x.getLeftOperand(), y.getLeftOperand())
              && sameValue(x.getRightOperand(), y.getRightOperand());
        }
      default:
        return false;
    }
  }

  private static boolean hasAssignment(ExpressionTree tree) {
    Boolean found =
        tree.accept(
            new TreeScanner<Boolean, Void>() {
              @Override
              public Boolean reduce(Boolean a, Boolean b) {
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
              }

              @Override
              public Boolean visitAssignment(AssignmentTree node, Void unused) {
                return true;
              }

              @Override
              public Boolean visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
                return true;
              }

              @Override
              public Boolean visitUnary(UnaryTree node, Void unused) {
                return switch (node.getKind()) {
                  case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
                      true;
                  default -> super.visitUnary(node, unused);
                };
              }
            },
            null);
    return Boolean.TRUE.equals(found);
  }
}
