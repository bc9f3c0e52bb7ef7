package golden;

import dev.adjoint.Differentiable;

/** A vector-valued method: a pinhole camera's image of a point, two outputs of four inputs. */
public class Pinhole {
  @Differentiable
  static double[] image(double[] point, double focal) {
    double depth = point[2];
    double[] uv = new double[2];
    uv[0] = focal * point[0] / depth;
    uv[1] = focal * point[1] / depth;
    return uv;
  }
}
