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
package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.adjoint.processor.check.ClassLookup;
import dev.adjoint.processor.check.PullbackRegistry;
import dev.adjoint.processor.check.SignatureValidator;
import dev.adjoint.processor.diag.Diagnostics;
import dev.adjoint.processor.emit.Allocation;
import dev.adjoint.processor.emit.CompanionWriter;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.JavacBridge;
import dev.adjoint.processor.read.SourceMethod;
import dev.adjoint.processor.transform.ForwardMode.Tangent;
import dev.adjoint.processor.transform.Statements;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Generates, for every class with {@code @Differentiable} methods, a companion class holding their
 * reverse-mode gradients and pullbacks.
 *
 * <p>The pipeline, one package per stage: {@code read} (javac's trees) → {@code check} (the
 * supported subset, typed) → {@code lower} (to the IR) → {@code transform} (activity analysis,
 * reverse mode) → {@code emit} (Java source, with JavaPoet).
 */
@AutoService(Processor.class)
public final class AdjointProcessor extends AbstractProcessor {

  /** The processor, as javac's service loader makes it; {@link #init} gives it its environment. */
  public AdjointProcessor() {}

  /**
   * {@code -Aadjoint.simulateBugIn=f}: fails inside the processor while differentiating methods
   * named f, so that tests can check how a processor bug reaches the user.
   */
  static final String SIMULATE_BUG_OPTION = "adjoint.simulateBugIn";

  /**
   * {@code -Aadjoint.printIr}: writes the IR of each differentiated method {@code m} of a class
   * {@code C}, as {@link dev.adjoint.processor.ir.IrPrinter} prints it, to the class output as
   * {@code C.m.ir} beside C's package, for golden tests of the lowering and the transforms.
   */
  static final String PRINT_IR_OPTION = "adjoint.printIr";

  /** The classes of the round being processed: a new lookup each round (see its comment). */
  private ClassLookup classes;

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SIMULATE_BUG_OPTION, PRINT_IR_OPTION);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        DifferentiableSignature.ANNOTATION,
        PullbackRegistry.ANNOTATION,
        PullbackRegistry.CONTAINER,
        PullbackRegistry.TANGENT_ANNOTATION,
        PullbackRegistry.TANGENT_CONTAINER,
        // Read through the classes that carry it, but claimed too: javac's -Xlint:processing
        // warns about annotations no processor claims, which fails builds with -Werror.
        PullbackRegistry.USE_DERIVATIVES,
        // Likewise the annotation on the companions, which javac shows processors in the next
        // round. (Claimed, it is not offered to the processors after this one, which may still
        // find what it annotates through RoundEnvironment: it is retained in the source only,
        // and no processor is known to need it offered.)
        CompanionWriter.GENERATED.canonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    classes = new ClassLookup(processingEnv.getElementUtils());
    TypeElement annotation = classes.find(DifferentiableSignature.ANNOTATION);
    if (annotation == null || annotations.isEmpty()) {
      return false;
    }
    List<ExecutableElement> methods =
        new ArrayList<>(ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotation)));
    var trees = JavacBridge.trees(processingEnv);
    Diagnostics diagnostics = new Diagnostics(processingEnv.getMessager(), trees.orElse(null));
    PullbackRegistry pullbacks =
        new PullbackRegistry(
            classes, processingEnv.getTypeUtils(), diagnostics, trees.orElse(null));
    for (String declaration :
        List.of(
            PullbackRegistry.ANNOTATION,
            PullbackRegistry.CONTAINER,
            PullbackRegistry.TANGENT_ANNOTATION,
            PullbackRegistry.TANGENT_CONTAINER)) {
      TypeElement type = classes.find(declaration);
      if (type != null) {
        pullbacks.addCompiled(round.getElementsAnnotatedWith(type));
      }
    }
    if (trees.isEmpty()) {
      for (ExecutableElement m : methods) {
        diagnostics.error(
            m,
            "Adjoint reads method bodies through javac's Compiler Tree API, which this compiler"
                + " does not offer. Compile with javac (Maven, Gradle and IntelliJ use it by"
                + " default; Eclipse's own compiler does not).");
      }
      return false;
    }
    Map<TypeElement, List<Differentiator.Result>> byClass = new LinkedHashMap<>();
    List<ExecutableElement> failed = new ArrayList<>();
    List<Differentiator.Result> results = new ArrayList<>();
    Map<TypeElement, Map<String, ExecutableElement>> generatedNames = new LinkedHashMap<>();
    for (ExecutableElement m : methods) {
      byClass.computeIfAbsent((TypeElement) m.getEnclosingElement(), o -> new ArrayList<>());
      if (!SignatureValidator.validate(m, diagnostics) || clashes(m, generatedNames, diagnostics)) {
        failed.add(m);
      }
    }
    List<ExecutableElement> invalid = List.copyOf(failed);
    Differentiator differentiator =
        new Differentiator(
            classes,
            diagnostics,
            pullbacks,
            c -> find(methods, c) != null,
            c -> {
              ExecutableElement callee = find(methods, c);
              return callee != null && invalid.contains(callee);
            },
            processingEnv.getOptions().containsKey(PRINT_IR_OPTION)
                ? (method, ir) -> writeIr(method, ir, diagnostics)
                : null);
    for (ExecutableElement m : methods) {
      if (invalid.contains(m)) {
        continue;
      }
      Optional<Differentiator.Result> result;
      try {
        Optional<SourceMethod> source = SourceMethod.read(trees.get(), m);
        if (source.isEmpty()) {
          diagnostics.error(m, "Adjoint cannot read the body of " + m.getSimpleName() + ".");
          failed.add(m);
          continue;
        }
        if (m.getSimpleName()
            .contentEquals(processingEnv.getOptions().getOrDefault(SIMULATE_BUG_OPTION, ""))) {
          throw new IllegalStateException("simulated processor bug");
        }
        result = differentiator.differentiate(source.get());
      } catch (RuntimeException | StackOverflowError | AssertionError bug) {
        diagnostics.error(
            m,
            "Adjoint failed with an internal error while differentiating "
                + m.getSimpleName()
                + ": "
                + bug
                + where(bug)
                + ". This is a bug in Adjoint, not in your code: please report it"
                + " with this method's source. Until it is fixed, simplifying the method (or"
                + " splitting it into smaller @Differentiable methods) may avoid it.");
        result = Optional.empty();
      }
      if (result.isPresent()) {
        results.add(result.get());
      } else {
        failed.add(m);
      }
    }
    propagateFailures(methods, results, failed);
    settleForwardModes(methods, results, failed, diagnostics);
    propagateFailures(methods, results, failed);
    for (Differentiator.Result r : results) {
      byClass.get((TypeElement) r.signature().method().getEnclosingElement()).add(r);
    }
    // Every companion is built before any is written: what a method allocates, which its javadoc
    // says, depends on its callees', which may be in companions built later.
    Allocation.Round allocations = new Allocation.Round();
    Map<TypeElement, JavaFile> files = new LinkedHashMap<>();
    byClass.forEach(
        (owner, members) -> {
          JavaFile file = build(owner, members, allocations, diagnostics);
          if (file != null) {
            files.put(owner, file);
          }
        });
    files.forEach((owner, file) -> write(owner, file, allocations, diagnostics));
    return true; // @Differentiable is ours alone.
  }

  private static String where(Throwable bug) {
    StackTraceElement[] trace = bug.getStackTrace();
    return trace.length == 0 ? "" : " at " + trace[0];
  }

  /** Reports a method whose generated names another method of its class already takes. */
  private static boolean clashes(
      ExecutableElement m,
      Map<TypeElement, Map<String, ExecutableElement>> taken,
      Diagnostics diagnostics) {
    DifferentiableSignature s = DifferentiableSignature.of(m);
    Map<String, ExecutableElement> names =
        taken.computeIfAbsent((TypeElement) m.getEnclosingElement(), o -> new LinkedHashMap<>());
    ExecutableElement other = names.putIfAbsent(s.gradientRecordName(), m);
    if (other == null) {
      return false;
    }
    diagnostics.error(
        m,
        "Both "
            + DifferentiableSignature.of(other).display()
            + " and "
            + s.display()
            + " would generate "
            + s.gradientRecordName()
            + " in "
            + s.companion().simpleNames().get(0)
            + ". Adjoint names generated code after the method, so overloads (and names"
            + " that differ only in the case of their first letter) cannot both be"
            + " @Differentiable. Rename one of them.");
    return true;
  }

  /** A method that calls one that failed fails too, with an error at the call. */
  private static void propagateFailures(
      List<ExecutableElement> methods,
      List<Differentiator.Result> results,
      List<ExecutableElement> failed) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (var it = results.iterator(); it.hasNext(); ) {
        Differentiator.Result r = it.next();
        for (Differentiator.CallSite call : r.calls()) {
          ExecutableElement callee = find(methods, call.callee());
          if (callee != null && failed.contains(callee)) {
            r.reporter()
                .error(
                    call.origin(),
                    "This calls "
                        + call.callee().signature()
                        + ", which could not be differentiated (see the error reported there).",
                    "Fix that error first.");
            failed.add(r.signature().method());
            it.remove();
            changed = true;
            break;
          }
        }
      }
    }
  }

  /**
   * Forward mode goes through the forward mode of every callee: a method keeps its JVP only if its
   * callees have theirs, and a second-order method needs second-order callees (an error if not). A
   * method has no JVP to begin with when forward mode cannot differentiate it (a library function
   * of tensors without a {@code @TangentOf} rule, say), so its callers lose theirs here.
   */
  private void settleForwardModes(
      List<ExecutableElement> methods,
      List<Differentiator.Result> results,
      List<ExecutableElement> failed,
      Diagnostics diagnostics) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int k = 0; k < results.size(); k++) {
        Differentiator.Result r = results.get(k);
        if (r.jvp() == null) {
          continue;
        }
        for (Callee c : callees(r.jvp(), false)) {
          if (!has(c, methods, results, false)) {
            results.set(k, r.withoutJvp("it calls " + c.signature() + ", which has none"));
            changed = true;
            break;
          }
        }
      }
    }
    for (var it = results.iterator(); it.hasNext(); ) {
      Differentiator.Result r = it.next();
      if (r.pullbackJvp() == null) {
        continue;
      }
      for (Callee c : callees(r.pullbackJvp(), true)) {
        if (!has(c, methods, results, true) || !has(c, methods, results, false)) {
          Differentiator.CallSite call =
              r.calls().stream()
                  .filter(
                      x ->
                          x.callee().owner().equals(c.owner())
                              && x.callee().name().equals(c.name())
                              && x.callee().parameterKinds().equals(c.parameterKinds()))
                  .findFirst()
                  .orElse(null);
          if (call != null && c.returnKind() != Kind.DOUBLE) {
            // order = 2 is for methods that return double: adding it to c is no way out.
            r.reporter()
                .error(
                    call.origin(),
                    "This calls "
                        + c.signature()
                        + ", which returns "
                        + c.returnKind().javaName()
                        + ": "
                        + r.signature().display()
                        + " is @Differentiable(order = 2), so its second derivatives go through"
                        + " those of its callees, and Adjoint has second derivatives of methods"
                        + " that return double only.",
                    "Compute what "
                        + c.signature()
                        + " returns in "
                        + r.signature().display()
                        + " itself, or write a @Differentiable(order = 2) method that returns"
                        + " each output you need as a double.");
          } else if (call != null) {
            // At the call, as every other error about what a method's body calls.
            r.reporter()
                .error(
                    call.origin(),
                    "This calls "
                        + c.signature()
                        + ", which is not @Differentiable(order = 2): "
                        + r.signature().display()
                        + " is, so its second derivatives go through "
                        + c.signature()
                        + ", which must be @Differentiable(order = 2) too.",
                    "Add order = 2 to the @Differentiable annotation of " + c.signature() + ".");
          } else {
            diagnostics.error(
                r.signature().method(),
                r.signature().display()
                    + " is @Differentiable(order = 2), so its second"
                    + " derivatives go through "
                    + c.signature()
                    + ", which must be"
                    + " @Differentiable(order = 2) too. Add order = 2 to its annotation.");
          }
          failed.add(r.signature().method());
          it.remove();
          break;
        }
      }
    }
  }

  /** The {@code @Differentiable} methods whose forward mode (or that of their pullback) is used. */
  private static List<Callee> callees(Tangent t, boolean orBoth) {
    List<Callee> out = new ArrayList<>();
    for (var b : t.blocks()) {
      Statements.forEach(
          b,
          s -> {
            if (s instanceof Stmt.TangentCall c) {
              out.add(c.callee());
            } else if (orBoth && s instanceof Stmt.PullbackJvpCall c) {
              out.add(c.callee());
            }
          });
    }
    return out;
  }

  /** Whether a callee has a JVP ({@code secondOrder} false) or a pullback JVP (true). */
  private boolean has(
      Callee c,
      List<ExecutableElement> methods,
      List<Differentiator.Result> results,
      boolean secondOrder) {
    ExecutableElement m = find(methods, c);
    if (m != null) {
      return results.stream()
          .anyMatch(
              r ->
                  r.signature().method().equals(m)
                      && (secondOrder ? r.pullbackJvp() != null : r.jvp() != null));
    }
    TypeElement companion = classes.find(c.companion().qualifiedName());
    String name = c.name() + (secondOrder ? "PullbackJvp" : "Jvp");
    return companion != null
        && ElementFilter.methodsIn(companion.getEnclosedElements()).stream()
            .anyMatch(x -> x.getSimpleName().contentEquals(name));
  }

  private static ExecutableElement find(List<ExecutableElement> methods, Callee callee) {
    for (ExecutableElement m : methods) {
      DifferentiableSignature s = DifferentiableSignature.of(m);
      if (s.owner().equals(callee.owner())
          && s.name().equals(callee.name())
          && s.parameterKinds().equals(callee.parameterKinds())) {
        return m;
      }
    }
    return null;
  }

  private JavaFile build(
      TypeElement owner,
      List<Differentiator.Result> members,
      Allocation.Round allocations,
      Diagnostics diagnostics) {
    if (members.isEmpty()) {
      return null;
    }
    DifferentiableSignature first = members.get(0).signature();
    List<CompanionWriter.Member> list = new ArrayList<>();
    members.forEach(
        r ->
            list.add(
                new CompanionWriter.Member(
                    r.signature(), r.pullback(), r.jvp(), r.noJvp(), r.pullbackJvp())));
    try {
      return CompanionWriter.write(
          first.owner(),
          first.companion(),
          list,
          owner,
          this::mayBeAuxiliary,
          allocations,
          generatedIsVisible(owner));
    } catch (RuntimeException e) {
      diagnostics.error(
          owner, "Adjoint could not write " + first.companion().qualifiedName() + ": " + e);
      return null;
    }
  }

  private void write(
      TypeElement owner, JavaFile file, Allocation.Round allocations, Diagnostics diagnostics) {
    String name =
        file.packageName().isEmpty()
            ? file.typeSpec().name()
            : file.packageName() + "." + file.typeSpec().name();
    try {
      String text = CompanionWriter.source(file, allocations);
      JavaFileObject source = processingEnv.getFiler().createSourceFile(name, owner);
      try (Writer out = source.openWriter()) {
        out.write(text);
      }
    } catch (FilerException e) {
      diagnostics.error(
          owner,
          "Adjoint cannot generate "
              + name
              + " for the @Differentiable methods of "
              + owner.getQualifiedName()
              + ": a type of that name already exists in this"
              + " compilation. Rename that type.");
    } catch (IOException | RuntimeException e) {
      diagnostics.error(owner, "Adjoint could not write " + name + ": " + e);
    }
  }

  /**
   * Whether the companion of {@code owner} may carry {@code
   * @javax.annotation.processing.Generated}: whether the annotation exists (JDK 9 and later, module java.compiler) and the code of {@code
   * owner}'s module can see it. Code on the class path (the unnamed module) reads every module; a
   * named module only those it requires, java.compiler directly or through a transitive requires
   * (as java.se has it).
   */
  private boolean generatedIsVisible(TypeElement owner) {
    if (classes.find(CompanionWriter.GENERATED.canonicalName()) == null) {
      return false;
    }
    ModuleElement module = processingEnv.getElementUtils().getModuleOf(owner);
    return module == null
        || module.isUnnamed()
        || reads(module, "java.compiler", true, new java.util.HashSet<>());
  }

  private static boolean reads(
      ModuleElement module, String target, boolean direct, Set<String> visited) {
    for (ModuleElement.RequiresDirective r : ElementFilter.requiresIn(module.getDirectives())) {
      if (!direct && !r.isTransitive()) {
        continue;
      }
      String name = r.getDependency().getQualifiedName().toString();
      if (name.equals(target)
          || visited.add(name) && reads(r.getDependency(), target, false, visited)) {
        return true;
      }
    }
    return false;
  }

  /** The runtime's packages: each of their classes has a source file of its own. */
  private static final Set<String> RUNTIME_PACKAGES =
      Set.of(
          "dev.adjoint",
          "dev.adjoint.jdk",
          "dev.adjoint.tensor",
          "dev.adjoint.nn",
          "dev.adjoint.optim");

  /**
   * Whether naming {@code type} from another source file may draw javac's {@code
   * -Xlint:auxiliaryclass} warning: whether it may be, or be nested in, a top-level class declared
   * in a source file named after another class (derivatives declared beside the model in its file,
   * say). Only the JDK's classes and the runtime's are known not to be. The answer must not depend
   * on whether the class is being compiled or read from a class file (where the processing API does
   * not tell its source file), or an incremental build would generate another companion than a full
   * build: so every other class counts, and companions that call user classes carry the (otherwise
   * harmless) suppression.
   */
  private boolean mayBeAuxiliary(TypeRef type) {
    if (RUNTIME_PACKAGES.contains(type.packageName())) {
      return false;
    }
    TypeElement element = classes.find(type.qualifiedName());
    if (element == null) {
      return false;
    }
    var module = processingEnv.getElementUtils().getModuleOf(element);
    String name = module == null ? "" : module.getQualifiedName().toString();
    return !(name.startsWith("java.") || name.startsWith("jdk."));
  }

  /** Writes a method's IR for {@link #PRINT_IR_OPTION}. */
  private void writeIr(DifferentiableSignature method, String ir, Diagnostics diagnostics) {
    List<String> owner = method.owner().simpleNames();
    String name = String.join(".", owner) + "." + method.name() + ".ir";
    try (var out =
        processingEnv
            .getFiler()
            .createResource(StandardLocation.CLASS_OUTPUT, method.owner().packageName(), name)
            .openWriter()) {
      out.write(ir);
    } catch (IOException e) {
      diagnostics.error(method.method(), "Adjoint could not write " + name + ": " + e);
    }
  }
}
