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

  /** One runnable sample. */
  public record Sample(String name, String summary, Consumer<PrintStream> body) {}

  public static final List<Sample> SAMPLES =
      List.of(
          new Sample("survey", "ln(x1) + x1*x2 - sin(x2): both partials in one reverse sweep", Survey::run),
          new Sample("why-autodiff", "finite differences vs. symbolic vs. automatic", WhyAutodiff::run),
          new Sample("cubic", "d(x^2)/dx = 4 and d(x^3)/dx = 12 at x = 2", Cubic::run),
          new Sample("control-flow", "accumulation, detach, loops and branches", ControlFlow::run),
          new Sample("linear-regression", "gradient descent: by hand, generated, Sgd", LinearRegression::run));

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

    out.println("Adjoint: compile-time reverse-mode automatic differentiation for Java");
    if (chosen == SAMPLES) {
      out.println("The samples, in order. Run one alone by name: Tour survey");
      out.println("(from the repository root: mvn -q compile exec:java -Dexec.args=survey)");
      for (int i = 0; i < SAMPLES.size(); i++) {
        Sample s = SAMPLES.get(i);
        out.printf(Locale.ROOT, "  %d. %-18s %s%n", i + 1, s.name(), s.summary());
      }
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
      err.printf(Locale.ROOT, "  %-18s %s%n", s.name(), s.summary());
    }
  }
}
