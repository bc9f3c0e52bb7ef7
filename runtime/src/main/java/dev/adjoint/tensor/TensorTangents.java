package dev.adjoint.tensor;

import dev.adjoint.Derivatives;
import dev.adjoint.TangentOf;

/**
 * The tangent rules (Jacobian-vector products) of {@link Tensor}'s differentiable methods, declared
 * with {@link TangentOf}: forward mode's counterparts of {@link TensorPullbacks}, one per method.
 *
 * <p>Each takes the original's inputs (receiver first), optionally its result, then one tangent
 * per differentiable input (the receiver and each {@code Tensor}, {@code double}, {@code double[]}
 * or {@code Tensor[]} parameter), and returns the tangent of the result, of the result's type and
 * shape. A {@code null} tensor or array tangent is zero; the result is never {@code null}. The
 * conventions at non-differentiable points are those of {@link TensorPullbacks} (relu'(0) = 0,
 * abs'(0) = 0, ties of {@code max} share evenly, pow as {@link Derivatives#powBase} and {@link
 * Derivatives#powExponent}), so that each rule is the transpose of the pullbacks: ⟨u, J·v⟩ =
 * ⟨Jᵀ·u, v⟩.
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

  @TangentOf(type = Tensor.class, method = "of")
  public static Tensor of(double[] data, int[] shape, double[] dataDot) {
    return Tensor.of(dataDot == null ? new double[data.length] : dataDot, shape);
  }

  @TangentOf(type = Tensor.class, method = "vector")
  public static Tensor vector(double[] values, double[] valuesDot) {
    return Tensor.vector(valuesDot == null ? new double[values.length] : valuesDot);
  }

  @TangentOf(type = Tensor.class, method = "scalar")
  public static Tensor scalar(double value, double valueDot) {
    return Tensor.scalar(valueDot);
  }

  @TangentOf(type = Tensor.class, method = "full")
  public static Tensor full(double value, int[] shape, double valueDot) {
    return Tensor.full(valueDot, shape);
  }

  @TangentOf(type = Tensor.class, method = "concat")
  public static Tensor concat(
      int axis, Tensor first, Tensor second, Tensor firstDot, Tensor secondDot) {
    return Tensor.concat(axis, orZeros(firstDot, first.shape), orZeros(secondDot, second.shape));
  }

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

  @TangentOf(type = Tensor.class, method = "get")
  public static double get(Tensor self, int[] index, Tensor selfDot) {
    return selfDot == null ? 0.0 : selfDot.get(index);
  }

  @TangentOf(type = Tensor.class, method = "item")
  public static double item(Tensor self, Tensor selfDot) {
    return selfDot == null ? 0.0 : selfDot.item();
  }

  @TangentOf(type = Tensor.class, method = "toArray")
  public static double[] toArray(Tensor self, Tensor selfDot) {
    return selfDot == null ? new double[self.data.length] : selfDot.toArray();
  }

  // ---------------------------------------------------------------------------------------------
  // Arithmetic.

  /** Each operand's tangent broadcast to the result's shape, as the operand is. */
  @TangentOf(type = Tensor.class, method = "add")
  public static Tensor add(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    int[] shape = Shapes.broadcast(self.shape, other.shape);
    if (selfDot != null && otherDot != null) {
      return selfDot.add(otherDot);
    }
    return selfDot != null ? selfDot.broadcastTo(shape)
        : otherDot != null ? otherDot.broadcastTo(shape) : Tensor.zeros(shape);
  }

  @TangentOf(type = Tensor.class, method = "sub")
  public static Tensor sub(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    int[] shape = Shapes.broadcast(self.shape, other.shape);
    if (selfDot != null && otherDot != null) {
      return selfDot.sub(otherDot);
    }
    return selfDot != null ? selfDot.broadcastTo(shape)
        : otherDot != null ? otherDot.neg().broadcastTo(shape) : Tensor.zeros(shape);
  }

  /** selfDot·other + self·otherDot. */
  @TangentOf(type = Tensor.class, method = "mul")
  public static Tensor mul(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    Tensor t = plus(selfDot == null ? null : selfDot.mul(other),
        otherDot == null ? null : self.mul(otherDot));
    return t != null ? t : Tensor.zeros(Shapes.broadcast(self.shape, other.shape));
  }

  /** selfDot/other - self·otherDot/other², the second term as the pullback computes it. */
  @TangentOf(type = Tensor.class, method = "div")
  public static Tensor div(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    Tensor t = plus(selfDot == null ? null : selfDot.div(other),
        otherDot == null ? null : self.mul(otherDot).div(other).div(other).neg());
    return t != null ? t : Tensor.zeros(Shapes.broadcast(self.shape, other.shape));
  }

  @TangentOf(type = Tensor.class, method = "add")
  public static Tensor add(Tensor self, double scalar, Tensor selfDot, double scalarDot) {
    return selfDot == null ? Tensor.full(scalarDot, self.shape) : selfDot.add(scalarDot);
  }

  @TangentOf(type = Tensor.class, method = "sub")
  public static Tensor sub(Tensor self, double scalar, Tensor selfDot, double scalarDot) {
    return selfDot == null ? Tensor.full(-scalarDot, self.shape) : selfDot.sub(scalarDot);
  }

  /** selfDot·scalar + self·scalarDot. */
  @TangentOf(type = Tensor.class, method = "mul")
  public static Tensor mul(Tensor self, double scalar, Tensor selfDot, double scalarDot) {
    Tensor t = selfDot == null ? null : selfDot.mul(scalar);
    if (scalarDot != 0.0) {
      t = plus(t, self.mul(scalarDot));
    }
    return t != null ? t : Tensor.zeros(self.shape);
  }

  /** selfDot/scalar - self·scalarDot/scalar². */
  @TangentOf(type = Tensor.class, method = "div")
  public static Tensor div(Tensor self, double scalar, Tensor selfDot, double scalarDot) {
    Tensor t = selfDot == null ? null : selfDot.div(scalar);
    if (scalarDot != 0.0) {
      t = plus(t, self.mul(-scalarDot / (scalar * scalar)));
    }
    return t != null ? t : Tensor.zeros(self.shape);
  }

  @TangentOf(type = Tensor.class, method = "neg")
  public static Tensor neg(Tensor self, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(self.shape) : selfDot.neg();
  }

  @TangentOf(type = Tensor.class, method = "broadcastTo")
  public static Tensor broadcastTo(Tensor self, int[] shape, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(self.broadcastTo(shape).shape) : selfDot.broadcastTo(shape);
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

  @TangentOf(type = Tensor.class, method = "exp")
  public static Tensor exp(Tensor self, Tensor result, Tensor selfDot) {
    return scaled(self, selfDot, i -> result.data[i]);
  }

  @TangentOf(type = Tensor.class, method = "log")
  public static Tensor log(Tensor self, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(self.shape) : selfDot.div(self);
  }

  @TangentOf(type = Tensor.class, method = "tanh")
  public static Tensor tanh(Tensor self, Tensor result, Tensor selfDot) {
    double[] y = result.data;
    return scaled(self, selfDot, i -> 1.0 - y[i] * y[i]);
  }

  @TangentOf(type = Tensor.class, method = "sigmoid")
  public static Tensor sigmoid(Tensor self, Tensor result, Tensor selfDot) {
    double[] y = result.data;
    return scaled(self, selfDot, i -> y[i] * (1.0 - y[i]));
  }

  /** 1 for x &gt; 0, and 0 for x ≤ 0 and for NaN. */
  @TangentOf(type = Tensor.class, method = "relu")
  public static Tensor relu(Tensor self, Tensor selfDot) {
    double[] x = self.data;
    return scaled(self, selfDot, i -> x[i] > 0.0 ? 1.0 : 0.0);
  }

  @TangentOf(type = Tensor.class, method = "sqrt")
  public static Tensor sqrt(Tensor self, Tensor result, Tensor selfDot) {
    double[] y = result.data;
    return scaled(self, selfDot, i -> 1.0 / (2.0 * y[i]));
  }

  /** selfDot·p·x^(p-1) + exponentDot·x^p·ln x, with the conventions of {@link Derivatives}. */
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

  /** selfDot·sign(x): 0 at x = 0. */
  @TangentOf(type = Tensor.class, method = "abs")
  public static Tensor abs(Tensor self, Tensor selfDot) {
    double[] x = self.data;
    return scaled(self, selfDot, i -> Derivatives.abs(x[i]));
  }

  // ---------------------------------------------------------------------------------------------
  // Linear algebra and shape.

  /** selfDot·other + self·otherDot, batched as the product is. */
  @TangentOf(type = Tensor.class, method = "matmul")
  public static Tensor matmul(
      Tensor self, Tensor other, Tensor result, Tensor selfDot, Tensor otherDot) {
    Tensor t = plus(selfDot == null ? null : selfDot.matmul(other),
        otherDot == null ? null : self.matmul(otherDot));
    return t != null ? t : Tensor.zeros(result.shape);
  }

  @TangentOf(type = Tensor.class, method = "dot")
  public static double dot(Tensor self, Tensor other, Tensor selfDot, Tensor otherDot) {
    return (selfDot == null ? 0.0 : selfDot.dot(other))
        + (otherDot == null ? 0.0 : self.dot(otherDot));
  }

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

  @TangentOf(type = Tensor.class, method = "reshape")
  public static Tensor reshape(Tensor self, int[] shape, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.reshape(shape);
  }

  @TangentOf(type = Tensor.class, method = "rows")
  public static Tensor rows(Tensor self, int from, int to, Tensor selfDot) {
    return (selfDot == null ? Tensor.zeros(self.shape) : selfDot).rows(from, to);
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions: sums and means are linear, so their tangent is the reduced tangent.

  @TangentOf(type = Tensor.class, method = "sum")
  public static double sum(Tensor self, Tensor selfDot) {
    return selfDot == null ? 0.0 : selfDot.sum();
  }

  @TangentOf(type = Tensor.class, method = "sum")
  public static Tensor sum(Tensor self, int axis, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.sum(axis);
  }

  @TangentOf(type = Tensor.class, method = "sum")
  public static Tensor sum(
      Tensor self, int axis, boolean keepDims, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.sum(axis, keepDims);
  }

  @TangentOf(type = Tensor.class, method = "mean")
  public static double mean(Tensor self, Tensor selfDot) {
    return selfDot == null ? 0.0 : selfDot.mean();
  }

  @TangentOf(type = Tensor.class, method = "mean")
  public static Tensor mean(Tensor self, int axis, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.mean(axis);
  }

  @TangentOf(type = Tensor.class, method = "mean")
  public static Tensor mean(
      Tensor self, int axis, boolean keepDims, Tensor result, Tensor selfDot) {
    return selfDot == null ? Tensor.zeros(result.shape) : selfDot.mean(axis, keepDims);
  }

  /**
   * The mean of the tangents of the entries that equal each maximum (ties share evenly, the
   * transpose of {@link TensorPullbacks#maxThis}); 0 in lanes whose maximum is NaN.
   */
  @TangentOf(type = Tensor.class, method = "max")
  public static Tensor max(Tensor self, int axis, Tensor result, Tensor selfDot) {
    return max(self, axis, false, result, selfDot);
  }

  /** As {@link #max(Tensor, int, Tensor, Tensor)}. */
  @TangentOf(type = Tensor.class, method = "max")
  public static Tensor max(
      Tensor self, int axis, boolean keepDims, Tensor result, Tensor selfDot) {
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

  /** Σ softmax(x)·selfDot along the axis, with softmax(x) = exp(x - result). */
  @TangentOf(type = Tensor.class, method = "logSumExp")
  public static Tensor logSumExp(Tensor self, int axis, Tensor result, Tensor selfDot) {
    return logSumExp(self, axis, false, result, selfDot);
  }

  /** As {@link #logSumExp(Tensor, int, Tensor, Tensor)}. */
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

  /** y·(selfDot - Σ y·selfDot) along the axis, y the softmax (its Jacobian is symmetric). */
  @TangentOf(type = Tensor.class, method = "softmax")
  public static Tensor softmax(Tensor self, int axis, Tensor result, Tensor selfDot) {
    if (selfDot == null) {
      return Tensor.zeros(self.shape);
    }
    return result.mul(selfDot.sub(selfDot.mul(result).sum(axis, true)));
  }

  /** selfDot - Σ softmax·selfDot along the axis, softmax = exp(result). */
  @TangentOf(type = Tensor.class, method = "logSoftmax")
  public static Tensor logSoftmax(Tensor self, int axis, Tensor result, Tensor selfDot) {
    if (selfDot == null) {
      return Tensor.zeros(self.shape);
    }
    return selfDot.sub(result.exp().mul(selfDot).sum(axis, true));
  }
}
