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
package dev.adjoint.train;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Progress output for a {@link Trainer} (a {@link Callback}), in one of two forms:
 *
 * <ul>
 *   <li>a {@linkplain #bar bar} for a terminal: one line, redrawn in place with a carriage return
 *       at most ten times a second, with the epoch, the step, the batch loss and the epoch's mean
 *       loss, the throughput (steps, "it/s" as tqdm says, and examples per second) and the time
 *       elapsed and left (tqdm's {@code 00:12<00:15}); evaluations are printed on lines of their
 *       own above it;
 *   <li>{@linkplain #lines plain lines} for logs and CI, where a carriage return would only pile up
 *       text: the same figures, one line every interval (of time or of steps), at each evaluation
 *       and at the end.
 * </ul>
 *
 * <p>{@link #auto()} picks the bar when the JVM runs in a terminal ({@link System#console()} is not
 * null and, on JDK 22 and later, {@code Console.isTerminal()}), else lines every 10 seconds. The
 * system property {@code adjoint.progress} overrides the choice: {@code bar}, {@code lines} (or
 * {@code plain}) or {@code none}. Times come from the trainer's clock. Text goes to {@code
 * System.err} unless a stream is given (standard output stays free for the program's results).
 */
public final class Progress implements Callback {
  /**
   * The system property that forces a form: {@code bar}, {@code lines}, {@code plain}, {@code
   * none}.
   */
  public static final String PROPERTY = "adjoint.progress";

  private static final long BAR_INTERVAL_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 30;

  private enum Form {
    BAR,
    LINES,
    NONE
  }

  private final Form form;
  private final PrintStream out;
  private final long everyNanos;
  private final long everySteps;

  private long lastPrintNanos;
  private int lastWidth;
  private int epochOfSum = -1;
  private double epochLossSum;
  private long epochLossCount;

  private Progress(Form form, PrintStream out, long everyNanos, long everySteps) {
    this.form = form;
    this.out = out;
    this.everyNanos = everyNanos;
    this.everySteps = everySteps;
  }

  /**
   * A bar on {@code out} (redrawn in place; for a terminal).
   *
   * @param out the stream drawn on, usually {@code System.err}
   * @return the progress output
   */
  public static Progress bar(PrintStream out) {
    return new Progress(Form.BAR, Objects.requireNonNull(out, "out"), BAR_INTERVAL_NANOS, 0);
  }

  /**
   * A plain line on {@code out} at most once per {@code every} (and at evaluations and the end).
   *
   * @param out the stream written to
   * @param every the least time between two lines
   * @return the progress output
   * @throws IllegalArgumentException if {@code every} is negative
   */
  public static Progress lines(PrintStream out, Duration every) {
    if (every.isNegative()) {
      throw new IllegalArgumentException("negative interval: " + every);
    }
    return new Progress(Form.LINES, Objects.requireNonNull(out, "out"), every.toNanos(), 0);
  }

  /**
   * A plain line on {@code out} every {@code steps} steps (and at evaluations and the end).
   *
   * @param out the stream written to
   * @param steps the number of steps between two lines, 1 or more
   * @return the progress output
   * @throws IllegalArgumentException if {@code steps < 1}
   */
  public static Progress linesEverySteps(PrintStream out, long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    return new Progress(Form.LINES, Objects.requireNonNull(out, "out"), 0, steps);
  }

  /**
   * No output.
   *
   * @return the progress output that prints nothing
   */
  public static Progress none() {
    return new Progress(Form.NONE, null, 0, 0);
  }

  /**
   * {@link #auto(PrintStream)} on {@code System.err}.
   *
   * @return the progress output
   */
  public static Progress auto() {
    return auto(System.err);
  }

  /**
   * A bar on a terminal, else lines every 10 seconds; the property {@value #PROPERTY} ({@code bar},
   * {@code lines}/{@code plain}, {@code none}) overrides.
   *
   * @param out the stream written to
   * @return the progress output
   * @throws IllegalArgumentException if the property has another value
   */
  public static Progress auto(PrintStream out) {
    String forced = System.getProperty(PROPERTY);
    if (forced != null && !forced.isBlank()) {
      switch (forced.trim().toLowerCase(Locale.ROOT)) {
        case "bar":
          return bar(out);
        case "lines":
        case "plain":
          return lines(out, Duration.ofSeconds(10));
        case "none":
          return none();
        default:
          throw new IllegalArgumentException(
              "-D" + PROPERTY + "=" + forced + ": expected bar, lines, plain or none");
      }
    }
    return isTerminal() ? bar(out) : lines(out, Duration.ofSeconds(10));
  }

  /**
   * Whether the JVM's standard streams are a terminal: {@code System.console() != null}, and on JDK
   * 22 and later (where a console exists also when redirected) {@code Console.isTerminal()}.
   *
   * @return whether output goes to a terminal
   */
  public static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 17 to 21: a console exists only on a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void onTrainStart(TrainState state) {
    lastPrintNanos = state.startNanos;
    lastWidth = 0;
    if (form == Form.LINES && state.step() > 0) {
      out.println(
          "resuming at step "
              + state.step()
              + "/"
              + state.totalSteps()
              + " (epoch "
              + (state.step() / state.stepsPerEpoch() + 1)
              + "/"
              + state.epochs()
              + ")");
    }
  }

  @Override
  public void onStepEnd(TrainState state) {
    if (form == Form.NONE) {
      return;
    }
    int epoch = state.epoch();
    if (epoch != epochOfSum) {
      epochOfSum = epoch;
      epochLossSum = 0;
      epochLossCount = 0;
    }
    if (!Double.isNaN(state.loss())) {
      epochLossSum += state.loss();
      epochLossCount++;
    }
    boolean last = state.step() == state.totalSteps();
    if (form == Form.BAR) {
      if (last || state.nowNanos - lastPrintNanos >= everyNanos || state.stepsThisRun() == 1) {
        drawBar(state);
      }
    } else if (everySteps > 0
        ? state.step() % everySteps == 0
        : state.nowNanos - lastPrintNanos >= everyNanos) {
      out.println(line(state));
      lastPrintNanos = state.nowNanos;
    }
  }

  @Override
  public void onEvaluation(TrainState state, Map<String, Double> metrics) {
    if (form == Form.NONE) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("step ")
        .append(state.step())
        .append(" (epoch ")
        .append(state.epoch() + 1)
        .append("):");
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      sb.append(' ').append(e.getKey()).append(' ').append(number(e.getValue()));
    }
    if (form == Form.BAR) {
      clearBar();
      out.println(sb);
      drawBar(state);
    } else {
      out.println(sb);
    }
  }

  @Override
  public void onTrainEnd(TrainState state) {
    if (form == Form.NONE) {
      return;
    }
    if (form == Form.BAR) {
      if (state.stepsThisRun() > 0) {
        drawBar(state);
      }
      out.println();
    } else {
      double seconds = state.elapsedNanos() / 1e9;
      out.println(
          "done: step "
              + state.step()
              + "/"
              + state.totalSteps()
              + ", "
              + state.stepsThisRun()
              + " steps in "
              + time(seconds)
              + " ("
              + rate(state.stepsThisRun(), seconds)
              + " it/s), last loss "
              + number(state.loss()));
    }
    out.flush();
  }

  private void drawBar(TrainState state) {
    double fraction = (double) state.step() / state.totalSteps();
    int filled = (int) Math.floor(fraction * BAR_WIDTH);
    StringBuilder bar = new StringBuilder(BAR_WIDTH);
    for (int i = 0; i < BAR_WIDTH; i++) {
      bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    if (filled >= BAR_WIDTH) {
      bar.setCharAt(BAR_WIDTH - 1, '=');
    }
    double seconds = state.elapsedNanos() / 1e9;
    String text =
        String.format(
            Locale.ROOT,
            "epoch %d/%d [%s] %3d%% %d/%d loss %s (mean %s) %s",
            state.epoch() + 1,
            state.epochs(),
            bar,
            (int) Math.floor(100 * fraction),
            state.step(),
            state.totalSteps(),
            number(state.loss()),
            number(epochMean()),
            speed(state, seconds));
    int pad = Math.max(0, lastWidth - text.length());
    out.print("\r" + text + " ".repeat(pad));
    out.flush();
    lastWidth = text.length();
    lastPrintNanos = state.nowNanos;
  }

  private void clearBar() {
    if (lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
  }

  /** The plain line for {@code state}. */
  String line(TrainState state) {
    double seconds = state.elapsedNanos() / 1e9;
    return String.format(
        Locale.ROOT,
        "epoch %d/%d step %d/%d %d%% loss %s mean %s lr %s %s",
        state.epoch() + 1,
        state.epochs(),
        state.step(),
        state.totalSteps(),
        (int) Math.floor(100.0 * state.step() / state.totalSteps()),
        number(state.loss()),
        number(epochMean()),
        learningRate(state.learningRate()),
        speed(state, seconds));
  }

  private double epochMean() {
    return epochLossCount == 0 ? Double.NaN : epochLossSum / epochLossCount;
  }

  private static String speed(TrainState state, double seconds) {
    long steps = state.stepsThisRun();
    String left;
    if (steps == 0 || seconds <= 0) {
      left = "?";
    } else {
      left = time((state.totalSteps() - state.step()) * seconds / steps);
    }
    return rate(steps, seconds)
        + " it/s "
        + rate(state.examplesThisRun(), seconds)
        + " ex/s "
        + time(seconds)
        + "<"
        + left;
  }

  static String rate(long count, double seconds) {
    if (seconds <= 0) {
      return "?";
    }
    double r = count / seconds;
    if (r < 1e4) {
      return r >= 100
          ? String.format(Locale.ROOT, "%.0f", r)
          : String.format(Locale.ROOT, "%.2f", r);
    }
    // Three significant digits and a unit, at most five characters at any speed, so that a line
    // keeps its width as the machine gets faster.
    String[] units = {"k", "M", "G", "T"};
    int unit = 0;
    double scaled = r / 1e3;
    while (scaled >= 999.5 && unit < units.length - 1) {
      scaled /= 1e3;
      unit++;
    }
    String digits =
        scaled >= 99.5
            ? String.format(Locale.ROOT, "%.0f", scaled)
            : scaled >= 9.995
                ? String.format(Locale.ROOT, "%.1f", scaled)
                : String.format(Locale.ROOT, "%.2f", scaled);
    return digits + units[unit];
  }

  /**
   * A learning rate as {@link #number} writes it, without trailing zeros ({@code 1e-04}, {@code
   * 0.1}): the rate is a setting the user typed, not a measured figure, so its zeros say nothing.
   */
  static String learningRate(double x) {
    String text = number(x);
    int exponent = text.indexOf('e');
    String mantissa = exponent < 0 ? text : text.substring(0, exponent);
    String rest = exponent < 0 ? "" : text.substring(exponent);
    if (mantissa.indexOf('.') >= 0) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return mantissa + rest;
  }

  static String number(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    double a = Math.abs(x);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) {
      return String.format(Locale.ROOT, "%.2e", x);
    }
    return String.format(Locale.ROOT, "%.4f", x);
  }

  static String time(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%02d:%02d", m, sec);
  }
}
