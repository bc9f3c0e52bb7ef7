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

import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.Differentiable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks a hand-written program the way {@link GradientChecker} checks generated ones (for
 * shrinking a finding by hand): {@code -Dadjoint.fuzz.repro=/path/R.java} compiles the file (a
 * class in package {@code fuzz} with {@code @Differentiable} methods) with the processor, and
 * compares every method returning {@code double} with central differences of the same class
 * compiled without the annotations. {@code double[]} arguments have {@code
 * -Dadjoint.fuzz.repro.length=3} to 5 elements, {@code double[][]} arguments {@code
 * -Dadjoint.fuzz.repro.shape=2x3}. Skipped unless the property is set.
 */
class FuzzReproTest {
  /** The same from the command line (java -cp ... FuzzReproTest file.java [length] [shape]). */
  public static void main(String[] args) throws IOException {
    System.setProperty("adjoint.fuzz.repro", args[0]);
    if (args.length > 1) {
      System.setProperty("adjoint.fuzz.repro.length", args[1]);
    }
    if (args.length > 2) {
      System.setProperty("adjoint.fuzz.repro.shape", args[2]);
    }
    try {
      new FuzzReproTest().reproduce();
    } catch (AssertionError e) {
      System.exit(1);
    }
  }

  @Test
  void reproduce() throws IOException {
    String file = System.getProperty("adjoint.fuzz.repro", "");
    Assumptions.assumeFalse(file.isBlank(), "-Dadjoint.fuzz.repro=<file> not set");
    String source = Files.readString(Path.of(file));
    Matcher name = Pattern.compile("class\\s+(\\w+)").matcher(source);
    if (!name.find()) {
      fail("no class in " + file);
    }
    String simple = name.group(1);
    // The reference: no annotations, and detach, the staircases and max/min replaced by the
    // recording stand-ins of FuzzDetach, as in generated programs.
    String ref =
        ProgramGenerator.referenceText(
            source
                .replaceAll("@Differentiable(\\([^)]*\\))?", "")
                .replaceAll("\\b" + simple + "\\b", simple + "Ref")
                .replace("dev.adjoint.Adjoint.detach(", "Adjoint.detach(")
                .replace("Adjoint.detach(", "dev.adjoint.processor.fuzz.FuzzDetach.detach("));
    int length = Integer.getInteger("adjoint.fuzz.repro.length", 3);
    String[] shape = System.getProperty("adjoint.fuzz.repro.shape", "2x3").split("x");
    int[] matrix = {Integer.parseInt(shape[0]), Integer.parseInt(shape[1])};

    ProgramGenerator.Program probe =
        new ProgramGenerator.Program(1, simple, source, ref, List.of());
    FuzzCompiler.Outcome outcome = FuzzCompiler.compile(List.of(probe), true);
    if (!outcome.success()) {
      fail("does not compile with the processor:\n" + outcome.diagnostics());
    }
    List<ProgramGenerator.MethodInfo> methods = new ArrayList<>();
    try {
      Class<?> primal = Class.forName(probe.qualifiedName(), true, outcome.loader());
      for (Method m : primal.getDeclaredMethods()) {
        if (!Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
          continue;
        }
        ProgramGenerator.MethodInfo info = new ProgramGenerator.MethodInfo(m.getName());
        info.text = "";
        info.vectorValued = m.getReturnType() != double.class;
        for (java.lang.reflect.Parameter p : m.getParameters()) {
          Class<?> t = p.getType();
          info.params.add(
              t == double.class
                  ? new ProgramGenerator.Param(ProgramGenerator.Ty.DOUBLE, p.getName())
                  : t == int.class
                      ? new ProgramGenerator.Param(ProgramGenerator.Ty.INT, p.getName())
                      : t == boolean.class
                          ? new ProgramGenerator.Param(ProgramGenerator.Ty.BOOLEAN, p.getName())
                          : t == double[].class
                              ? new ProgramGenerator.Param(
                                  ProgramGenerator.Ty.DOUBLE_ARRAY, p.getName(), length)
                              : t == int[].class
                                  ? new ProgramGenerator.Param(
                                      ProgramGenerator.Ty.INT_ARRAY, p.getName(), 1)
                                  : t == long.class
                                      ? new ProgramGenerator.Param(
                                          ProgramGenerator.Ty.LONG, p.getName())
                                      : new ProgramGenerator.Param(
                                          ProgramGenerator.Ty.DOUBLE_MATRIX,
                                          p.getName(),
                                          matrix[0],
                                          matrix));
        }
        // A wrt subset: only those parameters are differentiated (GradientChecker follows it).
        Differentiable annotation = m.getAnnotation(Differentiable.class);
        if (annotation != null && annotation.wrt().length > 0) {
          List<String> named = List.of(annotation.wrt());
          info.wrt = new ArrayList<>();
          for (int i = 0; i < m.getParameterCount(); i++) {
            if (named.contains(m.getParameters()[i].getName())) {
              info.wrt.add(i);
            }
          }
        }
        methods.add(info);
      }
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    ProgramGenerator.Program program =
        new ProgramGenerator.Program(
            Long.getLong("adjoint.fuzz.seed", 1), simple, source, ref, methods);
    List<GradientChecker.Finding> findings = new GradientChecker().check(program, outcome.loader());
    StringBuilder out = new StringBuilder();
    for (GradientChecker.Finding f : findings) {
      out.append("==== ")
          .append(f.method() == null ? "<program>" : f.method().name)
          .append('\n')
          .append(f.problem())
          .append('\n');
    }
    System.out.println(findings.isEmpty() ? "repro: no mismatch" : "repro:\n" + out);
    if (!findings.isEmpty()) {
      fail(out.toString());
    }
  }
}
