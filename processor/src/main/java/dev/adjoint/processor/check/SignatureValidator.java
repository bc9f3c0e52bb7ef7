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
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.read.DifferentiableSignature;
import dev.adjoint.processor.read.RecordShape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Checks what a {@code @Differentiable} method declares, before its body is read. */
public final class SignatureValidator {
  private SignatureValidator() {}

  /**
   * Reports every problem with the declaration; returns whether there was none.
   *
   * @param method a method annotated with {@code @Differentiable}
   * @param diagnostics where the errors go, on the method or its annotation
   * @return whether the declaration is valid
   */
  public static boolean validate(ExecutableElement method, Diagnostics diagnostics) {
    int problems = 0;
    String name = method.getSimpleName().toString();
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    if (owner.getNestingKind() != NestingKind.TOP_LEVEL
        && owner.getNestingKind() != NestingKind.MEMBER) {
      diagnostics.error(
          method,
          "@Differentiable methods must belong to a top-level or member class, not a local or"
              + " anonymous one. Move "
              + name
              + " to a named class.");
      problems++;
    }
    TypeElement hidden = privateEnclosing(owner);
    if (hidden != null) {
      TypeElement top = owner;
      while (top.getNestingKind() == NestingKind.MEMBER) {
        top = (TypeElement) top.getEnclosingElement();
      }
      diagnostics.error(
          method,
          "@Differentiable methods cannot belong to a private class: "
              + hidden.getSimpleName()
              + " is private, and the generated "
              + DifferentiableSignature.of(method).companion().simpleNames().get(0)
              + ", a class of its own beside "
              + top.getSimpleName()
              + ", cannot see it. Remove"
              + " private from "
              + hidden.getSimpleName()
              + " (package-private is enough).");
      problems++;
    }
    boolean recordInstance =
        !method.getModifiers().contains(Modifier.STATIC)
            && owner.getKind() == javax.lang.model.element.ElementKind.RECORD;
    if (!method.getModifiers().contains(Modifier.STATIC) && !recordInstance) {
      diagnostics.error(
          method,
          "@Differentiable methods must be static or belong to a record: "
              + name
              + " is an instance method of the class "
              + owner.getSimpleName()
              + ". Make it static and pass what it reads from the object as parameters, or make "
              + owner.getSimpleName()
              + " a record of its parameters (its differentiated code then reads them with their"
              + " accessors).");
      problems++;
    }
    if (recordInstance) {
      problems += recordProblems(RecordShape.of(owner.asType()), diagnostics, method, name);
    }
    if (method.getModifiers().contains(Modifier.ABSTRACT)
        || method.getModifiers().contains(Modifier.NATIVE)) {
      diagnostics.error(
          method,
          "@Differentiable methods need a body that Adjoint can read: "
              + name
              + " is abstract or native.");
      problems++;
    }
    Kind returned = DifferentiableSignature.kindOf(method.getReturnType());
    if (returned != Kind.DOUBLE && returned != Kind.DOUBLE_ARRAY && returned != Kind.TENSOR) {
      diagnostics.error(
          method,
          "@Differentiable methods must return "
              + SupportedTypes.results("or")
              + ": "
              + name
              + " returns "
              + method.getReturnType()
              + ". Return the scalar to differentiate (for a gradient),"
              + " a double[] (for Jacobians and vector-Jacobian products)"
              + " or a Tensor (a layer that other @Differentiable methods call).");
      problems++;
    }
    int order = DifferentiableSignature.of(method).order();
    if (order == 2 && returned == Kind.DOUBLE_ARRAY) {
      diagnostics.error(
          method,
          "@Differentiable(order = 2) needs a double result: Hessians are of scalar functions, and "
              + name
              + " returns double[]. Use order = 1 for its Jacobian, or make a scalar"
              + " @Differentiable(order = 2) method for each output you need the Hessian of.");
      problems++;
    }
    if (order == 2 && returned == Kind.TENSOR) {
      // At the annotation: order = 2 is what to change.
      diagnostics.error(
          method,
          DifferentiableSignature.annotation(method).orElseThrow(),
          "@Differentiable(order = 2) needs a double result: "
              + name
              + " returns a Tensor, and second derivatives of Tensor values are not supported."
              + " Use order = 1 (its pullback and forward mode); a scalar loss that calls "
              + name
              + " has its gradient.");
      problems++;
    }
    if (order < 1 || order > 2) {
      diagnostics.error(
          method,
          "@Differentiable(order = "
              + order
              + ") is not supported: use order = 1 (gradients and"
              + " forward mode) or order = 2 (adds Hessians and Hessian-vector products).");
      problems++;
    }
    if (!method.getTypeParameters().isEmpty()) {
      diagnostics.error(
          method,
          "@Differentiable methods cannot be generic: "
              + name
              + " declares type parameters."
              + " Remove them.");
      problems++;
    }
    if (method.isVarArgs()) {
      VariableElement last = method.getParameters().get(method.getParameters().size() - 1);
      String array = last.asType().toString();
      String element = array.substring(0, array.length() - 2);
      diagnostics.error(
          last,
          "@Differentiable methods cannot take varargs: declare "
              + last.getSimpleName()
              + " as "
              + (DifferentiableSignature.kindOf(last.asType()) != null
                  ? simpleName(array)
                      + " "
                      + last.getSimpleName()
                      + " instead of "
                      + simpleName(element)
                      + "... "
                      + last.getSimpleName()
                      + " (callers then pass an array)."
                  : "separate parameters: " + simpleName(array) + " is not a supported type."));
      problems++;
    }
    Set<String> names = new HashSet<>();
    if (recordInstance) {
      names.add("this");
      names.add(DifferentiableSignature.selfName(method));
    }
    for (VariableElement p : method.getParameters()) {
      names.add(p.getSimpleName().toString());
      RecordShape shape = RecordShape.of(p.asType());
      if (shape != null) {
        problems += recordProblems(shape, diagnostics, p, name);
      } else if (DifferentiableSignature.kindOf(p.asType()) == null) {
        diagnostics.error(
            p,
            "Parameter "
                + p.getSimpleName()
                + " of "
                + name
                + " has type "
                + p.asType()
                + ", which @Differentiable methods do not support. "
                + (SupportedTypes.isTensorArray(p.asType().toString())
                    ? SupportedTypes.TENSOR_ARRAY_ADVICE
                    : "Use "
                        + SupportedTypes.parameters("or")
                        + ", or a record whose components are such values (or records of"
                        + " them)."));
        problems++;
      }
    }
    List<String> wrt = DifferentiableSignature.wrtNames(method);
    Set<String> seen = new HashSet<>();
    for (String w : wrt) {
      if (!seen.add(w)) {
        diagnostics.error(method, "wrt names " + w + " twice. Name each parameter once.");
        problems++;
      } else if (!names.contains(w)) {
        diagnostics.error(
            method,
            "wrt names "
                + w
                + ", which is not a parameter of "
                + name
                + ". "
                + (method.getParameters().isEmpty()
                    ? name + " has no parameters."
                    : "Its parameters are "
                        + String.join(
                            ", ",
                            method.getParameters().stream()
                                .map(p -> p.getSimpleName().toString())
                                .toList())
                        + "."));
        problems++;
      } else if (recordInstance
          && (w.equals("this") || w.equals(DifferentiableSignature.selfName(method)))) {
        continue; // the record itself
      } else {
        VariableElement p =
            method.getParameters().stream()
                .filter(x -> x.getSimpleName().contentEquals(w))
                .findFirst()
                .orElseThrow();
        if (RecordShape.of(p.asType()) != null) {
          continue; // every differentiable leaf of the record
        }
        Kind kind = DifferentiableSignature.kindOf(p.asType());
        if (kind == Kind.FLOAT || kind == Kind.FLOAT_ARRAY) {
          // At the parameter: its type is what the user has to change.
          diagnostics.error(
              p,
              "wrt names "
                  + w
                  + ", which is a "
                  + kind.javaName()
                  + ": Adjoint generates"
                  + " derivatives in double precision only, so float and float[] parameters are"
                  + " data to it, read as Java reads them and never differentiated (as int"
                  + " parameters are). Declare "
                  + w
                  + " as "
                  + (kind == Kind.FLOAT ? "double" : "double[]")
                  + " to differentiate with"
                  + " respect to it, or remove it from wrt.");
          problems++;
        } else if (kind != null && !kind.isDifferentiable()) {
          // (A parameter of a type not supported at all is reported at the parameter, above.)
          diagnostics.error(
              method,
              "wrt names "
                  + w
                  + ", which has type "
                  + p.asType()
                  + ": only "
                  + SupportedTypes.differentiable("and")
                  + " parameters can be"
                  + " differentiated. Remove it from wrt.");
          problems++;
        }
      }
    }
    if (problems == 0 && wrt.isEmpty()) {
      DifferentiableSignature signature = DifferentiableSignature.of(method);
      VariableElement data =
          method.getParameters().stream()
              .filter(
                  p -> {
                    Kind k = DifferentiableSignature.kindOf(p.asType());
                    return k == Kind.FLOAT || k == Kind.FLOAT_ARRAY;
                  })
              .findFirst()
              .orElse(null);
      if (signature.differentiated().isEmpty() && data != null) {
        // Without a double to differentiate, the float is what the user meant to differentiate.
        String type = DifferentiableSignature.kindOf(data.asType()).javaName();
        diagnostics.error(
            data,
            name
                + " has no parameter to differentiate: its "
                + type
                + " parameter "
                + data.getSimpleName()
                + " is data to Adjoint, which generates derivatives in"
                + " double precision only and never differentiates float values. Declare "
                + data.getSimpleName()
                + " as "
                + (type.equals("float") ? "double" : "double[]")
                + " to differentiate with respect to it, or remove @Differentiable if "
                + name
                + " needs no derivative (differentiated code may call it as a plain static"
                + " method).");
        problems++;
      }
    }
    if (problems == 0) {
      // A record's leaves are parameters named record_component: one may meet a parameter.
      DifferentiableSignature signature = DifferentiableSignature.of(method);
      Set<String> leaves = new HashSet<>();
      for (String leaf : signature.parameterNames()) {
        if (!leaves.add(leaf)) {
          diagnostics.error(
              method,
              "The parameter name "
                  + leaf
                  + " of "
                  + name
                  + " is also the name Adjoint gives a record component in generated code"
                  + " (record parameter, underscore, component). Rename the parameter.");
          problems++;
        }
      }
    }
    if (problems == 0) {
      DifferentiableSignature signature = DifferentiableSignature.of(method);
      int offset = signature.isInstance() ? 1 : 0;
      for (int k = 0; k < signature.declared().size(); k++) {
        var d = signature.declared().get(k);
        boolean differentiated =
            signature.differentiated().stream()
                .anyMatch(i -> i >= d.first() && i < d.first() + d.count());
        if (differentiated && d.name().equals("value")) {
          diagnostics.error(
              method.getParameters().get(k - offset),
              "A differentiated parameter cannot be named value: the gradient record "
                  + signature.gradientRecordName()
                  + " already has a component value for the"
                  + " function's value. Rename the parameter.");
          problems++;
        }
      }
    }
    return problems == 0;
  }

  /**
   * Reports a record parameter's unsupported components, each at the component, and a generic
   * record at {@code use}; returns the number of errors.
   */
  private static int recordProblems(
      RecordShape shape,
      Diagnostics diagnostics,
      javax.lang.model.element.Element use,
      String method) {
    if (shape.generic()) {
      diagnostics.error(
          use,
          "The record "
              + shape.simpleName()
              + " is generic, which @Differentiable parameters do not support. Give its components"
              + " concrete types.");
      return 1;
    }
    int problems = 0;
    TypeElement hidden = privateEnclosing(shape.type());
    if (hidden != null) {
      diagnostics.error(
          use,
          "The record "
              + shape.simpleName()
              + " cannot be a parameter of a @Differentiable method while "
              + hidden.getSimpleName()
              + " is private: the generated companion, a class of its own, could not name it."
              + " Remove private from "
              + hidden.getSimpleName()
              + " (package-private is enough).");
      return 1;
    }
    for (RecordShape.Component c : shape.components()) {
      if (c.nested() != null) {
        problems += recordProblems(c.nested(), diagnostics, use, method);
      } else if (c.kind() == null) {
        String type = c.type().toString();
        boolean list = type.startsWith("java.util.");
        boolean recursive = RecordShape.recordOf(c.type()) != null;
        diagnostics.error(
            position(shape, c),
            "Component "
                + c.name()
                + " of the record "
                + shape.simpleName()
                + " has type "
                + simpleName(type)
                + ", which a record of parameters cannot hold"
                + (recursive ? " (it contains itself)" : "")
                + ": Adjoint differentiates the "
                + SupportedTypes.differentiable("and")
                + " components of a record (and of records nested in it), and passes "
                + SupportedTypes.data("and")
                + " components as data. "
                + (list
                    ? "Use a double[][] (or a Tensor) instead of a collection of arrays."
                    : "Pass the " + simpleName(type) + " as a separate parameter instead.")
                + " (a parameter of the @Differentiable method "
                + method
                + ")");
        problems++;
      }
    }
    return problems;
  }

  /**
   * Where to report a component: its field, which javac places at the component in the record's
   * header (it gives a record component element itself no position).
   */
  private static javax.lang.model.element.Element position(
      RecordShape shape, RecordShape.Component c) {
    for (var field :
        javax.lang.model.util.ElementFilter.fieldsIn(shape.type().getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(c.name())) {
        return field;
      }
    }
    return c.element();
  }

  /** {@code dev.adjoint.tensor.Tensor[]} to {@code Tensor[]}: a type as its source names it. */
  private static String simpleName(String type) {
    return type.replaceAll("\\b(?:[a-z_$][\\w$]*\\.)+", "");
  }

  /**
   * The innermost private class among {@code owner} and the member classes enclosing it, or null:
   * the companion, a top-level class, can name none of their members.
   */
  private static TypeElement privateEnclosing(TypeElement owner) {
    for (TypeElement t = owner;
        t.getNestingKind() == NestingKind.MEMBER;
        t = (TypeElement) t.getEnclosingElement()) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        return t;
      }
    }
    return null;
  }
}
