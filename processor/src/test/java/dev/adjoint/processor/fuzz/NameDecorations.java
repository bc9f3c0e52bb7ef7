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

import dev.adjoint.processor.fuzz.ProgramGenerator.MethodInfo;
import dev.adjoint.processor.fuzz.ProgramGenerator.Param;
import dev.adjoint.processor.fuzz.ProgramGenerator.Ty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renames some of the names of a generated program once it is complete, as users name things rather
 * than as the generator does ({@code x0}, {@code v3}, {@code a10}, {@code m1}): about one name in
 * {@value #DEFAULT_ONE_IN} (parameters, locals and labels of the generated methods, and the methods
 * themselves) gets a {@code $} appended, inserted or prepended ({@code x0$}, {@code v$3}, {@code
 * $a10}, {@code m1$}), which the processor must escape in JavaPoet formats and javadoc; or, for
 * half of the variables, the name of a class that the compilation unit can see and that the
 * variable then obscures (JLS 6.4.2): {@code Double}, {@code String} and other classes of {@code
 * java.lang}, {@code Differentiable}, the runtime classes that companions name ({@code Tape},
 * {@code Arrays}, {@code Buffers}, ...); {@code Math} (and in programs over tensors {@code Tensor}
 * and {@code Losses}) where the variable's scope does not use that class as a qualifier; and for an
 * array whose {@code .length} the method reads, {@code Scale}, a nested class that the program then
 * declares, with a static field {@code length} ({@code Scale.length} must be the array's length,
 * not the field's 5: the bug fixed by 6d68fc7). Only where the program stays legal and means the
 * same: a class name goes only to a variable in whose scope the program does not use that class as
 * a qualifier, and names stay distinct within a method.
 *
 * <p>The decisions come from a stream of their own (see {@link ProgramGenerator}), so that a seed's
 * programs are those of earlier campaigns up to the names (the names in the comments of earlier
 * findings are the plain ones); {@code -Dadjoint.fuzz.plainNames=true} turns the renaming off,
 * {@code -Dadjoint.fuzz.names.oneIn=1} renames every name.
 */
final class NameDecorations {
  static final int DEFAULT_ONE_IN = 8;

  /** One name in this many is decorated. */
  private static final int ONE_IN = Integer.getInteger("adjoint.fuzz.names.oneIn", DEFAULT_ONE_IN);

  /** The class of the program that a local array of its name obscures. */
  static final String HELPER = "Scale";

  private static final String HELPER_TEXT =
      "\n"
          + "  /** Obscured by the arrays named Scale: Scale.length is an array's length, not 5. */\n"
          + "  static final class "
          + HELPER
          + " {\n"
          + "    static final int length = 5;\n"
          + "\n"
          + "    private "
          + HELPER
          + "() {}\n"
          + "  }\n";

  /**
   * Classes that every program can see, and that the programs never use as qualifiers; then the
   * runtime classes that the companions name by their simple names (the programs do not import
   * them), whose variables the companions must not read in their place (FuzzRegressionTest
   * .parametersNamedLikeTheCompanionsClasses). Not {@code Adjoint}, which {@link FuzzDetach} calls
   * after the names are chosen.
   */
  private static final List<String> CLASSES =
      List.of(
          "Double",
          "Integer",
          "Long",
          "Float",
          "Boolean",
          "Character",
          "Number",
          "String",
          "Object",
          "System",
          "Differentiable",
          "Tape",
          "Buffers",
          "Arrays",
          "Flat",
          "Derivatives",
          "JdkPullbacks");

  private final Random r;
  private final boolean tensors;
  private boolean helperUsed;

  NameDecorations(Random r, boolean tensors) {
    this.r = r;
    this.tensors = tensors;
  }

  /** The classes of the program that its new names obscure (to append to the class body). */
  String helperClasses() {
    return helperUsed ? HELPER_TEXT : "";
  }

  /** Renames some methods of {@code generated}, and some of their variables and labels. */
  void decorate(List<MethodInfo> generated) {
    Set<String> methodNames = new HashSet<>();
    for (MethodInfo m : generated) {
      methodNames.add(m.name);
    }
    Map<String, String> renamedMethods = new LinkedHashMap<>();
    for (MethodInfo m : generated) {
      if (r.nextInt(ONE_IN) == 0) {
        String name = dollar(m.name, methodNames);
        renamedMethods.put(m.name, name);
        m.name = name;
      }
    }
    for (MethodInfo m : generated) {
      // The declaration and the calls: a name followed by '('.
      m.text = replace(m.text, renamedMethods, true);
      decorateVariables(m);
    }
  }

  private void decorateVariables(MethodInfo m) {
    Set<String> taken = new HashSet<>();
    for (Param p : m.params) {
      taken.add(p.name());
    }
    taken.addAll(m.locals);
    taken.addAll(m.labels);
    String text = m.text;
    Map<String, String> renames = new LinkedHashMap<>();
    for (int i = 0; i < m.params.size(); i++) {
      Param p = m.params.get(i);
      if (r.nextInt(ONE_IN) != 0) {
        continue;
      }
      boolean array =
          p.type() == Ty.DOUBLE_ARRAY
              || p.type() == Ty.INT_ARRAY
              || p.type() == Ty.FLOAT_ARRAY
              || p.type() == Ty.DOUBLE_MATRIX;
      String name = decorated(p.name(), array, text, text, taken);
      renames.put(p.name(), name);
      m.params.set(i, new Param(p.type(), name, p.minLength(), p.shape()));
    }
    for (String local : m.locals) {
      if (r.nextInt(ONE_IN) != 0 || next(text, local, 0) < 0) {
        continue; // (some fresh names go unused)
      }
      // Declared as double[] v = ..., double[][] v = ... or var v = new double[...].
      boolean array =
          text.contains("[] " + local + " ") || text.contains("var " + local + " = new ");
      renames.put(local, decorated(local, array, scope(local, text), text, taken));
    }
    for (String label : m.labels) {
      if (r.nextInt(ONE_IN) == 0) {
        renames.put(label, dollar(label, taken));
      }
    }
    // Not a method's name: never followed by '(' (a local h3 beside the library's h3(...)).
    m.text = replace(text, renames, false);
  }

  /**
   * A new name for {@code name}: half the time the name of a class that it may obscure in {@code
   * scope} (the text where it is visible) within {@code method}, else (and when no class fits) with
   * a {@code $}.
   */
  private String decorated(
      String name, boolean array, String scope, String method, Set<String> taken) {
    if (r.nextBoolean()) {
      if (array && !taken.contains(HELPER) && mentions(scope, name, LENGTH) && r.nextBoolean()) {
        // The shape of the bug fixed by 6d68fc7: Scale.length read the class's field.
        helperUsed = true;
        taken.add(HELPER);
        return HELPER;
      }
      List<String> options = new ArrayList<>();
      for (String c : CLASSES) {
        if (!taken.contains(c) && !qualifies(c, scope)) {
          options.add(c);
        }
      }
      // Math (and in programs over tensors, Tensor and Losses) where the variable's scope does
      // not use the class as a qualifier; the method may call Math.sin(...) outside it, where the
      // companion must still call the class (FuzzRegressionTest.localNamedMathBesideMathCalls).
      // And Math not for a variable used as a qualifier itself: a tensor's t.max(...) would read
      // Math.max(...), which the reference replaces (ProgramGenerator.referenceText).
      for (String c : tensors ? List.of("Math", "Tensor", "Losses") : List.of("Math")) {
        if (!taken.contains(c)
            && !qualifies(c, scope)
            && !(c.equals("Math") && mentions(method, name, MEMBER_BUT_LENGTH))) {
          options.add(c);
        }
      }
      if (!options.isEmpty()) {
        String c = options.get(r.nextInt(options.size()));
        taken.add(c);
        return c;
      }
    }
    return dollar(name, taken);
  }

  /** {@code name} with a {@code $} appended, inserted or prepended, not in {@code taken}. */
  private String dollar(String name, Set<String> taken) {
    for (int attempt = 0; ; attempt++) {
      int at =
          switch (r.nextInt(3)) {
            case 0 -> name.length();
            case 1 -> 1 + r.nextInt(Math.max(1, name.length() - 1));
            default -> 0;
          };
      String d =
          attempt < 8
              ? name.substring(0, at) + "$" + name.substring(at)
              : name + "$".repeat(attempt);
      if (taken.add(d)) {
        return d;
      }
    }
  }

  /**
   * The lines where a local is visible, or more: from each line that mentions it outside the lines
   * found so far (a declaration: the generator declares a loop's index again in each sibling loop)
   * to the closing brace of the block that line is in (the first later line indented less that
   * starts with '}'; case labels of a switch, indented less, do not end a local's scope).
   */
  private static String scope(String local, String text) {
    StringBuilder out = new StringBuilder();
    for (int at = next(text, local, 0); at >= 0; ) {
      int start = text.lastIndexOf('\n', at) + 1;
      int indent = indentOf(text, start);
      int end = text.indexOf('\n', at);
      while (end >= 0 && end + 1 < text.length()) {
        int line = end + 1;
        end = text.indexOf('\n', line);
        if (indentOf(text, line) < indent && text.startsWith("}", line + indentOf(text, line))) {
          break;
        }
      }
      int stop = end < 0 ? text.length() : end + 1;
      out.append(text, start, stop);
      at = next(text, local, stop);
    }
    return out.toString();
  }

  private static int indentOf(String text, int lineStart) {
    int i = lineStart;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i - lineStart;
  }

  private static final Pattern QUALIFIER = Pattern.compile("\\s*\\.");
  private static final Pattern LENGTH = Pattern.compile("\\s*\\.\\s*length\\b");
  private static final Pattern MEMBER_BUT_LENGTH = Pattern.compile("\\s*\\.(?!\\s*length\\b)");

  /** Whether {@code text} uses class {@code c} as a qualifier ({@code c.f(...)}, {@code c.x}). */
  private static boolean qualifies(String c, String text) {
    return mentions(text, c, QUALIFIER);
  }

  /**
   * Whether {@code text} has {@code name} as a whole identifier (not a member, {@code .name})
   * followed by a match of {@code after}.
   */
  private static boolean mentions(String text, String name, Pattern after) {
    Matcher m = after.matcher(text);
    for (int at = next(text, name, 0); at >= 0; at = next(text, name, at + 1)) {
      if (m.region(at + name.length(), text.length()).lookingAt()) {
        return true;
      }
    }
    return false;
  }

  /** The next position from {@code from} where {@code name} is a whole identifier, or -1. */
  private static int next(String text, String name, int from) {
    for (int at = text.indexOf(name, from); at >= 0; at = text.indexOf(name, at + 1)) {
      int end = at + name.length();
      boolean startsToken =
          at == 0 || !partOfName(text.charAt(at - 1)) && text.charAt(at - 1) != '.';
      boolean endsToken = end == text.length() || !partOfName(text.charAt(end));
      if (startsToken && endsToken) {
        return at;
      }
    }
    return -1;
  }

  private static boolean partOfName(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static final Pattern IDENTIFIER = Pattern.compile("[\\w$]+");

  /**
   * Replaces each identifier of {@code text} that is a key of {@code renames} (not a member, {@code
   * .name}): those followed by '(' if {@code calls}, else those not followed by '('.
   */
  private static String replace(String text, Map<String, String> renames, boolean calls) {
    if (renames.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 64);
    Matcher m = IDENTIFIER.matcher(text);
    int last = 0;
    while (m.find()) {
      String renamed = renames.get(m.group());
      if (renamed == null || m.start() > 0 && text.charAt(m.start() - 1) == '.') {
        continue;
      }
      int after = m.end();
      while (after < text.length() && text.charAt(after) == ' ') {
        after++;
      }
      if ((after < text.length() && text.charAt(after) == '(') != calls) {
        continue;
      }
      out.append(text, last, m.start()).append(renamed);
      last = m.end();
    }
    return out.append(text, last, text.length()).toString();
  }
}
