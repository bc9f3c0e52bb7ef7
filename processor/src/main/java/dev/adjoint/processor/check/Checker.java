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
package dev.adjoint.processor.check;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
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
import dev.adjoint.processor.diag.MethodReporter;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.RecordShape;
import dev.adjoint.processor.read.SourceMethod;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Checks that a method body stays inside the supported subset and types it. Every construct outside
 * the subset is reported at its exact position with what to write instead; checking goes on after
 * an error so that one compile shows them all.
 */
public final class Checker {
  private static final String ADJOINT = "dev.adjoint.Adjoint";

  private final MethodReporter reporter;
  private final NameResolver names;
  private final PullbackRegistry pullbacks;

  /** The method being checked: which custom derivatives it may use depends on where it is. */
  private final ExecutableElement caller;

  private final Attribution attribution = new Attribution();
  private final Deque<Map<String, LocalSymbol>> scopes = new ArrayDeque<>();

  /** The statements that break, continue and yield may leave, innermost first. */
  private final Deque<JumpFrame> frames = new ArrayDeque<>();

  private String pendingLabel;

  /** The record an instance method belongs to ({@code this}), or null in a static method. */
  private RecordValue self;

  /** The kind the method returns: double, or double[] for a vector-valued method. */
  private final Kind returnKind;

  /** What a frame is: which jumps may target it. */
  private enum FrameKind {
    LOOP,
    SWITCH,
    SWITCH_EXPRESSION,
    /** A labeled block (reported as unsupported): only its labeled breaks resolve to it. */
    BLOCK
  }

  /**
   * A statement that jumps may target; a switch expression's frame collects the kinds of the values
   * it yields.
   */
  private record JumpFrame(Tree tree, String label, FrameKind kind, List<Kind> yields) {
    JumpFrame(Tree tree, String label, FrameKind kind) {
      this(tree, label, kind, new ArrayList<>());
    }
  }

  private Checker(
      SourceMethod method,
      ClassLookup classes,
      PullbackRegistry pullbacks,
      MethodReporter reporter) {
    this.reporter = reporter;
    this.pullbacks = pullbacks;
    this.caller = method.element();
    TypeElement enclosing = (TypeElement) method.element().getEnclosingElement();
    this.names = new NameResolver(classes, enclosing, method.unit());
    this.returnKind = DifferentiableSignature.kindOf(method.element().getReturnType());
  }

  /**
   * Checks the body; empty when it has errors, which have been reported.
   *
   * @param method the method and its tree
   * @param classes the round's classes, to resolve the names the body uses
   * @param pullbacks the custom derivatives the body's calls may use
   * @param reporter where errors go, at their trees
   * @return what the checker learned, or empty after errors
   */
  public static Optional<Attribution> check(
      SourceMethod method,
      ClassLookup classes,
      PullbackRegistry pullbacks,
      MethodReporter reporter) {
    Checker checker = new Checker(method, classes, pullbacks, reporter);
    checker.method(method);
    return reporter.hasErrors() ? Optional.empty() : Optional.of(checker.attribution);
  }

  private void method(SourceMethod method) {
    scopes.push(new HashMap<>());
    List<LocalSymbol> params = new ArrayList<>();
    var signature = method.signature();
    int offset = signature.isInstance() ? 1 : 0;
    for (int k = 0; k < signature.declared().size(); k++) {
      var d = signature.declared().get(k);
      VariableTree p = d.self() ? null : method.tree().getParameters().get(k - offset);
      Tree declaration = p == null ? method.tree() : p;
      List<LocalSymbol> leaves = new ArrayList<>();
      for (int i = d.first(); i < d.first() + d.count(); i++) {
        leaves.add(
            new LocalSymbol(
                signature.parameterNames().get(i),
                signature.parameterKinds().get(i),
                declaration,
                true));
      }
      params.addAll(leaves);
      if (d.shape() == null) {
        declare(p, leaves.get(0));
      } else {
        RecordValue record = new RecordValue(d.shape(), leaves.iterator());
        if (d.self()) {
          self = record;
        } else {
          declare(p, new LocalSymbol(d.name(), null, p, true, record));
        }
      }
    }
    attribution.parameters(params);
    for (StatementTree s : method.tree().getBody().getStatements()) {
      statement(s);
    }
    scopes.pop();
  }

  private void declare(VariableTree tree, LocalSymbol symbol) {
    scopes.peek().put(symbol.name(), symbol);
    attribution.local(tree, symbol);
  }

  /**
   * The class a qualifier ({@code q} in {@code q.f} or {@code q.m()}) names, or null. A variable in
   * scope obscures a class of its name (JLS 6.4.2), so a local's or a field's name is not looked up
   * as a class; besides being right, that spares javac's lookup of a class that does not exist.
   */
  private TypeElement qualifierType(ExpressionTree qualifier) {
    if (qualifier instanceof IdentifierTree id) {
      String name = id.getName().toString();
      if (lookup(name) != null || names.field(name) != null) {
        return null;
      }
    }
    return names.type(qualifier);
  }

  private LocalSymbol lookup(String name) {
    for (Map<String, LocalSymbol> scope : scopes) {
      LocalSymbol s = scope.get(name);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- statements

  private void statement(StatementTree tree) {
    String label = pendingLabel;
    pendingLabel = null;
    switch (tree.getKind()) {
      case BLOCK -> block((BlockTree) tree);
      case VARIABLE -> variable((VariableTree) tree);
      case EXPRESSION_STATEMENT -> expression(((ExpressionStatementTree) tree).getExpression());
      case EMPTY_STATEMENT -> {}
      case IF -> {
        IfTree s = (IfTree) tree;
        condition(s.getCondition());
        scoped(s.getThenStatement());
        if (s.getElseStatement() != null) {
          scoped(s.getElseStatement());
        }
      }
      case WHILE_LOOP -> {
        WhileLoopTree s = (WhileLoopTree) tree;
        condition(s.getCondition());
        loopBody(tree, label, s.getStatement());
      }
      case DO_WHILE_LOOP -> {
        DoWhileLoopTree s = (DoWhileLoopTree) tree;
        loopBody(tree, label, s.getStatement());
        condition(s.getCondition());
      }
      case FOR_LOOP -> {
        ForLoopTree s = (ForLoopTree) tree;
        scopes.push(new HashMap<>());
        s.getInitializer().forEach(this::statement);
        if (s.getCondition() != null) {
          condition(s.getCondition());
        }
        s.getUpdate().forEach(this::statement);
        loopBody(tree, label, s.getStatement());
        scopes.pop();
      }
      case LABELED_STATEMENT -> {
        LabeledStatementTree s = (LabeledStatementTree) tree;
        Tree.Kind inner = s.getStatement().getKind();
        if (inner == Tree.Kind.WHILE_LOOP
            || inner == Tree.Kind.DO_WHILE_LOOP
            || inner == Tree.Kind.FOR_LOOP
            || inner == Tree.Kind.ENHANCED_FOR_LOOP
            || inner == Tree.Kind.SWITCH) {
          pendingLabel = s.getLabel().toString();
          statement(s.getStatement());
        } else {
          unsupported(
              tree,
              "Labels are supported on loops and switch statements only, not on other statements",
              "Remove the label, or turn the labeled block into a loop or a separate method.");
          // Let its breaks resolve, so that they do not add errors of their own.
          frames.push(new JumpFrame(s.getStatement(), s.getLabel().toString(), FrameKind.BLOCK));
          statement(s.getStatement());
          frames.pop();
        }
      }
      case BREAK -> jump(tree, ((BreakTree) tree).getLabel(), "break");
      case CONTINUE -> jump(tree, ((ContinueTree) tree).getLabel(), "continue");
      case YIELD -> yieldStatement((YieldTree) tree);
      case RETURN -> {
        ExpressionTree value = ((ReturnTree) tree).getExpression();
        Kind kind = value == null ? null : expression(value);
        if (kind != null && !kind.assignableTo(returnKind)) {
          reporter.error(
              tree,
              "The method must return a " + returnKind.javaName() + ".",
              "Return a " + returnKind.javaName() + " value.");
        }
      }
      case ENHANCED_FOR_LOOP -> enhancedFor((EnhancedForLoopTree) tree, label);
      case SWITCH -> {
        SwitchTree s = (SwitchTree) tree;
        switchBlock(tree, s.getExpression(), s.getCases(), label);
      }
      case TRY ->
          unsupported(
              tree,
              "try/catch/finally is not supported in differentiated code",
              "Move the code that can throw into a method that is not @Differentiable and call it"
                  + " with values that carry no derivative.");
      case SYNCHRONIZED ->
          unsupported(
              tree,
              "synchronized blocks are not supported",
              "Differentiated code is pure; synchronize in the caller.");
      case THROW ->
          unsupported(
              tree,
              "throw is not supported in differentiated code",
              "Validate the arguments in the caller before calling the @Differentiable method.");
      case ASSERT ->
          unsupported(tree, "assert is not supported", "Check the condition in the caller.");
      case CLASS, INTERFACE, ENUM, RECORD ->
          unsupported(
              tree, "Local classes are not supported", "Declare the class outside the method.");
      default ->
          unsupported(
              tree,
              "This statement (" + tree.getKind() + ") is not supported",
              "Rewrite it"
                  + " with the supported statements: declarations, assignments, if, for, while, do,"
                  + " switch, break, continue, yield and return.");
    }
  }

  private void block(BlockTree tree) {
    scopes.push(new HashMap<>());
    tree.getStatements().forEach(this::statement);
    scopes.pop();
  }

  private void scoped(StatementTree tree) {
    scopes.push(new HashMap<>());
    statement(tree);
    scopes.pop();
  }

  private void loopBody(Tree loop, String label, StatementTree body) {
    frames.push(new JumpFrame(loop, label, FrameKind.LOOP));
    scoped(body);
    frames.pop();
  }

  /**
   * Resolves a break (to the innermost loop or switch statement, or the one labeled) or a continue
   * (to the innermost loop, or the one labeled).
   */
  private void jump(Tree tree, javax.lang.model.element.Name label, String keyword) {
    boolean isBreak = keyword.equals("break");
    for (JumpFrame frame : frames) {
      if (frame.kind() == FrameKind.SWITCH_EXPRESSION) {
        unsupported(
            tree,
            keyword + " cannot leave a switch expression",
            "End the case with yield and a value, or move the loop into the case.");
        return;
      }
      boolean matches =
          label == null
              ? frame.kind() == FrameKind.LOOP || (isBreak && frame.kind() == FrameKind.SWITCH)
              : label.contentEquals(String.valueOf(frame.label()))
                  && (isBreak || frame.kind() == FrameKind.LOOP);
      if (matches) {
        attribution.jumpTarget(tree, frame.tree());
        return;
      }
    }
    unsupported(
        tree,
        keyword
            + (isBreak ? " outside of a loop or a switch" : " outside of a loop")
            + " is not supported",
        isBreak
            ? "Use break only to leave a loop or a switch statement."
            : "Use continue only to continue a loop.");
  }

  private void yieldStatement(YieldTree tree) {
    Kind kind = expression(tree.getValue());
    for (JumpFrame frame : frames) {
      if (frame.kind() == FrameKind.SWITCH_EXPRESSION) {
        attribution.jumpTarget(tree, frame.tree());
        frame.yields().add(kind);
        return;
      }
    }
    unsupported(
        tree,
        "yield outside of a switch expression is not supported",
        "Use yield only to give a switch expression its value.");
  }

  // ---------------------------------------------------------------- enhanced for and switch

  /**
   * {@code for (T v : a)} over a double[], int[] or float[] (its elements) or a double[][] (its
   * rows); the lowering makes it an indexed loop that assigns {@code v = a[i]} first in each
   * iteration, so {@code v} is an ordinary local (assigning it changes only it, as in Java).
   */
  private void enhancedFor(EnhancedForLoopTree tree, String label) {
    Kind iterable = expression(tree.getExpression());
    Kind element = null;
    if (iterable == Kind.TENSOR) {
      unsupported(
          tree.getExpression(),
          "An enhanced for loop cannot iterate over a Tensor",
          "Loop over an index, for (int i = 0; i < t.shape()[0]; i++), and take row i with"
              + " t.rows(i, i + 1).");
    } else if (iterable != null) {
      switch (iterable) {
        case DOUBLE_ARRAY, DOUBLE_MATRIX, INT_ARRAY, FLOAT_ARRAY -> element = iterable.element();
        default ->
            unsupported(
                tree.getExpression(),
                "An enhanced for loop cannot iterate over a " + iterable.javaName(),
                "Iterate over a double[], int[] or float[] (its elements) or a double[][] (its"
                    + " rows).");
      }
    }
    scopes.push(new HashMap<>());
    VariableTree variable = tree.getVariable();
    Tree type = variable.getType();
    boolean inferred = type == null || type.toString().equals("var");
    Kind kind = element;
    if (!inferred) {
      kind = declaredKind(type);
      if (kind == null) {
        unsupportedLocalType(type);
      } else if (element != null && !element.assignableTo(kind)) {
        reporter.error(
            type,
            "The elements of "
                + tree.getExpression()
                + " are "
                + element.javaName()
                + " values, which "
                + (kind == Kind.INT ? "an " : "a ")
                + kind.javaName()
                + " variable cannot hold.",
            "Declare " + variable.getName() + " as " + element.javaName() + ".");
        kind = null;
      }
    }
    if (kind != null) {
      declare(variable, new LocalSymbol(variable.getName().toString(), kind, variable, false));
    }
    loopBody(tree, label, tree.getStatement());
    scopes.pop();
  }

  /**
   * A switch statement, or a switch expression's cases ({@code label} null): on an int, with colon
   * cases (falling through) or arrow cases, constant int labels and at most one default.
   */
  private JumpFrame switchBlock(
      Tree tree, ExpressionTree selector, List<? extends CaseTree> cases, String label) {
    boolean expression = tree.getKind() == Tree.Kind.SWITCH_EXPRESSION;
    if (!selectorIsInt(selector, cases)) {
      return null;
    }
    JumpFrame frame =
        new JumpFrame(tree, label, expression ? FrameKind.SWITCH_EXPRESSION : FrameKind.SWITCH);
    frames.push(frame);
    scopes.push(new HashMap<>()); // a switch block with colon cases is one scope
    for (CaseTree c : cases) {
      for (ExpressionTree constant : c.getExpressions()) {
        Kind k = expression(constant);
        if (k != null && k != Kind.INT) {
          reporter.error(
              constant,
              "A case label of a switch on an int must be an int.",
              "Write an int constant.");
        }
      }
      if (c.getCaseKind() == CaseTree.CaseKind.STATEMENT) {
        c.getStatements().forEach(this::statement);
      } else if (c.getBody() instanceof ExpressionTree value) {
        Kind k = expression(value);
        if (expression) {
          frame.yields().add(k);
        }
      } else {
        scoped((StatementTree) c.getBody());
      }
    }
    scopes.pop();
    frames.pop();
    return frame;
  }

  /**
   * Whether a switch's selector is an int, having reported why not otherwise. A String or an enum
   * is told apart by its case labels, since the selector's own type may not be known here.
   */
  private boolean selectorIsInt(ExpressionTree selector, List<? extends CaseTree> cases) {
    for (CaseTree c : cases) {
      for (ExpressionTree constant : c.getExpressions()) {
        ExpressionTree inner = constant;
        while (inner instanceof ParenthesizedTree p) {
          inner = p.getExpression();
        }
        boolean string = inner.getKind() == Tree.Kind.STRING_LITERAL;
        boolean enumConstant =
            inner instanceof IdentifierTree id
                && lookup(id.getName().toString()) == null
                && names.field(id.getName().toString()) == null;
        if (string || enumConstant) {
          unsupported(
              unparenthesized(selector),
              "switch on " + (string ? "a String" : "an enum") + " is not supported",
              "Switch on an int (for an enum, pass its ordinal() or a code as an int parameter),"
                  + " or choose with if/else outside the @Differentiable method.");
          return false;
        }
      }
    }
    Kind kind = expression(selector);
    if (kind == null) {
      return false;
    }
    if (kind != Kind.INT) {
      unsupported(
          unparenthesized(selector),
          "switch on a " + kind.javaName() + " is not supported",
          kind == Kind.DOUBLE
              ? "Switch on an int, e.g. (int) Math.floor(x), or use an if/else chain."
              : "Switch on an int, or use an if/else chain.");
      return false;
    }
    return true;
  }

  /** A switch expression's kind: that of the values it yields, promoted as Java does. */
  private static ExpressionTree unparenthesized(ExpressionTree tree) {
    while (tree instanceof ParenthesizedTree p) {
      tree = p.getExpression();
    }
    return tree;
  }

  private Kind switchExpression(SwitchExpressionTree tree) {
    JumpFrame frame = switchBlock(tree, tree.getExpression(), tree.getCases(), null);
    if (frame == null) {
      return null;
    }
    Kind kind = null;
    for (Kind k : frame.yields()) {
      if (k == null) {
        return null;
      }
      if (kind == null || k == kind) {
        kind = k;
      } else if (kind.isNumeric() && k.isNumeric()) {
        kind = Kind.promote(kind, k);
      } else {
        return mismatch(tree, "All cases of a switch expression need the same kind of value");
      }
    }
    if (kind == null) {
      return unsupported(
          tree,
          "This switch expression has no case that gives a value",
          "Give every case a value.");
    }
    return kind;
  }

  private void variable(VariableTree tree) {
    Tree type = tree.getType();
    boolean inferred = type == null || type.toString().equals("var");
    Object initial = tree.getInitializer() == null ? null : resolve(tree.getInitializer());
    if (initial instanceof RecordValue record) {
      declare(tree, new LocalSymbol(tree.getName().toString(), null, tree, false, record));
      return;
    }
    if (!inferred && declaredRecord(type) != null) {
      unsupported(
          tree.getInitializer() == null ? tree : tree.getInitializer(),
          "A local record variable must be initialised with a record the method receives (a"
              + " parameter, this, or one of their record components), and is not supported"
              + " otherwise",
          "Alias a record you have, as in "
              + declaredRecord(type).getSimpleName()
              + " "
              + tree.getName()
              + " = model.inner();, or compute with the components' values; build new records"
              + " outside the @Differentiable method.");
      scopes
          .peek()
          .put(
              tree.getName().toString(),
              new LocalSymbol(tree.getName().toString(), null, tree, false));
      return;
    }
    Kind declared = inferred ? null : declaredKind(type);
    Kind initKind;
    if (tree.getInitializer() instanceof com.sun.source.tree.NewArrayTree literal
        && literal.getType() == null
        && !inferred) {
      // double[] v = {a, b}: the element kind comes from the declaration.
      // An unsupported declared type is reported below, once.
      initKind =
          declared == null
              ? null
              : arrayInitializer(literal, declared == Kind.DOUBLE_ARRAY ? Kind.DOUBLE : null);
      if (initKind != null) {
        attribution.kind(literal, initKind);
      }
    } else {
      initKind = tree.getInitializer() == null ? null : expression(tree.getInitializer());
    }
    Kind kind;
    if (inferred) {
      kind = initKind;
    } else {
      kind = declared;
      if (kind == null) {
        unsupportedLocalType(type);
      } else if (initKind != null && !initKind.assignableTo(kind)) {
        reporter.error(
            tree.getInitializer(),
            "A "
                + initKind.javaName()
                + " value cannot initialise the "
                + kind.javaName()
                + " variable "
                + tree.getName()
                + ".",
            "Add a cast.");
      }
    }
    if (kind != null) {
      declare(tree, new LocalSymbol(tree.getName().toString(), kind, tree, false));
    } else {
      // Declared all the same, without a kind, so that its uses report nothing more.
      scopes
          .peek()
          .put(
              tree.getName().toString(),
              new LocalSymbol(tree.getName().toString(), null, tree, false));
    }
  }

  /** The record class a declared type names, or null. */
  private TypeElement declaredRecord(Tree type) {
    if (type instanceof IdentifierTree || type instanceof MemberSelectTree) {
      TypeElement t = names.type((ExpressionTree) type);
      return t != null && t.getKind() == javax.lang.model.element.ElementKind.RECORD ? t : null;
    }
    return null;
  }

  /**
   * What a record expression denotes: a {@link RecordValue} for a record ({@code model}, {@code
   * this}, {@code model.inner()}, a local aliasing one), the {@link LocalSymbol} of a leaf for a
   * component that is no record ({@code model.w()}, {@code this.w}, or {@code w} and {@code w()} in
   * an instance method of the record); null for any other expression.
   */
  private Object resolve(ExpressionTree tree) {
    while (tree instanceof ParenthesizedTree p) {
      tree = p.getExpression();
    }
    if (tree instanceof IdentifierTree id) {
      String name = id.getName().toString();
      if (name.equals("this")) {
        return self;
      }
      LocalSymbol local = lookup(name);
      if (local != null) {
        return local.record();
      }
      return self == null ? null : self.part(name);
    }
    if (tree instanceof MemberSelectTree member) {
      return resolve(member.getExpression()) instanceof RecordValue r
          ? r.part(member.getIdentifier().toString())
          : null;
    }
    if (tree instanceof MethodInvocationTree call && call.getArguments().isEmpty()) {
      if (call.getMethodSelect() instanceof MemberSelectTree member) {
        return resolve(member.getExpression()) instanceof RecordValue r
            ? r.part(member.getIdentifier().toString())
            : null;
      }
      if (call.getMethodSelect() instanceof IdentifierTree id && self != null) {
        return self.part(id.getName().toString());
      }
    }
    return null;
  }

  private Kind declaredKind(Tree type) {
    if (type instanceof IdentifierTree || type instanceof MemberSelectTree) {
      TypeElement t = names.type((ExpressionTree) type);
      return t != null && t.getQualifiedName().contentEquals(Kind.TENSOR_CLASS)
          ? Kind.TENSOR
          : null;
    }
    if (type instanceof com.sun.source.tree.ArrayTypeTree array) {
      Kind element = declaredKind(array.getType());
      if (element == Kind.INT) {
        return Kind.INT_ARRAY;
      }
      if (element == Kind.FLOAT) {
        return Kind.FLOAT_ARRAY;
      }
      return element == Kind.DOUBLE || element == Kind.DOUBLE_ARRAY ? element.arrayOf() : null;
    }
    if (!(type instanceof PrimitiveTypeTree p)) {
      return null;
    }
    return switch (p.getPrimitiveTypeKind()) {
      case DOUBLE -> Kind.DOUBLE;
      case INT -> Kind.INT;
      case LONG -> Kind.LONG;
      case BOOLEAN -> Kind.BOOLEAN;
      case FLOAT -> Kind.FLOAT;
      default -> null;
    };
  }

  private void condition(ExpressionTree tree) {
    Kind kind = expression(tree);
    if (kind != null && kind != Kind.BOOLEAN) {
      reporter.error(tree, "A condition must be a boolean.", "Compare the value, e.g. x != 0.");
    }
  }

  // ---------------------------------------------------------------- expressions

  /** Types an expression and records its kind; null after an error (already reported). */
  private Kind expression(ExpressionTree tree) {
    Kind kind = computeKind(tree);
    if (kind != null) {
      attribution.kind(tree, kind);
    }
    return kind;
  }

  private Kind computeKind(ExpressionTree tree) {
    if (tree.getKind() == Tree.Kind.IDENTIFIER
        || tree.getKind() == Tree.Kind.MEMBER_SELECT
        || tree.getKind() == Tree.Kind.METHOD_INVOCATION) {
      Object record = resolve(tree);
      if (record instanceof LocalSymbol leaf) {
        if (leaf.kind() == null) {
          return null;
        }
        attribution.local(tree, leaf);
        return leaf.kind();
      }
      if (record instanceof RecordValue r) {
        return unsupported(
            tree,
            tree
                + " is a record ("
                + r.shape().simpleName()
                + "), which differentiated code can only read components of, alias with a local,"
                + " or pass to a @Differentiable method",
            "Read its components with their accessors, as in "
                + tree
                + "."
                + firstLeafName(r)
                + "().");
      }
    }
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return expression(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL:
        return Kind.INT;
      case LONG_LITERAL:
        return Kind.LONG;
      case DOUBLE_LITERAL:
        return Kind.DOUBLE;
      case BOOLEAN_LITERAL:
        return Kind.BOOLEAN;
      case FLOAT_LITERAL:
        return Kind.FLOAT; // data, as Java computes it
      case STRING_LITERAL:
      case CHAR_LITERAL:
      case NULL_LITERAL:
        return unsupported(
            tree,
            "String, char and null values are not supported in differentiated code",
            "Compute with " + SupportedTypes.values("and") + " values only.");
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) tree);
      case ASSIGNMENT:
        return assignment((AssignmentTree) tree);
      case METHOD_INVOCATION:
        return invocation((MethodInvocationTree) tree);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) tree);
      case TYPE_CAST:
        return cast((TypeCastTree) tree);
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        return target(((UnaryTree) tree).getExpression(), tree);
      case UNARY_MINUS:
      case UNARY_PLUS:
      case BITWISE_COMPLEMENT:
      case LOGICAL_COMPLEMENT:
        return unary((UnaryTree) tree);
      case LAMBDA_EXPRESSION:
        return unsupported(
            tree,
            "Lambdas are not supported in differentiated code",
            "Write the function as a static @Differentiable method and call it.");
      case MEMBER_REFERENCE:
        return unsupported(
            tree,
            "Method references are not supported in differentiated code",
            "Call the static method directly.");
      case NEW_CLASS:
        return unsupported(
            tree,
            "Creating objects is not supported in differentiated code",
            "Compute with " + SupportedTypes.values("and") + " values only.");
      case NEW_ARRAY:
        return newArray((com.sun.source.tree.NewArrayTree) tree);
      case ARRAY_ACCESS:
        return arrayAccess((com.sun.source.tree.ArrayAccessTree) tree);
      case INSTANCE_OF:
        return unsupported(
            tree,
            "instanceof is not supported",
            "Compute with " + SupportedTypes.values("and") + " values only.");
      case SWITCH_EXPRESSION:
        return switchExpression((SwitchExpressionTree) tree);
      default:
        if (tree instanceof CompoundAssignmentTree compound) {
          return compoundAssignment(compound);
        }
        if (tree instanceof BinaryTree binary) {
          return binary(binary);
        }
        return unsupported(
            tree,
            "This expression (" + tree.getKind() + ") is not supported",
            "Rewrite it with"
                + " arithmetic, comparisons, Math functions and calls to static methods.");
    }
  }

  private static String firstLeafName(RecordValue r) {
    return r.shape().components().get(0).name();
  }

  private Kind identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    LocalSymbol local = lookup(name);
    if (local != null && local.kind() == null) {
      return null; // its declaration was reported
    }
    if (local != null) {
      attribution.local(tree, local);
      return local.kind();
    }
    VariableElement field = names.field(name);
    if (field != null) {
      return staticField(tree, field);
    }
    return unsupported(tree, "Cannot resolve " + name, "Check the spelling.");
  }

  private Kind newArray(com.sun.source.tree.NewArrayTree tree) {
    if (tree.getInitializers() != null) {
      return arrayInitializer(tree, tree.getType() == null ? null : declaredKind(tree.getType()));
    }
    Kind element = tree.getType() == null ? null : declaredKind(tree.getType());
    int dims = tree.getDimensions().size();
    if (element == Kind.TENSOR) {
      return unsupported(
          tree, "Tensor[] arrays are not supported", SupportedTypes.TENSOR_ARRAY_ADVICE);
    }
    if (element == Kind.DOUBLE_ARRAY && dims == 1) {
      return unsupported(
          tree,
          "A double[][] must be created with both its sizes: new double[n][] leaves its rows to be"
              + " assigned whole, which differentiated code does not support",
          "Give the length of the rows too (new double[n][m]) and set their elements, or keep"
              + " each row in a double[] of its own.");
    }
    if (element != Kind.DOUBLE || dims > 2) {
      return unsupported(
          tree,
          "Only double[] and double[][] arrays are supported",
          "Create new double[n] or new double[n][m].");
    }
    for (ExpressionTree d : tree.getDimensions()) {
      Kind k = expression(d);
      if (k != null && k != Kind.INT) {
        reporter.error(d, "An array size must be an int.", "Cast it with (int).");
      }
    }
    return dims == 1 ? Kind.DOUBLE_ARRAY : Kind.DOUBLE_MATRIX;
  }

  /**
   * {@code new double[] {a, b}}, or {@code {a, b}} initializing a {@code double[]} variable ({@code
   * element} is then the declared element kind): a {@code double[]} of the values.
   */
  private Kind arrayInitializer(com.sun.source.tree.NewArrayTree tree, Kind element) {
    if (element != Kind.DOUBLE || !tree.getDimensions().isEmpty()) {
      return unsupported(
          tree,
          "Only double[] array initializers ({...}) are supported",
          "Create the array with new double[n] (or new double[n][m]) and assign its elements.");
    }
    for (ExpressionTree init : tree.getInitializers()) {
      if (init.getKind() == Tree.Kind.NEW_ARRAY
          && ((com.sun.source.tree.NewArrayTree) init).getType() == null) {
        unsupported(
            init,
            "Nested array initializers ({{...}}) are not supported",
            "Create the matrix with new double[n][m] and assign its elements.");
        continue;
      }
      Kind k = expression(init);
      if (k != null && !k.assignableTo(Kind.DOUBLE)) {
        reporter.error(
            init,
            "A " + k.javaName() + " value cannot be an element of a double[].",
            "Give a number.");
      }
    }
    return Kind.DOUBLE_ARRAY;
  }

  private Kind arrayAccess(com.sun.source.tree.ArrayAccessTree tree) {
    Kind array = expression(tree.getExpression());
    Kind index = expression(tree.getIndex());
    if (array == null || index == null) {
      return null;
    }
    if (index != Kind.INT) {
      reporter.error(tree.getIndex(), "An array index must be an int.", "Cast it with (int).");
      return null;
    }
    if (!array.isArray() && array != Kind.INT_ARRAY && array != Kind.FLOAT_ARRAY) {
      return mismatch(tree, "Only arrays can be indexed");
    }
    return array.element();
  }

  private Kind memberSelect(MemberSelectTree tree) {
    TypeElement owner = qualifierType(tree.getExpression());
    if (tree.getIdentifier().contentEquals("length") && owner == null) {
      Kind array = expression(tree.getExpression());
      if (array == null) {
        return null;
      }
      if (array.isArray() || array == Kind.INT_ARRAY || array == Kind.FLOAT_ARRAY) {
        return Kind.INT;
      }
    }
    if (owner != null) {
      VariableElement field = names.field(owner, tree.getIdentifier().toString());
      if (field != null) {
        return staticField(tree, field);
      }
    }
    return unsupported(
        tree,
        "Reading " + tree + " is not supported",
        "Differentiated code reads its parameters, locals and static fields only.");
  }

  private Kind staticField(ExpressionTree tree, VariableElement field) {
    Kind kind = DifferentiableSignature.kindOf(field.asType());
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      return unsupported(
          tree,
          "Reading the instance field " + field.getSimpleName() + " is not supported",
          "Pass its value as a parameter.");
    }
    if (kind == null) {
      return unsupported(
          tree,
          "The field "
              + field.getSimpleName()
              + " has type "
              + field.asType()
              + ", which differentiated code cannot use",
          "Read fields of type " + SupportedTypes.values("or") + ".");
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    boolean isPrivate = field.getModifiers().contains(Modifier.PRIVATE);
    Object constant = field.getConstantValue();
    if (isPrivate && constant != null) {
      attribution.constant(tree, constant); // The companion cannot read it: copy its value.
      return kind;
    }
    if (isPrivate) {
      return unsupported(
          tree,
          "The private field "
              + field.getSimpleName()
              + " cannot be read from the generated"
              + " companion class",
          "Remove private from the field (package-private access is enough), or make it a"
              + " static final constant.");
    }
    attribution.field(
        tree,
        new FieldSymbol(
            DifferentiableSignature.typeRef(owner), field.getSimpleName().toString(), kind));
    return kind;
  }

  /** Checks an assignment target: a local or parameter, never a field. */
  private Kind target(ExpressionTree variable, Tree whole) {
    ExpressionTree inner = variable;
    while (inner instanceof ParenthesizedTree p) {
      inner = p.getExpression();
    }
    Object record = resolve(inner);
    if (record != null) {
      boolean recordVariable =
          inner instanceof IdentifierTree id && lookup(id.getName().toString()) != null;
      return unsupported(
          inner,
          recordVariable
              ? "Assigning the record variable " + inner + " is not supported"
              : "Assigning the record component " + inner + " is not supported",
          recordVariable
              ? "Declare another local for the other record (a local record aliases the record it"
                  + " is initialised with, and stays that record)."
              : "A record's components are final: compute the new value in a local variable (copy"
                  + " an array into a new double[] first to change its elements).");
    }
    if (inner instanceof IdentifierTree id) {
      LocalSymbol local = lookup(id.getName().toString());
      if (local != null && local.kind() == null) {
        return null; // its declaration was reported
      }
      if (local != null) {
        attribution.local(id, local);
        attribution.local(whole, local);
        attribution.kind(id, local.kind());
        return local.kind();
      }
    }
    if (inner instanceof com.sun.source.tree.ArrayAccessTree access) {
      Kind element = expression(access);
      if (element == Kind.INT) {
        return unsupported(
            inner,
            "Writing into an int[] is not supported",
            "int arrays are read-only data (labels, indices) in differentiated code.");
      }
      if (element == Kind.FLOAT) {
        return unsupported(
            inner,
            "Writing into a float[] is not supported",
            "float arrays are read-only data in differentiated code: copy the values into a new"
                + " double[] and change that.");
      }
      if (element != null && element != Kind.DOUBLE) {
        return unsupported(
            inner,
            "Assigning a whole row of a double[][] is not supported",
            "Assign the row's elements one by one.");
      }
      return element;
    }
    return unsupported(
        inner,
        "Writing the field " + inner + " is not supported",
        "Differentiated code must not change state outside the method: assign to a local"
            + " variable and return the result.");
  }

  private Kind assignment(AssignmentTree tree) {
    if (resolve(tree.getVariable()) != null) {
      return target(tree.getVariable(), tree); // reported, with nothing more about the value
    }
    Kind target = target(tree.getVariable(), tree);
    Kind value = expression(tree.getExpression());
    if (target != null && value != null && !value.assignableTo(target)) {
      reporter.error(
          tree.getExpression(),
          "A " + value.javaName() + " value cannot be assigned to a " + target.javaName() + ".",
          "Add a cast.");
    }
    return target;
  }

  private Kind compoundAssignment(CompoundAssignmentTree tree) {
    Kind target = target(tree.getVariable(), tree);
    Kind value = expression(tree.getExpression());
    if (target == null || value == null) {
      return null;
    }
    Kind operation = operatorKind(tree, tree.getKind(), target, value);
    if (operation == Kind.DOUBLE && target == Kind.FLOAT) {
      // Java rounds the double result to float here, silently: its derivative would be lost.
      return unsupported(
          tree,
          "This rounds a double to the float "
              + tree.getVariable()
              + " (Java's compound"
              + " assignment casts its result to the variable's type), which would lose the"
              + " double's derivative",
          "Declare "
              + tree.getVariable()
              + " as a double (Adjoint differentiates in double"
              + " precision, and float values are data to it), or make the right-hand side a"
              + " float if it is data.");
    }
    return operation == null ? null : target;
  }

  private Kind unary(UnaryTree tree) {
    Kind operand = expression(tree.getExpression());
    if (operand == null) {
      return null;
    }
    return switch (tree.getKind()) {
      case LOGICAL_COMPLEMENT ->
          operand == Kind.BOOLEAN ? Kind.BOOLEAN : mismatch(tree, "! needs a boolean");
      case BITWISE_COMPLEMENT ->
          operand.isIntegral() ? operand : mismatch(tree, "~ needs an int or long");
      default ->
          operand.isNumeric()
              ? Kind.promote(operand, Kind.INT)
              : mismatch(tree, tree.getKind() + " needs a number");
    };
  }

  private Kind binary(BinaryTree tree) {
    Kind left = expression(tree.getLeftOperand());
    Kind right = expression(tree.getRightOperand());
    if (left == null || right == null) {
      return null;
    }
    return operatorKind(tree, tree.getKind(), left, right);
  }

  /** The result kind of a binary operator (also of the operation inside a compound assignment). */
  private Kind operatorKind(Tree tree, Tree.Kind op, Kind left, Kind right) {
    switch (op) {
      case PLUS,
          MINUS,
          MULTIPLY,
          DIVIDE,
          PLUS_ASSIGNMENT,
          MINUS_ASSIGNMENT,
          MULTIPLY_ASSIGNMENT,
          DIVIDE_ASSIGNMENT -> {
        return left.isNumeric() && right.isNumeric()
            ? Kind.promote(left, right)
            : mismatch(tree, "Arithmetic needs numbers");
      }
      case REMAINDER, REMAINDER_ASSIGNMENT -> {
        if (!left.isIntegral() || !right.isIntegral()) {
          return unsupported(
              tree,
              "% is supported on int and long values only",
              "For doubles, write x - y * (long) (x / y), which is what % computes, with its"
                  + " derivative defined.");
        }
        return Kind.promote(left, right);
      }
      case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL -> {
        return left.isNumeric() && right.isNumeric()
            ? Kind.BOOLEAN
            : mismatch(tree, "Comparisons need numbers");
      }
      case EQUAL_TO, NOT_EQUAL_TO -> {
        return (left.isNumeric() && right.isNumeric()) || left == right
            ? Kind.BOOLEAN
            : mismatch(tree, "== and != need two numbers or two booleans");
      }
      case CONDITIONAL_AND, CONDITIONAL_OR -> {
        return left == Kind.BOOLEAN && right == Kind.BOOLEAN
            ? Kind.BOOLEAN
            : mismatch(tree, "&& and || need booleans");
      }
      case AND, OR, XOR, AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT -> {
        if (left == Kind.BOOLEAN && right == Kind.BOOLEAN) {
          return Kind.BOOLEAN;
        }
        return left.isIntegral() && right.isIntegral()
            ? Kind.promote(left, right)
            : mismatch(tree, "&, | and ^ need two booleans or two integers");
      }
      case LEFT_SHIFT,
          RIGHT_SHIFT,
          UNSIGNED_RIGHT_SHIFT,
          LEFT_SHIFT_ASSIGNMENT,
          RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> {
        return left.isIntegral() && right.isIntegral()
            ? Kind.promote(left, Kind.INT)
            : mismatch(tree, "Shifts need integers");
      }
      default -> {
        return unsupported(tree, "The operator " + op + " is not supported", "Rewrite it.");
      }
    }
  }

  private Kind conditional(ConditionalExpressionTree tree) {
    condition(tree.getCondition());
    Kind a = expression(tree.getTrueExpression());
    Kind b = expression(tree.getFalseExpression());
    if (a == null || b == null) {
      return null;
    }
    if (a == b) {
      return a;
    }
    return a.isNumeric() && b.isNumeric()
        ? Kind.promote(a, b)
        : mismatch(tree, "Both branches of ?: need the same kind of value");
  }

  private Kind cast(TypeCastTree tree) {
    Kind operand = expression(tree.getExpression());
    Kind target = declaredKind(tree.getType());
    if (target == Kind.FLOAT) {
      return unsupported(
          tree.getType(),
          "Casts to float are not supported",
          "Cast to double, int or long: Adjoint differentiates in double precision, and a float"
              + " would carry no derivative.");
    }
    if (target == null) {
      return unsupported(
          tree.getType(),
          "Casts to " + tree.getType() + " are not supported",
          "Cast to " + SupportedTypes.numbers("or") + ".");
    }
    if (operand == null) {
      return null;
    }
    if ((operand == Kind.BOOLEAN) != (target == Kind.BOOLEAN)) {
      return mismatch(tree, "A boolean cannot be cast to a number, or a number to a boolean");
    }
    return target;
  }

  private Kind invocation(MethodInvocationTree tree) {
    Kind recordCall = recordCall(tree);
    if (recordCall != NOT_A_RECORD_CALL) {
      return recordCall;
    }
    List<Kind> args = new ArrayList<>();
    boolean failed = false;
    for (ExpressionTree arg : tree.getArguments()) {
      Kind k = expression(arg);
      failed |= k == null;
      args.add(k);
    }
    ExpressionTree select = tree.getMethodSelect();
    List<ExecutableElement> candidates;
    String name;
    if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      candidates = names.methods(name);
    } else if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      TypeElement owner = qualifierType(member.getExpression());
      if (owner == null) {
        return tensorMethod(tree, member, name, args, failed);
      }
      String loop = ARRAY_UTILITIES.get(owner.getQualifiedName() + "." + name);
      if (loop != null) {
        return unsupported(
            tree,
            owner.getSimpleName() + "." + name + " is not supported in differentiated code",
            loop);
      }
      candidates = names.methods(owner, name);
    } else {
      return unsupported(tree, "This call is not supported", "Call a static method by name.");
    }
    if (!tree.getTypeArguments().isEmpty()) {
      return unsupported(
          tree, "Explicit type arguments are not supported", "Call a non-generic method.");
    }
    if (failed) {
      return null;
    }
    ExecutableElement method = mostSpecific(candidates, args);
    if (method == null) {
      // A @Differentiable varargs method: its declaration has the error that matters.
      for (ExecutableElement m : candidates) {
        if (m.isVarArgs() && DifferentiableSignature.isAnnotated(m)) {
          return rejectedCallee(tree, m);
        }
      }
      if (name.equals("concat")
          && candidates.stream()
              .anyMatch(
                  m ->
                      m.isVarArgs()
                          && ((TypeElement) m.getEnclosingElement())
                              .getQualifiedName()
                              .contentEquals(Kind.TENSOR_CLASS))) {
        return unsupported(
            tree,
            "Differentiated code concatenates two tensors at a time",
            "Nest the calls: Tensor.concat(axis, Tensor.concat(axis, a, b), c).");
      }
      return unsupported(
          tree,
          candidates.isEmpty()
              ? "Cannot resolve the method " + name
              : "No method " + name + " accepts (" + kindList(args) + ")",
          "Differentiated code calls static methods whose parameters and result are "
              + SupportedTypes.values("or")
              + ".");
    }
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      return unsupported(
          tree,
          "Calling the instance method " + name + " is not supported",
          "Make it static, or call it outside the @Differentiable method.");
    }
    Kind result = DifferentiableSignature.kindOf(method.getReturnType());
    if (result == null && DifferentiableSignature.isAnnotated(method)) {
      return rejectedCallee(tree, method);
    }
    if (result == null) {
      return unsupported(
          tree,
          name + " returns " + method.getReturnType() + ", which differentiated code cannot use",
          "Call methods that return " + SupportedTypes.values("or") + ".");
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      return unsupported(
          tree,
          "The private method " + name + " cannot be called from the generated companion class",
          "Remove private from " + name + " (package-private access is enough).");
    }
    attribution.callee(tree, callee(method, result));
    return result;
  }

  /**
   * The JDK's bulk array operations, which differentiated code cannot follow element by element,
   * with the loop to write instead.
   */
  private static final Map<String, String> ARRAY_UTILITIES =
      Map.of(
          "java.util.Arrays.fill",
          "Set the elements in a loop: for (int i = 0; i < a.length; i++) { a[i] = value; }.",
          "java.lang.System.arraycopy",
          "Copy the elements in a loop: for (int i = 0; i < length; i++) { dest[destPos + i] ="
              + " src[srcPos + i]; }.",
          "java.util.Arrays.copyOf",
          "Create the copy with new double[n] and copy the elements in a loop.",
          "java.util.Arrays.copyOfRange",
          "Create the copy with new double[to - from] and copy the elements in a loop.",
          "java.util.Arrays.setAll",
          "Set the elements in a loop: for (int i = 0; i < a.length; i++) { a[i] = ...; }.");

  /**
   * A call of a {@code @Differentiable} method whose declaration is rejected (a void result,
   * varargs): the error at the declaration says what to change, so the call points there, as calls
   * of methods that failed later do.
   */
  private Kind rejectedCallee(MethodInvocationTree tree, ExecutableElement method) {
    return unsupported(
        tree,
        "This calls "
            + DifferentiableSignature.display(method)
            + ", which could not be differentiated (see the error reported there)",
        "Fix that error first.");
  }

  /** What {@link #recordCall} returns for a call that involves no record. */
  private static final Kind NOT_A_RECORD_CALL = Kind.BOOLEAN;

  /**
   * A call that passes records, or calls a {@code @Differentiable} instance method of a record
   * ({@code model.inner().forward(x)}, or {@code forward(x)} inside the record): the callee's
   * lowered form takes each record's leaves. Returns the call's kind (null after an error), or
   * {@link #NOT_A_RECORD_CALL} (compared by identity) for any other call.
   */
  private Kind recordCall(MethodInvocationTree tree) {
    ExpressionTree select = tree.getMethodSelect();
    String name;
    RecordValue receiver = null;
    TypeElement owner = null;
    if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      if (resolve(member.getExpression()) instanceof RecordValue r) {
        receiver = r;
        owner = r.shape().type();
      }
    } else if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      if (self != null
          && self.shape().type().getEnclosedElements().stream()
              .anyMatch(
                  e ->
                      e instanceof ExecutableElement m
                          && m.getSimpleName().contentEquals(name)
                          && !m.getModifiers().contains(Modifier.STATIC))) {
        receiver = self;
        owner = self.shape().type();
      }
    } else {
      return NOT_A_RECORD_CALL;
    }
    List<Object> records = new ArrayList<>();
    boolean anyRecord = receiver != null;
    for (ExpressionTree arg : tree.getArguments()) {
      Object r = resolve(arg);
      records.add(r instanceof RecordValue ? r : null);
      anyRecord |= r instanceof RecordValue;
    }
    if (!anyRecord) {
      return NOT_A_RECORD_CALL;
    }
    List<Kind> args = new ArrayList<>();
    boolean failed = false;
    for (int i = 0; i < tree.getArguments().size(); i++) {
      Kind k = records.get(i) != null ? null : expression(tree.getArguments().get(i));
      failed |= records.get(i) == null && k == null;
      args.add(k);
    }
    List<ExecutableElement> candidates;
    if (owner != null) {
      candidates = new ArrayList<>();
      for (var e : owner.getEnclosedElements()) {
        if (e instanceof ExecutableElement m
            && e.getKind() == javax.lang.model.element.ElementKind.METHOD
            && m.getSimpleName().contentEquals(name)
            && !m.getModifiers().contains(Modifier.STATIC)) {
          candidates.add(m);
        }
      }
    } else if (select instanceof MemberSelectTree member) {
      TypeElement type = qualifierType(member.getExpression());
      candidates = type == null ? List.of() : names.methods(type, name);
    } else {
      candidates = names.methods(name);
    }
    if (failed) {
      return null;
    }
    ExecutableElement method = null;
    for (ExecutableElement m : candidates) {
      if (m.getParameters().size() != args.size()) {
        continue;
      }
      boolean ok = true;
      for (int i = 0; i < args.size() && ok; i++) {
        var type = m.getParameters().get(i).asType();
        if (records.get(i) instanceof RecordValue r) {
          TypeElement t = RecordShape.recordOf(type);
          ok = t != null && t.getQualifiedName().equals(r.shape().type().getQualifiedName());
        } else {
          Kind p = DifferentiableSignature.kindOf(type);
          ok = p != null && args.get(i).assignableTo(p);
        }
      }
      if (ok) {
        method = m;
        break;
      }
    }
    if (method == null) {
      return unsupported(
          tree,
          candidates.isEmpty()
              ? "Cannot resolve the method " + name
              : "No method " + name + " accepts these arguments",
          "Pass a record to a @Differentiable method that takes that record type.");
    }
    if (!DifferentiableSignature.isAnnotated(method)) {
      return unsupported(
          tree,
          receiver != null && records.stream().allMatch(r -> r == null)
              ? "Calling the method "
                  + name
                  + " of the record "
                  + receiver.shape().simpleName()
                  + " is not supported: it is not @Differentiable"
              : "Passing a record to "
                  + name
                  + " is not supported: only @Differentiable methods take records in"
                  + " differentiated code",
          "Annotate "
              + name
              + " with @Differentiable, or pass it the components it needs instead of the"
              + " record.");
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      return unsupported(
          tree,
          "The private method " + name + " cannot be called from the generated companion class",
          "Remove private from " + name + " (package-private access is enough).");
    }
    Kind result = DifferentiableSignature.kindOf(method.getReturnType());
    if (result == null) {
      return null; // its own declaration is reported
    }
    List<Object> flat = new ArrayList<>();
    if (receiver != null) {
      flat.addAll(receiver.leaves());
    }
    for (int i = 0; i < args.size(); i++) {
      if (records.get(i) instanceof RecordValue r) {
        flat.addAll(r.leaves());
      } else {
        flat.add(tree.getArguments().get(i));
      }
    }
    attribution.flatArguments(tree, flat);
    attribution.callee(tree, callee(method, result));
    return result;
  }

  /** {@code t.matmul(u)} and the like: instance methods of a Tensor-valued expression. */
  private Kind tensorMethod(
      MethodInvocationTree tree,
      MemberSelectTree member,
      String name,
      List<Kind> args,
      boolean failed) {
    Kind receiver = receiverKind(member.getExpression());
    if (receiver != null && receiver.isArray() && name.equals("clone")) {
      String array = member.getExpression().toString();
      return unsupported(
          tree,
          "Copying an array with clone() is not supported",
          receiver == Kind.DOUBLE_MATRIX
              ? "Create the copy and fill it in a loop: double[][] copy = new double["
                  + array
                  + ".length]["
                  + array
                  + "[0].length], then copy[i][j] = "
                  + array
                  + "[i][j] for each i and j."
              : "Create the copy and fill it in a loop: double[] copy = new double["
                  + array
                  + ".length], then copy[i] = "
                  + array
                  + "[i] for each i.");
    }
    if (receiver == Kind.DOUBLE || receiver == Kind.INT || receiver == Kind.LONG) {
      // javac's "cannot be dereferenced", with what to write: t.sum().item() is the usual one.
      return unsupported(
          tree,
          "The receiver of " + name + " is a " + receiver.javaName() + ", which has no methods",
          "Use the value itself (a Tensor's sum(), mean(), dot(u) and item() return a double).");
    }
    if (receiver != Kind.TENSOR) {
      return receiver == null
          ? null
          : unsupported(
              tree,
              "Calling " + name + " on an object is not supported",
              "Differentiated code calls static methods (Math.sin(x), Model.f(x), ...) and the"
                  + " methods of Tensor.");
    }
    if (failed) {
      return null;
    }
    TypeElement tensor = names.type(Kind.TENSOR_CLASS);
    List<ExecutableElement> candidates = new ArrayList<>();
    for (ExecutableElement m : names.methods(tensor, name)) {
      if (!m.getModifiers().contains(Modifier.STATIC)) {
        candidates.add(m);
      }
    }
    ExecutableElement method = mostSpecific(candidates, args);
    if (method == null) {
      return unsupported(
          tree,
          candidates.isEmpty()
              ? "Tensor has no method " + name
              : "No method Tensor." + name + " accepts (" + kindList(args) + ")",
          "Differentiated code calls Tensor's methods whose parameters and result are "
              + SupportedTypes.values("or")
              + " (a trailing int... too).");
    }
    Kind result = DifferentiableSignature.kindOf(method.getReturnType());
    if (result == null) {
      return unsupported(
          tree,
          "Tensor."
              + name
              + " returns "
              + method.getReturnType()
              + ", which differentiated code cannot use",
          "Call methods that return " + SupportedTypes.values("or") + ".");
    }
    List<Kind> params = new ArrayList<>();
    params.add(Kind.TENSOR);
    method.getParameters().forEach(p -> params.add(DifferentiableSignature.kindOf(p.asType())));
    attribution.callee(
        tree,
        new Callee(
            DifferentiableSignature.typeRef(tensor),
            name,
            params,
            result,
            Callee.Role.LIBRARY,
            List.of(),
            null,
            pullbacks.pullbacksOf(method, caller),
            true,
            pullbacks.tangentOf(method, caller)));
    return result;
  }

  /**
   * The kind of a method call's receiver: a local, or a call chain such as {@code x.mul(w)}. Other
   * receivers (literals, fields, new objects) are objects, reported as such by the caller.
   */
  private Kind receiverKind(ExpressionTree receiver) {
    ExpressionTree inner = receiver;
    while (inner instanceof ParenthesizedTree p) {
      inner = p.getExpression();
    }
    if (resolve(inner) instanceof LocalSymbol) {
      return expression(receiver); // a record's component
    }
    if (inner instanceof IdentifierTree id) {
      String name = id.getName().toString();
      LocalSymbol local = lookup(name);
      if (local == null && names.field(name) == null) {
        // Neither a variable nor a class in scope (Adjoint.detach(x) without its import): javac
        // would say "cannot find symbol", after this processor has run.
        return unsupported(
            id, "Cannot resolve " + name, "Check the spelling, or import the class " + name + ".");
      }
      return local == null ? Kind.BOOLEAN : expression(receiver);
    }
    if (inner instanceof MethodInvocationTree || inner instanceof ArrayAccessTree) {
      return expression(receiver);
    }
    return Kind.BOOLEAN; // not a tensor: reported as a call on an object
  }

  private Callee callee(ExecutableElement method, Kind result) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    List<Kind> params = new ArrayList<>();
    method.getParameters().forEach(p -> params.add(DifferentiableSignature.kindOf(p.asType())));
    var ownerRef = DifferentiableSignature.typeRef(owner);
    String name = method.getSimpleName().toString();
    if (owner.getQualifiedName().contentEquals(ADJOINT) && name.equals("detach")) {
      return new Callee(ownerRef, name, params, result, Callee.Role.DETACH, List.of(), null);
    }
    if (DifferentiableSignature.isAnnotated(method)) {
      DifferentiableSignature signature = DifferentiableSignature.of(method);
      return new Callee(
          ownerRef,
          name,
          signature.parameterKinds(), // a record's leaves, one by one
          result,
          Callee.Role.DIFFERENTIABLE,
          signature.differentiated(),
          signature.companion(),
          List.of(),
          false,
          null,
          signature.hasRecords() ? layout(signature) : null);
    }
    return new Callee(
        ownerRef,
        name,
        params,
        result,
        Callee.Role.LIBRARY,
        List.of(),
        null,
        pullbacks.pullbacksOf(method, caller),
        false,
        pullbacks.tangentOf(method, caller));
  }

  /** How generated code rebuilds a callee's records from their leaves. */
  private static dev.adjoint.processor.ir.RecordLayout layout(DifferentiableSignature signature) {
    List<dev.adjoint.processor.ir.RecordLayout.Node> params = new ArrayList<>();
    for (var d : signature.declared()) {
      params.add(
          d.shape() == null ? new dev.adjoint.processor.ir.RecordLayout.Leaf() : node(d.shape()));
    }
    return new dev.adjoint.processor.ir.RecordLayout(signature.isInstance(), params);
  }

  private static dev.adjoint.processor.ir.RecordLayout.Node node(RecordShape shape) {
    List<dev.adjoint.processor.ir.RecordLayout.Node> components = new ArrayList<>();
    for (RecordShape.Component c : shape.components()) {
      components.add(
          c.nested() == null ? new dev.adjoint.processor.ir.RecordLayout.Leaf() : node(c.nested()));
    }
    return new dev.adjoint.processor.ir.RecordLayout.Composite(
        DifferentiableSignature.typeRef(shape.type()), components);
  }

  /**
   * Java's overload resolution, restricted to primitive widening (no boxing) and to varargs of int
   * and double.
   */
  private static ExecutableElement mostSpecific(
      List<ExecutableElement> candidates, List<Kind> args) {
    List<ExecutableElement> applicable = new ArrayList<>();
    for (ExecutableElement m : candidates) {
      if (m.getParameters().size() != args.size()) {
        continue;
      }
      boolean ok = true;
      for (int i = 0; i < args.size() && ok; i++) {
        Kind p = DifferentiableSignature.kindOf(m.getParameters().get(i).asType());
        ok = p != null && args.get(i).assignableTo(p);
      }
      if (ok) {
        applicable.add(m);
      }
    }
    if (applicable.isEmpty()) {
      // Java's third phase: a trailing int... or double... takes the remaining arguments one by
      // one (Lowerer packs them into the array Java would make).
      for (ExecutableElement m : candidates) {
        int fixed = m.getParameters().size() - 1;
        Kind rest =
            m.isVarArgs() && args.size() >= fixed
                ? DifferentiableSignature.kindOf(m.getParameters().get(fixed).asType())
                : null;
        if (rest != Kind.INT_ARRAY && rest != Kind.DOUBLE_ARRAY) {
          continue;
        }
        boolean ok = true;
        for (int i = 0; i < args.size() && ok; i++) {
          Kind p =
              i < fixed
                  ? DifferentiableSignature.kindOf(m.getParameters().get(i).asType())
                  : rest == Kind.INT_ARRAY ? Kind.INT : Kind.DOUBLE;
          ok = p != null && args.get(i).assignableTo(p);
        }
        if (ok) {
          applicable.add(m);
        }
      }
    }
    ExecutableElement best = null;
    for (ExecutableElement m : applicable) {
      boolean mostSpecific = true;
      for (ExecutableElement other : applicable) {
        if (other != m && !moreSpecific(m, other)) {
          mostSpecific = false;
        }
      }
      if (mostSpecific) {
        best = m;
      }
    }
    return best;
  }

  private static boolean moreSpecific(ExecutableElement a, ExecutableElement b) {
    for (int i = 0; i < a.getParameters().size(); i++) {
      var pa = a.getParameters().get(i).asType();
      var pb = b.getParameters().get(i).asType();
      Kind ka = DifferentiableSignature.kindOf(pa);
      Kind kb = DifferentiableSignature.kindOf(pb);
      if (ka == null || kb == null || !ka.assignableTo(kb)) {
        return false;
      }
    }
    return true;
  }

  private static String kindList(List<Kind> kinds) {
    return String.join(", ", kinds.stream().map(Kind::javaName).toList());
  }

  private Kind mismatch(Tree tree, String problem) {
    reporter.error(tree, problem + ".", "Fix the operand types.");
    return null;
  }

  /** A local variable (or an enhanced for's variable) of a type outside the subset. */
  private void unsupportedLocalType(Tree type) {
    unsupported(
        type,
        "Local variables of type " + type + " are not supported",
        SupportedTypes.isTensorArray(type.toString())
            ? SupportedTypes.TENSOR_ARRAY_ADVICE
            : "Use " + SupportedTypes.values("or") + ".");
  }

  private Kind unsupported(Tree tree, String problem, String fix) {
    reporter.error(tree, problem + ".", fix);
    return null;
  }
}
