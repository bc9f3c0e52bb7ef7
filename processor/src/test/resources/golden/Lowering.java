package golden;

import dev.adjoint.Differentiable;

/** Small methods whose IR, lowered and transformed, IrGoldenTest compares with golden text. */
public class Lowering {
  /** Scalar arithmetic and a library call: three-address code, one rule per assignment. */
  @Differentiable
  static double scalar(double x, double y) {
    double z = x * y + Math.sin(x) / y;
    return z - 2 * x;
  }

  /** A loop with a break: flags in the lowering, a trip count on the tape. */
  @Differentiable
  static double loopWithBreak(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      if (s > 10) {
        break;
      }
      s += x * i;
    }
    return s;
  }

  /** A row alias and stores into a local matrix: overwritten elements are taped. */
  @Differentiable
  static double rows(double[] x, double c) {
    double[][] m = new double[2][x.length];
    double[] row = m[0];
    for (int j = 0; j < x.length; j++) {
      row[j] = x[j] * c;
      row[j] = row[j] * row[j];
    }
    m[1][0] = m[0][0] + c;
    return m[1][0] * row[0];
  }

  /** A call of another @Differentiable method: its pullback and its JVP. */
  @Differentiable
  static double caller(double x, double y) {
    return scalar(x * x, y) + y;
  }

  /** The conditional operator. */
  @Differentiable
  static double conditional(double x, double y) {
    double m = x > y ? x * y : y - x;
    return m * m;
  }

  /** Order 2: the forward mode of the pullback, through the pullback of a callee. */
  @Differentiable(order = 2)
  static double secondOrder(double x, double y) {
    return cube(x * y) + y;
  }

  @Differentiable(order = 2)
  static double cube(double x) {
    return x * x * x;
  }

  /** An enhanced for over rows: an index loop whose row alias shares the matrix's shadow. */
  @Differentiable
  static double forEachRows(double[] x) {
    double[][] m = new double[2][x.length];
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] += x[j] * x[j];
      }
    }
    double s = 0;
    for (double[] row : m) {
      s += row[0] * row[row.length - 1];
    }
    return s;
  }

  /** A switch statement (an if/else chain) and a switch expression (one variable, assigned). */
  @Differentiable
  static double switchCases(double x, int n) {
    double y;
    switch (n) {
      case 0, 1:
        y = x * x;
        break;
      default:
        y = Math.sin(x);
    }
    return y + switch (n) {
      case 2 -> x;
      default -> {
        double t = 3 * x;
        yield t * y;
      }
    };
  }
}
