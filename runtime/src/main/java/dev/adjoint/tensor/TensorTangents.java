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
import dev.adjoint.TangentOf;

/**
 * The tangent rules (Jacobian-vector products) of {@link Tensor}'s differentiable methods, declared
 * with {@link TangentOf}: forward mode's counterparts of {@link TensorPullbacks}, one per method.
 *
 * <p>Each takes the original's inputs (receiver first), optionally its result, then one tangent per
 * differentiable input (the receiver and each {@code Tensor}, {@code double}, {@code double[]} or
 * {@code Tensor[]} parameter), and returns the tangent of the result, of the result's type and
 * shape. A {@code null} tensor or array tangent is zero; the result is never {@code null}. The
 * conventions at non-differentiable points are those of {@link TensorPullbacks} (relu'(0) = 0,
 * abs'(0) = 0, ties of {@code max} share evenly, pow as {@link Derivatives#powBase} and {@link
 * Derivatives#powExponent}), so that each rule is the transpose of the pullbacks: ⟨u, J·v⟩ = ⟨Jᵀ·u,
 * v⟩.
 */
public final class TensorTangents {
  private TensorTangents() {}

  /** {@code tangent}, or zeros of {@code shape} when it is null. */
  private static Tensor orZeros(Tensor tangent, int[] shape) {
    return tangent != null ? tangent : Tensor.zeros(shape);
  }

  /** {@code a + b} where a null operand is zero; null when both are. */
  private static Tensor plus(Tensor a, Tensor b) {
    return a == null ? b : b == null ? a : a.add(b);
  }

  // ---------------------------------------------------------------------------------------------
  // Creation.

  /**
   * The tangent rule of {@link Tensor#of}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param data the elements in row-major order; copied
   * @param shape the dimensions, whose product is {@code data.length}; none for a vector
   * @param dataDot the tangent of {@code data}, of its shape ({@code null} for zero)
   * @return the tangent of {@code of}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "of")
  public static Tensor of(double[] data, int[] shape, double[] dataDot) {
    return Tensor.of(dataDot == null ? new double[data.length] : dataDot, shape);
  }

  /**
   * The tangent rule of {@link Tensor#vector}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param values the elements; copied
   * @param valuesDot the tangent of {@code values}, of its shape ({@code null} for zero)
   * @return the tangent of {@code vector}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "vector")
  public static Tensor vector(double[] values, double[] valuesDot) {
    return Tensor.vector(valuesDot == null ? new double[values.length] : valuesDot);
  }

  /**
   * The tangent rule of {@link Tensor#scalar}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param value the element
   * @param valueDot the tangent of {@code value} (0 for zero)
   * @return the tangent of {@code scalar}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "scalar")
  public static Tensor scalar(double value, double valueDot) {
    return Tensor.scalar(valueDot);
  }

  /**
   * The tangent rule of {@link Tensor#full}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param value every element's value
   * @param shape the dimensions, each 0 or more
   * @param valueDot the tangent of {@code value} (0 for zero)
   * @return the tangent of {@code full}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "full")
  public static Tensor full(double value, int[] shape, double valueDot) {
    return Tensor.full(valueDot, shape);
  }

  /**
   * The tangent rule of {@link Tensor#concat}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param axis the dimension along which to join, negative counting from the end
   * @param first the tensor that comes first along {@code axis}
   * @param second the tensor that follows it
   * @param firstDot the tangent of {@code first}, of its shape ({@code null} for zero)
   * @param secondDot the tangent of {@code second}, of its shape ({@code null} for zero)
   * @return the tangent of {@code concat}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "concat")
  public static Tensor concat(
      int axis, Tensor first, Tensor second, Tensor firstDot, Tensor secondDot) {
    return Tensor.concat(axis, orZeros(firstDot, first.shape), orZeros(secondDot, second.shape));
  }

  /**
   * The tangent rule of {@link Tensor#concat}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param axis the dimension along which to join, negative counting from the end
   * @param tensors the tensors, in order; at least one
   * @param tensorsDot the tangent of {@code tensors}, of its shape ({@code null} for zero)
   * @return the tangent of {@code concat}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "concat")
  public static Tensor concat(int axis, Tensor[] tensors, Tensor[] tensorsDot) {
    Tensor[] dots = new Tensor[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      dots[i] = orZeros(tensorsDot == null ? null : tensorsDot[i], tensors[i].shape);
    }
    return Tensor.concat(axis, dots);
  }

  // ---------------------------------------------------------------------------------------------
  // Element access.

  /**
   * The tangent rule of {@link Tensor#get}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code get} was called on
   * @param index one index per dimension, each in [0, that dimension)
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code get}'s result
   */
  @TangentOf(type = Tensor.class, method = "get")
  public static double get(Tensor self, int[] index, Tensor selfDot) {
    return selfDot == null ? 0.0 : selfDot.get(index);
  }

  /**
   * The tangent rule of {@link Tensor#item}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code item} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code item}'s result
   */
  @TangentOf(type = Tensor.class, method = "item")
  public static double item(Tensor self, Tensor selfDot) {
    return selfDot == null ? 0.0 : selfDot.item();
  }

  /**
   * The tangent rule of {@link Tensor#toArray}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code toArray} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code toArray}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "toArray")
  public static double[] toArray(Tensor self, Tensor selfDot) {
    return selfDot == null ? new double[self.data.length] : selfDot.toArray();
  }

  // ---------------------------------------------------------------------------------------------
  // Arithmetic.

  /**
   * Each operand's tangent broadcast to the result's shape, as the operand is.
   *
   * @param self the tensor {@code add} was called on
   * @param other the other operand, whose shape broadcasts with this one's
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param otherDot the tangent of {@code other}, of its shape ({@code null} for zero)
   * @return the tangent of {@code add}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "add")
  public static Tensor add(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    int[] shape = Shapes.broadcast(self.shape, other.shape);
    if (selfDot != null && otherDot != null) {
      return selfDot.add(otherDot);
    }
    return selfDot != null
        ? selfDot.broadcastTo(shape)
        : otherDot != null ? otherDot.broadcastTo(shape) : Tensor.zeros(shape);
  }

  /**
   * The tangent rule of {@link Tensor#sub}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code sub} was called on
   * @param other the tensor subtracted, whose shape broadcasts with this one's
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param otherDot the tangent of {@code other}, of its shape ({@code null} for zero)
   * @return the tangent of {@code sub}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "sub")
  public static Tensor sub(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    int[] shape = Shapes.broadcast(self.shape, other.shape);
    if (selfDot != null && otherDot != null) {
      return selfDot.sub(otherDot);
    }
    return selfDot != null
        ? selfDot.broadcastTo(shape)
        : otherDot != null ? otherDot.neg().broadcastTo(shape) : Tensor.zeros(shape);
  }

  /**
   * selfDot·other + self·otherDot.
   *
   * @param self the tensor {@code mul} was called on
   * @param other the other factor, whose shape broadcasts with this one's
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param otherDot the tangent of {@code other}, of its shape ({@code null} for zero)
   * @return the tangent of {@code mul}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "mul")
  public static Tensor mul(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    Tensor t =
        plus(
            selfDot == null ? null : selfDot.mul(other),
            otherDot == null ? null : self.mul(otherDot));
    return t != null ? t : Tensor.zeros(Shapes.broadcast(self.shape, other.shape));
  }

  /**
   * selfDot/other - self·otherDot/other², the second term as the pullback computes it.
   *
   * @param self the tensor {@code div} was called on
   * @param other the divisor, whose shape broadcasts with this one's
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param otherDot the tangent of {@code other}, of its shape ({@code null} for zero)
   * @return the tangent of {@code div}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "div")
  public static Tensor div(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    Tensor t =
        plus(
            selfDot == null ? null : selfDot.div(other),
            otherDot == null ? null : self.mul(otherDot).div(other).div(other).neg());
    return t != null ? t : Tensor.zeros(Shapes.broadcast(self.shape, other.shape));
  }

  /**
   * The tangent rule of {@link Tensor#add}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code add} was called on
   * @param scalar the number added to every element
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param scalarDot the tangent of {@code scalar} (0 for zero)
   * @return the tangent of {@code add}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "add")
  public static Tensor add(Tensor self, double scalar, Tensor selfDot, double scalarDot) {
    return selfDot == null ? Tensor.full(scalarDot, self.shape) : selfDot.add(scalarDot);
  }

  /**
   * The tangent rule of {@link Tensor#sub}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code sub} was called on
   * @param scalar the number subtracted from every element
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param scalarDot the tangent of {@code scalar} (0 for zero)
   * @return the tangent of {@code sub}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "sub")
  public static Tensor sub(Tensor self, double scalar, Tensor selfDot, double scalarDot) {
    return selfDot == null ? Tensor.full(-scalarDot, self.shape) : selfDot.sub(scalarDot);
  }

  /**
   * selfDot·scalar + self·scalarDot.
   *
   * @param self the tensor {@code mul} was called on
   * @param scalar the factor of every element
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param scalarDot the tangent of {@code scalar} (0 for zero)
   * @return the tangent of {@code mul}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "mul")
  public static Tensor mul(Tensor self, double scalar, Tensor selfDot, double scalarDot) {
    Tensor t = selfDot == null ? null : selfDot.mul(scalar);
    if (scalarDot != 0.0) {
      t = plus(t, self.mul(scalarDot));
    }
    return t != null ? t : Tensor.zeros(self.shape);
  }

  /**
   * selfDot/scalar - self·scalarDot/scalar².
   *
   * @param self the tensor {@code div} was called on
   * @param scalar the divisor of every element
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param scalarDot the tangent of {@code scalar} (0 for zero)
   * @return the tangent of {@code div}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "div")
  public static Tensor div(Tensor self, double scalar, Tensor selfDot, double scalarDot) {
    Tensor t = selfDot == null ? null : selfDot.div(scalar);
    if (scalarDot != 0.0) {
      t = plus(t, self.mul(-scalarDot / (scalar * scalar)));
    }
    return t != null ? t : Tensor.zeros(self.shape);
  }

  /**
   * The tangent rule of {@link Tensor#neg}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code neg} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code neg}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "neg")
  public static Tensor neg(Tensor self, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(self.shape) : selfDot.neg();
  }

  /**
   * The tangent rule of {@link Tensor#broadcastTo}: the directional derivative of its result along
   * the tangents of its inputs.
   *
   * @param self the tensor {@code broadcastTo} was called on
   * @param shape the target shape, to which this one broadcasts
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code broadcastTo}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "broadcastTo")
  public static Tensor broadcastTo(Tensor self, int[] shape, Tensor selfDot) {
    return selfDot == null
        ? Tensor.zeros(self.broadcastTo(shape).shape)
        : selfDot.broadcastTo(shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Element-wise functions: each selfDot times the derivative, element by element.

  private interface Derivative {
    double at(int i);
  }

  private static Tensor scaled(Tensor self, Tensor selfDot, Derivative d) {
    if (selfDot == null) {
      return Tensor.zeros(self.shape);
    }
    double[] v = selfDot.data;
    double[] out = new double[v.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = v[i] * d.at(i);
    }
    return Tensor.wrap(out, self.shape);
  }

  /**
   * The tangent rule of {@link Tensor#exp}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code exp} was called on
   * @param result what {@code exp} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code exp}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "exp")
  public static Tensor exp(Tensor self, Tensor result, Tensor selfDot) {
    return scaled(self, selfDot, i -> result.data[i]);
  }

  /**
   * The tangent rule of {@link Tensor#log}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code log} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code log}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "log")
  public static Tensor log(Tensor self, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(self.shape) : selfDot.div(self);
  }

  /**
   * The tangent rule of {@link Tensor#tanh}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code tanh} was called on
   * @param result what {@code tanh} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code tanh}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "tanh")
  public static Tensor tanh(Tensor self, Tensor result, Tensor selfDot) {
    double[] y = result.data;
    return scaled(self, selfDot, i -> 1.0 - y[i] * y[i]);
  }

  /**
   * The tangent rule of {@link Tensor#sigmoid}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code sigmoid} was called on
   * @param result what {@code sigmoid} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code sigmoid}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "sigmoid")
  public static Tensor sigmoid(Tensor self, Tensor result, Tensor selfDot) {
    double[] y = result.data;
    return scaled(self, selfDot, i -> y[i] * (1.0 - y[i]));
  }

  /**
   * 1 for x &gt; 0, and 0 for x ≤ 0 and for NaN.
   *
   * @param self the tensor {@code relu} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code relu}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "relu")
  public static Tensor relu(Tensor self, Tensor selfDot) {
    double[] x = self.data;
    return scaled(self, selfDot, i -> x[i] > 0.0 ? 1.0 : 0.0);
  }

  /**
   * The tangent rule of {@link Tensor#sqrt}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code sqrt} was called on
   * @param result what {@code sqrt} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code sqrt}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "sqrt")
  public static Tensor sqrt(Tensor self, Tensor result, Tensor selfDot) {
    double[] y = result.data;
    return scaled(self, selfDot, i -> 1.0 / (2.0 * y[i]));
  }

  /**
   * selfDot·p·x^(p-1) + exponentDot·x^p·ln x, with the conventions of {@link Derivatives}.
   *
   * @param self the tensor {@code pow} was called on
   * @param exponent the power every element is raised to
   * @param result what {@code pow} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param exponentDot the tangent of {@code exponent} (0 for zero)
   * @return the tangent of {@code pow}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "pow")
  public static Tensor pow(
      Tensor self, double exponent, Tensor result, Tensor selfDot, double exponentDot) {
    double[] x = self.data;
    double[] y = result.data;
    double[] out = new double[x.length];
    if (selfDot != null) {
      double[] v = selfDot.data;
      for (int i = 0; i < out.length; i++) {
        out[i] = v[i] * Derivatives.powBase(x[i], exponent);
      }
    }
    if (exponentDot != 0.0) {
      for (int i = 0; i < out.length; i++) {
        out[i] += exponentDot * Derivatives.powExponent(x[i], y[i]);
      }
    }
    return Tensor.wrap(out, self.shape);
  }

  /**
   * selfDot·sign(x): 0 at x = 0.
   *
   * @param self the tensor {@code abs} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code abs}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "abs")
  public static Tensor abs(Tensor self, Tensor selfDot) {
    double[] x = self.data;
    return scaled(self, selfDot, i -> Derivatives.abs(x[i]));
  }

  // ---------------------------------------------------------------------------------------------
  // Linear algebra and shape.

  /**
   * selfDot·other + self·otherDot, batched as the product is.
   *
   * @param self the tensor {@code matmul} was called on
   * @param other the right operand: {@code [k, n]} or {@code [batch, k, n]}
   * @param result what {@code matmul} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param otherDot the tangent of {@code other}, of its shape ({@code null} for zero)
   * @return the tangent of {@code matmul}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "matmul")
  public static Tensor matmul(
      Tensor self, Tensor other, Tensor result, Tensor selfDot, Tensor otherDot) {
    Tensor t =
        plus(
            selfDot == null ? null : selfDot.matmul(other),
            otherDot == null ? null : self.matmul(otherDot));
    return t != null ? t : Tensor.zeros(result.shape);
  }

  /**
   * The tangent rule of {@link Tensor#dot}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code dot} was called on
   * @param other a vector of this vector's length
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @param otherDot the tangent of {@code other}, of its shape ({@code null} for zero)
   * @return the tangent of {@code dot}'s result
   */
  @TangentOf(type = Tensor.class, method = "dot")
  public static double dot(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    return (selfDot == null ? 0.0 : selfDot.dot(other))
        + (otherDot == null ? 0.0 : self.dot(otherDot));
  }

  /**
   * The tangent rule of {@link Tensor#transpose}: the directional derivative of its result along
   * the tangents of its inputs.
   *
   * @param self the tensor {@code transpose} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code transpose}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "transpose")
  public static Tensor transpose(Tensor self, Tensor selfDot) {
    if (selfDot != null) {
      return selfDot.transpose();
    }
    int[] s = self.shape.clone();
    if (s.length < 2) {
      return self.transpose(); // throws as the original does
    }
    s[s.length - 2] = self.shape[s.length - 1];
    s[s.length - 1] = self.shape[s.length - 2];
    return Tensor.zeros(s);
  }

  /**
   * The tangent rule of {@link Tensor#reshape}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code reshape} was called on
   * @param shape the new dimensions, whose product is {@link Tensor#size()}; at most one -1
   * @param result what {@code reshape} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code reshape}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "reshape")
  public static Tensor reshape(Tensor self, int[] shape, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.reshape(shape);
  }

  /**
   * The tangent rule of {@link Tensor#rows}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code rows} was called on
   * @param from the first row taken
   * @param to the row after the last one taken
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code rows}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "rows")
  public static Tensor rows(Tensor self, int from, int to, Tensor selfDot) {
    return (selfDot == null ? Tensor.zeros(self.shape) : selfDot).rows(from, to);
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions: sums and means are linear, so their tangent is the reduced tangent.

  /**
   * The tangent rule of {@link Tensor#sum}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code sum} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code sum}'s result
   */
  @TangentOf(type = Tensor.class, method = "sum")
  public static double sum(Tensor self, Tensor selfDot) {
    return selfDot == null ? 0.0 : selfDot.sum();
  }

  /**
   * The tangent rule of {@link Tensor#sum}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code sum} was called on
   * @param axis the dimension summed over, negative counting from the end
   * @param result what {@code sum} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code sum}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "sum")
  public static Tensor sum(Tensor self, int axis, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.sum(axis);
  }

  /**
   * The tangent rule of {@link Tensor#sum}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code sum} was called on
   * @param axis the dimension summed over, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1 (to broadcast against this tensor)
   * @param result what {@code sum} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code sum}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "sum")
  public static Tensor sum(Tensor self, int axis, boolean keepDims, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.sum(axis, keepDims);
  }

  /**
   * The tangent rule of {@link Tensor#mean}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code mean} was called on
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code mean}'s result
   */
  @TangentOf(type = Tensor.class, method = "mean")
  public static double mean(Tensor self, Tensor selfDot) {
    return selfDot == null ? 0.0 : selfDot.mean();
  }

  /**
   * The tangent rule of {@link Tensor#mean}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code mean} was called on
   * @param axis the dimension averaged over, negative counting from the end
   * @param result what {@code mean} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code mean}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "mean")
  public static Tensor mean(Tensor self, int axis, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.mean(axis);
  }

  /**
   * The tangent rule of {@link Tensor#mean}: the directional derivative of its result along the
   * tangents of its inputs.
   *
   * @param self the tensor {@code mean} was called on
   * @param axis the dimension averaged over, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @param result what {@code mean} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code mean}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "mean")
  public static Tensor mean(
      Tensor self, int axis, boolean keepDims, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.mean(axis, keepDims);
  }

  /**
   * The mean of the tangents of the entries that equal each maximum (ties share evenly, the
   * transpose of {@link TensorPullbacks#maxThis}); 0 in lanes whose maximum is NaN.
   *
   * @param self the tensor {@code max} was called on
   * @param axis the dimension reduced, negative counting from the end
   * @param result what {@code max} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code max}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "max")
  public static Tensor max(Tensor self, int axis, Tensor result, Tensor selfDot) {
    return max(self, axis, false, result, selfDot);
  }

  /**
   * As {@link #max(Tensor, int, Tensor, Tensor)}.
   *
   * @param self the tensor {@code max} was called on
   * @param axis the dimension reduced, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @param result what {@code max} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code max}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "max")
  public static Tensor max(Tensor self, int axis, boolean keepDims, Tensor result, Tensor selfDot) {
    double[] out = new double[result.data.length];
    if (selfDot == null) {
      return Tensor.wrap(out, result.shape);
    }
    int ax = Shapes.axis(axis, self.shape);
    int outer = Shapes.outer(self.shape, ax);
    int n = self.shape[ax];
    int inner = Shapes.inner(self.shape, ax);
    double[] x = self.data;
    double[] m = result.data;
    double[] v = selfDot.data;
    int[] count = new int[out.length];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < n; j++) {
        int row = (o * n + j) * inner;
        for (int i = 0; i < inner; i++) {
          if (x[row + i] == m[o * inner + i]) {
            out[o * inner + i] += v[row + i];
            count[o * inner + i]++;
          }
        }
      }
    }
    for (int k = 0; k < out.length; k++) {
      if (count[k] > 1) {
        out[k] /= count[k];
      }
    }
    return Tensor.wrap(out, result.shape);
  }

  /**
   * Σ softmax(x)·selfDot along the axis, with softmax(x) = exp(x - result).
   *
   * @param self the tensor {@code logSumExp} was called on
   * @param axis the dimension reduced, negative counting from the end
   * @param result what {@code logSumExp} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code logSumExp}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "logSumExp")
  public static Tensor logSumExp(Tensor self, int axis, Tensor result, Tensor selfDot) {
    return logSumExp(self, axis, false, result, selfDot);
  }

  /**
   * As {@link #logSumExp(Tensor, int, Tensor, Tensor)}.
   *
   * @param self the tensor {@code logSumExp} was called on
   * @param axis the dimension reduced, negative counting from the end
   * @param keepDims whether to keep that dimension with size 1
   * @param result what {@code logSumExp} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code logSumExp}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "logSumExp")
  public static Tensor logSumExp(
      Tensor self, int axis, boolean keepDims, Tensor result, Tensor selfDot) {
    if (selfDot == null) {
      return Tensor.zeros(result.shape);
    }
    int ax = Shapes.axis(axis, self.shape);
    int[] kept = Shapes.reduced(self.shape, ax, true);
    Tensor softmax = self.sub(result.reshape(kept)).exp();
    return softmax.mul(selfDot).sum(ax, keepDims);
  }

  /**
   * y·(selfDot - Σ y·selfDot) along the axis, y the softmax (its Jacobian is symmetric).
   *
   * @param self the tensor {@code softmax} was called on
   * @param axis the dimension normalised over, negative counting from the end
   * @param result what {@code softmax} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code softmax}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "softmax")
  public static Tensor softmax(Tensor self, int axis, Tensor result, Tensor selfDot) {
    if (selfDot == null) {
      return Tensor.zeros(self.shape);
    }
    return result.mul(selfDot.sub(selfDot.mul(result).sum(axis, true)));
  }

  /**
   * selfDot - Σ softmax·selfDot along the axis, softmax = exp(result).
   *
   * @param self the tensor {@code logSoftmax} was called on
   * @param axis the dimension normalised over, negative counting from the end
   * @param result what {@code logSoftmax} returned for these arguments
   * @param selfDot the tangent of the receiver, of its shape ({@code null} for zero)
   * @return the tangent of {@code logSoftmax}'s result, of its shape; never {@code null}
   */
  @TangentOf(type = Tensor.class, method = "logSoftmax")
  public static Tensor logSoftmax(Tensor self, int axis, Tensor result, Tensor selfDot) {
    if (selfDot == null) {
      return Tensor.zeros(self.shape);
    }
    return selfDot.sub(result.exp().mul(selfDot).sum(axis, true));
  }
}
