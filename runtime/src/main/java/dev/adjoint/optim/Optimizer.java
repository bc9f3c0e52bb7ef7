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

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A first-order optimizer over {@link Parameter}s (PyTorch's {@code torch.optim.Optimizer}): each
 * {@link #step()} updates every parameter in place from its gradient,
 *
 * <pre>θ_t = update(θ_{t-1}, g_t, state, γ_t)</pre>
 *
 * <p>with the rule of the subclass ({@link Sgd}, {@link Adam}, {@link AdamW}, {@link RmsProp}) and
 * the learning rate γ_t of the parameter's group: its base rate {@link Hyperparameters#lr()}, or,
 * when an {@link LrScheduler} is attached, {@code schedule.lr(base, t)} at the scheduler's current
 * count t.
 *
 * <p>Parameters are organised in {@link ParameterGroup}s, each with its own options; the
 * constructor makes the first group and {@link #addParamGroup} adds more. Per-parameter state
 * (momentum buffers, moment estimates, the step count t) is allocated once, when the parameter is
 * added, so that {@link #step()}, {@link #zeroGrad()} and {@link #clipGradNorm(double)} allocate
 * nothing. A parameter whose {@link Parameter#grad()} is {@code null} is skipped by a step, as
 * PyTorch skips parameters whose {@code grad} is {@code None}.
 *
 * <p>A typical loop:
 *
 * <pre>{@code
 * Adam opt = new Adam(List.of(Parameter.of(w, gw), Parameter.of(b, gb)), Adam.Options.defaults().lr(1e-2));
 * LrScheduler sched = LrScheduler.perEpoch(opt, LrSchedule.stepLr(30, 0.1));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   for (Batch batch : batches) {
 *     opt.zeroGrad();
 *     lossAndGradient(batch, w, b, gw, gb);  // accumulates into gw, gb
 *     opt.clipGradNorm(1.0);                   // optional
 *     opt.step();
 *   }
 *   sched.step();
 * }
 * }</pre>
 *
 * <p>Optimizers are not thread-safe.
 *
 * @param <O> the options type of this optimizer
 */
public abstract class Optimizer<O extends Hyperparameters> {
  private final O defaults;
  private final List<ParameterGroup<O>> groups = new ArrayList<>();
  private final List<ParameterGroup<O>> groupsView = Collections.unmodifiableList(groups);
  private final Map<Parameter, Boolean> seen = new IdentityHashMap<>();
  private Parameter[] all = new Parameter[0];
  private LrScheduler scheduler;
  private long steps;

  /** The leaves of the record that {@link #step(Record, Record)} optimizes, by path; or null. */
  private java.util.LinkedHashMap<String, RecordLeaf> recordLeaves;

  private Class<?> recordType;

  /**
   * Makes an optimizer whose first group holds {@code params} with options {@code defaults}; the
   * defaults also serve {@link #addParamGroup(List)}.
   *
   * @param params the parameters of the first group, in order
   * @param defaults the first group's hyper-parameters, and the default of groups added later
   * @throws IllegalArgumentException if the options are invalid or a parameter appears twice
   */
  protected Optimizer(List<? extends Parameter> params, O defaults) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    validate(defaults);
    addParamGroup(params, defaults);
  }

  /**
   * Checks options for this optimizer beyond what their type checks on construction (for example
   * that Nesterov momentum has a momentum). Called whenever a group gets options.
   *
   * @param options the options a group is about to get
   * @throws IllegalArgumentException if the options are invalid
   */
  protected void validate(O options) {}

  /**
   * Returns new per-parameter state for {@code param}, or {@code null} if the optimizer keeps none.
   * Called once, when the parameter is added; allocate buffers of {@code param.size()} here. For
   * the first group this happens inside {@link Optimizer}'s constructor, before a subclass's own
   * fields are assigned, so it should depend only on its arguments.
   *
   * @param param the parameter just added
   * @param options its group's hyper-parameters
   * @return the parameter's state (buffers, counts), or {@code null} for none
   */
  protected abstract Object newState(Parameter param, O options);

  /**
   * Updates one parameter in place. Called by {@link #step()} for each parameter whose gradient is
   * not {@code null}, with the state {@link #newState} returned for it, its group's options and the
   * learning rate of this step.
   *
   * @param param the parameter to update, whose gradient is not {@code null}
   * @param state what {@link #newState} returned for it
   * @param options its group's hyper-parameters
   * @param lr the learning rate of this step for its group (the scheduler's, if one is attached)
   */
  protected abstract void update(Parameter param, Object state, O options, double lr);

  /**
   * Adds the per-parameter state {@code state} (what {@link #newState} returned) to {@code out},
   * each value under {@code prefix} + its name (PyTorch's names: {@code step}, {@code exp_avg},
   * ...), for {@link #stateDict()}. The default stores nothing for a {@code null} state and refuses
   * any other: an optimizer with state overrides this and {@link #loadState}.
   *
   * @param state what {@link #newState} returned for a parameter
   * @param prefix the prefix of that parameter's names, such as {@code param.3.}
   * @param out the dictionary added to
   * @throws UnsupportedOperationException if the optimizer does not support saving its state
   */
  protected void saveState(Object state, String prefix, StateDict out) {
    if (state != null) {
      throw new UnsupportedOperationException(
          getClass().getName() + " cannot save its state: it does not override saveState");
    }
  }

  /**
   * Restores into {@code state}, a state {@link #newState} has just made for parameter {@code
   * param}, the values {@link #saveState} stored under {@code prefix}.
   *
   * @param state a new state for the parameter, to fill
   * @param param the parameter
   * @param prefix the prefix of that parameter's names, such as {@code param.3.}
   * @param in the dictionary read
   * @throws IllegalArgumentException if a value is missing or has the wrong length
   * @throws UnsupportedOperationException if the optimizer does not support loading its state
   */
  protected void loadState(Object state, Parameter param, String prefix, StateDict in) {
    if (state != null) {
      throw new UnsupportedOperationException(
          getClass().getName() + " cannot load its state: it does not override loadState");
    }
  }

  /**
   * The optimizer's state (PyTorch's {@code state_dict()} without the hyper-parameters, which come
   * from the code that builds the optimizer): its type ({@code type}), the number of steps taken
   * ({@code steps}), the attached scheduler's count ({@code scheduler.count}), and for each
   * parameter i, in the order of {@link #parameters()}, its size ({@code param.i.size}) and the
   * optimizer's buffers and counts for it ({@code param.i.exp_avg}, {@code param.i.step}, ...).
   * With {@link #loadStateDict} (and the parameters' values) it continues a run exactly.
   *
   * @return a new dictionary of the state, with copies of the buffers
   */
  public final StateDict stateDict() {
    StateDict out = new StateDict();
    out.putString("type", getClass().getName());
    out.putLong("steps", steps);
    if (scheduler != null) {
      out.putLong("scheduler.count", scheduler.count());
    }
    int k = 0;
    for (ParameterGroup<O> g : groups) {
      for (int i = 0; i < g.params.length; i++, k++) {
        String prefix = "param." + k + ".";
        out.putLong(prefix + "size", g.params[i].size());
        saveState(g.states[i], prefix, out);
      }
    }
    return out;
  }

  /**
   * Restores a state {@link #stateDict()} made, for an optimizer of the same type over parameters
   * of the same sizes in the same order (the hyper-parameters are this optimizer's own). Nothing
   * changes unless every value is present and of the right size.
   *
   * @param state a state {@link #stateDict()} made, possibly read back from a checkpoint
   * @throws IllegalArgumentException if the state is of another optimizer type, of other
   *     parameters, lacks a value, or has a scheduler count when no scheduler is attached (or none
   *     when one is)
   */
  public final void loadStateDict(StateDict state) {
    Objects.requireNonNull(state, "state");
    String type = state.getString("type");
    if (!getClass().getName().equals(type)) {
      throw new IllegalArgumentException(
          "the state is of optimizer " + type + ", not " + getClass().getName());
    }
    long loadedSteps = state.getLong("steps");
    if (loadedSteps < 0) {
      throw new IllegalArgumentException("negative step count: " + loadedSteps);
    }
    boolean hasCount = state.hasLong("scheduler.count");
    if (hasCount != (scheduler != null)) {
      throw new IllegalArgumentException(
          hasCount
              ? "the state has a learning-rate scheduler's count but no scheduler is attached"
              : "a learning-rate scheduler is attached but the state has no count for it");
    }
    if (state.hasLong("param." + all.length + ".size")) {
      throw new IllegalArgumentException(
          "the state is of more than the optimizer's " + all.length + " parameters");
    }
    List<Object[]> fresh = new ArrayList<>();
    int k = 0;
    for (ParameterGroup<O> g : groups) {
      Object[] states = new Object[g.params.length];
      for (int i = 0; i < g.params.length; i++, k++) {
        String prefix = "param." + k + ".";
        Parameter p = g.params[i];
        long size = state.getLong(prefix + "size");
        if (size != p.size()) {
          throw new IllegalArgumentException(
              "parameter " + k + " has size " + p.size() + " but the state's has " + size);
        }
        states[i] = newState(p, g.options);
        loadState(states[i], p, prefix, state);
      }
      fresh.add(states);
    }
    for (int gi = 0; gi < groups.size(); gi++) {
      Object[] states = fresh.get(gi);
      System.arraycopy(states, 0, groups.get(gi).states, 0, states.length);
    }
    steps = loadedSteps;
    if (scheduler != null) {
      scheduler.setCount(state.getLong("scheduler.count"));
    }
  }

  /**
   * The options given to the constructor, the default for {@link #addParamGroup(List)}.
   *
   * @return the default options
   */
  public final O defaults() {
    return defaults;
  }

  /**
   * Adds a group of parameters with the {@link #defaults()} options.
   *
   * @param params the group's parameters, none of them already in this optimizer
   * @throws IllegalArgumentException if a parameter is already in this optimizer or appears twice
   */
  public final void addParamGroup(List<? extends Parameter> params) {
    addParamGroup(params, defaults);
  }

  /**
   * Adds a group of parameters with their own options (PyTorch's {@code add_param_group}).
   *
   * @param params the group's parameters, none of them already in this optimizer
   * @param options the group's hyper-parameters
   * @throws IllegalArgumentException if the options are invalid, or a parameter is already in this
   *     optimizer (in any group) or appears twice in {@code params}
   */
  public final void addParamGroup(List<? extends Parameter> params, O options) {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(options, "options");
    validate(options);
    Parameter[] ps = params.toArray(new Parameter[0]);
    Map<Parameter, Boolean> mine = new IdentityHashMap<>();
    for (Parameter p : ps) {
      Objects.requireNonNull(p, "parameter");
      if (seen.containsKey(p) || mine.put(p, Boolean.TRUE) != null) {
        throw new IllegalArgumentException(
            "some parameters appear in more than one parameter group: " + p);
      }
      if (p.size() < 0) {
        throw new IllegalArgumentException("negative parameter size: " + p.size());
      }
    }
    ParameterGroup<O> group = new ParameterGroup<>(ps, options);
    for (int i = 0; i < ps.length; i++) {
      group.states[i] = newState(ps[i], options);
    }
    seen.putAll(mine);
    groups.add(group);
    Parameter[] grown = new Parameter[all.length + ps.length];
    System.arraycopy(all, 0, grown, 0, all.length);
    System.arraycopy(ps, 0, grown, all.length, ps.length);
    all = grown;
  }

  /**
   * The parameter groups, in the order added (unmodifiable).
   *
   * @return a view of the groups
   */
  public final List<ParameterGroup<O>> paramGroups() {
    return groupsView;
  }

  /**
   * All parameters of all groups, in order (a new unmodifiable list).
   *
   * @return every parameter, group after group
   */
  public final List<Parameter> parameters() {
    return List.of(all);
  }

  /**
   * Replaces the options of group {@code group} (as assigning {@code param_groups[i][key]} does in
   * PyTorch). Existing state such as momentum buffers and step counts is kept.
   *
   * @param group the index of the group, in the order added
   * @param options its new hyper-parameters
   * @throws IllegalArgumentException if the options are invalid
   */
  public final void setOptions(int group, O options) {
    Objects.requireNonNull(options, "options");
    validate(options);
    groups.get(group).options = options;
  }

  /**
   * The learning rate the next {@link #step()} uses for group {@code group}: {@code
   * schedule.lr(base, t)} with an attached scheduler, else the group's base rate.
   *
   * @param group the index of the group, in the order added
   * @return the learning rate of the group's next step
   */
  public final double lr(int group) {
    double base = groups.get(group).options.lr();
    return scheduler == null ? base : scheduler.lr(base);
  }

  /**
   * {@link #lr(int)} of the first group.
   *
   * @return the learning rate of the first group's next step
   */
  public final double lr() {
    return lr(0);
  }

  /**
   * The attached learning-rate scheduler, or {@code null}.
   *
   * @return the scheduler driving this optimizer's learning rates, or {@code null}
   */
  public final LrScheduler scheduler() {
    return scheduler;
  }

  final void attach(LrScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Detaches the learning-rate scheduler, if any: later steps use the groups' base rates. */
  public final void detachScheduler() {
    if (scheduler != null) {
      scheduler.detached();
      scheduler = null;
    }
  }

  /**
   * How many times {@link #step()} has been called.
   *
   * @return the number of steps taken (also those that skipped every parameter)
   */
  public final long stepCount() {
    return steps;
  }

  /**
   * Performs one optimization step on every parameter with a gradient, then, if a per-step {@link
   * LrScheduler} is attached, advances it (so the first step uses the schedule's rate at t = 0, as
   * with PyTorch's {@code optimizer.step(); scheduler.step()}).
   *
   * @throws IllegalStateException if a parameter's size changed since it was added
   */
  public final void step() {
    for (int gi = 0; gi < groups.size(); gi++) {
      ParameterGroup<O> g = groups.get(gi);
      O options = g.options;
      double lr = scheduler == null ? options.lr() : scheduler.lr(options.lr());
      Parameter[] ps = g.params;
      Object[] states = g.states;
      for (int i = 0; i < ps.length; i++) {
        Parameter p = ps[i];
        if (p.grad() != null) {
          update(p, states[i], options, lr);
        }
      }
    }
    steps++;
    if (scheduler != null && scheduler.interval() == LrScheduler.Interval.STEP) {
      scheduler.advance();
    }
  }

  /**
   * One step over a record of parameters, functionally (as optax's {@code update}): returns a new
   * record of {@code params}'s type whose leaves ({@code double}, {@code double[]}, {@code
   * double[][]} and {@code Tensor} components, also of nested records; see {@link
   * dev.adjoint.Records}) are the updated parameters, new arrays and tensors, its data components
   * ({@code int} sizes, flags) {@code params}'s. Neither argument is changed.
   *
   * <pre>{@code
   * Adam adam = new Adam(Adam.Options.defaults().lr(1e-2));
   * for (int step = 0; step < 100; step++) {
   *   Mlp grad = MlpAdjoint.lossGradient(model, x, labels).self();
   *   model = adam.step(model, grad);
   * }
   * }</pre>
   *
   * <p>The first call registers each leaf as a parameter of a new group with the {@link
   * #defaults()} options (or {@link #init} does it earlier), whose state (moments, step counts) is
   * kept by the leaf's path ({@code "w1"}, {@code "l1.w"}); every later call must pass a record of
   * the same type and shapes. The update is the one {@link #step()} makes in place, on the same
   * numbers, and like it the call also steps the optimizer's other parameters and advances a
   * per-step scheduler. A {@code double} component is optimized like any other parameter, and a
   * {@code null} gradient leaf leaves its parameter unchanged.
   *
   * @param params the parameters, a record
   * @param grad their gradient, a record of the same type and shapes (the generated gradient of a
   *     record)
   * @param <R> the record's type
   * @return the updated parameters
   * @throws IllegalArgumentException if the records' types differ from each other or from the first
   *     call's, or a leaf's shape differs (the message names its path and both shapes)
   */
  public final <R extends Record> R step(R params, R grad) {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(grad, "grad");
    if (grad.getClass() != params.getClass()) {
      throw new IllegalArgumentException(
          "step: the gradient is a "
              + grad.getClass().getSimpleName()
              + ", but the parameters are a "
              + params.getClass().getSimpleName());
    }
    init(params);
    List<Object> values = dev.adjoint.Records.leaves(params);
    List<Object> grads = dev.adjoint.Records.leaves(grad);
    int i = 0;
    for (RecordLeaf leaf : recordLeaves.values()) {
      leaf.load(values.get(i), grads.get(i));
      i++;
    }
    step();
    List<Object> updated = new ArrayList<>(values.size());
    for (RecordLeaf leaf : recordLeaves.values()) {
      updated.add(leaf.result());
    }
    return dev.adjoint.Records.withLeaves(params, updated);
  }

  /**
   * Registers the leaves of a record of parameters, as the first {@link #step(Record, Record)}
   * does: before {@link #loadStateDict}, to continue a run of record steps from a saved state. Does
   * nothing when this optimizer already optimizes a record of this type.
   *
   * @param params a record of parameters, of the type later steps pass
   * @throws IllegalArgumentException if it already optimizes a record of another type
   */
  public final void init(Record params) {
    if (recordLeaves != null) {
      if (params.getClass() != recordType) {
        throw new IllegalArgumentException(
            "step: this optimizer optimizes a "
                + recordType.getSimpleName()
                + ", not a "
                + params.getClass().getSimpleName()
                + ": use one optimizer per record of parameters");
      }
      return;
    }
    @SuppressWarnings("unchecked")
    Class<? extends Record> type = (Class<? extends Record>) params.getClass();
    List<String> paths = dev.adjoint.Records.paths(type);
    List<Object> values = dev.adjoint.Records.leaves(params);
    java.util.LinkedHashMap<String, RecordLeaf> leaves = new java.util.LinkedHashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      leaves.put(paths.get(i), RecordLeaf.of(paths.get(i), values.get(i)));
    }
    addParamGroup(new ArrayList<>(leaves.values()));
    recordLeaves = leaves;
    recordType = type;
  }

  /**
   * Sets every parameter's gradient to zero in place ({@link Parameter#zeroGrad()}; PyTorch's
   * {@code zero_grad(set_to_none=False)}).
   */
  public final void zeroGrad() {
    Parameter[] ps = all;
    for (int i = 0; i < ps.length; i++) {
      ps[i].zeroGrad();
    }
  }

  /**
   * Clips the gradients of all this optimizer's parameters by their global 2-norm: {@link
   * GradClip#clipGradNorm(List, double)} over {@link #parameters()}, without allocating.
   *
   * @param maxNorm the largest total norm left after clipping, 0 or more
   * @return the total norm of the gradients before clipping
   * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
   */
  public final double clipGradNorm(double maxNorm) {
    return GradClip.clipGradNorm(all, maxNorm, 2.0, false);
  }

  /**
   * Throws if {@code param}'s size is no longer {@code expected}, the size of its state buffers.
   *
   * @param param a parameter of this optimizer
   * @param expected the size it had when its state was made
   * @throws IllegalStateException if its size changed
   */
  protected static void checkSize(Parameter param, int expected) {
    if (param.size() != expected) {
      throw new IllegalStateException(
          "parameter size changed from " + expected + " to " + param.size() + ": " + param);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + groups;
  }
}
