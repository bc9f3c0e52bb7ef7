package dev.adjoint.optim;

/** The {@link Parameter} over plain arrays that {@link Parameter#of} and {@link Parameter#slice} make. */
record ArraySlice(double[] value, int valueOffset, double[] grad, int gradOffset, int size)
    implements Parameter {

  @Override
  public String toString() {
    return "Parameter[size=" + size + "]";
  }
}
