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

import dev.adjoint.Derivatives;
import dev.adjoint.PullbackOf;
import java.util.Arrays;

/**
 * The pullbacks (vector-Jacobian products) of {@link Tensor}'s differentiable methods, declared
 * with {@link PullbackOf}: one method per differentiable input (the receiver, {@code "this"}, and
 * each {@code Tensor}, {@code double}, {@code double[]} or {@code Tensor[]} parameter).
 *
 * <p>Each takes the original's inputs (receiver first), optionally its result, then the seed (of
 * the result's type and shape), and returns the seed pulled back to one input, of that input's type
 * and shape. Where the original broadcast an operand, its pullback sums over the broadcast
 * dimensions. A seed of the wrong shape is an {@link IllegalArgumentException}.
 *
 * <p>Conventions at non-differentiable points, as PyTorch's: relu'(0) = 0; abs'(0) = 0; for {@code
 * max(axis)} the gradient of each maximum is split <em>evenly</em> among the entries that tie for
 * it (as PyTorch's {@code amax} does; its {@code max(dim)} instead picks one index); for {@code
 * pow(p)} the derivative in x is 0 where p = 0 and the derivative in p is 0 where x = 0 ({@link
 * Derivatives#powBase}, {@link Derivatives#powExponent}); sqrt'(0) = +∞ and log'(0) = +∞ (IEEE
 * 754).
 */
public final class TensorPullbacks {
  private TensorPullbacks() {}

  private static void checkSeed(Tensor seed, int[] shape, String op) {
    if (!Arrays.equals(seed.shape, shape)) {
      throw new IllegalArgumentException(
          "the seed of "
              + op
              + " has shape "
              + Shapes.str(seed.shape)
              + ", but its result has"
              + " shape "
              + Shapes.str(shape));
    }
  }

  private static void checkSeed(Tensor seed, Tensor result, String op) {
    checkSeed(seed, result.shape, op);
  }

  // ---------------------------------------------------------------------------------------------
  // Creation.

  /**
   * The pullback of {@link Tensor#of} with respect to {@code data}.
   *
   * @param data the elements in row-major order; copied
   * @param shape the dimensions, whose product is {@code data.length}; none for a vector
   * @param seed the seed: the cotangent of {@code of}'s result, of its shape
   * @return the seed pulled back to {@code data}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂data, of {@code data}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "of", wrt = "data")
  public static double[] ofData(double[] data, int[] shape, Tensor seed) {
    if (seed.data.length != data.length) {
      throw new IllegalArgumentException(
          "the seed of of() has shape "
              + Shapes.str(seed.shape)
              + ", but its result has "
              + data.length
              + " elements");
    }
    return seed.toArray();
  }

  /**
   * The pullback of {@link Tensor#vector} with respect to {@code values}.
   *
   * @param values the elements; copied
   * @param seed the seed: the cotangent of {@code vector}'s result, of its shape
   * @return the seed pulled back to {@code values}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂values, of {@code values}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "vector", wrt = "values")
  public static double[] vectorValues(double[] values, Tensor seed) {
    checkSeed(seed, new int[] {values.length}, "vector");
    return seed.toArray();
  }

  /**
   * The pullback of {@link Tensor#scalar} with respect to {@code value}.
   *
   * @param value the element
   * @param seed the seed: the cotangent of {@code scalar}'s result, of its shape
   * @return the seed pulled back to {@code value}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂value, of {@code value}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "scalar", wrt = "value")
  public static double scalarValue(double value, Tensor seed) {
    checkSeed(seed, new int[0], "scalar");
    return seed.data[0];
  }

  /**
   * The pullback of {@link Tensor#full} with respect to {@code value}.
   *
   * @param value every element's value
   * @param shape the dimensions, each 0 or more
   * @param seed the seed: the cotangent of {@code full}'s result, of its shape
   * @return the seed pulled back to {@code value}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂value, of {@code value}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "full", wrt = "value")
  public static double fullValue(double value, int[] shape, Tensor seed) {
    checkSeed(seed, shape, "full");
    return seed.sum();
  }

  /**
   * The pullback of {@link Tensor#concat} with respect to {@code first}.
   *
   * @param axis the dimension along which to join, negative counting from the end
   * @param first the tensor that comes first along {@code axis}
   * @param second the tensor that follows it
   * @param result what {@code concat} returned for these arguments
   * @param seed the seed: the cotangent of {@code concat}'s result, of its shape
   * @return the seed pulled back to {@code first}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂first, of {@code first}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "concat", wrt = "first")
  public static Tensor concatFirst(
      int axis, Tensor first, Tensor second, Tensor result, Tensor seed) {
    return concatTensors(axis, new Tensor[] {first, second}, result, seed)[0];
  }

  /**
   * The pullback of {@link Tensor#concat} with respect to {@code second}.
   *
   * @param axis the dimension along which to join, negative counting from the end
   * @param first the tensor that comes first along {@code axis}
   * @param second the tensor that follows it
   * @param result what {@code concat} returned for these arguments
   * @param seed the seed: the cotangent of {@code concat}'s result, of its shape
   * @return the seed pulled back to {@code second}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂second, of {@code second}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "concat", wrt = "second")
  public static Tensor concatSecond(
      int axis, Tensor first, Tensor second, Tensor result, Tensor seed) {
    return concatTensors(axis, new Tensor[] {first, second}, result, seed)[1];
  }

  /**
   * The pullback of {@link Tensor#concat} with respect to {@code tensors}.
   *
   * @param axis the dimension along which to join, negative counting from the end
   * @param tensors the tensors, in order; at least one
   * @param result what {@code concat} returned for these arguments
   * @param seed the seed: the cotangent of {@code concat}'s result, of its shape
   * @return the seed pulled back to {@code tensors}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂tensors, of {@code tensors}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "concat", wrt = "tensors")
  public static Tensor[] concatTensors(int axis, Tensor[] tensors, Tensor result, Tensor seed) {
    checkSeed(seed, result, "concat");
    int ax = Shapes.axis(axis, result.shape);
    int outer = Shapes.outer(result.shape, ax);
    int inner = Shapes.inner(result.shape, ax);
    int rowIn = result.shape[ax] * inner;
    Tensor[] out = new Tensor[tensors.length];
    int at = 0;
    for (int t = 0; t < tensors.length; t++) {
      int[] s = tensors[t].shape.clone();
      int len = s[ax] * inner;
      double[] d = new double[outer * len];
      for (int o = 0; o < outer; o++) {
        System.arraycopy(seed.data, o * rowIn + at, d, o * len, len);
      }
      at += len;
      out[t] = Tensor.wrap(d, s);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Element access.

  /**
   * The pullback of {@link Tensor#get} with respect to the receiver.
   *
   * @param self the tensor {@code get} was called on
   * @param index one index per dimension, each in [0, that dimension)
   * @param seed the seed: the cotangent of {@code get}'s result
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "get", wrt = "this")
  public static Tensor getThis(Tensor self, int[] index, double seed) {
    double[] d = new double[self.data.length];
    d[self.offset(index)] = seed;
    return Tensor.wrap(d, self.shape);
  }

  /**
   * The pullback of {@link Tensor#item} with respect to the receiver.
   *
   * @param self the tensor {@code item} was called on
   * @param seed the seed: the cotangent of {@code item}'s result
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "item", wrt = "this")
  public static Tensor itemThis(Tensor self, double seed) {
    return Tensor.full(seed, self.shape);
  }

  /**
   * The pullback of {@link Tensor#toArray} with respect to the receiver.
   *
   * @param self the tensor {@code toArray} was called on
   * @param seed the seed: the cotangent of {@code toArray}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "toArray", wrt = "this")
  public static Tensor toArrayThis(Tensor self, double[] seed) {
    if (seed.length != self.data.length) {
      throw new IllegalArgumentException(
          "the seed of toArray() has "
              + seed.length
              + " elements, but the tensor has shape "
              + Shapes.str(self.shape));
    }
    return Tensor.wrap(seed.clone(), self.shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Arithmetic.

  /**
   * The pullback of {@link Tensor#add} with respect to the receiver.
   *
   * @param self the tensor {@code add} was called on
   * @param other the other operand, whose shape broadcasts with this one's
   * @param seed the seed: the cotangent of {@code add}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "add", wrt = "this")
  public static Tensor addThis(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "add");
    return seed.sumTo(self.shape);
  }

  /**
   * The pullback of {@link Tensor#add} with respect to {@code other}.
   *
   * @param self the tensor {@code add} was called on
   * @param other the other operand, whose shape broadcasts with this one's
   * @param seed the seed: the cotangent of {@code add}'s result, of its shape
   * @return the seed pulled back to {@code other}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂other, of {@code other}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "add", wrt = "other")
  public static Tensor addOther(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "add");
    return seed.sumTo(other.shape);
  }

  /**
   * The pullback of {@link Tensor#sub} with respect to the receiver.
   *
   * @param self the tensor {@code sub} was called on
   * @param other the tensor subtracted, whose shape broadcasts with this one's
   * @param seed the seed: the cotangent of {@code sub}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sub", wrt = "this")
  public static Tensor subThis(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "sub");
    return seed.sumTo(self.shape);
  }

  /**
   * The pullback of {@link Tensor#sub} with respect to {@code other}.
   *
   * @param self the tensor {@code sub} was called on
   * @param other the tensor subtracted, whose shape broadcasts with this one's
   * @param seed the seed: the cotangent of {@code sub}'s result, of its shape
   * @return the seed pulled back to {@code other}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂other, of {@code other}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sub", wrt = "other")
  public static Tensor subOther(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "sub");
    return seed.sumTo(other.shape).neg();
  }

  /**
   * The pullback of {@link Tensor#mul} with respect to the receiver.
   *
   * @param self the tensor {@code mul} was called on
   * @param other the other factor, whose shape broadcasts with this one's
   * @param seed the seed: the cotangent of {@code mul}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "mul", wrt = "this")
  public static Tensor mulThis(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "mul");
    return seed.mul(other).sumTo(self.shape);
  }

  /**
   * The pullback of {@link Tensor#mul} with respect to {@code other}.
   *
   * @param self the tensor {@code mul} was called on
   * @param other the other factor, whose shape broadcasts with this one's
   * @param seed the seed: the cotangent of {@code mul}'s result, of its shape
   * @return the seed pulled back to {@code other}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂other, of {@code other}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "mul", wrt = "other")
  public static Tensor mulOther(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "mul");
    return seed.mul(self).sumTo(other.shape);
  }

  /**
   * The pullback of {@link Tensor#div} with respect to the receiver.
   *
   * @param self the tensor {@code div} was called on
   * @param other the divisor, whose shape broadcasts with this one's
   * @param seed the seed: the cotangent of {@code div}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "div", wrt = "this")
  public static Tensor divThis(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "div");
    return seed.div(other).sumTo(self.shape);
  }

  /**
   * d(x/y)/dy = -x/y², computed as -(seed·x/y)/y.
   *
   * @param self the tensor {@code div} was called on
   * @param other the divisor, whose shape broadcasts with this one's
   * @param seed the seed: the cotangent of {@code div}'s result, of its shape
   * @return the seed pulled back to {@code other}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂other, of {@code other}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "div", wrt = "other")
  public static Tensor divOther(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "div");
    return seed.mul(self).div(other).div(other).sumTo(other.shape).neg();
  }

  /**
   * The pullback of {@link Tensor#add} with respect to the receiver.
   *
   * @param self the tensor {@code add} was called on
   * @param scalar the number added to every element
   * @param seed the seed: the cotangent of {@code add}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "add", wrt = "this")
  public static Tensor addScalarThis(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "add");
    return seed;
  }

  /**
   * The pullback of {@link Tensor#add} with respect to {@code scalar}.
   *
   * @param self the tensor {@code add} was called on
   * @param scalar the number added to every element
   * @param seed the seed: the cotangent of {@code add}'s result, of its shape
   * @return the seed pulled back to {@code scalar}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂scalar, of {@code scalar}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "add", wrt = "scalar")
  public static double addScalar(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "add");
    return seed.sum();
  }

  /**
   * The pullback of {@link Tensor#sub} with respect to the receiver.
   *
   * @param self the tensor {@code sub} was called on
   * @param scalar the number subtracted from every element
   * @param seed the seed: the cotangent of {@code sub}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sub", wrt = "this")
  public static Tensor subScalarThis(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "sub");
    return seed;
  }

  /**
   * The pullback of {@link Tensor#sub} with respect to {@code scalar}.
   *
   * @param self the tensor {@code sub} was called on
   * @param scalar the number subtracted from every element
   * @param seed the seed: the cotangent of {@code sub}'s result, of its shape
   * @return the seed pulled back to {@code scalar}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂scalar, of {@code scalar}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sub", wrt = "scalar")
  public static double subScalar(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "sub");
    return -seed.sum();
  }

  /**
   * The pullback of {@link Tensor#mul} with respect to the receiver.
   *
   * @param self the tensor {@code mul} was called on
   * @param scalar the factor of every element
   * @param seed the seed: the cotangent of {@code mul}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "mul", wrt = "this")
  public static Tensor mulScalarThis(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "mul");
    return seed.mul(scalar);
  }

  /**
   * The pullback of {@link Tensor#mul} with respect to {@code scalar}.
   *
   * @param self the tensor {@code mul} was called on
   * @param scalar the factor of every element
   * @param seed the seed: the cotangent of {@code mul}'s result, of its shape
   * @return the seed pulled back to {@code scalar}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂scalar, of {@code scalar}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "mul", wrt = "scalar")
  public static double mulScalar(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "mul");
    return dot(seed.data, self.data);
  }

  /**
   * The pullback of {@link Tensor#div} with respect to the receiver.
   *
   * @param self the tensor {@code div} was called on
   * @param scalar the divisor of every element
   * @param seed the seed: the cotangent of {@code div}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "div", wrt = "this")
  public static Tensor divScalarThis(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "div");
    return seed.div(scalar);
  }

  /**
   * The pullback of {@link Tensor#div} with respect to {@code scalar}.
   *
   * @param self the tensor {@code div} was called on
   * @param scalar the divisor of every element
   * @param seed the seed: the cotangent of {@code div}'s result, of its shape
   * @return the seed pulled back to {@code scalar}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂scalar, of {@code scalar}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "div", wrt = "scalar")
  public static double divScalar(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "div");
    return -dot(seed.data, self.data) / (scalar * scalar);
  }

  /**
   * The pullback of {@link Tensor#neg} with respect to the receiver.
   *
   * @param self the tensor {@code neg} was called on
   * @param seed the seed: the cotangent of {@code neg}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "neg", wrt = "this")
  public static Tensor negThis(Tensor self, Tensor seed) {
    checkSeed(seed, self.shape, "neg");
    return seed.neg();
  }

  /**
   * The pullback of {@link Tensor#broadcastTo} with respect to the receiver.
   *
   * @param self the tensor {@code broadcastTo} was called on
   * @param shape the target shape, to which this one broadcasts
   * @param seed the seed: the cotangent of {@code broadcastTo}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "broadcastTo", wrt = "this")
  public static Tensor broadcastToThis(Tensor self, int[] shape, Tensor seed) {
    checkSeed(seed, shape, "broadcastTo");
    return seed.sumTo(self.shape);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0.0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Element-wise functions.

  /**
   * The pullback of {@link Tensor#exp} with respect to the receiver.
   *
   * @param self the tensor {@code exp} was called on
   * @param result what {@code exp} returned for these arguments
   * @param seed the seed: the cotangent of {@code exp}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "exp", wrt = "this")
  public static Tensor expThis(Tensor self, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "exp");
    return seed.mul(result);
  }

  /**
   * The pullback of {@link Tensor#log} with respect to the receiver.
   *
   * @param self the tensor {@code log} was called on
   * @param seed the seed: the cotangent of {@code log}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "log", wrt = "this")
  public static Tensor logThis(Tensor self, Tensor seed) {
    checkSeed(seed, self.shape, "log");
    return seed.div(self);
  }

  /**
   * The pullback of {@link Tensor#tanh} with respect to the receiver.
   *
   * @param self the tensor {@code tanh} was called on
   * @param result what {@code tanh} returned for these arguments
   * @param seed the seed: the cotangent of {@code tanh}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "tanh", wrt = "this")
  public static Tensor tanhThis(Tensor self, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "tanh");
    double[] g = seed.data;
    double[] y = result.data;
    double[] out = new double[g.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = g[i] * (1.0 - y[i] * y[i]);
    }
    return Tensor.wrap(out, self.shape);
  }

  /**
   * The pullback of {@link Tensor#sigmoid} with respect to the receiver.
   *
   * @param self the tensor {@code sigmoid} was called on
   * @param result what {@code sigmoid} returned for these arguments
   * @param seed the seed: the cotangent of {@code sigmoid}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sigmoid", wrt = "this")
  public static Tensor sigmoidThis(Tensor self, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "sigmoid");
    double[] g = seed.data;
    double[] y = result.data;
    double[] out = new double[g.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = g[i] * y[i] * (1.0 - y[i]);
    }
    return Tensor.wrap(out, self.shape);
  }

  /**
   * relu'(x) = 1 for x &gt; 0, and 0 for x ≤ 0 (0 at x = 0, as PyTorch) and for NaN.
   *
   * @param self the tensor {@code relu} was called on
   * @param seed the seed: the cotangent of {@code relu}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "relu", wrt = "this")
  public static Tensor reluThis(Tensor self, Tensor seed) {
    checkSeed(seed, self.shape, "relu");
    double[] g = seed.data;
    double[] x = self.data;
    double[] out = new double[g.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] > 0.0 ? g[i] : 0.0;
    }
    return Tensor.wrap(out, self.shape);
  }

  /**
   * The pullback of {@link Tensor#sqrt} with respect to the receiver.
   *
   * @param self the tensor {@code sqrt} was called on
   * @param result what {@code sqrt} returned for these arguments
   * @param seed the seed: the cotangent of {@code sqrt}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sqrt", wrt = "this")
  public static Tensor sqrtThis(Tensor self, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "sqrt");
    double[] g = seed.data;
    double[] y = result.data;
    double[] out = new double[g.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = g[i] / (2.0 * y[i]);
    }
    return Tensor.wrap(out, self.shape);
  }

  /**
   * p·x^(p-1), and 0 where p = 0 ({@link Derivatives#powBase}).
   *
   * @param self the tensor {@code pow} was called on
   * @param exponent the power every element is raised to
   * @param seed the seed: the cotangent of {@code pow}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "pow", wrt = "this")
  public static Tensor powThis(Tensor self, double exponent, Tensor seed) {
    checkSeed(seed, self.shape, "pow");
    double[] g = seed.data;
    double[] x = self.data;
    double[] out = new double[g.length];
    if (exponent == 2.0) {
      for (int i = 0; i < out.length; i++) {
        out[i] = g[i] * 2.0 * x[i];
      }
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] = g[i] * Derivatives.powBase(x[i], exponent);
      }
    }
    return Tensor.wrap(out, self.shape);
  }

  /**
   * Σ seed·x^p·ln x, with 0 where x = 0 ({@link Derivatives#powExponent}); NaN where x &lt; 0.
   *
   * @param self the tensor {@code pow} was called on
   * @param exponent the power every element is raised to
   * @param result what {@code pow} returned for these arguments
   * @param seed the seed: the cotangent of {@code pow}'s result, of its shape
   * @return the seed pulled back to {@code exponent}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂exponent, of {@code exponent}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "pow", wrt = "exponent")
  public static double powExponent(Tensor self, double exponent, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "pow");
    double[] g = seed.data;
    double[] x = self.data;
    double[] y = result.data;
    double s = 0.0;
    for (int i = 0; i < g.length; i++) {
      s += g[i] * Derivatives.powExponent(x[i], y[i]);
    }
    return s;
  }

  /**
   * sign(x): 0 at x = 0, as PyTorch.
   *
   * @param self the tensor {@code abs} was called on
   * @param seed the seed: the cotangent of {@code abs}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "abs", wrt = "this")
  public static Tensor absThis(Tensor self, Tensor seed) {
    checkSeed(seed, self.shape, "abs");
    double[] g = seed.data;
    double[] x = self.data;
    double[] out = new double[g.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = g[i] * Derivatives.abs(x[i]);
    }
    return Tensor.wrap(out, self.shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Linear algebra and shape.

  /**
   * seed·otherᵀ, summed over the batch when this is a matrix and the other a batch.
   *
   * @param self the tensor {@code matmul} was called on
   * @param other the right operand: {@code [k, n]} or {@code [batch, k, n]}
   * @param result what {@code matmul} returned for these arguments
   * @param seed the seed: the cotangent of {@code matmul}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "matmul", wrt = "this")
  public static Tensor matmulThis(Tensor self, Tensor other, Tensor result, Tensor seed) {
    checkSeed(seed, result, "matmul");
    return Tensor.matmulGradLeft(self, other, seed);
  }

  /**
   * thisᵀ·seed, summed over the batch when the other is a matrix and this a batch.
   *
   * @param self the tensor {@code matmul} was called on
   * @param other the right operand: {@code [k, n]} or {@code [batch, k, n]}
   * @param result what {@code matmul} returned for these arguments
   * @param seed the seed: the cotangent of {@code matmul}'s result, of its shape
   * @return the seed pulled back to {@code other}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂other, of {@code other}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "matmul", wrt = "other")
  public static Tensor matmulOther(Tensor self, Tensor other, Tensor result, Tensor seed) {
    checkSeed(seed, result, "matmul");
    return Tensor.matmulGradRight(self, other, seed);
  }

  /**
   * The pullback of {@link Tensor#dot} with respect to the receiver.
   *
   * @param self the tensor {@code dot} was called on
   * @param other a vector of this vector's length
   * @param seed the seed: the cotangent of {@code dot}'s result
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "dot", wrt = "this")
  public static Tensor dotThis(Tensor self, Tensor other, double seed) {
    return other.mul(seed);
  }

  /**
   * The pullback of {@link Tensor#dot} with respect to {@code other}.
   *
   * @param self the tensor {@code dot} was called on
   * @param other a vector of this vector's length
   * @param seed the seed: the cotangent of {@code dot}'s result
   * @return the seed pulled back to {@code other}, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂other, of {@code other}'s type and shape
   */
  @PullbackOf(type = Tensor.class, method = "dot", wrt = "other")
  public static Tensor dotOther(Tensor self, Tensor other, double seed) {
    return self.mul(seed);
  }

  /**
   * The pullback of {@link Tensor#transpose} with respect to the receiver.
   *
   * @param self the tensor {@code transpose} was called on
   * @param seed the seed: the cotangent of {@code transpose}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "transpose", wrt = "this")
  public static Tensor transposeThis(Tensor self, Tensor seed) {
    Tensor g = seed.transpose();
    checkSeed(g, self.shape, "transpose (transposed)");
    return g;
  }

  /**
   * The pullback of {@link Tensor#reshape} with respect to the receiver.
   *
   * @param self the tensor {@code reshape} was called on
   * @param shape the new dimensions, whose product is {@link Tensor#size()}; at most one -1
   * @param seed the seed: the cotangent of {@code reshape}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "reshape", wrt = "this")
  public static Tensor reshapeThis(Tensor self, int[] shape, Tensor seed) {
    if (seed.data.length != self.data.length) {
      throw new IllegalArgumentException(
          "the seed of reshape has shape "
              + Shapes.str(seed.shape)
              + ", which does not fit "
              + Shapes.str(self.shape));
    }
    return seed.reshape(self.shape);
  }

  /**
   * The pullback of {@link Tensor#rows} with respect to the receiver.
   *
   * @param self the tensor {@code rows} was called on
   * @param from the first row taken
   * @param to the row after the last one taken
   * @param seed the seed: the cotangent of {@code rows}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "rows", wrt = "this")
  public static Tensor rowsThis(Tensor self, int from, int to, Tensor seed) {
    int[] s = self.shape.clone();
    s[0] = to - from;
    checkSeed(seed, s, "rows");
    int row = Shapes.inner(self.shape, 0);
    double[] d = new double[self.data.length];
    System.arraycopy(seed.data, 0, d, from * row, seed.data.length);
    return Tensor.wrap(d, self.shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions.

  /**
   * The reduced {@code seed} (shape of {@code shape} without, or with size 1 at, {@code axis})
   * repeated along {@code axis}, times {@code scale}.
   */
  private static Tensor expand(
      Tensor seed, int[] shape, int axis, boolean keepDims, double scale, String op) {
    checkSeed(seed, Shapes.reduced(shape, axis, keepDims), op);
    int outer = Shapes.outer(shape, axis);
    int n = shape[axis];
    int inner = Shapes.inner(shape, axis);
    double[] g = seed.data;
    double[] out = new double[outer * n * inner];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < n; j++) {
        int row = (o * n + j) * inner;
        for (int i = 0; i < inner; i++) {
          out[row + i] = g[o * inner + i] * scale;
        }
      }
    }
    return Tensor.wrap(out, shape);
  }

  /**
   * The pullback of {@link Tensor#sum} with respect to the receiver.
   *
   * @param self the tensor {@code sum} was called on
   * @param seed the seed: the cotangent of {@code sum}'s result
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sum", wrt = "this")
  public static Tensor sumThis(Tensor self, double seed) {
    return Tensor.full(seed, self.shape);
  }

  /**
   * The pullback of {@link Tensor#sum} with respect to the receiver.
   *
   * @param self the tensor {@code sum} was called on
   * @param axis the dimension summed over, negative counting from the end
   * @param seed the seed: the cotangent of {@code sum}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sum", wrt = "this")
  public static Tensor sumThis(Tensor self, int axis, Tensor seed) {
    return sumThis(self, axis, false, seed);
  }

  /**
   * The pullback of {@link Tensor#sum} with respect to the receiver.
   *
   * @param self the tensor {@code sum} was called on
   * @param axis the dimension summed over, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1 (to broadcast against this tensor)
   * @param seed the seed: the cotangent of {@code sum}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "sum", wrt = "this")
  public static Tensor sumThis(Tensor self, int axis, boolean keepDims, Tensor seed) {
    return expand(seed, self.shape, Shapes.axis(axis, self.shape), keepDims, 1.0, "sum");
  }

  /**
   * The pullback of {@link Tensor#mean} with respect to the receiver.
   *
   * @param self the tensor {@code mean} was called on
   * @param seed the seed: the cotangent of {@code mean}'s result
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "mean", wrt = "this")
  public static Tensor meanThis(Tensor self, double seed) {
    return Tensor.full(seed / self.data.length, self.shape);
  }

  /**
   * The pullback of {@link Tensor#mean} with respect to the receiver.
   *
   * @param self the tensor {@code mean} was called on
   * @param axis the dimension averaged over, negative counting from the end
   * @param seed the seed: the cotangent of {@code mean}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "mean", wrt = "this")
  public static Tensor meanThis(Tensor self, int axis, Tensor seed) {
    return meanThis(self, axis, false, seed);
  }

  /**
   * The pullback of {@link Tensor#mean} with respect to the receiver.
   *
   * @param self the tensor {@code mean} was called on
   * @param axis the dimension averaged over, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @param seed the seed: the cotangent of {@code mean}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "mean", wrt = "this")
  public static Tensor meanThis(Tensor self, int axis, boolean keepDims, Tensor seed) {
    int ax = Shapes.axis(axis, self.shape);
    return expand(seed, self.shape, ax, keepDims, 1.0 / self.shape[ax], "mean");
  }

  /**
   * The seed of each maximum, split evenly among the entries that equal it (ties share; PyTorch's
   * {@code amax} convention). Lanes whose maximum is NaN pass no gradient.
   *
   * @param self the tensor {@code max} was called on
   * @param axis the dimension reduced, negative counting from the end
   * @param result what {@code max} returned for these arguments
   * @param seed the seed: the cotangent of {@code max}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "max", wrt = "this")
  public static Tensor maxThis(Tensor self, int axis, Tensor result, Tensor seed) {
    return maxThis(self, axis, false, result, seed);
  }

  /**
   * As {@link #maxThis(Tensor, int, Tensor, Tensor)}.
   *
   * @param self the tensor {@code max} was called on
   * @param axis the dimension reduced, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @param result what {@code max} returned for these arguments
   * @param seed the seed: the cotangent of {@code max}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "max", wrt = "this")
  public static Tensor maxThis(
      Tensor self, int axis, boolean keepDims, Tensor result, Tensor seed) {
    checkSeed(seed, result, "max");
    int ax = Shapes.axis(axis, self.shape);
    int outer = Shapes.outer(self.shape, ax);
    int n = self.shape[ax];
    int inner = Shapes.inner(self.shape, ax);
    double[] x = self.data;
    double[] m = result.data;
    double[] g = seed.data;
    double[] out = new double[x.length];
    int[] count = new int[inner];
    for (int o = 0; o < outer; o++) {
      Arrays.fill(count, 0);
      int base = o * n * inner;
      int ob = o * inner;
      for (int j = 0; j < n; j++) {
        int row = base + j * inner;
        for (int i = 0; i < inner; i++) {
          if (x[row + i] == m[ob + i]) {
            count[i]++;
          }
        }
      }
      for (int j = 0; j < n; j++) {
        int row = base + j * inner;
        for (int i = 0; i < inner; i++) {
          if (x[row + i] == m[ob + i]) {
            out[row + i] = g[ob + i] / count[i];
          }
        }
      }
    }
    return Tensor.wrap(out, self.shape);
  }

  /**
   * seed·softmax(x) along the axis. The softmax is normalized (exp(x - max) / Σ), not exp(x -
   * result): result rounds to the precision of max, so for entries near 3.7e7 that softmax summed
   * to 1 ± 4e-9, and the gradient of logSumExp(x) - x, constant along equal entries, was not 0.
   *
   * @param self the tensor {@code logSumExp} was called on
   * @param axis the dimension reduced, negative counting from the end
   * @param result what {@code logSumExp} returned for these arguments
   * @param seed the seed: the cotangent of {@code logSumExp}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "logSumExp", wrt = "this")
  public static Tensor logSumExpThis(Tensor self, int axis, Tensor result, Tensor seed) {
    return logSumExpThis(self, axis, false, result, seed);
  }

  /**
   * As {@link #logSumExpThis(Tensor, int, Tensor, Tensor)}.
   *
   * @param self the tensor {@code logSumExp} was called on
   * @param axis the dimension reduced, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @param result what {@code logSumExp} returned for these arguments
   * @param seed the seed: the cotangent of {@code logSumExp}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "logSumExp", wrt = "this")
  public static Tensor logSumExpThis(
      Tensor self, int axis, boolean keepDims, Tensor result, Tensor seed) {
    checkSeed(seed, result, "logSumExp");
    int ax = Shapes.axis(axis, self.shape);
    int[] kept = Shapes.reduced(self.shape, ax, true);
    return self.softmax(ax).mul(seed.reshape(kept));
  }

  /**
   * y·(seed - Σ seed·y) along the axis, y the softmax.
   *
   * @param self the tensor {@code softmax} was called on
   * @param axis the dimension normalised over, negative counting from the end
   * @param result what {@code softmax} returned for these arguments
   * @param seed the seed: the cotangent of {@code softmax}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "softmax", wrt = "this")
  public static Tensor softmaxThis(Tensor self, int axis, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "softmax");
    return result.mul(seed.sub(seed.mul(result).sum(axis, true)));
  }

  /**
   * seed - softmax·Σ seed along the axis, softmax = exp(result).
   *
   * @param self the tensor {@code logSoftmax} was called on
   * @param axis the dimension normalised over, negative counting from the end
   * @param result what {@code logSoftmax} returned for these arguments
   * @param seed the seed: the cotangent of {@code logSoftmax}'s result, of its shape
   * @return the seed pulled back to the receiver, the vector-Jacobian product seedᵀ ·
   *     ∂result/∂this, of the receiver's type and shape
   */
  @PullbackOf(type = Tensor.class, method = "logSoftmax", wrt = "this")
  public static Tensor logSoftmaxThis(Tensor self, int axis, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "logSoftmax");
    return seed.sub(result.exp().mul(seed.sum(axis, true)));
  }
}
