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
 * AdamW (Loshchilov and Hutter): Adam with weight decay decoupled from the gradient, PyTorch's
 * {@code torch.optim.AdamW}. For each parameter θ, with m_0 = v_0 = v_0^max = 0, step t = 1, 2, …
 * (counted per parameter) does
 *
 * <pre>
 * g_t ← ∇f(θ_{t-1})                    (−∇f(θ_{t-1}) if maximize)
 * θ_t ← θ_{t-1} − γ λ θ_{t-1}
 * m_t ← β₁ m_{t-1} + (1 − β₁) g_t
 * v_t ← β₂ v_{t-1} + (1 − β₂) g_t²
 * m̂_t ← m_t / (1 − β₁^t)
 * if amsgrad:  v_t^max ← max(v_{t-1}^max, v_t);  v̂_t ← v_t^max / (1 − β₂^t)
 * else:        v̂_t ← v_t / (1 − β₂^t)
 * θ_t ← θ_t − γ m̂_t / (√v̂_t + ε)
 * </pre>
 *
 * <p>The decay uses the scheduled learning rate γ of the step, as PyTorch's does. Defaults are
 * PyTorch's: γ = 1e-3, (β₁, β₂) = (0.9, 0.999), ε = 1e-8, λ = 1e-2, amsgrad = maximize = false.
 */
public final class AdamW extends Optimizer<AdamW.Options> {

  /**
   * AdamW's hyper-parameters (one group's). Immutable; the methods named after the PyTorch
   * arguments return modified copies, e.g. {@code Options.defaults().lr(3e-4).weightDecay(0.1)}.
   *
   * @param lr learning rate γ ≥ 0 (default 1e-3)
   * @param beta1 β₁ in [0, 1), decay of the first moment (default 0.9)
   * @param beta2 β₂ in [0, 1), decay of the second moment (default 0.999)
   * @param eps ε ≥ 0 added to the denominator (default 1e-8)
   * @param weightDecay decoupled weight decay λ ≥ 0 (default 1e-2)
   * @param amsgrad use the AMSGrad variant (default false)
   * @param maximize maximise the objective instead of minimising (default false)
   */
  public record Options(
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad,
      boolean maximize)
      implements Hyperparameters {
    private static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false);

    /**
     * Checks each value as PyTorch does.
     *
     * @param lr learning rate γ ≥ 0 (default 1e-3)
     * @param beta1 β₁ in [0, 1), decay of the first moment (default 0.9)
     * @param beta2 β₂ in [0, 1), decay of the second moment (default 0.999)
     * @param eps ε ≥ 0 added to the denominator (default 1e-8)
     * @param weightDecay decoupled weight decay λ ≥ 0 (default 1e-2)
     * @param amsgrad use the AMSGrad variant (default false)
     * @param maximize maximise the objective instead of minimising (default false)
     * @throws IllegalArgumentException if a value is out of its range, with PyTorch's message
     */
    public Options {
      Checks.nonNegative("learning rate", lr);
      Checks.beta("beta parameter at index 0", beta1);
      Checks.beta("beta parameter at index 1", beta2);
      Checks.nonNegative("epsilon value", eps);
      Checks.nonNegative("weight_decay value", weightDecay);
    }

    /**
     * PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2.
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
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    /**
     * A copy with {@code betas = (beta1, beta2)}.
     *
     * @param beta1 β₁ in [0, 1), decay of the first moment (default 0.9)
     * @param beta2 β₂ in [0, 1), decay of the second moment (default 0.999)
     * @return a copy of these options with that change
     */
    public Options betas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    /**
     * A copy with ε = {@code eps}.
     *
     * @param eps ε ≥ 0 added to the denominator (default 1e-8)
     * @return a copy of these options with that change
     */
    public Options eps(double eps) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    /**
     * A copy with decoupled weight decay {@code weightDecay}.
     *
     * @param weightDecay decoupled weight decay λ ≥ 0 (default 1e-2)
     * @return a copy of these options with that change
     */
    public Options weightDecay(double weightDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    /**
     * A copy with AMSGrad on or off.
     *
     * @param amsgrad use the AMSGrad variant (default false)
     * @return a copy of these options with that change
     */
    public Options amsgrad(boolean amsgrad) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    /**
     * A copy that maximises (true) or minimises (false).
     *
     * @param maximize maximise the objective instead of minimising (default false)
     * @return a copy of these options with that change
     */
    public Options maximize(boolean maximize) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }
  }

  /**
   * AdamW over {@code params} with PyTorch's defaults.
   *
   * @param params the parameters to update, as one group
   * @throws IllegalArgumentException if a parameter appears twice
   */
  public AdamW(List<? extends Parameter> params) {
    this(params, Options.defaults());
  }

  /**
   * AdamW over {@code params} with {@code options}.
   *
   * @param params the parameters to update, as one group
   * @param options the group's hyper-parameters, also the default of groups added later
   * @throws IllegalArgumentException if the options are invalid or a parameter appears twice
   */
  public AdamW(List<? extends Parameter> params, Options options) {
    super(params, options);
  }

  /**
   * AdamW over {@code params} with {@code options}.
   *
   * @param options the group's hyper-parameters, also the default of groups added later
   * @param params the parameters to update, as one group
   * @throws IllegalArgumentException if the options are invalid or a parameter appears twice
   */
  public AdamW(Options options, Parameter... params) {
    this(List.of(params), options);
  }

  @Override
  protected Object newState(Parameter param, Options options) {
    return new AdamState(param.size(), options.amsgrad());
  }

  @Override
  protected void update(Parameter param, Object state, Options o, double lr) {
    ((AdamState) state)
        .update(
            param,
            lr,
            o.beta1(),
            o.beta2(),
            o.eps(),
            0.0,
            o.weightDecay(),
            o.amsgrad(),
            o.maximize());
  }

  @Override
  protected void saveState(Object state, String prefix, StateDict out) {
    ((AdamState) state).save(prefix, out);
  }

  @Override
  protected void loadState(Object state, Parameter param, String prefix, StateDict in) {
    ((AdamState) state).load(prefix, in);
  }

  /**
   * The number of steps parameter {@code param} has taken (PyTorch's {@code state['step']}).
   *
   * @param group the index of the parameter group, in the order added
   * @param param the index of the parameter within its group
   * @return the number of updates that parameter has had (steps with a null gradient skip it)
   */
  public long stepOf(int group, int param) {
    return ((AdamState) paramGroups().get(group).states[param]).step;
  }
}
