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

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An optimizer's state as named values (PyTorch's {@code optimizer.state_dict()}): arrays of
 * doubles (moment estimates, momentum buffers), long counts (step counts) and strings (the
 * optimizer's type), each under a name such as {@code param.0.exp_avg}. {@link
 * Optimizer#stateDict()} makes one and {@link Optimizer#loadStateDict} restores it; a checkpoint
 * stores it. Arrays are copied in and out, so a dictionary never shares an optimizer's buffers.
 */
public final class StateDict {
  private final Map<String, double[]> arrays = new LinkedHashMap<>();
  private final Map<String, Long> longs = new LinkedHashMap<>();
  private final Map<String, String> strings = new LinkedHashMap<>();

  /** An empty dictionary. */
  public StateDict() {}

  /**
   * Stores a copy of {@code values} under {@code name}, replacing any value of that name.
   *
   * @param name the name, such as {@code param.0.exp_avg}
   * @param values the array stored; copied
   * @return this dictionary
   */
  public StateDict putArray(String name, double[] values) {
    Objects.requireNonNull(values, "values");
    remove(Objects.requireNonNull(name, "name"));
    arrays.put(name, values.clone());
    return this;
  }

  /**
   * Stores {@code value} under {@code name}, replacing any value of that name.
   *
   * @param name the name, such as {@code param.0.step}
   * @param value the count stored
   * @return this dictionary
   */
  public StateDict putLong(String name, long value) {
    remove(Objects.requireNonNull(name, "name"));
    longs.put(name, value);
    return this;
  }

  /**
   * Stores {@code value} under {@code name}, replacing any value of that name.
   *
   * @param name the name, such as {@code type}
   * @param value the text stored
   * @return this dictionary
   */
  public StateDict putString(String name, String value) {
    Objects.requireNonNull(value, "value");
    remove(Objects.requireNonNull(name, "name"));
    strings.put(name, value);
    return this;
  }

  private void remove(String name) {
    arrays.remove(name);
    longs.remove(name);
    strings.remove(name);
  }

  /**
   * Whether an array is stored under {@code name}.
   *
   * @param name the name looked up
   * @return whether an array has that name
   */
  public boolean hasArray(String name) {
    return arrays.containsKey(name);
  }

  /**
   * Whether a long is stored under {@code name}.
   *
   * @param name the name looked up
   * @return whether a long has that name
   */
  public boolean hasLong(String name) {
    return longs.containsKey(name);
  }

  /**
   * A copy of the array stored under {@code name}, which must have {@code length} elements.
   *
   * @param name the array's name
   * @param length the length it must have
   * @return a new array of the stored values
   * @throws IllegalArgumentException if there is none, or its length differs
   */
  public double[] array(String name, int length) {
    double[] a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("the optimizer state has no array '" + name + "'");
    }
    if (a.length != length) {
      throw new IllegalArgumentException(
          "the optimizer state's '" + name + "' has " + a.length + " values, expected " + length);
    }
    return a.clone();
  }

  /**
   * The long stored under {@code name}.
   *
   * @param name the long's name
   * @return its value
   * @throws IllegalArgumentException if there is none
   */
  public long getLong(String name) {
    Long v = longs.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the optimizer state has no count '" + name + "'");
    }
    return v;
  }

  /**
   * The string stored under {@code name}, or {@code null}.
   *
   * @param name the string's name
   * @return its value, or {@code null} if none is stored
   */
  public String getString(String name) {
    return strings.get(name);
  }

  /**
   * The arrays by name (unmodifiable; the arrays themselves are this dictionary's).
   *
   * @return a read-only view of the arrays, in the order stored
   */
  public Map<String, double[]> arrays() {
    return Collections.unmodifiableMap(arrays);
  }

  /**
   * The longs by name (unmodifiable).
   *
   * @return a read-only view of the longs, in the order stored
   */
  public Map<String, Long> longs() {
    return Collections.unmodifiableMap(longs);
  }

  /**
   * The strings by name (unmodifiable).
   *
   * @return a read-only view of the strings, in the order stored
   */
  public Map<String, String> strings() {
    return Collections.unmodifiableMap(strings);
  }

  @Override
  public String toString() {
    return "StateDict[arrays "
        + arrays.keySet()
        + ", longs "
        + longs
        + ", strings "
        + strings
        + "]";
  }
}
