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

import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which array objects the array variables of a method may name (docs/array-model.md).
 *
 * <p>An <em>array object</em> here is an array together with the rows it holds, since a write
 * through a row changes what a read through the matrix sees. The objects are: one per array
 * parameter, one per static field read, and two per allocation site (an assignment of {@code new},
 * or of an array-valued call): the array the site made last ({@link #recent}) and all it made
 * before ({@link #old}), the recency abstraction, so that an array allocated afresh in every
 * iteration is known to be fresh when it is filled.
 *
 * <p>A call never writes into its arguments (the subset forbids it, {@link Activity}), but it may
 * return one of them, or a row of one: the objects of an array-valued call's result are its own
 * site's and those of every array argument.
 *
 * <p>The points-to state ({@link PointsTo}) is flow-sensitive: the to-be-recorded analysis carries
 * it through the statements, and a pass over the whole method ({@link #flow}) records, for activity
 * and for the run-time checks, which objects stores may write through which calls' results, and
 * what each call's array arguments may name.
 */
public final class ArrayAliasing {
  /**
   * An abstract array object. Identity is what matters; the name is for debugging, and built only
   * when printed (an allocation site's statement can be long).
   */
  public static final class Obj {
    private final Supplier<String> name;
    private final Expr external;
    private final Object family;

    /**
     * @param external for a parameter's or a field's array, the expression naming it; else null
     * @param family what the object is an instance of: its allocation site, or itself
     */
    private Obj(Supplier<String> name, Expr external, Object family) {
      this.name = name;
      this.external = external;
      this.family = family == null ? this : family;
    }

    /**
     * Whether it is a parameter's or a field's: an array this method did not create.
     *
     * @return whether the object came from outside the method
     */
    public boolean external() {
      return external != null;
    }

    @Override
    public String toString() {
      return name.get();
    }
  }

  private final Map<Var, Obj> parameters = new HashMap<>();
  private final Map<String, Obj> fields = new HashMap<>();
  private final Map<Stmt, Obj> recent = new IdentityHashMap<>();
  private final Map<Stmt, Obj> old = new IdentityHashMap<>();

  /**
   * For each array-valued call, the families (see {@link Obj#family}) of the objects that some
   * store may write through its result: objects of its arguments, if it returns one.
   */
  private final Map<Stmt, Set<Object>> writtenThrough = new IdentityHashMap<>();

  /** As {@link #writtenThrough}, for the stores through the call's result itself or its copies. */
  private final Map<Stmt, Set<Object>> writtenThroughResult = new IdentityHashMap<>();

  /** For each array-valued call, the objects each array argument may name when it runs. */
  private final Map<Stmt.Assign, Map<Var, Set<Obj>>> atCalls = new IdentityHashMap<>();

  private ArrayAliasing(Function f) {
    for (Var p : f.params()) {
      if (p.kind().isArray()) {
        parameters.put(p, new Obj(() -> "parameter " + p.name(), new Expr.Ref(p), null));
      }
    }
    flow(f.body(), entry());
  }

  /**
   * Runs the points-to state through a block, recording which objects stores may write and what
   * each call's array arguments may name ({@link #writtenThrough}, {@link #atCalls}).
   */
  private void flow(Block block, PointsTo state) {
    PrimalVisitor<Void> step =
        new PrimalVisitor<>() {
          @Override
          public Void visitAssign(Stmt.Assign a) {
            if (allocates(a) && a.value() instanceof Expr.Call) {
              Map<Var, Set<Obj>> args = atCalls.computeIfAbsent(a, x -> new HashMap<>());
              for (Var source : sources(a.value())) {
                args.computeIfAbsent(source, x -> new HashSet<>()).addAll(state.of(source));
              }
            }
            state.assign(a);
            return null;
          }

          @Override
          public Void visitStore(Stmt.Store st) {
            state
                .via(Exprs.root(st.array()))
                .forEach(
                    (o, calls) -> {
                      calls
                          .all()
                          .forEach(
                              c ->
                                  writtenThrough
                                      .computeIfAbsent(c, x -> new HashSet<>())
                                      .add(o.family));
                      calls
                          .last()
                          .forEach(
                              c ->
                                  writtenThroughResult
                                      .computeIfAbsent(c, x -> new HashSet<>())
                                      .add(o.family));
                    });
            return null;
          }

          @Override
          public Void visitIf(Stmt.If i) {
            FlowState.branch(i, state, ArrayAliasing.this::flow);
            return null;
          }

          @Override
          public Void visitLoop(Stmt.Loop l) {
            FlowState.loop(l, state, ArrayAliasing.this::flow);
            return null;
          }
        };
    for (Stmt s : block) {
      s.accept(step);
    }
  }

  /**
   * Whether some store of the method may write, through the result of the array-valued call {@code
   * call} (or through something that result was copied or passed on to), into an object that its
   * argument {@code arg} may name: what happens if the call returns that argument.
   *
   * @param call an assignment of an array-valued call's result
   * @param arg one of the call's array arguments
   * @return whether a write into {@code arg}'s objects through the result is possible
   */
  public boolean argumentMayBeWritten(Stmt.Assign call, Var arg) {
    Set<Object> written = writtenThrough.getOrDefault(call, Set.of());
    return objectsAt(call, arg).stream().anyMatch(o -> written.contains(o.family));
  }

  /**
   * The local array arguments of {@code a}, if it assigns a call's result, that some store may
   * write through that result ({@link #argumentMayBeWritten}): activity and forward mode link them
   * to the result, so they have a shadow and a tangent to share with it. Parameters are left out:
   * writing into them is refused at run time.
   *
   * @param a any assignment
   * @return the arguments to link, empty when {@code a} assigns no call's result
   */
  public List<Var> argumentsWrittenThrough(Stmt.Assign a) {
    return sources(a.value()).stream()
        .filter(u -> u.role() != Var.Role.PARAMETER && argumentMayBeWritten(a, u))
        .toList();
  }

  /**
   * Whether some store may write through the result of {@code call} itself (or a copy or row of it,
   * not a further call's result) into an object its argument {@code arg} may name: the stores a
   * run-time check right after the call can rule out, by comparing the result with the argument (a
   * further call's result is checked after that call).
   *
   * @param call an assignment of an array-valued call's result
   * @param arg one of the call's array arguments
   * @return whether a store through the result itself may reach {@code arg}'s objects
   */
  public boolean argumentMayBeWrittenThroughResult(Stmt.Assign call, Var arg) {
    Set<Object> written = writtenThroughResult.getOrDefault(call, Set.of());
    return objectsAt(call, arg).stream().anyMatch(o -> written.contains(o.family));
  }

  /**
   * The parameters' and fields' arrays that the argument {@code arg} of the array-valued call
   * {@code call} may name and that some store may write through the call's result itself (see
   * {@link #argumentMayBeWrittenThroughResult}), as the expressions naming them.
   *
   * @param call an assignment of an array-valued call's result
   * @param arg one of the call's array arguments
   * @return the expressions (a parameter, a field read) for the run-time check to compare the
   *     result with
   */
  public List<Expr> writtenExternalArrays(Stmt.Assign call, Var arg) {
    Set<Object> written = writtenThroughResult.getOrDefault(call, Set.of());
    List<Expr> out = new ArrayList<>();
    for (Obj o : objectsAt(call, arg)) {
      if (o.external() && written.contains(o.family) && !out.contains(o.external)) {
        out.add(o.external);
      }
    }
    return out;
  }

  private Set<Obj> objectsAt(Stmt.Assign call, Var arg) {
    return atCalls.getOrDefault(call, Map.of()).getOrDefault(arg, Set.of());
  }

  /**
   * Builds the array model of a lowered method: its objects, and what each array variable and call
   * may name.
   *
   * @param f the lowered method
   * @return the model
   */
  public static ArrayAliasing of(Function f) {
    return new ArrayAliasing(f);
  }

  /** Arrays of the user's program; adjoint (shadow) and tangent arrays are not modelled. */
  static boolean isPrimalArray(Var v) {
    return v.kind().isArray() && v.role() != Var.Role.ADJOINT && v.role() != Var.Role.TANGENT;
  }

  /**
   * Whether an assignment makes a new array object: {@code new}, or a call returning an array
   * (which may also return an argument's; see {@link #sources}). {@code Adjoint.detach} copies.
   */
  static boolean allocates(Stmt.Assign a) {
    return isPrimalArray(a.target())
        && (a.value() instanceof Expr.NewArray || a.value() instanceof Expr.Call);
  }

  /**
   * The array variables whose objects an array value may be: the variable or matrix it reads, or
   * for a call every array argument (a callee may return one of them, or one of its rows), except
   * for {@code Adjoint.detach}, which returns a copy.
   */
  static List<Var> sources(Expr value) {
    if (!value.kind().isArray()) {
      return List.of();
    }
    return value.accept(SOURCES);
  }

  private static final Expr.Visitor<List<Var>> SOURCES =
      new Expr.Visitor<>() {
        @Override
        public List<Var> visitRef(Expr.Ref r) {
          return List.of(r.var());
        }

        @Override
        public List<Var> visitLoad(Expr.Load l) {
          return List.of(Exprs.root(l));
        }

        @Override
        public List<Var> visitCall(Expr.Call c) {
          List<Var> out = new ArrayList<>();
          if (c.callee().role() != Callee.Role.DETACH) {
            for (Expr arg : c.args()) {
              // An array path; an argument computed in place is a fresh array.
              if (arg.kind().isArray() && (arg instanceof Expr.Ref || arg instanceof Expr.Load)) {
                out.add(Exprs.root(arg));
              }
            }
          }
          return out;
        }

        @Override
        public List<Var> visitNewArray(Expr.NewArray n) {
          return fresh();
        }

        @Override
        public List<Var> visitArrayLiteral(Expr.ArrayLiteral l) {
          return fresh();
        }

        @Override
        public List<Var> visitConst(Expr.Const c) {
          return List.of(); // null
        }

        @Override
        public List<Var> visitField(Expr.Field f) {
          return List.of(); // a static field's array: modelled apart (external, fields)
        }

        @Override
        public List<Var> visitPop(Expr.Pop p) {
          return List.of(); // only in reverse sweeps, which are not modelled
        }

        @Override
        public List<Var> visitUnary(Expr.Unary u) {
          return notArray(u);
        }

        @Override
        public List<Var> visitBinary(Expr.Binary b) {
          return notArray(b);
        }

        @Override
        public List<Var> visitCast(Expr.Cast c) {
          return notArray(c);
        }

        @Override
        public List<Var> visitLength(Expr.Length l) {
          return notArray(l);
        }

        /** A new array, which no variable names yet. */
        private List<Var> fresh() {
          return new ArrayList<>();
        }

        /** Operations on numbers: never array-valued (the kind is checked above). */
        private List<Var> notArray(Expr e) {
          return List.of();
        }
      };

  /**
   * The flow-sensitive state at the entry of the method: each array parameter names its own.
   *
   * @return a new state for a forward analysis to start from
   */
  public PointsTo entry() {
    PointsTo state = new PointsTo();
    parameters.forEach(
        (p, o) -> {
          Map<Obj, Via> objects = new LinkedHashMap<>();
          objects.put(o, Via.none());
          state.map.put(p, objects);
        });
    return state;
  }

  private Obj site(Map<Stmt, Obj> table, Stmt s, String age) {
    return table.computeIfAbsent(s, x -> new Obj(() -> age + " array of " + x, null, x));
  }

  /**
   * The objects each array variable may name at one point, and which objects' current contents the
   * reverse sweep will read ({@link #live}): a store into such an object must save the element it
   * overwrites. Mutable; {@link #copy} and {@link #join} serve branches and loops.
   */
  /**
   * The calls whose results an object passed through to reach a variable: all of them (the object
   * may reach the variable only if each returned its argument), and the last ones, whose result is
   * the variable itself or was copied into it.
   */
  record Via(Set<Stmt> all, Set<Stmt> last) {
    static Via none() {
      return new Via(new LinkedHashSet<>(), new LinkedHashSet<>());
    }

    void add(Via other) {
      all.addAll(other.all);
      last.addAll(other.last);
    }
  }

  /**
   * The flow-sensitive facts at one point of the method, for a forward analysis (the reverse-mode
   * transform's to-be-recorded analysis): which objects each array variable may name there, and
   * which objects' contents the reverse sweep reads after that point.
   */
  public final class PointsTo implements FlowState<PointsTo> {
    /**
     * For each array variable, the objects it may name, each with the calls whose results it passed
     * through to get there (a call's result may be its argument, and a write through it then goes
     * into that argument's object: ReverseMode checks at those calls).
     */
    private final Map<Var, Map<Obj, Via>> map = new HashMap<>();

    private final Set<Obj> live = new HashSet<>();

    /** A state where no array variable names anything yet and nothing is read. */
    private PointsTo() {}

    /**
     * The objects {@code v} may name here (empty for an array not yet assigned).
     *
     * @param v an array variable
     * @return the objects it may name
     */
    public Set<Obj> of(Var v) {
      Map<Obj, Via> objects = map.get(v);
      return objects == null ? Set.of() : objects.keySet();
    }

    /** For each object {@code v} may name, the calls whose results brought it to {@code v}. */
    Map<Obj, Via> via(Var v) {
      return map.getOrDefault(v, Map.of());
    }

    /**
     * Marks the contents of what {@code v} names as read by the reverse sweep from here on.
     *
     * @param v an array variable the reverse sweep reads through
     */
    public void read(Var v) {
      if (isPrimalArray(v)) {
        live.addAll(of(v));
      }
    }

    /**
     * Forgets the reads since {@code other}: the reverse sweep reads here what it read there.
     *
     * @param other an earlier state of the same flow
     */
    public void readsAsIn(PointsTo other) {
      live.clear();
      live.addAll(other.live);
    }

    /**
     * Forgets the reads of what {@code v} names since {@code other}.
     *
     * @param v an array variable that alone names its objects
     * @param other an earlier state of the same flow
     */
    public void readAsIn(Var v, PointsTo other) {
      for (Obj o : of(v)) {
        if (other.live.contains(o)) {
          live.add(o);
        } else {
          live.remove(o);
        }
      }
    }

    /**
     * Whether a store through {@code v} may overwrite contents the reverse sweep reads.
     *
     * @param v the array variable a store writes through
     * @return whether the overwritten element must be saved on the tape
     */
    public boolean storeNeedsSaving(Var v) {
      for (Obj o : of(v)) {
        if (live.contains(o)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The effect of {@code target = value} on an array variable.
     *
     * @param a an assignment, of any kind (only array targets change the state)
     */
    public void assign(Stmt.Assign a) {
      Var target = a.target();
      if (!isPrimalArray(target)) {
        return;
      }
      boolean call = a.value() instanceof Expr.Call;
      Map<Obj, Via> objects = new LinkedHashMap<>();
      for (Var source : sources(a.value())) {
        via(source)
            .forEach(
                (o, calls) -> {
                  Via through = objects.computeIfAbsent(o, x -> Via.none());
                  through.all().addAll(calls.all());
                  if (call) {
                    // An argument's object, if the call returns it: the call is now the last one.
                    through.all().add(a);
                    through.last().add(a);
                  } else {
                    through.last().addAll(calls.last());
                  }
                });
      }
      if (a.value() instanceof Expr.Field field) {
        objects.put(
            fields.computeIfAbsent(
                field.owner() + "." + field.name(), n -> new Obj(() -> "field " + n, field, null)),
            Via.none());
      }
      if (allocates(a)) {
        // The site's previous array becomes an old one; the new one has no reader yet.
        Obj fresh = site(recent, a, "the newest");
        Obj older = site(old, a, "an older");
        for (Map<Obj, Via> named : map.values()) {
          age(named, fresh, older);
        }
        age(objects, fresh, older);
        if (live.remove(fresh)) {
          live.add(older);
        }
        objects.put(fresh, Via.none());
      }
      map.put(target, objects);
    }

    private void age(Map<Obj, Via> named, Obj fresh, Obj older) {
      Via calls = named.remove(fresh);
      if (calls != null) {
        named.computeIfAbsent(older, x -> Via.none()).add(calls);
      }
    }

    @Override
    public void set(PointsTo other) {
      map.clear();
      live.clear();
      join(other);
    }

    @Override
    public PointsTo copy() {
      PointsTo c = new PointsTo();
      c.join(this);
      return c;
    }

    @Override
    public void join(PointsTo other) {
      other.map.forEach(
          (v, objects) -> {
            Map<Obj, Via> mine = map.computeIfAbsent(v, x -> new LinkedHashMap<>());
            objects.forEach((o, calls) -> mine.computeIfAbsent(o, x -> Via.none()).add(calls));
          });
      live.addAll(other.live);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PointsTo p && p.map.equals(map) && p.live.equals(live);
    }

    @Override
    public int hashCode() {
      return map.hashCode() * 31 + live.hashCode();
    }
  }
}
