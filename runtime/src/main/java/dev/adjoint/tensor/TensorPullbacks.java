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
 * the result's type and shape), and returns the seed pulled back to one input, of that input's
 * type and shape. Where the original broadcast an operand, its pullback sums over the broadcast
 * dimensions. A seed of the wrong shape is an {@link IllegalArgumentException}.
 *
 * <p>Conventions at non-differentiable points, as PyTorch's: relu'(0) = 0; abs'(0) = 0; for
 * {@code max(axis)} the gradient of each maximum is split <em>evenly</em> among the entries that
 * tie for it (as PyTorch's {@code amax} does; its {@code max(dim)} instead picks one index); for
 * {@code pow(p)} the derivative in x is 0 where p = 0 and the derivative in p is 0 where x = 0
 * ({@link Derivatives#powBase}, {@link Derivatives#powExponent}); sqrt'(0) = +∞ and log'(0) = +∞
 * (IEEE 754).
 */
public final class TensorPullbacks {
  private TensorPullbacks() {}

  private static void checkSeed(Tensor seed, int[] shape, String op) {
    if (!Arrays.equals(seed.shape, shape)) {
      throw new IllegalArgumentException(
          "the seed of " + op + " has shape " + Shapes.str(seed.shape) + ", but its result has"
              + " shape " + Shapes.str(shape));
    }
  }

  private static void checkSeed(Tensor seed, Tensor result, String op) {
    checkSeed(seed, result.shape, op);
  }

  // ---------------------------------------------------------------------------------------------
  // Creation.

  @PullbackOf(type = Tensor.class, method = "of", wrt = "data")
  public static double[] ofData(double[] data, int[] shape, Tensor seed) {
    if (seed.data.length != data.length) {
      throw new IllegalArgumentException(
          "the seed of of() has shape " + Shapes.str(seed.shape) + ", but its result has "
              + data.length + " elements");
    }
    return seed.toArray();
  }

  @PullbackOf(type = Tensor.class, method = "vector", wrt = "values")
  public static double[] vectorValues(double[] values, Tensor seed) {
    checkSeed(seed, new int[] {values.length}, "vector");
    return seed.toArray();
  }

  @PullbackOf(type = Tensor.class, method = "scalar", wrt = "value")
  public static double scalarValue(double value, Tensor seed) {
    checkSeed(seed, new int[0], "scalar");
    return seed.data[0];
  }

  @PullbackOf(type = Tensor.class, method = "full", wrt = "value")
  public static double fullValue(double value, int[] shape, Tensor seed) {
    checkSeed(seed, shape, "full");
    return seed.sum();
  }

  @PullbackOf(type = Tensor.class, method = "concat", wrt = "first")
  public static Tensor concatFirst(
      int axis, Tensor first, Tensor second, Tensor result, Tensor seed) {
    return concatTensors(axis, new Tensor[] {first, second}, result, seed)[0];
  }

  @PullbackOf(type = Tensor.class, method = "concat", wrt = "second")
  public static Tensor concatSecond(
      int axis, Tensor first, Tensor second, Tensor result, Tensor seed) {
    return concatTensors(axis, new Tensor[] {first, second}, result, seed)[1];
  }

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

  @PullbackOf(type = Tensor.class, method = "get", wrt = "this")
  public static Tensor getThis(Tensor self, int[] index, double seed) {
    double[] d = new double[self.data.length];
    d[self.offset(index)] = seed;
    return Tensor.wrap(d, self.shape);
  }

  @PullbackOf(type = Tensor.class, method = "item", wrt = "this")
  public static Tensor itemThis(Tensor self, double seed) {
    return Tensor.full(seed, self.shape);
  }

  @PullbackOf(type = Tensor.class, method = "toArray", wrt = "this")
  public static Tensor toArrayThis(Tensor self, double[] seed) {
    if (seed.length != self.data.length) {
      throw new IllegalArgumentException(
          "the seed of toArray() has " + seed.length + " elements, but the tensor has shape "
              + Shapes.str(self.shape));
    }
    return Tensor.wrap(seed.clone(), self.shape);
  }

  // ---------------------------------------------------------------------------------------------
  // Arithmetic.

  @PullbackOf(type = Tensor.class, method = "add", wrt = "this")
  public static Tensor addThis(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "add");
    return seed.sumTo(self.shape);
  }

  @PullbackOf(type = Tensor.class, method = "add", wrt = "other")
  public static Tensor addOther(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "add");
    return seed.sumTo(other.shape);
  }

  @PullbackOf(type = Tensor.class, method = "sub", wrt = "this")
  public static Tensor subThis(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "sub");
    return seed.sumTo(self.shape);
  }

  @PullbackOf(type = Tensor.class, method = "sub", wrt = "other")
  public static Tensor subOther(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "sub");
    return seed.sumTo(other.shape).neg();
  }

  @PullbackOf(type = Tensor.class, method = "mul", wrt = "this")
  public static Tensor mulThis(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "mul");
    return seed.mul(other).sumTo(self.shape);
  }

  @PullbackOf(type = Tensor.class, method = "mul", wrt = "other")
  public static Tensor mulOther(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "mul");
    return seed.mul(self).sumTo(other.shape);
  }

  @PullbackOf(type = Tensor.class, method = "div", wrt = "this")
  public static Tensor divThis(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "div");
    return seed.div(other).sumTo(self.shape);
  }

  /** d(x/y)/dy = -x/y², computed as -(seed·x/y)/y. */
  @PullbackOf(type = Tensor.class, method = "div", wrt = "other")
  public static Tensor divOther(Tensor self, Tensor other, Tensor seed) {
    checkSeed(seed, Shapes.broadcast(self.shape, other.shape), "div");
    return seed.mul(self).div(other).div(other).sumTo(other.shape).neg();
  }

  @PullbackOf(type = Tensor.class, method = "add", wrt = "this")
  public static Tensor addScalarThis(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "add");
    return seed;
  }

  @PullbackOf(type = Tensor.class, method = "add", wrt = "scalar")
  public static double addScalar(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "add");
    return seed.sum();
  }

  @PullbackOf(type = Tensor.class, method = "sub", wrt = "this")
  public static Tensor subScalarThis(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "sub");
    return seed;
  }

  @PullbackOf(type = Tensor.class, method = "sub", wrt = "scalar")
  public static double subScalar(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "sub");
    return -seed.sum();
  }

  @PullbackOf(type = Tensor.class, method = "mul", wrt = "this")
  public static Tensor mulScalarThis(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "mul");
    return seed.mul(scalar);
  }

  @PullbackOf(type = Tensor.class, method = "mul", wrt = "scalar")
  public static double mulScalar(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "mul");
    return dot(seed.data, self.data);
  }

  @PullbackOf(type = Tensor.class, method = "div", wrt = "this")
  public static Tensor divScalarThis(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "div");
    return seed.div(scalar);
  }

  @PullbackOf(type = Tensor.class, method = "div", wrt = "scalar")
  public static double divScalar(Tensor self, double scalar, Tensor seed) {
    checkSeed(seed, self.shape, "div");
    return -dot(seed.data, self.data) / (scalar * scalar);
  }

  @PullbackOf(type = Tensor.class, method = "neg", wrt = "this")
  public static Tensor negThis(Tensor self, Tensor seed) {
    checkSeed(seed, self.shape, "neg");
    return seed.neg();
  }

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

  @PullbackOf(type = Tensor.class, method = "exp", wrt = "this")
  public static Tensor expThis(Tensor self, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "exp");
    return seed.mul(result);
  }

  @PullbackOf(type = Tensor.class, method = "log", wrt = "this")
  public static Tensor logThis(Tensor self, Tensor seed) {
    checkSeed(seed, self.shape, "log");
    return seed.div(self);
  }

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

  /** relu'(x) = 1 for x &gt; 0, and 0 for x ≤ 0 (0 at x = 0, as PyTorch) and for NaN. */
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

  /** p·x^(p-1), and 0 where p = 0 ({@link Derivatives#powBase}). */
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

  /** Σ seed·x^p·ln x, with 0 where x = 0 ({@link Derivatives#powExponent}); NaN where x &lt; 0. */
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

  /** sign(x): 0 at x = 0, as PyTorch. */
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

  /** seed·otherᵀ, summed over the batch when this is a matrix and the other a batch. */
  @PullbackOf(type = Tensor.class, method = "matmul", wrt = "this")
  public static Tensor matmulThis(Tensor self, Tensor other, Tensor result, Tensor seed) {
    checkSeed(seed, result, "matmul");
    return Tensor.matmulGradLeft(self, other, seed);
  }

  /** thisᵀ·seed, summed over the batch when the other is a matrix and this a batch. */
  @PullbackOf(type = Tensor.class, method = "matmul", wrt = "other")
  public static Tensor matmulOther(Tensor self, Tensor other, Tensor result, Tensor seed) {
    checkSeed(seed, result, "matmul");
    return Tensor.matmulGradRight(self, other, seed);
  }

  @PullbackOf(type = Tensor.class, method = "dot", wrt = "this")
  public static Tensor dotThis(Tensor self, Tensor other, double seed) {
    return other.mul(seed);
  }

  @PullbackOf(type = Tensor.class, method = "dot", wrt = "other")
  public static Tensor dotOther(Tensor self, Tensor other, double seed) {
    return self.mul(seed);
  }

  @PullbackOf(type = Tensor.class, method = "transpose", wrt = "this")
  public static Tensor transposeThis(Tensor self, Tensor seed) {
    Tensor g = seed.transpose();
    checkSeed(g, self.shape, "transpose (transposed)");
    return g;
  }

  @PullbackOf(type = Tensor.class, method = "reshape", wrt = "this")
  public static Tensor reshapeThis(Tensor self, int[] shape, Tensor seed) {
    if (seed.data.length != self.data.length) {
      throw new IllegalArgumentException(
          "the seed of reshape has shape " + Shapes.str(seed.shape) + ", which does not fit "
              + Shapes.str(self.shape));
    }
    return seed.reshape(self.shape);
  }

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
  private static Tensor expand(Tensor seed, int[] shape, int axis, boolean keepDims, double scale,
      String op) {
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

  @PullbackOf(type = Tensor.class, method = "sum", wrt = "this")
  public static Tensor sumThis(Tensor self, double seed) {
    return Tensor.full(seed, self.shape);
  }

  @PullbackOf(type = Tensor.class, method = "sum", wrt = "this")
  public static Tensor sumThis(Tensor self, int axis, Tensor seed) {
    return sumThis(self, axis, false, seed);
  }

  @PullbackOf(type = Tensor.class, method = "sum", wrt = "this")
  public static Tensor sumThis(Tensor self, int axis, boolean keepDims, Tensor seed) {
    return expand(seed, self.shape, Shapes.axis(axis, self.shape), keepDims, 1.0, "sum");
  }

  @PullbackOf(type = Tensor.class, method = "mean", wrt = "this")
  public static Tensor meanThis(Tensor self, double seed) {
    return Tensor.full(seed / self.data.length, self.shape);
  }

  @PullbackOf(type = Tensor.class, method = "mean", wrt = "this")
  public static Tensor meanThis(Tensor self, int axis, Tensor seed) {
    return meanThis(self, axis, false, seed);
  }

  @PullbackOf(type = Tensor.class, method = "mean", wrt = "this")
  public static Tensor meanThis(Tensor self, int axis, boolean keepDims, Tensor seed) {
    int ax = Shapes.axis(axis, self.shape);
    return expand(seed, self.shape, ax, keepDims, 1.0 / self.shape[ax], "mean");
  }

  /**
   * The seed of each maximum, split evenly among the entries that equal it (ties share; PyTorch's
   * {@code amax} convention). Lanes whose maximum is NaN pass no gradient.
   */
  @PullbackOf(type = Tensor.class, method = "max", wrt = "this")
  public static Tensor maxThis(Tensor self, int axis, Tensor result, Tensor seed) {
    return maxThis(self, axis, false, result, seed);
  }

  /** As {@link #maxThis(Tensor, int, Tensor, Tensor)}. */
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
   */
  @PullbackOf(type = Tensor.class, method = "logSumExp", wrt = "this")
  public static Tensor logSumExpThis(Tensor self, int axis, Tensor result, Tensor seed) {
    return logSumExpThis(self, axis, false, result, seed);
  }

  /** As {@link #logSumExpThis(Tensor, int, Tensor, Tensor)}. */
  @PullbackOf(type = Tensor.class, method = "logSumExp", wrt = "this")
  public static Tensor logSumExpThis(
      Tensor self, int axis, boolean keepDims, Tensor result, Tensor seed) {
    checkSeed(seed, result, "logSumExp");
    int ax = Shapes.axis(axis, self.shape);
    int[] kept = Shapes.reduced(self.shape, ax, true);
    return self.softmax(ax).mul(seed.reshape(kept));
  }

  /** y·(seed - Σ seed·y) along the axis, y the softmax. */
  @PullbackOf(type = Tensor.class, method = "softmax", wrt = "this")
  public static Tensor softmaxThis(Tensor self, int axis, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "softmax");
    return result.mul(seed.sub(seed.mul(result).sum(axis, true)));
  }

  /** seed - softmax·Σ seed along the axis, softmax = exp(result). */
  @PullbackOf(type = Tensor.class, method = "logSoftmax", wrt = "this")
  public static Tensor logSoftmaxThis(Tensor self, int axis, Tensor result, Tensor seed) {
    checkSeed(seed, self.shape, "logSoftmax");
    return seed.sub(result.exp().mul(seed.sum(axis, true)));
  }
}
