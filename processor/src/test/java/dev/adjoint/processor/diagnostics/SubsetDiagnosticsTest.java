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
 * What stays outside the subset around enhanced for, switch and float data: each reported once, at
 * the construct, with what to write instead. The constructs themselves are tested in {@code
 * corpus.ForEachTest}, {@code corpus.SwitchTest} and {@code corpus.FloatDataTest}.
 */
class SubsetDiagnosticsTest {

  @Test
  void enhancedForOverAScalar() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          double sum = 0;
          for (double v : x) {
            sum += v;
          }
          return sum;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "An enhanced for loop cannot iterate over a double",
            "Iterate over a double[], int[] or float[] (its elements) or a double[][] (its rows)",
            s.at("v : x)", "x)"));
  }

  @Test
  void enhancedForVariableOfTheWrongType() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double[] xs) {
          double sum = 0;
          for (int v : xs) {
            sum += v;
          }
          return sum;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "The elements of xs are double values, which an int variable cannot hold",
            "Declare v as double",
            "Model.f(double[])",
            s.at("int v"));
  }

  @Test
  void enhancedForOverRowsWithADoubleVariable() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double[][] m) {
          double sum = 0;
          for (double v : m) {
            sum += v;
          }
          return sum;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "The elements of m are double[] values, which a double variable cannot hold",
            "Declare v as double[]",
            "Model.f(double[][])",
            s.at("double v"));
  }

  /** The loop variable is a row of the caller's matrix, which the method must not change. */
  @Test
  void writeThroughARowOfAParameter() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double[][] m) {
          double sum = 0;
          for (double[] row : m) {
            row[0] = 2 * row[0];
            sum += row[0];
          }
          return sum;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "This writes into the parameter array m: differentiated code must not change arrays it"
                + " did not create",
            "Copy m into a new local array",
            "Model.f(double[][])",
            s.at("row[0] = 2", "="));
  }

  @Test
  void switchOnADouble() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          switch (x) {
            default -> x = 2 * x;
          }
          return x;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "switch on a double is not supported",
            "Switch on an int, e.g. (int) Math.floor(x), or use an if/else chain",
            s.at("switch (x)", "x)"));
  }

  @Test
  void switchOnALong() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, long n) {
          double y = switch (n) {
            default -> x;
          };
          return y;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "switch on a long is not supported",
            "Switch on an int, or use an if/else chain",
            "Model.f(double, long)",
            s.at("switch (n)", "n)"));
  }

  @Test
  void caseLabelThatIsNoInt() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          switch (n) {
            case 1 -> x = x * x;
            case 2.5 -> x = -x;
            default -> { }
          }
          return x;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "A case label of a switch on an int must be an int",
            "Write an int constant",
            "Model.f(double, int)",
            s.at("2.5"));
  }

  @Test
  void throwInACase() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          return switch (n) {
            case 0 -> x;
            default -> throw new IllegalArgumentException();
          };
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "throw is not supported in differentiated code",
            "Validate the arguments in the caller",
            "Model.f(double, int)",
            s.at("throw new"));
  }

  @Test
  void breakOutOfASwitchExpression() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = switch (i) {
              case 0 -> {
                if (x > 1) {
                  break;
                }
                yield x * x;
              }
              default -> x;
            };
          }
          return x;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "break cannot leave a switch expression",
            "End the case with yield and a value",
            "Model.f(double, int)",
            s.at("break;"));
  }

  @Test
  void continueOutOfASwitchExpression() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = switch (i) {
              case 0 -> {
                continue;
              }
              default -> x;
            };
          }
          return x;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "continue cannot leave a switch expression",
            "End the case with yield and a value",
            "Model.f(double, int)",
            s.at("continue;"));
  }

  @Test
  void continueInASwitchOutsideALoop() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          switch (n) {
            case 0:
              x = x * x;
              continue;
            default:
              break;
          }
          return x;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "continue outside of a loop is not supported",
            "Use continue only to continue a loop",
            "Model.f(double, int)",
            s.at("continue;"));
  }

  @Test
  void yieldOutsideASwitchExpression() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          switch (n) {
            case 0:
              yield x;
            default:
              break;
          }
          return x;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "yield outside of a switch expression is not supported",
            "Use yield only to give a switch expression its value",
            "Model.f(double, int)",
            s.at("yield x;"));
  }

  @Test
  void breakOutsideALoopOrASwitch() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          if (x > 0) {
            break;
          }
          return x;
        }
        """);
    compile(s)
        .fails()
        .bodyError(
            "break outside of a loop or a switch is not supported",
            "Use break only to leave a loop or a switch statement",
            s.at("break;"));
  }

  /** Every case throws: reported at each throw, and at the switch, which gives no value. */
  @Test
  void switchExpressionWithoutAValue() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, int n) {
          return x * switch (n) {
            default -> throw new IllegalStateException();
          };
        }
        """);
    compile(s)
        .failsWith(2)
        .bodyError(
            "throw is not supported in differentiated code",
            "Validate the arguments in the caller",
            "Model.f(double, int)",
            s.at("throw new"))
        .bodyError(
            "This switch expression has no case that gives a value",
            "Give every case a value",
            "Model.f(double, int)",
            s.at("switch (n)"));
  }

  @Test
  void writeIntoAFloatArray() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, float[] data) {
          data[0] = 1;
          return x * data[0];
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Writing into a float[] is not supported",
            "copy the values into a new double[] and change that",
            "Model.f(double, float[])",
            s.at("data[0] = 1", "["));
  }

  @Test
  void compoundAssignmentRoundingADoubleToAFloat() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x, float scale) {
          scale += x;
          return x * scale;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "This rounds a double to the float scale (Java's compound assignment casts its"
                + " result to the variable's type), which would lose the double's derivative",
            "Declare scale as a double",
            "Model.f(double, float)",
            s.at("scale += x", "+="));
  }

  @Test
  void newFloatArray() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double x) {
          float[] a = new float[2];
          return x * a.length;
        }
        """);
    compile(s)
        .failsWith(1)
        .bodyError(
            "Only double[] and double[][] arrays are supported",
            "Create new double[n] or new double[n][m]",
            s.at("new float[2]"));
  }

  @Test
  void floatDataAndTheNewConstructsCompileQuietly() {
    Source s =
        model(
            """
        @Differentiable
        static double f(double[][] m, float[] weights, int mode) {
          double s = 0;
          int i = 0;
          for (double[] row : m) {
            for (double v : row) {
              s += switch (mode) {
                case 0 -> v * weights[i % weights.length];
                case 1 -> v * v;
                default -> {
                  float w = weights[0] * 2;
                  yield v * w;
                }
              };
            }
            i++;
          }
          return s;
        }
        """);
    compile(s).succeedsQuietly();
  }
}
