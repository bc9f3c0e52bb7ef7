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
package dev.adjoint.processor.diagnostics;

import static dev.adjoint.processor.diagnostics.Javac.compile;
import static dev.adjoint.processor.diagnostics.Javac.model;

import dev.adjoint.processor.diagnostics.Javac.Source;
import org.junit.jupiter.api.Test;

/**
 * Statements outside the supported subset (Checker): each is reported once, at the statement, with
 * what to write instead and the method being differentiated; checking goes on after an error.
 */
class StatementDiagnosticsTest {

  @Test
  void tryCatch() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double y;
          try {
            y = Math.log(x);
          } catch (RuntimeException e) {
            y = 0;
          }
          return y;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "try/catch/finally is not supported in differentiated code",
            "Move the code that can throw into a method that is not @Differentiable",
            s.at("try {"));
  }

  @Test
  void synchronizedBlock() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double y = 0;
          synchronized (Model.class) {
            y = x * x;
          }
          return y;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "synchronized blocks are not supported",
            "synchronize in the caller",
            s.at("synchronized (Model.class)"));
  }

  @Test
  void throwStatement() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          if (x < 0) {
            throw new IllegalArgumentException("negative");
          }
          return Math.sqrt(x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "throw is not supported in differentiated code",
            "Validate the arguments in the caller",
            s.at("throw new"));
  }

  @Test
  void switchOnAString() {
    Source s =
        model(
            """
        static final String NAME = "a";

        @Differentiable
        static double f(double x, int n) {
          double y;
          switch (NAME) {
            case "a":
              y = x;
              break;
            default:
              y = 2 * x;
          }
          return y;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "switch on a String is not supported",
            "Switch on an int",
            "Model.f(double, int)",
            s.at("switch (NAME)", "NAME"));
  }

  @Test
  void switchExpressionOnAnEnum() {
    Source s =
        model(
            """
        enum Mode { A, B }

        static Mode mode = Mode.A;

        @Differentiable
        static double f(double x, int n) {
          double y = switch (mode) {
            case A -> x;
            case B -> 2 * x;
          };
          return y;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "switch on an enum is not supported",
            "for an enum, pass its ordinal() or a code as an int parameter",
            "Model.f(double, int)",
            s.at("switch (mode)", "mode"));
  }

  @Test
  void assertStatement() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          assert x > 0 : "x must be positive";
          return Math.log(x);
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "assert is not supported", "Check the condition in the caller", s.at("assert x"));
  }

  @Test
  void enhancedForOverATensor() {
    Source s =
        model(
            """
        @Differentiable
        static double f(dev.adjoint.tensor.Tensor t) {
          double sum = 0;
          for (var row : t) {
            sum += 1;
          }
          return sum;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "An enhanced for loop cannot iterate over a Tensor",
            "Loop over an index, for (int i = 0; i < t.shape()[0]; i++)",
            "Model.f(dev.adjoint.tensor.Tensor)",
            s.at("row : t)", "t)"));
  }

  @Test
  void localClass() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          class Square {
            static double of(double v) {
              return v * v;
            }
          }
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Local classes are not supported",
            "Declare the class outside the method",
            s.at("class Square"));
  }

  @Test
  void localRecord() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          record Pair(double a, double b) {}
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Local classes are not supported",
            "Declare the class outside the method",
            s.at("record Pair"));
  }

  @Test
  void labelOnBlock() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double y = x;
          scope: {
            y = y * x;
          }
          return y;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Labels are supported on loops and switch statements only",
            "Remove the label",
            s.at("scope:"));
  }

  @Test
  void labelOnBlockMessageIsASentence() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          scope: {
            x = x * x;
          }
          return x;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Labels are supported on loops and switch statements only",
            "Remove the label",
            s.at("scope:"));
  }

  @Test
  void breakOutOfLabeledBlockIsReportedOnce() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double y = x;
          scope: {
            if (x < 0) {
              break scope;
            }
            y = y * x;
          }
          return y;
        }
        """);
    // The break itself is fine Java and is only unsupported because its label is: one error, at
    // the label, and no claim that the break is "outside of a loop".
    compile(s)
        .failsWith(1)
        .bodyError(
            "Labels are supported on loops and switch statements only",
            "Remove the label",
            s.at("scope:"))
        .nothingContaining("outside of a loop");
  }

  @Test
  void labeledLoopIsFine() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double y = x;
          outer:
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
              if (j > i) {
                continue outer;
              }
              y = y * x;
            }
          }
          return y;
        }
        """);
    compile(s).succeedsQuietly();
  }

  @Test
  void twoErrorsInOneMethodAreBothReported() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          assert x > 0;
          double y = x * (float) x;
          return y;
        }
        """);
    compile(s)
        .failsWith(2)
        .bodyError("assert is not supported", "Check the condition in the caller", s.at("assert x"))
        .bodyError("Casts to float are not supported", "Cast to double", s.at("float) x", "float"));
  }

  @Test
  void errorsInTwoMethodsAreBothReported() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          assert x > 0;
          return x;
        }

        @Differentiable
        static double g(double x) {
          return x % 2.0;
        }
        """);
    compile(s)
        .failsWith(2)
        .bodyError("assert is not supported", "Check the condition in the caller", s.at("assert x"))
        .bodyError(
            "% is supported on int and long values only",
            "x - y * (long) (x / y)", "Model.g(double)", s.at("x % 2.0", "%"));
  }
}
