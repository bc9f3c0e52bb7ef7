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

import dev.adjoint.processor.diag.Diagnostics;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Callee.CustomPullback;
import dev.adjoint.processor.ir.Callee.CustomTangent;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.read.DifferentiableSignature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the {@code @PullbackOf} and {@code @TangentOf} declarations of library methods and checks
 * them: in the original's class, in a class named {@code <Original>Pullbacks} (for tangent rules,
 * {@code <Original>Tangents}) beside it, in the source file of the {@code @Differentiable} method
 * that calls it, in the classes that method's class names with {@code @UseDerivatives}, and for the
 * JDK's classes in the runtime's {@code dev.adjoint.jdk.JdkPullbacks}.
 *
 * <p>Each of those places is one the calling class refers to, or that refers to the original, so an
 * incremental build (Gradle's isolating processing) that recompiles only what changed finds the
 * same declarations as a full build. Declarations elsewhere in the sources being compiled are
 * checked, but not used: the error for the call names them and says to add {@code @UseDerivatives}.
 */
public final class PullbackRegistry {
  /** The qualified name of {@code @PullbackOf}. */
  public static final String ANNOTATION = "dev.adjoint.PullbackOf";

  /** The qualified name of {@code @PullbackOf}'s container, for repeated declarations. */
  public static final String CONTAINER = "dev.adjoint.PullbackOf.List";

  /** The qualified name of {@code @TangentOf}. */
  public static final String TANGENT_ANNOTATION = "dev.adjoint.TangentOf";

  /** The qualified name of {@code @TangentOf}'s container, for repeated declarations. */
  public static final String TANGENT_CONTAINER = "dev.adjoint.TangentOf.List";

  private static final String JDK_PULLBACKS = "dev.adjoint.jdk.JdkPullbacks";

  /** The pullbacks of JdkPullbacks's pullbacks: second derivatives. */
  private static final String JDK_SECOND_ORDER = "dev.adjoint.jdk.JdkSecondOrder";

  /** The qualified name of {@code @UseDerivatives}. */
  public static final String USE_DERIVATIVES = "dev.adjoint.UseDerivatives";

  private final ClassLookup classes;
  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;
  private final com.sun.source.util.Trees trees;
  private final Set<String> scanned = new HashSet<>();

  /** Original method -> its declared pullbacks, by parameter index. */
  private final Map<ExecutableElement, Map<Integer, CustomPullback>> declared = new HashMap<>();

  /** "p.Lib.f" for each f whose {@code @PullbackOf} being compiled was rejected. */
  private final Set<String> rejected = new HashSet<>();

  /** Original method -> its declared tangent rule. */
  private final Map<ExecutableElement, CustomTangent> tangents = new HashMap<>();

  private final Set<TypeElement> compiled = new LinkedHashSet<>();

  /**
   * A registry that knows which classes share a source file.
   *
   * @param classes the round's classes, to find them by name
   * @param types javac's types, to compare signatures
   * @param diagnostics where errors in declarations go
   * @param trees javac's trees, to tell which classes share a source file (the caller's file is a
   *     place for declarations, its second top-level classes included); null without them
   */
  public PullbackRegistry(
      ClassLookup classes, Types types, Diagnostics diagnostics, com.sun.source.util.Trees trees) {
    this.classes = classes;
    this.elements = classes.elements();
    this.types = types;
    this.diagnostics = diagnostics;
    this.trees = trees;
  }

  /**
   * Reads and checks the declarations in the sources being compiled, reporting errors on them.
   *
   * @param annotated the elements of this round annotated with {@code @PullbackOf} or
   *     {@code @TangentOf}
   */
  public void addCompiled(Set<? extends Element> annotated) {
    for (ExecutableElement m : ElementFilter.methodsIn(annotated)) {
      TypeElement owner = (TypeElement) m.getEnclosingElement();
      if (compiled.add(owner)) {
        scan(owner, true);
      }
    }
  }

  /**
   * Whether a {@code @PullbackOf} declaration of {@code callee} in the sources being compiled was
   * rejected (reported at its annotation), and no other declaration of it was accepted.
   *
   * @param callee a library method
   * @return whether its declared derivative has an error of its own
   */
  public boolean hasRejectedDeclaration(Callee callee) {
    return rejected.contains(callee.owner().qualifiedName() + "." + callee.name());
  }

  /**
   * The declared pullbacks of a method that {@code caller} may use, one entry per parameter
   * (receiver first for an instance method), null where none is declared; empty when it has none at
   * all.
   *
   * @param original the library method called
   * @param caller the {@code @Differentiable} method (or its class) that calls it
   * @return one pullback or null per parameter, or an empty list
   */
  public List<CustomPullback> pullbacksOf(ExecutableElement original, Element caller) {
    scanUsedBy(caller);
    Map<Integer, CustomPullback> byParameter = declaredFor(original);
    List<CustomPullback> list = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < arity(original); i++) {
      CustomPullback p = byParameter.get(i);
      boolean visible = p != null && visible(p.function().owner(), original, caller);
      list.add(visible ? p : null);
      any |= visible;
    }
    return any ? list : List.of();
  }

  /**
   * The classes of the sources being compiled whose declarations for {@code callee} {@code caller}
   * may not use (see the class comment), by qualified name; empty when there are none.
   *
   * @param callee the library method called
   * @param caller the {@code @Differentiable} method (or its class) that calls it
   * @return the declaring classes to name in the error's advice
   */
  public Set<String> hiddenDeclarers(Callee callee, Element caller) {
    Set<String> hidden = new LinkedHashSet<>();
    original(callee)
        .ifPresent(
            original ->
                declaredFor(original).values().stream()
                    .map(p -> p.function().owner())
                    .filter(owner -> !visible(owner, original, caller))
                    .forEach(owner -> hidden.add(owner.qualifiedName())));
    return hidden;
  }

  /** Where a class comes from, which decides what a user can do about its methods. */
  public enum Provenance {
    /** A class of the JDK: no one can annotate it. */
    JDK,
    /** A class in the sources being compiled: its methods can be annotated. */
    SOURCE,
    /** A class read from a class file: a library's, or the user's compiled separately. */
    CLASS_FILE
  }

  /**
   * Where {@code type} comes from.
   *
   * @param type a class that differentiated code calls
   * @return the JDK, the sources being compiled, or a class file
   */
  public Provenance provenance(TypeRef type) {
    TypeElement element = classes.find(type.qualifiedName());
    if (element == null) {
      return Provenance.CLASS_FILE;
    }
    var module = elements.getModuleOf(element);
    String name = module == null ? "" : module.getQualifiedName().toString();
    if (name.startsWith("java.") || name.startsWith("jdk.")) {
      return Provenance.JDK;
    }
    return trees != null && trees.getPath(element) != null
        ? Provenance.SOURCE
        : Provenance.CLASS_FILE;
  }

  /**
   * The name of parameter {@code index} of a library method, if its class file kept it.
   *
   * @param callee the library method
   * @param index the parameter's position, from 0
   * @return its name, or empty
   */
  public Optional<String> parameterName(Callee callee, int index) {
    return original(callee)
        .filter(m -> index < m.getParameters().size())
        .map(m -> m.getParameters().get(index).getSimpleName().toString())
        .filter(n -> !n.matches("arg\\d+"));
  }

  private Map<Integer, CustomPullback> declaredFor(ExecutableElement original) {
    TypeElement owner = scanAround(original, "Pullbacks");
    if (owner.getQualifiedName().toString().startsWith("java.")) {
      TypeElement jdk = classes.find(JDK_PULLBACKS);
      if (jdk != null) {
        scan(jdk, false);
      }
    }
    if (owner.getQualifiedName().contentEquals(JDK_PULLBACKS)) {
      TypeElement second = classes.find(JDK_SECOND_ORDER);
      if (second != null) {
        scan(second, false);
      }
    }
    return declared.getOrDefault(original, Map.of());
  }

  /** Reads the original's class and the class beside it with {@code suffix}; returns the first. */
  private TypeElement scanAround(ExecutableElement original, String suffix) {
    TypeElement owner = (TypeElement) original.getEnclosingElement();
    scan(owner, false);
    TypeElement beside = classes.find(besideName(owner, suffix));
    if (beside != null) {
      scan(beside, false);
    }
    return owner;
  }

  private static int arity(ExecutableElement original) {
    return original.getParameters().size()
        + (original.getModifiers().contains(Modifier.STATIC) ? 0 : 1);
  }

  /** The class beside {@code owner} with the suffix {@code Pullbacks} or {@code Tangents}. */
  private String besideName(TypeElement owner, String suffix) {
    String pkg = elements.getPackageOf(owner).getQualifiedName().toString();
    return (pkg.isEmpty() ? "" : pkg + ".") + owner.getSimpleName() + suffix;
  }

  /**
   * The declared tangent rule ({@code @TangentOf}) of a method that {@code caller} may use, or
   * null.
   *
   * @param original the library method called
   * @param caller the {@code @Differentiable} method (or its class) that calls it
   * @return the tangent rule, or null
   */
  public CustomTangent tangentOf(ExecutableElement original, Element caller) {
    scanUsedBy(caller);
    scanAround(original, "Tangents");
    CustomTangent tangent = tangents.get(original);
    return tangent != null && visible(tangent.function().owner(), original, caller)
        ? tangent
        : null;
  }

  /**
   * Whether a declaration in {@code declarer} is one {@code caller} may use for {@code original}:
   * the runtime's JDK rules, the original's own file or the class beside it, the caller's own file,
   * or a class the caller's class (or one enclosing it) names with {@code @UseDerivatives}.
   */
  private boolean visible(TypeRef declarer, ExecutableElement original, Element caller) {
    String name = declarer.qualifiedName();
    TypeElement owner = (TypeElement) original.getEnclosingElement();
    if (name.equals(JDK_PULLBACKS)
        || name.equals(JDK_SECOND_ORDER)
        || within(name, topLevel(owner))
        || within(name, besideName(owner, "Pullbacks"))
        || within(name, besideName(owner, "Tangents"))) {
      return true;
    }
    return within(name, topLevel(caller))
        || inSourceFileOf(name, caller)
        || usedBy(caller).stream().anyMatch(used -> within(name, used));
  }

  /**
   * Whether the class {@code name} is declared in the caller's source file, in a second top-level
   * class of it say (recompiled with the caller whenever the caller is).
   */
  private boolean inSourceFileOf(String name, Element caller) {
    TypeElement declarer = trees == null ? null : classes.find(name);
    if (declarer == null) {
      return false;
    }
    var declarerPath = trees.getPath(declarer);
    var callerPath = trees.getPath(caller);
    return declarerPath != null
        && callerPath != null
        && declarerPath
            .getCompilationUnit()
            .getSourceFile()
            .toUri()
            .equals(callerPath.getCompilationUnit().getSourceFile().toUri());
  }

  /** Whether {@code name} is the class {@code container} or a class nested in it. */
  private static boolean within(String name, String container) {
    return name.equals(container) || name.startsWith(container + ".");
  }

  /** The top-level class of an element (a class or a method): its source file's class. */
  private static String topLevel(Element element) {
    Element top = element;
    while (!(top.getEnclosingElement() instanceof PackageElement)) {
      top = top.getEnclosingElement();
    }
    return qualified((TypeElement) top);
  }

  private static String qualified(TypeElement type) {
    return type.getQualifiedName().toString();
  }

  /**
   * Reads the classes that {@code caller}'s class and those enclosing it name with {@code
   * UseDerivatives}, nested classes included: in an incremental build they may come from the class
   * path rather than from the sources being compiled.
   */
  private void scanUsedBy(Element caller) {
    for (String used : usedBy(caller)) {
      TypeElement rules = classes.find(used);
      if (rules != null) {
        scanNested(rules);
      }
    }
  }

  /**
   * The classes named by {@code @UseDerivatives} on {@code caller}'s class and those enclosing it.
   */
  private static List<String> usedBy(Element caller) {
    List<String> used = new ArrayList<>();
    for (Element e = caller; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement type) {
        used.addAll(usedDerivatives(type));
      }
    }
    return used;
  }

  private void scanNested(TypeElement type) {
    scan(type, false);
    ElementFilter.typesIn(type.getEnclosedElements()).forEach(this::scanNested);
  }

  /** The classes named by {@code @UseDerivatives} on {@code type}. */
  private static List<String> usedDerivatives(TypeElement type) {
    List<String> used = new ArrayList<>();
    for (AnnotationMirror a : type.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) a.getAnnotationType().asElement();
      if (annotation.getQualifiedName().contentEquals(USE_DERIVATIVES)
          && value(a, "value") instanceof List<?> list) {
        for (Object item : list) {
          if (((AnnotationValue) item).getValue() instanceof DeclaredType t) {
            used.add(qualified((TypeElement) t.asElement()));
          }
        }
      }
    }
    return used;
  }

  /**
   * The declared pullbacks, usable from {@code caller}, of a static method named by a callee (such
   * as a pullback function that a reverse sweep calls); empty when it has none or cannot be found.
   *
   * @param callee the static method called
   * @param caller the {@code @Differentiable} method (or its class) that calls it
   * @return one pullback or null per parameter, or an empty list
   */
  public List<CustomPullback> pullbacksOf(Callee callee, Element caller) {
    return original(callee).map(m -> pullbacksOf(m, caller)).orElse(List.of());
  }

  /** The method a callee names, if its class can be found. */
  private Optional<ExecutableElement> original(Callee callee) {
    TypeElement owner = classes.find(callee.owner().qualifiedName());
    if (owner == null) {
      return Optional.empty();
    }
    for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      List<Kind> kinds = new ArrayList<>();
      m.getParameters().forEach(p -> kinds.add(DifferentiableSignature.kindOf(p.asType())));
      if (m.getSimpleName().contentEquals(callee.name()) && kinds.equals(callee.parameterKinds())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private void scan(TypeElement type, boolean report) {
    if (!scanned.add(type.getQualifiedName().toString())) {
      return;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      for (AnnotationMirror a : declarations(m, ANNOTATION, CONTAINER)) {
        register(m, a, report);
      }
      for (AnnotationMirror a : declarations(m, TANGENT_ANNOTATION, TANGENT_CONTAINER)) {
        registerTangent(m, a, report);
      }
    }
  }

  private static List<AnnotationMirror> declarations(
      ExecutableElement m, String annotation, String container) {
    List<AnnotationMirror> found = new ArrayList<>();
    for (AnnotationMirror a : m.getAnnotationMirrors()) {
      String name = ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().toString();
      if (name.equals(annotation)) {
        found.add(a);
      } else if (name.equals(container)) {
        Object value = value(a, "value");
        if (value instanceof List<?> list) {
          for (Object item : list) {
            found.add((AnnotationMirror) ((AnnotationValue) item).getValue());
          }
        }
      }
    }
    return found;
  }

  private static Object value(AnnotationMirror a, String name) {
    for (var e : a.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue().getValue();
      }
    }
    return null;
  }

  /** Checks one declaration and records it; reports what is wrong when {@code report}. */
  private void register(ExecutableElement declaration, AnnotationMirror a, boolean report) {
    Problem problem = new Problem(declaration, a, report);
    Optional<Named> named = named(declaration, a, problem, "@PullbackOf");
    if (named.isEmpty()) {
      return;
    }
    TypeElement type = named.get().type();
    String method = named.get().method();
    List<ExecutableElement> candidates = named.get().candidates();
    String wrt = String.valueOf(value(a, "wrt"));
    String target = type.getQualifiedName() + "." + method;
    if (problem.reported()) {
      // Until the checks below pass: its callers' errors then point at this one.
      rejected.add(target);
    }
    Optional<Match> match =
        candidates.stream().map(c -> match(declaration, c)).flatMap(Optional::stream).findFirst();
    if (match.isEmpty()) {
      problem.report(
          "The parameters of "
              + declaration.getSimpleName()
              + " do not match any "
              + type.getSimpleName()
              + "."
              + method
              + ": a pullback takes the original's"
              + " parameters (for an instance method, the receiver first), optionally its result,"
              + " then the seed (of the result's type), and returns the type of the parameter it"
              + " differentiates.");
      return;
    }
    ExecutableElement original = match.get().original();
    boolean instance = !original.getModifiers().contains(Modifier.STATIC);
    int index = parameterIndex(original, wrt);
    if (index < 0) {
      problem.report(
          "wrt = \""
              + wrt
              + "\" names no parameter of "
              + type.getSimpleName()
              + "."
              + method
              + ". Use a parameter's name, its position counting from 0, or \"this\".");
      return;
    }
    TypeMirror parameterType =
        instance && index == 0
            ? type.asType()
            : original.getParameters().get(index - (instance ? 1 : 0)).asType();
    if (!types.isSameType(
        types.erasure(declaration.getReturnType()), types.erasure(parameterType))) {
      problem.report(
          declaration.getSimpleName()
              + " returns "
              + declaration.getReturnType()
              + ", but the parameter it differentiates has type "
              + parameterType
              + ". A pullback returns the seed pulled back to that parameter, of its type.");
      return;
    }
    Optional<Callee> function = callable(declaration, problem, "@PullbackOf", "pullbacks");
    if (function.isEmpty()) {
      return;
    }
    rejected.remove(target);
    Map<Integer, CustomPullback> byParameter =
        declared.computeIfAbsent(original, o -> new HashMap<>());
    CustomPullback previous =
        byParameter.putIfAbsent(
            index,
            new CustomPullback(
                function.get(),
                match.get().takesResult(),
                !Boolean.FALSE.equals(value(a, "readsArguments"))));
    if (previous != null && !previous.function().equals(function.get())) {
      problem.report(
          "Two pullbacks are declared for "
              + type.getSimpleName()
              + "."
              + method
              + " with respect"
              + " to "
              + wrt
              + ": "
              + previous.function().name()
              + " and "
              + declaration.getSimpleName()
              + ". Keep one.");
    }
  }

  /** Checks one {@code @TangentOf} declaration and records it. */
  private void registerTangent(ExecutableElement declaration, AnnotationMirror a, boolean report) {
    Problem problem = new Problem(declaration, a, report);
    Optional<Named> named = named(declaration, a, problem, "@TangentOf");
    if (named.isEmpty()) {
      return;
    }
    TypeElement type = named.get().type();
    String method = named.get().method();
    List<ExecutableElement> candidates = named.get().candidates();
    Optional<Match> match =
        candidates.stream()
            .map(c -> matchTangent(declaration, c))
            .flatMap(Optional::stream)
            .findFirst();
    if (match.isEmpty()) {
      problem.report(
          "The parameters of "
              + declaration.getSimpleName()
              + " do not match any "
              + type.getSimpleName()
              + "."
              + method
              + ": a tangent rule takes the original's"
              + " parameters (for an instance method, the receiver first), optionally its result,"
              + " then one tangent per "
              + SupportedTypes.differentiable("or")
              + " parameter (of"
              + " the same type, in order), and returns the result's type.");
      return;
    }
    Optional<Callee> function = callable(declaration, problem, "@TangentOf", "tangent rules");
    if (function.isEmpty()) {
      return;
    }
    CustomTangent previous =
        tangents.putIfAbsent(
            match.get().original(), new CustomTangent(function.get(), match.get().takesResult()));
    if (previous != null && !previous.function().equals(function.get())) {
      problem.report(
          "Two tangent rules are declared for "
              + type.getSimpleName()
              + "."
              + method
              + ": "
              + previous.function().name()
              + " and "
              + declaration.getSimpleName()
              + ". Keep one.");
    }
  }

  /**
   * Whether {@code declaration} fits {@code original} as a tangent rule: its inputs, optionally its
   * result, then one tangent per differentiable input; returning the result's type.
   */
  private Optional<Match> matchTangent(ExecutableElement declaration, ExecutableElement original) {
    if (!same(declaration.getReturnType(), original.getReturnType())) {
      return Optional.empty();
    }
    List<TypeMirror> params = new ArrayList<>();
    declaration.getParameters().forEach(p -> params.add(p.asType()));
    List<TypeMirror> inputs = new ArrayList<>();
    if (!original.getModifiers().contains(Modifier.STATIC)) {
      inputs.add(original.getEnclosingElement().asType());
    }
    original.getParameters().forEach(p -> inputs.add(p.asType()));
    List<TypeMirror> plain = new ArrayList<>(inputs);
    List<TypeMirror> withResult = new ArrayList<>(inputs);
    withResult.add(original.getReturnType());
    for (TypeMirror input : inputs) {
      if (hasTangent(input)) {
        plain.add(input);
        withResult.add(input);
      }
    }
    if (params.size() == plain.size() && sameAll(params, plain)) {
      return Optional.of(new Match(original, false));
    }
    if (params.size() == withResult.size() && sameAll(params, withResult)) {
      return Optional.of(new Match(original, true));
    }
    return Optional.empty();
  }

  /** Whether a parameter of this type gets a tangent: double, its arrays, Tensor and Tensor[]. */
  private static boolean hasTangent(TypeMirror type) {
    Kind kind = DifferentiableSignature.kindOf(type);
    if (kind != null) {
      return kind.isDifferentiable();
    }
    return type.getKind() == TypeKind.ARRAY
        && ((javax.lang.model.type.ArrayType) type)
            .getComponentType()
            .toString()
            .equals(Kind.TENSOR_CLASS);
  }

  /** The class and the methods a declaration names, those of that name. */
  private record Named(TypeElement type, String method, List<ExecutableElement> candidates) {}

  /**
   * Reads what a {@code @PullbackOf} or {@code @TangentOf} declaration names; empty, having
   * reported why, when it is not static or names no method.
   */
  private Optional<Named> named(
      ExecutableElement declaration, AnnotationMirror a, Problem problem, String annotation) {
    if (!declaration.getModifiers().contains(Modifier.STATIC)) {
      problem.report(
          "A "
              + annotation
              + " method must be static. Make "
              + declaration.getSimpleName()
              + " static.");
      return Optional.empty();
    }
    TypeElement type = (TypeElement) declaration.getEnclosingElement();
    Object typeValue = value(a, "type");
    if (typeValue instanceof TypeMirror t && t.getKind() == TypeKind.DECLARED) {
      type = (TypeElement) ((DeclaredType) t).asElement();
    }
    String method = String.valueOf(value(a, "method"));
    List<ExecutableElement> candidates = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (m.getSimpleName().contentEquals(method)) {
        candidates.add(m);
      }
    }
    if (candidates.isEmpty()) {
      problem.report(
          annotation
              + " names "
              + type.getSimpleName()
              + "."
              + method
              + ", which does not exist."
              + " Check the method name and the type.");
      return Optional.empty();
    }
    if (candidates.stream().allMatch(DifferentiableSignature::isAnnotated)) {
      // The generated derivative wins over a declared one: say so rather than ignore it.
      problem.report(
          annotation
              + " names "
              + type.getSimpleName()
              + "."
              + method
              + ", which is @Differentiable: Adjoint generates its derivatives and would not use"
              + " this declaration. Remove @Differentiable from "
              + method
              + " to use this declaration instead, or remove the declaration.");
      return Optional.empty();
    }
    return Optional.of(new Named(type, method, candidates));
  }

  /**
   * The declaration as a function generated code can call; empty, having reported why, when its
   * types are ones generated code cannot pass ({@code types} lists those it can, for {@code noun})
   * or it is private.
   */
  private Optional<Callee> callable(
      ExecutableElement declaration, Problem problem, String annotation, String noun) {
    List<Kind> kinds = new ArrayList<>();
    for (var p : declaration.getParameters()) {
      kinds.add(DifferentiableSignature.kindOf(p.asType()));
    }
    Kind returned = DifferentiableSignature.kindOf(declaration.getReturnType());
    if (kinds.contains(null) || returned == null) {
      problem.report(
          "Adjoint can call " + noun + " over " + SupportedTypes.values("and") + " only.");
      return Optional.empty();
    }
    if (problem.reported() && declaration.getModifiers().contains(Modifier.PRIVATE)) {
      problem.report("A " + annotation + " method must not be private: generated code calls it.");
      return Optional.empty();
    }
    return Optional.of(
        new Callee(
            DifferentiableSignature.typeRef((TypeElement) declaration.getEnclosingElement()),
            declaration.getSimpleName().toString(),
            kinds,
            returned,
            Callee.Role.LIBRARY,
            List.of(),
            null));
  }

  private record Match(ExecutableElement original, boolean takesResult) {}

  /**
   * Whether {@code declaration}'s parameters fit {@code original}: its parameters, result, seed.
   */
  private Optional<Match> match(ExecutableElement declaration, ExecutableElement original) {
    List<TypeMirror> params = new ArrayList<>();
    declaration.getParameters().forEach(p -> params.add(p.asType()));
    List<TypeMirror> inputs = new ArrayList<>();
    if (!original.getModifiers().contains(Modifier.STATIC)) {
      inputs.add(original.getEnclosingElement().asType());
    }
    original.getParameters().forEach(p -> inputs.add(p.asType()));
    TypeMirror result = original.getReturnType();
    int n = params.size();
    if (n == 0 || !same(params.get(n - 1), result)) {
      return Optional.empty();
    }
    if (n - 1 == inputs.size() && sameAll(params.subList(0, n - 1), inputs)) {
      return Optional.of(new Match(original, false));
    }
    if (n - 2 == inputs.size()
        && sameAll(params.subList(0, n - 2), inputs)
        && same(params.get(n - 2), result)) {
      return Optional.of(new Match(original, true));
    }
    return Optional.empty();
  }

  private boolean sameAll(List<TypeMirror> a, List<TypeMirror> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean same(TypeMirror a, TypeMirror b) {
    return types.isSameType(types.erasure(a), types.erasure(b));
  }

  /** The index of {@code wrt} among the original's inputs (receiver first), or -1. */
  private static int parameterIndex(ExecutableElement original, String wrt) {
    int offset = original.getModifiers().contains(Modifier.STATIC) ? 0 : 1;
    if (wrt.equals("this")) {
      return offset == 1 ? 0 : -1;
    }
    for (int i = 0; i < original.getParameters().size(); i++) {
      if (original.getParameters().get(i).getSimpleName().contentEquals(wrt)) {
        return i + offset;
      }
    }
    try {
      int position = Integer.parseInt(wrt);
      return position >= 0 && position < original.getParameters().size() ? position + offset : -1;
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  /** Reports on a declaration, at its annotation, when it is being compiled. */
  private final class Problem {
    private final ExecutableElement declaration;
    private final AnnotationMirror annotation;
    private final boolean report;

    Problem(ExecutableElement declaration, AnnotationMirror annotation, boolean report) {
      this.declaration = declaration;
      this.annotation = annotation;
      this.report = report;
    }

    /** Whether this declaration is being compiled, so that its problems are reported. */
    boolean reported() {
      return report;
    }

    void report(String message) {
      if (report) {
        diagnostics.error(declaration, annotation, message);
      }
    }
  }
}
