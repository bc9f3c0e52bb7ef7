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
package dev.adjoint.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.PullbackOf;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every pullback declared {@code readsArguments = false} gives the same value, bit for bit, with
 * its arguments replaced by zero (what generated code passes) or NaN, at points across each
 * function's domain: the declaration is true of the code.
 */
class ReadsArgumentsTest {
  @Test
  void pullbacksThatDeclareTheyReadNoArgumentReadNone() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Method m : JdkPullbacks.class.getDeclaredMethods()) {
      PullbackOf[] declarations = m.getAnnotationsByType(PullbackOf.class);
      if (declarations.length == 0
          || declarations[0].readsArguments()
          || !Modifier.isPublic(m.getModifiers())) {
        continue;
      }
      // Those declared so take (a, result, seed).
      assertEquals(3, m.getParameterCount(), m.getName());
      Method original = Math.class.getMethod(declarations[0].method(), double.class);
      for (double a : new double[] {-3.5, -1, -0.25, 0.1, 0.5, 2, 7.25}) {
        double result = (double) original.invoke(null, a);
        if (!Double.isFinite(result)) {
          continue;
        }
        for (double seed : new double[] {1, -0.3, 2.5}) {
          double expected = (double) m.invoke(null, a, result, seed);
          assertEquals(expected, (double) m.invoke(null, 0.0, result, seed), 0.0, m.getName());
          assertEquals(expected, (double) m.invoke(null, Double.NaN, result, seed), 0.0);
        }
      }
      for (PullbackOf d : declarations) {
        assertTrue(!d.readsArguments(), m.getName() + ": every declaration says the same");
      }
      checked.add(m.getName());
    }
    assertEquals(
        List.of("cbrt", "exp", "expm1", "sqrt", "tan", "tanh"), checked.stream().sorted().toList());
  }
}
