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

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.read.DifferentiableSignature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what a generated method allocates, for the sentence its javadoc says about it: only what
 * holds is claimed. It reads the IR the emitter prints and knows what the printer adds, so {@link
 * CodeWriter} and this class change together (AllocationTest measures the claim "allocates nothing"
 * on real calls, so a drift shows).
 *
 * <p>A method allocates on every call if its code
 *
 * <ul>
 *   <li>creates an array: {@code new double[n]} (the method's own arrays, and the shadow adjoint of
 *       each one that carries derivatives), an {@code int...} argument, or a call to one of {@code
 *       Adjoint}'s functions that returns a new array ({@code zerosLike}, {@code detach(double[])},
 *       ...), which is also what the printer writes for an array argument of a callee's pullback or
 *       forward mode that carries no derivative;
 *   <li>computes a {@code Tensor}: tensors are immutable, so every operation on them, and every sum
 *       of tensor adjoints, creates one;
 *   <li>calls the forward mode of a {@code @Differentiable} method, which returns a new record;
 *   <li>calls a {@code @Differentiable} method of the same class (the method itself in a forward
 *       sweep, its pullback in a reverse sweep, or their forward modes) that allocates, decided the
 *       same way over all of them at once (a recursive cycle allocates only if one of its methods
 *       does something above);
 *   <li>is split into parts ({@link MethodSplitter}), which share its variables through arrays; or
 *       returns a copy of its result.
 * </ul>
 *
 * <p>Calls to {@code Math}, {@code StrictMath}, the runtime's derivatives of them ({@code
 * dev.adjoint.jdk}, {@code Derivatives}) and {@code Adjoint}'s functions of scalars allocate
 * nothing. Any other method ({@code @PullbackOf} functions, other static methods,
 * {@code @Differentiable} methods of other classes) is not followed: a method that calls one, and
 * otherwise allocates nothing, says that it allocates nothing of its own and names what it calls.
 * (Another class's companion may be read from a class file, as in an incremental build that
 * recompiles one class, and a companion must be the same whatever else was compiled with it.) A
 * method that uses the calling thread's {@code Tape} allocates nothing only once the tape has grown
 * to what the call needs.
 */
public final class Allocation {
  private Allocation() {}

  /** Which generated method of a {@code @Differentiable} method. */
  enum Form {
    /** The method itself, as javac compiles it: what a forward sweep that calls it runs. */
    PRIMAL,
    PULLBACK,
    JVP,
    PULLBACK_JVP
  }

  /**
   * What a method allocates.
   *
   * @param reasons why it allocates on every call, as clauses ("it creates arrays"); empty if it
   *     does not
   * @param unknown the methods it calls whose allocations are not followed, as {@code
   *     Owner.name(types)}
   * @param tape whether it uses the calling thread's tape
   * @param threads the methods (itself, or callees) that run a chunked loop whose chunks allocate
   *     their sums when they run on several threads ({@code Parallel.setThreads}), though not on
   *     one
   */
  record Verdict(Set<String> reasons, Set<String> unknown, boolean tape, Set<String> threads) {
    boolean allocates() {
      return !reasons.isEmpty();
    }

    /** Whether it is known to allocate nothing (once the tape has grown, if it uses one). */
    boolean none() {
      return reasons.isEmpty() && unknown.isEmpty();
    }

    /**
     * The sentence for a pullback, which returns a double or the array its method returns.
     *
     * @param tapeClass how the file names {@code dev.adjoint.Tape}
     */
    String sentence(String tapeClass) {
      String once =
          " once the calling thread's {@link "
              + tapeClass
              + "} has grown to what the"
              + " call needs (the first calls on a thread grow it)";
      if (allocates()) {
        return "Allocates memory: " + String.join("; ", reasons) + ".";
      }
      String onThreads =
          threads.isEmpty()
              ? ""
              : " On more than one thread ({@code Parallel.setThreads}), the chunks of its loops"
                  + " over independent iterations allocate their sums.";
      if (unknown.isEmpty()) {
        return (tape ? "Allocates nothing" + once + "." : "Allocates nothing.") + onThreads;
      }
      return "Allocates nothing of its own"
          + (tape ? once : "")
          + ", but it calls "
          + codes(unknown)
          + ", whose allocations are not counted here."
          + onThreads;
    }
  }

  /** "{@code a}, {@code b} and {@code c}". */
  static String codes(Set<String> names) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add("{@code " + n + "}"));
    return list(out);
  }

  /** "a, b and c". */
  static String list(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /** What one method's own code does, before its callees are known. */
  private static final class Facts {
    final Set<String> reasons = new LinkedHashSet<>();
    final Set<String> unknown = new LinkedHashSet<>();

    /** Whether its chunked loops allocate on several threads ({@link Round#chunksAllocate}). */
    final Set<String> threads = new LinkedHashSet<>();

    /** The {@code @Differentiable} callees, with the form of each that is called. */
    final Set<Dependency> dependencies = new LinkedHashSet<>();

    boolean tape;
  }

  private record Dependency(Key callee, Form form, String display) {}

  /** A {@code @Differentiable} method, as calls name it. */
  private record Key(TypeRef owner, String name, List<Kind> parameterKinds) {
    static Key of(Callee c) {
      return new Key(c.owner(), c.name(), c.parameterKinds());
    }

    static Key of(DifferentiableSignature s) {
      return new Key(s.owner(), s.name(), s.parameterKinds());
    }
  }

  private static final String MARK = "@@adjoint-allocation@@";

  static final String ARRAYS = "it creates arrays";
  static final String TENSORS = "it computes tensors, and every operation on a tensor creates one";

  static final String RECORDS =
      "it runs a method that takes records, which it rebuilds from their components";
  static final String PARTS = "its parts share its variables through arrays";
  static final String COPY = "it returns a copy of its result";

  /**
   * The verdicts of every generated method of the methods differentiated together (one compilation
   * round), each of which may call the others.
   */
  public static final class Round {
    private final Map<Key, Map<Form, Facts>> facts = new HashMap<>();
    private final Map<Key, Map<Form, Verdict>> verdicts = new HashMap<>();
    private final Map<String, java.util.function.Function<String, String>> deferred =
        new HashMap<>();

    /** An empty round, to which the companions' writer adds every method it writes. */
    public Round() {}

    /**
     * A marker for javadoc that says what a method allocates, to be replaced once every method of
     * the round has been written ({@link #substitute}): a method's verdict depends on its callees',
     * which may be in companions written later. {@code text} is given how the file names {@code
     * dev.adjoint.Tape}.
     */
    String defer(String key, java.util.function.Function<String, String> text) {
      if (deferred.putIfAbsent(key, text) != null) {
        throw new IllegalStateException("two javadoc sentences for " + key);
      }
      return MARK + key + MARK;
    }

    /** {@code text} with each marker replaced by its sentence. */
    String substitute(String text) {
      String tape = text.contains("\nimport dev.adjoint.Tape;\n") ? "Tape" : "dev.adjoint.Tape";
      StringBuilder out = new StringBuilder();
      int from = 0;
      for (int at = text.indexOf(MARK); at >= 0; at = text.indexOf(MARK, from)) {
        int end = text.indexOf(MARK, at + MARK.length());
        String key = text.substring(at + MARK.length(), end);
        var sentence = deferred.get(key);
        if (sentence == null) {
          throw new IllegalStateException("no javadoc sentence for " + key);
        }
        out.append(text, from, at).append(sentence.apply(tape));
        from = end + MARK.length();
      }
      return out.append(text.substring(from)).toString();
    }

    /** Records the code of one form of one method. */
    Round add(
        DifferentiableSignature method,
        Form form,
        List<Block> blocks,
        boolean tape,
        List<String> extraReasons) {
      Facts f = new Facts();
      f.tape = tape;
      f.reasons.addAll(extraReasons);
      for (Block b : blocks) {
        scan(b, f);
      }
      // Only callees of the same class: an incremental build may read another class's companion
      // from a class file, and must generate the same companion as a full build.
      f.dependencies.removeIf(
          d -> {
            boolean elsewhere = !d.callee().owner().equals(method.owner());
            if (elsewhere) {
              f.unknown.add(d.display());
            }
            return elsewhere;
          });
      facts.computeIfAbsent(Key.of(method), k -> new HashMap<>()).put(form, f);
      verdicts.clear();
      return this;
    }

    /**
     * Records that a method's pullback, already added, runs a chunked loop whose sums a thread's
     * tape lends on one thread, and which allocates them on several.
     */
    void chunksAllocate(DifferentiableSignature method) {
      facts.get(Key.of(method)).get(Form.PULLBACK).threads.add(method.display());
      verdicts.clear();
    }

    /** What a form of a method allocates, its callees included. */
    Verdict verdict(DifferentiableSignature method, Form form) {
      if (verdicts.isEmpty()) {
        solve();
      }
      Verdict v = verdicts.getOrDefault(Key.of(method), Map.of()).get(form);
      return Objects.requireNonNull(v, () -> "no " + form + " of " + method.display());
    }

    /**
     * Every verdict, by growing each from its own facts with its callees' until nothing changes:
     * the least fixed point, so a recursive cycle that allocates nothing itself is not said to.
     */
    private void solve() {
      Map<Key, Map<Form, Verdict>> current = new HashMap<>();
      facts.forEach(
          (k, forms) ->
              forms.forEach(
                  (form, f) ->
                      current
                          .computeIfAbsent(k, x -> new HashMap<>())
                          .put(
                              form,
                              new Verdict(
                                  new LinkedHashSet<>(f.reasons),
                                  new LinkedHashSet<>(f.unknown),
                                  f.tape,
                                  new LinkedHashSet<>(f.threads)))));
      boolean changed = true;
      while (changed) {
        changed = false;
        for (var byMethod : facts.entrySet()) {
          for (var byForm : byMethod.getValue().entrySet()) {
            Verdict v = current.get(byMethod.getKey()).get(byForm.getKey());
            for (Dependency d : byForm.getValue().dependencies) {
              Verdict callee = current.getOrDefault(d.callee(), Map.of()).get(d.form());
              if (callee == null) {
                changed |= v.unknown().add(d.display());
              } else if (callee.allocates()) {
                changed |= v.reasons().add("it calls " + describe(d) + ", which allocates");
              } else {
                changed |= v.unknown().addAll(callee.unknown());
                changed |= v.threads().addAll(callee.threads());
              }
            }
          }
        }
      }
      verdicts.putAll(current);
    }

    private static String describe(Dependency d) {
      String code = "{@code " + d.display() + "}";
      return switch (d.form()) {
        case PRIMAL -> code;
        case PULLBACK -> "the pullback of " + code;
        case JVP -> "the forward mode of " + code;
        case PULLBACK_JVP -> "the forward mode of the pullback of " + code;
      };
    }
  }

  private static void scan(Block block, Facts f) {
    for (Stmt s : block) {
      s.accept(
          new Stmt.Visitor<Void>() {
            @Override
            public Void visitAssign(Stmt.Assign a) {
              expr(a.value(), f);
              return null;
            }

            @Override
            public Void visitIf(Stmt.If i) {
              expr(i.cond(), f);
              scan(i.then(), f);
              scan(i.otherwise(), f);
              return null;
            }

            @Override
            public Void visitLoop(Stmt.Loop l) {
              scan(l.head(), f);
              expr(l.cond(), f);
              scan(l.body(), f);
              return null;
            }

            @Override
            public Void visitRepeat(Stmt.Repeat r) {
              expr(r.count(), f);
              scan(r.body(), f);
              return null;
            }

            @Override
            public Void visitStore(Stmt.Store st) {
              expr(st.array(), f);
              expr(st.index(), f);
              expr(st.value(), f);
              return null;
            }

            @Override
            public Void visitPush(Stmt.Push p) {
              expr(p.value(), f); // the tape's blocks are the tape's growth, not the call's
              return null;
            }

            @Override
            public Void visitPullbackCall(Stmt.PullbackCall p) {
              p.args().forEach(e -> expr(e, f));
              expr(p.seed(), f);
              callerSide(p.callee(), p.adjoints(), null, f);
              f.dependencies.add(dependency(p.callee(), Form.PULLBACK));
              return null;
            }

            @Override
            public Void visitTangentCall(Stmt.TangentCall t) {
              t.args().forEach(e -> expr(e, f));
              t.tangents()
                  .forEach(
                      e -> {
                        if (e != null) {
                          expr(e, f);
                        }
                      });
              f.reasons.add(
                  "it gets a new record from the forward mode of {@code "
                      + t.callee().signature()
                      + "}");
              zeroTangents(t.callee(), t.tangents(), f);
              f.dependencies.add(dependency(t.callee(), Form.JVP));
              return null;
            }

            @Override
            public Void visitPullbackJvpCall(Stmt.PullbackJvpCall p) {
              p.args().forEach(e -> expr(e, f));
              p.tangents()
                  .forEach(
                      e -> {
                        if (e != null) {
                          expr(e, f);
                        }
                      });
              expr(p.seed(), f);
              if (p.seedTangent() != null) {
                expr(p.seedTangent(), f);
              }
              callerSide(p.callee(), p.adjoints(), p.adjointTangents(), f);
              zeroTangents(p.callee(), p.tangents(), f);
              f.dependencies.add(dependency(p.callee(), Form.PULLBACK_JVP));
              return null;
            }
          });
    }
  }

  /**
   * What the printer adds around a call of a callee's pullback: a holder per tensor parameter, a
   * fresh zero array for an array parameter whose adjoint the caller does not keep.
   */
  private static void callerSide(
      Callee callee,
      List<dev.adjoint.processor.ir.Var> adjoints,
      List<dev.adjoint.processor.ir.Var> adjointTangents,
      Facts f) {
    for (int k = 0; k < callee.differentiated().size(); k++) {
      Kind kind = callee.parameterKinds().get(callee.differentiated().get(k));
      if (kind == Kind.TENSOR) {
        f.reasons.add(TENSORS);
      } else if (kind.isArray()
          && (adjoints.get(k) == null
              || adjointTangents != null && adjointTangents.get(k) == null)) {
        f.reasons.add(ARRAYS);
      }
    }
  }

  /** The printer passes a zero array (or null for a tensor) where a tangent is zero. */
  private static void zeroTangents(Callee callee, List<Expr> tangents, Facts f) {
    for (int k = 0; k < callee.differentiated().size(); k++) {
      if (tangents.get(k) == null
          && callee.parameterKinds().get(callee.differentiated().get(k)).isArray()) {
        f.reasons.add(ARRAYS);
      }
    }
  }

  private static Dependency dependency(Callee c, Form form) {
    return new Dependency(Key.of(c), form, c.signature());
  }

  private static void expr(Expr e, Facts f) {
    if (e instanceof Expr.NewArray || e instanceof Expr.ArrayLiteral) {
      f.reasons.add(ARRAYS);
    } else if (e instanceof Expr.Call c) {
      call(c.callee(), f);
    }
    Exprs.children(e).forEach(child -> expr(child, f));
  }

  /** The runtime's classes of scalar functions, and the JDK's. */
  private static final Set<String> SCALAR_CLASSES =
      Set.of(
          "java.lang.Math",
          "java.lang.StrictMath",
          "dev.adjoint.jdk.JdkPullbacks",
          "dev.adjoint.jdk.JdkSecondOrder",
          "dev.adjoint.Derivatives");

  /**
   * {@code Adjoint}'s functions that return a new array ({@code orZerosLike} where the array it is
   * given has no shadow yet, which is where the reverse sweep calls it).
   */
  private static final Set<String> ADJOINT_ALLOCATING = Set.of("zerosLike", "orZerosLike");

  private static void call(Callee c, Facts f) {
    boolean tensors = c.returnKind() == Kind.TENSOR || c.parameterKinds().contains(Kind.TENSOR);
    if (tensors) {
      f.reasons.add(TENSORS);
      return;
    }
    String owner = c.owner().qualifiedName();
    if (SCALAR_CLASSES.contains(owner)) {
      return;
    }
    if (owner.equals("dev.adjoint.Adjoint")) {
      if (ADJOINT_ALLOCATING.contains(c.name())
          || c.name().equals("detach") && c.returnKind().isArray()) {
        f.reasons.add(ARRAYS);
      }
      return;
    }
    if (c.role() == Callee.Role.DIFFERENTIABLE) {
      if (c.records() != null) {
        // Generated code rebuilds the callee's records from their leaves to run it.
        f.reasons.add(RECORDS);
      }
      f.dependencies.add(dependency(c, Form.PRIMAL));
      return;
    }
    if (c.owner().equals(c.companion())) {
      // A callee's fForward (split mode): its fReverse's PullbackCall depends on its pullback.
      return;
    }
    f.unknown.add(c.signature());
  }
}
