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
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and (L2) weight
 * decay: PyTorch's {@code torch.optim.SGD}. For each parameter θ with gradient ∇f(θ), step t = 1,
 * 2, … does
 *
 * <pre>
 * g_t ← ∇f(θ_{t-1})                    (−∇f(θ_{t-1}) if maximize)
 * if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 * if μ ≠ 0:
 *   if t &gt; 1:  b_t ← μ b_{t-1} + (1 − τ) g_t
 *   else:       b_t ← g_t
 *   if nesterov:  g_t ← g_t + μ b_t
 *   else:         g_t ← b_t
 * θ_t ← θ_{t-1} − γ g_t
 * </pre>
 *
 * <p>with learning rate γ, weight decay λ, momentum μ and dampening τ. The momentum buffer of the
 * first step is the gradient itself, undampened, as in PyTorch. Defaults are PyTorch's: γ = 1e-3, μ
 * = 0, τ = 0, λ = 0, nesterov = maximize = false. Nesterov momentum requires μ &gt; 0 and τ = 0.
 */
public final class Sgd extends Optimizer<Sgd.Options> {

  /**
   * SGD's hyper-parameters (one group's). Immutable; the {@code with}-style methods named after the
   * PyTorch arguments return modified copies, e.g. {@code
   * Options.defaults().lr(0.1).momentum(0.9)}.
   *
   * @param lr learning rate γ ≥ 0 (default 1e-3)
   * @param momentum momentum factor μ ≥ 0 (default 0)
   * @param dampening dampening τ for momentum (default 0)
   * @param weightDecay L2 penalty λ ≥ 0 (default 0)
   * @param nesterov Nesterov momentum (default false)
   * @param maximize maximise the objective instead of minimising (default false)
   */
  public record Options(
      double lr,
      double momentum,
      double dampening,
      double weightDecay,
      boolean nesterov,
      boolean maximize)
      implements Hyperparameters {
    private static final Options DEFAULTS = new Options(1e-3, 0.0, 0.0, 0.0, false, false);

    /**
     * Checks each value as PyTorch does.
     *
     * @param lr learning rate γ ≥ 0 (default 1e-3)
     * @param momentum momentum factor μ ≥ 0 (default 0)
     * @param dampening dampening τ for momentum (default 0)
     * @param weightDecay L2 penalty λ ≥ 0 (default 0)
     * @param nesterov Nesterov momentum (default false)
     * @param maximize maximise the objective instead of minimising (default false)
     * @throws IllegalArgumentException if a value is out of its range, with PyTorch's message
     */
    public Options {
      Checks.nonNegative("learning rate", lr);
      Checks.nonNegative("momentum value", momentum);
      Checks.finiteOrInfinite("dampening", dampening);
      Checks.nonNegative("weight_decay value", weightDecay);
    }

    /**
     * PyTorch's defaults: lr 1e-3, no momentum, dampening, weight decay, Nesterov or maximize.
     *
     * @return the options PyTorch uses when none are given
     */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * A copy with learning rate {@code lr}.
     *
     * @param lr learning rate γ ≥ 0 (default 1e-3)
     * @return a copy of these options with that change
     */
    public Options lr(double lr) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /**
     * A copy with momentum factor {@code momentum}.
     *
     * @param momentum momentum factor μ ≥ 0 (default 0)
     * @return a copy of these options with that change
     */
    public Options momentum(double momentum) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /**
     * A copy with dampening {@code dampening}.
     *
     * @param dampening dampening τ for momentum (default 0)
     * @return a copy of these options with that change
     */
    public Options dampening(double dampening) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /**
     * A copy with weight decay {@code weightDecay}.
     *
     * @param weightDecay L2 penalty λ ≥ 0 (default 0)
     * @return a copy of these options with that change
     */
    public Options weightDecay(double weightDecay) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /**
     * A copy with Nesterov momentum on or off.
     *
     * @param nesterov Nesterov momentum (default false)
     * @return a copy of these options with that change
     */
    public Options nesterov(boolean nesterov) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /**
     * A copy that maximises (true) or minimises (false).
     *
     * @param maximize maximise the objective instead of minimising (default false)
     * @return a copy of these options with that change
     */
    public Options maximize(boolean maximize) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }
  }

  /** Per-parameter state: the momentum buffer b, allocated once. */
  static final class State {
    final double[] momentumBuffer;
    boolean hasBuffer;

    State(int size) {
      this.momentumBuffer = new double[size];
    }
  }

  /**
   * SGD over {@code params} with PyTorch's defaults (lr 1e-3, no momentum).
   *
   * @param params the parameters to update, as one group
   * @throws IllegalArgumentException if a parameter appears twice
   */
  public Sgd(List<? extends Parameter> params) {
    this(params, Options.defaults());
  }

  /**
   * SGD over {@code params} with {@code options}.
   *
   * @param params the parameters to update, as one group
   * @param options the group's hyper-parameters, also the default of groups added later
   * @throws IllegalArgumentException if the options are invalid or a parameter appears twice
   */
  public Sgd(List<? extends Parameter> params, Options options) {
    super(params, options);
  }

  /**
   * SGD over {@code params} with {@code options}.
   *
   * @param options the group's hyper-parameters, also the default of groups added later
   * @param params the parameters to update, as one group
   * @throws IllegalArgumentException if the options are invalid or a parameter appears twice
   */
  public Sgd(Options options, Parameter... params) {
    this(List.of(params), options);
  }

  @Override
  protected void validate(Options o) {
    if (o.nesterov() && (o.momentum() <= 0.0 || o.dampening() != 0.0)) {
      throw new IllegalArgumentException(
          "Nesterov momentum requires a momentum and zero dampening");
    }
  }

  @Override
  protected Object newState(Parameter param, Options options) {
    return new State(param.size());
  }

  @Override
  protected void saveState(Object state, String prefix, StateDict out) {
    State s = (State) state;
    if (s.hasBuffer) {
      out.putArray(prefix + "momentum_buffer", s.momentumBuffer);
    }
  }

  @Override
  protected void loadState(Object state, Parameter param, String prefix, StateDict in) {
    State s = (State) state;
    if (in.hasArray(prefix + "momentum_buffer")) {
      int n = s.momentumBuffer.length;
      System.arraycopy(in.array(prefix + "momentum_buffer", n), 0, s.momentumBuffer, 0, n);
      s.hasBuffer = true;
    }
  }

  @Override
  protected void update(Parameter param, Object state, Options o, double lr) {
    State s = (State) state;
    int n = s.momentumBuffer.length;
    checkSize(param, n);
    double[] theta = param.value();
    double[] grad = param.grad();
    int vo = param.valueOffset();
    int go = param.gradOffset();
    double wd = o.weightDecay();
    double mu = o.momentum();
    double oneMinusDampening = 1.0 - o.dampening();
    boolean nesterov = o.nesterov();
    boolean maximize = o.maximize();
    double[] buf = s.momentumBuffer;
    boolean first = !s.hasBuffer;
    for (int i = 0; i < n; i++) {
      double g = maximize ? -grad[go + i] : grad[go + i];
      if (wd != 0.0) {
        g += wd * theta[vo + i];
      }
      if (mu != 0.0) {
        double b = first ? g : mu * buf[i] + oneMinusDampening * g;
        buf[i] = b;
        g = nesterov ? g + mu * b : b;
      }
      theta[vo + i] -= lr * g;
    }
    if (mu != 0.0) {
      s.hasBuffer = true;
    }
  }
}
