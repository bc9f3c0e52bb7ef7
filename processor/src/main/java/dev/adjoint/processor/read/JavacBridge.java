package dev.adjoint.processor.read;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's Compiler Tree API behind the processing environment. Build tools wrap the
 * environment (Gradle's incremental processing, IntelliJ), and {@link Trees#instance} rejects
 * wrappers, so we look for the javac environment inside them.
 */
public final class JavacBridge {
  private JavacBridge() {}

  /** The Tree API, or empty when no javac is underneath (Eclipse's compiler, for example). */
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

  private static ProcessingEnvironment delegateOf(ProcessingEnvironment wrapper) {
    for (Class<?> c = wrapper.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (ProcessingEnvironment.class.isAssignableFrom(field.getType())) {
          try {
            field.setAccessible(true);
            Object inner = field.get(wrapper);
            if (inner != wrapper && inner instanceof ProcessingEnvironment env) {
              return env;
            }
          } catch (ReflectiveOperationException | RuntimeException inaccessible) {
            // Not this field; try the next.
          }
        }
      }
    }
    return null;
  }
}
