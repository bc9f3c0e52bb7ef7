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
package dev.adjoint.processor.read;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's Compiler Tree API behind the processing environment. Build tools wrap the
 * environment (Gradle's incremental processing in a class, IntelliJ in a {@link Proxy}), and {@link
 * Trees#instance} rejects wrappers, so we look for the javac environment inside them, as Lombok and
 * other processors that read trees do.
 */
public final class JavacBridge {
  private JavacBridge() {}

  /**
   * The Tree API, or empty when no javac is underneath (Eclipse's compiler, for example).
   *
   * @param env the environment the processor was given, possibly wrapped
   * @return javac's trees, or empty
   */
  public static Optional<Trees> trees(ProcessingEnvironment env) {
    ProcessingEnvironment current = env;
    for (int depth = 0; current != null && depth < 8; depth++) {
      try {
        return Optional.of(Trees.instance(current));
      } catch (IllegalArgumentException | NoClassDefFoundError notJavac) {
        current = delegateOf(current);
      }
    }
    return Optional.empty();
  }

  /**
   * The environment a wrapper forwards to: a field of the wrapper holding one (Gradle's incremental
   * processing keeps it in {@code delegate}), or, for a {@link Proxy} (IntelliJ's wrapper), a field
   * of its invocation handler ({@code val$delegateTo}); null if none.
   */
  private static ProcessingEnvironment delegateOf(ProcessingEnvironment wrapper) {
    Object holder =
        Proxy.isProxyClass(wrapper.getClass()) ? Proxy.getInvocationHandler(wrapper) : wrapper;
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.getType().isPrimitive() || Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        try {
          field.setAccessible(true);
          if (field.get(holder) instanceof ProcessingEnvironment env && env != wrapper) {
            return env;
          }
        } catch (ReflectiveOperationException | RuntimeException inaccessible) {
          // Not this field; try the next.
        }
      }
    }
    return null;
  }
}
