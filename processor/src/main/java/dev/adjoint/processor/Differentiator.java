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

import dev.adjoint.processor.check.Attribution;
import dev.adjoint.processor.check.Checker;
import dev.adjoint.processor.check.ClassLookup;
import dev.adjoint.processor.check.DerivativeAdvice;
import dev.adjoint.processor.check.PullbackRegistry;
import dev.adjoint.processor.diag.Diagnostics;
import dev.adjoint.processor.diag.MethodReporter;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrPrinter;
import dev.adjoint.processor.ir.Origin;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.lower.Lowerer;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.SourceMethod;
import dev.adjoint.processor.transform.Activity;
import dev.adjoint.processor.transform.ForwardMode;
import dev.adjoint.processor.transform.ForwardMode.Tangent;
import dev.adjoint.processor.transform.MapLoopFusion;
import dev.adjoint.processor.transform.ReverseMode;
import dev.adjoint.processor.transform.ReverseMode.Pullback;
import dev.adjoint.processor.transform.RunningExtrema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import javax.lang.model.element.TypeElement;

/** Runs one method through the pipeline: check, lower, analyse, transform. */
final class Differentiator {
  private final ClassLookup classes;
  private final Diagnostics diagnostics;

  private final Predicate<Callee> inThisRound;

  /**
   * @param inThisRound whether a callee is differentiated in this round (so its companion is yet to
   *     be written)
   * @param invalid whether a callee's declaration was rejected
   */
  private final Predicate<Callee> invalid;

  private final PullbackRegistry pullbacks;
  private final BiConsumer<DifferentiableSignature, String> irListener;

  /**
   * @param irListener given each method differentiated and its IR in {@link IrPrinter}'s text (the
   *     lowered function, the pullback's sweeps and the forward mode), or null to print none
   */
  Differentiator(
      ClassLookup classes,
      Diagnostics diagnostics,
      PullbackRegistry pullbacks,
      Predicate<Callee> inThisRound,
      Predicate<Callee> invalid,
      BiConsumer<DifferentiableSignature, String> irListener) {
    this.irListener = irListener;
    this.pullbacks = pullbacks;
    this.classes = classes;
    this.diagnostics = diagnostics;
    this.inThisRound = inThisRound;
    this.invalid = invalid;
  }

  /** A call from differentiated code to a {@code @Differentiable} method. */
  record CallSite(Callee callee, Origin origin) {}

  /**
   * The pullback of a method and the differentiable methods it calls; its forward mode (null where
   * forward mode does not apply, {@code noJvp} saying why) and, for {@code order = 2}, the forward
   * mode of its pullback.
   */
  record Result(
      DifferentiableSignature signature,
      Pullback pullback,
      Tangent jvp,
      String noJvp,
      Tangent pullbackJvp,
      List<CallSite> calls,
      MethodReporter reporter) {

    /** A copy without forward mode, for the reason {@code why} (a callee has none). */
    Result withoutJvp(String why) {
      return new Result(signature, pullback, null, why, pullbackJvp, calls, reporter);
    }
  }

  /**
   * For a library callee without usable derivatives: the declarations for it elsewhere in the
   * sources, which the method's class has to name to use them.
   */
  private String hiddenDeclarations(Callee callee, SourceMethod method) {
    if (callee == null || callee.role() != Callee.Role.LIBRARY) {
      return "";
    }
    var hidden = pullbacks.hiddenDeclarers(callee, method.element());
    if (hidden.isEmpty()) {
      return "";
    }
    TypeElement type = (TypeElement) method.element().getEnclosingElement();
    String classes =
        String.join(
            ", ",
            hidden.stream().map(n -> n.substring(n.lastIndexOf('.') + 1) + ".class").toList());
    return String.join(", ", hidden)
        + " declares @PullbackOf for it, but "
        + type.getSimpleName()
        + " does not name "
        + (hidden.size() == 1 ? "that class" : "those classes")
        + ": add @UseDerivatives("
        + (hidden.size() == 1 ? classes : "{" + classes + "}")
        + ") to class "
        + type.getSimpleName()
        + ". (Adjoint uses only declarations that the calling class or"
        + " the library refers to, so that incremental builds find the same derivatives as full"
        + " builds.)";
  }

  /** Differentiates a method; empty when it has errors, which have been reported. */
  Optional<Result> differentiate(SourceMethod method) {
    DifferentiableSignature signature = method.signature();
    MethodReporter reporter = new MethodReporter(diagnostics, method.unit(), signature.display());
    Optional<Attribution> attribution = Checker.check(method, classes, pullbacks, reporter);
    if (attribution.isEmpty()) {
      return Optional.empty();
    }
    Function asWritten = Lowerer.lower(method, attribution.get());
    // Printed before the transforms run, and with one printer, so that a variable keeps its name.
    IrPrinter printer = new IrPrinter();
    String lowered = irListener == null ? null : printer.function(asWritten);
    // Adjacent element-wise loops over one range run as one, in both sweeps.
    Function loweredFunction = MapLoopFusion.fuse(asWritten);
    DerivativeAdvice advice =
        new DerivativeAdvice(pullbacks, (TypeElement) method.element().getEnclosingElement());
    Activity loweredActivity =
        Activity.analyze(
            loweredFunction, advice::noDerivative, advice::noPullback, signature.sourceNames());
    for (Problem p : loweredActivity.problems()) {
      // A call to a method that itself fails is reported as such, once its failure is known.
      if (p.callee() != null && pullbacks.hasRejectedDeclaration(p.callee())) {
        // Its @PullbackOf has an error of its own, which says what to change.
        reporter.error(
            Problem.at(
                p.origin(),
                "This calls "
                    + p.callee().signature()
                    + ", whose @PullbackOf declaration could not be used (see the error reported"
                    + " there).",
                "Fix that error first."));
      } else if (p.callee() == null || !invalid.test(p.callee())) {
        String hidden = hiddenDeclarations(p.callee(), method);
        reporter.error(hidden.isEmpty() ? p : p.withFix(hidden));
      }
    }
    if (reporter.hasErrors()) {
      return Optional.empty();
    }
    // Loops that keep an extremum keep its index too, where that spares the reverse sweep a taped
    // branch per iteration; the rewrite adds variables, so activity is analysed again.
    Function function = RunningExtrema.rewrite(loweredFunction, loweredActivity::isActive);
    Activity activity =
        function == loweredFunction
            ? loweredActivity
            : Activity.analyze(function, advice::noDerivative, advice::noPullback);
    if (!signature.differentiated().isEmpty() && !activity.resultVaries(function)) {
      diagnostics.warning(
          method.element(),
          "The result of "
              + signature.display()
              + " does not depend on "
              + String.join(
                  ", ",
                  signature.differentiated().stream()
                      .map(i -> signature.parameterNames().get(i))
                      .toList())
              + ": its gradient is always zero. Check wrt, or whether Adjoint.detach(...) cuts"
              + " the dependence.");
    }
    List<CallSite> calls = new ArrayList<>();
    dev.adjoint.processor.transform.Statements.forEachAssign(
        function.body(),
        a -> {
          if (a.value() instanceof Expr.Call c
              && c.callee().role() == Callee.Role.DIFFERENTIABLE
              && activity.isActive(a.target())) {
            calls.add(new CallSite(c.callee(), a.origin()));
            if (!inThisRound.test(c.callee())
                && classes.find(c.callee().companion().qualifiedName()) == null) {
              reporter.error(
                  a.origin(),
                  c.callee().signature()
                      + " is @Differentiable, but its generated companion "
                      + c.callee().companion().qualifiedName()
                      + " is missing: its class was"
                      + " compiled without the Adjoint processor.",
                  "Add dev.adjoint:adjoint-processor to the annotationProcessorPaths of the build"
                      + " that compiles "
                      + c.callee().owner().qualifiedName()
                      + ".");
            }
          }
        });
    if (reporter.hasErrors()) {
      return Optional.empty();
    }
    // Second order differentiates the pullback's sweeps in forward mode, so it needs them joint.
    Pullback pullback =
        ReverseMode.transform(function, activity, signature.order() < 2, signature.companion());
    Tangent jvp =
        ForwardMode.transform(
            List.of(function.body()),
            function.independents(),
            callee -> pullbacks.pullbacksOf(callee, method.element()),
            activity::isActive,
            activity.aliasing(),
            advice::noSecondDerivative,
            function.params());
    Tangent pullbackJvp = null;
    if (signature.order() >= 2) {
      List<Var> seeds = new ArrayList<>(function.independents());
      seeds.add(pullback.seed());
      pullbackJvp =
          ForwardMode.transform(
              List.of(pullback.forward(), pullback.reverse()),
              seeds,
              callee -> pullbacks.pullbacksOf(callee, method.element()),
              v -> true,
              activity.aliasing(),
              advice::noSecondDerivative,
              function.params());
      if (!pullbackJvp.ok()) {
        Problem p = pullbackJvp.problems().get(0);
        String problem =
            "Adjoint cannot generate the second derivatives of "
                + signature.display()
                + ": "
                + p.message()
                + ".";
        String fix =
            p.fix() != null
                ? p.fix()
                : "Use order = 1 (the gradient only), or declare the missing derivative with"
                    + " @PullbackOf.";
        if (p.origin() == null) {
          diagnostics.error(method.element(), problem + " " + fix);
        } else {
          reporter.error(p.origin(), problem, fix);
        }
        return Optional.empty();
      }
    }
    if (irListener != null) {
      irListener.accept(signature, printIr(printer, lowered, pullback, jvp, pullbackJvp));
    }
    return Optional.of(
        new Result(
            signature,
            pullback,
            jvp.ok() ? jvp : null,
            jvp.ok() ? null : jvp.problems().get(0).describe(),
            pullbackJvp,
            calls,
            reporter));
  }

  /**
   * The sections of a method's IR, each headed by a line such as {@code -- lowered}: each generated
   * method is printed by its own fork of the printer that printed the lowered function.
   */
  private static String printIr(
      IrPrinter printer, String lowered, Pullback pullback, Tangent jvp, Tangent pullbackJvp) {
    StringBuilder out = new StringBuilder("-- lowered\n").append(lowered);
    IrPrinter sweeps = printer.fork();
    out.append("-- pullback: forward sweep\n").append(sweeps.block(pullback.forward()));
    out.append("-- pullback: reverse sweep (cotangent ")
        .append(sweeps.name(pullback.seed()))
        .append(")\n")
        .append(sweeps.block(pullback.reverse()));
    tangent(out, printer.fork(), jvp, "jvp");
    if (pullbackJvp != null) {
      tangent(
          out,
          printer.fork(),
          pullbackJvp,
          "pullback jvp: forward sweep",
          "pullback jvp: reverse sweep");
    }
    return out.toString();
  }

  /** A forward-mode section per block of {@code t}, titled in order, or why there is none. */
  private static void tangent(StringBuilder out, IrPrinter printer, Tangent t, String... titles) {
    if (!t.ok()) {
      out.append("-- ")
          .append(titles[0])
          .append(": none, ")
          .append(t.problems().get(0).describe())
          .append('\n');
      return;
    }
    for (int i = 0; i < titles.length; i++) {
      out.append("-- ").append(titles[i]).append('\n').append(printer.block(t.blocks().get(i)));
    }
  }
}
