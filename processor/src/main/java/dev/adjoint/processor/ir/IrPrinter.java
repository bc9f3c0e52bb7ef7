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
package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints IR as stable, readable text, one statement per line with blocks indented: for golden tests
 * and for debugging a transform. Not Java: {@code store m[i] = t1}, {@code push t1}, {@code pop
 * double}, {@code loop { head } while (cond) { body }}, {@code repeat k < trips { .. }}, calls as
 * {@code Owner.name[role](args)}.
 *
 * <p>Two variables with the same name (sibling locals, say) print as {@code x} and {@code x#2}, in
 * order of first appearance; one printer names consistently across everything it prints, so print
 * the sweeps of one pullback with the same printer, and another program over the same variables
 * with a {@link #fork()}.
 */
public final class IrPrinter {
  private static final int UNARY = Precedence.UNARY;
  private static final int ATOM = Precedence.ATOM;

  private final Map<Var, String> names = new IdentityHashMap<>();
  private final Map<String, Integer> taken = new HashMap<>();

  /** A printer that has named no variable yet. */
  public IrPrinter() {}

  private IrPrinter(IrPrinter other) {
    names.putAll(other.names);
    taken.putAll(other.taken);
  }

  /**
   * A printer that names the variables this one has named as it did, and names others apart from
   * those only: for printing another program over them (a pullback of a lowered function).
   *
   * @return the new printer
   */
  public IrPrinter fork() {
    return new IrPrinter(this);
  }

  /**
   * A function: its signature, then its body.
   *
   * @param f a function
   * @return its text, with a fresh printer
   */
  public static String print(Function f) {
    return new IrPrinter().function(f);
  }

  /**
   * A function: its signature, then its body, naming its variables with this printer.
   *
   * @param f a function
   * @return its text
   */
  public String function(Function f) {
    List<String> params = new ArrayList<>();
    for (Var p : f.params()) {
      params.add(p.kind().javaName() + " " + name(p));
    }
    List<String> wrt = f.independents().stream().map(this::name).toList();
    return f.name()
        + "("
        + String.join(", ", params)
        + ") wrt ("
        + String.join(", ", wrt)
        + ") returns "
        + name(f.result())
        + " {\n"
        + block(f.body(), 1)
        + "}\n";
  }

  /**
   * The statements of a block, one per line, each line ending in a newline.
   *
   * @param block the statements
   * @return their text
   */
  public String block(Block block) {
    return block(block, 0);
  }

  private String block(Block block, int depth) {
    StringBuilder out = new StringBuilder();
    for (Stmt s : block) {
      s.accept(new Statement(out, depth));
    }
    return out.toString();
  }

  /**
   * A variable's printed name, distinct from those of the other variables printed so far.
   *
   * @param v a variable
   * @return its name, the same at each call
   */
  public String name(Var v) {
    return names.computeIfAbsent(
        v,
        x -> {
          int n = taken.merge(x.name(), 1, Integer::sum);
          return n == 1 ? x.name() : x.name() + "#" + n;
        });
  }

  private String names(List<Var> vars) {
    List<String> out = new ArrayList<>();
    for (Var v : vars) {
      out.add(v == null ? "_" : name(v));
    }
    return "[" + String.join(", ", out) + "]";
  }

  private String exprs(List<Expr> exprs) {
    List<String> out = new ArrayList<>();
    for (Expr e : exprs) {
      out.add(e == null ? "_" : expr(e));
    }
    return String.join(", ", out);
  }

  private static String callee(Callee c) {
    List<String> simple = c.owner().simpleNames();
    return simple.get(simple.size() - 1) + "." + c.name();
  }

  /** Prints one statement (and the blocks it holds) at a depth. */
  private final class Statement implements Stmt.Visitor<Void> {
    private final StringBuilder out;
    private final int depth;

    Statement(StringBuilder out, int depth) {
      this.out = out;
      this.depth = depth;
    }

    private void line(String text) {
      out.append("  ".repeat(depth)).append(text).append('\n');
    }

    private void nested(Block b) {
      out.append(block(b, depth + 1));
    }

    @Override
    public Void visitAssign(Stmt.Assign s) {
      line(name(s.target()) + " = " + expr(s.value()));
      return null;
    }

    @Override
    public Void visitIf(Stmt.If s) {
      line("if (" + expr(s.cond()) + ") {");
      nested(s.then());
      if (!s.otherwise().isEmpty()) {
        line("} else {");
        nested(s.otherwise());
      }
      line("}");
      return null;
    }

    @Override
    public Void visitLoop(Stmt.Loop s) {
      line("loop {");
      nested(s.head());
      line("} while (" + expr(s.cond()) + ") {");
      nested(s.body());
      line("}");
      return null;
    }

    @Override
    public Void visitRepeat(Stmt.Repeat s) {
      line("repeat " + name(s.index()) + " < " + expr(s.count()) + " {");
      nested(s.body());
      line("}");
      return null;
    }

    @Override
    public Void visitStore(Stmt.Store s) {
      line("store " + expr(s.array(), ATOM) + "[" + expr(s.index()) + "] = " + expr(s.value()));
      return null;
    }

    @Override
    public Void visitPush(Stmt.Push s) {
      line("push " + expr(s.value()));
      return null;
    }

    @Override
    public Void visitPullbackCall(Stmt.PullbackCall s) {
      line(
          (s.split() ? "reverse " : "pullback ")
              + callee(s.callee())
              + "("
              + exprs(s.args())
              + ") seed "
              + expr(s.seed())
              + " into "
              + names(s.adjoints()));
      return null;
    }

    @Override
    public Void visitTangentCall(Stmt.TangentCall s) {
      line(
          name(s.target())
              + ", "
              + name(s.targetTangent())
              + " = jvp "
              + callee(s.callee())
              + "("
              + exprs(s.args())
              + ") along ("
              + exprs(s.tangents())
              + ")");
      return null;
    }

    @Override
    public Void visitPullbackJvpCall(Stmt.PullbackJvpCall s) {
      line(
          "pullbackJvp "
              + callee(s.callee())
              + "("
              + exprs(s.args())
              + ") along ("
              + exprs(s.tangents())
              + ") seed "
              + expr(s.seed())
              + " seedDot "
              + (s.seedTangent() == null ? "_" : expr(s.seedTangent()))
              + " into "
              + names(s.adjoints())
              + " dots into "
              + names(s.adjointTangents()));
      return null;
    }
  }

  // ---------------------------------------------------------------- expressions

  /**
   * An expression, parenthesised only where Java's precedence needs it.
   *
   * @param e an expression
   * @return its text
   */
  public String expr(Expr e) {
    return expr(e, 0);
  }

  /** An expression, parenthesised when it binds less tightly than {@code context} requires. */
  private String expr(Expr e, int context) {
    String text = e.accept(expression);
    return e.accept(PRECEDENCE) < context ? "(" + text + ")" : text;
  }

  private final Expr.Visitor<String> expression =
      new Expr.Visitor<>() {
        @Override
        public String visitConst(Expr.Const e) {
          Object v = e.value();
          if (v == null) {
            return "null";
          }
          return switch (e.kind()) {
            case DOUBLE -> Double.toString(((Number) v).doubleValue());
            case LONG -> ((Number) v).longValue() + "L";
            case FLOAT -> ((Number) v).floatValue() + "f";
            default -> v.toString();
          };
        }

        @Override
        public String visitRef(Expr.Ref e) {
          return name(e.var());
        }

        @Override
        public String visitField(Expr.Field e) {
          List<String> simple = e.owner().simpleNames();
          return simple.get(simple.size() - 1) + "." + e.name();
        }

        @Override
        public String visitUnary(Expr.Unary e) {
          String operand = expr(e.operand(), UNARY);
          return e.op().symbol() + (operand.startsWith(e.op().symbol()) ? " " : "") + operand;
        }

        @Override
        public String visitBinary(Expr.Binary e) {
          int p = e.op().precedence();
          return expr(e.left(), p) + " " + e.op().symbol() + " " + expr(e.right(), p + 1);
        }

        @Override
        public String visitCast(Expr.Cast e) {
          return "(" + e.kind().javaName() + ") " + expr(e.operand(), UNARY);
        }

        @Override
        public String visitCall(Expr.Call e) {
          String role = e.callee().role().name().toLowerCase(Locale.ROOT);
          return callee(e.callee()) + "[" + role + "](" + exprs(e.args()) + ")";
        }

        @Override
        public String visitPop(Expr.Pop e) {
          return "pop " + e.kind().javaName();
        }

        @Override
        public String visitLoad(Expr.Load e) {
          return expr(e.array(), ATOM) + "[" + expr(e.index()) + "]";
        }

        @Override
        public String visitLength(Expr.Length e) {
          return expr(e.array(), ATOM) + ".length";
        }

        @Override
        public String visitArrayLiteral(Expr.ArrayLiteral e) {
          return "new " + e.kind().javaName() + " {" + exprs(e.elements()) + "}";
        }

        @Override
        public String visitNewArray(Expr.NewArray e) {
          StringBuilder dims = new StringBuilder();
          e.dimensions().forEach(d -> dims.append('[').append(expr(d)).append(']'));
          return "new double" + dims;
        }
      };

  /** How tightly an expression's printed form binds: pops, new arrays and literals are words. */
  private static final Expr.Visitor<Integer> PRECEDENCE =
      new Precedence() {
        @Override
        public Integer visitPop(Expr.Pop e) {
          return 1; // parenthesised as an operand: "(pop double) * x"
        }

        @Override
        public Integer visitArrayLiteral(Expr.ArrayLiteral e) {
          return UNARY;
        }

        @Override
        public Integer visitNewArray(Expr.NewArray e) {
          return UNARY;
        }
      };
}
