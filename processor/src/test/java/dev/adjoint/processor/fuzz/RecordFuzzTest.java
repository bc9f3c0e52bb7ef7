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

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tape;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzzers' programs with their parameters wrapped into records: for a random scalar method
 * {@code f} of each generated program (over doubles, and over arrays), a record {@code R} of its
 * {@code double} and {@code double[]} parameters (and of its first {@code int}, as data) whose
 * instance method {@code call(<the other parameters>)} returns {@code f(...)}, reading the
 * components as fields, accessors and {@code this.x} in turn. The record's gradient and its forward
 * mode along a random record must agree with {@code f}'s own ({@code fGradient}, {@code fJvp},
 * which the fuzz campaigns check against finite differences) to 1e-12 relative: the record forms
 * are a flattening, not another derivative.
 */
@Timeout(value = 1800, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecordFuzzTest {
  /**
   * {@code -Dadjoint.fuzz.records.seed} and {@code -Dadjoint.fuzz.records.count} for a campaign.
   */
  static final long SEED = Long.getLong("adjoint.fuzz.records.seed", 20_261_203L);

  static final int SCALAR_PROGRAMS = Integer.getInteger("adjoint.fuzz.records.count", 30);
  static final int ARRAY_PROGRAMS = SCALAR_PROGRAMS;

  private record Wrapped(
      ProgramGenerator.Program program,
      ProgramGenerator.MethodInfo method,
      String record,
      List<Integer> inRecord) {}

  @Test
  void recordFormsAgreeWithTheFlatForms() throws Exception {
    List<ProgramGenerator.Program> programs = new ArrayList<>();
    for (int i = 0; i < SCALAR_PROGRAMS; i++) {
      programs.add(ProgramGenerator.program(SEED, i));
    }
    for (int i = 0; i < ARRAY_PROGRAMS; i++) {
      programs.add(ProgramGenerator.arrayProgram(SEED, i));
    }
    Random rng = new Random(SEED);
    Map<String, String> sources = new LinkedHashMap<>();
    List<Wrapped> wrapped = new ArrayList<>();
    for (ProgramGenerator.Program p : programs) {
      List<ProgramGenerator.MethodInfo> eligible = new ArrayList<>();
      for (ProgramGenerator.MethodInfo m : p.methods()) {
        boolean differentiable =
            m.params.stream()
                .anyMatch(
                    q ->
                        q.type() == ProgramGenerator.Ty.DOUBLE
                            || q.type() == ProgramGenerator.Ty.DOUBLE_ARRAY);
        if (!m.vectorValued && differentiable && !m.text.contains("wrt")) {
          eligible.add(m);
        }
      }
      if (eligible.isEmpty()) {
        continue;
      }
      ProgramGenerator.MethodInfo m = eligible.get(rng.nextInt(eligible.size()));
      String name = "R" + p.simpleName();
      List<Integer> inRecord = new ArrayList<>();
      boolean intTaken = false;
      for (int k = 0; k < m.params.size(); k++) {
        ProgramGenerator.Ty t = m.params.get(k).type();
        if (t == ProgramGenerator.Ty.DOUBLE
            || t == ProgramGenerator.Ty.DOUBLE_ARRAY
            || (t == ProgramGenerator.Ty.INT && !intTaken)) {
          intTaken |= t == ProgramGenerator.Ty.INT;
          inRecord.add(k);
        }
      }
      StringBuilder components = new StringBuilder();
      StringBuilder others = new StringBuilder();
      StringBuilder args = new StringBuilder();
      for (int k = 0; k < m.params.size(); k++) {
        ProgramGenerator.Param q = m.params.get(k);
        String type =
            q.type() == ProgramGenerator.Ty.TENSOR ? "dev.adjoint.tensor.Tensor" : q.type().java;
        if (inRecord.contains(k)) {
          components
              .append(components.length() == 0 ? "" : ", ")
              .append(type)
              .append(' ')
              .append(q.name());
          int form = inRecord.indexOf(k) % 3;
          args.append(form == 0 ? q.name() : form == 1 ? q.name() + "()" : "this." + q.name());
        } else {
          others.append(others.length() == 0 ? "" : ", ").append(type).append(' ').append(q.name());
          args.append(q.name());
        }
        args.append(k < m.params.size() - 1 ? ", " : "");
      }
      sources.put(
          "fuzz." + name,
          "package fuzz;\n\nimport dev.adjoint.Differentiable;\n\nrecord "
              + name
              + "("
              + components
              + ") {\n  @Differentiable(wrt = \"this\")\n  double call("
              + others
              + ") {\n    return "
              + p.simpleName()
              + "."
              + m.name
              + "("
              + args
              + ");\n  }\n}\n");
      wrapped.add(new Wrapped(p, m, name, inRecord));
    }
    FuzzCompiler.Outcome outcome = FuzzCompiler.compileWith(programs, sources);
    assertTrue(outcome.success(), outcome::diagnostics);
    int compared = 0;
    List<String> problems = new ArrayList<>();
    for (Wrapped w : wrapped) {
      ClassLoader loader = outcome.loader();
      Class<?> flat = loader.loadClass(w.program().qualifiedName() + "Adjoint");
      Class<?> record = loader.loadClass("fuzz." + w.record());
      Class<?> companion = loader.loadClass("fuzz." + w.record() + "Adjoint");
      Class<?>[] types = w.method().javaTypes();
      Method fGradient = flat.getMethod(w.method().name + "Gradient", types);
      Method fJvp = null;
      for (Method c : flat.getMethods()) {
        if (c.getName().equals(w.method().name + "Jvp")
            && c.getParameterCount() > types.length
            && c.getParameterTypes()[0] == (types.length == 0 ? null : types[0])) {
          fJvp = c;
        }
      }
      Method callGradient = null;
      Method callJvp = null;
      for (Method c : companion.getMethods()) {
        if (c.getName().equals("callGradient")) {
          callGradient = c;
        }
        if (c.getName().equals("callJvp") && c.getParameterTypes()[0] == record) {
          callJvp = c;
        }
      }
      var ctor = record.getDeclaredConstructors()[0];
      ctor.setAccessible(true);
      for (int point = 0; point < 3; point++) {
        Object[] args =
            GradientChecker.point(w.method(), new Random(SEED + 31L * compared + point));
        Object[] dir = GradientChecker.point(w.method(), new Random(SEED - 17L * compared - point));
        Object[] recordArgs = new Object[w.inRecord().size()];
        Object[] dirArgs = new Object[w.inRecord().size()];
        List<Object> others = new ArrayList<>();
        for (int k = 0; k < args.length; k++) {
          int at = w.inRecord().indexOf(k);
          if (at >= 0) {
            recordArgs[at] = args[k];
            dirArgs[at] = sameShape(dir[k], args[k]);
          } else {
            others.add(args[k]);
          }
        }
        Object r = ctor.newInstance(recordArgs);
        Object rDot = ctor.newInstance(dirArgs);
        String where = w.record() + " point " + point;
        try {
          Object expected = fGradient.invoke(null, GradientChecker.deepCopy(args));
          List<Object> callArgs = new ArrayList<>(List.of(r));
          callArgs.addAll(others);
          Object got = callGradient.invoke(null, callArgs.toArray());
          compare(
              problems, where + " value", component(expected, "value"), component(got, "value"));
          Object self = component(got, "self");
          for (RecordComponent c : expected.getClass().getRecordComponents()) {
            if (!c.getName().equals("value")) {
              compare(
                  problems,
                  where + " d/d" + c.getName(),
                  component(expected, c.getName()),
                  component(self, c.getName()));
            }
          }
          if (fJvp != null && callJvp != null) {
            List<Object> jvpArgs = new ArrayList<>(List.of(GradientChecker.deepCopy(args)));
            for (int k = 0; k < args.length; k++) {
              ProgramGenerator.Ty t = w.method().params.get(k).type();
              if (t == ProgramGenerator.Ty.DOUBLE || t == ProgramGenerator.Ty.DOUBLE_ARRAY) {
                jvpArgs.add(sameShape(dir[k], args[k]));
              }
            }
            List<Object> recordJvpArgs = new ArrayList<>(callArgs);
            recordJvpArgs.add(rDot);
            Object e = fJvp.invoke(null, jvpArgs.toArray());
            Object g = callJvp.invoke(null, recordJvpArgs.toArray());
            compare(problems, where + " tangent", component(e, "tangent"), component(g, "tangent"));
          }
        } catch (java.lang.reflect.InvocationTargetException e) {
          problems.add(where + ": threw " + e.getCause());
        }
        if (Tape.get().size() != 0) {
          problems.add(where + ": tape left with " + Tape.get().size() + " values");
        }
      }
      compared++;
    }
    assertTrue(compared >= 30, "only " + compared + " programs had a method to wrap");
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems) + "\n" + sources);
  }

  /** A direction of the argument's shape: the random direction's values, resized. */
  private static Object sameShape(Object direction, Object like) {
    if (like instanceof double[] a) {
      double[] d = new double[a.length];
      double[] from = (double[]) direction;
      for (int i = 0; i < d.length; i++) {
        d[i] = i < from.length ? from[i] : 0.5;
      }
      return d;
    }
    return direction;
  }

  private static Object component(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        var accessor = c.getAccessor();
        accessor.setAccessible(true);
        return accessor.invoke(record);
      }
    }
    throw new AssertionError(record.getClass() + " has no component " + name);
  }

  private static void compare(List<String> problems, String what, Object expected, Object got) {
    double[] e = expected instanceof double[] a ? a : new double[] {(Double) expected};
    double[] g = got instanceof double[] a ? a : new double[] {(Double) got};
    if (e.length != g.length) {
      problems.add(what + ": lengths " + e.length + " and " + g.length);
      return;
    }
    for (int i = 0; i < e.length; i++) {
      boolean same =
          Double.compare(e[i], g[i]) == 0
              || Math.abs(e[i] - g[i]) <= 1e-12 * Math.max(1, Math.abs(e[i]));
      if (!same) {
        problems.add(what + "[" + i + "]: " + e[i] + " (flat) vs " + g[i] + " (record)");
      }
    }
  }
}
