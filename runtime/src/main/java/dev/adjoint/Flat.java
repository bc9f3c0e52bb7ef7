package dev.adjoint;

import dev.adjoint.tensor.Tensor;

/**
 * Flattens a method's differentiated inputs into one vector, in declaration order (a {@code
 * double} is one entry, a {@code double[]} its elements, a {@code double[][]} its rows one after
 * the other, a {@code Tensor} its elements in row-major order), as Jacobians, Hessians and
 * Hessian-vector products index them. Called by generated code.
 */
public final class Flat {
  private Flat() {}

  public static int size(double[] a) {
    return a.length;
  }

  public static int size(double[][] m) {
    int n = 0;
    for (double[] row : m) {
      n += row.length;
    }
    return n;
  }

  /** Copies {@code into.length} entries of {@code flat} from {@code offset}; returns the next. */
  public static int read(double[] flat, int offset, double[] into) {
    System.arraycopy(flat, offset, into, 0, into.length);
    return offset + into.length;
  }

  /** Fills the rows of {@code into} from {@code flat}, starting at {@code offset}. */
  public static int read(double[] flat, int offset, double[][] into) {
    for (double[] row : into) {
      offset = read(flat, offset, row);
    }
    return offset;
  }

  /** Copies {@code from} into {@code flat} at {@code offset}; returns the next offset. */
  public static int write(double[] from, double[] flat, int offset) {
    System.arraycopy(from, 0, flat, offset, from.length);
    return offset + from.length;
  }

  public static int write(double[][] from, double[] flat, int offset) {
    for (double[] row : from) {
      offset = write(row, flat, offset);
    }
    return offset;
  }

  public static int size(Tensor t) {
    return t.size();
  }

  /** The {@code like.size()} entries of {@code flat} from {@code offset}, shaped like {@code like}. */
  public static Tensor read(double[] flat, int offset, Tensor like) {
    double[] data = new double[like.size()];
    System.arraycopy(flat, offset, data, 0, data.length);
    return Tensor.of(data, like.shape());
  }

  /**
   * Copies the elements of {@code from} (null: zeros of {@code like}'s size, which {@code flat}
   * already holds) into {@code flat} at {@code offset}; returns the next offset.
   */
  public static int write(Tensor from, Tensor like, double[] flat, int offset) {
    if (from != null) {
      double[] data = from.toArray();
      System.arraycopy(data, 0, flat, offset, data.length);
    }
    return offset + like.size();
  }

  /** Checks that a vector over the flattened inputs has their size. */
  public static void checkSize(double[] vector, int size, String name) {
    if (vector.length != size) {
      throw new IllegalArgumentException(
          name + " has " + vector.length + " entries, but the differentiated inputs have " + size
              + " (flattened in declaration order)");
    }
  }
}
