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
package dev.adjoint.train;

import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Parameter;
import dev.adjoint.optim.StateDict;
import dev.adjoint.tensor.TensorParameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Saves and restores a training run in one {@linkplain Safetensors safetensors} file: the
 * parameters' values, the optimizer's state and the trainer's position, so that a run resumed from
 * it continues exactly as an uninterrupted one would (PyTorch's {@code torch.save} of the model's,
 * the optimizer's and the loop's state, in the format Hugging Face, PyTorch and JAX read).
 *
 * <pre>{@code
 * Map<String, Parameter> model = Map.of("w1", w1, "b1", b1);   // TensorParameters keep their shape
 * Checkpoint.save(Path.of("run.safetensors"), model, adam, trainer);
 * ...
 * Checkpoint.load(Path.of("run.safetensors"), model, adam, trainer);  // then trainer.fit()
 * }</pre>
 *
 * <p>The layout: each parameter is an F64 tensor under its name (a {@link TensorParameter} with its
 * tensor's shape, any other parameter as a vector), which {@code safetensors.torch.load_file} reads
 * as is. The optimizer's arrays are F64 tensors and its counts I64 scalars named {@code
 * __optimizer__.} + their {@link StateDict} names ({@code __optimizer__.param.0.exp_avg}, ...); its
 * type and the trainer's position (step, seed, early-stopping state; the epoch and the total number
 * of steps for information) are {@code __metadata__} strings ({@code optimizer.type}, {@code
 * trainer.step}, {@code trainer.epoch}, ...). Parameter names may not begin with {@code __}.
 *
 * <p>Loading is strict, as PyTorch's {@code load_state_dict(strict=True)}: every parameter must be
 * in the file, as F64 and with its shape, and the file must hold no other parameter; an optimizer
 * or trainer passed to {@link #load} must have its state in the file. Everything is checked before
 * anything is changed.
 */
public final class Checkpoint {
  static final String FORMAT = "adjoint.checkpoint";
  static final String OPTIMIZER = "__optimizer__.";

  private Checkpoint() {}

  /**
   * Writes the parameters' values, and the optimizer's state and trainer's position if not {@code
   * null}, to {@code file} (atomically: a temporary file renamed over it).
   *
   * @param file where to write; an existing file is replaced
   * @param parameters the parameters to save, by name (in the map's order)
   * @param optimizer the optimizer whose state to save, or {@code null}
   * @param trainer the trainer whose position to save, or {@code null}
   * @throws IllegalArgumentException if a parameter name is empty or begins with {@code __}
   * @throws UnsupportedOperationException if the optimizer cannot save its state
   * @throws IOException if the file cannot be written
   */
  public static void save(
      Path file,
      Map<String, ? extends Parameter> parameters,
      Optimizer<?> optimizer,
      Trainer<?> trainer)
      throws IOException {
    Map<String, Safetensors.Entry> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("format_version", "1");
    for (Map.Entry<String, ? extends Parameter> e : parameters.entrySet()) {
      String name = checkName(e.getKey());
      Parameter p = Objects.requireNonNull(e.getValue(), name);
      double[] values = Arrays.copyOfRange(p.value(), p.valueOffset(), p.valueOffset() + p.size());
      tensors.put(name, Safetensors.Entry.f64(values, shapeOf(p)));
    }
    if (optimizer != null) {
      StateDict state = optimizer.stateDict();
      state
          .arrays()
          .forEach((k, v) -> tensors.put(OPTIMIZER + k, Safetensors.Entry.f64(v, v.length)));
      state
          .longs()
          .forEach((k, v) -> tensors.put(OPTIMIZER + k, Safetensors.Entry.i64(new long[] {v})));
      state.strings().forEach((k, v) -> metadata.put("optimizer." + k, v));
    }
    if (trainer != null) {
      Trainer.Position p = trainer.position();
      metadata.put("trainer.step", Long.toString(p.step()));
      metadata.put("trainer.epoch", Long.toString(p.step() / trainer.stepsPerEpoch()));
      metadata.put("trainer.seed", Long.toString(p.seed()));
      metadata.put("trainer.best_metric", Double.toString(p.bestMetric()));
      metadata.put(
          "trainer.evaluations_without_improvement",
          Integer.toString(p.evaluationsWithoutImprovement()));
      metadata.put("trainer.stopped", Boolean.toString(p.stopped()));
      metadata.put("trainer.total_steps", Long.toString(trainer.totalSteps()));
    }
    Safetensors.write(file, tensors, metadata);
  }

  /**
   * Writes the parameters' values only.
   *
   * @param file where to write; an existing file is replaced
   * @param parameters the parameters to save, by name (in the map's order)
   * @throws IOException if the file cannot be written
   */
  public static void save(Path file, Map<String, ? extends Parameter> parameters)
      throws IOException {
    save(file, parameters, null, null);
  }

  /**
   * Restores from {@code file} the parameters' values (in place), and the optimizer's state and the
   * trainer's position if not {@code null}.
   *
   * @param file the checkpoint
   * @param parameters the parameters to restore, by name
   * @param optimizer the optimizer whose state to restore, or {@code null}
   * @param trainer the trainer whose position to restore, or {@code null}
   * @throws CheckpointException if the file is malformed, lacks a parameter or a state asked for,
   *     holds a parameter of another dtype or shape or one not in {@code parameters}, or its
   *     optimizer state does not fit {@code optimizer}
   */
  public static void load(
      Path file,
      Map<String, ? extends Parameter> parameters,
      Optimizer<?> optimizer,
      Trainer<?> trainer)
      throws IOException {
    Safetensors.Contents contents = Safetensors.read(file);
    Map<String, Safetensors.Entry> tensors = contents.tensors();
    Map<String, String> metadata = contents.metadata();
    List<String> unexpected = new ArrayList<>();
    for (String name : tensors.keySet()) {
      if (!name.startsWith("__") && !parameters.containsKey(name)) {
        unexpected.add(name);
      }
    }
    if (!unexpected.isEmpty()) {
      throw new CheckpointException(
          file
              + ": holds parameters that were not asked for: "
              + unexpected
              + " (asked for "
              + parameters.keySet()
              + ")");
    }
    Map<Parameter, double[]> values = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends Parameter> e : parameters.entrySet()) {
      String name = e.getKey();
      Parameter p = e.getValue();
      Safetensors.Entry t = tensors.get(name);
      if (t == null) {
        throw new CheckpointException(
            file + ": has no tensor '" + name + "' (it has " + parameterNames(tensors) + ")");
      }
      if (!t.dtype().equals("F64")) {
        throw new CheckpointException(
            file + ": tensor '" + name + "' has dtype " + t.dtype() + ", expected F64");
      }
      int[] expected = shapeOf(p);
      if (!Arrays.equals(t.shape(), expected)) {
        throw new CheckpointException(
            file
                + ": tensor '"
                + name
                + "' has shape "
                + Arrays.toString(t.shape())
                + " but the parameter has shape "
                + Arrays.toString(expected));
      }
      values.put(p, t.doubles());
    }
    StateDict state = null;
    if (optimizer != null) {
      state = optimizerState(file, tensors, metadata);
    }
    Trainer.Position position = null;
    if (trainer != null) {
      position = position(file, metadata);
      if (position.step() < 0 || position.evaluationsWithoutImprovement() < 0) {
        throw new CheckpointException(file + ": negative trainer step or count: " + position);
      }
      if (position.step() > trainer.totalSteps()) {
        throw new CheckpointException(
            file
                + ": the run is at step "
                + position.step()
                + ", beyond this trainer's "
                + trainer.totalSteps()
                + " steps");
      }
    }
    if (optimizer != null) {
      try {
        optimizer.loadStateDict(state);
      } catch (IllegalArgumentException e) {
        throw new CheckpointException(
            file + ": the optimizer state does not fit: " + e.getMessage(), e);
      }
    }
    for (Map.Entry<Parameter, double[]> e : values.entrySet()) {
      Parameter p = e.getKey();
      System.arraycopy(e.getValue(), 0, p.value(), p.valueOffset(), p.size());
    }
    if (trainer != null) {
      trainer.restore(position);
    }
  }

  /**
   * Restores the parameters' values only (the file may hold more: an optimizer's state, say).
   *
   * @param file the checkpoint
   * @param parameters the parameters to restore, by name
   * @throws IOException if the file cannot be read, or is not a checkpoint of these parameters
   *     ({@link CheckpointException})
   */
  public static void load(Path file, Map<String, ? extends Parameter> parameters)
      throws IOException {
    load(file, parameters, null, null);
  }

  private static List<String> parameterNames(Map<String, Safetensors.Entry> tensors) {
    return tensors.keySet().stream().filter(n -> !n.startsWith("__")).toList();
  }

  private static StateDict optimizerState(
      Path file, Map<String, Safetensors.Entry> tensors, Map<String, String> metadata)
      throws CheckpointException {
    String type = metadata.get("optimizer.type");
    if (type == null) {
      throw new CheckpointException(file + ": holds no optimizer state");
    }
    StateDict state = new StateDict();
    state.putString("type", type);
    for (Map.Entry<String, Safetensors.Entry> e : tensors.entrySet()) {
      if (!e.getKey().startsWith(OPTIMIZER)) {
        continue;
      }
      String key = e.getKey().substring(OPTIMIZER.length());
      Safetensors.Entry t = e.getValue();
      if (t.dtype().equals("F64") && t.shape().length == 1) {
        state.putArray(key, t.doubles());
      } else if (t.dtype().equals("I64") && t.shape().length == 0) {
        state.putLong(key, t.longs()[0]);
      } else {
        throw new CheckpointException(
            file
                + ": optimizer tensor '"
                + e.getKey()
                + "' is "
                + t
                + ", expected an F64 vector or an I64 scalar");
      }
    }
    return state;
  }

  private static Trainer.Position position(Path file, Map<String, String> metadata)
      throws CheckpointException {
    if (!metadata.containsKey("trainer.step")) {
      throw new CheckpointException(file + ": holds no trainer position");
    }
    try {
      return new Trainer.Position(
          Long.parseLong(required(file, metadata, "trainer.step")),
          Long.parseLong(required(file, metadata, "trainer.seed")),
          Double.parseDouble(required(file, metadata, "trainer.best_metric")),
          Integer.parseInt(required(file, metadata, "trainer.evaluations_without_improvement")),
          parseBoolean(file, required(file, metadata, "trainer.stopped")));
    } catch (NumberFormatException e) {
      throw new CheckpointException(
          file + ": a trainer value is not a number: " + e.getMessage(), e);
    }
  }

  private static String required(Path file, Map<String, String> metadata, String key)
      throws CheckpointException {
    String v = metadata.get(key);
    if (v == null) {
      throw new CheckpointException(file + ": the metadata has no '" + key + "'");
    }
    return v;
  }

  private static boolean parseBoolean(Path file, String s) throws CheckpointException {
    if (s.equals("true") || s.equals("false")) {
      return s.equals("true");
    }
    throw new CheckpointException(file + ": trainer.stopped is '" + s + "', not true or false");
  }

  private static String checkName(String name) {
    if (name == null || name.isEmpty() || name.startsWith("__")) {
      throw new IllegalArgumentException(
          "a parameter name must be non-empty and not begin with __, got '" + name + "'");
    }
    return name;
  }

  private static int[] shapeOf(Parameter p) {
    if (p instanceof TensorParameter t) {
      return t.tensor().shape();
    }
    return new int[] {p.size()};
  }
}
