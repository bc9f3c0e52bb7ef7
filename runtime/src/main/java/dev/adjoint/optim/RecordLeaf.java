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
package dev.adjoint.optim;

import dev.adjoint.tensor.Tensor;

/**
 * One leaf of a record of parameters ({@link Optimizer#step(Record, Record)}), as the optimizer's
 * in-place machinery sees it: a buffer of the leaf's elements, loaded from the record before a step
 * and read into a new leaf after it. Its gradient is set only during a record step, so that a plain
 * {@link Optimizer#step()} skips it.
 */
final class RecordLeaf implements Parameter {
  private final String path;
  private final Class<?> type;
  private final int[] shape;
  private final double[] value;
  private final double[] gradBuffer;
  private double[] grad;

  private RecordLeaf(String path, Class<?> type, int[] shape, int size) {
    this.path = path;
    this.type = type;
    this.shape = shape;
    this.value = new double[size];
    this.gradBuffer = new double[size];
  }

  /** A leaf shaped as {@code leaf}, a Double, double[], double[][] or Tensor. */
  static RecordLeaf of(String path, Object leaf) {
    if (leaf instanceof Double) {
      return new RecordLeaf(path, double.class, new int[0], 1);
    }
    if (leaf instanceof double[] a) {
      return new RecordLeaf(path, double[].class, new int[] {a.length}, a.length);
    }
    if (leaf instanceof double[][] m) {
      int[] rows = new int[m.length];
      int size = 0;
      for (int i = 0; i < m.length; i++) {
        rows[i] = m[i].length;
        size += rows[i];
      }
      return new RecordLeaf(path, double[][].class, rows, size);
    }
    if (leaf instanceof Tensor t) {
      return new RecordLeaf(path, Tensor.class, t.shape(), t.size());
    }
    throw new NullPointerException("the parameter " + path + " is null");
  }

  String path() {
    return path;
  }

  /** Copies the parameter's and the gradient's elements in, after checking their shapes. */
  void load(Object parameter, Object gradient) {
    copyIn(parameter, value, "the parameter " + path);
    if (gradient == null) {
      grad = null; // no gradient: the step skips this leaf, as PyTorch skips grad None
    } else {
      copyIn(gradient, gradBuffer, "the gradient's " + path);
      grad = gradBuffer;
    }
  }

  private void copyIn(Object leaf, double[] into, String what) {
    String problem = null;
    if (leaf instanceof Double d && type == double.class) {
      into[0] = d;
    } else if (leaf instanceof double[] a && type == double[].class) {
      if (a.length != value.length) {
        problem = "has length " + a.length + ", but " + expected();
      } else {
        System.arraycopy(a, 0, into, 0, a.length);
      }
    } else if (leaf instanceof double[][] m && type == double[][].class) {
      if (!fits(m)) {
        problem = "has " + rows(m) + ", but " + expected();
      } else {
        int k = 0;
        for (double[] row : m) {
          System.arraycopy(row, 0, into, k, row.length);
          k += row.length;
        }
      }
    } else if (leaf instanceof Tensor t && type == Tensor.class) {
      if (!java.util.Arrays.equals(t.shape(), shape)) {
        problem = "has shape " + java.util.Arrays.toString(t.shape()) + ", but " + expected();
      } else {
        System.arraycopy(t.toArray(), 0, into, 0, into.length);
      }
    } else {
      problem = "is " + (leaf == null ? "null" : "a " + leaf.getClass().getSimpleName());
    }
    if (problem != null) {
      throw new IllegalArgumentException("step: " + what + " " + problem);
    }
  }

  private String expected() {
    String s =
        type == double[].class
            ? "length " + value.length
            : type == Tensor.class
                ? "shape " + java.util.Arrays.toString(shape)
                : type == double[][].class ? rows(shape) : "a double";
    return "the optimizer's state was made for " + s;
  }

  private boolean fits(double[][] m) {
    if (m.length != shape.length) {
      return false;
    }
    for (int i = 0; i < m.length; i++) {
      if (m[i].length != shape[i]) {
        return false;
      }
    }
    return true;
  }

  private static String rows(double[][] m) {
    int[] lengths = new int[m.length];
    for (int i = 0; i < m.length; i++) {
      lengths[i] = m[i].length;
    }
    return rows(lengths);
  }

  private static String rows(int[] lengths) {
    return lengths.length + " rows of lengths " + java.util.Arrays.toString(lengths);
  }

  /** A new leaf holding the updated elements; clears the gradient. */
  Object result() {
    grad = null;
    if (type == double.class) {
      return value[0];
    }
    if (type == double[].class) {
      return value.clone();
    }
    if (type == Tensor.class) {
      return Tensor.of(value.clone(), shape);
    }
    double[][] m = new double[shape.length][];
    int k = 0;
    for (int i = 0; i < m.length; i++) {
      m[i] = java.util.Arrays.copyOfRange(value, k, k + shape[i]);
      k += shape[i];
    }
    return m;
  }

  @Override
  public double[] value() {
    return value;
  }

  @Override
  public double[] grad() {
    return grad;
  }

  @Override
  public String toString() {
    return "Parameter[" + path + ", size=" + value.length + "]";
  }
}
