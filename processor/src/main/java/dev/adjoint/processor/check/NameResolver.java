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

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Resolves the names a method body uses (types, static fields, static methods) the way javac would,
 * from the enclosing classes, the compilation unit's imports, its package and java.lang.
 */
final class NameResolver {
  private final ClassLookup classes;
  private final Elements elements;
  private final TypeElement enclosing;
  private final CompilationUnitTree unit;

  NameResolver(ClassLookup classes, TypeElement enclosing, CompilationUnitTree unit) {
    this.classes = classes;
    this.elements = classes.elements();
    this.enclosing = enclosing;
    this.unit = unit;
  }

  /** A type by its qualified name, or null. */
  TypeElement type(String qualifiedName) {
    return classes.find(qualifiedName);
  }

  /** The type a name expression denotes, or null. */
  TypeElement type(ExpressionTree name) {
    if (name instanceof IdentifierTree id) {
      return simpleType(id.getName().toString());
    }
    if (name instanceof MemberSelectTree select) {
      TypeElement qualified = classes.find(select.toString());
      if (qualified != null) {
        return qualified;
      }
      TypeElement outer = type(select.getExpression());
      return outer == null ? null : memberType(outer, select.getIdentifier().toString());
    }
    return null;
  }

  private TypeElement simpleType(String name) {
    for (Element e = enclosing; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      if (t.getSimpleName().contentEquals(name)) {
        return t;
      }
      TypeElement member = memberType(t, name);
      if (member != null) {
        return member;
      }
    }
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith("." + name)) {
        TypeElement t = classes.find(q);
        if (t != null) {
          return t;
        }
      }
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
    TypeElement samePackage = classes.find(pkg.isEmpty() ? name : pkg + "." + name);
    if (samePackage != null) {
      return samePackage;
    }
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith(".*")) {
        String prefix = q.substring(0, q.length() - 1);
        TypeElement t = classes.find(prefix + name);
        if (t != null) {
          return t;
        }
      }
    }
    return classes.find("java.lang." + name);
  }

  private static TypeElement memberType(TypeElement owner, String name) {
    for (TypeElement t : ElementFilter.typesIn(owner.getEnclosedElements())) {
      if (t.getSimpleName().contentEquals(name)) {
        return t;
      }
    }
    return null;
  }

  /** A field named by a simple name: of an enclosing class, or statically imported. */
  VariableElement field(String name) {
    for (Element e = enclosing; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      VariableElement f = field(t, name);
      if (f != null) {
        return f;
      }
    }
    for (TypeElement owner : staticImportOwners(name)) {
      VariableElement f = field(owner, name);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  VariableElement field(TypeElement owner, String name) {
    for (VariableElement f : ElementFilter.fieldsIn(elements.getAllMembers(owner))) {
      if (f.getSimpleName().contentEquals(name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The methods a simple name can call: of the innermost enclosing class that has one, or imported.
   */
  List<ExecutableElement> methods(String name) {
    for (Element e = enclosing; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      List<ExecutableElement> found = methods(t, name);
      if (!found.isEmpty()) {
        return found;
      }
    }
    List<ExecutableElement> imported = new ArrayList<>();
    for (TypeElement owner : staticImportOwners(name)) {
      imported.addAll(methods(owner, name));
    }
    return imported;
  }

  List<ExecutableElement> methods(TypeElement owner, String name) {
    List<ExecutableElement> found = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(owner))) {
      if (m.getSimpleName().contentEquals(name) && m.getKind() == ElementKind.METHOD) {
        found.add(m);
      }
    }
    return found;
  }

  private List<TypeElement> staticImportOwners(String member) {
    List<TypeElement> owners = new ArrayList<>();
    for (ImportTree imp : unit.getImports()) {
      if (!imp.isStatic() || !(imp.getQualifiedIdentifier() instanceof MemberSelectTree q)) {
        continue;
      }
      String id = q.getIdentifier().toString();
      if (id.equals(member) || id.equals("*")) {
        TypeElement owner = classes.find(q.getExpression().toString());
        if (owner != null) {
          owners.add(owner);
        }
      }
    }
    return owners;
  }
}
