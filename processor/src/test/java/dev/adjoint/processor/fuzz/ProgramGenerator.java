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
package dev.adjoint.processor.fuzz;

import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of well-typed {@code @Differentiable} methods over the supported subset:
 * double/int/long/boolean locals and parameters, {@code var}, blocks, reassignment of locals and
 * parameters, compound assignments, {@code ++}/{@code --}, arithmetic, comparisons, logic, {@code
 * ?:}, casts, the {@code Math} functions with their arguments kept inside their domains, if/else
 * chains, for/while/do-while loops with data-dependent but bounded trip counts, nested and labeled
 * loops with break/continue, early returns, calls to earlier methods of the same class, bounded
 * self-recursion and {@code Adjoint.detach}. {@link #arrayProgram} adds the array subset (double[]
 * and int[] parameters, local arrays, element writes, aliases, arrays passed to calls); {@link
 * #tensorProgram} adds {@code Tensor} parameters, locals and expressions of known shapes (generated
 * by {@link TensorExpressions}); {@link #shapeProgram} adds to the array subset {@code double[][]},
 * a library of scalar- and vector-valued callees and the shapes of {@link ArrayShapes} (rows passed
 * to callees, re-bound, swapped and re-assigned arrays, element assignments as values).
 *
 * <p>Every program is a class {@code fuzz.P<n>} ({@code fuzz.A<n>} over arrays, {@code fuzz.T<n>}
 * over tensors, {@code fuzz.S<n>} over array shapes) with the annotated methods and a twin class
 * {@code fuzz.P<n>Ref} with the same methods unannotated, the reference for finite differences:
 * there {@code detach}, the staircases ({@code floor ceil rint signum}) and the casts from double
 * call the recording stand-ins of {@link FuzzDetach}, and every assignment of a double (or a
 * tensor) is followed by {@link FuzzDetach#observe(double)}. The annotated text is the same as
 * before those stand-ins existed, and programs over tensors draw no random numbers in the other
 * kinds, so seeds reproduce the programs of earlier campaigns.
 *
 * <p>Once a program is complete, {@link NameDecorations} renames some of its methods, parameters,
 * locals and labels: names with {@code $}, and variables named like a class they obscure ({@code
 * Double}, {@code Tape}, {@code Math} where the variable's scope calls no {@code Math} function, an
 * array {@code Scale} beside a class {@code Scale}). Its decisions come from a stream of their own,
 * so that the rest of a seed's program is as before; {@code -Dadjoint.fuzz.plainNames=true} turns
 * it off.
 *
 * <p>Termination: every loop has a literal cap on its trip count (the counter is read-only in the
 * body), recursion goes through an int depth parameter that only decreases and is never assigned,
 * and callees are chosen so that the estimated work of a method stays small.
 */
final class ProgramGenerator {
  static final String PACKAGE = "fuzz";

  enum Ty {
    DOUBLE("double"),
    INT("int"),
    LONG("long"),
    BOOLEAN("boolean"),
    DOUBLE_ARRAY("double[]"),
    INT_ARRAY("int[]"),
    TENSOR("Tensor"),
    /** A rectangular matrix, in programs over array shapes ({@link #shapeProgram}). */
    DOUBLE_MATRIX("double[][]"),
    /** float data (a parameter in programs over arrays, the variable of a loop over a float[]). */
    FLOAT("float"),
    /** float[] data, in programs over arrays: read-only, never differentiated. */
    FLOAT_ARRAY("float[]");

    final String java;

    Ty(String java) {
      this.java = java;
    }
  }

  /**
   * A parameter; an array parameter's arguments have at least {@code minLength} elements (the
   * checker passes arrays of {@code minLength} to {@code minLength + }{@link #EXTRA_LENGTH}
   * elements; int[] elements are indices in {@code [0, }{@link #INDEX_BOUND}{@code )}). A {@code
   * Tensor} parameter's arguments have exactly the shape {@code shape}; an int[] parameter with a
   * {@code shape} (labels, in programs over tensors) has exactly {@code shape[0]} elements, each in
   * {@code [0, shape[1])}.
   */
  record Param(Ty type, String name, int minLength, int[] shape) {
    Param(Ty type, String name) {
      this(type, name, 0, null);
    }

    Param(Ty type, String name, int minLength) {
      this(type, name, minLength, null);
    }
  }

  /** How much longer than its minimum an array argument of the checker may be. */
  static final int EXTRA_LENGTH = 2;

  /**
   * The longest array a method may receive: callers pass only arrays at most this long, and local
   * arrays grow (new double[a.length + 1]) only below it.
   */
  static final int MAX_LENGTH = 7;

  /** int[] arguments hold values in [0, INDEX_BOUND). */
  static final int INDEX_BOUND = 6;

  /** One generated method: its signature and text, and the earlier methods it calls. */
  static final class MethodInfo {
    /** The method's name ({@link NameDecorations} may change it once the program is complete). */
    String name;

    final List<Param> params = new ArrayList<>();

    /** Index of the recursion depth parameter, or -1. */
    int depthIndex = -1;

    /**
     * The indices of the parameters named in {@code @Differentiable(wrt = ...)}, in declaration
     * order, or null when the annotation names none (every double, double[], double[][] and Tensor
     * parameter is differentiated).
     */
    List<Integer> wrt;

    /** Whether parameter {@code i} is differentiated (its type is one, and wrt names it). */
    boolean differentiates(int i) {
      Ty t = params.get(i).type();
      boolean candidate =
          t == Ty.DOUBLE || t == Ty.DOUBLE_ARRAY || t == Ty.DOUBLE_MATRIX || t == Ty.TENSOR;
      return candidate && (wrt == null || wrt.contains(i));
    }

    String text;
    long cost;
    final Set<MethodInfo> callees = new LinkedHashSet<>();

    /**
     * The local variables and the labels that the generator declared in {@link #text} (empty for
     * the fixed texts of the callee library of {@link ArrayShapes}): the names {@link
     * NameDecorations} may change.
     */
    final List<String> locals = new ArrayList<>();

    final List<String> labels = new ArrayList<>();

    /**
     * Returns {@code double[]} (a vector-valued callee of {@link ArrayShapes}); the checker
     * compares its vector-Jacobian products with finite differences ({@link GradientChecker}).
     */
    boolean vectorValued;

    /**
     * For a vector-valued method: the parameter whose length (rows, for a matrix) its result has.
     */
    int resultLengthOf = -1;

    /** For a vector-valued method: whether its result may be that parameter itself. */
    boolean mayReturnArgument;

    /**
     * For a tensor-valued method (a layer, in programs over layers, {@link #layerProgram}): the
     * shape of its result; null for a method returning {@code double}.
     */
    int[] resultShape;

    MethodInfo(String name) {
      this.name = name;
    }

    Class<?>[] javaTypes() {
      Class<?>[] types = new Class<?>[params.size()];
      for (int i = 0; i < types.length; i++) {
        types[i] =
            switch (params.get(i).type()) {
              case DOUBLE -> double.class;
              case INT -> int.class;
              case LONG -> long.class;
              case BOOLEAN -> boolean.class;
              case DOUBLE_ARRAY -> double[].class;
              case INT_ARRAY -> int[].class;
              case TENSOR -> Tensor.class;
              case DOUBLE_MATRIX -> double[][].class;
              case FLOAT -> float.class;
              case FLOAT_ARRAY -> float[].class;
            };
      }
      return types;
    }

    /** This method's text and the texts of every method it calls, directly or not. */
    String textWithCallees() {
      Set<MethodInfo> all = new LinkedHashSet<>();
      collect(this, all);
      List<MethodInfo> ordered = new ArrayList<>(all);
      Collections.reverse(ordered);
      StringBuilder out = new StringBuilder();
      for (MethodInfo m : ordered) {
        out.append(m.text);
      }
      return out.toString();
    }

    private static void collect(MethodInfo m, Set<MethodInfo> into) {
      if (into.add(m)) {
        for (MethodInfo c : m.callees) {
          collect(c, into);
        }
      }
    }
  }

  /** A generated compilation unit and its reference twin. */
  record Program(
      long seed, String simpleName, String source, String refSource, List<MethodInfo> methods) {
    String qualifiedName() {
      return PACKAGE + "." + simpleName;
    }

    String refQualifiedName() {
      return PACKAGE + "." + simpleName + "Ref";
    }
  }

  static final String DIFF = "@@DIFF@@";

  /**
   * In place of {@link #DIFF}, around the quoted names of a wrt subset (see {@link #wrtSubset}).
   */
  private static final String WRT = "@@WRT@@";

  private static final String WRT_END = "@@WRT_END@@";

  static final String DETACH_SHORT = "@@DETACH_SHORT@@";
  private static final String DETACH_FQ = "@@DETACH_FQ@@";
  private static final String INT_CAST = "@@INT_CAST@@";
  private static final String LONG_CAST = "@@LONG_CAST@@";
  private static final String CAST_END = "@@CAST_END@@";
  private static final String OBSERVE = "@@OBSERVE@@";

  /** Around a subexpression: parentheses, and {@link FuzzDetach#seen} in the reference. */
  static final String SEEN = "@@SEEN@@";

  private static final String STAND_INS = "dev.adjoint.processor.fuzz.FuzzDetach.";

  private static final String[] DOUBLE_LITERALS = {
    "0.5", "1.0", "2.0", "0.25", "1.5", "3.0", "0.1", "0.75", "1.25", "2.5", "0.3", "4.0"
  };

  /** Upper bound on the estimated work (expression evaluations) of one method. */
  static final long MAX_COST = 20_000;

  static final long MAX_LOOP_PRODUCT = 120;

  final Random r;

  /**
   * The decisions of {@link NameDecorations}: a stream of their own, so that a seed's programs are
   * those of earlier campaigns up to the names.
   */
  private final Random nameRandom;

  /**
   * {@code -Dadjoint.fuzz.plainNames=true} turns {@link NameDecorations} off: the programs are then
   * exactly those of the generator before it (to reproduce a finding of an earlier campaign).
   */
  static final boolean PLAIN_NAMES = Boolean.getBoolean("adjoint.fuzz.plainNames");

  /** Whether to generate programs over arrays (see {@link #arrayProgram}). */
  private final boolean arrays;

  /** The tensor part of programs over tensors (see {@link #tensorProgram}), else null. */
  private final TensorExpressions tensors;

  /** Whether some methods return a {@code Tensor} (see {@link #layerProgram}). */
  private final boolean layers;

  /** The array-shape part of programs over array shapes (see {@link #shapeProgram}), else null. */
  final ArrayShapes shapes;

  /** The refilled scratch buffers of programs over them (see {@link #refillProgram}), else null. */
  private final ScratchBuffers refills;

  /**
   * In programs over array shapes (not refilled buffers), the decisions of {@link #wrtSubset}: a
   * stream of their own, so that the bodies of a seed's methods are those of earlier campaigns up
   * to the calls of methods with a wrt subset (which no later method makes). Else null.
   */
  private final Random wrtRandom;

  /** One eligible method in this many gets a wrt subset ({@code -Dadjoint.fuzz.wrt.oneIn}). */
  private static final int WRT_ONE_IN = Integer.getInteger("adjoint.fuzz.wrt.oneIn", 5);

  // Per-method state.
  final List<List<Var>> scopes = new ArrayList<>();
  final List<Loop> loops = new ArrayList<>();
  List<MethodInfo> earlier;
  MethodInfo current;
  private StringBuilder out;
  int indent;
  private int names;
  long loopProduct;
  long cost;
  private int selfCalls;
  boolean selfCallAllowed;
  int nesting;

  static final class Var {
    final String name;
    final Ty type;

    /** Not reassigned (loop counters, depth, arrays received as parameters). */
    final boolean readOnly;

    /** For arrays: bounds on the length, and whether the method created it (may write it). */
    final int minLength;

    final int maxLength;
    final boolean owned;

    /** For tensors: the shape; for labels (int[] in programs over tensors): {length, classes}. */
    final int[] shape;

    Var(String name, Ty type, boolean readOnly) {
      this(name, type, readOnly, 0, 0, false);
    }

    Var(String name, Ty type, boolean readOnly, int minLength, int maxLength, boolean owned) {
      this(name, type, readOnly, minLength, maxLength, owned, null);
    }

    Var(String name, Ty type, boolean readOnly, int[] shape) {
      this(name, type, readOnly, 0, 0, false, shape);
    }

    Var(
        String name,
        Ty type,
        boolean readOnly,
        int minLength,
        int maxLength,
        boolean owned,
        int[] shape) {
      this.name = name;
      this.type = type;
      this.readOnly = readOnly;
      this.minLength = minLength;
      this.maxLength = maxLength;
      this.owned = owned;
      this.shape = shape;
    }

    boolean exactLength() {
      return minLength == maxLength;
    }
  }

  /** A loop {@code for (int counter = 0; counter < array.length; counter++)}. */
  record LengthLoop(String counter, Var array) {}

  final List<LengthLoop> lengthLoops = new ArrayList<>();
  private int indexDepth;

  record Loop(String label) {}

  ProgramGenerator(long seed) {
    this(seed, false);
  }

  ProgramGenerator(long seed, boolean arrays) {
    this(seed, arrays, false);
  }

  private ProgramGenerator(long seed, boolean arrays, boolean tensors) {
    this(seed, arrays, tensors, false);
  }

  private ProgramGenerator(long seed, boolean arrays, boolean tensors, boolean shapes) {
    this(seed, arrays, tensors, shapes, false);
  }

  private ProgramGenerator(
      long seed, boolean arrays, boolean tensors, boolean shapes, boolean layers) {
    this(seed, arrays, tensors, shapes, layers, false);
  }

  private ProgramGenerator(
      long seed, boolean arrays, boolean tensors, boolean shapes, boolean layers, boolean refills) {
    this.r = new Random(seed);
    this.nameRandom = new Random(seed * 31 + 7);
    this.layers = layers;
    this.arrays = arrays;
    this.tensors = tensors ? new TensorExpressions(this) : null;
    this.shapes = shapes ? new ArrayShapes(this) : null;
    // Its own stream for the packed triangles, so that the other shapes of a seed stay as they
    // were.
    this.refills =
        refills ? new ScratchBuffers(this, this.shapes, new Random(seed ^ 0x5041434B4544L)) : null;
    this.wrtRandom = shapes && !refills ? new Random(seed ^ 0x575254L) : null;
  }

  /** Generates program {@code index} of a campaign. */
  static Program program(long campaignSeed, int index) {
    long seed = campaignSeed * 1_000_003L + index;
    return new ProgramGenerator(seed).program(seed, "P" + index, secondOrder(index));
  }

  /**
   * Every fourth program is {@code @Differentiable(order = 2)} throughout (an order-2 method calls
   * only order-2 methods), so that its Hessian-vector products are checked too.
   */
  static boolean secondOrder(int index) {
    return index % 4 == 0;
  }

  /**
   * Generates program {@code index} of a campaign over arrays: besides everything {@link #program}
   * generates, methods take {@code double[]} parameters (and sometimes {@code int[]} index data),
   * declare local arrays ({@code new double[n]}, {@code new double[p.length]}, copies of parameter
   * arrays, aliases of other arrays), read elements, write and {@code +=} into the elements of the
   * arrays they created, loop over {@code .length}, and pass arrays (parameters and locals) to
   * earlier methods and to themselves. Arrays a method receives are only read, as the subset
   * requires. Every index is in bounds: a literal below the array's minimum length, the counter of
   * a loop over the array's length, an int[] element or an int expression reduced modulo the
   * length.
   */
  static Program arrayProgram(long campaignSeed, int index) {
    long seed = campaignSeed * 1_000_003L + index;
    return new ProgramGenerator(seed ^ 0x4152524159L, true)
        .program(seed, "A" + index, secondOrder(index));
  }

  /**
   * Generates program {@code index} of a campaign over tensors: besides the scalar subset, methods
   * take {@code Tensor} parameters of fixed shapes (and sometimes {@code int[]} labels), declare
   * and reassign {@code Tensor} locals (also in loops and branches), compute tensors with the API
   * that {@link TensorExpressions} lists, and reduce them to the doubles that the scalar
   * statements, conditions and the result use. Every method is order 1 ({@code Tensor} values have
   * no second derivatives).
   */
  static Program tensorProgram(long campaignSeed, int index) {
    long seed = campaignSeed * 1_000_003L + index;
    return new ProgramGenerator(seed ^ 0x54454E534FL, false, true)
        .program(seed, "T" + index, false);
  }

  /**
   * Generates program {@code index} of a campaign over layers: the programs over tensors of {@link
   * #tensorProgram}, in which the first method and about half of the others return a {@code Tensor}
   * of a fixed shape (layers, {@link MethodInfo#resultShape}) computed with loops, branches, early
   * returns and recursion as elsewhere, and tensor expressions call the earlier layers whose result
   * has the shape they need (in loops, reassigning a local from a call that reads it, nested in the
   * arguments of other layers). The checker compares each layer's pullback, with a random seed,
   * with its forward mode, and the gradients of the double-valued methods that call layers with
   * finite differences. Every method is order 1.
   */
  static Program layerProgram(long campaignSeed, int index) {
    long seed = campaignSeed * 1_000_003L + index;
    return new ProgramGenerator(seed ^ 0x4C41594552L, false, true, false, true)
        .program(seed, "L" + index, false);
  }

  /**
   * Generates program {@code index} of a campaign over array shapes: the array programs of {@link
   * #arrayProgram} (loops, branches, early exits, element writes, aliases) plus {@code double[][]}
   * parameters and locals, a library of scalar- and vector-valued callees ({@link ArrayShapes}) and
   * the shapes users write with them: rows passed to callees inside loops, row aliases, arrays
   * re-bound in branches, by {@code ?:}, by swaps (ping-pong buffers) and in straight-line code,
   * arrays re-assigned from calls that read them ({@code h = step(h, w)}), callees that return one
   * of their arguments (and writes through the result), element assignments used as values, buffers
   * written and passed to a callee every iteration, and arrays passed down several levels of calls.
   * Some methods differentiate only a subset of their parameters ({@code @Differentiable(wrt =
   * ...)}, see {@link #wrtSubset}); the others are data, in those same shapes. Every method is
   * order 1.
   */
  static Program shapeProgram(long campaignSeed, int index) {
    long seed = campaignSeed * 1_000_003L + index;
    return new ProgramGenerator(seed ^ 0x5348415045L, true, false, true)
        .program(seed, "S" + index, false);
  }

  /**
   * Generates program {@code index} of a campaign over refilled scratch buffers: the programs over
   * array shapes of {@link #shapeProgram}, in which about one statement in four is a shape of
   * {@link ScratchBuffers} (a buffer refilled, in full or in part, in every step of a loop, then
   * updated with {@code +=}, {@code -=} or {@code *=} over a subrange or a triangle and read
   * nonlinearly; two such buffers swapped every step). A separate kind, so that the array and
   * array-shape programs of a seed stay those of earlier campaigns. Every method is order 1.
   */
  static Program refillProgram(long campaignSeed, int index) {
    long seed = campaignSeed * 1_000_003L + index;
    return new ProgramGenerator(seed ^ 0x5245464C4CL, true, false, true, false, true)
        .program(seed, "R" + index, false);
  }

  /** Whether the program being generated is annotated with order 2 (scalar methods only). */
  private boolean secondOrder;

  /** The number of outputs of the vector-valued method being generated, or 0. */
  private int vectorOutputs;

  Program program(long seed, String simpleName) {
    return program(seed, simpleName, false);
  }

  Program program(long seed, String simpleName, boolean secondOrder) {
    this.secondOrder = secondOrder;
    int count = 3 + r.nextInt(3);
    List<MethodInfo> methods = new ArrayList<>();
    if (shapes != null) {
      methods.addAll(shapes.library());
      count = 2 + r.nextInt(3);
    }
    List<MethodInfo> generated = new ArrayList<>();
    // The methods later ones may call: not those with a wrt subset, whose callers would pass
    // derivatives to their other parameters (a compile error), as a loss over data is called by
    // none.
    List<MethodInfo> callable = new ArrayList<>(methods);
    for (int i = 0; i < count; i++) {
      MethodInfo m = method("m" + i, callable);
      methods.add(m);
      generated.add(m);
      if (m.wrt == null) {
        callable.add(m);
      }
    }
    String helpers = "";
    if (!PLAIN_NAMES) {
      NameDecorations decorations = new NameDecorations(nameRandom, tensors != null);
      decorations.decorate(generated);
      helpers = decorations.helperClasses();
    }
    StringBuilder body = new StringBuilder();
    for (MethodInfo m : methods) {
      body.append(m.text);
    }
    String template =
        "package "
            + PACKAGE
            + ";\n\n"
            + "import dev.adjoint.Adjoint;\n"
            + "import dev.adjoint.Differentiable;\n"
            + (tensors != null
                ? "import dev.adjoint.nn.Losses;\nimport dev.adjoint.tensor.Tensor;\n"
                : "")
            + "\n"
            + "public final class @@NAME@@ {\n"
            + "  private @@NAME@@() {}\n"
            + body
            + helpers
            + "}\n";
    String source = primalText(template.replace("@@NAME@@", simpleName), secondOrder);
    String ref = referenceText(template.replace("@@NAME@@", simpleName + "Ref"));
    for (MethodInfo m : methods) {
      m.text = primalText(m.text, secondOrder);
    }
    return new Program(seed, simpleName, source, ref, methods);
  }

  /** The annotated program: markers become the annotation, {@code detach} and plain casts. */
  static String primalText(String template) {
    return primalText(template, false);
  }

  static String primalText(String template, boolean secondOrder) {
    return template
        .replace(DIFF, secondOrder ? "@Differentiable(order = 2)\n  " : "@Differentiable\n  ")
        .replace(
            WRT, secondOrder ? "@Differentiable(order = 2, wrt = {" : "@Differentiable(wrt = {")
        .replace(WRT_END, "})\n  ")
        .replace(DETACH_SHORT, "Adjoint.detach")
        .replace(DETACH_FQ, "dev.adjoint.Adjoint.detach")
        .replace(INT_CAST, "(int) ")
        .replace(LONG_CAST, "(long) ")
        .replace(CAST_END, "")
        .replace(SEEN, "(")
        .replaceAll("(?m)^ *" + OBSERVE + ".*\n", "");
  }

  /**
   * The reference twin: no annotation, and {@code detach}, the staircase functions and the casts
   * from double replaced by the recording stand-ins of {@link FuzzDetach}.
   */
  static String referenceText(String template) {
    return template
        .replace(DIFF, "")
        .replaceAll(WRT + ".*?" + WRT_END, "")
        .replace(DETACH_SHORT, STAND_INS + "detach")
        .replace(DETACH_FQ, STAND_INS + "detach")
        .replace(INT_CAST, STAND_INS + "toInt(")
        .replace(LONG_CAST, STAND_INS + "toLong(")
        .replace(CAST_END, ")")
        .replace(OBSERVE, STAND_INS + "observe(")
        .replace(SEEN, STAND_INS + "seen(")
        .replace("Math.floor(", STAND_INS + "floor(")
        .replace("Math.ceil(", STAND_INS + "ceil(")
        .replace("Math.rint(", STAND_INS + "rint(")
        .replace("Math.signum(", STAND_INS + "signum(")
        .replace("Math.max(", STAND_INS + "max(")
        .replace("Math.min(", STAND_INS + "min(");
  }

  // ---------------------------------------------------------------- methods

  private MethodInfo method(String name, List<MethodInfo> earlier) {
    this.earlier = earlier;
    MethodInfo m = new MethodInfo(name);
    this.current = m;
    scopes.clear();
    loops.clear();
    lengthLoops.clear();
    names = 0;
    loopProduct = 1;
    cost = 0;
    selfCalls = 0;
    nesting = 0;
    out = new StringBuilder();
    indent = 2;

    boolean layer = layers && (earlier.isEmpty() || r.nextBoolean());
    if (layer) {
      m.resultShape = tensors.layerShape();
    }
    List<Param> params = new ArrayList<>();
    int doubles = 1 + r.nextInt(3);
    for (int i = 0; i < doubles; i++) {
      params.add(new Param(Ty.DOUBLE, "x" + i));
    }
    int ints = r.nextInt(3);
    for (int i = 0; i < ints; i++) {
      params.add(new Param(Ty.INT, "n" + i));
    }
    if (r.nextInt(5) == 0) {
      params.add(new Param(Ty.LONG, "l0"));
    }
    if (r.nextInt(5) == 0) {
      params.add(new Param(Ty.BOOLEAN, "b0"));
    }
    if (arrays) {
      if (r.nextInt(4) == 0) {
        params.removeIf(p -> p.type() == Ty.DOUBLE); // no adjoint array in the pullback
      }
      int arrayCount = 1 + r.nextInt(2);
      for (int i = 0; i < arrayCount; i++) {
        params.add(new Param(Ty.DOUBLE_ARRAY, "a" + i, 1 + r.nextInt(3)));
      }
      if (r.nextInt(3) == 0) {
        params.add(new Param(Ty.INT_ARRAY, "idx", 1 + r.nextInt(2)));
      }
      if (r.nextInt(4) == 0) {
        params.add(new Param(Ty.FLOAT_ARRAY, "fd", 1 + r.nextInt(2)));
      }
      if (r.nextInt(5) == 0) {
        params.add(new Param(Ty.FLOAT, "f0"));
      }
    }
    if (shapes != null) {
      shapes.parameters(params);
    }
    if (tensors != null) {
      tensors.parameters(params);
    }
    boolean recursive = r.nextInt(5) == 0;
    if (recursive) {
      params.add(new Param(Ty.INT, "depth"));
    }
    Collections.shuffle(params, r);
    m.params.addAll(params);
    m.wrt = wrtSubset(m, recursive);
    List<Var> scope = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      boolean depth = p.name().equals("depth");
      if (depth) {
        m.depthIndex = i;
      }
      if (p.type() == Ty.DOUBLE_MATRIX) {
        scope.add(new Var(p.name(), p.type(), true, p.shape()[0], p.shape()[0], false, p.shape()));
      } else if (p.shape() != null) {
        scope.add(new Var(p.name(), p.type(), p.type() == Ty.INT_ARRAY, p.shape()));
      } else if (p.type() == Ty.DOUBLE_ARRAY
          || p.type() == Ty.INT_ARRAY
          || p.type() == Ty.FLOAT_ARRAY) {
        // Over array shapes, double[] parameters may be re-bound (y = step(y, w)).
        boolean fixed = shapes == null || p.type() != Ty.DOUBLE_ARRAY;
        scope.add(new Var(p.name(), p.type(), fixed, p.minLength(), MAX_LENGTH, false));
      } else {
        scope.add(new Var(p.name(), p.type(), depth || p.type() == Ty.FLOAT));
      }
    }
    scopes.add(scope);

    // Sometimes a vector-valued method with a constant number of outputs, as users write a
    // residual or a projection: its Jacobian takes every row in one reverse sweep (SeedLanes) up
    // to four outputs, one reverse sweep or one pullback per row beyond.
    boolean vector = !layer && !recursive && tensors == null && !secondOrder && r.nextInt(5) == 0;
    m.vectorValued = vector;
    vectorOutputs = vector ? 2 + r.nextInt(4) : 0;
    StringBuilder header = new StringBuilder();
    header.append("\n  ");
    if (m.wrt == null) {
      header.append(DIFF);
    } else {
      List<String> names = new ArrayList<>();
      for (int i : m.wrt) {
        names.add('"' + params.get(i).name() + '"');
      }
      header.append(WRT).append(String.join(", ", names)).append(WRT_END);
    }
    header
        .append(
            layer
                ? "public static Tensor "
                : vector ? "public static double[] " : "public static double ")
        .append(name)
        .append('(');
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) {
        header.append(", ");
      }
      header.append(params.get(i).type().java).append(' ').append(params.get(i).name());
    }
    header.append(") {\n");
    out.append(header);

    selfCallAllowed = false;
    if (recursive) {
      line("if (depth <= 0) {");
      indent++;
      line("return " + (layer ? tensors.tensor(m.resultShape, 1) : dbl(2)) + ";");
      indent--;
      line("}");
      selfCallAllowed = true;
    }
    if (shapes != null) {
      shapes.begin();
    }
    statements(2 + r.nextInt(5));
    if (arrays && r.nextInt(3) != 0) {
      reduction();
    }
    if (vector) {
      vectorReturn(shapes != null ? shapes.accumulator() + " + " + dbl(2) : dbl(3));
    } else if (layer) {
      line("return " + tensors.tensor(m.resultShape, 2) + ";");
    } else if (shapes != null) {
      line("return " + shapes.accumulator() + " + " + dbl(2) + ";");
    } else if (tensors != null) {
      // The result depends on a tensor (the scalar statements may not read one).
      String v = tensors.reduction();
      line("return " + v + (r.nextBoolean() ? " + " : " * ") + dbl(2) + ";");
    } else {
      line("return " + dbl(3) + ";");
    }
    out.append("  }\n");
    m.text = out.toString();
    m.cost = Math.max(1, cost) * (recursive ? (selfCalls >= 2 ? 15 : 4) : 1);
    return m;
  }

  /**
   * In programs over array shapes, about one method in five with at least two differentiable
   * parameters (-Dadjoint.fuzz.wrt.oneIn) declares {@code @Differentiable(wrt = {...})} naming a
   * strict, non-empty subset of them. The others are data (a loss's examples) that the shapes treat
   * as they treat differentiated arrays: rows passed to callees, aliases, callees' results written
   * through. A matrix is left out three times in four (rows of data through a helper: the
   * NullPointerException fixed by e5297b4). Not recursive methods: their calls of themselves would
   * pass derivatives to the other parameters. Returns the indices of the subset in declaration
   * order, or null.
   */
  private List<Integer> wrtSubset(MethodInfo m, boolean recursive) {
    if (wrtRandom == null || recursive) {
      return null;
    }
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < m.params.size(); i++) {
      if (m.differentiates(i)) {
        candidates.add(i);
      }
    }
    if (candidates.size() < 2 || wrtRandom.nextInt(WRT_ONE_IN) != 0) {
      return null;
    }
    List<Integer> subset = new ArrayList<>();
    while (subset.isEmpty() || subset.size() == candidates.size()) {
      subset.clear();
      for (int i : candidates) {
        boolean matrix = m.params.get(i).type() == Ty.DOUBLE_MATRIX;
        if (wrtRandom.nextInt(4) < (matrix ? 1 : 2)) {
          subset.add(i);
        }
      }
    }
    return subset;
  }

  // ------------------------------------------------------------- statements

  /**
   * In the reference twin only: {@code FuzzDetach.observe(name)} after an assignment, which records
   * the magnitude of the values the program computes (see {@link FuzzDetach#observe(double)}).
   */
  void observe(String name) {
    line(OBSERVE + name + ");");
  }

  void line(String s) {
    out.append("  ".repeat(indent)).append(s).append('\n');
  }

  void statements(int n) {
    for (int i = 0; i < n; i++) {
      statement();
    }
  }

  void block(int n) {
    scopes.add(new ArrayList<>());
    indent++;
    nesting++;
    statements(n);
    nesting--;
    indent--;
    scopes.remove(scopes.size() - 1);
  }

  private void statement() {
    cost += loopProduct;
    boolean canNest = nesting < 3;
    boolean canLoop = canNest && loopProduct * 6 <= MAX_LOOP_PRODUCT;
    boolean inLoop = !loops.isEmpty();
    int[] weights = {
      5, // declaration
      5, // assignment
      canNest ? 3 : 0, // if chain
      canLoop ? 2 : 0, // for
      canLoop ? 1 : 0, // while
      canLoop ? 1 : 0, // do-while
      inLoop ? 2 : 0, // break / continue
      1, // early return in a branch
      canNest ? 1 : 0, // block
      arrays ? 3 : 0, // array declaration
      arrays ? 4 : 0, // element write
      arrays && canLoop ? 3 : 0, // loop over an array's length
      arrays && canLoop ? 2 : 0, // reduction into a new double
      tensors != null ? 6 : 0, // Tensor declaration
      tensors != null ? 6 : 0, // Tensor assignment
      tensors != null ? 2 : 0, // reduction of a tensor into a new double
      shapes != null ? 14 : 0, // a shape of ArrayShapes
      canNest ? 2 : 0, // switch statement
      arrays && canLoop ? 2 : 0, // enhanced for over an array
      2, // sin and cos (or sinh and cosh) of one variable, the derivatives reading each other
      // A refilled scratch buffer of ScratchBuffers, at the top only: each brings loops two or
      // three deep (it nests its own loops over points when it wants them), and the processor's
      // time grows quickly with the depth.
      // A sum over examples at the top, whose iterations may be independent (preaccumulated).
      arrays && nesting == 0 && canLoop ? 2 : 0,
      arrays && canLoop ? 2 : 0, // a running extremum over an array
      arrays && canLoop ? 2 : 0, // adjacent element-wise loops over one range
      refills != null && nesting == 0 ? 16 : 0,
    };
    switch (pick(weights)) {
      case 0 -> declaration();
      case 1 -> assignment();
      case 2 -> ifChain();
      case 3 -> forLoop();
      case 4 -> whileLoop();
      case 5 -> doWhileLoop();
      case 6 -> jump();
      case 7 -> earlyReturn();
      case 8 -> {
        line("{");
        block(1 + r.nextInt(3));
        line("}");
      }
      case 9 -> arrayDeclaration();
      case 10 -> elementWrite();
      case 11 -> lengthLoop();
      case 12 -> reduction();
      case 13 -> tensors.declaration();
      case 14 -> tensors.assignment();
      case 15 -> tensors.reduction();
      case 16 -> shapes.statement(canLoop);
      case 17 -> switchStatement();
      case 18 -> forEachLoop();
      case 19 -> partnerPair();
      case 20 -> sumOverExamples();
      case 21 -> extremum();
      case 22 -> adjacentMaps();
      default -> refills.statement();
    }
  }

  /**
   * {@code Math.cos(x)} and {@code Math.sin(x)} (or cosh and sinh) of one variable, in either
   * order, as a rotation computes them: each derivative may read the other's value ({@code
   * PartnerValues}). A third of the time the first is inside a branch, where the second may not
   * read it; {@code x} may be assigned again later, in a loop, or be a parameter.
   */
  private void partnerPair() {
    Var x = pickVar(Ty.DOUBLE, false);
    Var sink = pickVar(Ty.DOUBLE, true);
    if (x == null || sink == null) {
      declaration();
      return;
    }
    String[] fns =
        r.nextInt(4) == 0
            ? new String[] {"Math.cosh", "Math.sinh"}
            : new String[] {"Math.cos", "Math.sin"};
    if (r.nextBoolean()) {
      fns = new String[] {fns[1], fns[0]};
    }
    String arg = x.name;
    if (fns[0].endsWith("h")) {
      // Keep cosh and sinh finite: their argument is bounded.
      arg = freshName("v");
      line("double " + arg + " = Math.tanh(" + x.name + ");");
      declare(arg, Ty.DOUBLE, false);
    }
    String first = freshName("v");
    String second = freshName("v");
    boolean nested = r.nextInt(3) == 0;
    if (nested) {
      line("if (" + bool(1) + ") {");
      indent++;
      line("double " + first + " = " + fns[0] + "(" + arg + ");");
      observe(first);
      line(sink.name + " += " + first + ";");
      observe(sink.name);
      indent--;
      line("}");
    } else {
      line("double " + first + " = " + fns[0] + "(" + arg + ");");
      observe(first);
      declare(first, Ty.DOUBLE, false);
    }
    line("double " + second + " = " + fns[1] + "(" + arg + ");");
    observe(second);
    declare(second, Ty.DOUBLE, false);
    line(sink.name + " += " + second + " * " + (nested ? dbl(1) : first) + ";");
    observe(sink.name);
  }

  private void declaration() {
    Ty type = pick(new int[] {6, 2, 1, 1}) == 0 ? Ty.DOUBLE : randomNonDouble();
    String name = freshName("v");
    String init = expr(type, 2 + r.nextInt(2));
    String keyword = r.nextInt(4) == 0 ? "var" : type.java;
    if (keyword.equals("var") && type == Ty.LONG) {
      keyword = "long"; // the expression may have type int
    }
    line(keyword + " " + name + " = " + init + ";");
    if (type == Ty.DOUBLE) {
      observe(name);
    }
    declare(name, type, false);
  }

  private Ty randomNonDouble() {
    return switch (r.nextInt(4)) {
      case 0, 1 -> Ty.INT;
      case 2 -> Ty.LONG;
      default -> Ty.BOOLEAN;
    };
  }

  /**
   * Returns 2 to 5 outputs, {@code first} among them: as an array initializer, or stored one by one
   * into a new array.
   */
  private void vectorReturn(String first) {
    int outputs = vectorOutputs;
    List<String> elements = new ArrayList<>();
    elements.add(first);
    for (int k = 1; k < outputs; k++) {
      elements.add(dbl(3));
    }
    Collections.shuffle(elements, r);
    if (r.nextBoolean()) {
      line("return new double[] {" + String.join(", ", elements) + "};");
      return;
    }
    String out = freshName("out");
    line("double[] " + out + " = new double[" + outputs + "];");
    for (int k = 0; k < outputs; k++) {
      line(out + "[" + k + "] = " + elements.get(k) + ";");
    }
    line("return " + out + ";");
  }

  /** A fresh local name with this prefix. */
  String freshName(String prefix) {
    return local(prefix + names++);
  }

  /**
   * Records {@code name} as a local of the method being generated (a variable, not a label), which
   * {@link NameDecorations} may rename once the program is complete.
   */
  private String local(String name) {
    current.locals.add(name);
    return name;
  }

  /** A fresh label. */
  private String label() {
    String name = "L" + names++;
    current.labels.add(name);
    return name;
  }

  /** Whether the statement being generated is inside a loop. */
  boolean inLoop() {
    return !loops.isEmpty();
  }

  /** Charges one evaluation, times the trip counts of the enclosing loops, to the method's cost. */
  void chargeCost() {
    cost += loopProduct;
  }

  /** The variables of this type in scope, outermost first. */
  List<Var> varsOf(Ty type) {
    List<Var> found = new ArrayList<>();
    for (List<Var> scope : scopes) {
      for (Var v : scope) {
        if (v.type == type) {
          found.add(v);
        }
      }
    }
    return found;
  }

  void declare(String name, Ty type, boolean readOnly) {
    scopes.get(scopes.size() - 1).add(new Var(name, type, readOnly));
  }

  private void assignment() {
    List<Var> targets = new ArrayList<>();
    for (List<Var> scope : scopes) {
      for (Var v : scope) {
        if (!v.readOnly) {
          targets.add(v);
        }
      }
    }
    if (arrays) {
      targets.removeIf(
          v -> v.type == Ty.DOUBLE_ARRAY || v.type == Ty.INT_ARRAY || v.type == Ty.DOUBLE_MATRIX);
    }
    if (tensors != null) {
      targets.removeIf(v -> v.type == Ty.TENSOR || v.type == Ty.INT_ARRAY);
    }
    if (targets.isEmpty()) {
      declaration();
      return;
    }
    // Prefer doubles: they carry the derivatives.
    Var v = targets.get(r.nextInt(targets.size()));
    if (v.type != Ty.DOUBLE && r.nextBoolean()) {
      Var d = pickVar(Ty.DOUBLE, true);
      if (d != null) {
        v = d;
      }
    }
    switch (v.type) {
      case DOUBLE -> {
        switch (r.nextInt(7)) {
          case 0, 1 -> line(v.name + " = " + dbl(2 + r.nextInt(2)) + ";");
          case 2 -> line(v.name + " += " + dbl(2) + ";");
          case 3 -> line(v.name + " -= " + dbl(2) + ";");
          case 4 -> line(v.name + " *= " + boundedFactor() + ";");
          case 5 -> line(v.name + " /= " + safeDenominator(2) + ";");
          default -> line(v.name + " = " + v.name + " * " + dbl(1) + " + " + dbl(2) + ";");
        }
        observe(v.name);
      }
      case INT -> {
        switch (r.nextInt(7)) {
          case 0 -> line(v.name + "++;");
          case 1 -> line(v.name + "--;");
          case 2 -> line((r.nextBoolean() ? "++" : "--") + v.name + ";");
          case 3 -> line(v.name + " += " + intExpr(2) + ";");
          case 4 -> line(v.name + " -= " + intExpr(1) + ";");
          case 5 -> line(v.name + " *= " + (r.nextInt(3) - 1) + ";");
          default -> line(v.name + " = " + intExpr(2) + ";");
        }
      }
      case LONG -> {
        switch (r.nextInt(4)) {
          case 0 -> line(v.name + " += " + longExpr(2) + ";");
          case 1 -> line(v.name + " -= " + intExpr(1) + ";");
          case 2 -> line(v.name + " /= " + (2 + r.nextInt(3)) + ";");
          default -> line(v.name + " = " + longExpr(2) + ";");
        }
      }
      case BOOLEAN -> line(v.name + " = " + bool(2) + ";");
    }
  }

  private void ifChain() {
    line("if (" + bool(2) + ") {");
    block(1 + r.nextInt(3));
    int elseIfs = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0;
    for (int i = 0; i < elseIfs; i++) {
      line("} else if (" + bool(2) + ") {");
      block(1 + r.nextInt(2));
    }
    if (r.nextBoolean()) {
      line("} else {");
      block(1 + r.nextInt(2));
    }
    line("}");
  }

  String labelPrefix(Loop loop) {
    return loop.label() == null ? "" : loop.label() + ": ";
  }

  Loop newLoop() {
    return new Loop(r.nextInt(3) == 0 ? label() : null);
  }

  void loopBody(Loop loop, int cap, Runnable prologue) {
    loops.add(loop);
    long saved = loopProduct;
    loopProduct *= cap;
    boolean savedSelf = selfCallAllowed;
    selfCallAllowed = false;
    scopes.add(new ArrayList<>());
    indent++;
    nesting++;
    if (prologue != null) {
      prologue.run();
    }
    statements(1 + r.nextInt(4));
    nesting--;
    indent--;
    scopes.remove(scopes.size() - 1);
    selfCallAllowed = savedSelf;
    loopProduct = saved;
    loops.remove(loops.size() - 1);
  }

  private void forLoop() {
    Loop loop = newLoop();
    String i = freshName("i");
    int cap = 2 + r.nextInt(5);
    String header;
    switch (r.nextInt(4)) {
      case 0 -> header = "for (int " + i + " = 0; " + i + " < " + cap + "; " + i + "++)";
      case 1 ->
          header =
              "for (int "
                  + i
                  + " = 0; "
                  + i
                  + " < "
                  + intExpr(1)
                  + " && "
                  + i
                  + " < "
                  + cap
                  + "; "
                  + i
                  + "++)";
      case 2 ->
          header =
              "for (int "
                  + i
                  + " = "
                  + (r.nextInt(3) - 1)
                  + "; "
                  + i
                  + " < "
                  + cap
                  + " && "
                  + bool(1)
                  + "; "
                  + i
                  + " += "
                  + (1 + r.nextInt(2))
                  + ")";
      default -> {
        // Counting down from a start in [-4, 4].
        header = "for (int " + i + " = " + intExpr(1) + " % 5; " + i + " > 0; " + i + "--)";
        cap = 4;
      }
    }
    line(labelPrefix(loop) + header + " {");
    scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
    loopBody(loop, cap, null);
    scopes.remove(scopes.size() - 1);
    line("}");
  }

  private String loopCondition() {
    Var d = pickVar(Ty.DOUBLE, false);
    if (d != null && r.nextBoolean()) {
      return "Math.abs(" + d.name + ") < " + (r.nextBoolean() ? "50.0" : "3.0");
    }
    return bool(1);
  }

  private void whileLoop() {
    String k = freshName("k");
    int cap = 2 + r.nextInt(6);
    line("int " + k + " = 0;");
    declare(k, Ty.INT, true);
    Loop loop = newLoop();
    line(labelPrefix(loop) + "while (" + k + " < " + cap + " && " + loopCondition() + ") {");
    loopBody(loop, cap, () -> line(k + "++;"));
    line("}");
  }

  private void doWhileLoop() {
    String k = freshName("k");
    int cap = 2 + r.nextInt(5);
    line("int " + k + " = 0;");
    declare(k, Ty.INT, true);
    Loop loop = newLoop();
    line(labelPrefix(loop) + "do {");
    loopBody(loop, cap, () -> line(k + "++;"));
    line("} while (" + k + " < " + cap + " && " + loopCondition() + ");");
  }

  void jump() {
    String keyword = r.nextBoolean() ? "break" : "continue";
    List<Loop> labeled = new ArrayList<>();
    for (Loop l : loops) {
      if (l.label() != null) {
        labeled.add(l);
      }
    }
    String target = "";
    if (!labeled.isEmpty() && r.nextBoolean()) {
      target = " " + labeled.get(r.nextInt(labeled.size())).label();
    }
    line("if (" + bool(2) + ") {");
    indent++;
    scopes.add(new ArrayList<>());
    if (r.nextInt(3) == 0) {
      assignment();
    }
    scopes.remove(scopes.size() - 1);
    line(keyword + target + ";");
    indent--;
    line("}");
  }

  void earlyReturn() {
    line("if (" + bool(2) + ") {");
    indent++;
    if (current.resultShape != null) {
      line("return " + tensors.tensor(current.resultShape, 1) + ";");
    } else if (vectorOutputs > 0) {
      List<String> elements = new ArrayList<>();
      for (int k = 0; k < vectorOutputs; k++) {
        elements.add(dbl(1));
      }
      line("return new double[] {" + String.join(", ", elements) + "};");
    } else if (shapes != null && r.nextBoolean()) {
      line("return " + shapes.accumulator() + " + " + dbl(1) + ";");
    } else {
      line("return " + dbl(2) + ";");
    }
    indent--;
    line("}");
  }

  // ---------------------------------------------------------------- switch

  /**
   * Distinct case labels, enough for any switch generated (at most 9), most of them in [-1, 4]
   * where the selectors' values mostly are.
   */
  private List<Integer> caseLabels() {
    List<Integer> pool = new ArrayList<>(List.of(-1, 0, 1, 2, 3, 4));
    Collections.shuffle(pool, r);
    pool.addAll(List.of(5, -2, 6, 7));
    return pool;
  }

  /** {@code case a} or {@code case a, b} (arrow or colon), taking labels from {@code pool}. */
  private String caseHead(List<Integer> pool) {
    String head = "case " + pool.remove(0);
    if (!pool.isEmpty() && r.nextInt(3) == 0) {
      head += ", " + pool.remove(0);
    }
    return head;
  }

  /**
   * A switch statement on an int expression: arrow cases (blocks), colon cases that each end in
   * {@code break}, or colon cases that may fall through into the next; some cases break early
   * ({@code if (c) break;}), the default is anywhere or absent.
   */
  private void switchStatement() {
    String selector = r.nextBoolean() ? intExpr(1) : "(" + intExpr(1) + ") % 4";
    int form = r.nextInt(3); // 0: arrows, 1: colons ending in break, 2: colons falling through
    int cases = 1 + r.nextInt(3);
    boolean hasDefault = r.nextInt(3) != 0;
    int total = cases + (hasDefault ? 1 : 0);
    int defaultAt = hasDefault ? r.nextInt(total) : -1;
    List<Integer> pool = caseLabels();
    line("switch (" + selector + ") {");
    indent++;
    for (int c = 0; c < total; c++) {
      String head = c == defaultAt ? "default" : caseHead(pool);
      boolean last = c == total - 1;
      if (form != 0 && c != defaultAt && r.nextInt(4) == 0 && !pool.isEmpty()) {
        line("case " + pool.remove(0) + ":"); // an empty case, sharing the next one's statements
      }
      line(head + (form == 0 ? " -> {" : ":"));
      scopes.add(new ArrayList<>());
      indent++;
      nesting++;
      if (r.nextInt(4) == 0) {
        line("if (" + bool(1) + ") {");
        line("  break;");
        line("}");
      }
      statements(1 + r.nextInt(2));
      if (form == 1 ? !last : form == 2 && !last && r.nextBoolean()) {
        line("break;");
      }
      nesting--;
      indent--;
      scopes.remove(scopes.size() - 1);
      if (form == 0) {
        line("}");
      }
    }
    indent--;
    line("}");
  }

  /**
   * A switch expression on an int expression, with a default: arrow cases with values or with a
   * block that yields, or colon cases that yield (an empty case sharing the next one's).
   */
  private String switchExpression(int d) {
    String selector = intExpr(Math.min(d, 1));
    int cases = 1 + r.nextInt(2);
    List<Integer> pool = caseLabels();
    StringBuilder s = new StringBuilder("(switch (" + selector + ") {");
    boolean colons = r.nextInt(3) == 0;
    for (int c = 0; c <= cases; c++) {
      String head = c == cases ? "default" : caseHead(pool);
      if (colons) {
        if (c < cases && r.nextInt(3) == 0) {
          s.append(" case ").append(pool.remove(0)).append(":");
        }
        // yield (...) would parse as a call of a method named yield
        s.append(' ').append(head).append(": yield 1.0 * ").append(dbl(d)).append(';');
      } else if (r.nextInt(4) == 0) {
        String t = freshName("v");
        s.append(' ')
            .append(head)
            .append(" -> { double ")
            .append(t)
            .append(" = ")
            .append(dbl(d))
            .append("; yield ")
            .append(t)
            .append(" * ")
            .append(dbl(d))
            .append("; }");
      } else {
        s.append(' ').append(head).append(" -> ").append(dbl(d)).append(';');
      }
    }
    return s.append(" })").toString();
  }

  // ----------------------------------------------------------------- float data

  private boolean hasFloats() {
    return pickVar(Ty.FLOAT, false) != null || pickVar(Ty.FLOAT_ARRAY, false) != null;
  }

  /** An expression of Java type float: float data, in float arithmetic as Java does it. */
  String floatExpr(int depth) {
    if (depth > 0 && r.nextInt(3) == 0) {
      int d = depth - 1;
      return switch (r.nextInt(3)) {
        case 0 -> "(" + floatExpr(d) + " + " + floatExpr(d) + ")";
        case 1 -> "(" + floatExpr(d) + " * " + intLeaf() + ")";
        default -> "(" + floatExpr(d) + " * 0.5f)";
      };
    }
    Var f = pickVar(Ty.FLOAT, false);
    Var a = pickVar(Ty.FLOAT_ARRAY, false);
    if (a != null && (f == null || r.nextBoolean())) {
      return a.name + "[" + index(a) + "]";
    }
    if (f != null && r.nextInt(4) != 0) {
      return f.name;
    }
    return new String[] {"1.5f", "0.25f", "(-2.0f)", "0.1f"}[r.nextInt(4)];
  }

  // ----------------------------------------------------------------- arrays

  /**
   * {@code for (T e : a)} over a double[], int[] or float[] in scope, with the element as a double
   * (assignable), an int or a float (read-only) variable of the body.
   */
  private void forEachLoop() {
    List<Var> all = arrayVars(Ty.DOUBLE_ARRAY, false);
    all.addAll(arrayVars(Ty.INT_ARRAY, false));
    all.addAll(arrayVars(Ty.FLOAT_ARRAY, false));
    if (all.isEmpty()) {
      forLoop();
      return;
    }
    Var a = all.get(r.nextInt(all.size()));
    if (loopProduct * a.maxLength > MAX_LOOP_PRODUCT) {
      elementWrite();
      return;
    }
    Loop loop = newLoop();
    String e = freshName("e");
    Ty type;
    String declared;
    if (a.type == Ty.DOUBLE_ARRAY || r.nextInt(3) == 0) {
      type = Ty.DOUBLE; // an int or a float element widens
      declared = a.type == Ty.DOUBLE_ARRAY && r.nextInt(4) == 0 ? "var" : "double";
    } else {
      type = a.type == Ty.INT_ARRAY ? Ty.INT : Ty.FLOAT;
      declared = r.nextInt(4) == 0 ? "var" : type.java;
    }
    line(labelPrefix(loop) + "for (" + declared + " " + e + " : " + a.name + ") {");
    scopes.add(new ArrayList<>(List.of(new Var(e, type, type != Ty.DOUBLE || r.nextBoolean()))));
    loopBody(loop, a.maxLength, null);
    scopes.remove(scopes.size() - 1);
    line("}");
  }

  /** Arrays in scope that can be passed for parameter {@code p} of a callee. */
  List<Var> arraysFitting(Param p) {
    List<Var> fits = new ArrayList<>();
    for (List<Var> scope : scopes) {
      for (Var v : scope) {
        if (p.shape() != null) {
          // Labels: exactly as many, of as many classes.
          if (v.type == p.type() && java.util.Arrays.equals(v.shape, p.shape())) {
            fits.add(v);
          }
          continue;
        }
        if (v.type == p.type() && v.minLength >= p.minLength() && v.maxLength <= MAX_LENGTH) {
          fits.add(v);
        }
      }
    }
    return fits;
  }

  boolean canPassArrays(MethodInfo m) {
    for (Param p : m.params) {
      if ((p.type() == Ty.DOUBLE_ARRAY
              || p.type() == Ty.INT_ARRAY
              || p.type() == Ty.DOUBLE_MATRIX
              || p.type() == Ty.FLOAT_ARRAY)
          && arraysFitting(p).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** An int expression that is a valid index into {@code a}. */
  String index(Var a) {
    List<String> counters = new ArrayList<>();
    for (LengthLoop l : lengthLoops) {
      if (l.array() == a || l.array().maxLength <= a.minLength) {
        counters.add(l.counter());
      }
    }
    int choice = r.nextInt(10);
    if (!counters.isEmpty() && choice < 6) {
      return counters.get(r.nextInt(counters.size()));
    }
    if (choice < 8 || indexDepth > 0) {
      return Integer.toString(r.nextInt(a.minLength));
    }
    Var data = pickVar(Ty.INT_ARRAY, false);
    if (data != null && data != a && r.nextBoolean()) {
      // int[] elements are in [0, INDEX_BOUND).
      String element = data.name + "[" + r.nextInt(data.minLength) + "]";
      return INDEX_BOUND <= a.minLength ? element : "(" + element + " % " + a.name + ".length)";
    }
    indexDepth++;
    String e = intExpr(1);
    indexDepth--;
    return "((" + e + ") % " + a.name + ".length + " + a.name + ".length) % " + a.name + ".length";
  }

  List<Var> arrayVars(Ty type, boolean owned) {
    List<Var> found = new ArrayList<>();
    for (List<Var> scope : scopes) {
      for (Var v : scope) {
        if (v.type == type && (!owned || v.owned)) {
          found.add(v);
        }
      }
    }
    return found;
  }

  /**
   * A local double[]: fresh ({@code new double[...]}, sometimes filled from a parameter array or an
   * expression in a loop), an alias of another array (owned if that one is), or a fresh array
   * assigned to an owned local declared earlier.
   */
  private void arrayDeclaration() {
    List<Var> all = arrayVars(Ty.DOUBLE_ARRAY, false);
    List<Var> owned = arrayVars(Ty.DOUBLE_ARRAY, true);
    int choice = r.nextInt(10);
    String name = local("a" + (10 + names++));
    if (choice == 3 && !all.isEmpty()) {
      // A detached copy: the method's own array, with no derivative.
      Var source = all.get(r.nextInt(all.size()));
      line("double[] " + name + " = " + DETACH_SHORT + "(" + source.name + ");");
      declare(new Var(name, Ty.DOUBLE_ARRAY, false, source.minLength, source.maxLength, true));
      return;
    }
    if (choice < 2 && !all.isEmpty()) {
      Var source = all.get(r.nextInt(all.size()));
      line("double[] " + name + " = " + source.name + ";");
      declare(
          new Var(name, Ty.DOUBLE_ARRAY, false, source.minLength, source.maxLength, source.owned));
      return;
    }
    if (choice == 2 && !owned.isEmpty()) {
      // Reassign an owned local: a fresh array of the same length, or another owned array of the
      // same fixed length.
      Var target = owned.get(r.nextInt(owned.size()));
      if (target.readOnly) {
        return;
      }
      List<Var> same = new ArrayList<>();
      for (Var v : owned) {
        if (v != target
            && v.exactLength()
            && target.exactLength()
            && v.minLength == target.minLength) {
          same.add(v);
        }
      }
      if (!same.isEmpty() && r.nextBoolean()) {
        line(target.name + " = " + same.get(r.nextInt(same.size())).name + ";");
      } else {
        line(target.name + " = new double[" + target.name + ".length];");
      }
      return;
    }
    int min;
    int max;
    String length;
    Var of = all.isEmpty() ? null : all.get(r.nextInt(all.size()));
    switch (of == null ? 0 : of.maxLength < MAX_LENGTH ? r.nextInt(3) : r.nextInt(2)) {
      case 0 -> {
        min = 1 + r.nextInt(4);
        max = min;
        length = Integer.toString(min);
      }
      case 1 -> {
        min = of.minLength;
        max = of.maxLength;
        length = of.name + ".length";
      }
      default -> {
        min = of.minLength + 1;
        max = of.maxLength + 1;
        length = of.name + ".length + 1";
      }
    }
    if (length.equals(Integer.toString(min)) && r.nextInt(3) == 0) {
      // An array initializer: {a, b}, new double[] {a, b}, or var v = new double[] {a, b}.
      List<String> values = new ArrayList<>();
      for (int k = 0; k < min; k++) {
        values.add(dbl(2));
      }
      String init = "{" + String.join(", ", values) + "}";
      line(
          switch (r.nextInt(3)) {
            case 0 -> "double[] " + name + " = " + init + ";";
            case 1 -> "double[] " + name + " = new double[] " + init + ";";
            default -> "var " + name + " = new double[] " + init + ";";
          });
      declare(new Var(name, Ty.DOUBLE_ARRAY, false, min, max, true));
      return;
    }
    String keyword = r.nextInt(5) == 0 ? "var" : "double[]";
    line(keyword + " " + name + " = new double[" + length + "];");
    Var fresh = new Var(name, Ty.DOUBLE_ARRAY, false, min, max, true);
    declare(fresh);
    if (r.nextBoolean() && loopProduct * max <= MAX_LOOP_PRODUCT) {
      // Fill it: a copy of another array, or values computed per element.
      String i = freshName("i");
      line("for (int " + i + " = 0; " + i + " < " + name + ".length; " + i + "++) {");
      indent++;
      scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
      lengthLoops.add(new LengthLoop(i, fresh));
      long saved = loopProduct;
      loopProduct *= max;
      String value;
      if (of != null
          && (length.equals(of.name + ".length") || max <= of.minLength)
          && r.nextBoolean()) {
        value = of.name + "[" + i + "]";
      } else if (of != null && r.nextBoolean()) {
        value = of.name + "[" + i + " % " + of.name + ".length]";
      } else {
        value = dbl(2);
      }
      cost += loopProduct;
      line(name + "[" + i + "] = " + value + ";");
      observe(name);
      loopProduct = saved;
      lengthLoops.remove(lengthLoops.size() - 1);
      scopes.remove(scopes.size() - 1);
      indent--;
      line("}");
    }
  }

  void declare(Var v) {
    scopes.get(scopes.size() - 1).add(v);
  }

  /** {@code a[i] = e}, {@code +=}, {@code -=} or {@code *=} into an array the method created. */
  void elementWrite() {
    List<Var> owned = arrayVars(Ty.DOUBLE_ARRAY, true);
    if (owned.isEmpty()) {
      arrayDeclaration();
      return;
    }
    Var a = owned.get(r.nextInt(owned.size()));
    String element = a.name + "[" + index(a) + "]";
    switch (r.nextInt(6)) {
      case 0, 1 -> line(element + " = " + dbl(2) + ";");
      case 2, 3 -> line(element + " += " + dbl(2) + ";");
      case 4 -> line(element + " -= " + dbl(1) + ";");
      default -> line(element + " *= " + boundedFactor() + ";");
    }
    observe(a.name);
  }

  /**
   * A {@code double[]} in scope with at least {@code minLength} elements for a loop over its
   * length, preferring the arrays the method created (so that what it wrote into them reaches the
   * result); null when there is none, or when the loop would make the program too long.
   */
  private Var arrayToLoopOver(int minLength) {
    List<Var> owned = arrayVars(Ty.DOUBLE_ARRAY, true);
    List<Var> all = arrayVars(Ty.DOUBLE_ARRAY, false);
    if (all.isEmpty()) {
      return null;
    }
    Var a =
        !owned.isEmpty() && r.nextInt(4) != 0
            ? owned.get(r.nextInt(owned.size()))
            : all.get(r.nextInt(all.size()));
    return loopProduct * a.maxLength > MAX_LOOP_PRODUCT || a.minLength < minLength ? null : a;
  }

  /**
   * {@code double s = init; for (int i = 0; i < a.length; i++) s += g(a[i], ...);} over an array in
   * scope ({@link #arrayToLoopOver}).
   */
  void reduction() {
    Var a = arrayToLoopOver(0);
    if (a == null) {
      declaration();
      return;
    }
    String s = freshName("v");
    String i = freshName("i");
    line("double " + s + " = " + (r.nextBoolean() ? "0.0" : dbl(1)) + ";");
    line("for (int " + i + " = 0; " + i + " < " + a.name + ".length; " + i + "++) {");
    indent++;
    scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
    lengthLoops.add(new LengthLoop(i, a));
    long saved = loopProduct;
    loopProduct *= a.maxLength;
    String element = a.name + "[" + i + "]";
    String term =
        switch (r.nextInt(5)) {
          case 0 -> element;
          case 1 -> element + " * " + element;
          case 2 -> element + " * " + dbl(1);
          case 3 -> {
            // A centred square, as a variance writes it: the same operand twice (lowered once).
            String centred = "(" + element + " - " + dbl(0) + ")";
            yield centred + " * " + centred;
          }
          default -> "Math.sin(" + element + " + " + dbl(1) + ")";
        };
    cost += loopProduct;
    line(s + (r.nextInt(4) == 0 ? " -= " : " += ") + term + ";");
    observe(s);
    loopProduct = saved;
    lengthLoops.remove(lengthLoops.size() - 1);
    scopes.remove(scopes.size() - 1);
    indent--;
    line("}");
    declare(s, Ty.DOUBLE, false);
  }

  /**
   * A running extremum, as log-sum-exp, softmax, max pooling or a nearest centre write it: {@code
   * double m = init; for (int i = start; i < a.length; i++) { if (e(i) > m) { m = e(i); } }}, with
   * any of {@code >}, {@code >=}, {@code <}, {@code <=}, the element read as it is, scaled, shifted
   * through an index or through a local, sometimes its index kept too ({@code
   * transform/RunningExtrema} rewrites these); and traps it must leave as branches: the start read
   * from a variable, the element of the previous iteration, a branch with an {@code else}.
   */
  private void extremum() {
    Var a = arrayToLoopOver(1); // its start may read a[0]
    if (a == null) {
      declaration();
      return;
    }
    String[] ops = {">", ">=", "<", "<="};
    String op = ops[r.nextInt(ops.length)];
    String m = freshName("v");
    String i = freshName("i");
    int trap = r.nextInt(6); // 0: start from a variable, 1: previous element, 2: else; else none
    String start = trap == 0 ? "(" + intLeaf() + " & 1)" : r.nextBoolean() ? "0" : "1";
    // An infinite start only where the loop runs at least once (the arrays are not empty).
    String init =
        switch (r.nextInt(3)) {
          case 0 -> a.name + "[0]";
          case 1 ->
              !start.equals("0")
                  ? dbl(1)
                  : op.startsWith(">") ? "Double.NEGATIVE_INFINITY" : "Double.POSITIVE_INFINITY";
          default -> dbl(1);
        };
    String scale = r.nextInt(3) == 0 ? dbl(1) : null; // read before the loop, as a local
    String factor = null;
    if (scale != null) {
      factor = freshName("v");
      line("double " + factor + " = " + scale + ";");
    }
    String previous = null;
    if (trap == 1) {
      previous = freshName("v");
      line("double " + previous + " = " + a.name + "[0];");
    }
    String index = r.nextInt(4) == 0 ? freshName("n") : null;
    if (index != null) {
      line("int " + index + " = -1;");
    }
    line("double " + m + " = " + init + ";");
    line("for (int " + i + " = " + start + "; " + i + " < " + a.name + ".length; " + i + "++) {");
    indent++;
    scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
    long saved = loopProduct;
    loopProduct *= a.maxLength;
    String at = r.nextInt(3) == 0 ? "(" + i + " + 1) % " + a.name + ".length" : i;
    String element = a.name + "[" + at + "]";
    if (factor != null) {
      element = factor + " * " + element;
    }
    String e = element;
    if (trap == 1) {
      e = freshName("v");
      line("double " + e + " = " + previous + ";");
      line(previous + " = " + element + ";");
    } else if (r.nextBoolean()) {
      e = freshName("v");
      line("double " + e + " = " + element + ";");
    }
    cost += loopProduct;
    line("if (" + e + " " + op + " " + m + ") {");
    line("  " + m + " = " + e + ";");
    if (index != null) {
      line("  " + index + " = " + i + ";");
    }
    if (trap == 2) {
      line("} else {");
      line("  " + m + " -= 0.0625 * " + e + ";");
    }
    line("}");
    loopProduct = saved;
    scopes.remove(scopes.size() - 1);
    indent--;
    line("}");
    declare(m, Ty.DOUBLE, false);
    if (index != null) {
      declare(index, Ty.INT, false);
    }
    observe(m);
  }

  /**
   * Adjacent element-wise loops over one array's range, as a model centres, scales and squashes a
   * vector in steps ({@code transform/MapLoopFusion} fuses them): two loops, each storing into a
   * new array at the loop's index, the second reading the first's, sometimes a third writing the
   * first array again; and traps it must leave apart: a neighbour's element, a sum the next loop
   * reads, the first array read backwards through another name, another start.
   */
  private void adjacentMaps() {
    Var a = arrayToLoopOver(1);
    if (a == null || loopProduct * (a.maxLength + 1) * 3 > MAX_LOOP_PRODUCT) {
      declaration();
      return;
    }
    int trap =
        r.nextInt(8); // 0: neighbour, 1: carried sum, 2: alias backwards, 3: start; else none
    String n = a.name + ".length";
    String p = local("a" + (10 + names++));
    String q = local("a" + (10 + names++));
    line("double[] " + p + " = new double[" + n + (trap == 0 ? " + 1" : "") + "];");
    line("double[] " + q + " = new double[" + n + "];");
    String read = p;
    if (trap == 2) {
      read = local("a" + (10 + names++));
      line("double[] " + read + " = " + p + ";");
    }
    String sum = null;
    if (trap == 1) {
      sum = freshName("v");
      line("double " + sum + " = 0.0;");
    }
    long saved = loopProduct;
    String i = mapLoop("0", a);
    String centred = "(" + a.name + "[" + i + "] - " + dbl(0) + ")";
    if (r.nextBoolean()) {
      String t = freshName("v");
      line("double " + t + " = " + centred + ";");
      line(p + "[" + i + "] = " + t + " * " + (r.nextBoolean() ? t : dbl(0)) + ";");
    } else if (r.nextBoolean()) {
      line(p + "[" + i + "] = " + dbl(0) + " * " + centred + ";");
    } else {
      // Math's functions fuse too.
      line(p + "[" + i + "] = Math." + (r.nextBoolean() ? "sin(" : "tanh(") + centred + ");");
    }
    if (sum != null) {
      line(sum + " += " + p + "[" + i + "];");
    }
    closeMapLoop(saved);
    String j = mapLoop(trap == 3 ? "1" : "0", a);
    String at =
        switch (trap) {
          case 0 -> j + " + 1";
          case 2 -> n + " - 1 - " + j;
          default -> j;
        };
    line(
        q
            + "["
            + j
            + "] = "
            + read
            + "["
            + at
            + "] * "
            + a.name
            + "["
            + j
            + "]"
            + (sum != null ? " - " + sum : " + " + dbl(0))
            + ";");
    closeMapLoop(saved);
    if (r.nextBoolean()) {
      String k = mapLoop("0", a);
      line(p + "[" + k + "] = " + q + "[" + k + "] * " + p + "[" + k + "] + " + dbl(0) + ";");
      closeMapLoop(saved);
    }
    int extra = trap == 0 ? 1 : 0;
    declare(new Var(p, Ty.DOUBLE_ARRAY, false, a.minLength + extra, a.maxLength + extra, true));
    declare(new Var(q, Ty.DOUBLE_ARRAY, false, a.minLength, a.maxLength, true));
    String v = freshName("v");
    line("double " + v + " = " + q + "[0] + " + p + "[" + n + " - 1];");
    declare(v, Ty.DOUBLE, false);
    observe(v);
  }

  /** Opens {@code for (int i = start; i < a.length; i++) {}}; returns {@code i}. */
  private String mapLoop(String start, Var a) {
    String i = freshName("i");
    line("for (int " + i + " = " + start + "; " + i + " < " + a.name + ".length; " + i + "++) {");
    indent++;
    scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
    loopProduct *= a.maxLength;
    cost += loopProduct;
    return i;
  }

  private void closeMapLoop(long saved) {
    loopProduct = saved;
    scopes.remove(scopes.size() - 1);
    indent--;
    line("}");
  }

  /**
   * A loss over examples, as users write one: a top-level loop over an array's elements that fills
   * a buffer (allocated before the loop or in it) from a weight array and the example, reduces it
   * nonlinearly, and adds the result to a new sum. Its iterations interact only through that sum
   * ({@code transform/ReductionLoops} preaccumulates it), except in the traps: a quarter of the
   * loops read the buffer before refilling it (the last example's values), and an eighth carry a
   * second value across examples. A quarter cycle through the array for 65 to 144 examples more
   * than it holds, so that a chunked loop ({@code dev.adjoint.Parallel}) runs several chunks; a
   * sixth declare the index before the loop and divide by it after.
   */
  private void sumOverExamples() {
    List<Var> all = arrayVars(Ty.DOUBLE_ARRAY, false);
    if (all.isEmpty()) {
      declaration();
      return;
    }
    Var a = all.get(r.nextInt(all.size()));
    Var w = all.get(r.nextInt(all.size()));
    if (loopProduct * a.maxLength * Math.max(1, w.maxLength) * 2 > MAX_LOOP_PRODUCT) {
      declaration();
      return;
    }
    String sum = freshName("v");
    String buf = freshName("b");
    String e = freshName("i");
    String j = freshName("i");
    String t = freshName("v");
    String carried = freshName("v");
    boolean before = r.nextBoolean();
    boolean stale = r.nextInt(4) == 0;
    boolean carries = r.nextInt(8) == 0;
    // A quarter of the loops run over more examples than a chunk holds (dev.adjoint.Parallel's
    // GRAIN, 64), cycling through the array: the chunked loop's later chunks and their sums.
    int extra = a.minLength >= 1 && r.nextInt(4) == 0 ? 65 + r.nextInt(80) : 0;
    String example = extra > 0 ? "(" + e + " % " + a.name + ".length)" : e;
    // Read in every iteration: no call of the method itself, whose recursion would multiply the
    // (up to 144 + length) iterations at every level of depth.
    boolean savedSelf = selfCallAllowed;
    selfCallAllowed = false;
    String scale = dbl(1);
    selfCallAllowed = savedSelf;
    if (before) {
      line("double[] " + buf + " = new double[" + w.name + ".length];");
    }
    line("double " + sum + " = " + (r.nextBoolean() ? "0.0" : dbl(1)) + ";");
    line("double " + carried + " = 0.5;");
    String bound = extra > 0 ? extra + " + " + a.name + ".length" : a.name + ".length";
    // A sixth declare the index before the loop and read it after (the mean over the examples
    // seen): a chunked loop sets it after the call.
    boolean indexAfter = r.nextInt(6) == 0;
    if (indexAfter) {
      line("int " + e + " = 0;");
      line("for (; " + e + " < " + bound + "; " + e + "++) {");
    } else {
      line("for (int " + e + " = 0; " + e + " < " + bound + "; " + e + "++) {");
    }
    indent++;
    long saved = loopProduct;
    // The cycling loops count as one pass over the array: their bodies are this shape's own, with
    // no nested statements of the generator, so their cost stays linear in the extra examples.
    loopProduct *= a.maxLength * Math.max(1, w.maxLength);
    cost += loopProduct;
    if (!before) {
      line("double[] " + buf + " = new double[" + w.name + ".length];");
    }
    line("double " + t + " = " + (carries ? carried : "0.0") + ";");
    if (stale && before) {
      line("for (int " + j + " = 0; " + j + " < " + buf + ".length; " + j + "++) {");
      line("  " + t + " += " + buf + "[" + j + "] * " + w.name + "[" + j + "];");
      line("}");
    }
    // Half the time with a buffer allocated before the loop, per component of a mixture:
    // the buffer is filled and read once per component (ArrayExpansion gives each a slice).
    boolean components = before && !stale && r.nextBoolean();
    String c = freshName("i");
    if (components) {
      int count = 2 + r.nextInt(2);
      line("for (int " + c + " = 0; " + c + " < " + count + "; " + c + "++) {");
      indent++;
      loopProduct *= count;
      cost += loopProduct;
    }
    String weight = components ? "(" + c + " + 1) * " : "";
    String fill =
        switch (r.nextInt(3)) {
          case 0 ->
              "Math.sin("
                  + weight
                  + w.name
                  + "["
                  + j
                  + "] * "
                  + a.name
                  + "["
                  + example
                  + "] + "
                  + scale
                  + ")";
          case 1 -> weight + w.name + "[" + j + "] - " + a.name + "[" + example + "]";
          default ->
              "Math.tanh("
                  + weight
                  + w.name
                  + "["
                  + j
                  + "] + "
                  + scale
                  + " * "
                  + a.name
                  + "["
                  + example
                  + "])";
        };
    line("for (int " + j + " = 0; " + j + " < " + buf + ".length; " + j + "++) {");
    line("  " + buf + "[" + j + "] = " + fill + ";");
    line("}");
    line("for (int " + j + " = 0; " + j + " < " + buf + ".length; " + j + "++) {");
    line(
        "  "
            + t
            + " += "
            + (r.nextBoolean()
                ? buf + "[" + j + "] * " + buf + "[" + j + "]"
                : buf + "[" + j + "] * " + w.name + "[" + j + "]")
            + ";");
    line("}");
    if (components) {
      indent--;
      line("}");
    }
    if (carries) {
      line(carried + " = Math.tanh(" + t + ");");
    }
    line(
        sum
            + (r.nextInt(4) == 0 ? " -= " : " += ")
            + (r.nextBoolean() ? "Math.log(1 + " + t + " * " + t + ")" : t + " * " + scale)
            + ";");
    loopProduct = saved;
    indent--;
    line("}");
    if (indexAfter) {
      line(sum + " = " + sum + " / (1.0 + " + e + ");");
    }
    observe(sum);
    declare(sum, Ty.DOUBLE, false);
  }

  /** {@code for (int i = 0; i < a.length; i++)} over any double[] or int[] in scope. */
  private void lengthLoop() {
    List<Var> all = arrayVars(Ty.DOUBLE_ARRAY, false);
    all.addAll(arrayVars(Ty.INT_ARRAY, false));
    if (all.isEmpty()) {
      forLoop();
      return;
    }
    Var a = all.get(r.nextInt(all.size()));
    if (loopProduct * a.maxLength > MAX_LOOP_PRODUCT) {
      elementWrite();
      return;
    }
    Loop loop = newLoop();
    String i = freshName("i");
    line(
        labelPrefix(loop)
            + "for (int "
            + i
            + " = 0; "
            + i
            + " < "
            + a.name
            + ".length; "
            + i
            + "++) {");
    scopes.add(new ArrayList<>(List.of(new Var(i, Ty.INT, true))));
    lengthLoops.add(new LengthLoop(i, a));
    loopBody(loop, a.maxLength, null);
    lengthLoops.remove(lengthLoops.size() - 1);
    scopes.remove(scopes.size() - 1);
    line("}");
  }

  // ------------------------------------------------------------ expressions

  String expr(Ty type, int depth) {
    return switch (type) {
      case DOUBLE -> dbl(depth);
      case INT -> intExpr(depth);
      case LONG -> longExpr(depth);
      case BOOLEAN -> bool(depth);
      case FLOAT -> floatExpr(depth);
      case DOUBLE_ARRAY, INT_ARRAY, TENSOR, DOUBLE_MATRIX, FLOAT_ARRAY ->
          throw new IllegalArgumentException("array or tensor argument");
    };
  }

  Var pickVar(Ty type, boolean writable) {
    List<Var> found = new ArrayList<>();
    for (List<Var> scope : scopes) {
      for (Var v : scope) {
        if (v.type == type && (!writable || !v.readOnly)) {
          found.add(v);
        }
      }
    }
    return found.isEmpty() ? null : found.get(r.nextInt(found.size()));
  }

  private String doubleLiteral() {
    String lit = DOUBLE_LITERALS[r.nextInt(DOUBLE_LITERALS.length)];
    return r.nextInt(4) == 0 ? "(-" + lit + ")" : lit;
  }

  private String doubleLeaf() {
    if (tensors != null && tensors.canNest() && r.nextInt(5) < 2) {
      return tensors.scalar(1 + r.nextInt(2));
    }
    if (shapes != null && r.nextInt(6) == 0) {
      String element = shapes.matrixElement();
      if (element != null) {
        return element;
      }
    }
    if (arrays && r.nextInt(5) < 2) {
      Var a = pickVar(Ty.DOUBLE_ARRAY, false);
      if (a != null) {
        return a.name + "[" + index(a) + "]";
      }
    }
    if (arrays && r.nextInt(8) == 0 && hasFloats()) {
      // float data, of Java type double here: widened, or in a product with a double.
      return r.nextBoolean()
          ? "((double) " + floatExpr(1) + ")"
          : "(" + floatExpr(1) + " * " + doubleLiteral() + ")";
    }
    Var v = pickVar(Ty.DOUBLE, false);
    int choice = r.nextInt(10);
    if (v != null && choice < 7) {
      return v.name;
    }
    if (choice == 9) {
      return "((double) " + intLeaf() + ")";
    }
    return doubleLiteral();
  }

  /** A double expression of Java type double. */
  String dbl(int depth) {
    cost += loopProduct;
    if (depth <= 0 || r.nextInt(5) == 0) {
      return doubleLeaf();
    }
    int d = depth - 1;
    int[] weights = {
      6, // + - *
      1, // unary minus
      2, // division by a safe denominator
      1, // mixed with int
      1, // casts
      9, // Math
      1, // ?:
      earlier.isEmpty() ? 0 : 2, // call
      1, // detach
      selfCallAllowed && selfCalls < 2 && current.resultShape == null ? 3 : 0, // recursion
      1, // switch expression
    };
    switch (pick(weights)) {
      case 0 -> {
        String op = new String[] {" + ", " - ", " * "}[r.nextInt(3)];
        return "(" + dbl(d) + op + dbl(d) + ")";
      }
      case 1 -> {
        return "(-" + dbl(d) + ")";
      }
      case 2 -> {
        return "(" + dbl(d) + " / " + safeDenominator(d) + ")";
      }
      case 3 -> {
        return r.nextBoolean()
            ? "(" + dbl(d) + " * " + intExpr(d) + ")"
            : "(" + intExpr(d) + " + " + dbl(d) + ")";
      }
      case 4 -> {
        return r.nextBoolean()
            ? "((double) " + intExpr(d) + ")"
            : "(0.5 * (double) " + longExpr(d) + ")";
      }
      case 5 -> {
        return math(d);
      }
      case 6 -> {
        return "(" + bool(d) + " ? " + dbl(d) + " : " + dbl(d) + ")";
      }
      case 7 -> {
        return call(d);
      }
      case 8 -> {
        return (r.nextBoolean() ? DETACH_SHORT : DETACH_FQ) + "(" + dbl(d) + ")";
      }
      case 9 -> {
        return selfCall(d);
      }
      default -> {
        return switchExpression(d);
      }
    }
  }

  /** A factor of modest size, so that repeated {@code *=} in loops stays finite. */
  String boundedFactor() {
    return switch (r.nextInt(3)) {
      case 0 -> "(0.5 + 0.5 * Math.sin(" + dbl(1) + "))";
      case 1 -> "Math.tanh(" + dbl(2) + ")";
      default -> dbl(1);
    };
  }

  /** A double expression bounded away from zero. */
  String safeDenominator(int d) {
    return switch (r.nextInt(5)) {
      case 0 -> "(1.5 + " + sq(d) + ")";
      case 1 -> "(2.0 + Math.sin(" + dbl(d) + "))";
      case 2 -> "(1.0 + Math.exp(Math.tanh(" + dbl(d) + ")))";
      case 3 -> "(1.0 + Math.abs(" + dbl(d) + "))";
      default -> new String[] {"2.0", "(-4.0)", "0.5", "3.0"}[r.nextInt(4)];
    };
  }

  private String sq(int d) {
    String a = dbl(Math.max(0, d - 1));
    return "(" + a + " * " + a + ")";
  }

  /**
   * A call of a {@code Math} function, observed by the reference: an argument that overflows inside
   * an expression ({@code atan2(pow(1 + x², x), x)}) makes the point ill-conditioned, not a
   * finding.
   */
  private String math(int d) {
    return SEEN + mathCall(d) + ")";
  }

  private String mathCall(int d) {
    switch (r.nextInt(33)) {
      case 0:
        return "Math.sin(" + dbl(d) + ")";
      case 1:
        return "Math.cos(" + dbl(d) + ")";
      case 2:
        return "Math.tan(0.5 * Math.tanh(" + dbl(d) + "))";
      case 3:
        return "Math.asin(0.5 * Math.tanh(" + dbl(d) + "))";
      case 4:
        return "Math.acos(0.5 * Math.tanh(" + dbl(d) + "))";
      case 5:
        return "Math.atan(" + dbl(d) + ")";
      case 6:
        return "Math.atan2(" + dbl(d) + ", " + dbl(d) + ")";
      case 7:
        return "Math.sinh(Math.tanh(" + dbl(d) + "))";
      case 8:
        return "Math.cosh(Math.tanh(" + dbl(d) + "))";
      case 9:
        return "Math.tanh(" + dbl(d) + ")";
      case 10:
        return "Math.exp(Math.tanh(" + dbl(d) + "))";
      case 11:
        return "Math.exp(Math.sin(" + dbl(d) + "))";
      case 12:
        return "Math.expm1(Math.tanh(" + dbl(d) + "))";
      case 13:
        return "Math.log(1.0 + " + sq(d) + ")";
      case 14:
        return "Math.log10(1.0 + " + sq(d) + ")";
      case 15:
        return "Math.log1p(" + sq(d) + ")";
      case 16:
        return "Math.sqrt(1.0 + " + sq(d) + ")";
      case 17:
        return "Math.cbrt(1.5 + Math.sin(" + dbl(d) + "))";
      case 18:
        return "Math.pow(1.0 + " + sq(d) + ", " + dbl(d) + ")";
      case 19:
        return "Math.pow(" + dbl(d) + ", " + (r.nextBoolean() ? "2.0" : "3") + ")";
      case 20:
        return "Math.pow(" + dbl(d) + ", " + intLeaf() + ")";
      case 21:
        return "Math.hypot(" + dbl(d) + ", " + dbl(d) + ")";
      case 22:
        return "Math.abs(" + dbl(d) + ")";
      case 23:
        return "Math.min(" + dbl(d) + ", " + dbl(d) + ")";
      case 24:
        return "Math.max(" + dbl(d) + ", " + dbl(d) + ")";
      case 25:
        return "(Math.signum(" + dbl(d) + ") * " + dbl(d) + ")";
      case 26:
        return "Math.floor(" + dbl(d) + ")";
      case 27:
        return "Math.ceil(" + dbl(d) + ")";
      case 28:
        return "Math.rint(" + dbl(d) + ")";
      case 29:
        return "Math.fma(" + dbl(d) + ", " + dbl(d) + ", " + dbl(d) + ")";
      case 30:
        return "Math.exp(-" + sq(d) + ")";
      case 31:
        return "Math.sqrt(2.0 + Math.cos(" + dbl(d) + "))";
      default:
        return "Math.log(2.0 + Math.tanh(" + dbl(d) + "))";
    }
  }

  String arguments(MethodInfo callee, int d, boolean self) {
    StringBuilder args = new StringBuilder();
    for (int i = 0; i < callee.params.size(); i++) {
      if (i > 0) {
        args.append(", ");
      }
      Param p = callee.params.get(i);
      if (i == callee.depthIndex) {
        args.append(self ? "depth - " + (1 + r.nextInt(2)) : Integer.toString(r.nextInt(4)));
      } else if (p.type() == Ty.TENSOR) {
        args.append(tensors.tensor(p.shape(), Math.min(d, 1)));
      } else if (shapes != null && p.type() == Ty.DOUBLE_ARRAY) {
        args.append(shapes.arrayArgument(p));
      } else if (p.type() == Ty.DOUBLE_ARRAY
          || p.type() == Ty.INT_ARRAY
          || p.type() == Ty.DOUBLE_MATRIX
          || p.type() == Ty.FLOAT_ARRAY) {
        List<Var> fits = arraysFitting(p);
        args.append(fits.get(r.nextInt(fits.size())).name);
      } else {
        args.append(expr(p.type(), d));
      }
    }
    return args.toString();
  }

  private String call(int d) {
    List<MethodInfo> affordable = new ArrayList<>();
    for (MethodInfo m : earlier) {
      if (!m.vectorValued
          && m.resultShape == null
          && m.cost * loopProduct <= MAX_COST
          && cost + m.cost * loopProduct <= MAX_COST
          && canPassArrays(m)) {
        affordable.add(m);
      }
    }
    if (affordable.isEmpty()) {
      return doubleLeaf();
    }
    MethodInfo callee = affordable.get(r.nextInt(affordable.size()));
    current.callees.add(callee);
    cost += callee.cost * loopProduct;
    return callee.name + "(" + arguments(callee, d, false) + ")";
  }

  /** Whether methods may call layers: in programs over layers, once there is one to call. */
  boolean hasLayers() {
    if (!layers) {
      return false;
    }
    for (MethodInfo m : earlier) {
      if (m.resultShape != null) {
        return true;
      }
    }
    return current.resultShape != null && selfCallAllowed;
  }

  /** The result shape of an earlier layer, or null. */
  int[] someLayerShape() {
    List<int[]> shapes = new ArrayList<>();
    for (MethodInfo m : earlier) {
      if (m.resultShape != null) {
        shapes.add(m.resultShape);
      }
    }
    return shapes.isEmpty() ? null : shapes.get(r.nextInt(shapes.size()));
  }

  /**
   * A call of an earlier layer whose result has {@code shape}, or of the layer being generated when
   * it may recurse; null when there is none that the method can afford.
   */
  String layerCall(int[] shape, int d) {
    List<MethodInfo> affordable = new ArrayList<>();
    for (MethodInfo m : earlier) {
      if (m.resultShape != null
          && java.util.Arrays.equals(m.resultShape, shape)
          && cost + m.cost * loopProduct <= MAX_COST
          && canPassArrays(m)) {
        affordable.add(m);
      }
    }
    boolean self =
        selfCallAllowed
            && selfCalls < 2
            && current.resultShape != null
            && java.util.Arrays.equals(current.resultShape, shape);
    if (self && (affordable.isEmpty() || r.nextBoolean())) {
      selfCalls++;
      return current.name + "(" + arguments(current, Math.min(d, 1), true) + ")";
    }
    if (affordable.isEmpty()) {
      return null;
    }
    MethodInfo callee = affordable.get(r.nextInt(affordable.size()));
    current.callees.add(callee);
    cost += callee.cost * loopProduct;
    return callee.name + "(" + arguments(callee, d, false) + ")";
  }

  private String selfCall(int d) {
    selfCalls++;
    return current.name + "(" + arguments(current, Math.min(d, 1), true) + ")";
  }

  private String intLeaf() {
    if (arrays && r.nextInt(6) == 0) {
      Var a = pickVar(r.nextBoolean() ? Ty.INT_ARRAY : Ty.DOUBLE_ARRAY, false);
      if (a != null) {
        return a.type == Ty.INT_ARRAY && r.nextBoolean()
            ? a.name + "[" + index(a) + "]"
            : a.name + ".length";
      }
    }
    Var v = pickVar(Ty.INT, false);
    if (v != null && r.nextInt(3) != 0) {
      return v.name;
    }
    return Integer.toString(r.nextInt(5));
  }

  /** An expression of Java type int. */
  String intExpr(int depth) {
    if (depth <= 0 || r.nextInt(3) == 0) {
      return intLeaf();
    }
    int d = depth - 1;
    return switch (r.nextInt(9)) {
      case 0 -> "(" + intExpr(d) + " + " + intExpr(d) + ")";
      case 1 -> "(" + intExpr(d) + " - " + intExpr(d) + ")";
      case 2 -> "(" + intExpr(d) + " * " + intExpr(d) + ")";
      case 3 -> "(" + intExpr(d) + " % " + (2 + r.nextInt(4)) + ")";
      case 4 -> "(" + intExpr(d) + " / " + (2 + r.nextInt(3)) + ")";
      case 5 -> "(-" + intExpr(d) + ")";
      case 6 -> "(" + INT_CAST + dbl(d) + CAST_END + ")";
      case 7 -> "(" + bool(d) + " ? " + intExpr(d) + " : " + intExpr(d) + ")";
      default -> "((int) " + longExpr(d) + ")";
    };
  }

  /** An expression of Java type long. */
  private String longExpr(int depth) {
    Var v = pickVar(Ty.LONG, false);
    if (depth <= 0 || r.nextInt(3) == 0) {
      if (v != null && r.nextBoolean()) {
        return v.name;
      }
      return r.nextInt(3) + "L";
    }
    int d = depth - 1;
    return switch (r.nextInt(5)) {
      case 0 -> "(" + longExpr(d) + " + " + intExpr(d) + ")";
      case 1 -> "(" + longExpr(d) + " * " + longExpr(d) + ")";
      case 2 -> "((long) " + intExpr(d) + ")";
      case 3 -> "(" + LONG_CAST + dbl(d) + CAST_END + ")";
      default -> "(" + longExpr(d) + " - " + longExpr(d) + ")";
    };
  }

  String bool(int depth) {
    if (depth <= 0 || r.nextInt(6) == 0) {
      Var v = pickVar(Ty.BOOLEAN, false);
      if (v != null && r.nextInt(3) != 0) {
        return v.name;
      }
      return compare(0);
    }
    int d = depth - 1;
    return switch (r.nextInt(8)) {
      case 0 -> "(" + bool(d) + " && " + bool(d) + ")";
      case 1 -> "(" + bool(d) + " || " + bool(d) + ")";
      case 2 -> "(!" + bool(d) + ")";
      default -> compare(d);
    };
  }

  private String compare(int d) {
    String[] ops = {" < ", " <= ", " > ", " >= "};
    String op = ops[r.nextInt(ops.length)];
    return switch (r.nextInt(6)) {
      case 0 -> "(" + intExpr(d) + (r.nextBoolean() ? " == " : " != ") + intExpr(d) + ")";
      case 1 -> "(" + intExpr(d) + op + intExpr(d) + ")";
      case 2 -> "(" + longExpr(d) + op + intExpr(d) + ")";
      default -> "(" + dbl(d) + op + dbl(d) + ")";
    };
  }

  int pick(int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    throw new AssertionError();
  }
}
