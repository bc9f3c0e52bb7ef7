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
package dev.adjoint;

import dev.adjoint.tensor.Tensor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records as bundles of parameters (JAX's pytrees): the leaves of a record whose components are
 * {@code double}, {@code double[]}, {@code double[][]}, {@link Tensor} or such records, depth first
 * in component order, each named by its path ({@code "l1.w"} for {@code net.l1().w()}). Components
 * of other types ({@code int} sizes, flags, ...) are data: never leaves, copied as they are when a
 * record is rebuilt. The optimizers' {@code step(params, grad)} and {@link GradCheck} read records
 * through this class.
 *
 * <p>It reads records by reflection ({@link Class#getRecordComponents()}, its accessors and
 * canonical constructor), once per class, as Java's serialization of records does; a record that is
 * not public, or is nested in a class that is not, is read all the same when its module is open to
 * this one (always on the class path).
 */
public final class Records {
  private Records() {}

  /** A record class's layout: its components, in order, and its canonical constructor. */
  private record Layout(
      String[] names, Class<?>[] types, MethodHandle[] accessors, MethodHandle constructor) {}

  private static final ClassValue<Layout> LAYOUTS =
      new ClassValue<>() {
        @Override
        protected Layout computeValue(Class<?> type) {
          RecordComponent[] rc = type.getRecordComponents();
          if (rc == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
          }
          String[] names = new String[rc.length];
          Class<?>[] types = new Class<?>[rc.length];
          MethodHandle[] accessors = new MethodHandle[rc.length];
          try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < rc.length; i++) {
              names[i] = rc[i].getName();
              types[i] = rc[i].getType();
              var accessor = rc[i].getAccessor();
              accessor.setAccessible(true);
              accessors[i] =
                  lookup
                      .unreflect(accessor)
                      .asType(MethodType.methodType(Object.class, Object.class));
            }
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            MethodHandle make =
                lookup
                    .unreflectConstructor(constructor)
                    .asSpreader(Object[].class, rc.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new Layout(names, types, accessors, make);
          } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(
                "cannot read the record " + type.getName() + ": " + e, e);
          }
        }
      };

  /**
   * Whether values of a component type are leaves: {@code double}, {@code double[]}, {@code
   * double[][]} or {@link Tensor}.
   */
  private static boolean isLeaf(Class<?> type) {
    return type == double.class
        || type == double[].class
        || type == double[][].class
        || type == Tensor.class;
  }

  /**
   * The paths of a record class's leaves: {@code "w1"}, {@code "l1.w"}, ...
   *
   * @param type a record class
   * @return the leaves' paths, depth first in component order
   */
  public static List<String> paths(Class<? extends Record> type) {
    List<String> out = new ArrayList<>();
    paths(type, "", out);
    return out;
  }

  private static void paths(Class<?> type, String prefix, List<String> out) {
    Layout l = LAYOUTS.get(type);
    for (int i = 0; i < l.names.length; i++) {
      if (isLeaf(l.types[i])) {
        out.add(prefix + l.names[i]);
      } else if (l.types[i].isRecord()) {
        paths(l.types[i], prefix + l.names[i] + ".", out);
      }
    }
  }

  /**
   * The leaves of a record: a {@code Double} for a {@code double}, the arrays and tensors
   * themselves (not copies).
   *
   * @param record a record of parameters
   * @return its leaves, in the order of {@link #paths}
   */
  public static List<Object> leaves(Record record) {
    Objects.requireNonNull(record, "record");
    List<Object> out = new ArrayList<>();
    leaves(record, "", out);
    return out;
  }

  private static void leaves(Object record, String prefix, List<Object> out) {
    Layout l = LAYOUTS.get(record.getClass());
    for (int i = 0; i < l.names.length; i++) {
      if (isLeaf(l.types[i]) || l.types[i].isRecord()) {
        Object v = get(l, i, record);
        if (isLeaf(l.types[i])) {
          out.add(v);
        } else if (v == null) {
          throw new NullPointerException("component " + prefix + l.names[i] + " is null");
        } else {
          leaves(v, prefix + l.names[i] + ".", out);
        }
      }
    }
  }

  /**
   * A record like {@code template} with its leaves replaced, in the order of {@link #paths}; its
   * data components (anything but leaves and nested records) are {@code template}'s.
   *
   * @param template the record whose class and data components to keep
   * @param leaves one value per leaf: a {@code Double} (or any {@code Number}) for a {@code double}
   * @param <R> the record's type
   * @return the new record
   * @throws IllegalArgumentException if the number of leaves or a leaf's type does not fit
   */
  @SuppressWarnings("unchecked")
  public static <R extends Record> R withLeaves(R template, List<?> leaves) {
    Objects.requireNonNull(template, "template");
    int[] next = {0};
    Object out = rebuild(template, leaves, next, "");
    if (next[0] != leaves.size()) {
      throw new IllegalArgumentException(
          template.getClass().getSimpleName()
              + " has "
              + next[0]
              + " leaves, but "
              + leaves.size()
              + " values were given");
    }
    return (R) out;
  }

  private static Object rebuild(Object template, List<?> leaves, int[] next, String prefix) {
    Layout l = LAYOUTS.get(template.getClass());
    Object[] args = new Object[l.names.length];
    for (int i = 0; i < args.length; i++) {
      Class<?> t = l.types[i];
      if (isLeaf(t)) {
        if (next[0] >= leaves.size()) {
          throw new IllegalArgumentException(
              "too few values: none for " + prefix + l.names[i] + " of " + template.getClass());
        }
        Object v = leaves.get(next[0]++);
        if (t == double.class) {
          if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(
                prefix + l.names[i] + " is a double, not " + (v == null ? "null" : v.getClass()));
          }
          v = n.doubleValue();
        } else if (v != null && !t.isInstance(v)) {
          throw new IllegalArgumentException(
              prefix + l.names[i] + " is a " + t.getSimpleName() + ", not " + v.getClass());
        }
        args[i] = v;
      } else if (t.isRecord()) {
        args[i] = rebuild(get(l, i, template), leaves, next, prefix + l.names[i] + ".");
      } else {
        args[i] = get(l, i, template);
      }
    }
    try {
      return l.constructor.invokeExact(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object get(Layout l, int i, Object record) {
    try {
      return (Object) l.accessors[i].invokeExact(record);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
