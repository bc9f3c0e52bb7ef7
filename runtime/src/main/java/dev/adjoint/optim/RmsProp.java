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

import java.util.List;

/**
 * RMSProp (Hinton), optionally centered (Graves) and with momentum: PyTorch's {@code
 * torch.optim.RMSprop}. For each parameter θ, with v_0 = 0, b_0 = 0 and g^ave_0 = 0, step t = 1, 2,
 * … does
 *
 * <pre>
 * g_t ← ∇f(θ_{t-1})                    (−∇f(θ_{t-1}) if maximize)
 * if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 * v_t ← α v_{t-1} + (1 − α) g_t²
 * ṽ_t ← v_t
 * if centered:
 *   g^ave_t ← α g^ave_{t-1} + (1 − α) g_t
 *   ṽ_t ← ṽ_t − (g^ave_t)²
 * if μ &gt; 0:
 *   b_t ← μ b_{t-1} + g_t / (√ṽ_t + ε)
 *   θ_t ← θ_{t-1} − γ b_t
 * else:
 *   θ_t ← θ_{t-1} − γ g_t / (√ṽ_t + ε)
 * </pre>
 *
 * <p>with smoothing constant α, momentum μ and weight decay λ. Unlike {@link Sgd}'s, the momentum
 * buffer starts at zero (b_1 = g_1 / (√ṽ_1 + ε)), as in PyTorch. ε is added after the square root.
 * Defaults are PyTorch's: γ = 1e-2, α = 0.99, ε = 1e-8, λ = 0, μ = 0, centered = maximize = false.
 */
public final class RmsProp extends Optimizer<RmsProp.Options> {

  /**
   * RMSProp's hyper-parameters (one group's). Immutable; the methods named after the PyTorch
   * arguments return modified copies, e.g. {@code Options.defaults().lr(1e-3).centered(true)}.
   *
   * @param lr learning rate γ ≥ 0 (default 1e-2)
   * @param alpha smoothing constant α ≥ 0 (default 0.99)
   * @param eps ε ≥ 0 added to the denominator (default 1e-8)
   * @param weightDecay L2 penalty λ ≥ 0, added to the gradient (default 0)
   * @param momentum momentum factor μ ≥ 0 (default 0)
   * @param centered normalise by an estimate of the gradient's variance (default false)
   * @param maximize maximise the objective instead of minimising (default false)
   */
  public record Options(
      double lr,
      double alpha,
      double eps,
      double weightDecay,
      double momentum,
      boolean centered,
      boolean maximize)
      implements Hyperparameters {
    private static final Options DEFAULTS = new Options(1e-2, 0.99, 1e-8, 0.0, 0.0, false, false);

    /**
     * Checks each value as PyTorch does.
     *
     * @param lr learning rate γ ≥ 0 (default 1e-2)
     * @param alpha smoothing constant α ≥ 0 (default 0.99)
     * @param eps ε ≥ 0 added to the denominator (default 1e-8)
     * @param weightDecay L2 penalty λ ≥ 0, added to the gradient (default 0)
     * @param momentum momentum factor μ ≥ 0 (default 0)
     * @param centered normalise by an estimate of the gradient's variance (default false)
     * @param maximize maximise the objective instead of minimising (default false)
     * @throws IllegalArgumentException if a value is out of its range, with PyTorch's message
     */
    public Options {
      Checks.nonNegative("learning rate", lr);
      Checks.nonNegative("alpha value", alpha);
      Checks.nonNegative("epsilon value", eps);
      Checks.nonNegative("weight_decay value", weightDecay);
      Checks.nonNegative("momentum value", momentum);
    }

    /**
     * PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay or momentum, uncentered.
     *
     * @return the options PyTorch uses when none are given
     */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * A copy with learning rate {@code lr}.
     *
     * @param lr learning rate γ ≥ 0 (default 1e-2)
     * @return a copy of these options with that change
     */
    public Options lr(double lr) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    /**
     * A copy with smoothing constant {@code alpha}.
     *
     * @param alpha smoothing constant α ≥ 0 (default 0.99)
     * @return a copy of these options with that change
     */
    public Options alpha(double alpha) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    /**
     * A copy with ε = {@code eps}.
     *
     * @param eps ε ≥ 0 added to the denominator (default 1e-8)
     * @return a copy of these options with that change
     */
    public Options eps(double eps) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    /**
     * A copy with weight decay {@code weightDecay}.
     *
     * @param weightDecay L2 penalty λ ≥ 0, added to the gradient (default 0)
     * @return a copy of these options with that change
     */
    public Options weightDecay(double weightDecay) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    /**
     * A copy with momentum factor {@code momentum}.
     *
     * @param momentum momentum factor μ ≥ 0 (default 0)
     * @return a copy of these options with that change
     */
    public Options momentum(double momentum) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    /**
     * A copy that is centered or not.
     *
     * @param centered normalise by an estimate of the gradient's variance (default false)
     * @return a copy of these options with that change
     */
    public Options centered(boolean centered) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    /**
     * A copy that maximises (true) or minimises (false).
     *
     * @param maximize maximise the objective instead of minimising (default false)
     * @return a copy of these options with that change
     */
    public Options maximize(boolean maximize) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }
  }

  /** Per-parameter state, allocated once (buffers for options turned on later, on first use). */
  static final class State {
    long step;
    final double[] squareAvg;
    double[] momentumBuffer;
    double[] gradAvg;

    State(int size, Options o) {
      squareAvg = new double[size];
      if (o.momentum() > 0.0) {
        momentumBuffer = new double[size];
      }
      if (o.centered()) {
        gradAvg = new double[size];
      }
    }
  }

  /**
   * RMSProp over {@code params} with PyTorch's defaults.
   *
   * @param params the parameters to update, as one group
   * @throws IllegalArgumentException if a parameter appears twice
   */
  public RmsProp(List<? extends Parameter> params) {
    this(params, Options.defaults());
  }

  /**
   * RMSProp over {@code params} with {@code options}.
   *
   * @param params the parameters to update, as one group
   * @param options the group's hyper-parameters, also the default of groups added later
   * @throws IllegalArgumentException if the options are invalid or a parameter appears twice
   */
  public RmsProp(List<? extends Parameter> params, Options options) {
    super(params, options);
  }

  /**
   * RMSProp over {@code params} with {@code options}.
   *
   * @param options the group's hyper-parameters, also the default of groups added later
   * @param params the parameters to update, as one group
   * @throws IllegalArgumentException if the options are invalid or a parameter appears twice
   */
  public RmsProp(Options options, Parameter... params) {
    this(List.of(params), options);
  }

  @Override
  protected Object newState(Parameter param, Options options) {
    return new State(param.size(), options);
  }

  @Override
  protected void saveState(Object state, String prefix, StateDict out) {
    State s = (State) state;
    out.putLong(prefix + "step", s.step);
    out.putArray(prefix + "square_avg", s.squareAvg);
    if (s.momentumBuffer != null) {
      out.putArray(prefix + "momentum_buffer", s.momentumBuffer);
    }
    if (s.gradAvg != null) {
      out.putArray(prefix + "grad_avg", s.gradAvg);
    }
  }

  @Override
  protected void loadState(Object state, Parameter param, String prefix, StateDict in) {
    State s = (State) state;
    int n = s.squareAvg.length;
    s.step = in.getLong(prefix + "step");
    System.arraycopy(in.array(prefix + "square_avg", n), 0, s.squareAvg, 0, n);
    if (in.hasArray(prefix + "momentum_buffer")) {
      s.momentumBuffer = in.array(prefix + "momentum_buffer", n);
    }
    if (in.hasArray(prefix + "grad_avg")) {
      s.gradAvg = in.array(prefix + "grad_avg", n);
    }
  }

  @Override
  protected void update(Parameter param, Object state, Options o, double lr) {
    State s = (State) state;
    double[] sq = s.squareAvg;
    int n = sq.length;
    checkSize(param, n);
    double mu = o.momentum();
    boolean centered = o.centered();
    if (mu > 0.0 && s.momentumBuffer == null) {
      s.momentumBuffer = new double[n];
    }
    if (centered && s.gradAvg == null) {
      s.gradAvg = new double[n];
    }
    s.step++;
    double[] theta = param.value();
    double[] grad = param.grad();
    int vo = param.valueOffset();
    int go = param.gradOffset();
    double alpha = o.alpha();
    double eps = o.eps();
    double wd = o.weightDecay();
    boolean maximize = o.maximize();
    double[] buf = s.momentumBuffer;
    double[] gAvg = s.gradAvg;
    for (int i = 0; i < n; i++) {
      double t = theta[vo + i];
      double g = maximize ? -grad[go + i] : grad[go + i];
      if (wd != 0.0) {
        g += wd * t;
      }
      double v = alpha * sq[i] + (1.0 - alpha) * g * g;
      sq[i] = v;
      double avg;
      if (centered) {
        double ga = alpha * gAvg[i] + (1.0 - alpha) * g;
        gAvg[i] = ga;
        avg = Math.sqrt(v - ga * ga) + eps;
      } else {
        avg = Math.sqrt(v) + eps;
      }
      if (mu > 0.0) {
        double b = mu * buf[i] + g / avg;
        buf[i] = b;
        theta[vo + i] = t - lr * b;
      } else {
        theta[vo + i] = t - lr * (g / avg);
      }
    }
  }
}
