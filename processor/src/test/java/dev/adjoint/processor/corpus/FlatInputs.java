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
package dev.adjoint.processor.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * The differentiated inputs of a call, flattened in declaration order as Jacobians and Hessians
 * index them: a double is one entry, a double[] its elements, a double[][] its rows in turn.
 */
final class FlatInputs {
  private final Class<?>[] types;

  FlatInputs(Class<?>[] types) {
    this.types = types;
  }

  /** The size of the flattened inputs of {@code args}. */
  int size(Object[] args) {
    int n = 0;
    for (int i = 0; i < args.length; i++) {
      if (types[i] == double.class) {
        n++;
      } else if (args[i] instanceof double[] a) {
        n += a.length;
      } else if (args[i] instanceof double[][] m) {
        for (double[] row : m) {
          n += row.length;
        }
      }
    }
    return n;
  }

  double get(Object[] args, int k) {
    double[] cell = new double[1];
    visit(args, k, (array, index) -> cell[0] = array != null ? array[index] : (Double) args[index]);
    return cell[0];
  }

  void set(Object[] args, int k, double value) {
    visit(
        args,
        k,
        (array, index) -> {
          if (array != null) {
            array[index] = value;
          } else {
            args[index] = value;
          }
        });
  }

  /** A copy of {@code args} with input k moved by {@code h} (arrays copied). */
  Object[] moved(Object[] args, int k, double h) {
    Object[] out = deepCopy(args);
    set(out, k, get(args, k) + h);
    return out;
  }

  private interface Cell {
    void at(double[] array, int index);
  }

  private void visit(Object[] args, int k, Cell cell) {
    int seen = 0;
    for (int i = 0; i < args.length; i++) {
      if (types[i] == double.class) {
        if (seen++ == k) {
          cell.at(null, i);
          return;
        }
      } else if (args[i] instanceof double[] a) {
        if (k < seen + a.length) {
          cell.at(a, k - seen);
          return;
        }
        seen += a.length;
      } else if (args[i] instanceof double[][] m) {
        for (double[] row : m) {
          if (k < seen + row.length) {
            cell.at(row, k - seen);
            return;
          }
          seen += row.length;
        }
      }
    }
    throw new IllegalArgumentException("no input " + k);
  }

  static Object[] deepCopy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] a) {
        out[i] = a.clone();
      } else if (out[i] instanceof double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
          c[r] = m[r].clone();
        }
        out[i] = c;
      }
    }
    return out;
  }

  /** Doubles, arrays and matrices, flattened in order. */
  static double[] flatten(List<Object> values) {
    List<Double> flat = new ArrayList<>();
    for (Object o : values) {
      add(o, flat);
    }
    return flat.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void add(Object o, List<Double> out) {
    if (o instanceof Double d) {
      out.add(d);
    } else if (o instanceof double[] a) {
      for (double x : a) {
        out.add(x);
      }
    } else if (o instanceof double[][] m) {
      for (double[] row : m) {
        add(row, out);
      }
    }
  }
}
