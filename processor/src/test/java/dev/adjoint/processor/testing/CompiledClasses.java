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
package dev.adjoint.processor.testing;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import javax.tools.JavaFileObject;

/** Loads the classes an in-memory compile-testing compilation produced, for running them. */
public final class CompiledClasses {
  private CompiledClasses() {}

  /** A class loader for the compilation's classes, delegating to the test class loader. */
  public static ClassLoader loader(Compilation compilation) {
    return new MemoryClassLoader(classBytes(compilation));
  }

  /** The directory or jar a class was loaded from, to put it on javac's class path. */
  public static File classpathEntryOf(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the compilation's classes whose binary names pass {@code keep} to a new directory, which
   * it returns, to put them on a later compilation's class path (a library, or the output of an
   * earlier build).
   */
  public static File writeClasses(Compilation compilation, Predicate<String> keep) {
    try {
      Path dir = Files.createTempDirectory("adjoint-classes");
      // deleteOnExit deletes in the reverse order of registration, and only empty directories:
      // register each directory before what goes in it.
      dir.toFile().deleteOnExit();
      for (Map.Entry<String, byte[]> c : classBytes(compilation).entrySet()) {
        if (keep.test(c.getKey())) {
          Path out = dir.resolve(c.getKey().replace('.', '/') + ".class");
          Path parent = dir;
          for (Path part : dir.relativize(out.getParent())) {
            parent = parent.resolve(part);
            if (!Files.isDirectory(parent)) {
              Files.createDirectory(parent);
              parent.toFile().deleteOnExit();
            }
          }
          Files.write(out, c.getValue());
          out.toFile().deleteOnExit();
        }
      }
      return dir.toFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The class files of a compilation, by binary name. */
  public static Map<String, byte[]> classBytes(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      // compile-testing names outputs mem:///CLASS_OUTPUT/<binary name with '/'>.class
      String path = file.toUri().getPath();
      String marker = "CLASS_OUTPUT/";
      int start = path.indexOf(marker);
      String name =
          path.substring(start < 0 ? 1 : start + marker.length(), path.length() - ".class".length())
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }

  private static final class MemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    MemoryClassLoader(Map<String, byte[]> classes) {
      super(CompiledClasses.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
