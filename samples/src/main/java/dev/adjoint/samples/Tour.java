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
package dev.adjoint.samples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs the samples in order, or the ones named on the command line: {@code Tour survey cubic}. A
 * name is matched ignoring case, hyphens and underscores, so {@code control-flow} and {@code
 * ControlFlow} both work.
 */
public final class Tour {
  private Tour() {}

  /** One runnable sample, and the tutorial it comes from. */
  public record Sample(String name, String summary, String from, Consumer<PrintStream> body) {}

  /** The tutorials, as the list of samples names them. */
  static final String SURVEY = "survey";

  static final String KRASTANOV = "Krastanov";
  static final String PYTORCH = "PyTorch";
  static final String WHY = "What Is It";
  static final String TRAINER = "dev.adjoint.train";

  public static final List<Sample> SAMPLES =
      List.of(
          new Sample("survey", "ln x1 + x1 x2 - sin x2: traces, Hessian", SURVEY, Survey::run),
          new Sample(
              "finite-differences",
              "the error of (f(p+h) - f(p))/h against h",
              KRASTANOV,
              FiniteDifferences::run),
          new Sample(
              "expression-swell",
              "symbolic derivative vs. generated code",
              KRASTANOV,
              ExpressionSwell::run),
          new Sample(
              "forward-vs-reverse",
              "exp(tanh x); 3 x 5 Jacobian: 5 jvp or 3 vjp",
              KRASTANOV,
              ForwardVsReverse::run),
          new Sample(
              "classifier",
              "sigmoid(W.x): numerical vs. generated gradient",
              KRASTANOV,
              Classifier::run),
          new Sample("cubic", "d(x^3)/dx = 12 and d2(x^3)/dx2 = 12 at x = 2", PYTORCH, Cubic::run),
          new Sample(
              "control-flow",
              "2x.x, sum, seeded pullback, detach, loops",
              PYTORCH,
              ControlFlow::run),
          new Sample(
              "linear-regression",
              "x^2 by SGD; regression: by hand, generated",
              WHY,
              LinearRegression::run),
          new Sample(
              "dense-network",
              "Dense(10, relu) -> Dense(1): a record of tensors, Adam",
              WHY,
              DenseNetwork::run),
          new Sample(
              "training",
              "Trainer, metrics, checkpoint: spiral classifier",
              TRAINER,
              Training::run));

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the tour; returns 0, or 2 for an unknown sample name (after printing the usage). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<Sample> chosen;
    if (args.length == 0) {
      chosen = SAMPLES;
    } else {
      chosen = new java.util.ArrayList<>();
      for (String arg : args) {
        Sample sample = find(arg);
        if (sample == null) {
          err.println("Unknown sample '" + arg + "'.");
          usage(err);
          return 2;
        }
        chosen.add(sample);
      }
    }

    out.println("Adjoint: compile-time automatic differentiation (reverse and forward) for Java");
    if (chosen == SAMPLES) {
      out.println("The samples, in order. Run one alone by name: Tour survey");
      out.println(
          "(from the repository root: mvn -q -pl samples -am compile exec:java -Dexec.args=survey)");
      for (int i = 0; i < SAMPLES.size(); i++) {
        Sample s = SAMPLES.get(i);
        out.printf(Locale.ROOT, "  %d. %-19s %-47s %s%n", i + 1, s.name(), s.summary(), s.from());
      }
      out.println("Tutorials: survey = Baydin et al.'s survey; Krastanov = \"Intro to Automatic");
      out.println("Differentiation\"; PyTorch = the autograd notebook; What Is It = \"Automatic");
      out.println("Differentiation: What Is It and Why Do We Need It?\"");
      out.println("Charts (PNG) go to " + Charts.directory());
    }
    for (Sample sample : chosen) {
      out.println();
      sample.body().accept(out);
    }
    out.println();
    return 0;
  }

  /** The sample with this name, or null. */
  public static Sample find(String name) {
    String key = normalize(name);
    for (Sample s : SAMPLES) {
      if (normalize(s.name()).equals(key)) {
        return s;
      }
    }
    return null;
  }

  private static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  private static void usage(PrintStream err) {
    err.println("Usage: Tour [sample ...]   (no name: all samples, in this order)");
    for (Sample s : SAMPLES) {
      err.printf(Locale.ROOT, "  %-19s %s%n", s.name(), s.summary());
    }
  }
}
