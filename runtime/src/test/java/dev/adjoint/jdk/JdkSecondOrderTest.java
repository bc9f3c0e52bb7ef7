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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.PullbackOf;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdkSecondOrderTest {
  /** Seeds of the first-order pullbacks and of the second-order rules. */
  private static final double[] SEEDS = {0.8, -1.3};

  private static final double[] SEEDS2 = {1.7, -0.6};

  /**
   * Points inside each Math function's domain, away from its non-smooth points (kinks, ties,
   * integers for floor/ceil/rint, the origin, base or exponent 0 or 1 for pow), by name.
   */
  private static final Map<String, double[][]> POINTS = new HashMap<>();

  static {
    double[][] anywhere = {{-1.3}, {0.4}, {2.2}};
    for (String f :
        List.of(
            "sin", "cos", "tan", "atan", "sinh", "cosh", "tanh", "exp", "expm1", "cbrt", "abs",
            "signum", "floor", "ceil", "rint")) {
      POINTS.put(f, anywhere);
    }
    double[][] unit = {{-0.6}, {0.1}, {0.7}};
    POINTS.put("asin", unit);
    POINTS.put("acos", unit);
    double[][] positive = {{0.3}, {1.7}, {12.5}};
    POINTS.put("log", positive);
    POINTS.put("log10", positive);
    POINTS.put("sqrt", positive);
    POINTS.put("log1p", new double[][] {{-0.5}, {0.3}, {4.0}});
    POINTS.put("pow", new double[][] {{1.5, 2.3}, {0.7, -1.4}, {3.0, 0.5}, {2.0, 3.0}});
    POINTS.put("hypot", new double[][] {{3.0, -4.0}, {-0.5, 1.2}, {2.0, 0.3}});
    POINTS.put("atan2", new double[][] {{1.0, 2.0}, {-0.7, 0.4}, {2.5, -1.5}});
    double[][] distinct = {{1.0, 2.5}, {-0.3, -1.7}, {4.0, 3.5}};
    POINTS.put("max", distinct);
    POINTS.put("min", distinct);
    POINTS.put("fma", new double[][] {{1.5, -2.0, 0.7}, {-0.3, 0.8, 2.0}});
  }

  /** The pullbacks of JdkPullbacks: its public static methods. */
  private static List<Method> pullbacks() {
    List<Method> out = new ArrayList<>();
    for (Method m : JdkPullbacks.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
        out.add(m);
      }
    }
    return out;
  }

  private static final class Rule {
    final Method method;
    final PullbackOf of;

    Rule(Method method, PullbackOf of) {
      this.method = method;
      this.of = of;
    }
  }

  /** Every @PullbackOf(type = JdkPullbacks.class) declaration in JdkSecondOrder. */
  private static List<Rule> rules() {
    List<Rule> out = new ArrayList<>();
    for (Method m : JdkSecondOrder.class.getDeclaredMethods()) {
      for (PullbackOf of : m.getAnnotationsByType(PullbackOf.class)) {
        if (of.type() == JdkPullbacks.class) {
          out.add(new Rule(m, of));
        }
      }
    }
    return out;
  }

  private static Method target(Rule rule) {
    Method found = null;
    for (Method p : pullbacks()) {
      if (p.getName().equals(rule.of.method())) {
        assertTrue(found == null, "JdkPullbacks overloads " + p.getName());
        found = p;
      }
    }
    assertNotNull(found, rule.method + " names no method of JdkPullbacks: " + rule.of.method());
    return found;
  }

  private static int wrtIndex(Method target, String wrt) {
    Parameter[] ps = target.getParameters();
    for (int i = 0; i < ps.length; i++) {
      if (ps[i].getName().equals(wrt)) {
        return i;
      }
    }
    try {
      return Integer.parseInt(wrt);
    } catch (NumberFormatException e) {
      return fail(target.getName() + " has no parameter " + wrt);
    }
  }

  private static double call(Method m, double... args) {
    Object[] boxed = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      boxed[i] = args[i];
    }
    try {
      return (double) m.invoke(null, boxed);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError(m + " " + Arrays.toString(args), e);
    }
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  @Test
  void jdkPullbacksTakeAndReturnOnlyDoublesWithNamedParameters() {
    for (Method p : pullbacks()) {
      assertEquals(double.class, p.getReturnType(), p.toString());
      for (Parameter q : p.getParameters()) {
        assertEquals(double.class, q.getType(), p + " " + q);
        assertTrue(q.isNamePresent(), "compiled without parameter names: " + p);
      }
      assertEquals("seed", p.getParameters()[p.getParameterCount() - 1].getName(), p.toString());
    }
  }

  @Test
  void everyPullbackHasARuleForEveryParameter() {
    Map<String, Integer> count = new HashMap<>();
    for (Rule r : rules()) {
      count.merge(r.of.method() + "/" + r.of.wrt(), 1, Integer::sum);
    }
    List<String> missing = new ArrayList<>();
    int expected = 0;
    for (Method p : pullbacks()) {
      for (Parameter q : p.getParameters()) {
        expected++;
        String key = p.getName() + "/" + q.getName();
        Integer n = count.get(key);
        if (n == null) {
          missing.add(key);
        } else {
          assertEquals(1, n, "several rules for " + key);
        }
      }
    }
    assertTrue(missing.isEmpty(), "JdkSecondOrder has no rule for " + missing);
    assertEquals(expected, rules().size(), "rules for no parameter of JdkPullbacks");
  }

  @Test
  void everyRuleNamesAPullbackAndTakesItsParametersThenTheSeed() {
    for (Rule r : rules()) {
      Method m = r.method;
      Method p = target(r);
      assertTrue(
          Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()),
          m + " is not public static");
      assertEquals(double.class, m.getReturnType(), m.toString());
      Parameter[] want = p.getParameters();
      Parameter[] got = m.getParameters();
      assertEquals(want.length + 1, got.length, m.toString());
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i].getType(), got[i].getType(), m + " parameter " + i);
        assertEquals(want[i].getName(), got[i].getName(), m + " parameter " + i);
      }
      assertEquals(double.class, got[want.length].getType(), m.toString());
      assertEquals("seed2", got[want.length].getName(), m.toString());
      assertEquals(p.getName() + capitalized(r.of.wrt()), m.getName(), "naming of " + m);
      wrtIndex(p, r.of.wrt());
    }
  }

  /** The Math method a JdkPullbacks pullback is declared for. */
  private static Method original(Method p) {
    for (PullbackOf of : p.getAnnotationsByType(PullbackOf.class)) {
      if (of.type() == Math.class) {
        for (Method m : Math.class.getMethods()) {
          int n = m.getParameterCount();
          if (m.getName().equals(of.method())
              && (n == p.getParameterCount() - 1 || n == p.getParameterCount() - 2)
              && Arrays.stream(m.getParameterTypes()).allMatch(t -> t == double.class)
              && m.getReturnType() == double.class) {
            return m;
          }
        }
      }
    }
    return fail("no Math method for " + p);
  }

  @Test
  void everyRuleMatchesCentralDifferencesOfItsPullback() {
    int checked = 0;
    for (Rule r : rules()) {
      Method p = target(r);
      int wrt = wrtIndex(p, r.of.wrt());
      Method original = original(p);
      int arity = original.getParameterCount();
      boolean takesResult = p.getParameterCount() == arity + 2;
      double[][] points = POINTS.get(original.getName());
      assertNotNull(points, "no test points for Math." + original.getName());
      for (double[] x : points) {
        double result = call(original, x);
        for (double seed : SEEDS) {
          double[] args = Arrays.copyOf(x, p.getParameterCount());
          if (takesResult) {
            args[arity] = result;
          }
          args[args.length - 1] = seed;
          for (double seed2 : SEEDS2) {
            double[] ruleArgs = Arrays.copyOf(args, args.length + 1);
            ruleArgs[args.length] = seed2;
            double got = call(r.method, ruleArgs);
            double v = args[wrt];
            double h = 1e-6 * Math.max(1.0, Math.abs(v));
            double[] up = args.clone();
            double[] down = args.clone();
            up[wrt] = v + h;
            down[wrt] = v - h;
            double fd = seed2 * (call(p, up) - call(p, down)) / (up[wrt] - down[wrt]);
            double center = Math.abs(call(p, args));
            double tol =
                1e-6 * Math.max(Math.abs(got), Math.abs(fd))
                    + 1e-8 * Math.abs(seed2) * (1.0 + center) / Math.max(1.0, Math.abs(v));
            if (!(Math.abs(got - fd) <= tol)) {
              fail(
                  String.format(
                      "%s at %s: rule %.12g, central difference %.12g",
                      r.method.getName(), Arrays.toString(ruleArgs), got, fd));
            }
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 500, "checked " + checked);
  }

  @Test
  void seedRulesAreThePullbacksWithTheNewSeed() {
    assertEquals(JdkPullbacks.sin(0.3, 1.7), JdkSecondOrder.sinSeed(0.3, -2.0, 1.7));
    assertEquals(
        JdkPullbacks.powA(1.5, 2.5, Math.pow(1.5, 2.5), 0.25),
        JdkSecondOrder.powASeed(1.5, 2.5, Math.pow(1.5, 2.5), 9.0, 0.25));
  }

  @Test
  void resultIsAnIndependentParameter() {
    // tan(a, result, seed) = seed (1 + result²): nothing in a, 2 seed result in result.
    assertEquals(0.0, JdkSecondOrder.tanA(0.4, 2.0, 3.0, 1.0));
    assertEquals(2.0 * 3.0 * 2.0 * 0.5, JdkSecondOrder.tanResult(0.4, 2.0, 3.0, 0.5));
    assertEquals(0.0, JdkSecondOrder.powAResult(1.5, 2.0, 2.25, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.powBB(1.5, 2.0, 2.25, 1.0, 1.0));
  }

  @Test
  void conventionPointsGiveZero() {
    assertEquals(0.0, JdkSecondOrder.absA(0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.maxAA(1.0, 1.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.maxAB(1.0, 1.0, 1.0, 1.0));
    assertEquals(0.5, JdkSecondOrder.maxASeed(1.0, 1.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.minBA(1.0, 1.0, 1.0, 1.0));
    // pow: exponent 0 (powA is 0 for every a), exponent 1 (powA is seed for every a), base 0.
    assertEquals(0.0, JdkSecondOrder.powAA(0.0, 0.0, 1.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.powAA(2.0, 0.0, 1.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.powAA(0.0, 1.0, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.powAB(0.0, 0.0, 1.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.powAB(0.0, 2.5, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.powBA(0.0, 2.5, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.powBResult(0.0, 2.5, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.hypotXX(0.0, 0.0, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.hypotYResult(0.0, 0.0, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.atan2YY(0.0, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.atan2YX(0.0, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.atan2XX(0.0, 0.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.floorA(2.0, 1.0, 1.0));
    assertEquals(0.0, JdkSecondOrder.rintSeed(2.5, 1.0, 1.0));
  }

  @Test
  void powAtExponentZeroWithAPositiveBaseIsTheTruePartial() {
    // powA(a, b, _, seed) = seed b a^(b-1) is smooth in b at b = 0 when a != 0: d/db = seed / a.
    assertEquals(2.0 * 3.0 / 4.0, JdkSecondOrder.powAB(4.0, 0.0, 1.0, 3.0, 2.0), 1e-15);
    double h = 1e-6;
    double fd =
        (JdkPullbacks.powA(4.0, h, Math.pow(4.0, h), 3.0)
                - JdkPullbacks.powA(4.0, -h, Math.pow(4.0, -h), 3.0))
            / (2 * h);
    assertEquals(3.0 / 4.0, fd, 1e-8);
  }
}
