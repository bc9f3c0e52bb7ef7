package dev.adjoint.samples;

/**
 * HOOKS FOR FORWARD MODE. Adjoint generates reverse mode only, so far. The samples that show forward
 * mode call these methods: the survey's tangent trace ({@link Survey}), the notebook's {@code
 * forward_automatic_differentiation([exp, tanh], 0.5)} and the Jacobian of a function of 5 inputs
 * and 3 outputs built column by column ({@link ForwardVsReverse}).
 *
 * <p>Until the processor generates forward mode, each body is hand-written tangent code (the chain
 * rule applied step by step, as the tutorials do it), and {@link #GENERATED} is false, so the
 * samples label these numbers "hand-written". To switch the samples over: replace each body marked
 * {@code HOOK(forward mode)} with the call to the generated tangent of the same function, and set
 * {@link #GENERATED} to true. The samples print the same tables, and their tests
 * ({@code SurveyTest}, {@code ForwardVsReverseTest}) check the same numbers.
 */
public final class ForwardMode {
  private ForwardMode() {}

  /** Whether the methods below call generated forward-mode code. */
  public static final boolean GENERATED = false;

  /** How the samples describe where the tangents come from. */
  public static String source() {
    return GENERATED ? "generated forward mode" : "hand-written tangents (forward mode: not generated yet)";
  }

  /**
   * The directional derivative of {@link Survey#f} at (x1, x2) along (dx1, dx2): one forward sweep.
   */
  public static double surveyTangent(double x1, double x2, double dx1, double dx2) {
    // HOOK(forward mode): the generated tangent of Survey.f, seeded with (dx1, dx2).
    return dx1 / x1 + (dx1 * x2 + x1 * dx2) - Math.cos(x2) * dx2;
  }

  /** The tangent of {@link ForwardVsReverse#expTanh} at x along dx: one forward sweep. */
  public static double expTanhTangent(double x, double dx) {
    // HOOK(forward mode): the generated tangent of ForwardVsReverse.expTanh, seeded with dx.
    double t = Math.tanh(x);
    double dt = (1 - t * t) * dx;
    return Math.exp(t) * dt;
  }

  /**
   * Column {@code j} of the Jacobian of {@link ForwardVsReverse#outputs}: the tangents of its 3
   * outputs for the tangent e_j of p, from one forward sweep.
   */
  public static double[] jacobianColumn(double[] p, int j) {
    // HOOK(forward mode): the generated tangent of the 3 outputs, seeded with p' = e_j.
    double[] dp = new double[p.length];
    dp[j] = 1;
    double[] column = new double[ForwardVsReverse.OUTPUTS];
    // f1 = p0 p1 + sin(p2)
    column[0] = dp[0] * p[1] + p[0] * dp[1] + Math.cos(p[2]) * dp[2];
    // f2 = exp(p3) p4 - p0
    column[1] = Math.exp(p[3]) * dp[3] * p[4] + Math.exp(p[3]) * dp[4] - dp[0];
    // f3 = tanh(p1 p2 p3) + p4^2
    double u = p[1] * p[2] * p[3];
    double du = dp[1] * p[2] * p[3] + p[1] * dp[2] * p[3] + p[1] * p[2] * dp[3];
    double t = Math.tanh(u);
    column[2] = (1 - t * t) * du + 2 * p[4] * dp[4];
    return column;
  }
}
