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
package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * What the outside sees of a {@code @Differentiable} method: its parameters, which of them are
 * differentiated, and where its generated companion lives. Shared by the method itself and by every
 * caller, in this compilation or on the class path.
 *
 * @param method the annotated method
 * @param parameterNames its parameters' names, in order
 * @param parameterKinds their kinds, null for a type outside the subset
 * @param differentiated the indices of the parameters differentiated, in order
 * @param owner the class declaring the method
 * @param companion the generated class holding its derivatives
 * @param parameterTypes the parameters' types, in order
 * @param declared the parameters as the source declares them, with the record itself first for an
 *     instance method of a record; {@code parameterNames}, {@code parameterKinds} and {@code
 *     parameterTypes} list their leaves (a record parameter is one parameter per leaf)
 */
public record DifferentiableSignature(
    ExecutableElement method,
    List<String> parameterNames,
    List<Kind> parameterKinds,
    List<Integer> differentiated,
    TypeRef owner,
    TypeRef companion,
    List<TypeMirror> parameterTypes,
    List<Declared> declared) {

  /**
   * A parameter as the source declares it.
   *
   * @param name its name ({@link #SELF} for the record an instance method belongs to)
   * @param type its type
   * @param shape the record's shape for a record parameter, else null
   * @param first the index of its first leaf among the flattened parameters
   * @param count its number of leaves (1 unless it is a record)
   * @param differentiated whether {@code wrt} names it (or is absent)
   * @param self whether it is the record an instance method belongs to
   */
  public record Declared(
      String name,
      TypeMirror type,
      RecordShape shape,
      int first,
      int count,
      boolean differentiated,
      boolean self) {
    /**
     * The leaves' paths from this parameter (empty paths for a parameter that is no record).
     *
     * @return one path per leaf
     */
    public List<List<String>> paths() {
      return shape == null
          ? List.of(List.of())
          : shape.leaves().stream().map(RecordShape.Leaf::path).toList();
    }
  }

  /**
   * What the user calls each flattened parameter, for messages: {@code x} for a parameter, {@code
   * w} for a component of the method's own record (its body reads it so), {@code model.inner().w()}
   * for a leaf of a record parameter.
   *
   * @return one name per flattened parameter, in their order
   */
  public List<String> sourceNames() {
    List<String> out = new ArrayList<>();
    for (Declared d : declared) {
      for (List<String> path : d.paths()) {
        if (path.isEmpty()) {
          out.add(d.name());
        } else if (d.self()) {
          out.add(String.join("().", path) + (path.size() > 1 ? "()" : ""));
        } else {
          out.add(d.name() + "." + String.join("().", path) + "()");
        }
      }
    }
    return out;
  }

  /**
   * The name the record an instance method belongs to takes in generated code: {@code
   * lossGradient(Mlp self, ...)}. A parameter of the method named so makes it {@code self2}.
   */
  public static final String SELF = "self";

  /** Joins a record parameter's name and a leaf's path into the leaf's parameter name. */
  public static final String LEAF_SEPARATOR = "_";

  /**
   * The name of a leaf parameter: {@code model_inner_w} for {@code model.inner().w()}.
   *
   * @param parameter the record parameter's name
   * @param path the components from the record down to the leaf
   * @return the flattened parameter's name
   */
  public static String leafName(String parameter, List<String> path) {
    return path.isEmpty()
        ? parameter
        : parameter + LEAF_SEPARATOR + String.join(LEAF_SEPARATOR, path);
  }

  /**
   * Whether some parameter (or the method's own record) is a record.
   *
   * @return whether the user-facing methods take records
   */
  public boolean hasRecords() {
    return declared.stream().anyMatch(d -> d.shape() != null);
  }

  /**
   * Whether this is an instance method of a record, whose record comes first as {@link #SELF}.
   *
   * @return whether the method is an instance method
   */
  public boolean isInstance() {
    return !declared.isEmpty() && declared.get(0).self();
  }

  /** The qualified name of {@code @Differentiable}. */
  public static final String ANNOTATION = "dev.adjoint.Differentiable";

  /**
   * Whether {@code element} carries {@code @Differentiable}.
   *
   * @param element any element
   * @return whether it is annotated
   */
  public static boolean isAnnotated(Element element) {
    return annotation(element).isPresent();
  }

  /**
   * Reads the signature. Parameter kinds are null for unsupported types and {@code wrt} names that
   * are no parameter are skipped; {@link dev.adjoint.processor.check.SignatureValidator} reports
   * both.
   *
   * @param method a method annotated with {@code @Differentiable}, compiled now or read from a
   *     class file
   * @return its signature
   */
  public static DifferentiableSignature of(ExecutableElement method) {
    List<String> names = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    List<TypeMirror> types = new ArrayList<>();
    List<Declared> declared = new ArrayList<>();
    List<String> wrt = wrtNames(method);
    List<Integer> differentiated = new ArrayList<>();
    TypeElement type = (TypeElement) method.getEnclosingElement();
    if (!method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)
        && type.getKind() == javax.lang.model.element.ElementKind.RECORD) {
      String self = selfName(method);
      boolean named = wrt.isEmpty() || wrt.contains(self) || wrt.contains("this");
      declare(self, type.asType(), named, true, names, kinds, types, declared, differentiated);
    }
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      boolean named = wrt.isEmpty() || wrt.contains(name);
      declare(name, p.asType(), named, false, names, kinds, types, declared, differentiated);
    }
    TypeRef owner = typeRef(type);
    String companionName = String.join("_", owner.simpleNames()) + "Adjoint";
    return new DifferentiableSignature(
        method,
        List.copyOf(names),
        java.util.Collections.unmodifiableList(kinds),
        List.copyOf(differentiated),
        owner,
        TypeRef.of(owner.packageName(), companionName),
        List.copyOf(types),
        List.copyOf(declared));
  }

  /** Adds a declared parameter and its leaves. */
  private static void declare(
      String name,
      TypeMirror type,
      boolean named,
      boolean self,
      List<String> names,
      List<Kind> kinds,
      List<TypeMirror> types,
      List<Declared> declared,
      List<Integer> differentiated) {
    RecordShape shape = RecordShape.of(type);
    int first = names.size();
    if (shape == null) {
      names.add(name);
      kinds.add(kindOf(type));
      types.add(type);
    } else {
      for (RecordShape.Leaf leaf : shape.leaves()) {
        names.add(leafName(name, leaf.path()));
        kinds.add(leaf.kind());
        types.add(leaf.type());
      }
    }
    for (int i = first; i < names.size(); i++) {
      if (named && kinds.get(i) != null && kinds.get(i).isDifferentiable()) {
        differentiated.add(i);
      }
    }
    declared.add(new Declared(name, type, shape, first, names.size() - first, named, self));
  }

  /**
   * The name of the record an instance method belongs to: {@link #SELF}, unless a parameter has
   * that name.
   *
   * @param method an instance method of a record
   * @return the name generated code gives the record
   */
  public static String selfName(ExecutableElement method) {
    String name = SELF;
    for (int i = 2;
        method.getParameters().stream()
            .map(p -> p.getSimpleName().toString())
            .toList()
            .contains(name);
        i++) {
      name = SELF + i;
    }
    return name;
  }

  /**
   * The names in {@code wrt}, empty when absent.
   *
   * @param method a method annotated with {@code @Differentiable}
   * @return the names given, in order
   */
  public static List<String> wrtNames(ExecutableElement method) {
    Optional<? extends AnnotationMirror> annotation = annotation(method);
    List<String> names = new ArrayList<>();
    annotation.ifPresent(
        mirror ->
            mirror
                .getElementValues()
                .forEach(
                    (key, value) -> {
                      if (key.getSimpleName().contentEquals("wrt")) {
                        Object v = value.getValue();
                        if (v instanceof List<?> list) {
                          for (Object item : list) {
                            names.add(String.valueOf(((AnnotationValue) item).getValue()));
                          }
                        }
                      }
                    }));
    return names;
  }

  /**
   * The {@code @Differentiable} annotation of an element.
   *
   * @param element any element
   * @return the annotation, or empty
   */
  public static Optional<? extends AnnotationMirror> annotation(Element element) {
    return element.getAnnotationMirrors().stream()
        .filter(
            a ->
                ((TypeElement) a.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(ANNOTATION))
        .findFirst();
  }

  /**
   * The IR kind of a Java type, or null when the subset does not support it.
   *
   * @param type a parameter's or result's type
   * @return its kind, or null
   */
  public static Kind kindOf(TypeMirror type) {
    return switch (type.getKind()) {
      case DOUBLE -> Kind.DOUBLE;
      case INT -> Kind.INT;
      case LONG -> Kind.LONG;
      case BOOLEAN -> Kind.BOOLEAN;
      case FLOAT -> Kind.FLOAT;
      case ARRAY -> {
        Kind element = kindOf(((javax.lang.model.type.ArrayType) type).getComponentType());
        yield element == null
            ? null
            : switch (element) {
              case DOUBLE, DOUBLE_ARRAY -> element.arrayOf();
              case INT -> Kind.INT_ARRAY;
              case FLOAT -> Kind.FLOAT_ARRAY;
              default -> null;
            };
      }
      case DECLARED -> {
        var element = ((javax.lang.model.type.DeclaredType) type).asElement();
        yield element instanceof TypeElement t
                && t.getQualifiedName().contentEquals(Kind.TENSOR_CLASS)
            ? Kind.TENSOR
            : null;
      }
      default -> null;
    };
  }

  /**
   * The reference of a class, by its package and its simple names outermost first.
   *
   * @param type a class, top-level or nested
   * @return its reference
   */
  public static TypeRef typeRef(TypeElement type) {
    List<String> names = new ArrayList<>();
    Element e = type;
    while (e instanceof TypeElement t) {
      names.add(0, t.getSimpleName().toString());
      e = t.getEnclosingElement();
    }
    String pkg = e instanceof PackageElement p ? p.getQualifiedName().toString() : "";
    return new TypeRef(pkg, names);
  }

  /**
   * The method's simple name.
   *
   * @return the name
   */
  public String name() {
    return method.getSimpleName().toString();
  }

  /**
   * {@code Model.f(double, int)}, as shown in messages.
   *
   * @return the method as messages name it
   */
  public String display() {
    return display(method);
  }

  /**
   * {@code Owner.name(types)} of a method, as diagnostics show it (also of one whose signature is
   * rejected, so that has no {@code DifferentiableSignature}); varargs as {@code double...}.
   *
   * @param method a method
   * @return its class's simple name, its name and its parameters' types
   */
  public static String display(ExecutableElement method) {
    List<String> types = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      types.add(p.asType().toString());
    }
    if (method.isVarArgs()) { // as the source declares it
      int last = types.size() - 1;
      types.set(last, types.get(last).replaceFirst("\\[\\]$", "..."));
    }
    return method.getEnclosingElement().getSimpleName()
        + "."
        + method.getSimpleName()
        + "("
        + String.join(", ", types)
        + ")";
  }

  /**
   * The names generated for this method in its companion: fGradient, FGradient, fPullback.
   *
   * @return {@code fGradient} for a method {@code f}
   */
  public String gradientMethodName() {
    return name() + "Gradient";
  }

  /**
   * The name of the gradient's record.
   *
   * @return {@code FGradient} for a method {@code f}
   */
  public String gradientRecordName() {
    return recordName(name(), "Gradient");
  }

  /**
   * The name of the typed gradient buffers that a pullback adds into.
   *
   * @return {@code FBuffers} for a method {@code f}
   */
  public String buffersClassName() {
    return recordName(name(), "Buffers");
  }

  /**
   * How the source names the parameter of a flattened parameter: {@code x}, or {@code model.w} for
   * a record's leaf.
   *
   * @param index a flattened parameter's index
   * @return its name as messages show it
   */
  public String sourceName(int index) {
    for (Declared d : declared) {
      if (index >= d.first() && index < d.first() + d.count()) {
        List<String> path = d.paths().get(index - d.first());
        return path.isEmpty()
            ? d.name()
            : (d.self() ? "this" : d.name()) + "." + String.join(".", path);
      }
    }
    throw new IndexOutOfBoundsException(index);
  }

  /**
   * The name of the pullback.
   *
   * @return {@code fPullback} for a method {@code f}
   */
  public String pullbackMethodName() {
    return name() + "Pullback";
  }

  /**
   * The split sweeps of a scalar method's pullback, which callers reversed in split mode call:
   * {@code fForward} (the taped forward sweep, returning the value) and {@code fReverse}.
   *
   * @return {@code fForward} for a method {@code f}
   */
  public String forwardMethodName() {
    return forwardMethodName(name());
  }

  /**
   * The reverse sweep of split mode.
   *
   * @return {@code fReverse} for a method {@code f}
   */
  public String reverseMethodName() {
    return reverseMethodName(name());
  }

  /**
   * {@link #forwardMethodName()} of a method named {@code method}.
   *
   * @param method the method's name
   * @return its forward sweep's name
   */
  public static String forwardMethodName(String method) {
    return method + "Forward";
  }

  /**
   * {@link #reverseMethodName()} of a method named {@code method}.
   *
   * @param method the method's name
   * @return its reverse sweep's name
   */
  public static String reverseMethodName(String method) {
    return method + "Reverse";
  }

  /**
   * Forward mode: {@code fJvp} returning {@code FJvp}.
   *
   * @return {@code fJvp} for a method {@code f}
   */
  public String jvpMethodName() {
    return name() + "Jvp";
  }

  /**
   * The name of forward mode's record.
   *
   * @return {@code FJvp} for a method {@code f}
   */
  public String jvpRecordName() {
    return recordName(name(), "Jvp");
  }

  /**
   * Forward mode of the pullback, for second derivatives: {@code fPullbackJvp}.
   *
   * @return {@code fPullbackJvp} for a method {@code f}
   */
  public String pullbackJvpMethodName() {
    return name() + "PullbackJvp";
  }

  /**
   * The name of the Hessian-vector product.
   *
   * @return {@code fHvp} for a method {@code f}
   */
  public String hvpMethodName() {
    return name() + "Hvp";
  }

  /**
   * The name of the Jacobian.
   *
   * @return {@code fJacobian} for a method {@code f}
   */
  public String jacobianMethodName() {
    return name() + "Jacobian";
  }

  /**
   * The name of the Hessian.
   *
   * @return {@code fHessian} for a method {@code f}
   */
  public String hessianMethodName() {
    return name() + "Hessian";
  }

  /**
   * The name of a record generated for method {@code method}: {@code FGradient} for f.
   *
   * @param method the method's name
   * @param suffix what follows it: {@code Gradient} or {@code Jvp}
   * @return the name, its first letter capitalised
   */
  public static String recordName(String method, String suffix) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1) + suffix;
  }

  /**
   * The order of derivatives requested with {@code @Differentiable(order = n)}; 1 by default.
   *
   * @return the order given (anything but 1 or 2 is an error that {@code SignatureValidator}
   *     reports)
   */
  public int order() {
    return annotation(method)
        .flatMap(
            mirror ->
                mirror.getElementValues().entrySet().stream()
                    .filter(e -> e.getKey().getSimpleName().contentEquals("order"))
                    .map(e -> (Integer) e.getValue().getValue())
                    .findFirst())
        .orElse(1);
  }
}
