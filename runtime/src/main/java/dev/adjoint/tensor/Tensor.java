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
package dev.adjoint.tensor;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A dense, row-major tensor of {@code double}s, immutable: every operation returns a new tensor and
 * never changes its operands, so tensors can be shared freely (also between threads).
 *
 * <p>Element-wise operations broadcast as NumPy does (shapes aligned at the right; a dimension of
 * 1, or a missing one, stretches to the other operand's). Axes may be negative, counting from the
 * end ({@code -1} is the last). Shape mismatches throw {@link IllegalArgumentException} naming both
 * shapes; indices out of range throw {@link IndexOutOfBoundsException}.
 *
 * <p>Every differentiable method has its pullbacks declared with {@link dev.adjoint.PullbackOf} in
 * {@link TensorPullbacks}, so that Adjoint can differentiate code that calls it.
 *
 * <p>Kernels loop over contiguous memory without allocating per element: element-wise operations
 * walk the broadcast operands by strides (a broadcast operand is never expanded in memory),
 * reductions along an axis run their innermost loop along the contiguous trailing dimensions, and
 * matrix products call {@link Kernels}. {@link #reshape} shares the (immutable) elements.
 *
 * <p>{@link #equals} compares shapes and elements exactly, as {@link Double#equals} does (so NaN
 * equals NaN, and 0.0 differs from -0.0); {@link #allClose} compares with tolerances.
 *
 * <p>Tensors are serializable (their shape and elements), so that they can travel where Java
 * serialization carries values: in a Spark job's closures, broadcasts and data sets.
 */
public final class Tensor implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Owned by this tensor and never modified after construction. */
  final double[] data;

  /** The size of each dimension, outermost first; never modified after construction. */
  final int[] shape;

  private Tensor(double[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /** Wraps without copying; the caller hands over {@code data} and {@code shape}. */
  static Tensor wrap(double[] data, int... shape) {
    return new Tensor(data, shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Creation.

  /**
   * A tensor holding a copy of {@code data} in row-major order, of the given shape; with no shape,
   * a vector of {@code data.length} elements.
   *
   * @param data the elements in row-major order; copied
   * @param shape the dimensions, whose product is {@code data.length}; none for a vector
   * @return a new tensor
   * @throws IllegalArgumentException if the shape does not hold {@code data.length} elements
   */
  public static Tensor of(double[] data, int... shape) {
    int[] s = shape.length == 0 ? new int[] {data.length} : shape.clone();
    if (Shapes.size(s) != data.length) {
      throw new IllegalArgumentException(
          data.length
              + " values do not fill shape "
              + Shapes.str(s)
              + " of "
              + Shapes.size(s)
              + " elements");
    }
    return new Tensor(data.clone(), s);
  }

  /**
   * A vector (rank 1) of the given values.
   *
   * @param values the elements; copied
   * @return a new tensor of shape {@code [values.length]}
   */
  public static Tensor vector(double... values) {
    return new Tensor(values.clone(), new int[] {values.length});
  }

  /**
   * A rank-0 tensor holding {@code value}.
   *
   * @param value the element
   * @return a new tensor of shape {@code []}
   */
  public static Tensor scalar(double value) {
    return new Tensor(new double[] {value}, new int[0]);
  }

  /**
   * Zeros of the given shape (no shape: a rank-0 zero).
   *
   * @param shape the dimensions, each 0 or more
   * @return a new tensor of zeros
   */
  public static Tensor zeros(int... shape) {
    int[] s = shape.clone();
    return new Tensor(new double[Shapes.size(s)], s);
  }

  /**
   * Ones of the given shape.
   *
   * @param shape the dimensions, each 0 or more
   * @return a new tensor of ones
   */
  public static Tensor ones(int... shape) {
    return full(1.0, shape);
  }

  /**
   * A tensor of the given shape with every element {@code value}.
   *
   * @param value every element's value
   * @param shape the dimensions, each 0 or more
   * @return a new tensor
   */
  public static Tensor full(double value, int... shape) {
    int[] s = shape.clone();
    double[] d = new double[Shapes.size(s)];
    Arrays.fill(d, value);
    return new Tensor(d, s);
  }

  /**
   * Independent standard normal samples.
   *
   * @param rng the source of randomness (seed it for reproducible tensors)
   * @param shape the dimensions
   * @return a new tensor of N(0, 1) samples, drawn in row-major order
   */
  public static Tensor randn(RandomGenerator rng, int... shape) {
    return normal(rng, 0.0, 1.0, shape);
  }

  /**
   * Independent normal samples of mean {@code mean} and standard deviation {@code std}.
   *
   * @param rng the source of randomness (seed it for reproducible tensors)
   * @param mean the mean of the distribution
   * @param std the standard deviation of the distribution
   * @param shape the dimensions
   * @return a new tensor of N(mean, std²) samples, drawn in row-major order
   */
  public static Tensor normal(RandomGenerator rng, double mean, double std, int... shape) {
    int[] s = shape.clone();
    double[] d = new double[Shapes.size(s)];
    for (int i = 0; i < d.length; i++) {
      d[i] = mean + std * rng.nextGaussian();
    }
    return new Tensor(d, s);
  }

  /**
   * Independent samples uniform in [0, 1).
   *
   * @param rng the source of randomness (seed it for reproducible tensors)
   * @param shape the dimensions
   * @return a new tensor of U[0, 1) samples, drawn in row-major order
   */
  public static Tensor rand(RandomGenerator rng, int... shape) {
    return uniform(rng, 0.0, 1.0, shape);
  }

  /**
   * Independent samples uniform in [low, high).
   *
   * @param rng the source of randomness (seed it for reproducible tensors)
   * @param low the smallest value that may be drawn
   * @param high the bound no value reaches
   * @param shape the dimensions
   * @return a new tensor of U[low, high) samples, drawn in row-major order
   */
  public static Tensor uniform(RandomGenerator rng, double low, double high, int... shape) {
    int[] s = shape.clone();
    double[] d = new double[Shapes.size(s)];
    double width = high - low;
    for (int i = 0; i < d.length; i++) {
      d[i] = low + width * rng.nextDouble();
    }
    return new Tensor(d, s);
  }

  /**
   * Which fan the He (Kaiming) initialisers preserve the variance of. Fans are PyTorch's ({@code
   * _calculate_fan_in_and_fan_out}): for a weight of shape {@code [out, in, k...]} (the layout of
   * {@code nn.Linear} and {@code nn.Conv}), fan in = in·Πk and fan out = out·Πk. For a weight used
   * as {@code x.matmul(w)} with {@code w} of shape {@code [in, out]} the two are swapped: pass
   * {@link #OUT} to get the inputs' fan. (Xavier/Glorot is symmetric in them.)
   */
  public enum Fan {
    /** The inputs' (PyTorch's default): preserves the variance of activations, forwards. */
    IN,
    /** The outputs': preserves the variance of gradients, backwards. */
    OUT
  }

  /** {fan in, fan out} of a weight of {@code shape}, as PyTorch computes them (see {@link Fan}). */
  static int[] fans(int[] shape) {
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "fan in and fan out need a shape of rank 2 or more, got " + Shapes.str(shape));
    }
    int receptive = 1;
    for (int i = 2; i < shape.length; i++) {
      receptive *= shape[i];
    }
    return new int[] {shape[1] * receptive, shape[0] * receptive};
  }

  /**
   * Xavier/Glorot uniform (PyTorch's {@code xavier_uniform_}, gain 1): U(-a, a) with a = sqrt(6 /
   * (fanIn + fanOut)); fans as in PyTorch (see {@link Fan}).
   *
   * @param rng the source of randomness (seed it for reproducible weights)
   * @param shape the weight's dimensions, rank 2 or more
   * @return a new tensor of samples
   * @throws IllegalArgumentException if the rank is below 2 (a fan needs two dimensions)
   */
  public static Tensor xavierUniform(RandomGenerator rng, int... shape) {
    return xavierUniform(rng, 1.0, shape);
  }

  /**
   * Xavier/Glorot uniform with a gain: U(-a, a), a = gain · sqrt(6 / (fanIn + fanOut)). PyTorch's
   * {@code calculate_gain}: 1 for linear and sigmoid, 5/3 for tanh, sqrt(2) for ReLU.
   *
   * @param rng the source of randomness (seed it for reproducible weights)
   * @param gain the factor of the bound, for the layer's activation
   * @param shape the weight's dimensions, rank 2 or more
   * @return a new tensor of samples
   * @throws IllegalArgumentException if the rank is below 2
   */
  public static Tensor xavierUniform(RandomGenerator rng, double gain, int... shape) {
    int[] f = fans(shape);
    double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
    return uniform(rng, -a, a, shape);
  }

  /**
   * Xavier/Glorot normal (gain 1): N(0, std²), std = sqrt(2 / (fanIn + fanOut)).
   *
   * @param rng the source of randomness (seed it for reproducible weights)
   * @param shape the weight's dimensions, rank 2 or more
   * @return a new tensor of samples
   * @throws IllegalArgumentException if the rank is below 2
   */
  public static Tensor xavierNormal(RandomGenerator rng, int... shape) {
    return xavierNormal(rng, 1.0, shape);
  }

  /**
   * Xavier/Glorot normal with a gain: std = gain · sqrt(2 / (fanIn + fanOut)).
   *
   * @param rng the source of randomness (seed it for reproducible weights)
   * @param gain the factor of the standard deviation, for the layer's activation
   * @param shape the weight's dimensions, rank 2 or more
   * @return a new tensor of samples
   * @throws IllegalArgumentException if the rank is below 2
   */
  public static Tensor xavierNormal(RandomGenerator rng, double gain, int... shape) {
    int[] f = fans(shape);
    return normal(rng, 0.0, gain * Math.sqrt(2.0 / (f[0] + f[1])), shape);
  }

  /**
   * He/Kaiming uniform for ReLU (PyTorch's {@code kaiming_uniform_(w, a=0, mode='fan_in',
   * nonlinearity='relu')}): U(-b, b), b = sqrt(2) · sqrt(3 / fanIn) = sqrt(6 / fanIn).
   *
   * @param rng the source of randomness (seed it for reproducible weights)
   * @param shape the weight's dimensions, rank 2 or more
   * @return a new tensor of samples
   * @throws IllegalArgumentException if the rank is below 2
   */
  public static Tensor heUniform(RandomGenerator rng, int... shape) {
    return heUniform(rng, Fan.IN, shape);
  }

  /**
   * He/Kaiming uniform for ReLU with the given fan: b = sqrt(6 / fan).
   *
   * @param rng the source of randomness (seed it for reproducible weights)
   * @param mode which fan scales the bound
   * @param shape the weight's dimensions, rank 2 or more
   * @return a new tensor of samples
   * @throws IllegalArgumentException if the rank is below 2
   */
  public static Tensor heUniform(RandomGenerator rng, Fan mode, int... shape) {
    int[] f = fans(shape);
    double b = Math.sqrt(6.0 / (mode == Fan.IN ? f[0] : f[1]));
    return uniform(rng, -b, b, shape);
  }

  /**
   * He/Kaiming normal for ReLU ({@code kaiming_normal_(w, a=0, mode='fan_in',
   * nonlinearity='relu')}): N(0, std²), std = sqrt(2 / fanIn).
   *
   * @param rng the source of randomness (seed it for reproducible weights)
   * @param shape the weight's dimensions, rank 2 or more
   * @return a new tensor of samples
   * @throws IllegalArgumentException if the rank is below 2
   */
  public static Tensor heNormal(RandomGenerator rng, int... shape) {
    return heNormal(rng, Fan.IN, shape);
  }

  /**
   * He/Kaiming normal for ReLU with the given fan: std = sqrt(2 / fan).
   *
   * @param rng the source of randomness (seed it for reproducible weights)
   * @param mode which fan scales the standard deviation
   * @param shape the weight's dimensions, rank 2 or more
   * @return a new tensor of samples
   * @throws IllegalArgumentException if the rank is below 2
   */
  public static Tensor heNormal(RandomGenerator rng, Fan mode, int... shape) {
    int[] f = fans(shape);
    return normal(rng, 0.0, Math.sqrt(2.0 / (mode == Fan.IN ? f[0] : f[1])), shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Inspection.

  /**
   * The shape (a copy).
   *
   * @return a new array of the dimensions, outermost first
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Whether {@code other} has this tensor's shape; allocates nothing (as {@link #shape()} does).
   *
   * @param other another tensor
   * @return whether the shapes are equal
   */
  public boolean sameShape(Tensor other) {
    return Arrays.equals(shape, other.shape);
  }

  /**
   * The number of dimensions.
   *
   * @return the length of the shape: 0 for a scalar, 1 for a vector, 2 for a matrix
   */
  public int rank() {
    return shape.length;
  }

  /**
   * The number of elements.
   *
   * @return the product of the dimensions
   */
  public int size() {
    return data.length;
  }

  /**
   * The element at {@code index} (one index per dimension).
   *
   * @param index one index per dimension, each in [0, that dimension)
   * @return the element
   * @throws IllegalArgumentException if the number of indices is not the rank
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public double get(int... index) {
    return data[offset(index)];
  }

  int offset(int[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index "
              + Arrays.toString(index)
              + " has "
              + index.length
              + " components, but shape "
              + Shapes.str(shape)
              + " has rank "
              + shape.length);
    }
    int off = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " is out of bounds for shape " + Shapes.str(shape));
      }
      off = off * shape[i] + index[i];
    }
    return off;
  }

  /**
   * The only element of a tensor of one element (of any rank).
   *
   * @return the element
   * @throws IllegalArgumentException if the tensor does not have exactly one element
   */
  public double item() {
    if (data.length != 1) {
      throw new IllegalArgumentException(
          "item() needs a tensor of one element, got shape " + Shapes.str(shape));
    }
    return data[0];
  }

  /**
   * The elements in row-major order (a copy).
   *
   * @return a new array of {@link #size()} elements
   */
  public double[] toArray() {
    return data.clone();
  }

  // ---------------------------------------------------------------------------------------------
  // Element-wise arithmetic with broadcasting.

  private static final int ADD = 0;
  private static final int SUB = 1;
  private static final int MUL = 2;
  private static final int DIV = 3;

  /**
   * {@code this + other}, broadcasting.
   *
   * @param other the other operand, whose shape broadcasts with this one's
   * @return a new tensor of the broadcast shape
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor add(Tensor other) {
    return binary(ADD, this, other);
  }

  /**
   * {@code this - other}, broadcasting.
   *
   * @param other the tensor subtracted, whose shape broadcasts with this one's
   * @return a new tensor of the broadcast shape
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor sub(Tensor other) {
    return binary(SUB, this, other);
  }

  /**
   * {@code this * other} element-wise, broadcasting.
   *
   * @param other the other factor, whose shape broadcasts with this one's
   * @return a new tensor of the broadcast shape
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor mul(Tensor other) {
    return binary(MUL, this, other);
  }

  /**
   * {@code this / other} element-wise, broadcasting.
   *
   * @param other the divisor, whose shape broadcasts with this one's
   * @return a new tensor of the broadcast shape
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor div(Tensor other) {
    return binary(DIV, this, other);
  }

  /**
   * {@code this + scalar} element-wise.
   *
   * @param scalar the number added to every element
   * @return a new tensor of this shape
   */
  public Tensor add(double scalar) {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i] + scalar;
    }
    return new Tensor(out, shape);
  }

  /**
   * {@code this - scalar} element-wise.
   *
   * @param scalar the number subtracted from every element
   * @return a new tensor of this shape
   */
  public Tensor sub(double scalar) {
    return add(-scalar);
  }

  /**
   * {@code this * scalar} element-wise.
   *
   * @param scalar the factor of every element
   * @return a new tensor of this shape
   */
  public Tensor mul(double scalar) {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i] * scalar;
    }
    return new Tensor(out, shape);
  }

  /**
   * {@code this / scalar} element-wise.
   *
   * @param scalar the divisor of every element
   * @return a new tensor of this shape
   */
  public Tensor div(double scalar) {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i] / scalar;
    }
    return new Tensor(out, shape);
  }

  /**
   * {@code -this}.
   *
   * @return a new tensor of this shape
   */
  public Tensor neg() {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = -data[i];
    }
    return new Tensor(out, shape);
  }

  private static Tensor binary(int op, Tensor x, Tensor y) {
    if (Arrays.equals(x.shape, y.shape)) {
      double[] out = new double[x.data.length];
      run(op, x.data, 0, 1, y.data, 0, 1, out, 0, out.length);
      return new Tensor(out, x.shape);
    }
    int[] s = Shapes.broadcast(x.shape, y.shape);
    double[] out = new double[Shapes.size(s)];
    new Shapes.Walk(s, x.shape, y.shape)
        .forEach((o, a, as, b, bs, n) -> run(op, x.data, a, as, y.data, b, bs, out, o, n));
    return new Tensor(out, s);
  }

  private static void run(
      int op, double[] x, int a, int as, double[] y, int b, int bs, double[] out, int o, int n) {
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          out[o + i] = x[a + i * as] + y[b + i * bs];
        }
        break;
      case SUB:
        for (int i = 0; i < n; i++) {
          out[o + i] = x[a + i * as] - y[b + i * bs];
        }
        break;
      case MUL:
        for (int i = 0; i < n; i++) {
          out[o + i] = x[a + i * as] * y[b + i * bs];
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          out[o + i] = x[a + i * as] / y[b + i * bs];
        }
        break;
    }
  }

  /**
   * This tensor broadcast to {@code shape} (NumPy's {@code broadcast_to}), as a new tensor.
   *
   * @param shape the target shape, to which this one broadcasts
   * @return a new tensor of {@code shape}
   * @throws IllegalArgumentException if this shape does not broadcast to {@code shape}
   */
  public Tensor broadcastTo(int... shape) {
    int[] s = shape.clone();
    if (!Shapes.broadcastsTo(this.shape, s)) {
      throw new IllegalArgumentException(
          "cannot broadcast shape " + Shapes.str(this.shape) + " to " + Shapes.str(s));
    }
    if (Arrays.equals(this.shape, s)) {
      return this;
    }
    double[] out = new double[Shapes.size(s)];
    new Shapes.Walk(s, this.shape, s)
        .forEach(
            (o, a, as, b, bs, n) -> {
              for (int i = 0; i < n; i++) {
                out[o + i] = data[a + i * as];
              }
            });
    return new Tensor(out, s);
  }

  /**
   * Sums this tensor (of a shape that {@code target} broadcasts to) down to {@code target}: the
   * adjoint of broadcasting.
   */
  Tensor sumTo(int[] target) {
    if (Arrays.equals(shape, target)) {
      return this;
    }
    if (!Shapes.broadcastsTo(target, shape)) {
      throw new IllegalArgumentException(
          "cannot sum shape " + Shapes.str(shape) + " down to " + Shapes.str(target));
    }
    double[] out = new double[Shapes.size(target)];
    new Shapes.Walk(shape, target, shape)
        .forEach(
            (o, a, as, b, bs, n) -> {
              if (as == 0) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                  s += data[o + i];
                }
                out[a] += s;
              } else {
                for (int i = 0; i < n; i++) {
                  out[a + i * as] += data[o + i];
                }
              }
            });
    return new Tensor(out, target.clone());
  }

  // ---------------------------------------------------------------------------------------------
  // Element-wise functions.

  /**
   * e^x element-wise.
   *
   * @return a new tensor of this shape
   */
  public Tensor exp() {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.exp(data[i]);
    }
    return new Tensor(out, shape);
  }

  /**
   * The natural logarithm element-wise.
   *
   * @return a new tensor of this shape (−∞ at 0, NaN below)
   */
  public Tensor log() {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.log(data[i]);
    }
    return new Tensor(out, shape);
  }

  /**
   * tanh element-wise.
   *
   * @return a new tensor of this shape
   */
  public Tensor tanh() {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.tanh(data[i]);
    }
    return new Tensor(out, shape);
  }

  /**
   * The logistic function 1 / (1 + e^-x) element-wise, computed without overflow.
   *
   * @return a new tensor of this shape, in [0, 1]
   */
  public Tensor sigmoid() {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sigmoid(data[i]);
    }
    return new Tensor(out, shape);
  }

  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /**
   * max(x, 0) element-wise (NaN stays NaN).
   *
   * @return a new tensor of this shape
   */
  public Tensor relu() {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      double v = data[i];
      out[i] = v < 0.0 ? 0.0 : v;
    }
    return new Tensor(out, shape);
  }

  /**
   * The square root element-wise.
   *
   * @return a new tensor of this shape (NaN below 0)
   */
  public Tensor sqrt() {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.sqrt(data[i]);
    }
    return new Tensor(out, shape);
  }

  /**
   * x^exponent element-wise ({@link Math#pow}; squares are computed as x·x).
   *
   * @param exponent the power every element is raised to
   * @return a new tensor of this shape
   */
  public Tensor pow(double exponent) {
    double[] out = new double[data.length];
    if (exponent == 2.0) {
      for (int i = 0; i < out.length; i++) {
        out[i] = data[i] * data[i];
      }
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.pow(data[i], exponent);
      }
    }
    return new Tensor(out, shape);
  }

  /**
   * |x| element-wise.
   *
   * @return a new tensor of this shape
   */
  public Tensor abs() {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.abs(data[i]);
    }
    return new Tensor(out, shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Linear algebra and shape.

  /**
   * The matrix product. Both operands of rank 2 ({@code [m, k]·[k, n] = [m, n]}), or batched: a
   * rank-3 operand {@code [batch, m, k]} or {@code [batch, k, n]} is a batch of matrices, and a
   * rank-2 other operand is used with every matrix of the batch; two rank-3 operands must have the
   * same batch size.
   *
   * @param other the right operand: {@code [k, n]} or {@code [batch, k, n]}
   * @return a new tensor: {@code [m, n]}, or {@code [batch, m, n]} for batched operands
   * @throws IllegalArgumentException if the ranks are not 2 or 3, the inner dimensions differ, or
   *     the batch sizes differ
   */
  public Tensor matmul(Tensor other) {
    int[] a = shape;
    int[] b = other.shape;
    if (a.length < 2 || a.length > 3 || b.length < 2 || b.length > 3) {
      throw new IllegalArgumentException(
          "matmul needs operands of rank 2 or 3, got shapes "
              + Shapes.str(a)
              + " and "
              + Shapes.str(b));
    }
    int m = a[a.length - 2];
    int k = a[a.length - 1];
    int k2 = b[b.length - 2];
    int n = b[b.length - 1];
    if (k != k2) {
      throw new IllegalArgumentException(
          "cannot matmul shapes "
              + Shapes.str(a)
              + " and "
              + Shapes.str(b)
              + ": inner dimensions "
              + k
              + " and "
              + k2
              + " differ");
    }
    if (a.length == 2 && b.length == 2) {
      double[] out = new double[m * n];
      Kernels.matmul(data, 0, other.data, 0, out, 0, m, k, n);
      return new Tensor(out, new int[] {m, n});
    }
    if (b.length == 2) {
      // [batch, m, k]·[k, n]: one product of the stacked rows.
      int batch = a[0];
      double[] out = new double[batch * m * n];
      Kernels.matmul(data, 0, other.data, 0, out, 0, batch * m, k, n);
      return new Tensor(out, new int[] {batch, m, n});
    }
    int batch = b[0];
    if (a.length == 3 && a[0] != batch) {
      throw new IllegalArgumentException(
          "cannot matmul shapes "
              + Shapes.str(a)
              + " and "
              + Shapes.str(b)
              + ": batch sizes "
              + a[0]
              + " and "
              + batch
              + " differ");
    }
    double[] out = new double[batch * m * n];
    int aStep = a.length == 3 ? m * k : 0;
    for (int i = 0; i < batch; i++) {
      Kernels.matmul(data, i * aStep, other.data, i * k * n, out, i * m * n, m, k, n);
    }
    return new Tensor(out, new int[] {batch, m, n});
  }

  /**
   * The pullback of {@code a.matmul(b)} into {@code a}: g·bᵀ, summed over the batch when a is a
   * matrix and b a batch. Shapes are those {@link #matmul} accepted.
   */
  static Tensor matmulGradLeft(Tensor a, Tensor b, Tensor g) {
    int ra = a.shape.length;
    int rb = b.shape.length;
    int m = a.shape[ra - 2];
    int k = a.shape[ra - 1];
    int n = b.shape[rb - 1];
    double[] out = new double[a.data.length];
    if (rb == 2) {
      // Matrix or stacked batch times a matrix: one product g·bᵀ of all rows.
      int rows = ra == 3 ? a.shape[0] * m : m;
      Kernels.matmulTransB(g.data, 0, b.data, 0, out, 0, rows, n, k);
    } else if (ra == 3) {
      for (int t = 0; t < b.shape[0]; t++) {
        Kernels.matmulTransB(g.data, t * m * n, b.data, t * k * n, out, t * m * k, m, n, k);
      }
    } else {
      double[] part = new double[m * k];
      for (int t = 0; t < b.shape[0]; t++) {
        Kernels.matmulTransB(g.data, t * m * n, b.data, t * k * n, part, 0, m, n, k);
        for (int i = 0; i < part.length; i++) {
          out[i] += part[i];
        }
      }
    }
    return new Tensor(out, a.shape);
  }

  /**
   * The pullback of {@code a.matmul(b)} into {@code b}: aᵀ·g, summed over the batch when b is a
   * matrix and a a batch.
   */
  static Tensor matmulGradRight(Tensor a, Tensor b, Tensor g) {
    int ra = a.shape.length;
    int rb = b.shape.length;
    int m = a.shape[ra - 2];
    int k = a.shape[ra - 1];
    int n = b.shape[rb - 1];
    double[] out = new double[b.data.length];
    if (rb == 2) {
      // Σ over the batch of a_tᵀ·g_t is one product of the stacked rows.
      int rows = ra == 3 ? a.shape[0] * m : m;
      Kernels.matmulTransA(a.data, 0, g.data, 0, out, 0, k, rows, n);
    } else {
      int aStep = ra == 3 ? m * k : 0;
      for (int t = 0; t < b.shape[0]; t++) {
        Kernels.matmulTransA(a.data, t * aStep, g.data, t * m * n, out, t * k * n, k, m, n);
      }
    }
    return new Tensor(out, b.shape);
  }

  /**
   * The dot product of two vectors of the same length.
   *
   * @param other a vector of this vector's length
   * @return Σ this[i] · other[i]
   * @throws IllegalArgumentException if either is not a vector, or their lengths differ
   */
  public double dot(Tensor other) {
    if (shape.length != 1 || other.shape.length != 1 || shape[0] != other.shape[0]) {
      throw new IllegalArgumentException(
          "dot needs two vectors of the same length, got shapes "
              + Shapes.str(shape)
              + " and "
              + Shapes.str(other.shape));
    }
    double s = 0.0;
    for (int i = 0; i < data.length; i++) {
      s += data[i] * other.data[i];
    }
    return s;
  }

  /**
   * The transpose of a matrix, or of the last two dimensions of a tensor of rank 3 or more.
   *
   * @return a new tensor with the last two dimensions swapped
   * @throws IllegalArgumentException if the rank is below 2
   */
  public Tensor transpose() {
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "transpose needs a tensor of rank 2 or more, got shape " + Shapes.str(shape));
    }
    int r = shape.length;
    int m = shape[r - 2];
    int n = shape[r - 1];
    int batch = data.length == 0 ? 0 : data.length / (m * n);
    double[] out = new double[data.length];
    final int block = 32;
    for (int t = 0; t < batch; t++) {
      int base = t * m * n;
      for (int i0 = 0; i0 < m; i0 += block) {
        int i1 = Math.min(m, i0 + block);
        for (int j0 = 0; j0 < n; j0 += block) {
          int j1 = Math.min(n, j0 + block);
          for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
              out[base + j * m + i] = data[base + i * n + j];
            }
          }
        }
      }
    }
    int[] s = shape.clone();
    s[r - 2] = n;
    s[r - 1] = m;
    return new Tensor(out, s);
  }

  /**
   * The same elements in a new shape of the same size; one dimension may be -1 (inferred).
   *
   * @param shape the new dimensions, whose product is {@link Tensor#size()}; at most one -1
   * @return a tensor of the new shape over the same elements
   * @throws IllegalArgumentException if the sizes differ or more than one dimension is -1
   */
  public Tensor reshape(int... shape) {
    int[] s = shape.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              "cannot reshape "
                  + Shapes.str(this.shape)
                  + " to "
                  + Shapes.str(s)
                  + ": more than one dimension is -1");
        }
        infer = i;
      } else if (s[i] < 0) {
        throw new IllegalArgumentException(
            "cannot reshape "
                + Shapes.str(this.shape)
                + " to "
                + Shapes.str(s)
                + ": negative dimension");
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || data.length % known != 0) {
        throw new IllegalArgumentException(
            "cannot reshape "
                + Shapes.str(this.shape)
                + " ("
                + data.length
                + " elements) to "
                + Shapes.str(s));
      }
      s[infer] = (int) (data.length / known);
      known = data.length;
    }
    if (known != data.length) {
      throw new IllegalArgumentException(
          "cannot reshape "
              + Shapes.str(this.shape)
              + " ("
              + data.length
              + " elements) to "
              + Shapes.str(s)
              + " ("
              + known
              + " elements)");
    }
    // Immutable: the new tensor can share the elements.
    return new Tensor(data, s);
  }

  /**
   * Rows {@code from} (inclusive) to {@code to} (exclusive) along the first dimension.
   *
   * @param from the first row taken
   * @param to the row after the last one taken
   * @return a new tensor of shape {@code [to - from, ...]}, the rest of the shape unchanged
   * @throws IllegalArgumentException if this is a scalar
   * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= shape()[0]}
   */
  public Tensor rows(int from, int to) {
    if (shape.length == 0) {
      throw new IllegalArgumentException("rows needs a tensor of rank 1 or more, got shape []");
    }
    if (from < 0 || to > shape[0] || from > to) {
      throw new IndexOutOfBoundsException(
          "rows " + from + " to " + to + " are out of range for shape " + Shapes.str(shape));
    }
    int row = Shapes.inner(shape, 0);
    int[] s = shape.clone();
    s[0] = to - from;
    return new Tensor(Arrays.copyOfRange(data, from * row, to * row), s);
  }

  /**
   * {@code first} and {@code second} joined along {@code axis}; the form {@code @Differentiable}
   * code calls, since it passes tensors one by one.
   *
   * @param axis the dimension along which to join, negative counting from the end
   * @param first the tensor that comes first along {@code axis}
   * @param second the tensor that follows it
   * @return a new tensor whose size along {@code axis} is the sum of theirs
   * @throws IllegalArgumentException if the ranks differ, or the shapes differ off {@code axis}
   */
  public static Tensor concat(int axis, Tensor first, Tensor second) {
    return concat(axis, new Tensor[] {first, second});
  }

  /**
   * The tensors joined along {@code axis}: all of the same rank and the same shape except along
   * {@code axis}.
   *
   * @param axis the dimension along which to join, negative counting from the end
   * @param tensors the tensors, in order; at least one
   * @return a new tensor whose size along {@code axis} is the sum of theirs
   * @throws IllegalArgumentException if there are none, the ranks differ, or the shapes differ off
   *     {@code axis}
   */
  public static Tensor concat(int axis, Tensor... tensors) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException("concat needs at least one tensor");
    }
    int[] first = tensors[0].shape;
    int ax = Shapes.axis(axis, first);
    int total = 0;
    for (Tensor t : tensors) {
      boolean fits = t.shape.length == first.length;
      for (int i = 0; fits && i < first.length; i++) {
        fits = i == ax || t.shape[i] == first[i];
      }
      if (!fits) {
        throw new IllegalArgumentException(
            "cannot concat shapes "
                + Shapes.str(first)
                + " and "
                + Shapes.str(t.shape)
                + " along axis "
                + axis);
      }
      total += t.shape[ax];
    }
    int[] s = first.clone();
    s[ax] = total;
    int outer = Shapes.outer(first, ax);
    int inner = Shapes.inner(first, ax);
    double[] out = new double[Shapes.size(s)];
    int rowOut = total * inner;
    int at = 0;
    for (Tensor t : tensors) {
      int len = t.shape[ax] * inner;
      for (int o = 0; o < outer; o++) {
        System.arraycopy(t.data, o * len, out, o * rowOut + at, len);
      }
      at += len;
    }
    return new Tensor(out, s);
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions.

  /**
   * The sum of all elements.
   *
   * @return the sum (0 for an empty tensor)
   */
  public double sum() {
    double s = 0.0;
    for (double v : data) {
      s += v;
    }
    return s;
  }

  /**
   * The sums along {@code axis}, which is removed from the shape.
   *
   * @param axis the dimension summed over, negative counting from the end
   * @return a new tensor of rank one less
   */
  public Tensor sum(int axis) {
    return sum(axis, false);
  }

  /**
   * The sums along {@code axis}, which is kept with size 1 when {@code keepDims}.
   *
   * @param axis the dimension summed over, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1 (to broadcast against this tensor)
   * @return a new tensor
   */
  public Tensor sum(int axis, boolean keepDims) {
    int ax = Shapes.axis(axis, shape);
    int outer = Shapes.outer(shape, ax);
    int n = shape[ax];
    int inner = Shapes.inner(shape, ax);
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner;
      int ob = o * inner;
      for (int j = 0; j < n; j++) {
        int row = base + j * inner;
        for (int i = 0; i < inner; i++) {
          out[ob + i] += data[row + i];
        }
      }
    }
    return new Tensor(out, Shapes.reduced(shape, ax, keepDims));
  }

  /**
   * The mean of all elements (NaN for an empty tensor).
   *
   * @return the mean
   */
  public double mean() {
    return sum() / data.length;
  }

  /**
   * The means along {@code axis}, which is removed from the shape.
   *
   * @param axis the dimension averaged over, negative counting from the end
   * @return a new tensor of rank one less
   */
  public Tensor mean(int axis) {
    return mean(axis, false);
  }

  /**
   * The means along {@code axis}, which is kept with size 1 when {@code keepDims}.
   *
   * @param axis the dimension averaged over, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @return a new tensor
   */
  public Tensor mean(int axis, boolean keepDims) {
    int ax = Shapes.axis(axis, shape);
    return sum(ax, keepDims).div(shape[ax]);
  }

  /**
   * The maxima along {@code axis}, which is removed from the shape (NaN if a lane has one).
   *
   * @param axis the dimension reduced, negative counting from the end
   * @return a new tensor of rank one less
   */
  public Tensor max(int axis) {
    return max(axis, false);
  }

  /**
   * The maxima along {@code axis}, which is kept with size 1 when {@code keepDims}.
   *
   * @param axis the dimension reduced, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @return a new tensor
   */
  public Tensor max(int axis, boolean keepDims) {
    int ax = Shapes.axis(axis, shape);
    int outer = Shapes.outer(shape, ax);
    int n = shape[ax];
    int inner = Shapes.inner(shape, ax);
    if (n == 0) {
      throw new IllegalArgumentException(
          "max along axis " + axis + " of shape " + Shapes.str(shape) + ", which is empty");
    }
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      laneMax(data, o * n * inner, n, inner, out, o * inner);
    }
    return new Tensor(out, Shapes.reduced(shape, ax, keepDims));
  }

  /** out[outOff + i] = max over j of x[base + j·inner + i] for one outer index; NaN wins. */
  private static void laneMax(double[] x, int base, int n, int inner, double[] out, int outOff) {
    System.arraycopy(x, base, out, outOff, inner);
    for (int j = 1; j < n; j++) {
      int row = base + j * inner;
      for (int i = 0; i < inner; i++) {
        double v = x[row + i];
        if (v > out[outOff + i] || v != v) {
          out[outOff + i] = v;
        }
      }
    }
  }

  /**
   * log Σ exp(x) along {@code axis} (removed), computed stably by factoring out the maximum.
   *
   * @param axis the dimension reduced, negative counting from the end
   * @return a new tensor of rank one less
   */
  public Tensor logSumExp(int axis) {
    return logSumExp(axis, false);
  }

  /**
   * log Σ exp(x) along {@code axis}, kept with size 1 when {@code keepDims}.
   *
   * @param axis the dimension reduced, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @return a new tensor
   */
  public Tensor logSumExp(int axis, boolean keepDims) {
    int ax = Shapes.axis(axis, shape);
    int outer = Shapes.outer(shape, ax);
    int n = shape[ax];
    int inner = Shapes.inner(shape, ax);
    double[] out = new double[outer * inner];
    if (n == 0) {
      Arrays.fill(out, Double.NEGATIVE_INFINITY);
    } else {
      double[] sums = new double[inner];
      double[] max = new double[inner];
      for (int o = 0; o < outer; o++) {
        laneLogSumExp(data, o, n, inner, max, sums);
        System.arraycopy(sums, 0, out, o * inner, inner);
      }
    }
    return new Tensor(out, Shapes.reduced(shape, ax, keepDims));
  }

  /** lse[i] = log Σ_j exp(x[o, j, i]) for one outer index; {@code max} is scratch. */
  private static void laneLogSumExp(
      double[] x, int o, int n, int inner, double[] max, double[] lse) {
    laneSumExp(x, o, n, inner, max, lse);
    for (int i = 0; i < inner; i++) {
      double m = max[i];
      // All -inf: the sum is empty (-inf); any +inf: +inf. Otherwise factor out the maximum.
      lse[i] = Double.isInfinite(m) ? m : m + Math.log(lse[i]);
    }
  }

  /** For one outer index: max[i] = max_j x[o, j, i] and sums[i] = Σ_j exp(x[o, j, i] - max[i]). */
  private static void laneSumExp(double[] x, int o, int n, int inner, double[] max, double[] sums) {
    int base = o * n * inner;
    laneMax(x, base, n, inner, max, 0);
    Arrays.fill(sums, 0, inner, 0.0);
    for (int j = 0; j < n; j++) {
      int row = base + j * inner;
      for (int i = 0; i < inner; i++) {
        sums[i] += Math.exp(x[row + i] - max[i]);
      }
    }
  }

  /**
   * The softmax along {@code axis}: exp(x) / Σ exp(x), computed stably.
   *
   * @param axis the dimension normalised over, negative counting from the end
   * @return a new tensor of this shape whose lanes along {@code axis} sum to 1
   */
  public Tensor softmax(int axis) {
    int ax = Shapes.axis(axis, shape);
    int outer = Shapes.outer(shape, ax);
    int n = shape[ax];
    int inner = Shapes.inner(shape, ax);
    double[] out = new double[data.length];
    double[] max = new double[inner];
    double[] sums = new double[inner];
    for (int o = 0; o < outer && n > 0; o++) {
      int base = o * n * inner;
      laneMax(data, base, n, inner, max, 0);
      Arrays.fill(sums, 0.0);
      for (int j = 0; j < n; j++) {
        int row = base + j * inner;
        for (int i = 0; i < inner; i++) {
          double e = Math.exp(data[row + i] - max[i]);
          out[row + i] = e;
          sums[i] += e;
        }
      }
      for (int j = 0; j < n; j++) {
        int row = base + j * inner;
        for (int i = 0; i < inner; i++) {
          out[row + i] /= sums[i];
        }
      }
    }
    return new Tensor(out, shape);
  }

  /**
   * log softmax along {@code axis}: (x - max) - log Σ exp(x - max), as PyTorch computes it. (Not x
   * - logSumExp(x): max + log Σ rounds to the precision of max, so for entries near 1e6 the result
   * was off by up to 1e-10, and the gradient, which reads the result, then disagreed with the
   * function: logSoftmax of equal entries is constant, but its computed gradient was not zero.)
   *
   * @param axis the dimension normalised over, negative counting from the end
   * @return a new tensor of this shape
   */
  public Tensor logSoftmax(int axis) {
    int ax = Shapes.axis(axis, shape);
    int outer = Shapes.outer(shape, ax);
    int n = shape[ax];
    int inner = Shapes.inner(shape, ax);
    double[] out = new double[data.length];
    double[] max = new double[inner];
    double[] logSums = new double[inner];
    for (int o = 0; o < outer && n > 0; o++) {
      int base = o * n * inner;
      laneSumExp(data, o, n, inner, max, logSums);
      for (int i = 0; i < inner; i++) {
        logSums[i] = Math.log(logSums[i]);
      }
      for (int j = 0; j < n; j++) {
        int row = base + j * inner;
        for (int i = 0; i < inner; i++) {
          double m = max[i];
          // An infinite maximum: x - logSumExp(x), whose logSumExp is that maximum.
          out[row + i] =
              Double.isInfinite(m) ? data[row + i] - m : (data[row + i] - m) - logSums[i];
        }
      }
    }
    return new Tensor(out, shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Object methods.

  /**
   * Whether every element is within {@code atol + rtol·|other|} of other's; same shape.
   *
   * @param other the tensor compared with
   * @param rtol the tolerance relative to {@code |other|}
   * @param atol the absolute tolerance
   * @return whether the shapes are equal and every element is close (equal elements, NaN included,
   *     are)
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    if (!Arrays.equals(shape, other.shape)) {
      return false;
    }
    for (int i = 0; i < data.length; i++) {
      double a = data[i];
      double b = other.data[i];
      if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b)) && Double.compare(a, b) != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  /**
   * Checks a deserialized tensor: a shape of non-negative dimensions that its elements fill.
   *
   * @param in the stream
   * @throws IOException if the stream fails or holds no valid tensor
   * @throws ClassNotFoundException if a class of the stream is missing
   */
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (data == null || shape == null) {
      throw new InvalidObjectException("a tensor without elements or shape");
    }
    long size = 1;
    for (int n : shape) {
      if (n < 0) {
        throw new InvalidObjectException("negative dimension in shape " + Arrays.toString(shape));
      }
      size = Math.min(size * n, Integer.MAX_VALUE + 1L); // No overflow past an array's length.
    }
    if (size != data.length) {
      throw new InvalidObjectException(
          data.length + " elements do not fill shape " + Arrays.toString(shape));
    }
  }

  /**
   * Owns its arrays, which the stream may share with other objects it held.
   *
   * @return a tensor with arrays of its own
   */
  private Object readResolve() {
    return new Tensor(data.clone(), shape.clone());
  }

  /** Tensors of more elements than this are printed with their middles elided, as NumPy does. */
  static final int PRINT_THRESHOLD = 1000;

  static final int EDGE_ITEMS = 3;

  /**
   * NumPy-like: {@code tensor([[1.0, 2.0], [3.0, 4.0]])} with one row per line, six significant
   * digits, and, above 1000 elements, only the first and last three entries of each dimension.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("tensor(");
    if (shape.length == 0) {
      sb.append(format(data[0]));
    } else {
      boolean elide = data.length > PRINT_THRESHOLD;
      print(sb, 0, 0, elide, "tensor(".length());
    }
    return sb.append(')').toString();
  }

  private void print(StringBuilder sb, int dim, int offset, boolean elide, int indent) {
    int n = shape[dim];
    int stride = Shapes.inner(shape, dim);
    sb.append('[');
    boolean cut = elide && n > 2 * EDGE_ITEMS;
    for (int i = 0; i < n; i++) {
      if (cut && i == EDGE_ITEMS) {
        i = n - EDGE_ITEMS;
        sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
      }
      if (dim == shape.length - 1) {
        sb.append(format(data[offset + i]));
      } else {
        print(sb, dim + 1, offset + i * stride, elide, indent);
      }
      if (i < n - 1) {
        sb.append(',');
        if (dim == shape.length - 1) {
          sb.append(' ');
        } else {
          sb.append("\n".repeat(shape.length - 1 - dim)).append(" ".repeat(indent + dim + 1));
        }
      }
    }
    sb.append(']');
  }

  static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (v == 0 && 1 / v < 0 ? "-" : "") + (long) v + ".0";
    }
    double a = Math.abs(v);
    String s;
    if (a >= 1e-4 && a < 1e15) {
      s =
          new java.math.BigDecimal(v)
              .round(new java.math.MathContext(6))
              .stripTrailingZeros()
              .toPlainString();
      if (s.indexOf('.') < 0) {
        s += ".0";
      }
    } else {
      s = String.format(Locale.ROOT, "%.5e", v);
      int e = s.indexOf('e');
      String mant = s.substring(0, e).replaceAll("0+$", "");
      if (mant.endsWith(".")) {
        mant += "0";
      }
      s = mant + s.substring(e);
    }
    return s;
  }
}
