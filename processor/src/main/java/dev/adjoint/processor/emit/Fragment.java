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
package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;

/**
 * A piece of generated code kept flat: JavaPoet format text in which every run of literal text is
 * one piece, with {@code $T} for each type (so that JavaPoet still writes the imports) and {@code
 * $W} where a line may wrap. Expressions are built from fragments rather than from nested {@link
 * CodeBlock}s because JavaPoet writes each piece of a code block separately, running a regular
 * expression over it: an expression nested a block per node was written in a piece per token, the
 * largest cost of the whole processor.
 */
final class Fragment {
  private final String format;
  private final List<TypeName> types;

  private Fragment(String format, List<TypeName> types) {
    this.format = format;
    this.types = types;
  }

  /**
   * A fragment in the format of {@link CodeBlock#of}, restricted to what expressions and statements
   * use: {@code $L} (a fragment, or any other value but a code block as its text), {@code $N} (a
   * name), {@code $T} (a type), {@code $W}, and {@code $[} and {@code $]} around a statement.
   */
  static Fragment of(String format, Object... args) {
    StringBuilder text = new StringBuilder(format.length() + 16 * args.length);
    List<TypeName> types = new ArrayList<>(2);
    int next = 0;
    for (int p = 0; p < format.length(); p++) {
      char c = format.charAt(p);
      if (c != '$') {
        text.append(c);
        continue;
      }
      char directive = format.charAt(++p);
      switch (directive) {
        case 'W', '[', ']' -> text.append('$').append(directive);
        case 'T' -> {
          text.append("$T");
          types.add((TypeName) args[next++]);
        }
        case 'L', 'N' -> {
          Object arg = args[next++];
          if (arg instanceof Fragment f) {
            text.append(f.format);
            types.addAll(f.types);
          } else if (arg instanceof CodeBlock) {
            // Its text would lose the imports of its types: build it as a fragment instead.
            throw new IllegalArgumentException("a CodeBlock in a fragment: " + format);
          } else {
            text.append(escape(String.valueOf(arg)));
          }
        }
        default -> throw new IllegalArgumentException("$" + directive + " in " + format);
      }
    }
    if (next != args.length) {
      throw new IllegalArgumentException(args.length - next + " unused arguments for " + format);
    }
    return new Fragment(text.toString(), types);
  }

  /** The fragments one after the other, {@code separator} (a format without arguments) between. */
  static Fragment join(List<Fragment> parts, String separator) {
    StringBuilder text = new StringBuilder();
    List<TypeName> types = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        text.append(separator);
      }
      text.append(parts.get(i).format);
      types.addAll(parts.get(i).types);
    }
    return new Fragment(text.toString(), types);
  }

  /**
   * Text to put in a JavaPoet format as it is (a name in javadoc, say): with each {@code $}
   * doubled, which JavaPoet writes as one.
   *
   * @param s the text
   * @return the text for a format
   */
  static String escape(String s) {
    return s.indexOf('$') < 0 ? s : s.replace("$", "$$");
  }

  /**
   * Whether the code starts with {@code text} (which has no {@code $}).
   *
   * @param text the start looked for
   * @return whether the written code starts with it
   */
  boolean startsWith(String text) {
    return format.startsWith(text);
  }

  /**
   * The fragment as a JavaPoet code block.
   *
   * @return a code block of one piece per run of text between types
   */
  CodeBlock code() {
    return CodeBlock.of(format, types.toArray());
  }
}
