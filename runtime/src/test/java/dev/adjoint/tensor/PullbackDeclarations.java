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
package dev.adjoint.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.PullbackOf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks {@code @PullbackOf} declarations by reflection: that each follows the convention of {@link
 * PullbackOf}'s javadoc (static and public; the original's inputs, receiver first, then optionally
 * its result, then the seed of the result's type; returning the type of the input named by {@code
 * wrt}) and that every differentiable method of a class has exactly one declaration per
 * differentiable input.
 *
 * <p>The runtime is compiled without {@code -parameters}, so parameter names are read from the
 * class's source file (the tests run in the module's directory).
 */
public final class PullbackDeclarations {
  /** The parameter types a derivative flows through. */
  public static final Set<Class<?>> DIFFERENTIABLE =
      Set.of(double.class, double[].class, double[][].class, Tensor.class, Tensor[].class);

  private final Class<?> original;
  private final Map<String, List<String>> names;

  /** "signature wrt" of every declaration found, to the declaring method. */
  private final Map<String, Method> declared = new LinkedHashMap<>();

  /** Reads the declarations for {@code original} found in {@code declarers}. */
  public PullbackDeclarations(Class<?> original, Class<?>... declarers) {
    this.original = original;
    this.names = parameterNames(original);
    for (Class<?> declarer : declarers) {
      for (Method m : declarer.getDeclaredMethods()) {
        for (PullbackOf p : m.getAnnotationsByType(PullbackOf.class)) {
          Class<?> type = p.type() == void.class ? declarer : p.type();
          if (type != original) {
            continue;
          }
          Method target = check(m, p);
          String key = signature(target) + " wrt " + p.wrt();
          Method previous = declared.put(key, m);
          if (previous != null) {
            fail("two pullbacks of " + key + ": " + previous.getName() + " and " + m.getName());
          }
        }
      }
    }
  }

  /** The number of declarations read. */
  public int count() {
    return declared.size();
  }

  /**
   * Checks one declaration against the convention and returns the original it declares a pullback
   * of.
   */
  private Method check(Method m, PullbackOf p) {
    String where =
        m.getDeclaringClass().getSimpleName()
            + "."
            + m.getName()
            + Arrays.toString(m.getParameterTypes())
            + " (@PullbackOf "
            + p.method()
            + " wrt "
            + p.wrt()
            + ")";
    assertTrue(Modifier.isStatic(m.getModifiers()), where + " must be static");
    assertTrue(Modifier.isPublic(m.getModifiers()), where + " must be public");
    List<Method> matches = new ArrayList<>();
    boolean takesResult = false;
    for (Method o : original.getMethods()) {
      if (!o.getName().equals(p.method()) || o.getDeclaringClass() != original) {
        continue;
      }
      List<Class<?>> inputs = inputs(o);
      Class<?>[] ps = m.getParameterTypes();
      int n = ps.length;
      if (n == 0 || ps[n - 1] != o.getReturnType()) {
        continue;
      }
      List<Class<?>> given = Arrays.asList(ps);
      if (n - 1 == inputs.size() && given.subList(0, n - 1).equals(inputs)) {
        matches.add(o);
      } else if (n - 2 == inputs.size()
          && given.subList(0, n - 2).equals(inputs)
          && ps[n - 2] == o.getReturnType()) {
        matches.add(o);
        takesResult = true;
      }
    }
    if (matches.size() != 1) {
      fail(
          where
              + " must match exactly one "
              + original.getSimpleName()
              + "."
              + p.method()
              + " (its inputs, receiver first, optionally its result, then the seed of the"
              + " result's type), but matches "
              + matches);
    }
    Method o = matches.get(0);
    boolean instance = !Modifier.isStatic(o.getModifiers());
    Class<?> wrtType;
    if (p.wrt().equals("this")) {
      assertTrue(instance, where + ": wrt = \"this\" needs an instance method");
      wrtType = original;
    } else {
      int i = names.get(signature(o)).indexOf(p.wrt());
      assertTrue(
          i >= 0,
          where
              + ": "
              + signature(o)
              + " has no parameter "
              + p.wrt()
              + " (parameters "
              + names.get(signature(o))
              + ")");
      wrtType = o.getParameterTypes()[i];
    }
    assertTrue(DIFFERENTIABLE.contains(wrtType), where + " differentiates a " + wrtType);
    assertEquals(wrtType, m.getReturnType(), where + " must return the type of " + p.wrt());
    assertTrue(!takesResult || o.getReturnType() != void.class, where);
    return o;
  }

  private List<Class<?>> inputs(Method o) {
    List<Class<?>> inputs = new ArrayList<>();
    if (!Modifier.isStatic(o.getModifiers())) {
      inputs.add(original);
    }
    inputs.addAll(Arrays.asList(o.getParameterTypes()));
    return inputs;
  }

  /**
   * The inputs of {@code original}'s public methods that have no declaration but should: the
   * receiver of instance methods and every parameter of a differentiable type, of every public
   * method returning a differentiable type, except the methods named in {@code notDifferentiable}
   * and the parameters named in {@code data}.
   */
  public Set<String> missing(Set<String> notDifferentiable, Set<String> data) {
    Set<String> missing = new TreeSet<>();
    for (Method o : original.getDeclaredMethods()) {
      if (!Modifier.isPublic(o.getModifiers())
          || o.isSynthetic()
          || !DIFFERENTIABLE.contains(o.getReturnType())
          || notDifferentiable.contains(o.getName())) {
        continue;
      }
      List<String> wrts = new ArrayList<>();
      if (!Modifier.isStatic(o.getModifiers())) {
        wrts.add("this");
      }
      List<String> ns = names.get(signature(o));
      for (int i = 0; i < o.getParameterCount(); i++) {
        if (DIFFERENTIABLE.contains(o.getParameterTypes()[i]) && !data.contains(ns.get(i))) {
          wrts.add(ns.get(i));
        }
      }
      for (String wrt : wrts) {
        if (!declared.containsKey(signature(o) + " wrt " + wrt)) {
          missing.add(signature(o) + " wrt " + wrt);
        }
      }
    }
    return missing;
  }

  /** The methods named in {@code names} that {@code original} does not declare (stale names). */
  public Set<String> unknown(Set<String> methodNames) {
    Set<String> have =
        Arrays.stream(original.getDeclaredMethods())
            .map(Method::getName)
            .collect(Collectors.toSet());
    return methodNames.stream().filter(n -> !have.contains(n)).collect(Collectors.toSet());
  }

  static String signature(Method m) {
    return m.getName()
        + "("
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(","))
        + ")";
  }

  private static final Pattern DECLARATION =
      Pattern.compile(
          "public\\s+(?:static\\s+)?(?:final\\s+)?[\\w.<>\\[\\]]+\\s+(\\w+)\\s*\\(([^)]*)\\)");

  /** Parameter names of the public methods of {@code type}, by {@link #signature}. */
  static Map<String, List<String>> parameterNames(Class<?> type) {
    Map<String, List<String>> byMethod = new HashMap<>();
    Method[] methods = type.getDeclaredMethods();
    if (methods.length > 0
        && Arrays.stream(methods)
            .allMatch(
                m ->
                    Arrays.stream(m.getParameters())
                        .allMatch(java.lang.reflect.Parameter::isNamePresent))) {
      for (Method m : methods) {
        byMethod.put(
            signature(m),
            Arrays.stream(m.getParameters())
                .map(java.lang.reflect.Parameter::getName)
                .collect(Collectors.toList()));
      }
      return byMethod;
    }
    Path source =
        Path.of(
            System.getProperty("basedir", "."),
            "src/main/java",
            type.getName().replace('.', '/') + ".java");
    String text;
    try {
      text = Files.readString(source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read parameter names from " + source, e);
    }
    Matcher m = DECLARATION.matcher(text);
    while (m.find()) {
      List<String> types = new ArrayList<>();
      List<String> ns = new ArrayList<>();
      String params = m.group(2).trim();
      if (!params.isEmpty()) {
        for (String param : params.split(",")) {
          String p = param.trim().replaceFirst("^final\\s+", "");
          int space = p.lastIndexOf(' ');
          String t = p.substring(0, space).trim().replace("...", "[]").replace(" ", "");
          types.add(t.substring(t.lastIndexOf('.') + 1));
          ns.add(p.substring(space + 1));
        }
      }
      byMethod.put(m.group(1) + "(" + String.join(",", types) + ")", ns);
    }
    return byMethod;
  }
}
